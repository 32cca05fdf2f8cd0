#!/bin/sh
# What comes into the shell and what goes out of it: a NUL in a script is
# refused, not silently cut short; output that cannot be written makes
# the exit status 1 with `% write error: ...`, locally and over --connect.
#   tests/input_test.sh ECSH
set -u
ecsh=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
. "$(dirname "$0")/check.sh"
scratch_lab
cd "$dir" || exit 1
HOME=$dir
export HOME

# a NUL would have cut the description, and the file, short
printf 'configure\nvbr v1\n description before\000after\n vlan 7\nend\nshow vbr v1\n' \
    >nul.ecsh
"$ecsh" --keep-going -f nul.ecsh >out 2>err
check "NUL in a file: status 1" test $? = 1
check "NUL in a file: says where" \
    grep -q '^nul.ecsh:3: % a NUL byte at column 20: a script is text' err
check "NUL in a file: the line is not run" sh -c "! grep -q before out"
check "NUL in a file: the lines after it run" grep -q '^v1 *7 ' out
"$ecsh" --keep-going <nul.ecsh >out 2>err
check "NUL on standard input: says where" \
    grep -q '^-:3: % a NUL byte at column 20' err
check "NUL on standard input: the rest runs" grep -q '^v1 *7 ' out

# output that cannot be written
"$ecsh" -c 'show running-config' >/dev/full 2>err
check "/dev/full: status 1" test $? = 1
check "/dev/full: says so" grep -qx '% write error: No space left on device' err
"$ecsh" -c 'show running-config' >&- 2>err
check "closed standard output: status 1" test $? = 1
check "closed standard output: says so" \
    grep -qx '% write error: Bad file descriptor' err
"$ecsh" -c 'configure' -c 'vbr quiet' -c end >/dev/full 2>err
check "/dev/full with nothing to print: status 0" test $? = 0
# a reader that goes away: 30,000 lines (900 KB) into | head -1, so most
# of them meet a closed pipe (EPIPE)
awk 'BEGIN { print "configure\ncpe big"
	for (i = 0; i < 30000; i++)
		printf " network 10.%d.%d.0/24\n", i / 256, i % 256
	print "end" }' >big.ecsh
{ "$ecsh" -f big.ecsh -c 'show running-config' 2>err; echo $? >rc; } |
    head -1 >first
check "| head: the reader read its line" \
    grep -qx '! ecsh running configuration' first
check "| head: the rest met a closed pipe, and that is no error" \
    test "$(cat rc)" = 0
check "| head: nothing said about it" test ! -s err

printf 'configure\nhostname served\nend\n' >lab.ecsh
serve_start "$ecsh" lab.sock lab.ecsh
check "lab up" test -S lab.sock
"$ecsh" --connect lab.sock -c 'show running-config' >/dev/full 2>err
check "--connect to /dev/full: status 1" test $? = 1
check "--connect to /dev/full: says so" \
    grep -qx '% write error: No space left on device' err
"$ecsh" --connect lab.sock -c 'show running-config' >out 2>err
check "--connect afterwards: the engine is fine" grep -q '^hostname served' out
"$ecsh" --connect lab.sock -c shutdown >/dev/null 2>&1

echo "input: $pass passed, $fail failed"
[ $fail = 0 ]

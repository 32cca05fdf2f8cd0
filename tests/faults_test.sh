#!/bin/sh
# Faults injected with strace, no test hooks in ecsh:
#   - killed (SIGKILL) between writing the temporary file and renaming it,
#     `write` leaves the old file whole;
#   - every few reads, writes and socket calls interrupted (EINTR), or
#     refused for now (EAGAIN): a BGP and BFD lab prints exactly what it
#     prints undisturbed.
#   tests/faults_test.sh ECSH SOURCE_DIR
set -u
ecsh=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
src=$(cd "$2" && pwd)
. "$src/tests/check.sh"
command -v strace >/dev/null || { echo "FAIL strace is not installed"; exit 1; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cd "$dir" || exit 1
# LeakSanitizer cannot run under ptrace; the other suites look for leaks
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"

# kill -9 at the rename of `write`: the old file stays as it was
printf 'configure\nvbr old\nend\n' >lab.ecsh
"$ecsh" -f lab.ecsh -c 'write saved.ecsh' >/dev/null 2>&1
cp saved.ecsh before
strace -f -qq -o /dev/null -e trace=rename,renameat,renameat2 \
    -e inject=rename,renameat,renameat2:signal=SIGKILL \
    "$ecsh" -c configure -c 'vbr new' -c end -c 'write saved.ecsh' \
    >/dev/null 2>&1
check "killed before rename: status is the kill" test $? != 0
check "killed before rename: the old file is intact" cmp -s before saved.ecsh
check "killed before rename: the old file still loads" \
    "$ecsh" --check -f saved.ecsh
# and with no fault, the new one replaces it whole
"$ecsh" -c configure -c 'vbr new' -c end -c 'write saved.ecsh' >/dev/null
check "no fault: the new file is written" grep -q 'vbr new' saved.ecsh

# EINTR and EAGAIN on every other I/O call of a lab with BGP, BFD and
# ECMP.  Reads get EINTR only, and only after the dynamic loader's: a
# regular file (the script) never says EAGAIN.  A BFD packet that meets
# one is lost, as on a wire, so sessions come up later: times and uptimes
# shift, and nothing else may change.
cp "$src/examples/ecr-ecmp.ecsh" ecmp.ecsh
normal() {
	sed -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z/TIME/;
	    s/(Established .*) [0-9:dhw]+$/\1 N/' "$1"
}
"$ecsh" --virtual-clock -f ecmp.ecsh >plain.out 2>&1
io=write,sendto,recvfrom,sendmsg,recvmsg,readv,writev
for fault in EINTR EAGAIN; do
	reads=
	[ $fault = EINTR ] && reads="-e inject=read:error=EINTR:when=12+2"
	# shellcheck disable=SC2086
	strace -f -qq -o trace.$fault -e trace=read,$io $reads \
	    -e inject=$io:error=$fault:when=2+2 \
	    "$ecsh" --virtual-clock -f ecmp.ecsh >"$fault.out" 2>&1
	check "$fault: injected into many calls" \
	    test "$(grep -c INJECTED trace.$fault)" -gt 50
	normal plain.out >plain.norm
	normal "$fault.out" >"$fault.norm"
	check "$fault on every other I/O call: the same lab" \
	    cmp -s plain.norm "$fault.norm"
	cmp -s plain.norm "$fault.norm" || diff plain.norm "$fault.norm" |
	    head -20
done
echo "faults: $pass passed, $fail failed"
[ $fail = 0 ]

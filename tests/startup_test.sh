#!/bin/sh
# The startup configuration and every form of write (SPEC 1 and 2): write
# never replaces a script it was not told to, scripts never load the
# startup configuration, a shell of one's own and --serve do, load is all
# or nothing, and over --connect a relative FILE is the client's.
#   tests/startup_test.sh ECSH
set -u
ecsh=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
. "$(dirname "$0")/check.sh"
scratch_lab
cd "$dir" || exit 1
HOME=$dir/home
export HOME
unset ECSH_STARTUP XDG_CONFIG_HOME
mkdir -p "$HOME" work
startup=$HOME/.config/ecsh/startup-config

cat >lab.ecsh <<'EOF'
! the lab: comments and layout that a saved configuration would lose
configure
hostname lab
vbr vbr1
 ! the circuit
 vlan 10
end
EOF
cp lab.ecsh lab.orig

# write, write memory and copy running-config startup-config: the startup
# configuration, never the script that was run
"$ecsh" -f lab.ecsh -c write >out 2>&1
check "write: status 0" test $? = 0
check "write: the script is untouched" cmp -s lab.ecsh lab.orig
check "write: the startup configuration" grep -q '^hostname lab' "$startup"
check "write: mode 0600" test "$(stat -c %a "$startup")" = 600
check "write: its directory 0700" test "$(stat -c %a "$HOME/.config/ecsh")" = 700
check "write: silent in a script" test ! -s out
rm "$startup"
(cd work && "$ecsh" -f ../lab.ecsh -c 'write memory' -c 'wr t' >t.out)
check "write memory: the startup configuration" test -f "$startup"
check "write memory: no file named memory" test ! -e work/memory
check "write terminal: no file named terminal" test ! -e work/terminal
check "write terminal prints the configuration" \
    grep -q '^hostname lab' work/t.out
rm "$startup"
"$ecsh" -f lab.ecsh -c 'copy running-config startup-config'
check "copy running-config startup-config" grep -q '^vbr vbr1' "$startup"
"$ecsh" -f lab.ecsh -c 'copy running-config saved.cfg'
check "copy running-config FILE" grep -q '^ vlan 10' saved.cfg
check "copy: mode 0600" test "$(stat -c %a saved.cfg)" = 600
"$ecsh" -f lab.ecsh -c 'write lab.ecsh'
check "write FILE replaces a script when told to" \
    sh -c "! cmp -s lab.ecsh lab.orig && grep -q '^ vlan 10' lab.ecsh"
cp lab.orig lab.ecsh
# where the startup configuration is
ECSH_STARTUP=$dir/env.cfg "$ecsh" -f lab.ecsh -c write
check "\$ECSH_STARTUP names it" test -f env.cfg
XDG_CONFIG_HOME=$dir/xdg "$ecsh" -f lab.ecsh -c write
check "\$XDG_CONFIG_HOME holds it" test -f xdg/ecsh/startup-config
"$ecsh" --startup opt.cfg -f lab.ecsh -c write
check "--startup names it" test -f opt.cfg
"$ecsh" --startup opt.cfg -c 'show startup-config' >show.out
check "show startup-config" grep -q '^hostname lab' show.out
"$ecsh" --startup a --no-startup -c 'show version' >/dev/null 2>&1
check "--startup with --no-startup: usage error" test $? = 2

# scripts never load it; --serve with no script does, --no-startup not
"$ecsh" -f lab.ecsh -c 'configure' -c 'vbr from-startup' -c end -c write
check "the startup configuration has the VBR" sh -c \
    "'$ecsh' -c 'show startup-config' | grep -q '^vbr from-startup'"
# each "not loaded" has its positive control: the show answered
"$ecsh" -c 'show vbr' >out 2>&1
check "a script's show vbr answers" test $? = 0 -a -s out
check "a script does not load it" sh -c "! grep -q from-startup out"
echo 'show vbr' | "$ecsh" >out 2>&1
check "standard input's show vbr answers" test $? = 0 -a -s out
check "standard input does not load it" sh -c "! grep -q from-startup out"
"$ecsh" --serve s1 </dev/null >serve.out 2>&1 &
lab=$!
wait_socket s1
"$ecsh" --connect s1 -c 'show vbr' >out 2>&1
check "--serve loads it" grep -q '^from-startup' out
"$ecsh" --connect s1 -c shutdown >/dev/null 2>&1
timeout 10 sh -c "while kill -0 $lab 2>/dev/null; do sleep 0.05; done"
"$ecsh" --serve s2 --no-startup </dev/null >serve.out 2>&1 &
lab=$!
wait_socket s2
"$ecsh" --connect s2 -c 'show vbr' >out 2>&1
check "--no-startup: the lab answers" test $? = 0 -a -s out
check "--no-startup: nothing loaded" sh -c "! grep -q from-startup out"
"$ecsh" --connect s2 -c shutdown >/dev/null 2>&1
timeout 10 sh -c "while kill -0 $lab 2>/dev/null; do sleep 0.05; done"
# a startup configuration that fails loads nothing, and is not served
printf 'configure\nvbr half\nvbr 9bad\n' >broken.cfg
timeout 10 "$ecsh" --serve s3 --startup broken.cfg </dev/null >serve.out 2>&1
check "--serve: a failing startup exits 1" test $? = 1
check "--serve: it says which line" grep -q '^broken.cfg:3: % ' serve.out
check "--serve: and that nothing was loaded" \
    grep -q 'startup configuration broken.cfg was not loaded' serve.out
check "--serve: no socket" test ! -e s3

# load: a file with a failing line changes nothing, nested or not
printf 'configure\nvbr added\n vlan 20\nvbr vbr1\n vlan 3000\n' >bad.ecsh
printf 'configure\nvbr outer\nend\nload bad.ecsh\n' >outer.ecsh
"$ecsh" --keep-going -f lab.ecsh -c 'load bad.ecsh' -c 'show running-config' \
    >out 2>err
check "load: status 1" test $? = 1
check "load: nothing added" sh -c "! grep -q added out"
check "load: nothing changed" grep -q '^ vlan 10' out
check "load: it says so" grep -q \
    '^-c:1: % load bad.ecsh: line 5 failed; nothing was changed' err
check "load: and names the line" grep -q '^bad.ecsh:5: % 3000 is outside' err
"$ecsh" --keep-going -f lab.ecsh -c 'load outer.ecsh' -c \
    'show running-config' >out 2>err
check "nested load: the outer file changes nothing" \
    sh -c "! grep -q -e outer -e added out"
"$ecsh" --keep-going -f lab.ecsh -c 'copy startup-config running-config' \
    -c 'show vbr' >out 2>err
check "copy startup-config running-config loads it" grep -q from-startup out

# --serve refuses a socket a live engine answers on; a stale one is
# replaced; a successor's socket outlives its predecessor
"$ecsh" --serve s4 -f lab.ecsh </dev/null >serve.out 2>&1 &
lab=$!
wait_socket s4
timeout 10 "$ecsh" --serve s4 -c 'configure' -c 'hostname thief' </dev/null \
    >thief.out 2>&1
check "second --serve: exit 2" test $? = 2
check "second --serve: says why" grep -q 'already serving' thief.out
"$ecsh" --connect s4 -c 'show running-config' >out 2>&1
check "second --serve: the first still answers" grep -q '^hostname lab' out
mv s4 s4.old
"$ecsh" --serve s4 -c 'configure' -c 'hostname next' </dev/null \
    >next.out 2>&1 &
next=$!
wait_socket s4
mv s4.old s4.first
"$ecsh" --connect s4.first -c shutdown >/dev/null 2>&1
timeout 10 sh -c "while kill -0 $lab 2>/dev/null; do sleep 0.05; done"
lab=$next
check "a predecessor's shutdown leaves the successor's socket" test -S s4
"$ecsh" --connect s4 -c shutdown >/dev/null 2>&1
timeout 10 sh -c "while kill -0 $next 2>/dev/null; do sleep 0.05; done"
lab=
python3 -c 'import socket; socket.socket(socket.AF_UNIX).bind("stale")'
"$ecsh" --serve stale -c 'configure' -c 'hostname fresh' </dev/null \
    >stale.out 2>&1 &
lab=$!
wait_socket stale
sleep 0.2
"$ecsh" --connect stale -c 'show running-config' >out 2>&1
check "a stale socket is replaced" grep -q '^hostname fresh' out

# over --connect, write, copy and load take a relative FILE from the
# client's directory, not the server's
mkdir client
printf 'configure\nvbr from-client\nend\n' >client/c.ecsh
(cd client && "$ecsh" --connect ../stale -c 'write w.cfg' \
    -c 'copy running-config c.cfg' -c 'load c.ecsh')
check "--connect: write FILE lands in the client's directory" test -f client/w.cfg
check "--connect: copy too" test -f client/c.cfg
check "--connect: load reads the client's file" sh -c \
    "'$ecsh' --connect stale -c 'show vbr' | grep -q from-client"
check "--connect: nothing in the server's directory" test ! -e w.cfg
"$ecsh" --connect stale -c shutdown >/dev/null 2>&1

echo "startup: $pass passed, $fail failed"
[ $fail = 0 ]

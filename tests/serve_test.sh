#!/bin/sh
# --serve and --connect: a lab started with a script answers clients with
# exactly the output, errors and exit status of a local shell.
#   tests/serve_test.sh ECSH
set -u
ecsh=$1
dir=$(mktemp -d)
sock=$dir/lab.sock
. "$(dirname "$0")/check.sh"
server=
cleanup() {
	[ -n "$server" ] && kill "$server" 2>/dev/null
	rm -rf "$dir"
}
trap cleanup EXIT
same_as_local() {	# NAME ARGS...: remote and local print and exit alike
	name=$1
	shift
	"$ecsh" -f "$dir/lab.ecsh" "$@" >"$dir/l.out" 2>"$dir/l.err"
	echo $? >"$dir/l.rc"
	"$ecsh" --connect "$sock" "$@" >"$dir/r.out" 2>"$dir/r.err"
	echo $? >"$dir/r.rc"
	check "$name: stdout" cmp -s "$dir/l.out" "$dir/r.out"
	check "$name: stderr" cmp -s "$dir/l.err" "$dir/r.err"
	check "$name: status" cmp -s "$dir/l.rc" "$dir/r.rc"
}

cat >"$dir/lab.ecsh" <<'LAB'
configure
hostname lab
vbr vbr1
 vlan 10
 bgp-peer 10.0.0.2
vbr vbr2
LAB
"$ecsh" --serve "$sock" -f "$dir/lab.ecsh" </dev/null >"$dir/server.out" 2>&1 &
server=$!
i=0
while [ ! -S "$sock" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
check "socket appears" test -S "$sock"
check "socket is 0600" test "$(stat -c %a "$sock")" = 600

same_as_local "show" -c 'show vbr'
same_as_local "json" -c 'show running-config json'
same_as_local "filter" -c 'show running-config | include ^vbr'
same_as_local "error" -c 'configure' -c 'vbr vbr1' -c ' vlan 7000'
same_as_local "incomplete" -c 'show bgp'
same_as_local "keep-going" --keep-going -c 'show vbr x y' -c 'show vbr vbr1'

# a change made by one client is seen by the next
"$ecsh" --connect "$sock" -c configure -c 'vbr vbr3' -c ' vlan 33' >/dev/null
check "shared engine" sh -c "'$ecsh' --connect '$sock' -c 'show vbr vbr3' |
    grep -q '^vbr3 *33'"
# standard input as a script, with - in errors
printf 'show vbr\nshow vbr nosuch\n' | "$ecsh" --connect "$sock" \
    >/dev/null 2>"$dir/stdin.err"
check "stdin status" test $? = 1
check "stdin errors" grep -q '^-:2: % vbr nosuch does not exist' \
    "$dir/stdin.err"
# each client has its own mode: while one stays connected in config-vbr,
# another that connects meanwhile is in exec mode, and the first is still
# in config-vbr after it
mkfifo "$dir/a.in"
"$ecsh" --connect "$sock" <"$dir/a.in" >"$dir/a.out" 2>&1 &
first=$!
exec 3>"$dir/a.in"
printf 'configure\nvbr vbr1\ndo show vbr vbr1\n' >&3
i=0
while ! grep -q '^vbr1 ' "$dir/a.out" && [ $i -lt 100 ]; do
	sleep 0.05; i=$((i + 1)); done
check "own modes: the first client is in config-vbr" \
    grep -q '^vbr1 ' "$dir/a.out"
"$ecsh" --connect "$sock" -c ' vlan 44' >/dev/null 2>"$dir/b.err"
check "own modes: a second client, meanwhile, is in exec mode" \
    grep -q 'Invalid input' "$dir/b.err"
check "own modes: and runs exec commands" \
    sh -c "'$ecsh' --connect '$sock' -c 'show vbr vbr1' | grep -q '^vbr1 '"
printf ' vlan 44\ndo show vbr vbr1\n' >&3
exec 3>&-
wait "$first"
check "own modes: the first is still in config-vbr" test $? = 0
check "own modes: and set the VLAN there" grep -q '^vbr1  *44 ' "$dir/a.out"
# monitor events from a script streams until it is stopped: a second
# client's failure drill reaches the first one as it happens
"$ecsh" --connect "$sock" -c 'monitor events' >"$dir/monitor.out" 2>&1 &
monitor=$!
sleep 0.3
"$ecsh" --connect "$sock" -c 'failure-drill start vbr vbr2' >/dev/null
i=0
while ! grep -q 'FailureDrill:Start  *vbr vbr2' "$dir/monitor.out" &&
    [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
check "monitor streams events" grep -q 'FailureDrill:Start  *vbr vbr2' \
    "$dir/monitor.out"
check "monitor is still running" kill -0 "$monitor"
kill "$monitor" 2>/dev/null
wait "$monitor" 2>/dev/null
"$ecsh" --connect "$sock" -c 'failure-drill stop vbr vbr2' >/dev/null
check "the engine outlives a monitor's end" sh -c "'$ecsh' --connect \
    '$sock' -c 'show events last 1' | grep -q FailureDrill:Stop"
# shutdown stops the engine and removes the socket
"$ecsh" --connect "$sock" -c shutdown
check "shutdown status" test $? = 0
wait "$server"
check "server status" test $? = 0
server=
check "socket removed" test ! -e "$sock"
check "clients after shutdown fail" sh -c "! '$ecsh' --connect '$sock' \
    -c 'show vbr' 2>/dev/null"
echo "serve: $pass passed, $fail failed"
[ $fail = 0 ]

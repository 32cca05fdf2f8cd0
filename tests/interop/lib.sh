# Shared by the interop tests: an ecsh lab on a UNIX socket, queries,
# polling with a deadline, and the tally.  Sourced, not run.  Sourcing it
# makes a scratch directory and stops the daemon ($d_pid) and the lab on
# exit.
# INTEROP_DIR: where this file is, for a script elsewhere (bench/)
. "${INTEROP_DIR:-$(dirname "$0")}/../check.sh"
lab_pid=
d_pid=
dir=$(mktemp -d)

q() {		# ecsh commands against the lab
	"$ECSH" --connect "$dir/ecsh.sock" "$@"
}

# Poll until the command's output contains TEXT, up to SECONDS.
until_has() {	# SECONDS TEXT COMMAND...
	deadline=$(($(date +%s) + $1))
	text=$2
	shift 2
	while [ "$(date +%s)" -le $deadline ]; do
		"$@" 2>/dev/null | grep -qF -- "$text" && return 0
		sleep 0.2
	done
	echo "  (waited for '$text' from: $*)"
	"$@" 2>&1 | tail -5 | sed 's/^/  | /'
	return 1
}

until_lacks() {	# SECONDS TEXT COMMAND...
	deadline=$(($(date +%s) + $1))
	text=$2
	shift 2
	while [ "$(date +%s)" -le $deadline ]; do
		"$@" 2>/dev/null | grep -qF -- "$text" || return 0
		sleep 0.2
	done
	return 1
}

# Up to 5 s for a pid file (or any file) to have something in it.
wait_file() {	# FILE
	i=0
	until [ -s "$1" ] || [ $i -gt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
}

# Stop a process and wait up to 5 s for it to go.
stop_pid() {	# PID
	kill -CONT "$1" 2>/dev/null
	kill "$1" 2>/dev/null
	i=0
	while kill -0 "$1" 2>/dev/null && [ $i -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
}

# LAB_IN: a command prefix to run the lab under (ip netns exec NS).
lab_start() {	# SCRIPT
	rm -f "$dir/ecsh.sock"
	${LAB_IN:-} "$ECSH" --serve "$dir/ecsh.sock" -f "$1" </dev/null \
	    >"$dir/ecsh.out" 2>&1 &
	lab_pid=$!
	wait_socket "$dir/ecsh.sock" && return 0
	broken "the ecsh lab does not start; its output:"
	sed 's/^/  | /' "$dir/ecsh.out"
	return 1
}

# A step the rest of a scenario stands on failed: it counts, and the
# caller gives the scenario up (a daemon that never starts is a failure,
# not 0 passed, 0 failed).
broken() {	# WHAT
	echo "FAIL $1"
	fail=$((fail + 1))
	return 1
}

# Commands whose effect a later check relies on: they must succeed.
q_ok() {	# LABEL COMMAND...
	q_ok_label=$1
	shift
	q "$@" >"$dir/q_ok.out" 2>&1 && return 0
	broken "$q_ok_label: $(tail -1 "$dir/q_ok.out")"
}

lab_stop() {
	[ -n "$lab_pid" ] || return 0
	if ! kill -0 "$lab_pid" 2>/dev/null; then
		echo "FAIL the ecsh lab died; its output:"
		sed 's/^/  | /' "$dir/ecsh.out"
		fail=$((fail + 1))
		lab_pid=
		return 1
	fi
	q -c shutdown >/dev/null 2>&1 || kill "$lab_pid" 2>/dev/null
	wait "$lab_pid" 2>/dev/null
	lab_pid=
}

need() {	# PROGRAM: a missing daemon fails the suite, it is not skipped
	command -v "$1" >/dev/null && return 0
	echo "FAIL $1 is not installed (scripts/deps installs it)"
	fail=$((fail + 1))
	return 1
}

# The scenario every daemon goes through.  The daemon's script defines:
#   d_start KEY    start it with this MD5 key; sets d_pid
#   d_stop         stop it
#   d_withdraw     withdraw its route $D_V4_EXTRA; d_announce puts it back
#   d_has PREFIX   the daemon has learned PREFIX (from ecsh)
# and sets D_NAME, D_IP, D_PORT, D_ASN, D_V4 (routes it announces, the
# first being $D_V4_EXTRA), D_V6, D_ROUTES (how many it announces).
run_scenario() {
	cat >"$dir/lab.ecsh" <<LAB
configure
bgp listen 127.0.0.1 port 17901
vbr v1
 ipv6
 advertise 10.1.0.0/16
 advertise 2001:db8:1::/48
 bgp-group g
  local-asn 64512
  peer-asn $D_ASN
  auth-key s3cret
  hold-time 9
 bgp-peer $D_IP
  group g
  port $D_PORT
end
LAB
	lab_start "$dir/lab.ecsh" || return 1
	d_start s3cret || { broken "$D_NAME: does not start"; return 1; }

	check "$D_NAME: established with an MD5 key" \
	    until_has 20 "Established" q -c "show bgp peers"
	check "$D_NAME: its IPv4 routes reach ecsh, 4-octet AS path" \
	    until_has 10 "\"as_path\":[$D_ASN]" \
	    q -c "show bgp routes vbr v1 json"
	check "$D_NAME: its IPv6 route reaches ecsh" \
	    until_has 10 "$D_V6" q -c "show bgp routes vbr v1"
	check "$D_NAME: ecsh's IPv4 route reaches it" \
	    until_has 10 "10.1.0.0/16" d_has 10.1.0.0/16
	check "$D_NAME: ecsh's IPv6 route reaches it" \
	    until_has 10 "2001:db8:1::/48" d_has 2001:db8:1::/48

	d_withdraw
	check "$D_NAME: a withdrawal is seen" \
	    until_lacks 10 "$D_V4_EXTRA" q -c "show bgp routes vbr v1"
	d_announce
	check "$D_NAME: and the route comes back" \
	    until_has 10 "$D_V4_EXTRA" q -c "show bgp routes vbr v1"

	q_ok "$D_NAME: route-limit 2" -c configure -c "vbr v1" \
	    -c "bgp-group g" -c "route-limit 2"
	q_ok "$D_NAME: clear bgp peer" -c "clear bgp peer $D_IP"
	check "$D_NAME: the route limit raises its event (R5)" \
	    until_has 20 "BgpPeerReceiveRoutes:Exceed" q -c "show events"
	check "$D_NAME: no more routes than the limit" \
	    until_has 30 '"routes_received":2' q -c "show bgp peers json"
	q_ok "$D_NAME: no route-limit" -c configure -c "vbr v1" \
	    -c "bgp-group g" -c "no route-limit"
	q_ok "$D_NAME: clear bgp peer" -c "clear bgp peer $D_IP"
	until_has 20 "\"routes_received\":$D_ROUTES" \
	    q -c "show bgp peers json" >/dev/null

	kill -STOP "$d_pid"
	start=$(date +%s)
	check "$D_NAME: SIGSTOP: down by hold-timer expiry" \
	    until_has 20 "hold timer expired" q -c "show events"
	took=$(($(date +%s) - start))
	check "$D_NAME: not before the hold time ($took s)" test "$took" -ge 7
	kill -CONT "$d_pid"
	check "$D_NAME: back after SIGCONT" \
	    until_has 30 "Established" q -c "show bgp peers"

	d_stop
	until_lacks 10 "Established" q -c "show bgp peers" >/dev/null
	d_start wrong-key || { broken "$D_NAME: does not start"; return 1; }
	sleep 6
	q -c "show bgp peers" >"$dir/peers" 2>&1
	check "$D_NAME: with a wrong key, the session is still listed" \
	    grep -q "^vbr v1  *$D_IP " "$dir/peers"
	check "$D_NAME: a wrong key never establishes" \
	    sh -c "! grep -q Established '$dir/peers'"
	d_stop

	# and with no key on either side
	q_ok "$D_NAME: no auth-key" -c configure -c "vbr v1" \
	    -c "bgp-group g" -c "no auth-key"
	d_start "" || { broken "$D_NAME: does not start"; return 1; }
	check "$D_NAME: established without a key" \
	    until_has 20 "Established" q -c "show bgp peers"
	d_stop
	lab_stop
}

cleanup() {
	[ -n "$d_pid" ] && kill -CONT "$d_pid" 2>/dev/null
	[ -n "$d_pid" ] && kill "$d_pid" 2>/dev/null
	lab_stop
	rm -rf "$dir"
}
trap cleanup EXIT

#!/bin/sh
# BFD against FRR (zebra + bfdd + bgpd) and BIRD 2, single hop and
# multihop, in network namespaces (bfd_lab.sh).
#
# Each run brings BGP and BFD up at 200 ms x 3, waits out the peers'
# start-up discriminator churn, stops the peer's BFD, and expects BFD
# Down and the BGP session torn down long before its 30 s hold timer.
#   tests/interop/bfd.sh ECSH
set -u
ECSH=$1
. "$(dirname "$0")/lib.sh"

. "$(dirname "$0")/bfd_lab.sh"

# Milliseconds since the epoch.
now_ms() {
	date +%s%3N
}

scenario() {	# NAME START STOP PEER_ASN MULTIHOP(0|1)
	name=$1 start=$2 stop=$3 asn=$4 mh=$5
	if [ "$mh" = 1 ]; then
		# BIRD sends multihop BFD with a TTL below 254, so the
		# cloud's default of 255 hops (any TTL, R6)
		a=10.255.0.1 b=10.255.0.2 hops=255 mode=multihop
	else
		a=169.254.101.1 b=169.254.101.2 hops=1 mode=single-hop
	fi
	bfd_lab $a $b $hops "$asn" || { fail=$((fail + 1)); return; }
	$start $b $a "$mh" || { echo "FAIL $name: does not start";
	    fail=$((fail + 1)); lab_stop; return; }
	check "$name $mode: BGP established" \
	    until_has 40 "Established" q -c "show bgp peers"
	check "$name $mode: BFD up over UDP $mode" \
	    until_has 20 "\"state\":\"Up\",\"remote_state\":\"Up\",\"hops\":$hops,\"transport\":\"udp $mode\"" \
	    q -c "show bfd sessions json"
	# the peers recreate their BFD session once BGP is up: ride it out
	sleep 4
	check "$name $mode: BFD stable Up after the start-up churn" \
	    until_has 10 '"state":"Up"' q -c "show bfd sessions json"
	q -c "show events" >"$dir/events-$name-$mode.txt"
	check "$name $mode: the churn did not take BGP down" \
	    sh -c "! grep -q 'BFD down' '$dir/events-$name-$mode.txt'"
	grep -q 'BFD down' "$dir/events-$name-$mode.txt" &&
	    sed 's/^/  | /' "$dir/events-$name-$mode.txt"
	check "$name $mode: at 200 ms x 3 the detection time is 600 ms" \
	    until_has 5 '"detect_time_ms":600' q -c "show bfd sessions json"
	check "$name $mode: BGP still established" \
	    until_has 5 "Established" q -c "show bgp peers"

	t0=$(now_ms)
	kill -STOP "$bfd_pid"
	check "$name $mode: peer stopped: BFD Down" \
	    until_has 10 "BfdSessionStatus:Down" q -c "show events"
	check "$name $mode: and BGP torn down by it (R9)" \
	    until_has 10 "BFD down (Cease 10, RFC 9384)" q -c "show events"
	took=$(($(now_ms) - t0))
	echo "  $name $mode: BFD and BGP down within $took ms of the stop" \
	    "(polled every 200 ms)"
	check "$name $mode: in $took ms, long before the 30 s hold timer" \
	    test "$took" -lt 5000
	kill -CONT "$bfd_pid"
	check "$name $mode: back Established after the peer resumes" \
	    until_has 60 "Established" q -c "show bgp peers"
	check "$name $mode: and BFD Up again" \
	    until_has 30 '"state":"Up"' q -c "show bfd sessions json"
	$stop
	lab_stop
}

bfd_pid=
cleanup_bfd() {
	frr_stop
	bird_stop
	lab_stop
	netns_down
	rm -rf "$dir"
}
trap cleanup_bfd EXIT

if need "$FRR/bfdd" && need bird && need ip; then
	netns_down
	if netns_up; then
		scenario frr frr_start frr_stop 65010 0
		scenario frr frr_start frr_stop 65010 1
		scenario bird bird_start bird_stop 65020 0
		scenario bird bird_start bird_stop 65020 1
	else
		echo "FAIL cannot make network namespaces (needs root)"
		fail=$((fail + 1))
	fi
fi
echo "bfd: $pass passed, $fail failed"
[ $fail = 0 ]

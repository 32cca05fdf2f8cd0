#!/bin/sh
# The BFD failover drill with a real router as the CPE: FRR (bfdd) and
# BIRD 2, each in a network namespace facing ecsh's (the interop tests'
# lab, tests/interop/bfd_lab.sh), 200 ms x 3 single hop.  Each run lets
# the session settle, then stops the peer's BFD process (kill -STOP: the
# line falls silent as if cut) at a random point of its transmit interval
# and reads ecsh's events (bench/drill_times.py): cut -> BFD Down, cut ->
# BGP Down (both ecsh's own events), and how long nothing had been
# heard.  Needs root.  A benchmark: it asserts nothing but that each run
# it times ran (the sessions came up, ecsh saw both Downs); a run where
# one did not makes that peer's line "...: FAILED, ..." and the script
# exit 1.
#   bench/bfd_peers.sh [ECSH] [RUNS]
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
ECSH=${1:-$top/build/ecsh}
runs=${2:-5}
INTEROP_DIR=$top/tests/interop
. "$INTEROP_DIR/lib.sh"
. "$INTEROP_DIR/bfd_lab.sh"

status=0
# the line of a peer whose runs did not all give a figure
failed() {	# WHO WHY
	echo "BFD 200 ms x 3, $1 as the CPE: FAILED, $2"
	status=1
}

drill() {	# WHO START STOP PEER_ASN
	who=$1 start=$2 stop=$3
	a=169.254.101.1 b=169.254.101.2
	bfd_lab $a $b 1 "$4" || { failed "$who" "its lab did not start"; return; }
	$start $b $a 0 || { lab_stop; failed "$who" "it did not start"; return; }
	: >"$dir/times"
	why=
	i=0
	while [ $i -lt "$runs" ]; do
		if ! { until_has 60 Established q -c "show bgp peers" >/dev/null &&
		    until_has 30 '"state":"Up"' q -c "show bfd sessions json" \
		    >/dev/null; }; then
			why="run $((i + 1)) of $runs: the sessions did not come up"
			break
		fi
		# the first time, the peers' start-up churn; later, settling
		sleep $([ $i = 0 ] && echo 4 || echo 1)
		sleep "0.$(shuf -i 100-999 -n 1)"
		cut=$(date +%s.%N)
		kill -STOP "$bfd_pid"
		n=0
		until q -c "show events json" | python3 \
		    "$top/bench/drill_times.py" $b "$cut" >>"$dir/times"; do
			sleep 0.1
			n=$((n + 1))
			[ $n -lt 100 ] || break
		done
		kill -CONT "$bfd_pid"
		if [ $n -ge 100 ]; then
			why="run $((i + 1)) of $runs: no BFD and BGP Down in 10 s"
			break
		fi
		i=$((i + 1))
	done
	$stop
	lab_stop
	if [ -n "$why" ]; then
		failed "$who" "$why"
	else
		"$top/bench/drill_summary.sh" "$who as the CPE" 200 3 "$dir/times"
	fi
}

bfd_pid=
trap 'frr_stop; bird_stop; lab_stop; netns_down; rm -rf "$dir"' EXIT
# killed or its reader gone: the EXIT trap above still cleans up
trap 'exit 1' HUP INT TERM PIPE
netns_down
netns_up || {
	failed "FRR bfdd and BIRD" "cannot make network namespaces (root?)"
	exit 1
}
drill "FRR bfdd" frr_start frr_stop 65010
drill "BIRD" bird_start bird_stop 65020
exit $status

#!/bin/sh
# BFD failover on the real clock: the seed's active-active ECR (two VBRs,
# two in-process CPEs), a failure drill on vbr1 at a random point of the
# transmit interval.  Two kinds of figure, in ms after the cut:
#   - as ecsh reports the drill (`show failure-drill json`, read by
#     bench/drill_report.py): its own BFD Down and BGP Down events on
#     vbr1, and the ECR's table without vbr1's paths (ECMP shrink);
#   - as the data center sees it (bench/cpe_failover.py): cpe1's received
#     routes changed (its route to the VPC gone), polled every 1 ms
#     through one --connect shell, which also starts the drill.
# Printed beside the protocol's own figures: detection time = multiplier
# x interval after the last packet, so 400-600 ms after a cut at 200 ms
# x 3.  A benchmark: it asserts nothing but that each drill ran as the
# example says it does (the sessions come up, BFD goes Down, the ECR's
# ECMP set shrinks, cpe1 loses the route); a run where one did not makes
# that line "..., in-process CPE: FAILED, ..." and the script exit 1.
#   bench/failover.sh [ECSH] [RUNS]
set -u
here=$(cd "$(dirname "$0")" && pwd)
ecsh=${1:-$here/../build/ecsh}
runs=${2:-10}
dir=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; rm -rf "$dir"' EXIT
# killed or its reader gone: the EXIT trap above still cleans up
trap 'exit 1' HUP INT TERM PIPE

q() { "$ecsh" --connect "$dir/sock" "$@"; }
# failed WHY: this run is no figure (the first reason is kept)
failed() { [ -n "$why" ] || why=$1; }
status=0

for timers in "200 3" "1000 3"; do
	set -- $timers
	interval=$1 mult=$2
	# the example's configuration, with these timers on every side
	sed -n '1,/^end$/p' "$here/../examples/ecr-ecmp.ecsh" |
	    sed "s/bfd interval 200 multiplier 3/bfd interval $interval multiplier $mult/" \
	    >"$dir/lab.ecsh"
	rm -f "$dir/sock"
	"$ecsh" --serve "$dir/sock" -f "$dir/lab.ecsh" >"$dir/out" 2>&1 &
	pid=$!
	while [ ! -S "$dir/sock" ] && kill -0 $pid 2>/dev/null; do
		sleep 0.05
	done
	: >"$dir/times"
	: >"$dir/failures"
	for i in $(seq "$runs"); do
		why=
		if ! q -c "wait bgp converged timeout 60" \
		    -c "wait bfd up timeout 60" >/dev/null; then
			echo "run $i: the sessions did not come up" \
			    >>"$dir/failures"
			break
		fi
		sleep "0.$(shuf -i 100-999 -n 1)"
		# starts the drill: the cut
		if ! cpe=$(python3 "$here/cpe_failover.py" "$ecsh" "$dir/sock" \
		    vbr1 cpe1 172.16.1.1 1 30); then
			failed "no figure from the CPE's side (bench/cpe_failover.py)"
		elif ! q -c "wait bfd down peer 10.10.1.5 timeout 30" \
		    >/dev/null; then
			failed "BFD did not go Down"
		elif ! q -c "show ecmp" | grep -q "No prefix"; then
			failed "ECMP did not shrink"
		else
			n=0
			until r=$(q -c "show failure-drill json" |
			    python3 "$here/drill_report.py"); do
				n=$((n + 1))
				[ $n -lt 200 ] || break
				sleep 0.05
			done
			if [ -n "$r" ]; then
				echo "$r $cpe" >>"$dir/times"
			else
				failed "show failure-drill had no figures"
			fi
		fi
		# a drill that never started has nothing to stop
		q -c "failure-drill stop vbr vbr1" >/dev/null 2>&1 ||
		    failed "the drill did not stop"
		[ -z "$why" ] || echo "run $i: $why" >>"$dir/failures"
	done
	q -c shutdown >/dev/null 2>&1
	wait $pid
	pid=
	if [ -s "$dir/failures" ]; then
		echo "BFD $interval ms x $mult, in-process CPE: FAILED, $(wc -l <"$dir/failures") of $runs runs: $(paste -sd';' "$dir/failures" | sed 's/;/; /g')"
		status=1
	else
		"$here/drill_summary.sh" "in-process CPE" "$interval" "$mult" \
		    "$dir/times" "cut -> ECMP shrink (show failure-drill)" \
		    "cut -> cpe1's received routes changed (polled every 1 ms)"
	fi
done
exit $status

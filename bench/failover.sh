#!/bin/sh
# BFD failover on the real clock: the seed's active-active ECR (two VBRs,
# two in-process CPEs), a failure drill on vbr1 at a random point of the
# transmit interval, and its report as ecsh gives it (`show failure-drill
# json`, read by bench/drill_report.py): cut -> BFD Down, cut -> BGP down,
# cut -> the ECR's table without vbr1's paths (ECMP shrink).  Printed beside the protocol's own
# figures: detection time = multiplier x interval after the last packet,
# so 400-600 ms after a cut at 200 ms x 3.  A benchmark: it asserts
# nothing.
#   bench/failover.sh [ECSH] [RUNS]
set -u
here=$(cd "$(dirname "$0")" && pwd)
ecsh=${1:-$here/../build/ecsh}
runs=${2:-10}
dir=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; rm -rf "$dir"' EXIT

q() { "$ecsh" --connect "$dir/sock" "$@"; }

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
	while [ ! -S "$dir/sock" ]; do sleep 0.05; done
	: >"$dir/times"
	for i in $(seq "$runs"); do
		q -c "wait bgp converged timeout 60" \
		    -c "wait bfd up timeout 60" >/dev/null || exit 1
		sleep "0.$(shuf -i 100-999 -n 1)"
		q -c "failure-drill start vbr vbr1" \
		    -c "wait bfd down peer 10.10.1.5 timeout 30" >/dev/null
		q -c "show ecmp" | grep -q "No prefix" ||
		    echo "warning: ECMP did not shrink" >&2
		until q -c "show failure-drill json" |
		    python3 "$here/drill_report.py" >>"$dir/times"; do
			sleep 0.05
		done
		q -c "failure-drill stop vbr vbr1" >/dev/null
	done
	q -c shutdown >/dev/null 2>&1
	wait $pid
	pid=
	"$here/drill_summary.sh" "in-process CPE" "$interval" "$mult" \
	    "$dir/times" "cut -> ECMP shrink (show failure-drill)"
done

#!/bin/sh
# BFD failover on the real clock: the seed's active-active ECR (two VBRs,
# two in-process CPEs), a failure drill on vbr1, and the time from the cut
# to the ECMP set shrinking to vbr2, read off the engine's event log
# (FailureDrill:Start to BGPPeerStatus:Down; the ECR table changes in the
# same event-loop round as the BGP session goes down).  Printed beside the
# theoretical detection time, remote multiplier x agreed interval.  A
# benchmark: it asserts nothing.
#   bench/failover.sh [ECSH] [RUNS]
set -u
ecsh=${1:-$(dirname "$0")/../build/ecsh}
runs=${2:-10}
src=$(cd "$(dirname "$0")/.." && pwd)
dir=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; rm -rf "$dir"' EXIT

q() { "$ecsh" --connect "$dir/sock" "$@"; }

for timers in "200 3" "1000 3"; do
	set -- $timers
	interval=$1 mult=$2
	# the example's configuration, with these timers on every side
	sed -n '1,/^end$/p' "$src/examples/ecr-ecmp.ecsh" |
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
		# cut at a random point of the transmit interval
		sleep "0.$(shuf -i 100-999 -n 1)"
		q -c "failure-drill start vbr vbr1" \
		    -c "wait bfd down peer 10.10.1.5 timeout 30" >/dev/null
		q -c "show ecmp" | grep -q "No prefix" ||
		    echo "warning: ECMP did not shrink" >&2
		q -c "show events json" | python3 -c '
import json, sys
from datetime import datetime
ev = json.load(sys.stdin)["events"]
t = lambda e: datetime.strptime(e["time"], "%Y-%m-%dT%H:%M:%S.%fZ").timestamp()
start = [e for e in ev if e["name"] == "FailureDrill:Start"][-1]
down = [e for e in ev if e["name"] == "BGPPeerStatus:Down"
        and "10.10.1.5" in e["resource"] and t(e) >= t(start)][0]
print(round((t(down) - t(start)) * 1000))' >>"$dir/times"
		q -c "failure-drill stop vbr vbr1" >/dev/null
	done
	q -c shutdown >/dev/null 2>&1
	wait $pid
	pid=
	sort -n "$dir/times" | awk -v i="$interval" -v m="$mult" '
	{ v[NR] = $1; s += $1 }
	END {
		theory = i * m
		printf "BFD %4d ms x %d: cut -> ECMP shrink over %d runs: " \
		    "min %d ms, median %d ms, max %d ms; theory %d ms " \
		    "(%d-%d ms after the last packet heard)\n", i, m, NR, v[1],
		    v[int((NR + 1) / 2)], v[NR], theory, theory - i, theory
	}'
done

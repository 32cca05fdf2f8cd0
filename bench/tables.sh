#!/bin/sh
# Live route tables beside BIRD 2, fed the same N IPv4 prefixes by
# bench/bgp_feed.py over loopback, in one run:
#   - Established until a lookup of the last prefix answers (ecsh
#     `show route lookup`, BIRD `show route for`, each polled every 2 ms);
#   - lookups of present addresses: the same 2000, spread over the table,
#     read from stdin by one `ecsh --connect` and by one birdc, each run
#     checked to print 2000 answers; per lookup, in us (the one start-up
#     of the client shared by the 2000);
#   - resting RSS with the N routes, and ecsh's peak while it shows the
#     whole table (text, then JSON) over RSS before it;
#   - memory per configured BGP session with no router behind it: 1000
#     of them (8 per VBR) against 1000 `protocol bgp`.
# One line per figure; bench/run makes the table.  Asserts nothing but
# that the runs it times succeed: a figure whose run failed is FAILED.
#   bench/tables.sh [ECSH] [RUNS] [N]
set -u
here=$(cd "$(dirname "$0")" && pwd)
ecsh=${1:-$here/../build/ecsh}
runs=${2:-3}
n=${3:-1000000}
dir=$(mktemp -d)
fpid= epid=
# the jobs are named ($(jobs -p) runs in a subshell, which in dash has
# none)
trap 'kill $fpid $epid $(cat "$dir"/*.pid 2>/dev/null) 2>/dev/null
    rm -rf "$dir"' EXIT
# killed or its reader gone: the EXIT trap above still cleans up
trap 'exit 1' HUP INT TERM PIPE

. "$here/lib.sh"
# the feed's prefixes are 11.0.0.0/24 onwards; an address in prefix i
addr() { awk -v i="$1" 'BEGIN { printf "%d.%d.%d.7", 11 + int(i / 65536),
    int(i / 256) % 256, i % 256 }'; }
last=$(addr $((n - 1)))
# the lookups: 2000 addresses, each in its own prefix when N >= 2000
# (7919 is prime, so it steps through every residue mod N)
k=2000
awk -v n="$n" -v k=$k 'BEGIN { for (j = 0; j < k; j++) { i = (j * 7919) % n
    printf "%d.%d.%d.7\n", 11 + int(i / 65536), int(i / 256) % 256, i % 256 } }' \
    >"$dir/addrs"
sed 's/.*/show route lookup & table vbr v/' "$dir/addrs" >"$dir/lookups.ecsh"
sed 's/.*/show route for &/' "$dir/addrs" >"$dir/lookups.bird"
feed() {	# PORT
	python3 "$here/bgp_feed.py" 127.0.0.9 127.0.0.1 "$1" 65009 64512 \
	    "$n" 600 >"$dir/feed" &
	fpid=$!
}
stop_feed() {
	kill $fpid
	wait $fpid 2>/dev/null
	fpid=
}
# the median of 10 runs of CMD reading FILE, each answering k lookups
# (lines with a /24 in them), per lookup in us; FAILED if a run failed
lookups() {	# FILE CMD...
	f=$1
	shift
	python3 "$here/timeit.py" 10 --stdin "$f" --expect $k '/24 ' "$@" |
	    awk -v k=$k '$1 == "FAILED" { print; next }
		{ printf "%.2f us\n", $2 * 1000 / k }' | tee -a "$dir/figs"
}
# the seconds from Established until CMD's output has TEXT, or FAILED
last_lookup() {	# TEXT CMD...
	if until_has "$@"; then
		done_at=$(now)
		est=$(awk '/^established/ { print $2 }' "$dir/feed")
		echo "$done_at - $est" | bc | sed 's/$/ s/'
	else
		echo FAILED | tee -a "$dir/figs"
	fi
}

run=1
while [ $run -le "$runs" ]; do
	# ecsh
	cat >"$dir/lab.ecsh" <<LAB
configure
bgp listen 127.0.0.1 port 17921
vbr v
 bgp-group g
  local-asn 64512
  peer-asn 65009
 bgp-peer 127.0.0.9
  group g
end
LAB
	rm -f "$dir/e.sock"
	"$ecsh" --no-quotas --serve "$dir/e.sock" -f "$dir/lab.ecsh" \
	    </dev/null >/dev/null 2>&1 &
	epid=$!
	while [ ! -S "$dir/e.sock" ]; do sleep 0.02; done
	feed 17921
	echo "ecsh run $run: last-lookup $(last_lookup "/24" "$ecsh" \
	    --connect "$dir/e.sock" -c "show route lookup $last table vbr v")"
	sleep 0.5
	echo "ecsh run $run: lookup $(lookups "$dir/lookups.ecsh" "$ecsh" \
	    --connect "$dir/e.sock")"
	rest=$(kib $epid VmRSS)
	echo "ecsh run $run: resting $((rest / 1024)) MiB"
	for form in text json; do
		# the peak is kept from the start: reset it to the RSS now
		echo 5 >/proc/$epid/clear_refs
		before=$(kib $epid VmRSS)
		j=
		[ $form = json ] && j=" json"
		if ! "$ecsh" --connect "$dir/e.sock" \
		    -c "show route-table vbr v$j" >/dev/null; then
			echo "ecsh run $run: show-$form FAILED" | tee -a "$dir/figs"
			continue
		fi
		peak=$(kib $epid VmHWM)
		echo "ecsh run $run: show-$form peak $((peak / 1024)) MiB before $((before / 1024)) MiB ratio $(echo "$peak $before" | awk '{ printf "%.2f", $1 / $2 }')"
	done
	stop_feed
	"$ecsh" --connect "$dir/e.sock" -c shutdown
	wait $epid 2>/dev/null
	epid=

	# BIRD 2
	cat >"$dir/bird.conf" <<CONF
router id 198.51.100.1;
protocol device { }
protocol bgp feed {
  local 127.0.0.1 port 17922 as 64512;
  neighbor 127.0.0.9 as 65009;
  strict bind yes;
  multihop;
  ipv4 { import all; export none; };
}
CONF
	bird -c "$dir/bird.conf" -s "$dir/bird.ctl" -P "$dir/bird.pid" || exit 1
	bpid=$(pid_of "$dir/bird.pid") || exit 1
	feed 17922
	echo "BIRD run $run: last-lookup $(last_lookup "/24" birdc \
	    -s "$dir/bird.ctl" show route for "$last")"
	sleep 0.5
	echo "BIRD run $run: lookup $(lookups "$dir/lookups.bird" birdc \
	    -s "$dir/bird.ctl")"
	echo "BIRD run $run: resting $(($(kib $bpid VmRSS) / 1024)) MiB"
	stop_feed
	kill $bpid
	while kill -0 $bpid 2>/dev/null; do sleep 0.05; done
	rm -f "$dir/bird.pid"
	run=$((run + 1))
done

# Idle sessions: the RSS they add, per session
sessions=1000
awk -v n=$sessions 'BEGIN { print "configure"
    for (i = 0; i < n; i++) { v = int(i / 8); x = int(v / 250); y = v % 250
	if (i % 8 == 0) {
		print "vbr v" v; print " bgp-group g"; print "  peer-asn 65001" }
	print " bgp-peer 10." x "." y "." (i % 8 + 1); print "  group g" }
    print "end" }' >"$dir/sessions.ecsh"
printf 'configure\nvbr v\nend\n' >"$dir/none.ecsh"
for f in none sessions; do
	rm -f "$dir/e.sock"
	"$ecsh" --no-quotas --serve "$dir/e.sock" -f "$dir/$f.ecsh" \
	    </dev/null >/dev/null 2>&1 &
	epid=$!
	while [ ! -S "$dir/e.sock" ]; do sleep 0.02; done
	"$ecsh" --connect "$dir/e.sock" -c "show bgp peers" >/dev/null
	sleep 0.5
	eval "ecsh_$f=$(kib $epid VmRSS)"
	"$ecsh" --connect "$dir/e.sock" -c shutdown
	wait $epid 2>/dev/null
	epid=
done
awk -v n=$sessions 'BEGIN { print "router id 198.51.100.1;"
    print "protocol device { }"
    print "template bgp tpl { local 127.0.0.1 as 64512; connect delay time 3600; ipv4 { import all; export none; }; }"
    for (i = 0; i < n; i++) printf "protocol bgp p%d from tpl { neighbor 10.%d.%d.%d as 65001; }\n", i, int(i / 62500), int(i / 250) % 250, i % 250 + 1
}' >"$dir/sessions.conf"
printf 'router id 198.51.100.1;\nprotocol device { }\n' >"$dir/none.conf"
for f in none sessions; do
	bird -c "$dir/$f.conf" -s "$dir/bird.ctl" -P "$dir/bird.pid" || exit 1
	bpid=$(pid_of "$dir/bird.pid") || exit 1
	birdc -s "$dir/bird.ctl" show protocols >/dev/null
	sleep 0.5
	eval "bird_$f=$(kib $bpid VmRSS)"
	kill $bpid
	while kill -0 $bpid 2>/dev/null; do sleep 0.05; done
	rm -f "$dir/bird.pid"
done
echo "ecsh sessions: $(( (ecsh_sessions - ecsh_none) * 1024 / sessions )) B per session"
echo "BIRD sessions: $(( (bird_sessions - bird_none) * 1024 / sessions )) B per session"
# a figure that is FAILED makes the script fail too
! grep -q FAILED "$dir/figs" 2>/dev/null

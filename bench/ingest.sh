#!/bin/sh
# BGP ingestion: the time from Established until the receiver has all N
# prefixes in its RIB, for ecsh (--no-quotas), BIRD 2, FRR bgpd and GoBGP,
# each fed the same pre-encoded UPDATEs (bench/bgp_feed.py) over loopback,
# and for the floor, a null receiver (bench/bgp_null.py) that only counts
# the UPDATEs and throws them away: what is left of a figure above the
# floor's is the receiver's own work.
# Each receiver is polled through its own CLI every 2 ms (the null one
# through its output file), so a figure may be late by up to one poll
# plus one CLI round trip.  Memory: the receiver's peak RSS, and
# (peak - RSS before the feed) / N per route.
# For ecsh it also times rendering the route table of N routes.
# A benchmark: it prints one line per run and asserts nothing but that
# the runs it times succeed: a receiver that never shows all N (after
# UNTIL_S seconds, lib.sh), or a rendering that fails, prints FAILED in
# place of its figures, and the script then exits 1.
#   [SENDER=bird] bench/ingest.sh [ECSH] [RUNS] [SPEC...]
#   SPEC: 100000 (IPv4) or 100000/6 (IPv6)
set -u
here=$(cd "$(dirname "$0")" && pwd)
ecsh=${1:-$here/../build/ecsh}
runs=${2:-3}
shift 2 2>/dev/null
specs=${*:-100000 1000000 100000/6}
dir=$(mktemp -d)
fpid= epid= gpid= npid=
# the BIRD sender and receivers run as daemons, not as jobs; the jobs
# are named ($(jobs -p) runs in a subshell, which in dash has none)
trap 'kill $fpid $epid $gpid $npid $(cat "$dir"/*.pid 2>/dev/null) 2>/dev/null
    rm -rf "$dir"' EXIT
# killed or its reader gone: the EXIT trap above still cleans up
trap 'exit 1' HUP INT TERM PIPE

. "$here/lib.sh"

# SENDER=bird: a BIRD 2 of its own announces the same prefixes from a
# static protocol, so the figure includes how fast BIRD sends; Established
# is the time BIRD's `show protocols` gives the session's state.
bird_sender() {	# PORT: starts it, sets fpid and est
	if [ ! -s "$dir/static-$fam-$n" ]; then
		awk -v n="$n" -v v6="$v6" 'BEGIN { for (i = 0; i < n; i++)
		    if (v6 == "") printf "  route %d.%d.%d.0/24 blackhole;\n",
			11 + int(i / 65536), int(i / 256) % 256, i % 256
		    else printf "  route 2a00:%x:%x::/48 blackhole;\n",
			int(i / 65536), i % 65536 }' >"$dir/static-$fam-$n"
	fi
	cat >"$dir/sender.conf" <<CONF
router id 198.51.100.9;
protocol device { }
protocol static { $bird_ch;
include "$dir/static-$fam-$n";
}
protocol bgp sender {
  local 127.0.0.9 as 65009;
  neighbor 127.0.0.1 port $1 as 64512;
  strict bind yes;
  multihop;
  connect delay time 0;
  $bird_ch { import none; export all; next hop address $([ -n "$v6" ] && echo 2001:db8::9 || echo 198.51.100.9); };
}
CONF
	rm -f "$dir/sender.pid"
	bird -c "$dir/sender.conf" -s "$dir/sender.ctl" -P "$dir/sender.pid" ||
	    exit 1
	fpid=$(pid_of "$dir/sender.pid") || exit 1
	until_has "Established" birdc -s "$dir/sender.ctl" show protocols sender
	# the time BIRD itself gives the state, to the ms, in local time
	est=$(date -d "$(birdc -s "$dir/sender.ctl" show protocols sender |
	    awk '$1 == "sender" { print $5 }')" +%s.%N)
}

# one measured feed: start the feed to PORT, wait for the receiver's
# count, write "seconds peak-MiB bytes-per-route" to $dir/m; the feed
# stays up (its session holds the routes) until stop_feed
measure() {	# PID PORT TEXT CMD...  (sh has no locals: m_ names)
	m_pid=$1
	m_port=$2
	m_text=$3
	shift 3
	base=$(kib "$m_pid" VmRSS)
	if [ "${SENDER:-feed}" = bird ]; then
		bird_sender "$m_port"
	else
		python3 "$here/bgp_feed.py" $v6 127.0.0.9 127.0.0.1 "$m_port" \
		    65009 64512 "$n" 600 >"$dir/feed" &
		fpid=$!
	fi
	if ! until_has "$m_text" "$@"; then
		echo FAILED >"$dir/m"
		return
	fi
	done_at=$(now)
	[ "${SENDER:-feed}" = bird ] ||
	    est=$(awk '/^established/ { print $2 }' "$dir/feed")
	peak=$(kib "$m_pid" VmHWM)
	echo "$done_at $est $peak $base $n" | awk '{ printf "%.3f %.0f %.0f\n",
	    $1 - $2, $3 / 1024, ($3 - $4) * 1024 / $5 }' >"$dir/m"
}

stop_feed() {
	kill $fpid
	wait $fpid 2>/dev/null
	while kill -0 $fpid 2>/dev/null; do sleep 0.02; done
	fpid=
	rm -f "$dir/sender.pid"
}

report() {	# WHO
	echo "$1 $fam $n run $run: $(cat "$dir/m")"
	! grep -q FAILED "$dir/m" || : >"$dir/failed"
}

for spec in $specs; do
	n=${spec%/6}
	v6= fam=IPv4 ecsh_v6= bird_ch=ipv4 frr_af="ipv4 unicast"
	gobgp_af=ipv4-unicast gobgp_a=ipv4
	if [ "$n" != "$spec" ]; then
		v6=--ipv6 fam=IPv6 ecsh_v6=" ipv6" bird_ch=ipv6
		frr_af="ipv6 unicast" gobgp_af=ipv6-unicast gobgp_a=ipv6
	fi
	run=1
	while [ $run -le "$runs" ]; do
		# ecsh
		cat >"$dir/lab.ecsh" <<LAB
configure
bgp listen 127.0.0.1 port 17911
vbr v
$ecsh_v6
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
		measure $epid 17911 "\"routes_received\":$n" "$ecsh" \
		    --connect "$dir/e.sock" -c "show bgp peers json"
		report ecsh
		# rendering the VBR's route table of n routes, text and JSON
		for form in "" " json"; do
			t0=$(now)
			if "$ecsh" --connect "$dir/e.sock" \
			    -c "show route-table vbr v$form" >/dev/null; then
				echo "ecsh $fam $n run $run: show route-table$form $(echo "$(now) - $t0" | bc) s"
			else
				echo "ecsh $fam $n run $run: show route-table$form FAILED"
				: >"$dir/failed"
			fi
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
  local 127.0.0.1 port 17912 as 64512;
  neighbor 127.0.0.9 as 65009;
  strict bind yes;
  multihop;
  $bird_ch { import all; export none; };
}
CONF
		rm -f "$dir/bird.pid"
		bird -c "$dir/bird.conf" -s "$dir/bird.ctl" -P "$dir/bird.pid" ||
		    exit 1
		bpid=$(pid_of "$dir/bird.pid") || exit 1
		measure $bpid 17912 "$n imported" \
		    birdc -s "$dir/bird.ctl" show protocols all feed
		report BIRD
		# BIRD's own listing of those n routes, beside ecsh's
		t0=$(now)
		# (birdc's status says only that it reached BIRD: reading
		# its output to check it would time the reader too)
		if birdc -s "$dir/bird.ctl" show route >/dev/null; then
			echo "BIRD $fam $n run $run: show route $(echo "$(now) - $t0" | bc) s"
		else
			echo "BIRD $fam $n run $run: show route FAILED"
			: >"$dir/failed"
		fi
		stop_feed
		kill $bpid
		while kill -0 $bpid 2>/dev/null; do sleep 0.05; done
		rm -f "$dir/bird.pid"

		# FRR bgpd
		cat >"$dir/bgpd.conf" <<CONF
router bgp 64512
 bgp router-id 198.51.100.1
 no bgp ebgp-requires-policy
 bgp allow-martian-nexthop
 neighbor 127.0.0.9 remote-as 65009
 neighbor 127.0.0.9 ebgp-multihop 255
 address-family $frr_af
  neighbor 127.0.0.9 activate
 exit-address-family
CONF
		rm -f "$dir/bgpd.pid"
		chown -R frr:frr "$dir"
		/usr/lib/frr/bgpd -Z -d -f "$dir/bgpd.conf" -i "$dir/bgpd.pid" \
		    --vty_socket "$dir" -p 17913 -l 127.0.0.1 -P 0
		while [ ! -s "$dir/bgpd.pid" ]; do sleep 0.05; done
		rpid=$(cat "$dir/bgpd.pid")
		until vtysh --vty_socket "$dir" -d bgpd -c "show version" \
		    >/dev/null 2>&1; do sleep 0.05; done
		measure $rpid 17913 "\"pfxRcd\":$n" vtysh --vty_socket "$dir" \
		    -d bgpd -c "show bgp $frr_af summary json"
		report FRR
		stop_feed
		kill $rpid
		while kill -0 $rpid 2>/dev/null; do sleep 0.05; done
		rm -f "$dir/bgpd.pid"

		# GoBGP
		cat >"$dir/gobgp.toml" <<CONF
[global.config]
  as = 64512
  router-id = "198.51.100.1"
  port = 17914
  local-address-list = ["127.0.0.1"]
[[neighbors]]
  [neighbors.config]
    neighbor-address = "127.0.0.9"
    peer-as = 65009
  [neighbors.transport.config]
    passive-mode = true
  [[neighbors.afi-safis]]
    [neighbors.afi-safis.config]
      afi-safi-name = "$gobgp_af"
CONF
		gobgpd -f "$dir/gobgp.toml" -t toml --api-hosts 127.0.0.1:50064 \
		    --pprof-disable >"$dir/gobgpd.log" 2>&1 &
		gpid=$!
		until gobgp -u 127.0.0.1 -p 50064 global >/dev/null 2>&1; do
			sleep 0.05
		done
		measure $gpid 17914 "Destination: $n," gobgp -u 127.0.0.1 \
		    -p 50064 global rib -a $gobgp_a summary
		report GoBGP
		stop_feed
		kill $gpid
		wait $gpid 2>/dev/null
		gpid=

		# the floor: it keeps nothing, so a BIRD sender, whose UPDATEs
		# it cannot count in advance, has none
		if [ "${SENDER:-feed}" != bird ]; then
			python3 "$here/bgp_null.py" $v6 127.0.0.1 17915 64512 "$n" \
			    >"$dir/null" &
			npid=$!
			until_has listening cat "$dir/null" || exit 1
			measure $npid 17915 "received" cat "$dir/null"
			report null
			stop_feed
			kill $npid
			wait $npid 2>/dev/null
			npid=
		fi
		run=$((run + 1))
	done
done
[ ! -e "$dir/failed" ]

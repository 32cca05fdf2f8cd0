#!/bin/sh
# BGP ingestion: time from the feed's first UPDATE until the receiver has
# all N prefixes installed, and its peak memory, for ecsh (--no-quotas),
# BIRD 2, FRR bgpd and GoBGP, fed the same pre-encoded UPDATEs over
# loopback.
# A benchmark: it prints figures and asserts nothing.
#   bench/ingest.sh [ECSH] [N...]
set -u
here=$(cd "$(dirname "$0")" && pwd)
ecsh=${1:-$here/../build/ecsh}
shift 2>/dev/null
sizes=${*:-100000 1000000}
dir=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$dir"' EXIT

now() { date +%s.%N; }
hwm() { awk '/VmHWM/ { printf "%.0f MiB", $2 / 1024 }' "/proc/$1/status"; }

# poll CMD until its output has TEXT; prints seconds since START
until_count() {	# START TEXT CMD...
	start=$1
	text=$2
	shift 2
	while ! "$@" 2>/dev/null | grep -q -- "$text"; do
		sleep 0.01
	done
	echo "$(now) - $start" | bc
}

feed() {	# HOST PORT N
	python3 "$here/bgp_feed.py" 127.0.0.9 "$1" "$2" 65009 64512 "$3" 120 \
	    >/dev/null &
}

for n in $sizes; do
	# ecsh
	cat >"$dir/lab.ecsh" <<LAB
configure
bgp listen 127.0.0.1 port 17911
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
	start=$(now)
	feed 127.0.0.1 17911 "$n"
	fpid=$!
	t=$(until_count "$start" "\"routes_received\":$n" \
	    "$ecsh" --connect "$dir/e.sock" -c "show bgp peers json")
	echo "ecsh   $n prefixes: $t s, peak $(hwm $epid)"
	# rendering the VBR's route table of n routes, as text and as JSON
	for form in "" " json"; do
		t0=$(now)
		"$ecsh" --connect "$dir/e.sock" -c "show route-table vbr v$form" \
		    >/dev/null
		echo "ecsh   show route-table$form of $n routes: $(echo "$(now) - $t0" | bc) s"
	done
	kill $fpid
	"$ecsh" --connect "$dir/e.sock" -c shutdown
	wait $epid 2>/dev/null

	# BIRD 2
	cat >"$dir/bird.conf" <<CONF
router id 198.51.100.1;
protocol device { }
protocol bgp feed {
  local 127.0.0.1 port 17912 as 64512;
  neighbor 127.0.0.9 as 65009;
  strict bind yes;
  multihop;
  ipv4 { import all; export none; };
}
CONF
	bird -c "$dir/bird.conf" -s "$dir/bird.ctl" -P "$dir/bird.pid"
	bpid=$(cat "$dir/bird.pid")
	start=$(now)
	feed 127.0.0.1 17912 "$n"
	fpid=$!
	t=$(until_count "$start" "$n imported" \
	    birdc -s "$dir/bird.ctl" show protocols all feed)
	echo "BIRD   $n prefixes: $t s, peak $(hwm $bpid)"
	kill $fpid $bpid

	# FRR bgpd
	cat >"$dir/bgpd.conf" <<CONF
router bgp 64512
 bgp router-id 198.51.100.1
 no bgp ebgp-requires-policy
 bgp allow-martian-nexthop
 neighbor 127.0.0.9 remote-as 65009
 neighbor 127.0.0.9 ebgp-multihop 255
CONF
	chown -R frr:frr "$dir"
	/usr/lib/frr/bgpd -Z -d -f "$dir/bgpd.conf" -i "$dir/bgpd.pid" \
	    --vty_socket "$dir" -p 17913 -l 127.0.0.1 -P 0
	while [ ! -s "$dir/bgpd.pid" ]; do sleep 0.05; done
	rpid=$(cat "$dir/bgpd.pid")
	start=$(now)
	feed 127.0.0.1 17913 "$n"
	fpid=$!
	t=$(until_count "$start" "\"pfxRcd\":$n" vtysh --vty_socket "$dir" \
	    -d bgpd -c "show bgp ipv4 unicast summary json")
	echo "FRR    $n prefixes: $t s, peak $(hwm $rpid)"
	kill $fpid $rpid
	sleep 0.5

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
      afi-safi-name = "ipv4-unicast"
CONF
	gobgpd -f "$dir/gobgp.toml" -t toml --api-hosts 127.0.0.1:50064 \
	    --pprof-disable >"$dir/gobgpd.log" 2>&1 &
	gpid=$!
	until gobgp -u 127.0.0.1 -p 50064 global >/dev/null 2>&1; do
		sleep 0.05
	done
	start=$(now)
	feed 127.0.0.1 17914 "$n"
	fpid=$!
	t=$(until_count "$start" "Destination: $n," gobgp -u 127.0.0.1 \
	    -p 50064 global rib summary)
	echo "GoBGP  $n prefixes: $t s, peak $(hwm $gpid)"
	kill $fpid $gpid
	wait $gpid 2>/dev/null
	sleep 0.5
done

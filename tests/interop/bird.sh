#!/bin/sh
# ecsh against BIRD 2 (see lib.sh, run_scenario).
#   tests/interop/bird.sh ECSH
set -u
ECSH=$1
. "$(dirname "$0")/lib.sh"

D_NAME=bird D_IP=127.0.0.2 D_PORT=17902 D_ASN=4200000001
D_V4_EXTRA=10.20.0.0/16 D_V6=2001:db8:20::/48 D_ROUTES=4

d_start() {
	cat >"$dir/bird.conf" <<CONF
router id 198.51.100.2;
log "$dir/bird.log" all;
protocol device { }
protocol static extra { ipv4; route 10.20.0.0/16 blackhole; }
protocol static s4 { ipv4; route 10.21.0.0/16 blackhole;
  route 10.22.0.0/16 blackhole; }
protocol static s6 { ipv6; route 2001:db8:20::/48 blackhole; }
protocol bgp ecsh {
  local $D_IP port $D_PORT as $D_ASN;
  neighbor 127.0.0.1 port 17901 as 64512;
  strict bind yes;
  multihop;
  hold time 9;
  error wait time 1, 3;
  connect retry time 2;
  connect delay time 0;
$( [ -n "$1" ] && echo "  password \"$1\";" )
  ipv4 { import all; export all; next hop address 198.51.100.2; };
  ipv6 { import all; export all; next hop address 2001:db8::2; };
}
CONF
	d_pid=$(bird_run "$dir/bird.conf" "$dir/bird.ctl") || return 1
}

# Start BIRD and print its pid, once it has written it: read too early,
# the pid file still names the BIRD before, which then outlives the test.
bird_run() {	# CONF CTL
	rm -f "$dir/bird.pid"
	bird -c "$1" -s "$2" -P "$dir/bird.pid" || return 1
	i=0
	while [ ! -s "$dir/bird.pid" ] && [ $i -lt 100 ]; do
		sleep 0.05
		i=$((i + 1))
	done
	[ -s "$dir/bird.pid" ] && cat "$dir/bird.pid"
}
# Wait for BIRD to be gone: on exit it unlinks its pid file and frees
# its port, and a successor started sooner would trip over both.
d_stop() {
	[ -n "$d_pid" ] || return 0
	kill "$d_pid" 2>/dev/null
	i=0
	while kill -0 "$d_pid" 2>/dev/null && [ $i -lt 100 ]; do
		sleep 0.05
		i=$((i + 1))
	done
	kill -9 "$d_pid" 2>/dev/null
	d_pid=
}
d_withdraw() { birdc -s "$dir/bird.ctl" disable extra >/dev/null; }
d_announce() { birdc -s "$dir/bird.ctl" enable extra >/dev/null; }
d_has() { birdc -s "$dir/bird.ctl" show route "$1"; }

# An IPv6 transport (the peer is ::1), and a route refresh (RFC 2918).
ipv6_session() {
	cat >"$dir/bird6.conf" <<CONF
router id 198.51.100.2;
protocol device { }
protocol static s6 { ipv6; route 2001:db8:60::/48 blackhole; }
protocol bgp ecsh {
  local ::1 port 17922 as 65060;
  neighbor ::1 port 17921 as 64512;
  strict bind yes;
  multihop;
  error wait time 1, 3;
  connect retry time 2;
  connect delay time 0;
  ipv6 { import all; export all; next hop address 2001:db8::6; };
}
CONF
	cat >"$dir/lab6.ecsh" <<'LAB'
configure
bgp listen ::1 port 17921
vbr v6
 ipv6
 advertise 2001:db8:61::/48
 bgp-group g6
  address-family ipv6
  local-asn 64512
  peer-asn 65060
 bgp-peer ::1
  group g6
  port 17922
end
LAB
	lab_start "$dir/lab6.ecsh" || return 1
	d_pid=$(bird_run "$dir/bird6.conf" "$dir/bird6.ctl") ||
	    { broken "bird: does not start over IPv6"; return 1; }
	check "bird: a session over IPv6 (::1)" \
	    until_has 15 "Established" q -c "show bgp peers"
	check "bird: routes over it, to ecsh" \
	    until_has 10 "2001:db8:60::/48" q -c "show bgp routes vbr v6"
	check "bird: routes over it, from ecsh" \
	    until_has 10 "2001:db8:61::/48" \
	    birdc -s "$dir/bird6.ctl" show route protocol ecsh
	birdc -s "$dir/bird6.ctl" reload in ecsh >/dev/null
	check "bird: a route refresh is answered with our routes again" \
	    until_has 10 '"messages_sent":{"OPEN":1,"UPDATE":2,' \
	    q -c "show bgp peer ::1 json"
	d_stop
	lab_stop
}

# SOURCE_ONLY: just the hooks (capture.sh uses them)
[ -n "${SOURCE_ONLY:-}" ] && return 0
need bird && need birdc && run_scenario && ipv6_session
echo "bird: $pass passed, $fail failed"
[ $fail = 0 ]

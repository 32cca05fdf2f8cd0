#!/bin/sh
# ecsh against BIRD 2 (see lib.sh, run_scenario).
#   tests/interop/bird.sh ECSH
set -u
ECSH=$1
. "$(dirname "$0")/lib.sh"
dir=$(mktemp -d)
d_pid=
cleanup() {
	[ -n "$d_pid" ] && kill -CONT "$d_pid" 2>/dev/null
	[ -n "$d_pid" ] && kill "$d_pid" 2>/dev/null
	lab_stop
	rm -rf "$dir"
}
trap cleanup EXIT

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
  password "$1";
  ipv4 { import all; export all; next hop address 198.51.100.2; };
  ipv6 { import all; export all; next hop address 2001:db8::2; };
}
CONF
	bird -c "$dir/bird.conf" -s "$dir/bird.ctl" -P "$dir/bird.pid" ||
	    return 1
	d_pid=$(cat "$dir/bird.pid")
}
d_stop() {
	kill "$d_pid" 2>/dev/null
	sleep 0.3
	d_pid=
}
d_withdraw() { birdc -s "$dir/bird.ctl" disable extra >/dev/null; }
d_announce() { birdc -s "$dir/bird.ctl" enable extra >/dev/null; }
d_has() { birdc -s "$dir/bird.ctl" show route "$1"; }

# SOURCE_ONLY: just the hooks (capture.sh uses them)
[ -n "${SOURCE_ONLY:-}" ] && return 0
need bird && need birdc && run_scenario
echo "bird: $pass passed, $fail failed"
[ $fail = 0 ]

#!/bin/sh
# ecsh against GoBGP (see lib.sh, run_scenario).  GoBGP refuses a peer for
# about 5 s after a session ends (INTEROP.md); the waits allow for it.
#   tests/interop/gobgp.sh ECSH
set -u
ECSH=$1
. "$(dirname "$0")/lib.sh"

D_NAME=gobgp D_IP=127.0.0.3 D_PORT=17903 D_ASN=4200000003
D_V4_EXTRA=10.30.0.0/16 D_V6=2001:db8:30::/48 D_ROUTES=3
API="-u 127.0.0.3 -p 50053"

g() {
	# shellcheck disable=SC2086
	gobgp $API "$@"
}

d_start() {
	cat >"$dir/gobgp.toml" <<CONF
[global.config]
  as = $D_ASN
  router-id = "198.51.100.3"
  port = $D_PORT
  local-address-list = ["$D_IP"]
[[neighbors]]
  [neighbors.config]
    neighbor-address = "127.0.0.1"
    peer-as = 64512
$( [ -n "$1" ] && echo "    auth-password = \"$1\"" )
  [neighbors.transport.config]
    remote-port = 17901
    local-address = "$D_IP"
  [neighbors.timers.config]
    hold-time = 9
    keepalive-interval = 3
    connect-retry = 2
  [[neighbors.afi-safis]]
    [neighbors.afi-safis.config]
      afi-safi-name = "ipv4-unicast"
  [[neighbors.afi-safis]]
    [neighbors.afi-safis.config]
      afi-safi-name = "ipv6-unicast"
CONF
	gobgpd -f "$dir/gobgp.toml" -t toml --api-hosts 127.0.0.3:50053 \
	    --pprof-disable >"$dir/gobgpd.log" 2>&1 &
	d_pid=$!
	i=0
	until g global >/dev/null 2>&1 || [ $i -gt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	g global rib add 10.30.0.0/16 nexthop 198.51.100.3 >/dev/null &&
	g global rib add 10.31.0.0/16 nexthop 198.51.100.3 >/dev/null &&
	g global rib -a ipv6 add 2001:db8:30::/48 nexthop 2001:db8::3 \
	    >/dev/null
}
d_stop() {
	kill "$d_pid" 2>/dev/null
	wait "$d_pid" 2>/dev/null
	d_pid=
}
d_withdraw() { g global rib del 10.30.0.0/16 >/dev/null; }
d_announce() { g global rib add 10.30.0.0/16 nexthop 198.51.100.3 >/dev/null; }
d_has() {
	case $1 in
	*:*) g neighbor 127.0.0.1 adj-in -a ipv6 ;;
	*) g neighbor 127.0.0.1 adj-in ;;
	esac
}

# SOURCE_ONLY: just the hooks (capture.sh uses them)
[ -n "${SOURCE_ONLY:-}" ] && return 0
need gobgpd && need gobgp && run_scenario
echo "gobgp: $pass passed, $fail failed"
[ $fail = 0 ]

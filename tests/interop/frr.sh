#!/bin/sh
# ecsh against FRR's bgpd (see lib.sh, run_scenario), run without zebra
# in its own path space, as INTEROP.md describes.
#   tests/interop/frr.sh ECSH
set -u
ECSH=$1
. "$(dirname "$0")/lib.sh"

D_NAME=frr D_IP=127.0.0.4 D_PORT=17904 D_ASN=4200000004
D_V4_EXTRA=10.40.0.0/16 D_V6=2001:db8:40::/48 D_ROUTES=3
BGPD=/usr/lib/frr/bgpd

v() {
	vtysh --vty_socket "$dir" -d bgpd "$@"
}

d_start() {
	cat >"$dir/bgpd.conf" <<CONF
frr defaults traditional
hostname ecsh-interop
log file $dir/bgpd.log
router bgp $D_ASN
 bgp router-id 198.51.100.4
 no bgp ebgp-requires-policy
 no bgp network import-check
 bgp allow-martian-nexthop
 neighbor 127.0.0.1 remote-as 64512
 neighbor 127.0.0.1 port 17901
 neighbor 127.0.0.1 update-source $D_IP
$( [ -n "$1" ] && echo " neighbor 127.0.0.1 password $1" )
 neighbor 127.0.0.1 timers 3 9
 neighbor 127.0.0.1 timers connect 2
 neighbor 127.0.0.1 ebgp-multihop 255
 address-family ipv4 unicast
  network 10.40.0.0/16
  network 10.41.0.0/16
 exit-address-family
 address-family ipv6 unicast
  neighbor 127.0.0.1 activate
  network 2001:db8:40::/48
 exit-address-family
CONF
	chown -R frr:frr "$dir" 2>/dev/null
	"$BGPD" -Z -d -f "$dir/bgpd.conf" -i "$dir/bgpd.pid" \
	    --vty_socket "$dir" -p "$D_PORT" -l "$D_IP" -P 0 \
	    >"$dir/bgpd.out" 2>&1 || { cat "$dir/bgpd.out"; return 1; }
	i=0
	until [ -s "$dir/bgpd.pid" ] || [ $i -gt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	d_pid=$(cat "$dir/bgpd.pid")
}
d_stop() {
	kill "$d_pid" 2>/dev/null
	i=0
	while kill -0 "$d_pid" 2>/dev/null && [ $i -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	rm -f "$dir/bgpd.pid"
	d_pid=
}
af() {
	v -c "configure terminal" -c "router bgp $D_ASN" \
	    -c "address-family ipv4 unicast" -c "$1" >/dev/null
}
d_withdraw() { af "no network 10.40.0.0/16"; }
d_announce() { af "network 10.40.0.0/16"; }
d_has() {
	case $1 in
	*:*) v -c "show bgp ipv6 unicast $1" ;;
	*) v -c "show bgp ipv4 unicast $1" ;;
	esac | grep -q "routing table entry" && echo "$1"
}

# SOURCE_ONLY: just the hooks (capture.sh uses them)
[ -n "${SOURCE_ONLY:-}" ] && return 0
need "$BGPD" && need vtysh && run_scenario
echo "frr: $pass passed, $fail failed"
[ $fail = 0 ]

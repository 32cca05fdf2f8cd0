#!/bin/sh
# A dual-tunnel IPsec-VPN connection's BGP against FRR: each tunnel's /30
# is a veth pair between ecsh's network namespace and FRR's, so both
# sessions use port 179 on addresses of their own (INTEROP.md):
#
#   ecsh  169.254.10.1/30 --veth-- 169.254.10.2/30  FRR (tunnel 1)
#         169.254.20.1/30 --veth-- 169.254.20.2/30      (tunnel 2)
#
# FRR announces two prefixes on both tunnels (ECMP over the tunnels), the
# default route (ignored on a VPN gateway, V2) and one in 100.64.0.0/10
# (inactive, V3); it must hear the VPC's routes (V8) until
# auto-route-advertise is turned off, and a tunnel shut down takes its
# next hops away.
#   tests/interop/vpn.sh ECSH
set -u
ECSH=$1
. "$(dirname "$0")/lib.sh"

NS_A=ecsh-vpn-a-$$ NS_B=ecsh-vpn-b-$$
BGPD=/usr/lib/frr/bgpd

netns_up() {
	ip netns add "$NS_A" && ip netns add "$NS_B" || return 1
	for t in 1 2; do
		ip link add "vpn$t-ecsh" netns "$NS_A" type veth peer \
		    name "vpn$t-frr" netns "$NS_B" || return 1
		ip -n "$NS_A" addr add "169.254.${t}0.1/30" dev "vpn$t-ecsh"
		ip -n "$NS_B" addr add "169.254.${t}0.2/30" dev "vpn$t-frr"
		ip -n "$NS_A" link set "vpn$t-ecsh" up
		ip -n "$NS_B" link set "vpn$t-frr" up
	done
	ip -n "$NS_A" link set lo up
	ip -n "$NS_B" link set lo up
}

netns_down() {
	ip netns del "$NS_A" 2>/dev/null
	ip netns del "$NS_B" 2>/dev/null
}

v() {
	ip netns exec "$NS_B" vtysh --vty_socket "$dir/frr" -d bgpd "$@"
}

frr_start() {
	mkdir -p "$dir/frr"
	chmod 711 "$dir"
	cat >"$dir/frr/bgpd.conf" <<CONF
frr defaults traditional
log file $dir/frr/bgpd.log
router bgp 65010
 bgp router-id 169.254.10.2
 no bgp ebgp-requires-policy
 no bgp network import-check
 bgp allow-martian-nexthop
 neighbor 169.254.10.1 remote-as 65100
 neighbor 169.254.10.1 update-source 169.254.10.2
 neighbor 169.254.10.1 timers 3 9
 neighbor 169.254.10.1 timers connect 2
 neighbor 169.254.20.1 remote-as 65100
 neighbor 169.254.20.1 update-source 169.254.20.2
 neighbor 169.254.20.1 timers 3 9
 neighbor 169.254.20.1 timers connect 2
 address-family ipv4 unicast
  network 0.0.0.0/0
  network 100.64.5.0/24
  network 192.168.10.0/24
  network 192.168.20.0/24
 exit-address-family
CONF
	chown -R frr:frr "$dir/frr"
	ip netns exec "$NS_B" "$BGPD" -Z -d -f "$dir/frr/bgpd.conf" \
	    -i "$dir/frr/bgpd.pid" --vty_socket "$dir/frr" -P 0 \
	    >"$dir/frr/bgpd.out" 2>&1 || { cat "$dir/frr/bgpd.out"; return 1; }
	wait_file "$dir/frr/bgpd.pid"
	d_pid=$(cat "$dir/frr/bgpd.pid")
}

frr_has() {	# PREFIX: FRR learned it from ecsh
	v -c "show bgp ipv4 unicast $1" | grep -q "routing table entry" &&
	    echo "$1"
}

scenario() {
	cat >"$dir/lab.ecsh" <<LAB
configure
bgp listen 169.254.10.1
bgp listen 169.254.20.1
vpc vpc1
 cidr 10.0.0.0/8
 vswitch app 10.1.0.0/16
vpn-gateway gw1
 vpc vpc1
 auto-route-advertise
customer-gateway dc
 ip-address 203.0.113.10
 asn 65010
vpn-connection conn1
 vpn-gateway gw1
 tunnel 1
  customer-gateway dc
  local-asn 65100
  tunnel-cidr 169.254.10.0/30
  local-bgp-ip 169.254.10.1
 tunnel 2
  customer-gateway dc
  local-asn 65100
  tunnel-cidr 169.254.20.0/30
  local-bgp-ip 169.254.20.1
 bgp
end
LAB
	LAB_IN="ip netns exec $NS_A" lab_start "$dir/lab.ecsh" || return 1
	frr_start || { broken "frr: does not start"; return 1; }

	check "both tunnels established with FRR" until_has 30 \
	    '"tunnel":2,"peer_ip":"169.254.20.2","peer_asn":65010,"local_asn":65100,"state":"Established"' \
	    q -c "show bgp peers json"
	check "tunnel 1 established too" until_has 5 \
	    '"tunnel":1,"peer_ip":"169.254.10.2","peer_asn":65010,"local_asn":65100,"state":"Established"' \
	    q -c "show bgp peers json"
	check "VPN_BGP route with a next hop per tunnel (ECMP)" until_has 10 \
	    '{"prefix":"192.168.10.0/24","next_hops":[{"connection":"conn1","tunnel":1,"ip":"169.254.10.2","as_path":[65010]},{"connection":"conn1","tunnel":2,"ip":"169.254.20.2","as_path":[65010]}],"source":"VPN_BGP","as_path":[65010],"status":"active"}' \
	    q -c "show route-table vpn-gateway gw1 json"
	check "the default route is ignored (V2)" until_has 5 \
	    '"prefix":"0.0.0.0/0","next_hops":[{"connection":"conn1","tunnel":1,"ip":"169.254.10.2","as_path":[65010]}],"source":"VPN_BGP","as_path":[65010],"status":"inactive","reason":"ignored: a connection on a VPN gateway does not take the default route over BGP (V2)"' \
	    q -c "show route-table vpn-gateway gw1 json"
	check "100.64.0.0/10 is flagged (V3)" until_has 5 \
	    "inside 100.64.0.0/10" q -c "show route-table vpn-gateway gw1"
	check "the VPC's system table has the dynamic route (V8)" \
	    until_has 5 '{"prefix":"192.168.20.0/24","next_hops":[{"vpn_gateway":"gw1","as_path":[65010]}],"source":"VPN_BGP"' \
	    q -c "show route-table vpc vpc1 json"
	check "a lookup takes the longest prefix" until_has 5 \
	    "192.168.10.0/24" q -c "show route lookup 192.168.10.9 table vpc vpc1"
	check "FRR hears the VPC's route (CLOUD, V8)" \
	    until_has 10 "10.1.0.0/16" frr_has 10.1.0.0/16

	q -c configure -c "vpn-gateway gw1" -c "no auto-route-advertise" \
	    -c end >/dev/null
	check "auto-route-advertise off: FRR loses it" \
	    until_lacks 10 "10.1.0.0/16" frr_has 10.1.0.0/16
	check "and the VPC's table loses the dynamic routes" \
	    until_lacks 5 "192.168.20.0/24" q -c "show route-table vpc vpc1"

	q -c configure -c "vpn-connection conn1" -c "tunnel 1" -c shutdown \
	    -c end >/dev/null
	check "tunnel 1 shut down: one next hop left" until_has 10 \
	    '{"prefix":"192.168.10.0/24","next_hops":[{"connection":"conn1","tunnel":2,"ip":"169.254.20.2","as_path":[65010]}],"source":"VPN_BGP"' \
	    q -c "show route-table vpn-gateway gw1 json"
	check "the lab is alive" kill -0 "$lab_pid"
}

frr_stop() {
	[ -n "$d_pid" ] && stop_pid "$d_pid"
	d_pid=
}
cleanup_vpn() {
	frr_stop
	lab_stop
	netns_down
	rm -rf "$dir"
}
trap cleanup_vpn EXIT

if need "$BGPD" && need vtysh && need ip; then
	netns_down
	if netns_up; then
		scenario
	else
		echo "FAIL cannot make network namespaces (needs root)"
		fail=$((fail + 1))
	fi
fi
frr_stop
lab_stop
echo "vpn: $pass passed, $fail failed"
[ $fail = 0 ]

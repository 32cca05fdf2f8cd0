# The BFD lab, sourced after lib.sh by tests/interop/bfd.sh and by
# bench/bfd_peers.sh.  BFD's ports are fixed, so ecsh and the peer each
# get a network namespace of their own, joined by a veth pair
# (INTEROP.md):
#
#   ecsh  169.254.101.1/30 --veth-- 169.254.101.2/30  peer
#         10.255.0.1/32 (lo)         10.255.0.2/32 (lo)   for multihop
#
# netns_up/netns_down make and remove them; bfd_lab starts ecsh in A at
# 200 ms x 3; frr_start/bird_start start the peer in B (its BFD process's
# pid in $bfd_pid), frr_stop/bird_stop stop it.

NS_A=ecsh-bfd-a-$$ NS_B=ecsh-bfd-b-$$
FRR=/usr/lib/frr

netns_up() {
	ip netns add "$NS_A" && ip netns add "$NS_B" || return 1
	ip link add veth-ecsh netns "$NS_A" type veth peer name veth-peer \
	    netns "$NS_B" || return 1
	ip -n "$NS_A" addr add 169.254.101.1/30 dev veth-ecsh
	ip -n "$NS_B" addr add 169.254.101.2/30 dev veth-peer
	ip -n "$NS_A" addr add 10.255.0.1/32 dev lo
	ip -n "$NS_B" addr add 10.255.0.2/32 dev lo
	for ns in "$NS_A" "$NS_B"; do
		ip -n "$ns" link set lo up
	done
	ip -n "$NS_A" link set veth-ecsh up
	ip -n "$NS_B" link set veth-peer up
	ip -n "$NS_A" route add 10.255.0.2/32 via 169.254.101.2
	ip -n "$NS_B" route add 10.255.0.1/32 via 169.254.101.1
}

netns_down() {
	ip netns del "$NS_A" 2>/dev/null
	ip netns del "$NS_B" 2>/dev/null
}

# ecsh in namespace A; its control socket is a file, reachable from here.
bfd_lab() {	# LOCAL PEER HOPS PEER_ASN
	cat >"$dir/lab.ecsh" <<LAB
configure
bgp listen $1
vbr v1
 bfd interval 200 multiplier 3
 advertise 10.1.0.0/16
 bgp-group g
  local-asn 64512
  peer-asn $4
  hold-time 30
  keepalive 10
 bgp-peer $2
  group g
  bfd
  bfd hops $3
end
LAB
	LAB_IN="ip netns exec $NS_A" lab_start "$dir/lab.ecsh"
}

# FRR: zebra, bfdd and bgpd in namespace B, in their own path space.
frr_start() {	# LOCAL PEER MULTIHOP(0|1)
	fdir=$dir/frr
	mkdir -p "$fdir"
	chmod 711 "$dir"	# frr must reach its own directory
	cat >"$fdir/bfdd.conf" <<CONF
bfd
 profile fast
  transmit-interval 200
  receive-interval 200
  detect-multiplier 3
 !
!
CONF
	cat >"$fdir/bgpd.conf" <<CONF
frr defaults traditional
router bgp 65010
 bgp router-id 169.254.101.2
 no bgp ebgp-requires-policy
 no bgp network import-check
 neighbor $2 remote-as 64512
 neighbor $2 update-source $1
 neighbor $2 timers 10 30
 neighbor $2 timers connect 2
$( [ "$3" = 1 ] && echo " neighbor $2 ebgp-multihop 2" )
 neighbor $2 bfd
 neighbor $2 bfd profile fast
 address-family ipv4 unicast
  network 10.60.0.0/16
 exit-address-family
CONF
	: >"$fdir/zebra.conf"
	chown -R frr:frr "$fdir"
	for d in zebra bfdd bgpd; do
		extra=
		[ $d = bfdd ] && extra="--bfdctl $fdir/bfdd.sock"
		[ $d = bgpd ] && extra="-p 179 -l $1"
		# shellcheck disable=SC2086
		ip netns exec "$NS_B" "$FRR/$d" -d -f "$fdir/$d.conf" \
		    -i "$fdir/$d.pid" -z "$fdir/zserv.api" \
		    --vty_socket "$fdir" -P 0 $extra \
		    --log "file:$fdir/$d.log" >"$fdir/$d.out" 2>&1 ||
		    { cat "$fdir/$d.out"; return 1; }
		wait_file "$fdir/$d.pid"
	done
	bfd_pid=$(cat "$fdir/bfdd.pid")
}

frr_stop() {
	for d in bgpd bfdd zebra; do
		[ -s "$dir/frr/$d.pid" ] || continue
		stop_pid "$(cat "$dir/frr/$d.pid")"
		rm -f "$dir/frr/$d.pid"
	done
	bfd_pid=
}

# BIRD: one process does BGP and BFD.
bird_start() {	# LOCAL PEER MULTIHOP(0|1)
	bdir=$dir/bird
	mkdir -p "$bdir"
	cat >"$bdir/bird.conf" <<CONF
router id 169.254.101.2;
protocol device { }
protocol static { ipv4; route 10.70.0.0/16 blackhole; }
protocol bfd {
	interface "veth-peer" { interval 200 ms; multiplier 3; };
	multihop { interval 200 ms; multiplier 3; };
}
protocol bgp ecsh {
	local $1 as 65020;
	neighbor $2 as 64512;
	$( [ "$3" = 1 ] && echo "multihop 2;" )
	hold time 30;
	connect retry time 2;
	connect delay time 0;
	error wait time 1, 3;
	bfd on;
	ipv4 { import all; export all; };
}
CONF
	rm -f "$bdir/bird.pid"
	ip netns exec "$NS_B" bird -c "$bdir/bird.conf" -s "$bdir/bird.ctl" \
	    -P "$bdir/bird.pid" >"$bdir/bird.out" 2>&1 ||
	    { cat "$bdir/bird.out"; return 1; }
	wait_file "$bdir/bird.pid"
	bfd_pid=$(cat "$bdir/bird.pid")
}

bird_stop() {
	[ -n "$bfd_pid" ] || return 0
	stop_pid "$bfd_pid"
	bfd_pid=
}

/*
 * mode_vbr: `ecsh(config-vbr)#`, one virtual border router: its circuit
 * to the data center, BFD timers, routes, BGP groups and peers.  The
 * rows are in running-config's order, which must replay: groups before
 * the peers that name them.
 */
#include "gram_def.h"
#include "../core/cloud/limits.h"

const struct gram_node gram_vbr[] = {
	KW(0, "description", "Describe the VBR", SETS(SET_VBR_DESCRIPTION),
	    .flags = GF_NO_ONLY),
	ARG(1, GT_LINE, "LINE", "Free text to the end of the line",
	    .slot = A_TEXT, SETS(SET_VBR_DESCRIPTION)),
	KW(0, "vlan", "VLAN ID of the physical connection",
	    SETS(SET_VBR_VLAN), .flags = GF_NO_ONLY),
	RANGE(1, VBR_VLAN_MIN, VBR_VLAN_MAX, "VLAN ID", .slot = A_NUMBER, SETS(SET_VBR_VLAN)),
	KW(0, "local-gateway-ip", "Cloud-side address of the peering link",
	    SETS(SET_VBR_LOCAL_GATEWAY_IP), .flags = GF_NO_ONLY),
	ARG(1, GT_IPV4, "A.B.C.D", "IPv4 address", .slot = A_IP,
	    SETS(SET_VBR_LOCAL_GATEWAY_IP)),
	KW(0, "peer-gateway-ip", "Data-center-side address of the link",
	    SETS(SET_VBR_PEER_GATEWAY_IP), .flags = GF_NO_ONLY),
	ARG(1, GT_IPV4, "A.B.C.D", "IPv4 address", .slot = A_IP,
	    SETS(SET_VBR_PEER_GATEWAY_IP)),
	KW(0, "peering-subnet-mask", "Netmask of the peering link",
	    SETS(SET_VBR_PEERING_SUBNET_MASK), .flags = GF_NO_ONLY),
	ARG(1, GT_IPV4, "A.B.C.D", "Netmask, e.g. 255.255.255.252",
	    .slot = A_MASK, SETS(SET_VBR_PEERING_SUBNET_MASK)),
	KW(0, "ipv6", "Enable IPv6 on the VBR", SETS(SET_VBR_IPV6)),
	KW(0, "mpbgp", "Support multiprotocol BGP (on by default)",
	    SETS(SET_VBR_MPBGP)),
	KW(0, "bfd", "BFD timers of the VBR (default "
	    LIMIT_STR(VBR_BFD_INTERVAL_DEFAULT) " ms x "
	    LIMIT_STR(VBR_BFD_MULTIPLIER_DEFAULT) ")",
	    SETS(SET_VBR_BFD), .flags = GF_NO_ONLY),
	KW(1, "interval", "Transmit and receive interval",
	    SETS(SET_VBR_BFD), .flags = GF_NO_ONLY),
	RANGE(2, VBR_BFD_INTERVAL_MIN, VBR_BFD_INTERVAL_MAX, "Milliseconds", .slot = A_INTERVAL),
	KW(3, "multiplier", "Packets missed before the session is down"),
	RANGE(4, VBR_BFD_MULTIPLIER_MIN, VBR_BFD_MULTIPLIER_MAX,
	    "Detect multiplier", .slot = A_MULTIPLIER,
	    SETS(SET_VBR_BFD)),
	KW(0, "advertise", "Advertise a network to the data center over BGP"),
	ARG(1, GT_PREFIX, "PREFIX", "Network, e.g. 10.0.0.0/16",
	    .slot = A_PREFIX, SETS(SET_VBR_ADVERTISE)),
	KW(0, "route", "Static route towards the data center"),
	ARG(1, GT_PREFIX, "PREFIX", "Destination", .slot = A_PREFIX,
	    SETS(SET_VBR_ROUTE), .flags = GF_NO_ONLY),
	KW(2, "next-hop", "Where to send it"),
	ARG(3, GT_IP, "IP", "Next-hop address", .slot = A_NEXT_HOP,
	    SETS(SET_VBR_ROUTE)),
	KW(0, "bgp-group", "Create or edit a BGP group"),
	ARG(1, GT_NAME, "NAME", "Group name", .slot = A_NAME,
	    .obj = OBJ_BGP_GROUP, .code = "InvalidBgpName.Malformed",
	    .cmd = C_VBR_BGP_GROUP,
	    .enters = M_BGP_GROUP),
	KW(0, "bgp-peer", "Create or edit a BGP peer"),
	ARG(1, GT_IP, "IP", "Peer address (IPv4 or IPv6)", .slot = A_IP,
	    .cmd = C_VBR_BGP_PEER, .enters = M_BGP_PEER),
	GRAM_TABLE_END
};

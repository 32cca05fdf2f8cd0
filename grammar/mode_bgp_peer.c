/*
 * mode_bgp_peer: `ecsh(config-bgp-peer)#`, one BGP neighbour of a VBR.
 */
#include "gram_def.h"

const struct gram_node gram_bgp_peer[] = {
	KW(0, "group", "BGP group the peer belongs to", .cmd = C_PEER_GROUP,
	    .flags = GF_NO_ONLY),
	ARG(1, GT_NAME, "NAME", "Group name", .slot = A_GROUP,
	    .obj = OBJ_BGP_GROUP, .cmd = C_PEER_GROUP),
	KW(0, "bfd", "Run BFD with the peer", .cmd = C_PEER_BFD),
	KW(1, "hops", "Most hops a BFD packet may take (default 255)",
	    .cmd = C_PEER_BFD_HOPS, .flags = GF_NO_ONLY),
	RANGE(2, 1, 255, "Hops: 1 is single-hop BFD (UDP 3784, TTL 255 only), "
	    "more is multihop (UDP 4784, TTL at least 256 - hops)",
	    .slot = A_HOPS, .cmd = C_PEER_BFD_HOPS),
	KW(0, "shutdown", "Administratively stop the session",
	    .cmd = C_PEER_SHUTDOWN),
	KW(0, "port", "TCP port of a real router (default 179)",
	    .cmd = C_PEER_PORT, .flags = GF_NO_ONLY),
	RANGE(1, 1, 65535, "Port", .slot = A_PORT, .cmd = C_PEER_PORT),
	GRAM_TABLE_END
};

/*
 * mode_bgp_peer: `ecsh(config-bgp-peer)#`, one BGP neighbour of a VBR.
 */
#include "gram_def.h"
#include "../core/cloud/limits.h"

const struct gram_node gram_bgp_peer[] = {
	KW(0, "group", "BGP group the peer belongs to", SETS(SET_PEER_GROUP),
	    .flags = GF_NO_ONLY),
	ARG(1, GT_NAME, "NAME", "Group name", .slot = A_GROUP,
	    .obj = OBJ_BGP_GROUP, .code = "InvalidBgpName.Malformed",
	    SETS(SET_PEER_GROUP)),
	KW(0, "bfd", "Run BFD with the peer", SETS(SET_PEER_BFD)),
	KW(1, "hops", "Most hops a BFD packet may take (default "
	    LIMIT_STR(PEER_BFD_HOPS_DEFAULT) ")",
	    SETS(SET_PEER_BFD_HOPS), .flags = GF_NO_ONLY),
	RANGE(2, PEER_BFD_HOPS_MIN, PEER_BFD_HOPS_MAX, "Hops: 1 is single-hop BFD (UDP 3784, TTL 255 only), "
	    "more is multihop (UDP 4784, TTL at least 256 - hops)",
	    .code = "IllegalParam.BfdMultiHop", .slot = A_HOPS,
	    SETS(SET_PEER_BFD_HOPS)),
	KW(0, "shutdown", "Administratively stop the session",
	    SETS(SET_PEER_SHUTDOWN)),
	KW(0, "port", "TCP port of a real router (default "
	    LIMIT_STR(PEER_PORT_DEFAULT) ")",
	    SETS(SET_PEER_PORT), .flags = GF_NO_ONLY),
	RANGE(1, TCP_PORT_MIN, TCP_PORT_MAX, "Port", .slot = A_PORT, SETS(SET_PEER_PORT)),
	GRAM_TABLE_END
};

/*
 * mode_bgp_group: `ecsh(config-bgp-group)#`, settings shared by the BGP
 * peers of one group inside a VBR.
 */
#include "gram_def.h"
#include "../core/cloud/limits.h"

const struct gram_node gram_bgp_group[] = {
	KW(0, "address-family", "Address family of the group's peers",
	    SETS(SET_GROUP_FAMILY), .flags = GF_NO_ONLY),
	KW(1, "ipv4", "IPv4 peers (default)", .slot = A_FAMILY,
	    .value = AF_INET, SETS(SET_GROUP_FAMILY)),
	KW(1, "ipv6", "IPv6 peers (needs ipv6 on the VBR)", .slot = A_FAMILY,
	    .value = AF_INET6, SETS(SET_GROUP_FAMILY)),
	KW(0, "peer-asn", "AS number of the data-center side",
	    SETS(SET_GROUP_PEER_ASN), .flags = GF_NO_ONLY),
	ARG(1, GT_ASN, "ASN", "1-4294967295 or X.Y; not 45104", .slot = A_ASN,
	    SETS(SET_GROUP_PEER_ASN)),
	KW(0, "local-asn", "AS number of the cloud side (default "
	    LIMIT_STR(CLOUD_ASN) ")",
	    SETS(SET_GROUP_LOCAL_ASN), .flags = GF_NO_ONLY),
	ARG(1, GT_ASN, "ASN", "45104, or a private ASN", .slot = A_ASN,
	    SETS(SET_GROUP_LOCAL_ASN)),
	KW(0, "auth-key", "BGP key (TCP MD5 signature)",
	    SETS(SET_GROUP_AUTH_KEY), .flags = GF_NO_ONLY),
	ARG(1, GT_WORD, "KEY", "Shared secret", .slot = A_WORD,
	    .flags = GF_SECRET,
	    SETS(SET_GROUP_AUTH_KEY)),
	KW(0, "route-limit", "Most routes accepted from each peer",
	    SETS(SET_GROUP_ROUTE_LIMIT), .flags = GF_NO_ONLY),
	RANGE(1, GROUP_ROUTE_LIMIT_MIN, GROUP_ROUTE_LIMIT_MAX,
	    "Routes (default " LIMIT_STR(GROUP_ROUTE_LIMIT_DEFAULT) ")",
	    .code = "IllegalParam.RouteLimit", .slot = A_NUMBER,
	    SETS(SET_GROUP_ROUTE_LIMIT)),
	KW(0, "hold-time", "BGP hold time offered in OPEN",
	    SETS(SET_GROUP_HOLD_TIME), .flags = GF_NO_ONLY),
	RANGE(1, GROUP_HOLD_TIME_MIN, GROUP_HOLD_TIME_MAX, "Seconds", .slot = A_NUMBER,
	    SETS(SET_GROUP_HOLD_TIME)),
	KW(0, "keepalive", "Interval between KEEPALIVE messages",
	    SETS(SET_GROUP_KEEPALIVE), .flags = GF_NO_ONLY),
	RANGE(1, GROUP_KEEPALIVE_MIN, GROUP_KEEPALIVE_MAX, "Seconds", .slot = A_NUMBER,
	    SETS(SET_GROUP_KEEPALIVE)),
	KW(0, "description", "Describe the group", SETS(SET_GROUP_DESCRIPTION),
	    .flags = GF_NO_ONLY),
	ARG(1, GT_LINE, "LINE", "Free text to the end of the line",
	    .slot = A_TEXT, SETS(SET_GROUP_DESCRIPTION)),
	GRAM_TABLE_END
};

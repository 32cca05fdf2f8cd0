/*
 * mode_vpn_gateway: `ecsh(config-vpn-gateway)#`, a VPN gateway and its
 * BGP route table.
 */
#include "gram_def.h"
#include "../core/cloud/limits.h"

const struct gram_node gram_vpn_gateway[] = {
	KW(0, "vpc", "The VPC the gateway serves", SETS(SET_VPNGW_VPC),
	    .flags = GF_NO_ONLY),
	ARG(1, GT_NAME, "NAME", "VPC name", .slot = A_VPC, .obj = OBJ_VPC,
	    SETS(SET_VPNGW_VPC)),
	KW(0, "auto-route-advertise", "Exchange routes between the VPC and "
	    "the data center", SETS(SET_VPNGW_AUTO_ROUTE_ADVERTISE)),
	KW(0, "route-quota", "Most BGP routes accepted per peer",
	    SETS(SET_VPNGW_ROUTE_QUOTA), .flags = GF_NO_ONLY),
	RANGE(1, VPNGW_ROUTE_QUOTA_MIN, VPNGW_ROUTE_QUOTA_MAX,
	    "Routes (default " LIMIT_STR(VPNGW_ROUTE_QUOTA_DEFAULT) ")", .slot = A_NUMBER,
	    SETS(SET_VPNGW_ROUTE_QUOTA)),
	GRAM_TABLE_END
};

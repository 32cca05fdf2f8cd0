/*
 * mode_transit_router: `ecsh(config-transit-router)#`, a transit router
 * and its attachments.
 */
#include "gram_def.h"

const struct gram_node gram_transit_router[] = {
	KW(0, "attach", "Attach a network instance"),
	KW(1, "vpc", "Attach a VPC"),
	ARG(2, GT_NAME, "NAME", "VPC name", .slot = A_VPC, .obj = OBJ_VPC,
	    SETS(SET_TR_VPC)),
	KW(1, "ecr", "Attach an ECR"),
	ARG(2, GT_NAME, "NAME", "ECR name", .slot = A_ECR, .obj = OBJ_ECR,
	    SETS(SET_TR_ECR)),
	KW(0, "route-sync", "Copy the router's routes into attached VPN "
	    "connections' BGP tables", SETS(SET_TR_ROUTE_SYNC)),
	GRAM_TABLE_END
};

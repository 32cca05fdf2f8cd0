/*
 * mode_vpc: `ecsh(config-vpc)#`, a VPC: its address block and vSwitches.
 */
#include "gram_def.h"

const struct gram_node gram_vpc[] = {
	KW(0, "cidr", "Address block of the VPC", SETS(SET_VPC_CIDR),
	    .flags = GF_NO_ONLY),
	ARG(1, GT_PREFIX, "PREFIX", "e.g. 172.16.0.0/12", .slot = A_PREFIX,
	    SETS(SET_VPC_CIDR)),
	KW(0, "vswitch", "Create a vSwitch (a subnet of the VPC)"),
	ARG(1, GT_NAME, "NAME", "vSwitch name", .slot = A_NAME,
	    SETS(SET_VPC_VSWITCH), .flags = GF_NO_ONLY),
	ARG(2, GT_PREFIX, "PREFIX", "Subnet inside the VPC's cidr",
	    .slot = A_PREFIX, SETS(SET_VPC_VSWITCH)),
	GRAM_TABLE_END
};

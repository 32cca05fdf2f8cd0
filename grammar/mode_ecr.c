/*
 * mode_ecr: `ecsh(config-ecr)#`, an Express Connect Router that spreads
 * traffic over the VBRs associated with it.
 */
#include "gram_def.h"

const struct gram_node gram_ecr[] = {
	KW(0, "asn", "AS number of the ECR", SETS(SET_ECR_ASN),
	    .flags = GF_NO_ONLY),
	ARG(1, GT_ASN, "ASN", "1-4294967295 or X.Y", .slot = A_ASN,
	    SETS(SET_ECR_ASN)),
	KW(0, "description", "Describe the ECR", SETS(SET_ECR_DESCRIPTION),
	    .flags = GF_NO_ONLY),
	ARG(1, GT_LINE, "LINE", "Free text to the end of the line",
	    .slot = A_TEXT, SETS(SET_ECR_DESCRIPTION)),
	KW(0, "associate", "Attach a VBR or transit router to the ECR"),
	KW(1, "vbr", "Associate a VBR (needs mpbgp, local-asn = ECR asn)"),
	ARG(2, GT_NAME, "NAME", "VBR name", .slot = A_VBR, .obj = OBJ_VBR,
	    SETS(SET_ECR_VBR)),
	KW(1, "transit-router", "Associate a transit router"),
	ARG(2, GT_NAME, "NAME", "Transit router name",
	    .slot = A_TRANSIT_ROUTER, .obj = OBJ_TRANSIT_ROUTER,
	    SETS(SET_ECR_TRANSIT_ROUTER)),
	GRAM_TABLE_END
};

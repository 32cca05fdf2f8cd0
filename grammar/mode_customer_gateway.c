/*
 * mode_customer_gateway: `ecsh(config-customer-gateway)#`, the data
 * center's VPN endpoint.
 */
#include "gram_def.h"

const struct gram_node gram_customer_gateway[] = {
	KW(0, "ip-address", "Public address of the gateway",
	    SETS(SET_CGW_IP), .flags = GF_NO_ONLY),
	ARG(1, GT_IPV4, "A.B.C.D", "IPv4 address", .slot = A_IP,
	    SETS(SET_CGW_IP)),
	KW(0, "asn", "AS number of the data center (fixed once set)",
	    SETS(SET_CGW_ASN), .flags = GF_NO_ONLY),
	ARG(1, GT_ASN, "ASN", "1-4294967295 or X.Y; not 45104", .slot = A_ASN,
	    SETS(SET_CGW_ASN)),
	GRAM_TABLE_END
};

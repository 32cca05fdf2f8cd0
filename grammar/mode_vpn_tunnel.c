/*
 * mode_vpn_tunnel: `ecsh(config-vpn-tunnel)#`, one tunnel of a VPN
 * connection and its BGP endpoint.
 */
#include "gram_def.h"

const struct gram_node gram_vpn_tunnel[] = {
	KW(0, "customer-gateway", "The data-center end of the tunnel",
	    SETS(SET_TUN_CUSTOMER_GATEWAY), .flags = GF_NO_ONLY),
	ARG(1, GT_NAME, "NAME", "Customer gateway name",
	    .slot = A_CUSTOMER_GATEWAY, .obj = OBJ_CUSTOMER_GATEWAY,
	    SETS(SET_TUN_CUSTOMER_GATEWAY)),
	KW(0, "local-asn", "Cloud-side AS number (default 45104)",
	    SETS(SET_TUN_LOCAL_ASN), .flags = GF_NO_ONLY),
	ARG(1, GT_ASN, "ASN", "1-4294967295 or X.Y", .slot = A_ASN,
	    SETS(SET_TUN_LOCAL_ASN)),
	KW(0, "tunnel-cidr", "The /30 inside 169.254.0.0/16 for BGP",
	    SETS(SET_TUN_CIDR), .flags = GF_NO_ONLY),
	ARG(1, GT_PREFIX4, "PREFIX", "e.g. 169.254.10.0/30",
	    .slot = A_PREFIX, SETS(SET_TUN_CIDR)),
	KW(0, "local-bgp-ip", "Cloud-side BGP address inside tunnel-cidr",
	    SETS(SET_TUN_LOCAL_BGP_IP), .flags = GF_NO_ONLY),
	ARG(1, GT_IPV4, "A.B.C.D", "IPv4 address", .slot = A_IP,
	    SETS(SET_TUN_LOCAL_BGP_IP)),
	KW(0, "shutdown", "Take the tunnel down", SETS(SET_TUN_SHUTDOWN)),
	GRAM_TABLE_END
};

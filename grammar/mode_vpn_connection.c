/*
 * mode_vpn_connection: `ecsh(config-vpn-connection)#`, an IPsec-VPN
 * connection: what it attaches to, how it routes, and its two tunnels.
 * The rows are in running-config's order: the tunnels before `bgp`, which
 * V4 checks against their ASNs.
 */
#include "gram_def.h"

const struct gram_node gram_vpn_connection[] = {
	KW(0, "vpn-gateway", "Attach the connection to a VPN gateway",
	    SETS(SET_CONN_VPN_GATEWAY), .flags = GF_NO_ONLY),
	ARG(1, GT_NAME, "NAME", "Gateway name", .slot = A_VPN_GATEWAY,
	    .obj = OBJ_VPN_GATEWAY, SETS(SET_CONN_VPN_GATEWAY)),
	KW(0, "transit-router", "Attach the connection to a transit router",
	    SETS(SET_CONN_TRANSIT_ROUTER), .flags = GF_NO_ONLY),
	ARG(1, GT_NAME, "NAME", "Transit router name",
	    .slot = A_TRANSIT_ROUTER, .obj = OBJ_TRANSIT_ROUTER,
	    SETS(SET_CONN_TRANSIT_ROUTER)),
	KW(0, "route", "Destination-based route into the connection"),
	ARG(1, GT_PREFIX, "PREFIX", "Destination (not 0.0.0.0/0)",
	    .slot = A_PREFIX, SETS(SET_CONN_ROUTE)),
	KW(0, "tunnel", "Edit one of the two tunnels"),
	RANGE(1, 1, 2, "Tunnel number", .slot = A_TUNNEL,
	    .cmd = C_CONN_TUNNEL, .enters = M_VPN_TUNNEL),
	KW(0, "bgp", "Learn and advertise routes over BGP",
	    SETS(SET_CONN_BGP)),
	GRAM_TABLE_END
};

/*
 * mode_cpe: `ecsh(config-cpe)#`, a simulated data-center router inside the
 * engine, speaking BGP and BFD over an in-process circuit.
 */
#include "gram_def.h"
#include "../core/cloud/limits.h"

#define MED_HELP	"MULTI_EXIT_DISC sent with it (lower is preferred)"
#define ORIGIN_HELP	"ORIGIN sent with it (default igp)"
#define ORIGINS(d)							\
	KW(d, "igp", "IGP (the best)", .slot = A_ORIGIN, .value = 0,	\
	    SETS(SET_CPE_NETWORK)),					\
	KW(d, "egp", "EGP", .slot = A_ORIGIN, .value = 1,		\
	    SETS(SET_CPE_NETWORK)),					\
	KW(d, "incomplete", "INCOMPLETE (the worst)", .slot = A_ORIGIN,	\
	    .value = 2, SETS(SET_CPE_NETWORK))

const struct gram_node gram_cpe[] = {
	KW(0, "asn", "AS number of the CPE", SETS(SET_CPE_ASN),
	    .flags = GF_NO_ONLY),
	ARG(1, GT_ASN, "ASN", "1-4294967295 or X.Y", .slot = A_ASN,
	    SETS(SET_CPE_ASN)),
	KW(0, "address", "Interface address the cloud side peers with",
	    SETS(SET_CPE_ADDRESS), .flags = GF_NO_ONLY),
	ARG(1, GT_IP, "IP", "IPv4 or IPv6 address", .slot = A_IP,
	    SETS(SET_CPE_ADDRESS)),
	KW(0, "peer-asn", "AS number expected of the cloud side",
	    SETS(SET_CPE_PEER_ASN), .flags = GF_NO_ONLY),
	ARG(1, GT_ASN, "ASN", "1-4294967295 or X.Y", .slot = A_ASN,
	    SETS(SET_CPE_PEER_ASN)),
	KW(0, "auth-key", "BGP key (TCP MD5 signature)",
	    SETS(SET_CPE_AUTH_KEY), .flags = GF_NO_ONLY),
	ARG(1, GT_WORD, "KEY", "Shared secret", .slot = A_WORD,
	    .flags = GF_SECRET,
	    SETS(SET_CPE_AUTH_KEY)),
	/* as-path, med, origin: optional, in this order */
	KW(0, "network", "Announce a prefix"),
	ARG(1, GT_PREFIX, "PREFIX", "Prefix to announce", .slot = A_PREFIX,
	    SETS(SET_CPE_NETWORK)),
	KW(2, "as-path", "ASNs after the CPE's own, as if from further away"),
	ARG(3, GT_ASN, "ASN", "AS number (repeat for more)",
	    .slot = A_AS_PATH, SETS(SET_CPE_NETWORK), .flags = GF_REPEAT),
	KW(4, "med", MED_HELP),
	RANGE(5, 0, 4294967295, "MED", .slot = A_MED, SETS(SET_CPE_NETWORK)),
	KW(6, "origin", ORIGIN_HELP),
	ORIGINS(7),
	KW(4, "origin", ORIGIN_HELP),
	ORIGINS(5),
	KW(2, "med", MED_HELP),
	RANGE(3, 0, 4294967295, "MED", .slot = A_MED, SETS(SET_CPE_NETWORK)),
	KW(4, "origin", ORIGIN_HELP),
	ORIGINS(5),
	KW(2, "origin", ORIGIN_HELP),
	ORIGINS(3),
	KW(0, "bfd", "Run BFD towards the cloud side", SETS(SET_CPE_BFD)),
	KW(1, "interval", "Transmit and receive interval",
	    SETS(SET_CPE_BFD), .flags = GF_NO_ONLY),
	RANGE(2, CPE_BFD_INTERVAL_MIN, CPE_BFD_INTERVAL_MAX, "Milliseconds", .slot = A_INTERVAL),
	KW(3, "multiplier", "Packets missed before the session is down"),
	RANGE(4, CPE_BFD_MULTIPLIER_MIN, CPE_BFD_MULTIPLIER_MAX,
	    "Detect multiplier", .slot = A_MULTIPLIER,
	    SETS(SET_CPE_BFD)),
	KW(0, "connect", "Wire the CPE to a VBR or a VPN tunnel",
	    SETS(SET_CPE_CONNECT_VBR), .flags = GF_NO_ONLY),
	KW(1, "vbr", "Connect to a VBR"),
	ARG(2, GT_NAME, "NAME", "VBR name", .slot = A_VBR, .obj = OBJ_VBR,
	    SETS(SET_CPE_CONNECT_VBR)),
	KW(1, "vpn-connection", "Connect to a tunnel of a VPN connection"),
	ARG(2, GT_NAME, "NAME", "Connection name", .slot = A_VPN_CONNECTION,
	    .obj = OBJ_VPN_CONNECTION),
	KW(3, "tunnel", "Which tunnel"),
	RANGE(4, 1, 2, "Tunnel number", .slot = A_TUNNEL,
	    SETS(SET_CPE_CONNECT_VPN)),
	KW(0, "shutdown", "Administratively stop BGP", SETS(SET_CPE_SHUTDOWN)),
	KW(0, "link", "The circuit to the cloud side",
	    SETS(SET_CPE_LINK_DOWN), .flags = GF_NO_ONLY),
	KW(1, "down", "Cut the circuit: packets are dropped both ways",
	    SETS(SET_CPE_LINK_DOWN)),
	GRAM_TABLE_END
};

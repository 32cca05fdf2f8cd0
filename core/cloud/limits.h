/*
 * limits: every range and default of the cloud's settings (SPEC 3, 6),
 * once.  The grammar parses and explains with these, and the store checks
 * with them, so a limit changed here changes in `?`, in ecsh-commands(7)
 * and in the refusal alike.  Plain integers, so either side can use them
 * in a constant expression, and LIMIT_STR() can spell them in help text.
 */
#ifndef ECSH_LIMITS_H
#define ECSH_LIMITS_H

#define LIMIT_STR_(x)			#x
#define LIMIT_STR(x)			LIMIT_STR_(x)

#define CLOUD_ASN			45104

#define VBR_VLAN_MIN			0
#define VBR_VLAN_MAX			2999
#define VBR_BFD_INTERVAL_MIN		200	/* ms */
#define VBR_BFD_INTERVAL_MAX		1000
/* wait bgp|bfd: how long before it fails, unless timeout says */
#define WAIT_TIMEOUT_DEFAULT		60
#define VBR_BFD_INTERVAL_DEFAULT	1000
#define VBR_BFD_MULTIPLIER_MIN		3
#define VBR_BFD_MULTIPLIER_MAX		10
#define VBR_BFD_MULTIPLIER_DEFAULT	3
#define VBR_MAX_PEERS			8

#define GROUP_ROUTE_LIMIT_MIN		1	/* R5 */
#define GROUP_ROUTE_LIMIT_MAX		110
#define GROUP_ROUTE_LIMIT_DEFAULT	110
#define GROUP_HOLD_TIME_MIN		3	/* s; RFC 4271 4.2 */
#define GROUP_HOLD_TIME_MAX		65535
#define GROUP_HOLD_TIME_DEFAULT		180
#define GROUP_KEEPALIVE_MIN		1	/* s; at most hold / 3 */
#define GROUP_KEEPALIVE_MAX		21845
#define GROUP_KEEPALIVE_DEFAULT		60

#define PEER_BFD_HOPS_MIN		1	/* R6 */
#define PEER_BFD_HOPS_MAX		255
#define PEER_BFD_HOPS_DEFAULT		255
#define PEER_PORT_DEFAULT		179
#define TCP_PORT_MIN			1
#define TCP_PORT_MAX			65535

#define VPNGW_ROUTE_QUOTA_MIN		50	/* V1 */
#define VPNGW_ROUTE_QUOTA_MAX		200
#define VPNGW_ROUTE_QUOTA_DEFAULT	50
#define TR_TUNNEL_ROUTE_QUOTA		1000	/* 2000 a connection */

#define CPE_BFD_INTERVAL_MIN		10	/* ms: a lab CPE may be fast */
#define CPE_BFD_INTERVAL_MAX		10000
#define CPE_BFD_INTERVAL_DEFAULT	1000
#define CPE_BFD_MULTIPLIER_MIN		2
#define CPE_BFD_MULTIPLIER_MAX		255
#define CPE_BFD_MULTIPLIER_DEFAULT	3

#define COMMITS_KEPT			64	/* SPEC 7: memory only */
#define COMMIT_CONFIRM_DEFAULT_S	600	/* commit confirmed */
#define COMMIT_CONFIRM_MAX_S		86400

#endif

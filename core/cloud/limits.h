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

#define ALERT_MUTE_MAX_S		604800	/* SPEC 9: a week */
#define ALERT_KEYWORDS_MAX		16	/* words of `keywords` */
#define ALERT_KEYWORD_LEN_MAX		64
#define ALERT_TARGETS_MAX		4	/* `notify` lines of a rule */
#define ALERT_TARGET_LEN_MAX		1024	/* a URL or a path */
#define ALERTS_KEPT			256	/* show alerts */
#define NOTIFY_TIMEOUT_S		5	/* one try of a webhook, a command */
#define NOTIFY_RETRIES			3	/* after the first try */
#define NOTIFY_BACKOFF_MS		1000	/* doubled after each retry */
#define NOTIFY_HTTP_RUNNING_MAX		8	/* webhook transfers at once */
#define NOTIFY_COMMANDS_RUNNING_MAX	4	/* children at once */
#define NOTIFY_QUEUED_MAX		256	/* waiting for their turn */
#define NOTIFY_REPLY_MAX		65536	/* a webhook's reply read, at most */

#endif

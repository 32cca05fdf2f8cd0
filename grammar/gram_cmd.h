/*
 * gram_cmd: the id of every command, where a node of the grammar says a
 * command may end.  cli/ dispatches on these ids; the variants that only
 * differ in a keyword (show route-table vbr|ecr|...) share one id and read
 * the keyword's value from an argument slot.  The commands that change a
 * setting are one id, C_SET: the node where one ends names the setting
 * itself, so a setting is listed once (core/cloud/setting.h) and spelled
 * once, in its grammar row.
 */
#ifndef ECSH_GRAM_CMD_H
#define ECSH_GRAM_CMD_H

enum gram_cmd {
	C_NONE,

	/* exec */
	C_CONFIGURE, C_EXIT, C_END, C_SHUTDOWN_ENGINE,
	C_SHOW_VERSION, C_SHOW_RUNNING_CONFIG, C_SHOW_VBR, C_SHOW_BGP_GROUPS,
	C_SHOW_BGP_PEERS, C_SHOW_BGP_PEER, C_SHOW_BGP_ROUTES,
	C_SHOW_BFD_SESSIONS, C_SHOW_ECR, C_SHOW_ECMP, C_SHOW_ROUTE_TABLE,
	C_SHOW_ROUTE_LOOKUP, C_SHOW_VPN_CONNECTION, C_SHOW_CPE,
	C_SHOW_BGP_SUMMARY, C_SHOW_CLOCK, C_SHOW_HISTORY, C_SHOW_EVENTS,
	C_CLEAR_BGP_PEER, C_FAILURE_DRILL, C_WAIT_BGP, C_WAIT_BFD, C_SLEEP,
	C_MONITOR_EVENTS, C_WRITE, C_COPY, C_LOAD, C_HELP,
	C_SHOW_STARTUP_CONFIG, C_TERMINAL,
	/* configuration sessions (SPEC 7) */
	C_CONFIGURE_SESSION, C_COMMIT, C_ABORT, C_ROLLBACK,
	C_SHOW_CONFIG_DIFF, C_SHOW_CONFIG_COMMITS, C_SHOW_CONFIG_COMMIT,
	/* explanation (SPEC 8) */
	C_EXPLAIN_ROUTE, C_TRACE, C_SHOW_FAILURE_DRILL,
	/* alert rules (SPEC 9) */
	C_SHOW_ALERTS, C_SHOW_ALERT_RULES, C_WAIT_ALERTS,
	/* the engine's duty to its protocols (SPEC 10) */
	C_SHOW_ENGINE, C_CLEAR_ENGINE,

	/* config: objects, the modes they enter */
	C_VBR, C_ECR, C_VPC, C_VPN_GATEWAY, C_CUSTOMER_GATEWAY,
	C_VPN_CONNECTION, C_TRANSIT_ROUTER, C_CPE, C_VBR_BGP_GROUP,
	C_VBR_BGP_PEER, C_CONN_TUNNEL, C_ALERT_RULE,

	/* every setting of every mode: the node names which (enum setting) */
	C_SET,

	C_FILTER,		/* an output filter after `|` is complete */

	C_CMD_COUNT
};

#endif

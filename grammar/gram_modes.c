/*
 * gram_modes: the modes, how they nest, and the generic words that every
 * configuration mode shares (exit, end, no, do) and output filters.
 */
#include "gram_def.h"
#include "../core/cloud/limits.h"

extern const struct gram_node gram_exec[], gram_config[], gram_vbr[],
    gram_bgp_group[], gram_bgp_peer[], gram_ecr[], gram_vpc[],
    gram_vpn_gateway[], gram_customer_gateway[], gram_vpn_connection[],
    gram_vpn_tunnel[], gram_transit_router[], gram_cpe[], gram_alert_rule[];

const struct gram_mode_info gram_modes[M_MODE_COUNT] = {
	[M_EXEC] = { "exec", "#", M_NONE, OBJ_NONE, gram_exec },
	[M_CONFIG] = { "config", "(config)#", M_EXEC, OBJ_NONE, gram_config },
	[M_VBR] = { "config-vbr", "(config-vbr)#", M_CONFIG, OBJ_VBR,
	    gram_vbr },
	[M_BGP_GROUP] = { "config-bgp-group", "(config-bgp-group)#", M_VBR,
	    OBJ_BGP_GROUP, gram_bgp_group },
	[M_BGP_PEER] = { "config-bgp-peer", "(config-bgp-peer)#", M_VBR,
	    OBJ_BGP_PEER, gram_bgp_peer },
	[M_ECR] = { "config-ecr", "(config-ecr)#", M_CONFIG, OBJ_ECR,
	    gram_ecr },
	[M_VPC] = { "config-vpc", "(config-vpc)#", M_CONFIG, OBJ_VPC,
	    gram_vpc },
	[M_VPN_GATEWAY] = { "config-vpn-gateway", "(config-vpn-gateway)#",
	    M_CONFIG, OBJ_VPN_GATEWAY, gram_vpn_gateway },
	[M_CUSTOMER_GATEWAY] = { "config-customer-gateway",
	    "(config-customer-gateway)#", M_CONFIG, OBJ_CUSTOMER_GATEWAY,
	    gram_customer_gateway },
	[M_VPN_CONNECTION] = { "config-vpn-connection",
	    "(config-vpn-connection)#", M_CONFIG, OBJ_VPN_CONNECTION,
	    gram_vpn_connection },
	[M_VPN_TUNNEL] = { "config-vpn-tunnel", "(config-vpn-tunnel)#",
	    M_VPN_CONNECTION, OBJ_VPN_TUNNEL, gram_vpn_tunnel },
	[M_TRANSIT_ROUTER] = { "config-transit-router",
	    "(config-transit-router)#", M_CONFIG, OBJ_TRANSIT_ROUTER,
	    gram_transit_router },
	[M_CPE] = { "config-cpe", "(config-cpe)#", M_CONFIG, OBJ_CPE,
	    gram_cpe },
	[M_ALERT_RULE] = { "config-alert-rule", "(config-alert-rule)#",
	    M_CONFIG, OBJ_ALERT_RULE, gram_alert_rule },
};

const struct gram_node gram_common[] = {
	KW(0, "exit", "Go up one mode", .cmd = C_EXIT),
	KW(0, "quit", "Go up one mode (as exit)", .cmd = C_EXIT),
	KW(0, "end", "Return to exec mode", .cmd = C_END),
	KW(0, "no", "Negate a setting or delete an object", .flags = GF_NO),
	KW(0, "do", "Run an exec command", .flags = GF_DO),
	KW(0, "commit", "Apply this session's candidate: all of it, or "
	    "nothing", .cmd = C_COMMIT),
	KW(1, "check", "Would it commit?  Checks the whole candidate and "
	    "changes nothing", .slot = A_CHOICE, .value = CH_CHECK,
	    .cmd = C_COMMIT),
	KW(1, "confirmed", "Commit, and undo it by itself unless a plain "
	    "commit follows in time", .slot = A_CHOICE, .value = CH_CONFIRMED,
	    .cmd = C_COMMIT),
	RANGE(2, 1, COMMIT_CONFIRM_MAX_S, "Seconds until it is undone (default "
	    LIMIT_STR(COMMIT_CONFIRM_DEFAULT_S) ")", .slot = A_SECONDS,
	    .cmd = C_COMMIT),
	KW(3, "comment", "Say why, in the commit history"),
	ARG(4, GT_LINE, "TEXT", "The comment", .slot = A_TEXT, .cmd = C_COMMIT),
	KW(2, "comment", "Say why, in the commit history"),
	ARG(3, GT_LINE, "TEXT", "The comment", .slot = A_TEXT, .cmd = C_COMMIT),
	KW(1, "comment", "Say why, in the commit history"),
	ARG(2, GT_LINE, "TEXT", "The comment", .slot = A_TEXT, .cmd = C_COMMIT),
	KW(0, "abort", "Drop this session's candidate and return to exec "
	    "mode", .cmd = C_ABORT),
	GRAM_TABLE_END
};

const struct gram_node gram_filters[] = {
	KW(0, "include", "Only lines that match", .slot = A_CHOICE,
	    .value = CH_INCLUDE),
	ARG(1, GT_LINE, "REGEX", "Extended regular expression", .slot = A_TEXT,
	    .cmd = C_FILTER),
	KW(0, "exclude", "Only lines that do not match", .slot = A_CHOICE,
	    .value = CH_EXCLUDE),
	ARG(1, GT_LINE, "REGEX", "Extended regular expression", .slot = A_TEXT,
	    .cmd = C_FILTER),
	KW(0, "begin", "From the first line that matches", .slot = A_CHOICE,
	    .value = CH_BEGIN),
	ARG(1, GT_LINE, "REGEX", "Extended regular expression", .slot = A_TEXT,
	    .cmd = C_FILTER),
	KW(0, "section", "Each line that matches, with the lines indented "
	    "under it", .slot = A_CHOICE, .value = CH_SECTION),
	ARG(1, GT_LINE, "REGEX", "Extended regular expression", .slot = A_TEXT,
	    .cmd = C_FILTER),
	KW(0, "count", "Only the number of lines", .slot = A_CHOICE,
	    .value = CH_COUNT, .cmd = C_FILTER),
	GRAM_TABLE_END
};

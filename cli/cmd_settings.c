/*
 * cmd_settings: every command that changes a setting, as one table from
 * command id to engine setting and one function that moves the typed
 * arguments into the setting's value.  `no` sends the same value to
 * engine_unset, which uses it to pick the entry of a list.
 */
#include <string.h>

#include "commands.h"
#include "../core/sessions/bgp_tcp.h"

static const struct {
	enum gram_cmd	cmd;
	enum setting	setting;
} table[] = {
	{ C_HOSTNAME, SET_HOSTNAME },
	{ C_BGP_LISTEN, SET_BGP_LISTEN },
	{ C_VBR_DESCRIPTION, SET_VBR_DESCRIPTION },
	{ C_VBR_VLAN, SET_VBR_VLAN },
	{ C_VBR_LOCAL_GATEWAY_IP, SET_VBR_LOCAL_GATEWAY_IP },
	{ C_VBR_PEER_GATEWAY_IP, SET_VBR_PEER_GATEWAY_IP },
	{ C_VBR_PEERING_SUBNET_MASK, SET_VBR_PEERING_SUBNET_MASK },
	{ C_VBR_IPV6, SET_VBR_IPV6 },
	{ C_VBR_MPBGP, SET_VBR_MPBGP },
	{ C_VBR_BFD, SET_VBR_BFD },
	{ C_VBR_ADVERTISE, SET_VBR_ADVERTISE },
	{ C_VBR_ROUTE, SET_VBR_ROUTE },
	{ C_GROUP_ADDRESS_FAMILY, SET_GROUP_FAMILY },
	{ C_GROUP_PEER_ASN, SET_GROUP_PEER_ASN },
	{ C_GROUP_LOCAL_ASN, SET_GROUP_LOCAL_ASN },
	{ C_GROUP_AUTH_KEY, SET_GROUP_AUTH_KEY },
	{ C_GROUP_ROUTE_LIMIT, SET_GROUP_ROUTE_LIMIT },
	{ C_GROUP_DESCRIPTION, SET_GROUP_DESCRIPTION },
	{ C_GROUP_HOLD_TIME, SET_GROUP_HOLD_TIME },
	{ C_GROUP_KEEPALIVE, SET_GROUP_KEEPALIVE },
	{ C_PEER_GROUP, SET_PEER_GROUP },
	{ C_PEER_BFD, SET_PEER_BFD },
	{ C_PEER_BFD_HOPS, SET_PEER_BFD_HOPS },
	{ C_PEER_SHUTDOWN, SET_PEER_SHUTDOWN },
	{ C_PEER_PORT, SET_PEER_PORT },
	{ C_ECR_ASN, SET_ECR_ASN },
	{ C_ECR_ASSOCIATE_VBR, SET_ECR_VBR },
	{ C_ECR_ASSOCIATE_TR, SET_ECR_TRANSIT_ROUTER },
	{ C_ECR_DESCRIPTION, SET_ECR_DESCRIPTION },
	{ C_VPC_CIDR, SET_VPC_CIDR },
	{ C_VPC_VSWITCH, SET_VPC_VSWITCH },
	{ C_VPNGW_VPC, SET_VPNGW_VPC },
	{ C_VPNGW_AUTO_ROUTE_ADVERTISE, SET_VPNGW_AUTO_ROUTE_ADVERTISE },
	{ C_VPNGW_ROUTE_QUOTA, SET_VPNGW_ROUTE_QUOTA },
	{ C_CGW_IP_ADDRESS, SET_CGW_IP },
	{ C_CGW_ASN, SET_CGW_ASN },
	{ C_CONN_VPN_GATEWAY, SET_CONN_VPN_GATEWAY },
	{ C_CONN_TRANSIT_ROUTER, SET_CONN_TRANSIT_ROUTER },
	{ C_CONN_BGP, SET_CONN_BGP },
	{ C_CONN_ROUTE, SET_CONN_ROUTE },
	{ C_TUN_CUSTOMER_GATEWAY, SET_TUN_CUSTOMER_GATEWAY },
	{ C_TUN_LOCAL_ASN, SET_TUN_LOCAL_ASN },
	{ C_TUN_TUNNEL_CIDR, SET_TUN_CIDR },
	{ C_TUN_LOCAL_BGP_IP, SET_TUN_LOCAL_BGP_IP },
	{ C_TUN_SHUTDOWN, SET_TUN_SHUTDOWN },
	{ C_TR_ATTACH_VPC, SET_TR_VPC },
	{ C_TR_ATTACH_ECR, SET_TR_ECR },
	{ C_TR_ROUTE_SYNC, SET_TR_ROUTE_SYNC },
	{ C_CPE_ASN, SET_CPE_ASN },
	{ C_CPE_ADDRESS, SET_CPE_ADDRESS },
	{ C_CPE_CONNECT_VBR, SET_CPE_CONNECT_VBR },
	{ C_CPE_CONNECT_VPN, SET_CPE_CONNECT_VPN },
	{ C_CPE_PEER_ASN, SET_CPE_PEER_ASN },
	{ C_CPE_NETWORK, SET_CPE_NETWORK },
	{ C_CPE_AUTH_KEY, SET_CPE_AUTH_KEY },
	{ C_CPE_BFD, SET_CPE_BFD },
	{ C_CPE_SHUTDOWN, SET_CPE_SHUTDOWN },
	{ C_CPE_LINK_DOWN, SET_CPE_LINK_DOWN },
};

bool
command_setting(enum gram_cmd cmd, enum setting *s)
{
	size_t i;

	for (i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		if (table[i].cmd == cmd) {
			*s = table[i].setting;
			return true;
		}
	return false;
}

/* The first of these slots that the line filled. */
static const struct gram_value *
first_of(const struct gram_match *m, const enum gram_slot *slots, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (gram_has(m, slots[i]))
			return &m->arg[slots[i]];
	return NULL;
}

#define FIRST(m, ...) first_of((m), (const enum gram_slot[]){ __VA_ARGS__ }, \
	sizeof((const enum gram_slot[]){ __VA_ARGS__ }) / sizeof(enum gram_slot))

static void
fill(const struct gram_match *m, struct setting_value *v)
{
	const struct gram_value *x;

	memset(v, 0, sizeof(*v));
	if ((x = FIRST(m, A_TEXT, A_WORD, A_NAME)) != NULL)
		v->text = x->text;
	if ((x = FIRST(m, A_VBR, A_VPC, A_GROUP, A_ECR, A_TRANSIT_ROUTER,
	    A_VPN_GATEWAY, A_CUSTOMER_GATEWAY, A_VPN_CONNECTION,
	    A_NAME)) != NULL)
		v->name = x->text;
	if ((x = FIRST(m, A_NUMBER, A_HOPS, A_PORT, A_TUNNEL)) != NULL)
		v->number = x->number;
	if (gram_has(m, A_ASN))
		v->asn = (uint32_t)m->arg[A_ASN].number;
	if (gram_has(m, A_INTERVAL)) {
		v->has_timers = true;
		v->interval_ms = (uint32_t)m->arg[A_INTERVAL].number;
		v->multiplier = (uint32_t)m->arg[A_MULTIPLIER].number;
	}
	if ((x = FIRST(m, A_IP, A_MASK)) != NULL)
		v->ip = x->ip;
	if (gram_has(m, A_NEXT_HOP)) {
		v->next_hop = m->arg[A_NEXT_HOP].ip;
		v->has_next_hop = true;
	}
	if (gram_has(m, A_PREFIX))
		v->prefix = m->arg[A_PREFIX].prefix;
	if (gram_has(m, A_FAMILY))
		v->family = (sa_family_t)m->arg[A_FAMILY].number;
	v->as_path = m->as_path;
	v->as_path_len = m->as_path_len;
}

enum cmd_status
cmd_setting(struct cmd_ctx *ctx)
{
	struct obj_ref refs[MODE_DEPTH_MAX];
	const struct obj_ref *ref = cmd_context_ref(ctx, refs);
	struct setting_value v;
	struct engine_error err;
	enum setting s;
	int rc;

	if (!command_setting(ctx->m->cmd, &s))
		return cmd_error(ctx, "internal: command %d sets nothing",
		    ctx->m->cmd);
	fill(ctx->m, &v);
	rc = ctx->m->negate ? engine_unset(ctx->engine, ref, s, &v, &err) :
	    engine_set(ctx->engine, ref, s, &v, &err);
	return rc == 0 ? CMD_OK : cmd_engine_error(ctx, &err);
}

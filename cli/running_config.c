/*
 * running_config: the configuration as a script that rebuilds it.
 *
 * Each object's block ends with an explicit `exit`, so a setting that
 * exists in both a sub-mode and its parent (description) can never be
 * taken by the wrong one on replay.  Objects come in an order that
 * replays: VPCs before the gateways that use them, VBRs before the ECRs
 * that associate them, CPEs last because they connect to the rest.
 */
#include <stdio.h>
#include <string.h>

#include "commands.h"

static const enum obj_kind top_order[] = {
	OBJ_VPC, OBJ_VBR, OBJ_ECR, OBJ_TRANSIT_ROUTER, OBJ_VPN_GATEWAY,
	OBJ_CUSTOMER_GATEWAY, OBJ_VPN_CONNECTION, OBJ_CPE,
};

/* Children, in the order they must be replayed. */
static const enum obj_kind child_order[OBJ_KIND_COUNT][2] = {
	[OBJ_VBR] = { OBJ_BGP_GROUP, OBJ_BGP_PEER },
	[OBJ_VPN_CONNECTION] = { OBJ_VPN_TUNNEL, OBJ_NONE },
};

static void
vbr_settings(const struct vbr_config *c, const char *ind, struct strbuf *out)
{
	char a[NETADDR_STRLEN];

	if (c->description[0] != '\0')
		strbuf_printf(out, "%sdescription %s\n", ind, c->description);
	if (c->vlan >= 0)
		strbuf_printf(out, "%svlan %d\n", ind, (int)c->vlan);
	if (c->has_local_gateway_ip)
		strbuf_printf(out, "%slocal-gateway-ip %s\n", ind,
		    ipaddr_format(&c->local_gateway_ip, a, sizeof(a)));
	if (c->has_peer_gateway_ip)
		strbuf_printf(out, "%speer-gateway-ip %s\n", ind,
		    ipaddr_format(&c->peer_gateway_ip, a, sizeof(a)));
	if (c->has_peering_subnet_mask)
		strbuf_printf(out, "%speering-subnet-mask %s\n", ind,
		    ipaddr_format(&c->peering_subnet_mask, a, sizeof(a)));
	if (c->ipv6)
		strbuf_printf(out, "%sipv6\n", ind);
	if (!c->mpbgp)
		strbuf_printf(out, "%sno mpbgp\n", ind);
	if (c->bfd_interval_ms != VBR_BFD_INTERVAL_DEFAULT ||
	    c->bfd_multiplier != VBR_BFD_MULTIPLIER_DEFAULT)
		strbuf_printf(out, "%sbfd interval %u multiplier %u\n", ind,
		    c->bfd_interval_ms, c->bfd_multiplier);
}

static void
object_block(const struct engine *e, const struct object *o, int level,
    struct strbuf *out)
{
	char ind[16], inner[16];
	const struct object *c;
	size_t k;

	snprintf(ind, sizeof(ind), "%*s", level, "");
	snprintf(inner, sizeof(inner), "%*s", level + 1, "");
	strbuf_printf(out, "%s%s %s\n", ind, engine_kind_word(o->kind),
	    o->name);
	if (o->kind == OBJ_VBR)
		vbr_settings(&o->cfg.vbr, inner, out);
	for (k = 0; k < 2; k++) {
		enum obj_kind kind = child_order[o->kind][k];

		if (kind == OBJ_NONE)
			continue;
		for (c = engine_first(e, kind, o); c != NULL;
		    c = engine_next(c))
			object_block(e, c, level + 1, out);
	}
	strbuf_printf(out, "%sexit\n", inner);
}

void
running_config(const struct engine *e, struct strbuf *out)
{
	const struct object *o;
	size_t k;

	strbuf_puts(out, "! ecsh running configuration\n");
	strbuf_puts(out, "configure\n");
	if (strcmp(engine_hostname(e), ENGINE_HOSTNAME_DEFAULT) != 0)
		strbuf_printf(out, "hostname %s\n", engine_hostname(e));
	for (k = 0; k < sizeof(top_order) / sizeof(top_order[0]); k++) {
		for (o = engine_first(e, top_order[k], NULL); o != NULL;
		    o = engine_next(o)) {
			strbuf_puts(out, "!\n");
			object_block(e, o, 0, out);
		}
	}
	strbuf_puts(out, "end\n");
}

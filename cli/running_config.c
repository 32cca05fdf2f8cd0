/*
 * running_config: the configuration as a script that rebuilds it.
 *
 * Each object's block ends with an explicit `exit`, so a setting that
 * exists in both a sub-mode and its parent (description) can never be
 * taken by the wrong one on replay.  Objects come in an order in which
 * every reference and rule is already satisfied when it is replayed:
 * VPCs and transit routers first, VBRs (groups before peers) before the
 * ECRs that associate them, a connection's tunnels before its `bgp`
 * (V4 compares their ASNs), CPEs last because they connect to the rest.
 */
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "commands.h"
#include "../core/sessions/bgp_tcp.h"

struct emit {
	struct strbuf	*out;
	const char	*ind;		/* the block's settings */
};

#define LINE(e, ...) do {						\
	strbuf_puts((e)->out, (e)->ind);				\
	strbuf_printf((e)->out, __VA_ARGS__);				\
	strbuf_puts((e)->out, "\n");					\
} while (0)

static const char *
ip(const struct ipaddr *a, char *buf)
{
	return ipaddr_format(a, buf, NETADDR_STRLEN);
}

static const char *
pfx(const struct prefix *p, char *buf)
{
	return prefix_format(p, buf, NETADDR_STRLEN);
}

static void
vbr_settings(const struct vbr_config *c, struct emit *e)
{
	char a[NETADDR_STRLEN], b[NETADDR_STRLEN];
	size_t i;

	if (c->description[0] != '\0')
		LINE(e, "description %s", c->description);
	if (c->vlan >= 0)
		LINE(e, "vlan %d", (int)c->vlan);
	if (c->has_local_gateway_ip)
		LINE(e, "local-gateway-ip %s", ip(&c->local_gateway_ip, a));
	if (c->has_peer_gateway_ip)
		LINE(e, "peer-gateway-ip %s", ip(&c->peer_gateway_ip, a));
	if (c->has_peering_subnet_mask)
		LINE(e, "peering-subnet-mask %s",
		    ip(&c->peering_subnet_mask, a));
	if (c->ipv6)
		LINE(e, "ipv6");
	if (!c->mpbgp)
		LINE(e, "no mpbgp");
	if (c->bfd_interval_ms != VBR_BFD_INTERVAL_DEFAULT ||
	    c->bfd_multiplier != VBR_BFD_MULTIPLIER_DEFAULT)
		LINE(e, "bfd interval %u multiplier %u", c->bfd_interval_ms,
		    c->bfd_multiplier);
	for (i = 0; i < c->advertise.n; i++)
		LINE(e, "advertise %s", pfx(&c->advertise.v[i], a));
	for (i = 0; i < c->nroutes; i++)
		LINE(e, "route %s next-hop %s", pfx(&c->routes[i].prefix, a),
		    ip(&c->routes[i].next_hop, b));
}

static void
group_settings(const struct bgp_group_config *c, struct emit *e)
{
	if (c->family == AF_INET6)
		LINE(e, "address-family ipv6");
	if (c->peer_asn != 0)
		LINE(e, "peer-asn %u", c->peer_asn);
	if (c->local_asn != CLOUD_ASN)
		LINE(e, "local-asn %u", c->local_asn);
	if (c->auth_key[0] != '\0')
		LINE(e, "auth-key %s", c->auth_key);
	if (c->route_limit != GROUP_ROUTE_LIMIT_DEFAULT)
		LINE(e, "route-limit %u", c->route_limit);
	if (c->hold_time != GROUP_HOLD_TIME_DEFAULT)
		LINE(e, "hold-time %u", c->hold_time);
	if (c->keepalive != GROUP_KEEPALIVE_DEFAULT)
		LINE(e, "keepalive %u", c->keepalive);
	if (c->description[0] != '\0')
		LINE(e, "description %s", c->description);
}

static void
peer_settings(const struct bgp_peer_config *c, struct emit *e)
{
	if (c->group[0] != '\0')
		LINE(e, "group %s", c->group);
	if (c->bfd)
		LINE(e, "bfd");
	if (c->bfd_hops != PEER_BFD_HOPS_DEFAULT)
		LINE(e, "bfd hops %u", c->bfd_hops);
	if (c->shutdown)
		LINE(e, "shutdown");
	if (c->port != PEER_PORT_DEFAULT)
		LINE(e, "port %u", c->port);
}

static void
ecr_settings(const struct engine *eng, const struct object *o, struct emit *e)
{
	const struct ecr_config *c = &o->cfg.ecr;
	const struct object *v;

	if (c->asn != 0)
		LINE(e, "asn %u", c->asn);
	if (c->description[0] != '\0')
		LINE(e, "description %s", c->description);
	for (v = engine_first(eng, OBJ_VBR, NULL); v != NULL;
	    v = engine_next(v))
		if (strcmp(v->cfg.vbr.ecr, o->name) == 0)
			LINE(e, "associate vbr %s", v->name);
	if (c->transit_router[0] != '\0')
		LINE(e, "associate transit-router %s", c->transit_router);
}

static void
vpc_settings(const struct vpc_config *c, struct emit *e)
{
	char a[NETADDR_STRLEN];
	size_t i;

	if (c->has_cidr)
		LINE(e, "cidr %s", pfx(&c->cidr, a));
	for (i = 0; i < c->nvswitches; i++)
		LINE(e, "vswitch %s %s", c->vswitches[i].name,
		    pfx(&c->vswitches[i].prefix, a));
}

static void
tr_settings(const struct transit_router_config *c, struct emit *e)
{
	size_t i;

	for (i = 0; i < c->nvpcs; i++)
		LINE(e, "attach vpc %s", c->vpcs[i]);
	if (c->route_sync)
		LINE(e, "route-sync");
}

static void
vpngw_settings(const struct vpn_gateway_config *c, struct emit *e)
{
	if (c->vpc[0] != '\0')
		LINE(e, "vpc %s", c->vpc);
	if (c->auto_route_advertise)
		LINE(e, "auto-route-advertise");
	if (c->route_quota != VPNGW_ROUTE_QUOTA_DEFAULT)
		LINE(e, "route-quota %u", c->route_quota);
}

static void
cgw_settings(const struct customer_gateway_config *c, struct emit *e)
{
	char a[NETADDR_STRLEN];

	if (c->has_ip)
		LINE(e, "ip-address %s", ip(&c->ip, a));
	if (c->asn != 0)
		LINE(e, "asn %u", c->asn);
}

static void
conn_settings(const struct vpn_connection_config *c, struct emit *e)
{
	char a[NETADDR_STRLEN];
	size_t i;

	if (c->attach == ATTACH_VPN_GATEWAY)
		LINE(e, "vpn-gateway %s", c->attached_to);
	else if (c->attach == ATTACH_TRANSIT_ROUTER)
		LINE(e, "transit-router %s", c->attached_to);
	for (i = 0; i < c->routes.n; i++)
		LINE(e, "route %s", pfx(&c->routes.v[i], a));
}

static void
tunnel_settings(const struct vpn_tunnel_config *c, struct emit *e)
{
	char a[NETADDR_STRLEN];

	if (c->customer_gateway[0] != '\0')
		LINE(e, "customer-gateway %s", c->customer_gateway);
	if (c->local_asn != CLOUD_ASN)
		LINE(e, "local-asn %u", c->local_asn);
	if (c->has_cidr)
		LINE(e, "tunnel-cidr %s", pfx(&c->cidr, a));
	if (c->has_local_bgp_ip)
		LINE(e, "local-bgp-ip %s", ip(&c->local_bgp_ip, a));
	if (c->shutdown)
		LINE(e, "shutdown");
}

static void
cpe_settings(const struct cpe_config *c, struct emit *e)
{
	char a[NETADDR_STRLEN];
	size_t i, k;

	if (c->asn != 0)
		LINE(e, "asn %u", c->asn);
	if (c->has_address)
		LINE(e, "address %s", ip(&c->address, a));
	if (c->peer_asn != 0)
		LINE(e, "peer-asn %u", c->peer_asn);
	if (c->auth_key[0] != '\0')
		LINE(e, "auth-key %s", c->auth_key);
	for (i = 0; i < c->nnetworks; i++) {
		strbuf_printf(e->out, "%snetwork %s", e->ind,
		    pfx(&c->networks[i].prefix, a));
		if (c->networks[i].as_path_len > 0)
			strbuf_puts(e->out, " as-path");
		for (k = 0; k < c->networks[i].as_path_len; k++)
			strbuf_printf(e->out, " %u", c->networks[i].as_path[k]);
		strbuf_puts(e->out, "\n");
	}
	if (c->bfd && (c->bfd_interval_ms != CPE_BFD_INTERVAL_DEFAULT ||
	    c->bfd_multiplier != CPE_BFD_MULTIPLIER_DEFAULT))
		LINE(e, "bfd interval %u multiplier %u", c->bfd_interval_ms,
		    c->bfd_multiplier);
	else if (c->bfd)
		LINE(e, "bfd");
	if (c->link == CPE_LINK_VBR)
		LINE(e, "connect vbr %s", c->link_to);
	else if (c->link == CPE_LINK_VPN)
		LINE(e, "connect vpn-connection %s tunnel %u", c->link_to,
		    c->link_tunnel);
	if (c->shutdown)
		LINE(e, "shutdown");
	if (c->link_down)
		LINE(e, "link down");
}

static void object_block(const struct engine *, const struct object *, int,
    struct strbuf *);

static void
children(const struct engine *eng, const struct object *o, enum obj_kind kind,
    int level, struct strbuf *out)
{
	const struct object *c;

	for (c = engine_first(eng, kind, o); c != NULL; c = engine_next(c))
		object_block(eng, c, level, out);
}

static void
object_block(const struct engine *eng, const struct object *o, int level,
    struct strbuf *out)
{
	char ind[16];
	struct emit e = { out, ind };

	snprintf(ind, sizeof(ind), "%*s", level + 1, "");
	strbuf_printf(out, "%*s%s %s\n", level, "", engine_kind_word(o->kind),
	    o->name);
	switch (o->kind) {
	case OBJ_VBR:
		vbr_settings(&o->cfg.vbr, &e);
		children(eng, o, OBJ_BGP_GROUP, level + 1, out);
		children(eng, o, OBJ_BGP_PEER, level + 1, out);
		break;
	case OBJ_BGP_GROUP:
		group_settings(&o->cfg.group, &e);
		break;
	case OBJ_BGP_PEER:
		peer_settings(&o->cfg.peer, &e);
		break;
	case OBJ_ECR:
		ecr_settings(eng, o, &e);
		break;
	case OBJ_VPC:
		vpc_settings(&o->cfg.vpc, &e);
		break;
	case OBJ_TRANSIT_ROUTER:
		tr_settings(&o->cfg.tr, &e);
		break;
	case OBJ_VPN_GATEWAY:
		vpngw_settings(&o->cfg.vpngw, &e);
		break;
	case OBJ_CUSTOMER_GATEWAY:
		cgw_settings(&o->cfg.cgw, &e);
		break;
	case OBJ_VPN_CONNECTION:
		conn_settings(&o->cfg.conn, &e);
		children(eng, o, OBJ_VPN_TUNNEL, level + 1, out);
		if (o->cfg.conn.bgp)
			LINE(&e, "bgp");
		break;
	case OBJ_VPN_TUNNEL:
		tunnel_settings(&o->cfg.tunnel, &e);
		break;
	case OBJ_CPE:
		cpe_settings(&o->cfg.cpe, &e);
		break;
	default:
		break;
	}
	strbuf_printf(out, "%sexit\n", ind);
}

static const enum obj_kind top_order[] = {
	OBJ_VPC, OBJ_TRANSIT_ROUTER, OBJ_VBR, OBJ_ECR, OBJ_VPN_GATEWAY,
	OBJ_CUSTOMER_GATEWAY, OBJ_VPN_CONNECTION, OBJ_CPE,
};

void
running_config(const struct engine *e, struct strbuf *out)
{
	const struct object *o;
	size_t k;

	strbuf_puts(out, "! ecsh running configuration\n");
	strbuf_puts(out, "configure\n");
	if (strcmp(engine_hostname(e), ENGINE_HOSTNAME_DEFAULT) != 0)
		strbuf_printf(out, "hostname %s\n", engine_hostname(e));
	for (k = 0; k < bgp_tcp_listen_count(e); k++) {
		const struct bgp_listen *l = bgp_tcp_listen_get(e, k);
		char a[NETADDR_STRLEN];

		strbuf_printf(out, "bgp listen %s", ipaddr_format(&l->ip, a,
		    sizeof(a)));
		if (l->port != BGP_PORT)
			strbuf_printf(out, " port %u", l->port);
		strbuf_puts(out, "\n");
	}
	for (k = 0; k < sizeof(top_order) / sizeof(top_order[0]); k++)
		for (o = engine_first(e, top_order[k], NULL); o != NULL;
		    o = engine_next(o)) {
			strbuf_puts(out, "!\n");
			object_block(e, o, 0, out);
		}
	strbuf_puts(out, "end\n");
}

/*
 * cfg_vpn: VPN gateways (V1), customer gateways (V6), IPsec-VPN
 * connections (V3, V9) and their tunnels (V4 one local ASN, V5 tunnel
 * addresses).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "engine_impl.h"

#define FAIL(...)	engine_fail(err, "", __VA_ARGS__)

static bool
on_gateway(const struct object *conn, const char *gateway)
{
	return conn->cfg.conn.attach == ATTACH_VPN_GATEWAY &&
	    strcmp(conn->cfg.conn.attached_to, gateway) == 0;
}

/*
 * V4: the local ASN that BGP on this gateway already uses, from a BGP
 * connection other than `except`.  0 if none has one yet.
 */
static uint32_t
gateway_bgp_asn(const struct engine *e, const char *gateway,
    const struct object *except)
{
	struct object *c, *t;

	FOREACH_OBJECT(c, e, OBJ_VPN_CONNECTION, NULL) {
		if (c == except || !c->cfg.conn.bgp || !on_gateway(c, gateway))
			continue;
		FOREACH_OBJECT(t, e, OBJ_VPN_TUNNEL, c)
			return t->cfg.tunnel.local_asn;
	}
	return 0;
}

/* V4 for a whole connection: one ASN on its tunnels, the gateway's. */
static int
check_connection_asn(const struct engine *e, const struct object *conn,
    const char *gateway, struct engine_error *err)
{
	uint32_t asn = 0, other;
	struct object *t;

	FOREACH_OBJECT(t, e, OBJ_VPN_TUNNEL, conn) {
		if (asn != 0 && t->cfg.tunnel.local_asn != asn)
			return FAIL("vpn-connection %s: with bgp both tunnels "
			    "use one local-asn, but they have %u and %u (V4)",
			    conn->name, asn, t->cfg.tunnel.local_asn);
		asn = t->cfg.tunnel.local_asn;
	}
	if (asn != 0 && gateway != NULL &&
	    (other = gateway_bgp_asn(e, gateway, conn)) != 0 && other != asn)
		return FAIL("vpn-connection %s: BGP connections of vpn-gateway "
		    "%s use local-asn %u, not %u (V4)", conn->name, gateway,
		    other, asn);
	return 0;
}

/* V5: cidr is not used by another tunnel of the same connection or gateway */
static int
check_cidr_unique(const struct engine *e, const struct object *tunnel,
    const struct object *conn, const struct prefix *cidr,
    const char *gateway, struct engine_error *err)
{
	char a[NETADDR_STRLEN];
	struct object *c, *t;

	FOREACH_OBJECT(c, e, OBJ_VPN_CONNECTION, NULL) {
		if (c != conn && (gateway == NULL || !on_gateway(c, gateway)))
			continue;
		FOREACH_OBJECT(t, e, OBJ_VPN_TUNNEL, c)
			if (t != tunnel && t->cfg.tunnel.has_cidr &&
			    prefix_compare(&t->cfg.tunnel.cidr, cidr) == 0)
				return FAIL("tunnel-cidr %s is already used by "
				    "vpn-connection %s tunnel %s; each tunnel "
				    "of a VPN gateway has its own (V5)",
				    prefix_format(cidr, a, sizeof(a)), c->name,
				    t->name);
	}
	return 0;
}

/* VPN gateway */

static void
vpngw_defaults(struct engine *e, struct object *o)
{
	(void)e;
	o->cfg.vpngw.route_quota = VPNGW_ROUTE_QUOTA_DEFAULT;
}

static void
vpngw_referrers(const struct engine *e, const struct object *o, char *buf,
    size_t len)
{
	struct object *c;

	FOREACH_OBJECT(c, e, OBJ_VPN_CONNECTION, NULL)
		if (on_gateway(c, o->name))
			rules_list_addf(buf, len, "vpn-connection %s", c->name);
}

static int
vpngw_set(struct engine *e, struct object *o, enum setting s,
    const struct setting_value *v, bool negate, struct engine_error *err)
{
	struct vpn_gateway_config *c = &o->cfg.vpngw;

	switch (s) {
	case SET_VPNGW_VPC:
		if (!negate && engine_lookup(e, OBJ_VPC, v->name, NULL) == NULL)
			return FAIL("vpc %s does not exist", v->name);
		snprintf(c->vpc, sizeof(c->vpc), "%s", negate ? "" : v->name);
		return 0;
	case SET_VPNGW_AUTO_ROUTE_ADVERTISE:
		c->auto_route_advertise = !negate;
		return 0;
	case SET_VPNGW_ROUTE_QUOTA:
		if (!negate && (v->number < VPNGW_ROUTE_QUOTA_MIN ||
		    v->number > VPNGW_ROUTE_QUOTA_MAX))
			return FAIL("vpn-gateway %s: route-quota must be "
			    "%d-%d (V1)", o->name, VPNGW_ROUTE_QUOTA_MIN,
			    VPNGW_ROUTE_QUOTA_MAX);
		c->route_quota = negate ? VPNGW_ROUTE_QUOTA_DEFAULT :
		    (uint16_t)v->number;
		return 0;
	default:
		return FAIL("not a VPN gateway setting");
	}
}

static bool
vpngw_get(const struct engine *e, const struct object *o, enum setting s,
    struct setting_cursor *at, struct setting_value *v)
{
	const struct vpn_gateway_config *c = &o->cfg.vpngw;

	(void)e;
	switch (s) {
	case SET_VPNGW_VPC:
		return get_name(at, v, c->vpc, c->vpc[0] != '\0');
	case SET_VPNGW_AUTO_ROUTE_ADVERTISE:
		return setting_once(at, c->auto_route_advertise);
	case SET_VPNGW_ROUTE_QUOTA:
		return get_number(at, v, c->route_quota,
		    c->route_quota != VPNGW_ROUTE_QUOTA_DEFAULT);
	default:
		return false;
	}
}

const struct kind_ops vpn_gateway_ops = {
	.get = vpngw_get,
	.set = vpngw_set,
	.defaults = vpngw_defaults,
	.referrers = vpngw_referrers,
};

/* Customer gateway */

static void
cgw_referrers(const struct engine *e, const struct object *o, char *buf,
    size_t len)
{
	struct object *c, *t;

	FOREACH_OBJECT(c, e, OBJ_VPN_CONNECTION, NULL)
		FOREACH_OBJECT(t, e, OBJ_VPN_TUNNEL, c)
			if (strcmp(t->cfg.tunnel.customer_gateway,
			    o->name) == 0)
				rules_list_addf(buf, len,
				    "vpn-connection %s tunnel %s", c->name,
				    t->name);
}

static int
cgw_set(struct engine *e, struct object *o, enum setting s,
    const struct setting_value *v, bool negate, struct engine_error *err)
{
	struct customer_gateway_config *c = &o->cfg.cgw;

	(void)e;
	switch (s) {
	case SET_CGW_IP:
		c->has_ip = !negate;
		c->ip = v->ip;
		return 0;
	case SET_CGW_ASN:
		if (!negate && v->asn == CLOUD_ASN)
			return FAIL("customer-gateway %s: asn may not be %u, "
			    "the cloud's own ASN (V6)", o->name, CLOUD_ASN);
		if (c->asn != 0 && (negate || v->asn != c->asn))
			return FAIL("customer-gateway %s: asn %u cannot be "
			    "changed once set; delete the customer gateway and "
			    "create it again (V6)", o->name, c->asn);
		c->asn = v->asn;
		return 0;
	default:
		return FAIL("not a customer gateway setting");
	}
}

static bool
cgw_get(const struct engine *e, const struct object *o, enum setting s,
    struct setting_cursor *at, struct setting_value *v)
{
	const struct customer_gateway_config *c = &o->cfg.cgw;

	(void)e;
	switch (s) {
	case SET_CGW_IP:
		return get_ip(at, v, &c->ip, c->has_ip);
	case SET_CGW_ASN:
		return get_asn(at, v, c->asn, c->asn != 0);
	default:
		return false;
	}
}

const struct kind_ops customer_gateway_ops = {
	.get = cgw_get,
	.set = cgw_set,
	.referrers = cgw_referrers,
};

/* VPN connection */

static void
conn_release(struct object *o)
{
	prefix_set_free(&o->cfg.conn.routes);
}

static int
conn_duplicate(struct object *o)
{
	return engine_dup_prefix_set(&o->cfg.conn.routes);
}

static void
conn_referrers(const struct engine *e, const struct object *o, char *buf,
    size_t len)
{
	struct object *c;

	FOREACH_OBJECT(c, e, OBJ_CPE, NULL)
		if (c->cfg.cpe.link == CPE_LINK_VPN &&
		    strcmp(c->cfg.cpe.link_to, o->name) == 0)
			rules_list_addf(buf, len, "cpe %s", c->name);
}

static int
conn_attach(struct engine *e, struct object *o, enum attachment kind,
    const char *name, bool negate, struct engine_error *err)
{
	struct vpn_connection_config *c = &o->cfg.conn;
	const char *word = kind == ATTACH_VPN_GATEWAY ? "vpn-gateway" :
	    "transit-router";
	struct object *t;

	if (negate) {
		if (c->attach != kind)
			return FAIL("vpn-connection %s is not attached to a %s",
			    o->name, word);
		c->attach = ATTACH_NONE;
		c->attached_to[0] = '\0';
		return 0;
	}
	if (engine_lookup(e, kind == ATTACH_VPN_GATEWAY ? OBJ_VPN_GATEWAY :
	    OBJ_TRANSIT_ROUTER, name, NULL) == NULL)
		return FAIL("%s %s does not exist", word, name);
	if (c->attach == kind && strcmp(c->attached_to, name) == 0)
		return 0;
	if (c->attach != ATTACH_NONE)
		return FAIL("vpn-connection %s is attached to %s %s; detach it "
		    "with `no %s` first", o->name,
		    c->attach == ATTACH_VPN_GATEWAY ? "vpn-gateway" :
		    "transit-router", c->attached_to,
		    c->attach == ATTACH_VPN_GATEWAY ? "vpn-gateway" :
		    "transit-router");
	if (kind == ATTACH_VPN_GATEWAY && !engine_defers(e)) {
		FOREACH_OBJECT(t, e, OBJ_VPN_TUNNEL, o)
			if (t->cfg.tunnel.has_cidr && check_cidr_unique(e, t,
			    o, &t->cfg.tunnel.cidr, name, err) == -1)
				return -1;
		if (c->bgp && check_connection_asn(e, o, name, err) == -1)
			return -1;
	}
	c->attach = kind;
	snprintf(c->attached_to, sizeof(c->attached_to), "%s", name);
	return 0;
}

static int
conn_set(struct engine *e, struct object *o, enum setting s,
    const struct setting_value *v, bool negate, struct engine_error *err)
{
	struct vpn_connection_config *c = &o->cfg.conn;
	char a[NETADDR_STRLEN], why[160];

	switch (s) {
	case SET_CONN_VPN_GATEWAY:
		return conn_attach(e, o, ATTACH_VPN_GATEWAY, v->name, negate,
		    err);
	case SET_CONN_TRANSIT_ROUTER:
		return conn_attach(e, o, ATTACH_TRANSIT_ROUTER, v->name,
		    negate, err);
	case SET_CONN_BGP:
		if (negate) {
			c->bgp = false;
			return 0;
		}
		if (c->routes.n > 0)
			return FAIL("vpn-connection %s has destination-based "
			    "routes; a connection uses those or BGP, not both "
			    "(V9)", o->name);
		if (!engine_defers(e) && check_connection_asn(e, o,
		    c->attach == ATTACH_VPN_GATEWAY ? c->attached_to : NULL,
		    err) == -1)
			return -1;
		c->bgp = true;
		return 0;
	case SET_CONN_ROUTE:
		if (negate) {
			if (!prefix_set_remove(&c->routes, &v->prefix))
				return FAIL("vpn-connection %s has no route "
				    "%s", o->name, prefix_format(&v->prefix, a,
				    sizeof(a)));
			return 0;
		}
		if (c->bgp)
			return FAIL("vpn-connection %s uses BGP; a connection "
			    "uses destination-based routes or BGP, not both "
			    "(V9)", o->name);
		if (rules_destination_route(&v->prefix, why, sizeof(why)) == -1)
			return FAIL("vpn-connection %s: %s", o->name, why);
		return prefix_set_add(&c->routes, &v->prefix) < 0 ?
		    FAIL("out of memory") : 0;
	default:
		return FAIL("not a VPN connection setting");
	}
}

static bool
conn_get(const struct engine *e, const struct object *o, enum setting s,
    struct setting_cursor *at, struct setting_value *v)
{
	const struct vpn_connection_config *c = &o->cfg.conn;

	(void)e;
	switch (s) {
	case SET_CONN_VPN_GATEWAY:
		return get_name(at, v, c->attached_to,
		    c->attach == ATTACH_VPN_GATEWAY);
	case SET_CONN_TRANSIT_ROUTER:
		return get_name(at, v, c->attached_to,
		    c->attach == ATTACH_TRANSIT_ROUTER);
	case SET_CONN_BGP:
		return setting_once(at, c->bgp);
	case SET_CONN_ROUTE:
		if (at->i >= c->routes.n)
			return false;
		v->prefix = c->routes.v[at->i++];
		v->fields = SF_PREFIX;
		return true;
	default:
		return false;
	}
}

const struct kind_ops vpn_connection_ops = {
	.get = conn_get,
	.set = conn_set,
	.release = conn_release,
	.duplicate = conn_duplicate,
	.referrers = conn_referrers,
};

/* Tunnel */

static const char *
conn_gateway(const struct object *conn)
{
	return conn->cfg.conn.attach == ATTACH_VPN_GATEWAY ?
	    conn->cfg.conn.attached_to : NULL;
}

/* A new tunnel of a BGP connection starts on the ASN BGP already uses. */
static void
tunnel_defaults(struct engine *e, struct object *o)
{
	const struct object *conn = o->parent;
	struct object *t;
	uint32_t asn = 0;

	if (conn->cfg.conn.bgp) {
		FOREACH_OBJECT(t, e, OBJ_VPN_TUNNEL, conn) {
			asn = t->cfg.tunnel.local_asn;
			break;
		}
		if (asn == 0 && conn_gateway(conn) != NULL)
			asn = gateway_bgp_asn(e, conn_gateway(conn), conn);
	}
	o->cfg.tunnel.local_asn = asn != 0 ? asn : CLOUD_ASN;
}

static void
tunnel_referrers(const struct engine *e, const struct object *o, char *buf,
    size_t len)
{
	struct object *c;

	FOREACH_OBJECT(c, e, OBJ_CPE, NULL)
		if (c->cfg.cpe.link == CPE_LINK_VPN &&
		    strcmp(c->cfg.cpe.link_to, o->parent->name) == 0 &&
		    c->cfg.cpe.link_tunnel == atoi(o->name))
			rules_list_addf(buf, len, "cpe %s", c->name);
}

static int
tunnel_asn(struct engine *e, struct object *o, uint32_t asn,
    struct engine_error *err)
{
	const struct object *conn = o->parent;
	struct object *t;
	uint32_t other;

	if (conn->cfg.conn.bgp && !engine_defers(e)) {	/* V4 */
		FOREACH_OBJECT(t, e, OBJ_VPN_TUNNEL, conn)
			if (t != o && t->cfg.tunnel.local_asn != asn)
				return FAIL("vpn-connection %s tunnel %s: with "
				    "bgp both tunnels use one local-asn, and "
				    "tunnel %s has %u (V4); turn bgp off to "
				    "change both", conn->name, o->name,
				    t->name, t->cfg.tunnel.local_asn);
		if (conn_gateway(conn) != NULL && (other = gateway_bgp_asn(e,
		    conn_gateway(conn), conn)) != 0 && other != asn)
			return FAIL("vpn-connection %s tunnel %s: BGP "
			    "connections of vpn-gateway %s use local-asn %u "
			    "(V4)", conn->name, o->name, conn_gateway(conn),
			    other);
	}
	o->cfg.tunnel.local_asn = asn;
	return 0;
}

static int
tunnel_set(struct engine *e, struct object *o, enum setting s,
    const struct setting_value *v, bool negate, struct engine_error *err)
{
	struct vpn_tunnel_config *c = &o->cfg.tunnel;
	const struct object *conn = o->parent;
	char why[160], a[NETADDR_STRLEN];

	switch (s) {
	case SET_TUN_CUSTOMER_GATEWAY:
		if (!negate && engine_lookup(e, OBJ_CUSTOMER_GATEWAY, v->name,
		    NULL) == NULL)
			return FAIL("customer-gateway %s does not exist",
			    v->name);
		snprintf(c->customer_gateway, sizeof(c->customer_gateway),
		    "%s", negate ? "" : v->name);
		return 0;
	case SET_TUN_LOCAL_ASN:
		return tunnel_asn(e, o, negate ? CLOUD_ASN : v->asn, err);
	case SET_TUN_CIDR:
		if (negate) {
			if (c->has_local_bgp_ip)
				return FAIL("vpn-connection %s tunnel %s: "
				    "remove local-bgp-ip first", conn->name,
				    o->name);
			c->has_cidr = false;
			return 0;
		}
		if (rules_tunnel_cidr(&v->prefix, why, sizeof(why)) == -1)
			return FAIL("vpn-connection %s tunnel %s: %s",
			    conn->name, o->name, why);
		if (!engine_defers(e) && check_cidr_unique(e, o, conn,
		    &v->prefix, conn_gateway(conn), err) == -1)
			return -1;
		if (c->has_local_bgp_ip &&
		    !rules_tunnel_host(&v->prefix, &c->local_bgp_ip))
			return FAIL("vpn-connection %s tunnel %s: local-bgp-ip "
			    "%s would fall outside %s (V5)", conn->name,
			    o->name, ipaddr_format(&c->local_bgp_ip, a,
			    sizeof(a)), prefix_format(&v->prefix, why,
			    sizeof(why)));
		c->cidr = v->prefix;
		c->has_cidr = true;
		return 0;
	case SET_TUN_LOCAL_BGP_IP:
		if (negate) {
			c->has_local_bgp_ip = false;
			return 0;
		}
		if (!c->has_cidr)
			return FAIL("vpn-connection %s tunnel %s: set "
			    "tunnel-cidr first (V5)", conn->name, o->name);
		if (!rules_tunnel_host(&c->cidr, &v->ip))
			return FAIL("vpn-connection %s tunnel %s: local-bgp-ip "
			    "must be a host address of %s (V5)", conn->name,
			    o->name, prefix_format(&c->cidr, a, sizeof(a)));
		c->local_bgp_ip = v->ip;
		c->has_local_bgp_ip = true;
		return 0;
	case SET_TUN_SHUTDOWN:
		c->shutdown = !negate;
		return 0;
	default:
		return FAIL("not a tunnel setting");
	}
}

static bool
tunnel_get(const struct engine *e, const struct object *o, enum setting s,
    struct setting_cursor *at, struct setting_value *v)
{
	const struct vpn_tunnel_config *c = &o->cfg.tunnel;

	(void)e;
	switch (s) {
	case SET_TUN_CUSTOMER_GATEWAY:
		return get_name(at, v, c->customer_gateway,
		    c->customer_gateway[0] != '\0');
	case SET_TUN_LOCAL_ASN:
		return get_asn(at, v, c->local_asn, c->local_asn != CLOUD_ASN);
	case SET_TUN_CIDR:
		return get_prefix(at, v, &c->cidr, c->has_cidr);
	case SET_TUN_LOCAL_BGP_IP:
		return get_ip(at, v, &c->local_bgp_ip, c->has_local_bgp_ip);
	case SET_TUN_SHUTDOWN:
		return setting_once(at, c->shutdown);
	default:
		return false;
	}
}

const struct kind_ops vpn_tunnel_ops = {
	.get = tunnel_get,
	.set = tunnel_set,
	.defaults = tunnel_defaults,
	.referrers = tunnel_referrers,
};

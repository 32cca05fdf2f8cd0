/*
 * cfg_vbr: a VBR, its BGP groups and its BGP peers, and the rules that
 * bind them: R1 (8 peers), R2 (ASNs), R3 (ECR association), R4 (address
 * families), R7 (groups in use), E3 (no static routes under an ECR).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "engine_impl.h"

#define FAIL(...)	engine_fail(err, "", __VA_ARGS__)

static const struct object *
vbr_ecr(const struct engine *e, const struct object *vbr)
{
	return engine_lookup(e, OBJ_ECR, vbr->cfg.vbr.ecr, NULL);
}

/* The local ASN a new group of this VBR gets (R2). */
static uint32_t
default_local_asn(const struct engine *e, const struct object *vbr)
{
	const struct object *ecr = vbr_ecr(e, vbr);

	return ecr != NULL && ecr->cfg.ecr.asn != 0 ? ecr->cfg.ecr.asn :
	    CLOUD_ASN;
}

static size_t
count(const struct engine *e, enum obj_kind kind, const struct object *p)
{
	struct object *o;
	size_t n = 0;

	FOREACH_OBJECT(o, e, kind, p)
		n++;
	return n;
}

/* VBR */

static void
vbr_defaults(struct engine *e, struct object *o)
{
	(void)e;
	o->cfg.vbr.vlan = -1;
	o->cfg.vbr.mpbgp = true;
	o->cfg.vbr.bfd_interval_ms = VBR_BFD_INTERVAL_DEFAULT;
	o->cfg.vbr.bfd_multiplier = VBR_BFD_MULTIPLIER_DEFAULT;
}

static void
vbr_release(struct object *o)
{
	prefix_set_free(&o->cfg.vbr.advertise);
	free(o->cfg.vbr.routes);
}

static int
vbr_duplicate(struct object *o)
{
	if (engine_dup_array(&o->cfg.vbr.routes, o->cfg.vbr.nroutes,
	    sizeof(*o->cfg.vbr.routes)) == -1)
		return -1;
	if (engine_dup_prefix_set(&o->cfg.vbr.advertise) == -1) {
		free(o->cfg.vbr.routes);
		return -1;
	}
	return 0;
}

static void
vbr_referrers(const struct engine *e, const struct object *o, char *buf,
    size_t len)
{
	struct object *c;

	if (o->cfg.vbr.ecr[0] != '\0')
		rules_list_addf(buf, len, "ecr %s", o->cfg.vbr.ecr);
	FOREACH_OBJECT(c, e, OBJ_CPE, NULL)
		if (c->cfg.cpe.link == CPE_LINK_VBR &&
		    strcmp(c->cfg.cpe.link_to, o->name) == 0)
			rules_list_addf(buf, len, "cpe %s", c->name);
}

static int
vbr_route(struct engine *e, struct object *o, const struct setting_value *v,
    bool negate, struct engine_error *err)
{
	struct vbr_config *c = &o->cfg.vbr;
	struct static_route *r;
	size_t i;

	for (i = 0; i < c->nroutes; i++)
		if (prefix_compare(&c->routes[i].prefix, &v->prefix) >= 0)
			break;
	if (negate) {
		if (i == c->nroutes ||
		    prefix_compare(&c->routes[i].prefix, &v->prefix) != 0)
			return FAIL("vbr %s has no static route to that prefix",
			    o->name);
		if (v->has_next_hop &&
		    !ipaddr_equal(&c->routes[i].next_hop, &v->next_hop)) {
			char want[NETADDR_STRLEN], has[NETADDR_STRLEN],
			    p[NETADDR_STRLEN];

			return FAIL("vbr %s has no static route to %s via %s: "
			    "its next hop is %s (`no route %s` removes it)",
			    o->name, prefix_format(&v->prefix, p, sizeof(p)),
			    ipaddr_format(&v->next_hop, want, sizeof(want)),
			    ipaddr_format(&c->routes[i].next_hop, has,
			    sizeof(has)), p);
		}
		memmove(&c->routes[i], &c->routes[i + 1],
		    (c->nroutes - i - 1) * sizeof(*c->routes));
		c->nroutes--;
		return 0;
	}
	if (c->ecr[0] != '\0' && !engine_defers(e))
		return FAIL("vbr %s is associated with ecr %s, and a VBR under "
		    "an ECR has no static routes (E3)", o->name, c->ecr);
	if (v->next_hop.family != v->prefix.addr.family)
		return FAIL("vbr %s: the next hop must be of the prefix's "
		    "address family", o->name);
	if (v->prefix.addr.family == AF_INET6 && !c->ipv6)
		return FAIL("vbr %s: an IPv6 route needs ipv6 on the VBR (R4)",
		    o->name);
	if (i < c->nroutes &&
	    prefix_compare(&c->routes[i].prefix, &v->prefix) == 0) {
		c->routes[i].next_hop = v->next_hop;	/* replaces */
		return 0;
	}
	if ((r = realloc(c->routes, (c->nroutes + 1) * sizeof(*r))) == NULL)
		return FAIL("out of memory");
	c->routes = r;
	memmove(&r[i + 1], &r[i], (c->nroutes - i) * sizeof(*r));
	r[i].prefix = v->prefix;
	r[i].next_hop = v->next_hop;
	c->nroutes++;
	return 0;
}

/*
 * The circuit's addressing: local and peer gateway IPs and the peering
 * subnet mask.  What no real circuit could have is refused, once the
 * settings it involves are all there.
 */
static int
vbr_circuit(struct object *o, enum setting s, const struct setting_value *v,
    bool negate, struct engine_error *err)
{
	struct vbr_config *c = &o->cfg.vbr, next = *c;
	char a[NETADDR_STRLEN], why[200];

	ipaddr_format(&v->ip, a, sizeof(a));
	if (s == SET_VBR_PEERING_SUBNET_MASK) {
		if (!negate && !rules_netmask_valid(&v->ip))
			return FAIL("vbr %s: %s is not a netmask (ones, then "
			    "zeros)", o->name, a);
		next.has_peering_subnet_mask = !negate;
		next.peering_subnet_mask = v->ip;
	} else {
		if (!negate && rules_unicast_host(&v->ip, why, sizeof(why)) == -1)
			return engine_fail(err, "InvalidIP.Malformed", "vbr %s: "
			    "%s is %s, not the address of a router", o->name, a,
			    why);
		if (s == SET_VBR_LOCAL_GATEWAY_IP) {
			next.has_local_gateway_ip = !negate;
			next.local_gateway_ip = v->ip;
		} else {
			next.has_peer_gateway_ip = !negate;
			next.peer_gateway_ip = v->ip;
		}
	}
	if (next.has_local_gateway_ip && next.has_peer_gateway_ip &&
	    rules_circuit_ends(&next.local_gateway_ip, &next.peer_gateway_ip,
	    next.has_peering_subnet_mask ? &next.peering_subnet_mask : NULL,
	    why, sizeof(why)) == -1)
		return FAIL("vbr %s: %s", o->name, why);
	c->has_local_gateway_ip = next.has_local_gateway_ip;
	c->local_gateway_ip = next.local_gateway_ip;
	c->has_peer_gateway_ip = next.has_peer_gateway_ip;
	c->peer_gateway_ip = next.peer_gateway_ip;
	c->has_peering_subnet_mask = next.has_peering_subnet_mask;
	c->peering_subnet_mask = next.peering_subnet_mask;
	return 0;
}

static int
vbr_set(struct engine *e, struct object *o, enum setting s,
    const struct setting_value *v, bool negate, struct engine_error *err)
{
	struct vbr_config *c = &o->cfg.vbr;
	char a[NETADDR_STRLEN];
	struct object *g;
	size_t i;

	switch (s) {
	case SET_VBR_DESCRIPTION:
		return engine_set_description(o, c->description, v->text,
		    negate, err);
	case SET_VBR_VLAN:
		if (!negate && (v->number < VBR_VLAN_MIN ||
		    v->number > VBR_VLAN_MAX))
			return FAIL("vbr %s: vlan must be %d-%d", o->name,
			    VBR_VLAN_MIN, VBR_VLAN_MAX);
		c->vlan = negate ? -1 : (int32_t)v->number;
		return 0;
	case SET_VBR_LOCAL_GATEWAY_IP:
	case SET_VBR_PEER_GATEWAY_IP:
	case SET_VBR_PEERING_SUBNET_MASK:
		return vbr_circuit(o, s, v, negate, err);
	case SET_VBR_IPV6:
		if (negate && !engine_defers(e)) {	/* R4: at commit */
			FOREACH_OBJECT(g, e, OBJ_BGP_GROUP, o)
				if (g->cfg.group.family == AF_INET6)
					return FAIL("vbr %s: bgp-group %s is "
					    "IPv6 and needs ipv6 on the VBR "
					    "(R4)", o->name, g->name);
			FOREACH_OBJECT(g, e, OBJ_BGP_PEER, o)
				if (g->addr.family == AF_INET6)
					return FAIL("vbr %s: bgp-peer %s is "
					    "IPv6 and needs ipv6 on the VBR "
					    "(R4)", o->name, g->name);
			for (i = 0; i < c->advertise.n; i++)
				if (c->advertise.v[i].addr.family == AF_INET6)
					return FAIL("vbr %s advertises %s, which "
					    "needs ipv6 on the VBR (R4)", o->name,
					    prefix_format(&c->advertise.v[i], a,
					    sizeof(a)));
			for (i = 0; i < c->nroutes; i++)
				if (c->routes[i].prefix.addr.family == AF_INET6)
					return FAIL("vbr %s has a static route "
					    "to %s, which needs ipv6 on the VBR "
					    "(R4)", o->name, prefix_format(
					    &c->routes[i].prefix, a, sizeof(a)));
		}
		c->ipv6 = !negate;
		return 0;
	case SET_VBR_MPBGP:
		if (negate && c->ecr[0] != '\0' && !engine_defers(e))
			return FAIL("vbr %s is associated with ecr %s, which "
			    "needs mpbgp (R3)", o->name, c->ecr);
		c->mpbgp = !negate;
		return 0;
	case SET_VBR_BFD:
		if (negate) {
			c->bfd_interval_ms = VBR_BFD_INTERVAL_DEFAULT;
			c->bfd_multiplier = VBR_BFD_MULTIPLIER_DEFAULT;
			return 0;
		}
		if (v->interval_ms < VBR_BFD_INTERVAL_MIN ||
		    v->interval_ms > VBR_BFD_INTERVAL_MAX ||
		    v->multiplier < VBR_BFD_MULTIPLIER_MIN ||
		    v->multiplier > VBR_BFD_MULTIPLIER_MAX)
			return FAIL("vbr %s: bfd interval must be %d-%d ms "
			    "and multiplier %d-%d", o->name,
			    VBR_BFD_INTERVAL_MIN, VBR_BFD_INTERVAL_MAX,
			    VBR_BFD_MULTIPLIER_MIN, VBR_BFD_MULTIPLIER_MAX);
		c->bfd_interval_ms = (uint16_t)v->interval_ms;
		c->bfd_multiplier = (uint8_t)v->multiplier;
		return 0;
	case SET_VBR_ADVERTISE:
		if (negate) {
			if (!prefix_set_remove(&c->advertise, &v->prefix))
				return FAIL("vbr %s does not advertise %s",
				    o->name, prefix_format(&v->prefix, a,
				    sizeof(a)));
			return 0;
		}
		if (v->prefix.addr.family == AF_INET6 && !c->ipv6 &&
		    !engine_defers(e))
			return FAIL("vbr %s: advertising an IPv6 prefix needs "
			    "ipv6 on the VBR (R4)", o->name);
		return prefix_set_add(&c->advertise, &v->prefix) < 0 ?
		    FAIL("out of memory") : 0;
	case SET_VBR_ROUTE:
		return vbr_route(e, o, v, negate, err);
	default:
		return FAIL("not a VBR setting");
	}
}

static bool
vbr_get(const struct engine *e, const struct object *o, enum setting s,
    struct setting_cursor *at, struct setting_value *v)
{
	const struct vbr_config *c = &o->cfg.vbr;

	(void)e;
	switch (s) {
	case SET_VBR_DESCRIPTION:
		return get_text(at, v, c->description,
		    c->description[0] != '\0');
	case SET_VBR_VLAN:
		return get_number(at, v, c->vlan, c->vlan >= 0);
	case SET_VBR_LOCAL_GATEWAY_IP:
		return get_ip(at, v, &c->local_gateway_ip,
		    c->has_local_gateway_ip);
	case SET_VBR_PEER_GATEWAY_IP:
		return get_ip(at, v, &c->peer_gateway_ip,
		    c->has_peer_gateway_ip);
	case SET_VBR_PEERING_SUBNET_MASK:
		return get_ip(at, v, &c->peering_subnet_mask,
		    c->has_peering_subnet_mask);
	case SET_VBR_IPV6:
		return setting_once(at, c->ipv6);
	case SET_VBR_MPBGP:
		v->negated = true;	/* on by default: shown when off */
		return setting_once(at, !c->mpbgp);
	case SET_VBR_BFD:
		v->interval_ms = c->bfd_interval_ms;
		v->multiplier = c->bfd_multiplier;
		v->has_timers = true;
		v->fields = SF_TIMERS;
		return setting_once(at, c->bfd_interval_ms !=
		    VBR_BFD_INTERVAL_DEFAULT || c->bfd_multiplier !=
		    VBR_BFD_MULTIPLIER_DEFAULT);
	case SET_VBR_ADVERTISE:
		if (at->i >= c->advertise.n)
			return false;
		v->prefix = c->advertise.v[at->i++];
		v->fields = SF_PREFIX;
		return true;
	case SET_VBR_ROUTE:
		if (at->i >= c->nroutes)
			return false;
		v->prefix = c->routes[at->i].prefix;
		v->next_hop = c->routes[at->i++].next_hop;
		v->has_next_hop = true;
		v->fields = SF_PREFIX | SF_NEXT_HOP;
		return true;
	default:
		return false;
	}
}

const struct kind_ops vbr_ops = {
	.set = vbr_set,
	.get = vbr_get,
	.defaults = vbr_defaults,
	.release = vbr_release,
	.duplicate = vbr_duplicate,
	.referrers = vbr_referrers,
};

/* BGP group */

static void
group_defaults(struct engine *e, struct object *o)
{
	struct bgp_group_config *c = &o->cfg.group;

	c->family = AF_INET;
	c->local_asn = default_local_asn(e, o->parent);
	c->route_limit = GROUP_ROUTE_LIMIT_DEFAULT;
	c->hold_time = GROUP_HOLD_TIME_DEFAULT;
	c->keepalive = GROUP_KEEPALIVE_DEFAULT;
}

static void
group_referrers(const struct engine *e, const struct object *o, char *buf,
    size_t len)
{
	struct object *p;

	FOREACH_OBJECT(p, e, OBJ_BGP_PEER, o->parent)
		if (strcmp(p->cfg.peer.group, o->name) == 0)
			rules_list_add(buf, len, p->name);
}

static int
group_local_asn(struct engine *e, struct object *o, uint32_t asn,
    struct engine_error *err)
{
	const struct object *ecr = vbr_ecr(e, o->parent);

	if (!rules_local_asn_valid(asn))
		return engine_fail(err, "InvalidBgpGroup.LocalAsnInvalid",
		    "bgp-group %s: local-asn %u is not allowed; it must be "
		    RULES_LOCAL_ASN_RANGES " (R2)", o->name, asn);
	if (ecr != NULL && ecr->cfg.ecr.asn != asn && !engine_defers(e))
		return engine_fail(err, "Conflict.ASNOfVBR", "bgp-group %s: "
		    "vbr %s is associated with ecr %s, "
		    "so local-asn must stay %u, the ECR's ASN (R3)", o->name,
		    o->parent->name, ecr->name, ecr->cfg.ecr.asn);
	o->cfg.group.local_asn = asn;
	return 0;
}

static int
group_set(struct engine *e, struct object *o, enum setting s,
    const struct setting_value *v, bool negate, struct engine_error *err)
{
	struct bgp_group_config *c = &o->cfg.group;
	sa_family_t family;
	struct object *p;

	switch (s) {
	case SET_GROUP_FAMILY:
		family = negate ? AF_INET : v->family;
		if (engine_defers(e))
			goto family;	/* R4: at commit */
		if (family == AF_INET6 && !o->parent->cfg.vbr.ipv6)
			return FAIL("bgp-group %s: address-family ipv6 needs "
			    "ipv6 on vbr %s (R4)", o->name, o->parent->name);
		FOREACH_OBJECT(p, e, OBJ_BGP_PEER, o->parent)
			if (strcmp(p->cfg.peer.group, o->name) == 0 &&
			    p->addr.family != family)
				return FAIL("bgp-group %s: bgp-peer %s is of "
				    "the other address family (R4)", o->name,
				    p->name);
family:
		c->family = family;
		return 0;
	case SET_GROUP_PEER_ASN:
		if (!negate && v->asn == CLOUD_ASN)
			return engine_fail(err, "InvalidPeerAsn.Malformed",
			    "bgp-group %s: peer-asn may not be %u, the cloud's "
			    "own ASN (R2)", o->name, CLOUD_ASN);
		c->peer_asn = negate ? 0 : v->asn;
		return 0;
	case SET_GROUP_LOCAL_ASN:
		return group_local_asn(e, o, negate ?
		    default_local_asn(e, o->parent) : v->asn, err);
	case SET_GROUP_AUTH_KEY:
		if (!negate && strlen(v->text) > AUTH_KEY_MAX)
			return engine_fail(err, "InvalidBgpAuthkey.Malformed",
			    "bgp-group %s: auth-key has at most %d characters",
			    o->name, AUTH_KEY_MAX);
		if (!negate && strcmp(v->text, AUTH_KEY_HIDDEN) == 0)
			return engine_fail(err, "InvalidBgpAuthkey.Malformed",
			    "bgp-group %s: auth-key %s stands for a key that is "
			    "not shown: type the key itself", o->name,
			    AUTH_KEY_HIDDEN);
		snprintf(c->auth_key, sizeof(c->auth_key), "%s",
		    negate ? "" : v->text);
		return 0;
	case SET_GROUP_ROUTE_LIMIT:
		if (!negate && (v->number < GROUP_ROUTE_LIMIT_MIN ||
		    v->number > GROUP_ROUTE_LIMIT_MAX))
			return FAIL("bgp-group %s: route-limit must be %d-%d "
			    "(R5)", o->name, GROUP_ROUTE_LIMIT_MIN,
			    GROUP_ROUTE_LIMIT_MAX);
		c->route_limit = negate ? GROUP_ROUTE_LIMIT_DEFAULT :
		    (uint8_t)v->number;
		return 0;
	case SET_GROUP_DESCRIPTION:
		return engine_set_description(o, c->description, v->text,
		    negate, err);
	case SET_GROUP_HOLD_TIME:
		if (!negate && (v->number < GROUP_HOLD_TIME_MIN ||
		    v->number > GROUP_HOLD_TIME_MAX))
			return FAIL("bgp-group %s: hold-time must be %d-%d s",
			    o->name, GROUP_HOLD_TIME_MIN, GROUP_HOLD_TIME_MAX);
		c->hold_time = negate ? GROUP_HOLD_TIME_DEFAULT :
		    (uint16_t)v->number;
		return 0;
	case SET_GROUP_KEEPALIVE:
		if (!negate && (v->number < GROUP_KEEPALIVE_MIN ||
		    v->number > GROUP_KEEPALIVE_MAX))
			return FAIL("bgp-group %s: keepalive must be %d-%d s",
			    o->name, GROUP_KEEPALIVE_MIN, GROUP_KEEPALIVE_MAX);
		c->keepalive = negate ? GROUP_KEEPALIVE_DEFAULT :
		    (uint16_t)v->number;
		return 0;
	default:
		return FAIL("not a BGP group setting");
	}
}

static bool
group_get(const struct engine *e, const struct object *o, enum setting s,
    struct setting_cursor *at, struct setting_value *v)
{
	const struct bgp_group_config *c = &o->cfg.group;

	(void)e;
	switch (s) {
	case SET_GROUP_FAMILY:
		v->family = c->family;
		v->fields = SF_FAMILY;
		return setting_once(at, c->family == AF_INET6);
	case SET_GROUP_PEER_ASN:
		return get_asn(at, v, c->peer_asn, c->peer_asn != 0);
	case SET_GROUP_LOCAL_ASN:
		return get_asn(at, v, c->local_asn, c->local_asn != CLOUD_ASN);
	case SET_GROUP_AUTH_KEY:
		return get_text(at, v, c->auth_key, c->auth_key[0] != '\0');
	case SET_GROUP_ROUTE_LIMIT:
		return get_number(at, v, c->route_limit,
		    c->route_limit != GROUP_ROUTE_LIMIT_DEFAULT);
	case SET_GROUP_HOLD_TIME:
		return get_number(at, v, c->hold_time,
		    c->hold_time != GROUP_HOLD_TIME_DEFAULT);
	case SET_GROUP_KEEPALIVE:
		return get_number(at, v, c->keepalive,
		    c->keepalive != GROUP_KEEPALIVE_DEFAULT);
	case SET_GROUP_DESCRIPTION:
		return get_text(at, v, c->description,
		    c->description[0] != '\0');
	default:
		return false;
	}
}

const struct kind_ops bgp_group_ops = {
	.set = group_set,
	.get = group_get,
	.defaults = group_defaults,
	.referrers = group_referrers,
};

/* BGP peer */

static void
peer_defaults(struct engine *e, struct object *o)
{
	(void)e;
	o->cfg.peer.bfd_hops = PEER_BFD_HOPS_DEFAULT;
	o->cfg.peer.port = PEER_PORT_DEFAULT;
}

static int
peer_may_create(const struct engine *e, const struct object *vbr,
    const struct object *key, struct engine_error *err)
{
	size_t n = count(e, OBJ_BGP_PEER, vbr);
	char why[120];

	if (rules_unicast_host(&key->addr, why, sizeof(why)) == -1)
		return engine_fail(err, "InvalidIP.Malformed", "vbr %s: "
		    "bgp-peer %s is %s, not the address of a router", vbr->name,
		    key->name, why);
	if (engine_defers(e))
		return 0;	/* R1, R4: at commit */
	if (n >= VBR_MAX_PEERS)
		return engine_fail(err, "QuotaExceeded.Bgp", "vbr %s has %zu "
		    "of %d BGP peers (R1)", vbr->name, n, VBR_MAX_PEERS);
	if (key->addr.family == AF_INET6 && !vbr->cfg.vbr.ipv6)
		return FAIL("vbr %s: an IPv6 bgp-peer needs ipv6 on the VBR "
		    "(R4)", vbr->name);
	return 0;
}

static int
peer_set(struct engine *e, struct object *o, enum setting s,
    const struct setting_value *v, bool negate, struct engine_error *err)
{
	struct bgp_peer_config *c = &o->cfg.peer;
	const struct object *g;

	switch (s) {
	case SET_PEER_GROUP:
		if (negate) {
			c->group[0] = '\0';
			return 0;
		}
		if (engine_defers(e)) {	/* the group may come later */
			snprintf(c->group, sizeof(c->group), "%s", v->name);
			return 0;
		}
		if ((g = engine_lookup(e, OBJ_BGP_GROUP, v->name,
		    o->parent)) == NULL)
			return FAIL("bgp-peer %s: vbr %s has no bgp-group %s",
			    o->name, o->parent->name, v->name);
		if (g->cfg.group.family != o->addr.family)
			return FAIL("bgp-peer %s is %s but bgp-group %s is %s "
			    "(R4)", o->name, o->addr.family == AF_INET ?
			    "IPv4" : "IPv6", g->name,
			    g->cfg.group.family == AF_INET ? "IPv4" : "IPv6");
		snprintf(c->group, sizeof(c->group), "%s", g->name);
		return 0;
	case SET_PEER_BFD:
		c->bfd = !negate;
		return 0;
	case SET_PEER_BFD_HOPS:
		if (!negate && (v->number < PEER_BFD_HOPS_MIN ||
		    v->number > PEER_BFD_HOPS_MAX))
			return FAIL("bgp-peer %s: bfd hops must be %d-%d (R6)",
			    o->name, PEER_BFD_HOPS_MIN, PEER_BFD_HOPS_MAX);
		c->bfd_hops = negate ? PEER_BFD_HOPS_DEFAULT :
		    (uint8_t)v->number;
		return 0;
	case SET_PEER_SHUTDOWN:
		c->shutdown = !negate;
		return 0;
	case SET_PEER_PORT:
		c->port = negate ? PEER_PORT_DEFAULT : (uint16_t)v->number;
		return 0;
	default:
		return FAIL("not a BGP peer setting");
	}
}

static bool
peer_get(const struct engine *e, const struct object *o, enum setting s,
    struct setting_cursor *at, struct setting_value *v)
{
	const struct bgp_peer_config *c = &o->cfg.peer;

	(void)e;
	switch (s) {
	case SET_PEER_GROUP:
		return get_name(at, v, c->group, c->group[0] != '\0');
	case SET_PEER_BFD:
		return setting_once(at, c->bfd);
	case SET_PEER_BFD_HOPS:
		return get_number(at, v, c->bfd_hops,
		    c->bfd_hops != PEER_BFD_HOPS_DEFAULT);
	case SET_PEER_SHUTDOWN:
		return setting_once(at, c->shutdown);
	case SET_PEER_PORT:
		return get_number(at, v, c->port, c->port != PEER_PORT_DEFAULT);
	default:
		return false;
	}
}

const struct kind_ops bgp_peer_ops = {
	.set = peer_set,
	.get = peer_get,
	.defaults = peer_defaults,
	.may_create = peer_may_create,
};

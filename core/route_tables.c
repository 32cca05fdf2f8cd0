/*
 * route_tables: which candidates each kind of table gets, and the rules
 * that decide between them (SPEC section 6).  Tables that feed others
 * are built first and read only through their active routes, in one
 * direction: VPN connections and ECRs feed transit routers, which feed
 * VPCs, which feed VPN gateways (without the gateways' own routes, so
 * nothing comes back round).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ecr_rib.h"
#include "engine_impl.h"
#include "route_table_impl.h"
#include "rules.h"

static const struct object *
find_object(const struct engine *e, enum obj_kind kind, const char *name)
{
	return name[0] != '\0' ? engine_lookup(e, kind, name, NULL) : NULL;
}

/*
 * Add another table's routes (its active ones, or all) to `to` as `how`
 * says, and free that table.
 */
static void
relay_from(struct route_table *to, struct route_table *from, bool active_only,
    const struct rt_relay *how)
{
	struct rt_relay x = *how;

	x.to = to;
	if (from != NULL && active_only)
		rt_walk_active(from, rt_relay, &x);
	else if (from != NULL)
		route_table_walk(from, rt_relay, &x);
	route_table_free(from);
}

/* VPN connection: what it learned, before any other table sees it. */

static bool
tunnel_up(const struct object *t, char *why, size_t len)
{
	if (t->cfg.tunnel.shutdown) {
		snprintf(why, len, "tunnel %s is shut down", t->name);
		return false;
	}
	if (t->cfg.tunnel.customer_gateway[0] == '\0') {
		snprintf(why, len, "tunnel %s has no customer gateway",
		    t->name);
		return false;
	}
	return true;
}

static void
decide_learned(struct route_list *l, void *arg)
{
	const bool *on_gateway = arg;
	size_t i;

	for (i = 0; i < l->n; i++) {
		if (l->v[i].r.source != ROUTE_VPN_BGP)
			continue;
		if (*on_gateway && l->v[i].r.prefix.len == 0)
			rt_lose(&l->v[i], "ignored: a connection on a VPN gateway "
			    "does not take the default route over BGP (V2)");
		if (rules_shared_address_space(&l->v[i].r.prefix))
			rt_lose(&l->v[i], "inside 100.64.0.0/10, which the cloud "
			    "keeps for itself (V3)");
	}
	rt_decide_paths(l, 0);
}

static void
destination_routes(struct route_table *t, const struct object *conn)
{
	const struct vpn_connection_config *c = &conn->cfg.conn;
	const struct object *tn;
	struct route_hop h;
	struct ipaddr peer;
	char why[160];
	struct route r;
	size_t i, ntunnels;

	for (i = 0; i < c->routes.n; i++) {
		ntunnels = 0;
		for (tn = engine_first(t->engine, OBJ_VPN_TUNNEL, conn);
		    tn != NULL; tn = engine_next(tn)) {
			const struct vpn_tunnel_config *tc = &tn->cfg.tunnel;

			ntunnels++;
			if (tc->has_local_bgp_ip)
				peer = rules_tunnel_peer(&tc->cidr,
				    &tc->local_bgp_ip);
			h = rt_hop(HOP_CONNECTION, conn->name, atoi(tn->name),
			    tc->has_local_bgp_ip ? &peer : NULL);
			r = rt_route(&c->routes.v[i], ROUTE_STATIC, &h);
			r.active = tunnel_up(tn, why, sizeof(why));
			r.reason = r.active ? NULL : why;
			rt_add(t, &r, 0);
		}
		if (ntunnels == 0) {
			r = rt_route(&c->routes.v[i], ROUTE_STATIC, NULL);
			r.active = false;
			snprintf(why, sizeof(why), "vpn-connection %s has no "
			    "tunnel", conn->name);
			r.reason = why;
			rt_add(t, &r, 0);
		}
	}
}

static struct route_table *
conn_learned(struct engine *e, const struct object *conn)
{
	struct route_table *t = rt_table_new(e);
	const struct speaker *sp;
	const struct rib_route *rr;
	struct route_hop h;
	struct route r;
	bool on_gateway = conn->cfg.conn.attach == ATTACH_VPN_GATEWAY;

	if (t == NULL)
		return NULL;
	if (!conn->cfg.conn.bgp) {
		destination_routes(t, conn);
		rt_decide(t, decide_learned, &on_gateway);
		return t;
	}
	for (sp = bgp_speaker_first(e); sp != NULL; sp = bgp_speaker_next(sp)) {
		if (bgp_speaker_side(sp) != SIDE_TUNNEL ||
		    strcmp(bgp_speaker_owner(sp), conn->name) != 0)
			continue;
		h = rt_hop(HOP_CONNECTION, conn->name, bgp_speaker_tunnel_no(sp),
		    bgp_speaker_peer_ip(sp));
		for (rr = bgp_speaker_in_first(sp); rr != NULL;
		    rr = bgp_rib_next(rr)) {
			h.attrs = rr->attrs;
			r = rt_route(&rr->prefix, ROUTE_VPN_BGP, &h);
			r.attrs = rr->attrs;
			r.sp = sp;
			rt_add(t, &r, 0);
		}
	}
	rt_decide(t, decide_learned, &on_gateway);
	return t;
}

/* Transit router (V10). */

static void
tr_reason(struct cand *loser, const struct cand *w)
{
	char via[OBJ_NAME_MAX + 64];

	if (w->rank == 1 && loser->rank == 2)
		rt_lose(loser, "a BGP route to the same prefix is preferred over "
		    "a destination-based one (V10)");
	else
		rt_lose(loser, "the route via %s is preferred",
		    rt_hop_words(&w->r.hop[0], via, sizeof(via)));
}

static struct route_table *
tr_table(struct engine *e, const struct object *tr)
{
	static const struct rt_ranking rk = { tr_reason };
	struct route_table *t = rt_table_new(e);
	const struct ecr_route *er;
	const struct object *o;
	struct route_hop h;
	struct route r;
	size_t i;

	if (t == NULL)
		return NULL;
	for (i = 0; i < tr->cfg.tr.nvpcs; i++) {
		o = find_object(e, OBJ_VPC, tr->cfg.tr.vpcs[i]);
		if (o == NULL || !o->cfg.vpc.has_cidr)
			continue;
		h = rt_hop(HOP_VPC, o->name, 0, NULL);
		r = rt_route(&o->cfg.vpc.cidr, ROUTE_CLOUD, &h);
		rt_add(t, &r, 0);
	}
	for (o = engine_first(e, OBJ_ECR, NULL); o != NULL; o = engine_next(o)) {
		if (strcmp(o->cfg.ecr.transit_router, tr->name) != 0)
			continue;
		h = rt_hop(HOP_ECR, o->name, 0, NULL);
		for (er = ecr_rib_first(e, o->name); er != NULL;
		    er = ecr_rib_next(er)) {
			r = rt_route(&er->prefix, ROUTE_BGP, &h);
			r.attrs = er->hop[0].attrs;
			r.sp = er->hop[0].sp;
			rt_add(t, &r, 1);
		}
	}
	for (o = engine_first(e, OBJ_VPN_CONNECTION, NULL); o != NULL;
	    o = engine_next(o)) {
		if (o->cfg.conn.attach != ATTACH_TRANSIT_ROUTER ||
		    strcmp(o->cfg.conn.attached_to, tr->name) != 0)
			continue;
		relay_from(t, conn_learned(e, o), true, &(struct rt_relay){
		    .hop = rt_hop(HOP_CONNECTION, o->name, 0, NULL),
		    .rank = -1, .keep_attrs = true });
	}
	rt_decide(t, rt_decide_ranked, (void *)&rk);
	return t;
}

/* VPC system table. */

static struct route_table *gw_table(struct engine *, const struct object *);

static void
vpc_reason(struct cand *loser, const struct cand *w)
{
	char via[OBJ_NAME_MAX + 64];

	if (w->rank == 0)
		rt_lose(loser, "the system route of vswitch %s is preferred",
		    w->r.hop[0].name);
	else
		rt_lose(loser, "the route via %s is preferred",
		    rt_hop_words(&w->r.hop[0], via, sizeof(via)));
}

static struct route_table *
vpc_table(struct engine *e, const struct object *vpc, bool with_gateways)
{
	static const struct rt_ranking rk = { vpc_reason };
	struct route_table *t = rt_table_new(e);
	const struct vpc_config *c = &vpc->cfg.vpc;
	const struct object *o;
	struct route_hop h;
	struct route r;
	size_t i;

	if (t == NULL)
		return NULL;
	for (i = 0; i < c->nvswitches; i++) {
		h = rt_hop(HOP_VSWITCH, c->vswitches[i].name, 0, NULL);
		r = rt_route(&c->vswitches[i].prefix, ROUTE_SYSTEM, &h);
		rt_add(t, &r, 0);
	}
	/* V8: a gateway's BGP routes, with auto-route-advertise */
	for (o = engine_first(e, OBJ_VPN_GATEWAY, NULL);
	    with_gateways && o != NULL; o = engine_next(o)) {
		if (strcmp(o->cfg.vpngw.vpc, vpc->name) != 0 ||
		    !o->cfg.vpngw.auto_route_advertise)
			continue;
		/* only what the data center taught it, not the VPC's own */
		relay_from(t, gw_table(e, o), true, &(struct rt_relay){
		    .hop = rt_hop(HOP_VPN_GATEWAY, o->name, 0, NULL),
		    .rank = 1, .keep_attrs = true, .has_skip = true,
		    .skip = rt_hop(HOP_VPC, vpc->name, 0, NULL) });
	}
	for (o = engine_first(e, OBJ_TRANSIT_ROUTER, NULL); o != NULL;
	    o = engine_next(o)) {
		for (i = 0; i < o->cfg.tr.nvpcs; i++)
			if (strcmp(o->cfg.tr.vpcs[i], vpc->name) == 0)
				break;
		if (i == o->cfg.tr.nvpcs)
			continue;
		relay_from(t, tr_table(e, o), true, &(struct rt_relay){
		    .hop = rt_hop(HOP_TRANSIT_ROUTER, o->name, 0, NULL),
		    .rank = 2, .keep_attrs = true, .has_skip = true,
		    .skip = rt_hop(HOP_VPC, vpc->name, 0, NULL) });
	}
	rt_decide(t, rt_decide_ranked, (void *)&rk);
	return t;
}

/* VPN gateway BGP table. */

static void
decide_gateway(struct route_list *l, void *arg)
{
	char names[2 * OBJ_NAME_MAX + 8] = "";
	const char *first = NULL;
	size_t i;
	bool conflict = false;

	(void)arg;
	for (i = 0; i < l->n; i++)
		if (l->v[i].r.active && l->v[i].rank == 0)
			break;
	if (i < l->n) {		/* the VPC's own route wins */
		for (i = 0; i < l->n; i++)
			if (l->v[i].rank != 0)
				rt_lose(&l->v[i], "the cloud's route to the same "
				    "prefix is preferred");
		return;
	}
	/* V7: one prefix from two connections is nobody's */
	for (i = 0; i < l->n; i++) {
		if (!l->v[i].r.active || l->v[i].r.nhops == 0)
			continue;
		if (first == NULL)
			first = l->v[i].r.hop[0].name;
		else if (strcmp(first, l->v[i].r.hop[0].name) != 0) {
			conflict = true;
			snprintf(names, sizeof(names), "%s and %s", first,
			    l->v[i].r.hop[0].name);
		}
	}
	for (i = 0; conflict && i < l->n; i++)
		rt_lose(&l->v[i], "conflict: vpn-connections %s both learned it, "
		    "so neither takes effect (V7)", names);
}

/* The VPC's routes a gateway learns (V8): not its gateways' own. */
static void
vpc_routes_into(struct engine *e, const struct object *vpc,
    struct route_table *to, const struct route_hop *via)
{
	struct route_table *v = vpc_table(e, vpc, false);

	relay_from(to, v, true, &(struct rt_relay){ .hop = *via, .rank = 0,
	    .as_cloud = true });
}

static struct route_table *
gw_table(struct engine *e, const struct object *gw)
{
	struct route_table *t = rt_table_new(e);
	const struct object *o, *vpc;

	if (t == NULL)
		return NULL;
	for (o = engine_first(e, OBJ_VPN_CONNECTION, NULL); o != NULL;
	    o = engine_next(o)) {
		if (o->cfg.conn.attach != ATTACH_VPN_GATEWAY ||
		    !o->cfg.conn.bgp ||
		    strcmp(o->cfg.conn.attached_to, gw->name) != 0)
			continue;
		relay_from(t, conn_learned(e, o), false, &(struct rt_relay){
		    .keep_hops = true, .keep_attrs = true, .rank = 1 });
	}
	vpc = find_object(e, OBJ_VPC, gw->cfg.vpngw.vpc);
	if (vpc != NULL && gw->cfg.vpngw.auto_route_advertise)
		vpc_routes_into(e, vpc, t, &(struct route_hop){ .kind = HOP_VPC,
		    .name = vpc->name });
	rt_decide(t, decide_gateway, NULL);
	return t;
}

/* VPN connection: what it learned and what the cloud gives it. */

static void
cloud_first(struct cand *loser, const struct cand *w)
{
	(void)w;
	rt_lose(loser, "the cloud's route to the same prefix is preferred");
}

/*
 * V7 as the gateway's table decides it: a prefix this connection learned
 * that another BGP connection of its gateway learned too is inactive
 * here as well, so the two tables cannot disagree.
 */
struct conn_deciding {
	const struct object	*conn;
	struct route_table	*others;	/* the other connections' */
};

static void
decide_conn(struct route_list *l, void *arg)
{
	static const struct rt_ranking rk = { cloud_first };
	const struct conn_deciding *d = arg;
	const struct route_list *o;
	const char *me = d->conn->name, *other;
	size_t i;

	rt_decide_ranked(l, (void *)&rk);
	for (i = 0; d->others != NULL && i < l->n; i++) {
		if (!l->v[i].r.active || l->v[i].r.source != ROUTE_VPN_BGP ||
		    (o = prefix_trie_get(d->others->trie,
		    &l->v[i].r.prefix)) == NULL || o->n == 0)
			continue;
		other = o->v[0].r.hop[0].name;
		rt_lose(&l->v[i], "conflict: vpn-connections %s and %s both "
		    "learned it, so neither takes effect (V7)",
		    strcmp(me, other) < 0 ? me : other,
		    strcmp(me, other) < 0 ? other : me);
	}
}

static struct route_table *
gateway_others(struct engine *e, const struct object *conn)
{
	const struct object *o;
	struct route_table *t;

	if (conn->cfg.conn.attach != ATTACH_VPN_GATEWAY || !conn->cfg.conn.bgp ||
	    (t = rt_table_new(e)) == NULL)
		return NULL;
	for (o = engine_first(e, OBJ_VPN_CONNECTION, NULL); o != NULL;
	    o = engine_next(o))
		if (o != conn && o->cfg.conn.attach == ATTACH_VPN_GATEWAY &&
		    o->cfg.conn.bgp && strcmp(o->cfg.conn.attached_to,
		    conn->cfg.conn.attached_to) == 0)
			relay_from(t, conn_learned(e, o), true,
			    &(struct rt_relay){ .keep_hops = true,
			    .keep_attrs = true });
	return t;
}

static struct route_table *
conn_table(struct engine *e, const struct object *conn)
{
	const struct vpn_connection_config *c = &conn->cfg.conn;
	struct route_table *t = rt_table_new(e);
	struct conn_deciding d = { conn, NULL };
	const struct object *at, *vpc;

	if (t == NULL)
		return NULL;
	relay_from(t, conn_learned(e, conn), false, &(struct rt_relay){
	    .keep_hops = true, .keep_attrs = true, .rank = 1 });
	if (c->attach == ATTACH_VPN_GATEWAY &&
	    (at = find_object(e, OBJ_VPN_GATEWAY, c->attached_to)) != NULL &&
	    at->cfg.vpngw.auto_route_advertise &&
	    (vpc = find_object(e, OBJ_VPC, at->cfg.vpngw.vpc)) != NULL)
		vpc_routes_into(e, vpc, t, &(struct route_hop){
		    .kind = HOP_VPN_GATEWAY, .name = at->name });
	if (c->attach == ATTACH_TRANSIT_ROUTER && c->bgp &&
	    (at = find_object(e, OBJ_TRANSIT_ROUTER, c->attached_to)) != NULL &&
	    at->cfg.tr.route_sync) {
		/* not back where it came from */
		relay_from(t, tr_table(e, at), true, &(struct rt_relay){
		    .hop = rt_hop(HOP_TRANSIT_ROUTER, at->name, 0, NULL),
		    .as_cloud = true, .has_skip = true,
		    .skip = rt_hop(HOP_CONNECTION, conn->name, 0, NULL) });
	}
	d.others = gateway_others(e, conn);
	rt_decide(t, decide_conn, &d);
	route_table_free(d.others);
	return t;
}

/* ECR and VBR. */

static void
ecr_cloud(struct route_table *t, const struct object *ecr,
    const struct route_hop *via)
{
	const struct object *tr, *vpc;
	struct route_hop h = *via;
	struct route r;
	size_t i;

	tr = find_object(t->engine, OBJ_TRANSIT_ROUTER,
	    ecr->cfg.ecr.transit_router);
	for (i = 0; tr != NULL && i < tr->cfg.tr.nvpcs; i++) {
		vpc = find_object(t->engine, OBJ_VPC, tr->cfg.tr.vpcs[i]);
		if (vpc == NULL || !vpc->cfg.vpc.has_cidr)
			continue;
		r = rt_route(&vpc->cfg.vpc.cidr, ROUTE_CLOUD, &h);
		rt_add(t, &r, via->kind == HOP_ECR ? 1 : 0);
	}
}

/*
 * Every path its VBRs learned is a candidate, so a path that lost (a
 * longer AS path) is listed with its reason; the decision is the one the
 * ECR's own table (ecr_rib.c) makes, RFC 4271 9.1.2.2 with E1 sharing.
 */
static struct route_table *
ecr_table(struct engine *e, const struct object *ecr)
{
	static const struct rt_ranking rk = { cloud_first };
	struct route_table *t = rt_table_new(e);
	const struct speaker *const *member;
	const struct rib_route *rr;
	struct route_hop h;
	struct route r;
	size_t i, n;

	if (t == NULL)
		return NULL;
	ecr_cloud(t, ecr, &(struct route_hop){ .kind = HOP_TRANSIT_ROUTER,
	    .name = ecr->cfg.ecr.transit_router });
	member = ecr_rib_members(e, ecr->name, &n);
	for (i = 0; i < n; i++) {
		h = rt_hop(HOP_VBR, bgp_speaker_owner(member[i]), 0,
		    bgp_speaker_peer_ip(member[i]));
		for (rr = bgp_speaker_in_first(member[i]); rr != NULL;
		    rr = bgp_rib_next(rr)) {
			h.attrs = rr->attrs;
			r = rt_route(&rr->prefix, ROUTE_BGP, &h);
			r.attrs = rr->attrs;
			r.sp = member[i];
			rt_add(t, &r, 1);
		}
	}
	rt_decide(t, rt_decide_ranked, (void *)&rk);
	return t;
}

static void
vbr_reason(struct cand *loser, const struct cand *w)
{
	if (w->rank == 0)
		rt_lose(loser, "a static route to the same prefix is preferred");
	else
		rt_lose(loser, "the cloud's route to the same prefix is "
		    "preferred");
}

static struct route_table *
vbr_table(struct engine *e, const struct object *vbr)
{
	static const struct rt_ranking rk = { vbr_reason };
	const struct vbr_config *c = &vbr->cfg.vbr;
	struct route_table *t = rt_table_new(e);
	const struct object *ecr;
	const struct speaker *sp;
	const struct rib_route *rr;
	struct route_hop h;
	struct route r;
	size_t i;

	if (t == NULL)
		return NULL;
	for (i = 0; i < c->nroutes; i++) {
		h = rt_hop(HOP_VBR, vbr->name, 0, &c->routes[i].next_hop);
		r = rt_route(&c->routes[i].prefix, ROUTE_STATIC, &h);
		rt_add(t, &r, 0);
	}
	if ((ecr = find_object(e, OBJ_ECR, c->ecr)) != NULL)
		ecr_cloud(t, ecr, &(struct route_hop){ .kind = HOP_ECR,
		    .name = ecr->name });
	for (sp = bgp_speaker_first(e); sp != NULL; sp = bgp_speaker_next(sp)) {
		if (bgp_speaker_side(sp) != SIDE_VBR_PEER ||
		    strcmp(bgp_speaker_owner(sp), vbr->name) != 0)
			continue;
		h = rt_hop(HOP_VBR, vbr->name, 0, bgp_speaker_peer_ip(sp));
		for (rr = bgp_speaker_in_first(sp); rr != NULL;
		    rr = bgp_rib_next(rr)) {
			h.attrs = rr->attrs;
			r = rt_route(&rr->prefix, ROUTE_BGP, &h);
			r.attrs = rr->attrs;
			r.sp = sp;
			rt_add(t, &r, 2);
		}
	}
	rt_decide(t, rt_decide_ranked, (void *)&rk);
	return t;
}

/* The interface. */

struct route_table *
route_table_build(struct engine *e, enum obj_kind kind, const char *name)
{
	const struct object *o = find_object(e, kind, name);

	if (o == NULL)
		return NULL;
	bgp_speakers_settle(e);
	switch (kind) {
	case OBJ_VBR:
		return vbr_table(e, o);
	case OBJ_ECR:
		return ecr_table(e, o);
	case OBJ_VPC:
		return vpc_table(e, o, true);
	case OBJ_VPN_GATEWAY:
		return gw_table(e, o);
	case OBJ_VPN_CONNECTION:
		return conn_table(e, o);
	case OBJ_TRANSIT_ROUTER:
		return tr_table(e, o);
	default:
		return NULL;
	}
}

struct advertised {
	struct prefix	*v;
	size_t		 n, cap;
};

static void
advertise_one(const struct route *r, void *arg)
{
	struct advertised *a = arg;
	struct prefix *v;

	if (r->source != ROUTE_CLOUD)
		return;
	if (a->n == a->cap) {
		size_t cap = a->cap ? a->cap * 2 : 16;

		if ((v = realloc(a->v, cap * sizeof(*v))) == NULL)
			return;
		a->v = v;
		a->cap = cap;
	}
	a->v[a->n++] = r->prefix;
}

struct prefix *
route_table_advertised(struct engine *e, const char *connection, size_t *n)
{
	const struct object *conn = find_object(e, OBJ_VPN_CONNECTION,
	    connection);
	struct advertised a = { NULL, 0, 0 };
	struct route_table *t;

	*n = 0;
	if (conn == NULL || (t = conn_table(e, conn)) == NULL)
		return NULL;
	rt_walk_active(t, advertise_one, &a);
	route_table_free(t);
	*n = a.n;
	return a.v;
}

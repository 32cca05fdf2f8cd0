/*
 * route_tables: which candidates each kind of table gets, and the rules
 * that decide between them (SPEC section 6), for every prefix or for the
 * one a change touched.  Tables that feed others are kept before them
 * and read (live) only through their active routes, in one direction:
 * VPN connections and ECRs feed transit routers, which feed VPCs, which
 * feed VPN gateways (without the gateways' own routes, so nothing comes
 * back round).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ecr_rib.h"
#include "../cloud/engine_impl.h"
#include "route_table_impl.h"
#include "../cloud/rules.h"

static const struct object *
find_object(const struct engine *e, enum obj_kind kind, const char *name)
{
	return name[0] != '\0' ? engine_lookup(e, kind, name, NULL) : NULL;
}

const enum obj_kind view_kind[VIEW_COUNT] = {
	[VIEW_VBR] = OBJ_VBR, [VIEW_LEARNED] = OBJ_VPN_CONNECTION,
	[VIEW_ECR] = OBJ_ECR, [VIEW_TR] = OBJ_TRANSIT_ROUTER,
	[VIEW_VPC_OWN] = OBJ_VPC, [VIEW_GATEWAY] = OBJ_VPN_GATEWAY,
	[VIEW_VPC] = OBJ_VPC, [VIEW_CONN] = OBJ_VPN_CONNECTION,
};

/*
 * A BGP speaker's Adj-RIB-In as candidates through hop h: the one entry
 * at the build's prefix, or all of them.
 */
static void
add_paths(struct rt_build *t, const struct speaker *sp, struct route_hop h,
    enum route_source src, int rank)
{
	const struct rib_route *rr;
	struct route r;

	if (t->seeking) {
		rr = t->after != NULL ? bgp_speaker_in_after(sp, t->after) :
		    bgp_speaker_in_first(sp);
		if (rr != NULL)
			rt_seek(t, &rr->prefix);
		return;
	}
	if (t->only != NULL && sp == t->changed)
		rr = t->changed_now;
	else if (t->only != NULL)
		rr = bgp_speaker_in_find(sp, t->only);
	else
		rr = bgp_speaker_in_first(sp);
	for (; rr != NULL; rr = t->only != NULL ? NULL : adj_rib_next(rr)) {
		h.attrs = rr->attrs;
		r = rt_route(&rr->prefix, src, &h);
		r.attrs = rr->attrs;
		r.sp = sp;
		r.rib = rr;
		rt_add(t, &r, rank);
	}
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
			rt_lose(&l->v[i], STEP_RULE, "ignored: a connection on a VPN gateway "
			    "does not take the default route over BGP (V2)");
		if (rules_shared_address_space(&l->v[i].r.prefix))
			rt_lose(&l->v[i], STEP_RULE, "inside 100.64.0.0/10, which the cloud "
			    "keeps for itself (V3)");
	}
	rt_decide_paths(l, 0);
}

static void
destination_routes(struct rt_build *t, const struct object *conn)
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
			r.step = r.active ? STEP_NONE : STEP_UNAVAILABLE;
			rt_add(t, &r, 0);
		}
		if (ntunnels == 0) {
			r = rt_route(&c->routes.v[i], ROUTE_STATIC, NULL);
			r.active = false;
			snprintf(why, sizeof(why), "vpn-connection %s has no "
			    "tunnel", conn->name);
			r.reason = why;
			r.step = STEP_UNAVAILABLE;
			rt_add(t, &r, 0);
		}
	}
}

static void
build_learned(struct rt_build *t, const struct object *conn)
{
	const struct speaker *sp;
	bool on_gateway = conn->cfg.conn.attach == ATTACH_VPN_GATEWAY;

	if (!conn->cfg.conn.bgp) {
		destination_routes(t, conn);
		rt_decide(t, decide_learned, &on_gateway);
		return;
	}
	for (sp = bgp_speaker_first_of(t->engine, SIDE_TUNNEL, conn->name);
	    sp != NULL; sp = bgp_speaker_next_of(sp))
		add_paths(t, sp, rt_hop(HOP_CONNECTION, conn->name,
		    bgp_speaker_tunnel_no(sp), bgp_speaker_peer_ip(sp)),
		    ROUTE_VPN_BGP, 0);
	rt_decide(t, decide_learned, &on_gateway);
}

/* Transit router (V10). */

static void
tr_reason(struct cand *loser, const struct cand *w)
{
	char via[OBJ_NAME_MAX + 64];

	if (w->rank == 1 && loser->rank == 2)
		rt_lose(loser, STEP_RULE, "a BGP route to the same prefix is preferred over "
		    "a destination-based one (V10)");
	else
		rt_lose(loser, STEP_SOURCE, "the route via %s is preferred",
		    rt_hop_words(&w->r.hop[0], via, sizeof(via)));
}

static void
build_tr(struct rt_build *t, const struct object *tr)
{
	static const struct rt_ranking rk = { tr_reason };
	struct engine *e = t->engine;
	const struct ecr_route *er;
	const struct object *o;
	struct route_hop h;
	struct route r;
	size_t i;

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
		rt_follow(t, VIEW_ECR, o->name);
		h = rt_hop(HOP_ECR, o->name, 0, NULL);
		if (t->seeking) {
			if ((er = ecr_rib_after(e, o->name, t->after)) != NULL)
				rt_seek(t, &er->prefix);
			continue;
		}
		er = t->only != NULL ? ecr_rib_lookup(e, o->name, t->only) :
		    ecr_rib_first(e, o->name);
		for (; er != NULL; er = t->only != NULL ? NULL :
		    ecr_rib_next(er)) {
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
		rt_relay_live(t, VIEW_LEARNED, o->name, true, &(struct rt_relay){
		    .hop = rt_hop(HOP_CONNECTION, o->name, 0, NULL),
		    .rank = -1, .keep_attrs = true });
	}
	rt_decide(t, rt_decide_ranked, (void *)&rk);
}

/* VPC system table. */

static void
vpc_reason(struct cand *loser, const struct cand *w)
{
	char via[OBJ_NAME_MAX + 64];

	if (w->rank == 0)
		rt_lose(loser, STEP_SOURCE, "the system route of vswitch %s is preferred",
		    w->r.hop[0].name);
	else
		rt_lose(loser, STEP_SOURCE, "the route via %s is preferred",
		    rt_hop_words(&w->r.hop[0], via, sizeof(via)));
}

static void
build_vpc(struct rt_build *t, const struct object *vpc, bool with_gateways)
{
	static const struct rt_ranking rk = { vpc_reason };
	struct engine *e = t->engine;
	const struct vpc_config *c = &vpc->cfg.vpc;
	const struct object *o;
	struct route_hop h;
	struct route r;
	size_t i;

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
		rt_relay_live(t, VIEW_GATEWAY, o->name, true, &(struct rt_relay){
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
		rt_relay_live(t, VIEW_TR, o->name, true, &(struct rt_relay){
		    .hop = rt_hop(HOP_TRANSIT_ROUTER, o->name, 0, NULL),
		    .rank = 2, .keep_attrs = true, .has_skip = true,
		    .skip = rt_hop(HOP_VPC, vpc->name, 0, NULL) });
	}
	rt_decide(t, rt_decide_ranked, (void *)&rk);
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
				rt_lose(&l->v[i], STEP_SOURCE, "the cloud's route to the same "
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
		rt_lose(&l->v[i], STEP_RULE, "conflict: vpn-connections %s both learned it, "
		    "so neither takes effect (V7)", names);
}

/* The VPC's routes a gateway learns (V8): not its gateways' own. */
static void
vpc_routes_into(struct rt_build *t, const struct object *vpc,
    const struct route_hop *via)
{
	rt_relay_live(t, VIEW_VPC_OWN, vpc->name, true, &(struct rt_relay){
	    .hop = *via, .rank = 0, .as_cloud = true });
}

static void
build_gateway(struct rt_build *t, const struct object *gw)
{
	struct engine *e = t->engine;
	const struct object *o, *vpc;

	for (o = engine_first(e, OBJ_VPN_CONNECTION, NULL); o != NULL;
	    o = engine_next(o)) {
		if (o->cfg.conn.attach != ATTACH_VPN_GATEWAY ||
		    !o->cfg.conn.bgp ||
		    strcmp(o->cfg.conn.attached_to, gw->name) != 0)
			continue;
		rt_relay_live(t, VIEW_LEARNED, o->name, false, &(struct rt_relay){
		    .keep_hops = true, .keep_attrs = true, .rank = 1 });
	}
	vpc = find_object(e, OBJ_VPC, gw->cfg.vpngw.vpc);
	if (vpc != NULL && gw->cfg.vpngw.auto_route_advertise)
		vpc_routes_into(t, vpc, &(struct route_hop){ .kind = HOP_VPC,
		    .name = vpc->name });
	rt_decide(t, decide_gateway, NULL);
}

/* VPN connection: what it learned and what the cloud gives it. */

static void
cloud_first(struct cand *loser, const struct cand *w)
{
	(void)w;
	rt_lose(loser, STEP_SOURCE, "the cloud's route to the same prefix is preferred");
}

/*
 * V7 as the gateway's table decides it: a prefix this connection learned
 * that another BGP connection of its gateway learned too is inactive
 * here as well, so the two tables cannot disagree.
 */
struct conn_deciding {
	const struct object	*conn;
	struct rt_build		*others;	/* the other connections' */
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
		    (o = rt_get(d->others, &l->v[i].r.prefix)) == NULL ||
		    o->n == 0)
			continue;
		other = o->v[0].r.hop[0].name;
		rt_lose(&l->v[i], STEP_RULE, "conflict: vpn-connections %s and %s both "
		    "learned it, so neither takes effect (V7)",
		    strcmp(me, other) < 0 ? me : other,
		    strcmp(me, other) < 0 ? other : me);
	}
}

/* The routes the other BGP connections of conn's gateway learned. */
static bool
gateway_others(struct rt_build *others, const struct rt_build *t,
    struct arena *arena, const struct object *conn)
{
	const struct object *o;

	/* they decide between candidates; they offer none of their own */
	if (t->seeking || t->recording)
		return false;
	if (conn->cfg.conn.attach != ATTACH_VPN_GATEWAY || !conn->cfg.conn.bgp ||
	    rt_build_init(others, t->engine, arena, t->only) == -1)
		return false;
	others->feeds = t->feeds;
	for (o = engine_first(t->engine, OBJ_VPN_CONNECTION, NULL); o != NULL;
	    o = engine_next(o))
		if (o != conn && o->cfg.conn.attach == ATTACH_VPN_GATEWAY &&
		    o->cfg.conn.bgp && strcmp(o->cfg.conn.attached_to,
		    conn->cfg.conn.attached_to) == 0) {
			others->reader = t->reader;
			rt_relay_live(others, VIEW_LEARNED, o->name, true,
			    &(struct rt_relay){ .keep_hops = true,
			    .keep_attrs = true });
		}
	return true;
}

static void
build_conn(struct rt_build *t, const struct object *conn)
{
	const struct vpn_connection_config *c = &conn->cfg.conn;
	struct engine *e = t->engine;
	struct conn_deciding d = { conn, NULL };
	const struct object *at, *vpc;
	struct rt_build others;
	struct arena mem;

	rt_relay_live(t, VIEW_LEARNED, conn->name, false, &(struct rt_relay){
	    .keep_hops = true, .keep_attrs = true, .rank = 1 });
	if (c->attach == ATTACH_VPN_GATEWAY &&
	    (at = find_object(e, OBJ_VPN_GATEWAY, c->attached_to)) != NULL &&
	    at->cfg.vpngw.auto_route_advertise &&
	    (vpc = find_object(e, OBJ_VPC, at->cfg.vpngw.vpc)) != NULL)
		vpc_routes_into(t, vpc, &(struct route_hop){
		    .kind = HOP_VPN_GATEWAY, .name = at->name });
	if (c->attach == ATTACH_TRANSIT_ROUTER && c->bgp &&
	    (at = find_object(e, OBJ_TRANSIT_ROUTER, c->attached_to)) != NULL &&
	    at->cfg.tr.route_sync) {
		/* not back where it came from */
		rt_relay_live(t, VIEW_TR, at->name, true, &(struct rt_relay){
		    .hop = rt_hop(HOP_TRANSIT_ROUTER, at->name, 0, NULL),
		    .as_cloud = true, .has_skip = true,
		    .skip = rt_hop(HOP_CONNECTION, conn->name, 0, NULL) });
	}
	arena_init(&mem);
	if (gateway_others(&others, t, &mem, conn))
		d.others = &others;
	rt_decide(t, decide_conn, &d);
	if (d.others != NULL)
		rt_build_free(&others);
	arena_free(&mem);
}

/* ECR and VBR. */

static void
ecr_cloud(struct rt_build *t, const struct object *ecr,
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
static void
build_ecr(struct rt_build *t, const struct object *ecr)
{
	static const struct rt_ranking rk = { cloud_first };
	const struct speaker *const *member;
	size_t i, n;

	ecr_cloud(t, ecr, &(struct route_hop){ .kind = HOP_TRANSIT_ROUTER,
	    .name = ecr->cfg.ecr.transit_router });
	member = ecr_rib_members(t->engine, ecr->name, &n);
	for (i = 0; i < n; i++)
		add_paths(t, member[i], rt_hop(HOP_VBR,
		    bgp_speaker_owner(member[i]), 0,
		    bgp_speaker_peer_ip(member[i])), ROUTE_BGP, 1);
	rt_decide(t, rt_decide_ranked, (void *)&rk);
}

static void
vbr_reason(struct cand *loser, const struct cand *w)
{
	if (w->rank == 0)
		rt_lose(loser, STEP_SOURCE, "a static route to the same prefix is preferred");
	else
		rt_lose(loser, STEP_SOURCE, "the cloud's route to the same prefix is "
		    "preferred");
}

static void
build_vbr(struct rt_build *t, const struct object *vbr)
{
	static const struct rt_ranking rk = { vbr_reason };
	const struct vbr_config *c = &vbr->cfg.vbr;
	const struct object *ecr;
	const struct speaker *sp;
	struct route_hop h;
	struct route r;
	size_t i;

	for (i = 0; i < c->nroutes; i++) {
		if (t->only != NULL && !t->seeking &&
		    prefix_compare(t->only, &c->routes[i].prefix) != 0)
			continue;
		h = rt_hop(HOP_VBR, vbr->name, 0, &c->routes[i].next_hop);
		r = rt_route(&c->routes[i].prefix, ROUTE_STATIC, &h);
		rt_add(t, &r, 0);
	}
	if ((ecr = find_object(t->engine, OBJ_ECR, c->ecr)) != NULL)
		ecr_cloud(t, ecr, &(struct route_hop){ .kind = HOP_ECR,
		    .name = ecr->name });
	for (sp = bgp_speaker_first_of(t->engine, SIDE_VBR_PEER, vbr->name);
	    sp != NULL; sp = bgp_speaker_next_of(sp))
		add_paths(t, sp, rt_hop(HOP_VBR, vbr->name, 0,
		    bgp_speaker_peer_ip(sp)), ROUTE_BGP, 2);
	rt_decide(t, rt_decide_ranked, (void *)&rk);
}

/* The interface. */

void
rt_build_view(struct rt_build *t, enum live_view v, const struct object *o)
{
	switch (v) {
	case VIEW_VBR:
		build_vbr(t, o);
		break;
	case VIEW_LEARNED:
		build_learned(t, o);
		break;
	case VIEW_ECR:
		build_ecr(t, o);
		break;
	case VIEW_TR:
		build_tr(t, o);
		break;
	case VIEW_VPC_OWN:
		build_vpc(t, o, false);
		break;
	case VIEW_GATEWAY:
		build_gateway(t, o);
		break;
	case VIEW_VPC:
		build_vpc(t, o, true);
		break;
	case VIEW_CONN:
		build_conn(t, o);
		break;
	case VIEW_COUNT:
		break;
	}
}

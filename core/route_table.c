/*
 * route_table: building a table is two steps.  Candidates go in, one per
 * way of reaching a prefix (a path from one peer, a vswitch, a VPC on the
 * transit router...), each with a rank: the class of route the table
 * prefers first.  Then each prefix is decided: the best rank present
 * wins, BGP paths within it by RFC 4271 9.1.2.2 with equal ones sharing
 * (E1), and every loser keeps the reason it lost.  The winners merge into
 * one active route with all their next hops.
 *
 * Tables that feed others are built first and read only through their
 * active routes, in one direction: VPN connections and ECRs feed transit
 * routers, which feed VPCs, which feed VPN gateways (without the
 * gateways' own routes, so nothing comes back round).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bgp_decision.h"
#include "ecr_rib.h"
#include "engine_impl.h"
#include "prefix_trie.h"
#include "route_table.h"
#include "rules.h"

const char *const route_source_names[] = {
	[ROUTE_SYSTEM] = "SYSTEM", [ROUTE_CLOUD] = "CLOUD",
	[ROUTE_BGP] = "BGP", [ROUTE_VPN_BGP] = "VPN_BGP",
	[ROUTE_STATIC] = "STATIC",
};

const char *const hop_kind_keys[] = {
	[HOP_VBR] = "vbr", [HOP_CONNECTION] = "connection",
	[HOP_VSWITCH] = "vswitch", [HOP_VPC] = "vpc",
	[HOP_VPN_GATEWAY] = "vpn_gateway",
	[HOP_TRANSIT_ROUTER] = "transit_router", [HOP_ECR] = "ecr",
};

/* A candidate: a route before the decision, with its class. */
struct cand {
	struct route	 r;		/* first: a walk hands out &cand.r */
	int		 rank;		/* lower is preferred */
	bool		 lead;		/* the best of the winners */
};

struct route_list {
	struct cand	*v;
	size_t		 n, cap;
};

struct route_table {
	struct engine		*engine;
	struct prefix_trie	*trie;
	size_t			 count;
};

static void
list_release(void *value)
{
	struct route_list *l = value;
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i].r.hop);
	free(l->v);
	free(l);
}

void
route_table_free(struct route_table *t)
{
	if (t == NULL)
		return;
	prefix_trie_free(t->trie, list_release);
	free(t);
}

static struct route_table *
table_new(struct engine *e)
{
	struct route_table *t = calloc(1, sizeof(*t));

	if (t == NULL || (t->trie = prefix_trie_new()) == NULL) {
		free(t);
		return NULL;
	}
	t->engine = e;
	return t;
}

/* Add a candidate; its hops are copied. */
static void
add(struct route_table *t, const struct route *r, int rank)
{
	struct route_list *l = prefix_trie_get(t->trie, &r->prefix);
	struct cand *c;

	if (l == NULL) {
		if ((l = calloc(1, sizeof(*l))) == NULL)
			return;
		if (prefix_trie_insert(t->trie, &r->prefix, l, NULL) == -1) {
			free(l);
			return;
		}
	}
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 4;

		if ((c = realloc(l->v, cap * sizeof(*c))) == NULL)
			return;
		l->v = c;
		l->cap = cap;
	}
	c = &l->v[l->n];
	memset(c, 0, sizeof(*c));
	c->r = *r;
	c->r.hop = NULL;
	c->r.nhops = 0;
	if (r->nhops > 0) {
		if ((c->r.hop = calloc(r->nhops, sizeof(*r->hop))) == NULL)
			return;
		memcpy(c->r.hop, r->hop, r->nhops * sizeof(*r->hop));
		c->r.nhops = r->nhops;
	}
	c->rank = rank;
	l->n++;
	t->count++;
}

/* A one-hop route, active until decided otherwise. */
static struct route
route_of(const struct prefix *p, enum route_source src, struct route_hop *h)
{
	struct route r;

	memset(&r, 0, sizeof(r));
	r.prefix = *p;
	r.source = src;
	r.hop = h;
	r.nhops = h != NULL;
	r.active = true;
	return r;
}

static struct route_hop
hop_of(enum hop_kind kind, const char *name, int tunnel,
    const struct ipaddr *ip)
{
	struct route_hop h;

	memset(&h, 0, sizeof(h));
	h.kind = kind;
	h.name = name;
	h.tunnel = tunnel;
	if (ip != NULL) {
		h.has_ip = true;
		h.ip = *ip;
	}
	return h;
}

static void
lose(struct cand *c, const char *fmt, ...) __attribute__((format(printf,
    2, 3)));

static void
lose(struct cand *c, const char *fmt, ...)
{
	va_list ap;

	if (!c->r.active)
		return;		/* the first reason is the one that counts */
	c->r.active = false;
	c->lead = false;
	va_start(ap, fmt);
	vsnprintf(c->r.reason, sizeof(c->r.reason), fmt, ap);
	va_end(ap);
}

/* "vbr vbr1 peer 10.0.0.1", "vpn-connection c1 tunnel 2", "ecr e1"... */
static const char *
hop_words(const struct route_hop *h, char *buf, size_t len)
{
	static const char *const words[] = {
		[HOP_VBR] = "vbr", [HOP_CONNECTION] = "vpn-connection",
		[HOP_VSWITCH] = "vswitch", [HOP_VPC] = "vpc",
		[HOP_VPN_GATEWAY] = "vpn-gateway",
		[HOP_TRANSIT_ROUTER] = "transit-router", [HOP_ECR] = "ecr",
	};
	char ip[NETADDR_STRLEN];

	if (h->kind == HOP_VBR && h->has_ip)
		snprintf(buf, len, "vbr %s peer %s", h->name,
		    ipaddr_format(&h->ip, ip, sizeof(ip)));
	else if (h->kind == HOP_CONNECTION && h->tunnel != 0)
		snprintf(buf, len, "vpn-connection %s tunnel %d", h->name,
		    h->tunnel);
	else
		snprintf(buf, len, "%s %s", words[h->kind], h->name);
	return buf;
}

static struct bgp_path
path_of(const struct cand *c)
{
	return (struct bgp_path){ c->r.attrs,
		bgp_session_peer_id(bgp_speaker_session(c->r.sp)),
		bgp_speaker_peer_ip(c->r.sp) };
}

/* Why other lost to best, in the order of RFC 4271 9.1.2.2. */
static void
lose_to_path(struct cand *other, const struct cand *best)
{
	const struct rib_attrs *a = best->r.attrs, *b = other->r.attrs;
	char via[OBJ_NAME_MAX + 64];

	hop_words(&best->r.hop[0], via, sizeof(via));
	if (a->path_length != b->path_length)
		lose(other, "the path via %s has a shorter AS path", via);
	else if (a->origin != b->origin)
		lose(other, "the path via %s has a better origin", via);
	else if (a->has_med != b->has_med || a->med != b->med)
		lose(other, "the path via %s has a lower MED", via);
	else
		lose(other, "the path via %s wins the tie-break (lower BGP "
		    "identifier or peer address)", via);
}

/*
 * Among the active BGP candidates of one rank: the best path leads, the
 * paths equal to it (E1) share, the rest lose.
 */
static void
decide_paths(struct route_list *l, int rank)
{
	struct bgp_path bp, op;
	size_t i;
	ssize_t best = -1;

	for (i = 0; i < l->n; i++) {
		if (!l->v[i].r.active || l->v[i].rank != rank ||
		    l->v[i].r.attrs == NULL || l->v[i].r.sp == NULL)
			continue;
		if (best >= 0) {
			bp = path_of(&l->v[best]);
			op = path_of(&l->v[i]);
		}
		if (best < 0 || bgp_path_compare(&op, &bp) < 0)
			best = (ssize_t)i;
	}
	if (best < 0)
		return;
	l->v[best].lead = true;
	for (i = 0; i < l->n; i++)
		if (l->v[i].r.active && l->v[i].rank == rank &&
		    (ssize_t)i != best && l->v[i].r.attrs != NULL &&
		    l->v[i].r.sp != NULL &&
		    !bgp_path_multipath(l->v[i].r.attrs, l->v[best].r.attrs))
			lose_to_path(&l->v[i], &l->v[best]);
}

/* The best rank among the active candidates, or -1. */
static int
best_rank(const struct route_list *l)
{
	int best = -1;
	size_t i;

	for (i = 0; i < l->n; i++)
		if (l->v[i].r.active && (best < 0 || l->v[i].rank < best))
			best = l->v[i].rank;
	return best;
}

/* The first active candidate of a rank: whom the others lost to. */
static const struct cand *
winner_of(const struct route_list *l, int rank)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (l->v[i].r.active && l->v[i].rank == rank && l->v[i].lead)
			return &l->v[i];
	for (i = 0; i < l->n; i++)
		if (l->v[i].r.active && l->v[i].rank == rank)
			return &l->v[i];
	return NULL;
}

static bool
same_hop(const struct route_hop *a, const struct route_hop *b)
{
	return a->kind == b->kind && strcmp(a->name, b->name) == 0 &&
	    a->tunnel == b->tunnel && a->has_ip == b->has_ip &&
	    (!a->has_ip || ipaddr_equal(&a->ip, &b->ip));
}

/*
 * The winners become one active route, the lead's, with every winner's
 * next hops; it goes first, the losers follow in the order they came.
 */
static void
merge(const struct prefix *p, void *value, void *arg)
{
	struct route_list *l = value;
	struct cand *lead = NULL, tmp, *c;
	struct route_hop *h;
	size_t i, j, k, n = 0;

	(void)p;
	(void)arg;
	for (i = 0; i < l->n; i++)
		if (l->v[i].r.active && (lead == NULL ||
		    (l->v[i].lead && !lead->lead)))
			lead = &l->v[i];
	if (lead == NULL)
		return;
	for (i = 0; i < l->n; i++)
		if (l->v[i].r.active)
			n += l->v[i].r.nhops;
	if ((h = calloc(n > 0 ? n : 1, sizeof(*h))) == NULL)
		return;
	n = 0;
	for (k = 0; k < lead->r.nhops; k++)
		h[n++] = lead->r.hop[k];
	for (i = 0; i < l->n; i++) {
		c = &l->v[i];
		if (!c->r.active || c == lead)
			continue;
		for (k = 0; k < c->r.nhops; k++) {
			for (j = 0; j < n; j++)
				if (same_hop(&h[j], &c->r.hop[k]))
					break;
			if (j == n)
				h[n++] = c->r.hop[k];
		}
	}
	free(lead->r.hop);
	lead->r.hop = h;
	lead->r.nhops = n;
	/* drop the other winners; the lead moves to the front */
	tmp = *lead;
	for (i = 0, j = 0; i < l->n; i++) {
		c = &l->v[i];
		if (c == lead)
			continue;
		if (c->r.active) {
			free(c->r.hop);
			continue;
		}
		l->v[j++] = *c;
	}
	memmove(&l->v[1], &l->v[0], j * sizeof(*l->v));
	l->v[0] = tmp;
	l->n = j + 1;
}

static void
count_routes(const struct prefix *p, void *value, void *arg)
{
	(void)p;
	*(size_t *)arg += ((struct route_list *)value)->n;
}

/* Decide each prefix with decide(), then merge its winners. */
typedef void (*decide_fn)(struct route_list *, void *arg);

struct deciding {
	decide_fn	 fn;
	void		*arg;
};

static void
decide_one(const struct prefix *p, void *value, void *arg)
{
	struct deciding *d = arg;

	d->fn(value, d->arg);
	merge(p, value, NULL);
}

static void
decide(struct route_table *t, decide_fn fn, void *arg)
{
	struct deciding d = { fn, arg };

	prefix_trie_walk(t->trie, decide_one, &d);
	t->count = 0;
	prefix_trie_walk(t->trie, count_routes, &t->count);
}

/*
 * The best rank present wins (BGP paths within it decided by the RFC);
 * each other candidate loses with the reason the table gives.
 */
typedef void (*reason_fn)(struct cand *loser, const struct cand *winner);

struct ranking {
	reason_fn	 why;
};

static void
decide_ranked(struct route_list *l, void *arg)
{
	const struct ranking *rk = arg;
	const struct cand *w;
	int r = best_rank(l);
	size_t i;

	if (r < 0)
		return;
	decide_paths(l, r);
	if ((w = winner_of(l, r)) == NULL)
		return;
	for (i = 0; i < l->n; i++)
		if (l->v[i].r.active && l->v[i].rank != r)
			rk->why(&l->v[i], w);
}

/* Walks over another table's routes. */

typedef void (*copy_fn)(const struct route *, void *arg);

struct walking {
	copy_fn	 fn;
	void	*arg;
	bool	 active_only;
};

static void
walk_list(const struct prefix *p, void *value, void *arg)
{
	const struct route_list *l = value;
	const struct walking *w = arg;
	size_t i;

	(void)p;
	for (i = 0; i < l->n; i++)
		if (!w->active_only || l->v[i].r.active)
			w->fn(&l->v[i].r, w->arg);
}

void
route_table_walk(const struct route_table *t, route_visit visit, void *arg)
{
	struct walking w = { visit, arg, false };

	prefix_trie_walk(t->trie, walk_list, &w);
}

static void
walk_active(const struct route_table *t, copy_fn fn, void *arg)
{
	struct walking w = { fn, arg, true };

	if (t != NULL)
		prefix_trie_walk(t->trie, walk_list, &w);
}

/* Re-adding another table's route under a new next hop and rank. */
struct relay {
	struct route_table	*to;
	struct route_hop	 hop;		/* kind NONE: keep the hops */
	bool			 keep_hops;
	int			 rank;		/* -1: by source, see below */
	bool			 as_cloud;
	bool			 keep_attrs;
	/* leave out routes that go through this next hop */
	bool			 has_skip;
	struct route_hop	 skip;
};

static bool
goes_through(const struct route *r, const struct route_hop *h)
{
	size_t i;

	for (i = 0; i < r->nhops; i++)
		if (r->hop[i].kind == h->kind &&
		    strcmp(r->hop[i].name, h->name) == 0)
			return true;
	return false;
}

static void
relay_one(const struct route *r, void *arg)
{
	struct relay *x = arg;
	struct route n = *r;
	struct route_hop h = x->hop;
	int rank = x->rank;

	if (x->has_skip && goes_through(r, &x->skip))
		return;
	if (!x->keep_hops) {
		n.hop = &h;
		n.nhops = 1;
	}
	if (x->as_cloud)
		n.source = ROUTE_CLOUD;
	if (!x->keep_attrs) {
		n.attrs = NULL;
		n.sp = NULL;
	}
	if (rank < 0)		/* a transit router: V10 */
		rank = r->source == ROUTE_STATIC ? 2 : 1;
	add(x->to, &n, rank);
}

static const struct object *
find_object(const struct engine *e, enum obj_kind kind, const char *name)
{
	return name[0] != '\0' ? engine_lookup(e, kind, name, NULL) : NULL;
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
			lose(&l->v[i], "ignored: a connection on a VPN gateway "
			    "does not take the default route over BGP (V2)");
		if (rules_shared_address_space(&l->v[i].r.prefix))
			lose(&l->v[i], "inside 100.64.0.0/10, which the cloud "
			    "keeps for itself (V3)");
	}
	decide_paths(l, 0);
}

static void
destination_routes(struct route_table *t, const struct object *conn)
{
	const struct vpn_connection_config *c = &conn->cfg.conn;
	const struct object *tn;
	struct route_hop h;
	struct ipaddr peer;
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
			h = hop_of(HOP_CONNECTION, conn->name, atoi(tn->name),
			    tc->has_local_bgp_ip ? &peer : NULL);
			r = route_of(&c->routes.v[i], ROUTE_STATIC, &h);
			r.active = tunnel_up(tn, r.reason, sizeof(r.reason));
			add(t, &r, 0);
		}
		if (ntunnels == 0) {
			r = route_of(&c->routes.v[i], ROUTE_STATIC, NULL);
			r.active = false;
			snprintf(r.reason, sizeof(r.reason), "vpn-connection %s "
			    "has no tunnel", conn->name);
			add(t, &r, 0);
		}
	}
}

static struct route_table *
conn_learned(struct engine *e, const struct object *conn)
{
	struct route_table *t = table_new(e);
	const struct speaker *sp;
	const struct rib_route *rr;
	struct route_hop h;
	struct route r;
	bool on_gateway = conn->cfg.conn.attach == ATTACH_VPN_GATEWAY;

	if (t == NULL)
		return NULL;
	if (!conn->cfg.conn.bgp) {
		destination_routes(t, conn);
		decide(t, decide_learned, &on_gateway);
		return t;
	}
	for (sp = bgp_speaker_first(e); sp != NULL; sp = bgp_speaker_next(sp)) {
		if (bgp_speaker_side(sp) != SIDE_TUNNEL ||
		    strcmp(bgp_speaker_owner(sp), conn->name) != 0)
			continue;
		h = hop_of(HOP_CONNECTION, conn->name, bgp_speaker_tunnel_no(sp),
		    bgp_speaker_peer_ip(sp));
		for (rr = bgp_speaker_in_first(sp); rr != NULL;
		    rr = bgp_rib_next(rr)) {
			r = route_of(&rr->prefix, ROUTE_VPN_BGP, &h);
			r.attrs = rr->attrs;
			r.sp = sp;
			add(t, &r, 0);
		}
	}
	decide(t, decide_learned, &on_gateway);
	return t;
}

/* Transit router (V10). */

static void
tr_reason(struct cand *loser, const struct cand *w)
{
	char via[OBJ_NAME_MAX + 64];

	if (w->rank == 1 && loser->rank == 2)
		lose(loser, "a BGP route to the same prefix is preferred over "
		    "a destination-based one (V10)");
	else
		lose(loser, "the route via %s is preferred",
		    hop_words(&w->r.hop[0], via, sizeof(via)));
}

static struct route_table *
tr_table(struct engine *e, const struct object *tr)
{
	static const struct ranking rk = { tr_reason };
	struct route_table *t = table_new(e), *learned;
	const struct ecr_route *er;
	const struct object *o;
	struct route_hop h;
	struct route r;
	struct relay x;
	size_t i;

	if (t == NULL)
		return NULL;
	for (i = 0; i < tr->cfg.tr.nvpcs; i++) {
		o = find_object(e, OBJ_VPC, tr->cfg.tr.vpcs[i]);
		if (o == NULL || !o->cfg.vpc.has_cidr)
			continue;
		h = hop_of(HOP_VPC, o->name, 0, NULL);
		r = route_of(&o->cfg.vpc.cidr, ROUTE_CLOUD, &h);
		add(t, &r, 0);
	}
	for (o = engine_first(e, OBJ_ECR, NULL); o != NULL; o = engine_next(o)) {
		if (strcmp(o->cfg.ecr.transit_router, tr->name) != 0)
			continue;
		h = hop_of(HOP_ECR, o->name, 0, NULL);
		for (er = ecr_rib_first(e, o->name); er != NULL;
		    er = ecr_rib_next(er)) {
			r = route_of(&er->prefix, ROUTE_BGP, &h);
			r.attrs = er->hop[0].attrs;
			r.sp = er->hop[0].sp;
			add(t, &r, 1);
		}
	}
	for (o = engine_first(e, OBJ_VPN_CONNECTION, NULL); o != NULL;
	    o = engine_next(o)) {
		if (o->cfg.conn.attach != ATTACH_TRANSIT_ROUTER ||
		    strcmp(o->cfg.conn.attached_to, tr->name) != 0)
			continue;
		memset(&x, 0, sizeof(x));
		x.to = t;
		x.hop = hop_of(HOP_CONNECTION, o->name, 0, NULL);
		x.rank = -1;
		x.keep_attrs = true;
		learned = conn_learned(e, o);
		walk_active(learned, relay_one, &x);
		route_table_free(learned);
	}
	decide(t, decide_ranked, (void *)&rk);
	return t;
}

/* VPC system table. */

static struct route_table *gw_table(struct engine *, const struct object *);

static void
vpc_reason(struct cand *loser, const struct cand *w)
{
	char via[OBJ_NAME_MAX + 64];

	if (w->rank == 0)
		lose(loser, "the system route of vswitch %s is preferred",
		    w->r.hop[0].name);
	else
		lose(loser, "the route via %s is preferred",
		    hop_words(&w->r.hop[0], via, sizeof(via)));
}

static struct route_table *
vpc_table(struct engine *e, const struct object *vpc, bool with_gateways)
{
	static const struct ranking rk = { vpc_reason };
	struct route_table *t = table_new(e), *other;
	const struct vpc_config *c = &vpc->cfg.vpc;
	const struct object *o;
	struct route_hop h;
	struct route r;
	struct relay x;
	size_t i;

	if (t == NULL)
		return NULL;
	for (i = 0; i < c->nvswitches; i++) {
		h = hop_of(HOP_VSWITCH, c->vswitches[i].name, 0, NULL);
		r = route_of(&c->vswitches[i].prefix, ROUTE_SYSTEM, &h);
		add(t, &r, 0);
	}
	/* V8: a gateway's BGP routes, with auto-route-advertise */
	for (o = engine_first(e, OBJ_VPN_GATEWAY, NULL);
	    with_gateways && o != NULL; o = engine_next(o)) {
		if (strcmp(o->cfg.vpngw.vpc, vpc->name) != 0 ||
		    !o->cfg.vpngw.auto_route_advertise)
			continue;
		memset(&x, 0, sizeof(x));
		x.to = t;
		x.hop = hop_of(HOP_VPN_GATEWAY, o->name, 0, NULL);
		x.rank = 1;
		x.keep_attrs = true;
		/* only what the data center taught it, not the VPC's own */
		x.has_skip = true;
		x.skip = hop_of(HOP_VPC, vpc->name, 0, NULL);
		other = gw_table(e, o);
		walk_active(other, relay_one, &x);
		route_table_free(other);
	}
	for (o = engine_first(e, OBJ_TRANSIT_ROUTER, NULL); o != NULL;
	    o = engine_next(o)) {
		for (i = 0; i < o->cfg.tr.nvpcs; i++)
			if (strcmp(o->cfg.tr.vpcs[i], vpc->name) == 0)
				break;
		if (i == o->cfg.tr.nvpcs)
			continue;
		memset(&x, 0, sizeof(x));
		x.to = t;
		x.hop = hop_of(HOP_TRANSIT_ROUTER, o->name, 0, NULL);
		x.rank = 2;
		x.keep_attrs = true;
		x.has_skip = true;
		x.skip = hop_of(HOP_VPC, vpc->name, 0, NULL);
		other = tr_table(e, o);
		walk_active(other, relay_one, &x);
		route_table_free(other);
	}
	decide(t, decide_ranked, (void *)&rk);
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
				lose(&l->v[i], "the cloud's route to the same "
				    "prefix is preferred");
		return;
	}
	/* V7: one prefix from two connections is nobody's */
	for (i = 0; i < l->n; i++) {
		if (!l->v[i].r.active)
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
		lose(&l->v[i], "conflict: vpn-connections %s both learned it, "
		    "so neither takes effect (V7)", names);
}

/* The VPC's routes a gateway learns (V8): not its gateways' own. */
static void
vpc_routes_into(struct engine *e, const struct object *vpc,
    struct route_table *to, const struct route_hop *via)
{
	struct route_table *v = vpc_table(e, vpc, false);
	struct relay x;

	memset(&x, 0, sizeof(x));
	x.to = to;
	x.hop = *via;
	x.rank = 0;
	x.as_cloud = true;
	walk_active(v, relay_one, &x);
	route_table_free(v);
}

static struct route_table *
gw_table(struct engine *e, const struct object *gw)
{
	struct route_table *t = table_new(e), *learned;
	const struct object *o, *vpc;
	struct relay x;

	if (t == NULL)
		return NULL;
	for (o = engine_first(e, OBJ_VPN_CONNECTION, NULL); o != NULL;
	    o = engine_next(o)) {
		if (o->cfg.conn.attach != ATTACH_VPN_GATEWAY ||
		    !o->cfg.conn.bgp ||
		    strcmp(o->cfg.conn.attached_to, gw->name) != 0)
			continue;
		memset(&x, 0, sizeof(x));
		x.to = t;
		x.keep_hops = x.keep_attrs = true;
		x.rank = 1;
		learned = conn_learned(e, o);
		if (learned != NULL)
			route_table_walk(learned, relay_one, &x);
		route_table_free(learned);
	}
	vpc = find_object(e, OBJ_VPC, gw->cfg.vpngw.vpc);
	if (vpc != NULL && gw->cfg.vpngw.auto_route_advertise)
		vpc_routes_into(e, vpc, t, &(struct route_hop){ .kind = HOP_VPC,
		    .name = vpc->name });
	decide(t, decide_gateway, NULL);
	return t;
}

/* VPN connection: what it learned and what the cloud gives it. */

static void
cloud_first(struct cand *loser, const struct cand *w)
{
	(void)w;
	lose(loser, "the cloud's route to the same prefix is preferred");
}

static struct route_table *
conn_table(struct engine *e, const struct object *conn)
{
	static const struct ranking rk = { cloud_first };
	const struct vpn_connection_config *c = &conn->cfg.conn;
	struct route_table *t = table_new(e), *other;
	const struct object *at, *vpc;
	struct relay x;

	if (t == NULL)
		return NULL;
	memset(&x, 0, sizeof(x));
	x.to = t;
	x.keep_hops = x.keep_attrs = true;
	x.rank = 1;
	if ((other = conn_learned(e, conn)) != NULL)
		route_table_walk(other, relay_one, &x);
	route_table_free(other);
	if (c->attach == ATTACH_VPN_GATEWAY &&
	    (at = find_object(e, OBJ_VPN_GATEWAY, c->attached_to)) != NULL &&
	    at->cfg.vpngw.auto_route_advertise &&
	    (vpc = find_object(e, OBJ_VPC, at->cfg.vpngw.vpc)) != NULL)
		vpc_routes_into(e, vpc, t, &(struct route_hop){
		    .kind = HOP_VPN_GATEWAY, .name = at->name });
	if (c->attach == ATTACH_TRANSIT_ROUTER && c->bgp &&
	    (at = find_object(e, OBJ_TRANSIT_ROUTER, c->attached_to)) != NULL &&
	    at->cfg.tr.route_sync) {
		memset(&x, 0, sizeof(x));
		x.to = t;
		x.hop = hop_of(HOP_TRANSIT_ROUTER, at->name, 0, NULL);
		x.as_cloud = true;
		x.has_skip = true;	/* not back where it came from */
		x.skip = hop_of(HOP_CONNECTION, conn->name, 0, NULL);
		other = tr_table(e, at);
		walk_active(other, relay_one, &x);
		route_table_free(other);
	}
	decide(t, decide_ranked, (void *)&rk);
	return t;
}

/* ECR and VBR. */

static void
ecr_cloud(struct route_table *t, const struct object *ecr,
    const struct route_hop *via)
{
	const struct object *tr, *vpc;
	struct route r;
	size_t i;

	tr = find_object(t->engine, OBJ_TRANSIT_ROUTER,
	    ecr->cfg.ecr.transit_router);
	for (i = 0; tr != NULL && i < tr->cfg.tr.nvpcs; i++) {
		vpc = find_object(t->engine, OBJ_VPC, tr->cfg.tr.vpcs[i]);
		if (vpc == NULL || !vpc->cfg.vpc.has_cidr)
			continue;
		r = route_of(&vpc->cfg.vpc.cidr, ROUTE_CLOUD,
		    (struct route_hop *)via);
		add(t, &r, via->kind == HOP_ECR ? 1 : 0);
	}
}

static struct route_table *
ecr_table(struct engine *e, const struct object *ecr)
{
	static const struct ranking rk = { cloud_first };
	struct route_table *t = table_new(e);
	const struct ecr_route *er;
	struct route_hop *h;
	struct route r;
	size_t i;

	if (t == NULL)
		return NULL;
	ecr_cloud(t, ecr, &(struct route_hop){ .kind = HOP_TRANSIT_ROUTER,
	    .name = ecr->cfg.ecr.transit_router });
	for (er = ecr_rib_first(e, ecr->name); er != NULL;
	    er = ecr_rib_next(er)) {
		if ((h = calloc(er->nhops, sizeof(*h))) == NULL)
			continue;
		for (i = 0; i < er->nhops; i++)
			h[i] = hop_of(HOP_VBR, bgp_speaker_owner(er->hop[i].sp),
			    0, bgp_speaker_peer_ip(er->hop[i].sp));
		r = route_of(&er->prefix, ROUTE_BGP, h);
		r.nhops = er->nhops;
		r.attrs = er->hop[0].attrs;
		r.sp = er->hop[0].sp;
		add(t, &r, 1);
		free(h);
	}
	decide(t, decide_ranked, (void *)&rk);
	return t;
}

static void
vbr_reason(struct cand *loser, const struct cand *w)
{
	if (w->rank == 0)
		lose(loser, "a static route to the same prefix is preferred");
	else
		lose(loser, "the cloud's route to the same prefix is "
		    "preferred");
}

static struct route_table *
vbr_table(struct engine *e, const struct object *vbr)
{
	static const struct ranking rk = { vbr_reason };
	const struct vbr_config *c = &vbr->cfg.vbr;
	struct route_table *t = table_new(e);
	const struct object *ecr;
	const struct speaker *sp;
	const struct rib_route *rr;
	struct route_hop h;
	struct route r;
	size_t i;

	if (t == NULL)
		return NULL;
	for (i = 0; i < c->nroutes; i++) {
		h = hop_of(HOP_VBR, vbr->name, 0, &c->routes[i].next_hop);
		r = route_of(&c->routes[i].prefix, ROUTE_STATIC, &h);
		add(t, &r, 0);
	}
	if ((ecr = find_object(e, OBJ_ECR, c->ecr)) != NULL)
		ecr_cloud(t, ecr, &(struct route_hop){ .kind = HOP_ECR,
		    .name = ecr->name });
	for (sp = bgp_speaker_first(e); sp != NULL; sp = bgp_speaker_next(sp)) {
		if (bgp_speaker_side(sp) != SIDE_VBR_PEER ||
		    strcmp(bgp_speaker_owner(sp), vbr->name) != 0)
			continue;
		h = hop_of(HOP_VBR, vbr->name, 0, bgp_speaker_peer_ip(sp));
		for (rr = bgp_speaker_in_first(sp); rr != NULL;
		    rr = bgp_rib_next(rr)) {
			r = route_of(&rr->prefix, ROUTE_BGP, &h);
			r.attrs = rr->attrs;
			r.sp = sp;
			add(t, &r, 2);
		}
	}
	decide(t, decide_ranked, (void *)&rk);
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

size_t
route_table_count(const struct route_table *t)
{
	return t->count;
}

static bool
has_active(const void *value, void *arg)
{
	const struct route_list *l = value;

	(void)arg;
	return l->n > 0 && l->v[0].r.active;
}

const struct route *
route_table_lookup(const struct route_table *t, const struct ipaddr *a,
    struct prefix *matched)
{
	const struct route_list *l = prefix_trie_match(t->trie, a, has_active,
	    NULL, matched);

	return l != NULL ? &l->v[0].r : NULL;
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
	walk_active(t, advertise_one, &a);
	route_table_free(t);
	*n = a.n;
	return a.v;
}

/*
 * route_table: how a table is decided.  Candidates go in, one per way of
 * reaching a prefix (a path from one peer, a vswitch, a VPC on the
 * transit router...), each with a rank: the class of route the table
 * prefers first.  Then each prefix is decided: the best rank present
 * wins, BGP paths within it by RFC 4271 9.1.2.2 with equal ones sharing
 * (E1), and every loser keeps the reason it lost.  The winners merge into
 * one active route with all their next hops.  Which candidates a table
 * gets, and its ranks, are route_tables.c's.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/arena.h"
#include "bgp_decision.h"
#include "../cloud/object.h"
#include "../base/prefix_trie.h"
#include "route_table_impl.h"

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

const char *const hop_kind_words[] = {
	[HOP_VBR] = "vbr", [HOP_CONNECTION] = "vpn-connection",
	[HOP_VSWITCH] = "vswitch", [HOP_VPC] = "vpc",
	[HOP_VPN_GATEWAY] = "vpn-gateway",
	[HOP_TRANSIT_ROUTER] = "transit-router", [HOP_ECR] = "ecr",
};


int
rt_build_init(struct rt_build *t, struct engine *e, struct arena *arena,
    const struct prefix *only)
{
	memset(t, 0, sizeof(*t));
	t->engine = e;
	t->arena = arena;
	t->only = only;
	arena_init(&t->nodes);
	if (only == NULL && (t->trie = prefix_trie_new_in(&t->nodes)) == NULL)
		return -1;
	return 0;
}

/*
 * Seeking and recording builds look at one prefix that no input holds
 * (a family of none), so a builder that has no branch of its own for
 * them reads nothing.
 */
static const struct prefix nowhere;

void
rt_build_seek(struct rt_build *t, struct engine *e, const struct prefix *after)
{
	memset(t, 0, sizeof(*t));
	t->engine = e;
	t->only = &nowhere;
	t->seeking = true;
	t->after = after;
}

void
rt_build_record(struct rt_build *t, struct engine *e)
{
	memset(t, 0, sizeof(*t));
	t->engine = e;
	t->only = &nowhere;
	t->recording = true;
}

void
rt_seek(struct rt_build *t, const struct prefix *p)
{
	if (t->after != NULL && prefix_compare(p, t->after) <= 0)
		return;
	if (!t->found || prefix_compare(p, &t->next) < 0) {
		t->next = *p;
		t->found = true;
	}
}

/* What the build made is its arenas' (the caller's arena it leaves). */
void
rt_build_free(struct rt_build *t)
{
	if (t->trie != NULL)
		prefix_trie_free(t->trie, NULL);
	arena_free(&t->nodes);
	t->trie = NULL;
}

struct route_list *
rt_get(const struct rt_build *t, const struct prefix *p)
{
	if (t->only != NULL)
		return prefix_compare(t->only, p) == 0 && t->one.n > 0 ?
		    (struct route_list *)&t->one : NULL;
	return prefix_trie_get(t->trie, p);
}

static void *
new_list(void *arena)
{
	return arena_alloc(arena, sizeof(struct route_list));
}

/* Add a candidate; its hops are copied. */
void
rt_add(struct rt_build *t, const struct route *r, int rank)
{
	struct route_list *l;
	struct cand *c;

	if (t->seeking) {
		rt_seek(t, &r->prefix);
		return;
	}
	if (t->only != NULL) {
		if (prefix_compare(t->only, &r->prefix) != 0)
			return;
		l = &t->one;
	} else if ((l = prefix_trie_get_or_add(t->trie, &r->prefix, new_list,
	    t->arena)) == NULL) {
		return;
	}
	if (l->n == l->cap) {
		/* most prefixes have one candidate, and a table may have
		 * a million prefixes */
		size_t cap = l->cap ? l->cap * 2 : 1;

		if ((c = arena_alloc(t->arena, cap * sizeof(*c))) == NULL)
			return;
		if (l->n > 0)
			memcpy(c, l->v, l->n * sizeof(*c));
		l->v = c;
		l->cap = cap;
	}
	c = &l->v[l->n];
	memset(c, 0, sizeof(*c));	/* merge() may have left one here */
	c->r = *r;
	c->r.hop = NULL;
	c->r.nhops = 0;
	c->r.reason = NULL;
	if (r->nhops > 0) {
		if ((c->r.hop = arena_alloc(t->arena,
		    r->nhops * sizeof(*r->hop))) == NULL)
			return;
		memcpy(c->r.hop, r->hop, r->nhops * sizeof(*r->hop));
		c->r.nhops = r->nhops;
	}
	if (r->reason != NULL &&
	    (c->r.reason = arena_strdup(t->arena, r->reason)) == NULL)
		return;
	c->rank = rank;
	l->n++;
	t->count++;
}

/* A one-hop route, active until decided otherwise. */
struct route
rt_route(const struct prefix *p, enum route_source src, struct route_hop *h)
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

struct route_hop
rt_hop(enum hop_kind kind, const char *name, int tunnel,
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

const char *const route_step_keys[] = {
	[STEP_NONE] = NULL, [STEP_AS_PATH_LENGTH] = "as_path_length",
	[STEP_ORIGIN] = "origin", [STEP_MED] = "med",
	[STEP_EBGP_OVER_IBGP] = "ebgp_over_ibgp", [STEP_ROUTER_ID] = "router_id",
	[STEP_PEER_ADDRESS] = "peer_address", [STEP_SOURCE] = "source",
	[STEP_RULE] = "rule", [STEP_UNAVAILABLE] = "unavailable",
};

void
rt_lose(struct cand *c, enum route_step step, const char *fmt, ...)
{
	char why[200];
	va_list ap;

	if (!c->r.active)
		return;		/* the first reason is the one that counts */
	c->r.active = false;
	c->r.step = (uint8_t)step;
	c->lead = false;
	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	c->r.reason = strdup(why);	/* NULL: shown without one */
	c->reason_on_heap = c->r.reason != NULL;
}

/* "vbr vbr1 peer 10.0.0.1", "vpn-connection c1 tunnel 2", "ecr e1"... */
const char *
rt_hop_words(const struct route_hop *h, char *buf, size_t len)
{
	char ip[NETADDR_STRLEN];

	if (h->kind == HOP_VBR && h->has_ip)
		snprintf(buf, len, "vbr %s peer %s", h->name,
		    ipaddr_format(&h->ip, ip, sizeof(ip)));
	else if (h->kind == HOP_CONNECTION && h->tunnel != 0)
		snprintf(buf, len, "vpn-connection %s tunnel %d", h->name,
		    h->tunnel);
	else
		snprintf(buf, len, "%s %s", hop_kind_words[h->kind], h->name);
	return buf;
}

static struct bgp_path
path_of(const struct cand *c)
{
	return bgp_path_of(c->r.sp, c->r.attrs);
}

static const char *const origin_names[] = { "IGP", "EGP", "INCOMPLETE" };

static const char *
origin_name(uint32_t origin)
{
	return origin < 3 ? origin_names[origin] : "?";
}

static const char *
id_words(uint32_t id, char *buf, size_t len)
{
	snprintf(buf, len, "%u.%u.%u.%u", id >> 24, (id >> 16) & 0xff,
	    (id >> 8) & 0xff, id & 0xff);
	return buf;
}

/*
 * A path the decision removed: the step, both values (the loser's
 * first) and the path that beat it.  One left after steps a-c but with
 * another MED than the best's lost a tie-breaker and does not share (E1).
 */
static void
lose_to_path(struct cand *other, const struct cand *by,
    const struct bgp_verdict *v, const struct cand *best)
{
	char via[OBJ_NAME_MAX + 64], x[NETADDR_STRLEN], y[NETADDR_STRLEN];
	char e1[160] = "";

	rt_hop_words(&by->r.hop[0], via, sizeof(via));
	if (v->step > BGP_STEP_MED)
		snprintf(e1, sizeof(e1), "; its MED %u is not the best path's "
		    "%u, so E1 does not share", bgp_path_med(other->r.attrs),
		    bgp_path_med(best->r.attrs));
	switch (v->step) {
	case BGP_STEP_AS_PATH_LENGTH:
		rt_lose(other, STEP_AS_PATH_LENGTH, "AS path length %u > %u: "
		    "the path via %s is shorter", v->value, v->winning_value,
		    via);
		break;
	case BGP_STEP_ORIGIN:
		rt_lose(other, STEP_ORIGIN, "origin %s > %s: the path via %s "
		    "has the better origin", origin_name(v->value),
		    origin_name(v->winning_value), via);
		break;
	case BGP_STEP_MED:
		rt_lose(other, STEP_MED, "MED %u > %u: the path via %s, from "
		    "the same AS %u, has the lower MED", v->value,
		    v->winning_value, via,
		    bgp_path_neighbour_as(other->r.attrs));
		break;
	case BGP_STEP_EBGP_OVER_IBGP:
		rt_lose(other, STEP_EBGP_OVER_IBGP, "iBGP > eBGP: the path via "
		    "%s is external%s", via, e1);
		break;
	case BGP_STEP_ROUTER_ID:
		rt_lose(other, STEP_ROUTER_ID, "BGP identifier %s > %s: the "
		    "path via %s has the lower identifier%s",
		    id_words(v->value, x, sizeof(x)),
		    id_words(v->winning_value, y, sizeof(y)), via, e1);
		break;
	case BGP_STEP_NONE:	/* equal in every step: the same peer twice */
		rt_lose(other, STEP_PEER_ADDRESS, "the same peer address and "
		    "identifier as the path via %s, taken first%s", via, e1);
		break;
	default:
		rt_lose(other, STEP_PEER_ADDRESS, "peer address %s > %s: the "
		    "path via %s has the lower address%s",
		    ipaddr_format(bgp_speaker_peer_ip(other->r.sp), x,
		    sizeof(x)), ipaddr_format(bgp_speaker_peer_ip(by->r.sp), y,
		    sizeof(y)), via, e1);
		break;
	}
}

enum { PATHS_ON_STACK = 16 };

/*
 * Out of memory to decide: the first path alone stays, so the table
 * never shares traffic over paths nobody compared.
 */
static void
undecided(struct route_list *l, int rank)
{
	bool first = true;
	size_t i;

	for (i = 0; i < l->n; i++) {
		if (!l->v[i].r.active || l->v[i].rank != rank ||
		    l->v[i].r.attrs == NULL || l->v[i].r.sp == NULL)
			continue;
		if (first)
			l->v[i].lead = true;
		else
			rt_lose(&l->v[i], STEP_UNAVAILABLE, "not decided: out "
			    "of memory");
		first = false;
	}
}

/*
 * The active BGP candidates of one rank go through the decision process
 * together (bgp_decide): the best leads, the paths that share with it
 * (E1) stay, each other loses with the step that removed it.
 */
void
rt_decide_paths(struct route_list *l, int rank)
{
	struct bgp_path paths_here[PATHS_ON_STACK], *paths = paths_here;
	struct bgp_verdict verdicts_here[PATHS_ON_STACK], *v = verdicts_here;
	size_t at_here[PATHS_ON_STACK], *at = at_here;
	size_t i, n = 0, best = 0;

	for (i = 0; i < l->n; i++)
		if (l->v[i].r.active && l->v[i].rank == rank &&
		    l->v[i].r.attrs != NULL && l->v[i].r.sp != NULL)
			n++;
	if (n == 0)
		return;
	if (n > PATHS_ON_STACK) {
		paths = malloc(n * sizeof(*paths));
		v = malloc(n * sizeof(*v));
		at = malloc(n * sizeof(*at));
		if (paths == NULL || v == NULL || at == NULL) {
			free(paths);
			free(v);
			free(at);
			undecided(l, rank);
			return;
		}
	}
	n = 0;
	for (i = 0; i < l->n; i++)
		if (l->v[i].r.active && l->v[i].rank == rank &&
		    l->v[i].r.attrs != NULL && l->v[i].r.sp != NULL) {
			at[n] = i;
			paths[n++] = path_of(&l->v[i]);
		}
	bgp_decide(paths, n, v);
	for (i = 0; i < n; i++)
		if (v[i].best)
			best = i;
	l->v[at[best]].lead = true;
	for (i = 0; i < n; i++)
		if (!v[i].shares)
			lose_to_path(&l->v[at[i]], &l->v[at[v[i].beaten_by]],
			    &v[i], &l->v[at[best]]);
	if (paths != paths_here) {
		free(paths);
		free(v);
		free(at);
	}
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
merge(struct rt_build *t, struct route_list *l)
{
	struct cand *lead = NULL, tmp, *c;
	struct route_hop *h;
	size_t i, j, k, n = 0, winners = 0;

	for (i = 0; i < l->n; i++)
		if (l->v[i].r.active) {
			winners++;
			if (lead == NULL || (l->v[i].lead && !lead->lead))
				lead = &l->v[i];
		}
	if (lead == NULL || (winners == 1 && lead == &l->v[0]))
		return;		/* nothing to merge or move */
	for (i = 0; i < l->n; i++)
		if (l->v[i].r.active)
			n += l->v[i].r.nhops;
	if ((h = arena_alloc(t->arena, (n > 0 ? n : 1) * sizeof(*h))) == NULL)
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
	lead->r.hop = h;
	lead->r.nhops = n;
	/* drop the other winners; the lead moves to the front */
	tmp = *lead;
	for (i = 0, j = 0; i < l->n; i++) {
		c = &l->v[i];
		if (c == lead)
			continue;
		if (c->r.active)
			continue;
		l->v[j++] = *c;
	}
	memmove(&l->v[1], &l->v[0], j * sizeof(*l->v));
	l->v[0] = tmp;
	l->n = j + 1;
}

/* rt_lose() cannot see the table, so what it wrote moves in after. */
static void
adopt_reasons(struct rt_build *t, struct route_list *l)
{
	struct cand *c;
	char *kept;

	for (c = l->v; c < l->v + l->n; c++) {
		if (!c->reason_on_heap)
			continue;
		kept = arena_strdup(t->arena, c->r.reason);
		free(c->r.reason);
		c->r.reason = kept;
		c->reason_on_heap = false;
	}
}

/* Decide each prefix with rt_decide(), then merge its winners. */
struct deciding {
	struct rt_build	*t;
	decide_fn		 fn;
	void			*arg;
};

static void
decide_one(const struct prefix *p, void *value, void *arg)
{
	struct deciding *d = arg;
	struct route_list *l = value;

	(void)p;
	d->fn(l, d->arg);
	adopt_reasons(d->t, l);
	merge(d->t, l);
	d->t->count += l->n;
}

void
rt_decide(struct rt_build *t, decide_fn fn, void *arg)
{
	struct deciding d = { t, fn, arg };

	t->count = 0;
	if (t->only != NULL && t->one.n > 0)
		decide_one(t->only, &t->one, &d);
	else if (t->only != NULL)
		return;		/* nothing at that prefix */
	else
		prefix_trie_walk(t->trie, decide_one, &d);
}

void
rt_decide_ranked(struct route_list *l, void *arg)
{
	const struct rt_ranking *rk = arg;
	const struct cand *w;
	int r = best_rank(l);
	size_t i;

	if (r < 0)
		return;
	rt_decide_paths(l, r);
	if ((w = winner_of(l, r)) == NULL)
		return;
	for (i = 0; i < l->n; i++)
		if (l->v[i].r.active && l->v[i].rank != r)
			rk->why(&l->v[i], w);
}

/* Relays: another table's routes, re-added here. */

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

void
rt_relay(const struct route *r, void *arg)
{
	struct rt_relay *x = arg;
	struct route n = *r;
	struct route_hop h = x->hop;
	int rank = x->rank;

	if (x->has_skip && goes_through(r, &x->skip))
		return;
	if (!x->keep_hops) {
		n.hop = &h;
		n.nhops = 1;
	}
	n.rib = NULL;		/* no longer the Adj-RIB-In's route */
	if (x->as_cloud)
		n.source = ROUTE_CLOUD;
	if (!x->keep_attrs) {
		n.attrs = NULL;
		n.sp = NULL;
	}
	if (rank < 0)		/* a transit router: V10 */
		rank = r->source == ROUTE_STATIC ? 2 : 1;
	rt_add(x->to, &n, rank);
}

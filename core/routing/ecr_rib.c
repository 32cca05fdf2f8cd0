/*
 * ecr_rib: per-ECR route tables, updated prefix by prefix.
 *
 * An update looks the prefix up in each member speaker's Adj-RIB-In (a
 * handful of tree lookups) and rewrites the one entry, so a withdrawal on
 * one VBR changes the ECR's table in the same event-loop round.  The
 * table never owns attributes: it points at the Adj-RIB-In's, and every
 * change there is followed at once by an update here.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/queue.h>
#include <sys/tree.h>

#include "ecr_rib.h"
#include "../cloud/engine_impl.h"

struct ecr_node {
	RB_ENTRY(ecr_node)	 entry;
	struct ecr_route	 route;
};

static int
node_cmp(const struct ecr_node *a, const struct ecr_node *b)
{
	return prefix_compare(&a->route.prefix, &b->route.prefix);
}

RB_HEAD(ecr_tree, ecr_node);
RB_PROTOTYPE(ecr_tree, ecr_node, entry, node_cmp)
RB_GENERATE(ecr_tree, ecr_node, entry, node_cmp)

struct ecr_table {
	TAILQ_ENTRY(ecr_table)	 entry;
	struct engine		*engine;	/* for what it cannot keep */
	char			 name[OBJ_NAME_MAX + 1];
	const struct speaker	**members;	/* by VBR, then peer address */
	size_t			 nmembers;
	struct ecr_tree		 routes;
	size_t			 nroutes, necmp;
	/* counts the times its members changed with routes of theirs */
	unsigned long		 members_gen;
	bool			 seen;
};

TAILQ_HEAD(ecr_ribs, ecr_table);

static struct ecr_ribs *
ribs_of(const struct engine *e)
{
	return e->ecr;
}

static struct ecr_table *
table_named(const struct engine *e, const char *name)
{
	struct ecr_table *t;

	if (ribs_of(e) == NULL)
		return NULL;
	TAILQ_FOREACH(t, ribs_of(e), entry)
		if (strcmp(t->name, name) == 0)
			return t;
	return NULL;
}

static void
node_free(struct ecr_table *t, struct ecr_node *n)
{
	RB_REMOVE(ecr_tree, &t->routes, n);
	t->nroutes--;
	if (n->route.nhops > 1)
		t->necmp--;
	free(n->route.hop);
	free(n);
}

static void
table_clear(struct ecr_table *t)
{
	struct ecr_node *n, *next;

	RB_FOREACH_SAFE(n, ecr_tree, &t->routes, next)
		node_free(t, n);
}

/* Recompute one prefix of one table from its members. */
static void
recompute(struct ecr_table *t, const struct prefix *p)
{
	struct ecr_next_hop cand[64];
	struct bgp_path paths[64];
	struct bgp_verdict v[64];
	struct ecr_node key, *n;
	const struct rib_route *r;
	size_t i, nc = 0, nh = 0, b = 0;

	for (i = 0; i < t->nmembers; i++)
		if ((r = bgp_speaker_in_find(t->members[i], p)) == NULL)
			continue;
		else if (nc < 64)
			cand[nc++] = (struct ecr_next_hop){ t->members[i],
			    r->attrs };
		else
			engine_dropped(t->engine, DROP_ECR_PATHS, t->name,
			    "a prefix has paths from more than 64 peers; the "
			    "rest are not weighed");
	key.route.prefix = *p;
	n = RB_FIND(ecr_tree, &t->routes, &key);
	if (nc == 0) {
		if (n != NULL)
			node_free(t, n);
		return;
	}
	for (i = 0; i < nc; i++)
		paths[i] = bgp_path_of(cand[i].sp, cand[i].attrs);
	bgp_decide(paths, nc, v);
	for (i = 0; i < nc; i++)
		if (v[i].best)
			b = i;
	if (n == NULL) {
		if ((n = calloc(1, sizeof(*n))) == NULL) {
			engine_dropped(t->engine, DROP_MEMORY, t->name,
			    "a prefix could not enter the ECR's RIB");
			return;
		}
		n->route.prefix = *p;
		RB_INSERT(ecr_tree, &t->routes, n);
		t->nroutes++;
	}
	if (n->route.nhops > 1)
		t->necmp--;
	free(n->route.hop);
	if ((n->route.hop = calloc(nc, sizeof(*n->route.hop))) == NULL) {
		engine_dropped(t->engine, DROP_MEMORY, t->name,
		    "a prefix could not enter the ECR's RIB");
		n->route.nhops = 0;
		node_free(t, n);
		return;
	}
	/* the best first, then the others that may share (E1) in order */
	n->route.hop[nh++] = cand[b];
	for (i = 0; i < nc; i++)
		if (i != b && v[i].shares)
			n->route.hop[nh++] = cand[i];
	n->route.nhops = nh;
	if (nh > 1)
		t->necmp++;
}

static struct ecr_table *
table_of(const struct engine *e, const struct speaker *sp)
{
	struct ecr_table *t;
	size_t i;

	if (ribs_of(e) == NULL)
		return NULL;
	TAILQ_FOREACH(t, ribs_of(e), entry)
		for (i = 0; i < t->nmembers; i++)
			if (t->members[i] == sp)
				return t;
	return NULL;
}

void
ecr_rib_update(struct engine *e, const struct speaker *sp,
    const struct prefix *p)
{
	struct ecr_table *t = table_of(e, sp);

	if (t != NULL)
		recompute(t, p);
}

void
ecr_rib_forget(struct engine *e, const struct speaker *sp)
{
	struct ecr_table *t = table_of(e, sp);
	size_t i;

	if (t == NULL)
		return;
	for (i = 0; i < t->nmembers; i++)
		if (t->members[i] == sp) {
			memmove(&t->members[i], &t->members[i + 1],
			    (t->nmembers - i - 1) * sizeof(t->members[0]));
			t->nmembers--;
			return;
		}
}

static int
member_order(const void *pa, const void *pb)
{
	const struct speaker *a = *(const struct speaker *const *)pa;
	const struct speaker *b = *(const struct speaker *const *)pb;
	int c = strcmp(bgp_speaker_owner(a), bgp_speaker_owner(b));

	return c != 0 ? c : ipaddr_compare(bgp_speaker_peer_ip(a),
	    bgp_speaker_peer_ip(b));
}

/* The VBR peers that feed an ECR, in a stable order. */
static size_t
members_of(const struct engine *e, const char *ecr,
    const struct speaker ***out)
{
	const struct speaker *sp, **v = NULL, **nv;
	const struct object *vbr;
	size_t n = 0;

	for (sp = bgp_speaker_first_all(e); sp != NULL;
	    sp = bgp_speaker_next_all(sp)) {
		if (bgp_speaker_side(sp) != SIDE_VBR_PEER)
			continue;
		vbr = engine_lookup(e, OBJ_VBR, bgp_speaker_owner(sp), NULL);
		if (vbr == NULL || strcmp(vbr->cfg.vbr.ecr, ecr) != 0)
			continue;
		if ((nv = realloc(v, (n + 1) * sizeof(*v))) == NULL)
			break;
		v = nv;
		v[n++] = sp;
	}
	if (n > 1)
		qsort(v, n, sizeof(*v), member_order);
	*out = v;
	return n;
}

static void
table_free(struct ecr_ribs *r, struct ecr_table *t)
{
	TAILQ_REMOVE(r, t, entry);
	table_clear(t);
	free(t->members);
	free(t);
}

/* Does a speaker hold a route (that a change of membership would move)? */
static bool
holds_routes(const struct speaker *sp)
{
	return bgp_speaker_routes_in(sp) > 0 || bgp_speaker_routes_leaving(sp) > 0;
}

/*
 * Do the two member lists differ only by speakers that hold no route (a
 * session just made, or one that has let all its routes go)?  Then no
 * prefix of the table changes: its routes come and go one by one.
 */
static bool
same_but_empty(const struct speaker *const *a, size_t na,
    const struct speaker *const *b, size_t nb)
{
	size_t i, j;

	for (i = 0; i < na; i++) {
		for (j = 0; j < nb && b[j] != a[i]; j++)
			;
		if (j == nb && holds_routes(a[i]))
			return false;
	}
	for (j = 0; j < nb; j++) {
		for (i = 0; i < na && a[i] != b[j]; i++)
			;
		if (i == na && holds_routes(b[j]))
			return false;
	}
	return true;
}

void
ecr_rib_reconcile(struct engine *e)
{
	struct ecr_ribs *r = ribs_of(e);
	struct ecr_table *t, *next;
	const struct speaker **m;
	const struct rib_route *rt;
	struct object *o;
	size_t n, i;

	if (r == NULL) {
		if ((r = calloc(1, sizeof(*r))) == NULL)
			return;
		TAILQ_INIT(r);
		e->ecr = r;
	}
	TAILQ_FOREACH(t, r, entry)
		t->seen = false;
	FOREACH_OBJECT(o, e, OBJ_ECR, NULL) {
		if ((t = table_named(e, o->name)) == NULL) {
			if ((t = calloc(1, sizeof(*t))) == NULL) {
				engine_dropped(e, DROP_MEMORY, o->name,
				    "an ECR's RIB could not be made");
				continue;
			}
			t->engine = e;
			snprintf(t->name, sizeof(t->name), "%s", o->name);
			RB_INIT(&t->routes);
			TAILQ_INSERT_TAIL(r, t, entry);
		}
		t->seen = true;
		n = members_of(e, o->name, &m);
		if (n == t->nmembers && (n == 0 ||
		    memcmp(m, t->members, n * sizeof(*m)) == 0)) {
			free(m);
			continue;
		}
		if (same_but_empty(t->members, t->nmembers, m, n)) {
			free(t->members);
			t->members = m;
			t->nmembers = n;
			continue;
		}
		/* the membership changed: rebuild from the members' routes */
		free(t->members);
		t->members = m;
		t->nmembers = n;
		t->members_gen++;
		table_clear(t);
		for (i = 0; i < n; i++)
			for (rt = bgp_speaker_in_first(m[i]); rt != NULL;
			    rt = adj_rib_next(rt))
				recompute(t, &rt->prefix);
	}
	TAILQ_FOREACH_SAFE(t, r, entry, next)
		if (!t->seen)
			table_free(r, t);
}

void
ecr_rib_free(struct engine *e)
{
	struct ecr_ribs *r = ribs_of(e);

	if (r == NULL)
		return;
	while (!TAILQ_EMPTY(r))
		table_free(r, TAILQ_FIRST(r));
	free(r);
	e->ecr = NULL;
}

/* Reads. */

const struct ecr_route *
ecr_rib_first(const struct engine *e, const char *ecr)
{
	struct ecr_table *t = table_named(e, ecr);
	struct ecr_node *n;

	if (t == NULL || (n = RB_MIN(ecr_tree, &t->routes)) == NULL)
		return NULL;
	return &n->route;
}

const struct ecr_route *
ecr_rib_next(const struct ecr_route *r)
{
	struct ecr_node *n = (struct ecr_node *)((char *)(uintptr_t)r -
	    offsetof(struct ecr_node, route));

	n = RB_NEXT(ecr_tree, NULL, n);
	return n != NULL ? &n->route : NULL;
}

const struct ecr_route *
ecr_rib_lookup(const struct engine *e, const char *ecr, const struct prefix *p)
{
	struct ecr_table *t = table_named(e, ecr);
	struct ecr_node key, *n;

	if (t == NULL)
		return NULL;
	key.route.prefix = *p;
	n = RB_FIND(ecr_tree, &t->routes, &key);
	return n != NULL ? &n->route : NULL;
}

const struct ecr_route *
ecr_rib_after(const struct engine *e, const char *ecr, const struct prefix *p)
{
	struct ecr_table *t = table_named(e, ecr);
	struct ecr_node key, *n;

	if (t == NULL)
		return NULL;
	if (p == NULL)
		return ecr_rib_first(e, ecr);
	key.route.prefix = *p;
	n = RB_NFIND(ecr_tree, &t->routes, &key);
	if (n != NULL && prefix_compare(&n->route.prefix, p) == 0)
		n = RB_NEXT(ecr_tree, NULL, n);
	return n != NULL ? &n->route : NULL;
}

size_t
ecr_rib_count(const struct engine *e, const char *ecr)
{
	struct ecr_table *t = table_named(e, ecr);

	return t != NULL ? t->nroutes : 0;
}

const struct speaker *const *
ecr_rib_members(const struct engine *e, const char *ecr, size_t *n)
{
	struct ecr_table *t = table_named(e, ecr);

	*n = t != NULL ? t->nmembers : 0;
	return t != NULL ? t->members : NULL;
}

const char *
ecr_rib_of(const struct engine *e, const struct speaker *sp)
{
	const struct ecr_table *t = table_of(e, sp);

	return t != NULL ? t->name : NULL;
}

unsigned long
ecr_rib_members_gen(const struct engine *e, const char *ecr)
{
	struct ecr_table *t = table_named(e, ecr);

	return t != NULL ? t->members_gen : 0;
}

size_t
ecr_rib_ecmp_count(const struct engine *e, const char *ecr)
{
	struct ecr_table *t = table_named(e, ecr);

	return t != NULL ? t->necmp : 0;
}

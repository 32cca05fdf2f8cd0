/*
 * adj_rib: a red-black tree by prefix (fed in order, a feed's inserts
 * stay near one path), its nodes packed in a slab.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "adj_rib.h"

struct rib_node {
	RB_ENTRY(rib_node)	 entry;
	struct rib_route	 route;
};

static int
node_cmp(const struct rib_node *a, const struct rib_node *b)
{
	return prefix_compare(&a->route.prefix, &b->route.prefix);
}

RB_PROTOTYPE(adj_rib_tree, rib_node, entry, node_cmp)
RB_GENERATE(adj_rib_tree, rib_node, entry, node_cmp)

enum { LENGTHS = 33 + 129 };

static struct rib_node *
node_of(const struct rib_route *r)
{
	return (struct rib_node *)((char *)(uintptr_t)r -
	    offsetof(struct rib_node, route));
}

static void
counted(struct adj_rib *rib, const struct prefix *p, int d)
{
	unsigned i = p->addr.family == AF_INET ? p->len : 33u + p->len;

	rib->n += (size_t)(ptrdiff_t)d;
	if (rib->lengths == NULL && (rib->lengths = calloc(LENGTHS,
	    sizeof(*rib->lengths))) == NULL)
		return;		/* a longest match tries every length */
	if (i < LENGTHS)
		rib->lengths[i] += (uint32_t)d;
}

void
adj_rib_init(struct adj_rib *rib)
{
	memset(rib, 0, sizeof(*rib));
	RB_INIT(&rib->tree);
	slab_init(&rib->nodes, sizeof(struct rib_node));
}

void
adj_rib_clear(struct adj_rib *rib, void (*gone)(struct rib_route *, void *),
    void *arg)
{
	struct rib_node *x, *next;

	RB_FOREACH_SAFE(x, adj_rib_tree, &rib->tree, next) {
		adj_rib_unlink(rib, &x->route);
		if (gone != NULL)
			gone(&x->route, arg);
		adj_rib_put(rib, &x->route);
	}
	slab_free(&rib->nodes);
	free(rib->lengths);
	adj_rib_init(rib);
}

struct rib_route *
adj_rib_alloc(struct adj_rib *rib)
{
	struct rib_node *x = slab_alloc(&rib->nodes);

	return x != NULL ? &x->route : NULL;
}

void
adj_rib_put(struct adj_rib *rib, struct rib_route *r)
{
	if (r != NULL)
		slab_put(&rib->nodes, node_of(r));
}

struct rib_route *
adj_rib_link(struct adj_rib *rib, struct rib_route *r)
{
	struct rib_node *old = RB_INSERT(adj_rib_tree, &rib->tree, node_of(r));

	if (old != NULL)
		return &old->route;
	counted(rib, &r->prefix, 1);
	return NULL;
}

void
adj_rib_unlink(struct adj_rib *rib, struct rib_route *r)
{
	RB_REMOVE(adj_rib_tree, &rib->tree, node_of(r));
	counted(rib, &r->prefix, -1);
}

struct rib_route *
adj_rib_find(const struct adj_rib *rib, const struct prefix *p)
{
	struct rib_node key, *x;

	key.route.prefix = *p;
	x = RB_FIND(adj_rib_tree, (struct adj_rib_tree *)&rib->tree, &key);
	return x != NULL ? &x->route : NULL;
}

struct rib_route *
adj_rib_match(const struct adj_rib *rib, const struct ipaddr *a,
    struct prefix *matched)
{
	unsigned searches;

	return adj_rib_match_counted(rib, a, matched, &searches);
}

/* One search per prefix length that occurs, longest first. */
struct rib_route *
adj_rib_match_counted(const struct adj_rib *rib, const struct ipaddr *a,
    struct prefix *matched, unsigned *searches)
{
	struct rib_route *r;
	struct prefix whole, p;
	unsigned base, len;

	*searches = 0;
	if (a->family != AF_INET && a->family != AF_INET6)
		return NULL;
	memset(&whole, 0, sizeof(whole));
	whole.addr = *a;
	base = a->family == AF_INET ? 0 : 33;
	for (len = a->family == AF_INET ? 33 : 129; len-- > 0 && rib->n > 0;) {
		if (rib->lengths != NULL && rib->lengths[base + len] == 0)
			continue;
		p = prefix_truncated(&whole, len);
		(*searches)++;
		if ((r = adj_rib_find(rib, &p)) != NULL) {
			if (matched != NULL)
				*matched = p;
			return r;
		}
	}
	return NULL;
}

struct rib_route *
adj_rib_first(const struct adj_rib *rib)
{
	struct rib_node *x = RB_MIN(adj_rib_tree,
	    (struct adj_rib_tree *)&rib->tree);

	return x != NULL ? &x->route : NULL;
}

struct rib_route *
adj_rib_next(const struct rib_route *r)
{
	struct rib_node *x = RB_NEXT(adj_rib_tree, NULL, node_of(r));

	return x != NULL ? &x->route : NULL;
}

struct rib_route *
adj_rib_after(const struct adj_rib *rib, const struct prefix *p)
{
	struct rib_node key, *x;

	key.route.prefix = *p;
	x = RB_NFIND(adj_rib_tree, (struct adj_rib_tree *)&rib->tree, &key);
	if (x != NULL && prefix_compare(&x->route.prefix, p) == 0)
		x = RB_NEXT(adj_rib_tree, NULL, x);
	return x != NULL ? &x->route : NULL;
}

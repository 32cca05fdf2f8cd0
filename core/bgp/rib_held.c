/*
 * rib_held: see rib_held.h.
 */
#include <stdlib.h>

#include "rib_held.h"

static int
held_cmp(const struct held_route *a, const struct held_route *b)
{
	return prefix_compare(&a->prefix, &b->prefix);
}

RB_PROTOTYPE(held_tree, held_route, by_prefix, held_cmp)
RB_GENERATE(held_tree, held_route, by_prefix, held_cmp)

void
rib_held_init(struct rib_held *h)
{
	RB_INIT(&h->tree);
	TAILQ_INIT(&h->queue);
	h->n = 0;
	h->lost = 0;
}

static struct held_route *
lookup(const struct rib_held *h, const struct prefix *p)
{
	struct held_route key;

	key.prefix = *p;
	return RB_FIND(held_tree, (struct held_tree *)&h->tree, &key);
}

bool
rib_held_put(struct rib_held *h, const struct prefix *p,
    const struct rib_attrs *attrs, bool oldest,
    const struct rib_attrs **replaced)
{
	struct held_route *r;

	*replaced = NULL;
	if ((r = lookup(h, p)) != NULL) {
		*replaced = r->attrs;
		r->attrs = attrs;
		return true;
	}
	if (h->n >= RIB_HELD_MAX || (r = malloc(sizeof(*r))) == NULL) {
		h->lost++;
		return false;
	}
	r->prefix = *p;
	r->attrs = attrs;
	RB_INSERT(held_tree, &h->tree, r);
	if (oldest)
		TAILQ_INSERT_HEAD(&h->queue, r, by_age);
	else
		TAILQ_INSERT_TAIL(&h->queue, r, by_age);
	h->n++;
	return true;
}

const struct rib_attrs *
rib_held_find(const struct rib_held *h, const struct prefix *p)
{
	const struct held_route *r = lookup(h, p);

	return r != NULL ? r->attrs : NULL;
}

static const struct rib_attrs *
drop(struct rib_held *h, struct held_route *r)
{
	const struct rib_attrs *a = r->attrs;

	RB_REMOVE(held_tree, &h->tree, r);
	TAILQ_REMOVE(&h->queue, r, by_age);
	h->n--;
	free(r);
	return a;
}

const struct rib_attrs *
rib_held_take(struct rib_held *h, const struct prefix *p)
{
	struct held_route *r = lookup(h, p);

	return r != NULL ? drop(h, r) : NULL;
}

bool
rib_held_pop(struct rib_held *h, struct prefix *p,
    const struct rib_attrs **attrs)
{
	struct held_route *r = TAILQ_FIRST(&h->queue);

	if (r == NULL)
		return false;
	*p = r->prefix;
	*attrs = drop(h, r);
	return true;
}

const struct held_route *
rib_held_first(const struct rib_held *h)
{
	return RB_MIN(held_tree, (struct held_tree *)&h->tree);
}

const struct held_route *
rib_held_next(const struct held_route *r)
{
	return RB_NEXT(held_tree, NULL, (struct held_route *)r);
}

void
rib_held_clear(struct rib_held *h,
    void (*release)(const struct rib_attrs *, void *), void *arg)
{
	struct held_route *r;

	while ((r = TAILQ_FIRST(&h->queue)) != NULL)
		release(drop(h, r), arg);
	h->lost = 0;
}

const struct held_route *
rib_held_after(const struct rib_held *h, const struct prefix *p)
{
	struct held_route key, *r;

	if (p == NULL)
		return rib_held_first(h);
	key.prefix = *p;
	r = RB_NFIND(held_tree, (struct held_tree *)&h->tree, &key);
	if (r != NULL && prefix_compare(&r->prefix, p) == 0)
		r = RB_NEXT(held_tree, NULL, r);
	return r;
}

/*
 * rib_attrs: an open hash of attribute sets, chained, doubled when it
 * holds as many sets as buckets.
 */
#include <stdlib.h>
#include <string.h>

#include "rib_attrs.h"

static uint32_t
hash_of(const struct rib_attrs *a)
{
	const uint8_t *p = (const uint8_t *)&a->next_hop;
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < sizeof(a->next_hop); i++)
		h = (h ^ p[i]) * 16777619u;
	h = (h ^ a->origin) * 16777619u;
	h = (h ^ (a->has_med ? a->med : 0xffffffffu)) * 16777619u;
	for (i = 0; i < a->as_path_len; i++)
		h = (h ^ a->as_path[i]) * 16777619u;
	return h;
}

bool
rib_attrs_same(const struct rib_attrs *a, const struct rib_attrs *b)
{
	return ipaddr_equal(&a->next_hop, &b->next_hop) &&
	    a->origin == b->origin && a->has_med == b->has_med &&
	    a->med == b->med && a->path_length == b->path_length &&
	    a->as_path_len == b->as_path_len &&
	    memcmp(a->as_path, b->as_path, a->as_path_len *
	    sizeof(a->as_path[0])) == 0;
}

static void
grow(struct rib_attrs_table *t)
{
	size_t n = t->nbuckets ? t->nbuckets * 2 : 1024, i;
	struct rib_attrs **nb = calloc(n, sizeof(*nb)), *a, *next;

	if (nb == NULL)
		return;		/* the chains grow longer instead */
	for (i = 0; i < t->nbuckets; i++)
		for (a = t->buckets[i]; a != NULL; a = next) {
			next = a->chain;
			a->chain = nb[a->hash & (n - 1)];
			nb[a->hash & (n - 1)] = a;
		}
	free(t->buckets);
	t->buckets = nb;
	t->nbuckets = n;
}

const struct rib_attrs *
rib_attrs_intern(struct rib_attrs_table *t, const struct rib_attrs *key)
{
	uint32_t hash = hash_of(key);
	struct rib_attrs *a;

	if (t->nattrs >= t->nbuckets)
		grow(t);
	if (t->nbuckets == 0)
		return NULL;
	for (a = t->buckets[hash & (t->nbuckets - 1)]; a != NULL;
	    a = a->chain)
		if (a->hash == hash && rib_attrs_same(a, key)) {
			a->refs++;
			return a;
		}
	if ((a = malloc(sizeof(*a))) == NULL)
		return NULL;
	*a = *key;
	a->hash = hash;
	a->refs = 1;
	a->chain = t->buckets[hash & (t->nbuckets - 1)];
	t->buckets[hash & (t->nbuckets - 1)] = a;
	t->nattrs++;
	return a;
}

const struct rib_attrs *
rib_attrs_hold(const struct rib_attrs *ca)
{
	((struct rib_attrs *)ca)->refs++;
	return ca;
}

void
rib_attrs_release(struct rib_attrs_table *t, const struct rib_attrs *ca)
{
	struct rib_attrs *a = (struct rib_attrs *)ca, **pp;

	if (a == NULL || --a->refs > 0)
		return;
	for (pp = &t->buckets[a->hash & (t->nbuckets - 1)]; *pp != NULL;
	    pp = &(*pp)->chain)
		if (*pp == a) {
			*pp = a->chain;
			break;
		}
	t->nattrs--;
	free(a);
}

void
rib_attrs_table_free(struct rib_attrs_table *t)
{
	free(t->buckets);
	memset(t, 0, sizeof(*t));
}

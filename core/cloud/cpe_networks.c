/*
 * cpe_networks: chunks of up to CHUNK networks, each counted by the
 * tables that hold it; a table is counted by the objects that hold it.
 */
#include <stdlib.h>
#include <string.h>

#include "cpe_networks.h"
#include "object.h"

enum { CHUNK = 512 };

struct chunk {
	unsigned		refs;
	unsigned		n;
	struct cpe_network	v[CHUNK];
};

struct cpe_networks {
	unsigned		 refs;
	size_t			 total;
	size_t			 n, cap;	/* chunks */
	struct chunk		**c;
	size_t			*first;		/* each chunk's first index */
};

size_t
cpe_networks_count(const struct cpe_networks *t)
{
	return t != NULL ? t->total : 0;
}

/* The chunk that holds index i. */
static size_t
chunk_of_index(const struct cpe_networks *t, size_t i)
{
	size_t lo = 0, hi = t->n;

	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (t->first[mid] <= i)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

const struct cpe_network *
cpe_networks_at(const struct cpe_networks *t, size_t i)
{
	size_t k;

	if (t == NULL || i >= t->total)
		return NULL;
	k = chunk_of_index(t, i);
	return &t->c[k]->v[i - t->first[k]];
}

/* The chunk where p belongs: the last whose first network is not past p. */
static size_t
chunk_of_prefix(const struct cpe_networks *t, const struct prefix *p)
{
	size_t lo = 0, hi = t->n;

	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (prefix_compare(&t->c[mid]->v[0].prefix, p) <= 0)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

/* In chunk c, the first not below p (strict: past p). */
static unsigned
in_chunk(const struct chunk *c, const struct prefix *p, bool strict)
{
	unsigned lo = 0, hi = c->n, mid;
	int cmp;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		cmp = prefix_compare(&c->v[mid].prefix, p);
		if (cmp < 0 || (strict && cmp == 0))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

size_t
cpe_networks_lower(const struct cpe_networks *t, const struct prefix *p)
{
	size_t k;

	if (t == NULL || t->total == 0)
		return 0;
	k = chunk_of_prefix(t, p);
	return t->first[k] + in_chunk(t->c[k], p, false);
}

size_t
cpe_networks_after(const struct cpe_networks *t, const struct prefix *p)
{
	size_t k;

	if (t == NULL || t->total == 0 || p == NULL)
		return 0;
	k = chunk_of_prefix(t, p);
	return t->first[k] + in_chunk(t->c[k], p, true);
}

const struct cpe_network *
cpe_networks_find(const struct cpe_networks *t, const struct prefix *p)
{
	const struct cpe_network *n = cpe_networks_at(t, cpe_networks_lower(t,
	    p));

	return n != NULL && prefix_compare(&n->prefix, p) == 0 ? n : NULL;
}

/* Changes. */

static void
chunk_put(struct chunk *c)
{
	if (c != NULL && --c->refs == 0)
		free(c);
}

static int
reserve(struct cpe_networks *t, size_t n)
{
	struct chunk **c;
	size_t *first, cap;

	if (n <= t->cap)
		return 0;
	cap = t->cap ? t->cap * 2 : 16;
	while (cap < n)
		cap *= 2;
	if ((c = realloc(t->c, cap * sizeof(*c))) == NULL)
		return -1;
	t->c = c;
	if ((first = realloc(t->first, cap * sizeof(*first))) == NULL)
		return -1;
	t->first = first;
	t->cap = cap;
	return 0;
}

/* *tp, this object's own (the chunks still shared). */
static struct cpe_networks *
own_table(struct cpe_networks **tp)
{
	struct cpe_networks *t = *tp, *o;
	size_t k;

	if (t != NULL && t->refs == 1)
		return t;
	if ((o = calloc(1, sizeof(*o))) == NULL)
		return NULL;
	o->refs = 1;
	if (t != NULL) {
		if (reserve(o, t->n) == -1) {
			free(o->c);
			free(o->first);
			free(o);
			return NULL;
		}
		memcpy(o->c, t->c, t->n * sizeof(*t->c));
		memcpy(o->first, t->first, t->n * sizeof(*t->first));
		o->n = t->n;
		o->total = t->total;
		for (k = 0; k < o->n; k++)
			o->c[k]->refs++;
		t->refs--;
	}
	*tp = o;
	return o;
}

/* Chunk k, this table's own. */
static struct chunk *
own_chunk(struct cpe_networks *t, size_t k)
{
	struct chunk *c = t->c[k], *o;

	if (c->refs == 1)
		return c;
	if ((o = malloc(sizeof(*o))) == NULL)
		return NULL;
	o->refs = 1;
	o->n = c->n;
	memcpy(o->v, c->v, c->n * sizeof(c->v[0]));
	c->refs--;
	t->c[k] = o;
	return o;
}

/* A new empty chunk at position k (first index `at`). */
static struct chunk *
chunk_insert(struct cpe_networks *t, size_t k, size_t at)
{
	struct chunk *c;

	if (reserve(t, t->n + 1) == -1 || (c = malloc(sizeof(*c))) == NULL)
		return NULL;
	c->refs = 1;
	c->n = 0;
	memmove(&t->c[k + 1], &t->c[k], (t->n - k) * sizeof(*t->c));
	memmove(&t->first[k + 1], &t->first[k], (t->n - k) *
	    sizeof(*t->first));
	t->c[k] = c;
	t->first[k] = at;
	t->n++;
	return c;
}

static void
shift_after(struct cpe_networks *t, size_t k, long d)
{
	for (k++; k < t->n; k++)
		t->first[k] = (size_t)((long)t->first[k] + d);
}

int
cpe_networks_put(struct cpe_networks **tp, const struct cpe_network *n)
{
	struct cpe_networks *t;
	struct chunk *c, *half;
	size_t k;
	unsigned j, keep;

	if ((t = own_table(tp)) == NULL)
		return -1;
	if (t->n == 0) {
		if ((c = chunk_insert(t, 0, 0)) == NULL)
			return -1;
		c->v[c->n++] = *n;
		t->total = 1;
		return 0;
	}
	k = chunk_of_prefix(t, &n->prefix);
	j = in_chunk(t->c[k], &n->prefix, false);
	if ((c = own_chunk(t, k)) == NULL)
		return -1;
	if (j < c->n && prefix_compare(&c->v[j].prefix, &n->prefix) == 0) {
		c->v[j] = *n;		/* replaced */
		return 0;
	}
	if (c->n == CHUNK) {
		if (j == CHUNK && k + 1 == t->n) {
			/* past the end: a feed in order fills chunks whole */
			if ((c = chunk_insert(t, k + 1, t->total)) == NULL)
				return -1;
			c->v[c->n++] = *n;
			t->total++;
			return 0;
		}
		/* full: its second half becomes a chunk of its own */
		keep = CHUNK / 2;
		if ((half = chunk_insert(t, k + 1, t->first[k] + keep)) ==
		    NULL)
			return -1;
		memcpy(half->v, &c->v[keep], (CHUNK - keep) * sizeof(c->v[0]));
		half->n = CHUNK - keep;
		c->n = keep;
		if (j > keep) {
			k++;
			j -= keep;
			c = half;
		}
	}
	memmove(&c->v[j + 1], &c->v[j], (c->n - j) * sizeof(c->v[0]));
	c->v[j] = *n;
	c->n++;
	t->total++;
	shift_after(t, k, 1);
	return 0;
}

int
cpe_networks_remove(struct cpe_networks **tp, const struct prefix *p,
    bool *was)
{
	struct cpe_networks *t = *tp;
	struct chunk *c;
	size_t k;
	unsigned j;

	*was = false;
	if (t == NULL || t->total == 0)
		return 0;
	k = chunk_of_prefix(t, p);
	j = in_chunk(t->c[k], p, false);
	if (j >= t->c[k]->n || prefix_compare(&t->c[k]->v[j].prefix, p) != 0)
		return 0;
	if ((t = own_table(tp)) == NULL || (c = own_chunk(t, k)) == NULL)
		return -1;
	*was = true;
	memmove(&c->v[j], &c->v[j + 1], (c->n - j - 1) * sizeof(c->v[0]));
	c->n--;
	t->total--;
	shift_after(t, k, -1);
	if (c->n == 0) {
		chunk_put(c);
		memmove(&t->c[k], &t->c[k + 1], (t->n - k - 1) * sizeof(*t->c));
		memmove(&t->first[k], &t->first[k + 1], (t->n - k - 1) *
		    sizeof(*t->first));
		t->n--;
	}
	return 0;
}

struct cpe_networks *
cpe_networks_share(struct cpe_networks *t)
{
	if (t != NULL)
		t->refs++;
	return t;
}

void
cpe_networks_release(struct cpe_networks *t)
{
	size_t k;

	if (t == NULL || --t->refs > 0)
		return;
	for (k = 0; k < t->n; k++)
		chunk_put(t->c[k]);
	free(t->c);
	free(t->first);
	free(t);
}

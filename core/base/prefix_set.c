/*
 * prefix_set: sorted array; sets here hold tens of entries, not millions.
 */
#include <stdlib.h>
#include <string.h>

#include "prefix_set.h"

/* Index of p, or where it would go; *found says which. */
static size_t
locate(const struct prefix_set *s, const struct prefix *p, bool *found)
{
	size_t lo = 0, hi = s->n, mid;
	int c;

	*found = false;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = prefix_compare(&s->v[mid], p);
		if (c == 0) {
			*found = true;
			return mid;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

int
prefix_set_add(struct prefix_set *s, const struct prefix *p)
{
	struct prefix *v;
	size_t at, cap;
	bool found;

	at = locate(s, p, &found);
	if (found)
		return 0;
	if (s->n == s->cap) {
		cap = s->cap ? s->cap * 2 : 8;
		if ((v = realloc(s->v, cap * sizeof(*v))) == NULL)
			return -1;
		s->v = v;
		s->cap = cap;
	}
	memmove(&s->v[at + 1], &s->v[at], (s->n - at) * sizeof(*s->v));
	s->v[at] = *p;
	s->n++;
	return 1;
}

bool
prefix_set_remove(struct prefix_set *s, const struct prefix *p)
{
	bool found;
	size_t at = locate(s, p, &found);

	if (!found)
		return false;
	memmove(&s->v[at], &s->v[at + 1], (s->n - at - 1) * sizeof(*s->v));
	s->n--;
	return true;
}

bool
prefix_set_has(const struct prefix_set *s, const struct prefix *p)
{
	bool found;

	locate(s, p, &found);
	return found;
}

void
prefix_set_free(struct prefix_set *s)
{
	free(s->v);
	memset(s, 0, sizeof(*s));
}

/*
 * loop_stats: histograms of lateness, the longest rounds, work by kind.
 */
#include <string.h>

#include "loop_stats.h"

static size_t
bucket_of(uint64_t us)
{
	unsigned e;

	if (us < LATE_EXACT)
		return (size_t)us;
	e = 63u - (unsigned)__builtin_clzll(us);
	if (e > 36) {
		e = 36;
		us = (1ull << 37) - 1;
	}
	return LATE_EXACT + (size_t)(e - 4) * LATE_SUB +
	    (size_t)((us >> (e - 4)) & (LATE_SUB - 1));
}

/* The first microsecond past bucket i. */
static uint64_t
bucket_top_us(size_t i)
{
	size_t e, m;

	if (i < LATE_EXACT)
		return i + 1;
	e = (i - LATE_EXACT) / LATE_SUB + 4;
	m = (i - LATE_EXACT) % LATE_SUB;
	return (uint64_t)(LATE_SUB + m + 1) << (e - 4);
}

void
lateness_add(struct lateness *l, uint64_t ns)
{
	l->bucket[bucket_of(ns / 1000)]++;
	l->count++;
	if (ns > l->max_ns)
		l->max_ns = ns;
}

void
lateness_merge(struct lateness *into, const struct lateness *l)
{
	size_t i;

	for (i = 0; i < LATE_BUCKETS; i++)
		into->bucket[i] += l->bucket[i];
	into->count += l->count;
	if (l->max_ns > into->max_ns)
		into->max_ns = l->max_ns;
}

uint64_t
lateness_quantile(const struct lateness *l, double q)
{
	uint64_t want, seen = 0, top;
	size_t i;

	if (l->count == 0)
		return 0;
	want = (uint64_t)(q * (double)l->count + 0.999999);
	if (want == 0)
		want = 1;
	for (i = 0; i < LATE_BUCKETS; i++) {
		seen += l->bucket[i];
		if (seen >= want)
			break;
	}
	top = bucket_top_us(i < LATE_BUCKETS ? i : LATE_BUCKETS - 1) * 1000;
	return top < l->max_ns ? top : l->max_ns;
}

void
loop_stats_init(struct loop_stats *s)
{
	memset(s, 0, sizeof(*s));
}

void
loop_stats_clear(struct loop_stats *s)
{
	size_t i;

	s->rounds = 0;
	memset(&s->all, 0, sizeof(s->all));
	memset(s->slot, 0, sizeof(s->slot));
	memset(s->slot_of, 0, sizeof(s->slot_of));
	s->nlongest = 0;
	for (i = 0; i < s->nkinds; i++)
		s->kinds[i].runs = s->kinds[i].ns = s->kinds[i].max_ns = 0;
}

void
loop_stats_late(struct loop_stats *s, uint64_t now_ns, uint64_t late_ns)
{
	uint64_t five = now_ns / (LOOP_SLOT_S * 1000000000ull) + 1;
	size_t i = (size_t)(five % LOOP_SLOTS);

	lateness_add(&s->all, late_ns);
	if (s->slot_of[i] != five) {
		memset(&s->slot[i], 0, sizeof(s->slot[i]));
		s->slot_of[i] = five;
	}
	lateness_add(&s->slot[i], late_ns);
}

void
loop_stats_recent(const struct loop_stats *s, uint64_t now_ns,
    struct lateness *out)
{
	uint64_t five = now_ns / (LOOP_SLOT_S * 1000000000ull) + 1;
	size_t i;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < LOOP_SLOTS; i++)
		if (s->slot_of[i] != 0 && s->slot_of[i] + LOOP_SLOTS > five)
			lateness_merge(out, &s->slot[i]);
}

void
loop_stats_round(struct loop_stats *s, uint64_t ns, uint64_t wall_ns,
    const char *what)
{
	size_t i;

	s->rounds++;
	if (s->nlongest == LOOP_LONGEST && ns <= s->longest[LOOP_LONGEST - 1].ns)
		return;
	if (s->nlongest < LOOP_LONGEST)
		s->nlongest++;
	for (i = s->nlongest - 1; i > 0 && s->longest[i - 1].ns < ns; i--)
		s->longest[i] = s->longest[i - 1];
	s->longest[i].ns = ns;
	s->longest[i].wall_ns = wall_ns;
	strlcpy(s->longest[i].what, what, sizeof(s->longest[i].what));
}

unsigned
loop_stats_kind(struct loop_stats *s, const char *name)
{
	size_t i;

	for (i = 0; i < s->nkinds; i++)
		if (strcmp(s->kinds[i].name, name) == 0)
			return (unsigned)i;
	if (s->nkinds == LOOP_KINDS_MAX)
		return 0;
	s->kinds[s->nkinds].name = name;
	return (unsigned)s->nkinds++;
}

void
loop_stats_slice(struct loop_stats *s, unsigned kind, uint64_t ns)
{
	struct loop_kind *k = &s->kinds[kind < s->nkinds ? kind : 0];

	k->runs++;
	k->ns += ns;
	if (ns > k->max_ns)
		k->max_ns = ns;
}

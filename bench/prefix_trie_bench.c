/*
 * prefix_trie_bench: the route table structure at a million routes.
 * Inserts N prefixes of an Internet-like length mix, then times exact
 * lookups, longest-prefix matches of random addresses and removals, for
 * IPv4 and IPv6.  A benchmark: it prints figures and asserts nothing
 * beyond its own sanity.
 *   build/prefix-trie-bench [N]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../core/base/prefix_trie.h"

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long
rss_kib(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	long kib = -1;

	while (f != NULL && fgets(line, sizeof(line), f) != NULL)
		if (sscanf(line, "VmRSS: %ld", &kib) == 1)
			break;
	if (f != NULL)
		fclose(f);
	return kib;
}

static uint64_t
next_random(uint64_t *s)
{
	/* xorshift64*: fast, and the same table on every run */
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ull;
}

/* Mostly /24 (v4) or /48 (v6), as in the default-free zone. */
static unsigned
length_of(uint64_t r, sa_family_t f)
{
	unsigned pct = (unsigned)(r % 100);

	if (f == AF_INET)
		return pct < 60 ? 24 : pct < 75 ? 22 : pct < 85 ? 23 :
		    pct < 95 ? 16 + (unsigned)(r >> 8) % 6 : 25 +
		    (unsigned)(r >> 8) % 8;
	return pct < 50 ? 48 : pct < 70 ? 32 + (unsigned)(r >> 8) % 16 :
	    pct < 95 ? 40 + (unsigned)(r >> 8) % 8 : 56 +
	    (unsigned)(r >> 8) % 73;
}

static void
mask(struct prefix *p)
{
	uint8_t *b = p->addr.family == AF_INET ? (uint8_t *)&p->addr.v4 :
	    p->addr.v6.s6_addr;
	unsigned i, n = p->addr.family == AF_INET ? 4 : 16;

	for (i = 0; i < n; i++) {
		if (i * 8 >= p->len)
			b[i] = 0;
		else if (i * 8 + 8 > p->len)
			b[i] &= (uint8_t)(0xff << (8 - (p->len - i * 8)));
	}
}

static void
random_addr(uint64_t *s, sa_family_t f, struct ipaddr *a)
{
	uint64_t hi = next_random(s), lo = next_random(s);

	memset(a, 0, sizeof(*a));
	a->family = f;
	if (f == AF_INET) {
		a->v4.s_addr = (uint32_t)hi;
		return;
	}
	hi = (hi & 0x00001fffffffffffull) | 0x2000000000000000ull;
	memcpy(a->v6.s6_addr, &hi, 8);
	memcpy(a->v6.s6_addr + 8, &lo, 8);
	a->v6.s6_addr[0] = 0x20;	/* global unicast, 2000::/3 */
}

static void
run(sa_family_t f, size_t n)
{
	struct prefix *v = malloc(n * sizeof(*v));
	struct prefix_trie *t = prefix_trie_new();
	uint64_t seed = 0x9e3779b97f4a7c15ull;
	struct ipaddr a;
	size_t i, found = 0, matched = 0;
	long rss0 = rss_kib();
	double t0;

	if (v == NULL || t == NULL) {
		fprintf(stderr, "out of memory\n");
		exit(1);
	}
	for (i = 0; i < n; i++) {
		random_addr(&seed, f, &v[i].addr);
		v[i].len = (uint8_t)length_of(next_random(&seed), f);
		mask(&v[i]);
	}
	t0 = now_s();
	for (i = 0; i < n; i++)
		if (prefix_trie_insert(t, &v[i], &v[i], NULL) == -1) {
			fprintf(stderr, "out of memory at %zu\n", i);
			exit(1);
		}
	printf("%s  %zu inserted (%zu distinct)  insert %.0f ns/route  "
	    "+%ld MiB\n", f == AF_INET ? "IPv4" : "IPv6", n,
	    prefix_trie_count(t), (now_s() - t0) * 1e9 / (double)n,
	    (rss_kib() - rss0) / 1024);
	t0 = now_s();
	for (i = 0; i < n; i++)
		found += prefix_trie_get(t, &v[i]) != NULL;
	printf("      exact lookup %.0f ns  (%zu found)\n",
	    (now_s() - t0) * 1e9 / (double)n, found);
	t0 = now_s();
	for (i = 0; i < n; i++) {
		random_addr(&seed, f, &a);
		matched += prefix_trie_match(t, &a, NULL, NULL, NULL) != NULL;
	}
	printf("      longest-prefix match of a random address %.0f ns  "
	    "(%zu of %zu matched)\n", (now_s() - t0) * 1e9 / (double)n,
	    matched, n);
	t0 = now_s();
	for (i = 0; i < n; i++)
		prefix_trie_remove(t, &v[i]);
	printf("      remove %.0f ns  (%zu left)\n",
	    (now_s() - t0) * 1e9 / (double)n, prefix_trie_count(t));
	prefix_trie_free(t, NULL);
	free(v);
}

int
main(int argc, char **argv)
{
	size_t n = argc > 1 ? strtoul(argv[1], NULL, 10) : 1000000;

	run(AF_INET, n);
	run(AF_INET6, n);
	return 0;
}

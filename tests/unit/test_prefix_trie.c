/*
 * The prefix trie behind every route table: longest-prefix match with
 * overlapping IPv4 and IPv6 prefixes, matches that skip unusable
 * (inactive) routes, removal that keeps the shape right, walk order, and
 * a randomised comparison with a brute-force table.
 */
#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../core/base/prefix_trie.h"

static struct prefix
P(const char *text)
{
	struct prefix p;

	cr_assert_eq(prefix_decode(text, AF_UNSPEC, &p, NULL, 0), 0, "%s",
	    text);
	return p;
}

static struct ipaddr
A(const char *text)
{
	struct ipaddr a;

	cr_assert_eq(ipaddr_decode(text, AF_UNSPEC, &a, NULL, 0), 0, "%s",
	    text);
	return a;
}

static const char *overlapping[] = {
	"0.0.0.0/0", "10.0.0.0/8", "10.1.0.0/16", "10.1.2.0/24",
	"10.1.2.3/32", "10.1.3.0/24", "192.168.0.0/16", "192.168.0.0/24",
	"::/0", "2001:db8::/32", "2001:db8:1::/48", "2001:db8:1:2::/64",
	"2001:db8:1:2::1/128", "2001:db8:8000::/33",
};

static struct prefix_trie *
filled(void)
{
	struct prefix_trie *t = prefix_trie_new();
	size_t i;

	cr_assert_not_null(t);
	for (i = 0; i < sizeof(overlapping) / sizeof(overlapping[0]); i++) {
		struct prefix p = P(overlapping[i]);

		cr_assert_eq(prefix_trie_insert(t, &p,
		    (void *)overlapping[i], NULL), 0);
	}
	return t;
}

static const char *
match(const struct prefix_trie *t, const char *addr)
{
	struct ipaddr a = A(addr);

	return prefix_trie_match(t, &a, NULL, NULL, NULL);
}

Test(prefix_trie, longest_match_ipv4)
{
	struct prefix_trie *t = filled();

	cr_assert_str_eq(match(t, "10.1.2.3"), "10.1.2.3/32");
	cr_assert_str_eq(match(t, "10.1.2.4"), "10.1.2.0/24");
	cr_assert_str_eq(match(t, "10.1.3.200"), "10.1.3.0/24");
	cr_assert_str_eq(match(t, "10.1.4.1"), "10.1.0.0/16");
	cr_assert_str_eq(match(t, "10.200.0.1"), "10.0.0.0/8");
	cr_assert_str_eq(match(t, "192.168.0.255"), "192.168.0.0/24");
	cr_assert_str_eq(match(t, "192.168.1.0"), "192.168.0.0/16");
	cr_assert_str_eq(match(t, "11.0.0.0"), "0.0.0.0/0");
	cr_assert_str_eq(match(t, "255.255.255.255"), "0.0.0.0/0");
	prefix_trie_free(t, NULL);
}

Test(prefix_trie, longest_match_ipv6)
{
	struct prefix_trie *t = filled();

	cr_assert_str_eq(match(t, "2001:db8:1:2::1"), "2001:db8:1:2::1/128");
	cr_assert_str_eq(match(t, "2001:db8:1:2::2"), "2001:db8:1:2::/64");
	cr_assert_str_eq(match(t, "2001:db8:1:3::"), "2001:db8:1::/48");
	cr_assert_str_eq(match(t, "2001:db8:2::"), "2001:db8::/32");
	cr_assert_str_eq(match(t, "2001:db8:8000::1"), "2001:db8:8000::/33");
	cr_assert_str_eq(match(t, "2001:db9::"), "::/0");
	cr_assert_str_eq(match(t, "fe80::1"), "::/0");
	prefix_trie_free(t, NULL);
}

Test(prefix_trie, families_are_apart)
{
	struct prefix_trie *t = prefix_trie_new();
	struct prefix p = P("10.0.0.0/8");

	cr_assert_eq(prefix_trie_insert(t, &p, "v4", NULL), 0);
	cr_assert_null(match(t, "::a00:1"));
	cr_assert_null(match(t, "::ffff:10.0.0.1"));
	cr_assert_str_eq(match(t, "10.0.0.1"), "v4");
	prefix_trie_free(t, NULL);
}

static bool
not_inactive(const void *value, void *arg)
{
	(void)arg;
	return strstr(value, "inactive") == NULL;
}

/* An inactive route is passed over for a shorter, active one. */
Test(prefix_trie, match_skips_unusable)
{
	struct prefix_trie *t = prefix_trie_new();
	struct prefix p8 = P("100.0.0.0/8"), p10 = P("100.64.0.0/10"),
	    p24 = P("100.64.1.0/24"), m;
	struct ipaddr a = A("100.64.1.1");

	prefix_trie_insert(t, &p8, "100/8", NULL);
	prefix_trie_insert(t, &p10, "100.64/10 inactive", NULL);
	prefix_trie_insert(t, &p24, "100.64.1/24 inactive", NULL);
	cr_assert_str_eq(prefix_trie_match(t, &a, not_inactive, NULL, &m),
	    "100/8");
	cr_assert_eq(prefix_compare(&m, &p8), 0);
	cr_assert_str_eq(prefix_trie_match(t, &a, NULL, NULL, &m),
	    "100.64.1/24 inactive");
	cr_assert_eq(prefix_compare(&m, &p24), 0);
	prefix_trie_free(t, NULL);
}

Test(prefix_trie, replace_and_remove)
{
	struct prefix_trie *t = filled();
	struct prefix p = P("10.1.2.0/24"), glue = P("10.1.2.0/23");
	void *old;

	cr_assert_eq(prefix_trie_count(t), 14);
	cr_assert_eq(prefix_trie_insert(t, &p, "new", &old), 0);
	cr_assert_str_eq(old, "10.1.2.0/24");
	cr_assert_eq(prefix_trie_count(t), 14);
	/* 10.1.2.0/24 and 10.1.3.0/24 part under a glue /23: not a route */
	cr_assert_null(prefix_trie_get(t, &glue));
	cr_assert_null(prefix_trie_remove(t, &glue));
	cr_assert_eq(prefix_trie_count(t), 14);
	cr_assert_str_eq(prefix_trie_remove(t, &p), "new");
	cr_assert_null(prefix_trie_get(t, &p));
	cr_assert_str_eq(match(t, "10.1.2.4"), "10.1.0.0/16");
	cr_assert_str_eq(match(t, "10.1.2.3"), "10.1.2.3/32");
	cr_assert_str_eq(match(t, "10.1.3.1"), "10.1.3.0/24");
	cr_assert_eq(prefix_trie_count(t), 13);
	p = P("0.0.0.0/0");
	cr_assert_str_eq(prefix_trie_remove(t, &p), "0.0.0.0/0");
	cr_assert_null(match(t, "11.0.0.0"));
	prefix_trie_free(t, NULL);
}

struct order {
	struct prefix	prev;
	size_t		n;
};

static void
check_order(const struct prefix *p, void *value, void *arg)
{
	struct order *o = arg;
	char text[NETADDR_STRLEN];

	cr_assert_str_eq(value, prefix_format(p, text, sizeof(text)));
	if (o->n > 0)
		cr_assert_lt(prefix_compare(&o->prev, p), 0);
	o->prev = *p;
	o->n++;
}

Test(prefix_trie, walk_in_prefix_order)
{
	struct prefix_trie *t = filled();
	struct order o = { .n = 0 };

	prefix_trie_walk(t, check_order, &o);
	cr_assert_eq(o.n, 14);
	prefix_trie_free(t, NULL);
}

/* A table of random, heavily overlapping prefixes against brute force. */

enum { NRANDOM = 3000, NLOOKUP = 20000 };

static struct prefix
random_prefix(unsigned *seed, sa_family_t f)
{
	struct prefix p;
	uint8_t *b;
	unsigned i, len, n;

	memset(&p, 0, sizeof(p));
	p.addr.family = f;
	if (f == AF_INET) {
		/* few bits vary, so prefixes nest and collide */
		p.addr.v4.s_addr = htonl(0x0a000000u |
		    ((unsigned)rand_r(seed) & 0x00ff0f0fu));
		len = 8 + (unsigned)rand_r(seed) % 25;
	} else {
		p.addr.v6.s6_addr[0] = 0x20;
		p.addr.v6.s6_addr[1] = 0x01;
		p.addr.v6.s6_addr[5] = (uint8_t)(rand_r(seed) & 0x0f);
		p.addr.v6.s6_addr[7] = (uint8_t)(rand_r(seed) & 0xf0);
		p.addr.v6.s6_addr[15] = (uint8_t)rand_r(seed);
		len = 16 + (unsigned)rand_r(seed) % 113;
	}
	p.len = (uint8_t)len;
	/* the decoder's canonical form: host bits zero */
	b = f == AF_INET ? (uint8_t *)&p.addr.v4 : p.addr.v6.s6_addr;
	n = f == AF_INET ? 4 : 16;
	for (i = 0; i < n; i++) {
		if (i * 8 >= len)
			b[i] = 0;
		else if (i * 8 + 8 > len)
			b[i] &= (uint8_t)(0xff << (8 - (len - i * 8)));
	}
	return p;
}

static bool
holds(const struct prefix *p, const struct ipaddr *a)
{
	const uint8_t *x = p->addr.family == AF_INET ?
	    (const uint8_t *)&p->addr.v4 : p->addr.v6.s6_addr;
	const uint8_t *y = a->family == AF_INET ? (const uint8_t *)&a->v4 :
	    a->v6.s6_addr;
	unsigned i;

	if (p->addr.family != a->family)
		return false;
	for (i = 0; i < p->len; i++)
		if (((x[i / 8] ^ y[i / 8]) >> (7 - i % 8)) & 1)
			return false;
	return true;
}

Test(prefix_trie, random_against_brute_force)
{
	static struct prefix set[NRANDOM];
	static bool present[NRANDOM];
	struct prefix_trie *t = prefix_trie_new();
	unsigned seed = 20261122;
	size_t i, j, n = 0, best;
	struct prefix m;
	struct ipaddr a;
	void *got;

	for (i = 0; i < NRANDOM; i++) {
		struct prefix p = random_prefix(&seed, i % 3 ? AF_INET :
		    AF_INET6);

		for (j = 0; j < n; j++)
			if (prefix_compare(&set[j], &p) == 0)
				break;
		if (j < n)
			continue;
		set[n] = p;
		present[n] = true;
		cr_assert_eq(prefix_trie_insert(t, &p, &set[n], NULL), 0);
		n++;
	}
	/* take every third one out again */
	for (i = 0; i < n; i += 3) {
		cr_assert_eq(prefix_trie_remove(t, &set[i]), &set[i]);
		present[i] = false;
	}
	cr_assert_eq(prefix_trie_count(t), n - (n + 2) / 3);
	for (i = 0; i < NLOOKUP; i++) {
		a = random_prefix(&seed, i % 2 ? AF_INET : AF_INET6).addr;
		if (i % 4 == 0)		/* and addresses right at a prefix */
			a = set[(size_t)rand_r(&seed) % n].addr;
		best = n;
		for (j = 0; j < n; j++)
			if (present[j] && holds(&set[j], &a) &&
			    (best == n || set[j].len > set[best].len))
				best = j;
		got = prefix_trie_match(t, &a, NULL, NULL, &m);
		if (best == n) {
			cr_assert_null(got);
		} else {
			cr_assert_eq(got, &set[best]);
			cr_assert_eq(prefix_compare(&m, &set[best]), 0);
		}
	}
	for (j = 0; j < n; j++)
		cr_assert_eq(prefix_trie_get(t, &set[j]),
		    present[j] ? &set[j] : NULL);
	prefix_trie_free(t, NULL);
}

/*
 * A walk that gave the loop back goes on after the last prefix it saw:
 * from any prefix, stored or not, it must visit exactly the stored ones
 * past it, in order, and stop when told to.
 */
struct after_walk {
	const struct prefix	*last;
	size_t			 n, stop_at;
	bool			 ordered;
};

static bool
after_one(const struct prefix *p, void *value, void *arg)
{
	struct after_walk *w = arg;

	(void)value;
	if (w->last != NULL && prefix_compare(w->last, p) >= 0)
		w->ordered = false;
	w->last = p;
	return ++w->n < w->stop_at;
}

static int
prefix_order(const void *a, const void *b)
{
	return prefix_compare(a, b);
}

Test(prefix_trie, walk_goes_on_after_any_prefix)
{
	static struct prefix set[NRANDOM], probe;
	struct prefix_trie *t = prefix_trie_new();
	struct after_walk w;
	unsigned seed = 20261207;
	size_t i, j, n = 0, past;

	for (i = 0; i < NRANDOM; i++) {
		struct prefix p = random_prefix(&seed, i % 3 ? AF_INET :
		    AF_INET6);

		if (prefix_trie_get(t, &p) != NULL)
			continue;
		set[n] = p;
		cr_assert_eq(prefix_trie_insert(t, &p, &set[n], NULL), 0);
		n++;
	}
	qsort(set, n, sizeof(set[0]), prefix_order);
	for (i = 0; i < 2 * n; i++) {
		/* a stored prefix, or one that is not (the walk's last may
		 * have been withdrawn since) */
		probe = i < n ? set[i] : random_prefix(&seed, i % 2 ?
		    AF_INET : AF_INET6);
		for (past = 0, j = 0; j < n; j++)
			past += prefix_compare(&set[j], &probe) > 0;
		memset(&w, 0, sizeof(w));
		w.stop_at = SIZE_MAX;
		w.ordered = true;
		cr_assert(prefix_trie_walk_after(t, &probe, after_one, &w));
		cr_assert_eq(w.n, past, "after prefix %zu: %zu, wanted %zu",
		    i, w.n, past);
		cr_assert(w.ordered);
		if (past > 0)
			cr_assert_gt(prefix_compare(w.last, &probe), -1);
	}
	/* stopped, and gone on from where it stopped */
	memset(&w, 0, sizeof(w));
	w.stop_at = 10;
	w.ordered = true;
	cr_assert_not(prefix_trie_walk_after(t, NULL, after_one, &w));
	cr_assert_eq(prefix_compare(w.last, &set[9]), 0);
	probe = *w.last;
	w.stop_at = SIZE_MAX;
	cr_assert(prefix_trie_walk_after(t, &probe, after_one, &w));
	cr_assert_eq(w.n, n);
	cr_assert(w.ordered);
	prefix_trie_free(t, NULL);
}

/* The hand-written IPv4 formatting (no printf) against inet_ntop. */
Test(netaddr, formats_every_octet_and_length)
{
	char text[NETADDR_STRLEN], want[NETADDR_STRLEN];
	struct prefix p;
	struct ipaddr a, back;
	unsigned v, len;

	for (v = 0; v < 256; v++) {
		a.family = AF_INET;
		a.v4.s_addr = htonl(v << 24 | (255 - v) << 16 | v / 3 << 8 |
		    v % 10);
		inet_ntop(AF_INET, &a.v4, want, sizeof(want));
		cr_assert_str_eq(ipaddr_format(&a, text, sizeof(text)), want);
		back = A(text);
		cr_assert(ipaddr_equal(&back, &a), "%s", text);
	}
	for (len = 0; len <= 32; len++) {
		p = P("255.255.255.255/32");
		p.len = (uint8_t)len;
		prefix_format(&p, text, sizeof(text));
		snprintf(want, sizeof(want), "255.255.255.255/%u", len);
		cr_assert_str_eq(text, want);
	}
	p = P("2001:db8::/128");
	cr_assert_str_eq(prefix_format(&p, text, sizeof(text)),
	    "2001:db8::/128");
	/* a short buffer gets what fits, terminated */
	p = P("192.168.100.0/24");
	cr_assert_str_eq(prefix_format(&p, text, 8), "192.168");
}

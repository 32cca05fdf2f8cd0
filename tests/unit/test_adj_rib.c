/*
 * adj_rib: a longest match searches only the prefix lengths the RIB holds
 * (README: one search for a feed of /24s), and still finds the longest.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "../../core/bgp/adj_rib.h"

static void
add(struct adj_rib *rib, const char *text)
{
	struct rib_route *r = adj_rib_alloc(rib);
	char why[128];

	cr_assert_not_null(r);
	cr_assert_eq(prefix_decode(text, AF_UNSPEC, &r->prefix, why,
	    sizeof(why)), 0, "%s: %s", text, why);
	cr_assert_null(adj_rib_link(rib, r));
}

static unsigned
searches_for(const struct adj_rib *rib, const char *addr, const char *want)
{
	struct ipaddr a;
	struct prefix got;
	char why[128], text[64];
	unsigned n;

	cr_assert_eq(ipaddr_decode(addr, AF_UNSPEC, &a, why, sizeof(why)), 0);
	if (want == NULL) {
		cr_assert_null(adj_rib_match_counted(rib, &a, &got, &n));
		return n;
	}
	cr_assert_not_null(adj_rib_match_counted(rib, &a, &got, &n));
	cr_assert_str_eq(prefix_format(&got, text, sizeof(text)), want);
	return n;
}

Test(adj_rib, a_feed_of_24s_is_one_search)
{
	struct adj_rib rib;
	char p[32];
	int i;

	adj_rib_init(&rib);
	for (i = 0; i < 1000; i++) {
		snprintf(p, sizeof(p), "10.%d.%d.0/24", i >> 8, i & 255);
		add(&rib, p);
	}
	cr_assert_eq(searches_for(&rib, "10.1.2.3", "10.1.2.0/24"), 1);
	cr_assert_eq(searches_for(&rib, "192.0.2.1", NULL), 1,
	    "a miss is one search too");
	adj_rib_clear(&rib, NULL, NULL);
}

Test(adj_rib, lengths_come_and_go_with_their_routes)
{
	struct adj_rib rib;
	struct rib_route *r;
	struct prefix p;
	char why[64];

	adj_rib_init(&rib);
	add(&rib, "10.0.0.0/8");
	add(&rib, "10.1.0.0/16");
	add(&rib, "10.1.2.0/24");
	cr_assert_eq(searches_for(&rib, "10.1.2.3", "10.1.2.0/24"), 1);
	cr_assert_eq(searches_for(&rib, "10.1.9.9", "10.1.0.0/16"), 2);
	cr_assert_eq(searches_for(&rib, "10.9.9.9", "10.0.0.0/8"), 3);
	/* the /24 goes: its length is no longer searched */
	prefix_decode("10.1.2.0/24", AF_UNSPEC, &p, why, sizeof(why));
	r = adj_rib_find(&rib, &p);
	cr_assert_not_null(r);
	adj_rib_unlink(&rib, r);
	adj_rib_put(&rib, r);
	cr_assert_eq(searches_for(&rib, "10.1.2.3", "10.1.0.0/16"), 1);
	/* IPv6 lengths are their own */
	add(&rib, "2001:db8::/32");
	cr_assert_eq(searches_for(&rib, "2001:db8::1", "2001:db8::/32"), 1);
	adj_rib_clear(&rib, NULL, NULL);
}

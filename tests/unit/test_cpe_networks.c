/*
 * A CPE's networks in shared chunks: random puts and removes against a
 * sorted array, in order and at random, with copies taken along the way
 * that must not see the changes made after them.
 */
#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "../../core/cloud/cpe_networks.h"
#include "../../core/cloud/object.h"

enum { MAXN = 6000 };

struct ref {
	struct cpe_network	v[MAXN];
	size_t			n;
};

static struct cpe_network
net(unsigned i, unsigned med)
{
	struct cpe_network n;

	memset(&n, 0, sizeof(n));
	n.prefix.addr.family = AF_INET;
	n.prefix.addr.v4.s_addr = htonl(0x0b000000u | i << 8);
	n.prefix.len = 24;
	n.med = med;
	n.has_med = true;
	return n;
}

static void
ref_put(struct ref *r, const struct cpe_network *n)
{
	size_t i;

	for (i = 0; i < r->n && prefix_compare(&r->v[i].prefix,
	    &n->prefix) < 0; i++)
		;
	if (i < r->n && prefix_compare(&r->v[i].prefix, &n->prefix) == 0) {
		r->v[i] = *n;
		return;
	}
	memmove(&r->v[i + 1], &r->v[i], (r->n - i) * sizeof(r->v[0]));
	r->v[i] = *n;
	r->n++;
}

static bool
ref_remove(struct ref *r, const struct prefix *p)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (prefix_compare(&r->v[i].prefix, p) == 0) {
			memmove(&r->v[i], &r->v[i + 1], (r->n - i - 1) *
			    sizeof(r->v[0]));
			r->n--;
			return true;
		}
	return false;
}

static void
same(const struct cpe_networks *t, const struct ref *r)
{
	const struct cpe_network *n;
	size_t i;

	cr_assert_eq(cpe_networks_count(t), r->n);
	for (i = 0; i < r->n; i++) {
		n = cpe_networks_at(t, i);
		cr_assert_not_null(n);
		cr_assert_eq(prefix_compare(&n->prefix, &r->v[i].prefix), 0,
		    "at %zu", i);
		cr_assert_eq(n->med, r->v[i].med, "at %zu", i);
		cr_assert_eq(cpe_networks_find(t, &r->v[i].prefix), n);
		cr_assert_eq(cpe_networks_after(t, &r->v[i].prefix), i + 1);
		cr_assert_eq(cpe_networks_lower(t, &r->v[i].prefix), i);
	}
	cr_assert_null(cpe_networks_at(t, r->n));
}

Test(cpe_networks, in_order_and_at_random_with_copies_kept)
{
	static struct ref r, kept;
	struct cpe_networks *t = NULL, *copy = NULL;
	struct cpe_network n;
	unsigned seed = 20261207, i, k;
	bool was;

	/* a feed in order: full chunks */
	for (i = 0; i < 3000; i++) {
		n = net(i * 2, i);
		cr_assert_eq(cpe_networks_put(&t, &n), 0);
		ref_put(&r, &n);
	}
	same(t, &r);
	for (k = 0; k < 20000; k++) {
		if (k % 2500 == 0) {
			/* a copy now must stay as it is */
			if (copy != NULL) {
				same(copy, &kept);
				cpe_networks_release(copy);
			}
			copy = cpe_networks_share(t);
			kept = r;
		}
		i = (unsigned)rand_r(&seed) % 6000;
		n = net(i, k);
		if (rand_r(&seed) % 3 == 0 || r.n >= MAXN - 1) {
			cr_assert_eq(cpe_networks_remove(&t, &n.prefix, &was),
			    0);
			cr_assert_eq(was, ref_remove(&r, &n.prefix));
		} else {
			cr_assert_eq(cpe_networks_put(&t, &n), 0);
			ref_put(&r, &n);
		}
	}
	same(t, &r);
	same(copy, &kept);
	cpe_networks_release(copy);
	/* everything out: an empty table is no table at all */
	while (r.n > 0) {
		cr_assert_eq(cpe_networks_remove(&t, &r.v[0].prefix, &was), 0);
		cr_assert(was);
		ref_remove(&r, &r.v[0].prefix);
	}
	same(t, &r);
	cpe_networks_release(t);
}

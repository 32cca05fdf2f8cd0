/*
 * The decision process (core/routing/bgp_decision.c) against RFC 4271
 * 9.1.2.2: the three data centers of issue 30, the same answer whatever
 * the order of the candidates, and thousands of random candidate sets
 * decided again by a reference written the way the RFC reads.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "../../core/routing/bgp_decision.h"

enum { MAX_PATHS = 8 };

struct set {
	struct rib_attrs	attrs[MAX_PATHS];
	struct ipaddr		ip[MAX_PATHS];
	struct bgp_path		p[MAX_PATHS];
	size_t			n;
};

static void
add(struct set *s, uint32_t as, uint32_t len, uint8_t origin, int med,
    uint32_t id, uint32_t addr, bool internal)
{
	size_t i = s->n++;

	memset(&s->attrs[i], 0, sizeof(s->attrs[i]));
	s->attrs[i].as_path_len = as != 0;	/* 0: an empty AS_PATH */
	s->attrs[i].as_path[0] = as;
	s->attrs[i].path_length = len;
	s->attrs[i].origin = origin;
	s->attrs[i].has_med = med >= 0;
	s->attrs[i].med = med >= 0 ? (uint32_t)med : 0;
	memset(&s->ip[i], 0, sizeof(s->ip[i]));
	s->ip[i].family = AF_INET;
	s->ip[i].v4.s_addr = htonl(addr);
	s->p[i] = (struct bgp_path){ &s->attrs[i], id, &s->ip[i], internal };
}

static size_t
best_of(const struct bgp_verdict *v, size_t n)
{
	size_t i, best = n, count = 0;

	for (i = 0; i < n; i++)
		if (v[i].best) {
			best = i;
			count++;
		}
	cr_assert_eq(count, 1, "one best, not %zu", count);
	return best;
}

/* Issue 30's case: step c inside AS 65003 only, then the identifier. */
Test(decision, med_is_compared_within_one_neighbouring_as)
{
	struct set s = { .n = 0 };
	struct bgp_verdict v[3];

	add(&s, 65003, 1, 0, 50, 0x0a0a0105, 0x0a0a0105, false);
	add(&s, 65004, 1, 0, 0, 0x0a0a0205, 0x0a0a0205, false);
	add(&s, 65003, 1, 0, 100, 0x0a0a0305, 0x0a0a0305, false);
	bgp_decide(s.p, 3, v);
	cr_assert_eq(best_of(v, 3), 0, "the MED 50 path, by identifier");
	cr_assert_eq(v[2].step, BGP_STEP_MED);
	cr_assert_eq(v[2].value, 100);
	cr_assert_eq(v[2].winning_value, 50);
	cr_assert_eq(v[2].beaten_by, 0);
	cr_assert_eq(v[1].step, BGP_STEP_ROUTER_ID);
	cr_assert_eq(v[1].winning_value, 0x0a0a0105);
	cr_assert(!v[1].shares, "MED 0 is not the best's 50: no E1");
	cr_assert(v[0].shares);
}

Test(decision, e1_shares_equal_paths_and_the_tie_breakers_pick_the_lead)
{
	struct set s = { .n = 0 };
	struct bgp_verdict v[3];

	add(&s, 65003, 1, 0, -1, 9, 0x0a000009, false);
	add(&s, 65004, 1, 0, 0, 3, 0x0a000003, false);
	add(&s, 65003, 2, 0, -1, 1, 0x0a000001, false);
	bgp_decide(s.p, 3, v);
	cr_assert_eq(best_of(v, 3), 1, "lowest identifier of the two left");
	cr_assert(v[0].shares, "no MED is MED 0: equal, so it shares");
	cr_assert_eq(v[0].step, BGP_STEP_ROUTER_ID);
	cr_assert_eq(v[2].step, BGP_STEP_AS_PATH_LENGTH);
	cr_assert_eq(v[2].value, 2);
	cr_assert_eq(v[2].winning_value, 1);
	cr_assert(!v[2].shares);
}

Test(decision, ebgp_before_ibgp_then_the_address)
{
	struct set s = { .n = 0 };
	struct bgp_verdict v[3];

	add(&s, 65003, 1, 0, 0, 1, 0x0a000001, true);
	add(&s, 65004, 1, 0, 0, 7, 0x0a000007, false);
	add(&s, 65005, 1, 0, 0, 7, 0x0a000005, false);
	bgp_decide(s.p, 3, v);
	cr_assert_eq(best_of(v, 3), 2, "the same identifier: the address");
	cr_assert_eq(v[0].step, BGP_STEP_EBGP_OVER_IBGP);
	cr_assert_eq(v[1].step, BGP_STEP_PEER_ADDRESS);
}

/* RFC 4271 9.1.2.2 c: a route with no MED has the lowest, 0 */
static uint32_t
med_of(const struct rib_attrs *a)
{
	return a->has_med ? a->med : 0;
}

/* The RFC's steps, one after the other, written plainly. */
static void
reference(const struct set *s, size_t *best, bool *shares, int *step)
{
	bool in[MAX_PATHS], after_c[MAX_PATHS], keep[MAX_PATHS];
	uint32_t least;
	size_t i, j;
	bool any_ebgp = false;

	for (i = 0; i < s->n; i++) {
		in[i] = true;
		step[i] = BGP_STEP_NONE;
	}
#define STEP_BY(k, value)						\
	do {								\
		least = UINT32_MAX;					\
		for (i = 0; i < s->n; i++)				\
			if (in[i] && (value) < least)			\
				least = (value);			\
		for (i = 0; i < s->n; i++)				\
			if (in[i] && (value) != least) {		\
				in[i] = false;				\
				step[i] = (k);				\
			}						\
	} while (0)
	STEP_BY(BGP_STEP_AS_PATH_LENGTH, s->attrs[i].path_length);
	STEP_BY(BGP_STEP_ORIGIN, (uint32_t)s->attrs[i].origin);
	for (i = 0; i < s->n; i++) {
		keep[i] = in[i];
		for (j = 0; j < s->n && in[i]; j++)
			if (in[j] && s->attrs[j].as_path[0] ==
			    s->attrs[i].as_path[0] &&
			    med_of(&s->attrs[j]) < med_of(&s->attrs[i]))
				keep[i] = false;
	}
	for (i = 0; i < s->n; i++) {
		if (in[i] && !keep[i])
			step[i] = BGP_STEP_MED;
		in[i] = keep[i];
		after_c[i] = in[i];
		if (in[i] && !s->p[i].internal)
			any_ebgp = true;
	}
	for (i = 0; i < s->n; i++)
		if (in[i] && any_ebgp && s->p[i].internal) {
			in[i] = false;
			step[i] = BGP_STEP_EBGP_OVER_IBGP;
		}
	STEP_BY(BGP_STEP_ROUTER_ID, s->p[i].peer_id);
	STEP_BY(BGP_STEP_PEER_ADDRESS, ntohl(s->ip[i].v4.s_addr));
#undef STEP_BY
	for (i = 0; i < s->n; i++)
		if (in[i])
			*best = i;
	for (i = 0; i < s->n; i++)
		shares[i] = after_c[i] &&
		    s->attrs[i].path_length == s->attrs[*best].path_length &&
		    s->attrs[i].origin == s->attrs[*best].origin &&
		    med_of(&s->attrs[i]) == med_of(&s->attrs[*best]);
}

static void
random_set(struct set *s, unsigned *seed)
{
	size_t i, n = 1 + (size_t)(rand_r(seed) % MAX_PATHS);

	s->n = 0;
	for (i = 0; i < n; i++)
		add(s, rand_r(seed) % 8 == 0 ? 0 :
		    65001 + (uint32_t)(rand_r(seed) % 3),
		    1 + (uint32_t)(rand_r(seed) % 3),
		    (uint8_t)(rand_r(seed) % 3), rand_r(seed) % 4 - 1,
		    1 + (uint32_t)(rand_r(seed) % 5),
		    0x0a000000 + (uint32_t)i * 7 + (uint32_t)(rand_r(seed) % 7),
		    rand_r(seed) % 5 == 0);
}

Test(decision, agrees_with_the_rfc_over_random_sets)
{
	struct set s;
	struct bgp_verdict v[MAX_PATHS];
	bool shares[MAX_PATHS];
	int step[MAX_PATHS];
	unsigned seed = 4271;
	size_t best = 0, i, round;

	for (round = 0; round < 20000; round++) {
		random_set(&s, &seed);
		bgp_decide(s.p, s.n, v);
		reference(&s, &best, shares, step);
		cr_assert_eq(best_of(v, s.n), best, "round %zu: the best",
		    round);
		for (i = 0; i < s.n; i++) {
			cr_assert_eq(v[i].shares, shares[i],
			    "round %zu path %zu: E1", round, i);
			cr_assert_eq((int)v[i].step, step[i],
			    "round %zu path %zu: the step", round, i);
		}
	}
}

/* The same candidates in any order: the same best, set and steps. */
Test(decision, the_order_of_the_candidates_does_not_matter)
{
	struct set s, t;
	struct bgp_verdict v[MAX_PATHS], w[MAX_PATHS];
	size_t order[MAX_PATHS], i, j, k, round;
	unsigned seed = 179;

	for (round = 0; round < 5000; round++) {
		random_set(&s, &seed);
		for (i = 0; i < s.n; i++)
			order[i] = i;
		for (i = s.n; i > 1; i--) {	/* Fisher-Yates */
			j = (size_t)rand_r(&seed) % i;
			k = order[i - 1];
			order[i - 1] = order[j];
			order[j] = k;
		}
		t.n = 0;
		for (i = 0; i < s.n; i++) {
			const struct set *o = &s;
			size_t x = order[i];

			add(&t, o->attrs[x].as_path[0], o->attrs[x].path_length,
			    o->attrs[x].origin, o->attrs[x].has_med ?
			    (int)o->attrs[x].med : -1, o->p[x].peer_id,
			    ntohl(o->ip[x].v4.s_addr), o->p[x].internal);
		}
		bgp_decide(s.p, s.n, v);
		bgp_decide(t.p, t.n, w);
		for (i = 0; i < s.n; i++) {
			cr_assert_eq(v[order[i]].best, w[i].best);
			cr_assert_eq(v[order[i]].shares, w[i].shares);
			cr_assert_eq(v[order[i]].step, w[i].step);
			cr_assert_eq(v[order[i]].winning_value,
			    w[i].winning_value);
			if (w[i].step != BGP_STEP_NONE)
				cr_assert_eq(v[order[i]].beaten_by,
				    order[w[i].beaten_by],
				    "the path cited is the same one");
		}
	}
}

/*
 * bgp_decision: RFC 4271 9.1.2.2 for the paths the cloud learns, step by
 * step over the set: the shortest AS path, then the lowest origin, then
 * within each neighbouring AS the lowest MED; eBGP before iBGP (no IGP
 * cost here: step e never tells paths apart); then the lowest BGP
 * identifier, the lowest peer address.
 */
#include <stdbool.h>
#include <string.h>

#include "bgp_decision.h"

uint32_t
bgp_path_med(const struct rib_attrs *a)
{
	return a->has_med ? a->med : 0;	/* RFC 4271 9.1.2.2 c */
}

uint32_t
bgp_path_neighbour_as(const struct rib_attrs *a)
{
	return a->as_path_len > 0 ? a->as_path[0] : 0;
}

struct bgp_path
bgp_path_of(const struct speaker *sp, const struct rib_attrs *attrs)
{
	return (struct bgp_path){ .attrs = attrs,
		.peer_id = bgp_speaker_peer_id(sp),
		.peer_ip = bgp_speaker_peer_ip(sp),
		.internal = bgp_speaker_internal(sp) };
}

/* The value a step weighs a path by, lower being better. */
static uint32_t
weight(const struct bgp_path *p, enum bgp_step step)
{
	switch (step) {
	case BGP_STEP_AS_PATH_LENGTH:
		return p->attrs->path_length;
	case BGP_STEP_ORIGIN:
		return p->attrs->origin;
	case BGP_STEP_MED:
		return bgp_path_med(p->attrs);
	case BGP_STEP_EBGP_OVER_IBGP:
		return p->internal ? 1 : 0;
	case BGP_STEP_ROUTER_ID:
		return p->peer_id;
	default:
		return 0;
	}
}

/* <0 when a is better than b on the step; the last is by address. */
static int
step_compare(const struct bgp_path *a, const struct bgp_path *b,
    enum bgp_step step)
{
	uint32_t x, y;

	if (step == BGP_STEP_PEER_ADDRESS)
		return ipaddr_compare(a->peer_ip, b->peer_ip);
	x = weight(a, step);
	y = weight(b, step);
	return x < y ? -1 : x > y;
}

/*
 * Which of two paths with the same value to cite as the one that beat a
 * third: the first by every step in turn, a total order, so the path
 * named never depends on the order the paths came in.
 */
static bool
cited_before(const struct bgp_path *a, const struct bgp_path *b)
{
	enum bgp_step s;
	int c;

	for (s = BGP_STEP_AS_PATH_LENGTH; s <= BGP_STEP_PEER_ADDRESS; s++)
		if ((c = step_compare(a, b, s)) != 0)
			return c < 0;
	return false;
}

static bool
same_group(const struct bgp_path *a, const struct bgp_path *b,
    enum bgp_step step)
{
	return step != BGP_STEP_MED || bgp_path_neighbour_as(a->attrs) ==
	    bgp_path_neighbour_as(b->attrs);
}

/*
 * One step over the paths still in: each goes that is worse than the best
 * of its group (step c: its neighbouring AS; the others: all).  The best
 * of a group is never removed, so removing at once changes no one else's
 * fate.
 */
static void
eliminate(const struct bgp_path *paths, size_t n, struct bgp_verdict *v,
    enum bgp_step step)
{
	size_t i, j, best;
	int c;

	for (i = 0; i < n; i++) {
		if (v[i].step != BGP_STEP_NONE)
			continue;
		best = i;
		for (j = 0; j < n; j++) {
			if (j == i || v[j].step != BGP_STEP_NONE ||
			    !same_group(&paths[j], &paths[i], step))
				continue;
			c = step_compare(&paths[j], &paths[best], step);
			if (c < 0 || (c == 0 && best != i &&
			    cited_before(&paths[j], &paths[best])))
				best = j;
		}
		if (best == i ||
		    step_compare(&paths[best], &paths[i], step) == 0)
			continue;
		v[i].step = step;
		v[i].value = weight(&paths[i], step);
		v[i].winning_value = weight(&paths[best], step);
		v[i].beaten_by = best;
	}
}

static bool
equal_for_e1(const struct rib_attrs *a, const struct rib_attrs *b)
{
	return a->path_length == b->path_length && a->origin == b->origin &&
	    bgp_path_med(a) == bgp_path_med(b);
}

void
bgp_decide(const struct bgp_path *paths, size_t n, struct bgp_verdict *v)
{
	enum bgp_step s;
	size_t i, best = 0;

	memset(v, 0, n * sizeof(*v));
	for (s = BGP_STEP_AS_PATH_LENGTH; s <= BGP_STEP_PEER_ADDRESS; s++)
		eliminate(paths, n, v, s);
	for (i = 0; i < n; i++)
		if (v[i].step == BGP_STEP_NONE)
			best = i;	/* the one left: addresses differ */
	v[best].best = true;
	/* E1: left after a-c (removed by none, or only by d-g) */
	for (i = 0; i < n; i++)
		v[i].shares = (v[i].step == BGP_STEP_NONE ||
		    v[i].step > BGP_STEP_MED) &&
		    equal_for_e1(paths[i].attrs, paths[best].attrs);
}

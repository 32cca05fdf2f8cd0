/*
 * bgp_decision: the tie-breaking steps of RFC 4271 9.1.2.2 that apply to
 * eBGP paths with no IGP cost: AS-path length, origin, MED (between paths
 * from the same neighbouring AS), the lowest BGP identifier, the lowest
 * peer address.
 */
#include "bgp_decision.h"

uint32_t
bgp_path_med(const struct rib_attrs *a)
{
	return a->has_med ? a->med : 0;	/* RFC 4271 9.1.2.2 c */
}

static bool
same_neighbour_as(const struct rib_attrs *a, const struct rib_attrs *b)
{
	return a->as_path_len > 0 && b->as_path_len > 0 &&
	    a->as_path[0] == b->as_path[0];
}

static int
decided(enum bgp_step *step, enum bgp_step s, int sign)
{
	if (step != NULL)
		*step = sign != 0 ? s : BGP_STEP_NONE;
	return sign;
}

int
bgp_path_compare(const struct bgp_path *x, const struct bgp_path *y,
    enum bgp_step *step)
{
	const struct rib_attrs *a = x->attrs, *b = y->attrs;

	if (a->path_length != b->path_length)
		return decided(step, BGP_STEP_AS_PATH_LENGTH,
		    a->path_length < b->path_length ? -1 : 1);
	if (a->origin != b->origin)
		return decided(step, BGP_STEP_ORIGIN,
		    a->origin < b->origin ? -1 : 1);
	if (same_neighbour_as(a, b) && bgp_path_med(a) != bgp_path_med(b))
		return decided(step, BGP_STEP_MED,
		    bgp_path_med(a) < bgp_path_med(b) ? -1 : 1);
	if (x->peer_id != y->peer_id)
		return decided(step, BGP_STEP_ROUTER_ID,
		    x->peer_id < y->peer_id ? -1 : 1);
	return decided(step, BGP_STEP_PEER_ADDRESS,
	    ipaddr_compare(x->peer_ip, y->peer_ip));
}

enum bgp_step
bgp_path_unequal(const struct rib_attrs *a, const struct rib_attrs *b)
{
	if (a->path_length != b->path_length)
		return BGP_STEP_AS_PATH_LENGTH;
	if (a->origin != b->origin)
		return BGP_STEP_ORIGIN;
	if (bgp_path_med(a) != bgp_path_med(b))
		return BGP_STEP_MED;
	return BGP_STEP_NONE;
}

bool
bgp_path_multipath(const struct rib_attrs *a, const struct rib_attrs *b)
{
	return bgp_path_unequal(a, b) == BGP_STEP_NONE;
}

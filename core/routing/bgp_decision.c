/*
 * bgp_decision: the tie-breaking steps of RFC 4271 9.1.2.2 that apply to
 * eBGP paths with no IGP cost: AS-path length, origin, MED (between paths
 * from the same neighbouring AS), the lowest BGP identifier, the lowest
 * peer address.
 */
#include "bgp_decision.h"

static uint32_t
med_of(const struct rib_attrs *a)
{
	return a->has_med ? a->med : 0;	/* RFC 4271 9.1.2.2 c */
}

static bool
same_neighbour_as(const struct rib_attrs *a, const struct rib_attrs *b)
{
	return a->as_path_len > 0 && b->as_path_len > 0 &&
	    a->as_path[0] == b->as_path[0];
}

int
bgp_path_compare(const struct bgp_path *x, const struct bgp_path *y)
{
	const struct rib_attrs *a = x->attrs, *b = y->attrs;

	if (a->path_length != b->path_length)
		return a->path_length < b->path_length ? -1 : 1;
	if (a->origin != b->origin)
		return a->origin < b->origin ? -1 : 1;
	if (same_neighbour_as(a, b) && med_of(a) != med_of(b))
		return med_of(a) < med_of(b) ? -1 : 1;
	if (x->peer_id != y->peer_id)
		return x->peer_id < y->peer_id ? -1 : 1;
	return ipaddr_compare(x->peer_ip, y->peer_ip);
}

bool
bgp_path_multipath(const struct rib_attrs *a, const struct rib_attrs *b)
{
	return a->path_length == b->path_length && a->origin == b->origin &&
	    med_of(a) == med_of(b);
}

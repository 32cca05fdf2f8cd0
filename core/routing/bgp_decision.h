/*
 * bgp_decision: the decision process of RFC 4271 9.1.2.2 over all the
 * paths to one prefix, as the RFC writes it: each step removes paths and
 * the next runs on those left, so the result is the same whatever order
 * the paths come in and whatever their objects are named.  And E1: which
 * of them share traffic with the best.  One place, so `show bgp routes`,
 * the route tables and explain never disagree about the best path.
 */
#ifndef ECSH_BGP_DECISION_H
#define ECSH_BGP_DECISION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../sessions/bgp_speakers.h"
#include "../base/netaddr.h"

/* A path as the decision sees it: attributes and who sent them. */
struct bgp_path {
	const struct rib_attrs	*attrs;
	uint32_t		 peer_id;	/* the peer's BGP identifier */
	const struct ipaddr	*peer_ip;
	bool			 internal;	/* learned over iBGP */
};

/* The step of RFC 4271 9.1.2.2 that removed a path. */
enum bgp_step {
	BGP_STEP_NONE,			/* not removed: the best, or E1 */
	BGP_STEP_AS_PATH_LENGTH,	/* a */
	BGP_STEP_ORIGIN,		/* b */
	BGP_STEP_MED,			/* c, within one neighbouring AS */
	BGP_STEP_EBGP_OVER_IBGP,	/* d */
	BGP_STEP_ROUTER_ID,		/* f */
	BGP_STEP_PEER_ADDRESS,		/* g */
	BGP_STEP_COUNT
};

/*
 * What the decision made of one path.  A removed path says the step and
 * the two values it was told apart on, its own and the one that beat it
 * (path lengths, origins, MEDs, 0/1 for iBGP/eBGP, identifiers), and by
 * which path (an index into the paths given); for the peer address the
 * addresses are those of the two paths.
 */
struct bgp_verdict {
	enum bgp_step	 step;
	bool		 best;
	bool		 shares;	/* in E1's set: the best, or equal to it */
	uint32_t	 value, winning_value;
	size_t		 beaten_by;
};

/*
 * Decide n paths (n >= 1): v[i] for paths[i].  E1's set is the paths left
 * after steps a-c whose AS-path length, origin and MED equal the best's;
 * the best is the one the remaining steps leave.
 */
void	bgp_decide(const struct bgp_path *paths, size_t n,
	    struct bgp_verdict *v);

/* A speaker's path as the decision weighs it. */
struct bgp_path bgp_path_of(const struct speaker *, const struct rib_attrs *);

/* The MED a path is compared with (RFC 4271 9.1.2.2 c: none is 0). */
uint32_t bgp_path_med(const struct rib_attrs *);
/* The neighbouring AS (the first of the AS_PATH), 0 for an empty one. */
uint32_t bgp_path_neighbour_as(const struct rib_attrs *);

#endif

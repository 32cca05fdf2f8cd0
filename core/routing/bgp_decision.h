/*
 * bgp_decision: which of two paths to a prefix is better (RFC 4271
 * 9.1.2.2, for the eBGP routes the cloud learns), and whether two paths
 * are equal enough to share traffic (E1).  One place, so `show bgp
 * routes` and the ECR table never disagree about the best path.
 */
#ifndef ECSH_BGP_DECISION_H
#define ECSH_BGP_DECISION_H

#include <stdbool.h>
#include <stdint.h>

#include "../sessions/bgp_speakers.h"
#include "../base/netaddr.h"

/* A path as the decision sees it: attributes and who sent them. */
struct bgp_path {
	const struct rib_attrs	*attrs;
	uint32_t		 peer_id;	/* the peer's BGP identifier */
	const struct ipaddr	*peer_ip;
};

/* The step of RFC 4271 9.1.2.2 that told two paths apart. */
enum bgp_step {
	BGP_STEP_NONE,			/* not apart: the same path */
	BGP_STEP_AS_PATH_LENGTH,
	BGP_STEP_ORIGIN,
	BGP_STEP_MED,
	BGP_STEP_ROUTER_ID,
	BGP_STEP_PEER_ADDRESS,
};

/*
 * <0: a is better, >0: b is better; 0 only for the same peer.  *step
 * (unless NULL) is the step that decided: what explain reports is what
 * decided, never a second reading of the attributes.
 */
int	bgp_path_compare(const struct bgp_path *a, const struct bgp_path *b,
	    enum bgp_step *step);
/* E1: the first of AS-path length, origin and MED on which a and b
 * differ, which keeps them from sharing; BGP_STEP_NONE: they share. */
enum bgp_step bgp_path_unequal(const struct rib_attrs *,
	    const struct rib_attrs *);
bool	bgp_path_multipath(const struct rib_attrs *, const struct rib_attrs *);
/* The MED a path is compared with (RFC 4271 9.1.2.2 c: none is 0). */
uint32_t bgp_path_med(const struct rib_attrs *);

#endif

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

/* <0: a is better, >0: b is better; 0 only for the same peer. */
int	bgp_path_compare(const struct bgp_path *a, const struct bgp_path *b);
/* E1: equal AS-path length, origin and MED. */
bool	bgp_path_multipath(const struct rib_attrs *, const struct rib_attrs *);

#endif

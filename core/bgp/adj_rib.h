/*
 * adj_rib: one side of one BGP session's routes (RFC 4271 3.2): what a
 * peer sent (Adj-RIB-In) or what it was sent (Adj-RIB-Out), one route per
 * prefix, in prefix order.  A route is taken out of the tree and given
 * back in two steps, so that whoever holds a pointer to it can be told
 * while it is still there to read.
 */
#ifndef ECSH_ADJ_RIB_H
#define ECSH_ADJ_RIB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/tree.h>

#include "../base/netaddr.h"
#include "../base/slab.h"
#include "rib_attrs.h"

struct speaker;		/* whose it is: never looked into here */

struct rib_route {
	struct prefix		 prefix;
	const struct rib_attrs	*attrs;
	const struct speaker	*sp;
};

struct rib_node;
RB_HEAD(adj_rib_tree, rib_node);

struct adj_rib {
	struct adj_rib_tree	 tree;
	struct slab		 nodes;
	size_t			 n;
	/* how many prefixes have each length (IPv4 0-32, then IPv6
	 * 0-128), made with the first route: a longest match looks only
	 * at lengths that occur */
	uint32_t		*lengths;
};

void	adj_rib_init(struct adj_rib *);
/* Every route goes (each given to gone first, if not NULL), then the
 * memory; the RIB is empty and usable again. */
void	adj_rib_clear(struct adj_rib *,
	    void (*gone)(struct rib_route *, void *), void *arg);

/* A route not yet in the tree (NULL without memory), and back. */
struct rib_route	*adj_rib_alloc(struct adj_rib *);
void			 adj_rib_put(struct adj_rib *, struct rib_route *);
/* Into the tree; the route already there for its prefix, if one was
 * (then r is not in). */
struct rib_route	*adj_rib_link(struct adj_rib *, struct rib_route *);
/* Out of the tree, still r's to read or give back. */
void			 adj_rib_unlink(struct adj_rib *, struct rib_route *);

struct rib_route	*adj_rib_find(const struct adj_rib *,
			    const struct prefix *);
/* The longest prefix that holds the address. */
struct rib_route	*adj_rib_match(const struct adj_rib *,
			    const struct ipaddr *, struct prefix *matched);
/* The same, saying how many searches it took (one per length held, at
 * most): what the README promises of a feed of /24s, a test checks. */
struct rib_route	*adj_rib_match_counted(const struct adj_rib *,
			    const struct ipaddr *, struct prefix *matched,
			    unsigned *searches);
struct rib_route	*adj_rib_first(const struct adj_rib *);
struct rib_route	*adj_rib_next(const struct rib_route *);
/* The first route past p (p itself need not be there): where a walk
 * that gave the loop back goes on. */
struct rib_route	*adj_rib_after(const struct adj_rib *,
			    const struct prefix *p);

#endif

/*
 * rib_held: the routes a peer announced past its route limit (R5, V1),
 * held aside rather than forgotten, so that a raised limit, or a
 * withdrawal that makes room, installs them at once.  Kept by prefix for
 * replacement and withdrawal, and in the order learned for promotion.
 * Bounded: past RIB_HELD_MAX a peer's routes are neither installed nor
 * held (the peer cannot exhaust memory), and counted apart.
 *
 * It holds pointers to interned attributes and never takes or drops a
 * reference itself: what goes in and out is the caller's to account.
 */
#ifndef ECSH_RIB_HELD_H
#define ECSH_RIB_HELD_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/queue.h>
#include <sys/tree.h>

#include "../base/netaddr.h"

enum { RIB_HELD_MAX = 65536 };

struct rib_attrs;

struct held_route {
	RB_ENTRY(held_route)	 by_prefix;
	TAILQ_ENTRY(held_route)	 by_age;
	struct prefix		 prefix;
	const struct rib_attrs	*attrs;
};

RB_HEAD(held_tree, held_route);
TAILQ_HEAD(held_queue, held_route);

struct rib_held {
	struct held_tree	 tree;
	struct held_queue	 queue;		/* oldest first */
	size_t			 n;
	uint64_t		 lost;		/* past RIB_HELD_MAX */
};

void	rib_held_init(struct rib_held *);
/*
 * Hold p with attrs, the newest (or, oldest, ahead of the rest: a route
 * moved out of the installed ones).  If p was held already its attributes
 * are replaced and the old ones returned in *replaced (else NULL).  False
 * when the store is full: nothing kept.
 */
bool	rib_held_put(struct rib_held *, const struct prefix *p,
	    const struct rib_attrs *attrs, bool oldest,
	    const struct rib_attrs **replaced);
/* p's attributes, or NULL if it is not held. */
const struct rib_attrs *rib_held_find(const struct rib_held *,
	    const struct prefix *);
/* Take p out; its attributes, or NULL if it was not held. */
const struct rib_attrs *rib_held_take(struct rib_held *, const struct prefix *);
/* Take the oldest out; false when none is held. */
bool	rib_held_pop(struct rib_held *, struct prefix *,
	    const struct rib_attrs **);
/* In prefix order, for shows. */
const struct held_route *rib_held_first(const struct rib_held *);
const struct held_route *rib_held_next(const struct held_route *);
/* The first held past p (NULL: the first). */
const struct held_route *rib_held_after(const struct rib_held *,
	    const struct prefix *p);
/* Empty it, handing each route's attributes to release. */
void	rib_held_clear(struct rib_held *,
	    void (*release)(const struct rib_attrs *, void *), void *arg);

#endif

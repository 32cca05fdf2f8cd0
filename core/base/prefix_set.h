/*
 * prefix_set: a small sorted set of prefixes (advertised networks,
 * destination-based routes).  Lookups are binary searches.
 */
#ifndef ECSH_PREFIX_SET_H
#define ECSH_PREFIX_SET_H

#include <stdbool.h>
#include <stddef.h>

#include "netaddr.h"

/* A growable, sorted array of prefixes: advertise, routes, ... */
struct prefix_set {
	struct prefix	*v;
	size_t		 n, cap;
};

/* 1 added, 0 already there, -1 out of memory. */
int	prefix_set_add(struct prefix_set *, const struct prefix *);
bool	prefix_set_remove(struct prefix_set *, const struct prefix *);
bool	prefix_set_has(const struct prefix_set *, const struct prefix *);
void	prefix_set_free(struct prefix_set *);

#endif

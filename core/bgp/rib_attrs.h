/*
 * rib_attrs: path attributes as the RIBs keep them, interned: routes with
 * the same attributes share one copy, counted by reference (the million
 * routes of one feed hold one copy).
 */
#ifndef ECSH_RIB_ATTRS_H
#define ECSH_RIB_ATTRS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../base/netaddr.h"

struct rib_attrs {
	struct rib_attrs *chain;	/* the intern table's bucket list */
	uint32_t	 refs, hash;
	struct ipaddr	 next_hop;
	uint8_t		 origin;
	bool		 has_med;
	uint32_t	 med;
	uint32_t	 path_length;	/* for the decision (AS_SET = 1) */
	uint32_t	 as_path_len;	/* ASNs stored (at most 32) */
	uint32_t	 as_path[32];
};

/* Every interned set, by hash. */
struct rib_attrs_table {
	struct rib_attrs	**buckets;
	size_t			  nbuckets, nattrs;
};

/* The shared copy of key (taking a reference), or NULL without memory. */
const struct rib_attrs	*rib_attrs_intern(struct rib_attrs_table *,
			    const struct rib_attrs *key);
/* Another reference to a shared copy. */
const struct rib_attrs	*rib_attrs_hold(const struct rib_attrs *);
/* Give a reference back (NULL: none); the last one frees the copy. */
void			 rib_attrs_release(struct rib_attrs_table *,
			    const struct rib_attrs *);
/* Do a and b say the same (whether interned or not)? */
bool			 rib_attrs_same(const struct rib_attrs *,
			    const struct rib_attrs *);
/* The table itself, once every reference is given back. */
void			 rib_attrs_table_free(struct rib_attrs_table *);

#endif

/*
 * cpe_networks: the networks a CPE announces, in prefix order.  A data
 * center leaking a table holds a million of them, and every copy of the
 * object (a candidate, a snapshot, a commit's record of what was) would
 * be a copy of the million; so they are kept in chunks that the copies
 * share until one changes, and a change copies only its own chunk (and
 * the list of chunks, a pointer each): a copy, or the first edit after
 * one, costs a few microseconds whatever the table's size (SPEC 10).
 */
#ifndef ECSH_CPE_NETWORKS_H
#define ECSH_CPE_NETWORKS_H

#include <stdbool.h>
#include <stddef.h>

#include "../base/netaddr.h"

struct cpe_network;
struct cpe_networks;

size_t	 cpe_networks_count(const struct cpe_networks *);
/* The i-th (0 <= i < count) in prefix order. */
const struct cpe_network *cpe_networks_at(const struct cpe_networks *,
	    size_t i);
/* The index of the first network not below p (count when none). */
size_t	 cpe_networks_lower(const struct cpe_networks *, const struct prefix *);
/* The index of the first network past p (NULL: 0). */
size_t	 cpe_networks_after(const struct cpe_networks *, const struct prefix *);
/* p's network, or NULL. */
const struct cpe_network *cpe_networks_find(const struct cpe_networks *,
	    const struct prefix *);

/*
 * Put n in (replacing the network of its prefix), or take p's out (false
 * when it is not there).  *t may be NULL (empty) or shared: it becomes
 * this object's own.  -1 when memory runs out, nothing changed.
 */
int	 cpe_networks_put(struct cpe_networks **t, const struct cpe_network *n);
int	 cpe_networks_remove(struct cpe_networks **t, const struct prefix *p,
	    bool *was);

/* A copy that shares everything, and its release. */
struct cpe_networks *cpe_networks_share(struct cpe_networks *);
void	 cpe_networks_release(struct cpe_networks *);

#endif

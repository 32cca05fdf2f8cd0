/*
 * ecr_rib: the route table of each Express Connect Router, built from the
 * routes its associated VBRs learn over BGP (their peers' Adj-RIB-In) and
 * kept current one prefix at a time as those routes change.
 *
 * For each prefix the best path is chosen as in RFC 4271 9.1.2.2; every
 * path with the same AS-path length, origin and MED as the best is a
 * next hop as well (E1), so a prefix learned alike over two VBRs has two.
 * Neighbour ASN, VLAN and interface address may differ between them.
 */
#ifndef ECSH_ECR_RIB_H
#define ECSH_ECR_RIB_H

#include <stdbool.h>
#include <stddef.h>

#include "bgp_decision.h"
#include "../sessions/bgp_speakers.h"
#include "../base/netaddr.h"

struct engine;

struct ecr_next_hop {
	const struct speaker	*sp;	/* VBR and peer */
	const struct rib_attrs	*attrs;
};

struct ecr_route {
	struct prefix		 prefix;
	size_t			 nhops;	/* hop[0] is the best path */
	struct ecr_next_hop	*hop;
};

/* Which speakers feed which ECR: after every reconcile. */
void	ecr_rib_reconcile(struct engine *);
/* A speaker's Adj-RIB-In changed for one prefix. */
void	ecr_rib_update(struct engine *, const struct speaker *,
	    const struct prefix *);
/* A speaker is going away (its routes are already withdrawn). */
void	ecr_rib_forget(struct engine *, const struct speaker *);
void	ecr_rib_free(struct engine *);

/* Routes of one ECR in prefix order; NULL when it has none. */
const struct ecr_route *ecr_rib_first(const struct engine *, const char *ecr);
const struct ecr_route *ecr_rib_next(const struct ecr_route *);
const struct ecr_route *ecr_rib_lookup(const struct engine *, const char *ecr,
			    const struct prefix *);
size_t	ecr_rib_count(const struct engine *, const char *ecr);
/* The first route past p (NULL: the first). */
const struct ecr_route *ecr_rib_after(const struct engine *, const char *ecr,
			    const struct prefix *p);
/* The ECR a speaker feeds, or NULL. */
const char *ecr_rib_of(const struct engine *, const struct speaker *);
/* The VBR peers that feed an ECR, in a stable order; *n of them. */
const struct speaker *const *ecr_rib_members(const struct engine *,
	    const char *ecr, size_t *n);
size_t	ecr_rib_ecmp_count(const struct engine *, const char *ecr);
/* Counts the changes of an ECR's members that moved routes: its table
 * (route_tables.c) is built anew after each. */
unsigned long ecr_rib_members_gen(const struct engine *, const char *ecr);

#endif

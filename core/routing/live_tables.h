/*
 * live_tables: every route table of the cloud, kept rather than computed.
 *
 * Each table is a prefix trie whose value per prefix is that prefix's
 * decided routes: the active one (with every equal-cost next hop) first,
 * then each loser with its reason.  A change reaches the tables in the
 * event-loop round it happens in:
 *
 *   a path learned or withdrawn   live_tables_rib_changed(speaker, prefix)
 *                                 decides that prefix again in the tables
 *                                 the speaker feeds, then in every table
 *                                 that reads those, in the order they feed
 *                                 each other;
 *   the configuration changed     live_tables_reconcile() builds the
 *                                 tables whole once, in the reconcile.
 *
 * A VBR with one peer, no static route and no ECR has nothing in it but
 * that peer's paths: its table keeps no trie of its own and is read from
 * the peer's Adj-RIB-In in place (a mirror), so a million routes are
 * held once, as BIRD holds them.
 *
 * Reads (route_table.h) walk a table as it stands and change nothing.
 */
#ifndef ECSH_LIVE_TABLES_H
#define ECSH_LIVE_TABLES_H

#include "../sessions/bgp_speakers.h"
#include "../base/netaddr.h"

struct engine;

/*
 * A speaker's Adj-RIB-In changed at p, which now holds `now` (NULL: it
 * holds nothing).  Its ECR's RIB has already followed.
 */
void	live_tables_rib_changed(struct engine *, const struct speaker *,
	    const struct prefix *, const struct rib_route *now);
/* A speaker is going away (its routes are already withdrawn). */
void	live_tables_speaker_gone(struct engine *, const struct speaker *);
/* After a reconcile: build anew, in slices, the tables the configuration
 * changed. */
void	live_tables_reconcile(struct engine *);
/* Is a table being built anew? */
bool	live_tables_rebuilding(const struct engine *);
void	live_tables_free(struct engine *);

/* Whole builds since the engine started, every table together. */
unsigned long	live_tables_builds(const struct engine *);
/* Prefixes a table holds in a trie of its own (a mirror holds none). */
struct route_table;
size_t		live_tables_held(const struct route_table *);

/*
 * Build every table whole, aside, and compare it with the table as kept:
 * 0 when they agree, or -1 with the first difference in why.  For tests
 * and fuzzing: kept prefix by prefix must mean the same as built now.
 */
int	live_tables_verify(struct engine *, char *why, size_t len);

#endif

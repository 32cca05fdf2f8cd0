/*
 * route_table_impl: what the table mechanism (route_table.c) offers the
 * tables' builders (route_tables.c), and nothing else sees.
 */
#ifndef ECSH_ROUTE_TABLE_IMPL_H
#define ECSH_ROUTE_TABLE_IMPL_H

#include "arena.h"
#include "prefix_trie.h"
#include "route_table.h"

/* A candidate: a route before the decision, with its class. */
struct cand {
	struct route	 r;		/* first: a walk hands out &cand.r */
	int		 rank;		/* lower is preferred */
	bool		 lead;		/* the best of the winners */
	bool		 reason_on_heap; /* rt_lose()'s, until adopted */
};

struct route_list {
	struct cand	*v;
	size_t		 n, cap;
};

struct route_table {
	struct engine		*engine;
	struct prefix_trie	*trie;
	size_t			 count;
	struct arena		 arena;		/* lists, candidates, hops */
	/* the trie's nodes apart and packed, so a walk reads them in
	 * order rather than one per route's worth of memory */
	struct arena		 nodes;
};

struct route_table	*rt_table_new(struct engine *);
/* Add a candidate of a rank; its hops are copied. */
void		 rt_add(struct route_table *, const struct route *, int rank);
/* A route through at most one hop, active until decided otherwise. */
struct route	 rt_route(const struct prefix *, enum route_source,
		    struct route_hop *);
struct route_hop rt_hop(enum hop_kind, const char *name, int tunnel,
		    const struct ipaddr *);
/* "vbr vbr1 peer 10.0.0.1", "vpn-connection c1 tunnel 2", "ecr e1"... */
const char	*rt_hop_words(const struct route_hop *, char *, size_t);
/* A candidate loses, for the first reason given. */
void		 rt_lose(struct cand *, const char *fmt, ...)
		    __attribute__((format(printf, 2, 3)));

/* Decide every prefix with fn, then merge each prefix's winners. */
typedef void (*decide_fn)(struct route_list *, void *arg);
void		 rt_decide(struct route_table *, decide_fn, void *arg);
/* BGP candidates of one rank: the best leads, equal ones share (E1). */
void		 rt_decide_paths(struct route_list *, int rank);

/*
 * The best rank present wins (BGP paths within it decided by the RFC);
 * each other candidate loses with the reason the table gives.
 */
typedef void (*reason_fn)(struct cand *loser, const struct cand *winner);

struct rt_ranking {
	reason_fn	 why;
};
/* A decide_fn: arg is a struct rt_ranking. */
void		 rt_decide_ranked(struct route_list *, void *arg);

typedef void (*copy_fn)(const struct route *, void *arg);
void		 rt_walk_active(const struct route_table *, copy_fn, void *);

/* Re-adding another table's route under a new next hop and rank. */
struct rt_relay {
	struct route_table	*to;
	struct route_hop	 hop;		/* kind NONE: keep the hops */
	bool			 keep_hops;
	int			 rank;		/* -1: by source, see below */
	bool			 as_cloud;
	bool			 keep_attrs;
	/* leave out routes that go through this next hop */
	bool			 has_skip;
	struct route_hop	 skip;
};
/* A copy_fn: arg is a struct rt_relay. */
void		 rt_relay(const struct route *, void *arg);

#endif

/*
 * route_table_impl: what the table mechanism (route_table.c) offers the
 * tables' builders (route_tables.c), and nothing else sees.
 */
#ifndef ECSH_ROUTE_TABLE_IMPL_H
#define ECSH_ROUTE_TABLE_IMPL_H

#include "../base/arena.h"
#include "../base/prefix_trie.h"
#include "route_table.h"


/*
 * The tables kept live, in the order they feed each other: a table reads
 * only tables before it.  Two are inner: what a VPN connection learned
 * (before V7 and the cloud's routes), and a VPC's table without its VPN
 * gateways' routes (what a gateway learns from its VPC, V8).
 */
enum live_view {
	VIEW_VBR, VIEW_LEARNED, VIEW_ECR, VIEW_TR, VIEW_VPC_OWN, VIEW_GATEWAY,
	VIEW_VPC, VIEW_CONN, VIEW_COUNT
};
extern const enum obj_kind view_kind[VIEW_COUNT];

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

/*
 * A table being decided: every prefix (a whole build, when the
 * configuration changed), or the one prefix `only` (a change to it).
 * Either way the same builders add the candidates and the same rules
 * decide them, so a table kept prefix by prefix cannot drift from one
 * built whole.
 */
struct rt_build;
struct rt_relay;

/*
 * The tables a build reads from (live_tables.c keeps them): through
 * these, so that the rules here do not depend on the store they feed.
 */
struct rt_feeds {
	void	(*relay)(struct rt_build *, enum live_view, const char *name,
		    bool active_only, const struct rt_relay *);
	void	(*follow)(struct rt_build *, enum live_view, const char *name);
};

struct rt_build {
	struct engine		*engine;
	const struct rt_feeds	*feeds;		/* NULL: reads nothing */
	const struct prefix	*only;		/* NULL: every prefix */
	struct route_list	 one;		/* only's candidates */
	struct prefix_trie	*trie;		/* every prefix's */
	size_t			 count;
	struct arena		*arena;		/* lists, candidates, hops */
	/* the trie's nodes apart and packed, so a walk reads them in
	 * order rather than one per route's worth of memory */
	struct arena		 nodes;
	struct route_table	*reader;	/* whom relays are recorded for */
	/* what the changed speaker holds at only, known without a lookup */
	const struct speaker	*changed;
	const struct rib_route	*changed_now;
	/*
	 * Seeking (a table built anew in slices): no candidate is kept; each
	 * input offers its first prefix past `after` (NULL: its first), and
	 * the least of them is `next`, the prefix the rebuild decides next.
	 */
	bool			 seeking;
	const struct prefix	*after;
	bool			 found;
	struct prefix		 next;
	/* Recording: only who reads whom is noted, nothing is walked. */
	bool			 recording;
};

/* A whole build in arena, or (only not NULL) one prefix's. */
int		 rt_build_init(struct rt_build *, struct engine *,
		    struct arena *, const struct prefix *only);
/* A build that seeks the first prefix past after (NULL: the first), or
 * (after ignored) only records the edges of the tables it reads. */
void		 rt_build_seek(struct rt_build *, struct engine *,
		    const struct prefix *after);
void		 rt_build_record(struct rt_build *, struct engine *);
/* An input holds p: the next prefix, if it is past after and least. */
void		 rt_seek(struct rt_build *, const struct prefix *p);
void		 rt_build_free(struct rt_build *);
/* The candidates of p, NULL when it has none. */
struct route_list *rt_get(const struct rt_build *, const struct prefix *);

/* Add a candidate of a rank; its hops are copied. */
void		 rt_add(struct rt_build *, const struct route *, int rank);
/* A route through at most one hop, active until decided otherwise. */
struct route	 rt_route(const struct prefix *, enum route_source,
		    struct route_hop *);
struct route_hop rt_hop(enum hop_kind, const char *name, int tunnel,
		    const struct ipaddr *);
/* "vbr vbr1 peer 10.0.0.1", "vpn-connection c1 tunnel 2", "ecr e1"... */
const char	*rt_hop_words(const struct route_hop *, char *, size_t);
/* A candidate loses, for the first reason given, at a step. */
void		 rt_lose(struct cand *, enum route_step, const char *fmt, ...)
		    __attribute__((format(printf, 3, 4)));

/* Decide every prefix with fn, then merge each prefix's winners. */
typedef void (*decide_fn)(struct route_list *, void *arg);
void		 rt_decide(struct rt_build *, decide_fn, void *arg);
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

/* Re-adding another table's route under a new next hop and rank. */
struct rt_relay {
	struct rt_build	*to;
	struct route_hop	 hop;		/* kind NONE: keep the hops */
	bool			 keep_hops;
	int			 rank;		/* -1: by source, see below */
	bool			 as_cloud;
	bool			 keep_attrs;
	/* leave out routes that go through this next hop */
	bool			 has_skip;
	struct route_hop	 skip;
};
/* A route_visit: arg is a struct rt_relay. */
void		 rt_relay(const struct route *, void *arg);

/*
 * Relay a live table's routes (its active ones, or all) at the build's
 * prefix, or every prefix, into the build as `how` says; the build's
 * reader is recorded as the table's, so it follows the table's changes.
 * Nothing when the table does not exist.
 */
static inline void
rt_relay_live(struct rt_build *t, enum live_view v, const char *name,
    bool active_only, const struct rt_relay *how)
{
	if (t->feeds != NULL)
		t->feeds->relay(t, v, name, active_only, how);
}

/* The build reads what feeds that table (an ECR's RIB): follow it too. */
static inline void
rt_follow(struct rt_build *t, enum live_view v, const char *name)
{
	if (t->feeds != NULL)
		t->feeds->follow(t, v, name);
}

/* Add and decide the candidates of o's table of a view: route_tables.c. */
void		 rt_build_view(struct rt_build *, enum live_view,
		    const struct object *o);

#endif

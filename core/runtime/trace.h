/*
 * trace: the path a packet takes through the emulated network (SPEC 8),
 * hop by hop through the live tables: at each, the table consulted, the
 * prefix that matched and every equal-cost next hop, and the one the
 * flow's 5-tuple hashes to.
 *
 * Hashing is rendezvous hashing (highest random weight, Thaler and
 * Ravishankar): each next hop scores hash(flow, next hop) and the highest
 * wins.  The same flow takes the same path on every run, and a next hop
 * that goes away moves only the flows that scored it highest; the others
 * keep theirs, which a hash modulo the number of next hops would not.
 */
#ifndef ECSH_TRACE_H
#define ECSH_TRACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../base/netaddr.h"
#include "../cloud/engine.h"
#include "../routing/route_table.h"

enum flow_proto { FLOW_TCP = 6, FLOW_UDP = 17, FLOW_ICMP = 1 };

struct flow {
	struct ipaddr	src, dst;
	uint16_t	sport, dport;
	uint8_t		proto;		/* enum flow_proto */
};

enum { TRACE_HOPS_MAX = 16, TRACE_NEXT_MAX = 64 };

enum trace_end {
	TRACE_ON,		/* the packet goes on to the next hop */
	TRACE_DELIVERED,	/* a vswitch of a VPC holds the address */
	TRACE_DATA_CENTER,	/* handed to a CPE (or a real router) */
	TRACE_NO_ROUTE,
	TRACE_LOOP,		/* back at a hop it passed */
	TRACE_TOO_LONG,
};

struct trace_hop {
	enum obj_kind	 kind;		/* where it is: vpc, ecr, cpe ... */
	obj_name	 name;
	struct prefix	 prefix;	/* what matched, unless NO_ROUTE */
	enum route_source source;
	struct route_hop next[TRACE_NEXT_MAX];	/* names: the tables' */
	size_t		 nnext;
	int		 chosen;	/* index in next, -1: none */
	enum trace_end	 end;
	char		 end_at[OBJ_NAME_MAX + NETADDR_STRLEN + 16];	/* "cpe c1 (IP)" */
};

struct trace {
	struct trace_hop hop[TRACE_HOPS_MAX];
	size_t		 n;
};

/* The default flow: TCP from src (or the start's first address) to dst. */
void	flow_default(struct flow *, const struct ipaddr *dst);
/* The next hop of those given that the flow's hash picks. */
size_t	flow_pick(const struct flow *, const struct route_hop *, size_t n);

/*
 * Trace f.dst from a VPC or a CPE.  Reads only; what a hop names lives in
 * the tables until the engine runs again.  0, or -1 with why (the start
 * does not exist).
 */
int	trace_run(const struct engine *, enum obj_kind from, const char *name,
	    const struct flow *, struct trace *, char *why, size_t len);

#endif

/*
 * route_table: every route table of the cloud, made from the configuration,
 * the BGP Adj-RIBs-In and the ECR tables, decided by the rules of SPEC
 * section 6, and kept current prefix by prefix (live_tables.c):
 *
 *   vbr             its static routes, the cloud's routes, its BGP paths
 *   ecr             the cloud's routes and its E1 table (ecr_rib.c)
 *   vpn-connection  what its tunnels learned (VPN_BGP) or its
 *                   destination-based routes (STATIC), and the cloud's
 *                   routes it gives the data center (CLOUD)
 *   vpn-gateway     its BGP connections' routes (V1-V3, V7) beside the
 *                   VPC's (CLOUD, V8)
 *   vpc             its vswitches (SYSTEM), its VPN gateways' routes (V8)
 *                   and its transit routers'
 *   transit-router  its VPCs (CLOUD), ECRs (BGP) and VPN connections
 *                   (VPN_BGP, STATIC; V10)
 *
 * A table lists every candidate route of a prefix: the active one first,
 * carrying every equal-cost next hop, then each inactive one with the
 * reason it lost.  Lookups take the longest prefix with an active route.
 */
#ifndef ECSH_ROUTE_TABLE_H
#define ECSH_ROUTE_TABLE_H

#include <stdbool.h>
#include <stddef.h>

#include "../sessions/bgp_speakers.h"
#include "../base/netaddr.h"
#include "../cloud/objkind.h"

struct engine;

enum route_source {
	ROUTE_SYSTEM,		/* a vswitch of the VPC */
	ROUTE_CLOUD,		/* learned from the cloud: VPCs, TR sync */
	ROUTE_BGP,		/* a VBR's BGP peers */
	ROUTE_VPN_BGP,		/* a VPN connection's tunnels */
	ROUTE_STATIC,		/* configured: VBR route, destination-based */
};
extern const char *const route_source_names[];

/* What a next hop is; its JSON key is hop_kind_keys[kind]. */
enum hop_kind {
	HOP_VBR, HOP_CONNECTION, HOP_VSWITCH, HOP_VPC, HOP_VPN_GATEWAY,
	HOP_TRANSIT_ROUTER, HOP_ECR,
};
extern const char *const hop_kind_keys[];
extern const char *const hop_kind_words[];	/* "vpn-connection" */

/*
 * Fields in an order that leaves no holes: a table may hold millions.
 * The paths of an ECMP set may come from different ASNs, so each BGP next
 * hop keeps its own path (NULL: the route's).
 */
struct route_hop {
	const char		*name;
	const struct rib_attrs	*attrs;
	enum hop_kind		 kind;
	int			 tunnel;	/* HOP_CONNECTION: 1 or 2 */
	struct ipaddr		 ip;
	bool			 has_ip;
};

/*
 * What set an inactive route apart, as the decision found it (explain's
 * decided_by); an active one has STEP_NONE.
 */
enum route_step {
	STEP_NONE,
	STEP_AS_PATH_LENGTH,	/* RFC 4271 9.1.2.2, and E1's equal paths */
	STEP_ORIGIN,
	STEP_MED,
	STEP_EBGP_OVER_IBGP,
	STEP_ROUTER_ID,
	STEP_PEER_ADDRESS,
	STEP_SOURCE,		/* a preferred kind: static, cloud, system */
	STEP_RULE,		/* a rule of SPEC 6: the reason names it */
	STEP_UNAVAILABLE,	/* its next hop is down */
};
extern const char *const route_step_keys[];

struct route {
	struct prefix		 prefix;
	enum route_source	 source;
	bool			 active;
	uint8_t			 step;		/* enum route_step */
	const struct rib_attrs	*attrs;		/* BGP: the path; else NULL */
	const struct speaker	*sp;		/* BGP: who sent it */
	struct route_hop	*hop;		/* equal-cost next hops */
	const struct rib_route	*rib;		/* BGP: its Adj-RIB-In entry */
	size_t			 nhops;
	char			*reason;	/* why not, when inactive */
};

/*
 * A table is live: kept by live_tables.c as routes come and go, and read
 * here without changing it.  NULL when the object does not exist (or has
 * no table yet: the engine has not come round since it was made).
 */
struct route_table;
const struct route_table *route_table_get(const struct engine *,
			    enum obj_kind, const char *name);

/* Every route in prefix order, each prefix's active route first. */
typedef void	(*route_visit)(const struct route *, void *arg);
void	route_table_walk(const struct route_table *, route_visit, void *arg);
/*
 * A walk in slices: the prefixes past `after` (NULL: from the first),
 * each with all of its routes (a reader never sees half of a prefix),
 * until enough(arg) says so after one.  *last is the last prefix seen,
 * where the next slice goes on, whatever changed meanwhile.  True when
 * the walk reached the end.
 */
bool	route_table_walk_after(const struct route_table *,
	    const struct prefix *after, route_visit, bool (*enough)(void *),
	    void *arg, struct prefix *last);
/* The routes of one prefix, exactly, the active one first. */
void	route_table_at(const struct route_table *, const struct prefix *,
	    route_visit, void *arg);

/* What `show route-table ... summary` prints, kept as routes change. */
struct route_counts {
	size_t	prefixes, routes, active, inactive;
	size_t	by_source[ROUTE_STATIC + 1];
};
const struct route_counts *route_table_counts(const struct route_table *);
/* How many times the table was built whole (configuration changes). */
unsigned long	route_table_builds(const struct route_table *);

/*
 * A route handed out by a lookup: the table's own, or (for the most
 * common kind, one path from one peer) made in here from the Adj-RIB-In.
 */
struct route_view {
	struct route		r;
	struct route_hop	hop;
};

/*
 * The active route of the longest prefix holding addr, or NULL; *matched
 * (which may be NULL) is its prefix.  The route lives in *view, or in the
 * table, until the engine runs again.
 */
const struct route *route_table_lookup(const struct route_table *,
	    const struct ipaddr *, struct prefix *matched, struct route_view *);

/*
 * The cloud routes a tunnel advertises to its data center: the CLOUD
 * routes of its connection's table (V8, route-sync), in prefix order.
 * *n is their number; the array is the caller's to free.
 */
struct prefix	*route_table_advertised(const struct engine *,
		    const char *connection, size_t *n);

#endif

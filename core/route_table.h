/*
 * route_table: every route table of the cloud, built from what the
 * engine knows at this moment (configuration, BGP Adj-RIBs-In, the ECR
 * tables) and decided by the rules of SPEC section 6:
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
 * Tables are built when asked for and hold pointers into the engine's
 * state, so a table is read and freed before the engine runs again.
 */
#ifndef ECSH_ROUTE_TABLE_H
#define ECSH_ROUTE_TABLE_H

#include <stdbool.h>
#include <stddef.h>

#include "bgp_speakers.h"
#include "netaddr.h"
#include "objkind.h"

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

struct route {
	struct prefix		 prefix;
	enum route_source	 source;
	bool			 active;
	const struct rib_attrs	*attrs;		/* BGP: the path; else NULL */
	const struct speaker	*sp;		/* BGP: who sent it */
	struct route_hop	*hop;		/* equal-cost next hops */
	size_t			 nhops;
	char			*reason;	/* why not, when inactive */
};

struct route_table;

/* NULL when the object does not exist or memory ran out. */
struct route_table	*route_table_build(struct engine *, enum obj_kind,
			    const char *name);
void			 route_table_free(struct route_table *);

/* Every route in prefix order, each prefix's active route first. */
typedef void	(*route_visit)(const struct route *, void *arg);
void	route_table_walk(const struct route_table *, route_visit, void *arg);
size_t	route_table_count(const struct route_table *);

/*
 * The active route of the longest prefix holding addr, or NULL; *matched
 * is its prefix.
 */
const struct route *route_table_lookup(const struct route_table *,
	    const struct ipaddr *, struct prefix *matched);

/*
 * The cloud routes a tunnel advertises to its data center: the CLOUD
 * routes of its connection's table (V8, route-sync), in prefix order.
 * *n is their number; the array is the caller's to free.
 */
struct prefix	*route_table_advertised(struct engine *, const char *connection,
		    size_t *n);

#endif

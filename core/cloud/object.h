/*
 * object: configuration objects as the engine stores them.
 *
 * Every object has a kind, a name unique among its siblings, an optional
 * parent (a VBR for its BGP groups and peers, a VPN connection for its
 * tunnels) and typed settings.  Objects refer to each other by name; the
 * engine keeps those references valid.  cli/ reads objects through const
 * pointers (see engine.h) and never writes them.
 */
#ifndef ECSH_OBJECT_H
#define ECSH_OBJECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/tree.h>

#include "../base/netaddr.h"
#include "../base/prefix_set.h"
#include "alert_choice.h"
#include "limits.h"
#include "objkind.h"

enum { OBJ_NAME_MAX = 128, DESCRIPTION_MAX = 255, AUTH_KEY_MAX = 80,
	AS_PATH_MAX = 32 };

typedef char obj_name[OBJ_NAME_MAX + 1];	/* "" when unset */

/* ranges and defaults: limits.h */

struct static_route {
	struct prefix	prefix;
	struct ipaddr	next_hop;
};

struct vbr_config {
	char			description[DESCRIPTION_MAX + 1];
	int32_t			vlan;			/* -1: not set */
	bool			has_local_gateway_ip;
	bool			has_peer_gateway_ip;
	bool			has_peering_subnet_mask;
	struct ipaddr		local_gateway_ip;
	struct ipaddr		peer_gateway_ip;
	struct ipaddr		peering_subnet_mask;
	bool			ipv6;
	bool			mpbgp;
	uint16_t		bfd_interval_ms;
	uint8_t			bfd_multiplier;
	struct prefix_set	advertise;
	struct static_route	*routes;		/* sorted by prefix */
	size_t			nroutes;
	obj_name		ecr;			/* associated ECR */
};

struct bgp_group_config {
	sa_family_t	family;			/* AF_INET or AF_INET6 */
	uint32_t	peer_asn;		/* 0: not set */
	uint32_t	local_asn;
	char		auth_key[AUTH_KEY_MAX + 1];
	uint8_t		route_limit;
	uint16_t	hold_time;
	uint16_t	keepalive;
	char		description[DESCRIPTION_MAX + 1];
};

struct bgp_peer_config {
	obj_name	group;
	bool		bfd;
	uint8_t		bfd_hops;
	bool		shutdown;
	uint16_t	port;
};

struct ecr_config {
	uint32_t	asn;			/* 0: not set */
	char		description[DESCRIPTION_MAX + 1];
	obj_name	transit_router;		/* associated TR */
};

struct vswitch {
	obj_name	name;
	struct prefix	prefix;
};

struct vpc_config {
	bool		 has_cidr;
	struct prefix	 cidr;
	struct vswitch	*vswitches;		/* sorted by name */
	size_t		 nvswitches;
};

struct vpn_gateway_config {
	obj_name	vpc;
	bool		auto_route_advertise;
	uint16_t	route_quota;
};

struct customer_gateway_config {
	bool		has_ip;
	struct ipaddr	ip;
	uint32_t	asn;			/* 0: not set; fixed once set */
};

enum attachment { ATTACH_NONE, ATTACH_VPN_GATEWAY, ATTACH_TRANSIT_ROUTER };

struct vpn_connection_config {
	enum attachment		attach;
	obj_name		attached_to;
	bool			bgp;
	struct prefix_set	routes;		/* destination-based */
};

struct vpn_tunnel_config {
	obj_name	customer_gateway;
	uint32_t	local_asn;
	bool		has_cidr;
	struct prefix	cidr;
	bool		has_local_bgp_ip;
	struct ipaddr	local_bgp_ip;
	bool		shutdown;
};

struct transit_router_config {
	obj_name	*vpcs;			/* attached, sorted */
	size_t		 nvpcs;
	bool		 route_sync;
};

struct cpe_network {
	struct prefix	prefix;
	uint32_t	as_path[AS_PATH_MAX];	/* after the CPE's own ASN */
	size_t		as_path_len;
	bool		has_med;
	uint32_t	med;
	uint8_t		origin;			/* 0 IGP, 1 EGP, 2 INCOMPLETE */
};

enum cpe_link { CPE_LINK_NONE, CPE_LINK_VBR, CPE_LINK_VPN };

struct cpe_config {
	uint32_t		 asn;		/* 0: not set */
	bool			 has_address;
	struct ipaddr		 address;
	enum cpe_link		 link;
	obj_name		 link_to;	/* VBR or VPN connection */
	uint8_t			 link_tunnel;	/* CPE_LINK_VPN: 1 or 2 */
	uint32_t		 peer_asn;	/* 0: take what is offered */
	struct cpe_networks	*networks;	/* cpe_networks.h */
	char			 auth_key[AUTH_KEY_MAX + 1];
	bool			 bfd;
	uint16_t		 bfd_interval_ms;
	uint8_t			 bfd_multiplier;
	bool			 shutdown;
	bool			 link_down;
};

/* Where an alert rule sends (SPEC 9): a URL, a program, a file. */
struct notify_target {
	enum notify_kind	 kind;
	char			*where;
};

struct alert_rule_config {
	uint32_t		 events;	/* bit per enum event_kind */
	enum alert_level	 level;
	enum alert_keywords	 keywords_mode;
	char			*keywords;	/* words, one space apart */
	enum alert_scope	 scope;
	obj_name		 scope_name;	/* the VBR or connection */
	uint32_t		 mute_s;	/* 0: never muted */
	struct notify_target	*targets;	/* in the order given */
	size_t			 ntargets;
};

struct object;
RB_HEAD(object_tree, object);

struct object {
	RB_ENTRY(object)	 entry;
	enum obj_kind		 kind;
	obj_name		 name;
	struct ipaddr		 addr;		/* OBJ_BGP_PEER: name decoded */
	struct object		*parent;
	/* when it, or anything under it, last changed (engine.c's clock):
	 * what depends on it is rebuilt only if this moved */
	unsigned long		 version;
	struct object_tree	 children[OBJ_KIND_COUNT];
	union {
		struct vbr_config		vbr;
		struct bgp_group_config		group;
		struct bgp_peer_config		peer;
		struct ecr_config		ecr;
		struct vpc_config		vpc;
		struct vpn_gateway_config	vpngw;
		struct customer_gateway_config	cgw;
		struct vpn_connection_config	conn;
		struct vpn_tunnel_config	tunnel;
		struct transit_router_config	tr;
		struct cpe_config		cpe;
		struct alert_rule_config	alert;
	} cfg;
};

int	object_compare(const struct object *, const struct object *);
RB_PROTOTYPE(object_tree, object, entry, object_compare)

#endif

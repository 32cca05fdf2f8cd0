/*
 * object: configuration objects as the engine stores them.
 *
 * Every object has a kind, a name unique among its siblings, an optional
 * parent (a VBR for its BGP groups and peers, a VPN connection for its
 * tunnels) and typed settings.  cli/ reads them through const pointers
 * (see engine.h) and never writes them.
 */
#ifndef ECSH_OBJECT_H
#define ECSH_OBJECT_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/tree.h>

#include "netaddr.h"
#include "objkind.h"

enum { OBJ_NAME_MAX = 128, DESCRIPTION_MAX = 255 };

#define VBR_BFD_INTERVAL_DEFAULT	1000
#define VBR_BFD_MULTIPLIER_DEFAULT	3

struct vbr_config {
	char		description[DESCRIPTION_MAX + 1];
	int32_t		vlan;			/* -1: not set */
	bool		has_local_gateway_ip;
	bool		has_peer_gateway_ip;
	bool		has_peering_subnet_mask;
	struct ipaddr	local_gateway_ip;
	struct ipaddr	peer_gateway_ip;
	struct ipaddr	peering_subnet_mask;
	bool		ipv6;
	bool		mpbgp;
	uint16_t	bfd_interval_ms;
	uint8_t		bfd_multiplier;
};

struct object;
RB_HEAD(object_tree, object);

struct object {
	RB_ENTRY(object)	 entry;
	enum obj_kind		 kind;
	char			 name[OBJ_NAME_MAX + 1];
	struct ipaddr		 addr;		/* OBJ_BGP_PEER: name decoded */
	struct object		*parent;
	struct object_tree	 children[OBJ_KIND_COUNT];
	union {
		struct vbr_config	 vbr;
	} cfg;
};

int	object_compare(const struct object *, const struct object *);
RB_PROTOTYPE(object_tree, object, entry, object_compare)

#endif

/*
 * listen: the addresses the engine takes BGP connections on (`bgp
 * listen`), as the store keeps them; bgp_tcp.c owns their sockets.
 */
#ifndef ECSH_LISTEN_H
#define ECSH_LISTEN_H

#include <stdint.h>

#include "netaddr.h"

enum { BGP_LISTEN_MAX = 16, BGP_PORT = 179 };

struct bgp_listen {
	struct ipaddr	ip;
	uint16_t	port;
	int		fd;		/* -1 under --check */
};

#endif

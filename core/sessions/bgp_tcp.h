/*
 * bgp_tcp: BGP over TCP to real routers.  The addresses of `bgp listen`
 * each get a listening socket; a connection from anyone but a configured
 * peer is closed before a byte is read.  Sessions to peers that are not
 * in-process CPEs connect out from the listen address of their family, so
 * the peer sees the source it expects.  TCP MD5 (RFC 2385) keys go on the
 * listening sockets, one entry per peer, and on every outgoing socket
 * before connect().  Who a peer is, it asks the engine's accept hook: it
 * knows sockets, not sessions.
 */
#ifndef ECSH_BGP_TCP_H
#define ECSH_BGP_TCP_H

#include <stdbool.h>
#include <stdint.h>

#include "../base/listen.h"
#include "../base/netaddr.h"

struct engine;
struct engine_error;

/* Add (or, negate, remove) a listening address.  Fails, changing
 * nothing, if the socket cannot be bound. */
int	bgp_tcp_listen(struct engine *, const struct ipaddr *, uint16_t port,
	    bool negate, struct engine_error *);
size_t	bgp_tcp_listen_count(const struct engine *);
const struct bgp_listen *bgp_tcp_listen_get(const struct engine *, size_t);
void	bgp_tcp_free(struct engine *);

/* There is a listen address of the peer's family to connect from. */
bool	bgp_tcp_can_connect(const struct engine *, const struct ipaddr *peer);

/* A socket connecting to peer:port from the listen address of its family
 * nearest the peer (-1 if there is none, or the connect cannot be
 * started). */
int	bgp_tcp_connect(struct engine *, const struct ipaddr *peer,
	    uint16_t port, const char *key, bool *in_progress);

/* Put a TCP peer's MD5 key on the listening sockets of its family. */
void	bgp_tcp_key(struct engine *, const struct ipaddr *peer,
	    const char *key);

#endif

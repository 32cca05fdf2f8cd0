/*
 * bfd_speakers: the BFD sessions a client asks for, as BIRD's
 * bfd_request_session(): each request names a peer, its timers and the
 * way packets go, and a function told of every change of state.  Over an
 * in-process circuit the packets travel as datagrams on the circuit; to
 * a real router they go over UDP from the local address, port 3784 for a
 * single hop and 4784 for multihop (RFC 5881, RFC 5883).  A packet is
 * accepted only with TTL >= 256 - hops (R6).
 *
 * Requests are made in rounds: begin, one bfd_request() per session
 * wanted, end; a session asked for in no request of the round ends.  What
 * BFD guards (the BGP sessions, R9) is the requester's business: the
 * runtime (runtime/bfd_requests.c) asks, and acts on a failure.
 */
#ifndef ECSH_BFD_SPEAKERS_H
#define ECSH_BFD_SPEAKERS_H

#include <stdbool.h>
#include <stdint.h>

#include "../bfd/bfd_session.h"
#include "bgp_speakers.h"
#include "../base/netaddr.h"

struct engine;
struct bfd_peer;

struct circuit;

/* A change of state: failed when an Up session lost its path (detection
 * time expired, or the peer said so) rather than being taken down. */
typedef void	(*bfd_changed_fn)(struct engine *, const struct bfd_peer *,
		    bool failed);
/* Why a session asked for before is not asked for now, for its event. */
typedef const char *(*bfd_gone_fn)(const struct engine *,
		    const struct bfd_peer *);

struct bfd_request {
	enum speaker_side	 side;		/* with owner and peer_ip: */
	const char		*owner;		/* which session it is */
	struct ipaddr		 peer_ip;
	struct ipaddr		 local_ip;	/* UDP's source */
	uint8_t			 hops;
	struct bfd_timers	 timers;
	struct circuit		*circuit;	/* NULL: over UDP */
	int			 circuit_side;
	bfd_changed_fn		 changed;
};

void	bfd_requests_begin(struct engine *);
void	bfd_request(struct engine *, const struct bfd_request *);
void	bfd_requests_end(struct engine *, bfd_gone_fn);
void	bfd_speakers_free(struct engine *);

const struct bfd_peer	*bfd_peer_first(const struct engine *);
/* Each session's longest silence starts again (clear engine). */
void			 bfd_speakers_clear_gaps(struct engine *);
const struct bfd_peer	*bfd_peer_next(const struct bfd_peer *);
/* The session of a request's side, owner and peer, or NULL. */
const struct bfd_peer	*bfd_peer_find(const struct engine *,
			    enum speaker_side, const char *owner,
			    const struct ipaddr *peer);

enum speaker_side	 bfd_peer_side(const struct bfd_peer *);
const char		*bfd_peer_owner(const struct bfd_peer *);
const struct ipaddr	*bfd_peer_ip(const struct bfd_peer *);
/* Our address: the bgp listen address, or the circuit's near end. */
const struct ipaddr	*bfd_peer_local_ip(const struct bfd_peer *);
uint8_t			 bfd_peer_hops(const struct bfd_peer *);
bool			 bfd_peer_udp(const struct bfd_peer *);
const struct bfd_session *bfd_peer_session(const struct bfd_peer *);
const struct bfd_timers	*bfd_peer_timers(const struct bfd_peer *);
/* Packets refused: undecodable, or below the TTL of R6. */
uint64_t		 bfd_peer_bad_packets(const struct bfd_peer *);
uint64_t		 bfd_peer_ttl_drops(const struct bfd_peer *);

#endif

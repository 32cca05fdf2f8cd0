/*
 * bfd_speakers: the BFD sessions the configuration calls for.  A VBR peer
 * with `bfd` runs one with the VBR's timers; a CPE with `bfd` runs one at
 * the data-center end.  Over an in-process circuit the packets travel as
 * datagrams on the circuit; to a real router they go over UDP from the
 * `bgp listen` address, port 3784 for a single hop (`bfd hops 1`) and
 * 4784 for multihop (RFC 5881, RFC 5883).  A packet is accepted only with
 * TTL >= 256 - hops (R6).
 *
 * Reconciled after the BGP speakers, whose sessions BFD guards: a session
 * that was Up and fails takes its BGP session down at once (R9).
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

void	bfd_speakers_reconcile(struct engine *);
void	bfd_speakers_free(struct engine *);

const struct bfd_peer	*bfd_peer_first(const struct engine *);
const struct bfd_peer	*bfd_peer_next(const struct bfd_peer *);
/* The session guarding a BGP speaker, or NULL. */
const struct bfd_peer	*bfd_peer_of(const struct engine *,
			    const struct speaker *);

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

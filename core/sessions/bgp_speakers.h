/*
 * bgp_speakers: the BGP sessions the configuration calls for, kept in
 * step with it.  A cloud-side speaker runs for every VBR peer (group with
 * a peer ASN, not shut down) and every tunnel of a BGP connection; a CPE
 * speaker for every CPE wired to a circuit.  When both ends of a circuit
 * exist they talk over a socketpair; `link down` cuts it both ways.
 *
 * Each speaker keeps what it received (Adj-RIB-In, with the route limit of
 * R5) and what it sent (Adj-RIB-Out).  Owns sessions, circuits and routes;
 * reads the object store, never changes it.
 */
#ifndef ECSH_BGP_SPEAKERS_H
#define ECSH_BGP_SPEAKERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../bgp/adj_rib.h"
#include "../bgp/bgp_session.h"
#include "../base/netaddr.h"

struct engine;
struct speaker;

enum speaker_side { SIDE_VBR_PEER, SIDE_TUNNEL, SIDE_CPE };

/*
 * The runtime's reconcile, in its order: make and end the speakers the
 * configuration asks for; (the tables follow); start the sessions and
 * bring what each has sent in line; tell the waiters.
 */
void	bgp_speakers_reconcile(struct engine *);
/* The same in slices, VBR by VBR (ten thousand peers made by one commit
 * take many rounds): true while more is left.  A whole reconcile ends a
 * walk in slices and does it all. */
bool	bgp_speakers_reconcile_some(struct engine *);
void	bgp_speakers_sync(struct engine *);
void	bgp_speakers_notify(struct engine *);
/* One of the cloud prefixes a connection's tunnels advertise came
 * (wanted) or went. */
void	bgp_speakers_export(struct engine *, const char *conn,
	    const struct prefix *, bool wanted);
/* One network of a CPE changed (its version was `was`): its speaker
 * sends that one route now; false when it is out of step, and only a
 * reconcile brings it back in line. */
bool	bgp_speakers_cpe_network(struct engine *, const char *cpe,
	    const struct prefix *, unsigned long was);
/* The engine's accept hook: the session of the peer a connection is
 * from takes it. */
bool	bgp_speakers_accept(struct engine *, const struct ipaddr *from, int fd);
void	bgp_speakers_free(struct engine *);

/* Lookups for shows and waits; NULL when no session runs for it. */
const struct speaker *bgp_speaker_vbr_peer(const struct engine *,
	    const char *vbr, const struct ipaddr *peer);
const struct speaker *bgp_speaker_tunnel(const struct engine *,
	    const char *connection, int tunnel);
const struct speaker *bgp_speaker_cpe(const struct engine *, const char *cpe);
const struct speaker *bgp_speaker_first(const struct engine *);
/* The speakers of one side and owner (a VBR's peers, a connection's
 * tunnels), in one descent of the index. */
const struct speaker *bgp_speaker_first_of(const struct engine *,
	    enum speaker_side, const char *owner);
const struct speaker *bgp_speaker_next_of(const struct speaker *);
const struct speaker *bgp_speaker_next(const struct speaker *);
/*
 * Every speaker, those that retire too: a speaker the configuration no
 * longer asks for still feeds the tables until its routes are gone.
 */
const struct speaker *bgp_speaker_first_all(const struct engine *);
const struct speaker *bgp_speaker_next_all(const struct speaker *);
bool			 bgp_speaker_retiring(const struct speaker *);
/* The BGP identifier of the peer (as its last session had it). */
uint32_t		 bgp_speaker_peer_id(const struct speaker *);

/* The history of a session that no longer runs (shut down, say), kept
 * for the one that takes its place; NULL if none is kept. */
const struct bgp_history *bgp_speakers_retired(const struct engine *,
			    enum speaker_side, const char *owner, int tunnel,
			    const struct ipaddr *peer);

enum speaker_side	 bgp_speaker_side(const struct speaker *);
const char		*bgp_speaker_owner(const struct speaker *);
int			 bgp_speaker_tunnel_no(const struct speaker *);
const struct ipaddr	*bgp_speaker_peer_ip(const struct speaker *);
/* An iBGP session: the peer is in the speaker's own AS. */
bool			 bgp_speaker_internal(const struct speaker *);
const struct bgp_session *bgp_speaker_session(const struct speaker *);
const struct bgp_session_config *bgp_speaker_config(const struct speaker *);
size_t			 bgp_speaker_routes_in(const struct speaker *);
/* Routes of a session that went, still leaving the tables (in slices). */
size_t			 bgp_speaker_routes_leaving(const struct speaker *);
/* Announced past the route limit (R5, V1): held aside, not installed. */
size_t			 bgp_speaker_routes_dropped(const struct speaker *);
struct held_route;
const struct held_route	*bgp_speaker_dropped_first(const struct speaker *);
/* The first held past p (NULL: the first). */
const struct held_route	*bgp_speaker_dropped_after(const struct speaker *,
			    const struct prefix *p);
/* Refused on arrival (RFC 4271 9.1.2: an AS_PATH holding the local AS):
 * how many, the attributes p came with (or NULL), the first past p. */
size_t			 bgp_speaker_routes_rejected(const struct speaker *);
const struct rib_attrs	*bgp_speaker_rejected_find(const struct speaker *,
			    const struct prefix *);
const struct held_route	*bgp_speaker_rejected_after(const struct speaker *,
			    const struct prefix *p);
uint32_t		 bgp_speaker_local_as(const struct speaker *);
/* The first route of the Adj-RIB-Out past p (NULL: the first). */
const struct rib_route	*bgp_speaker_out_after(const struct speaker *,
			    const struct prefix *p);
/* The attributes p is held with past the limit, or NULL. */
const struct rib_attrs	*bgp_speaker_dropped_find(const struct speaker *,
			    const struct prefix *p);
/* The limit and the rule that sets it ("R5", "V1"); 0 when none. */
uint32_t		 bgp_speaker_route_limit(const struct speaker *,
			    const char **rule);
size_t			 bgp_speaker_routes_out(const struct speaker *);
bool			 bgp_speaker_has_transport(const struct speaker *);
bool			 bgp_speaker_tcp(const struct speaker *);
const char		*bgp_speaker_tcp_key(const struct speaker *);
/* Segments dropped because their TCP MD5 key was not this end's. */
uint64_t		 bgp_speaker_md5_dropped(const struct speaker *);
/* No message waits in either direction (wait bgp converged). */
bool			 bgp_speaker_quiet(const struct speaker *);

const struct rib_route	*bgp_speaker_in_first(const struct speaker *);
const struct rib_route	*bgp_speaker_out_find(const struct speaker *,
			    const struct prefix *);
/* The first route of the Adj-RIB-In past p (NULL: the first). */
const struct rib_route	*bgp_speaker_in_after(const struct speaker *,
			    const struct prefix *);
const struct rib_route	*bgp_speaker_out_first(const struct speaker *);
const struct rib_route	*bgp_speaker_in_find(const struct speaker *,
			    const struct prefix *);
/* The longest prefix of the Adj-RIB-In that holds the address. */
const struct rib_route	*bgp_speaker_in_match(const struct speaker *,
			    const struct ipaddr *, struct prefix *matched);

/* The circuit a speaker is wired to (and its end), or NULL. */
struct circuit		*bgp_speaker_circuit(const struct speaker *, int *side);

/* Reset one session (clear bgp peer). */
void	bgp_speaker_clear(const struct speaker *);
/* BFD saw the path fail: down now, and start over (R9). */
void	bgp_speaker_bfd_down(const struct speaker *);
/* Routes of sessions that went are still being let go of. */
bool	bgp_speakers_draining(const struct engine *);
/* Tell the listeners something changed (BFD states, routes). */
void	bgp_speakers_changed(struct engine *);

/* Called on every change of any session, for waits. */
typedef void (*bgp_change_fn)(void *arg);
void	bgp_speakers_listen(struct engine *, bgp_change_fn, void *);
void	bgp_speakers_unlisten(struct engine *, bgp_change_fn, void *);

#endif

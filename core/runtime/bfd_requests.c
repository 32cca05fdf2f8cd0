/*
 * bfd_requests: which BFD sessions the configuration calls for, asked of
 * bfd_speakers, and what a failure does.  A VBR peer with `bfd` runs one
 * with the VBR's timers; a CPE with `bfd` runs one at the data-center
 * end.  Asked for after the BGP speakers are reconciled, because BFD
 * guards their sessions: one that was Up and fails takes its BGP session
 * down at once (R9).
 */
#include <string.h>
#include <sys/socket.h>

#include "bfd_requests.h"
#include "../sessions/bfd_speakers.h"
#include "../sessions/bgp_speakers.h"
#include "../sessions/bgp_tcp.h"
#include "../cloud/engine_impl.h"

static const struct speaker *
speaker_of(const struct engine *e, const struct bfd_peer *p)
{
	return bfd_peer_side(p) == SIDE_CPE ? bgp_speaker_cpe(e,
	    bfd_peer_owner(p)) : bgp_speaker_vbr_peer(e, bfd_peer_owner(p),
	    bfd_peer_ip(p));
}

static void
changed(struct engine *e, const struct bfd_peer *p, bool failed)
{
	const struct speaker *sp;

	if (failed && (sp = speaker_of(e, p)) != NULL)
		bgp_speaker_bfd_down(sp);
	bgp_speakers_changed(e);	/* waits on BFD states look again */
}

/* Why a session is no longer wanted: its BGP session went, or BFD did. */
static const char *
gone_why(const struct engine *e, const struct bfd_peer *p)
{
	if (speaker_of(e, p) == NULL)
		return "its BGP session is gone (shut down, de-configured or "
		    "deleted)";
	return "BFD is no longer configured for it";
}

static struct bfd_timers
timers_ms(uint32_t interval_ms, uint8_t mult)
{
	return (struct bfd_timers){ interval_ms * 1000, interval_ms * 1000,
		mult };
}

/* What a speaker's BFD should be; false if it runs none. */
static bool
wanted(const struct engine *e, const struct speaker *sp,
    struct bfd_request *w)
{
	const struct object *o;
	struct object *p = NULL;
	const struct bgp_listen *l;
	size_t i;

	memset(w, 0, sizeof(*w));
	w->side = bgp_speaker_side(sp);
	w->owner = bgp_speaker_owner(sp);
	w->peer_ip = *bgp_speaker_peer_ip(sp);
	w->circuit = bgp_speaker_circuit(sp, &w->circuit_side);
	w->changed = changed;
	if (w->side == SIDE_CPE) {
		o = engine_lookup(e, OBJ_CPE, w->owner, NULL);
		if (o == NULL || !o->cfg.cpe.bfd || w->circuit == NULL)
			return false;
		w->hops = 1;
		w->timers = timers_ms(o->cfg.cpe.bfd_interval_ms,
		    o->cfg.cpe.bfd_multiplier);
		w->local_ip = o->cfg.cpe.address;
		return true;
	}
	if (w->side != SIDE_VBR_PEER ||
	    (o = engine_lookup(e, OBJ_VBR, w->owner, NULL)) == NULL)
		return false;
	FOREACH_OBJECT(p, e, OBJ_BGP_PEER, o)
		if (ipaddr_equal(&p->addr, &w->peer_ip))
			break;
	if (p == NULL || !p->cfg.peer.bfd)
		return false;
	w->hops = p->cfg.peer.bfd_hops;
	w->timers = timers_ms(o->cfg.vbr.bfd_interval_ms,
	    o->cfg.vbr.bfd_multiplier);
	if (!bgp_speaker_tcp(sp)) {
		if (w->circuit == NULL)
			return false;
		/* the VBR's own address is IPv4; it has none for IPv6 */
		if (o->cfg.vbr.has_local_gateway_ip &&
		    w->peer_ip.family == AF_INET)
			w->local_ip = o->cfg.vbr.local_gateway_ip;
		return true;
	}
	/* a real router: over UDP, from the listen address BGP uses */
	w->circuit = NULL;
	for (i = 0; i < bgp_tcp_listen_count(e); i++) {
		l = bgp_tcp_listen_get(e, i);
		if (l->ip.family == w->peer_ip.family) {
			w->local_ip = l->ip;
			return true;
		}
	}
	return false;
}

void
bfd_requests_reconcile(struct engine *e)
{
	const struct speaker *sp;
	struct bfd_request w;

	bfd_requests_begin(e);
	for (sp = bgp_speaker_first(e); sp != NULL; sp = bgp_speaker_next(sp))
		if (wanted(e, sp, &w))
			bfd_request(e, &w);
	bfd_requests_end(e, gone_why);
}

/*
 * speaker_impl: what the files of a speaker share (bgp_speakers.c, the
 * sessions and their Adj-RIB-In; bgp_export.c, what they announce).
 * Nothing outside sessions/ includes it.
 */
#ifndef ECSH_SPEAKER_IMPL_H
#define ECSH_SPEAKER_IMPL_H

#include <sys/queue.h>
#include <sys/tree.h>

#include "bgp_speakers.h"
#include "../bgp/adj_rib.h"
#include "../bgp/rib_held.h"
#include "../cloud/engine_impl.h"

/*
 * Routes a session left behind when it went down, let go of in slices
 * (SPEC 10): a million routes leaving, the ECMP shrink after a drill,
 * never hold the loop.  The tables hear of each route of an Adj-RIB-In
 * as it goes, and decide its prefix from what the speaker holds then.
 */
struct leftover {
	struct leftover	*next;
	struct adj_rib	 rib;
	bool		 in;		/* an Adj-RIB-In; else an Adj-RIB-Out */
};

struct speaker {
	TAILQ_ENTRY(speaker)	 entry;		/* in the order made */
	RB_ENTRY(speaker)	 by_key;	/* side, owner, tunnel, peer */
	struct engine		*engine;
	enum speaker_side	 side;
	char			 owner[OBJ_NAME_MAX + 1];
	int			 tunnel;
	struct ipaddr		 peer_ip;	/* who it talks to */
	struct bgp_session_config cfg;
	struct bgp_session	*session;
	struct circuit		*circuit;	/* NULL: no transport yet */
	int			 circuit_side;	/* 0 cloud, 1 CPE */
	bool			 tcp;		/* a real router, over TCP */
	uint16_t		 tcp_port;
	/* TCP MD5 (RFC 2385): on the socket to a real router, emulated on
	 * a circuit */
	char			 tcp_key[AUTH_KEY_MAX + 1];
	uint64_t		 md5_dropped;	/* segments refused for it */
	struct adj_rib		 in, out;
	uint32_t		 route_limit;	/* 0: none */
	const char		*limit_rule;	/* "R5", "V1" */
	bool			 over_limit;	/* announces more than that */
	/* R5, V1: past the limit, routes are held aside; the installed
	 * ones in the order learned, for a limit that is lowered */
	struct rib_held		 held;
	/* refused on arrival, kept to be shown: an AS_PATH holding the
	 * local AS (RFC 4271 9.1.2) */
	struct rib_held		 rejected;
	struct prefix		*order;
	size_t			 norder, ordercap;
	bool			 seen;		/* reconcile mark */
	char			 resource[OBJ_NAME_MAX * 2 + 40];
	/* no longer configured: its session is gone, and so is the speaker
	 * once its routes are (until then it still feeds the tables) */
	bool			 retiring;
	struct leftover		*leftovers;	/* oldest first */
	struct leftover		**leftovers_end;
	size_t			 leaving;	/* Adj-RIB-In routes in them */
	struct ev_work		 drain;
	/* the export (bgp_export.c), in slices: in prefix order, after
	 * export_after, as far as the send queue has room */
	struct ev_work		 export;
	bool			 exporting;
	bool			 export_begun;
	struct prefix		 export_after;
	/* a CPE's: the version of its configuration the Adj-RIB-Out
	 * follows (or will, once the export is done) */
	unsigned long		 out_version;
	uint32_t		 peer_id;	/* the session's, when it went */
	unsigned long		 key_gen;	/* its key is on the listen
						   sockets of this, + 1 */
	/* waiting to be started (ten thousand new sessions connect over
	 * several rounds, not in the one that made them) */
	TAILQ_ENTRY(speaker)	 start_entry;
	bool			 to_start;
	/* started once as the configuration asked: each start after that
	 * is the engine's own (AutomaticStart) */
	bool			 started_once;
};

TAILQ_HEAD(speaker_list, speaker);

int	speaker_cmp(const struct speaker *, const struct speaker *);
RB_HEAD(speaker_index, speaker);
RB_PROTOTYPE(speaker_index, speaker, by_key, speaker_cmp)

struct bgp_listener {
	bgp_change_fn	 fn;
	void		*arg;
};

/*
 * The history of a session that went (shut down, removed, restarted with
 * new settings), kept for the session that takes its place: an operator
 * who bounces a peer wants to see why it went down, not a blank page.
 */
struct retired {
	TAILQ_ENTRY(retired)	 entry;
	enum speaker_side	 side;
	char			 owner[OBJ_NAME_MAX + 1];
	int			 tunnel;
	struct ipaddr		 peer_ip;
	struct bgp_history	 history;
};
TAILQ_HEAD(retired_list, retired);
#define RETIRED_MAX	256

/* The engine's BGP state lives behind one pointer in struct engine. */
struct bgp_speakers {
	struct speaker_list	 speakers;
	struct speaker_index	 index;		/* the same, for find() */
	struct bgp_listener	 listeners[32];
	struct retired_list	 retired;	/* newest first */
	size_t			 nretired;
	struct rib_attrs_table	 attrs;
	size_t			 draining;	/* speakers with routes leaving */
	struct speaker_list	 to_start;	/* by start_entry */
	struct ev_work		 starts;
	bool			 walking;	/* a reconcile in slices ... */
	obj_name		 walked;	/* ... done up to this VBR, */
	bool			 walked_tunnels;	/* then the tunnels */
};

static inline struct bgp_speakers *
state_of(const struct engine *e)
{
	return e->bgp;
}

/* bgp_export.c: bring what the peer was sent in line with what the
 * configuration says it should have (a CPE's in slices, and only when
 * its configuration changed or the session came up). */
void		 speaker_sync_out(struct speaker *);
/* One network of a CPE came, changed or went (its object's version was
 * `was` before): sent now; false when the export is out of step and a
 * sync must follow. */
bool		 speaker_cpe_network(struct speaker *, const struct prefix *,
		    unsigned long was);
/* The session went down: what it was sent is forgotten, the export
 * stops. */
void		 speaker_export_stop(struct speaker *);
/* One slice of a CPE's export (the speaker's export work). */
bool		 speaker_export_slice(void *sp);
/* The send queue has room again. */
void		 speaker_export_room(struct speaker *);
/* Routes left behind, let go of by the drain (bgp_speakers.c). */
void		 speaker_leave(struct speaker *, struct adj_rib *, bool in);
/* A kind of work, for show engine. */
unsigned	 speaker_kind(struct speaker *, const char *name);
/* One prefix of a tunnel's: its connection now gives it (wanted) or not. */
void		 speaker_export(struct speaker *, const struct prefix *,
		    bool wanted);
/* What a peer was sent goes with it (adj_rib_clear's gone). */
void		 speaker_out_forget(struct rib_route *, void *attrs);

#endif

/*
 * bgp_session: one BGP speaker's end of one session: the finite state
 * machine of RFC 4271 section 8, its timers on the event loop, and the
 * connection it reads messages from and writes them to.
 *
 * The session knows nothing of VBRs or CPEs.  Its owner gives it a
 * configuration and a connected stream socket, and hears back through
 * hooks: state changes, UPDATEs (already decoded and checked), and the
 * moment it may send its own routes.  Timers, the connection and the
 * owner's calls only post events to bgp_fsm(); every transition goes
 * through change_state(), which records it in the session's history and
 * tells the owner.
 */
#ifndef ECSH_BGP_SESSION_H
#define ECSH_BGP_SESSION_H

#include <stdbool.h>
#include <stdint.h>

#include "bgp_msg.h"
#include "../base/evloop.h"

enum bgp_state {
	BGP_IDLE, BGP_CONNECT, BGP_ACTIVE, BGP_OPENSENT, BGP_OPENCONFIRM,
	BGP_ESTABLISHED, BGP_STATE_COUNT
};
extern const char *const bgp_state_names[BGP_STATE_COUNT];

/*
 * What the FSM acts on: the events of RFC 4271 section 8.1 (the number in
 * each comment is the RFC's), and two it has no number for.
 */
enum bgp_event {
	BGP_EV_MANUAL_START,		/* 1 */
	BGP_EV_MANUAL_STOP,		/* 2 */
	BGP_EV_AUTOMATIC_START,		/* 3 */
	BGP_EV_AUTOMATIC_STOP,		/* 8 */
	BGP_EV_CONNECT_RETRY_EXPIRES,	/* 9 */
	BGP_EV_HOLD_EXPIRES,		/* 10 */
	BGP_EV_KEEPALIVE_EXPIRES,	/* 11 */
	BGP_EV_TCP_CR_ACKED,		/* 16: our connection is made */
	BGP_EV_TCP_CONFIRMED,		/* 17: the peer's is accepted */
	BGP_EV_TCP_CONNECT_FAILS,	/* 18, before a connection */
	BGP_EV_TCP_CONNECTION_FAILS,	/* 18, on one */
	BGP_EV_OPEN,			/* 19 */
	BGP_EV_HEADER_ERR,		/* 21 */
	BGP_EV_OPEN_COLLISION_DUMP,	/* 23 */
	BGP_EV_NOTIFICATION,		/* 25 */
	BGP_EV_KEEPALIVE,		/* 26 */
	BGP_EV_UPDATE,			/* 27 */
	BGP_EV_ROUTE_REFRESH,		/* RFC 2918 */
	BGP_EV_TRANSPORT_READY,		/* a circuit came: retry at once */
	BGP_EV_COUNT
};

/*
 * One transition, as `show bgp peer IP history` lists it.  The NOTIFICATION
 * that went with it, if any, and the error of a failed connect are kept so
 * that the cause can be told in full.
 */
enum bgp_note { BGP_NOTE_NONE, BGP_NOTE_SENT, BGP_NOTE_RECEIVED };

struct bgp_transition {
	uint64_t	wall_ns;	/* since the Unix epoch */
	uint8_t		from, to;	/* enum bgp_state */
	uint8_t		event;		/* enum bgp_event */
	uint8_t		note;		/* enum bgp_note */
	uint8_t		code, subcode;	/* of the NOTIFICATION, or the Cease */
	uint16_t	sys_errno;	/* a connect that failed */
};

#define BGP_HISTORY_MAX	32

/* The last BGP_HISTORY_MAX transitions, oldest first from `first`. */
struct bgp_history {
	struct bgp_transition	t[BGP_HISTORY_MAX];
	uint8_t			first, count;
};

const struct bgp_transition *bgp_history_at(const struct bgp_history *,
		    size_t i);	/* 0: the oldest kept */
/* How long before now_wall_ns the history last left Established; false
 * if it never did. */
bool		 bgp_history_down_ns(const struct bgp_history *,
		    uint64_t now_wall_ns, uint64_t *ns);
/* Why the transition happened, in the words of the RFCs. */
char		*bgp_transition_cause(const struct bgp_transition *, char *buf,
		    size_t len);

struct bgp_session_config {
	uint32_t	local_as;
	uint32_t	peer_as;	/* 0: whatever the peer offers */
	uint32_t	bgp_id;		/* host order, non-zero */
	uint16_t	hold_time;	/* offered; 0 or 3-65535 */
	uint16_t	keepalive;	/* at most hold/3 is used */
	bool		ipv4, ipv6;	/* families to offer */
	uint32_t	connect_retry_s;
};

struct bgp_session;

struct bgp_session_hooks {
	void	(*state)(void *owner, struct bgp_session *, enum bgp_state old,
		    enum bgp_state new);
	/* an UPDATE passed the checks; error.action is NONE, DISCARD or
	 * WITHDRAW (then every prefix in it is to be withdrawn) */
	void	(*update)(void *owner, struct bgp_session *,
		    const struct bgp_update *);
	/* the session needs a connection (Idle -> Connect); returns a
	 * stream socket, connected or (*in_progress) connecting, or -1 to
	 * stay in Active and retry */
	int	(*connect)(void *owner, struct bgp_session *, bool *in_progress);
	/* the peer asked for our routes again (RFC 2918) */
	void	(*refresh)(void *owner, struct bgp_session *);
	/* the send queue drained after bgp_session_send_room() said no */
	void	(*room)(void *owner, struct bgp_session *);
};

struct bgp_counters {
	uint64_t	in[6], out[6];	/* by message type */
	uint64_t	updates_withdrawn_by_error;
	uint32_t	established_count;
};

struct bgp_last_notification {
	bool		valid;
	uint8_t		code, subcode;
	char		why[120];
};

struct bgp_session *bgp_session_new(struct evloop *,
		    const struct bgp_session_config *,
		    const struct bgp_session_hooks *, void *owner);
void		 bgp_session_free(struct bgp_session *);	/* no NOTIFICATION */
/* Who the session is with, in the owner's words, for show engine; the
 * string must live as long as the session. */
void		 bgp_session_set_label(struct bgp_session *, const char *);

/*
 * Who starts or stops a session, as the history tells it: the operator's
 * commands and configuration are ManualStart / ManualStop (RFC 4271
 * 8.1.2, events 1 and 2); a restart or a stop the engine decides by
 * itself (BFD down, a session brought back after it failed) is
 * AutomaticStart / AutomaticStop (events 3 and 8).  A stop sends Cease.
 */
enum bgp_initiative { BGP_MANUAL, BGP_AUTOMATIC };

void		 bgp_session_start(struct bgp_session *, enum bgp_initiative);
void		 bgp_session_stop(struct bgp_session *, enum bgp_initiative,
		    uint8_t cease_subcode);

/*
 * A connection the peer opened (RFC 4271 8.2.1.2 TcpConnectionConfirmed):
 * taken in Idle (started), Connect or Active, refused (false) otherwise.
 */
bool		 bgp_session_accept(struct bgp_session *, int fd);

/* A transport may now be there: leave Active for Connect without waiting. */
void		 bgp_session_retry_now(struct bgp_session *);

/*
 * The circuit lost or regained its carrier.  Without it nothing moves
 * either way (bytes wait, as on a stalled stream); the hold timer decides
 * whether the session survives the cut.
 */
void		 bgp_session_set_carrier(struct bgp_session *, bool up);

/*
 * May a producer of many UPDATEs queue more?  False when enough waits to
 * be sent; the room hook then says when to go on.
 */
bool		 bgp_session_send_room(struct bgp_session *);
/* Send an UPDATE (only in Established); false if the connection failed. */
bool		 bgp_session_send(struct bgp_session *, const uint8_t *msg,
		    size_t len);

enum bgp_state	 bgp_session_state(const struct bgp_session *);
/* Nothing queued to send, nothing received but unread. */
bool		 bgp_session_io_idle(const struct bgp_session *);
bool		 bgp_session_as4(const struct bgp_session *);
uint32_t	 bgp_session_peer_id(const struct bgp_session *);
uint32_t	 bgp_session_peer_as(const struct bgp_session *);
uint16_t	 bgp_session_hold_time(const struct bgp_session *);	/* agreed */
uint16_t	 bgp_session_keepalive(const struct bgp_session *);	/* agreed */
uint64_t	 bgp_session_uptime_ns(const struct bgp_session *);
/*
 * How long the session has been as it is: up for (Established), or down
 * for since it last left Established (its kept history included).  False
 * when it has not been Established as far as its history goes.
 */
bool		 bgp_session_up_down_ns(const struct bgp_session *,
		    uint64_t *ns);
const struct bgp_open *bgp_session_peer_open(const struct bgp_session *);
const struct bgp_counters *bgp_session_counters(const struct bgp_session *);
const struct bgp_last_notification *bgp_session_last_sent(
		    const struct bgp_session *);
const struct bgp_last_notification *bgp_session_last_received(
		    const struct bgp_session *);
const char	*bgp_session_last_error(const struct bgp_session *);
const struct bgp_history *bgp_session_history(const struct bgp_session *);
/*
 * The session carries on the history of one that came before it (the same
 * peer, started afresh): the older transitions come first.
 */
void		 bgp_session_inherit_history(struct bgp_session *,
		    const struct bgp_history *);

#endif

/*
 * bgp_session: one BGP speaker's end of one session: the finite state
 * machine of RFC 4271 section 8, its timers on the event loop, and the
 * connection it reads messages from and writes them to.
 *
 * The session knows nothing of VBRs or CPEs.  Its owner gives it a
 * configuration and a connected stream socket, and hears back through
 * hooks: state changes, UPDATEs (already decoded and checked), and the
 * moment it may send its own routes.  Timers only post events to
 * bgp_fsm(); every transition goes through change_state().
 */
#ifndef ECSH_BGP_SESSION_H
#define ECSH_BGP_SESSION_H

#include <stdbool.h>
#include <stdint.h>

#include "bgp_msg.h"
#include "evloop.h"

enum bgp_state {
	BGP_IDLE, BGP_CONNECT, BGP_ACTIVE, BGP_OPENSENT, BGP_OPENCONFIRM,
	BGP_ESTABLISHED, BGP_STATE_COUNT
};
extern const char *const bgp_state_names[BGP_STATE_COUNT];

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

/* ManualStart / ManualStop (RFC 4271 8.1.2); stop sends Cease. */
void		 bgp_session_start(struct bgp_session *);
void		 bgp_session_stop(struct bgp_session *, uint8_t cease_subcode);

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
const struct bgp_open *bgp_session_peer_open(const struct bgp_session *);
const struct bgp_counters *bgp_session_counters(const struct bgp_session *);
const struct bgp_last_notification *bgp_session_last_sent(
		    const struct bgp_session *);
const struct bgp_last_notification *bgp_session_last_received(
		    const struct bgp_session *);
const char	*bgp_session_last_error(const struct bgp_session *);

#endif

/*
 * bfd_session: one end of one BFD session in asynchronous mode (RFC 5880):
 * the three-way handshake through Down, Init and Up, the detection timer,
 * the periodic transmission with jitter, and the Poll/Final sequence that
 * changes timers on a running session.
 *
 * The session knows nothing of sockets.  Its owner hands it packets that
 * passed bfd_decode() and the TTL check, and gives it a hook to send its
 * own; state changes are reported through a second hook.  Timers run on
 * the event loop's clock, so a virtual clock drives detection in tests.
 */
#ifndef ECSH_BFD_SESSION_H
#define ECSH_BFD_SESSION_H

#include <stdbool.h>
#include <stdint.h>

#include "bfd_msg.h"
#include "../base/evloop.h"

/* RFC 5880 6.8.3: while not Up, transmit no faster than once a second. */
#define BFD_SLOW_TX_US	1000000u

struct bfd_timers {
	uint32_t	desired_min_tx_us;
	uint32_t	required_min_rx_us;
	uint8_t		detect_mult;
};

struct bfd_session;

/* Why a session left Up, for the client protocol (RFC 5882 3.2). */
enum bfd_down_cause {
	BFD_CAUSE_NONE,
	BFD_CAUSE_DETECT,	/* no packet within the detection time */
	BFD_CAUSE_NEIGHBOR,	/* the peer said Down on the same session */
	BFD_CAUSE_PEER_ADMIN,	/* the peer said AdminDown: not a failure */
	BFD_CAUSE_PEER_RESTART,	/* the peer began again (new discriminator,
				   or Down with no diagnostic): not a path
				   failure */
	BFD_CAUSE_LOCAL_ADMIN,
};

struct bfd_session_hooks {
	void	(*send)(void *owner, const uint8_t *pkt, size_t len);
	void	(*state)(void *owner, struct bfd_session *, enum bfd_state old,
		    enum bfd_state new, enum bfd_down_cause);
};

struct bfd_counters {
	uint64_t	rx, tx, rx_discarded;
	uint32_t	up_count, down_count;
};

struct bfd_session *bfd_session_new(struct evloop *, const struct bfd_timers *,
		    const struct bfd_session_hooks *, void *owner,
		    uint32_t local_disc);
/* Sends one AdminDown packet first if the peer may be listening. */
void		 bfd_session_free(struct bfd_session *);

void		 bfd_session_input(struct bfd_session *,
		    const struct bfd_packet *);
/* New timers; a running session applies them with a Poll sequence. */
void		 bfd_session_set_timers(struct bfd_session *,
		    const struct bfd_timers *);

enum bfd_state	 bfd_session_state(const struct bfd_session *);
enum bfd_state	 bfd_session_remote_state(const struct bfd_session *);
enum bfd_diag	 bfd_session_diag(const struct bfd_session *);
enum bfd_diag	 bfd_session_remote_diag(const struct bfd_session *);
uint32_t	 bfd_session_local_disc(const struct bfd_session *);
uint32_t	 bfd_session_remote_disc(const struct bfd_session *);
/* Remote multiplier x agreed interval; 0 before anything was heard. */
uint64_t	 bfd_session_detect_time_us(const struct bfd_session *);
/* The longest silence between two packets heard while Up, and its reset. */
uint64_t	 bfd_session_max_gap_ns(const struct bfd_session *);
void		 bfd_session_clear_gap(struct bfd_session *);
/* How long since the last packet was taken; 0 if none ever was.  At a
 * detection expiry, the detection time plus how late the timer ran. */
uint64_t	 bfd_session_silent_ns(const struct bfd_session *);
uint64_t	 bfd_session_tx_interval_us(const struct bfd_session *);
bool		 bfd_session_polling(const struct bfd_session *);
const struct bfd_counters *bfd_session_counters(const struct bfd_session *);
uint64_t	 bfd_session_changed_ns(const struct bfd_session *);

#endif

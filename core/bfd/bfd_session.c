/*
 * bfd_session: RFC 5880 asynchronous mode on the event loop.
 *
 * Timer values live in pairs: what we advertise, and what is in force.
 * They differ only while a Poll sequence is running, because 6.8.3 lets a
 * faster transmit interval or a longer receive interval take effect at
 * once but makes the opposite changes wait for the peer's Final.
 */
#include <stdlib.h>
#include <string.h>

#include "bfd_session.h"

struct bfd_session {
	struct evloop		*loop;
	struct bfd_session_hooks hooks;
	void			*owner;
	struct bfd_timers	 cfg;

	enum bfd_state		 state, remote_state;
	enum bfd_diag		 diag, remote_diag;
	uint32_t		 local_disc, remote_disc;

	/* ours: advertised, and in force for transmission and detection */
	uint32_t		 desired_tx_us, tx_in_force_us;
	uint32_t		 required_rx_us, rx_in_force_us;
	bool			 polling;
	/* theirs, from the last packet */
	uint32_t		 remote_desired_tx_us, remote_min_rx_us;
	uint8_t			 remote_mult;
	bool			 heard;
	uint64_t		 heard_ns;	/* the last packet taken */
	/* the longest silence between two packets heard while Up: what a
	 * late loop on the other end looks like from here */
	uint64_t		 max_gap_ns;

	uint64_t		 detect_us;
	struct ev_timer		 tx_timer, detect_timer;
	uint32_t		 jitter_state;
	uint64_t		 changed_ns;
	struct bfd_counters	 counters;
};

static uint64_t
max_u64(uint64_t a, uint64_t b)
{
	return a > b ? a : b;
}

static uint64_t
now_ns(const struct bfd_session *s)
{
	return clock_now_ns(evloop_clock(s->loop));
}

/* The interval between our packets (6.8.7), before jitter. */
static uint64_t
tx_interval(const struct bfd_session *s)
{
	return max_u64(s->tx_in_force_us, s->remote_min_rx_us);
}

/* 6.8.7: 75-100% of the interval, at most 90% with a multiplier of 1. */
static uint64_t
jittered(struct bfd_session *s, uint64_t us)
{
	uint32_t x = s->jitter_state, span = s->cfg.detect_mult == 1 ? 15 : 25;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	s->jitter_state = x;
	return us * (75 + x % (span + 1)) / 100;
}

static void
transmit(struct bfd_session *s, bool final)
{
	struct bfd_packet pk = {
		.diag = (uint8_t)s->diag,
		.state = s->state,
		.poll = s->polling && !final,
		.final = final,
		.detect_mult = s->cfg.detect_mult,
		.my_disc = s->local_disc,
		.your_disc = s->remote_disc,
		.desired_min_tx_us = s->desired_tx_us,
		.required_min_rx_us = s->required_rx_us,
	};
	uint8_t buf[BFD_PACKET_LEN];

	bfd_encode(buf, &pk);
	s->counters.tx++;
	s->hooks.send(s->owner, buf, sizeof(buf));
}

static void
schedule_tx(struct bfd_session *s)
{
	evloop_timer_stop(s->loop, &s->tx_timer);
	/* 6.8.7: a peer asking for a receive interval of 0 wants nothing */
	if (s->heard && s->remote_min_rx_us == 0)
		return;
	evloop_timer_start_ns(s->loop, &s->tx_timer,
	    jittered(s, tx_interval(s)) * 1000);
}

static void
on_tx_timer(void *arg)
{
	struct bfd_session *s = arg;

	transmit(s, false);
	schedule_tx(s);
}

/*
 * What we advertise follows the state: no faster than a second unless Up
 * (6.8.3).  A change while Up starts a Poll sequence; faster transmission
 * and slower reception apply at once, the others at the Final.
 */
static void
advertise_timers(struct bfd_session *s)
{
	uint32_t tx = s->cfg.desired_min_tx_us, rx = s->cfg.required_min_rx_us;

	if (s->state != BFD_UP && tx < BFD_SLOW_TX_US)
		tx = BFD_SLOW_TX_US;
	if (tx == s->desired_tx_us && rx == s->required_rx_us)
		return;
	s->desired_tx_us = tx;
	s->required_rx_us = rx;
	if (s->state != BFD_UP) {
		s->tx_in_force_us = tx;
		s->rx_in_force_us = rx;
		return;
	}
	if (tx < s->tx_in_force_us)
		s->tx_in_force_us = tx;
	if (rx > s->rx_in_force_us)
		s->rx_in_force_us = rx;
	s->polling = true;
}

static void
poll_done(struct bfd_session *s)
{
	s->polling = false;
	s->tx_in_force_us = s->desired_tx_us;
	s->rx_in_force_us = s->required_rx_us;
}

static void
set_state(struct bfd_session *s, enum bfd_state new, enum bfd_diag diag,
    enum bfd_down_cause cause)
{
	enum bfd_state old = s->state;

	if (old == new)
		return;
	s->state = new;
	s->diag = diag;
	s->changed_ns = now_ns(s);
	if (new == BFD_UP)
		s->counters.up_count++;
	if (old == BFD_UP)
		s->counters.down_count++;
	if (new != BFD_UP)
		s->polling = false;
	advertise_timers(s);
	/*
	 * Tell the peer at once rather than at the next tick: the handshake
	 * and a failure report should not wait a second.
	 */
	transmit(s, false);
	schedule_tx(s);
	s->hooks.state(s->owner, s, old, new, cause);
}

static void
on_detect_timer(void *arg)
{
	struct bfd_session *s = arg;

	s->remote_disc = 0;	/* 6.8.1 */
	if (s->state == BFD_INIT || s->state == BFD_UP)
		set_state(s, BFD_DOWN, BFD_DIAG_DETECT_EXPIRED,
		    BFD_CAUSE_DETECT);
}

struct bfd_session *
bfd_session_new(struct evloop *loop, const struct bfd_timers *t,
    const struct bfd_session_hooks *hooks, void *owner, uint32_t local_disc)
{
	struct bfd_session *s;

	if ((s = calloc(1, sizeof(*s))) == NULL)
		return NULL;
	s->loop = loop;
	s->hooks = *hooks;
	s->owner = owner;
	s->cfg = *t;
	s->state = s->remote_state = BFD_DOWN;
	s->local_disc = local_disc;
	s->remote_min_rx_us = 1;	/* 6.8.1 */
	s->jitter_state = local_disc | 1;
	s->changed_ns = now_ns(s);
	evloop_timer_init(&s->tx_timer, on_tx_timer, s);
	evloop_timer_init(&s->detect_timer, on_detect_timer, s);
	evloop_timer_kind(&s->tx_timer, evloop_kind(loop, "BFD"));
	evloop_timer_kind(&s->detect_timer, evloop_kind(loop, "BFD"));
	advertise_timers(s);
	schedule_tx(s);
	return s;
}

void
bfd_session_free(struct bfd_session *s)
{
	if (s == NULL)
		return;
	/* 6.8.16: say AdminDown, so the peer does not count it a failure */
	if (s->state != BFD_DOWN || s->remote_disc != 0) {
		s->state = BFD_ADMIN_DOWN;
		s->diag = BFD_DIAG_ADMIN_DOWN;
		transmit(s, false);
	}
	evloop_timer_stop(s->loop, &s->tx_timer);
	evloop_timer_stop(s->loop, &s->detect_timer);
	free(s);
}

void
bfd_session_input(struct bfd_session *s, const struct bfd_packet *pk)
{
	uint32_t old_remote = s->remote_disc;
	bool restarted;

	if (pk->your_disc != 0 && pk->your_disc != s->local_disc) {
		s->counters.rx_discarded++;
		return;
	}
	s->counters.rx++;
	if (s->state == BFD_UP && s->counters.rx > 1 &&
	    now_ns(s) - s->heard_ns > s->max_gap_ns)
		s->max_gap_ns = now_ns(s) - s->heard_ns;
	s->heard_ns = now_ns(s);
	restarted = old_remote != 0 && pk->my_disc != old_remote;
	s->remote_disc = pk->my_disc;
	s->remote_state = pk->state;
	s->remote_diag = pk->diag < BFD_DIAG_COUNT ? pk->diag : BFD_DIAG_NONE;
	s->remote_desired_tx_us = pk->desired_min_tx_us;
	s->remote_mult = pk->detect_mult;
	if (!s->heard || pk->required_min_rx_us != s->remote_min_rx_us) {
		s->heard = true;
		s->remote_min_rx_us = pk->required_min_rx_us;
		schedule_tx(s);
	}
	if (pk->final && s->polling)
		poll_done(s);

	/* 6.8.4: the peer's multiplier times the slower of the two */
	s->detect_us = (uint64_t)pk->detect_mult *
	    max_u64(s->rx_in_force_us, pk->desired_min_tx_us);
	evloop_timer_start_ns(s->loop, &s->detect_timer, s->detect_us * 1000);

	if (pk->state == BFD_ADMIN_DOWN) {
		if (s->state != BFD_DOWN)
			set_state(s, BFD_DOWN, BFD_DIAG_NEIGHBOR_DOWN,
			    BFD_CAUSE_PEER_ADMIN);
	} else if (s->state == BFD_DOWN) {
		if (pk->state == BFD_DOWN)
			set_state(s, BFD_INIT, BFD_DIAG_NONE, BFD_CAUSE_NONE);
		else if (pk->state == BFD_INIT)
			set_state(s, BFD_UP, BFD_DIAG_NONE, BFD_CAUSE_NONE);
	} else if (s->state == BFD_INIT) {
		if (pk->state == BFD_INIT || pk->state == BFD_UP)
			set_state(s, BFD_UP, BFD_DIAG_NONE, BFD_CAUSE_NONE);
	} else if (s->state == BFD_UP && pk->state == BFD_DOWN) {
		/*
		 * The peer's Diag says why it left Up (4.1).  With none, or
		 * with a new discriminator, it is starting over (FRR does so
		 * as BGP comes up), not reporting a failed path.  Nor with
		 * "neighbor signaled session down": we have said Up all
		 * along, so it answers an older Down of ours, as FRR's bfdd
		 * does when bgpd registers the session with it.
		 */
		set_state(s, BFD_DOWN, BFD_DIAG_NEIGHBOR_DOWN, restarted ||
		    pk->diag == BFD_DIAG_NONE ||
		    pk->diag == BFD_DIAG_ADMIN_DOWN ||
		    pk->diag == BFD_DIAG_NEIGHBOR_DOWN ?
		    BFD_CAUSE_PEER_RESTART : BFD_CAUSE_NEIGHBOR);
	}
	/* 6.5: answer a Poll at once, outside the transmit schedule */
	if (pk->poll)
		transmit(s, true);
}

void
bfd_session_set_timers(struct bfd_session *s, const struct bfd_timers *t)
{
	s->cfg = *t;
	advertise_timers(s);
	if (s->polling) {
		transmit(s, false);
		schedule_tx(s);
	}
}

enum bfd_state
bfd_session_state(const struct bfd_session *s)
{
	return s->state;
}

enum bfd_state
bfd_session_remote_state(const struct bfd_session *s)
{
	return s->remote_state;
}

enum bfd_diag
bfd_session_diag(const struct bfd_session *s)
{
	return s->diag;
}

enum bfd_diag
bfd_session_remote_diag(const struct bfd_session *s)
{
	return s->remote_diag;
}

uint32_t
bfd_session_local_disc(const struct bfd_session *s)
{
	return s->local_disc;
}

uint32_t
bfd_session_remote_disc(const struct bfd_session *s)
{
	return s->remote_disc;
}

uint64_t
bfd_session_silent_ns(const struct bfd_session *s)
{
	return s->counters.rx > 0 ? now_ns(s) - s->heard_ns : 0;
}

uint64_t
bfd_session_max_gap_ns(const struct bfd_session *s)
{
	return s->max_gap_ns;
}

void
bfd_session_clear_gap(struct bfd_session *s)
{
	s->max_gap_ns = 0;
}

uint64_t
bfd_session_detect_time_us(const struct bfd_session *s)
{
	return s->detect_us;
}

uint64_t
bfd_session_tx_interval_us(const struct bfd_session *s)
{
	return tx_interval(s);
}

bool
bfd_session_polling(const struct bfd_session *s)
{
	return s->polling;
}

const struct bfd_counters *
bfd_session_counters(const struct bfd_session *s)
{
	return &s->counters;
}

uint64_t
bfd_session_changed_ns(const struct bfd_session *s)
{
	return s->changed_ns;
}

/*
 * BFD: the control packet codec (every refusal of RFC 5880 6.8.6, random
 * bytes), the TTL rule R6, and two sessions talking on the virtual clock:
 * handshake, detection time, Poll/Final, AdminDown, a restarted peer.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "../../core/bfd/bfd_session.h"

static const struct bfd_packet good = {
	.state = BFD_UP, .detect_mult = 3, .my_disc = 7, .your_disc = 9,
	.desired_min_tx_us = 300000, .required_min_rx_us = 200000,
};

Test(bfd_msg, round_trip)
{
	uint8_t buf[BFD_PACKET_LEN];
	struct bfd_packet pk = good, out;
	char why[160];

	pk.poll = true;
	pk.diag = BFD_DIAG_PATH_DOWN;
	cr_assert_eq(bfd_encode(buf, &pk), 24);
	cr_assert_eq(buf[0], 0x25);		/* version 1, diag 5 */
	cr_assert_eq(buf[1], 0xe0);		/* Up, Poll */
	cr_assert_eq(bfd_decode(buf, sizeof(buf), &out, why, sizeof(why)), 0);
	cr_assert_eq(memcmp(&pk, &out, sizeof(pk)), 0);
}

struct refusal {
	size_t		 at;	/* byte to change, or SIZE_MAX */
	uint8_t		 value;
	size_t		 len;
	const char	*why;
};

Test(bfd_msg, refusals)
{
	static const struct refusal cases[] = {
		{ SIZE_MAX, 0, 23, "shorter than the 24-byte" },
		{ 0, 0x40, 24, "version 2" },
		{ 1, 0xc4, 24, "authentication present" },
		{ 3, 23, 24, "below 24" },
		{ 3, 30, 24, "beyond the 24 bytes" },
		{ 2, 0, 24, "multiplier 0" },
		{ 1, 0xc1, 24, "multipoint" },
		{ 7, 0, 24, "my discriminator 0" },
		{ 11, 0, 24, "your discriminator 0 in state Up" },
		{ 1, 0xf0, 24, "poll and final" },
	};
	uint8_t buf[BFD_PACKET_LEN], copy[BFD_PACKET_LEN];
	struct bfd_packet pk = good, out;
	char why[160];
	size_t i;

	pk.my_disc = 7;
	pk.your_disc = 9;
	bfd_encode(buf, &pk);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memcpy(copy, buf, sizeof(buf));
		if (cases[i].at != SIZE_MAX)
			copy[cases[i].at] = cases[i].value;
		cr_assert_eq(bfd_decode(copy, cases[i].len, &out, why,
		    sizeof(why)), -1, "case %zu accepted", i);
		cr_assert(strstr(why, cases[i].why) != NULL,
		    "case %zu: %s", i, why);
	}
	/* your discriminator 0 is fine while Down (6.8.6) */
	memcpy(copy, buf, sizeof(buf));
	copy[1] = 0x40;
	copy[11] = 0;
	cr_assert_eq(bfd_decode(copy, 24, &out, why, sizeof(why)), 0);
	cr_assert_eq(out.state, BFD_DOWN);
}

Test(bfd_msg, random_bytes)
{
	uint8_t buf[64];
	struct bfd_packet out;
	char why[160];
	size_t i, k, accepted = 0;

	srand(5880);
	for (i = 0; i < 200000; i++) {
		for (k = 0; k < sizeof(buf); k++)
			buf[k] = (uint8_t)rand();
		buf[0] = (uint8_t)((buf[0] & 0x1f) | (i % 2 ? 0x20 : buf[0]));
		if (bfd_decode(buf, (size_t)rand() % sizeof(buf), &out, why,
		    sizeof(why)) == 0)
			accepted++;
	}
	cr_assert_gt(accepted, 0);	/* the checks are not all-refusing */
}

Test(bfd_msg, ttl_rule)
{
	cr_assert(bfd_ttl_ok(1, 255));
	cr_assert(!bfd_ttl_ok(1, 254));		/* single hop: GTSM */
	cr_assert(bfd_ttl_ok(2, 254));
	cr_assert(!bfd_ttl_ok(2, 253));
	cr_assert(bfd_ttl_ok(255, 1));
	cr_assert(!bfd_ttl_ok(255, 0));
	cr_assert(!bfd_ttl_ok(1, 0));		/* no TTL was received */
}

/* Two sessions on one virtual clock, joined by a lossy wire. */

struct end {
	struct bfd_session	*s;
	struct lab		*lab;
	int			 me;
	enum bfd_state		 last_old, last_new;
	enum bfd_down_cause	 last_cause;
	uint64_t		 changed_ms;
	uint64_t		 silent_ms;	/* at the change */
	int			 changes;
};

struct flight {
	struct ev_timer	 t;
	struct lab	*lab;
	int		 to;
	uint8_t		 pkt[BFD_PACKET_LEN];
	bool		 busy;
};

struct lab {
	struct clock	 c;
	struct evloop	*ev;
	struct end	 end[2];
	bool		 cut;
	struct flight	 flights[64];
};

static uint64_t
now_ms(struct lab *l)
{
	return clock_now_ns(&l->c) / NS_PER_MS;
}

static void
arrive(void *arg)
{
	struct flight *f = arg;
	struct bfd_packet pk;
	char why[160];

	f->busy = false;
	if (f->lab->cut || f->lab->end[f->to].s == NULL)
		return;
	cr_assert_eq(bfd_decode(f->pkt, sizeof(f->pkt), &pk, why,
	    sizeof(why)), 0, "%s", why);
	bfd_session_input(f->lab->end[f->to].s, &pk);
}

/* 1 ms of wire, so a reply never runs inside the send that caused it. */
static void
send_pkt(void *owner, const uint8_t *pkt, size_t len)
{
	struct end *e = owner;
	struct lab *l = e->lab;
	size_t i;

	cr_assert_eq(len, BFD_PACKET_LEN);
	for (i = 0; i < 64 && l->flights[i].busy; i++)
		;
	cr_assert_lt(i, 64);
	l->flights[i].busy = true;
	l->flights[i].lab = l;
	l->flights[i].to = !e->me;
	memcpy(l->flights[i].pkt, pkt, len);
	evloop_timer_start(l->ev, &l->flights[i].t, 1);
}

static void
on_state(void *owner, struct bfd_session *s, enum bfd_state old,
    enum bfd_state new, enum bfd_down_cause cause)
{
	struct end *e = owner;

	e->silent_ms = bfd_session_silent_ns(s) / 1000000;
	e->last_old = old;
	e->last_new = new;
	e->last_cause = cause;
	e->changed_ms = now_ms(e->lab);
	e->changes++;
}

static const struct bfd_session_hooks hooks = { send_pkt, on_state };

static void
lab_init(struct lab *l, const struct bfd_timers *a, const struct bfd_timers *b)
{
	memset(l, 0, sizeof(*l));
	clock_init(&l->c, CLOCK_KIND_VIRTUAL);
	l->ev = evloop_new(&l->c);
	for (int i = 0; i < 64; i++)
		evloop_timer_init(&l->flights[i].t, arrive, &l->flights[i]);
	l->end[0] = (struct end){ .lab = l, .me = 0 };
	l->end[1] = (struct end){ .lab = l, .me = 1 };
	l->end[0].s = bfd_session_new(l->ev, a, &hooks, &l->end[0], 100);
	l->end[1].s = bfd_session_new(l->ev, b, &hooks, &l->end[1], 200);
}

static void
run_for(struct lab *l, uint64_t ms)
{
	uint64_t until = now_ms(l) + ms;

	while (now_ms(l) < until)
		evloop_run_once(l->ev, 0);
}

static void
lab_end(struct lab *l)
{
	int i;

	for (i = 0; i < 2; i++) {
		bfd_session_free(l->end[i].s);
		l->end[i].s = NULL;
	}
	for (i = 0; i < 64; i++)
		evloop_timer_stop(l->ev, &l->flights[i].t);
	evloop_free(l->ev);
}

static const struct bfd_timers fast = { 200000, 200000, 3 };
static const struct bfd_timers slow = { 300000, 500000, 4 };

Test(bfd_session, handshake_and_detection)
{
	struct lab l;

	lab_init(&l, &fast, &slow);
	run_for(&l, 5000);
	cr_assert_eq(bfd_session_state(l.end[0].s), BFD_UP);
	cr_assert_eq(bfd_session_state(l.end[1].s), BFD_UP);
	cr_assert_eq(bfd_session_remote_disc(l.end[0].s), 200);
	/* 0's detection: 1's multiplier 4 x max(0's rx 200, 1's tx 300) */
	cr_assert_eq(bfd_session_detect_time_us(l.end[0].s), 1200000);
	/* 1's detection: 3 x max(1's rx 500, 0's tx 200) */
	cr_assert_eq(bfd_session_detect_time_us(l.end[1].s), 1500000);
	/* 0 sends no faster than 1 will receive */
	cr_assert_eq(bfd_session_tx_interval_us(l.end[0].s), 500000);
	cr_assert(!bfd_session_polling(l.end[0].s));

	uint64_t cut_at = now_ms(&l);
	l.cut = true;
	run_for(&l, 3000);
	cr_assert_eq(bfd_session_state(l.end[0].s), BFD_DOWN);
	cr_assert_eq(l.end[0].last_cause, BFD_CAUSE_DETECT);
	cr_assert_eq(bfd_session_diag(l.end[0].s), BFD_DIAG_DETECT_EXPIRED);
	/* within the detection time of the last packet heard */
	cr_assert_leq(l.end[0].changed_ms - cut_at, 1200);
	cr_assert_geq(l.end[0].changed_ms - cut_at, 1200 - 300);
	cr_assert_leq(l.end[1].changed_ms - cut_at, 1500);
	/* and it says how long it heard nothing: exactly the detection
	 * time, since the virtual clock's timers are never late */
	cr_assert_eq(l.end[0].silent_ms, 1200);
	cr_assert_eq(l.end[1].silent_ms, 1500);
	cr_assert_eq(bfd_session_remote_disc(l.end[0].s), 0);

	/* and back */
	l.cut = false;
	run_for(&l, 5000);
	cr_assert_eq(bfd_session_state(l.end[0].s), BFD_UP);
	cr_assert_eq(bfd_session_counters(l.end[0].s)->up_count, 2);
	lab_end(&l);
}

Test(bfd_session, slow_until_up)
{
	struct lab l;

	lab_init(&l, &fast, &fast);
	/* 6.8.3: not Up, so no faster than once a second */
	cr_assert_eq(bfd_session_tx_interval_us(l.end[0].s), BFD_SLOW_TX_US);
	run_for(&l, 5000);
	cr_assert_eq(bfd_session_tx_interval_us(l.end[0].s), 200000);
	lab_end(&l);
}

Test(bfd_session, poll_sequence)
{
	struct lab l;
	const struct bfd_timers slower = { 400000, 400000, 5 };

	lab_init(&l, &fast, &fast);
	run_for(&l, 5000);
	cr_assert_eq(bfd_session_state(l.end[0].s), BFD_UP);
	bfd_session_set_timers(l.end[0].s, &slower);
	cr_assert(bfd_session_polling(l.end[0].s));
	/* a slower transmit waits for the Final (6.8.3) */
	cr_assert_eq(bfd_session_tx_interval_us(l.end[0].s), 200000);
	run_for(&l, 50);
	cr_assert(!bfd_session_polling(l.end[0].s));
	cr_assert_eq(bfd_session_tx_interval_us(l.end[0].s), 400000);
	run_for(&l, 2000);
	/* 1 now detects with 0's multiplier 5 x 0's interval 400 */
	cr_assert_eq(bfd_session_detect_time_us(l.end[1].s), 2000000);
	cr_assert_eq(bfd_session_state(l.end[1].s), BFD_UP);
	/* the change did not flap the session */
	cr_assert_eq(bfd_session_counters(l.end[1].s)->down_count, 0);
	cr_assert_eq(bfd_session_counters(l.end[0].s)->down_count, 0);
	lab_end(&l);
}

Test(bfd_session, admin_down_is_not_a_failure)
{
	struct lab l;

	lab_init(&l, &fast, &fast);
	run_for(&l, 5000);
	bfd_session_free(l.end[1].s);	/* says AdminDown on its way out */
	l.end[1].s = NULL;
	run_for(&l, 10);
	cr_assert_eq(bfd_session_state(l.end[0].s), BFD_DOWN);
	cr_assert_eq(l.end[0].last_cause, BFD_CAUSE_PEER_ADMIN);
	cr_assert_eq(bfd_session_diag(l.end[0].s), BFD_DIAG_NEIGHBOR_DOWN);
	lab_end(&l);
}

Test(bfd_session, restarted_peer_is_not_a_path_failure)
{
	struct lab l;
	struct bfd_packet pk = {
		.state = BFD_DOWN, .detect_mult = 3, .my_disc = 999,
		.desired_min_tx_us = 1000000, .required_min_rx_us = 200000,
	};

	lab_init(&l, &fast, &fast);
	run_for(&l, 5000);
	/* the peer starts over: new discriminator, Down, ours forgotten */
	bfd_session_input(l.end[0].s, &pk);
	cr_assert_eq(l.end[0].last_cause, BFD_CAUSE_PEER_RESTART);
	/* the same peer saying Down is the real thing */
	run_for(&l, 3000);
	cr_assert_eq(bfd_session_state(l.end[0].s), BFD_UP);
	pk.my_disc = bfd_session_remote_disc(l.end[0].s);
	pk.your_disc = 100;
	pk.diag = BFD_DIAG_DETECT_EXPIRED;
	bfd_session_input(l.end[0].s, &pk);
	cr_assert_eq(l.end[0].last_cause, BFD_CAUSE_NEIGHBOR);
	lab_end(&l);
}

/*
 * "Neighbor signaled session down" while we have said Up all along answers
 * an older Down of ours: the peer starting over, however long we were Up
 * (FRR's bfdd does it when bgpd registers the session, seconds after BFD
 * came up if BGP took that long).
 */
Test(bfd_session, neighbor_down_echo_is_not_a_path_failure)
{
	struct lab l;
	struct bfd_packet pk = {
		.state = BFD_DOWN, .detect_mult = 3,
		.desired_min_tx_us = 1000000, .required_min_rx_us = 200000,
		.diag = BFD_DIAG_NEIGHBOR_DOWN,
	};

	lab_init(&l, &fast, &fast);
	run_for(&l, 5000);
	cr_assert_eq(bfd_session_state(l.end[0].s), BFD_UP);
	pk.my_disc = bfd_session_remote_disc(l.end[0].s);
	pk.your_disc = bfd_session_local_disc(l.end[0].s);
	bfd_session_input(l.end[0].s, &pk);
	cr_assert_eq(bfd_session_state(l.end[0].s), BFD_DOWN);
	cr_assert_eq(l.end[0].last_cause, BFD_CAUSE_PEER_RESTART);
	lab_end(&l);
}

Test(bfd_session, wrong_discriminator_is_dropped)
{
	struct lab l;
	struct bfd_packet pk = {
		.state = BFD_UP, .detect_mult = 3, .my_disc = 5,
		.your_disc = 12345, .desired_min_tx_us = 1000000,
		.required_min_rx_us = 200000,
	};

	lab_init(&l, &fast, &fast);
	bfd_session_input(l.end[0].s, &pk);
	cr_assert_eq(bfd_session_counters(l.end[0].s)->rx_discarded, 1);
	cr_assert_eq(bfd_session_state(l.end[0].s), BFD_DOWN);
	lab_end(&l);
}

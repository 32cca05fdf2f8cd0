/*
 * The BGP state machine end to end, two sessions in one loop on the
 * virtual clock: negotiation, a refused peer AS, the hold timer, and a
 * connection collision settled as RFC 4271 6.8 says; and its contract:
 * every transition, with its cause, reaches the history and the owner.
 */
#include <criterion/criterion.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../../core/bgp/bgp_session.h"

struct side {
	struct bgp_session	*s;
	int			 next_fd;	/* what connect() hands out */
	/* what the state hook heard, in order */
	enum bgp_state		 heard[64][2];
	size_t			 nheard;
};

static void
heard(void *owner, struct bgp_session *s, enum bgp_state old,
    enum bgp_state new)
{
	struct side *x = owner;

	(void)s;
	if (x->nheard < 64) {
		x->heard[x->nheard][0] = old;
		x->heard[x->nheard][1] = new;
	}
	x->nheard++;
}

static int
hand_out(void *owner, struct bgp_session *s, bool *in_progress)
{
	struct side *x = owner;
	int fd = x->next_fd;

	(void)s;
	*in_progress = false;
	x->next_fd = -1;
	return fd;
}

static const struct bgp_session_hooks hooks = { heard, NULL, hand_out, NULL,
    NULL };

static struct bgp_session_config
config(uint32_t as, uint32_t peer_as, uint32_t id, uint16_t hold)
{
	struct bgp_session_config c = {
		.local_as = as, .peer_as = peer_as, .bgp_id = id,
		.hold_time = hold, .keepalive = 60, .ipv4 = true,
		.connect_retry_s = 30,
	};

	return c;
}

static void
spin(struct evloop *ev, int rounds)
{
	while (rounds-- > 0)
		evloop_run_once(ev, 0);
}

static void
pair(int sv[2])
{
	cr_assert_eq(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sv),
	    0);
}

/* Two sessions in one loop on the virtual clock. */
struct lab {
	struct clock	 c;
	struct evloop	*ev;
	struct side	 a, b;
	struct bgp_session_config ca, cb;
};

/* Each side connects through the fd it is given, then both start. */
static void
lab_start(struct lab *l, int fd_a, int fd_b)
{
	clock_init(&l->c, CLOCK_KIND_VIRTUAL);
	l->ev = evloop_new(&l->c);
	l->a.next_fd = fd_a;
	l->b.next_fd = fd_b;
	l->a.s = bgp_session_new(l->ev, &l->ca, &hooks, &l->a);
	l->b.s = bgp_session_new(l->ev, &l->cb, &hooks, &l->b);
	bgp_session_start(l->a.s, BGP_MANUAL);
	bgp_session_start(l->b.s, BGP_MANUAL);
}

/* A and B joined by one socketpair. */
static void
lab_connect(struct lab *l)
{
	int sv[2];

	pair(sv);
	lab_start(l, sv[0], sv[1]);
}

static void
lab_end(struct lab *l)
{
	bgp_session_free(l->a.s);
	bgp_session_free(l->b.s);
	evloop_free(l->ev);
}

Test(bgp_fsm, negotiates_the_lower_hold_time)
{
	struct lab l = {
		.ca = config(65001, 65002, 1, 90),
		.cb = config(65002, 65001, 2, 30),
	};

	lab_connect(&l);
	spin(l.ev, 10);
	cr_assert_eq(bgp_session_state(l.a.s), BGP_ESTABLISHED);
	cr_assert_eq(bgp_session_state(l.b.s), BGP_ESTABLISHED);
	cr_assert_eq(bgp_session_hold_time(l.a.s), 30);
	cr_assert_eq(bgp_session_keepalive(l.a.s), 10);	/* a third */
	cr_assert(bgp_session_as4(l.a.s));
	lab_end(&l);
}

Test(bgp_fsm, refuses_the_wrong_peer_as)
{
	struct lab l = {
		.ca = config(65001, 65099, 1, 90),
		.cb = config(65002, 0, 2, 90),
	};

	lab_connect(&l);
	spin(l.ev, 10);
	cr_assert_neq(bgp_session_state(l.a.s), BGP_ESTABLISHED);
	cr_assert(bgp_session_last_sent(l.a.s)->valid);
	cr_assert_eq(bgp_session_last_sent(l.a.s)->code, 2);
	cr_assert_eq(bgp_session_last_sent(l.a.s)->subcode, 2);
	cr_assert_eq(bgp_session_last_received(l.b.s)->subcode, 2);
	lab_end(&l);
}

Test(bgp_fsm, hold_timer_ends_a_silent_session)
{
	struct lab l = {
		.ca = config(65001, 65002, 1, 9),
		.cb = config(65002, 65001, 2, 9),
	};
	uint64_t t0;

	lab_connect(&l);
	spin(l.ev, 10);
	cr_assert_eq(bgp_session_state(l.a.s), BGP_ESTABLISHED);
	/* the wire goes quiet: a hears nothing more */
	t0 = clock_now_ns(&l.c);
	bgp_session_set_carrier(l.b.s, false);
	bgp_session_set_carrier(l.a.s, false);
	while (bgp_session_state(l.a.s) == BGP_ESTABLISHED &&
	    clock_now_ns(&l.c) < t0 + 60 * NS_PER_SEC)
		evloop_run_once(l.ev, 0);
	cr_assert_neq(bgp_session_state(l.a.s), BGP_ESTABLISHED);
	cr_assert_eq(bgp_session_last_sent(l.a.s)->code, 4);
	/* 9 s after the last KEEPALIVE heard (at most 3 s before the cut) */
	cr_assert_geq(clock_now_ns(&l.c) - t0, 6 * NS_PER_SEC);
	cr_assert_leq(clock_now_ns(&l.c) - t0, 9 * NS_PER_SEC);
	lab_end(&l);
}

/*
 * Both sides connect at once: a (BGP ID 1) opens p, b (ID 2) opens q,
 * and each receives the other's while in OpenSent.  The lower ID gives
 * way: a keeps q, the connection b opened, and both come up on it.
 */
Test(bgp_fsm, collision_keeps_one_connection)
{
	struct lab l = {
		.ca = config(65001, 65002, 1, 90),
		.cb = config(65002, 65001, 2, 90),
	};
	int p[2], q[2];

	pair(p);
	pair(q);
	lab_start(&l, p[0], q[0]);
	cr_assert_eq(bgp_session_state(l.a.s), BGP_OPENSENT);
	cr_assert_eq(bgp_session_state(l.b.s), BGP_OPENSENT);
	cr_assert(bgp_session_accept(l.a.s, q[1]));
	cr_assert(bgp_session_accept(l.b.s, p[1]));
	spin(l.ev, 20);
	cr_assert_eq(bgp_session_state(l.a.s), BGP_ESTABLISHED);
	cr_assert_eq(bgp_session_state(l.b.s), BGP_ESTABLISHED);
	/* one of the two said why its connection went */
	cr_assert((bgp_session_last_sent(l.a.s)->valid &&
	    bgp_session_last_sent(l.a.s)->subcode == BGP_CEASE_COLLISION) ||
	    (bgp_session_last_received(l.a.s)->valid &&
	    bgp_session_last_received(l.a.s)->subcode == BGP_CEASE_COLLISION));
	/* an established session turns a newcomer away (Cease 7 on it) */
	pair(p);
	cr_assert(!bgp_session_accept(l.a.s, p[0]));
	close(p[0]);
	close(p[1]);
	lab_end(&l);
}

/* One transition as the test expects it. */
struct step {
	enum bgp_state	from, to;
	enum bgp_event	event;
	enum bgp_note	note;
	uint8_t		code;
};

/*
 * The history holds exactly these steps, in order, and the owner heard
 * each change of state among them, in the same order.
 */
static void
assert_history(const struct side *x, const struct step *want, size_t n)
{
	const struct bgp_history *h = bgp_session_history(x->s);
	const struct bgp_transition *t;
	size_t i, k = 0;
	char cause[256];

	cr_assert_eq(h->count, n, "history has %u steps, not %zu", h->count,
	    n);
	for (i = 0; i < n; i++) {
		t = bgp_history_at(h, i);
		bgp_transition_cause(t, cause, sizeof(cause));
		cr_assert_eq(t->from, want[i].from, "step %zu: %s", i, cause);
		cr_assert_eq(t->to, want[i].to, "step %zu: %s", i, cause);
		cr_assert_eq(t->event, want[i].event, "step %zu: %s", i, cause);
		cr_assert_eq(t->note, want[i].note, "step %zu: %s", i, cause);
		if (want[i].note != BGP_NOTE_NONE)
			cr_assert_eq(t->code, want[i].code, "step %zu", i);
		if (t->from == t->to)
			continue;	/* no change for the owner to hear */
		cr_assert_lt(k, x->nheard);
		cr_assert_eq(x->heard[k][0], t->from, "hook %zu", k);
		cr_assert_eq(x->heard[k][1], t->to, "hook %zu", k);
		k++;
	}
	cr_assert_eq(k, x->nheard, "the owner heard %zu changes, the history "
	    "has %zu", x->nheard, k);
}

#define STEPS(a)	(a), sizeof(a) / sizeof((a)[0])

/* RFC 4271 8.2.2: Idle, Connect, OpenSent, OpenConfirm, Established. */
Test(bgp_fsm_contract, every_transition_up_to_established)
{
	static const struct step up[] = {
		{ BGP_IDLE, BGP_CONNECT, BGP_EV_MANUAL_START, 0, 0 },
		{ BGP_CONNECT, BGP_OPENSENT, BGP_EV_TCP_CR_ACKED, 0, 0 },
		{ BGP_OPENSENT, BGP_OPENCONFIRM, BGP_EV_OPEN, 0, 0 },
		{ BGP_OPENCONFIRM, BGP_ESTABLISHED, BGP_EV_KEEPALIVE, 0, 0 },
	};
	struct lab l = {
		.ca = config(65001, 65002, 1, 90),
		.cb = config(65002, 65001, 2, 90),
	};
	char cause[256];

	lab_connect(&l);
	spin(l.ev, 10);
	cr_assert_eq(bgp_session_state(l.a.s), BGP_ESTABLISHED);
	assert_history(&l.a, STEPS(up));
	assert_history(&l.b, STEPS(up));
	bgp_transition_cause(bgp_history_at(bgp_session_history(l.a.s), 1),
	    cause, sizeof(cause));
	cr_assert_str_eq(cause, "TCP connection made (Tcp_CR_Acked), OPEN "
	    "sent");
	lab_end(&l);
}

/* No connection to be had: Connect, Active, and Connect again on time. */
Test(bgp_fsm_contract, a_failed_connect_is_an_event)
{
	static const struct step tries[] = {
		{ BGP_IDLE, BGP_CONNECT, BGP_EV_MANUAL_START, 0, 0 },
		{ BGP_CONNECT, BGP_ACTIVE, BGP_EV_TCP_CONNECT_FAILS, 0, 0 },
		{ BGP_ACTIVE, BGP_CONNECT, BGP_EV_CONNECT_RETRY_EXPIRES, 0, 0 },
		{ BGP_CONNECT, BGP_ACTIVE, BGP_EV_TCP_CONNECT_FAILS, 0, 0 },
	};
	struct lab l = {
		.ca = config(65001, 65002, 1, 90),
		.cb = config(65002, 65001, 2, 90),
	};
	char cause[256];

	lab_start(&l, -1, -1);
	while (clock_now_ns(&l.c) < 30 * NS_PER_SEC)
		evloop_run_once(l.ev, 0);
	assert_history(&l.a, STEPS(tries));
	bgp_transition_cause(bgp_history_at(bgp_session_history(l.a.s), 1),
	    cause, sizeof(cause));
	cr_assert_str_eq(cause, "TCP connection failed (TcpConnectionFails): "
	    "no answer");
	lab_end(&l);
}

/* RFC 4271 8.2.1.2: the peer's connection, taken in Active. */
Test(bgp_fsm_contract, an_accepted_connection_is_an_event)
{
	static const struct step a_steps[] = {
		{ BGP_IDLE, BGP_CONNECT, BGP_EV_MANUAL_START, 0, 0 },
		{ BGP_CONNECT, BGP_ACTIVE, BGP_EV_TCP_CONNECT_FAILS, 0, 0 },
		{ BGP_ACTIVE, BGP_OPENSENT, BGP_EV_TCP_CONFIRMED, 0, 0 },
		{ BGP_OPENSENT, BGP_OPENCONFIRM, BGP_EV_OPEN, 0, 0 },
		{ BGP_OPENCONFIRM, BGP_ESTABLISHED, BGP_EV_KEEPALIVE, 0, 0 },
	};
	struct lab l = {
		.ca = config(65001, 65002, 1, 90),
		.cb = config(65002, 65001, 2, 90),
	};
	int sv[2];

	pair(sv);
	lab_start(&l, -1, sv[1]);
	cr_assert(bgp_session_accept(l.a.s, sv[0]));
	spin(l.ev, 10);
	cr_assert_eq(bgp_session_state(l.a.s), BGP_ESTABLISHED);
	assert_history(&l.a, STEPS(a_steps));
	lab_end(&l);
}

/* The hold timer: Established to Idle, with the NOTIFICATION it sent. */
Test(bgp_fsm_contract, hold_timer_expiry_names_its_notification)
{
	struct lab l = {
		.ca = config(65001, 65002, 1, 9),
		.cb = config(65002, 65001, 2, 9),
	};
	const struct bgp_history *h;
	const struct bgp_transition *t;
	char cause[256];

	lab_connect(&l);
	spin(l.ev, 10);
	bgp_session_set_carrier(l.a.s, false);
	bgp_session_set_carrier(l.b.s, false);
	while (bgp_session_state(l.a.s) == BGP_ESTABLISHED)
		evloop_run_once(l.ev, 0);
	h = bgp_session_history(l.a.s);
	t = bgp_history_at(h, h->count - 1);
	cr_assert_eq(t->from, BGP_ESTABLISHED);
	cr_assert_eq(t->to, BGP_IDLE);
	cr_assert_eq(t->event, BGP_EV_HOLD_EXPIRES);
	cr_assert_eq(t->note, BGP_NOTE_SENT);
	cr_assert_eq(t->code, BGP_ERR_HOLD);
	bgp_transition_cause(t, cause, sizeof(cause));
	cr_assert_str_eq(cause, "HoldTimer expired: NOTIFICATION sent, 4/0 "
	    "Hold Timer Expired");
	lab_end(&l);
}

/* ManualStop says which Cease, and the peer hears it as received. */
Test(bgp_fsm_contract, a_stop_is_told_on_both_sides)
{
	struct lab l = {
		.ca = config(65001, 65002, 1, 90),
		.cb = config(65002, 65001, 2, 90),
	};
	const struct bgp_history *h;
	const struct bgp_transition *t;
	char cause[256];

	lab_connect(&l);
	spin(l.ev, 10);
	bgp_session_stop(l.a.s, BGP_MANUAL, BGP_CEASE_SHUTDOWN);
	spin(l.ev, 10);
	h = bgp_session_history(l.a.s);
	t = bgp_history_at(h, h->count - 1);
	cr_assert_eq(t->event, BGP_EV_MANUAL_STOP);
	cr_assert_eq(t->note, BGP_NOTE_SENT);
	h = bgp_session_history(l.b.s);
	t = bgp_history_at(h, 4);
	cr_assert_eq(t->from, BGP_ESTABLISHED);
	cr_assert_eq(t->to, BGP_IDLE);
	cr_assert_eq(t->event, BGP_EV_NOTIFICATION);
	cr_assert_eq(t->note, BGP_NOTE_RECEIVED);
	bgp_transition_cause(t, cause, sizeof(cause));
	cr_assert_str_eq(cause, "NOTIFICATION received: 6/2 "
	    "Cease/Administrative Shutdown");
	lab_end(&l);
}

/*
 * A stop and a start the engine makes by itself (BFD down) are
 * AutomaticStop and AutomaticStart (RFC 4271 8.1.2, events 8 and 3), told
 * apart from the operator's.
 */
Test(bgp_fsm_contract, the_engines_own_restart_is_automatic)
{
	struct lab l = {
		.ca = config(65001, 65002, 1, 90),
		.cb = config(65002, 65001, 2, 90),
	};
	const struct bgp_history *h;
	const struct bgp_transition *t;
	char cause[256];
	size_t n;

	lab_connect(&l);
	spin(l.ev, 10);
	bgp_session_stop(l.a.s, BGP_AUTOMATIC, BGP_CEASE_BFD_DOWN);
	h = bgp_session_history(l.a.s);
	t = bgp_history_at(h, h->count - 1);
	cr_assert_eq(t->event, BGP_EV_AUTOMATIC_STOP);
	bgp_transition_cause(t, cause, sizeof(cause));
	cr_assert_str_eq(cause, "AutomaticStop: BFD down (Cease 10, RFC 9384), "
	    "NOTIFICATION sent");
	n = h->count;
	bgp_session_start(l.a.s, BGP_AUTOMATIC);
	cr_assert_gt(h->count, n);
	t = bgp_history_at(h, n);
	cr_assert_eq(t->from, BGP_IDLE);
	cr_assert_eq(t->to, BGP_CONNECT);
	bgp_transition_cause(t, cause, sizeof(cause));
	cr_assert_str_eq(cause, "AutomaticStart");
	lab_end(&l);
}

/* The collision: the side that gives way says so, as a transition. */
Test(bgp_fsm_contract, a_collision_is_in_the_history)
{
	struct lab l = {
		.ca = config(65001, 65002, 1, 90),
		.cb = config(65002, 65001, 2, 90),
	};
	const struct bgp_history *h;
	const struct bgp_transition *t;
	int p[2], q[2];
	size_t i;
	bool seen = false;

	pair(p);
	pair(q);
	lab_start(&l, p[0], q[0]);
	cr_assert(bgp_session_accept(l.a.s, q[1]));
	cr_assert(bgp_session_accept(l.b.s, p[1]));
	spin(l.ev, 20);
	cr_assert_eq(bgp_session_state(l.a.s), BGP_ESTABLISHED);
	h = bgp_session_history(l.a.s);
	for (i = 0; (t = bgp_history_at(h, i)) != NULL; i++)
		if (t->code == BGP_ERR_CEASE &&
		    t->subcode == BGP_CEASE_COLLISION)
			seen = true;
	cr_assert(seen, "a (the lower ID) gave way: its history says so");
	cr_assert_eq(bgp_history_at(h, h->count - 1)->to, BGP_ESTABLISHED);
	lab_end(&l);
}

/* The ring keeps the last 32, oldest first; a successor inherits them. */
Test(bgp_fsm_contract, history_keeps_the_last_32_and_is_inherited)
{
	struct lab l = {
		.ca = config(65001, 65002, 1, 90),
		.cb = config(65002, 65001, 2, 90),
	};
	const struct bgp_history *h;
	struct bgp_history kept;
	struct bgp_session *next;
	uint64_t last = 0;
	size_t i;

	lab_start(&l, -1, -1);
	/* every 30 s: Active -> Connect -> Active */
	while (clock_now_ns(&l.c) < 1000 * NS_PER_SEC)
		evloop_run_once(l.ev, 0);
	h = bgp_session_history(l.a.s);
	cr_assert_eq(h->count, 32, "SPEC 4 keeps 32, not %u",
	    (unsigned)h->count);
	for (i = 0; i < h->count; i++) {
		cr_assert_geq(bgp_history_at(h, i)->wall_ns, last);
		last = bgp_history_at(h, i)->wall_ns;
	}
	cr_assert_neq(bgp_history_at(h, 0)->event, BGP_EV_MANUAL_START,
	    "the oldest went first");
	kept = *h;
	next = bgp_session_new(l.ev, &l.ca, &hooks, &l.a);
	bgp_session_inherit_history(next, &kept);
	bgp_session_start(next, BGP_MANUAL);
	h = bgp_session_history(next);
	cr_assert_eq(h->count, 32);
	cr_assert_eq(bgp_history_at(h, h->count - 2)->event,
	    BGP_EV_MANUAL_START);
	cr_assert_eq(bgp_history_at(h, 0)->wall_ns,
	    bgp_history_at(&kept, 2)->wall_ns);
	bgp_session_free(next);
	lab_end(&l);
}

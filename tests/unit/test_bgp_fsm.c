/*
 * The BGP state machine end to end, two sessions in one loop on the
 * virtual clock: negotiation, a refused peer AS, the hold timer, and a
 * connection collision settled as RFC 4271 6.8 says.
 */
#include <criterion/criterion.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../../core/bgp_session.h"

struct side {
	struct bgp_session	*s;
	int			 next_fd;	/* what connect() hands out */
};

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

static const struct bgp_session_hooks hooks = { NULL, NULL, hand_out, NULL };

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
	bgp_session_start(l->a.s);
	bgp_session_start(l->b.s);
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

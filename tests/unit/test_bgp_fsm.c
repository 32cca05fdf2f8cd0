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

Test(bgp_fsm, negotiates_the_lower_hold_time)
{
	struct clock c;
	struct evloop *ev;
	struct side a = { 0 }, b = { 0 };
	struct bgp_session_config ca = config(65001, 65002, 1, 90);
	struct bgp_session_config cb = config(65002, 65001, 2, 30);
	int sv[2];

	clock_init(&c, CLOCK_KIND_VIRTUAL);
	ev = evloop_new(&c);
	pair(sv);
	a.next_fd = sv[0];
	b.next_fd = sv[1];
	a.s = bgp_session_new(ev, &ca, &hooks, &a);
	b.s = bgp_session_new(ev, &cb, &hooks, &b);
	bgp_session_start(a.s);
	bgp_session_start(b.s);
	spin(ev, 10);
	cr_assert_eq(bgp_session_state(a.s), BGP_ESTABLISHED);
	cr_assert_eq(bgp_session_state(b.s), BGP_ESTABLISHED);
	cr_assert_eq(bgp_session_hold_time(a.s), 30);
	cr_assert_eq(bgp_session_keepalive(a.s), 10);	/* a third */
	cr_assert(bgp_session_as4(a.s));
	bgp_session_free(a.s);
	bgp_session_free(b.s);
	evloop_free(ev);
}

Test(bgp_fsm, refuses_the_wrong_peer_as)
{
	struct clock c;
	struct evloop *ev;
	struct side a = { 0 }, b = { 0 };
	struct bgp_session_config ca = config(65001, 65099, 1, 90);
	struct bgp_session_config cb = config(65002, 0, 2, 90);
	int sv[2];

	clock_init(&c, CLOCK_KIND_VIRTUAL);
	ev = evloop_new(&c);
	pair(sv);
	a.next_fd = sv[0];
	b.next_fd = sv[1];
	a.s = bgp_session_new(ev, &ca, &hooks, &a);
	b.s = bgp_session_new(ev, &cb, &hooks, &b);
	bgp_session_start(a.s);
	bgp_session_start(b.s);
	spin(ev, 10);
	cr_assert_neq(bgp_session_state(a.s), BGP_ESTABLISHED);
	cr_assert(bgp_session_last_sent(a.s)->valid);
	cr_assert_eq(bgp_session_last_sent(a.s)->code, 2);
	cr_assert_eq(bgp_session_last_sent(a.s)->subcode, 2);
	cr_assert_eq(bgp_session_last_received(b.s)->subcode, 2);
	bgp_session_free(a.s);
	bgp_session_free(b.s);
	evloop_free(ev);
}

Test(bgp_fsm, hold_timer_ends_a_silent_session)
{
	struct clock c;
	struct evloop *ev;
	struct side a = { 0 }, b = { 0 };
	struct bgp_session_config ca = config(65001, 65002, 1, 9);
	struct bgp_session_config cb = config(65002, 65001, 2, 9);
	uint64_t t0;
	int sv[2];

	clock_init(&c, CLOCK_KIND_VIRTUAL);
	ev = evloop_new(&c);
	pair(sv);
	a.next_fd = sv[0];
	b.next_fd = sv[1];
	a.s = bgp_session_new(ev, &ca, &hooks, &a);
	b.s = bgp_session_new(ev, &cb, &hooks, &b);
	bgp_session_start(a.s);
	bgp_session_start(b.s);
	spin(ev, 10);
	cr_assert_eq(bgp_session_state(a.s), BGP_ESTABLISHED);
	/* the wire goes quiet: a hears nothing more */
	t0 = clock_now_ns(&c);
	bgp_session_set_carrier(b.s, false);
	bgp_session_set_carrier(a.s, false);
	while (bgp_session_state(a.s) == BGP_ESTABLISHED &&
	    clock_now_ns(&c) < t0 + 60 * NS_PER_SEC)
		evloop_run_once(ev, 0);
	cr_assert_neq(bgp_session_state(a.s), BGP_ESTABLISHED);
	cr_assert_eq(bgp_session_last_sent(a.s)->code, 4);
	/* 9 s after the last KEEPALIVE heard (at most 3 s before the cut) */
	cr_assert_geq(clock_now_ns(&c) - t0, 6 * NS_PER_SEC);
	cr_assert_leq(clock_now_ns(&c) - t0, 9 * NS_PER_SEC);
	bgp_session_free(a.s);
	bgp_session_free(b.s);
	evloop_free(ev);
}

/*
 * Both sides connect at once: a (BGP ID 1) opens p, b (ID 2) opens q,
 * and each receives the other's while in OpenSent.  The lower ID gives
 * way: a keeps q, the connection b opened, and both come up on it.
 */
Test(bgp_fsm, collision_keeps_one_connection)
{
	struct clock c;
	struct evloop *ev;
	struct side a = { 0 }, b = { 0 };
	struct bgp_session_config ca = config(65001, 65002, 1, 90);
	struct bgp_session_config cb = config(65002, 65001, 2, 90);
	int p[2], q[2];

	clock_init(&c, CLOCK_KIND_VIRTUAL);
	ev = evloop_new(&c);
	pair(p);
	pair(q);
	a.next_fd = p[0];
	b.next_fd = q[0];
	a.s = bgp_session_new(ev, &ca, &hooks, &a);
	b.s = bgp_session_new(ev, &cb, &hooks, &b);
	bgp_session_start(a.s);
	bgp_session_start(b.s);
	cr_assert_eq(bgp_session_state(a.s), BGP_OPENSENT);
	cr_assert_eq(bgp_session_state(b.s), BGP_OPENSENT);
	cr_assert(bgp_session_accept(a.s, q[1]));
	cr_assert(bgp_session_accept(b.s, p[1]));
	spin(ev, 20);
	cr_assert_eq(bgp_session_state(a.s), BGP_ESTABLISHED);
	cr_assert_eq(bgp_session_state(b.s), BGP_ESTABLISHED);
	/* one of the two said why its connection went */
	cr_assert((bgp_session_last_sent(a.s)->valid &&
	    bgp_session_last_sent(a.s)->subcode == BGP_CEASE_COLLISION) ||
	    (bgp_session_last_received(a.s)->valid &&
	    bgp_session_last_received(a.s)->subcode == BGP_CEASE_COLLISION));
	/* an established session turns a newcomer away (Cease 7 on it) */
	pair(p);
	cr_assert(!bgp_session_accept(a.s, p[0]));
	close(p[0]);
	close(p[1]);
	bgp_session_free(a.s);
	bgp_session_free(b.s);
	evloop_free(ev);
}

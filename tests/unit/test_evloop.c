/*
 * Event loop and timers, on the virtual clock: deadlines, order, stop and
 * restart, many timers, descriptors, and a break before the loop runs.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <unistd.h>

#include "../../core/base/evloop.h"

struct fired {
	int		 order[64];
	uint64_t	 at_ms[64];
	int		 n;
	struct evloop	*ev;
};

struct tmr {
	struct ev_timer	 t;
	int		 id;
	struct fired	*log;
};

static void
record(void *arg)
{
	struct tmr *x = arg;
	struct fired *f = x->log;

	f->order[f->n] = x->id;
	f->at_ms[f->n++] = clock_now_ns(evloop_clock(f->ev)) / NS_PER_MS;
}

static void
run_until_idle(struct evloop *ev)
{
	while (evloop_timer_count(ev) > 0)
		evloop_run_once(ev, 0);
}

Test(evloop, virtual_clock_fires_in_deadline_order)
{
	struct clock c;
	struct fired f = { .n = 0 };
	struct tmr t[4];
	uint64_t delays[4] = { 3000, 1000, 2000, 1000 };
	int i;

	clock_init(&c, CLOCK_KIND_VIRTUAL);
	f.ev = evloop_new(&c);
	for (i = 0; i < 4; i++) {
		t[i].id = i;
		t[i].log = &f;
		evloop_timer_init(&t[i].t, record, &t[i]);
		evloop_timer_start(f.ev, &t[i].t, delays[i]);
	}
	run_until_idle(f.ev);
	cr_assert_eq(f.n, 4);
	/* equal deadlines fire in the order they were started */
	cr_assert_eq(f.order[0], 1);
	cr_assert_eq(f.order[1], 3);
	cr_assert_eq(f.order[2], 2);
	cr_assert_eq(f.order[3], 0);
	cr_assert_eq(f.at_ms[0], 1000);
	cr_assert_eq(f.at_ms[3], 3000);
	/* the virtual clock moved exactly to the last deadline */
	cr_assert_eq(clock_now_ns(&c), 3000 * NS_PER_MS);
	evloop_free(f.ev);
}

Test(evloop, stop_and_restart)
{
	struct clock c;
	struct fired f = { .n = 0 };
	struct tmr a = { .id = 1, .log = &f }, b = { .id = 2, .log = &f };

	clock_init(&c, CLOCK_KIND_VIRTUAL);
	f.ev = evloop_new(&c);
	evloop_timer_init(&a.t, record, &a);
	evloop_timer_init(&b.t, record, &b);
	evloop_timer_start(f.ev, &a.t, 100);
	evloop_timer_start(f.ev, &b.t, 200);
	cr_assert(evloop_timer_pending(&a.t));
	evloop_timer_stop(f.ev, &a.t);
	cr_assert(!evloop_timer_pending(&a.t));
	evloop_timer_stop(f.ev, &a.t);		/* twice is harmless */
	/* restarting moves the deadline rather than adding a second one */
	evloop_timer_start(f.ev, &b.t, 500);
	evloop_timer_start(f.ev, &b.t, 50);
	cr_assert_eq(evloop_timer_count(f.ev), 1);
	run_until_idle(f.ev);
	cr_assert_eq(f.n, 1);
	cr_assert_eq(f.order[0], 2);
	cr_assert_eq(f.at_ms[0], 50);
	evloop_free(f.ev);
}

static void
count_fire(void *arg)
{
	(*(int *)arg)++;
}

struct chain {
	struct evloop	*ev;
	struct ev_timer	 t;
	uint64_t	 last;
	int		 left;
	bool		 ordered;
};

static void
chain_fire(void *arg)
{
	struct chain *ch = arg;
	uint64_t now = clock_now_ns(evloop_clock(ch->ev));

	if (now < ch->last)
		ch->ordered = false;
	ch->last = now;
	if (--ch->left > 0)
		evloop_timer_start(ch->ev, &ch->t, (uint64_t)(rand() % 50));
}

Test(evloop, many_timers_stay_ordered)
{
	enum { N = 2000 };
	struct ev_timer *t = calloc(N, sizeof(*t));
	struct clock c;
	struct evloop *ev;
	struct chain ch;
	int fired = 0, i;

	srand(7);
	clock_init(&c, CLOCK_KIND_VIRTUAL);
	ev = evloop_new(&c);
	for (i = 0; i < N; i++) {
		evloop_timer_init(&t[i], count_fire, &fired);
		evloop_timer_start(ev, &t[i], (uint64_t)(rand() % 10000));
	}
	for (i = 0; i < N; i += 3)	/* stop a third of them */
		evloop_timer_stop(ev, &t[i]);
	memset(&ch, 0, sizeof(ch));
	ch.ev = ev;
	ch.left = 500;
	ch.ordered = true;
	evloop_timer_init(&ch.t, chain_fire, &ch);
	evloop_timer_start(ev, &ch.t, 0);
	run_until_idle(ev);
	cr_assert_eq(fired, N - (N + 2) / 3);
	cr_assert_eq(ch.left, 0);
	cr_assert(ch.ordered, "time ran backwards");
	evloop_free(ev);
	free(t);
}

static void
on_readable(void *arg, int fd, unsigned events)
{
	char buf[8];

	cr_assert(events & EV_READ);
	cr_assert_eq(read(fd, buf, sizeof(buf)), 1);
	(*(int *)arg)++;
}

Test(evloop, descriptors_before_virtual_time_moves)
{
	struct clock c;
	struct evloop *ev;
	struct ev_timer t;
	int p[2], reads = 0, fired = 0;

	cr_assert_eq(pipe(p), 0);
	clock_init(&c, CLOCK_KIND_VIRTUAL);
	ev = evloop_new(&c);
	cr_assert_eq(evloop_fd_add(ev, p[0], EV_READ, on_readable, &reads), 0);
	evloop_timer_init(&t, count_fire, &fired);
	evloop_timer_start(ev, &t, 60000);
	cr_assert_eq(write(p[1], "x", 1), 1);
	/* a ready descriptor is served first: time stands still */
	evloop_run_once(ev, 0);
	cr_assert_eq(reads, 1);
	cr_assert_eq(fired, 0);
	cr_assert_eq(clock_now_ns(&c), 0);
	/* nothing ready: the clock jumps a minute, in no real time */
	evloop_run_once(ev, 0);
	cr_assert_eq(fired, 1);
	cr_assert_eq(clock_now_ns(&c), 60000 * NS_PER_MS);
	/* interest can be switched off and on */
	cr_assert_eq(evloop_fd_events(ev, p[0], 0), 0);
	cr_assert_eq(write(p[1], "y", 1), 1);
	evloop_run_once(ev, 0);
	cr_assert_eq(reads, 1);
	cr_assert_eq(evloop_fd_events(ev, p[0], EV_READ), 0);
	evloop_run_once(ev, 0);
	cr_assert_eq(reads, 2);
	evloop_fd_del(ev, p[0]);
	evloop_free(ev);
	close(p[0]);
	close(p[1]);
}

Test(evloop, break_before_run_returns)
{
	struct clock c;
	struct evloop *ev;

	clock_init(&c, CLOCK_KIND_REAL);
	ev = evloop_new(&c);
	evloop_break(ev);
	evloop_run(ev);		/* must not block */
	evloop_free(ev);
}

Test(evloop, real_clock_waits_for_a_timer)
{
	struct clock c;
	struct evloop *ev;
	struct ev_timer t;
	uint64_t start;
	int fired = 0;

	clock_init(&c, CLOCK_KIND_REAL);
	ev = evloop_new(&c);
	evloop_timer_init(&t, count_fire, &fired);
	start = clock_now_ns(&c);
	evloop_timer_start(ev, &t, 20);
	while (!fired)
		evloop_run_once(ev, -1);
	/* behaviour, not speed: it never fires early */
	cr_assert_geq(clock_now_ns(&c) - start, 20 * NS_PER_MS);
	evloop_free(ev);
}

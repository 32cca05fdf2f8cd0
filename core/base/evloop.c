/*
 * evloop: epoll, a timer heap and signalfd behind one small interface.
 */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "evloop.h"
#include "loop_stats.h"

/*
 * A round's budget for queued work: what runs past it waits for the next
 * round, which polls the descriptors and fires the timers first.  On a
 * virtual clock, units of work (evloop_yield calls) instead of time.
 */
#define ROUND_BUDGET_NS	(3 * NS_PER_MS)
#define ROUND_UNITS	4096

enum { KIND_TIMER, KIND_IO };

struct fd_slot {
	ev_fd_cb	 cb;
	void		*arg;
	unsigned	 events;
	unsigned	 kind;
	uint32_t	 gen;		/* tells a reused fd from a stale event */
	bool		 used;
};

struct signal_slot {
	ev_signal_cb	 cb;
	void		*arg;
};

struct evloop {
	struct clock		*clock;
	int			 epfd;
	struct fd_slot		*fds;
	size_t			 nfds;
	struct ev_timer		**heap;
	size_t			 nheap, heapcap;
	uint64_t		 next_seq;
	int			 sigfd;
	sigset_t		 sigmask;
	struct signal_slot	 sig[65];
	bool			 stop;		/* evloop_break() was called */
	unsigned		 outside;	/* evloop_outside_begin() */
	bool			 pace_idle;
	unsigned		 jumpers;	/* evloop_jump_begin() */
	/* queued work, run in order; a slice that wants more goes last */
	struct ev_work		*work, *work_tail;
	size_t			 nwork;
	/* this round: when its budget ends, units spent, its longest slice */
	uint64_t		 round_began, round_deadline;
	unsigned		 units;
	uint64_t		 slice_began, round_max_ns;
	unsigned		 slice_kind;
	char			 label[LOOP_LABEL_MAX];
	char			 round_what[LOOP_LABEL_MAX];
	uint64_t		 started_ns;
	struct loop_stats	 stats;
};

struct evloop *
evloop_new(struct clock *clock)
{
	struct evloop *ev = calloc(1, sizeof(*ev));

	if (ev == NULL)
		return NULL;
	ev->clock = clock;
	ev->sigfd = -1;
	ev->started_ns = clock_now_ns(clock);
	loop_stats_init(&ev->stats);
	(void)loop_stats_kind(&ev->stats, "timer");	/* KIND_TIMER */
	(void)loop_stats_kind(&ev->stats, "I/O");	/* KIND_IO */
	sigemptyset(&ev->sigmask);
	ev->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (ev->epfd == -1) {
		free(ev);
		return NULL;
	}
	return ev;
}

void
evloop_free(struct evloop *ev)
{
	if (ev == NULL)
		return;
	if (ev->sigfd != -1) {
		close(ev->sigfd);
		sigprocmask(SIG_UNBLOCK, &ev->sigmask, NULL);
	}
	close(ev->epfd);
	free(ev->fds);
	free(ev->heap);
	free(ev);
}

struct clock *
evloop_clock(struct evloop *ev)
{
	return ev->clock;
}

static uint32_t
epoll_mask(unsigned events)
{
	uint32_t m = 0;

	if (events & EV_READ)
		m |= EPOLLIN | EPOLLRDHUP;
	if (events & EV_WRITE)
		m |= EPOLLOUT;
	return m;
}

static int
fd_reserve(struct evloop *ev, int fd)
{
	size_t n;
	struct fd_slot *p;

	if ((size_t)fd < ev->nfds)
		return 0;
	n = ev->nfds ? ev->nfds : 16;
	while (n <= (size_t)fd)
		n *= 2;
	p = realloc(ev->fds, n * sizeof(*p));
	if (p == NULL)
		return -1;
	memset(p + ev->nfds, 0, (n - ev->nfds) * sizeof(*p));
	ev->fds = p;
	ev->nfds = n;
	return 0;
}

int
evloop_fd_add(struct evloop *ev, int fd, unsigned events, ev_fd_cb cb,
    void *arg)
{
	struct epoll_event e;
	struct fd_slot *s;

	if (fd < 0 || fd_reserve(ev, fd) == -1)
		return -1;
	s = &ev->fds[fd];
	s->gen++;
	memset(&e, 0, sizeof(e));
	e.events = epoll_mask(events);
	e.data.u64 = (uint64_t)s->gen << 32 | (uint32_t)fd;
	if (events != 0 && epoll_ctl(ev->epfd, EPOLL_CTL_ADD, fd, &e) == -1)
		return -1;
	s->cb = cb;
	s->arg = arg;
	s->events = events;
	s->kind = KIND_IO;
	s->used = true;
	return 0;
}

void
evloop_fd_kind(struct evloop *ev, int fd, unsigned kind)
{
	if (fd >= 0 && (size_t)fd < ev->nfds && ev->fds[fd].used)
		ev->fds[fd].kind = kind;
}

unsigned
evloop_kind(struct evloop *ev, const char *name)
{
	return loop_stats_kind(&ev->stats, name);
}

void
evloop_label(struct evloop *ev, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ev->label, sizeof(ev->label), fmt, ap);
	va_end(ap);
}

/* Each callback is a slice: timed, counted by kind, and the round's
 * longest named for show engine. */
static void
slice_begin(struct evloop *ev, unsigned kind)
{
	ev->slice_kind = kind;
	ev->label[0] = '\0';
	ev->slice_began = clock_machine_ns();
}

static void
slice_end(struct evloop *ev)
{
	uint64_t ns = clock_machine_ns() - ev->slice_began;
	const char *name = ev->stats.kinds[ev->slice_kind <
	    ev->stats.nkinds ? ev->slice_kind : 0].name;

	loop_stats_slice(&ev->stats, ev->slice_kind, ns);
	if (ns >= ev->round_max_ns) {
		ev->round_max_ns = ns;
		if (ev->label[0] != '\0')
			memcpy(ev->round_what, ev->label, sizeof(ev->label));
		else
			strlcpy(ev->round_what, name, sizeof(ev->round_what));
	}
}

int
evloop_fd_events(struct evloop *ev, int fd, unsigned events)
{
	struct epoll_event e;
	struct fd_slot *s;

	if (fd < 0 || (size_t)fd >= ev->nfds || !ev->fds[fd].used)
		return -1;
	s = &ev->fds[fd];
	if (s->events == events)
		return 0;
	memset(&e, 0, sizeof(e));
	e.events = epoll_mask(events);
	e.data.u64 = (uint64_t)s->gen << 32 | (uint32_t)fd;
	/*
	 * Watching nothing means leaving epoll: it reports a hang-up even
	 * to an empty mask, and a paused reader would hear it forever.
	 */
	if (epoll_ctl(ev->epfd, events == 0 ? EPOLL_CTL_DEL : s->events == 0 ?
	    EPOLL_CTL_ADD : EPOLL_CTL_MOD, fd, &e) == -1)
		return -1;
	s->events = events;
	return 0;
}

void
evloop_fd_del(struct evloop *ev, int fd)
{
	if (fd < 0 || (size_t)fd >= ev->nfds || !ev->fds[fd].used)
		return;
	if (ev->fds[fd].events != 0)
		epoll_ctl(ev->epfd, EPOLL_CTL_DEL, fd, NULL);
	ev->fds[fd].used = false;
	ev->fds[fd].cb = NULL;
}

/* Timer heap. */

static bool
timer_before(const struct ev_timer *a, const struct ev_timer *b)
{
	if (a->deadline_ns != b->deadline_ns)
		return a->deadline_ns < b->deadline_ns;
	return a->seq < b->seq;
}

static void
heap_set(struct evloop *ev, size_t i, struct ev_timer *t)
{
	ev->heap[i] = t;
	t->heap_index = i;
}

static void
heap_up(struct evloop *ev, size_t i)
{
	struct ev_timer *t = ev->heap[i];

	while (i > 0 && timer_before(t, ev->heap[(i - 1) / 2])) {
		heap_set(ev, i, ev->heap[(i - 1) / 2]);
		i = (i - 1) / 2;
	}
	heap_set(ev, i, t);
}

static void
heap_down(struct evloop *ev, size_t i)
{
	struct ev_timer *t = ev->heap[i];
	size_t child;

	for (;;) {
		child = 2 * i + 1;
		if (child >= ev->nheap)
			break;
		if (child + 1 < ev->nheap &&
		    timer_before(ev->heap[child + 1], ev->heap[child]))
			child++;
		if (!timer_before(ev->heap[child], t))
			break;
		heap_set(ev, i, ev->heap[child]);
		i = child;
	}
	heap_set(ev, i, t);
}

void
evloop_timer_init(struct ev_timer *t, ev_timer_cb cb, void *arg)
{
	memset(t, 0, sizeof(*t));
	t->heap_index = SIZE_MAX;
	t->cb = cb;
	t->arg = arg;
	t->kind = KIND_TIMER;
}

void
evloop_timer_kind(struct ev_timer *t, unsigned kind)
{
	t->kind = kind;
}

bool
evloop_timer_pending(const struct ev_timer *t)
{
	return t->heap_index != SIZE_MAX;
}

size_t
evloop_timer_count(const struct evloop *ev)
{
	return ev->nheap;
}

void
evloop_timer_stop(struct evloop *ev, struct ev_timer *t)
{
	size_t i = t->heap_index;
	struct ev_timer *last;

	if (i == SIZE_MAX)
		return;
	t->heap_index = SIZE_MAX;
	last = ev->heap[--ev->nheap];
	if (last == t)
		return;
	heap_set(ev, i, last);
	heap_up(ev, i);
	heap_down(ev, last->heap_index);
}

void
evloop_timer_start_ns(struct evloop *ev, struct ev_timer *t, uint64_t ns)
{
	struct ev_timer **p;
	size_t cap;

	evloop_timer_stop(ev, t);
	if (ev->nheap == ev->heapcap) {
		cap = ev->heapcap ? ev->heapcap * 2 : 64;
		p = realloc(ev->heap, cap * sizeof(*p));
		if (p == NULL)
			abort();	/* a lost timer would hang a session */
		ev->heap = p;
		ev->heapcap = cap;
	}
	t->deadline_ns = clock_now_ns(ev->clock) + ns;
	t->seq = ev->next_seq++;
	heap_set(ev, ev->nheap++, t);
	heap_up(ev, t->heap_index);
}

void
evloop_timer_start(struct evloop *ev, struct ev_timer *t, uint64_t ms)
{
	evloop_timer_start_ns(ev, t, ms * NS_PER_MS);
}

static int
run_due_timers(struct evloop *ev)
{
	/*
	 * What is due now: on a real clock, a timer that one of these
	 * callbacks starts for this very instant is later than `due`, and
	 * waits for the next round, after the I/O; on a virtual clock the
	 * instant is the same, and it runs in this batch (a chain of them
	 * must end by itself: one that waits for the loop's work to be done
	 * waits a nanosecond, which the clock reaches only then).
	 */
	uint64_t due = clock_now_ns(ev->clock), now = due;
	struct ev_timer *t;
	int ran = 0;

	while (ev->nheap > 0 && ev->heap[0]->deadline_ns <= due) {
		/* ten thousand sessions' retry timers, due at once, take
		 * turns with the descriptors (on a real clock: a virtual
		 * one keeps its order) */
		if (ran > 0 && !clock_is_virtual(ev->clock) &&
		    clock_machine_ns() >= ev->round_deadline)
			break;
		t = ev->heap[0];
		evloop_timer_stop(ev, t);
		loop_stats_late(&ev->stats, now, now - t->deadline_ns);
		slice_begin(ev, t->kind);
		t->cb(t->arg);
		slice_end(ev);
		ran++;
		/* a slow callback made the next ones later: say how much */
		now = clock_now_ns(ev->clock);
	}
	return ran;
}

/* Work. */

void
evloop_work_init(struct ev_work *w, unsigned kind, ev_work_fn run, void *arg)
{
	memset(w, 0, sizeof(*w));
	w->kind = kind;
	w->run = run;
	w->arg = arg;
}

void
evloop_work_post(struct evloop *ev, struct ev_work *w)
{
	if (w->queued)
		return;
	w->queued = true;
	w->next = NULL;
	if (ev->work_tail != NULL)
		ev->work_tail->next = w;
	else
		ev->work = w;
	ev->work_tail = w;
	ev->nwork++;
}

void
evloop_work_cancel(struct evloop *ev, struct ev_work *w)
{
	struct ev_work **pp, *prev = NULL;

	if (!w->queued)
		return;
	for (pp = &ev->work; *pp != NULL; prev = *pp, pp = &(*pp)->next)
		if (*pp == w) {
			*pp = w->next;
			if (ev->work_tail == w)
				ev->work_tail = prev;
			w->queued = false;
			w->next = NULL;
			ev->nwork--;
			return;
		}
}

bool
evloop_work_queued(const struct ev_work *w)
{
	return w->queued;
}

size_t
evloop_work_count(const struct evloop *ev)
{
	return ev->nwork;
}

static bool
budget_spent(const struct evloop *ev)
{
	if (clock_is_virtual(ev->clock))
		return ev->units >= ROUND_UNITS;
	return clock_machine_ns() >= ev->round_deadline;
}

bool
evloop_yield(struct evloop *ev)
{
	ev->units++;
	return budget_spent(ev);
}

bool
evloop_yield_cb(void *loop)
{
	return evloop_yield(loop);
}

/* Each job a slice, in turn, until the budget is gone (one at least). */
static int
run_work(struct evloop *ev)
{
	struct ev_work *w;
	int ran = 0;
	bool more;

	while ((w = ev->work) != NULL && (ran == 0 || !budget_spent(ev))) {
		ev->work = w->next;
		if (ev->work == NULL)
			ev->work_tail = NULL;
		w->queued = false;
		w->next = NULL;
		ev->nwork--;
		slice_begin(ev, w->kind);
		more = w->run(w->arg);	/* w is gone unless it wants more */
		slice_end(ev);
		if (more)
			evloop_work_post(ev, w);
		ran++;
	}
	return ran;
}

/* Signals. */

static void
signal_ready(void *arg, int fd, unsigned events)
{
	struct evloop *ev = arg;
	struct signalfd_siginfo si;

	(void)events;
	while (read(fd, &si, sizeof(si)) == (ssize_t)sizeof(si)) {
		if (si.ssi_signo < 65 && ev->sig[si.ssi_signo].cb != NULL)
			ev->sig[si.ssi_signo].cb(ev->sig[si.ssi_signo].arg,
			    (int)si.ssi_signo);
	}
}

int
evloop_signal(struct evloop *ev, int signo, ev_signal_cb cb, void *arg)
{
	int fd;

	if (signo <= 0 || signo >= 65)
		return -1;
	sigaddset(&ev->sigmask, signo);
	if (sigprocmask(SIG_BLOCK, &ev->sigmask, NULL) == -1)
		return -1;
	fd = signalfd(ev->sigfd, &ev->sigmask, SFD_NONBLOCK | SFD_CLOEXEC);
	if (fd == -1)
		return -1;
	if (ev->sigfd == -1 && evloop_fd_add(ev, fd, EV_READ, signal_ready,
	    ev) == -1) {
		close(fd);
		return -1;
	}
	ev->sigfd = fd;
	ev->sig[signo].cb = cb;
	ev->sig[signo].arg = arg;
	return 0;
}

/* The loop. */

/* A virtual clock that moves at the machine's pace now, not by jumps. */
static bool
paced(const struct evloop *ev)
{
	return clock_is_virtual(ev->clock) && (ev->outside > 0 ||
	    (ev->pace_idle && ev->jumpers == 0));
}

static int
wait_ms(struct evloop *ev, int max_wait_ms)
{
	uint64_t now, due;
	int64_t ms;

	if (ev->work != NULL)
		return 0;
	if (ev->nheap == 0)
		return max_wait_ms;
	if (clock_is_virtual(ev->clock) && !paced(ev))
		return 0;
	now = clock_now_ns(ev->clock);
	due = ev->heap[0]->deadline_ns;
	/* round up, or the loop would spin until the deadline passes */
	ms = due <= now ? 0 : (int64_t)((due - now + NS_PER_MS - 1) / NS_PER_MS);
	if (max_wait_ms >= 0 && ms > max_wait_ms)
		return max_wait_ms;
	return ms > INT32_MAX ? INT32_MAX : (int)ms;
}

int
evloop_run_once(struct evloop *ev, int max_wait_ms)
{
	struct epoll_event events[64];
	bool pace = paced(ev), idle;
	uint64_t began = pace ? clock_machine_ns() : 0, to;
	int n, i, ran = 0;

	n = epoll_wait(ev->epfd, events, 64, wait_ms(ev, max_wait_ms));
	if (n == -1 && errno != EINTR)
		return -1;
	if (pace) {
		/* as far as the world outside went meanwhile (a wait for a
		 * deadline is rounded up to the ms, so it is reached) */
		to = clock_now_ns(ev->clock) + (clock_machine_ns() - began);
		clock_advance_to(ev->clock, to);
	}
	idle = n <= 0 && ev->work == NULL;
	ev->round_began = clock_machine_ns();
	ev->round_deadline = ev->round_began + ROUND_BUDGET_NS;
	ev->units = 0;
	ev->round_max_ns = 0;
	ev->round_what[0] = '\0';
	for (i = 0; i < n; i++) {
		int fd = (int)(uint32_t)events[i].data.u64;
		uint32_t gen = (uint32_t)(events[i].data.u64 >> 32);
		unsigned what = 0;
		struct fd_slot *s;

		if ((size_t)fd >= ev->nfds)
			continue;
		s = &ev->fds[fd];
		if (!s->used || s->gen != gen || s->cb == NULL)
			continue;	/* removed by an earlier callback */
		if (events[i].events & (EPOLLIN | EPOLLRDHUP))
			what |= EV_READ;
		if (events[i].events & EPOLLOUT)
			what |= EV_WRITE;
		if (events[i].events & (EPOLLHUP | EPOLLERR))
			what |= EV_HUP | (s->events & EV_READ);
		slice_begin(ev, s->kind);
		s->cb(s->arg, fd, what);
		slice_end(ev);
		ran++;
	}
	if (!pace && idle && clock_is_virtual(ev->clock) && ev->nheap > 0)
		clock_advance_to(ev->clock, ev->heap[0]->deadline_ns);
	ran += run_due_timers(ev);
	ran += run_work(ev);
	if (ran > 0)
		loop_stats_round(&ev->stats, clock_machine_ns() -
		    ev->round_began, clock_wall_ns(ev->clock), ev->round_what);
	return ran;
}

void
evloop_run(struct evloop *ev)
{
	/* a break asked for before the loop started still counts */
	while (!ev->stop)
		if (evloop_run_once(ev, -1) == -1)
			break;
	ev->stop = false;
}

void
evloop_outside_begin(struct evloop *ev)
{
	ev->outside++;
}

void
evloop_outside_end(struct evloop *ev)
{
	if (ev->outside > 0)
		ev->outside--;
}

void
evloop_pace_idle(struct evloop *ev, bool on)
{
	ev->pace_idle = on;
}

void
evloop_jump_begin(struct evloop *ev)
{
	ev->jumpers++;
}

void
evloop_jump_end(struct evloop *ev)
{
	if (ev->jumpers > 0)
		ev->jumpers--;
}

const struct loop_stats *
evloop_stats(const struct evloop *ev)
{
	return &ev->stats;
}

void
evloop_stats_clear(struct evloop *ev)
{
	loop_stats_clear(&ev->stats);
}

uint64_t
evloop_started_ns(const struct evloop *ev)
{
	return ev->started_ns;
}

void
evloop_break(struct evloop *ev)
{
	ev->stop = true;
}

bool
evloop_stopping(const struct evloop *ev)
{
	return ev->stop;
}

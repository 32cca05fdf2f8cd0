/*
 * evloop: the one event loop.  It owns every file descriptor the process
 * waits on (terminal, sockets, signals), every timer, and the queue of
 * work that grows with the data, on one thread.
 *
 * Timers are embedded in their owner's struct (no allocation per start) and
 * kept in a binary heap by deadline; equal deadlines fire in start order.
 *
 * No callback may hold the loop long (SPEC 10).  A round reads the ready
 * descriptors, fires the due timers, then runs queued work until the
 * round's budget (a few milliseconds) is spent; work that would take
 * longer gives the loop back when evloop_yield() says so, and goes on in
 * a later round from where it stopped (OpenBGPD's runners, FRR's
 * thread_should_yield).  On a virtual clock the budget is counted in
 * units of work instead of time, so a run is the same on every machine,
 * and the clock never jumps while work is queued.
 */
#ifndef ECSH_EVLOOP_H
#define ECSH_EVLOOP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "clock.h"

enum { EV_READ = 1, EV_WRITE = 2, EV_HUP = 4 };

struct evloop;

typedef void (*ev_fd_cb)(void *arg, int fd, unsigned events);
typedef void (*ev_timer_cb)(void *arg);
typedef void (*ev_signal_cb)(void *arg, int signo);

struct ev_timer {
	uint64_t	 deadline_ns;
	uint64_t	 seq;		/* start order, for equal deadlines */
	size_t		 heap_index;	/* position in the heap, or SIZE_MAX */
	ev_timer_cb	 cb;
	void		*arg;
	unsigned	 kind;		/* evloop_kind(), for show engine */
};

/*
 * Work: a job that runs in slices.  run does some of it, asking
 * evloop_yield() after each unit, and returns true while more is left;
 * it then runs again in a later round, after the others queued.
 */
typedef bool (*ev_work_fn)(void *arg);

struct ev_work {
	struct ev_work	*next;		/* in the queue */
	ev_work_fn	 run;
	void		*arg;
	unsigned	 kind;
	bool		 queued;
};

struct evloop	*evloop_new(struct clock *);
void		 evloop_free(struct evloop *);
struct clock	*evloop_clock(struct evloop *);

/*
 * A kind of work, by name (a static string: "BGP I/O", "BFD"), as show
 * engine counts it.  Kind 0 is "timer", 1 "I/O", until a caller says.
 */
unsigned evloop_kind(struct evloop *, const char *name);
/* What the slice that runs now is doing ("UPDATE from vbr v1 peer ..."),
 * for the longest rounds of show engine. */
void	evloop_label(struct evloop *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

int	evloop_fd_add(struct evloop *, int fd, unsigned events, ev_fd_cb,
	    void *arg);
void	evloop_fd_kind(struct evloop *, int fd, unsigned kind);
int	evloop_fd_events(struct evloop *, int fd, unsigned events);
void	evloop_fd_del(struct evloop *, int fd);

void	evloop_timer_init(struct ev_timer *, ev_timer_cb, void *arg);
void	evloop_timer_kind(struct ev_timer *, unsigned kind);
void	evloop_timer_start(struct evloop *, struct ev_timer *, uint64_t ms);
void	evloop_timer_start_ns(struct evloop *, struct ev_timer *, uint64_t ns);
void	evloop_timer_stop(struct evloop *, struct ev_timer *);
bool	evloop_timer_pending(const struct ev_timer *);
size_t	evloop_timer_count(const struct evloop *);

void	evloop_work_init(struct ev_work *, unsigned kind, ev_work_fn,
	    void *arg);
/* Queue w (at the tail) unless it is queued already. */
void	evloop_work_post(struct evloop *, struct ev_work *);
void	evloop_work_cancel(struct evloop *, struct ev_work *);
bool	evloop_work_queued(const struct ev_work *);
size_t	evloop_work_count(const struct evloop *);
/*
 * Has the round spent its budget?  Work asks after each unit (a prefix,
 * a message, a line) and stops when told, doing at least one.
 */
bool	evloop_yield(struct evloop *);
/* The same for a walk that asks an enough(arg) callback; arg: the loop. */
bool	evloop_yield_cb(void *loop);

/* Deliver signo through the loop instead of interrupting it. */
int	evloop_signal(struct evloop *, int signo, ev_signal_cb, void *arg);

/*
 * Wait for and dispatch one round of events: ready descriptors, then due
 * timers.  max_wait_ms < 0 waits as long as needed.  With a virtual clock
 * the loop never sleeps for a timer: if no descriptor is ready it moves the
 * clock to the next deadline.  Returns the number of callbacks run.
 */
int	evloop_run_once(struct evloop *, int max_wait_ms);
void	evloop_run(struct evloop *);	/* until evloop_break() */
void	evloop_break(struct evloop *);
/*
 * Work that the world outside answers in its own time (a webhook, a
 * child process) is in flight.  Until it ends, a virtual clock waits for
 * descriptors as a real one would, up to the next deadline, instead of
 * jumping to it: the outside's answer then comes in the virtual time it
 * takes, not after every timer of the next hour has fired.
 */
void	evloop_outside_begin(struct evloop *);
void	evloop_outside_end(struct evloop *);
/*
 * A virtual clock normally jumps to the next deadline whenever nothing
 * is ready.  With pace_idle, it does so only while someone asked for a
 * jump (evloop_jump_begin: a script's sleep or wait); otherwise it moves
 * at the machine's pace and the loop sleeps, as it must while a person at
 * a terminal or a client on a socket is what the engine waits for.
 */
void	evloop_pace_idle(struct evloop *, bool);
void	evloop_jump_begin(struct evloop *);
void	evloop_jump_end(struct evloop *);

/* Has evloop_break() been called (and evloop_run() not yet returned)? */
bool	evloop_stopping(const struct evloop *);

/* What the loop measured of itself (loop_stats.h), and since when. */
struct loop_stats;
const struct loop_stats *evloop_stats(const struct evloop *);
/* The figures start again (the kinds stay, at zero). */
void	evloop_stats_clear(struct evloop *);
uint64_t evloop_started_ns(const struct evloop *);	/* on its clock */

#endif

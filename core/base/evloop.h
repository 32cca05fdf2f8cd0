/*
 * evloop: the one event loop.  It owns every file descriptor the process
 * waits on (terminal, sockets, signals) and every timer, on one thread.
 *
 * Timers are embedded in their owner's struct (no allocation per start) and
 * kept in a binary heap by deadline; equal deadlines fire in start order.
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
};

struct evloop	*evloop_new(struct clock *);
void		 evloop_free(struct evloop *);
struct clock	*evloop_clock(struct evloop *);

int	evloop_fd_add(struct evloop *, int fd, unsigned events, ev_fd_cb,
	    void *arg);
int	evloop_fd_events(struct evloop *, int fd, unsigned events);
void	evloop_fd_del(struct evloop *, int fd);

void	evloop_timer_init(struct ev_timer *, ev_timer_cb, void *arg);
void	evloop_timer_start(struct evloop *, struct ev_timer *, uint64_t ms);
void	evloop_timer_start_ns(struct evloop *, struct ev_timer *, uint64_t ns);
void	evloop_timer_stop(struct evloop *, struct ev_timer *);
bool	evloop_timer_pending(const struct ev_timer *);
size_t	evloop_timer_count(const struct evloop *);

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

/* Has evloop_break() been called (and evloop_run() not yet returned)? */
bool	evloop_stopping(const struct evloop *);

#endif

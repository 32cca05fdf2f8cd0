/*
 * clock: the one source of time for the engine and the shell.
 *
 * A real clock reads CLOCK_MONOTONIC (and CLOCK_REALTIME for timestamps).
 * A virtual clock only moves when told to: the event loop jumps it to the
 * next timer when nothing else is ready, so tests run hold timers and BFD
 * detection in no time and with the same result every run.
 */
#ifndef ECSH_CLOCK_H
#define ECSH_CLOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum clock_kind { CLOCK_KIND_REAL, CLOCK_KIND_VIRTUAL };

struct clock {
	enum clock_kind	kind;
	uint64_t	virtual_ns;	/* CLOCK_KIND_VIRTUAL: time since start */
};

#define NS_PER_MS	1000000ull
#define NS_PER_SEC	1000000000ull

/* The virtual clock's wall time starts here: 2026-01-01T00:00:00Z. */
#define CLOCK_VIRTUAL_EPOCH	1767225600ull

void	 clock_init(struct clock *, enum clock_kind);
uint64_t clock_now_ns(const struct clock *);	/* monotonic */
uint64_t clock_wall_ns(const struct clock *);	/* since the Unix epoch */
void	 clock_advance_to(struct clock *, uint64_t ns);
bool	 clock_is_virtual(const struct clock *);
/* The machine's monotonic time, whatever the clock: to pace a virtual
 * clock by the world outside (evloop_outside_begin). */
uint64_t clock_machine_ns(void);

/* Wall time (ns since the epoch) as ISO 8601 UTC, to the millisecond. */
void	 wall_time(uint64_t wall_ns, char *buf, size_t len);

#endif

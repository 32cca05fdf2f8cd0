/*
 * clock: real and virtual time.
 */
#include <stdio.h>
#include <time.h>

#include "clock.h"

static uint64_t
read_clock(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (uint64_t)ts.tv_sec * NS_PER_SEC + (uint64_t)ts.tv_nsec;
}

uint64_t
clock_machine_ns(void)
{
	return read_clock(CLOCK_MONOTONIC);
}

void
clock_init(struct clock *c, enum clock_kind kind)
{
	c->kind = kind;
	c->virtual_ns = 0;
}

uint64_t
clock_now_ns(const struct clock *c)
{
	if (c->kind == CLOCK_KIND_VIRTUAL)
		return c->virtual_ns;
	return read_clock(CLOCK_MONOTONIC);
}

uint64_t
clock_wall_ns(const struct clock *c)
{
	if (c->kind == CLOCK_KIND_VIRTUAL)
		return CLOCK_VIRTUAL_EPOCH * NS_PER_SEC + c->virtual_ns;
	return read_clock(CLOCK_REALTIME);
}

void
clock_advance_to(struct clock *c, uint64_t ns)
{
	/* time never runs backwards, even if asked to */
	if (c->kind == CLOCK_KIND_VIRTUAL && ns > c->virtual_ns)
		c->virtual_ns = ns;
}

bool
clock_is_virtual(const struct clock *c)
{
	return c->kind == CLOCK_KIND_VIRTUAL;
}

/* ISO 8601 UTC, to the millisecond. */
void
wall_time(uint64_t wall_ns, char *buf, size_t len)
{
	time_t sec = (time_t)(wall_ns / NS_PER_SEC);
	struct tm tm;

	gmtime_r(&sec, &tm);
	snprintf(buf, len, "%04d-%02d-%02dT%02d:%02d:%02d.%03uZ",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
	    tm.tm_min, tm.tm_sec,
	    (unsigned)(wall_ns % NS_PER_SEC / NS_PER_MS));
}

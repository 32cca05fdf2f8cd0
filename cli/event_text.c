/*
 * event_text: an event, and any engine time, as the shell prints them.
 */
#include <stdio.h>
#include <time.h>

#include "event_text.h"

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

void
event_line(const struct event *ev, struct strbuf *out)
{
	char when[64];

	/* lines come one at a time, so the columns are as wide as the
	 * longest event name and a long resource; a longer one shifts
	 * only its own line */
	wall_time(ev->wall_ns, when, sizeof(when));
	strbuf_printf(out, "%s  %-27s  %-30s  %s\n", when, ev->name,
	    ev->resource, ev->detail);
}


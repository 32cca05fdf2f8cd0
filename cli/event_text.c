/*
 * event_text: an event, and any engine time, as the shell prints them.
 */
#include <stdio.h>

#include "event_text.h"

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


/*
 * event_text: an event as one line (show events' columns, monitor
 * events), and wall-clock times as ISO 8601 UTC.
 */
#ifndef ECSH_EVENT_TEXT_H
#define ECSH_EVENT_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "../core/base/clock.h"
#include "../core/base/events.h"
#include "strbuf.h"

/* ISO 8601 UTC, to the millisecond. */
void	wall_time(uint64_t wall_ns, char *buf, size_t len);
/* One event as a line: time, name, resource, detail. */
void	event_line(const struct event *, struct strbuf *);

#endif

/*
 * event_text: an event as one line (show events' columns, monitor
 * events); wall_time() is the clock's (base/clock.h).
 */
#ifndef ECSH_EVENT_TEXT_H
#define ECSH_EVENT_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "../core/base/clock.h"
#include "../core/base/events.h"
#include "../core/base/strbuf.h"

/* One event as a line: time, name, resource, detail. */
void	event_line(const struct event *, struct strbuf *);

#endif

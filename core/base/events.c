/*
 * events: a fixed ring; adding never allocates.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "events.h"
#include "utf8.h"

enum { LISTENERS_MAX = 32 };

const char *const event_kind_names[EVK_COUNT] = {
	[EVK_BGP_PEER_UP] = "BGPPeerStatus:Up",
	[EVK_BGP_PEER_DOWN] = "BGPPeerStatus:Down",
	[EVK_BFD_UP] = "BfdSessionStatus:Up",
	[EVK_BFD_DOWN] = "BfdSessionStatus:Down",
	[EVK_ROUTES_EXCEED] = "BgpPeerReceiveRoutes:Exceed",
	[EVK_DRILL_START] = "FailureDrill:Start",
	[EVK_DRILL_STOP] = "FailureDrill:Stop",
	[EVK_COMMIT_ROLLED_BACK] = "ConfigCommit:RolledBack",
	[EVK_ENGINE_DROPPED] = "Engine:Dropped",
};


struct event_log {
	struct event	 ring[EVENTS_MAX];
	size_t		 start, count;
	struct {
		event_listener	 fn;
		void		*arg;
	} listeners[LISTENERS_MAX];
};

struct event_log *
event_log_new(void)
{
	return calloc(1, sizeof(struct event_log));
}

void
event_log_free(struct event_log *l)
{
	free(l);
}

void
event_log_add(struct event_log *l, uint64_t wall_ns, enum event_kind kind,
    const char *resource, const char *fmt, ...)
{
	struct event *ev;
	va_list ap;
	size_t i;

	if (l->count == EVENTS_MAX) {
		l->start = (l->start + 1) % EVENTS_MAX;
		l->count--;
	}
	ev = &l->ring[(l->start + l->count++) % EVENTS_MAX];
	ev->wall_ns = wall_ns;
	ev->kind = kind;
	ev->name = event_kind_names[kind];
	snprintf(ev->resource, sizeof(ev->resource), "%s", resource);
	va_start(ap, fmt);
	if (vsnprintf(ev->detail, sizeof(ev->detail), fmt, ap) >=
	    (int)sizeof(ev->detail))
		utf8_cut(ev->detail);	/* no half character at the end */
	va_end(ap);
	for (i = 0; i < LISTENERS_MAX; i++)
		if (l->listeners[i].fn != NULL)
			l->listeners[i].fn(l->listeners[i].arg, ev);
}

size_t
event_log_count(const struct event_log *l)
{
	return l->count;
}

const struct event *
event_log_get(const struct event_log *l, size_t i)
{
	return i < l->count ? &l->ring[(l->start + i) % EVENTS_MAX] : NULL;
}

void
event_log_listen(struct event_log *l, event_listener fn, void *arg)
{
	size_t i;

	for (i = 0; i < LISTENERS_MAX; i++)
		if (l->listeners[i].fn == NULL) {
			l->listeners[i].fn = fn;
			l->listeners[i].arg = arg;
			return;
		}
}

void
event_log_unlisten(struct event_log *l, event_listener fn, void *arg)
{
	size_t i;

	for (i = 0; i < LISTENERS_MAX; i++)
		if (l->listeners[i].fn == fn && l->listeners[i].arg == arg)
			l->listeners[i].fn = NULL;
}

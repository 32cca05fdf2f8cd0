/*
 * events: the engine's event log (BGPPeerStatus:Up, BfdSessionStatus:Down,
 * BgpPeerReceiveRoutes:Exceed, ...), a ring of the newest EVENTS_MAX, read
 * oldest first.  Listeners hear each event as it is added (monitor).
 */
#ifndef ECSH_EVENTS_H
#define ECSH_EVENTS_H

#include <stddef.h>
#include <stdint.h>

#include "event_kinds.h"

enum { EVENTS_MAX = 10000 };

struct event {
	uint64_t	wall_ns;	/* since the Unix epoch */
	enum event_kind	kind;
	const char	*name;		/* "BGPPeerStatus:Up": of the kind */
	char		resource[160];	/* "vbr vbr1 peer 10.0.0.1" */
	char		detail[160];
};

struct event_log;

typedef void (*event_listener)(void *arg, const struct event *);

struct event_log *event_log_new(void);
void		 event_log_free(struct event_log *);
void		 event_log_add(struct event_log *, uint64_t wall_ns,
		    enum event_kind, const char *resource, const char *fmt, ...)
		    __attribute__((format(printf, 5, 6)));
size_t		 event_log_count(const struct event_log *);
const struct event *event_log_get(const struct event_log *, size_t i);
void		 event_log_listen(struct event_log *, event_listener, void *);
void		 event_log_unlisten(struct event_log *, event_listener, void *);

/* The name of each kind of event the engine raises. */
extern const char *const event_kind_names[EVK_COUNT];

#endif

/*
 * notify: delivery of a document to a target (SPEC 9) that never blocks
 * the loop.  A webhook goes through libcurl's multi interface on the
 * loop's descriptors and timers (notify_http.c); a command is spawned
 * without a shell, the document on its standard input, and its exit read
 * from a pidfd (notify_command.c); a log line is appended with O_APPEND.
 *
 * Each kind runs a bounded number at once; the rest wait their turn, and
 * a notification past NOTIFY_QUEUED_MAX waiting is given up at once.  A
 * webhook is tried again NOTIFY_RETRIES times, after 1, 2, 4 s, when it
 * could not connect, timed out (NOTIFY_TIMEOUT_S) or answered 5xx/429.
 * Nothing here knows alert rules: whoever sends is told what happened.
 */
#ifndef ECSH_NOTIFY_H
#define ECSH_NOTIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../base/evloop.h"
#include "../cloud/alert_choice.h"

enum notify_state {
	NOTIFY_QUEUED,		/* waiting for a free slot */
	NOTIFY_SENDING,		/* a try is running */
	NOTIFY_WAITING,		/* a try failed; the next one is due */
	NOTIFY_SENT,		/* done: delivered */
	NOTIFY_FAILED,		/* done: given up */
};

/*
 * What became of notification id: its state, the tries so far and, once
 * done, the result ("sent 200", "failed: connection refused").  Never
 * called from inside notifier_send().
 */
typedef void (*notify_report)(void *arg, uint64_t id, enum notify_state,
	    unsigned tries, const char *result);

struct notifier;

struct notifier	*notifier_new(struct evloop *, notify_report, void *arg);
/* In-flight notifications are abandoned (a child runs on, unwatched). */
void		 notifier_free(struct notifier *);

/* Queue doc (len bytes, copied) for a target, decoded when the rule took
 * it; what becomes of it is reported, from the loop. */
void		 notifier_send(struct notifier *, uint64_t id,
		    enum notify_kind, const char *where, const char *doc,
		    size_t len);
/* Not yet sent or given up. */
size_t		 notifier_in_flight(const struct notifier *);

#endif

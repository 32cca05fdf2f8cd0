/*
 * alerts: the alert rules at work (SPEC 9).  Every event the engine adds
 * to its log is heard here; each rule that listens for it and covers its
 * resource makes one notification per target, unless its keywords filter
 * the event out or the same rule and resource is muted.  The newest
 * ALERTS_KEPT are kept for `show alerts`, each with what became of it.
 *
 * The rules are the store's (cloud/cfg_alert.c); delivery is notify.c's.
 */
#ifndef ECSH_ALERTS_H
#define ECSH_ALERTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../cloud/engine.h"

enum alert_state {
	ALERT_QUEUED,		/* waiting for its turn */
	ALERT_SENDING,
	ALERT_RETRYING,		/* a try failed; another is due */
	ALERT_SENT,
	ALERT_FAILED,		/* given up */
	ALERT_MUTED,		/* not sent: the rule's mute */
	ALERT_FILTERED,		/* not sent: the rule's keywords */
	ALERT_STATE_COUNT
};

extern const char *const alert_state_keys[ALERT_STATE_COUNT];

struct alert_record {
	uint64_t		 id;
	uint64_t		 event_ns;	/* the event's wall time */
	obj_name		 rule;
	enum alert_level	 level;
	char			 event[40];
	char			 resource[160];
	bool			 has_target;	/* false: the rule has none */
	enum notify_kind	 kind;
	char			*target;	/* URL, program or file */
	enum alert_state	 state;
	unsigned		 tries;
	char			 result[128];	/* "sent 200", "muted", ... */
};

struct alert_rule_stats {
	unsigned long	 count[ALERT_STATE_COUNT];
	uint64_t	 last_ns;	/* the last event it matched; 0: none */
};

int	alerts_init(struct engine *);
void	alerts_free(struct engine *);

/* Notifications, oldest first; NULL past the last. */
const struct alert_record *alerts_get(const struct engine *, size_t i);
/* Queued, being sent, or waiting to be tried again. */
size_t	alerts_in_flight(const struct engine *);
/* What a rule has done since the engine started. */
void	alerts_rule_stats(const struct engine *, const char *rule,
	    struct alert_rule_stats *);

extern const char *const alert_level_words[3];

/* Told when a notification's state changes (`wait alerts`); at most
 * ALERT_LISTENERS_MAX at once, false if full. */
enum { ALERT_LISTENERS_MAX = 32 };
bool	alerts_listen(struct engine *, void (*fn)(void *), void *arg);
void	alerts_unlisten(struct engine *, void (*fn)(void *), void *arg);

#endif

/*
 * engine: the store's interface to the shell (cli/): objects and their
 * settings.  engine_new() and engine_free() are the runtime's
 * (core/runtime/runtime.c), which makes the rest of the engine around the
 * store; what the shell reads of sessions and tables it reads from their
 * own headers (sessions/, routing/), which change nothing.
 *
 * A change is a request that either succeeds or fails with an error (the
 * cloud API's code where it has one, and a sentence naming the object, the
 * rule and the limit) and changes nothing.  A read hands back const views
 * that cli/ renders; the engine never prints.
 */
#ifndef ECSH_ENGINE_H
#define ECSH_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../base/clock.h"
#include "../base/events.h"
#include "../base/evloop.h"
#include "../base/netaddr.h"
#include "object.h"
#include "objkind.h"
#include "setting.h"

struct engine;

enum engine_flag {
	ENGINE_NO_QUOTAS	= 1 << 0,	/* lab mode: R5, V1 not enforced */
	ENGINE_CHECK_ONLY	= 1 << 1,	/* --check: no session runs */
	ENGINE_CANDIDATE	= 1 << 2,	/* a store only: commits.h */
	ENGINE_NO_DELIVERY	= 1 << 3,	/* alerts recorded, not sent */
};

struct engine_error {
	char	code[48];	/* "QuotaExceeded.Bgp", or "" */
	char	text[256];	/* the sentence, without "% " */
};

/* Where an object is: its kind and name, inside its parent if nested. */
struct obj_ref {
	enum obj_kind		 kind;
	const char		*name;
	const struct obj_ref	*parent;
};

/* The value of a setting; each setting reads the fields it needs. */
struct setting_value {
	const char	*text;		/* description, auth key, hostname */
	const char	*name;		/* an object referred to */
	int64_t		 number;	/* vlan, limits, timers, hops, port */
	uint32_t	 asn;
	uint32_t	 interval_ms;
	uint32_t	 multiplier;
	bool		 has_timers;	/* cpe bfd: interval and multiplier */
	bool		 timers_only;	/* `no bfd interval`: not bfd itself */
	struct ipaddr	 ip;
	struct ipaddr	 next_hop;
	bool		 has_next_hop;
	struct prefix	 prefix;
	const uint32_t	*as_path;
	size_t		 as_path_len;
	uint32_t	 med;		/* SF_MED */
	uint8_t		 origin;	/* SF_ORIGIN: 0 IGP, 1 EGP, 2 */
	sa_family_t	 family;
	uint32_t	 choice;	/* SF_CHOICE: a keyword's value */
	/* read back (engine_setting_next): the fields it holds, and whether
	 * it is the `no` form (mpbgp switched off) */
	unsigned	 fields;	/* enum setting_field */
	bool		 negated;
};

enum setting_field {
	SF_TEXT		= 1 << 0,
	SF_NAME		= 1 << 1,
	SF_NUMBER	= 1 << 2,
	SF_ASN		= 1 << 3,
	SF_TIMERS	= 1 << 4,	/* interval_ms and multiplier */
	SF_IP		= 1 << 5,
	SF_NEXT_HOP	= 1 << 6,
	SF_PREFIX	= 1 << 7,
	SF_AS_PATH	= 1 << 8,
	SF_FAMILY	= 1 << 9,
	SF_MED		= 1 << 10,
	SF_ORIGIN	= 1 << 11,
	SF_CHOICE	= 1 << 12,
};

/* Where a read of a setting's entries has got to; zero it to start. */
struct setting_cursor {
	size_t			 i;
	const struct object	*o;	/* a list kept by other objects */
};

/* `webhook`, `command`, `log`: how an alert rule's notify says it. */
const char	*alert_notify_word(enum notify_kind);

#define ENGINE_HOSTNAME_DEFAULT	"ecsh"

struct engine	*engine_new(struct evloop *, unsigned flags);
void		 engine_free(struct engine *);
unsigned	 engine_flags(const struct engine *);

/* Changes. */
int	engine_enter(struct engine *, const struct obj_ref *, bool *created,
	    struct engine_error *);
int	engine_delete(struct engine *, const struct obj_ref *,
	    struct engine_error *);
int	engine_set(struct engine *, const struct obj_ref *, enum setting,
	    const struct setting_value *, struct engine_error *);
/* `no`: v names the entry of a list setting, and may be NULL otherwise. */
int	engine_unset(struct engine *, const struct obj_ref *, enum setting,
	    const struct setting_value *, struct engine_error *);

/*
 * The configuration as a value: hostname, objects and listen addresses,
 * copied so that it can be put back whole (`load` restores it when a line
 * fails, so a file changes all or nothing).  Sessions are not in it: they
 * follow the configuration at the next reconcile, as after any change.
 */
struct engine_snapshot;
struct engine_snapshot	*engine_snapshot(const struct engine *);
/* Put the snapshot back, and free it. */
void			 engine_restore(struct engine *,
			    struct engine_snapshot *);
void			 engine_snapshot_free(struct engine_snapshot *);

/*
 * A change is taken in (sessions made or ended, tables built, updates
 * sent) when the event loop next comes round, once for any number of
 * changes.  Until then this says true, and a read should wait for it.
 */
bool			 engine_changes_pending(const struct engine *);
/* Counts the changes to the configuration, labels and the hostname
 * included: a configuration saved at one count is unchanged while the
 * count is the same. */
unsigned long		 engine_config_gen(const struct engine *);
/* Being taken in, in slices (a commit of ten thousand sessions). */
bool			 engine_changes_under_way(const struct engine *);
/*
 * Routes are still being taken in or let go of, in slices (a session's
 * million routes leaving after it went down, a table built anew): a read
 * of route tables waits for it, so that it never sees half of a change it
 * follows.  The runtime answers, for every layer.
 */
bool			 engine_routes_settling(const struct engine *);

/*
 * What the engine could not keep, by cause: nothing is dropped in
 * silence.  Each is counted here, and the first of each cause (and every
 * 1000th after it) is told in an Engine:Dropped event.
 */
enum engine_drop {
	DROP_MEMORY,		/* a route, an attribute set, a table entry */
	DROP_ECR_PATHS,		/* paths past the 64 an ECR prefix weighs */
	DROP_WAITERS,		/* listeners past the 32 BGP changes tell */
	DROP_COUNT
};
extern const char *const engine_drop_keys[DROP_COUNT];
void			 engine_dropped(struct engine *, enum engine_drop,
			    const char *resource, const char *what);
unsigned long		 engine_drops(const struct engine *, enum engine_drop);

/* Reads: none of them changes the engine. */
/*
 * A setting of o as engine_set() would take it, one entry a call: false
 * when there is no more.  A scalar has one entry unless it is at its
 * default; a list (advertise, network, attach vpc ...) one per member.
 * Its pointers are o's, valid until the next change.
 */
bool			 engine_setting_next(const struct engine *,
			    const struct object *o, enum setting,
			    struct setting_cursor *, struct setting_value *);
const char		*engine_hostname(const struct engine *);
const struct object	*engine_find(const struct engine *,
			    const struct obj_ref *);
const struct object	*engine_first(const struct engine *, enum obj_kind,
			    const struct object *parent);
const struct object	*engine_next(const struct object *);
const char		*engine_kind_word(enum obj_kind);
/* Is a failure drill cutting the VBR's circuits (E2)? */
bool			 engine_drilled(const struct engine *, const char *vbr);

/* E2: start or stop cutting every circuit of a VBR.  Not configuration:
 * it is not saved, and ends when the VBR is deleted. */
int	engine_failure_drill(struct engine *, const char *vbr, bool start,
	    struct engine_error *);
struct event_log	*engine_events(const struct engine *);
struct evloop		*engine_loop(const struct engine *);

#endif

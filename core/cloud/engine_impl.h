/*
 * engine_impl: what the engine's own files share and nothing else sees.
 * Each object kind has a kind_ops table (cfg_*.c) with its settings, its
 * defaults, the objects that refer to it, and the rules for creating one.
 */
#ifndef ECSH_ENGINE_IMPL_H
#define ECSH_ENGINE_IMPL_H

#include "engine.h"
#include "../base/events.h"
#include "../base/listen.h"
#include "../base/prefix_set.h"
#include "rules.h"

struct rib_route;
struct speaker;

/*
 * What the layers tell each other, installed by the runtime (runtime.c):
 * the store and the BGP speakers call these and know nothing of who
 * answers, so neither depends on the layers above it.
 */
struct engine_hooks {
	/* the store: a change waits for the engine's round */
	void	(*wake)(struct engine *);
	/* the store: take what changed in now (a shutdown, a drill) */
	void	(*apply_now)(struct engine *);
	/* the store: one network of a CPE came, changed or went, and the
	 * CPE's version was `was` before (so one UPDATE follows a line, not
	 * a walk of a million networks, nor a reconcile); false: it was not
	 * taken in, the reconcile must */
	bool	(*network_changed)(struct engine *, const struct object *cpe,
		    const struct prefix *, unsigned long was);
	/* the store: open or (negate) close a `bgp listen` address */
	int	(*listen)(struct engine *, const struct ipaddr *, uint16_t port,
		    bool negate, struct engine_error *);
	/* BGP: a speaker's Adj-RIB-In changed at a prefix, which now holds
	 * `now` (NULL: nothing); called before the old entry goes */
	void	(*rib_changed)(struct engine *, const struct speaker *,
		    const struct prefix *, const struct rib_route *now);
	/* BGP: a speaker goes (its routes already withdrawn) */
	void	(*speaker_gone)(struct engine *, const struct speaker *);
	/* BGP: the cloud routes a VPN connection's tunnels advertise */
	struct prefix *(*advertised)(const struct engine *, const char *conn,
		    size_t *n);
	/* routing: one of those came (wanted) or went, as routes changed */
	void	(*exported)(struct engine *, const char *conn,
		    const struct prefix *, bool wanted);
	/* TCP: a connection from `from` came in; true if a session took fd */
	bool	(*accept)(struct engine *, const struct ipaddr *from, int fd);
};

/*
 * Whoever keeps the configuration's history (commits.c) is told before
 * each change which top-level object it is about to change: top is that
 * object, NULL when it does not exist yet; kind OBJ_NONE is the hostname
 * and the listen addresses.  The store knows nothing of commits.
 */
struct store_watch {
	void	(*will_change)(struct engine *, enum obj_kind,
		    const char *name, const struct object *top);
	void	*arg;
};

struct commit_log;

struct engine {
	struct engine_hooks	 hooks;
	struct store_watch	 watch;
	struct commit_log	*commits;	/* commits.c; NULL: none kept */
	struct evloop		*loop;
	unsigned		 flags;
	char			 hostname[OBJ_NAME_MAX + 1];
	struct object_tree	 top[OBJ_KIND_COUNT];
	struct event_log	*events;
	struct bgp_speakers	*bgp;		/* bgp_speakers.c */
	struct bfd_speakers	*bfd;		/* bfd_speakers.c */
	struct ecr_ribs		*ecr;		/* ecr_rib.c */
	struct live_tables	*live;		/* live_tables.c */
	struct drill_log	*drill_log;	/* runtime/drills.c */
	struct alert_log	*alert_log;	/* alerts/alerts.c */
	unsigned long		 config_gen;	/* counts configuration changes */
	/* object versions: the clock, and when each kind last changed */
	unsigned long		 version_clock;
	unsigned long		 kind_changed[OBJ_KIND_COUNT];
	unsigned long		 restored;	/* the last engine_restore() */
	unsigned long		 drops[DROP_COUNT];
	obj_name		*drills;	/* VBRs under failure drill */
	size_t			 ndrills;
	struct bgp_listen	 listens[BGP_LISTEN_MAX];	/* bgp_tcp.c */
	size_t			 nlistens;
	bool			 reconciling;
	bool			 bgp_dirty;	/* a change since the last */
	bool			 settling;	/* a reconcile between rounds */
	struct ev_timer		 reconcile_timer;
	struct ev_work		 reconcile_work;
	uint64_t		 settled_ns;	/* the last, machine time */
	unsigned long		 listen_gen;	/* counts listen sockets made */
};

/* The store's half of engine_new() and engine_free(). */
int	engine_store_init(struct engine *, struct evloop *, unsigned flags);
void	engine_store_free(struct engine *);

/*
 * A candidate (commits.c) defers the rules that read several objects to
 * its commit, where the configuration is checked as a whole; a rule that
 * reads one value still answers as the line is typed.
 */
static inline bool
engine_defers(const struct engine *e)
{
	return (e->flags & ENGINE_CANDIDATE) != 0;
}

/* o (any object) is about to change: tell the watch its top-level one. */
void	engine_will_change(struct engine *, const struct object *o);
/* A copy of o and everything under it, inside parent; NULL if out of
 * memory.  engine_object_free() frees one (and what is under it). */
struct object	*engine_object_copy(const struct object *o,
		    struct object *parent);
void		 engine_object_free(struct object *);
struct object_tree *engine_tree(const struct engine *, enum obj_kind,
		    const struct object *parent);
/* o was put in the store whole: it and all under it are new versions */
void		 engine_object_placed(struct engine *, struct object *o);
/* a top-level object of the kind left the store */
void		 engine_object_removed(struct engine *, enum obj_kind);
/* The listen address ip's index in e->listens; e->nlistens if none. */
size_t		 engine_listen_index(const struct engine *,
		    const struct ipaddr *ip);
/* failure drills of VBRs no longer there end */
void		 engine_drills_prune(struct engine *);

/* A change may touch BGP: reconcile once the current work is done. */
void	engine_bgp_changed(struct engine *);
/* The configuration changed: the same, and the tables are built anew. */
void	engine_config_changed(struct engine *);

struct kind_ops {
	/* change a setting (negate: `no`); check all, then write: 0, or
	 * SETTING_LABEL when what changed is a label no table reads (a
	 * description), or -1 refused */
	int	(*set)(struct engine *, struct object *, enum setting,
		    const struct setting_value *, bool negate,
		    struct engine_error *);
	/* defaults of a new object, which already has its parent */
	void	(*defaults)(struct engine *, struct object *);
	/* free what the settings allocated */
	void	(*release)(struct object *);
	/* o's bytes were copied from another object: give it copies of
	 * what the settings allocated; -1 (owning nothing) if out of memory */
	int	(*duplicate)(struct object *o);
	/* name the objects that refer to this one, into buf */
	void	(*referrers)(const struct engine *, const struct object *,
		    char *buf, size_t len);
	/* read a setting back: its next entry, false when none is left
	 * (engine_setting_next; *v is zeroed for it) */
	bool	(*get)(const struct engine *, const struct object *,
		    enum setting, struct setting_cursor *,
		    struct setting_value *);
	/* may key (kind, name, addr) be created in parent?  (R1, R4) */
	int	(*may_create)(const struct engine *, const struct object *parent,
		    const struct object *key, struct engine_error *);
};

extern const struct kind_ops vbr_ops, bgp_group_ops, bgp_peer_ops, ecr_ops,
    vpc_ops, vpn_gateway_ops, customer_gateway_ops, vpn_connection_ops,
    vpn_tunnel_ops, transit_router_ops, cpe_ops, alert_rule_ops;

/* A scalar's one entry, when shown (not at its default): for get. */
static inline bool
setting_once(struct setting_cursor *at, bool shown)
{
	return shown && at->i++ == 0;
}

/* A scalar read back as the one field its grammar row takes. */
static inline bool
get_text(struct setting_cursor *at, struct setting_value *v, const char *text,
    bool shown)
{
	v->text = text;
	v->fields = SF_TEXT;
	return setting_once(at, shown);
}

static inline bool
get_name(struct setting_cursor *at, struct setting_value *v, const char *name,
    bool shown)
{
	v->name = name;
	v->fields = SF_NAME;
	return setting_once(at, shown);
}

static inline bool
get_asn(struct setting_cursor *at, struct setting_value *v, uint32_t asn,
    bool shown)
{
	v->asn = asn;
	v->fields = SF_ASN;
	return setting_once(at, shown);
}

static inline bool
get_number(struct setting_cursor *at, struct setting_value *v, int64_t n,
    bool shown)
{
	v->number = n;
	v->fields = SF_NUMBER;
	return setting_once(at, shown);
}

static inline bool
get_ip(struct setting_cursor *at, struct setting_value *v,
    const struct ipaddr *ip, bool shown)
{
	v->ip = *ip;
	v->fields = SF_IP;
	return setting_once(at, shown);
}

static inline bool
get_prefix(struct setting_cursor *at, struct setting_value *v,
    const struct prefix *p, bool shown)
{
	v->prefix = *p;
	v->fields = SF_PREFIX;
	return setting_once(at, shown);
}

enum { SETTING_LABEL = 1 };

int	engine_fail(struct engine_error *, const char *code, const char *fmt,
	    ...) __attribute__((format(printf, 3, 4)));
/*
 * Set or (negate) clear an object's description, into a buffer of
 * DESCRIPTION_MAX + 1: at most that many bytes of UTF-8 without control
 * characters (SPEC 2).  SETTING_LABEL, or -1.
 */
int	engine_set_description(const struct object *, char *description,
	    const char *text, bool negate, struct engine_error *);
/* A copy of n elements of size bytes at *p into *p; -1 if out of memory. */
int	engine_dup_array(void *p, size_t n, size_t size);
int	engine_dup_prefix_set(struct prefix_set *);
struct object	*engine_lookup(const struct engine *, enum obj_kind,
		    const char *name, const struct object *parent);
struct object	*engine_first_mut(const struct engine *, enum obj_kind,
		    const struct object *parent);
/* The first object of the kind whose name comes after name (a walk that
 * resumes where it stopped, whatever was made or deleted meanwhile). */
struct object	*engine_after_mut(const struct engine *, enum obj_kind,
		    const char *name, const struct object *parent);

#define FOREACH_OBJECT(o, e, kind, parent)				\
	for ((o) = engine_first_mut((e), (kind), (parent)); (o) != NULL;	\
	    (o) = RB_NEXT(object_tree, NULL, (o)))

#endif

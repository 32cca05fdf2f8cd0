/*
 * engine_impl: what the engine's own files share and nothing else sees.
 * Each object kind has a kind_ops table (cfg_*.c) with its settings, its
 * defaults, the objects that refer to it, and the rules for creating one.
 */
#ifndef ECSH_ENGINE_IMPL_H
#define ECSH_ENGINE_IMPL_H

#include "engine.h"
#include "bgp_tcp.h"
#include "events.h"
#include "prefix_set.h"
#include "rules.h"

struct engine {
	struct evloop		*loop;
	unsigned		 flags;
	char			 hostname[OBJ_NAME_MAX + 1];
	struct object_tree	 top[OBJ_KIND_COUNT];
	struct event_log	*events;
	struct bgp_speakers	*bgp;		/* bgp_speakers.c */
	struct bfd_speakers	*bfd;		/* bfd_speakers.c */
	struct ecr_ribs		*ecr;		/* ecr_rib.c */
	struct live_tables	*live;		/* live_tables.c */
	unsigned long		 config_gen;	/* counts configuration changes */
	obj_name		*drills;	/* VBRs under failure drill */
	size_t			 ndrills;
	struct bgp_listen	 listens[BGP_LISTEN_MAX];	/* bgp_tcp.c */
	size_t			 nlistens;
	bool			 reconciling;
	bool			 bgp_dirty;	/* a change since the last */
	struct ev_timer		 reconcile_timer;
};

/* A change may touch BGP: reconcile once the current work is done. */
void	engine_bgp_changed(struct engine *);
/* The configuration changed: the same, and the tables are built anew. */
void	engine_config_changed(struct engine *);

struct kind_ops {
	/* change a setting (negate: `no`); check all, then write */
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
	/* may key (kind, name, addr) be created in parent?  (R1, R4) */
	int	(*may_create)(const struct engine *, const struct object *parent,
		    const struct object *key, struct engine_error *);
};

extern const struct kind_ops vbr_ops, bgp_group_ops, bgp_peer_ops, ecr_ops,
    vpc_ops, vpn_gateway_ops, customer_gateway_ops, vpn_connection_ops,
    vpn_tunnel_ops, transit_router_ops, cpe_ops;

int	engine_fail(struct engine_error *, const char *code, const char *fmt,
	    ...) __attribute__((format(printf, 3, 4)));
/*
 * Set or (negate) clear an object's description, into a buffer of
 * DESCRIPTION_MAX + 1: at most that many bytes of UTF-8 without control
 * characters (SPEC 2).
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

#define FOREACH_OBJECT(o, e, kind, parent)				\
	for ((o) = engine_first_mut((e), (kind), (parent)); (o) != NULL;	\
	    (o) = RB_NEXT(object_tree, NULL, (o)))

#endif

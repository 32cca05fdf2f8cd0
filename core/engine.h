/*
 * engine: the one interface between the shell (cli/) and the engine.
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

#include "clock.h"
#include "evloop.h"
#include "netaddr.h"
#include "object.h"
#include "objkind.h"

struct engine;

enum engine_flag {
	ENGINE_NO_QUOTAS	= 1 << 0,	/* lab mode: R5, V1 not enforced */
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

enum setting {
	SET_HOSTNAME,
	SET_VBR_DESCRIPTION,
	SET_VBR_VLAN,
	SET_VBR_LOCAL_GATEWAY_IP,
	SET_VBR_PEER_GATEWAY_IP,
	SET_VBR_PEERING_SUBNET_MASK,
	SET_VBR_IPV6,
	SET_VBR_MPBGP,
	SET_VBR_BFD,
};

struct setting_value {
	int64_t		 number;
	uint32_t	 interval_ms, multiplier;
	struct ipaddr	 ip;
	const char	*text;
};

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
int	engine_unset(struct engine *, const struct obj_ref *, enum setting,
	    struct engine_error *);

/* Reads. */
const char		*engine_hostname(const struct engine *);
const struct object	*engine_find(const struct engine *,
			    const struct obj_ref *);
const struct object	*engine_first(const struct engine *, enum obj_kind,
			    const struct object *parent);
const struct object	*engine_next(const struct object *);
const char		*engine_kind_word(enum obj_kind);

#endif

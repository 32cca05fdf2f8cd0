/*
 * engine: the object store and the requests that change it.
 *
 * Owns every configuration object.  Each request checks everything it
 * needs before it writes anything, so a refused request leaves the store
 * exactly as it was.  What a setting means and which rules guard it is
 * left to the kind's ops (cfg_*.c).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "engine_impl.h"
#include "../base/utf8.h"

static const char *const kind_words[OBJ_KIND_COUNT] = {
	[OBJ_NONE] = "object",
	[OBJ_VBR] = "vbr",
	[OBJ_BGP_GROUP] = "bgp-group",
	[OBJ_BGP_PEER] = "bgp-peer",
	[OBJ_ECR] = "ecr",
	[OBJ_VPC] = "vpc",
	[OBJ_VPN_GATEWAY] = "vpn-gateway",
	[OBJ_CUSTOMER_GATEWAY] = "customer-gateway",
	[OBJ_VPN_CONNECTION] = "vpn-connection",
	[OBJ_VPN_TUNNEL] = "tunnel",
	[OBJ_TRANSIT_ROUTER] = "transit-router",
	[OBJ_CPE] = "cpe",
	[OBJ_ALERT_RULE] = "alert-rule",
};

static const struct kind_ops *const kind_ops[OBJ_KIND_COUNT] = {
	[OBJ_VBR] = &vbr_ops,
	[OBJ_BGP_GROUP] = &bgp_group_ops,
	[OBJ_BGP_PEER] = &bgp_peer_ops,
	[OBJ_ECR] = &ecr_ops,
	[OBJ_VPC] = &vpc_ops,
	[OBJ_VPN_GATEWAY] = &vpn_gateway_ops,
	[OBJ_CUSTOMER_GATEWAY] = &customer_gateway_ops,
	[OBJ_VPN_CONNECTION] = &vpn_connection_ops,
	[OBJ_VPN_TUNNEL] = &vpn_tunnel_ops,
	[OBJ_TRANSIT_ROUTER] = &transit_router_ops,
	[OBJ_CPE] = &cpe_ops,
	[OBJ_ALERT_RULE] = &alert_rule_ops,
};

/* The kind an object of this kind lives in, or OBJ_NONE at top level. */
static enum obj_kind
parent_kind(enum obj_kind kind)
{
	switch (kind) {
	case OBJ_BGP_GROUP:
	case OBJ_BGP_PEER:
		return OBJ_VBR;
	case OBJ_VPN_TUNNEL:
		return OBJ_VPN_CONNECTION;
	default:
		return OBJ_NONE;
	}
}

const char *
engine_kind_word(enum obj_kind kind)
{
	return kind < OBJ_KIND_COUNT ? kind_words[kind] : "object";
}

int
object_compare(const struct object *a, const struct object *b)
{
	if (a->kind == OBJ_BGP_PEER)
		return ipaddr_compare(&a->addr, &b->addr);
	if (a->kind == OBJ_VPN_TUNNEL)
		return atoi(a->name) - atoi(b->name);
	return strcmp(a->name, b->name);
}

RB_GENERATE(object_tree, object, entry, object_compare)

int
engine_fail(struct engine_error *err, const char *code, const char *fmt, ...)
{
	va_list ap;

	if (err != NULL) {
		snprintf(err->code, sizeof(err->code), "%s", code);
		va_start(ap, fmt);
		vsnprintf(err->text, sizeof(err->text), fmt, ap);
		va_end(ap);
	}
	return -1;
}

/*
 * The store never reconciles: it says a change waits (wake), and the
 * runtime comes round once for any number of them, so a script of 100k
 * lines is not reconciled 100k times.
 */
void
engine_bgp_changed(struct engine *e)
{
	e->bgp_dirty = true;
	if (e->hooks.wake != NULL)
		e->hooks.wake(e);
}

/* o (NULL: none) and everything above it changed, and their kinds. */
static void
touch(struct engine *e, struct object *o)
{
	e->version_clock++;
	for (; o != NULL; o = o->parent) {
		o->version = e->version_clock;
		e->kind_changed[o->kind] = e->version_clock;
	}
}

void
engine_will_change(struct engine *e, const struct object *o)
{
	while (o->parent != NULL)
		o = o->parent;
	if (e->watch.will_change != NULL)
		e->watch.will_change(e, o->kind, o->name, o);
}

static void
will_change_globals(struct engine *e)
{
	if (e->watch.will_change != NULL)
		e->watch.will_change(e, OBJ_NONE, "", NULL);
}

void
engine_config_changed(struct engine *e)
{
	e->config_gen++;
	engine_bgp_changed(e);
}

const char *const engine_drop_keys[DROP_COUNT] = {
	[DROP_MEMORY] = "memory", [DROP_ECR_PATHS] = "ecr_paths",
	[DROP_WAITERS] = "waiters",
};

void
engine_dropped(struct engine *e, enum engine_drop why, const char *resource,
    const char *what)
{
	unsigned long n = ++e->drops[why];

	if (n == 1 || n % 1000 == 0)
		event_log_add(e->events, clock_wall_ns(evloop_clock(e->loop)),
		    EVK_ENGINE_DROPPED, resource, "%s (%lu so far)", what, n);
}

unsigned long
engine_drops(const struct engine *e, enum engine_drop why)
{
	return e->drops[why];
}

bool
engine_changes_pending(const struct engine *e)
{
	return e->bgp_dirty || e->settling;
}

unsigned long
engine_config_gen(const struct engine *e)
{
	return e->config_gen;
}

bool
engine_changes_under_way(const struct engine *e)
{
	return e->settling;
}

/* Some changes take effect at once (a shutdown, a drill's cut). */
static void
apply_now(struct engine *e)
{
	if (e->hooks.apply_now != NULL)
		e->hooks.apply_now(e);
}

struct event_log *
engine_events(const struct engine *e)
{
	return e->events;
}

struct evloop *
engine_loop(const struct engine *e)
{
	return e->loop;
}

void
engine_object_free(struct object *o)
{
	struct object *c, *next;
	size_t k;

	for (k = 0; k < OBJ_KIND_COUNT; k++) {
		RB_FOREACH_SAFE(c, object_tree, &o->children[k], next) {
			RB_REMOVE(object_tree, &o->children[k], c);
			engine_object_free(c);
		}
	}
	if (kind_ops[o->kind]->release != NULL)
		kind_ops[o->kind]->release(o);
	free(o);
}

static void	trees_free(struct object_tree *);

int
engine_store_init(struct engine *e, struct evloop *loop, unsigned flags)
{
	size_t k;

	e->loop = loop;
	e->flags = flags;
	snprintf(e->hostname, sizeof(e->hostname), "%s",
	    ENGINE_HOSTNAME_DEFAULT);
	for (k = 0; k < OBJ_KIND_COUNT; k++)
		RB_INIT(&e->top[k]);
	return (e->events = event_log_new()) != NULL ? 0 : -1;
}

void
engine_store_free(struct engine *e)
{
	free(e->drills);
	trees_free(e->top);
	event_log_free(e->events);
}

unsigned
engine_flags(const struct engine *e)
{
	return e->flags;
}

const char *
engine_hostname(const struct engine *e)
{
	return e->hostname;
}

/* Decode a name of this kind into the lookup key.  0, or -1 with err. */
static int
key_decode(enum obj_kind kind, const char *name, struct object *key,
    struct engine_error *err)
{
	size_t len = name != NULL ? strlen(name) : 0;

	memset(key, 0, sizeof(*key));
	key->kind = kind;
	if (len == 0 || len > OBJ_NAME_MAX)
		return engine_fail(err, "", "%s name must be 1-%d characters",
		    engine_kind_word(kind), OBJ_NAME_MAX);
	memcpy(key->name, name, len + 1);
	if (kind == OBJ_BGP_PEER) {
		char why[96];

		if (ipaddr_decode(name, AF_UNSPEC, &key->addr, why,
		    sizeof(why)) == -1)
			return engine_fail(err, "", "bgp-peer: %s", why);
		/* one spelling per address, whatever was typed */
		ipaddr_format(&key->addr, key->name, sizeof(key->name));
	}
	if (kind == OBJ_VPN_TUNNEL && strcmp(name, "1") != 0 &&
	    strcmp(name, "2") != 0)
		return engine_fail(err, "", "a VPN connection has tunnels 1 "
		    "and 2 only");
	return 0;
}

struct object_tree *
engine_tree(const struct engine *e, enum obj_kind kind, const struct object *p)
{
	if (p != NULL)
		return (struct object_tree *)&p->children[kind];
	return (struct object_tree *)&e->top[kind];
}

struct object *
engine_lookup(const struct engine *e, enum obj_kind kind, const char *name,
    const struct object *parent)
{
	struct object key;

	if (name == NULL || name[0] == '\0' ||
	    key_decode(kind, name, &key, NULL) == -1)
		return NULL;
	return RB_FIND(object_tree, engine_tree(e, kind, parent), &key);
}

struct object *
engine_first_mut(const struct engine *e, enum obj_kind kind,
    const struct object *parent)
{
	return RB_MIN(object_tree, engine_tree(e, kind, parent));
}

struct object *
engine_after_mut(const struct engine *e, enum obj_kind kind, const char *name,
    const struct object *parent)
{
	struct object key, *o;

	if (key_decode(kind, name, &key, NULL) == -1)
		return NULL;
	o = RB_NFIND(object_tree, engine_tree(e, kind, parent), &key);
	if (o != NULL && object_compare(o, &key) == 0)
		o = RB_NEXT(object_tree, NULL, o);
	return o;
}

/* Find the object ref names, or explain which part does not exist. */
static struct object *
resolve(const struct engine *e, const struct obj_ref *ref,
    struct engine_error *err)
{
	struct object key, *parent = NULL, *o;

	if (ref == NULL || ref->kind <= OBJ_NONE ||
	    ref->kind >= OBJ_KIND_COUNT) {
		engine_fail(err, "", "no such object");
		return NULL;
	}
	if (parent_kind(ref->kind) != OBJ_NONE) {
		if (ref->parent == NULL ||
		    ref->parent->kind != parent_kind(ref->kind)) {
			engine_fail(err, "", "a %s belongs inside a %s",
			    engine_kind_word(ref->kind),
			    engine_kind_word(parent_kind(ref->kind)));
			return NULL;
		}
		if ((parent = resolve(e, ref->parent, err)) == NULL)
			return NULL;
	}
	if (key_decode(ref->kind, ref->name, &key, err) == -1)
		return NULL;
	o = RB_FIND(object_tree, engine_tree(e, ref->kind, parent), &key);
	if (o == NULL)
		engine_fail(err, "", "%s %s does not exist",
		    engine_kind_word(ref->kind), key.name);
	return o;
}

const struct object *
engine_find(const struct engine *e, const struct obj_ref *ref)
{
	return resolve(e, ref, NULL);
}

int
engine_enter(struct engine *e, const struct obj_ref *ref, bool *created,
    struct engine_error *err)
{
	const struct kind_ops *ops;
	struct object key, *parent = NULL, *o;
	struct engine_error ignore;
	size_t k;

	*created = false;
	if (resolve(e, ref, &ignore) != NULL)
		return 0;
	if (parent_kind(ref->kind) != OBJ_NONE &&
	    (parent = resolve(e, ref->parent, err)) == NULL)
		return -1;
	if (key_decode(ref->kind, ref->name, &key, err) == -1)
		return -1;
	ops = kind_ops[ref->kind];
	if (ops->may_create != NULL && ops->may_create(e, parent, &key, err) == -1)
		return -1;
	if ((o = calloc(1, sizeof(*o))) == NULL)
		return engine_fail(err, "", "out of memory");
	if (parent != NULL)
		engine_will_change(e, parent);
	else if (e->watch.will_change != NULL)
		e->watch.will_change(e, key.kind, key.name, NULL);
	o->kind = ref->kind;
	memcpy(o->name, key.name, sizeof(o->name));
	o->addr = key.addr;
	o->parent = parent;
	for (k = 0; k < OBJ_KIND_COUNT; k++)
		RB_INIT(&o->children[k]);
	if (ops->defaults != NULL)
		ops->defaults(e, o);
	RB_INSERT(object_tree, engine_tree(e, o->kind, parent), o);
	*created = true;
	touch(e, o);
	engine_config_changed(e);
	return 0;
}

/* Failure drills (E2). */

static size_t
drill_index(const struct engine *e, const char *vbr)
{
	size_t i;

	for (i = 0; i < e->ndrills; i++)
		if (strcmp(e->drills[i], vbr) == 0)
			return i;
	return SIZE_MAX;
}

bool
engine_drilled(const struct engine *e, const char *vbr)
{
	return drill_index(e, vbr) != SIZE_MAX;
}

static void
drill_end(struct engine *e, const char *vbr)
{
	size_t i = drill_index(e, vbr);

	if (i == SIZE_MAX)
		return;
	memmove(&e->drills[i], &e->drills[i + 1],
	    (e->ndrills - i - 1) * sizeof(e->drills[0]));
	e->ndrills--;
}

/* A drilled VBR that goes ends its drill, and says so (a report waits). */
static void
drill_gone(struct engine *e, const char *vbr)
{
	char resource[OBJ_NAME_MAX + 8];

	if (!engine_drilled(e, vbr))
		return;
	snprintf(resource, sizeof(resource), "vbr %s", vbr);
	drill_end(e, vbr);
	event_log_add(e->events, clock_wall_ns(evloop_clock(e->loop)),
	    EVK_DRILL_STOP, resource, "the VBR was deleted (E2)");
}

int
engine_failure_drill(struct engine *e, const char *vbr, bool start,
    struct engine_error *err)
{
	const struct object *v = engine_lookup(e, OBJ_VBR, vbr, NULL);
	char resource[OBJ_NAME_MAX + 8];
	obj_name *d;

	if (v == NULL)
		return engine_fail(err, "", "vbr %s does not exist", vbr);
	if (start == engine_drilled(e, v->name))
		return engine_fail(err, "", "vbr %s: a failure drill is %s",
		    v->name, start ? "already running" : "not running");
	if (!start) {
		drill_end(e, v->name);
	} else {
		if ((d = realloc(e->drills, (e->ndrills + 1) *
		    sizeof(*d))) == NULL)
			return engine_fail(err, "", "out of memory");
		e->drills = d;
		snprintf(e->drills[e->ndrills++], sizeof(obj_name), "%s",
		    v->name);
	}
	snprintf(resource, sizeof(resource), "vbr %s", v->name);
	event_log_add(e->events, clock_wall_ns(evloop_clock(e->loop)),
	    start ? EVK_DRILL_START : EVK_DRILL_STOP, resource,
	    "circuits %s (E2)", start ? "cut" : "restored");
	engine_config_changed(e);
	apply_now(e);		/* the cut happens now, not later */
	return 0;
}

int
engine_delete(struct engine *e, const struct obj_ref *ref,
    struct engine_error *err)
{
	struct object *o = resolve(e, ref, err);
	char users[200] = "";

	if (o == NULL)
		return -1;
	if (kind_ops[o->kind]->referrers != NULL && !engine_defers(e))
		kind_ops[o->kind]->referrers(e, o, users, sizeof(users));
	if (users[0] != '\0') {
		if (o->kind == OBJ_BGP_GROUP)
			return engine_fail(err, "DependencyViolation.BgpPeer",
			    "bgp-group %s still has peers: %s; move or delete "
			    "them first (R7)",
			    o->name, users);
		return engine_fail(err, "", "%s %s is in use by %s; remove "
		    "that first", engine_kind_word(o->kind), o->name, users);
	}
	engine_will_change(e, o);
	if (o->kind == OBJ_VBR)
		drill_gone(e, o->name);
	RB_REMOVE(object_tree, engine_tree(e, o->kind, o->parent), o);
	e->kind_changed[o->kind] = ++e->version_clock;
	touch(e, o->parent);
	engine_object_free(o);
	engine_config_changed(e);
	return 0;
}

/*
 * A store with no sockets (a candidate, a scratch copy) keeps its listen
 * addresses as a list: the running engine opens them when they commit.
 */
size_t
engine_listen_index(const struct engine *e, const struct ipaddr *ip)
{
	size_t i;

	for (i = 0; i < e->nlistens; i++)
		if (ipaddr_equal(&e->listens[i].ip, ip))
			break;
	return i;
}

static int
store_listen(struct engine *e, const struct ipaddr *ip, uint16_t port,
    bool negate, struct engine_error *err)
{
	char a[NETADDR_STRLEN];
	size_t i = engine_listen_index(e, ip);

	if (negate) {
		if (i == e->nlistens)
			return engine_fail(err, "", "bgp does not listen on %s",
			    ipaddr_format(ip, a, sizeof(a)));
		e->listens[i] = e->listens[--e->nlistens];
		return 0;
	}
	if (i == e->nlistens && e->nlistens == BGP_LISTEN_MAX)
		return engine_fail(err, "", "bgp listens on at most %d "
		    "addresses", BGP_LISTEN_MAX);
	if (i == e->nlistens)
		e->nlistens++;
	e->listens[i] = (struct bgp_listen){ *ip, port, -1 };
	return 0;
}

static int
change(struct engine *e, const struct obj_ref *ref, enum setting s,
    const struct setting_value *v, bool negate, struct engine_error *err)
{
	static const struct setting_value none;
	struct object *o;
	unsigned long was;
	int rc;

	if (s == SET_HOSTNAME || s == SET_BGP_LISTEN)
		will_change_globals(e);
	if (s == SET_HOSTNAME) {
		e->config_gen++;	/* no session or table reads it */
		if (negate) {
			snprintf(e->hostname, sizeof(e->hostname), "%s",
			    ENGINE_HOSTNAME_DEFAULT);
			return 0;
		}
		if (v->text == NULL || v->text[0] == '\0' ||
		    strlen(v->text) > OBJ_NAME_MAX)
			return engine_fail(err, "", "hostname must be 1-%d "
			    "characters", OBJ_NAME_MAX);
		snprintf(e->hostname, sizeof(e->hostname), "%s", v->text);
		return 0;
	}
	if (s == SET_BGP_LISTEN) {
		if ((e->hooks.listen != NULL ? e->hooks.listen :
		    store_listen)(e, &v->ip, v->number > 0 ?
		    (uint16_t)v->number : BGP_PORT, negate, err) == -1)
			return -1;
		engine_config_changed(e);
		return 0;
	}
	if ((o = resolve(e, ref, err)) == NULL)
		return -1;
	engine_will_change(e, o);
	/* the kind's handler refuses a setting that is not its own */
	if (kind_ops[o->kind]->set == NULL)
		return engine_fail(err, "", "a %s has no settings",
		    engine_kind_word(o->kind));
	if ((rc = kind_ops[o->kind]->set(e, o, s, v != NULL ? v : &none,
	    negate, err)) == -1)
		return -1;
	/* a label changes no table: a million-route VBR is not rebuilt */
	was = o->version;
	if (rc != SETTING_LABEL)
		touch(e, o);
	/* a network is nothing but the route its CPE sends: taken in at
	 * once, it needs no reconcile (a script of 100k of them, 100k none) */
	if (s == SET_CPE_NETWORK && v != NULL && rc != SETTING_LABEL &&
	    e->hooks.network_changed != NULL &&
	    e->hooks.network_changed(e, o, &v->prefix, was)) {
		e->config_gen++;
		return 0;
	}
	engine_config_changed(e);
	/*
	 * An administrative shutdown takes the session down now, as on a
	 * router: `shutdown` then `no shutdown` bounces it (a Down, then an
	 * Up), however soon the second follows.
	 */
	if (!negate && (s == SET_PEER_SHUTDOWN || s == SET_TUN_SHUTDOWN ||
	    s == SET_CPE_SHUTDOWN))
		apply_now(e);
	return 0;
}

bool
engine_setting_next(const struct engine *e, const struct object *o,
    enum setting s, struct setting_cursor *at, struct setting_value *v)
{
	memset(v, 0, sizeof(*v));
	if (o == NULL || kind_ops[o->kind]->get == NULL)
		return false;
	return kind_ops[o->kind]->get(e, o, s, at, v);
}

int
engine_set(struct engine *e, const struct obj_ref *ref, enum setting s,
    const struct setting_value *v, struct engine_error *err)
{
	return change(e, ref, s, v, false, err);
}

int
engine_unset(struct engine *e, const struct obj_ref *ref, enum setting s,
    const struct setting_value *v, struct engine_error *err)
{
	return change(e, ref, s, v, true, err);
}

int
engine_set_description(const struct object *o, char *description,
    const char *text, bool negate, struct engine_error *err)
{
	char why[128];
	size_t at;

	if (negate) {
		description[0] = '\0';
		return SETTING_LABEL;
	}
	if (strlen(text) > DESCRIPTION_MAX)
		return engine_fail(err, "", "%s %s: a description has at most "
		    "%d bytes (this one has %zu)", engine_kind_word(o->kind),
		    o->name, DESCRIPTION_MAX, strlen(text));
	if (!utf8_text_check(text, &at, why, sizeof(why)))
		return engine_fail(err, "", "%s %s: description: %s at byte %zu",
		    engine_kind_word(o->kind), o->name, why, at + 1);
	snprintf(description, DESCRIPTION_MAX + 1, "%s", text);
	return SETTING_LABEL;
}

/* Snapshots. */

int
engine_dup_array(void *p, size_t n, size_t size)
{
	void **arr = p, *copy = NULL;

	if (n > 0) {
		if ((copy = malloc(n * size)) == NULL)
			return -1;
		memcpy(copy, *arr, n * size);
	}
	*arr = copy;
	return 0;
}

int
engine_dup_prefix_set(struct prefix_set *s)
{
	if (engine_dup_array(&s->v, s->n, sizeof(*s->v)) == -1)
		return -1;
	s->cap = s->n;
	return 0;
}

struct engine_snapshot {
	char			 hostname[OBJ_NAME_MAX + 1];
	struct object_tree	 top[OBJ_KIND_COUNT];
	struct bgp_listen	 listens[BGP_LISTEN_MAX];
	size_t			 nlistens;
};

static void
trees_free(struct object_tree *trees)
{
	struct object *o, *next;
	size_t k;

	for (k = 0; k < OBJ_KIND_COUNT; k++)
		RB_FOREACH_SAFE(o, object_tree, &trees[k], next) {
			RB_REMOVE(object_tree, &trees[k], o);
			engine_object_free(o);
		}
}

static int	trees_copy(struct object_tree *, const struct object_tree *,
		    struct object *);

struct object *
engine_object_copy(const struct object *o, struct object *parent)
{
	const struct kind_ops *ops = kind_ops[o->kind];
	struct object *c;
	size_t j;

	if ((c = malloc(sizeof(*c))) == NULL)
		return NULL;
	memcpy(c, o, sizeof(*c));
	if (ops->duplicate != NULL && ops->duplicate(c) == -1) {
		free(c);
		return NULL;
	}
	c->parent = parent;
	for (j = 0; j < OBJ_KIND_COUNT; j++)
		RB_INIT(&c->children[j]);
	if (trees_copy(c->children, o->children, c) == -1) {
		engine_object_free(c);
		return NULL;
	}
	return c;
}

/* Copy the objects of from into the empty trees to; -1 if out of memory. */
static int
trees_copy(struct object_tree *to, const struct object_tree *from,
    struct object *parent)
{
	struct object *o, *c;
	size_t k;

	for (k = 0; k < OBJ_KIND_COUNT; k++)
		RB_FOREACH(o, object_tree, (struct object_tree *)&from[k]) {
			if ((c = engine_object_copy(o, parent)) == NULL)
				return -1;
			RB_INSERT(object_tree, &to[k], c);
		}
	return 0;
}

static void
versions_new(struct engine *e, struct object *o)
{
	struct object *c;
	size_t k;

	o->version = e->version_clock;
	e->kind_changed[o->kind] = e->version_clock;
	for (k = 0; k < OBJ_KIND_COUNT; k++)
		RB_FOREACH(c, object_tree, &o->children[k])
			versions_new(e, c);
}

void
engine_object_placed(struct engine *e, struct object *o)
{
	e->version_clock++;
	versions_new(e, o);
}

void
engine_object_removed(struct engine *e, enum obj_kind kind)
{
	e->kind_changed[kind] = ++e->version_clock;
}

void
engine_drills_prune(struct engine *e)
{
	size_t i;

	for (i = e->ndrills; i-- > 0;)
		if (engine_lookup(e, OBJ_VBR, e->drills[i], NULL) == NULL)
			drill_gone(e, e->drills[i]);
}

struct engine_snapshot *
engine_snapshot(const struct engine *e)
{
	struct engine_snapshot *snap = calloc(1, sizeof(*snap));
	size_t k;

	if (snap == NULL)
		return NULL;
	memcpy(snap->hostname, e->hostname, sizeof(snap->hostname));
	for (k = 0; k < OBJ_KIND_COUNT; k++)
		RB_INIT(&snap->top[k]);
	if (trees_copy(snap->top, e->top, NULL) == -1) {
		engine_snapshot_free(snap);
		return NULL;
	}
	memcpy(snap->listens, e->listens, sizeof(snap->listens));
	snap->nlistens = e->nlistens;
	return snap;
}

void
engine_snapshot_free(struct engine_snapshot *snap)
{
	if (snap == NULL)
		return;
	trees_free(snap->top);
	free(snap);
}

static bool
listens_on(const struct bgp_listen *l, size_t n, const struct bgp_listen *x)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (ipaddr_equal(&l[i].ip, &x->ip) && l[i].port == x->port)
			return true;
	return false;
}

void
engine_restore(struct engine *e, struct engine_snapshot *snap)
{
	struct bgp_listen now[BGP_LISTEN_MAX];
	size_t i, n = e->nlistens;

	memcpy(e->hostname, snap->hostname, sizeof(e->hostname));
	trees_free(e->top);
	memcpy(e->top, snap->top, sizeof(e->top));
	/* sockets: close what was added, reopen what was removed */
	memcpy(now, e->listens, sizeof(now));
	for (i = 0; i < n && e->hooks.listen != NULL; i++)
		if (!listens_on(snap->listens, snap->nlistens, &now[i]))
			e->hooks.listen(e, &now[i].ip, now[i].port, true, NULL);
	for (i = 0; i < snap->nlistens && e->hooks.listen != NULL; i++)
		if (!listens_on(now, n, &snap->listens[i]))
			e->hooks.listen(e, &snap->listens[i].ip,
			    snap->listens[i].port, false, NULL);
	engine_drills_prune(e);
	free(snap);
	e->restored = ++e->version_clock;	/* every object is another */
	engine_config_changed(e);
}

const struct object *
engine_first(const struct engine *e, enum obj_kind kind,
    const struct object *parent)
{
	if (kind <= OBJ_NONE || kind >= OBJ_KIND_COUNT)
		return NULL;
	return RB_MIN(object_tree, engine_tree(e, kind, parent));
}

const struct object *
engine_next(const struct object *o)
{
	return RB_NEXT(object_tree, NULL, (struct object *)o);
}

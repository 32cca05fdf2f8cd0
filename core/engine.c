/*
 * engine: the object store and the requests that change it.
 *
 * Owns every configuration object.  Each request checks everything it
 * needs before it writes anything, so a refused request leaves the store
 * exactly as it was.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "engine.h"

struct engine {
	struct evloop		*loop;
	unsigned		 flags;
	char			 hostname[OBJ_NAME_MAX + 1];
	struct object_tree	 top[OBJ_KIND_COUNT];
};

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

static int
fail(struct engine_error *err, const char *code, const char *fmt, ...)
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

struct engine *
engine_new(struct evloop *loop, unsigned flags)
{
	struct engine *e = calloc(1, sizeof(*e));
	size_t k;

	if (e == NULL)
		return NULL;
	e->loop = loop;
	e->flags = flags;
	snprintf(e->hostname, sizeof(e->hostname), "%s",
	    ENGINE_HOSTNAME_DEFAULT);
	for (k = 0; k < OBJ_KIND_COUNT; k++)
		RB_INIT(&e->top[k]);
	return e;
}

static void
object_free(struct object *o)
{
	struct object *c, *next;
	size_t k;

	for (k = 0; k < OBJ_KIND_COUNT; k++) {
		RB_FOREACH_SAFE(c, object_tree, &o->children[k], next) {
			RB_REMOVE(object_tree, &o->children[k], c);
			object_free(c);
		}
	}
	free(o);
}

void
engine_free(struct engine *e)
{
	struct object *o, *next;
	size_t k;

	if (e == NULL)
		return;
	for (k = 0; k < OBJ_KIND_COUNT; k++) {
		RB_FOREACH_SAFE(o, object_tree, &e->top[k], next) {
			RB_REMOVE(object_tree, &e->top[k], o);
			object_free(o);
		}
	}
	free(e);
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
key_decode(const struct obj_ref *ref, struct object *key,
    struct engine_error *err)
{
	size_t len = ref->name != NULL ? strlen(ref->name) : 0;

	memset(key, 0, sizeof(*key));
	key->kind = ref->kind;
	if (len == 0 || len > OBJ_NAME_MAX)
		return fail(err, "", "%s name must be 1-%d characters",
		    engine_kind_word(ref->kind), OBJ_NAME_MAX);
	memcpy(key->name, ref->name, len + 1);
	if (ref->kind == OBJ_BGP_PEER) {
		char why[96];

		if (ipaddr_decode(ref->name, AF_UNSPEC, &key->addr, why,
		    sizeof(why)) == -1)
			return fail(err, "", "bgp-peer: %s", why);
		/* one spelling per address, whatever was typed */
		ipaddr_format(&key->addr, key->name, sizeof(key->name));
	}
	if (ref->kind == OBJ_VPN_TUNNEL && strcmp(ref->name, "1") != 0 &&
	    strcmp(ref->name, "2") != 0)
		return fail(err, "", "a VPN connection has tunnels 1 and 2 "
		    "only");
	return 0;
}

static struct object_tree *
tree_of(const struct engine *e, enum obj_kind kind, const struct object *p)
{
	if (p != NULL)
		return (struct object_tree *)&p->children[kind];
	return (struct object_tree *)&e->top[kind];
}

/* Find the object ref names, or explain which part does not exist. */
static struct object *
resolve(const struct engine *e, const struct obj_ref *ref,
    struct engine_error *err)
{
	struct object key, *parent = NULL, *o;

	if (ref == NULL || ref->kind <= OBJ_NONE || ref->kind >= OBJ_KIND_COUNT) {
		fail(err, "", "no such object");
		return NULL;
	}
	if (parent_kind(ref->kind) != OBJ_NONE) {
		if (ref->parent == NULL ||
		    ref->parent->kind != parent_kind(ref->kind)) {
			fail(err, "", "a %s belongs inside a %s",
			    engine_kind_word(ref->kind),
			    engine_kind_word(parent_kind(ref->kind)));
			return NULL;
		}
		if ((parent = resolve(e, ref->parent, err)) == NULL)
			return NULL;
	}
	if (key_decode(ref, &key, err) == -1)
		return NULL;
	o = RB_FIND(object_tree, tree_of(e, ref->kind, parent), &key);
	if (o == NULL)
		fail(err, "", "%s %s does not exist", engine_kind_word(ref->kind),
		    key.name);
	return o;
}

const struct object *
engine_find(const struct engine *e, const struct obj_ref *ref)
{
	return resolve(e, ref, NULL);
}

static void
defaults(struct object *o)
{
	switch (o->kind) {
	case OBJ_VBR:
		o->cfg.vbr.vlan = -1;
		o->cfg.vbr.mpbgp = true;
		o->cfg.vbr.bfd_interval_ms = VBR_BFD_INTERVAL_DEFAULT;
		o->cfg.vbr.bfd_multiplier = VBR_BFD_MULTIPLIER_DEFAULT;
		break;
	default:
		break;
	}
}

int
engine_enter(struct engine *e, const struct obj_ref *ref, bool *created,
    struct engine_error *err)
{
	struct object key, *parent = NULL, *o;
	struct engine_error ignore;
	size_t k;

	*created = false;
	if (resolve(e, ref, &ignore) != NULL)
		return 0;
	if (parent_kind(ref->kind) != OBJ_NONE &&
	    (parent = resolve(e, ref->parent, err)) == NULL)
		return -1;
	if (key_decode(ref, &key, err) == -1)
		return -1;
	if ((o = calloc(1, sizeof(*o))) == NULL)
		return fail(err, "", "out of memory");
	o->kind = ref->kind;
	memcpy(o->name, key.name, sizeof(o->name));
	o->addr = key.addr;
	o->parent = parent;
	for (k = 0; k < OBJ_KIND_COUNT; k++)
		RB_INIT(&o->children[k]);
	defaults(o);
	RB_INSERT(object_tree, tree_of(e, o->kind, parent), o);
	*created = true;
	return 0;
}

int
engine_delete(struct engine *e, const struct obj_ref *ref,
    struct engine_error *err)
{
	struct object *o = resolve(e, ref, err);

	if (o == NULL)
		return -1;
	RB_REMOVE(object_tree, tree_of(e, o->kind, o->parent), o);
	object_free(o);
	return 0;
}

static bool
netmask_valid(const struct ipaddr *a)
{
	uint32_t m = ntohl(a->v4.s_addr);

	/* contiguous ones from the top: ~m + 1 is a power of two */
	return a->family == AF_INET && ((~m + 1) & ~m) == 0;
}

static struct object *
resolve_kind(struct engine *e, const struct obj_ref *ref, enum obj_kind want,
    struct engine_error *err)
{
	struct object *o = resolve(e, ref, err);

	if (o != NULL && o->kind != want) {
		fail(err, "", "that setting is not one of a %s",
		    engine_kind_word(o->kind));
		return NULL;
	}
	return o;
}

int
engine_set(struct engine *e, const struct obj_ref *ref, enum setting s,
    const struct setting_value *v, struct engine_error *err)
{
	struct vbr_config *vbr;
	struct object *o;
	char buf[NETADDR_STRLEN];

	if (s == SET_HOSTNAME) {
		if (v->text == NULL || strlen(v->text) == 0 ||
		    strlen(v->text) > OBJ_NAME_MAX)
			return fail(err, "", "hostname must be 1-%d characters",
			    OBJ_NAME_MAX);
		snprintf(e->hostname, sizeof(e->hostname), "%s", v->text);
		return 0;
	}
	if ((o = resolve_kind(e, ref, OBJ_VBR, err)) == NULL)
		return -1;
	vbr = &o->cfg.vbr;
	switch (s) {
	case SET_VBR_DESCRIPTION:
		if (strlen(v->text) > DESCRIPTION_MAX)
			return fail(err, "", "vbr %s: a description has at "
			    "most %d characters (this one has %zu)", o->name,
			    DESCRIPTION_MAX, strlen(v->text));
		snprintf(vbr->description, sizeof(vbr->description), "%s",
		    v->text);
		return 0;
	case SET_VBR_VLAN:
		if (v->number < 0 || v->number > 2999)
			return fail(err, "", "vbr %s: vlan must be 0-2999",
			    o->name);
		vbr->vlan = (int32_t)v->number;
		return 0;
	case SET_VBR_LOCAL_GATEWAY_IP:
		vbr->local_gateway_ip = v->ip;
		vbr->has_local_gateway_ip = true;
		return 0;
	case SET_VBR_PEER_GATEWAY_IP:
		vbr->peer_gateway_ip = v->ip;
		vbr->has_peer_gateway_ip = true;
		return 0;
	case SET_VBR_PEERING_SUBNET_MASK:
		if (!netmask_valid(&v->ip))
			return fail(err, "", "vbr %s: %s is not a netmask "
			    "(ones, then zeros)", o->name,
			    ipaddr_format(&v->ip, buf, sizeof(buf)));
		vbr->peering_subnet_mask = v->ip;
		vbr->has_peering_subnet_mask = true;
		return 0;
	case SET_VBR_IPV6:
		vbr->ipv6 = true;
		return 0;
	case SET_VBR_MPBGP:
		vbr->mpbgp = true;
		return 0;
	case SET_VBR_BFD:
		if (v->interval_ms < 200 || v->interval_ms > 1000 ||
		    v->multiplier < 3 || v->multiplier > 10)
			return fail(err, "", "vbr %s: bfd interval must be "
			    "200-1000 ms and multiplier 3-10", o->name);
		vbr->bfd_interval_ms = (uint16_t)v->interval_ms;
		vbr->bfd_multiplier = (uint8_t)v->multiplier;
		return 0;
	default:
		return fail(err, "", "unknown setting");
	}
}

int
engine_unset(struct engine *e, const struct obj_ref *ref, enum setting s,
    struct engine_error *err)
{
	struct vbr_config *vbr;
	struct object *o;

	if (s == SET_HOSTNAME) {
		snprintf(e->hostname, sizeof(e->hostname), "%s",
		    ENGINE_HOSTNAME_DEFAULT);
		return 0;
	}
	if ((o = resolve_kind(e, ref, OBJ_VBR, err)) == NULL)
		return -1;
	vbr = &o->cfg.vbr;
	switch (s) {
	case SET_VBR_DESCRIPTION:
		vbr->description[0] = '\0';
		return 0;
	case SET_VBR_VLAN:
		vbr->vlan = -1;
		return 0;
	case SET_VBR_LOCAL_GATEWAY_IP:
		vbr->has_local_gateway_ip = false;
		return 0;
	case SET_VBR_PEER_GATEWAY_IP:
		vbr->has_peer_gateway_ip = false;
		return 0;
	case SET_VBR_PEERING_SUBNET_MASK:
		vbr->has_peering_subnet_mask = false;
		return 0;
	case SET_VBR_IPV6:
		vbr->ipv6 = false;
		return 0;
	case SET_VBR_MPBGP:
		vbr->mpbgp = false;
		return 0;
	case SET_VBR_BFD:
		vbr->bfd_interval_ms = VBR_BFD_INTERVAL_DEFAULT;
		vbr->bfd_multiplier = VBR_BFD_MULTIPLIER_DEFAULT;
		return 0;
	default:
		return fail(err, "", "unknown setting");
	}
}

const struct object *
engine_first(const struct engine *e, enum obj_kind kind,
    const struct object *parent)
{
	if (kind <= OBJ_NONE || kind >= OBJ_KIND_COUNT)
		return NULL;
	return RB_MIN(object_tree, tree_of(e, kind, parent));
}

const struct object *
engine_next(const struct object *o)
{
	return RB_NEXT(object_tree, NULL, (struct object *)o);
}

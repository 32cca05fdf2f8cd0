/*
 * cfg_cpe: a simulated data-center router: its ASN, the address it peers
 * from, the one circuit it is wired to (a VBR or a VPN tunnel), what it
 * announces, and its BFD and failure switches.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "cpe_networks.h"
#include "engine_impl.h"

#define FAIL(...)	engine_fail(err, "", __VA_ARGS__)

static void
cpe_defaults(struct engine *e, struct object *o)
{
	(void)e;
	o->cfg.cpe.bfd_interval_ms = CPE_BFD_INTERVAL_DEFAULT;
	o->cfg.cpe.bfd_multiplier = CPE_BFD_MULTIPLIER_DEFAULT;
}

static void
cpe_release(struct object *o)
{
	cpe_networks_release(o->cfg.cpe.networks);
	o->cfg.cpe.networks = NULL;
}

/* The copy shares the networks until one of them changes. */
static int
cpe_duplicate(struct object *o)
{
	o->cfg.cpe.networks = cpe_networks_share(o->cfg.cpe.networks);
	return 0;
}

/* A circuit has one data-center end: the CPE already on it, if any. */
static const struct object *
circuit_taken(const struct engine *e, const struct object *self,
    enum cpe_link link, const char *to, int tunnel)
{
	struct object *c;

	FOREACH_OBJECT(c, e, OBJ_CPE, NULL)
		if (c != self && c->cfg.cpe.link == link &&
		    strcmp(c->cfg.cpe.link_to, to) == 0 &&
		    (link != CPE_LINK_VPN || c->cfg.cpe.link_tunnel == tunnel))
			return c;
	return NULL;
}

static int
cpe_connect(struct engine *e, struct object *o, enum setting s,
    const struct setting_value *v, bool negate, struct engine_error *err)
{
	struct cpe_config *c = &o->cfg.cpe;
	const struct object *conn, *other;
	enum cpe_link link = s == SET_CPE_CONNECT_VBR ? CPE_LINK_VBR :
	    CPE_LINK_VPN;
	char tunnel[4];

	if (negate) {
		c->link = CPE_LINK_NONE;
		c->link_to[0] = '\0';
		c->link_tunnel = 0;
		return 0;
	}
	if (link == CPE_LINK_VBR) {
		if (engine_lookup(e, OBJ_VBR, v->name, NULL) == NULL)
			return FAIL("vbr %s does not exist", v->name);
	} else {
		if ((conn = engine_lookup(e, OBJ_VPN_CONNECTION, v->name,
		    NULL)) == NULL)
			return FAIL("vpn-connection %s does not exist",
			    v->name);
		snprintf(tunnel, sizeof(tunnel), "%d", (int)v->number);
		if (engine_lookup(e, OBJ_VPN_TUNNEL, tunnel, conn) == NULL)
			return FAIL("vpn-connection %s has no tunnel %s",
			    v->name, tunnel);
	}
	if ((other = circuit_taken(e, o, link, v->name, (int)v->number)) !=
	    NULL)
		return FAIL("cpe %s: that circuit already ends at cpe %s",
		    o->name, other->name);
	c->link = link;
	snprintf(c->link_to, sizeof(c->link_to), "%s", v->name);
	c->link_tunnel = link == CPE_LINK_VPN ? (uint8_t)v->number : 0;
	return 0;
}

static int
cpe_network(struct object *o, const struct setting_value *v, bool negate,
    struct engine_error *err)
{
	struct cpe_config *c = &o->cfg.cpe;
	struct cpe_network n;
	char a[NETADDR_STRLEN];
	bool was;

	if (negate) {
		if (cpe_networks_remove(&c->networks, &v->prefix, &was) == -1)
			return FAIL("out of memory");
		if (!was)
			return FAIL("cpe %s does not announce %s", o->name,
			    prefix_format(&v->prefix, a, sizeof(a)));
		return 0;
	}
	if (v->as_path_len > AS_PATH_MAX)
		return FAIL("cpe %s: an as-path has at most %d ASNs", o->name,
		    AS_PATH_MAX);
	memset(&n, 0, sizeof(n));
	n.prefix = v->prefix;
	if (v->as_path_len > 0)
		memcpy(n.as_path, v->as_path,
		    v->as_path_len * sizeof(*v->as_path));
	n.as_path_len = v->as_path_len;
	n.has_med = (v->fields & SF_MED) != 0;
	n.med = v->med;
	n.origin = v->fields & SF_ORIGIN ? v->origin : 0;
	if (cpe_networks_put(&c->networks, &n) == -1)
		return FAIL("out of memory");
	return 0;
}

static int
cpe_set(struct engine *e, struct object *o, enum setting s,
    const struct setting_value *v, bool negate, struct engine_error *err)
{
	struct cpe_config *c = &o->cfg.cpe;

	switch (s) {
	case SET_CPE_ASN:
		if (!negate && v->asn == CLOUD_ASN)
			return FAIL("cpe %s: asn may not be %u, the cloud's "
			    "own ASN (R2)", o->name, CLOUD_ASN);
		c->asn = negate ? 0 : v->asn;
		return 0;
	case SET_CPE_ADDRESS:
		c->has_address = !negate;
		c->address = v->ip;
		return 0;
	case SET_CPE_CONNECT_VBR:
	case SET_CPE_CONNECT_VPN:
		return cpe_connect(e, o, s, v, negate, err);
	case SET_CPE_PEER_ASN:
		c->peer_asn = negate ? 0 : v->asn;
		return 0;
	case SET_CPE_NETWORK:
		return cpe_network(o, v, negate, err);
	case SET_CPE_AUTH_KEY:
		if (!negate && strlen(v->text) > AUTH_KEY_MAX)
			return FAIL("cpe %s: auth-key has at most %d "
			    "characters", o->name, AUTH_KEY_MAX);
		if (!negate && strcmp(v->text, AUTH_KEY_HIDDEN) == 0)
			return FAIL("cpe %s: auth-key %s stands for a key that "
			    "is not shown: type the key itself", o->name,
			    AUTH_KEY_HIDDEN);
		snprintf(c->auth_key, sizeof(c->auth_key), "%s",
		    negate ? "" : v->text);
		return 0;
	case SET_CPE_BFD:
		if (!negate && v->has_timers &&
		    (v->interval_ms < CPE_BFD_INTERVAL_MIN ||
		    v->interval_ms > CPE_BFD_INTERVAL_MAX ||
		    v->multiplier < CPE_BFD_MULTIPLIER_MIN ||
		    v->multiplier > CPE_BFD_MULTIPLIER_MAX))
			return FAIL("cpe %s: bfd interval must be %d-%d ms and "
			    "multiplier %d-%d", o->name, CPE_BFD_INTERVAL_MIN,
			    CPE_BFD_INTERVAL_MAX, CPE_BFD_MULTIPLIER_MIN,
			    CPE_BFD_MULTIPLIER_MAX);
		if (!v->timers_only)
			c->bfd = !negate;
		if (negate || !v->has_timers) {
			c->bfd_interval_ms = CPE_BFD_INTERVAL_DEFAULT;
			c->bfd_multiplier = CPE_BFD_MULTIPLIER_DEFAULT;
		} else {
			c->bfd_interval_ms = (uint16_t)v->interval_ms;
			c->bfd_multiplier = (uint8_t)v->multiplier;
		}
		return 0;
	case SET_CPE_SHUTDOWN:
		c->shutdown = !negate;
		return 0;
	case SET_CPE_LINK_DOWN:
		c->link_down = !negate;
		return 0;
	default:
		return FAIL("not a CPE setting");
	}
}

static bool
cpe_get(const struct engine *e, const struct object *o, enum setting s,
    struct setting_cursor *at, struct setting_value *v)
{
	const struct cpe_config *c = &o->cfg.cpe;
	const struct cpe_network *n;

	(void)e;
	switch (s) {
	case SET_CPE_ASN:
		return get_asn(at, v, c->asn, c->asn != 0);
	case SET_CPE_ADDRESS:
		return get_ip(at, v, &c->address, c->has_address);
	case SET_CPE_PEER_ASN:
		return get_asn(at, v, c->peer_asn, c->peer_asn != 0);
	case SET_CPE_AUTH_KEY:
		return get_text(at, v, c->auth_key, c->auth_key[0] != '\0');
	case SET_CPE_NETWORK:
		if ((n = cpe_networks_at(c->networks, at->i)) == NULL)
			return false;
		at->i++;
		v->prefix = n->prefix;
		v->as_path = n->as_path;
		v->as_path_len = n->as_path_len;
		v->med = n->med;
		v->origin = n->origin;
		v->fields = SF_PREFIX | (n->as_path_len > 0 ? SF_AS_PATH : 0) |
		    (n->has_med ? SF_MED : 0) | (n->origin != 0 ? SF_ORIGIN : 0);
		return true;
	case SET_CPE_BFD:
		if (c->bfd_interval_ms != CPE_BFD_INTERVAL_DEFAULT ||
		    c->bfd_multiplier != CPE_BFD_MULTIPLIER_DEFAULT) {
			v->interval_ms = c->bfd_interval_ms;
			v->multiplier = c->bfd_multiplier;
			v->has_timers = true;
			v->fields = SF_TIMERS;
		}
		return setting_once(at, c->bfd);
	case SET_CPE_CONNECT_VBR:
		return get_name(at, v, c->link_to, c->link == CPE_LINK_VBR);
	case SET_CPE_CONNECT_VPN:
		v->name = c->link_to;
		v->number = c->link_tunnel;
		v->fields = SF_NAME | SF_NUMBER;
		return setting_once(at, c->link == CPE_LINK_VPN);
	case SET_CPE_SHUTDOWN:
		return setting_once(at, c->shutdown);
	case SET_CPE_LINK_DOWN:
		return setting_once(at, c->link_down);
	default:
		return false;
	}
}

const struct kind_ops cpe_ops = {
	.get = cpe_get,
	.set = cpe_set,
	.defaults = cpe_defaults,
	.release = cpe_release,
	.duplicate = cpe_duplicate,
};

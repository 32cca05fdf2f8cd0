/*
 * trace: follows a packet through the live tables.  A next hop says what
 * comes after it: a vswitch delivers; a VPC, transit router, ECR or VPN
 * gateway is the next table; a VBR is its table, or (from its own table)
 * the data-center router at the path's address; a VPN connection is its
 * table, then the CPE at its tunnel's far end.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "../cloud/engine_impl.h"
#include "../sessions/bgp_speakers.h"
#include "trace.h"

/* FNV-1a, 64 bits: spread enough for shares, and the same everywhere. */
static uint64_t
fnv(uint64_t h, const void *p, size_t n)
{
	const uint8_t *b = p;

	while (n-- > 0)
		h = (h ^ *b++) * 0x100000001b3ull;
	return h;
}

static uint64_t
mix(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static uint64_t
score(const struct flow *f, const struct route_hop *h)
{
	uint64_t x = 0xcbf29ce484222325ull;
	uint8_t kind = (uint8_t)h->kind, tunnel = (uint8_t)h->tunnel;

	x = fnv(x, &f->proto, 1);
	x = fnv(x, &f->src, sizeof(f->src));
	x = fnv(x, &f->dst, sizeof(f->dst));
	x = fnv(x, &f->sport, 2);
	x = fnv(x, &f->dport, 2);
	x = fnv(x, &kind, 1);
	x = fnv(x, h->name, strlen(h->name));
	x = fnv(x, &tunnel, 1);
	if (h->has_ip)
		x = fnv(x, &h->ip, sizeof(h->ip));
	return mix(x);
}

size_t
flow_pick(const struct flow *f, const struct route_hop *h, size_t n)
{
	size_t i, best = 0;
	uint64_t s, top = 0;

	for (i = 0; i < n; i++)
		if ((s = score(f, &h[i])) > top || i == 0) {
			top = s;
			best = i;
		}
	return best;
}

void
flow_default(struct flow *f, const struct ipaddr *dst)
{
	memset(f, 0, sizeof(*f));
	f->dst = *dst;
	f->src.family = dst->family;
	if (dst->family == AF_INET)
		inet_pton(AF_INET, "10.0.0.1", &f->src.v4);
	else
		inet_pton(AF_INET6, "fd00::1", &f->src.v6);
	f->proto = FLOW_TCP;
	f->sport = 49152;
	f->dport = 443;
}

/* The CPE whose address is ip and that is wired to the VBR or tunnel. */
static const struct object *
cpe_at(const struct engine *e, const struct ipaddr *ip, enum cpe_link link,
    const char *to, int tunnel)
{
	const struct object *c;

	for (c = engine_first(e, OBJ_CPE, NULL); c != NULL; c = engine_next(c))
		if (c->cfg.cpe.has_address &&
		    ipaddr_equal(&c->cfg.cpe.address, ip) &&
		    c->cfg.cpe.link == link && strcmp(c->cfg.cpe.link_to,
		    to) == 0 && (link != CPE_LINK_VPN ||
		    c->cfg.cpe.link_tunnel == tunnel))
			return c;
	return NULL;
}

static bool
passed(const struct trace *t, enum obj_kind kind, const char *name)
{
	size_t i;

	for (i = 0; i + 1 < t->n; i++)
		if (t->hop[i].kind == kind && strcmp(t->hop[i].name, name) == 0)
			return true;
	return false;
}

/* The route at a hop: a table's, or what a CPE received. */
static bool
lookup(const struct engine *e, struct trace_hop *h, const struct ipaddr *dst,
    struct route_view *view)
{
	const struct route_table *rt;
	const struct route *r;
	const struct speaker *sp;
	const struct rib_route *rr;
	const struct object *cpe;

	if (h->kind == OBJ_CPE) {
		/* the data center sends it up the circuit it learned it on */
		cpe = engine_lookup(e, OBJ_CPE, h->name, NULL);
		if ((sp = bgp_speaker_cpe(e, h->name)) == NULL || cpe == NULL ||
		    (rr = bgp_speaker_in_match(sp, dst, &h->prefix)) == NULL)
			return false;
		h->source = ROUTE_BGP;
		memset(&h->next[0], 0, sizeof(h->next[0]));
		if (cpe->cfg.cpe.link == CPE_LINK_VBR) {
			h->next[0].kind = HOP_VBR;
		} else {
			h->next[0].kind = HOP_CONNECTION;
			h->next[0].tunnel = cpe->cfg.cpe.link_tunnel;
		}
		h->next[0].name = cpe->cfg.cpe.link_to;
		h->next[0].attrs = rr->attrs;
		h->nnext = 1;
		return true;
	}
	if ((rt = route_table_get(e, h->kind, h->name)) == NULL ||
	    (r = route_table_lookup(rt, dst, &h->prefix, view)) == NULL)
		return false;
	h->source = r->source;
	h->nnext = r->nhops < TRACE_NEXT_MAX ? r->nhops : TRACE_NEXT_MAX;
	memcpy(h->next, r->hop, h->nnext * sizeof(h->next[0]));
	return true;
}

/* Where the chosen next hop leads: the next hop's place, or an end. */
static enum trace_end
onward(const struct engine *e, const struct trace_hop *h,
    const struct route_hop *n, enum obj_kind *kind, const char **name,
    char *end_at, size_t len)
{
	const struct object *cpe;
	char a[NETADDR_STRLEN];

	*name = n->name;
	switch (n->kind) {
	case HOP_VSWITCH:
		snprintf(end_at, len, "vswitch %s", n->name);
		return TRACE_DELIVERED;
	case HOP_VPC:
		*kind = OBJ_VPC;
		return TRACE_ON;
	case HOP_TRANSIT_ROUTER:
		*kind = OBJ_TRANSIT_ROUTER;
		return TRACE_ON;
	case HOP_ECR:
		*kind = OBJ_ECR;
		return TRACE_ON;
	case HOP_VPN_GATEWAY:
		*kind = OBJ_VPN_GATEWAY;
		return TRACE_ON;
	case HOP_VBR:
		if (h->kind != OBJ_VBR || strcmp(h->name, n->name) != 0) {
			*kind = OBJ_VBR;
			return TRACE_ON;
		}
		break;
	case HOP_CONNECTION:
		if (h->kind != OBJ_VPN_CONNECTION ||
		    strcmp(h->name, n->name) != 0) {
			*kind = OBJ_VPN_CONNECTION;
			return TRACE_ON;
		}
		break;
	}
	/* out of the cloud: the router at the far end of the circuit */
	if (!n->has_ip) {
		snprintf(end_at, len, "%s %s", hop_kind_words[n->kind], n->name);
		return TRACE_DATA_CENTER;
	}
	cpe = cpe_at(e, &n->ip, n->kind == HOP_VBR ? CPE_LINK_VBR :
	    CPE_LINK_VPN, n->name, n->tunnel);
	ipaddr_format(&n->ip, a, sizeof(a));
	if (cpe != NULL)
		snprintf(end_at, len, "cpe %.*s (%s)", OBJ_NAME_MAX, cpe->name,
		    a);
	else
		snprintf(end_at, len, "the router at %s", a);
	return TRACE_DATA_CENTER;
}

int
trace_run(const struct engine *e, enum obj_kind from, const char *name,
    const struct flow *f, struct trace *t, char *why, size_t len)
{
	struct route_view view;
	struct trace_hop *h;
	enum obj_kind kind = from;
	const char *at = name;

	memset(t, 0, sizeof(*t));
	if (engine_lookup(e, from, name, NULL) == NULL) {
		snprintf(why, len, "%s %s does not exist", engine_kind_word(from),
		    name);
		return -1;
	}
	for (;;) {
		if (t->n == TRACE_HOPS_MAX) {
			t->hop[t->n - 1].end = TRACE_TOO_LONG;
			break;
		}
		h = &t->hop[t->n++];
		h->kind = kind;
		snprintf(h->name, sizeof(h->name), "%s", at);
		h->chosen = -1;
		if (passed(t, kind, at)) {
			h->end = TRACE_LOOP;
			break;
		}
		if (!lookup(e, h, &f->dst, &view)) {
			h->end = TRACE_NO_ROUTE;
			break;
		}
		if (h->nnext == 0) {
			h->end = TRACE_NO_ROUTE;
			break;
		}
		h->chosen = (int)flow_pick(f, h->next, h->nnext);
		h->end = onward(e, h, &h->next[h->chosen], &kind, &at,
		    h->end_at, sizeof(h->end_at));
		if (h->end != TRACE_ON)
			break;
	}
	return 0;
}

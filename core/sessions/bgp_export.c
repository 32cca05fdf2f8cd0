/*
 * bgp_export: what each cloud-side speaker announces, the cloud's export
 * policy: a VBR's peers get its advertised networks and the cloud's own
 * routes; a tunnel gets what its connection's table gives it (per prefix,
 * through the exported hook, as it changes).  Kept as the speaker's
 * Adj-RIB-Out, so only differences are sent.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "speaker_impl.h"

/* Sending (Adj-RIB-Out): what the configuration says to announce. */

/* A route the configuration wants announced; attributes not interned. */
struct want {
	struct prefix		prefix;
	struct rib_attrs	attrs;
};

struct wanted {
	struct want	*v;
	size_t		 n, cap;
	size_t		 lost;		/* not kept: out of memory */
};

static void
want(struct wanted *w, const struct want *r)
{
	struct want *p;
	size_t cap;

	if (w->n == w->cap) {
		cap = w->cap ? w->cap * 2 : 16;
		if ((p = realloc(w->v, cap * sizeof(*p))) == NULL) {
			w->lost++;
			return;
		}
		w->v = p;
		w->cap = cap;
	}
	w->v[w->n++] = *r;
}

/* Our own address of the family, for NEXT_HOP. */
static struct ipaddr
self_next_hop(const struct speaker *sp, const struct ipaddr *v4,
    sa_family_t family)
{
	struct ipaddr a;

	memset(&a, 0, sizeof(a));
	a.family = family;
	if (family == AF_INET) {
		if (v4 != NULL && v4->family == AF_INET)
			return *v4;
		a.v4.s_addr = htonl(sp->cfg.bgp_id);
		return a;
	}
	if (v4 != NULL && v4->family == AF_INET6)
		return *v4;
	/*
	 * IPv6 routes over an IPv4 session need a global IPv6 next hop
	 * (RFC 2545 3), and a VBR has no IPv6 address of its own; an
	 * IPv4-mapped one is read as IPv4 by peers (BIRD refuses it).  A
	 * fixed address from the documentation range, 2001:db8:ffff::/96
	 * plus the BGP identifier, is stable and plainly synthetic.
	 */
	a.v6.s6_addr[0] = 0x20;
	a.v6.s6_addr[1] = 0x01;
	a.v6.s6_addr[2] = 0x0d;
	a.v6.s6_addr[3] = 0xb8;
	a.v6.s6_addr[4] = a.v6.s6_addr[5] = 0xff;
	memcpy(&a.v6.s6_addr[12], &(uint32_t){ htonl(sp->cfg.bgp_id) }, 4);
	return a;
}

/*
 * A VBR on an ECR carries the cloud's routes down to the data center:
 * the CIDR of every VPC on the ECR's transit router.
 */
static void
cloud_routes(const struct speaker *sp, const struct object *vbr,
    struct want *r, struct wanted *w)
{
	const struct engine *e = sp->engine;
	const struct object *ecr, *tr, *vpc;
	size_t i;

	if (vbr->cfg.vbr.ecr[0] == '\0' ||
	    (ecr = engine_lookup(e, OBJ_ECR, vbr->cfg.vbr.ecr, NULL)) == NULL ||
	    ecr->cfg.ecr.transit_router[0] == '\0' ||
	    (tr = engine_lookup(e, OBJ_TRANSIT_ROUTER,
	    ecr->cfg.ecr.transit_router, NULL)) == NULL)
		return;
	for (i = 0; i < tr->cfg.tr.nvpcs; i++) {
		vpc = engine_lookup(e, OBJ_VPC, tr->cfg.tr.vpcs[i], NULL);
		if (vpc == NULL || !vpc->cfg.vpc.has_cidr ||
		    prefix_set_has(&vbr->cfg.vbr.advertise, &vpc->cfg.vpc.cidr))
			continue;
		r->prefix = vpc->cfg.vpc.cidr;
		r->attrs.next_hop = self_next_hop(sp,
		    vbr->cfg.vbr.has_local_gateway_ip ?
		    &vbr->cfg.vbr.local_gateway_ip : NULL, r->prefix.addr.family);
		want(w, r);
	}
}

static void
wanted_routes(const struct speaker *sp, struct wanted *w)
{
	const struct engine *e = sp->engine;
	const struct object *o;
	struct want r;
	size_t i;

	memset(&r, 0, sizeof(r));
	r.attrs.origin = BGP_ORIGIN_IGP;
	r.attrs.as_path[0] = sp->cfg.local_as;
	r.attrs.as_path_len = r.attrs.path_length = 1;
	if (sp->side == SIDE_VBR_PEER) {
		o = engine_lookup(e, OBJ_VBR, sp->owner, NULL);
		if (o == NULL)
			return;
		for (i = 0; i < o->cfg.vbr.advertise.n; i++) {
			r.prefix = o->cfg.vbr.advertise.v[i];
			r.attrs.next_hop = self_next_hop(sp,
			    o->cfg.vbr.has_local_gateway_ip ?
			    &o->cfg.vbr.local_gateway_ip : NULL,
			    r.prefix.addr.family);
			want(w, &r);
		}
		cloud_routes(sp, o, &r, w);
	} else if (sp->side == SIDE_TUNNEL) {
		/* the cloud's routes: the VPC's (V8) or the TR's (sync) */
		size_t n = 0;
		struct prefix *v = e->hooks.advertised == NULL ? NULL :
		    e->hooks.advertised(e, sp->owner, &n);

		for (i = 0; i < n; i++) {
			r.prefix = v[i];
			r.attrs.next_hop = self_next_hop(sp, NULL,
			    r.prefix.addr.family);
			want(w, &r);
		}
		free(v);
	} else if (sp->side == SIDE_CPE) {
		const struct cpe_config *c;

		if ((o = engine_lookup(e, OBJ_CPE, sp->owner, NULL)) == NULL)
			return;
		c = &o->cfg.cpe;
		for (i = 0; i < c->nnetworks; i++) {
			r.prefix = c->networks[i].prefix;
			r.attrs.next_hop = self_next_hop(sp, c->has_address ?
			    &c->address : NULL, r.prefix.addr.family);
			memcpy(&r.attrs.as_path[1], c->networks[i].as_path,
			    c->networks[i].as_path_len * sizeof(uint32_t));
			r.attrs.as_path_len = r.attrs.path_length =
			    (uint32_t)(1 + c->networks[i].as_path_len);
			r.attrs.origin = c->networks[i].origin;
			r.attrs.has_med = c->networks[i].has_med;
			r.attrs.med = c->networks[i].med;
			want(w, &r);
		}
	}
}

static void
send_one(struct speaker *sp, const struct prefix *p, const struct rib_attrs *a,
    bool withdraw)
{
	struct bgp_route_out out = {
		.origin = a->origin, .as_path = a->as_path,
		.as_path_len = a->as_path_len, .next_hop = a->next_hop,
		.has_med = a->has_med, .med = a->med,
	};
	uint8_t buf[BGP_MAX_LEN];
	size_t len;

	len = withdraw ? bgp_update_encode(buf, sizeof(buf),
	    bgp_session_as4(sp->session), &out, NULL, 0, p, 1) :
	    bgp_update_encode(buf, sizeof(buf), bgp_session_as4(sp->session),
	    &out, p, 1, NULL, 0);
	if (len > 0)
		bgp_session_send(sp->session, buf, len);
}

static bool
family_agreed(const struct speaker *sp, sa_family_t f)
{
	const struct bgp_open *peer = bgp_session_peer_open(sp->session);

	if (f == AF_INET)
		return true;
	return sp->cfg.ipv6 && peer->cap_mp_ipv6;
}

static int
want_order(const void *a, const void *b)
{
	return prefix_compare(&((const struct want *)a)->prefix,
	    &((const struct want *)b)->prefix);
}

/* The route a tunnel advertises for one of the cloud's prefixes. */
static void
tunnel_want(const struct speaker *sp, const struct prefix *p, struct want *r)
{
	memset(r, 0, sizeof(*r));
	r->prefix = *p;
	r->attrs.origin = BGP_ORIGIN_IGP;
	r->attrs.as_path[0] = sp->cfg.local_as;
	r->attrs.as_path_len = r->attrs.path_length = 1;
	r->attrs.next_hop = self_next_hop(sp, NULL, p->addr.family);
}

/* Withdraw x from the peer, and from what it was sent. */
static void
out_withdraw(struct speaker *sp, struct rib_route *x)
{
	send_one(sp, &x->prefix, x->attrs, true);
	adj_rib_unlink(&sp->out, x);
	rib_attrs_release(&state_of(sp->engine)->attrs, x->attrs);
	adj_rib_put(&sp->out, x);
}

/* Send p with a (if the peer does not have just that), and keep it. */
static void
out_set(struct speaker *sp, const struct prefix *p, const struct rib_attrs *a)
{
	struct rib_attrs_table *attrs = &state_of(sp->engine)->attrs;
	struct rib_route *x = adj_rib_find(&sp->out, p);
	const struct rib_attrs *shared;
	bool fresh = x == NULL;

	if (x != NULL && rib_attrs_same(x->attrs, a))
		return;
	if ((shared = rib_attrs_intern(attrs, a)) == NULL ||
	    (fresh && (x = adj_rib_alloc(&sp->out)) == NULL)) {
		rib_attrs_release(attrs, shared);
		engine_dropped(sp->engine, DROP_MEMORY, sp->resource,
		    "a route could not be advertised");
		return;
	}
	if (fresh) {
		x->prefix = *p;
		x->sp = sp;
		(void)adj_rib_link(&sp->out, x);
	} else {
		rib_attrs_release(attrs, x->attrs);
	}
	x->attrs = shared;
	send_one(sp, p, a, false);
}

/*
 * One prefix of what the tunnel's connection advertises changed: send,
 * replace or withdraw that one route, as speaker_sync_out() would.
 */
void
speaker_export(struct speaker *sp, const struct prefix *p, bool wanted)
{
	struct rib_route *x;
	struct want r;

	if (sp->session == NULL || bgp_session_state(sp->session) !=
	    BGP_ESTABLISHED || !family_agreed(sp, p->addr.family))
		return;
	if (wanted) {
		tunnel_want(sp, p, &r);
		out_set(sp, p, &r.attrs);
	} else if ((x = adj_rib_find(&sp->out, p)) != NULL) {
		out_withdraw(sp, x);
	}
}

/* Bring what the peer was sent in line with what it should have. */
void
speaker_sync_out(struct speaker *sp)
{
	struct wanted w = { NULL, 0, 0, 0 };
	struct rib_route *x, *next;
	size_t i;

	if (sp->session == NULL ||
	    bgp_session_state(sp->session) != BGP_ESTABLISHED)
		return;
	wanted_routes(sp, &w);
	if (w.lost > 0) {
		/* what the peer has stays: better than withdrawing it */
		engine_dropped(sp->engine, DROP_MEMORY, sp->resource,
		    "the routes to advertise could not all be listed");
		free(w.v);
		return;
	}
	/* withdraw what is no longer wanted: both in prefix order, so one
	 * walk side by side, not a search of one for each of the other */
	if (w.n > 1)
		qsort(w.v, w.n, sizeof(*w.v), want_order);
	i = 0;
	for (x = adj_rib_first(&sp->out); x != NULL; x = next) {
		next = adj_rib_next(x);
		while (i < w.n && prefix_compare(&w.v[i].prefix, &x->prefix) < 0)
			i++;
		if (i < w.n && prefix_compare(&w.v[i].prefix, &x->prefix) == 0)
			continue;
		out_withdraw(sp, x);
	}
	for (i = 0; i < w.n; i++)
		if (family_agreed(sp, w.v[i].prefix.addr.family))
			out_set(sp, &w.v[i].prefix, &w.v[i].attrs);
	free(w.v);
}

/* What a peer was sent goes with it: each route's attributes too. */
void
speaker_out_forget(struct rib_route *x, void *attrs)
{
	rib_attrs_release(attrs, x->attrs);
}


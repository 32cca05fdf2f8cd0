/*
 * bgp_export: what each speaker announces, the cloud's export policy: a
 * VBR's peers get its advertised networks and the cloud's own routes; a
 * tunnel gets what its connection's table gives it (per prefix, through
 * the exported hook, as it changes); a CPE its networks.  Kept as the
 * speaker's Adj-RIB-Out, so only differences are sent.
 *
 * A CPE may hold a million networks (a data center leaking a table), so
 * its export runs in slices, as OpenBGPD's RDE runners do: a walk in
 * prefix order of its networks beside its Adj-RIB-Out that gives the loop
 * back when the round's budget is spent or the send queue is full, and
 * goes on after the last prefix it did.  Prefixes with the same
 * attributes share an UPDATE.  A network added or removed by a line of
 * configuration is sent on its own at once (speaker_cpe_network), so a
 * script of 100k `network` lines costs one UPDATE each, not a walk each.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "speaker_impl.h"
#include "../cloud/cpe_networks.h"

static bool	established(const struct speaker *);
static void	cpe_sync(struct speaker *);

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

	if (!established(sp))
		return;
	if (sp->side == SIDE_CPE) {
		cpe_sync(sp);
		return;
	}
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

/* CPE speakers: the export in slices. */

/* Below BGP_MAX_LEN by more than the attributes of a CPE's route take. */
#define BATCH_BYTES	3600
#define BATCH_MAX	1024

/* Prefixes that go in one UPDATE: one family, one set of attributes. */
struct batch {
	struct speaker		*sp;
	bool			 withdraw;
	const struct rib_attrs	*attrs;		/* announced with these */
	struct prefix		 v[BATCH_MAX];
	size_t			 n, bytes;
};

static void
encode_send(struct speaker *sp, const struct rib_attrs *a,
    const struct prefix *v, size_t n, bool withdraw)
{
	struct bgp_route_out out;
	uint8_t buf[BGP_MAX_LEN];
	size_t len;

	memset(&out, 0, sizeof(out));
	if (a != NULL) {
		out.origin = a->origin;
		out.as_path = a->as_path;
		out.as_path_len = a->as_path_len;
		out.next_hop = a->next_hop;
		out.has_med = a->has_med;
		out.med = a->med;
	}
	len = withdraw ? bgp_update_encode(buf, sizeof(buf),
	    bgp_session_as4(sp->session), &out, NULL, 0, v, n) :
	    bgp_update_encode(buf, sizeof(buf), bgp_session_as4(sp->session),
	    &out, v, n, NULL, 0);
	if (len > 0) {
		bgp_session_send(sp->session, buf, len);
	} else if (n > 1) {
		/* longer attributes than foreseen: in two */
		encode_send(sp, a, v, n / 2, withdraw);
		encode_send(sp, a, v + n / 2, n - n / 2, withdraw);
	}
}

static void
batch_flush(struct batch *b)
{
	if (b->n > 0)
		encode_send(b->sp, b->attrs, b->v, b->n, b->withdraw);
	b->n = b->bytes = 0;
}

static void
batch_add(struct batch *b, const struct prefix *p, const struct rib_attrs *a,
    bool withdraw)
{
	size_t bytes = 1 + (p->len + 7u) / 8u;

	if (b->n > 0 && (b->withdraw != withdraw || b->attrs != a ||
	    b->v[0].addr.family != p->addr.family || b->n == BATCH_MAX ||
	    b->bytes + bytes > BATCH_BYTES))
		batch_flush(b);
	b->withdraw = withdraw;
	b->attrs = a;
	b->v[b->n++] = *p;
	b->bytes += bytes;
}

/* The attributes a CPE announces one of its networks with. */
static void
network_attrs(const struct speaker *sp, const struct cpe_config *c,
    const struct cpe_network *n, struct rib_attrs *a)
{
	memset(a, 0, sizeof(*a));
	a->origin = n->origin;
	a->as_path[0] = sp->cfg.local_as;
	memcpy(&a->as_path[1], n->as_path, n->as_path_len * sizeof(uint32_t));
	a->as_path_len = a->path_length = (uint32_t)(1 + n->as_path_len);
	a->has_med = n->has_med;
	a->med = n->med;
	a->next_hop = self_next_hop(sp, c->has_address ? &c->address : NULL,
	    n->prefix.addr.family);
}

/* The first of c's networks past p (or the first, when p is NULL). */
static size_t
network_after(const struct cpe_config *c, const struct prefix *p)
{
	return cpe_networks_after(c->networks, p);
}

/*
 * Bring one prefix of the Adj-RIB-Out in line: wanted with n's
 * attributes (n NULL: not wanted), x what the peer has now.  Into b.
 */
static void
export_one(struct speaker *sp, struct batch *b, const struct prefix *p,
    const struct cpe_config *c, const struct cpe_network *n,
    struct rib_route *x)
{
	struct rib_attrs_table *attrs = &state_of(sp->engine)->attrs;
	const struct rib_attrs *shared;
	struct rib_attrs want;

	if (n == NULL || !family_agreed(sp, p->addr.family)) {
		if (x == NULL)
			return;
		batch_add(b, p, NULL, true);
		adj_rib_unlink(&sp->out, x);
		rib_attrs_release(attrs, x->attrs);
		adj_rib_put(&sp->out, x);
		return;
	}
	network_attrs(sp, c, n, &want);
	if (x != NULL && rib_attrs_same(x->attrs, &want))
		return;
	if ((shared = rib_attrs_intern(attrs, &want)) == NULL ||
	    (x == NULL && (x = adj_rib_alloc(&sp->out)) == NULL)) {
		rib_attrs_release(attrs, shared);
		engine_dropped(sp->engine, DROP_MEMORY, sp->resource,
		    "a route could not be advertised");
		return;
	}
	if (x->attrs == NULL) {
		x->prefix = *p;
		x->sp = sp;
		(void)adj_rib_link(&sp->out, x);
	} else {
		rib_attrs_release(attrs, x->attrs);
	}
	x->attrs = shared;
	batch_add(b, p, shared, false);
}

static bool
established(const struct speaker *sp)
{
	return sp->session != NULL &&
	    bgp_session_state(sp->session) == BGP_ESTABLISHED;
}

static const struct cpe_config *
cpe_of(const struct speaker *sp)
{
	const struct object *o = engine_lookup(sp->engine, OBJ_CPE, sp->owner,
	    NULL);

	return o != NULL ? &o->cfg.cpe : NULL;
}

/*
 * One slice of a CPE's export: its networks and what the peer was sent,
 * side by side in prefix order, from where the last slice stopped.
 */
bool
speaker_export_slice(void *arg)
{
	struct speaker *sp = arg;
	const struct cpe_config *c = cpe_of(sp);
	static struct batch b;	/* one slice at a time; 20 KiB */
	const struct prefix *after = sp->export_begun ? &sp->export_after :
	    NULL;
	struct rib_route *x, *next;
	const struct cpe_network *n;
	size_t i;
	int cmp;

	if (!sp->exporting || !established(sp) || c == NULL) {
		sp->exporting = false;
		return false;
	}
	evloop_label(sp->engine->loop, "export of %s", sp->resource);
	b.sp = sp;
	b.n = b.bytes = 0;
	i = network_after(c, after);
	x = after != NULL ? adj_rib_after(&sp->out, after) :
	    adj_rib_first(&sp->out);
	for (;;) {
		if (!bgp_session_send_room(sp->session)) {
			batch_flush(&b);
			return false;	/* the room hook posts it again */
		}
		n = cpe_networks_at(c->networks, i);
		if (n == NULL && x == NULL)
			break;
		cmp = n == NULL ? 1 : x == NULL ? -1 :
		    prefix_compare(&n->prefix, &x->prefix);
		next = x != NULL && cmp >= 0 ? adj_rib_next(x) : x;
		sp->export_after = cmp <= 0 ? n->prefix : x->prefix;
		sp->export_begun = true;
		export_one(sp, &b, &sp->export_after, c, cmp <= 0 ? n : NULL,
		    cmp >= 0 ? x : NULL);
		if (cmp <= 0)
			i++;
		x = next;
		if (evloop_yield(sp->engine->loop)) {
			batch_flush(&b);
			return true;
		}
	}
	batch_flush(&b);
	sp->exporting = false;
	bgp_speakers_changed(sp->engine);	/* waits for convergence */
	return false;
}

static void
cpe_sync(struct speaker *sp)
{
	const struct object *o = engine_lookup(sp->engine, OBJ_CPE, sp->owner,
	    NULL);

	if (o == NULL || sp->out_version == o->version)
		return;		/* the export is, or will be, in line */
	sp->out_version = o->version;
	sp->exporting = true;
	sp->export_begun = false;	/* from the start: anything may differ */
	if (!evloop_work_queued(&sp->export))
		evloop_work_post(sp->engine->loop, &sp->export);
}

bool
speaker_cpe_network(struct speaker *sp, const struct prefix *p,
    unsigned long was)
{
	const struct object *o = engine_lookup(sp->engine, OBJ_CPE, sp->owner,
	    NULL);
	const struct cpe_config *c;
	static struct batch b;

	if (o == NULL || !established(sp))
		return true;	/* a session that comes up is sent it all */
	if (sp->out_version != was)
		return false;	/* out of step: the sync that follows */
	sp->out_version = o->version;
	if (sp->exporting && (!sp->export_begun ||
	    prefix_compare(p, &sp->export_after) > 0))
		return true;	/* the export has not got there yet */
	c = &o->cfg.cpe;
	b.sp = sp;
	b.n = b.bytes = 0;
	export_one(sp, &b, p, c, cpe_networks_find(c->networks, p),
	    adj_rib_find(&sp->out, p));
	batch_flush(&b);
	return true;
}

void
speaker_export_room(struct speaker *sp)
{
	if (sp->exporting)
		evloop_work_post(sp->engine->loop, &sp->export);
}

void
speaker_export_stop(struct speaker *sp)
{
	evloop_work_cancel(sp->engine->loop, &sp->export);
	sp->exporting = false;
	sp->out_version = 0;
	speaker_leave(sp, &sp->out, false);
}

/* What a peer was sent goes with it: each route's attributes too. */
void
speaker_out_forget(struct rib_route *x, void *attrs)
{
	rib_attrs_release(attrs, x->attrs);
}


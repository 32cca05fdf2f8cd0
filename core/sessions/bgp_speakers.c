/*
 * bgp_speakers: from configuration to running sessions, and the routes
 * they carry.  bgp_speakers_reconcile() computes the speakers the objects
 * call for, keeps the ones whose settings did not change, and replaces or
 * stops the others, so a `no shutdown` or a new peer-asn takes effect the
 * moment it is typed.
 */
#include <arpa/inet.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/queue.h>
#include <sys/socket.h>
#include <unistd.h>

#include "bgp_tcp.h"
#include "speaker_impl.h"
#include "../base/circuit.h"

#define CONNECT_RETRY_S	5

/* AF_UNSPEC sorts first, so a key without a peer finds the first match. */
int
speaker_cmp(const struct speaker *a, const struct speaker *b)
{
	int c;

	if (a->side != b->side)
		return a->side < b->side ? -1 : 1;
	if ((c = strcmp(a->owner, b->owner)) != 0)
		return c;
	if (a->tunnel != b->tunnel)
		return a->tunnel < b->tunnel ? -1 : 1;
	if (a->peer_ip.family != b->peer_ip.family)
		return a->peer_ip.family < b->peer_ip.family ? -1 : 1;
	if (a->peer_ip.family != AF_UNSPEC &&
	    (c = ipaddr_compare(&a->peer_ip, &b->peer_ip)) != 0)
		return c;
	/* one that retires sorts after the one that takes its place, and
	 * two that retire by where they live */
	if (a->retiring != b->retiring)
		return a->retiring ? 1 : -1;
	if (!a->retiring || a == b)
		return 0;
	return (uintptr_t)a < (uintptr_t)b ? -1 : 1;
}

RB_GENERATE(speaker_index, speaker, by_key, speaker_cmp)

static void
notify(struct engine *e)
{
	struct bgp_speakers *b = state_of(e);
	size_t i;

	for (i = 0; i < sizeof(b->listeners) / sizeof(b->listeners[0]); i++)
		if (b->listeners[i].fn != NULL)
			b->listeners[i].fn(b->listeners[i].arg);
}

static bool
keys_agree(struct speaker *sp)
{
	struct speaker *other;

	TAILQ_FOREACH(other, &state_of(sp->engine)->speakers, entry)
		if (other != sp && other->circuit == sp->circuit) {
			if (strcmp(other->tcp_key, sp->tcp_key) == 0)
				return true;
			other->md5_dropped++;
			return false;
		}
	return true;
}

/* Session hook: a fresh half of the wire, or -1 while nobody is there. */
static int
connect_circuit(void *owner, struct bgp_session *s, bool *in_progress)
{
	struct speaker *sp = owner;
	struct circuit *c = sp->circuit;

	(void)s;
	*in_progress = false;
	if (sp->tcp)
		return bgp_tcp_connect(sp->engine, &sp->peer_ip, sp->tcp_port,
		    sp->tcp_key, in_progress);
	if (c == NULL || c->refs < 2)
		return -1;	/* nobody there */
	if (!keys_agree(sp))
		return -1;	/* the SYN is dropped: Connect, Active, again */
	return circuit_stream(c, sp->circuit_side);
}

static void in_clear(struct speaker *);
static void in_leave(struct speaker *);
static void unstart(struct speaker *);
static struct speaker *find(const struct engine *, enum speaker_side,
		    const char *owner, int tunnel, const struct ipaddr *);
static struct speaker *speakers_first_of(const struct engine *,
		    enum speaker_side, const char *owner);
static struct speaker *speakers_next_of(const struct speaker *);

/* Events (R8). */

static uint64_t
wall_now(const struct engine *e)
{
	return clock_wall_ns(evloop_clock(e->loop));
}

static void
on_state(void *owner, struct bgp_session *s, enum bgp_state old,
    enum bgp_state new)
{
	struct speaker *sp = owner;

	(void)s;
	if (sp->side != SIDE_CPE && old == BGP_ESTABLISHED)
		event_log_add(sp->engine->events, wall_now(sp->engine),
		    EVK_BGP_PEER_DOWN, sp->resource, "%s -> %s: %s",
		    bgp_state_names[old], bgp_state_names[new],
		    bgp_session_last_error(sp->session));
	if (sp->side != SIDE_CPE && new == BGP_ESTABLISHED)
		event_log_add(sp->engine->events, wall_now(sp->engine),
		    EVK_BGP_PEER_UP, sp->resource, "%s -> Established",
		    bgp_state_names[old]);
	if (old == BGP_ESTABLISHED) {
		/* routes go with the session (RFC 4271 9.1.3), in slices */
		in_leave(sp);
		speaker_export_stop(sp);
	}
	if (new == BGP_ESTABLISHED)
		speaker_sync_out(sp);		/* our routes, now that we may */
	notify(sp->engine);
}

/* Receiving (Adj-RIB-In). */

/*
 * Every change to an Adj-RIB-In reaches the tables at once, and through
 * them what other data centers are told (bgp_speakers_export()).
 */
static void
in_changed(struct speaker *sp, const struct prefix *p,
    const struct rib_route *now)
{
	if (sp->engine->hooks.rib_changed != NULL)
		sp->engine->hooks.rib_changed(sp->engine, sp, p, now);
}

static void
release_held(const struct rib_attrs *a, void *arg)
{
	rib_attrs_release(&((struct bgp_speakers *)arg)->attrs, a);
}

static void
in_clear(struct speaker *sp)
{
	struct bgp_speakers *b = state_of(sp->engine);
	struct rib_route *x, *next;
	struct prefix p;

	for (x = adj_rib_first(&sp->in); x != NULL; x = next) {
		next = adj_rib_next(x);
		adj_rib_unlink(&sp->in, x);
		p = x->prefix;
		in_changed(sp, &p, NULL);
		rib_attrs_release(&b->attrs, x->attrs);
		adj_rib_put(&sp->in, x);
	}
	sp->norder = 0;
	rib_held_clear(&sp->held, release_held, b);
	rib_held_clear(&sp->rejected, release_held, b);
	sp->over_limit = false;
}

/* The session went: its routes go in slices; what was held goes now. */
static void
in_leave(struct speaker *sp)
{
	speaker_leave(sp, &sp->in, true);
	sp->norder = 0;
	rib_held_clear(&sp->held, release_held, state_of(sp->engine));
	rib_held_clear(&sp->rejected, release_held, state_of(sp->engine));
	sp->over_limit = false;
}

unsigned
speaker_kind(struct speaker *sp, const char *name)
{
	return evloop_kind(sp->engine->loop, name);
}

void
speaker_leave(struct speaker *sp, struct adj_rib *rib, bool in)
{
	struct bgp_speakers *b = state_of(sp->engine);
	struct leftover *lo;

	if (rib->n == 0) {
		adj_rib_clear(rib, NULL, NULL);
		return;
	}
	if ((lo = calloc(1, sizeof(*lo))) == NULL) {
		/* nowhere to keep them aside: they go at once, as they did */
		if (in)
			in_clear(sp);
		else
			adj_rib_clear(rib, speaker_out_forget, &b->attrs);
		return;
	}
	lo->rib = *rib;
	lo->in = in;
	adj_rib_init(rib);
	if (in) {
		if (sp->leaving == 0)
			b->draining++;
		sp->leaving += lo->rib.n;
	}
	if (sp->leftovers == NULL)
		sp->leftovers_end = &sp->leftovers;
	*sp->leftovers_end = lo;
	sp->leftovers_end = &lo->next;
	evloop_work_post(sp->engine->loop, &sp->drain);
}

static void speaker_reap(struct speaker *);

/*
 * One slice of letting routes go, oldest leftover first.  Each prefix of
 * an Adj-RIB-In is decided again from what the speaker holds now (a
 * session back already may hold it anew), and only then is its old
 * route freed: no table is left pointing at it.
 */
static bool
drain_slice(void *arg)
{
	struct speaker *sp = arg;
	struct bgp_speakers *b = state_of(sp->engine);
	struct leftover *lo;
	struct rib_route *x;
	struct prefix p;

	evloop_label(sp->engine->loop, "routes of %s withdrawn",
	    sp->resource);
	while ((lo = sp->leftovers) != NULL) {
		if ((x = adj_rib_first(&lo->rib)) == NULL) {
			sp->leftovers = lo->next;
			adj_rib_clear(&lo->rib, NULL, NULL);
			free(lo);
			continue;
		}
		adj_rib_unlink(&lo->rib, x);
		if (lo->in) {
			p = x->prefix;
			if (--sp->leaving == 0)
				b->draining--;
			in_changed(sp, &p, adj_rib_find(&sp->in, &p));
		}
		rib_attrs_release(&b->attrs, x->attrs);
		adj_rib_put(&lo->rib, x);
		if (evloop_yield(sp->engine->loop))
			return true;
	}
	if (sp->retiring)
		speaker_reap(sp);	/* it was waiting for this */
	else
		notify(sp->engine);
	return false;
}

/* Every leftover at once: the engine is going. */
static void
drain_now(struct speaker *sp)
{
	struct bgp_speakers *b = state_of(sp->engine);
	struct leftover *lo;
	struct rib_route *x;
	struct prefix p;

	while ((lo = sp->leftovers) != NULL) {
		while ((x = adj_rib_first(&lo->rib)) != NULL) {
			adj_rib_unlink(&lo->rib, x);
			p = x->prefix;
			if (lo->in && --sp->leaving == 0)
				b->draining--;
			if (lo->in)
				in_changed(sp, &p, adj_rib_find(&sp->in, &p));
			rib_attrs_release(&b->attrs, x->attrs);
			adj_rib_put(&lo->rib, x);
		}
		sp->leftovers = lo->next;
		adj_rib_clear(&lo->rib, NULL, NULL);
		free(lo);
	}
	evloop_work_cancel(sp->engine->loop, &sp->drain);
}

/*
 * R5 (and V1): the Exceed event once per crossing, each time the routes
 * the peer announces go from at most the limit to above it.
 */
static void
limit_check(struct speaker *sp)
{
	bool over = sp->route_limit != 0 && (sp->held.n > 0 ||
	    sp->held.lost > 0 || sp->in.n > sp->route_limit);

	if (over && !sp->over_limit)
		event_log_add(sp->engine->events, wall_now(sp->engine),
		    EVK_ROUTES_EXCEED, sp->resource, "the peer "
		    "announces %zu routes, more than its route limit of %u; "
		    "those past it are not installed (%s)", sp->in.n +
		    sp->held.n, sp->route_limit, sp->limit_rule);
	sp->over_limit = over;
}

/* Installed routes in the order learned, kept only under a limit. */
static void
order_add(struct speaker *sp, const struct prefix *p)
{
	struct prefix *v;
	size_t cap;

	if (sp->route_limit == 0)
		return;
	if (sp->norder == sp->ordercap) {
		cap = sp->ordercap ? sp->ordercap * 2 : 16;
		if ((v = realloc(sp->order, cap * sizeof(*v))) == NULL)
			return;
		sp->order = v;
		sp->ordercap = cap;
	}
	sp->order[sp->norder++] = *p;
}

static void
order_remove(struct speaker *sp, const struct prefix *p)
{
	size_t i;

	for (i = sp->norder; i-- > 0;)
		if (prefix_compare(&sp->order[i], p) == 0) {
			memmove(&sp->order[i], &sp->order[i + 1],
			    (sp->norder - i - 1) * sizeof(*sp->order));
			sp->norder--;
			return;
		}
}

/* Install p with attrs, whose reference it takes. */
static void
install(struct speaker *sp, const struct prefix *p, const struct rib_attrs *a)
{
	struct rib_route *x = adj_rib_alloc(&sp->in);

	if (x == NULL) {
		engine_dropped(sp->engine, DROP_MEMORY, sp->resource,
		    "a held route could not be installed");
		rib_attrs_release(&state_of(sp->engine)->attrs, a);
		return;
	}
	x->prefix = *p;
	x->attrs = a;
	x->sp = sp;
	(void)adj_rib_link(&sp->in, x);	/* held: not in the RIB */
	order_add(sp, p);
	in_changed(sp, p, x);
}

/* Held routes, oldest first, into the room under the limit. */
static void
promote(struct speaker *sp)
{
	const struct rib_attrs *a;
	struct prefix p;

	while (sp->route_limit != 0 && sp->in.n < sp->route_limit &&
	    rib_held_pop(&sp->held, &p, &a))
		install(sp, &p, a);
}

/* Under a lowered limit, the most recently learned go aside. */
static void
evict(struct speaker *sp)
{
	const struct rib_attrs *replaced;
	struct rib_route *x;
	struct prefix p;

	while (sp->route_limit != 0 && sp->in.n > sp->route_limit &&
	    sp->norder > 0) {
		p = sp->order[--sp->norder];
		if ((x = adj_rib_find(&sp->in, &p)) == NULL)
			continue;
		adj_rib_unlink(&sp->in, x);
		in_changed(sp, &p, NULL);
		if (!rib_held_put(&sp->held, &x->prefix, x->attrs, true,
		    &replaced))
			rib_attrs_release(&state_of(sp->engine)->attrs,
			    x->attrs);
		adj_rib_put(&sp->in, x);
	}
}

/* The limit changed (configuration): install or set aside at once. */
static void
limit_set(struct speaker *sp, uint32_t limit)
{
	const struct rib_attrs *a;
	struct prefix p;

	if (limit == sp->route_limit)
		return;
	sp->route_limit = limit;
	if (limit == 0) {	/* no quota at all: everything goes in */
		sp->norder = 0;
		while (rib_held_pop(&sp->held, &p, &a))
			install(sp, &p, a);
	}
	promote(sp);
	evict(sp);
	limit_check(sp);
}

/* p is withdrawn, or announced again with a path we take: not refused. */
static void
unreject(struct speaker *sp, const struct prefix *p)
{
	const struct rib_attrs *was;

	if (sp->rejected.n > 0 &&
	    (was = rib_held_take(&sp->rejected, p)) != NULL)
		rib_attrs_release(&state_of(sp->engine)->attrs, was);
}

/*
 * Refused on arrival (RFC 4271 9.1.2: a path that holds our own AS is a
 * loop): not installed, kept with its attributes so that show bgp routes,
 * show bgp peer and explain can say so.  Bounded as held routes are.
 */
static void
reject_all(struct speaker *sp, struct rbuf r, sa_family_t f,
    const struct rib_attrs *key)
{
	struct bgp_speakers *b = state_of(sp->engine);
	const struct rib_attrs *shared, *replaced;
	struct prefix p;

	if ((shared = rib_attrs_intern(&b->attrs, key)) == NULL)
		return;		/* not kept: it is refused all the same */
	while (bgp_nlri_next(&r, f, &p) == 1) {
		if (!rib_held_put(&sp->rejected, &p, rib_attrs_hold(shared),
		    false, &replaced)) {
			rib_attrs_release(&b->attrs, shared);
			continue;
		}
		if (replaced != NULL)
			rib_attrs_release(&b->attrs, replaced);
	}
	rib_attrs_release(&b->attrs, shared);	/* the reference taken above */
}

static void
withdraw_all(struct speaker *sp, struct rbuf r, sa_family_t f)
{
	struct bgp_speakers *b = state_of(sp->engine);
	const struct rib_attrs *held;
	struct rib_route *x;
	struct prefix p;

	while (bgp_nlri_next(&r, f, &p) == 1) {
		if ((x = adj_rib_find(&sp->in, &p)) != NULL) {
			adj_rib_unlink(&sp->in, x);
			in_changed(sp, &p, NULL);
			rib_attrs_release(&b->attrs, x->attrs);
			adj_rib_put(&sp->in, x);
			order_remove(sp, &p);
		} else if ((held = rib_held_take(&sp->held, &p)) != NULL) {
			rib_attrs_release(&b->attrs, held);
		}
		unreject(sp, &p);
	}
	promote(sp);
	limit_check(sp);
}

/*
 * Every ASN an UPDATE's AS_PATH can hold: 4096 bytes of message in 2-octet
 * ASNs.
 */
enum { AS_PATH_WHOLE = 2048 };

static bool
asns_have(const uint32_t *asns, size_t n, uint32_t as)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (asns[i] == as)
			return true;
	return false;
}

static void
announce_all(struct speaker *sp, struct rbuf r, sa_family_t f,
    const struct bgp_attrs *a, const struct ipaddr *nh)
{
	struct bgp_speakers *b = state_of(sp->engine);
	struct rib_attrs key;
	const struct rib_attrs *shared, *replaced;
	struct rib_route *x, *old, *spare = NULL;
	struct prefix p;
	uint32_t asns[AS_PATH_WHOLE];
	size_t n;

	memset(&key, 0, sizeof(key));
	key.origin = a->origin;
	key.has_med = a->has_med;
	key.med = a->med;
	key.next_hop = *nh;
	key.path_length = (uint32_t)bgp_as_path_flatten(a, asns,
	    AS_PATH_WHOLE, &n);
	key.as_path_len = (uint32_t)(n < 32 ? n : 32);
	memcpy(key.as_path, asns, key.as_path_len * sizeof(asns[0]));
	/* RFC 4271 9.1.2: a path through ourselves is a loop, wherever in
	 * the path we are (a RIB keeps only the first 32) */
	if (asns_have(asns, n, sp->cfg.local_as)) {
		withdraw_all(sp, r, f);	/* what it replaces is gone */
		reject_all(sp, r, f, &key);
		return;
	}
	if ((shared = rib_attrs_intern(&b->attrs, &key)) == NULL) {
		engine_dropped(sp->engine, DROP_MEMORY, sp->resource,
		    "an UPDATE's attributes could not be kept; its routes "
		    "were not installed");
		return;
	}
	/* one descent per prefix: insert, and look at what was there */
	while (bgp_nlri_next(&r, f, &p) == 1) {
		x = spare != NULL ? spare : adj_rib_alloc(&sp->in);
		spare = NULL;
		if (x == NULL) {
			engine_dropped(sp->engine, DROP_MEMORY, sp->resource,
			    "a route could not be installed");
			continue;
		}
		x->prefix = p;
		x->sp = sp;
		unreject(sp, &p);
		if ((old = adj_rib_link(&sp->in, x)) != NULL) {
			/* implicit withdraw: the new attributes replace, and
			 * the old go only once no table points at them */
			const struct rib_attrs *was = old->attrs;

			spare = x;
			old->attrs = rib_attrs_hold(shared);
			in_changed(sp, &old->prefix, old);
			rib_attrs_release(&b->attrs, was);
			continue;
		}
		/* R5: past the limit (x now counted in it), routes are held
		 * aside, not installed */
		if (sp->route_limit != 0 && sp->in.n > sp->route_limit) {
			adj_rib_unlink(&sp->in, x);
			spare = x;
			if (rib_held_put(&sp->held, &p, rib_attrs_hold(shared),
			    false, &replaced)) {
				if (replaced != NULL)
					rib_attrs_release(&b->attrs, replaced);
			} else {
				rib_attrs_release(&b->attrs, shared);
			}
			continue;
		}
		x->attrs = rib_attrs_hold(shared);
		order_add(sp, &x->prefix);
		in_changed(sp, &x->prefix, x);
	}
	adj_rib_put(&sp->in, spare);
	rib_attrs_release(&b->attrs, shared);	/* the reference taken above */
	limit_check(sp);
}

static void
on_update(void *owner, struct bgp_session *s, const struct bgp_update *u)
{
	struct speaker *sp = owner;
	const struct bgp_attrs *a = &u->attrs;
	struct ipaddr nh;

	(void)s;
	withdraw_all(sp, u->withdrawn, AF_INET);
	if (a->has_mp_unreach)
		withdraw_all(sp, a->mp_withdrawn,
		    a->mp_unreach_afi == BGP_AFI_IPV6 ? AF_INET6 : AF_INET);
	if (u->error.action == BGP_ACT_WITHDRAW) {	/* RFC 7606 2 */
		withdraw_all(sp, u->nlri, AF_INET);
		if (a->has_mp_reach)
			withdraw_all(sp, a->mp_reach_nlri,
			    a->mp_reach_afi == BGP_AFI_IPV6 ? AF_INET6 :
			    AF_INET);
	} else {
		if (u->nlri.len > 0) {
			memset(&nh, 0, sizeof(nh));
			nh.family = AF_INET;
			nh.v4 = a->next_hop;
			announce_all(sp, u->nlri, AF_INET, a, &nh);
		}
		if (a->has_mp_reach)
			announce_all(sp, a->mp_reach_nlri,
			    a->mp_next_hop.family, a, &a->mp_next_hop);
	}
	notify(sp->engine);
}

/*
 * One prefix of what a connection's tunnels advertise changed (the
 * runtime's exported hook): each tunnel's speaker follows.
 */
void
bgp_speakers_export(struct engine *e, const char *conn, const struct prefix *p,
    bool wanted)
{
	struct speaker *sp;

	if (state_of(e) == NULL)
		return;
	for (sp = speakers_first_of(e, SIDE_TUNNEL, conn); sp != NULL;
	    sp = speakers_next_of(sp))
		speaker_export(sp, p, wanted);
}

bool
bgp_speakers_cpe_network(struct engine *e, const char *cpe,
    const struct prefix *p, unsigned long was)
{
	struct speaker *sp;

	if (state_of(e) == NULL || (sp = find(e, SIDE_CPE, cpe, 0,
	    NULL)) == NULL)
		return true;	/* no session: the one made is sent it all */
	return speaker_cpe_network(sp, p, was);
}

/* Speakers. */

static void
retire(struct bgp_speakers *b, const struct speaker *sp)
{
	struct retired *r;

	if (b->nretired == RETIRED_MAX) {
		r = TAILQ_LAST(&b->retired, retired_list);
		TAILQ_REMOVE(&b->retired, r, entry);
	} else if ((r = malloc(sizeof(*r))) == NULL) {
		return;
	} else {
		b->nretired++;
	}
	r->side = sp->side;
	memcpy(r->owner, sp->owner, sizeof(r->owner));
	r->tunnel = sp->tunnel;
	r->peer_ip = sp->peer_ip;
	r->history = *bgp_session_history(sp->session);
	TAILQ_INSERT_HEAD(&b->retired, r, entry);
}

/* A new session for a peer that had one takes on its history. */
static void
unretire(struct bgp_speakers *b, struct speaker *sp)
{
	struct retired *r;

	TAILQ_FOREACH(r, &b->retired, entry)
		if (r->side == sp->side && strcmp(r->owner, sp->owner) == 0 &&
		    r->tunnel == sp->tunnel &&
		    ipaddr_equal(&r->peer_ip, &sp->peer_ip))
			break;
	if (r == NULL)
		return;
	bgp_session_inherit_history(sp->session, &r->history);
	TAILQ_REMOVE(&b->retired, r, entry);
	b->nretired--;
	free(r);
}

/*
 * The configuration no longer asks for it: the session stops now, with
 * the Cease subcode that says why (RFC 4486), and a session for the same
 * peer may start beside it; the speaker itself goes once its routes have
 * (drain_slice), feeding the tables until then.
 */
static void
speaker_retire(struct speaker *sp, uint8_t cease)
{
	struct bgp_speakers *b = state_of(sp->engine);

	RB_REMOVE(speaker_index, &b->index, sp);
	sp->retiring = true;
	RB_INSERT(speaker_index, &b->index, sp);
	unstart(sp);
	if (sp->session != NULL) {
		sp->peer_id = bgp_session_peer_id(sp->session);
		/* the configuration's doing, so the operator's */
		bgp_session_stop(sp->session, BGP_MANUAL, cease);
		retire(b, sp);
		bgp_session_free(sp->session);
		sp->session = NULL;
	}
	circuit_put(sp->circuit);
	sp->circuit = NULL;
	in_leave(sp);
	speaker_export_stop(sp);
	if (sp->leftovers == NULL)
		speaker_reap(sp);
}

/* Its routes are gone: so is the speaker. */
static void
speaker_reap(struct speaker *sp)
{
	struct bgp_speakers *b = state_of(sp->engine);
	struct engine *e = sp->engine;

	TAILQ_REMOVE(&b->speakers, sp, entry);
	RB_REMOVE(speaker_index, &b->index, sp);
	evloop_work_cancel(sp->engine->loop, &sp->drain);
	evloop_work_cancel(sp->engine->loop, &sp->export);
	adj_rib_clear(&sp->in, NULL, NULL);
	if (sp->engine->hooks.speaker_gone != NULL)
		sp->engine->hooks.speaker_gone(sp->engine, sp);
	adj_rib_clear(&sp->out, speaker_out_forget, &b->attrs);
	free(sp->order);
	free(sp);
	notify(e);
}

/* The engine is going: every speaker at once. */
static void
speaker_free_now(struct speaker *sp)
{
	struct bgp_speakers *b = state_of(sp->engine);
	struct engine *e = sp->engine;

	unstart(sp);
	if (sp->session != NULL) {
		bgp_session_stop(sp->session, BGP_MANUAL, BGP_CEASE_SHUTDOWN);
		bgp_session_free(sp->session);
		sp->session = NULL;
	}
	circuit_put(sp->circuit);
	sp->circuit = NULL;
	in_clear(sp);
	drain_now(sp);
	TAILQ_REMOVE(&b->speakers, sp, entry);
	RB_REMOVE(speaker_index, &b->index, sp);
	evloop_work_cancel(e->loop, &sp->export);
	adj_rib_clear(&sp->in, NULL, NULL);
	if (e->hooks.speaker_gone != NULL)
		e->hooks.speaker_gone(e, sp);
	adj_rib_clear(&sp->out, speaker_out_forget, &b->attrs);
	free(sp->order);
	free(sp);
}

static uint32_t
id_of(const struct ipaddr *a, const char *salt)
{
	uint32_t h = 2166136261u;

	if (a != NULL && a->family == AF_INET && a->v4.s_addr != 0)
		return ntohl(a->v4.s_addr);
	/* no IPv4 address to use: a stable one from the name */
	for (; *salt != '\0'; salt++)
		h = (h ^ (uint8_t)*salt) * 16777619u;
	return 0xc6120000u | (h & 0xffff);	/* 198.18.0.0/16 */
}

struct desired {
	enum speaker_side		side;
	const char			*owner;
	int				tunnel;
	struct ipaddr			peer_ip;
	struct bgp_session_config	cfg;
	uint32_t			route_limit;
	const char			*limit_rule;
	bool				tcp;
	uint16_t			tcp_port;
	const char			*tcp_key;
};

static struct speaker *
find(const struct engine *e, enum speaker_side side, const char *owner,
    int tunnel, const struct ipaddr *peer)
{
	struct speaker key, *sp;

	memset(&key, 0, sizeof(key));
	key.side = side;
	snprintf(key.owner, sizeof(key.owner), "%s", owner);
	key.tunnel = tunnel;
	memset(&key.peer_ip, 0, sizeof(key.peer_ip));
	if (peer != NULL)
		key.peer_ip = *peer;
	/* without a peer: the first speaker of that side, owner and tunnel */
	sp = RB_NFIND(speaker_index, &state_of(e)->index, &key);
	while (sp != NULL && sp->retiring && sp->side == side &&
	    strcmp(sp->owner, owner) == 0 && sp->tunnel == tunnel)
		sp = RB_NEXT(speaker_index, NULL, sp);
	if (sp == NULL || sp->retiring || sp->side != side ||
	    strcmp(sp->owner, owner) != 0 ||
	    sp->tunnel != tunnel ||
	    (peer != NULL && !ipaddr_equal(&sp->peer_ip, peer)))
		return NULL;
	return sp;
}

/* The send queue drained: an export that waited goes on. */
static void
on_room(void *owner, struct bgp_session *s)
{
	(void)s;
	speaker_export_room(owner);
}

/* RFC 2918: send the Adj-RIB-Out again, all of it. */
static void
on_refresh(void *owner, struct bgp_session *s)
{
	struct speaker *sp = owner;

	(void)s;
	speaker_export_stop(sp);	/* all of it, as if never sent */
	speaker_sync_out(sp);
}

static struct speaker *
ensure(struct engine *e, const struct desired *d)
{
	static const struct bgp_session_hooks hooks = {
		on_state, on_update, connect_circuit, on_refresh, on_room,
	};
	struct speaker *sp = find(e, d->side, d->owner, d->tunnel,
	    d->side == SIDE_CPE ? NULL : &d->peer_ip);
	char ip[NETADDR_STRLEN];

	if (sp != NULL && memcmp(&sp->cfg, &d->cfg, sizeof(d->cfg)) == 0 &&
	    ipaddr_equal(&sp->peer_ip, &d->peer_ip) && sp->tcp == d->tcp &&
	    sp->tcp_port == d->tcp_port && strcmp(sp->tcp_key,
	    d->tcp_key != NULL ? d->tcp_key : "") == 0) {
		sp->seen = true;
		sp->limit_rule = d->limit_rule;
		limit_set(sp, d->route_limit);
		return sp;
	}
	if (sp != NULL)		/* its settings changed: start afresh */
		speaker_retire(sp, BGP_CEASE_CONFIG_CHANGE);
	if ((sp = calloc(1, sizeof(*sp))) == NULL)
		return NULL;
	sp->engine = e;
	evloop_work_init(&sp->drain, evloop_kind(e->loop, "routes withdrawn"),
	    drain_slice, sp);
	evloop_work_init(&sp->export, evloop_kind(e->loop, "export"),
	    speaker_export_slice, sp);
	sp->side = d->side;
	snprintf(sp->owner, sizeof(sp->owner), "%s", d->owner);
	sp->tunnel = d->tunnel;
	sp->peer_ip = d->peer_ip;
	sp->cfg = d->cfg;
	sp->route_limit = d->route_limit;
	sp->limit_rule = d->limit_rule;
	rib_held_init(&sp->held);
	rib_held_init(&sp->rejected);
	sp->tcp = d->tcp;
	sp->tcp_port = d->tcp_port;
	snprintf(sp->tcp_key, sizeof(sp->tcp_key), "%s",
	    d->tcp_key != NULL ? d->tcp_key : "");
	sp->seen = true;
	adj_rib_init(&sp->in);
	adj_rib_init(&sp->out);
	ipaddr_format(&d->peer_ip, ip, sizeof(ip));
	if (d->side == SIDE_VBR_PEER)
		snprintf(sp->resource, sizeof(sp->resource), "vbr %s peer %s",
		    d->owner, ip);
	else if (d->side == SIDE_TUNNEL)
		snprintf(sp->resource, sizeof(sp->resource), "vpn-connection "
		    "%s tunnel %d peer %s", d->owner, d->tunnel, ip);
	else
		snprintf(sp->resource, sizeof(sp->resource), "cpe %s", d->owner);
	if ((sp->session = bgp_session_new(e->loop, &d->cfg, &hooks,
	    sp)) == NULL) {
		free(sp);
		return NULL;
	}
	bgp_session_set_label(sp->session, sp->resource);
	unretire(state_of(e), sp);
	TAILQ_INSERT_TAIL(&state_of(e)->speakers, sp, entry);
	RB_INSERT(speaker_index, &state_of(e)->index, sp);
	return sp;
}

/* Join a cloud-side speaker and its CPE with one circuit. */
static void
wire(struct speaker *cloud, struct speaker *cpe, bool down)
{
	struct circuit *c;

	if (cloud->circuit != NULL && cloud->circuit == cpe->circuit) {
		c = cloud->circuit;
	} else {
		circuit_put(cloud->circuit);
		circuit_put(cpe->circuit);
		if ((c = circuit_new(cloud->engine->loop)) == NULL) {
			cloud->circuit = cpe->circuit = NULL;
			return;
		}
		c->refs = 2;
		cloud->circuit = cpe->circuit = c;
		cloud->circuit_side = CIRCUIT_CLOUD;
		cpe->circuit_side = CIRCUIT_CPE;
		/* a new wire: whoever waits for one need not wait longer */
		bgp_session_retry_now(cloud->session);
		bgp_session_retry_now(cpe->session);
	}
	bgp_session_set_carrier(cloud->session, !down);
	bgp_session_set_carrier(cpe->session, !down);
	if (c->down && !down) {
		c->down = false;
		bgp_session_retry_now(cloud->session);
		bgp_session_retry_now(cpe->session);
	}
	c->down = down;
}

static const struct object *
cpe_on(const struct engine *e, enum cpe_link link, const char *to, int tunnel,
    const struct ipaddr *addr)
{
	struct object *c;

	FOREACH_OBJECT(c, e, OBJ_CPE, NULL)
		if (c->cfg.cpe.link == link && strcmp(c->cfg.cpe.link_to,
		    to) == 0 && (link != CPE_LINK_VPN ||
		    c->cfg.cpe.link_tunnel == tunnel) && c->cfg.cpe.has_address &&
		    ipaddr_equal(&c->cfg.cpe.address, addr) &&
		    c->cfg.cpe.asn != 0)
			return c;
	return NULL;
}

static struct speaker *
cpe_speaker(struct engine *e, const struct object *c, const struct ipaddr *to)
{
	struct desired d;

	memset(&d, 0, sizeof(d));
	d.side = SIDE_CPE;
	d.owner = c->name;
	d.peer_ip = *to;
	d.cfg.local_as = c->cfg.cpe.asn;
	d.cfg.peer_as = c->cfg.cpe.peer_asn;
	d.cfg.bgp_id = id_of(&c->cfg.cpe.address, c->name);
	d.cfg.hold_time = 180;
	d.cfg.keepalive = 60;
	d.cfg.ipv4 = d.cfg.ipv6 = true;
	d.cfg.connect_retry_s = CONNECT_RETRY_S;
	d.tcp_key = c->cfg.cpe.auth_key;
	return ensure(e, &d);
}

static void
vbr_peers(struct engine *e, const struct object *v)
{
	struct object *p, *g;
	const struct object *c;
	struct speaker *cloud, *cpe;
	struct desired d;
	bool drill;

	FOREACH_OBJECT(p, e, OBJ_BGP_PEER, v) {
		g = engine_lookup(e, OBJ_BGP_GROUP, p->cfg.peer.group, v);
		if (g == NULL || g->cfg.group.peer_asn == 0 ||
		    p->cfg.peer.shutdown)
			continue;
		memset(&d, 0, sizeof(d));
		d.side = SIDE_VBR_PEER;
		d.owner = v->name;
		d.peer_ip = p->addr;
		d.cfg.local_as = g->cfg.group.local_asn;
		d.cfg.peer_as = g->cfg.group.peer_asn;
		d.cfg.bgp_id = id_of(v->cfg.vbr.has_local_gateway_ip ?
		    &v->cfg.vbr.local_gateway_ip : NULL, v->name);
		d.cfg.hold_time = g->cfg.group.hold_time;
		d.cfg.keepalive = g->cfg.group.keepalive;
		d.cfg.ipv4 = true;
		d.cfg.ipv6 = v->cfg.vbr.ipv6 && v->cfg.vbr.mpbgp;
		d.cfg.connect_retry_s = CONNECT_RETRY_S;
		d.route_limit = e->flags & ENGINE_NO_QUOTAS ? 0 :
		    g->cfg.group.route_limit;
		d.limit_rule = "R5";
		/* no CPE on the circuit: a real router, over TCP */
		c = cpe_on(e, CPE_LINK_VBR, v->name, 0, &p->addr);
		d.tcp = c == NULL;
		d.tcp_port = p->cfg.peer.port;
		d.tcp_key = g->cfg.group.auth_key;
		if ((cloud = ensure(e, &d)) == NULL)
			continue;
		drill = engine_drilled(e, v->name);
		if (c == NULL) {
			/* E2 on a real router's circuit: nothing moves */
			bgp_session_set_carrier(cloud->session, !drill);
			continue;
		}
		/* a CPE shut down is on the circuit, and silent */
		if (!c->cfg.cpe.shutdown &&
		    (cpe = cpe_speaker(e, c, &p->addr)) != NULL)
			wire(cloud, cpe, c->cfg.cpe.link_down || drill);
	}
}

/* V1: routes a tunnel's BGP peer may install. */
static uint32_t
tunnel_quota(const struct engine *e, const struct object *conn)
{
	const struct object *gw;

	if (e->flags & ENGINE_NO_QUOTAS)
		return 0;
	if (conn->cfg.conn.attach == ATTACH_TRANSIT_ROUTER)
		return TR_TUNNEL_ROUTE_QUOTA;
	gw = conn->cfg.conn.attach == ATTACH_VPN_GATEWAY ? engine_lookup(e,
	    OBJ_VPN_GATEWAY, conn->cfg.conn.attached_to, NULL) : NULL;
	return gw != NULL ? gw->cfg.vpngw.route_quota :
	    VPNGW_ROUTE_QUOTA_DEFAULT;
}

static void
tunnels(struct engine *e)
{
	struct object *conn, *t;
	const struct object *c, *cgw;
	struct speaker *cloud, *cpe;
	struct desired d;

	FOREACH_OBJECT(conn, e, OBJ_VPN_CONNECTION, NULL) {
		if (!conn->cfg.conn.bgp)
			continue;
		FOREACH_OBJECT(t, e, OBJ_VPN_TUNNEL, conn) {
			if (!t->cfg.tunnel.has_local_bgp_ip || t->cfg.tunnel.shutdown)
				continue;
			cgw = engine_lookup(e, OBJ_CUSTOMER_GATEWAY,
			    t->cfg.tunnel.customer_gateway, NULL);
			memset(&d, 0, sizeof(d));
			d.side = SIDE_TUNNEL;
			d.owner = conn->name;
			d.tunnel = atoi(t->name);
			d.peer_ip = rules_tunnel_peer(&t->cfg.tunnel.cidr,
			    &t->cfg.tunnel.local_bgp_ip);
			d.cfg.local_as = t->cfg.tunnel.local_asn;
			d.cfg.peer_as = cgw != NULL ? cgw->cfg.cgw.asn : 0;
			d.cfg.bgp_id = id_of(&t->cfg.tunnel.local_bgp_ip,
			    conn->name);
			d.cfg.hold_time = 180;
			d.cfg.keepalive = 60;
			d.cfg.ipv4 = true;
			d.cfg.connect_retry_s = CONNECT_RETRY_S;
			d.route_limit = tunnel_quota(e, conn);
			d.limit_rule = "V1";
			/* no CPE on the tunnel: a real router, over TCP */
			c = cpe_on(e, CPE_LINK_VPN, conn->name, d.tunnel,
			    &d.peer_ip);
			d.tcp = c == NULL;
			d.tcp_port = BGP_PORT;
			if ((cloud = ensure(e, &d)) == NULL)
				continue;
			if (c != NULL && !c->cfg.cpe.shutdown &&
			    (cpe = cpe_speaker(e, c,
			    &t->cfg.tunnel.local_bgp_ip)) != NULL)
				wire(cloud, cpe, c->cfg.cpe.link_down);
		}
	}
}

/* Is a speaker going because its peer or CPE was shut down? */
static bool
shut_down(const struct engine *e, const struct speaker *sp)
{
	const struct object *o, *p;

	if (sp->side == SIDE_CPE)
		return (o = engine_lookup(e, OBJ_CPE, sp->owner, NULL)) != NULL &&
		    o->cfg.cpe.shutdown;
	if (sp->side == SIDE_TUNNEL) {
		o = engine_lookup(e, OBJ_VPN_CONNECTION, sp->owner, NULL);
		for (p = o != NULL ? engine_first(e, OBJ_VPN_TUNNEL, o) : NULL;
		    p != NULL; p = engine_next(p))
			if (atoi(p->name) == sp->tunnel)
				return p->cfg.tunnel.shutdown;
		return false;
	}
	o = engine_lookup(e, OBJ_VBR, sp->owner, NULL);
	for (p = o != NULL ? engine_first(e, OBJ_BGP_PEER, o) : NULL;
	    p != NULL; p = engine_next(p))
		if (ipaddr_equal(&p->addr, &sp->peer_ip))
			return p->cfg.peer.shutdown;
	return false;
}

/* Sessions started, oldest first, as far as the round allows. */
static bool
starts_slice(void *arg)
{
	struct engine *e = arg;
	struct bgp_speakers *b = state_of(e);
	struct speaker *sp;

	while ((sp = TAILQ_FIRST(&b->to_start)) != NULL) {
		TAILQ_REMOVE(&b->to_start, sp, start_entry);
		sp->to_start = false;
		if (sp->session != NULL &&
		    bgp_session_state(sp->session) == BGP_IDLE) {
			bgp_session_start(sp->session, sp->started_once ?
			    BGP_AUTOMATIC : BGP_MANUAL);
			sp->started_once = true;
		}
		if (evloop_yield(e->loop))
			return !TAILQ_EMPTY(&b->to_start);
	}
	return false;
}

static void
unstart(struct speaker *sp)
{
	if (sp->to_start) {
		TAILQ_REMOVE(&state_of(sp->engine)->to_start, sp, start_entry);
		sp->to_start = false;
	}
}

static struct bgp_speakers *
state_init(struct engine *e)
{
	struct bgp_speakers *b;

	if (e->bgp == NULL && (b = calloc(1, sizeof(*b))) != NULL) {
		TAILQ_INIT(&b->speakers);
		TAILQ_INIT(&b->to_start);
		evloop_work_init(&b->starts, evloop_kind(e->loop,
		    "session starts"), starts_slice, e);
		TAILQ_INIT(&b->retired);
		RB_INIT(&b->index);
		e->bgp = b;
	}
	return e->bgp;
}

/*
 * The speakers the configuration asks for, made or ended; the runtime
 * then brings the tables along and calls bgp_speakers_sync().  Speakers
 * not seen by the end of a walk are not asked for any more; a VBR made
 * or changed behind the walk is the next walk's (the runtime makes one
 * for any change since this one began).
 */
bool
bgp_speakers_reconcile_some(struct engine *e)
{
	struct speaker *sp, *next;
	struct bgp_speakers *b;
	struct object *v;

	if ((b = state_init(e)) == NULL)
		return false;
	if (!b->walking) {
		TAILQ_FOREACH(sp, &b->speakers, entry)
			sp->seen = false;
		b->walking = true;
		b->walked[0] = '\0';
		b->walked_tunnels = false;
	}
	for (v = b->walked[0] == '\0' ? engine_first_mut(e, OBJ_VBR, NULL) :
	    engine_after_mut(e, OBJ_VBR, b->walked, NULL); v != NULL;
	    v = RB_NEXT(object_tree, NULL, v)) {
		vbr_peers(e, v);
		snprintf(b->walked, sizeof(b->walked), "%s", v->name);
		if (RB_NEXT(object_tree, NULL, v) != NULL &&
		    evloop_yield(e->loop))
			return true;
	}
	if (!b->walked_tunnels) {
		tunnels(e);
		b->walked_tunnels = true;
	}
	/* ten thousand ended by one commit: in slices too (the list is
	 * looked through again from its head: the ended are skipped) */
	TAILQ_FOREACH_SAFE(sp, &b->speakers, entry, next)
		if (!sp->seen && !sp->retiring) {
			speaker_retire(sp, shut_down(e, sp) ?
			    BGP_CEASE_SHUTDOWN : BGP_CEASE_DECONFIGURED);
			if (evloop_yield(e->loop))
				return true;
		}
	b->walking = false;
	return false;
}

void
bgp_speakers_reconcile(struct engine *e)
{
	struct bgp_speakers *b;

	if ((b = state_init(e)) == NULL)
		return;
	b->walking = false;	/* from the start, all at once */
	while (bgp_speakers_reconcile_some(e))
		;
}

void
bgp_speakers_sync(struct engine *e)
{
	struct bgp_speakers *b = state_of(e);
	struct speaker *sp;

	if (b == NULL)
		return;
	TAILQ_FOREACH(sp, &b->speakers, entry) {
		if (sp->retiring)
			continue;
		if (bgp_session_state(sp->session) == BGP_IDLE &&
		    !(e->flags & ENGINE_CHECK_ONLY) && !sp->to_start) {
			sp->to_start = true;
			TAILQ_INSERT_TAIL(&b->to_start, sp, start_entry);
			evloop_work_post(e->loop, &b->starts);
		}
		speaker_sync_out(sp);
		/* once per socket: 12k peers are 12k system calls */
		if (sp->tcp && sp->key_gen != e->listen_gen + 1) {
			bgp_tcp_key(e, &sp->peer_ip, sp->tcp_key);
			sp->key_gen = e->listen_gen + 1;
		}
	}
}

void
bgp_speakers_notify(struct engine *e)
{
	notify(e);
}

/* A TCP connection came in: the session of the peer it is from takes it. */
bool
bgp_speakers_accept(struct engine *e, const struct ipaddr *from, int fd)
{
	struct bgp_speakers *b = state_of(e);
	struct speaker *sp;

	if (b == NULL)
		return false;
	TAILQ_FOREACH(sp, &b->speakers, entry)
		if (!sp->retiring && sp->tcp && ipaddr_equal(&sp->peer_ip, from) &&
		    bgp_session_accept(sp->session, fd))
			return true;
	return false;
}

void
bgp_speakers_free(struct engine *e)
{
	struct bgp_speakers *b = state_of(e);
	struct retired *r;

	if (b == NULL)
		return;
	evloop_work_cancel(e->loop, &b->starts);
	while (!TAILQ_EMPTY(&b->speakers))
		speaker_free_now(TAILQ_FIRST(&b->speakers));
	while ((r = TAILQ_FIRST(&b->retired)) != NULL) {
		TAILQ_REMOVE(&b->retired, r, entry);
		free(r);
	}
	rib_attrs_table_free(&b->attrs);	/* every route is gone */
	free(b);
	e->bgp = NULL;
}

/* Reads. */

const struct speaker *
bgp_speaker_vbr_peer(const struct engine *e, const char *vbr,
    const struct ipaddr *peer)
{
	return state_of(e) ? find(e, SIDE_VBR_PEER, vbr, 0, peer) : NULL;
}

const struct speaker *
bgp_speaker_tunnel(const struct engine *e, const char *conn, int tunnel)
{
	return state_of(e) ? find(e, SIDE_TUNNEL, conn, tunnel, NULL) : NULL;
}

const struct speaker *
bgp_speaker_cpe(const struct engine *e, const char *cpe)
{
	return state_of(e) ? find(e, SIDE_CPE, cpe, 0, NULL) : NULL;
}

/* Shows and waits see the speakers the configuration asks for. */
static const struct speaker *
live_from(const struct speaker *sp)
{
	while (sp != NULL && sp->retiring)
		sp = TAILQ_NEXT(sp, entry);
	return sp;
}

const struct speaker *
bgp_speaker_first(const struct engine *e)
{
	return state_of(e) ? live_from(TAILQ_FIRST(&state_of(e)->speakers)) :
	    NULL;
}

const struct speaker *
bgp_speaker_first_all(const struct engine *e)
{
	return state_of(e) ? TAILQ_FIRST(&state_of(e)->speakers) : NULL;
}

const struct speaker *
bgp_speaker_next_all(const struct speaker *sp)
{
	return TAILQ_NEXT(sp, entry);
}

bool
bgp_speaker_retiring(const struct speaker *sp)
{
	return sp->retiring;
}

bool
bgp_speaker_internal(const struct speaker *sp)
{
	uint32_t peer_as = sp->cfg.peer_as;

	if (peer_as == 0 && sp->session != NULL)
		peer_as = bgp_session_peer_as(sp->session);
	return peer_as != 0 && peer_as == sp->cfg.local_as;
}

uint32_t
bgp_speaker_peer_id(const struct speaker *sp)
{
	return sp->session != NULL ? bgp_session_peer_id(sp->session) :
	    sp->peer_id;
}

/* The first speaker of a side and owner, in one descent of the index. */
static struct speaker *
speakers_first_of(const struct engine *e, enum speaker_side side, const char *owner)
{
	struct bgp_speakers *b = state_of(e);
	struct speaker key, *sp;

	if (b == NULL)
		return NULL;
	memset(&key, 0, sizeof(key));
	key.side = side;
	if (strlcpy(key.owner, owner, sizeof(key.owner)) >= sizeof(key.owner))
		return NULL;
	key.tunnel = INT_MIN;
	key.peer_ip.family = AF_UNSPEC;
	sp = RB_NFIND(speaker_index, &b->index, &key);
	while (sp != NULL && sp->retiring && sp->side == side &&
	    strcmp(sp->owner, owner) == 0)
		sp = RB_NEXT(speaker_index, NULL, sp);
	return sp != NULL && sp->side == side &&
	    strcmp(sp->owner, owner) == 0 ? sp : NULL;
}

static struct speaker *
speakers_next_of(const struct speaker *sp)
{
	struct speaker *n = RB_NEXT(speaker_index, NULL, (struct speaker *)sp);

	while (n != NULL && n->retiring && n->side == sp->side &&
	    strcmp(n->owner, sp->owner) == 0)
		n = RB_NEXT(speaker_index, NULL, n);
	return n != NULL && n->side == sp->side &&
	    strcmp(n->owner, sp->owner) == 0 ? n : NULL;
}

const struct speaker *
bgp_speaker_first_of(const struct engine *e, enum speaker_side side,
    const char *owner)
{
	return speakers_first_of(e, side, owner);
}

const struct speaker *
bgp_speaker_next_of(const struct speaker *sp)
{
	return speakers_next_of(sp);
}

const struct speaker *
bgp_speaker_next(const struct speaker *sp)
{
	return live_from(TAILQ_NEXT(sp, entry));
}

const struct bgp_history *
bgp_speakers_retired(const struct engine *e, enum speaker_side side,
    const char *owner, int tunnel, const struct ipaddr *peer)
{
	struct retired *r;

	if (state_of(e) == NULL)
		return NULL;
	TAILQ_FOREACH(r, &state_of(e)->retired, entry)
		if (r->side == side && strcmp(r->owner, owner) == 0 &&
		    r->tunnel == tunnel && (peer == NULL ||
		    ipaddr_equal(&r->peer_ip, peer)))
			return &r->history;
	return NULL;
}

enum speaker_side
bgp_speaker_side(const struct speaker *sp)
{
	return sp->side;
}

const char *
bgp_speaker_owner(const struct speaker *sp)
{
	return sp->owner;
}

int
bgp_speaker_tunnel_no(const struct speaker *sp)
{
	return sp->tunnel;
}

const struct ipaddr *
bgp_speaker_peer_ip(const struct speaker *sp)
{
	return &sp->peer_ip;
}

const struct bgp_session *
bgp_speaker_session(const struct speaker *sp)
{
	return sp->session;
}

const struct bgp_session_config *
bgp_speaker_config(const struct speaker *sp)
{
	return &sp->cfg;
}

size_t
bgp_speaker_routes_in(const struct speaker *sp)
{
	return sp->in.n;
}

size_t
bgp_speaker_routes_leaving(const struct speaker *sp)
{
	return sp->leaving;
}

size_t
bgp_speaker_routes_dropped(const struct speaker *sp)
{
	return sp->held.n + (size_t)sp->held.lost;
}

const struct rib_attrs *
bgp_speaker_dropped_find(const struct speaker *sp, const struct prefix *p)
{
	return rib_held_find(&sp->held, p);
}

uint32_t
bgp_speaker_route_limit(const struct speaker *sp, const char **rule)
{
	*rule = sp->limit_rule != NULL ? sp->limit_rule : "R5";
	return sp->route_limit;
}

const struct held_route *
bgp_speaker_dropped_first(const struct speaker *sp)
{
	return rib_held_first(&sp->held);
}

const struct held_route *
bgp_speaker_dropped_after(const struct speaker *sp, const struct prefix *p)
{
	return rib_held_after(&sp->held, p);
}

size_t
bgp_speaker_routes_rejected(const struct speaker *sp)
{
	return sp->rejected.n + (size_t)sp->rejected.lost;
}

const struct rib_attrs *
bgp_speaker_rejected_find(const struct speaker *sp, const struct prefix *p)
{
	return rib_held_find(&sp->rejected, p);
}

const struct held_route *
bgp_speaker_rejected_after(const struct speaker *sp, const struct prefix *p)
{
	return rib_held_after(&sp->rejected, p);
}

uint32_t
bgp_speaker_local_as(const struct speaker *sp)
{
	return sp->cfg.local_as;
}

const struct rib_route *
bgp_speaker_out_after(const struct speaker *sp, const struct prefix *p)
{
	return p != NULL ? adj_rib_after(&sp->out, p) : adj_rib_first(&sp->out);
}

size_t
bgp_speaker_routes_out(const struct speaker *sp)
{
	return sp->out.n;
}

bool
bgp_speaker_has_transport(const struct speaker *sp)
{
	if (sp->tcp)
		return bgp_tcp_can_connect(sp->engine, &sp->peer_ip);
	return sp->circuit != NULL && sp->circuit->refs >= 2;
}

bool
bgp_speaker_tcp(const struct speaker *sp)
{
	return sp->tcp;
}

uint64_t
bgp_speaker_md5_dropped(const struct speaker *sp)
{
	return sp->md5_dropped;
}

const char *
bgp_speaker_tcp_key(const struct speaker *sp)
{
	return sp->tcp_key;
}

bool
bgp_speaker_quiet(const struct speaker *sp)
{
	const struct speaker *other;

	/* routes still leaving, or still being sent */
	if (sp->leftovers != NULL || sp->exporting)
		return false;
	if (sp->circuit == NULL)
		return true;
	/* nothing queued or unread at either end of the wire */
	TAILQ_FOREACH(other, &state_of(sp->engine)->speakers, entry)
		if (other->circuit == sp->circuit && !other->retiring &&
		    (other->leftovers != NULL || other->exporting ||
		    !bgp_session_io_idle(other->session)))
			return false;
	return true;
}

const struct rib_route *
bgp_speaker_in_first(const struct speaker *sp)
{
	return adj_rib_first(&sp->in);
}

const struct rib_route *
bgp_speaker_in_after(const struct speaker *sp, const struct prefix *p)
{
	return p != NULL ? adj_rib_after(&sp->in, p) : adj_rib_first(&sp->in);
}

const struct rib_route *
bgp_speaker_out_find(const struct speaker *sp, const struct prefix *p)
{
	return adj_rib_find(&sp->out, p);
}

const struct rib_route *
bgp_speaker_in_find(const struct speaker *sp, const struct prefix *p)
{
	return adj_rib_find(&sp->in, p);
}

const struct rib_route *
bgp_speaker_in_match(const struct speaker *sp, const struct ipaddr *a,
    struct prefix *matched)
{
	return adj_rib_match(&sp->in, a, matched);
}

const struct rib_route *
bgp_speaker_out_first(const struct speaker *sp)
{
	return adj_rib_first(&sp->out);
}

void
bgp_speaker_clear(const struct speaker *csp)
{
	struct speaker *sp = (struct speaker *)csp;

	bgp_session_stop(sp->session, BGP_MANUAL, BGP_CEASE_RESET);
	bgp_session_start(sp->session, BGP_MANUAL);
}

void
bgp_speaker_bfd_down(const struct speaker *csp)
{
	struct speaker *sp = (struct speaker *)csp;

	bgp_session_stop(sp->session, BGP_AUTOMATIC, BGP_CEASE_BFD_DOWN);
	bgp_session_start(sp->session, BGP_AUTOMATIC);
}

struct circuit *
bgp_speaker_circuit(const struct speaker *sp, int *side)
{
	*side = sp->circuit_side;
	return sp->circuit;
}

bool
bgp_speakers_draining(const struct engine *e)
{
	return state_of(e) != NULL && state_of(e)->draining > 0;
}

void
bgp_speakers_changed(struct engine *e)
{
	notify(e);
}

void
bgp_speakers_listen(struct engine *e, bgp_change_fn fn, void *arg)
{
	struct bgp_speakers *b = state_init(e);
	size_t i;

	for (i = 0; b != NULL && i < 32; i++)
		if (b->listeners[i].fn == NULL) {
			b->listeners[i].fn = fn;
			b->listeners[i].arg = arg;
			return;
		}
	engine_dropped(e, DROP_WAITERS, "bgp", "more than 32 waits at once; "
	    "this one is not told of changes and ends at its timeout");
}

void
bgp_speakers_unlisten(struct engine *e, bgp_change_fn fn, void *arg)
{
	struct bgp_speakers *b = state_of(e);
	size_t i;

	for (i = 0; b != NULL && i < 32; i++)
		if (b->listeners[i].fn == fn && b->listeners[i].arg == arg)
			b->listeners[i].fn = NULL;
}

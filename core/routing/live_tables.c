/*
 * live_tables: the tables, their prefixes' decided routes, and the edges
 * along which a change travels.
 *
 * A prefix's routes are kept in one block (routes, their next hops, the
 * names and reasons they point at), so the table owns every byte it
 * shows and a read needs nothing else to be alive.  The one exception is
 * the most common route of all, a single path from a single peer that
 * won because nothing else was there: it is kept as a pointer to its
 * Adj-RIB-In entry, with the low bit set, and shown from it.  That entry
 * cannot go without this table hearing of it first (the speaker calls
 * live_tables_rib_changed() before it frees one), so the pointer is
 * never left dangling.
 *
 * A lone peer's VBR goes further: it keeps no trie and shows the peer's
 * Adj-RIB-In itself (t->mirror).  It is a mirror from the build that
 * finds one peer until that peer goes (speaker_gone) or another speaks
 * (refresh builds it whole then).
 *
 * Who reads whom is recorded as the tables are built: a relay from a
 * table adds its reader.  A change to one prefix then visits the tables
 * fed directly, and their readers, lowest view first (a table reads only
 * views before its own), deciding that one prefix in each.
 *
 * A table whose configuration changed is built anew in slices (SPEC 10),
 * in place: prefix after prefix, in order, each one in the union of what
 * its inputs hold and what it holds itself is decided again (and so in
 * its readers too), from the inputs as they are at that moment.  A change
 * that reaches a prefix not yet done is decided at once as any other, so
 * the table is right prefix by prefix all along; a read of routes waits
 * for the rebuild to end (engine_routes_settling), so it never sees a
 * table half of one configuration and half of the next.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/tree.h>

#include "ecr_rib.h"
#include "../cloud/engine_impl.h"
#include "live_tables.h"
#include "route_table_impl.h"

struct route_table {
	RB_ENTRY(route_table)	 entry;
	enum live_view		 view;
	char			 name[OBJ_NAME_MAX + 1];
	struct prefix_trie	*trie;		/* prefix -> its routes */
	struct route_counts	 counts;
	unsigned long		 builds;
	struct route_table	**readers;	/* who relays from this one */
	size_t			 nreaders, capreaders;
	unsigned long		 queued;	/* the round it was queued in */
	struct engine		*engine;
	const struct object	*object;	/* as of the last whole build */
	unsigned long		 version;	/* the object's, then */
	unsigned long		 inputs;	/* the kinds it reads, then */
	/* a VBR with no static route and no ECR: its peers' paths are all
	 * it holds, so with one peer it can be a mirror */
	bool			 paths_only;
	/* such a VBR with one peer, as built: the table is that peer's
	 * Adj-RIB-In, read in place, and its trie stays empty */
	const struct speaker	*mirror;
	bool			 stale;		/* a table it reads went */
	bool			 seen;
	unsigned long		 members_gen;	/* an ECR's members, then */
	/* built anew in slices: the prefixes up to rebuild_after are done */
	bool			 rebuilding;
	bool			 rebuild_begun;
	bool			 rebuild_has_after;
	struct prefix		 rebuild_after;
};

static int
table_cmp(const struct route_table *a, const struct route_table *b)
{
	if (a->view != b->view)
		return a->view < b->view ? -1 : 1;
	return strcmp(a->name, b->name);
}

RB_HEAD(table_index, route_table);
RB_PROTOTYPE(table_index, route_table, entry, table_cmp)
RB_GENERATE(table_index, route_table, entry, table_cmp)

struct live_tables {
	struct table_index	 index;
	struct arena		 scratch;	/* one prefix's decision */
	unsigned long		 built_gen;	/* configuration last built */
	unsigned long		 builds;
	unsigned long		 round;
	struct route_table	**work;		/* the tables a change visits */
	size_t			 nwork, capwork;
	bool			 mirror_lost;	/* build again, config or not */
	/* the tables the last speaker to change feeds: a feed of a million
	 * prefixes comes from one speaker at a time */
	const struct speaker	*fed_by;
	struct route_table	*fed[2];
	/* the tables built anew in slices, and the job that does it */
	size_t			 rebuilding;
	struct ev_work		 rebuild;
};

/* A prefix's routes, kept. */
struct net {
	size_t		 n;
	struct route	 r[];		/* then hops, then strings */
};

#define NET_IS_PATH(v)	(((uintptr_t)(v) & 1) != 0)
#define NET_PATH(v)	((const struct rib_route *)((uintptr_t)(v) & ~(uintptr_t)1))

static struct live_tables *
state_of(const struct engine *e)
{
	return e->live;
}

static void *
path_value(const struct rib_route *rr)
{
	return rr != NULL ? (void *)((uintptr_t)rr | 1) : NULL;
}

/* p's value in t, wherever t keeps it. */
static const void *
table_value(const struct route_table *t, const struct prefix *p)
{
	if (t->mirror != NULL)
		return path_value(bgp_speaker_in_find(t->mirror, p));
	return prefix_trie_get(t->trie, p);
}

/* Every prefix of t with its value, in prefix order. */
static void
table_walk(const struct route_table *t, prefix_trie_visit fn, void *arg)
{
	const struct rib_route *rr;

	if (t->mirror == NULL) {
		prefix_trie_walk(t->trie, fn, arg);
		return;
	}
	for (rr = bgp_speaker_in_first(t->mirror); rr != NULL;
	    rr = adj_rib_next(rr))
		fn(&rr->prefix, path_value(rr), arg);
}

/* A mirror's counts are its peer's: every route a path, every one active. */
static void
mirror_count(struct route_table *t)
{
	size_t n = bgp_speaker_routes_in(t->mirror);

	memset(&t->counts, 0, sizeof(t->counts));
	t->counts.prefixes = t->counts.routes = t->counts.active = n;
	t->counts.by_source[ROUTE_BGP] = n;
}

/* The view a table is shown through: the kind's own, not an inner one. */
static enum live_view
shown_view(enum obj_kind kind)
{
	switch (kind) {
	case OBJ_VBR:
		return VIEW_VBR;
	case OBJ_ECR:
		return VIEW_ECR;
	case OBJ_TRANSIT_ROUTER:
		return VIEW_TR;
	case OBJ_VPN_GATEWAY:
		return VIEW_GATEWAY;
	case OBJ_VPC:
		return VIEW_VPC;
	case OBJ_VPN_CONNECTION:
		return VIEW_CONN;
	default:
		return VIEW_COUNT;
	}
}

static struct route_table *
table_find(const struct live_tables *L, enum live_view v, const char *name)
{
	struct route_table key;

	if (L == NULL || name == NULL || name[0] == '\0')
		return NULL;
	key.view = v;
	if (strlcpy(key.name, name, sizeof(key.name)) >= sizeof(key.name))
		return NULL;
	return RB_FIND(table_index, (struct table_index *)&L->index, &key);
}

/* A single path, as the view's builder makes it (route_tables.c). */
static void
path_route(enum live_view v, const struct rib_route *rr, struct route_view *out)
{
	const struct speaker *sp = rr->sp;

	memset(out, 0, sizeof(*out));
	out->hop.kind = v == VIEW_LEARNED ? HOP_CONNECTION : HOP_VBR;
	out->hop.name = bgp_speaker_owner(sp);
	out->hop.tunnel = v == VIEW_LEARNED ? bgp_speaker_tunnel_no(sp) : 0;
	out->hop.ip = *bgp_speaker_peer_ip(sp);
	out->hop.has_ip = true;
	out->hop.attrs = rr->attrs;
	out->r.prefix = rr->prefix;
	out->r.source = v == VIEW_LEARNED ? ROUTE_VPN_BGP : ROUTE_BGP;
	out->r.active = true;
	out->r.attrs = rr->attrs;
	out->r.sp = sp;
	out->r.hop = &out->hop;
	out->r.nhops = 1;
}

static bool
path_views(enum live_view v)
{
	return v == VIEW_VBR || v == VIEW_ECR || v == VIEW_LEARNED;
}

/* Is the decided list just the one path path_route() would make? */
static bool
is_plain_path(enum live_view v, const struct route_list *l)
{
	const struct route *r = &l->v[0].r;
	struct route_view pv;

	if (!path_views(v) || l->n != 1 || r->rib == NULL || !r->active ||
	    r->reason != NULL || r->nhops != 1 || r->rib->sp != r->sp)
		return false;
	path_route(v, r->rib, &pv);
	return r->source == pv.r.source && r->attrs == pv.r.attrs &&
	    r->hop[0].kind == pv.hop.kind && r->hop[0].tunnel == pv.hop.tunnel &&
	    r->hop[0].has_ip && ipaddr_equal(&r->hop[0].ip, &pv.hop.ip) &&
	    r->hop[0].attrs == pv.hop.attrs &&
	    strcmp(r->hop[0].name, pv.hop.name) == 0 &&
	    prefix_compare(&r->prefix, &pv.r.prefix) == 0;
}

static size_t
str_size(const char *s)
{
	return s != NULL ? strlen(s) + 1 : 0;
}

static char *
str_put(char **at, const char *s)
{
	char *p = *at;
	size_t n = str_size(s);

	if (s == NULL)
		return NULL;
	memcpy(p, s, n);
	*at += n;
	return p;
}

/* The decided list as one block the table owns. */
static struct net *
net_make(const struct route_list *l)
{
	size_t i, k, hops = 0, strings = 0;
	struct route_hop *h;
	struct net *net;
	char *s;

	for (i = 0; i < l->n; i++) {
		hops += l->v[i].r.nhops;
		strings += str_size(l->v[i].r.reason);
		for (k = 0; k < l->v[i].r.nhops; k++)
			strings += str_size(l->v[i].r.hop[k].name);
	}
	net = malloc(sizeof(*net) + l->n * sizeof(net->r[0]) +
	    hops * sizeof(*h) + strings);
	if (net == NULL)
		return NULL;
	net->n = l->n;
	h = (struct route_hop *)&net->r[l->n];
	s = (char *)&h[hops];
	for (i = 0; i < l->n; i++) {
		net->r[i] = l->v[i].r;
		net->r[i].rib = NULL;
		net->r[i].hop = h;
		for (k = 0; k < l->v[i].r.nhops; k++) {
			*h = l->v[i].r.hop[k];
			h->name = str_put(&s, h->name);
			h++;
		}
		net->r[i].reason = str_put(&s, l->v[i].r.reason);
	}
	return net;
}

static void
net_free(void *v)
{
	if (v != NULL && !NET_IS_PATH(v))
		free(v);
}

/* Add (sign 1) or take away (-1) a prefix's routes from the counts. */
static void
count(struct route_table *t, const void *v, int sign)
{
	struct route_counts *c = &t->counts;
	const struct net *net;
	size_t i;

	if (v == NULL)
		return;
	c->prefixes += (size_t)sign;
	if (NET_IS_PATH(v)) {
		c->routes += (size_t)sign;
		c->active += (size_t)sign;
		c->by_source[t->view == VIEW_LEARNED ? ROUTE_VPN_BGP :
		    ROUTE_BGP] += (size_t)sign;
		return;
	}
	net = v;
	for (i = 0; i < net->n; i++) {
		c->routes += (size_t)sign;
		if (net->r[i].active)
			c->active += (size_t)sign;
		else
			c->inactive += (size_t)sign;
		c->by_source[net->r[i].source] += (size_t)sign;
	}
}

static bool	same_value(enum live_view, const void *, const void *);
static const struct speaker *lone_peer(const struct engine *,
		    const struct route_table *, const struct object *);
static void	rebuild_start(struct engine *, struct live_tables *,
		    struct route_table *);

/*
 * Keep p's decided routes (none: p leaves the table).  False when they
 * are what the table had: then no table that reads this one need look.
 */
static bool
store_value(struct route_table *t, const struct prefix *p, void *v)
{
	void *old = NULL;
	bool changed;

	if (v == NULL)
		old = prefix_trie_remove(t->trie, p);
	else if (prefix_trie_insert(t->trie, p, v, &old) == -1) {
		net_free(v);
		goto lost;
	}
	changed = !same_value(t->view, old, v);
	count(t, old, -1);
	count(t, v, 1);
	net_free(old);
	return changed;
lost:
	engine_dropped(t->engine, DROP_MEMORY, t->name, "a route table could "
	    "not take a prefix's routes; it shows what it had");
	return true;
}

static bool
store(struct route_table *t, const struct prefix *p, const struct route_list *l)
{
	void *v = NULL;

	if (l != NULL && l->n > 0) {
		if (is_plain_path(t->view, l))
			v = (void *)((uintptr_t)l->v[0].r.rib | 1);
		else if ((v = net_make(l)) == NULL) {
			engine_dropped(t->engine, DROP_MEMORY, t->name, "a route "
			    "table could not take a prefix's routes; it shows "
			    "what it had");
			return true;
		}
	}
	return store_value(t, p, v);
}

static void
add_reader(struct route_table *from, struct route_table *reader)
{
	struct route_table **v;
	size_t i, cap;

	for (i = 0; i < from->nreaders; i++)
		if (from->readers[i] == reader)
			return;
	if (from->nreaders == from->capreaders) {
		cap = from->capreaders ? from->capreaders * 2 : 4;
		if ((v = realloc(from->readers, cap * sizeof(*v))) == NULL)
			return;
		from->readers = v;
		from->capreaders = cap;
	}
	from->readers[from->nreaders++] = reader;
}

/* A read: each route of a prefix's value, as the table keeps it. */
static void
visit_value(enum live_view view, const void *v, bool active_only,
    route_visit fn, void *arg)
{
	const struct net *net;
	struct route_view pv;
	size_t i;

	if (NET_IS_PATH(v)) {
		path_route(view, NET_PATH(v), &pv);
		fn(&pv.r, arg);
		return;
	}
	net = v;
	for (i = 0; i < net->n; i++)
		if (!active_only || net->r[i].active)
			fn(&net->r[i], arg);
}

struct walking {
	enum live_view	 view;
	bool		 active_only;
	route_visit	 fn;
	void		*arg;
};

static void
walk_one(const struct prefix *p, void *v, void *arg)
{
	const struct walking *w = arg;

	(void)p;
	visit_value(w->view, v, w->active_only, w->fn, w->arg);
}

/* The first prefix of t past after (NULL: its first). */
struct seeking_own {
	struct prefix	*next;
	bool		 found;
};

static bool
first_one(const struct prefix *p, void *v, void *arg)
{
	struct seeking_own *s = arg;

	(void)v;
	*s->next = *p;
	s->found = true;
	return false;
}

static bool
table_after(const struct route_table *t, const struct prefix *after,
    struct seeking_own *s)
{
	const struct rib_route *rr;

	if (t->mirror == NULL) {
		(void)prefix_trie_walk_after(t->trie, after, first_one, s);
		return s->found;
	}
	rr = after != NULL ? bgp_speaker_in_after(t->mirror, after) :
	    bgp_speaker_in_first(t->mirror);
	if (rr != NULL)
		first_one(&rr->prefix, NULL, s);
	return s->found;
}

static void
relay_live(struct rt_build *to, enum live_view v, const char *name,
    bool active_only, const struct rt_relay *how)
{
	struct route_table *from = table_find(state_of(to->engine), v, name);
	struct rt_relay x = *how;
	struct walking w = { v, active_only, rt_relay, &x };
	const void *value;

	if (from == NULL)
		return;
	if (to->reader != NULL && (to->only == NULL || to->recording))
		add_reader(from, to->reader);
	x.to = to;
	if (to->recording)
		return;
	if (to->seeking) {
		/* its first prefix past where the rebuild is */
		struct prefix next;
		struct seeking_own s = { &next, false };

		if (table_after(from, to->after, &s))
			rt_seek(to, &next);
		return;
	}
	if (to->only == NULL)
		table_walk(from, walk_one, &w);
	else if ((value = table_value(from, to->only)) != NULL)
		visit_value(v, value, active_only, rt_relay, &x);
}

static void
follow(struct rt_build *to, enum live_view v, const char *name)
{
	struct route_table *from = table_find(state_of(to->engine), v, name);

	if (from != NULL && to->reader != NULL && (to->only == NULL ||
	    to->recording))
		add_reader(from, to->reader);
}

/* The object is the build's while the configuration stays as it was. */
static const struct rt_feeds live_feeds = { relay_live, follow };

static const struct object *
object_of(const struct engine *e, const struct route_table *t)
{
	if (state_of(e)->built_gen == e->config_gen + 1)
		return t->object;
	return engine_lookup(e, view_kind[t->view], t->name, NULL);
}

/* Decide p again in t; false if that changed nothing. */
static bool
refresh(struct engine *e, struct route_table *t, const struct prefix *p,
    const struct speaker *sp, const struct rib_route *now)
{
	struct live_tables *L = state_of(e);
	const struct object *o = object_of(e, t);
	struct rt_build b;
	bool changed;

	if (o == NULL)
		return false;	/* going at the next build */
	if (t->mirror != NULL && t->mirror == sp) {
		mirror_count(t);
		return true;	/* the Adj-RIB-In's change is the table's */
	}
	if (t->mirror != NULL && sp != NULL && bgp_speaker_retiring(sp))
		return false;	/* its routes were never the mirror's */
	if (t->mirror != NULL) {
		/* a second peer without a configuration change: not made
		 * that way, but a mirror cannot show two peers' paths; the
		 * trie fills in slices, and p now */
		t->mirror = NULL;
		memset(&t->counts, 0, sizeof(t->counts));
		rebuild_start(e, L, t);
	}
	arena_reset(&L->scratch);
	if (rt_build_init(&b, e, &L->scratch, p) == -1)
		return true;
	b.reader = t;
	b.feeds = &live_feeds;
	b.changed = sp;
	b.changed_now = now;
	rt_build_view(&b, t->view, o);
	changed = store(t, p, rt_get(&b, p));
	rt_build_free(&b);
	return changed;
}

static void
enqueue(struct live_tables *L, struct route_table *t)
{
	struct route_table **v;
	size_t cap;

	if (t == NULL || t->queued == L->round)
		return;
	if (L->nwork == L->capwork) {
		cap = L->capwork ? L->capwork * 2 : 16;
		if ((v = realloc(L->work, cap * sizeof(*v))) == NULL)
			return;
		L->work = v;
		L->capwork = cap;
	}
	t->queued = L->round;
	L->work[L->nwork++] = t;
}

/* The queued table of the lowest view: it reads none of the others. */
static struct route_table *
dequeue(struct live_tables *L)
{
	struct route_table *t;
	size_t i, best = 0;

	if (L->nwork == 0)
		return NULL;
	for (i = 1; i < L->nwork; i++)
		if (L->work[i]->view < L->work[best]->view)
			best = i;
	t = L->work[best];
	L->work[best] = L->work[--L->nwork];
	return t;
}

static void
cloud_active(const struct route *r, void *arg)
{
	if (r->source == ROUTE_CLOUD)
		*(bool *)arg = true;
}

/* Does the connection's table give its tunnels p to advertise? */
static bool
advertises(const struct route_table *t, const struct prefix *p)
{
	const void *v = table_value(t, p);
	bool yes = false;

	if (v != NULL)
		visit_value(t->view, v, true, cloud_active, &yes);
	return yes;
}

/* The tables a speaker's Adj-RIB-In feeds directly. */
static void
fed_by(struct engine *e, struct live_tables *L, const struct speaker *sp)
{
	if (L->fed_by == sp)
		return;
	L->fed[0] = L->fed[1] = NULL;
	switch (bgp_speaker_side(sp)) {
	case SIDE_VBR_PEER:
		L->fed[0] = table_find(L, VIEW_VBR, bgp_speaker_owner(sp));
		L->fed[1] = table_find(L, VIEW_ECR, ecr_rib_of(e, sp));
		break;
	case SIDE_TUNNEL:
		L->fed[0] = table_find(L, VIEW_LEARNED, bgp_speaker_owner(sp));
		break;
	default:
		break;
	}
	L->fed_by = sp;
}

/* p in the queued tables, and in the readers of each that changed. */
static void
propagate(struct engine *e, struct live_tables *L, const struct prefix *p,
    const struct speaker *sp, const struct rib_route *now)
{
	struct route_table *t;
	size_t i;

	while ((t = dequeue(L)) != NULL) {
		if (!refresh(e, t, p, sp, now))
			continue;
		for (i = 0; i < t->nreaders; i++)
			enqueue(L, t->readers[i]);
		if (t->view == VIEW_CONN && e->hooks.exported != NULL)
			e->hooks.exported(e, t->name, p, advertises(t, p));
	}
}

void
live_tables_rib_changed(struct engine *e, const struct speaker *sp,
    const struct prefix *p, const struct rib_route *now)
{
	struct live_tables *L = state_of(e);

	if (L == NULL || L->built_gen == 0)
		return;		/* nothing built yet: the build will see it */
	L->round++;
	L->nwork = 0;
	fed_by(e, L, sp);
	enqueue(L, L->fed[0]);
	enqueue(L, L->fed[1]);
	propagate(e, L, p, sp, now);
}

/* Rebuilds in slices. */

/* The prefix past after that t or any of its inputs holds. */
static bool
next_prefix(struct engine *e, struct route_table *t, const struct object *o,
    const struct prefix *after, struct prefix *next)
{
	struct rt_build b;
	struct prefix own;
	struct seeking_own s = { &own, false };

	rt_build_seek(&b, e, after);
	b.feeds = &live_feeds;
	rt_build_view(&b, t->view, o);
	(void)prefix_trie_walk_after(t->trie, after, first_one, &s);
	if (s.found && (!b.found || prefix_compare(&own, &b.next) < 0))
		b.next = own, b.found = true;
	*next = b.next;
	return b.found;
}

/* Note who t reads (its readers hear of its changes), reading nothing. */
static void
record_edges(struct engine *e, struct route_table *t, const struct object *o)
{
	struct rt_build b;

	rt_build_record(&b, e);
	b.reader = t;
	b.feeds = &live_feeds;
	rt_build_view(&b, t->view, o);
}

static void
rebuild_over(struct live_tables *L, struct route_table *t)
{
	if (!t->rebuilding)
		return;
	t->rebuilding = false;
	L->rebuilding--;
}

/*
 * One slice of t's rebuild; true when it is done.  A lone peer's VBR
 * becomes its mirror at once; any other table is decided prefix by
 * prefix from where the last slice stopped.
 */
static bool
rebuild_some(struct engine *e, struct live_tables *L, struct route_table *t)
{
	const struct object *o = object_of(e, t);
	struct prefix p;

	if (o == NULL) {
		rebuild_over(L, t);	/* it goes at the next reconcile */
		return true;
	}
	if (!t->rebuild_begun) {
		t->builds++;
		L->builds++;
		record_edges(e, t, o);
		if ((t->mirror = lone_peer(e, t, o)) != NULL) {
			prefix_trie_free(t->trie, net_free);
			if ((t->trie = prefix_trie_new()) == NULL)
				abort();
			mirror_count(t);
			rebuild_over(L, t);
			return true;
		}
		t->rebuild_begun = true;
		t->rebuild_has_after = false;
	}
	for (;;) {
		if (!next_prefix(e, t, o, t->rebuild_has_after ?
		    &t->rebuild_after : NULL, &p)) {
			rebuild_over(L, t);
			return true;
		}
		L->round++;
		L->nwork = 0;
		enqueue(L, t);
		propagate(e, L, &p, NULL, NULL);
		t->rebuild_after = p;
		t->rebuild_has_after = true;
		if (evloop_yield(e->loop))
			return false;
	}
}

/* The lowest view first: a table reads only views before its own. */
static bool
rebuild_slice(void *arg)
{
	struct engine *e = arg;
	struct live_tables *L = state_of(e);
	struct route_table *t, *lowest;

	while (L->rebuilding > 0) {
		lowest = NULL;
		RB_FOREACH(t, table_index, &L->index)
			if (t->rebuilding) {
				lowest = t;
				break;	/* the index is by view, then name */
			}
		if (lowest == NULL) {
			L->rebuilding = 0;
			break;
		}
		evloop_label(e->loop, "route table %s built anew",
		    lowest->name);
		if (!rebuild_some(e, L, lowest))
			return true;
		if (evloop_yield(e->loop))
			return L->rebuilding > 0;
	}
	return false;
}

static void
rebuild_start(struct engine *e, struct live_tables *L, struct route_table *t)
{
	if (!t->rebuilding) {
		t->rebuilding = true;
		L->rebuilding++;
	}
	t->rebuild_begun = false;	/* a rebuild under way starts over */
	evloop_work_post(e->loop, &L->rebuild);
}

bool
live_tables_rebuilding(const struct engine *e)
{
	return state_of(e) != NULL && state_of(e)->rebuilding > 0;
}

void
live_tables_speaker_gone(struct engine *e, const struct speaker *sp)
{
	struct live_tables *L = state_of(e);
	struct route_table *t;

	if (L == NULL)
		return;
	if (L->fed_by == sp)
		L->fed_by = NULL;
	/* a mirror is its own VBR's table */
	if (bgp_speaker_side(sp) == SIDE_VBR_PEER && (t = table_find(L,
	    VIEW_VBR, bgp_speaker_owner(sp))) != NULL && t->mirror == sp) {
		/* empty, as a VBR without a peer is, until built */
		t->mirror = NULL;
		memset(&t->counts, 0, sizeof(t->counts));
		t->stale = true;
		L->mirror_lost = true;
	}
}

static void
table_free(struct route_table *t)
{
	prefix_trie_free(t->trie, net_free);
	free(t->readers);
	free(t);
}

/* The one peer whose paths are all of t, if t is such a VBR. */
static const struct speaker *
lone_peer(const struct engine *e, const struct route_table *t,
    const struct object *o)
{
	const struct speaker *sp;

	if (!t->paths_only)
		return NULL;
	sp = bgp_speaker_first_of(e, SIDE_VBR_PEER, o->name);
	return sp != NULL && bgp_speaker_next_of(sp) == NULL ? sp : NULL;
}


static struct live_tables *
state_init(struct engine *e)
{
	struct live_tables *L;

	if (e->live != NULL)
		return e->live;
	if ((L = calloc(1, sizeof(*L))) == NULL)
		return NULL;
	RB_INIT(&L->index);
	arena_init(&L->scratch);
	evloop_work_init(&L->rebuild, evloop_kind(e->loop, "table rebuild"),
	    rebuild_slice, e);
	e->live = L;
	return L;
}

/*
 * The kinds of object a view's builder reads besides its own object and
 * what is under it (route_tables.c): a change to one of them may change
 * the table.
 */
static const unsigned view_inputs[VIEW_COUNT] = {
	[VIEW_VBR] = 1u << OBJ_ECR | 1u << OBJ_TRANSIT_ROUTER | 1u << OBJ_VPC,
	[VIEW_LEARNED] = 1u << OBJ_CUSTOMER_GATEWAY,
	/* its VBRs come through its RIB's members (members_gen) */
	[VIEW_ECR] = 1u << OBJ_TRANSIT_ROUTER | 1u << OBJ_VPC,
	[VIEW_TR] = 1u << OBJ_VPC | 1u << OBJ_ECR | 1u << OBJ_VPN_CONNECTION,
	[VIEW_VPC_OWN] = 1u << OBJ_TRANSIT_ROUTER,
	[VIEW_GATEWAY] = 1u << OBJ_VPN_CONNECTION | 1u << OBJ_VPC,
	[VIEW_VPC] = 1u << OBJ_TRANSIT_ROUTER | 1u << OBJ_VPN_GATEWAY,
	[VIEW_CONN] = 1u << OBJ_VPN_GATEWAY | 1u << OBJ_VPC |
	    1u << OBJ_TRANSIT_ROUTER | 1u << OBJ_VPN_CONNECTION,
};

/* When the view's input kinds last changed. */
static unsigned long
inputs_changed(const struct engine *e, enum live_view v)
{
	unsigned long last = e->restored;
	int k;

	for (k = 0; k < OBJ_KIND_COUNT; k++)
		if (view_inputs[v] & 1u << k && e->kind_changed[k] > last)
			last = e->kind_changed[k];
	return last;
}

static void
forget_reader(struct live_tables *L, const struct route_table *gone)
{
	struct route_table *t;
	size_t i;

	RB_FOREACH(t, table_index, &L->index)
		for (i = 0; i < t->nreaders; i++)
			if (t->readers[i] == gone)
				t->readers[i--] = t->readers[--t->nreaders];
}

/*
 * A table is built whole when what it is made from changed: its object
 * (or anything under it), a kind of object it reads, or a table it reads
 * that was itself built whole.  Another VBR's new peer, a description,
 * a CPE's network leave a VBR of a million routes alone.
 */
void
live_tables_reconcile(struct engine *e)
{
	struct live_tables *L = state_init(e);
	struct route_table *t, *next;
	const struct object *o;
	enum live_view v;
	unsigned long inputs, members;
	size_t i;

	if (L == NULL || (L->built_gen == e->config_gen + 1 &&
	    !L->mirror_lost))
		return;
	L->mirror_lost = false;
	RB_FOREACH(t, table_index, &L->index)
		t->seen = false;
	for (v = 0; v < VIEW_COUNT; v++) {
		inputs = inputs_changed(e, v);
		for (o = engine_first(e, view_kind[v], NULL); o != NULL;
		    o = engine_next(o)) {
			if ((t = table_find(L, v, o->name)) == NULL) {
				if ((t = calloc(1, sizeof(*t))) == NULL)
					abort();
				t->view = v;
				t->engine = e;
				if ((t->trie = prefix_trie_new()) == NULL)
					abort();
				strlcpy(t->name, o->name, sizeof(t->name));
				RB_INSERT(table_index, &L->index, t);
				t->stale = true;
			}
			t->seen = true;
			members = v == VIEW_ECR ? ecr_rib_members_gen(e,
			    o->name) : 0;
			if (!t->stale && t->object == o &&
			    t->version == o->version && t->inputs == inputs &&
			    t->members_gen == members)
				continue;
			t->object = o;
			t->version = o->version;
			t->inputs = inputs;
			t->members_gen = members;
			t->stale = false;
			t->paths_only = v == VIEW_VBR && o->cfg.vbr.nroutes == 0 &&
			    o->cfg.vbr.ecr[0] == '\0';
			/* a mirror lost (its peer went, or another came) is
			 * no mirror any more: the trie fills in slices */
			if (t->mirror != NULL && lone_peer(e, t, o) != t->mirror) {
				t->mirror = NULL;
				memset(&t->counts, 0, sizeof(t->counts));
			}
			rebuild_start(e, L, t);
		}
	}
	RB_FOREACH_SAFE(t, table_index, &L->index, next)
		if (!t->seen) {
			RB_REMOVE(table_index, &L->index, t);
			forget_reader(L, t);
			/* its prefixes leave its readers: each is done again */
			for (i = 0; i < t->nreaders; i++)
				rebuild_start(e, L, t->readers[i]);
			rebuild_over(L, t);
			table_free(t);
		}
	L->built_gen = e->config_gen + 1;
	L->fed_by = NULL;	/* which tables exist may have changed */
}

void
live_tables_free(struct engine *e)
{
	struct live_tables *L = state_of(e);
	struct route_table *t, *next;

	if (L == NULL)
		return;
	evloop_work_cancel(e->loop, &L->rebuild);
	RB_FOREACH_SAFE(t, table_index, &L->index, next) {
		RB_REMOVE(table_index, &L->index, t);
		table_free(t);
	}
	arena_free(&L->scratch);
	free(L->work);
	free(L);
	e->live = NULL;
}

/* Verification. */

static bool
same_hop(const struct route_hop *a, const struct route_hop *b)
{
	return a->kind == b->kind && strcmp(a->name, b->name) == 0 &&
	    a->tunnel == b->tunnel && a->has_ip == b->has_ip &&
	    (!a->has_ip || ipaddr_equal(&a->ip, &b->ip)) && a->attrs == b->attrs;
}

static bool
same_route(const struct route *a, const struct route *b)
{
	size_t i;

	if (prefix_compare(&a->prefix, &b->prefix) != 0 ||
	    a->source != b->source || a->active != b->active ||
	    a->attrs != b->attrs || a->sp != b->sp || a->nhops != b->nhops ||
	    (a->reason == NULL) != (b->reason == NULL) ||
	    (a->reason != NULL && strcmp(a->reason, b->reason) != 0))
		return false;
	for (i = 0; i < a->nhops; i++)
		if (!same_hop(&a->hop[i], &b->hop[i]))
			return false;
	return true;
}

/* A prefix's routes, copied out to compare; a lone path's hop with them. */
struct route_collect {
	struct route		 r[16];
	size_t			 n;
	struct route_view	 path;
};

static void
collect(const struct route *r, void *arg)
{
	struct route_collect *c = arg;

	if (c->n < 16)
		c->r[c->n++] = *r;
}

static void
collect_value(enum live_view view, const void *v, struct route_collect *c)
{
	c->n = 0;
	if (v == NULL)
		return;
	if (NET_IS_PATH(v)) {
		path_route(view, NET_PATH(v), &c->path);
		c->r[c->n++] = c->path.r;
	} else {
		visit_value(view, v, false, collect, c);
	}
}

/* Two values of a prefix, as the routes they show. */
static bool
same_value(enum live_view view, const void *a, const void *b)
{
	struct route_collect x, y;
	size_t i;

	if (a == NULL || b == NULL)
		return a == b;
	if (a == b)
		return true;
	collect_value(view, a, &x);
	collect_value(view, b, &y);
	if (x.n != y.n || x.n == 16)
		return false;	/* more than it compares: say changed */
	for (i = 0; i < x.n; i++)
		if (!same_route(&x.r[i], &y.r[i]))
			return false;
	return true;
}

struct verifying {
	const struct route_table	*t;
	char				*why;
	size_t				 len;
	int				 bad;
	size_t				 seen;
};

static void
verify_one(const struct prefix *p, void *v, void *arg)
{
	struct verifying *vf = arg;
	const struct route_list *l = v;
	struct route_collect c;
	char text[NETADDR_STRLEN];
	size_t i;

	if (l->n == 0 || vf->bad)
		return;
	vf->seen++;
	collect_value(vf->t->view, table_value(vf->t, p), &c);
	for (i = 0; i < l->n && c.n == l->n; i++)
		if (!same_route(&l->v[i].r, &c.r[i]))
			break;
	if (c.n != l->n || i < l->n) {
		vf->bad = -1;
		snprintf(vf->why, vf->len, "table %s (view %d), %s: kept %zu "
		    "routes, built %zu, first difference at %zu", vf->t->name,
		    vf->t->view, prefix_format(p, text, sizeof(text)), c.n,
		    l->n, i);
	}
}

int
live_tables_verify(struct engine *e, char *why, size_t len)
{
	struct live_tables *L = state_of(e);
	struct verifying vf = { NULL, why, len, 0, 0 };
	struct route_table *t;
	struct rt_build b;
	struct arena mem;

	if (L == NULL)
		return 0;
	RB_FOREACH(t, table_index, &L->index) {
		if (t->object == NULL || object_of(e, t) == NULL)
			continue;
		arena_init(&mem);
		if (rt_build_init(&b, e, &mem, NULL) == -1) {
			arena_free(&mem);
			snprintf(why, len, "out of memory");
			return -1;
		}
		b.feeds = &live_feeds;
		rt_build_view(&b, t->view, object_of(e, t));
		vf.t = t;
		vf.seen = 0;
		prefix_trie_walk(b.trie, verify_one, &vf);
		if (!vf.bad && vf.seen != t->counts.prefixes) {
			vf.bad = -1;
			snprintf(why, len, "table %s (view %d): kept %zu "
			    "prefixes, built %zu", t->name, t->view,
			    t->counts.prefixes, vf.seen);
		}
		rt_build_free(&b);
		arena_free(&mem);
		if (vf.bad)
			return -1;
	}
	return 0;
}

size_t
live_tables_held(const struct route_table *t)
{
	return prefix_trie_count(t->trie);
}

unsigned long
live_tables_builds(const struct engine *e)
{
	return state_of(e) != NULL ? state_of(e)->builds : 0;
}

/* Reads. */

const struct route_table *
route_table_get(const struct engine *e, enum obj_kind kind, const char *name)
{
	return table_find(state_of(e), shown_view(kind), name);
}

void
route_table_walk(const struct route_table *t, route_visit fn, void *arg)
{
	struct walking w = { t->view, false, fn, arg };

	table_walk(t, walk_one, &w);
}

struct walking_after {
	struct walking		 w;
	bool			(*enough)(void *);
	struct prefix		*last;
};

static bool
walk_one_until(const struct prefix *p, void *v, void *arg)
{
	struct walking_after *wa = arg;

	visit_value(wa->w.view, v, false, wa->w.fn, wa->w.arg);
	*wa->last = *p;
	return !wa->enough(wa->w.arg);
}

bool
route_table_walk_after(const struct route_table *t, const struct prefix *after,
    route_visit fn, bool (*enough)(void *), void *arg, struct prefix *last)
{
	struct walking_after wa = { { t->view, false, fn, arg }, enough,
		last };
	const struct rib_route *rr;

	if (t->mirror == NULL)
		return prefix_trie_walk_after(t->trie, after, walk_one_until,
		    &wa);
	rr = after != NULL ? bgp_speaker_in_after(t->mirror, after) :
	    bgp_speaker_in_first(t->mirror);
	for (; rr != NULL; rr = adj_rib_next(rr))
		if (!walk_one_until(&rr->prefix, path_value(rr), &wa))
			return false;
	return true;
}

void
route_table_at(const struct route_table *t, const struct prefix *p,
    route_visit fn, void *arg)
{
	const void *value = table_value(t, p);

	if (value != NULL)
		visit_value(t->view, value, false, fn, arg);
}

const struct route_counts *
route_table_counts(const struct route_table *t)
{
	return &t->counts;
}

unsigned long
route_table_builds(const struct route_table *t)
{
	return t->builds;
}

static bool
has_active(const void *v, void *arg)
{
	(void)arg;
	return NET_IS_PATH(v) || (((const struct net *)v)->n > 0 &&
	    ((const struct net *)v)->r[0].active);
}

const struct route *
route_table_lookup(const struct route_table *t, const struct ipaddr *a,
    struct prefix *matched, struct route_view *view)
{
	const void *v = t->mirror != NULL ? path_value(bgp_speaker_in_match(
	    t->mirror, a, matched)) : prefix_trie_match(t->trie, a, has_active,
	    NULL, matched);

	if (v == NULL)
		return NULL;
	if (NET_IS_PATH(v)) {
		path_route(t->view, NET_PATH(v), view);
		return &view->r;
	}
	return &((const struct net *)v)->r[0];
}

struct advertised {
	struct prefix	*v;
	size_t		 n, cap;
};

static void
advertise_one(const struct route *r, void *arg)
{
	struct advertised *a = arg;
	struct prefix *v;

	if (r->source != ROUTE_CLOUD)
		return;
	if (a->n == a->cap) {
		size_t cap = a->cap ? a->cap * 2 : 16;

		if ((v = realloc(a->v, cap * sizeof(*v))) == NULL)
			return;
		a->v = v;
		a->cap = cap;
	}
	a->v[a->n++] = r->prefix;
}

struct prefix *
route_table_advertised(const struct engine *e, const char *connection,
    size_t *n)
{
	const struct route_table *t = table_find(state_of(e), VIEW_CONN,
	    connection);
	struct advertised a = { NULL, 0, 0 };
	struct walking w = { VIEW_CONN, true, advertise_one, &a };

	*n = 0;
	if (t == NULL)
		return NULL;
	table_walk(t, walk_one, &w);
	*n = a.n;
	return a.v;
}

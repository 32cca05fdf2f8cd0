/*
 * drills: the reports of failure drills.  A report starts with the
 * FailureDrill:Start event and takes its times from the events that
 * follow for the VBR's peers, and from the changes of those peers'
 * Adj-RIBs-In (the ECR's table follows them in the same call).
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "../cloud/engine_impl.h"
#include "../routing/route_table.h"
#include "../sessions/bgp_speakers.h"
#include "drills.h"
#include "trace.h"

struct drill {
	struct drill_report	 r;
	struct engine		*engine;
	uint64_t		 cut_ns, stop_ns;	/* the engine's clock */
	size_t			 routes_before;	/* the VBR's peers' */
	unsigned		 peers, up;
	struct ev_timer		 timer;		/* duration */
};

struct drill_log {
	struct drill	*ring[DRILLS_KEPT];
	size_t		 first, n;
};

static void	duration_over(void *);

static struct drill_log *
log_of(const struct engine *e)
{
	return e->drill_log;
}

static struct drill *
at(const struct drill_log *l, size_t i)
{
	return i < l->n ? l->ring[(l->first + i) % DRILLS_KEPT] : NULL;
}

/* The newest drill of the VBR that still runs or awaits its recovery. */
static struct drill *
current(const struct engine *e, const char *vbr)
{
	const struct drill_log *l = log_of(e);
	struct drill *d;
	size_t i;

	for (i = l != NULL ? l->n : 0; i-- > 0;)
		if (strcmp((d = at(l, i))->r.vbr, vbr) == 0)
			return d;
	return NULL;
}

static uint64_t
now(const struct engine *e)
{
	return clock_now_ns(evloop_clock(e->loop));
}

static int64_t
ms_since(const struct engine *e, uint64_t t0)
{
	return (int64_t)((now(e) - t0 + 500000u) / 1000000u);	/* rounded */
}

static size_t
routes_of(const struct engine *e, const char *vbr, unsigned *peers)
{
	const struct speaker *sp;
	size_t n = 0;

	if (peers != NULL)
		*peers = 0;
	for (sp = bgp_speaker_first_of(e, SIDE_VBR_PEER, vbr); sp != NULL;
	    sp = bgp_speaker_next_of(sp)) {
		/* the routes of a session that went count until they have
		 * left the tables: the shrink is done with the last */
		n += bgp_speaker_routes_in(sp) + bgp_speaker_routes_leaving(sp);
		if (peers != NULL)
			(*peers)++;
	}
	return n;
}

/*
 * How much of 1000 default flows the VBR carries now: the flows `trace
 * ... flows 1000` hashes, spread over the first routes through the VBR
 * (a sample, not a walk of a million routes, and a thousand hashes, not
 * a thousand a route: the drill starts in one of the loop's rounds).
 */
enum { MOVED_ROUTES_MAX = 16, MOVED_FLOWS = 1000, KEPT_HOPS_MAX = 16 };

/* A route as a walk handed it: the walk's own is gone once it returns. */
struct kept_route {
	struct prefix		 prefix;
	struct route_hop	 hop[KEPT_HOPS_MAX];
	size_t			 nhops;
};

struct sample {
	const char		*vbr;
	struct kept_route	 route[MOVED_ROUTES_MAX];
	size_t			 n;
};

static bool
through(const struct route *r, const char *vbr)
{
	size_t i;

	for (i = 0; i < r->nhops; i++)
		if (r->hop[i].kind == HOP_VBR &&
		    strcmp(r->hop[i].name, vbr) == 0)
			return true;
	return false;
}

static void
take_route(const struct route *r, void *arg)
{
	struct sample *m = arg;

	struct kept_route *k;

	if (!r->active || m->n == MOVED_ROUTES_MAX || !through(r, m->vbr) ||
	    r->nhops > KEPT_HOPS_MAX)
		return;
	k = &m->route[m->n++];
	k->prefix = r->prefix;
	k->nhops = r->nhops;
	memcpy(k->hop, r->hop, r->nhops * sizeof(*r->hop));
}

static bool
sampled(void *arg)
{
	return ((struct sample *)arg)->n >= MOVED_ROUTES_MAX;
}

static double
flows_moved(const struct engine *e, const char *vbr, const char *ecr)
{
	const struct route_table *rt = route_table_get(e, OBJ_ECR, ecr);
	struct sample m = { .vbr = vbr };
	const struct kept_route *r;
	struct prefix last;
	struct flow f;
	size_t k, pick, moved = 0;

	if (rt == NULL)
		return -1;
	(void)route_table_walk_after(rt, NULL, take_route, sampled, &m,
	    &last);
	if (m.n == 0)
		return -1;
	for (k = 0; k < MOVED_FLOWS; k++) {
		r = &m.route[k % m.n];
		flow_default(&f, &r->prefix.addr);
		f.sport = (uint16_t)(1024 + k);
		pick = flow_pick(&f, r->hop, r->nhops);
		moved += r->hop[pick].kind == HOP_VBR &&
		    strcmp(r->hop[pick].name, vbr) == 0;
	}
	return 100.0 * (double)moved / MOVED_FLOWS;
}

static void
begin(struct engine *e, const char *vbr)
{
	struct drill_log *l = log_of(e);
	const struct object *v = engine_lookup(e, OBJ_VBR, vbr, NULL);
	struct drill *d = calloc(1, sizeof(*d));

	if (d == NULL) {
		engine_dropped(e, DROP_MEMORY, vbr, "a failure drill's report");
		return;
	}
	d->engine = e;
	evloop_timer_init(&d->timer, duration_over, d);
	snprintf(d->r.vbr, sizeof(d->r.vbr), "%s", vbr);
	if (v != NULL)
		snprintf(d->r.ecr, sizeof(d->r.ecr), "%s", v->cfg.vbr.ecr);
	d->r.started_ns = clock_wall_ns(evloop_clock(e->loop));
	d->r.running = true;
	d->r.bfd_down_ms = d->r.bgp_down_ms = d->r.ecmp_shrink_ms = -1;
	d->r.bgp_up_ms = d->r.ecmp_restored_ms = -1;
	d->cut_ns = now(e);
	d->routes_before = routes_of(e, vbr, &d->peers);
	d->r.flows_moved_pct = d->r.ecr[0] != '\0' ?
	    flows_moved(e, vbr, d->r.ecr) : -1;
	if (l->n == DRILLS_KEPT) {
		evloop_timer_stop(e->loop, &l->ring[l->first]->timer);
		free(l->ring[l->first]);
		l->first = (l->first + 1) % DRILLS_KEPT;
		l->n--;
	}
	l->ring[(l->first + l->n++) % DRILLS_KEPT] = d;
}

/* "vbr vbr1 peer 10.0.0.1": the VBR, if the resource is one's peer. */
static bool
vbr_peer(const char *resource, char *vbr, size_t len)
{
	const char *sp;

	if (strncmp(resource, "vbr ", 4) != 0 ||
	    (sp = strstr(resource + 4, " peer ")) == NULL ||
	    (size_t)(sp - resource - 4) >= len)
		return false;
	snprintf(vbr, len, "%.*s", (int)(sp - resource - 4), resource + 4);
	return true;
}

static void
heard(void *arg, const struct event *ev)
{
	struct engine *e = arg;
	struct drill *d;
	obj_name vbr;

	if (ev->kind == EVK_DRILL_START &&
	    strncmp(ev->resource, "vbr ", 4) == 0) {
		begin(e, ev->resource + 4);
		return;
	}
	if (ev->kind == EVK_DRILL_STOP &&
	    strncmp(ev->resource, "vbr ", 4) == 0) {
		if ((d = current(e, ev->resource + 4)) != NULL && d->r.running) {
			evloop_timer_stop(e->loop, &d->timer);
			d->r.running = false;
			d->r.stopped_ns = ev->wall_ns;
			d->stop_ns = now(e);
			d->up = 0;
		}
		return;
	}
	if (!vbr_peer(ev->resource, vbr, sizeof(vbr)) ||
	    (d = current(e, vbr)) == NULL)
		return;
	if (d->r.running && d->r.bfd_down_ms < 0 &&
	    ev->kind == EVK_BFD_DOWN)
		d->r.bfd_down_ms = ms_since(e, d->cut_ns);
	if (d->r.running && d->r.bgp_down_ms < 0 &&
	    ev->kind == EVK_BGP_PEER_DOWN)
		d->r.bgp_down_ms = ms_since(e, d->cut_ns);
	/* back: every peer the VBR had when the drill began */
	if (!d->r.running && d->stop_ns != 0 && d->r.bgp_up_ms < 0 &&
	    ev->kind == EVK_BGP_PEER_UP && ++d->up >= d->peers)
		d->r.bgp_up_ms = ms_since(e, d->stop_ns);
}

void
drills_rib_changed(struct engine *e, const struct speaker *sp)
{
	struct drill *d;
	size_t n;

	if (log_of(e) == NULL || log_of(e)->n == 0 ||
	    bgp_speaker_side(sp) != SIDE_VBR_PEER ||
	    (d = current(e, bgp_speaker_owner(sp))) == NULL ||
	    d->routes_before == 0 || d->r.ecmp_restored_ms >= 0 ||
	    (d->r.running && d->r.ecmp_shrink_ms >= 0))
		return;		/* no drill, or nothing left to time */
	n = routes_of(e, d->r.vbr, NULL);
	/* without an ECR there is no ECMP set to shrink: null, not a time */
	if (d->r.running && d->r.ecmp_shrink_ms < 0 && n == 0 &&
	    d->r.ecr[0] != '\0')
		d->r.ecmp_shrink_ms = ms_since(e, d->cut_ns);
	if (!d->r.running && d->stop_ns != 0 && d->r.ecmp_restored_ms < 0 &&
	    d->r.ecr[0] != '\0' &&
	    n >= d->routes_before)
		d->r.ecmp_restored_ms = ms_since(e, d->stop_ns);
}

int
drills_init(struct engine *e)
{
	if ((e->drill_log = calloc(1, sizeof(struct drill_log))) == NULL)
		return -1;
	event_log_listen(e->events, heard, e);
	return 0;
}

void
drills_free(struct engine *e)
{
	struct drill_log *l = log_of(e);
	size_t i;

	if (l == NULL)
		return;
	event_log_unlisten(e->events, heard, e);
	for (i = 0; i < l->n; i++) {
		evloop_timer_stop(e->loop, &at(l, i)->timer);
		free(at(l, i));
	}
	free(l);
	e->drill_log = NULL;
}

static void
duration_over(void *arg)
{
	struct drill *d = arg;

	if (d->r.running)
		engine_failure_drill(d->engine, d->r.vbr, false, NULL);
}

int
drills_start(struct engine *e, const char *vbr, unsigned duration_s,
    struct engine_error *err)
{
	struct drill *d;

	if (engine_failure_drill(e, vbr, true, err) == -1)
		return -1;
	if (duration_s > 0 && (d = current(e, vbr)) != NULL && d->r.running) {
		d->r.duration_s = duration_s;
		evloop_timer_start(e->loop, &d->timer,
		    (uint64_t)duration_s * 1000);
	}
	return 0;
}

int
drills_stop(struct engine *e, const char *vbr, struct engine_error *err)
{
	return engine_failure_drill(e, vbr, false, err);
}

const struct drill_report *
drills_report(const struct engine *e, size_t i)
{
	const struct drill_log *l = log_of(e);
	const struct drill *d;

	return l != NULL && (d = at(l, i)) != NULL ? &d->r : NULL;
}

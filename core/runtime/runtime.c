/*
 * runtime: the one place that knows every layer.  It makes the engine
 * (the store, then nothing else until something is configured), installs
 * the hooks through which the layers report to each other, and owns the
 * order in which a change is taken in:
 *
 *   store changes -> wake -> from the next loop round, in slices:
 *     BGP speakers made or ended      (bgp_speakers_reconcile_some,
 *                                      VBR by VBR, a slice at a time)
 *   and then, in the round the walk ends (settle_rest):
 *     ECR RIBs' members               (ecr_rib_reconcile)
 *     route tables built whole        (live_tables_reconcile, if the
 *                                      configuration changed)
 *     sessions started, Adj-RIBs-Out  (bgp_speakers_sync: what tunnels
 *       brought in line                advertise is read from the tables)
 *     BFD sessions                    (bfd_requests_reconcile)
 *
 *   a change that must take effect now (apply_now) does it all at once.
 *
 *   a received UPDATE -> rib_changed -> the ECR's RIB, then every route
 *     table that path feeds, prefix by prefix, in the same round.
 */
#include <stdlib.h>

#include "bfd_requests.h"
#include "drills.h"
#include "../alerts/alerts.h"
#include "../sessions/bfd_speakers.h"
#include "../sessions/bgp_speakers.h"
#include "../sessions/bgp_tcp.h"
#include "../routing/ecr_rib.h"
#include "../cloud/commits.h"
#include "../cloud/engine_impl.h"
#include "../routing/live_tables.h"
#include "../routing/route_table.h"

/*
 * A reconcile walks the whole configuration (12k sessions: about 15 ms,
 * 45 ms when one commit makes them all), so it runs in slices, VBR by
 * VBR, the rest after the last.  While changes keep coming (a script's
 * lines over --connect), one starts at most once in this long on the
 * real clock, so a long script costs the loop a share of its time, not
 * all of it; a read still waits for it.
 */
#define RECONCILE_GAP_NS	(25 * NS_PER_MS)

static void	wake(struct engine *);

/* After the speakers: the tables, the sessions, BFD, the waiters. */
static void
settle_rest(struct engine *e)
{
	ecr_rib_reconcile(e);
	live_tables_reconcile(e);
	bgp_speakers_sync(e);
	bfd_requests_reconcile(e);
	e->reconciling = false;
	bgp_speakers_notify(e);
	if (e->bgp_dirty)	/* changed while it walked: again */
		wake(e);
}

/* All at once: a change that takes effect now (a shutdown, a cut). */
static void
settle(struct engine *e)
{
	if (!(e->bgp_dirty || e->settling) || e->reconciling)
		return;
	e->settled_ns = clock_machine_ns();
	evloop_timer_stop(e->loop, &e->reconcile_timer);
	evloop_work_cancel(e->loop, &e->reconcile_work);
	e->bgp_dirty = e->settling = false;
	e->reconciling = true;	/* a session coming up calls back in */
	bgp_speakers_reconcile(e);
	settle_rest(e);
}

static bool
settle_slice(void *arg)
{
	struct engine *e = arg;

	if (!e->settling || e->reconciling)
		return false;
	e->reconciling = true;
	if (bgp_speakers_reconcile_some(e)) {
		e->reconciling = false;
		return true;
	}
	e->settling = false;
	settle_rest(e);
	return false;
}

static void
reconcile_due(void *arg)
{
	struct engine *e = arg;

	if (!e->bgp_dirty || e->settling || e->reconciling)
		return;		/* a walk under way wakes again at its end */
	e->settled_ns = clock_machine_ns();
	e->bgp_dirty = false;
	e->settling = true;
	evloop_work_post(e->loop, &e->reconcile_work);
}

static void
wake(struct engine *e)
{
	uint64_t since = clock_machine_ns() - e->settled_ns;

	if (evloop_timer_pending(&e->reconcile_timer))
		return;
	if (clock_is_virtual(evloop_clock(e->loop)) ||
	    since >= RECONCILE_GAP_NS)
		evloop_timer_start(e->loop, &e->reconcile_timer, 0);
	else
		evloop_timer_start_ns(e->loop, &e->reconcile_timer,
		    RECONCILE_GAP_NS - since);
}

static void
rib_changed(struct engine *e, const struct speaker *sp,
    const struct prefix *p, const struct rib_route *now)
{
	if (bgp_speaker_side(sp) == SIDE_VBR_PEER)
		ecr_rib_update(e, sp, p);
	live_tables_rib_changed(e, sp, p, now);
	drills_rib_changed(e, sp);
}

static void
speaker_gone(struct engine *e, const struct speaker *sp)
{
	ecr_rib_forget(e, sp);
	live_tables_speaker_gone(e, sp);
}

static bool
network_changed(struct engine *e, const struct object *cpe,
    const struct prefix *p, unsigned long was)
{
	return bgp_speakers_cpe_network(e, cpe->name, p, was);
}

static const struct engine_hooks hooks = {
	.wake = wake,
	.network_changed = network_changed,
	.apply_now = settle,
	.listen = bgp_tcp_listen,
	.rib_changed = rib_changed,
	.speaker_gone = speaker_gone,
	.advertised = route_table_advertised,
	.exported = bgp_speakers_export,
	.accept = bgp_speakers_accept,
};

bool
engine_routes_settling(const struct engine *e)
{
	return e->bgp_dirty || e->settling || bgp_speakers_draining(e) ||
	    live_tables_rebuilding(e);
}

struct engine *
engine_new(struct evloop *loop, unsigned flags)
{
	struct engine *e = calloc(1, sizeof(*e));

	if (e == NULL)
		return NULL;
	if (engine_store_init(e, loop, flags) == -1) {
		free(e);
		return NULL;
	}
	e->hooks = hooks;
	evloop_timer_init(&e->reconcile_timer, reconcile_due, e);
	evloop_timer_kind(&e->reconcile_timer, evloop_kind(loop,
	    "reconcile"));
	evloop_work_init(&e->reconcile_work, evloop_kind(loop, "reconcile"),
	    settle_slice, e);
	if (drills_init(e) == -1 || alerts_init(e) == -1) {
		drills_free(e);
		engine_store_free(e);
		free(e);
		return NULL;
	}
	return e;
}

void
engine_free(struct engine *e)
{
	if (e == NULL)
		return;
	evloop_timer_stop(e->loop, &e->reconcile_timer);
	evloop_work_cancel(e->loop, &e->reconcile_work);
	alerts_free(e);		/* first: the sessions' last events send nothing */
	bfd_speakers_free(e);	/* before the circuits it sends on */
	ecr_rib_free(e);
	live_tables_free(e);	/* first: nothing to decide as routes go */
	bgp_speakers_free(e);
	bgp_tcp_free(e);
	engine_commits_stop(e);
	drills_free(e);
	engine_store_free(e);
	free(e);
}

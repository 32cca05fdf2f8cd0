/*
 * fuzz_tables: any bytes as a script run for real on a fresh engine with
 * a virtual clock, CPEs and all (no socket, no file: lines that would
 * open or write one are left out), the loop turning after each line so
 * sessions come up and routes flow.  Then, once the work in slices is
 * done (tables built anew, routes leaving), every route table as kept,
 * prefix by prefix, must equal the same table built whole: after every
 * input, for work that never ends fails too.  And the readers agree:
 * an ECR's own RIB (show ecmp, the transit router) and its table (show
 * route-table, explain) hold the same best path and next hops.
 */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../cli/commands.h"
#include "../../cli/session.h"
#include "../../cli/shell.h"
#include "../../core/routing/ecr_rib.h"
#include "../../core/routing/live_tables.h"
#include "../../core/routing/route_table.h"
#include "../../grammar/gram.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
discard(void *ctx, const char *t, size_t n)
{
	(void)ctx;
	(void)t;
	(void)n;
}

static void
done(void *arg, enum cmd_status st)
{
	(void)st;
	*(bool *)arg = true;
}

/*
 * Commands that reach outside the process (files, sockets) or stop it,
 * as the grammar reads the line in whichever mode it could be typed.  A
 * CPE has no way to dial a real router: it is wired to a circuit.
 */
static bool
left_out(const char *line)
{
	static struct gram_match m;
	enum gram_mode mode;

	for (mode = 0; mode < M_MODE_COUNT; mode++) {
		if (gram_match(line, mode, &m) != GS_OK)
			continue;
		switch (m.cmd) {
		case C_WRITE: case C_COPY: case C_LOAD: case C_SHUTDOWN_ENGINE:
		case C_MONITOR_EVENTS:
			return true;
		case C_SET:
			if (m.setting == SET_BGP_LISTEN)
				return true;
			break;
		default:
			break;
		}
	}
	return false;
}

static void
turn(struct shell *sh, bool *until, int turns)
{
	while (turns-- > 0 && (until == NULL || !*until))
		evloop_run_once(sh->loop, 0);
}

/*
 * Far more rounds than any script of this size needs: on the virtual
 * clock a round does a fixed amount of work, and none of it waits for
 * time, which only moves once the work is done.
 */
#define SETTLE_ROUNDS_MAX	100000

/*
 * Run the work in slices to its end, so the tables are compared after
 * every input (a check skipped while work was pending proved nothing).
 */
static void
settle(struct shell *sh)
{
	int rounds;

	for (rounds = 0; engine_routes_settling(sh->engine); rounds++) {
		if (rounds == SETTLE_ROUNDS_MAX) {
			fprintf(stderr, "fuzz_tables: the routes still settle "
			    "after %d rounds: work that does not end\n",
			    rounds);
			abort();
		}
		evloop_run_once(sh->loop, 0);
	}
}

/*
 * One prefix of an ECR's own RIB against its table's routes there, as
 * route_table_at hands them (each valid only during the call).
 */
struct agreeing {
	const char		*ecr;
	const struct ecr_route	*er;
	size_t			 active;
	bool			 cloud;	/* the cloud's route is preferred */
};

static void
fail_agree(const struct agreeing *g, const char *what)
{
	char p[NETADDR_STRLEN];

	fprintf(stderr, "fuzz_tables: ecr %s %s: %s\n", g->ecr,
	    prefix_format(&g->er->prefix, p, sizeof(p)), what);
	abort();
}

static void
agree_one(const struct route *r, void *arg)
{
	struct agreeing *g = arg;
	const struct ecr_route *er = g->er;
	size_t i, j;
	bool found;

	if (!r->active)
		return;
	g->active++;
	if (r->source == ROUTE_CLOUD) {
		g->cloud = true;
		return;
	}
	if (r->source != ROUTE_BGP || r->nhops != er->nhops ||
	    r->sp != er->hop[0].sp)
		fail_agree(g, "the RIB (show ecmp) and the table (show "
		    "route-table) hold another best path or next hops");
	for (i = 0; i < er->nhops; i++) {
		found = false;
		for (j = 0; j < r->nhops; j++)
			if (strcmp(r->hop[j].name,
			    bgp_speaker_owner(er->hop[i].sp)) == 0 &&
			    ipaddr_equal(&r->hop[j].ip,
			    bgp_speaker_peer_ip(er->hop[i].sp)))
				found = true;
		if (!found)
			fail_agree(g, "a next hop of the RIB is not the "
			    "table's");
	}
}

static void
readers_agree(const struct engine *e)
{
	const struct object *o;
	const struct route_table *rt;
	struct agreeing g;

	for (o = engine_first(e, OBJ_ECR, NULL); o != NULL;
	    o = engine_next(o)) {
		if ((rt = route_table_get(e, OBJ_ECR, o->name)) == NULL)
			continue;
		for (g.er = ecr_rib_first(e, o->name); g.er != NULL;
		    g.er = ecr_rib_next(g.er)) {
			g.ecr = o->name;
			g.active = 0;
			g.cloud = false;
			route_table_at(rt, &g.er->prefix, agree_one, &g);
			if (g.active != 1)
				fail_agree(&g, "the RIB has a path, the table "
				    "not one active route");
		}
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct session_io io = { discard, discard, NULL, NULL,
	    NULL };
	struct shell sh;
	struct session *s;
	char *copy, *line, *save = NULL, why[256];
	bool finished;

	if (size > 16384 || memchr(data, '\0', size) != NULL)
		return 0;
	signal(SIGPIPE, SIG_IGN);	/* as main() does */
	memset(&sh, 0, sizeof(sh));
	clock_init(&sh.clock, CLOCK_KIND_VIRTUAL);
	sh.loop = evloop_new(&sh.clock);
	/* its scripts may make alert rules: none may run or write */
	sh.engine = engine_new(sh.loop, ENGINE_NO_DELIVERY);
	config_sessions_start(sh.engine);
	s = session_new(&sh, &io, false);
	copy = strndup((const char *)data, size);
	for (line = strtok_r(copy, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		if (left_out(line))
			continue;
		finished = false;
		if (session_run(s, line, "fuzz", 1, done, &finished) ==
		    CMD_PENDING)
			turn(&sh, &finished, 5000);
		if (session_busy(s))
			break;		/* a wait that outlasts the turns */
	}
	turn(&sh, NULL, 2000);
	settle(&sh);
	if (live_tables_verify(sh.engine, why, sizeof(why)) == -1) {
		fprintf(stderr, "fuzz_tables: kept and built differ: %s\n",
		    why);
		abort();
	}
	readers_agree(sh.engine);
	free(copy);
	session_free(s);
	engine_free(sh.engine);
	evloop_free(sh.loop);
	return 0;
}

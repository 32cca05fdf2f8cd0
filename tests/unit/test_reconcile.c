/*
 * A reconcile brings the sessions in line with the configuration.  A
 * commit that makes thousands of them is taken in over several loop
 * rounds, VBR by VBR (SPEC 10), and a change made while the walk is under
 * way, ahead of it or behind it, is in the sessions once it is done.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "../../core/cloud/engine.h"
#include "../../core/sessions/bgp_speakers.h"
#include "lab.h"

#define VBRS	6000

static size_t
sessions_of(struct lab *l, const char *owner)
{
	const struct speaker *sp;
	size_t n = 0;

	for (sp = bgp_speaker_first(l->shell.engine); sp != NULL;
	    sp = bgp_speaker_next(sp))
		if (bgp_speaker_side(sp) == SIDE_VBR_PEER &&
		    (owner == NULL || strcmp(bgp_speaker_owner(sp), owner) == 0))
			n++;
	return n;
}

static void
run_ok(struct lab *l, const char *line)
{
	cr_assert_eq(lab_run(l, line), CMD_OK, "'%s' failed: %s", line,
	    l->err.s);
}

Test(reconcile, a_commit_of_thousands_of_sessions_takes_rounds_and_misses_no_change)
{
	struct lab l;
	char line[64];
	size_t n, rounds = 0, partial = 0;
	int i, turns;
	bool changed = false;

	lab_open(&l);
	run_ok(&l, "configure session big");
	for (i = 0; i < VBRS; i++) {
		snprintf(line, sizeof(line), "vbr v%04d", i);
		run_ok(&l, line);
		run_ok(&l, " bgp-group dc");
		run_ok(&l, "  peer-asn 65001");
		snprintf(line, sizeof(line), " bgp-peer 10.%d.%d.1", i / 250,
		    i % 250);
		run_ok(&l, line);
		run_ok(&l, "  group dc");
	}
	run_ok(&l, "commit");
	run_ok(&l, "end");
	run_ok(&l, "configure");
	cr_assert(engine_changes_pending(l.shell.engine),
	    "the commit's sessions were made before its reconcile ran");

	for (turns = 0; engine_routes_settling(l.shell.engine) &&
	    turns < 100000; turns++) {
		evloop_run_once(l.shell.loop, 0);
		if (!engine_changes_under_way(l.shell.engine))
			continue;
		rounds++;
		n = sessions_of(&l, NULL);
		if (n > 0 && n < VBRS)
			partial++;
		if (changed || n == 0)
			continue;
		/* ahead of the walk: the last VBR's peer goes */
		snprintf(line, sizeof(line), "vbr v%04d", VBRS - 1);
		run_ok(&l, line);
		snprintf(line, sizeof(line), " no bgp-peer 10.%d.%d.1",
		    (VBRS - 1) / 250, (VBRS - 1) % 250);
		run_ok(&l, line);
		/* behind it: a VBR that sorts before all the others */
		run_ok(&l, "vbr a0000");
		run_ok(&l, " bgp-group dc");
		run_ok(&l, "  peer-asn 65001");
		run_ok(&l, " bgp-peer 10.200.0.1");
		run_ok(&l, "  group dc");
		run_ok(&l, "exit");
		changed = true;
	}
	cr_assert(!engine_routes_settling(l.shell.engine), "never settled");
	cr_assert_gt(rounds, 1, "the reconcile ran in %zu round(s)", rounds);
	cr_assert_gt(partial, 0, "no round saw a part of the sessions made");
	cr_assert(changed);
	snprintf(line, sizeof(line), "v%04d", VBRS - 1);
	cr_assert_eq(sessions_of(&l, line), 0, "a peer removed mid-walk stayed");
	cr_assert_eq(sessions_of(&l, "a0000"), 1,
	    "a peer made behind the walk was missed");
	cr_assert_eq(sessions_of(&l, "v0000"), 1);
	cr_assert_eq(sessions_of(&l, NULL), VBRS);

	/* and ended by one commit: in rounds too */
	run_ok(&l, "end");
	run_ok(&l, "configure session less");
	for (i = 0; i < VBRS - 1; i++) {
		snprintf(line, sizeof(line), "vbr v%04d", i);
		run_ok(&l, line);
		snprintf(line, sizeof(line), " no bgp-peer 10.%d.%d.1", i / 250,
		    i % 250);
		run_ok(&l, line);
	}
	run_ok(&l, "commit");
	run_ok(&l, "end");
	rounds = partial = 0;
	for (turns = 0; engine_routes_settling(l.shell.engine) &&
	    turns < 100000; turns++) {
		evloop_run_once(l.shell.loop, 0);
		if (!engine_changes_under_way(l.shell.engine))
			continue;
		rounds++;
		n = sessions_of(&l, NULL);
		if (n > 1 && n < VBRS)
			partial++;
	}
	cr_assert_gt(partial, 0, "the sessions were ended in one round");
	cr_assert_eq(sessions_of(&l, NULL), 1);
	cr_assert_eq(sessions_of(&l, "a0000"), 1);
	lab_close(&l);
}

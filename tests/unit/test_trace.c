/*
 * trace: the flow hash is deterministic and consistent (rendezvous): a
 * next hop that goes away moves only the flows it had, and a two-way set
 * splits 1000 flows near half and half.
 */
#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <string.h>

#include "../../core/runtime/trace.h"

static struct route_hop
hop(const char *vbr, const char *ip)
{
	struct route_hop h;

	memset(&h, 0, sizeof(h));
	h.kind = HOP_VBR;
	h.name = vbr;
	h.has_ip = true;
	h.ip.family = AF_INET;
	inet_pton(AF_INET, ip, &h.ip.v4);
	return h;
}

static struct flow
flow_n(int i)
{
	struct ipaddr dst;
	struct flow f;

	memset(&dst, 0, sizeof(dst));
	dst.family = AF_INET;
	inet_pton(AF_INET, "192.168.1.1", &dst.v4);
	flow_default(&f, &dst);
	f.sport = (uint16_t)(1024 + i);
	return f;
}

Test(trace, the_same_flow_the_same_hop)
{
	struct route_hop h[2] = { hop("vbr1", "10.0.0.1"),
	    hop("vbr2", "10.0.0.2") };
	struct route_hop r[2] = { h[1], h[0] };
	struct flow f = flow_n(7);

	/* the order the table lists them in does not matter */
	cr_assert_eq(flow_pick(&f, h, 2), 1 - flow_pick(&f, r, 2));
}

/* The pick is the flow's, not the order of the calls: a pick made before
 * others were asked for is made again after them. */
Test(trace, a_pick_is_the_same_after_other_picks)
{
	struct route_hop h[2] = { hop("vbr1", "10.0.0.1"),
	    hop("vbr2", "10.0.0.2") };
	struct flow f = flow_n(7), g;
	size_t first = flow_pick(&f, h, 2), n;

	for (n = 0; n < 100; n++) {
		g = flow_n((int)n);
		(void)flow_pick(&g, h, 2);
	}
	cr_assert_eq(flow_pick(&f, h, 2), first);
}

Test(trace, a_hop_that_goes_moves_only_its_flows)
{
	struct route_hop three[3] = { hop("vbr1", "10.0.0.1"),
	    hop("vbr2", "10.0.0.2"), hop("vbr3", "10.0.0.3") };
	struct route_hop two[2] = { three[1], three[2] };
	size_t before, after, moved = 0, had = 0;
	struct flow f;
	int i;

	for (i = 0; i < 3000; i++) {
		f = flow_n(i);
		before = flow_pick(&f, three, 3);
		after = flow_pick(&f, two, 2) + 1;
		if (before == 0)
			had++;
		else
			cr_assert_eq(before, after, "flow %d moved from %zu",
			    i, before);
		moved += before != after;
	}
	cr_assert_eq(moved, had);
	cr_assert(had > 800 && had < 1200, "vbr1 had %zu of 3000", had);
}

Test(trace, two_ways_split_near_half)
{
	struct route_hop h[2] = { hop("vbr1", "10.10.1.5"),
	    hop("vbr2", "10.10.2.5") };
	size_t first = 0;
	struct flow f;
	int i;

	for (i = 0; i < 1000; i++) {
		f = flow_n(i);
		first += flow_pick(&f, h, 2) == 0;
	}
	cr_assert(first >= 450 && first <= 550, "%zu of 1000", first);
}

/* A drill on the seed's ECR scenario, on the virtual clock: BFD Down
 * comes within the detection time (600 ms) plus one interval of the cut,
 * BGP and the ECMP shrink follow it, and the cut moves vbr1's flows. */
#include <stdio.h>
#include <stdlib.h>

#include "../../core/runtime/drills.h"
#include "lab.h"

Test(drills, the_report_of_a_drill)
{
	struct lab l;
	const struct drill_report *r;
	char *script = NULL;
	size_t len = 0;
	FILE *f = fopen(BATCH_DIR "/drill.ecsh", "r");
	char line[256];

	cr_assert_not_null(f);
	/* the transcript's configuration, up to its first drill */
	lab_open(&l);
	while (fgets(line, sizeof(line), f) != NULL &&
	    strncmp(line, "failure-drill", 13) != 0) {
		script = realloc(script, len + strlen(line) + 1);
		memcpy(script + len, line, strlen(line) + 1);
		len += strlen(line);
	}
	fclose(f);
	cr_assert_eq(lab_script(&l, script), 0, "%s", l.err.s);
	free(script);
	cr_assert_eq(lab_run(&l, "failure-drill start vbr vbr1 duration 3"),
	    CMD_OK);
	cr_assert_eq(lab_run(&l, "sleep 4"), CMD_OK);
	cr_assert_eq(lab_run(&l, "wait bgp converged timeout 30"), CMD_OK,
	    "%s", l.err.s);
	r = drills_report(l.shell.engine, 0);
	cr_assert_not_null(r);
	cr_assert(!r->running, "the drill stopped by itself");
	cr_assert(r->bfd_down_ms >= 400 && r->bfd_down_ms <= 800, "BFD Down "
	    "at %lld ms", (long long)r->bfd_down_ms);
	cr_assert(r->bgp_down_ms >= r->bfd_down_ms);
	cr_assert(r->ecmp_shrink_ms >= r->bgp_down_ms);
	cr_assert(r->bgp_up_ms >= 0 && r->ecmp_restored_ms >= 0);
	cr_assert(r->flows_moved_pct > 40 && r->flows_moved_pct < 60, "%.1f",
	    r->flows_moved_pct);
	lab_close(&l);
}

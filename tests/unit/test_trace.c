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
	cr_assert_eq(flow_pick(&f, h, 2), flow_pick(&f, h, 2));
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

/*
 * Live route tables: a table is kept as routes come and go, not built
 * when read.  Each test reads a table, changes what feeds it, and reads
 * again: the answer follows the change while the count of whole builds
 * stays where it was, and the table as kept equals one built whole now.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "../../core/cloud/engine_impl.h"
#include "../../core/routing/live_tables.h"
#include "../../core/routing/route_table.h"
#include "lab.h"

static const char two_circuits[] =
    "configure\n"
    "vpc vpc1\n cidr 172.16.0.0/12\n"
    "transit-router tr1\n attach vpc vpc1\n"
    "vbr vbr1\n vlan 1308\n local-gateway-ip 10.10.1.6\n"
    " peer-gateway-ip 10.10.1.5\n peering-subnet-mask 255.255.255.252\n"
    "vbr vbr2\n vlan 1309\n local-gateway-ip 10.10.2.6\n"
    " peer-gateway-ip 10.10.2.5\n peering-subnet-mask 255.255.255.252\n"
    "ecr ecr1\n asn 64512\n associate vbr vbr1\n associate vbr vbr2\n"
    " associate transit-router tr1\n"
    "vbr vbr1\n bgp-group dc\n  peer-asn 65003\n bgp-peer 10.10.1.5\n"
    "  group dc\n"
    "vbr vbr2\n bgp-group dc\n  peer-asn 65004\n bgp-peer 10.10.2.5\n"
    "  group dc\n"
    "cpe cpe1\n asn 65003\n address 10.10.1.5\n network 192.168.0.0/16\n"
    " network 10.99.0.0/16\n connect vbr vbr1\n"
    "cpe cpe2\n asn 65004\n address 10.10.2.5\n network 192.168.0.0/16\n"
    " connect vbr vbr2\n"
    "end\n"
    "wait bgp converged timeout 30\n";

static void
run_ok(struct lab *l, const char *line)
{
	enum cmd_status st = lab_run(l, line);

	cr_assert_eq(st, CMD_OK, "'%s' failed: %s", line, l->err.s);
}

static void
agrees(struct lab *l)
{
	char why[256] = "";
	int turns;

	/* a table built anew in slices is compared once it is done */
	for (turns = 0; engine_routes_settling(l->shell.engine) &&
	    turns < 100000; turns++)
		evloop_run_once(l->shell.loop, 0);
	cr_assert_eq(live_tables_verify(l->shell.engine, why, sizeof(why)), 0,
	    "kept and built differ: %s", why);
}

static unsigned long
builds_of(struct lab *l, enum obj_kind kind, const char *name)
{
	const struct route_table *t = route_table_get(l->shell.engine, kind,
	    name);

	cr_assert_not_null(t, "no table for %s", name);
	return route_table_builds(t);
}

Test(live, a_withdrawal_reaches_every_table_without_a_build)
{
	unsigned long vbr, ecr, tr, vpc, all;
	struct lab l;

	lab_open(&l);
	cr_assert_eq(lab_script(&l, two_circuits), 0, "%s", l.err.s);
	agrees(&l);
	run_ok(&l, "show route-table ecr ecr1");
	cr_assert(strstr(l.out.s, "10.10.1.5 vbr1,10.10.2.5 vbr2"),
	    "no ECMP pair: %s", l.out.s);
	vbr = builds_of(&l, OBJ_VBR, "vbr1");
	ecr = builds_of(&l, OBJ_ECR, "ecr1");
	tr = builds_of(&l, OBJ_TRANSIT_ROUTER, "tr1");
	vpc = builds_of(&l, OBJ_VPC, "vpc1");
	all = live_tables_builds(l.shell.engine);

	/* the session resets: its routes leave every table at once */
	run_ok(&l, "clear bgp peer 10.10.1.5 vbr vbr1");
	run_ok(&l, "show route-table vbr vbr1");
	cr_assert_null(strstr(l.out.s, "10.99.0.0/16"), "%s", l.out.s);
	run_ok(&l, "show route-table ecr ecr1");
	cr_assert_null(strstr(l.out.s, "10.10.1.5 vbr1"), "%s", l.out.s);
	run_ok(&l, "show route-table transit-router tr1");
	cr_assert_null(strstr(l.out.s, "10.99.0.0/16"), "%s", l.out.s);
	agrees(&l);

	/* and come back with it */
	run_ok(&l, "wait bgp converged timeout 30");
	run_ok(&l, "show route-table vpc vpc1");
	cr_assert(strstr(l.out.s, "10.99.0.0/16"), "%s", l.out.s);
	run_ok(&l, "show route lookup 10.99.1.1 table transit-router tr1");
	cr_assert(strstr(l.out.s, "10.99.0.0/16"), "%s", l.out.s);
	agrees(&l);

	cr_assert_eq(builds_of(&l, OBJ_VBR, "vbr1"), vbr);
	cr_assert_eq(builds_of(&l, OBJ_ECR, "ecr1"), ecr);
	cr_assert_eq(builds_of(&l, OBJ_TRANSIT_ROUTER, "tr1"), tr);
	cr_assert_eq(builds_of(&l, OBJ_VPC, "vpc1"), vpc);
	cr_assert_eq(live_tables_builds(l.shell.engine), all,
	    "a route change built a table whole");
	lab_close(&l);
}

Test(live, reads_build_nothing)
{
	unsigned long all;
	struct lab l;
	int i;

	lab_open(&l);
	cr_assert_eq(lab_script(&l, two_circuits), 0, "%s", l.err.s);
	all = live_tables_builds(l.shell.engine);
	for (i = 0; i < 3; i++) {
		run_ok(&l, "show route-table vbr vbr1");
		run_ok(&l, "show route-table vbr vbr1 json");
		run_ok(&l, "show route-table ecr ecr1 summary");
		run_ok(&l, "show route lookup 192.168.3.4 table ecr ecr1");
		run_ok(&l, "show ecmp");
	}
	cr_assert_eq(live_tables_builds(l.shell.engine), all);
	lab_close(&l);
}

Test(live, a_configuration_change_builds_once_and_agrees)
{
	unsigned long vbr;
	struct lab l;

	lab_open(&l);
	cr_assert_eq(lab_script(&l, two_circuits), 0, "%s", l.err.s);
	vbr = builds_of(&l, OBJ_VBR, "vbr1");
	/* any number of changes: one build, when the engine comes round */
	cr_assert_eq(lab_script(&l, "configure\nvbr vbr1\n bfd interval 300 "
	    "multiplier 3\n bfd interval 400 multiplier 3\n"
	    "cpe cpe1\n network 10.98.0.0/16\nend\n"), 0, "%s", l.err.s);
	run_ok(&l, "show route-table vbr vbr1");
	cr_assert_eq(builds_of(&l, OBJ_VBR, "vbr1"), vbr + 1);
	agrees(&l);
	/* the CPE's new network arrives over BGP: no build for that */
	run_ok(&l, "wait bgp converged timeout 30");
	run_ok(&l, "show route lookup 10.98.7.7 table vpc vpc1");
	cr_assert(strstr(l.out.s, "10.98.0.0/16"), "%s", l.out.s);
	cr_assert_eq(builds_of(&l, OBJ_VBR, "vbr1"), vbr + 1);
	agrees(&l);
	lab_close(&l);
}

/* A description is a label: no table reads it, so none is built. */
Test(live, a_description_builds_nothing)
{
	unsigned long all;
	struct lab l;

	lab_open(&l);
	cr_assert_eq(lab_script(&l, two_circuits), 0, "%s", l.err.s);
	all = live_tables_builds(l.shell.engine);
	cr_assert_eq(lab_script(&l, "configure\nvbr vbr1\n description a\n"
	    " bgp-group dc\n  description b\necr ecr1\n description c\n"
	    "vbr vbr2\n no description\nend\n"), 0, "%s", l.err.s);
	run_ok(&l, "show route-table ecr ecr1");
	run_ok(&l, "show running-config");
	cr_assert(strstr(l.out.s, " description a\n"), "%s", l.out.s);
	cr_assert_eq(live_tables_builds(l.shell.engine), all);
	agrees(&l);
	lab_close(&l);
}

Test(live, an_unrelated_change_builds_nothing_it_does_not_touch)
{
	unsigned long vbr1, ecr;
	struct lab l;

	lab_open(&l);
	cr_assert_eq(lab_script(&l, two_circuits), 0, "%s", l.err.s);
	vbr1 = builds_of(&l, OBJ_VBR, "vbr1");
	ecr = builds_of(&l, OBJ_ECR, "ecr1");
	/* another VBR, another VBR's description: nothing vbr1 reads */
	cr_assert_eq(lab_script(&l, "configure\nvbr vbr3\n vlan 77\n"
	    "vbr vbr2\n description circuit 2\nend\n"), 0, "%s", l.err.s);
	run_ok(&l, "show route-table vbr vbr3");
	cr_assert_eq(builds_of(&l, OBJ_VBR, "vbr1"), vbr1);
	agrees(&l);
	ecr = builds_of(&l, OBJ_ECR, "ecr1");
	/* the transit router's VPC grows a CIDR: everything it feeds builds */
	cr_assert_eq(lab_script(&l, "configure\nvpc vpc2\n cidr "
	    "10.200.0.0/16\ntransit-router tr1\n attach vpc vpc2\nend\n"), 0,
	    "%s", l.err.s);
	run_ok(&l, "show route-table vbr vbr1");
	cr_assert(strstr(l.out.s, "10.200.0.0/16"), "%s", l.out.s);
	cr_assert_gt(builds_of(&l, OBJ_VBR, "vbr1"), vbr1);
	cr_assert_gt(builds_of(&l, OBJ_ECR, "ecr1"), ecr);
	agrees(&l);
	lab_close(&l);
}

Test(live, summary_counts_follow_the_routes)
{
	struct lab l;

	lab_open(&l);
	cr_assert_eq(lab_script(&l, two_circuits), 0, "%s", l.err.s);
	run_ok(&l, "show route-table ecr ecr1 summary json");
	cr_assert(strstr(l.out.s, "\"total\":3,"), "%s", l.out.s);
	cr_assert(strstr(l.out.s, "\"BGP\":2,"), "%s", l.out.s);
	cr_assert(strstr(l.out.s, "\"CLOUD\":1,"), "%s", l.out.s);
	run_ok(&l, "clear bgp peer 10.10.2.5 vbr vbr2");
	run_ok(&l, "show route-table ecr ecr1 summary json");
	cr_assert(strstr(l.out.s, "\"total\":3,"), "%s", l.out.s);
	lab_close(&l);
}

Test(live, what_is_dropped_is_told)
{
	struct lab l;

	lab_open(&l);
	engine_dropped(l.shell.engine, DROP_ECR_PATHS, "ecr1",
	    "a prefix has paths from more than 64 peers");
	engine_dropped(l.shell.engine, DROP_ECR_PATHS, "ecr1",
	    "a prefix has paths from more than 64 peers");
	run_ok(&l, "show version json");
	cr_assert(strstr(l.out.s, "\"dropped\":2"), "%s", l.out.s);
	run_ok(&l, "show events");
	cr_assert(strstr(l.out.s, "Engine:Dropped"), "%s", l.out.s);
	cr_assert(strstr(l.out.s, "(1 so far)"), "%s", l.out.s);
	cr_assert_null(strstr(l.out.s, "(2 so far)"), "once, not each time: %s",
	    l.out.s);
	lab_close(&l);
}

/* A VBR with one peer and nothing else: its paths are kept as they come. */
Test(live, a_lone_peer_s_paths_agree_with_a_build)
{
	struct lab l;

	lab_open(&l);
	cr_assert_eq(lab_script(&l, "configure\nvbr solo\n vlan 9\n"
	    " local-gateway-ip 10.20.0.1\n peer-gateway-ip 10.20.0.2\n"
	    " peering-subnet-mask 255.255.255.252\n bgp-group g\n"
	    "  peer-asn 65020\n bgp-peer 10.20.0.2\n  group g\n"
	    "cpe c\n asn 65020\n address 10.20.0.2\n network 10.1.0.0/16\n"
	    " network 10.2.0.0/16\n connect vbr solo\nend\n"
	    "wait bgp converged timeout 30\n"), 0, "%s", l.err.s);
	run_ok(&l, "show route lookup 10.2.3.4 table vbr solo");
	cr_assert(strstr(l.out.s, "10.2.0.0/16"), "%s", l.out.s);
	agrees(&l);
	cr_assert_eq(lab_script(&l, "configure\ncpe c\n no network "
	    "10.2.0.0/16\nend\nwait bgp converged timeout 30\n"), 0, "%s",
	    l.err.s);
	run_ok(&l, "show route lookup 10.2.3.4 table vbr solo");
	cr_assert(strstr(l.out.s, "No active route"), "%s", l.out.s);
	agrees(&l);
	/* a static route: no longer paths only, and still the same */
	cr_assert_eq(lab_script(&l, "configure\nvbr solo\n route 10.1.0.0/16 "
	    "next-hop 10.20.0.2\nend\n"), 0, "%s", l.err.s);
	run_ok(&l, "clear bgp peer 10.20.0.2 vbr solo");
	run_ok(&l, "wait bgp converged timeout 30");
	run_ok(&l, "show route-table vbr solo");
	cr_assert(strstr(l.out.s, "a static route to the same prefix"), "%s",
	    l.out.s);
	agrees(&l);
	lab_close(&l);
}

static const char mirror_lab[] =
    "configure\nvbr solo\n vlan 9\n"
    " local-gateway-ip 10.20.0.1\n peer-gateway-ip 10.20.0.2\n"
    " peering-subnet-mask 255.255.255.248\n bgp-group g\n"
    "  peer-asn 65020\n bgp-peer 10.20.0.2\n  group g\n"
    "cpe c\n asn 65020\n address 10.20.0.2\n network 10.0.0.0/8\n"
    " network 10.1.0.0/16\n network 10.1.2.0/24\n"
    " connect vbr solo\nend\n"
    "wait bgp converged timeout 30\n";

static void
lookup_in(struct lab *l, const char *vbr, const char *addr,
    const char *prefix)
{
	char line[128];

	snprintf(line, sizeof(line), "show route lookup %s table vbr %s",
	    addr, vbr);
	run_ok(l, line);
	cr_assert(strstr(l->out.s, prefix), "%s: not %s in %s", addr, prefix,
	    l->out.s);
}

static size_t
held_by(struct lab *l, const char *vbr)
{
	return live_tables_held(route_table_get(l->shell.engine, OBJ_VBR, vbr));
}

/*
 * A lone peer's VBR keeps no routes of its own: it is read from the
 * peer's Adj-RIB-In, longest match included, until a second peer comes.
 */
Test(live, a_lone_peer_s_table_is_its_adj_rib_in)
{
	struct lab l;

	lab_open(&l);
	cr_assert_eq(lab_script(&l, mirror_lab), 0, "%s", l.err.s);
	cr_assert_eq(held_by(&l, "solo"), 0, "a copy of the Adj-RIB-In");
	lookup_in(&l, "solo", "10.1.2.3", "10.1.2.0/24");
	lookup_in(&l, "solo", "10.1.9.9", "10.1.0.0/16");
	lookup_in(&l, "solo", "10.9.9.9", "10.0.0.0/8");
	run_ok(&l, "show route lookup 11.0.0.1 table vbr solo");
	cr_assert(strstr(l.out.s, "No active route"), "%s", l.out.s);
	run_ok(&l, "show route-table vbr solo summary json");
	cr_assert(strstr(l.out.s, "\"total\":3,"), "%s", l.out.s);
	agrees(&l);

	/* a withdrawal: the next length down answers */
	cr_assert_eq(lab_script(&l, "configure\ncpe c\n no network "
	    "10.1.2.0/24\nend\nwait bgp converged timeout 30\n"), 0, "%s",
	    l.err.s);
	lookup_in(&l, "solo", "10.1.2.3", "10.1.0.0/16");
	run_ok(&l, "show route-table vbr solo summary json");
	cr_assert(strstr(l.out.s, "\"total\":2,"), "%s", l.out.s);
	agrees(&l);

	/* a second peer (no router behind it): the table keeps its own */
	cr_assert_eq(lab_script(&l, "configure\nvbr solo\n bgp-peer "
	    "10.20.0.3\n  group g\nend\n"), 0, "%s", l.err.s);
	lookup_in(&l, "solo", "10.1.2.3", "10.1.0.0/16");
	cr_assert_eq(held_by(&l, "solo"), 2);
	agrees(&l);

	/* gone again: a mirror once more, of the peer that stayed */
	cr_assert_eq(lab_script(&l, "configure\nvbr solo\n no bgp-peer "
	    "10.20.0.3\nend\nwait bgp converged timeout 30\n"), 0, "%s",
	    l.err.s);
	cr_assert_eq(held_by(&l, "solo"), 0);
	lookup_in(&l, "solo", "10.1.2.3", "10.1.0.0/16");
	agrees(&l);

	/* the peer made again with new settings: the new one is mirrored */
	cr_assert_eq(lab_script(&l, "configure\nvbr solo\n bgp-group g\n"
	    "  keepalive 20\nend\nwait bgp converged timeout 30\n"), 0, "%s",
	    l.err.s);
	lookup_in(&l, "solo", "10.9.9.9", "10.0.0.0/8");
	cr_assert_eq(held_by(&l, "solo"), 0);
	agrees(&l);
	lab_close(&l);
}

/* The same for IPv6: a longest match over lengths far apart. */
Test(live, a_lone_ipv6_peer_s_table_is_its_adj_rib_in)
{
	struct lab l;

	lab_open(&l);
	cr_assert_eq(lab_script(&l, "configure\nvbr six\n ipv6\n"
	    " local-gateway-ip 10.0.6.1\n bgp-group g\n  address-family ipv6\n"
	    "  peer-asn 65006\n bgp-peer 2001:db8::2\n  group g\n"
	    "cpe c6\n asn 65006\n address 2001:db8::2\n network fd00:1::/32\n"
	    " network fd00:1:2::/48\n network fd00:1:2:3::/64\n"
	    " connect vbr six\nend\nwait bgp converged timeout 30\n"), 0, "%s",
	    l.err.s);
	cr_assert_eq(held_by(&l, "six"), 0, "a copy of the Adj-RIB-In");
	lookup_in(&l, "six", "fd00:1:2:3::9", "fd00:1:2:3::/64");
	lookup_in(&l, "six", "fd00:1:2:4::9", "fd00:1:2::/48");
	lookup_in(&l, "six", "fd00:1:3::9", "fd00:1::/32");
	run_ok(&l, "show route lookup fd00:2::1 table vbr six");
	cr_assert(strstr(l.out.s, "No active route"), "%s", l.out.s);
	agrees(&l);
	lab_close(&l);
}

/*
 * ecmp_shrink_bench: an ECR carrying N prefixes over two VBRs with ECMP,
 * each VBR's CPE announcing all N, BFD at 200 ms x 3.  A failure drill
 * cuts VBR 1; BFD notices, takes BGP down, and every prefix of the ECR's
 * table (and of the transit router's and VPC's, which it feeds) loses
 * that next hop, in slices (SPEC 10).  Prints the time from the round
 * in which the first prefix lost it to the round of the last, how many
 * rounds that took, and the longest of them.
 * Runs on the virtual clock, so detection costs no waiting; the figure
 * is wall time.  A benchmark: it prints figures and asserts nothing
 * beyond its own sanity.
 *   build/ecmp-shrink-bench [N]
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../cli/commands.h"
#include "../cli/session.h"
#include "../cli/shell.h"
#include "../core/routing/ecr_rib.h"
#include "../core/routing/route_table.h"

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

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
	*(enum cmd_status *)arg = st;
}

static void
run(struct shell *sh, struct session *s, const char *line)
{
	enum cmd_status st = CMD_PENDING;

	if (session_run(s, line, NULL, 0, done, &st) != CMD_PENDING)
		return;
	while (st == CMD_PENDING)
		evloop_run_once(sh->loop, 0);
	if (st != CMD_OK) {
		fprintf(stderr, "ecmp-shrink-bench: '%s' failed\n", line);
		exit(1);
	}
}

static void
cpe(struct shell *sh, struct session *s, int k, int n)
{
	char line[128];
	int i;

	snprintf(line, sizeof(line), "cpe cpe%d", k);
	run(sh, s, line);
	snprintf(line, sizeof(line), " asn %d", 65002 + k);
	run(sh, s, line);
	snprintf(line, sizeof(line), " address 10.10.%d.5", k);
	run(sh, s, line);
	run(sh, s, " bfd interval 200 multiplier 3");
	for (i = 0; i < n; i++) {
		snprintf(line, sizeof(line), " network %d.%d.%d.0/24",
		    11 + i / 65536, (i / 256) % 256, i % 256);
		run(sh, s, line);
	}
	snprintf(line, sizeof(line), " connect vbr vbr%d", k);
	run(sh, s, line);
}

int
main(int argc, char **argv)
{
	static const struct session_io io = { discard, discard, NULL, NULL,
	    NULL };
	static const char *const lab[] = {
		"configure", "vpc vpc1", " cidr 172.16.0.0/12",
		"transit-router tr1", " attach vpc vpc1",
		"vbr vbr1", " vlan 1308", " local-gateway-ip 10.10.1.6",
		" peer-gateway-ip 10.10.1.5",
		" peering-subnet-mask 255.255.255.252",
		" bfd interval 200 multiplier 3",
		"vbr vbr2", " vlan 1309", " local-gateway-ip 10.10.2.6",
		" peer-gateway-ip 10.10.2.5",
		" peering-subnet-mask 255.255.255.252",
		" bfd interval 200 multiplier 3",
		"ecr ecr1", " asn 64512", " associate vbr vbr1",
		" associate vbr vbr2", " associate transit-router tr1",
		"vbr vbr1", " bgp-group dc", "  peer-asn 65003",
		" bgp-peer 10.10.1.5", "  group dc", "  bfd",
		"vbr vbr2", " bgp-group dc", "  peer-asn 65004",
		" bgp-peer 10.10.2.5", "  group dc", "  bfd",
	};
	int n = argc > 1 ? atoi(argv[1]) : 100000;
	size_t i, before, after, rounds = 0;
	double t0, t1 = 0, first = 0, round_s = 0, setup;
	struct shell sh;
	struct session *s;

	signal(SIGPIPE, SIG_IGN);
	memset(&sh, 0, sizeof(sh));
	clock_init(&sh.clock, CLOCK_KIND_VIRTUAL);
	sh.loop = evloop_new(&sh.clock);
	sh.engine = engine_new(sh.loop, ENGINE_NO_QUOTAS);
	s = session_new(&sh, &io, false);
	t0 = now_s();
	for (i = 0; i < sizeof(lab) / sizeof(lab[0]); i++)
		run(&sh, s, lab[i]);
	cpe(&sh, s, 1, n);
	cpe(&sh, s, 2, n);
	run(&sh, s, "end");
	run(&sh, s, "wait bgp converged timeout 600");
	run(&sh, s, "wait bfd up timeout 60");
	setup = now_s() - t0;
	before = ecr_rib_ecmp_count(sh.engine, "ecr1");
	if (before != (size_t)n) {
		fprintf(stderr, "ecmp-shrink-bench: %zu of %d prefixes have "
		    "two next hops\n", before, n);
		return 1;
	}
	run(&sh, s, "failure-drill start vbr vbr1");
	/* from the round in which BFD went down and the first prefix lost
	 * its second next hop, to the round of the last (in slices) */
	do {
		t0 = now_s();
		evloop_run_once(sh.loop, 0);
		t1 = now_s();
		after = ecr_rib_ecmp_count(sh.engine, "ecr1");
		if (after != before || rounds > 0) {
			if (rounds++ == 0)
				first = t0;
			if (t1 - t0 > round_s)
				round_s = t1 - t0;
		}
	} while (after != 0 && rounds < 10000000);
	printf("ECMP shrink on %d prefixes: BFD Down to the last prefix "
	    "updated in %.3f s, over %zu loop rounds, the longest %.1f ms; "
	    "lab up in %.1f s\n", n, t1 - first, rounds, round_s * 1000,
	    setup);
	session_free(s);
	engine_free(sh.engine);
	evloop_free(sh.loop);
	return 0;
}

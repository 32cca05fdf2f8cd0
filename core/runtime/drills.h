/*
 * drills: failure drills (E2) as the cloud's failover test jobs report
 * them (SPEC 8).  A drill cuts a VBR's circuits; its report says, in ms
 * after the cut, when BFD and then BGP declared the loss and when the
 * ECR's table had let go of the VBR's paths, and, in ms after the stop,
 * when every BGP session was back and the ECR had all its paths again;
 * and what share of 1000 default flows through the ECR the cut moved.
 *
 * The times come from the events the layers already raise (read from the
 * event log as they are added) and from the route changes the runtime
 * passes on; nothing polls.
 */
#ifndef ECSH_DRILLS_H
#define ECSH_DRILLS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../cloud/engine.h"

struct speaker;

enum { DRILLS_KEPT = 16 };

struct drill_report {
	obj_name	 vbr;
	obj_name	 ecr;		/* "" when the VBR has none */
	uint64_t	 started_ns, stopped_ns;	/* wall; 0: running */
	/* ms after the cut, or -1: not (yet) */
	int64_t		 bfd_down_ms, bgp_down_ms, ecmp_shrink_ms;
	/* ms after the stop, or -1 */
	int64_t		 bgp_up_ms, ecmp_restored_ms;
	double		 flows_moved_pct;	/* -1: no ECR path to move */
	bool		 running;
	unsigned	 duration_s;		/* 0: until stop */
};

int	drills_init(struct engine *);
void	drills_free(struct engine *);

/* Start a drill on vbr (E2); it stops by itself after duration_s (0:
 * until drills_stop).  0, or -1 with err. */
int	drills_start(struct engine *, const char *vbr, unsigned duration_s,
	    struct engine_error *);
int	drills_stop(struct engine *, const char *vbr, struct engine_error *);

/* The runtime's word that a VBR peer's Adj-RIB-In changed. */
void	drills_rib_changed(struct engine *, const struct speaker *);

/* Reports, oldest first; NULL past the last. */
const struct drill_report *drills_report(const struct engine *, size_t i);

#endif

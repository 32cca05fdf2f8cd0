/*
 * loop_stats: what the event loop measures of itself, for `show engine`:
 * how late timers fire (since the start, and over the last minute), the
 * longest rounds and what ran in them, and for each kind of work its
 * runs, the time it took and its longest slice, as FRR's `show event cpu`
 * and BIRD's `show status` tell theirs.
 *
 * Bookkeeping only: the loop reads the clocks and hands the figures in,
 * so this file can be tested with made-up figures.
 */
#ifndef ECSH_LOOP_STATS_H
#define ECSH_LOOP_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Lateness in microseconds, in buckets that are exact below 16 us and
 * then 16 to each power of two (within 6.25%), up to a day and more.
 */
enum { LATE_EXACT = 16, LATE_SUB = 16, LATE_BUCKETS = 16 + 33 * 16 };

struct lateness {
	uint32_t	 bucket[LATE_BUCKETS];
	uint64_t	 count;
	uint64_t	 max_ns;
};

void		 lateness_add(struct lateness *, uint64_t ns);
void		 lateness_merge(struct lateness *into, const struct lateness *);
/* The q-quantile (0 < q <= 1) in ns: the top of its bucket, at most max. */
uint64_t	 lateness_quantile(const struct lateness *, double q);

/* The last minute, as twelve slots of five seconds each. */
enum { LOOP_SLOT_S = 5, LOOP_SLOTS = 12, LOOP_LONGEST = 8,
	LOOP_LABEL_MAX = 96, LOOP_KINDS_MAX = 48 };

struct loop_round {
	uint64_t	 ns;		/* how long it ran */
	uint64_t	 wall_ns;	/* when it began, on the loop's clock */
	char		 what[LOOP_LABEL_MAX];	/* its longest slice */
};

struct loop_kind {
	const char	*name;		/* a static string */
	uint64_t	 runs;
	uint64_t	 ns;
	uint64_t	 max_ns;
};

struct loop_stats {
	uint64_t		 rounds;
	struct lateness		 all;
	struct lateness		 slot[LOOP_SLOTS];
	uint64_t		 slot_of[LOOP_SLOTS];	/* which 5 s it holds, +1 */
	struct loop_round	 longest[LOOP_LONGEST];	/* longest first */
	size_t			 nlongest;
	struct loop_kind	 kinds[LOOP_KINDS_MAX];
	size_t			 nkinds;
};

void	loop_stats_init(struct loop_stats *);
/* Every figure back to zero; the kinds keep their names. */
void	loop_stats_clear(struct loop_stats *);
/* A timer fired late_ns after its deadline, at now_ns on the loop's clock. */
void	loop_stats_late(struct loop_stats *, uint64_t now_ns, uint64_t late_ns);
/* The lateness over the minute before now_ns. */
void	loop_stats_recent(const struct loop_stats *, uint64_t now_ns,
	    struct lateness *out);
/* A round ran ns; what ran the longest in it. */
void	loop_stats_round(struct loop_stats *, uint64_t ns, uint64_t wall_ns,
	    const char *what);
/* The kind named name (a static string), made if new; 0 when full (the
 * first kind takes what does not fit). */
unsigned	loop_stats_kind(struct loop_stats *, const char *name);
void	loop_stats_slice(struct loop_stats *, unsigned kind, uint64_t ns);

#endif

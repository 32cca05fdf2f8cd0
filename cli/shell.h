/*
 * shell: what every session of one ecsh process shares: the event loop,
 * the engine, and the options it was started with.
 */
#ifndef ECSH_SHELL_H
#define ECSH_SHELL_H

#include <stdbool.h>
#include <stdint.h>

#include "../core/base/clock.h"
#include "../core/cloud/engine.h"
#include "../core/base/evloop.h"

struct shell {
	struct clock	 clock;
	struct evloop	*loop;
	struct engine	*engine;
	bool		 check_only;	/* --check: validate, run nothing */
	bool		 keep_going;	/* --keep-going */
	bool		 atomic;	/* --atomic: each script block commits */
	const char	*startup_path;	/* `write` saves here; NULL: unknown */
	/* what was saved last: the configuration's count of changes and
	 * the hash of its text (startup.c) */
	unsigned long	 saved_gen;
	uint64_t	 saved_hash;
	struct saved_hashing *hashing;	/* the hash being taken, in slices */
	bool		 stopping;	/* `shutdown` or SIGTERM */
};

#endif

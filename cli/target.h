/*
 * target: what a front end (batch, terminal) drives: a session in this
 * process, or one in a running engine over --connect.  Both behave the
 * same, so scripts and terminals cannot tell them apart.
 */
#ifndef ECSH_TARGET_H
#define ECSH_TARGET_H

#include <stdbool.h>
#include <stddef.h>

#include "../grammar/gram.h"
#include "session.h"
#include "../core/base/strbuf.h"

struct target_ops {
	enum cmd_status	(*run)(void *ctx, const char *line, const char *file,
			    unsigned lineno, session_done_fn, void *arg);
	void		(*help)(void *ctx, const char *line, struct strbuf *);
	void		(*complete)(void *ctx, const char *line,
			    struct gram_completion *);
	void		(*cancel)(void *ctx);
	const char	*(*prompt)(void *ctx, char *buf, size_t len);
	void		(*reset)(void *ctx);	/* a script starts in exec */
	/* in a config mode, with changes no `write` saved (Ctrl-D warns) */
	bool		(*unsaved)(void *ctx);
};

struct target {
	const struct target_ops	*ops;
	void			*ctx;
};

/* A session of this process as a target. */
struct target	 target_local(struct session *);

#endif

/*
 * cmd_ctx: what a command handler is given, and the few things it may ask
 * of the session running it.  The session is above the commands: it
 * calls them, and they reach it only through ctx->host, which it fills
 * in, so no file of the commands calls session.c.
 */
#ifndef ECSH_CMD_CTX_H
#define ECSH_CMD_CTX_H

#include <stdbool.h>
#include <stddef.h>

#include "../core/cloud/engine.h"
#include "../grammar/gram.h"
#include "render.h"
#include "../core/base/strbuf.h"

struct session;
struct shell;

enum cmd_status {
	CMD_OK,
	CMD_FAILED,
	CMD_PENDING,	/* sleep, wait, load...: io.done() reports the end */
	CMD_EXIT,	/* the session is over (exit in exec mode) */
};

/*
 * Does a wait's condition hold?  Not yet, why says what is missing; in
 * flight, it may hold once messages already on a wire are read, which
 * no change reports, so it is looked at again next loop round.
 */
enum cond { COND_HOLDS, COND_NOT_YET, COND_IN_FLIGHT };
typedef enum cond (*session_cond_fn)(const struct engine *, const void *ctx,
		    char *why, size_t whylen);

/*
 * A command that runs in slices (SPEC 10): a show of a million routes, a
 * commit of a big candidate.  step does one slice (it asks evloop_yield
 * as it goes), writes what it made into out, and returns true while it
 * has more; it runs again in a later round, once the shell's reader has
 * taken what came before.  done frees it, finished or not.
 */
struct cmd_job {
	bool	(*step)(struct cmd_job *, struct strbuf *out);
	void	(*done)(struct cmd_job *);
	/* the command's result when step says it is over */
	enum cmd_status	 status;
};

/* What a handler may ask of its session (session.c fills it in). */
struct cmd_host {
	/* a refusal: the session adds "% " and where the line came from */
	void		(*error)(struct session *, const char *text);
	bool		(*interactive)(const struct session *);
	/* FILE as this session's user means it, into buf; NULL if too long */
	const char	*(*path)(const struct session *, const char *file,
			    char *buf, size_t len);
	enum cmd_status	(*start_sleep)(struct session *, unsigned seconds);
	enum cmd_status	(*start_load)(struct session *, const char *path);
	/* until holds() says so (on every BGP change, and each round while
	 * in flight); frees ctx */
	enum cmd_status	(*start_wait)(struct session *, session_cond_fn,
			    void *ctx, unsigned timeout_s);
	/* follow the event log (monitor events) */
	enum cmd_status	(*start_monitor)(struct session *, struct strbuf *out);
	size_t		(*history_first)(const struct session *);
	const char	*(*history_line)(const struct session *, size_t n);
	/* configuration sessions (SPEC 7): the candidate its configuration
	 * modes edit, or NULL when they change the running configuration */
	struct candidate *(*candidate)(struct session *);
	/* take up the session's candidate NAME, or begin one (NAME NULL: a
	 * new name); the next configuration mode edits it.  NULL, with why,
	 * when it cannot. */
	struct candidate *(*candidate_open)(struct session *, const char *name,
			    char *why, size_t len);
	/* abort: drop the candidate being edited */
	void		(*candidate_drop)(struct session *);
	/* who this is, in the commit history ("terminal", "client 2") */
	const char	*(*label)(const struct session *);
	/* run job in slices until it is done; the command is pending */
	enum cmd_status	(*start_job)(struct session *, struct cmd_job *);
};

/* Whether the lines under a mode's entering line are indented (SPEC 2). */
enum frame_body {
	BODY_UNKNOWN,		/* no line of the body yet */
	BODY_FLAT,		/* not indented: the IOS rule alone */
	BODY_INDENTED,		/* indented: a shallower line leaves */
};

struct mode_frame {
	enum gram_mode	mode;
	enum obj_kind	kind;			/* object the mode edits */
	char		name[OBJ_NAME_MAX + 1];
	unsigned	indent;			/* of the line that entered */
	enum frame_body	body;
};

enum { MODE_DEPTH_MAX = 8 };

struct cmd_ctx {
	struct session		*session;
	const struct cmd_host	*host;
	struct shell		*shell;
	/* what a configuration command changes: the running store, or the
	 * candidate of a configuration session; shows read shell->engine */
	struct engine		*engine;
	const struct gram_match	*m;
	struct strbuf		*out;
	/* the modes the command runs in: frames [0, depth) */
	const struct mode_frame	*frames;
	size_t			 depth;
	/* what the session does after success */
	bool			 push;
	struct mode_frame	 pushed;
	size_t			 new_depth;	/* 0: keep ctx depth */
};

typedef enum cmd_status (*cmd_fn)(struct cmd_ctx *);

/* Reporting a refusal; the session adds "% " and the origin. */
enum cmd_status	 cmd_error(struct cmd_ctx *, const char *fmt, ...)
		    __attribute__((format(printf, 2, 3)));
enum cmd_status	 cmd_engine_error(struct cmd_ctx *,
		    const struct engine_error *);

/* The object the mode at frames[depth - 1] edits, as an engine ref. */
const struct obj_ref *cmd_context_ref(const struct cmd_ctx *,
		    struct obj_ref refs[MODE_DEPTH_MAX]);

/* A show's table, as text or JSON. */
void		 cmd_emit_table(struct cmd_ctx *, const struct table *);
/* A table of any size, one row held at a time (render_streamed). */
void		 cmd_emit_streamed(struct cmd_ctx *, struct table *,
		    table_fill, void *arg);

#endif

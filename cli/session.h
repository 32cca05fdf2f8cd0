/*
 * session: one shell on the engine, with its own mode stack.
 *
 * The terminal, every batch source and every --connect client drives a
 * session through this interface.  A session decodes a line with the
 * grammar, runs the command against the engine and writes text through
 * its io callbacks; it never touches a file descriptor itself.
 */
#ifndef ECSH_SESSION_H
#define ECSH_SESSION_H

#include <stdbool.h>
#include <stddef.h>

#include "../core/cloud/engine.h"
#include "../grammar/gram.h"
#include "cmd_ctx.h"
#include "../core/base/strbuf.h"

struct shell;
struct session;

struct session_io {
	void	(*out)(void *ctx, const char *text, size_t len);
	void	(*err)(void *ctx, const char *text, size_t len);
	void	*ctx;
	/* output between commands (monitor events); NULL: out() */
	void	(*notice)(void *ctx, const char *text, size_t len);
	/* bytes written but not yet taken by the reader; NULL: none wait
	 * (a command in slices stops making more while too many do, and
	 * goes on at session_drained) */
	size_t	(*backlog)(void *ctx);
};

/* Past this much unread output a command in slices waits for the reader. */
enum { SESSION_BACKLOG_HIGH = 1 << 20, SESSION_BACKLOG_LOW = 256 << 10 };

/* The reader took what waited (backlog below SESSION_BACKLOG_LOW). */
void		 session_drained(struct session *);

/* Session services the handlers reach through their cmd_host. */
enum cmd_status	 session_start_sleep(struct session *, unsigned seconds);
enum cmd_status	 session_start_load(struct session *, const char *path);
enum cmd_status	 session_start_wait(struct session *, session_cond_fn,
		    void *ctx, unsigned timeout_s);
enum cmd_status	 session_start_monitor(struct session *, struct strbuf *out);

/* Called once when a command that returned CMD_PENDING ends. */
typedef void (*session_done_fn)(void *arg, enum cmd_status);

struct session	*session_new(struct shell *, const struct session_io *,
		    bool interactive);
void		 session_free(struct session *);

/*
 * Run one line; file/lineno name it in errors (file NULL: typed at a
 * prompt, so the ^ goes under the prompt's line).
 */
enum cmd_status	 session_run(struct session *, const char *line,
		    const char *file, unsigned lineno, session_done_fn,
		    void *arg);
/* Ctrl-C: stops the running command, or else the monitor. */
void		 session_cancel(struct session *);
bool		 session_busy(const struct session *);
bool		 session_interactive(const struct session *);
void		 session_reset_mode(struct session *);	/* back to exec */
/* Its name in the commit history: "terminal", "client 3", a file. */
void		 session_set_label(struct session *, const char *);
/* --atomic: the configure block just begun is a candidate, committed at
 * its end.  false (said) if it cannot be. */
bool		 session_set_atomic(struct session *);
/* A script ended: its immediate changes commit; an --atomic block left
 * open is dropped (-1, said). */
int		 session_close_block(struct session *);
struct candidate *session_candidate(const struct session *, const char *name);

const char	*session_prompt(const struct session *, char *buf, size_t len);

/*
 * The directory a relative FILE (write, copy, load) is taken from: the
 * client's, over --connect.  NULL: this process's own.
 */
void		 session_set_cwd(struct session *, const char *dir);
/* FILE as this session's user means it, into buf; NULL if too long. */
const char	*session_path(const struct session *, const char *file,
		    char *buf, size_t len);
/*
 * Run the script at path in this session as `load` does: all of it takes
 * effect, or nothing does.  done reports the end if CMD_PENDING.
 */
enum cmd_status	 session_load(struct session *, const char *path,
		    session_done_fn, void *arg);
/* In a configuration mode, with changes that no `write` has saved? */
bool		 session_unsaved(const struct session *);
/*
 * The lines this session has run (show history), numbered from 0; the
 * oldest are let go past SESSION_HISTORY_MAX.  NULL past the newest.
 */
enum { SESSION_HISTORY_MAX = 500 };
size_t		 session_history_first(const struct session *);
const char	*session_history_line(const struct session *, size_t n);
void		 session_help(struct session *, const char *line,
		    struct strbuf *out);
void		 session_complete(struct session *, const char *line,
		    struct gram_completion *);

#endif

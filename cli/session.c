/*
 * session: decode, dispatch, report.  Owns a session's mode stack and its
 * pending command (sleep, load); all text leaves through session_io.
 */
#include <errno.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"
#include "commands.h"
#include "out_pipe.h"
#include "event_text.h"
#include "session.h"
#include "shell.h"
#include "startup.h"
#include "target.h"
#include "../core/alerts/alerts.h"
#include "../core/cloud/commits.h"
#include "../core/sessions/bgp_speakers.h"

struct waiter {
	session_done_fn	 fn;
	void		*arg;
};

enum { WAITERS_MAX = 16 };	/* load nesting depth, plus one */
enum { CANDIDATES_MAX = 8 };	/* configuration sessions of one shell */

struct session {
	struct shell		*shell;
	struct session_io	 io;
	bool			 interactive;
	struct mode_frame	 frames[MODE_DEPTH_MAX];
	size_t			 depth;
	const char		*origin_file;	/* NULL: typed at a terminal */
	unsigned		 origin_line;
	size_t			 caret_indent;	/* prompt width, for the ^ */
	const char		*line;		/* being run, for errors */
	unsigned		 line_indent;	/* its indentation */
	/* a line failed: the lines indented deeper are its block (SPEC 2) */
	bool			 skipping;
	unsigned		 skip_indent;

	/* pending commands, innermost last */
	struct waiter		 waiters[WAITERS_MAX];
	size_t			 nwaiters;
	/* a read waiting for the engine's round to take in a change */
	struct ev_timer		 defer_timer;
	struct ev_work		 defer_work;	/* while routes settle */
	char			*deferred;
	bool			 deferred_closed;
	bool			 running_deferred;
	uint64_t		 deferred_since;	/* machine ns, 0: not */
	struct ev_timer		 sleep_timer;
	bool			 sleeping;
	/* wait: a condition checked on every BGP change, until a timeout */
	struct ev_timer		 wait_timer;
	struct ev_timer		 wait_recheck;	/* after the current I/O */
	bool			 waiting;
	session_cond_fn		 wait_holds;
	void			*wait_ctx;
	unsigned		 wait_seconds;
	/* monitor events: between commands, or as a command until Ctrl-C */
	bool			 monitoring;
	bool			 monitor_command;
	/* load: the caller's place, and the configuration to put back */
	struct {
		struct batch		*batch;
		struct mode_frame	 frames[MODE_DEPTH_MAX];
		size_t			 depth;
		unsigned		 line_indent;
		const char		*origin_file;
		unsigned		 origin_line;
		struct engine_snapshot	*before;
		unsigned long		 commit_base;
		char			*path;
	} loads[WAITERS_MAX];
	size_t			 nloads;
	char			*cwd;		/* the client's, or NULL */
	/* show history: a ring of the newest lines run */
	char			*history[SESSION_HISTORY_MAX];
	size_t			 nhistory;	/* lines ever */
	/* configuration sessions: the candidates this shell began, and the
	 * one its configuration modes edit now */
	struct candidate	*cands[CANDIDATES_MAX];
	size_t			 ncands;
	struct candidate	*active;
	bool			 atomic;	/* active is an --atomic block */
	bool			 atomic_failed;	/* a line of that block failed */
	unsigned		 named;		/* sessions it named itself */
	unsigned		 author;	/* its immediate changes */
	char			 label[64];
	/* a command in slices, its output's filters, and whether it waits
	 * for the reader; the match whose filters a job takes */
	struct cmd_job		*job;
	struct ev_work		 job_work;
	struct out_pipe		*job_pipe;
	struct strbuf		 job_out;
	bool			 job_blocked;
	bool			 job_started;
	const struct gram_match	*running;
};

static void sleep_over(void *);
static void wait_timed_out(void *);
static void wait_changed(void *);
static void wait_check(void *);
static void wait_end(struct session *);
static void monitor_end(struct session *);
static void notice(struct session *, const char *, size_t);

static void	deferred_due(void *);
static bool	deferred_work(void *);
static bool	job_slice(void *);
static void	job_end(struct session *, enum cmd_status);
static void	finish(struct session *, enum cmd_status);
static void	emit_errf(struct session *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));

struct session *
session_new(struct shell *sh, const struct session_io *io, bool interactive)
{
	struct session *s = calloc(1, sizeof(*s));

	if (s == NULL)
		return NULL;
	static unsigned authors;

	s->shell = sh;
	s->io = *io;
	s->interactive = interactive;
	s->author = ++authors;
	snprintf(s->label, sizeof(s->label), "%s", interactive ? "terminal" :
	    "script");
	evloop_timer_init(&s->sleep_timer, sleep_over, s);
	evloop_timer_init(&s->defer_timer, deferred_due, s);
	evloop_timer_kind(&s->defer_timer, evloop_kind(sh->loop, "shell"));
	evloop_work_init(&s->defer_work, evloop_kind(sh->loop, "shell"),
	    deferred_work, s);
	evloop_work_init(&s->job_work, evloop_kind(sh->loop, "command"),
	    job_slice, s);
	strbuf_init(&s->job_out);
	evloop_timer_init(&s->wait_timer, wait_timed_out, s);
	evloop_timer_init(&s->wait_recheck, wait_check, s);
	session_reset_mode(s);
	return s;
}

void
session_free(struct session *s)
{
	size_t i;

	if (s == NULL)
		return;
	if (s->sleeping)
		evloop_jump_end(s->shell->loop);
	evloop_timer_stop(s->shell->loop, &s->sleep_timer);
	evloop_timer_stop(s->shell->loop, &s->defer_timer);
	evloop_work_cancel(s->shell->loop, &s->defer_work);
	free(s->deferred);
	if (s->job != NULL) {
		evloop_work_cancel(s->shell->loop, &s->job_work);
		out_pipe_free(s->job_pipe);
		s->job->done(s->job);
		s->job = NULL;
	}
	strbuf_free(&s->job_out);
	wait_end(s);
	monitor_end(s);
	for (i = 0; i < s->nloads; i++) {
		batch_free(s->loads[i].batch);
		engine_snapshot_free(s->loads[i].before);
		free(s->loads[i].path);
	}
	for (i = 0; i < SESSION_HISTORY_MAX; i++)
		free(s->history[i]);
	session_close_block(s);
	for (i = 0; i < s->ncands; i++) {
		if (s->interactive && candidate_changed(s->cands[i]))
			emit_errf(s, "configuration session %s: its uncommitted "
			    "changes are dropped", candidate_name(s->cands[i]));
		candidate_free(s->cands[i]);
	}
	free(s->cwd);
	free(s);
}

void
session_reset_mode(struct session *s)
{
	memset(s->frames, 0, sizeof(s->frames));
	s->frames[0].mode = M_EXEC;
	s->depth = 1;
	s->skipping = false;
	s->active = NULL;
}

bool
session_busy(const struct session *s)
{
	return s->nwaiters > 0;
}

bool
session_interactive(const struct session *s)
{
	return s->interactive && s->origin_file == NULL;
}

/* In a configuration session, (config-vbr)# says (config-s-NAME-vbr)#. */
const char *
session_prompt(const struct session *s, char *buf, size_t len)
{
	const char *mode = gram_modes[s->frames[s->depth - 1].mode].prompt;
	size_t head = strlen("(config");

	if (s->active != NULL && s->depth > 1 &&
	    strncmp(mode, "(config", head) == 0)
		snprintf(buf, len, "%s(config-s-%s%s ",
		    engine_hostname(s->shell->engine),
		    candidate_name(s->active), mode + head);
	else
		snprintf(buf, len, "%s%s ", engine_hostname(s->shell->engine),
		    mode);
	return buf;
}

/* Errors. */

static void
emit_err(struct session *s, const char *text)
{
	struct strbuf b;

	strbuf_init(&b);
	if (s->origin_file != NULL)
		strbuf_printf(&b, "%s:%u: ", s->origin_file, s->origin_line);
	strbuf_printf(&b, "%% %s\n", text);
	s->io.err(s->io.ctx, b.s, b.len);
	strbuf_free(&b);
}

static void __attribute__((format(printf, 2, 0)))
emit_verr(struct session *s, const char *fmt, va_list ap)
{
	struct strbuf b;

	strbuf_init(&b);
	strbuf_vprintf(&b, fmt, ap);
	emit_err(s, b.s != NULL ? b.s : "");
	strbuf_free(&b);
}

static void __attribute__((format(printf, 2, 3)))
emit_errf(struct session *s, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit_verr(s, fmt, ap);
	va_end(ap);
}

/* The ^ under the bad word: below the prompt, or below the quoted line. */
static void
emit_caret(struct session *s, size_t col)
{
	struct strbuf b;

	strbuf_init(&b);
	if (s->origin_file == NULL) {
		strbuf_printf(&b, "%*s^\n", (int)(s->caret_indent + col), "");
		s->io.err(s->io.ctx, b.s, b.len);
		emit_err(s, "Invalid input detected at '^' marker.");
	} else {
		char shown[GRAM_LINE_MAX + 16];

		/* the line quoted keeps no key (SPEC 2) */
		gram_mask_secrets(s->line, s->frames[s->depth - 1].mode, shown,
		    sizeof(shown), &col);
		emit_err(s, "Invalid input detected at '^' marker.");
		strbuf_printf(&b, "  %s\n  %*s^\n", shown, (int)col, "");
		s->io.err(s->io.ctx, b.s, b.len);
	}
	strbuf_free(&b);
}

static void
host_error(struct session *s, const char *text)
{
	emit_err(s, text);
}

/* Configuration sessions. */

static struct candidate *
host_candidate(struct session *s)
{
	return s->active;
}

static struct candidate *
host_candidate_open(struct session *s, const char *name, char *why,
    size_t len)
{
	char auto_name[32];

	if (name == NULL) {
		/* s1, s2 ...: a name no candidate of this shell has */
		do
			snprintf(auto_name, sizeof(auto_name), "s%u",
			    ++s->named);
		while (session_candidate(s, auto_name) != NULL);
		name = auto_name;
	}
	if ((s->active = session_candidate(s, name)) != NULL)
		return s->active;
	if (s->ncands == CANDIDATES_MAX) {
		snprintf(why, len, "configure session: this shell has %d "
		    "uncommitted sessions; commit or abort one first",
		    CANDIDATES_MAX);
		return NULL;
	}
	if ((s->active = candidate_new(s->shell->engine, name)) == NULL) {
		snprintf(why, len, "configure session: out of memory");
		return NULL;
	}
	s->cands[s->ncands++] = s->active;
	return s->active;
}

static void
host_candidate_drop(struct session *s)
{
	size_t i;

	for (i = 0; i < s->ncands; i++)
		if (s->cands[i] == s->active) {
			candidate_free(s->cands[i]);
			s->cands[i] = s->cands[--s->ncands];
			break;
		}
	s->active = NULL;
	s->atomic = false;
}

static const char *
host_label(const struct session *s)
{
	return s->label;
}

struct candidate *
session_candidate(const struct session *s, const char *name)
{
	size_t i;

	for (i = 0; i < s->ncands; i++)
		if (strcmp(candidate_name(s->cands[i]), name) == 0)
			return s->cands[i];
	return NULL;
}

void
session_set_label(struct session *s, const char *label)
{
	snprintf(s->label, sizeof(s->label), "%s", label);
}

bool
session_set_atomic(struct session *s)
{
	const char *file = s->origin_file != NULL ? s->origin_file : "-";
	const char *base = strrchr(file, '/');
	char why[128], name[OBJ_NAME_MAX + 1];

	/* named for its block in the history: FILE:LINE */
	snprintf(name, sizeof(name), "%s:%u", base != NULL ? base + 1 : file,
	    s->origin_line);
	if (host_candidate_open(s, name, why, sizeof(why)) == NULL) {
		emit_err(s, why);
		return false;
	}
	s->atomic = true;
	s->atomic_failed = false;
	return true;
}

/*
 * Back in exec mode.  Immediate changes since the last become one commit
 * (SPEC 7); an --atomic block commits here, or fails whole.
 */
static enum cmd_status
config_left(struct session *s, enum cmd_status st)
{
	struct engine_error err;
	unsigned long id;
	char text[400];

	if (s->active == NULL) {
		engine_commit_immediate(s->shell->engine, s->author, s->label);
		return st;
	}
	if (!s->atomic) {
		/* left uncommitted, it is taken up again; with nothing left
		 * to commit, there is nothing to keep (it is a whole copy) */
		if (!candidate_changed(s->active))
			host_candidate_drop(s);
		s->active = NULL;
		return st;
	}
	if (s->atomic_failed) {
		host_candidate_drop(s);
		emit_err(s, "commit: a line of this block failed, so none of "
		    "it was committed (--atomic)");
		return CMD_FAILED;
	}
	if (candidate_commit(s->active, COMMIT_NOW, 0, NULL, &id, &err) == -1) {
		snprintf(text, sizeof(text), "commit: %s%s%s", err.code,
		    err.code[0] != '\0' ? ": " : "", err.text);
		host_candidate_drop(s);
		emit_err(s, text);
		return CMD_FAILED;
	}
	host_candidate_drop(s);
	return st;
}

int
session_close_block(struct session *s)
{
	if (s->active != NULL && s->atomic) {
		host_candidate_drop(s);
		emit_err(s, "commit: the script ended inside a configure block "
		    "with no end, so none of it was committed (--atomic)");
		return -1;
	}
	s->active = NULL;
	engine_commit_immediate(s->shell->engine, s->author, s->label);
	return 0;
}

/* Commands in slices. */

static void
job_write(void *ctx, const char *text, size_t len)
{
	struct session *s = ctx;

	s->io.out(s->io.ctx, text, len);
}

static enum cmd_status
host_start_job(struct session *s, struct cmd_job *job)
{
	char why[256];

	if (s->job != NULL || s->running == NULL) {
		job->done(job);
		emit_err(s, "a command is still running");
		return CMD_FAILED;
	}
	if ((s->job_pipe = out_pipe_new(s->running->filter,
	    s->running->nfilters, job_write, s, why, sizeof(why))) == NULL) {
		job->done(job);
		emit_err(s, why);
		return CMD_FAILED;
	}
	s->job = job;
	s->job_blocked = false;
	s->job_started = true;
	evloop_work_post(s->shell->loop, &s->job_work);
	return CMD_PENDING;
}

static void
job_end(struct session *s, enum cmd_status st)
{
	struct cmd_job *job = s->job;

	evloop_work_cancel(s->shell->loop, &s->job_work);
	s->job = NULL;
	if (st == CMD_FAILED) {
		out_pipe_free(s->job_pipe);
	} else {
		out_pipe_write(s->job_pipe, s->job_out.s, s->job_out.len);
		out_pipe_close(s->job_pipe);
	}
	s->job_pipe = NULL;
	strbuf_reset(&s->job_out);
	job->done(job);
	finish(s, st);
}

/* One slice, unless the reader is too far behind: then at its drain. */
static bool
job_slice(void *arg)
{
	struct session *s = arg;
	bool more;

	if (s->job == NULL)
		return false;
	if (s->io.backlog != NULL &&
	    s->io.backlog(s->io.ctx) > SESSION_BACKLOG_HIGH) {
		s->job_blocked = true;
		return false;
	}
	more = s->job->step(s->job, &s->job_out);
	if (!more) {
		job_end(s, s->job->status);
		return false;
	}
	out_pipe_write(s->job_pipe, s->job_out.s, s->job_out.len);
	strbuf_reset(&s->job_out);
	out_pipe_flush(s->job_pipe);
	return true;
}

void
session_drained(struct session *s)
{
	if (s->job != NULL && s->job_blocked) {
		s->job_blocked = false;
		evloop_work_post(s->shell->loop, &s->job_work);
	}
}

static const struct cmd_host host = {
	host_error, session_interactive, session_path, session_start_sleep,
	session_start_load, session_start_wait, session_start_monitor,
	session_history_first, session_history_line, host_candidate,
	host_candidate_open, host_candidate_drop, host_label,
	host_start_job,
};

/* Output filters: | include, exclude, begin, section, count. */

static size_t
leading_blanks(const char *line)
{
	return strspn(line, " \t");
}

static int
apply_filter(struct session *s, const struct gram_filter *f,
    struct strbuf *in, struct strbuf *out)
{
	regex_t re;
	char *line, *next, errbuf[128];
	bool begun = false;
	size_t count = 0, section = SIZE_MAX;
	int rc;

	if (f->kind == CH_COUNT) {
		for (line = in->s; line != NULL && *line != '\0'; line = next) {
			next = strchr(line, '\n');
			count++;
			next = next != NULL ? next + 1 : NULL;
		}
		strbuf_printf(out, "Count: %zu line%s\n", count,
		    count == 1 ? "" : "s");
		return 0;
	}
	if ((rc = regcomp(&re, f->regex, REG_EXTENDED | REG_NOSUB))) {
		regerror(rc, &re, errbuf, sizeof(errbuf));
		strbuf_reset(out);
		strbuf_printf(out, "bad regular expression '%s': %s",
		    f->regex, errbuf);
		emit_err(s, out->s);
		strbuf_reset(out);
		return -1;
	}
	for (line = in->s; line != NULL && *line != '\0'; line = next) {
		bool hit;

		next = strchr(line, '\n');
		if (next != NULL)
			*next = '\0';
		hit = regexec(&re, line, 0, NULL, 0) == 0;
		/* a section: the matching line and those indented under it */
		if (section != SIZE_MAX && leading_blanks(line) <= section)
			section = SIZE_MAX;
		if (f->kind == CH_SECTION && hit && section == SIZE_MAX)
			section = leading_blanks(line);
		if ((f->kind == CH_INCLUDE && hit) ||
		    (f->kind == CH_EXCLUDE && !hit) ||
		    (f->kind == CH_BEGIN && (begun = begun || hit)) ||
		    (f->kind == CH_SECTION && section != SIZE_MAX))
			strbuf_printf(out, "%s\n", line);
		next = next != NULL ? next + 1 : NULL;
	}
	regfree(&re);
	return 0;
}

/* Running a line. */

/*
 * A decoder's reason may quote the word it refused ('KEY' is not a valid
 * name): when that word is the line's key, the reason says <hidden>.
 */
static const char *
why_shown(const struct session *s, const char *why, char *buf, size_t len)
{
	char key[GRAM_LINE_MAX];
	const char *hit;
	size_t at, n;

	if (!gram_find_secret(s->line, s->frames[s->depth - 1].mode, &at,
	    &n) || n == 0 || n >= sizeof(key))
		return why;
	memcpy(key, s->line + at, n);
	key[n] = '\0';
	if ((hit = strstr(why, key)) == NULL)
		return why;
	snprintf(buf, len, "%.*s%s%s", (int)(hit - why), why, GRAM_HIDDEN,
	    hit + n);
	return buf;
}

static void
report_match_error(struct session *s, const struct gram_match *m)
{
	char text[GRAM_LINE_MAX + 64], shown[GRAM_LINE_MAX + 16];

	switch (m->status) {
	case GS_NO_MATCH:
		emit_caret(s, m->error_col);
		if (m->why[0] != '\0')
			emit_err(s, why_shown(s, m->why, text, sizeof(text)));
		break;
	case GS_INCOMPLETE:
		emit_err(s, "Incomplete command.");
		break;
	case GS_AMBIGUOUS:
		gram_mask_secrets(s->line, s->frames[s->depth - 1].mode, shown,
		    sizeof(shown), NULL);
		snprintf(text, sizeof(text), "Ambiguous command: \"%s\"",
		    shown + strspn(shown, " \t"));
		emit_err(s, text);
		break;
	case GS_TOO_LONG:
		snprintf(text, sizeof(text), "Line too long: at most %d "
		    "characters and %d words", GRAM_LINE_MAX - 1,
		    GRAM_WORDS_MAX);
		emit_err(s, text);
		break;
	default:
		break;
	}
}

/* The lines indented deeper than a failed one are not run. */
static void
block_failed(struct session *s)
{
	s->skipping = true;
	s->skip_indent = s->line_indent;
}

static void
finish(struct session *s, enum cmd_status st)
{
	struct waiter w;

	if (s->nwaiters == 0)
		return;
	if (st == CMD_FAILED)
		block_failed(s);
	w = s->waiters[--s->nwaiters];
	if (w.fn != NULL)
		w.fn(w.arg, st);
}

static enum cmd_status	exec_line(struct session *, const char *, bool,
			    session_done_fn, void *);

static enum cmd_status
defer_line(struct session *s, const char *line, bool block_closed,
    session_done_fn fn, void *arg)
{
	char *copy = strdup(line);

	if (copy == NULL || s->nwaiters >= WAITERS_MAX) {
		free(copy);
		emit_err(s, "out of memory");
		return CMD_FAILED;
	}
	free(s->deferred);
	s->deferred = copy;
	s->deferred_closed = block_closed;
	s->waiters[s->nwaiters++] = (struct waiter){ fn, arg };
	/*
	 * Routes settling: looked at again after the loop's queued work, at
	 * the same instant (the work that settles them goes first); else
	 * once the engine's round has come.
	 */
	if (s->deferred_since != 0)
		evloop_work_post(s->shell->loop, &s->defer_work);
	else
		evloop_timer_start(s->shell->loop, &s->defer_timer, 0);
	return CMD_PENDING;
}

/* The loop came round (the engine's own timer ran first): run it now. */
static bool
deferred_work(void *arg)
{
	deferred_due(arg);
	return false;		/* it is queued again if it must wait more */
}

static void
deferred_due(void *arg)
{
	struct session *s = arg;
	struct waiter w = s->waiters[--s->nwaiters];
	enum cmd_status st;

	s->running_deferred = true;
	st = exec_line(s, s->deferred, s->deferred_closed, w.fn, w.arg);
	s->running_deferred = false;
	if (st == CMD_PENDING)
		return;		/* it reports to w when it is done */
	if (st == CMD_FAILED)
		block_failed(s);
	if (w.fn != NULL)
		w.fn(w.arg, st);
}

/*
 * A read of routes, or a drill, also waits while routes still move in
 * slices (the million routes of a session that went, leaving): it never
 * sees half of the change it follows.  Not forever: routes that never settle (a peer
 * flapping all along) are shown as they stand after ROUTES_WAIT_NS.
 */
#define ROUTES_WAIT_NS	(10 * NS_PER_SEC)

static bool
read_waits(struct session *s, enum gram_cmd cmd)
{
	uint64_t now;

	if (command_is_action(cmd) && engine_changes_pending(s->shell->engine) &&
	    !s->running_deferred)
		return true;
	/*
	 * and while a change is taken in over several rounds, a read of the
	 * routes while they settle, a read of the commits while their diffs
	 * are still being said
	 */
	if (!(command_is_action(cmd) &&
	    engine_changes_under_way(s->shell->engine)) &&
	    !(command_waits_for_routes(cmd) &&
	    engine_routes_settling(s->shell->engine)) &&
	    !(command_reads_commits(cmd) &&
	    engine_commits_busy(s->shell->engine)))
		return false;
	now = clock_machine_ns();
	if (s->deferred_since == 0)
		s->deferred_since = now;
	return now - s->deferred_since < ROUTES_WAIT_NS;
}

static enum cmd_status
exec_line(struct session *s, const char *line, bool block_closed,
    session_done_fn fn, void *arg)
{
	static struct gram_match m;	/* one line at a time; 5 KiB */
	static char shown[GRAM_LINE_MAX + 16];
	struct cmd_ctx ctx;
	struct strbuf out, filtered;
	enum cmd_status st;
	const char *why = NULL;
	cmd_fn handler;
	size_t depth, i;

	s->line = line;
	if (gram_match(line, s->frames[s->depth - 1].mode, &m) != GS_OK) {
		if (m.status == GS_EMPTY)
			return CMD_OK;
		report_match_error(s, &m);
		return CMD_FAILED;
	}
	/* FRR style: `exit` indented like its block's first line closed it */
	if (block_closed && m.cmd == C_EXIT && !m.via_do && m.levels_up == 0)
		return CMD_OK;
	depth = m.via_do || m.is_show ? 1 : s->depth - (size_t)m.levels_up;
	if (s->shell->check_only && command_is_action(m.cmd))
		return CMD_OK;
	if ((handler = command_handler(m.cmd, &why)) == NULL) {
		char text[256];

		snprintf(text, sizeof(text), "Not yet supported: %s", why);
		emit_err(s, text);
		return CMD_FAILED;
	}

	/*
	 * A read sees the engine as it stands once a change has been taken
	 * in: the engine does that in its own loop round, so a read that
	 * follows a change at once (a script's next line) runs after it.
	 */
	if (!s->shell->check_only && read_waits(s, m.cmd))
		return defer_line(s, line, block_closed, fn, arg);
	s->deferred_since = 0;

	memset(&ctx, 0, sizeof(ctx));
	strbuf_init(&out);
	/* a table of a million routes leaves as it is made, not at the end */
	if (m.nfilters == 0 && command_streams(m.cmd))
		strbuf_set_sink(&out, s->io.out, s->io.ctx);
	ctx.session = s;
	ctx.host = &host;
	ctx.shell = s->shell;
	ctx.engine = s->active != NULL && depth > 1 ?
	    candidate_store(s->active) : s->shell->engine;
	engine_author(s->shell->engine, s->author);
	ctx.m = &m;
	ctx.out = &out;
	ctx.frames = s->frames;
	ctx.depth = depth;

	/* show engine names the line, not its key */
	gram_mask_secrets(line, s->frames[s->depth - 1].mode, shown,
	    sizeof(shown), NULL);
	evloop_label(s->shell->loop, "%.60s%s for %s", shown + strspn(shown,
	    " \t"), strlen(shown) > 60 ? "..." : "", s->label);
	/* a pending command reports to whoever ran it */
	if (s->nwaiters < WAITERS_MAX)
		s->waiters[s->nwaiters++] = (struct waiter){ fn, arg };
	s->running = &m;
	s->job_started = false;
	st = handler(&ctx);
	s->running = NULL;
	if (st != CMD_PENDING)
		s->nwaiters--;
	if (st == CMD_PENDING && s->job_started) {
		/* what it said before its slices, through the same filters */
		out_pipe_write(s->job_pipe, out.s != NULL ? out.s : "",
		    out.len);
		strbuf_free(&out);
		return st;
	}

	if (st == CMD_OK || st == CMD_PENDING) {
		/* left to right; `| count` counts what the others left */
		for (i = 0; i < m.nfilters && st != CMD_FAILED; i++) {
			strbuf_init(&filtered);
			if (apply_filter(s, &m.filter[i], &out, &filtered) == -1)
				st = CMD_FAILED;
			strbuf_free(&out);
			out = filtered;
		}
		if (out.len > 0)
			s->io.out(s->io.ctx, out.s, out.len);
	}
	strbuf_free(&out);
	if (st == CMD_FAILED && s->atomic)
		s->atomic_failed = true;
	if (st == CMD_OK && !m.via_do && !m.is_show) {
		s->depth = ctx.new_depth ? ctx.new_depth : depth;
		if (ctx.push && s->depth < MODE_DEPTH_MAX) {
			ctx.pushed.indent = s->line_indent;
			ctx.pushed.body = BODY_UNKNOWN;
			s->frames[s->depth++] = ctx.pushed;
		}
		/* --atomic: a script's configure block is a session */
		if (m.cmd == C_CONFIGURE && s->shell->atomic &&
		    s->origin_file != NULL && s->active == NULL &&
		    !session_set_atomic(s))
			st = CMD_FAILED;
	}
	if (s->depth == 1 && st != CMD_PENDING)
		st = config_left(s, st);
	return st;
}

/*
 * Columns of leading blanks (a tab to the next multiple of 8); false for
 * a line that holds nothing to run (blank, or a `!` comment).
 */
static bool
indentation(const char *line, unsigned *indent)
{
	unsigned col = 0;

	for (; *line == ' ' || *line == '\t'; line++)
		col = *line == '\t' ? (col / 8 + 1) * 8 : col + 1;
	*indent = col;
	return *line != '\0' && *line != '!' && *line != '\r' &&
	    *line != '\n';
}

/*
 * SPEC 2, Indentation: the first line of an object mode's body says
 * whether that body is indented; once it is, a line indented no deeper
 * than the line that entered the mode leaves it.  The configure frame
 * keeps IOS's rule: only `end` and `exit` leave it.  Returns true if a
 * frame entered at exactly this indentation was left, which is what an
 * FRR-style `exit` under it means.
 */
static bool
follow_indentation(struct session *s, unsigned indent)
{
	struct mode_frame *top = &s->frames[s->depth - 1];
	size_t i, leave = s->depth;
	bool closed_here = false;

	if (s->depth > 1 && top->kind != OBJ_NONE && top->body == BODY_UNKNOWN)
		top->body = indent > top->indent ? BODY_INDENTED : BODY_FLAT;
	/* the outermost indented frame the line does not belong to, and
	 * everything inside it, flat or not */
	for (i = s->depth; i-- > 1 && s->frames[i].kind != OBJ_NONE;)
		if (s->frames[i].body == BODY_INDENTED &&
		    indent <= s->frames[i].indent)
			leave = i;
	for (i = leave; i < s->depth; i++)
		if (s->frames[i].indent == indent)
			closed_here = true;
	s->depth = leave;
	return closed_here;
}

/* show history keeps no key (SPEC 2) */
static void
remember(struct session *s, const char *line)
{
	char **slot = &s->history[s->nhistory % SESSION_HISTORY_MAX];
	char shown[GRAM_LINE_MAX + 16], *copy;

	if (strspn(line, " \t") == strlen(line))
		return;
	gram_mask_secrets(line, s->frames[s->depth - 1].mode, shown,
	    sizeof(shown), NULL);
	if ((copy = strdup(shown)) == NULL)
		return;
	free(*slot);
	*slot = copy;
	s->nhistory++;
}

size_t
session_history_first(const struct session *s)
{
	return s->nhistory > SESSION_HISTORY_MAX ?
	    s->nhistory - SESSION_HISTORY_MAX : 0;
}

const char *
session_history_line(const struct session *s, size_t n)
{
	if (n >= s->nhistory || n < session_history_first(s))
		return NULL;
	return s->history[n % SESSION_HISTORY_MAX];
}

enum cmd_status
session_run(struct session *s, const char *line, const char *file,
    unsigned lineno, session_done_fn fn, void *arg)
{
	char prompt[256];
	enum cmd_status st;
	unsigned indent;
	bool closed = false;

	remember(s, line);
	s->origin_file = file;
	s->origin_line = lineno;
	s->caret_indent = file == NULL ?
	    strlen(session_prompt(s, prompt, sizeof(prompt))) : 0;
	if (indentation(line, &indent)) {
		if (s->skipping && indent > s->skip_indent) {
			s->line = line;
			emit_err(s, "skipped: the line that opens this block "
			    "failed");
			if (s->atomic)
				s->atomic_failed = true;
			return CMD_FAILED;
		}
		s->skipping = false;
		s->line_indent = indent;
		closed = follow_indentation(s, indent);
	}
	st = exec_line(s, line, closed, fn, arg);
	if (st == CMD_FAILED) {
		block_failed(s);
		if (s->atomic)
			s->atomic_failed = true;
	}
	return st;
}

/* sleep */

static void
sleep_over(void *arg)
{
	struct session *s = arg;

	s->sleeping = false;
	evloop_jump_end(s->shell->loop);
	finish(s, CMD_OK);
}

enum cmd_status
session_start_sleep(struct session *s, unsigned seconds)
{
	if (seconds == 0)
		return CMD_OK;
	s->sleeping = true;
	evloop_jump_begin(s->shell->loop);	/* on a virtual clock, no wait */
	evloop_timer_start(s->shell->loop, &s->sleep_timer,
	    (uint64_t)seconds * 1000);
	return CMD_PENDING;
}

/* wait */

static void
wait_end(struct session *s)
{
	if (!s->waiting)
		return;
	s->waiting = false;
	evloop_jump_end(s->shell->loop);
	evloop_timer_stop(s->shell->loop, &s->wait_timer);
	evloop_timer_stop(s->shell->loop, &s->wait_recheck);
	bgp_speakers_unlisten(s->shell->engine, wait_changed, s);
	alerts_unlisten(s->shell->engine, wait_changed, s);
	free(s->wait_ctx);
	s->wait_ctx = NULL;
}

/*
 * A session changed, perhaps in the middle of reading its messages: look
 * again once the loop has finished this round of I/O.
 */
static void
wait_changed(void *arg)
{
	struct session *s = arg;

	if (s->waiting && !evloop_timer_pending(&s->wait_recheck))
		evloop_timer_start(s->shell->loop, &s->wait_recheck, 0);
}

/*
 * After the next round of I/O: a timer of this very instant would run
 * again before the loop reads anything (on the virtual clock, forever).
 */
static void
look_again_soon(struct session *s)
{
	evloop_timer_start_ns(s->shell->loop, &s->wait_recheck, 1);
}

static void
wait_check(void *arg)
{
	struct session *s = arg;
	char why[256];

	if (!s->waiting)
		return;
	switch (s->wait_holds(s->shell->engine, s->wait_ctx, why,
	    sizeof(why))) {
	case COND_HOLDS:
		wait_end(s);
		finish(s, CMD_OK);
		break;
	case COND_IN_FLIGHT:
		look_again_soon(s);
		break;
	case COND_NOT_YET:
		break;
	}
}

static void
wait_timed_out(void *arg)
{
	struct session *s = arg;
	char why[256], text[320];

	why[0] = '\0';
	/* it may hold at the very deadline (a timer of the same instant) */
	if (s->wait_holds(s->shell->engine, s->wait_ctx, why,
	    sizeof(why)) == COND_HOLDS) {
		wait_end(s);
		finish(s, CMD_OK);
		return;
	}
	snprintf(text, sizeof(text), "wait: gave up after %u s: %s",
	    s->wait_seconds, why);
	wait_end(s);
	emit_err(s, text);
	finish(s, CMD_FAILED);
}

enum cmd_status
session_start_wait(struct session *s, session_cond_fn holds, void *ctx,
    unsigned timeout_s)
{
	char why[256];
	enum cond now = holds(s->shell->engine, ctx, why, sizeof(why));

	if (now == COND_HOLDS) {
		free(ctx);
		return CMD_OK;
	}
	s->waiting = true;
	evloop_jump_begin(s->shell->loop);
	s->wait_holds = holds;
	s->wait_ctx = ctx;
	s->wait_seconds = timeout_s;
	bgp_speakers_listen(s->shell->engine, wait_changed, s);
	alerts_listen(s->shell->engine, wait_changed, s);
	evloop_timer_start(s->shell->loop, &s->wait_timer,
	    (uint64_t)timeout_s * 1000);
	if (now == COND_IN_FLIGHT)
		look_again_soon(s);
	return CMD_PENDING;
}

void
session_cancel(struct session *s)
{
	static const char stopped[] = "Stopped monitoring events.\n";

	if (s->waiting) {
		wait_end(s);
		emit_err(s, "Interrupted.");
		finish(s, CMD_FAILED);
		return;
	}
	if (s->job != NULL) {
		job_end(s, CMD_FAILED);
		emit_err(s, "Interrupted.");
		return;
	}
	if (s->sleeping) {
		evloop_timer_stop(s->shell->loop, &s->sleep_timer);
		s->sleeping = false;
		evloop_jump_end(s->shell->loop);
		emit_err(s, "Interrupted.");
		finish(s, CMD_FAILED);
		return;
	}
	if (s->monitoring && s->monitor_command) {
		monitor_end(s);		/* Ctrl-C is how the stream ends */
		finish(s, CMD_OK);
	} else if (s->monitoring) {
		monitor_end(s);
		notice(s, stopped, sizeof(stopped) - 1);
	}
}

/* monitor events */

static void
notice(struct session *s, const char *text, size_t len)
{
	if (s->io.notice != NULL && !s->monitor_command)
		s->io.notice(s->io.ctx, text, len);
	else
		s->io.out(s->io.ctx, text, len);
}

static void
monitor_event(void *arg, const struct event *ev)
{
	struct session *s = arg;
	struct strbuf b;

	strbuf_init(&b);
	event_line(ev, &b);
	notice(s, b.s, b.len);
	strbuf_free(&b);
}

static void
monitor_end(struct session *s)
{
	if (!s->monitoring)
		return;
	event_log_unlisten(engine_events(s->shell->engine), monitor_event, s);
	s->monitoring = false;
	s->monitor_command = false;
}

/*
 * Typed at a prompt, the stream runs above the prompt while the shell
 * takes commands; in a script it is the command, until Ctrl-C.
 */
enum cmd_status
session_start_monitor(struct session *s, struct strbuf *out)
{
	if (s->monitoring) {
		strbuf_puts(out, "Already monitoring events; Ctrl-C stops.\n");
		return CMD_OK;
	}
	event_log_listen(engine_events(s->shell->engine), monitor_event, s);
	s->monitoring = true;
	if (s->origin_file == NULL) {
		strbuf_puts(out, "Monitoring events; they print above the "
		    "prompt.  Ctrl-C at the prompt stops.\n");
		return CMD_OK;
	}
	s->monitor_command = true;
	return CMD_PENDING;
}

/*
 * load: a script run in this session, starting in exec mode.  It is all
 * or nothing: the configuration as it was is kept aside and put back if a
 * line fails.  Until the file ends no reconcile has run, unless it waits
 * or sleeps, so sessions never see the half-loaded state.
 */

static void
load_done(void *arg, int status, bool exited)
{
	struct session *s = arg;
	size_t i = s->nloads - 1;
	unsigned failed_line = batch_lineno(s->loads[i].batch);

	(void)exited;
	memcpy(s->frames, s->loads[i].frames, sizeof(s->frames));
	s->depth = s->loads[i].depth;
	s->line_indent = s->loads[i].line_indent;
	s->origin_file = s->loads[i].origin_file;
	s->origin_line = s->loads[i].origin_line;
	s->skipping = false;
	batch_free(s->loads[i].batch);
	if (status != 0) {
		engine_restore(s->shell->engine, s->loads[i].before);
		/* what its blocks committed never happened */
		engine_commits_undo_since(s->shell->engine, s->author,
		    s->loads[i].commit_base);
		emit_errf(s, "load %s: line %u failed; nothing was changed",
		    s->loads[i].path, failed_line);
	} else {
		engine_snapshot_free(s->loads[i].before);
	}
	free(s->loads[i].path);
	s->nloads--;
	finish(s, status == 0 ? CMD_OK : CMD_FAILED);
}

enum cmd_status
session_start_load(struct session *s, const char *file)
{
	char path[4096];
	size_t i = s->nloads;

	if (i + 1 >= WAITERS_MAX) {
		emit_err(s, "load: scripts nested too deep");
		return CMD_FAILED;
	}
	if (session_path(s, file, path, sizeof(path)) == NULL) {
		emit_errf(s, "load: the path is too long");
		return CMD_FAILED;
	}
	/* read as it runs: a million lines are not read in one round */
	if ((s->loads[i].batch = batch_new_file(target_local(s),
	    s->shell->loop, path, false, load_done, s)) == NULL) {
		emit_errf(s, "load: cannot read %s: %s", path, strerror(errno));
		return CMD_FAILED;
	}
	s->loads[i].path = strdup(path);
	s->loads[i].before = engine_snapshot(s->shell->engine);
	s->loads[i].commit_base = engine_commit_last(s->shell->engine);
	memcpy(s->loads[i].frames, s->frames, sizeof(s->frames));
	s->loads[i].depth = s->depth;
	s->loads[i].line_indent = s->line_indent;
	s->loads[i].origin_file = s->origin_file;
	s->loads[i].origin_line = s->origin_line;
	if (s->loads[i].path == NULL || s->loads[i].before == NULL) {
		batch_free(s->loads[i].batch);
		s->loads[i].batch = NULL;
		free(s->loads[i].path);
		engine_snapshot_free(s->loads[i].before);
		emit_err(s, "load: out of memory");
		return CMD_FAILED;
	}
	s->nloads++;
	batch_start(s->loads[i].batch);	/* resets to exec mode */
	return CMD_PENDING;
}

enum cmd_status
session_load(struct session *s, const char *path, session_done_fn fn,
    void *arg)
{
	enum cmd_status st;

	s->origin_file = NULL;
	s->origin_line = 0;
	s->line_indent = 0;
	if (s->nwaiters >= WAITERS_MAX)
		return CMD_FAILED;
	s->waiters[s->nwaiters++] = (struct waiter){ fn, arg };
	if ((st = session_start_load(s, path)) != CMD_PENDING)
		s->nwaiters--;
	return st;
}

void
session_set_cwd(struct session *s, const char *dir)
{
	free(s->cwd);
	s->cwd = dir != NULL && dir[0] == '/' ? strdup(dir) : NULL;
}

const char *
session_path(const struct session *s, const char *file, char *buf,
    size_t len)
{
	int n;

	if (s->cwd != NULL && file[0] != '/') {
		while (file[0] == '.' && file[1] == '/')
			file += 2;
		n = snprintf(buf, len, "%s/%s", s->cwd, file);
	} else {
		n = snprintf(buf, len, "%s", file);
	}
	return n >= 0 && (size_t)n < len ? buf : NULL;
}

bool
session_unsaved(const struct session *s)
{
	return s->depth > 1 && config_unsaved(s->shell);
}

/* ? and TAB */

static bool
is_item(const struct gram_help *h, const char *word)
{
	size_t i;

	for (i = 0; i < h->count; i++)
		if (strcmp(h->item[i].word, word) == 0)
			return true;
	return false;
}

void
session_help(struct session *s, const char *line, struct strbuf *out)
{
	static struct gram_help h;
	static struct gram_completion names;
	size_t i, k, width = 0;

	gram_help(line, s->frames[s->depth - 1].mode, &h);
	if (h.status != GS_OK) {
		strbuf_puts(out, h.status == GS_AMBIGUOUS ?
		    "% Ambiguous command\n" : "% Unrecognized command\n");
		return;
	}
	/* where an object's name may come, the ones that exist, as TAB
	 * would complete them */
	session_complete(s, line, &names);
	for (i = 0; i < h.count; i++)
		if (strlen(h.item[i].word) > width)
			width = strlen(h.item[i].word);
	for (k = 0; k < names.count; k++)
		if (!is_item(&h, names.cand[k]) && strlen(names.cand[k]) > width)
			width = strlen(names.cand[k]);
	for (i = 0; i < h.count; i++)
		strbuf_printf(out, "  %-*s  %s\n", (int)width, h.item[i].word,
		    h.item[i].help);
	for (k = 0; k < names.count; k++)
		if (!is_item(&h, names.cand[k]))
			strbuf_printf(out, "  %-*s  (exists)\n", (int)width,
			    names.cand[k]);
}

struct names_ctx {
	struct session	*s;
};

static void
list_names(void *arg, enum obj_kind kind, void (*add)(void *, const char *),
    void *acc)
{
	struct names_ctx *nc = arg;
	struct session *s = nc->s;
	/* in a configuration session, the names its candidate holds */
	const struct engine *e = s->active != NULL && s->depth > 1 ?
	    candidate_store(s->active) : s->shell->engine;
	const struct object *parent = NULL, *o;
	struct obj_ref refs[MODE_DEPTH_MAX];
	struct cmd_ctx ctx;

	if (kind == OBJ_BGP_GROUP) {
		/* groups of the VBR being edited */
		memset(&ctx, 0, sizeof(ctx));
		ctx.frames = s->frames;
		ctx.depth = s->depth;
		while (ctx.depth > 1 && s->frames[ctx.depth - 1].kind != OBJ_VBR)
			ctx.depth--;
		if (ctx.depth <= 1)
			return;
		parent = engine_find(e,
		    cmd_context_ref(&ctx, refs));
		if (parent == NULL)
			return;
	}
	if (kind == OBJ_BGP_PEER) {
		/* every VBR's peers, by address (show bgp peer IP) */
		for (parent = engine_first(e, OBJ_VBR, NULL);
		    parent != NULL; parent = engine_next(parent))
			for (o = engine_first(e, OBJ_BGP_PEER,
			    parent); o != NULL; o = engine_next(o))
				add(acc, o->name);
		return;
	}
	for (o = engine_first(e, kind, parent); o != NULL;
	    o = engine_next(o))
		add(acc, o->name);
}

void
session_complete(struct session *s, const char *line,
    struct gram_completion *c)
{
	struct names_ctx nc = { s };
	struct gram_names names = { list_names, &nc };

	gram_complete(line, s->frames[s->depth - 1].mode, &names, c);
}

/* This session as a target for batches and the terminal. */

static enum cmd_status
local_run(void *ctx, const char *line, const char *file, unsigned lineno,
    session_done_fn fn, void *arg)
{
	return session_run(ctx, line, file, lineno, fn, arg);
}

static void
local_help(void *ctx, const char *line, struct strbuf *out)
{
	session_help(ctx, line, out);
}

static void
local_complete(void *ctx, const char *line, struct gram_completion *c)
{
	session_complete(ctx, line, c);
}

static void
local_cancel(void *ctx)
{
	session_cancel(ctx);
}

static const char *
local_prompt(void *ctx, char *buf, size_t len)
{
	return session_prompt(ctx, buf, len);
}

static void
local_reset(void *ctx)
{
	session_reset_mode(ctx);
}

static bool
local_unsaved(void *ctx)
{
	return session_unsaved(ctx);
}

static const struct target_ops local_ops = {
	local_run, local_help, local_complete, local_cancel, local_prompt,
	local_reset, local_unsaved,
};

struct target
target_local(struct session *s)
{
	return (struct target){ &local_ops, s };
}

/*
 * config_session: configuration sessions and the commit history (SPEC 7):
 * configure session, commit, abort, rollback, show configuration.  What
 * the store lends from the shell is here too: the configuration as text
 * (for diffs) and its replay onto a store that checks every rule (the
 * commit's check of the candidate as a whole).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "event_text.h"
#include "shell.h"
#include "../core/cloud/commits.h"

/*
 * The candidate holds together if it replays, line by line in
 * running-config order, onto an empty store that checks each rule as it
 * is typed: the same checks, the same sentences, as immediate configure.
 */
static int
check_whole(const struct engine *store, struct engine_error *err)
{
	struct engine *scratch = engine_scratch_new(store);
	int rc;

	if (scratch == NULL) {
		snprintf(err->code, sizeof(err->code), "%s", "");
		snprintf(err->text, sizeof(err->text), "out of memory");
		return -1;
	}
	rc = running_config_replay(store, scratch, err);
	engine_scratch_free(scratch);
	return rc;
}

/* In slices: the replay onto a store of its own. */
struct check {
	struct engine		*scratch;
	struct config_replay	*replay;
};

static void
check_free(void *arg)
{
	struct check *c = arg;

	config_replay_free(c->replay);
	engine_scratch_free(c->scratch);
	free(c);
}

static void *
check_begin(const struct engine *store, bool (*enough)(void *), void *arg)
{
	struct check *c = calloc(1, sizeof(*c));

	if (c == NULL || (c->scratch = engine_scratch_new(store)) == NULL ||
	    (c->replay = config_replay_new(store, c->scratch, enough,
	    arg)) == NULL) {
		if (c != NULL)
			check_free(c);
		return NULL;
	}
	return c;
}

static int
check_step(void *arg, struct engine_error *err)
{
	return config_replay_step(((struct check *)arg)->replay, err);
}

static void *
text_begin(const struct engine *store, const struct object *o,
    bool (*enough)(void *), void *arg)
{
	return config_text_new(store, o, CONFIG_BLOCK, enough, arg);
}

static int
text_step(void *w, struct strbuf *out)
{
	return config_text_step(w, out);
}

static void
text_free(void *w)
{
	config_text_free(w);
}

static const struct commit_ops ops = {
	.check = check_whole,
	.block = running_config_block,
	.text_begin = text_begin,
	.text_step = text_step,
	.text_free = text_free,
	.check_begin = check_begin,
	.check_step = check_step,
	.check_free = check_free,
};

int
config_sessions_start(struct engine *e)
{
	return engine_commits_start(e, &ops);
}

static enum cmd_status
commit_error(struct cmd_ctx *ctx, const struct engine_error *err)
{
	if (err->code[0] != '\0')
		return cmd_error(ctx, "commit: %s: %s", err->code, err->text);
	return cmd_error(ctx, "commit: %s", err->text);
}

static const char *
plural(size_t n)
{
	return n == 1 ? "" : "s";
}

enum cmd_status
cmd_configure_session(struct cmd_ctx *ctx)
{
	const char *name = gram_has(ctx->m, A_NAME) ?
	    ctx->m->arg[A_NAME].text : NULL;
	char why[160];

	if (ctx->host->candidate_open(ctx->session, name, why,
	    sizeof(why)) == NULL)
		return cmd_error(ctx, "%s", why);
	ctx->push = true;
	ctx->pushed = (struct mode_frame){ .mode = M_CONFIG };
	ctx->new_depth = 1;
	return CMD_OK;
}

static struct candidate *
session_or_say(struct cmd_ctx *ctx, const char *what)
{
	struct candidate *cand = ctx->host->candidate(ctx->session);

	if (cand == NULL)
		cmd_error(ctx, "%s: not in a configuration session; `configure` "
		    "changes take effect as they are typed (configure session "
		    "[NAME] begins one, or takes one up again)", what);
	return cand;
}

/*
 * A commit runs in slices (SPEC 10): the check of a 100k-line candidate
 * and its diff take many rounds, and the engine goes on meanwhile.  The
 * session is busy until it ends, so its candidate stays as it is.
 */
struct commit_cmd {
	struct cmd_job		 job;
	struct commit_job	*commit;
	struct evloop		*loop;
	struct cmd_ctx		 ctx;		/* for its words at the end */
	enum gram_choice	 how;
	unsigned		 seconds;
	unsigned long		 pending;	/* the confirmed one before */
	char			 name[OBJ_NAME_MAX + 1];
	/* a rollback: the candidate it made, and the commit it goes to */
	struct candidate	*rollback;
	unsigned long		 rollback_to;
};

static void
commit_said(struct commit_cmd *cc, struct strbuf *out)
{
	const struct engine_error *err;
	const struct commit_diff *diff;
	unsigned long id;

	if (commit_job_result(cc->commit, &id, &diff, &err) == -1) {
		cc->ctx.out = out;
		commit_error(&cc->ctx, err);
		cc->job.status = CMD_FAILED;
		return;
	}
	cc->job.status = CMD_OK;
	if (cc->rollback != NULL) {
		if (id == 0)
			strbuf_printf(out, "No changes: the configuration is as "
			    "it was after commit %lu.\n", cc->rollback_to);
		else
			strbuf_printf(out, "Commit %lu: rollback to commit %lu: "
			    "%zu line%s added, %zu removed.\n", id,
			    cc->rollback_to, diff->added, plural(diff->added),
			    diff->removed);
		return;
	}
	if (cc->how == CH_CHECK) {
		strbuf_printf(out, "Commit check passed: %zu line%s added, %zu "
		    "removed.\n", diff->added, plural(diff->added),
		    diff->removed);
		return;
	}
	if (cc->pending != 0 && cc->how != CH_CONFIRMED)
		strbuf_printf(out, "Commit %lu is confirmed.\n", cc->pending);
	if (id == 0) {
		if (cc->pending == 0 || cc->how == CH_CONFIRMED)
			strbuf_puts(out, "No changes to commit.\n");
		return;
	}
	strbuf_printf(out, "Commit %lu: %zu line%s added, %zu removed.", id,
	    diff->added, plural(diff->added), diff->removed);
	if (cc->how == CH_CONFIRMED)
		strbuf_printf(out, " It is undone in %u s unless a plain commit "
		    "confirms it.", cc->seconds);
	strbuf_puts(out, "\n");
}

static bool
commit_step(struct cmd_job *job, struct strbuf *out)
{
	struct commit_cmd *cc = (struct commit_cmd *)job;

	if (cc->rollback != NULL)
		evloop_label(cc->loop, "rollback to commit %lu", cc->rollback_to);
	else
		evloop_label(cc->loop, "commit of session %s", cc->name);
	if (commit_job_step(cc->commit))
		return true;
	commit_said(cc, out);
	return false;
}

static void
commit_cmd_done(struct cmd_job *job)
{
	struct commit_cmd *cc = (struct commit_cmd *)job;

	commit_job_free(cc->commit);
	candidate_free(cc->rollback);	/* after the job that used it */
	free(cc);
}

/* cc's commit job made: the rest of cc, and the job started. */
static enum cmd_status
commit_cmd_start(struct cmd_ctx *ctx, struct commit_cmd *cc,
    struct candidate *cand, enum gram_choice how)
{
	cc->job = (struct cmd_job){ commit_step, commit_cmd_done, CMD_OK };
	cc->loop = ctx->shell->loop;
	cc->ctx = *ctx;
	cc->ctx.m = NULL;
	cc->how = how;
	cc->pending = engine_confirm_pending(ctx->shell->engine);
	snprintf(cc->name, sizeof(cc->name), "%s", candidate_name(cand));
	return ctx->host->start_job(ctx->session, &cc->job);
}

enum cmd_status
cmd_commit(struct cmd_ctx *ctx)
{
	const struct gram_match *m = ctx->m;
	enum gram_choice how = gram_has(m, A_CHOICE) ?
	    (enum gram_choice)m->arg[A_CHOICE].number : CH_NONE;
	unsigned seconds = gram_has(m, A_SECONDS) ?
	    (unsigned)m->arg[A_SECONDS].number : COMMIT_CONFIRM_DEFAULT_S;
	struct candidate *cand = session_or_say(ctx, "commit");
	struct commit_cmd *cc;

	if (cand == NULL)
		return CMD_FAILED;
	if ((cc = calloc(1, sizeof(*cc))) == NULL ||
	    (cc->commit = commit_job_new(cand, how == CH_CHECK ? COMMIT_CHECK :
	    how == CH_CONFIRMED ? COMMIT_CONFIRMED : COMMIT_NOW, seconds,
	    gram_has(m, A_TEXT) ? m->arg[A_TEXT].text : NULL)) == NULL) {
		free(cc);
		return cmd_error(ctx, "commit: out of memory");
	}
	cc->seconds = seconds;
	return commit_cmd_start(ctx, cc, cand, how);
}

enum cmd_status
cmd_abort(struct cmd_ctx *ctx)
{
	if (session_or_say(ctx, "abort") == NULL)
		return CMD_FAILED;
	ctx->host->candidate_drop(ctx->session);
	ctx->new_depth = 1;
	return CMD_OK;
}

/* A commit of its own, made and taken in as a commit is, in slices. */
enum cmd_status
cmd_rollback(struct cmd_ctx *ctx)
{
	unsigned long id = (unsigned long)ctx->m->arg[A_NUMBER].number;
	struct engine_error err;
	struct commit_cmd *cc;
	char comment[64];

	if (ctx->host->candidate(ctx->session) != NULL)
		return cmd_error(ctx, "rollback: end this configuration session "
		    "first (rollback changes the running configuration)");
	if ((cc = calloc(1, sizeof(*cc))) == NULL)
		return cmd_error(ctx, "rollback: out of memory");
	if ((cc->rollback = engine_rollback_candidate(ctx->shell->engine, id,
	    ctx->host->label(ctx->session), &err)) == NULL) {
		free(cc);
		return cmd_error(ctx, "rollback: %s", err.text);
	}
	snprintf(comment, sizeof(comment), "rollback to commit %lu", id);
	if ((cc->commit = commit_job_new(cc->rollback, COMMIT_NOW, 0,
	    comment)) == NULL) {
		candidate_free(cc->rollback);
		free(cc);
		return cmd_error(ctx, "rollback: out of memory");
	}
	cc->rollback_to = id;
	return commit_cmd_start(ctx, cc, cc->rollback, CH_NONE);
}

/* A diff as text, or in JSON as its lines. */
static void
emit_diff(struct cmd_ctx *ctx, const char *title, const char *text,
    size_t added, size_t removed)
{
	const char *line, *next;
	bool first = true;

	if (!ctx->m->json)
		strbuf_printf(ctx->out, "! %s: %zu line%s added, %zu removed\n",
		    title, added, plural(added), removed);
	else {
		strbuf_puts(ctx->out, "{\"title\":");
		strbuf_json_string(ctx->out, title);
		strbuf_printf(ctx->out, ",\"added\":%zu,\"removed\":%zu,"
		    "\"lines\":[", added, removed);
	}
	for (line = text; *line != '\0'; line = next) {
		char raw[GRAM_LINE_MAX + 8], shown[GRAM_LINE_MAX + 16];
		size_t len;

		next = strchr(line, '\n');
		len = next != NULL ? (size_t)(next - line) : strlen(line);
		next = next != NULL ? next + 1 : line + len;
		snprintf(raw, sizeof(raw), "%.*s", (int)len, line);
		/* after the + - or space that leads a diff's line, a line of
		 * running-config: its key is not shown (SPEC 2) */
		shown[0] = raw[0];
		gram_mask_secrets(raw[0] != '\0' ? raw + 1 : raw, M_NONE,
		    shown + 1, sizeof(shown) - 1, NULL);
		if (!ctx->m->json) {
			strbuf_printf(ctx->out, "%s\n", shown);
			continue;
		}
		if (!first)
			strbuf_puts(ctx->out, ",");
		strbuf_json_string(ctx->out, shown);
		first = false;
	}
	if (ctx->m->json)
		strbuf_puts(ctx->out, "]}\n");
}

enum cmd_status
cmd_show_config_diff(struct cmd_ctx *ctx)
{
	struct candidate *cand = session_or_say(ctx, "show configuration diff");
	struct commit_diff diff;
	char title[OBJ_NAME_MAX + 64];

	if (cand == NULL)
		return CMD_FAILED;
	if (candidate_diff(cand, &diff) == -1)
		return cmd_error(ctx, "show configuration diff: out of memory");
	snprintf(title, sizeof(title), "session %s against the running "
	    "configuration", candidate_name(cand));
	emit_diff(ctx, title, diff.text != NULL ? diff.text : "", diff.added,
	    diff.removed);
	commit_diff_free(&diff);
	return CMD_OK;
}

enum cmd_status
cmd_show_config_commit(struct cmd_ctx *ctx)
{
	unsigned long id = (unsigned long)ctx->m->arg[A_NUMBER].number;
	struct commit_info info;
	char title[64];

	if (!engine_commit_find(ctx->shell->engine, id, &info))
		return cmd_error(ctx, "show configuration commit: no commit "
		    "%lu is kept (show configuration commits lists them)", id);
	snprintf(title, sizeof(title), "commit %lu", id);
	emit_diff(ctx, title, info.diff, info.added, info.removed);
	return CMD_OK;
}

enum cmd_status
cmd_show_config_commits(struct cmd_ctx *ctx)
{
	static const struct column cols[] = {
		{ "ID", "id", 0 },
		{ "Time", "time", 0 },
		{ "Session", "session", 0 },
		{ "+", "added", 0 },
		{ "-", "removed", 0 },
		{ "Confirm", "confirm_in_s", COL_OMIT_NULL },
		{ "Comment", "comment", 0 },
	};
	struct engine *e = ctx->shell->engine;
	uint64_t now = clock_now_ns(&ctx->shell->clock);
	struct commit_info info;
	struct table t;
	char when[40];
	size_t i;

	table_init(&t, "commits", cols, sizeof(cols) / sizeof(cols[0]));
	t.empty = "No commits yet.";
	for (i = 0; engine_commit_get(e, i, &info); i++) {
		wall_time(info.wall_ns, when, sizeof(when));
		table_row(&t);
		table_number(&t, 0, (int64_t)info.id);
		table_text(&t, 1, "%s", when);
		table_text(&t, 2, "%s", info.session);
		table_number(&t, 3, (int64_t)info.added);
		table_number(&t, 4, (int64_t)info.removed);
		if (info.confirm_pending)
			table_number(&t, 5, (int64_t)((info.confirm_deadline_ns >
			    now ? info.confirm_deadline_ns - now : 0) /
			    1000000000u));
		table_text(&t, 6, "%s", info.comment);
	}
	cmd_emit_table(ctx, &t);
	table_free(&t);
	return CMD_OK;
}

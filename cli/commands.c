/*
 * commands: the handlers behind the grammar's command ids, and the table
 * that maps one to the other.  Commands whose engine side is not built yet
 * have no handler and a sentence saying so.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "batch.h"
#include "commands.h"
#include "config_out.h"
#include "render.h"
#include "shell.h"
#include "startup.h"

#ifndef ECSH_LINE_EDITOR
#define ECSH_LINE_EDITOR "none"
#endif
#ifndef ECSH_VERSION
#define ECSH_VERSION "unknown"
#endif

/* Modes. */

static enum cmd_status
cmd_configure(struct cmd_ctx *ctx)
{
	ctx->push = true;
	ctx->pushed = (struct mode_frame){ .mode = M_CONFIG };
	ctx->new_depth = 1;
	return CMD_OK;
}

static enum cmd_status
cmd_exit(struct cmd_ctx *ctx)
{
	if (ctx->depth <= 1)
		return CMD_EXIT;
	ctx->new_depth = ctx->depth - 1;
	return CMD_OK;
}

static enum cmd_status
cmd_end(struct cmd_ctx *ctx)
{
	ctx->new_depth = 1;
	return CMD_OK;
}

static enum cmd_status
cmd_shutdown(struct cmd_ctx *ctx)
{
	ctx->shell->stopping = true;
	evloop_break(ctx->shell->loop);
	return CMD_EXIT;
}

/* Objects: entering a mode creates; `no` deletes. */

static enum cmd_status
cmd_object(struct cmd_ctx *ctx)
{
	const struct gram_match *m = ctx->m;
	enum gram_mode mode = (enum gram_mode)m->node->enters;
	struct obj_ref refs[MODE_DEPTH_MAX], ref;
	struct engine_error err;
	char name[OBJ_NAME_MAX + 1];
	const struct object *o;
	bool created;

	if (gram_has(m, A_NAME))
		snprintf(name, sizeof(name), "%s", m->arg[A_NAME].text);
	else if (gram_has(m, A_IP))
		ipaddr_format(&m->arg[A_IP].ip, name, sizeof(name));
	else
		snprintf(name, sizeof(name), "%lld",
		    (long long)m->arg[A_TUNNEL].number);
	ref = (struct obj_ref){ gram_modes[mode].obj, name,
	    cmd_context_ref(ctx, refs) };
	if (ref.parent == NULL || gram_modes[mode].parent == M_CONFIG)
		ref.parent = NULL;
	if (m->negate) {
		if (engine_delete(ctx->engine, &ref, &err) == -1)
			return cmd_engine_error(ctx, &err);
		return CMD_OK;
	}
	if (engine_enter(ctx->engine, &ref, &created, &err) == -1)
		return cmd_engine_error(ctx, &err);
	o = engine_find(ctx->engine, &ref);
	ctx->push = true;
	ctx->pushed.mode = mode;
	ctx->pushed.kind = ref.kind;
	snprintf(ctx->pushed.name, sizeof(ctx->pushed.name), "%s",
	    o != NULL ? o->name : name);
	return CMD_OK;
}

/* Shows. */

static enum cmd_status
cmd_show_version(struct cmd_ctx *ctx)
{
	static const struct column cols[] = {
		{ "Version", "version", 0 },
		{ "Line editor", "line_editor", 0 },
		{ "Clock", "clock", 0 },
		{ "Route quotas", "quotas", 0 },
		{ "Dropped", "dropped", 0 },
	};
	struct table t;
	unsigned long dropped = 0;
	int k;

	for (k = 0; k < DROP_COUNT; k++)
		dropped += engine_drops(ctx->engine, (enum engine_drop)k);
	table_init(&t, NULL, cols, 5);
	table_row(&t);
	table_text(&t, 0, "ecsh %s", ECSH_VERSION);
	table_text(&t, 1, "%s", ECSH_LINE_EDITOR);
	table_text(&t, 2, "%s", clock_is_virtual(&ctx->shell->clock) ?
	    "virtual" : "real");
	table_text(&t, 3, "%s", engine_flags(ctx->engine) & ENGINE_NO_QUOTAS ?
	    "off (--no-quotas)" : "enforced");
	/* what the engine could not keep; Engine:Dropped events say what */
	table_number(&t, 4, (int64_t)dropped);
	cmd_emit_table(ctx, &t);
	table_free(&t);
	return CMD_OK;
}

/* show clock: the engine's time, IOS's leading * when it is not real */
static enum cmd_status
cmd_show_clock(struct cmd_ctx *ctx)
{
	static const struct column cols[] = {
		{ NULL, "time", 0 },
		{ NULL, "clock", 0 },
	};
	uint64_t ns = clock_wall_ns(&ctx->shell->clock);
	bool virt = clock_is_virtual(&ctx->shell->clock);
	time_t sec = (time_t)(ns / NS_PER_SEC);
	char when[64];
	struct table t;
	struct tm tm;

	gmtime_r(&sec, &tm);
	if (!ctx->m->json) {
		strftime(when, sizeof(when), "%H:%M:%S", &tm);
		strbuf_printf(ctx->out, "%s%s.%03u UTC ", virt ? "*" : "",
		    when, (unsigned)(ns % NS_PER_SEC / NS_PER_MS));
		strftime(when, sizeof(when), "%a %b", &tm);
		strbuf_printf(ctx->out, "%s %d %d%s\n", when, tm.tm_mday,
		    tm.tm_year + 1900, virt ? " (virtual clock)" : "");
		return CMD_OK;
	}
	table_init(&t, NULL, cols, 2);
	table_row(&t);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%S", &tm);
	table_text(&t, 0, "%s.%03uZ", when,
	    (unsigned)(ns % NS_PER_SEC / NS_PER_MS));
	table_text(&t, 1, "%s", virt ? "virtual" : "real");
	cmd_emit_table(ctx, &t);
	table_free(&t);
	return CMD_OK;
}

/* show history: the lines this session ran, oldest first */
static enum cmd_status
cmd_show_history(struct cmd_ctx *ctx)
{
	static const struct column cols[] = {
		{ "#", "n", 0 },
		{ "Line", "line", 0 },
	};
	const char *line;
	struct table t;
	size_t i, first = ctx->host->history_first(ctx->session);

	table_init(&t, "lines", cols, 2);
	t.empty = "No line yet.";
	for (i = first; (line = ctx->host->history_line(ctx->session, i)) !=
	    NULL; i++) {
		table_row(&t);
		table_number(&t, 0, (int64_t)i + 1);
		table_text(&t, 1, "%s", line);
	}
	cmd_emit_table(ctx, &t);
	table_free(&t);
	return CMD_OK;
}

/* terminal length|width N: ecsh neither pages nor wraps, so any is fine */
static enum cmd_status
cmd_terminal(struct cmd_ctx *ctx)
{
	(void)ctx;
	return CMD_OK;
}

/* All of it, or one object's block as a script of its own. */
static enum cmd_status
cmd_show_running_config(struct cmd_ctx *ctx)
{
	struct obj_ref ref = { (enum obj_kind)ctx->m->arg[A_KIND].number,
	    ctx->m->arg[A_NAME].text, NULL };
	const struct object *o = NULL;

	if (gram_has(ctx->m, A_NAME) &&
	    (o = engine_find(ctx->engine, &ref)) == NULL)
		return cmd_error(ctx, "%s %s does not exist",
		    engine_kind_word(ref.kind), ref.name);
	return config_out_start(ctx, ctx->m->json ? CONFIG_TO_JSON :
	    CONFIG_TO_TEXT, o, NULL, false, "show running-config");
}

/* Actions. */

static enum cmd_status
cmd_sleep(struct cmd_ctx *ctx)
{
	return ctx->host->start_sleep(ctx->session,
	    (unsigned)ctx->m->arg[A_SECONDS].number);
}

/*
 * write, write memory, copy running-config startup-config|FILE.  A file
 * is only ever replaced when it is named: a script given with -f is not
 * the startup configuration, whatever ran it.
 */
static enum cmd_status
save(struct cmd_ctx *ctx, const char *verb)
{
	const struct gram_match *m = ctx->m;
	const char *path = ctx->shell->startup_path;
	bool startup = !gram_has(m, A_WORD);
	char buf[4096];

	if (!startup &&
	    (path = ctx->host->path(ctx->session, m->arg[A_WORD].text, buf,
	    sizeof(buf))) == NULL)
		return cmd_error(ctx, "%s: the path is too long", verb);
	if (startup && path == NULL)
		return cmd_error(ctx, "%s: no startup configuration: set "
		    "$ECSH_STARTUP or $HOME, or start ecsh with --startup "
		    "FILE", verb);
	return config_out_start(ctx, CONFIG_TO_FILE, NULL, path, startup, verb);
}

static enum cmd_status
cmd_write(struct cmd_ctx *ctx)
{
	if (gram_has(ctx->m, A_CHOICE) &&
	    ctx->m->arg[A_CHOICE].number == CH_TERMINAL)
		return config_out_start(ctx, CONFIG_TO_TEXT, NULL, NULL, false,
		    "write terminal");
	return save(ctx, "write");
}

static enum cmd_status
cmd_copy(struct cmd_ctx *ctx)
{
	const char *path = ctx->shell->startup_path;

	if (!gram_has(ctx->m, A_CHOICE) ||
	    ctx->m->arg[A_CHOICE].number != CH_RUNNING)
		return save(ctx, "copy");
	if (path == NULL || access(path, F_OK) == -1)
		return cmd_error(ctx, "copy: there is no startup configuration%s"
		    "%s", path != NULL ? " at " : "", path != NULL ? path : "");
	return ctx->host->start_load(ctx->session, path);
}

static enum cmd_status
cmd_show_startup_config(struct cmd_ctx *ctx)
{
	const char *path = ctx->shell->startup_path;
	char *text;

	if (path == NULL || (text = batch_read_file(path, NULL)) == NULL)
		return cmd_error(ctx, "show startup-config: there is no startup "
		    "configuration%s%s%s%s", path != NULL ? " at " : "",
		    path != NULL ? path : "", path != NULL ? ": " : "",
		    path != NULL ? strerror(errno) : "");
	strbuf_printf(ctx->out, "! startup configuration: %s\n%s", path,
	    text);
	free(text);
	return CMD_OK;
}

static enum cmd_status
cmd_load(struct cmd_ctx *ctx)
{
	if (ctx->host->candidate(ctx->session) != NULL)
		return cmd_error(ctx, "load: end this configuration session "
		    "first (load changes the running configuration)");
	return ctx->host->start_load(ctx->session, ctx->m->arg[A_WORD].text);
}

static enum cmd_status
cmd_help(struct cmd_ctx *ctx)
{
	const char *topic = gram_has(ctx->m, A_WORD) ?
	    ctx->m->arg[A_WORD].text : NULL;
	static struct gram_help h;
	char line[GRAM_LINE_MAX];
	bool found;
	size_t i, mode_at;

	if (topic == NULL) {
		strbuf_puts(ctx->out,
		    "Type ? anywhere to see what may come next, TAB to "
		    "complete a word.\n"
		    "Any keyword may be shortened to a unique prefix "
		    "(sh bgp pe).\n\n"
		    "Manual pages:\n"
		    "  ecsh(1)           starting ecsh, modes, editing keys, "
		    "batch use, exit status\n"
		    "  ecsh-commands(7)  every command, argument, default and "
		    "limit, by mode\n"
		    "  ecsh-tutorial(7)  a first lab, typed along\n"
		    "  ecsh-rules(7)     the cloud's limits, their errors, and "
		    "why\n\n"
		    "help TOPIC says where a subject (bfd, vpn, route-table, "
		    "R5, V7...) is\nexplained, and lists the commands that "
		    "start with TOPIC.\n");
		return CMD_OK;
	}
	found = help_topic(topic, ctx->out);
	/* commands of this mode and exec that begin with the topic */
	for (mode_at = ctx->depth; mode_at-- > 0;) {
		snprintf(line, sizeof(line), "%s", topic);
		gram_help(line, ctx->frames[mode_at].mode, &h);
		if (h.status == GS_OK && h.count > 0)
			break;
	}
	if (h.status != GS_OK || h.count == 0) {
		if (found)
			return CMD_OK;
		return cmd_error(ctx, "help: no command or subject '%s'; type "
		    "? for the commands of this mode, help for the manual "
		    "pages", topic);
	}
	if (found)
		strbuf_puts(ctx->out, "\n");
	for (i = 0; i < h.count; i++)
		strbuf_printf(ctx->out, "  %-20s %s\n", h.item[i].word,
		    h.item[i].help);
	strbuf_printf(ctx->out, "\nSee ecsh-commands(7), %s mode, for their "
	    "arguments, defaults and limits.\n", gram_modes[ctx->frames[
	    mode_at].mode].name);
	return CMD_OK;
}

/* The table. */

struct command_impl {
	cmd_fn		 fn;
	bool		 action;	/* --check parses it, runs nothing */
};

static const struct command_impl impls[C_CMD_COUNT] = {
	[C_CONFIGURE] = { cmd_configure, false },
	[C_EXIT] = { cmd_exit, false },
	[C_END] = { cmd_end, false },
	[C_SHUTDOWN_ENGINE] = { cmd_shutdown, true },
	[C_SHOW_VERSION] = { cmd_show_version, true },
	[C_SHOW_RUNNING_CONFIG] = { cmd_show_running_config, true },
	[C_SHOW_VBR] = { cmd_show_vbr, true },
	[C_SLEEP] = { cmd_sleep, true },
	[C_WRITE] = { cmd_write, true },
	[C_COPY] = { cmd_copy, true },
	[C_SHOW_STARTUP_CONFIG] = { cmd_show_startup_config, true },
	[C_LOAD] = { cmd_load, false },
	[C_HELP] = { cmd_help, true },
	[C_VBR] = { cmd_object, false },
	[C_ECR] = { cmd_object, false },
	[C_VPC] = { cmd_object, false },
	[C_VPN_GATEWAY] = { cmd_object, false },
	[C_CUSTOMER_GATEWAY] = { cmd_object, false },
	[C_VPN_CONNECTION] = { cmd_object, false },
	[C_TRANSIT_ROUTER] = { cmd_object, false },
	[C_CPE] = { cmd_object, false },
	[C_VBR_BGP_GROUP] = { cmd_object, false },
	[C_VBR_BGP_PEER] = { cmd_object, false },
	[C_CONN_TUNNEL] = { cmd_object, false },
	[C_SHOW_BGP_GROUPS] = { cmd_show_bgp_groups, true },
	[C_SHOW_BGP_PEERS] = { cmd_show_bgp_peers, true },
	[C_SHOW_ECR] = { cmd_show_ecr, true },
	[C_SHOW_VPN_CONNECTION] = { cmd_show_vpn_connection, true },
	[C_SHOW_CPE] = { cmd_show_cpe, true },
	[C_SHOW_BGP_PEER] = { cmd_show_bgp_peer, true },
	[C_SHOW_BGP_ROUTES] = { cmd_show_bgp_routes, true },
	[C_SHOW_EVENTS] = { cmd_show_events, true },
	[C_MONITOR_EVENTS] = { cmd_monitor_events, true },
	[C_WAIT_BGP] = { cmd_wait_bgp, true },
	[C_CLEAR_BGP_PEER] = { cmd_clear_bgp_peer, true },
	[C_SHOW_BFD_SESSIONS] = { cmd_show_bfd_sessions, true },
	[C_SHOW_ECMP] = { cmd_show_ecmp, true },
	[C_SHOW_ROUTE_TABLE] = { cmd_show_route_table, true },
	[C_SHOW_ROUTE_LOOKUP] = { cmd_show_route_lookup, true },
	[C_WAIT_BFD] = { cmd_wait_bfd, true },
	[C_FAILURE_DRILL] = { cmd_failure_drill, true },
	[C_SHOW_BGP_SUMMARY] = { cmd_show_bgp_summary, true },
	[C_SHOW_CLOCK] = { cmd_show_clock, true },
	[C_SHOW_HISTORY] = { cmd_show_history, true },
	[C_TERMINAL] = { cmd_terminal, false },
	[C_CONFIGURE_SESSION] = { cmd_configure_session, false },
	[C_COMMIT] = { cmd_commit, false },	/* --check: checks it whole */
	[C_ABORT] = { cmd_abort, false },
	[C_ROLLBACK] = { cmd_rollback, false },
	[C_SHOW_CONFIG_DIFF] = { cmd_show_config_diff, true },
	[C_SHOW_CONFIG_COMMITS] = { cmd_show_config_commits, true },
	[C_SHOW_CONFIG_COMMIT] = { cmd_show_config_commit, true },
	[C_EXPLAIN_ROUTE] = { cmd_explain_route, true },
	[C_TRACE] = { cmd_trace, true },
	[C_SHOW_FAILURE_DRILL] = { cmd_show_failure_drill, true },
	[C_SHOW_ALERTS] = { cmd_show_alerts, true },
	[C_SHOW_ALERT_RULES] = { cmd_show_alert_rules, true },
	[C_WAIT_ALERTS] = { cmd_wait_alerts, true },
	[C_ALERT_RULE] = { cmd_object, false },
	[C_SHOW_ENGINE] = { cmd_show_engine, true },
	[C_CLEAR_ENGINE] = { cmd_clear_engine, true },
};

static bool
is_show(enum gram_cmd c)
{
	return c >= C_SHOW_VERSION && c <= C_SHOW_EVENTS;
}

cmd_fn
command_handler(enum gram_cmd c, const char **why)
{
	if (c > C_NONE && c < C_CMD_COUNT && impls[c].fn != NULL)
		return impls[c].fn;
	if (c == C_SET)
		return cmd_setting;
	*why = "no handler (README, Status)";
	return NULL;
}

bool
command_streams(enum gram_cmd c)
{
	return c == C_SHOW_ROUTE_TABLE;
}

/*
 * A read of routes, and a drill, follow the routes a change set moving:
 * they run once those have settled, so a script never reads or acts on
 * half of a change (`wait bfd down` then `failure-drill stop` finds the
 * ECMP shrink done).  Everything else answers at once, whatever the
 * engine is busy with.
 */
bool
command_waits_for_routes(enum gram_cmd c)
{
	switch (c) {
	case C_SHOW_ROUTE_TABLE:
	case C_SHOW_ROUTE_LOOKUP:
	case C_SHOW_ECMP:
	case C_SHOW_ECR:
	case C_SHOW_BGP_ROUTES:
	case C_EXPLAIN_ROUTE:
	case C_TRACE:
	case C_SHOW_FAILURE_DRILL:
	case C_FAILURE_DRILL:
		return true;
	default:
		return false;
	}
}

bool
command_reads_commits(enum gram_cmd c)
{
	return c == C_SHOW_CONFIG_COMMITS || c == C_SHOW_CONFIG_COMMIT;
}

bool
command_is_action(enum gram_cmd c)
{
	if (c > C_NONE && c < C_CMD_COUNT && impls[c].fn != NULL)
		return impls[c].action;
	return is_show(c) || c == C_CLEAR_BGP_PEER || c == C_WAIT_BGP ||
	    c == C_WAIT_BFD || c == C_FAILURE_DRILL || c == C_MONITOR_EVENTS;
}

/*
 * commands: what each command id of the grammar does.  A handler reads its
 * typed arguments from the match, asks the engine, and either writes its
 * output to ctx->out or reports one error; the session applies the mode
 * change it asks for only when it succeeds.
 */
#ifndef ECSH_COMMANDS_H
#define ECSH_COMMANDS_H

#include "../core/cloud/engine.h"
#include "../grammar/gram.h"
#include "cmd_ctx.h"
#include "render.h"
#include "../core/base/strbuf.h"

/* The handler of a command id, or NULL with *why saying what is missing. */
cmd_fn		 command_handler(enum gram_cmd, const char **why);
/* Its output may leave in pieces as it is made (no filter waits on it). */
bool		 command_streams(enum gram_cmd);
bool		 command_is_action(enum gram_cmd);	/* skipped by --check */
/* Does it wait while routes settle (a session's table leaving)? */
bool		 command_waits_for_routes(enum gram_cmd);
/* Does it read commits' diffs (and so wait while they are said)? */
bool		 command_reads_commits(enum gram_cmd);

/* help_topics.c: where a subject or rule is explained; false if unknown */
bool		 help_topic(const char *topic, struct strbuf *out);

/* cmd_settings.c: the commands that change one setting */
enum cmd_status	 cmd_setting(struct cmd_ctx *);
/* The command, in mode, that sets s to v (as engine_setting_next reads it
 * back): the grammar's own words.  -1 if the grammar cannot say it. */
int		 setting_words(enum gram_mode, enum setting,
		    const struct setting_value *, char *buf, size_t len);

/* show_bgp.c, cmd_bgp.c */
enum cmd_status	 cmd_show_bgp_peer(struct cmd_ctx *);
enum cmd_status	 cmd_show_bgp_routes(struct cmd_ctx *);
enum cmd_status	 cmd_show_events(struct cmd_ctx *);
enum cmd_status	 cmd_monitor_events(struct cmd_ctx *);
enum cmd_status	 cmd_wait_bgp(struct cmd_ctx *);
enum cmd_status	 cmd_clear_bgp_peer(struct cmd_ctx *);

/* cmd_bfd.c, show_routes.c */
enum cmd_status	 cmd_show_bfd_sessions(struct cmd_ctx *);
enum cmd_status	 cmd_wait_bfd(struct cmd_ctx *);
enum cmd_status	 cmd_failure_drill(struct cmd_ctx *);
enum cmd_status	 cmd_show_failure_drill(struct cmd_ctx *);
enum cmd_status	 cmd_show_ecmp(struct cmd_ctx *);
enum cmd_status	 cmd_show_route_table(struct cmd_ctx *);
enum cmd_status	 cmd_show_route_lookup(struct cmd_ctx *);

/* show_alerts.c */
enum cmd_status	 cmd_show_alerts(struct cmd_ctx *);
enum cmd_status	 cmd_show_engine(struct cmd_ctx *);
enum cmd_status	 cmd_clear_engine(struct cmd_ctx *);
enum cmd_status	 cmd_show_alert_rules(struct cmd_ctx *);
enum cmd_status	 cmd_wait_alerts(struct cmd_ctx *);

/* show_objects.c */
enum cmd_status	 cmd_show_vbr(struct cmd_ctx *);
enum cmd_status	 cmd_show_bgp_groups(struct cmd_ctx *);
enum cmd_status	 cmd_show_bgp_peers(struct cmd_ctx *);
enum cmd_status	 cmd_show_bgp_summary(struct cmd_ctx *);
enum cmd_status	 cmd_show_ecr(struct cmd_ctx *);
enum cmd_status	 cmd_show_vpn_connection(struct cmd_ctx *);
enum cmd_status	 cmd_show_cpe(struct cmd_ctx *);
/* config_session.c: configuration sessions and commits (SPEC 7) */
int		 config_sessions_start(struct engine *);
enum cmd_status	 cmd_configure_session(struct cmd_ctx *);
enum cmd_status	 cmd_commit(struct cmd_ctx *);
enum cmd_status	 cmd_abort(struct cmd_ctx *);
enum cmd_status	 cmd_rollback(struct cmd_ctx *);
enum cmd_status	 cmd_show_config_diff(struct cmd_ctx *);
enum cmd_status	 cmd_show_config_commits(struct cmd_ctx *);
enum cmd_status	 cmd_show_config_commit(struct cmd_ctx *);

/* explain_route.c (SPEC 8) */
enum cmd_status	 cmd_explain_route(struct cmd_ctx *);
/* trace_cmd.c (SPEC 8) */
enum cmd_status	 cmd_trace(struct cmd_ctx *);

/* running_config.c */
/* All of it at once (tests; a command says it in slices: config_out.c) */
void		 running_config(const struct engine *, struct strbuf *);
/* One top-level object's block alone (kind OBJ_NONE: the hostname and
 * listen lines), malloc'd; "" when it is not there. */
char		*running_config_block(const struct engine *, enum obj_kind,
		    const char *name);
/* Set what `from` holds on `to`, in running-config order, each value as
 * its line would: 0, or -1 with the first refusal. */
int		 running_config_replay(const struct engine *from,
		    struct engine *to, struct engine_error *);

/*
 * The same in slices (SPEC 10): each step goes as far as enough(arg) lets
 * it (one line at least; NULL: to the end) and returns 1 while more is
 * left, 0 at the end, -1 when a replayed line was refused.  The store
 * walked must not change between the steps (a copy, a candidate).
 */
enum config_text_what {
	CONFIG_WHOLE,		/* running-config: configure ... end */
	CONFIG_BLOCK,		/* one top-level object's block alone */
	CONFIG_GLOBALS,		/* the hostname and listen lines */
};
struct config_text;
struct config_text *config_text_new(const struct engine *,
		    const struct object *only, enum config_text_what,
		    bool (*enough)(void *), void *arg);
int		 config_text_step(struct config_text *, struct strbuf *);
void		 config_text_free(struct config_text *);
struct config_replay;
struct config_replay *config_replay_new(const struct engine *from,
		    struct engine *to, bool (*enough)(void *), void *arg);
int		 config_replay_step(struct config_replay *,
		    struct engine_error *);
void		 config_replay_free(struct config_replay *);

#endif

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
#include "session.h"
#include "render.h"
#include "strbuf.h"

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
	struct shell		*shell;
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

/* The handler of a command id, or NULL with *why saying what is missing. */
cmd_fn		 command_handler(enum gram_cmd, const char **why);
/* Its output may leave in pieces as it is made (no filter waits on it). */
bool		 command_streams(enum gram_cmd);
bool		 command_is_action(enum gram_cmd);	/* skipped by --check */

/* Reporting a refusal; the session adds "% " and the origin. */
enum cmd_status	 cmd_error(struct cmd_ctx *, const char *fmt, ...)
		    __attribute__((format(printf, 2, 3)));
enum cmd_status	 cmd_engine_error(struct cmd_ctx *,
		    const struct engine_error *);

/* The object the mode at frames[depth - 1] edits, as an engine ref. */
const struct obj_ref *cmd_context_ref(const struct cmd_ctx *,
		    struct obj_ref refs[MODE_DEPTH_MAX]);

/* Session services the handlers need. */
enum cmd_status	 session_start_sleep(struct session *, unsigned seconds);
enum cmd_status	 session_start_load(struct session *, const char *path);
/*
 * Does a wait's condition hold?  Not yet, why says what is missing; in
 * flight, it may hold once messages already on a wire are read, which
 * no change reports, so it is looked at again next loop round.
 */
enum cond { COND_HOLDS, COND_NOT_YET, COND_IN_FLIGHT };
typedef enum cond (*session_cond_fn)(const struct engine *, const void *ctx,
		    char *why, size_t whylen);
/*
 * Wait until holds() says so (checked on every BGP change, and each
 * round while in flight); frees ctx.
 */
enum cmd_status	 session_start_wait(struct session *, session_cond_fn,
		    void *ctx, unsigned timeout_s);

/* Follow the event log (monitor events). */
enum cmd_status	 session_start_monitor(struct session *, struct strbuf *out);
/* One event as a line: time, name, resource, detail. */
void		 event_line(const struct event *, struct strbuf *);

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
enum cmd_status	 cmd_show_ecmp(struct cmd_ctx *);
enum cmd_status	 cmd_show_route_table(struct cmd_ctx *);
enum cmd_status	 cmd_show_route_lookup(struct cmd_ctx *);

/* show_objects.c */
enum cmd_status	 cmd_show_vbr(struct cmd_ctx *);
enum cmd_status	 cmd_show_bgp_groups(struct cmd_ctx *);
enum cmd_status	 cmd_show_bgp_peers(struct cmd_ctx *);
enum cmd_status	 cmd_show_bgp_summary(struct cmd_ctx *);
enum cmd_status	 cmd_show_ecr(struct cmd_ctx *);
enum cmd_status	 cmd_show_vpn_connection(struct cmd_ctx *);
enum cmd_status	 cmd_show_cpe(struct cmd_ctx *);
void		 cmd_emit_table(struct cmd_ctx *, const struct table *);
/* A table of any size, one row held at a time (render_streamed). */
void		 cmd_emit_streamed(struct cmd_ctx *, struct table *,
		    table_fill, void *arg);

/* running_config.c */
void		 running_config(const struct engine *, struct strbuf *);
/* One top-level object's block, between configure and end. */
void		 running_config_object(const struct engine *,
		    const struct object *, struct strbuf *);

#endif

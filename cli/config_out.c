/*
 * config_out: see config_out.h.  A running-config of a million networks
 * is 24 MB of text: said in one round it held the loop for most of a
 * second (BFD at 200 ms x 3 went Down), so it is said a slice at a time.
 * It walks a copy of the configuration made when the command began: what
 * it says is one configuration, whatever another shell changes meanwhile,
 * and what it saves is what counts as saved.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/base/atomic_file.h"
#include "../core/cloud/commits.h"
#include "commands.h"
#include "config_out.h"
#include "shell.h"
#include "startup.h"

struct config_out {
	struct cmd_job		 job;
	struct cmd_ctx		 ctx;		/* for its words at the end */
	struct evloop		*loop;
	struct engine		*copy;
	struct config_text	*text;
	enum config_out_to	 to;
	struct strbuf		 piece;		/* what a file or JSON gets */
	bool			 one;		/* one object's block: */
	enum obj_kind		 kind;
	char			 name[OBJ_NAME_MAX + 1];
	bool			 opened, any_line;
	struct atomic_file	*file;
	bool			 startup, interactive;
	unsigned long		 gen;		/* the configuration's, copied */
	uint64_t		 hash;		/* of the text written */
	char			 label[160];
	char			 verb[16];
	char			 path[4096];
};

/* The whole lines of piece as JSON strings; a line's end stays for later. */
static void
json_lines(struct config_out *co, struct strbuf *out)
{
	char *line = co->piece.s, *end;
	size_t used;

	if (line == NULL)
		return;
	while ((end = memchr(line, '\n', co->piece.len -
	    (size_t)(line - co->piece.s))) != NULL) {
		*end = '\0';
		if (co->any_line)
			strbuf_puts(out, ",");
		strbuf_json_string(out, line);
		co->any_line = true;
		line = end + 1;
	}
	used = (size_t)(line - co->piece.s);
	memmove(co->piece.s, line, co->piece.len - used);
	co->piece.len -= used;
	co->piece.s[co->piece.len] = '\0';
}

static bool
failed(struct config_out *co, const char *why)
{
	if (co->to == CONFIG_TO_FILE)
		cmd_error(&co->ctx, "%s %s: %s", co->verb, co->path, why);
	else
		cmd_error(&co->ctx, "%s: %s", co->verb, why);
	co->job.status = CMD_FAILED;
	return false;
}

static bool
config_out_step(struct cmd_job *job, struct strbuf *out)
{
	struct config_out *co = (struct config_out *)job;
	struct strbuf *text = co->to == CONFIG_TO_TEXT ? out : &co->piece;
	char why[512];
	int rc;

	evloop_label(co->loop, "%s", co->label);
	if (!co->opened) {
		co->opened = true;
		if (co->to == CONFIG_TO_JSON)
			strbuf_puts(out, "{\"lines\":[");
		if (co->one) {
			strbuf_printf(text, "! ecsh running configuration: "
			    "%s %s\n", engine_kind_word(co->kind), co->name);
			strbuf_puts(text, "configure\n");
		}
	}
	if ((rc = config_text_step(co->text, text)) == -1)
		return failed(co, "a setting cannot be said");
	if (rc == 0 && co->one)
		strbuf_puts(text, "end\n");
	if (co->to == CONFIG_TO_JSON) {
		json_lines(co, out);
		if (rc == 0)
			strbuf_puts(out, "]}\n");
	} else if (co->to == CONFIG_TO_FILE) {
		co->hash = config_hash_add(co->hash, co->piece.s,
		    co->piece.len);
		if (atomic_file_add(co->file, co->piece.s != NULL ?
		    co->piece.s : "", co->piece.len, why, sizeof(why)) == -1)
			return failed(co, why);
		strbuf_reset(&co->piece);
		if (rc == 0) {
			rc = atomic_file_commit(co->file, why, sizeof(why));
			co->file = NULL;
			if (rc == -1)
				return failed(co, why);
			if (co->startup)
				config_mark_saved_as(co->ctx.shell, co->gen,
				    co->hash);
			if (co->interactive)
				strbuf_printf(out, "Saved to %s\n", co->path);
		}
	}
	return rc == 1;
}

static void
config_out_done(struct cmd_job *job)
{
	struct config_out *co = (struct config_out *)job;

	atomic_file_abort(co->file);	/* unless it was committed */
	config_text_free(co->text);
	engine_scratch_free(co->copy);
	strbuf_free(&co->piece);
	free(co);
}

enum cmd_status
config_out_start(struct cmd_ctx *ctx, enum config_out_to to,
    const struct object *only, const char *path, bool startup,
    const char *verb)
{
	struct config_out *co = calloc(1, sizeof(*co));
	const struct object *o = NULL;
	struct obj_ref ref;
	char why[512];

	if (co == NULL || (co->copy = engine_store_copy(ctx->engine)) == NULL) {
		free(co);
		return cmd_error(ctx, "%s: out of memory", verb);
	}
	co->job = (struct cmd_job){ config_out_step, config_out_done, CMD_OK };
	co->ctx = *ctx;
	co->ctx.m = NULL;
	co->loop = ctx->shell->loop;
	co->to = to;
	co->startup = startup;
	co->interactive = ctx->host->interactive(ctx->session);
	co->gen = engine_config_gen(ctx->engine);
	co->hash = config_hash_start();
	strbuf_init(&co->piece);
	snprintf(co->verb, sizeof(co->verb), "%s", verb);
	snprintf(co->path, sizeof(co->path), "%s", path != NULL ? path : "");
	if (only != NULL) {
		ref = (struct obj_ref){ only->kind, only->name, NULL };
		o = engine_find(co->copy, &ref);
		co->one = true;
		co->kind = only->kind;
		snprintf(co->name, sizeof(co->name), "%s", only->name);
	}
	if (to == CONFIG_TO_FILE) {
		snprintf(co->label, sizeof(co->label), "%s %.60s for %s", verb,
		    path, ctx->host->label(ctx->session));
		if (config_save_prepare(path, startup, why, sizeof(why)) == -1 ||
		    (co->file = atomic_file_open(path, 0600, why,
		    sizeof(why))) == NULL) {
			config_out_done(&co->job);
			return cmd_error(ctx, "%s %s: %s", verb, path, why);
		}
	} else {
		snprintf(co->label, sizeof(co->label), "%s for %s", verb,
		    ctx->host->label(ctx->session));
	}
	if ((co->text = config_text_new(co->copy, o, only != NULL ?
	    CONFIG_BLOCK : CONFIG_WHOLE, evloop_yield_cb, co->loop)) == NULL) {
		config_out_done(&co->job);
		return cmd_error(ctx, "%s: out of memory", verb);
	}
	return ctx->host->start_job(ctx->session, &co->job);
}

/*
 * cmd_ctx: the helpers every handler shares: reporting a refusal through
 * its session, naming the object its mode edits, emitting a table.
 */
#include <stdarg.h>

#include "cmd_ctx.h"

enum cmd_status
cmd_error(struct cmd_ctx *ctx, const char *fmt, ...)
{
	struct strbuf b;
	va_list ap;

	strbuf_init(&b);
	va_start(ap, fmt);
	strbuf_vprintf(&b, fmt, ap);
	va_end(ap);
	ctx->host->error(ctx->session, b.s != NULL ? b.s : "");
	strbuf_free(&b);
	return CMD_FAILED;
}

enum cmd_status
cmd_engine_error(struct cmd_ctx *ctx, const struct engine_error *err)
{
	if (err->code[0] != '\0')
		return cmd_error(ctx, "%s: %s", err->code, err->text);
	return cmd_error(ctx, "%s", err->text);
}

const struct obj_ref *
cmd_context_ref(const struct cmd_ctx *ctx, struct obj_ref refs[MODE_DEPTH_MAX])
{
	const struct obj_ref *parent = NULL;
	size_t i, n = 0;

	for (i = 0; i < ctx->depth; i++) {
		if (ctx->frames[i].kind == OBJ_NONE)
			continue;
		refs[n] = (struct obj_ref){ ctx->frames[i].kind,
		    ctx->frames[i].name, parent };
		parent = &refs[n++];
	}
	return parent;
}

void
cmd_emit_table(struct cmd_ctx *ctx, const struct table *t)
{
	if (ctx->m->json)
		render_json(t, ctx->out);
	else
		render_text(t, ctx->out);
}

void
cmd_emit_streamed(struct cmd_ctx *ctx, struct table *t, table_fill fill,
    void *arg)
{
	render_streamed(t, ctx->m->json, fill, arg, ctx->out);
}


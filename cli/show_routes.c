/*
 * show_routes: route tables, lookups and ECMP.  `show ecmp` reads the ECR
 * tables the engine keeps (core/ecr_rib.c); `show route-table` and
 * `show route lookup` render the tables core/route_table.c builds, every
 * candidate of a prefix with its status and, when it lost, why.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/ecr_rib.h"
#include "../core/route_table.h"
#include "commands.h"

#define NCOLS(cols)	(sizeof(cols) / sizeof((cols)[0]))

static void
as_path(struct table *t, size_t col, const struct rib_attrs *a)
{
	size_t k;

	table_list_start(t, col);
	for (k = 0; a != NULL && k < a->as_path_len; k++)
		table_list_number(t, col, a->as_path[k]);
}

/*
 * {"vbr":"vbr1","ip":"10.10.1.5"}, {"connection":"c1","tunnel":1,...}
 * Built without printf for the most part: tables of a million routes.
 */
/* s at the end of what buf holds, as far as it fits */
static size_t
append(char *buf, size_t cap, size_t len, const char *s)
{
	size_t n = strlen(s);

	if (n > cap - 1 - len)
		n = cap - 1 - len;
	memcpy(buf + len, s, n);
	buf[len + n] = '\0';
	return len + n;
}

static void
route_hop(struct table *t, size_t col, const struct route_hop *h)
{
	char a[NETADDR_STRLEN], tunnel[24] = "",
	    text[OBJ_NAME_MAX + NETADDR_STRLEN + 40];
	struct strbuf json;
	size_t n;

	if (h->tunnel != 0)
		snprintf(tunnel, sizeof(tunnel), " tunnel %d", h->tunnel);
	if (h->has_ip)
		ipaddr_format(&h->ip, a, sizeof(a));
	strbuf_init(&json);
	if (table_wants_json(t)) {
		strbuf_puts(&json, "{\"");
		strbuf_puts(&json, hop_kind_keys[h->kind]);
		strbuf_puts(&json, "\":");
		strbuf_json_string(&json, h->name);
		if (h->tunnel != 0)
			strbuf_printf(&json, ",\"tunnel\":%d", h->tunnel);
		if (h->has_ip) {
			strbuf_puts(&json, ",\"ip\":\"");
			strbuf_puts(&json, a);
			strbuf_puts(&json, "\"");
		}
		strbuf_puts(&json, "}");
	}
	n = append(text, sizeof(text), 0, h->has_ip ? a :
	    hop_kind_words[h->kind]);
	n = append(text, sizeof(text), n, " ");
	n = append(text, sizeof(text), n, h->name);
	append(text, sizeof(text), n, tunnel);
	table_list_object(t, col, text, json.s);
	strbuf_free(&json);
}

/* show ecmp [ecr NAME] */

static const struct column ecmp_cols[] = {
	{ "ECR", "ecr", 0 },
	{ "Prefix", "prefix", 0 },
	{ "Next hops", "next_hops", 0 },
	{ "AS path", "as_path", 0 },
};

enum cmd_status
cmd_show_ecmp(struct cmd_ctx *ctx)
{
	const struct object *o;
	const struct ecr_route *r;
	char a[NETADDR_STRLEN];
	struct table t;
	size_t i;

	bgp_speakers_settle(ctx->engine);
	if (gram_has(ctx->m, A_ECR) && engine_find(ctx->engine,
	    &(struct obj_ref){ OBJ_ECR, ctx->m->arg[A_ECR].text, NULL }) ==
	    NULL)
		return cmd_error(ctx, "ecr %s does not exist",
		    ctx->m->arg[A_ECR].text);
	table_init(&t, "routes", ecmp_cols, NCOLS(ecmp_cols));
	t.empty = "No prefix has two or more equal-cost next hops.";
	for (o = engine_first(ctx->engine, OBJ_ECR, NULL); o != NULL;
	    o = engine_next(o)) {
		if (gram_has(ctx->m, A_ECR) &&
		    strcmp(o->name, ctx->m->arg[A_ECR].text) != 0)
			continue;
		for (r = ecr_rib_first(ctx->engine, o->name); r != NULL;
		    r = ecr_rib_next(r)) {
			if (r->nhops < 2)
				continue;
			table_row(&t);
			table_text(&t, 0, "%s", o->name);
			table_text(&t, 1, "%s", prefix_format(&r->prefix, a,
			    sizeof(a)));
			table_list_start(&t, 2);
			for (i = 0; i < r->nhops; i++)
				route_hop(&t, 2, &(struct route_hop){
				    .kind = HOP_VBR,
				    .name = bgp_speaker_owner(r->hop[i].sp),
				    .has_ip = true,
				    .ip = *bgp_speaker_peer_ip(r->hop[i].sp) });
			as_path(&t, 3, r->hop[0].attrs);
		}
	}
	cmd_emit_table(ctx, &t);
	table_free(&t);
	return CMD_OK;
}

/* show route-table KIND NAME, show route lookup IP table KIND NAME */

static const struct column table_cols[] = {
	{ "Prefix", "prefix", 0 },
	{ "Next hops", "next_hops", 0 },
	{ "Source", "source", 0 },
	{ "AS path", "as_path", 0 },
	{ "Status", "status", 0 },
	{ "Reason", "reason", COL_OMIT_NULL },
};

/* A route's cells from column `first` on: prefix, hops, source, path. */
static void
route_cells(struct table *t, size_t first, const struct route *r)
{
	char text[NETADDR_STRLEN];
	size_t i;

	table_text(t, first, "%s", prefix_format(&r->prefix, text,
	    sizeof(text)));
	table_list_start(t, first + 1);
	for (i = 0; i < r->nhops; i++)
		route_hop(t, first + 1, &r->hop[i]);
	table_text(t, first + 2, "%s", route_source_names[r->source]);
	as_path(t, first + 3, r->attrs);
}

static void
route_row(const struct route *r, void *arg)
{
	struct table *t = arg;

	table_row(t);
	route_cells(t, 0, r);
	if (r->active) {
		table_text(t, 4, "active");
	} else {
		table_text(t, 4, "inactive");
		table_text(t, 5, "%s", r->reason != NULL ? r->reason :
		    "out of memory");
	}
}

static void
route_rows(struct table *t, void *rt)
{
	route_table_walk(rt, route_row, t);
}

/* The table named by the command, or an error. */
static struct route_table *
table_of_command(struct cmd_ctx *ctx, char *title, size_t len)
{
	enum obj_kind kind = (enum obj_kind)ctx->m->arg[A_KIND].number;
	const char *name = ctx->m->arg[A_NAME].text;
	struct route_table *rt;

	if (engine_find(ctx->engine, &(struct obj_ref){ kind, name, NULL }) ==
	    NULL) {
		cmd_error(ctx, "%s %s does not exist", engine_kind_word(kind),
		    name);
		return NULL;
	}
	if ((rt = route_table_build(ctx->engine, kind, name)) == NULL) {
		cmd_error(ctx, "out of memory");
		return NULL;
	}
	snprintf(title, len, "%s %s", engine_kind_word(kind), name);
	return rt;
}

enum cmd_status
cmd_show_route_table(struct cmd_ctx *ctx)
{
	char title[OBJ_NAME_MAX + 40];
	struct route_table *rt;
	struct table t;

	if ((rt = table_of_command(ctx, title, sizeof(title))) == NULL)
		return CMD_FAILED;
	table_init(&t, "routes", table_cols, NCOLS(table_cols));
	t.title_key = "table";
	t.title = title;
	t.empty = "No route.";
	cmd_emit_streamed(ctx, &t, route_rows, rt);
	table_free(&t);
	route_table_free(rt);
	return CMD_OK;
}

static const struct column lookup_cols[] = {
	{ "Address", "address", 0 },
	{ "Prefix", "prefix", 0 },
	{ "Next hops", "next_hops", 0 },
	{ "Source", "source", 0 },
	{ "AS path", "as_path", 0 },
};

enum cmd_status
cmd_show_route_lookup(struct cmd_ctx *ctx)
{
	const struct ipaddr *a = &ctx->m->arg[A_IP].ip;
	char title[OBJ_NAME_MAX + 40], text[NETADDR_STRLEN],
	    empty[OBJ_NAME_MAX + 120];
	const struct route *r;
	struct route_table *rt;
	struct table t;

	if ((rt = table_of_command(ctx, title, sizeof(title))) == NULL)
		return CMD_FAILED;
	table_init(&t, "routes", lookup_cols, NCOLS(lookup_cols));
	t.title_key = "table";
	t.title = title;
	snprintf(empty, sizeof(empty), "No active route in %s holds %s.",
	    title, ipaddr_format(a, text, sizeof(text)));
	t.empty = empty;
	if ((r = route_table_lookup(rt, a, NULL)) != NULL) {
		table_row(&t);
		table_text(&t, 0, "%s", text);
		route_cells(&t, 1, r);
	}
	cmd_emit_table(ctx, &t);
	table_free(&t);
	route_table_free(rt);
	return CMD_OK;
}

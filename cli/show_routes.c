/*
 * show_routes: route tables, lookups and ECMP.  `show ecmp` reads the ECR
 * RIBs (core/routing/ecr_rib.c); `show route-table` and `show route
 * lookup` read the tables core/routing/live_tables.c keeps, every
 * candidate of a prefix with its status and, when it lost, why, as they
 * stand: nothing is built for a read.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/routing/ecr_rib.h"
#include "../core/routing/route_table.h"
#include "../core/sessions/bgp_speakers.h"
#include "commands.h"
#include "route_cells.h"
#include "shell.h"

#define NCOLS(cols)	(sizeof(cols) / sizeof((cols)[0]))

static bool
same_path(const struct rib_attrs *a, const struct rib_attrs *b)
{
	return a == b || (a != NULL && b != NULL &&
	    a->as_path_len == b->as_path_len && memcmp(a->as_path,
	    b->as_path, a->as_path_len * sizeof(a->as_path[0])) == 0);
}

/*
 * The AS path column: in JSON the route's own (the best path's); in text
 * each next hop's, in the order of the next hops, when they differ (an
 * ECMP set over peers of different ASNs).
 */
static void
hops_as_path(struct table *t, size_t col, const struct rib_attrs *best,
    const struct route_hop *h, size_t nhops)
{
	const struct rib_attrs *a;
	struct strbuf text;
	size_t i, k;
	bool differ = false;

	cell_as_path(t, col, best);
	for (i = 0; i < nhops; i++)
		if (!same_path(h[i].attrs != NULL ? h[i].attrs : best, best))
			differ = true;
	if (!differ)
		return;
	strbuf_init(&text);
	for (i = 0; i < nhops; i++) {
		a = h[i].attrs != NULL ? h[i].attrs : best;
		if (i > 0)
			strbuf_puts(&text, ",");
		for (k = 0; a != NULL && k < a->as_path_len; k++)
			strbuf_printf(&text, "%s%u", k > 0 ? " " : "",
			    a->as_path[k]);
		if (a == NULL || a->as_path_len == 0)
			strbuf_puts(&text, "-");
	}
	table_list_text(t, col, text.s);
	strbuf_free(&text);
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
	struct route_hop h[64];
	struct table t;
	size_t i, n;

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
			for (i = n = 0; i < r->nhops && n < 64; i++, n++) {
				h[n] = (struct route_hop){ .kind = HOP_VBR,
				    .name = bgp_speaker_owner(r->hop[i].sp),
				    .attrs = r->hop[i].attrs, .has_ip = true,
				    .ip = *bgp_speaker_peer_ip(r->hop[i].sp) };
				cell_route_hop(&t, 2, &h[n], h[n].attrs);
			}
			hops_as_path(&t, 3, r->hop[0].attrs, h, n);
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
	bool bgp = r->source == ROUTE_BGP || r->source == ROUTE_VPN_BGP;

	table_text(t, first, "%s", prefix_format(&r->prefix, text,
	    sizeof(text)));
	table_list_start(t, first + 1);
	for (i = 0; i < r->nhops; i++)
		cell_route_hop(t, first + 1, &r->hop[i], !bgp ? NULL :
		    r->hop[i].attrs != NULL ? r->hop[i].attrs : r->attrs);
	table_text(t, first + 2, "%s", route_source_names[r->source]);
	hops_as_path(t, first + 3, r->attrs, r->hop, r->nhops);
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

/* From the counters the table keeps: nothing is walked. */
static enum cmd_status
show_summary(struct cmd_ctx *ctx, const struct route_table *rt,
    const char *title)
{
	const struct route_counts *c = route_table_counts(rt);
	struct strbuf *out = ctx->out;
	size_t i;

	if (ctx->m->json) {
		strbuf_puts(out, "{\"table\":");
		strbuf_json_string(out, title);
		strbuf_printf(out, ",\"total\":%zu,\"prefixes\":%zu,"
		    "\"by_source\":{", c->routes, c->prefixes);
		for (i = 0; i <= ROUTE_STATIC; i++)
			strbuf_printf(out, "%s\"%s\":%zu", i > 0 ? "," : "",
			    route_source_names[i], c->by_source[i]);
		strbuf_printf(out, "},\"active\":%zu,\"inactive\":%zu}\n",
		    c->active, c->inactive);
		return CMD_OK;
	}
	strbuf_printf(out, "Route table of %s: %zu routes to %zu prefixes, "
	    "%zu active, %zu inactive\n", title, c->routes, c->prefixes,
	    c->active, c->inactive);
	for (i = 0; i <= ROUTE_STATIC; i++)
		if (c->by_source[i] > 0)
			strbuf_printf(out, "  %-8s %zu\n", route_source_names[i],
			    c->by_source[i]);
	return CMD_OK;
}

/*
 * A table of a million routes leaves in slices (SPEC 10), as the table
 * stands when each slice reads it: the walk goes on after the last prefix
 * it showed, each prefix whole, and the table is found again by name each
 * time (it may have gone meanwhile: what was shown stands).
 */
struct route_show {
	struct cmd_job		 job;
	struct engine		*engine;
	struct evloop		*loop;
	enum obj_kind		 kind;
	obj_name		 name;
	char			 title[OBJ_NAME_MAX + 40];
	struct table		 t;
	bool			 json, begun;
	unsigned		 pass;		/* of the walk below */
	bool			 walked;	/* last is this pass's */
	struct prefix		 last;
};

static void
show_row(const struct route *r, void *arg)
{
	struct route_show *rs = arg;

	rs->walked = true;
	route_row(r, &rs->t);
}

static bool
slice_spent(void *arg)
{
	return evloop_yield(((struct route_show *)arg)->loop);
}

static bool
show_some(struct table *t, void *arg)
{
	struct route_show *rs = arg;
	const struct route_table *rt = route_table_get(rs->engine, rs->kind,
	    rs->name);
	bool walked;

	if (rt == NULL)
		return false;
	if (rs->pass != t->pass) {	/* the second pass walks it again */
		rs->pass = t->pass;
		rs->walked = false;
	}
	walked = rs->walked;
	return !route_table_walk_after(rt, walked ? &rs->last : NULL, show_row,
	    slice_spent, rs, &rs->last);
}

static bool
route_show_step(struct cmd_job *job, struct strbuf *out)
{
	struct route_show *rs = (struct route_show *)job;

	evloop_label(rs->loop, "show route-table %s", rs->title);
	if (!rs->begun) {
		render_stream_begin(&rs->t, rs->json, out);
		rs->begun = true;
	}
	return render_stream_step(&rs->t, show_some, rs);
}

static void
route_show_done(struct cmd_job *job)
{
	struct route_show *rs = (struct route_show *)job;

	render_stream_end(&rs->t);
	table_free(&rs->t);
	free(rs);
}

enum cmd_status
cmd_show_route_table(struct cmd_ctx *ctx)
{
	char title[OBJ_NAME_MAX + 40];
	const struct route_table *rt;
	struct route_show *rs;

	if ((rt = route_table_of_command(ctx, title, sizeof(title))) == NULL)
		return CMD_FAILED;
	if (ctx->m->arg[A_CHOICE].number == CH_SUMMARY)
		return show_summary(ctx, rt, title);
	if (gram_has(ctx->m, A_PREFIX))
		return cmd_explain_route(ctx);	/* the same records */
	if ((rs = calloc(1, sizeof(*rs))) == NULL)
		return cmd_error(ctx, "out of memory");
	rs->job = (struct cmd_job){ route_show_step, route_show_done, CMD_OK };
	rs->engine = ctx->engine;
	rs->loop = ctx->shell->loop;
	rs->kind = (enum obj_kind)ctx->m->arg[A_KIND].number;
	snprintf(rs->name, sizeof(rs->name), "%s", ctx->m->arg[A_NAME].text);
	snprintf(rs->title, sizeof(rs->title), "%s", title);
	rs->json = ctx->m->json;
	table_init(&rs->t, "routes", table_cols, NCOLS(table_cols));
	rs->t.title_key = "table";
	rs->t.title = rs->title;
	rs->t.empty = "No route.";
	return ctx->host->start_job(ctx->session, &rs->job);
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
	const struct route_table *rt;
	struct route_view view;
	struct table t;

	if ((rt = route_table_of_command(ctx, title, sizeof(title))) == NULL)
		return CMD_FAILED;
	table_init(&t, "routes", lookup_cols, NCOLS(lookup_cols));
	t.title_key = "table";
	t.title = title;
	snprintf(empty, sizeof(empty), "No active route in %s holds %s.",
	    title, ipaddr_format(a, text, sizeof(text)));
	t.empty = empty;
	if ((r = route_table_lookup(rt, a, NULL, &view)) != NULL) {
		table_row(&t);
		table_text(&t, 0, "%s", text);
		route_cells(&t, 1, r);
	}
	cmd_emit_table(ctx, &t);
	table_free(&t);
	return CMD_OK;
}

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

#define NCOLS(cols)	(sizeof(cols) / sizeof((cols)[0]))

void
cell_as_path(struct table *t, size_t col, const struct rib_attrs *a)
{
	size_t k;

	table_list_start(t, col);
	for (k = 0; a != NULL && k < a->as_path_len; k++)
		table_list_number(t, col, a->as_path[k]);
}

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

/* An AS path as JSON numbers, without printf: a million routes' worth. */
static void
json_path(struct strbuf *b, const struct rib_attrs *path)
{
	char digits[12], *p;
	uint32_t v;
	size_t k;

	strbuf_puts(b, ",\"as_path\":[");
	for (k = 0; k < path->as_path_len; k++) {
		p = digits + sizeof(digits);
		v = path->as_path[k];
		do
			*--p = (char)('0' + v % 10);
		while ((v /= 10) != 0);
		if (k > 0)
			strbuf_add(b, ",", 1);
		strbuf_add(b, p, (size_t)(digits + sizeof(digits) - p));
	}
	strbuf_add(b, "]", 1);
}

/* A next hop as text and (json not NULL) as a JSON object. */
static void
hop_parts(const struct route_hop *h, const struct rib_attrs *path,
    char *text, size_t len, struct strbuf *json)
{
	char a[NETADDR_STRLEN], tunnel[24] = "";
	size_t n;

	if (h->tunnel != 0)
		snprintf(tunnel, sizeof(tunnel), " tunnel %d", h->tunnel);
	if (h->has_ip)
		ipaddr_format(&h->ip, a, sizeof(a));
	if (json != NULL) {
		strbuf_puts(json, "{\"");
		strbuf_puts(json, hop_kind_keys[h->kind]);
		strbuf_puts(json, "\":");
		strbuf_json_string(json, h->name);
		if (h->tunnel != 0)
			strbuf_printf(json, ",\"tunnel\":%d", h->tunnel);
		if (h->has_ip) {
			strbuf_puts(json, ",\"ip\":\"");
			strbuf_puts(json, a);
			strbuf_puts(json, "\"");
		}
		if (path != NULL)
			json_path(json, path);
		strbuf_puts(json, "}");
	}
	n = append(text, len, 0, h->has_ip ? a : hop_kind_words[h->kind]);
	n = append(text, len, n, " ");
	n = append(text, len, n, h->name);
	append(text, len, n, tunnel);
}

void
cell_route_hop(struct table *t, size_t col, const struct route_hop *h,
    const struct rib_attrs *path)
{
	char text[OBJ_NAME_MAX + NETADDR_STRLEN + 40];
	struct strbuf json;

	strbuf_init(&json);
	text[0] = '\0';
	hop_parts(h, path, text, sizeof(text), table_wants_json(t) ? &json :
	    NULL);
	table_list_object(t, col, text, json.s);
	strbuf_free(&json);
}

void
cell_route_hop_one(struct table *t, size_t col, const struct route_hop *h)
{
	char text[OBJ_NAME_MAX + NETADDR_STRLEN + 40];
	struct strbuf json;

	strbuf_init(&json);
	text[0] = '\0';
	hop_parts(h, NULL, text, sizeof(text), &json);
	table_object(t, col, text, json.s);
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

static void
route_rows(struct table *t, void *rt)
{
	route_table_walk(rt, route_row, t);
}

const struct route_table *
route_table_of_command(struct cmd_ctx *ctx, char *title, size_t len)
{
	enum obj_kind kind = (enum obj_kind)ctx->m->arg[A_KIND].number;
	const char *name = ctx->m->arg[A_NAME].text;
	const struct route_table *rt;

	if (engine_find(ctx->engine, &(struct obj_ref){ kind, name, NULL }) ==
	    NULL) {
		cmd_error(ctx, "%s %s does not exist", engine_kind_word(kind),
		    name);
		return NULL;
	}
	if ((rt = route_table_get(ctx->engine, kind, name)) == NULL) {
		/* made, but the engine has not come round to its table */
		cmd_error(ctx, "%s %s has no table yet", engine_kind_word(kind),
		    name);
		return NULL;
	}
	snprintf(title, len, "%s %s", engine_kind_word(kind), name);
	return rt;
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

enum cmd_status
cmd_show_route_table(struct cmd_ctx *ctx)
{
	char title[OBJ_NAME_MAX + 40];
	const struct route_table *rt;
	struct table t;

	if ((rt = route_table_of_command(ctx, title, sizeof(title))) == NULL)
		return CMD_FAILED;
	if (ctx->m->arg[A_CHOICE].number == CH_SUMMARY)
		return show_summary(ctx, rt, title);
	if (gram_has(ctx->m, A_PREFIX))
		return cmd_explain_route(ctx);	/* the same records */
	table_init(&t, "routes", table_cols, NCOLS(table_cols));
	t.title_key = "table";
	t.title = title;
	t.empty = "No route.";
	cmd_emit_streamed(ctx, &t, route_rows, (void *)rt);
	table_free(&t);
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

/*
 * route_cells: a route's parts as table cells (an AS path, a next hop as
 * text or JSON), and the table a command names; shared by the shows of
 * route tables (show_routes.c) and explain (explain_route.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "route_cells.h"

void
cell_as_path(struct table *t, size_t col, const struct rib_attrs *a)
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

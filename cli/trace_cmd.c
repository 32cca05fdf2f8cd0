/*
 * trace_cmd: `trace IP from vpc|cpe NAME [flow ...|flows N]` (SPEC 8), as
 * the seed's traceroute check reads a path: each hop with the table it
 * consulted, the prefix that matched, all equal-cost next hops and the
 * one the flow hashes to (core/runtime/trace.c).  `flows N` hashes N
 * distinct flows and counts each next hop's share where there is a
 * choice.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/runtime/trace.h"
#include "commands.h"
#include "route_cells.h"

static const struct column hop_cols[] = {
	{ "Hop", "hop", 0 },
	{ "At", "at", 0 },
	{ "Table", "table", 0 },
	{ "Prefix", "prefix", 0 },
	{ "Next hops", "next_hops", 0 },
	{ "Chosen", "chosen", 0 },
	{ "Then", "then", 0 },
};

static const char *
at_words(const struct trace_hop *h, char *buf, size_t len)
{
	snprintf(buf, len, "%s %s", engine_kind_word(h->kind), h->name);
	return buf;
}

static void
then_text(struct table *t, size_t col, const struct trace_hop *h)
{
	switch (h->end) {
	case TRACE_ON:
		table_text(t, col, "forwarded");
		break;
	case TRACE_DELIVERED:
		table_text(t, col, "delivered to %s", h->end_at);
		break;
	case TRACE_DATA_CENTER:
		table_text(t, col, "to the data center: %s", h->end_at);
		break;
	case TRACE_NO_ROUTE:
		table_text(t, col, "no route");
		break;
	case TRACE_LOOP:
		table_text(t, col, "a loop: back at a hop it passed");
		break;
	case TRACE_TOO_LONG:
		table_text(t, col, "stopped after %d hops", TRACE_HOPS_MAX);
		break;
	}
}

static bool
is_bgp(const struct trace_hop *h)
{
	return h->source == ROUTE_BGP || h->source == ROUTE_VPN_BGP;
}

static void
hop_row(struct table *t, size_t n, const struct trace_hop *h)
{
	char at[OBJ_NAME_MAX + 32], p[NETADDR_STRLEN];
	size_t i;

	table_row(t);
	table_number(t, 0, (int64_t)n);
	table_text(t, 1, "%s", at_words(h, at, sizeof(at)));
	table_text(t, 2, "%s%s", at, h->kind == OBJ_CPE ? " (received)" : "");
	table_list_start(t, 4);
	if (h->end == TRACE_NO_ROUTE || h->end == TRACE_LOOP) {
		table_absent(t, 3, "-");
		table_absent(t, 5, "-");
		then_text(t, 6, h);
		return;
	}
	table_text(t, 3, "%s", prefix_format(&h->prefix, p, sizeof(p)));
	for (i = 0; i < h->nnext; i++)
		cell_route_hop(t, 4, &h->next[i], is_bgp(h) ? h->next[i].attrs :
		    NULL);
	if (h->chosen >= 0) {
		cell_route_hop_one(t, 5, &h->next[h->chosen]);
	} else {
		table_absent(t, 5, "-");
	}
	then_text(t, 6, h);
}

static int
flow_of(const struct gram_match *m, struct flow *f, struct strbuf *err)
{
	flow_default(f, &m->arg[A_IP].ip);
	if (!gram_has(m, A_PROTO))
		return 0;
	if (m->arg[A_SRC].ip.family != f->dst.family) {
		strbuf_puts(err, "trace: the flow's source and the destination "
		    "are of different address families");
		return -1;
	}
	f->proto = (uint8_t)m->arg[A_PROTO].number;
	f->src = m->arg[A_SRC].ip;
	f->sport = (uint16_t)m->arg[A_SPORT].number;
	f->dport = (uint16_t)m->arg[A_DPORT].number;
	return 0;
}

/* flows N */

/* A next hop as a key: kind, name, tunnel, address. */
static void
hop_words(const struct route_hop *h, char *buf, size_t len)
{
	char a[NETADDR_STRLEN] = "";

	if (h->has_ip)
		ipaddr_format(&h->ip, a, sizeof(a));
	snprintf(buf, len, "%s %s %d %s", hop_kind_words[h->kind], h->name,
	    h->tunnel, a);
}

struct share {
	char		 at[OBJ_NAME_MAX + 32];
	struct prefix	 prefix;
	char		 next[OBJ_NAME_MAX + 64];
	struct route_hop hop;
	size_t		 flows;
};

struct shares {
	struct share	*v;
	size_t		 n, cap;
};

static void
count(struct shares *s, const struct trace_hop *h, const struct route_hop *nh,
    bool chosen)
{
	char at[OBJ_NAME_MAX + 32], next[OBJ_NAME_MAX + 64];
	struct share *x;
	size_t i;

	at_words(h, at, sizeof(at));
	hop_words(nh, next, sizeof(next));
	for (i = 0; i < s->n; i++)
		if (strcmp(s->v[i].at, at) == 0 &&
		    strcmp(s->v[i].next, next) == 0 &&
		    prefix_compare(&s->v[i].prefix, &h->prefix) == 0)
			break;
	if (i == s->n) {
		if (s->n == s->cap) {
			size_t cap = s->cap ? s->cap * 2 : 16;

			if ((x = realloc(s->v, cap * sizeof(*x))) == NULL)
				return;
			s->v = x;
			s->cap = cap;
		}
		x = &s->v[s->n++];
		memset(x, 0, sizeof(*x));
		snprintf(x->at, sizeof(x->at), "%s", at);
		snprintf(x->next, sizeof(x->next), "%s", next);
		x->prefix = h->prefix;
		x->hop = *nh;
	}
	if (chosen)
		s->v[i].flows++;
}

static const struct column share_cols[] = {
	{ "At", "at", 0 },
	{ "Prefix", "prefix", 0 },
	{ "Next hop", "next_hops", 0 },
	{ "Flows", "flows", 0 },
	{ "Share", "share_pct", 0 },
};

/* "50.0%" in a table, the number 50.0 in JSON */
static void
share_cell(struct table *t, size_t col, double pct)
{
	char text[16], json[16];

	snprintf(text, sizeof(text), "%.1f%%", pct);
	snprintf(json, sizeof(json), "%.1f", pct);
	table_object(t, col, text, json);
}

static enum cmd_status
trace_flows(struct cmd_ctx *ctx, enum obj_kind kind, const char *name,
    size_t nflows)
{
	struct trace *tr = malloc(sizeof(*tr));
	struct shares s = { NULL, 0, 0 };
	struct table t;
	struct flow f;
	char why[200], p[NETADDR_STRLEN];
	size_t i, k, j, total;

	if (tr == NULL)
		return cmd_error(ctx, "trace: out of memory");
	for (i = 0; i < nflows; i++) {
		/* distinct flows: a source port each, then a source each */
		flow_default(&f, &ctx->m->arg[A_IP].ip);
		f.sport = (uint16_t)(1024 + i % 60000);
		if (f.src.family == AF_INET)
			f.src.v4.s_addr = htonl(ntohl(f.src.v4.s_addr) +
			    (uint32_t)(i / 60000));
		if (trace_run(ctx->engine, kind, name, &f, tr, why,
		    sizeof(why)) == -1) {
			free(tr);
			free(s.v);
			return cmd_error(ctx, "trace: %s", why);
		}
		for (k = 0; k < tr->n; k++)
			if (tr->hop[k].nnext > 1)
				for (j = 0; j < tr->hop[k].nnext; j++)
					count(&s, &tr->hop[k], &tr->hop[k].next[j],
					    (int)j == tr->hop[k].chosen);
	}
	table_init(&t, "shares", share_cols, sizeof(share_cols) /
	    sizeof(share_cols[0]));
	t.empty = "No hop on the way has two or more equal-cost next hops.";
	for (i = 0; i < s.n; i++) {
		for (total = 0, k = 0; k < s.n; k++)
			if (strcmp(s.v[k].at, s.v[i].at) == 0 &&
			    prefix_compare(&s.v[k].prefix, &s.v[i].prefix) == 0)
				total += s.v[k].flows;
		table_row(&t);
		table_text(&t, 0, "%s", s.v[i].at);
		table_text(&t, 1, "%s", prefix_format(&s.v[i].prefix, p,
		    sizeof(p)));
		table_list_start(&t, 2);
		cell_route_hop(&t, 2, &s.v[i].hop, NULL);
		table_number(&t, 3, (int64_t)s.v[i].flows);
		share_cell(&t, 4, total > 0 ? 100.0 * (double)s.v[i].flows /
		    (double)total : 0.0);
	}
	if (!ctx->m->json)
		strbuf_printf(ctx->out, "%zu flows to %s from %s %s\n", nflows,
		    ipaddr_format(&ctx->m->arg[A_IP].ip, p, sizeof(p)),
		    engine_kind_word(kind), name);
	cmd_emit_table(ctx, &t);
	table_free(&t);
	free(s.v);
	free(tr);
	return CMD_OK;
}

enum cmd_status
cmd_trace(struct cmd_ctx *ctx)
{
	const struct gram_match *m = ctx->m;
	enum obj_kind kind = (enum obj_kind)m->arg[A_KIND].number;
	const char *name = m->arg[A_NAME].text;
	struct trace *tr;
	struct strbuf err;
	struct table t;
	struct flow f;
	char why[200];
	size_t i;

	if (gram_has(m, A_COUNT))
		return trace_flows(ctx, kind, name,
		    (size_t)m->arg[A_COUNT].number);
	strbuf_init(&err);
	if (flow_of(m, &f, &err) == -1) {
		cmd_error(ctx, "%s", err.s);
		strbuf_free(&err);
		return CMD_FAILED;
	}
	strbuf_free(&err);
	if ((tr = malloc(sizeof(*tr))) == NULL)
		return cmd_error(ctx, "trace: out of memory");
	if (trace_run(ctx->engine, kind, name, &f, tr, why, sizeof(why)) == -1) {
		free(tr);
		return cmd_error(ctx, "trace: %s", why);
	}
	table_init(&t, "hops", hop_cols, sizeof(hop_cols) / sizeof(hop_cols[0]));
	for (i = 0; i < tr->n; i++)
		hop_row(&t, i + 1, &tr->hop[i]);
	cmd_emit_table(ctx, &t);
	table_free(&t);
	free(tr);
	return CMD_OK;
}

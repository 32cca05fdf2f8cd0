/*
 * explain_route: every candidate a table has for one prefix, which is
 * active, which share it (E1), and for each loser the step that decided
 * against it with both values, or the rule (SPEC 8).  It reads what the
 * table recorded as it decided (struct route's step and reason), never a
 * decision of its own, and the routes a peer sent past its limit (R5, V1),
 * which no table holds.  `show route-table KIND NAME PREFIX` is the same
 * view.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/bgp/rib_attrs.h"
#include "../core/routing/route_table.h"
#include "../core/sessions/bgp_speakers.h"
#include "commands.h"
#include "route_cells.h"

static const struct column cols[] = {
	{ "Next hops", "next_hops", 0 },
	{ "Source", "source", 0 },
	{ "AS path", "as_path", 0 },
	{ "Origin", "origin", 0 },
	{ "MED", "med", 0 },
	{ "Status", "status", 0 },
	{ "ECMP", "ecmp", 0 },
	{ "Decided by", "decided_by", 0 },
	{ "Reason", "reason", 0 },
};

static const char *const origins[] = { "IGP", "EGP", "INCOMPLETE" };

struct explaining {
	struct table	*t;
	size_t		 routes;	/* the table's, this prefix */
	size_t		 candidates;
	bool		 ecmp;		/* the active route shares */
	bool		 ecmp_bgp;	/* by E1, not over tunnels */
	bool		 active;	/* one route is */
};

static bool
is_bgp(const struct route *r)
{
	return r->source == ROUTE_BGP || r->source == ROUTE_VPN_BGP;
}

static void
path_cells(struct table *t, const struct route *r, const struct rib_attrs *a)
{
	table_text(t, 1, "%s", route_source_names[r->source]);
	cell_as_path(t, 2, a);
	if (a != NULL && a->origin < 3)
		table_text(t, 3, "%s", origins[a->origin]);
	else
		table_absent(t, 3, "-");
	if (a != NULL && a->has_med)
		table_number(t, 4, a->med);
	else
		table_absent(t, 4, "-");
}

/* "... (V3)" becomes "V3: ...": a rule's reason leads with its name. */
static void
rule_reason(struct table *t, size_t col, const char *reason)
{
	const char *open = strrchr(reason, '(');
	size_t len = strlen(reason);

	if (open != NULL && reason[len - 1] == ')' && isupper(
	    (unsigned char)open[1]) && isdigit((unsigned char)open[2]) &&
	    (size_t)(reason + len - open) <= 6) {
		size_t head = (size_t)(open - reason);

		while (head > 0 && reason[head - 1] == ' ')
			head--;
		table_text(t, col, "%.*s: %.*s", (int)(len - (size_t)(open -
		    reason) - 2), open + 1, (int)head, reason);
		return;
	}
	table_text(t, col, "%s", reason);
}

static void
candidate(const struct route *r, void *arg)
{
	struct explaining *x = arg;
	struct table *t = x->t;
	const struct rib_attrs *a;
	size_t i;

	x->routes++;
	x->active |= r->active;
	if (r->active && r->nhops > 1) {
		/* an ECMP set: each next hop is a path of its own */
		x->ecmp = true;
		x->ecmp_bgp = is_bgp(r);
		for (i = 0; i < r->nhops; i++) {
			a = r->hop[i].attrs != NULL ? r->hop[i].attrs : r->attrs;
			table_row(t);
			table_list_start(t, 0);
			cell_route_hop(t, 0, &r->hop[i], is_bgp(r) ? a : NULL);
			path_cells(t, r, a);
			table_text(t, 5, "active");
			table_bool(t, 6, true);
			table_absent(t, 7, "-");
			if (is_bgp(r))
				table_text(t, 8, "E1: equal AS path length, "
				    "origin and MED: shares the traffic");
			else	/* not E1: one route, over each tunnel up */
				table_text(t, 8, "a destination-based route of "
				    "the connection: each tunnel that is up "
				    "takes a share");
			x->candidates++;
		}
		return;
	}
	table_row(t);
	table_list_start(t, 0);
	for (i = 0; i < r->nhops; i++)
		cell_route_hop(t, 0, &r->hop[i], is_bgp(r) ? (r->hop[i].attrs !=
		    NULL ? r->hop[i].attrs : r->attrs) : NULL);
	path_cells(t, r, r->attrs);
	table_text(t, 5, "%s", r->active ? "active" : "inactive");
	table_bool(t, 6, false);
	if (r->active) {
		table_absent(t, 7, "-");
		table_text(t, 8, "the best candidate");
	} else {
		table_text(t, 7, "%s", route_step_keys[r->step] != NULL ?
		    route_step_keys[r->step] : "rule");
		if (r->step == STEP_RULE && r->reason != NULL)
			rule_reason(t, 8, r->reason);
		else
			table_text(t, 8, "%s", r->reason != NULL ? r->reason :
			    "out of memory");
	}
	x->candidates++;
}

/* A path no table has: the route's cells, up to its status. */
static void
untabled(struct explaining *x, const struct speaker *sp,
    const struct prefix *p, const struct rib_attrs *a)
{
	struct route r;
	struct route_hop h;
	bool tunnel = bgp_speaker_side(sp) == SIDE_TUNNEL;

	memset(&h, 0, sizeof(h));
	h.kind = tunnel ? HOP_CONNECTION : HOP_VBR;
	h.name = bgp_speaker_owner(sp);
	h.tunnel = tunnel ? bgp_speaker_tunnel_no(sp) : 0;
	h.ip = *bgp_speaker_peer_ip(sp);
	h.has_ip = true;
	memset(&r, 0, sizeof(r));
	r.prefix = *p;
	r.source = tunnel ? ROUTE_VPN_BGP : ROUTE_BGP;
	r.attrs = a;
	r.hop = &h;
	r.nhops = 1;
	table_row(x->t);
	table_list_start(x->t, 0);
	cell_route_hop(x->t, 0, &h, a);
	path_cells(x->t, &r, a);
	table_bool(x->t, 6, false);
	x->candidates++;
}

/* What a speaker holds past its limit at p, or refused on arrival. */
static void
held(struct explaining *x, const struct speaker *sp, const struct prefix *p)
{
	const struct rib_attrs *a;
	const char *rule;
	uint32_t limit = bgp_speaker_route_limit(sp, &rule);

	if ((a = bgp_speaker_dropped_find(sp, p)) != NULL) {
		untabled(x, sp, p, a);
		table_text(x->t, 5, "dropped");
		table_text(x->t, 7, "rule");
		table_text(x->t, 8, "%s: over %s %u, not installed", rule,
		    strcmp(rule, "V1") == 0 ? "route-quota" : "route-limit",
		    limit);
	}
	if ((a = bgp_speaker_rejected_find(sp, p)) != NULL) {
		untabled(x, sp, p, a);
		table_text(x->t, 5, "rejected");
		table_text(x->t, 7, "rejected");
		table_text(x->t, 8, "its AS_PATH holds the local AS %u, a loop "
		    "(RFC 4271 9.1.2): refused on arrival",
		    bgp_speaker_local_as(sp));
	}
}

/* The speakers whose held routes would be this table's candidates. */
static void
held_of_table(struct explaining *x, const struct engine *e,
    enum obj_kind kind, const char *name, const struct prefix *p)
{
	const struct speaker *sp;
	const struct object *c;

	if (kind == OBJ_VBR)
		for (sp = bgp_speaker_first_of(e, SIDE_VBR_PEER, name);
		    sp != NULL; sp = bgp_speaker_next_of(sp))
			held(x, sp, p);
	if (kind == OBJ_ECR)	/* the paths of its VBRs' peers */
		for (c = engine_first(e, OBJ_VBR, NULL); c != NULL;
		    c = engine_next(c))
			if (strcmp(c->cfg.vbr.ecr, name) == 0)
				for (sp = bgp_speaker_first_of(e,
				    SIDE_VBR_PEER, c->name); sp != NULL;
				    sp = bgp_speaker_next_of(sp))
					held(x, sp, p);
	if (kind == OBJ_VPN_CONNECTION)
		for (sp = bgp_speaker_first_of(e, SIDE_TUNNEL, name);
		    sp != NULL; sp = bgp_speaker_next_of(sp))
			held(x, sp, p);
	if (kind == OBJ_VPN_GATEWAY)
		for (c = engine_first(e, OBJ_VPN_CONNECTION, NULL); c != NULL;
		    c = engine_next(c))
			if (c->cfg.conn.attach == ATTACH_VPN_GATEWAY &&
			    strcmp(c->cfg.conn.attached_to, name) == 0)
				for (sp = bgp_speaker_first_of(e, SIDE_TUNNEL,
				    c->name); sp != NULL;
				    sp = bgp_speaker_next_of(sp))
					held(x, sp, p);
}

enum cmd_status
cmd_explain_route(struct cmd_ctx *ctx)
{
	const struct prefix *p = &ctx->m->arg[A_PREFIX].prefix;
	enum obj_kind kind = (enum obj_kind)ctx->m->arg[A_KIND].number;
	char title[OBJ_NAME_MAX + 40], pfx[NETADDR_STRLEN], empty[OBJ_NAME_MAX + 200];
	const struct route_table *rt;
	struct explaining x = { 0 };
	struct table t;

	if ((rt = route_table_of_command(ctx, title, sizeof(title))) == NULL)
		return CMD_FAILED;
	prefix_format(p, pfx, sizeof(pfx));
	table_init(&t, "candidates", cols, sizeof(cols) / sizeof(cols[0]));
	t.title_key = "table";
	t.title = title;
	t.title2_key = "prefix";
	t.title2 = pfx;
	snprintf(empty, sizeof(empty), "%s has no route to %s, and no peer "
	    "sent one (a lookup takes the longest match: show route lookup).",
	    title, pfx);
	t.empty = empty;
	x.t = &t;
	route_table_at(rt, p, candidate, &x);
	held_of_table(&x, ctx->engine, kind, ctx->m->arg[A_NAME].text, p);
	if (x.candidates == 1 && x.routes == 1 && x.active && !x.ecmp) {
		/* alone: the decision had nothing to decide */
		table_text(&t, 7, "only_candidate");
		table_text(&t, 8, "the only candidate");
	}
	if (!ctx->m->json && x.candidates > 0)
		strbuf_printf(ctx->out, "%s, %s: %zu candidate%s%s\n", title,
		    pfx, x.candidates, x.candidates == 1 ? "" : "s",
		    !x.ecmp ? "" : x.ecmp_bgp ? ", ECMP (E1)" : ", ECMP");
	cmd_emit_table(ctx, &t);
	table_free(&t);
	return CMD_OK;
}

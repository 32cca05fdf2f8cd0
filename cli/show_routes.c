/*
 * show_routes: route tables and ECMP.  `show route-table ecr NAME` and
 * `show ecmp` read the ECR tables the engine keeps (core/ecr_rib.c);
 * `show route-table vbr NAME` puts a VBR's static routes, the best BGP
 * paths of its peers and the cloud's routes side by side.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/bgp_decision.h"
#include "../core/ecr_rib.h"
#include "commands.h"

#define NCOLS(cols)	(sizeof(cols) / sizeof((cols)[0]))

/* A next hop: {"vbr": "vbr1", "ip": "10.10.1.5"}, {"transit_router": "tr1"}. */
static void
hop_object(struct table *t, size_t col, const char *key, const char *name,
    const struct ipaddr *ip)
{
	char a[NETADDR_STRLEN], text[OBJ_NAME_MAX + NETADDR_STRLEN + 40];
	struct strbuf b;

	strbuf_init(&b);
	strbuf_printf(&b, "{\"%s\":", key);
	strbuf_json_string(&b, name);
	if (ip != NULL)
		strbuf_printf(&b, ",\"ip\":\"%s\"", ipaddr_format(ip, a,
		    sizeof(a)));
	strbuf_puts(&b, "}");
	if (ip != NULL)
		snprintf(text, sizeof(text), "%s %s", a, name);
	else
		snprintf(text, sizeof(text), "%s %s", key, name);
	table_list_object(t, col, text, b.s);
	strbuf_free(&b);
}

/* A VBR peer as a next hop. */
static void
hop_peer(struct table *t, size_t col, const struct speaker *sp)
{
	hop_object(t, col, "vbr", bgp_speaker_owner(sp),
	    bgp_speaker_peer_ip(sp));
}

static void
as_path(struct table *t, size_t col, const struct rib_attrs *a)
{
	size_t k;

	table_list_start(t, col);
	for (k = 0; a != NULL && k < a->as_path_len; k++)
		table_list_number(t, col, a->as_path[k]);
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
				hop_peer(&t, 2, r->hop[i].sp);
			as_path(&t, 3, r->hop[0].attrs);
		}
	}
	cmd_emit_table(ctx, &t);
	table_free(&t);
	return CMD_OK;
}

/* show route-table ecr|vbr NAME */

static const struct column table_cols[] = {
	{ "Prefix", "prefix", 0 },
	{ "Next hops", "next_hops", 0 },
	{ "Source", "source", 0 },
	{ "AS path", "as_path", 0 },
	{ "Status", "status", 0 },
	{ NULL, "reason", COL_OMIT_NULL },
};

static void
route_row(struct table *t, const struct prefix *p, const char *source,
    const struct rib_attrs *a)
{
	char text[NETADDR_STRLEN];

	table_row(t);
	table_text(t, 0, "%s", prefix_format(p, text, sizeof(text)));
	table_list_start(t, 1);
	table_text(t, 2, "%s", source);
	as_path(t, 3, a);
	table_text(t, 4, "active");
}

/* The VPCs whose routes reach an ECR: those on its transit router. */
static const struct object *
ecr_transit_router(const struct engine *e, const struct object *ecr)
{
	if (ecr == NULL || ecr->cfg.ecr.transit_router[0] == '\0')
		return NULL;
	return engine_find(e, &(struct obj_ref){ OBJ_TRANSIT_ROUTER,
	    ecr->cfg.ecr.transit_router, NULL });
}

/* CLOUD rows: the CIDR of each VPC on the transit router. */
static void
cloud_rows(struct cmd_ctx *ctx, struct table *t, const struct object *tr,
    const char *via_key, const char *via)
{
	const struct object *vpc;
	size_t i;

	for (i = 0; tr != NULL && i < tr->cfg.tr.nvpcs; i++) {
		vpc = engine_find(ctx->engine, &(struct obj_ref){ OBJ_VPC,
		    tr->cfg.tr.vpcs[i], NULL });
		if (vpc == NULL || !vpc->cfg.vpc.has_cidr)
			continue;
		route_row(t, &vpc->cfg.vpc.cidr, "CLOUD", NULL);
		hop_object(t, 1, via_key, via, NULL);
	}
}

static void
ecr_table(struct cmd_ctx *ctx, struct table *t, const struct object *ecr)
{
	const struct ecr_route *r;
	size_t i;

	cloud_rows(ctx, t, ecr_transit_router(ctx->engine, ecr),
	    "transit_router", ecr->cfg.ecr.transit_router);
	for (r = ecr_rib_first(ctx->engine, ecr->name); r != NULL;
	    r = ecr_rib_next(r)) {
		route_row(t, &r->prefix, "BGP", r->hop[0].attrs);
		for (i = 0; i < r->nhops; i++)
			hop_peer(t, 1, r->hop[i].sp);
	}
}

/* A VBR's BGP routes: per prefix the best path and those equal to it. */
struct vbr_path {
	const struct rib_route	*r;
	const struct speaker	*sp;
	struct bgp_path		 path;
};

static int
vbr_path_order(const void *pa, const void *pb)
{
	const struct vbr_path *x = pa, *y = pb;
	int c = prefix_compare(&x->r->prefix, &y->r->prefix);

	return c != 0 ? c : bgp_path_compare(&x->path, &y->path);
}

static void
vbr_table(struct cmd_ctx *ctx, struct table *t, const struct object *vbr)
{
	const struct object *ecr = NULL;
	const struct speaker *sp;
	const struct rib_route *r;
	struct vbr_path *v = NULL, *nv;
	size_t n = 0, cap = 0, i, j, k;

	for (k = 0; k < vbr->cfg.vbr.nroutes; k++) {
		route_row(t, &vbr->cfg.vbr.routes[k].prefix, "STATIC", NULL);
		hop_object(t, 1, "vbr", vbr->name,
		    &vbr->cfg.vbr.routes[k].next_hop);
	}
	if (vbr->cfg.vbr.ecr[0] != '\0') {
		ecr = engine_find(ctx->engine, &(struct obj_ref){ OBJ_ECR,
		    vbr->cfg.vbr.ecr, NULL });
		cloud_rows(ctx, t, ecr_transit_router(ctx->engine, ecr), "ecr",
		    vbr->cfg.vbr.ecr);
	}
	for (sp = bgp_speaker_first(ctx->engine); sp != NULL;
	    sp = bgp_speaker_next(sp)) {
		if (bgp_speaker_side(sp) != SIDE_VBR_PEER ||
		    strcmp(bgp_speaker_owner(sp), vbr->name) != 0)
			continue;
		for (r = bgp_speaker_in_first(sp); r != NULL;
		    r = bgp_rib_next(r)) {
			if (n == cap) {
				cap = cap ? cap * 2 : 64;
				if ((nv = realloc(v, cap * sizeof(*v))) == NULL)
					break;
				v = nv;
			}
			v[n].r = r;
			v[n].sp = sp;
			v[n].path = (struct bgp_path){ r->attrs,
			    bgp_session_peer_id(bgp_speaker_session(sp)),
			    bgp_speaker_peer_ip(sp) };
			n++;
		}
	}
	if (n > 1)
		qsort(v, n, sizeof(*v), vbr_path_order);
	for (i = 0; i < n; i = j) {
		route_row(t, &v[i].r->prefix, "BGP", v[i].r->attrs);
		for (j = i; j < n && prefix_compare(&v[j].r->prefix,
		    &v[i].r->prefix) == 0; j++)
			if (j == i || bgp_path_multipath(v[j].r->attrs,
			    v[i].r->attrs))
				hop_peer(t, 1, v[j].sp);
		for (k = 0; k < vbr->cfg.vbr.nroutes; k++)
			if (prefix_compare(&vbr->cfg.vbr.routes[k].prefix,
			    &v[i].r->prefix) == 0) {
				table_text(t, 4, "inactive");
				table_text(t, 5, "a static route to the same "
				    "prefix is preferred");
			}
	}
	free(v);
}

enum cmd_status
cmd_show_route_table(struct cmd_ctx *ctx)
{
	enum obj_kind kind = (enum obj_kind)ctx->m->arg[A_KIND].number;
	const struct object *o;
	char title[OBJ_NAME_MAX + 40];
	struct table t;

	if (kind != OBJ_ECR && kind != OBJ_VBR)
		return cmd_error(ctx, "Not yet supported: the route table of a "
		    "%s (README, Status)", engine_kind_word(kind));
	bgp_speakers_settle(ctx->engine);
	o = engine_find(ctx->engine, &(struct obj_ref){ kind,
	    ctx->m->arg[A_NAME].text, NULL });
	if (o == NULL)
		return cmd_error(ctx, "%s %s does not exist",
		    engine_kind_word(kind), ctx->m->arg[A_NAME].text);
	snprintf(title, sizeof(title), "%s %s", engine_kind_word(kind),
	    o->name);
	table_init(&t, "routes", table_cols, NCOLS(table_cols));
	t.title_key = "table";
	t.title = title;
	t.empty = "No route.";
	if (kind == OBJ_ECR)
		ecr_table(ctx, &t, o);
	else
		vbr_table(ctx, &t, o);
	cmd_emit_table(ctx, &t);
	table_free(&t);
	return CMD_OK;
}

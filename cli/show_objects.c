/*
 * show_objects: the configuration objects as tables and JSON: VBRs, BGP
 * groups and peers, ECRs, VPN connections, CPEs.  Auth keys are never
 * shown, only whether one is set.  Until the BGP engine runs sessions a
 * configured peer is Idle, the state RFC 4271 gives a session not started.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "../core/sessions/bfd_speakers.h"
#include "../core/sessions/bgp_speakers.h"
#include "../core/cloud/cpe_networks.h"
#include "commands.h"
#include "shell.h"

#define NCOLS(cols)	(sizeof(cols) / sizeof((cols)[0]))

/* An optional name filter: NULL shows all, else the one object named. */
static enum cmd_status
lookup_filter(struct cmd_ctx *ctx, enum gram_slot slot, enum obj_kind kind,
    const struct object **only)
{
	struct obj_ref ref;

	*only = NULL;
	if (!gram_has(ctx->m, slot))
		return CMD_OK;
	ref = (struct obj_ref){ kind, ctx->m->arg[slot].text, NULL };
	if ((*only = engine_find(ctx->engine, &ref)) == NULL)
		return cmd_error(ctx, "%s %s does not exist",
		    engine_kind_word(kind), ctx->m->arg[slot].text);
	return CMD_OK;
}

static const char *
fmt_ip(const struct ipaddr *a, char *buf, size_t len)
{
	return ipaddr_format(a, buf, len);
}

/* show vbr */

static const struct column vbr_cols[] = {
	{ "Name", "name", 0 },
	{ "VLAN", "vlan", 0 },
	{ "Local IP", "local_gateway_ip", 0 },
	{ "Peer IP", "peer_gateway_ip", 0 },
	{ "Mask", "peering_subnet_mask", 0 },
	{ "IPv6", "ipv6", 0 },
	{ "MP-BGP", "mpbgp", 0 },
	{ "BFD ms", "bfd_interval_ms", 0 },
	{ "x", "bfd_multiplier", 0 },
	{ "ECR", "ecr", 0 },
	{ "Peers", "peers", 0 },
	{ "Advertise", "advertise", 0 },
	{ NULL, "static_routes", 0 },
	{ "Description", "description", 0 },
};

static void
vbr_row(struct cmd_ctx *ctx, struct table *t, const struct object *o)
{
	const struct vbr_config *c = &o->cfg.vbr;
	char a[NETADDR_STRLEN], b[NETADDR_STRLEN];
	const struct object *p;
	size_t i, peers = 0;

	table_row(t);
	table_text(t, 0, "%s", o->name);
	if (c->vlan >= 0)
		table_number(t, 1, c->vlan);
	if (c->has_local_gateway_ip)
		table_text(t, 2, "%s", fmt_ip(&c->local_gateway_ip, a,
		    sizeof(a)));
	if (c->has_peer_gateway_ip)
		table_text(t, 3, "%s", fmt_ip(&c->peer_gateway_ip, a,
		    sizeof(a)));
	if (c->has_peering_subnet_mask)
		table_text(t, 4, "%s", fmt_ip(&c->peering_subnet_mask, a,
		    sizeof(a)));
	table_bool(t, 5, c->ipv6);
	table_bool(t, 6, c->mpbgp);
	table_number(t, 7, c->bfd_interval_ms);
	table_number(t, 8, c->bfd_multiplier);
	if (c->ecr[0] != '\0')
		table_text(t, 9, "%s", c->ecr);
	for (p = engine_first(ctx->engine, OBJ_BGP_PEER, o); p != NULL;
	    p = engine_next(p))
		peers++;
	table_number(t, 10, (int64_t)peers);
	table_list_start(t, 11);
	for (i = 0; i < c->advertise.n; i++)
		table_list_add(t, 11, "%s", prefix_format(&c->advertise.v[i],
		    a, sizeof(a)));
	table_list_start(t, 12);
	for (i = 0; i < c->nroutes; i++)
		table_list_add(t, 12, "%s via %s",
		    prefix_format(&c->routes[i].prefix, a, sizeof(a)),
		    fmt_ip(&c->routes[i].next_hop, b, sizeof(b)));
	table_text(t, 13, "%s", c->description);
}

enum cmd_status
cmd_show_vbr(struct cmd_ctx *ctx)
{
	const struct object *only, *o;
	struct table t;

	if (lookup_filter(ctx, A_VBR, OBJ_VBR, &only) != CMD_OK)
		return CMD_FAILED;
	table_init(&t, "vbrs", vbr_cols, NCOLS(vbr_cols));
	t.empty = "No VBR is configured.";
	for (o = only ? only : engine_first(ctx->engine, OBJ_VBR, NULL);
	    o != NULL; o = only ? NULL : engine_next(o))
		vbr_row(ctx, &t, o);
	cmd_emit_table(ctx, &t);
	table_free(&t);
	return CMD_OK;
}

/* show bgp groups */

static const struct column group_cols[] = {
	{ "VBR", "vbr", 0 },
	{ "Group", "name", 0 },
	{ "Family", "address_family", 0 },
	{ "Peer ASN", "peer_asn", 0 },
	{ "Local ASN", "local_asn", 0 },
	{ "Limit", "route_limit", 0 },
	{ "Hold", "hold_time", 0 },
	{ "Keepalive", "keepalive", 0 },
	{ "Key", "auth_key_set", 0 },
	{ "Peers", "peers", 0 },
	{ "Description", "description", 0 },
};

enum cmd_status
cmd_show_bgp_groups(struct cmd_ctx *ctx)
{
	const struct object *only, *v, *g, *p;
	struct table t;
	size_t peers;

	if (lookup_filter(ctx, A_VBR, OBJ_VBR, &only) != CMD_OK)
		return CMD_FAILED;
	table_init(&t, "groups", group_cols, NCOLS(group_cols));
	t.empty = "No BGP group is configured.";
	for (v = only ? only : engine_first(ctx->engine, OBJ_VBR, NULL);
	    v != NULL; v = only ? NULL : engine_next(v))
		for (g = engine_first(ctx->engine, OBJ_BGP_GROUP, v); g != NULL;
		    g = engine_next(g)) {
			const struct bgp_group_config *c = &g->cfg.group;

			peers = 0;
			for (p = engine_first(ctx->engine, OBJ_BGP_PEER, v);
			    p != NULL; p = engine_next(p))
				peers += strcmp(p->cfg.peer.group, g->name) == 0;
			table_row(&t);
			table_text(&t, 0, "%s", v->name);
			table_text(&t, 1, "%s", g->name);
			table_text(&t, 2, "%s", c->family == AF_INET6 ? "ipv6" :
			    "ipv4");
			if (c->peer_asn != 0)
				table_number(&t, 3, c->peer_asn);
			table_number(&t, 4, c->local_asn);
			table_number(&t, 5, c->route_limit);
			table_number(&t, 6, c->hold_time);
			table_number(&t, 7, c->keepalive);
			table_bool(&t, 8, c->auth_key[0] != '\0');
			table_number(&t, 9, (int64_t)peers);
			table_text(&t, 10, "%s", c->description);
		}
	cmd_emit_table(ctx, &t);
	table_free(&t);
	return CMD_OK;
}

/*
 * Every configured BGP session of the cloud side, VBR peers then the
 * tunnels of BGP connections, with what runs for it (sp NULL: nothing
 * runs, as for a peer shut down): what `show bgp peers` and `show bgp
 * summary` both list.
 */
struct session_line {
	const char		*vbr, *group;	/* a VBR peer's */
	const char		*conn;		/* a tunnel's */
	int			 tunnel;
	bool			 has_ip;
	struct ipaddr		 peer_ip;
	uint32_t		 peer_asn;	/* 0: not known */
	uint32_t		 local_asn;
	bool			 bfd;
	bool			 shutdown;
	const struct speaker	*sp;
};

typedef void (*session_visit)(struct cmd_ctx *, const struct session_line *,
    void *);

static void
vbr_sessions(struct cmd_ctx *ctx, const struct object *v, session_visit fn,
    void *arg)
{
	const struct object *p, *g;
	struct session_line l;

	for (p = engine_first(ctx->engine, OBJ_BGP_PEER, v); p != NULL;
	    p = engine_next(p)) {
		struct obj_ref vref = { OBJ_VBR, v->name, NULL };
		struct obj_ref gref = { OBJ_BGP_GROUP, p->cfg.peer.group,
		    &vref };

		g = p->cfg.peer.group[0] ? engine_find(ctx->engine, &gref) :
		    NULL;
		memset(&l, 0, sizeof(l));
		l.vbr = v->name;
		l.group = g != NULL ? g->name : NULL;
		l.has_ip = true;
		l.peer_ip = p->addr;
		l.peer_asn = g != NULL ? g->cfg.group.peer_asn : 0;
		l.local_asn = g != NULL ? g->cfg.group.local_asn : 0;
		l.bfd = p->cfg.peer.bfd;
		l.shutdown = p->cfg.peer.shutdown;
		l.sp = bgp_speaker_vbr_peer(ctx->engine, v->name, &p->addr);
		fn(ctx, &l, arg);
	}
}

/* The data-center end of a tunnel's /30: the host that is not ours. */
static bool
tunnel_peer_ip(const struct vpn_tunnel_config *c, struct ipaddr *peer)
{
	uint32_t net, ours;

	if (!c->has_cidr || !c->has_local_bgp_ip)
		return false;
	net = ntohl(c->cidr.addr.v4.s_addr);
	ours = ntohl(c->local_bgp_ip.v4.s_addr);
	*peer = c->local_bgp_ip;
	peer->v4.s_addr = htonl(ours == (net | 1u) ? net | 2u : net | 1u);
	return true;
}

static void
tunnel_sessions(struct cmd_ctx *ctx, const struct object *c, session_visit fn,
    void *arg)
{
	const struct object *tun, *cgw;
	struct session_line l;

	for (tun = engine_first(ctx->engine, OBJ_VPN_TUNNEL, c); tun != NULL;
	    tun = engine_next(tun)) {
		struct obj_ref cref = { OBJ_CUSTOMER_GATEWAY,
		    tun->cfg.tunnel.customer_gateway, NULL };

		cgw = tun->cfg.tunnel.customer_gateway[0] ?
		    engine_find(ctx->engine, &cref) : NULL;
		memset(&l, 0, sizeof(l));
		l.conn = c->name;
		l.tunnel = atoi(tun->name);
		l.has_ip = tunnel_peer_ip(&tun->cfg.tunnel, &l.peer_ip);
		l.peer_asn = cgw != NULL ? cgw->cfg.cgw.asn : 0;
		l.local_asn = tun->cfg.tunnel.local_asn;
		l.shutdown = tun->cfg.tunnel.shutdown;
		l.sp = bgp_speaker_tunnel(ctx->engine, c->name, l.tunnel);
		fn(ctx, &l, arg);
	}
}

/* The sessions of one VBR, one connection, or all of them. */
static enum cmd_status
each_session(struct cmd_ctx *ctx, session_visit fn, void *arg)
{
	const struct object *vbr = NULL, *conn = NULL, *o;

	if (lookup_filter(ctx, A_VBR, OBJ_VBR, &vbr) != CMD_OK ||
	    lookup_filter(ctx, A_VPN_CONNECTION, OBJ_VPN_CONNECTION,
	    &conn) != CMD_OK)
		return CMD_FAILED;
	if (conn == NULL)
		for (o = vbr ? vbr : engine_first(ctx->engine, OBJ_VBR, NULL);
		    o != NULL; o = vbr ? NULL : engine_next(o))
			vbr_sessions(ctx, o, fn, arg);
	if (vbr == NULL)
		for (o = conn ? conn : engine_first(ctx->engine,
		    OBJ_VPN_CONNECTION, NULL); o != NULL;
		    o = conn ? NULL : engine_next(o))
			if (o->cfg.conn.bgp)
				tunnel_sessions(ctx, o, fn, arg);
	return CMD_OK;
}

static void
where_text(struct table *t, size_t col, const struct session_line *l)
{
	if (l->vbr != NULL)
		table_text(t, col, "vbr %s", l->vbr);
	else
		table_text(t, col, "vpn-connection %s tunnel %d", l->conn,
		    l->tunnel);
}

/*
 * Up for, or down for since it was last up (a session that no longer
 * runs, from the history kept of it); "never" (JSON: none).
 */
static void
up_down(struct cmd_ctx *ctx, struct table *t, size_t col,
    const struct session_line *l)
{
	const struct bgp_history *h;
	uint64_t ns;
	bool known;

	if (l->sp != NULL)
		known = bgp_session_up_down_ns(bgp_speaker_session(l->sp), &ns);
	else if ((h = bgp_speakers_retired(ctx->engine, l->vbr != NULL ?
	    SIDE_VBR_PEER : SIDE_TUNNEL, l->vbr != NULL ? l->vbr : l->conn,
	    l->vbr != NULL ? 0 : l->tunnel, l->has_ip ? &l->peer_ip :
	    NULL)) != NULL)
		known = bgp_history_down_ns(h, clock_wall_ns(
		    &ctx->shell->clock), &ns);
	else
		known = false;
	if (known)
		table_duration(t, col, (int64_t)(ns / NS_PER_SEC));
	else
		table_absent(t, col, "never");
}

/* show bgp peers: VBR peers, then the BGP sessions of VPN tunnels */

static const struct column peer_cols[] = {
	{ "Where", NULL, 0 },
	{ NULL, "vbr", COL_OMIT_NULL },
	{ NULL, "group", COL_OMIT_NULL },
	{ NULL, "vpn_connection", COL_OMIT_NULL },
	{ NULL, "tunnel", COL_OMIT_NULL },
	{ "Peer IP", "peer_ip", 0 },
	{ "Peer ASN", "peer_asn", 0 },
	{ "Local ASN", "local_asn", 0 },
	{ "State", "state", 0 },
	{ "BFD", "bfd", 0 },
	{ "Rcvd", "routes_received", 0 },
	{ "Dropped", "routes_dropped", 0 },
	{ "Sent", "routes_advertised", 0 },
	{ NULL, "uptime_s", 0 },
	{ "Up/Down", "up_down_s", 0 },
};

/* SPEC 5: disabled, down, init or up. */
static const char *
bfd_word(struct cmd_ctx *ctx, const struct speaker *sp, bool configured)
{
	const struct bfd_peer *p;

	if (!configured)
		return "disabled";
	if (sp == NULL || (p = bfd_peer_find(ctx->engine,
	    bgp_speaker_side(sp), bgp_speaker_owner(sp),
	    bgp_speaker_peer_ip(sp))) == NULL)
		return "down";
	switch (bfd_session_state(bfd_peer_session(p))) {
	case BFD_UP:
		return "up";
	case BFD_INIT:
		return "init";
	default:
		return "down";
	}
}

static void
peer_row(struct cmd_ctx *ctx, const struct session_line *l, void *arg)
{
	struct table *t = arg;
	const struct speaker *sp = l->sp;
	const struct bgp_session *s = sp != NULL ? bgp_speaker_session(sp) :
	    NULL;
	char a[NETADDR_STRLEN];

	table_row(t);
	where_text(t, 0, l);
	if (l->vbr != NULL) {
		table_text(t, 1, "%s", l->vbr);
		if (l->group != NULL)
			table_text(t, 2, "%s", l->group);
	} else {
		table_text(t, 3, "%s", l->conn);
		table_number(t, 4, l->tunnel);
	}
	if (l->has_ip)
		table_text(t, 5, "%s", fmt_ip(&l->peer_ip, a, sizeof(a)));
	if (l->peer_asn != 0)
		table_number(t, 6, l->peer_asn);
	if (l->vbr == NULL || l->group != NULL)
		table_number(t, 7, l->local_asn);
	table_text(t, 8, "%s", bgp_state_names[s != NULL ?
	    bgp_session_state(s) : BGP_IDLE]);
	table_text(t, 9, "%s", bfd_word(ctx, sp, l->bfd));
	table_number(t, 10, sp != NULL ? (int64_t)bgp_speaker_routes_in(sp) : 0);
	table_number(t, 11, sp != NULL ?
	    (int64_t)bgp_speaker_routes_dropped(sp) : 0);
	table_number(t, 12, sp != NULL ? (int64_t)bgp_speaker_routes_out(sp) :
	    0);
	/* a session that is not up has no uptime: null, not 0 */
	if (s != NULL && bgp_session_state(s) == BGP_ESTABLISHED)
		table_number(t, 13,
		    (int64_t)(bgp_session_uptime_ns(s) / NS_PER_SEC));
	else
		table_absent(t, 13, "-");
	up_down(ctx, t, 14, l);
}

/* A table of a row per session. */
static enum cmd_status
show_sessions(struct cmd_ctx *ctx, const char *key, const struct column *cols,
    size_t ncols, const char *empty, session_visit row)
{
	struct table t;
	enum cmd_status st;

	table_init(&t, key, cols, ncols);
	t.empty = empty;
	if ((st = each_session(ctx, row, &t)) == CMD_OK)
		cmd_emit_table(ctx, &t);
	table_free(&t);
	return st;
}

enum cmd_status
cmd_show_bgp_peers(struct cmd_ctx *ctx)
{
	return show_sessions(ctx, "peers", peer_cols, NCOLS(peer_cols),
	    "No BGP peer is configured.", peer_row);
}

/*
 * show bgp summary [vbr NAME|vpn-connection NAME], as FRR prints it: a
 * line per session, State/PfxRcd the prefixes when Established, else the
 * state.
 */

static const struct column summary_cols[] = {
	{ "Neighbor", "peer_ip", 0 },
	{ "Where", "where", 0 },
	{ "AS", "peer_asn", 0 },
	{ "MsgRcvd", "msgs_received", 0 },
	{ "MsgSent", "msgs_sent", 0 },
	{ "Up/Down", "up_down_s", 0 },
	{ "State/PfxRcd", NULL, 0 },
	{ NULL, "state", 0 },
	{ NULL, "prefixes_received", 0 },
	{ NULL, "prefixes_dropped", 0 },
};

static uint64_t
total(const uint64_t *by_type)
{
	uint64_t n = 0;
	size_t i;

	for (i = 1; i < 6; i++)
		n += by_type[i];
	return n;
}

static void
summary_row(struct cmd_ctx *ctx, const struct session_line *l, void *arg)
{
	struct table *t = arg;
	const struct bgp_session *s = l->sp != NULL ?
	    bgp_speaker_session(l->sp) : NULL;
	enum bgp_state st = s != NULL ? bgp_session_state(s) : BGP_IDLE;
	const struct bgp_counters *k = s != NULL ? bgp_session_counters(s) :
	    NULL;
	size_t in = l->sp != NULL ? bgp_speaker_routes_in(l->sp) : 0;
	char a[NETADDR_STRLEN];

	table_row(t);
	if (l->has_ip)
		table_text(t, 0, "%s", fmt_ip(&l->peer_ip, a, sizeof(a)));
	where_text(t, 1, l);
	if (l->peer_asn != 0)
		table_number(t, 2, l->peer_asn);
	table_number(t, 3, k != NULL ? (int64_t)total(k->in) : 0);
	table_number(t, 4, k != NULL ? (int64_t)total(k->out) : 0);
	up_down(ctx, t, 5, l);
	if (st == BGP_ESTABLISHED)
		table_number(t, 6, (int64_t)in);
	else
		table_text(t, 6, "%s%s", bgp_state_names[st], l->shutdown ?
		    " (Admin)" : "");
	table_text(t, 7, "%s", bgp_state_names[st]);
	table_number(t, 8, (int64_t)in);
	table_number(t, 9, l->sp != NULL ?
	    (int64_t)bgp_speaker_routes_dropped(l->sp) : 0);
}

enum cmd_status
cmd_show_bgp_summary(struct cmd_ctx *ctx)
{
	return show_sessions(ctx, "sessions", summary_cols,
	    NCOLS(summary_cols), "No BGP session is configured.", summary_row);
}

/* show ecr */

static const struct column ecr_cols[] = {
	{ "Name", "name", 0 },
	{ "ASN", "asn", 0 },
	{ "VBRs", "vbrs", 0 },
	{ "Transit router", "transit_router", 0 },
	{ "Description", "description", 0 },
};

enum cmd_status
cmd_show_ecr(struct cmd_ctx *ctx)
{
	const struct object *only, *o, *v;
	struct table t;

	if (lookup_filter(ctx, A_ECR, OBJ_ECR, &only) != CMD_OK)
		return CMD_FAILED;
	table_init(&t, "ecrs", ecr_cols, NCOLS(ecr_cols));
	t.empty = "No ECR is configured.";
	for (o = only ? only : engine_first(ctx->engine, OBJ_ECR, NULL);
	    o != NULL; o = only ? NULL : engine_next(o)) {
		table_row(&t);
		table_text(&t, 0, "%s", o->name);
		if (o->cfg.ecr.asn != 0)
			table_number(&t, 1, o->cfg.ecr.asn);
		table_list_start(&t, 2);
		for (v = engine_first(ctx->engine, OBJ_VBR, NULL); v != NULL;
		    v = engine_next(v))
			if (strcmp(v->cfg.vbr.ecr, o->name) == 0)
				table_list_add(&t, 2, "%s", v->name);
		if (o->cfg.ecr.transit_router[0] != '\0')
			table_text(&t, 3, "%s", o->cfg.ecr.transit_router);
		table_text(&t, 4, "%s", o->cfg.ecr.description);
	}
	cmd_emit_table(ctx, &t);
	table_free(&t);
	return CMD_OK;
}

/* show vpn-connection: a row per tunnel */

static const struct column conn_cols[] = {
	{ "Connection", "name", 0 },
	{ "Attached to", "attached_to", 0 },
	{ "Routing", "routing", 0 },
	{ NULL, "routes", 0 },
	{ "Tunnel", "tunnel", 0 },
	{ "Customer gw", "customer_gateway", 0 },
	{ "Tunnel CIDR", "tunnel_cidr", 0 },
	{ "Local BGP IP", "local_bgp_ip", 0 },
	{ "Local ASN", "local_asn", 0 },
	{ "Admin", "admin", 0 },
};

static void
conn_row_head(struct table *t, const struct object *c)
{
	const struct vpn_connection_config *cc = &c->cfg.conn;
	char a[NETADDR_STRLEN];
	size_t i;

	table_row(t);
	table_text(t, 0, "%s", c->name);
	if (cc->attach != ATTACH_NONE)
		table_text(t, 1, "%s %s", cc->attach == ATTACH_VPN_GATEWAY ?
		    "vpn-gateway" : "transit-router", cc->attached_to);
	table_text(t, 2, "%s", cc->bgp ? "bgp" : cc->routes.n ?
	    "destination" : "none");
	table_list_start(t, 3);
	for (i = 0; i < cc->routes.n; i++)
		table_list_add(t, 3, "%s", prefix_format(&cc->routes.v[i], a,
		    sizeof(a)));
}

enum cmd_status
cmd_show_vpn_connection(struct cmd_ctx *ctx)
{
	const struct object *only, *o, *tun;
	char a[NETADDR_STRLEN];
	struct table t;

	if (lookup_filter(ctx, A_VPN_CONNECTION, OBJ_VPN_CONNECTION,
	    &only) != CMD_OK)
		return CMD_FAILED;
	table_init(&t, "vpn_connections", conn_cols, NCOLS(conn_cols));
	t.empty = "No VPN connection is configured.";
	for (o = only ? only : engine_first(ctx->engine, OBJ_VPN_CONNECTION,
	    NULL); o != NULL; o = only ? NULL : engine_next(o)) {
		tun = engine_first(ctx->engine, OBJ_VPN_TUNNEL, o);
		if (tun == NULL)
			conn_row_head(&t, o);
		for (; tun != NULL; tun = engine_next(tun)) {
			const struct vpn_tunnel_config *c = &tun->cfg.tunnel;

			conn_row_head(&t, o);
			table_number(&t, 4, atoi(tun->name));
			if (c->customer_gateway[0] != '\0')
				table_text(&t, 5, "%s", c->customer_gateway);
			if (c->has_cidr)
				table_text(&t, 6, "%s", prefix_format(&c->cidr,
				    a, sizeof(a)));
			if (c->has_local_bgp_ip)
				table_text(&t, 7, "%s", fmt_ip(&c->local_bgp_ip,
				    a, sizeof(a)));
			table_number(&t, 8, c->local_asn);
			table_text(&t, 9, "%s", c->shutdown ? "down" : "up");
		}
	}
	cmd_emit_table(ctx, &t);
	table_free(&t);
	return CMD_OK;
}

/* show cpe */

static const struct column cpe_cols[] = {
	{ "Name", "name", 0 },
	{ "ASN", "asn", 0 },
	{ "Address", "address", 0 },
	{ "Connected to", "connected_to", 0 },
	{ "Peer ASN", "peer_asn", 0 },
	{ "Networks", "networks", 0 },
	{ "BFD", NULL, 0 },
	{ NULL, "bfd", 0 },
	{ NULL, "bfd_interval_ms", 0 },
	{ NULL, "bfd_multiplier", 0 },
	{ "BGP", "bgp", 0 },
	{ "Link", "link", 0 },
	{ "Session", "state", 0 },
};

enum cmd_status
cmd_show_cpe(struct cmd_ctx *ctx)
{
	const struct object *only, *o;
	const struct speaker *sp;
	char a[NETADDR_STRLEN];
	struct table t;
	const struct cpe_network *n;
	struct strbuf path;
	size_t i, k;

	if (lookup_filter(ctx, A_NAME, OBJ_CPE, &only) != CMD_OK)
		return CMD_FAILED;
	table_init(&t, "cpes", cpe_cols, NCOLS(cpe_cols));
	t.empty = "No CPE is configured.";
	for (o = only ? only : engine_first(ctx->engine, OBJ_CPE, NULL);
	    o != NULL; o = only ? NULL : engine_next(o)) {
		const struct cpe_config *c = &o->cfg.cpe;

		table_row(&t);
		table_text(&t, 0, "%s", o->name);
		if (c->asn != 0)
			table_number(&t, 1, c->asn);
		if (c->has_address)
			table_text(&t, 2, "%s", fmt_ip(&c->address, a,
			    sizeof(a)));
		if (c->link == CPE_LINK_VBR)
			table_text(&t, 3, "vbr %s", c->link_to);
		else if (c->link == CPE_LINK_VPN)
			table_text(&t, 3, "vpn-connection %s tunnel %u",
			    c->link_to, c->link_tunnel);
		if (c->peer_asn != 0)
			table_number(&t, 4, c->peer_asn);
		table_list_start(&t, 5);
		for (i = 0; (n = cpe_networks_at(c->networks, i)) != NULL;
		    i++) {
			strbuf_init(&path);
			strbuf_puts(&path, prefix_format(&n->prefix, a,
			    sizeof(a)));
			for (k = 0; k < n->as_path_len; k++)
				strbuf_printf(&path, " %u", n->as_path[k]);
			table_list_add(&t, 5, "%s", path.s);
			strbuf_free(&path);
		}
		if (c->bfd)
			table_text(&t, 6, "%ux%u", c->bfd_interval_ms,
			    c->bfd_multiplier);
		else
			table_text(&t, 6, "off");
		table_bool(&t, 7, c->bfd);
		table_number(&t, 8, c->bfd_interval_ms);
		table_number(&t, 9, c->bfd_multiplier);
		table_text(&t, 10, "%s", c->shutdown ? "shutdown" : "enabled");
		table_text(&t, 11, "%s", c->link_down ? "down" : "up");
		sp = bgp_speaker_cpe(ctx->engine, o->name);
		table_text(&t, 12, "%s", bgp_state_names[sp != NULL ?
		    bgp_session_state(bgp_speaker_session(sp)) : BGP_IDLE]);
	}
	cmd_emit_table(ctx, &t);
	table_free(&t);
	return CMD_OK;
}

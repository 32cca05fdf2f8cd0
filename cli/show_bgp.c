/*
 * show_bgp: BGP sessions in detail, the routes they carry, and the event
 * log.  Reads the engine's speakers; the session state and counters are
 * the FSM's own.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../core/routing/bgp_decision.h"
#include "../core/bgp/rib_held.h"
#include "../core/sessions/bgp_speakers.h"
#include "commands.h"
#include "event_text.h"
#include "shell.h"

#define NCOLS(cols)	(sizeof(cols) / sizeof((cols)[0]))

static const char *const origin_names[] = { "IGP", "EGP", "INCOMPLETE" };
static const char *const type_names[] = { "", "OPEN", "UPDATE",
	"NOTIFICATION", "KEEPALIVE", "ROUTE-REFRESH" };

/* The cloud-side speaker a command names, or an error. */
static const struct speaker *
pick_peer(struct cmd_ctx *ctx, const struct ipaddr *ip, const char *vbr)
{
	const struct speaker *sp, *found = NULL;
	size_t n = 0;

	for (sp = bgp_speaker_first(ctx->engine); sp != NULL;
	    sp = bgp_speaker_next(sp)) {
		if (bgp_speaker_side(sp) == SIDE_CPE ||
		    !ipaddr_equal(bgp_speaker_peer_ip(sp), ip))
			continue;
		if (vbr != NULL && (bgp_speaker_side(sp) != SIDE_VBR_PEER ||
		    strcmp(bgp_speaker_owner(sp), vbr) != 0))
			continue;
		found = sp;
		n++;
	}
	if (n > 1) {
		cmd_error(ctx, "%zu sessions have peer %s; name the vbr", n,
		    ctx->m->arg[A_IP].text);
		return NULL;
	}
	if (found == NULL)
		cmd_error(ctx, "no BGP session with peer %s (a peer needs a "
		    "group with a peer-asn, and is not shut down)",
		    ctx->m->arg[A_IP].text);
	return found;
}

/* show bgp peer IP [vbr NAME] */

static const struct column peer_cols[] = {
	{ "Peer", "peer_ip", 0 },
	{ "Where", "where", 0 },
	{ "State", "state", 0 },
	{ "Up/Down", "up_down_s", 0 },
	{ "Local AS", "local_asn", 0 },
	{ "Peer AS", "peer_asn", 0 },
	{ "Local BGP ID", "local_bgp_id", 0 },
	{ "Peer BGP ID", "peer_bgp_id", 0 },
	{ "Hold time", "hold_time", 0 },
	{ "Keepalive", "keepalive", 0 },
	{ "Offered", "hold_time_offered", 0 },
	{ "Capabilities", "peer_capabilities", 0 },
	{ "Received", "messages_received", 0 },
	{ "Sent", "messages_sent", 0 },
	{ "Routes in", "routes_received", 0 },
	{ "Routes out", "routes_advertised", 0 },
	{ "Withdrawn by error", "updates_treated_as_withdraw", 0 },
	{ "TCP MD5 drops", "md5_segments_dropped", 0 },
	{ "Last sent", "last_notification_sent", 0 },
	{ "Last received", "last_notification_received", 0 },
	{ "Last error", "last_error", 0 },
	{ NULL, "uptime_s", 0 },
	{ "Routes rejected", "routes_rejected", 0 },
};

static void
id_text(struct table *t, size_t col, uint32_t id)
{
	table_text(t, col, "%u.%u.%u.%u", id >> 24, (id >> 16) & 0xff,
	    (id >> 8) & 0xff, id & 0xff);
}

/* Counts by message type: "OPEN 1, UPDATE 3" in text, {"OPEN":1,...}. */
static void
messages(struct table *t, size_t col, const uint64_t *by_type)
{
	struct strbuf text, json;
	size_t i;

	strbuf_init(&text);
	strbuf_init(&json);
	strbuf_puts(&json, "{");
	for (i = 1; i < 6; i++) {
		strbuf_printf(&text, "%s%s %" PRIu64, i > 1 ? ", " : "",
		    type_names[i], by_type[i]);
		strbuf_printf(&json, "%s\"%s\":%" PRIu64, i > 1 ? "," : "",
		    type_names[i], by_type[i]);
	}
	strbuf_puts(&json, "}");
	table_object(t, col, text.s, json.s);
	strbuf_free(&text);
	strbuf_free(&json);
}

/* 2/2 and what it says in text; in JSON the numbers, their RFC names. */
static void
notification(struct table *t, size_t col, const struct bgp_last_notification *n)
{
	char name[96], text[256];
	struct strbuf json;

	if (!n->valid)
		return;
	snprintf(text, sizeof(text), "%u/%u%s%s", n->code, n->subcode,
	    n->why[0] ? " " : "", n->why);
	strbuf_init(&json);
	strbuf_printf(&json, "{\"code\":%u,\"subcode\":%u,\"name\":",
	    n->code, n->subcode);
	strbuf_json_string(&json, bgp_notification_name(n->code, n->subcode,
	    name, sizeof(name)));
	strbuf_puts(&json, ",\"detail\":");
	strbuf_json_string(&json, n->why);
	strbuf_puts(&json, "}");
	table_object(t, col, text, json.s);
	strbuf_free(&json);
}

/* show bgp peer IP [vbr NAME] history */

static const struct column history_cols[] = {
	{ "Time", "time", 0 },
	{ "From", "from", 0 },
	{ "To", "to", 0 },
	{ "Cause", "cause", 0 },
};

static enum cmd_status
show_history(struct cmd_ctx *ctx, const struct speaker *sp)
{
	const struct bgp_history *h = bgp_session_history(
	    bgp_speaker_session(sp));
	const struct bgp_transition *tr;
	char when[64], cause[256];
	struct table t;
	size_t i;

	table_init(&t, "history", history_cols, NCOLS(history_cols));
	t.empty = "No state change yet.";
	for (i = 0; (tr = bgp_history_at(h, i)) != NULL; i++) {
		wall_time(tr->wall_ns, when, sizeof(when));
		table_row(&t);
		table_text(&t, 0, "%s", when);
		table_text(&t, 1, "%s", bgp_state_names[tr->from]);
		table_text(&t, 2, "%s", bgp_state_names[tr->to]);
		table_text(&t, 3, "%s", bgp_transition_cause(tr, cause,
		    sizeof(cause)));
	}
	cmd_emit_table(ctx, &t);
	table_free(&t);
	return CMD_OK;
}

enum cmd_status
cmd_show_bgp_peer(struct cmd_ctx *ctx)
{
	const struct gram_match *m = ctx->m;
	const struct speaker *sp;
	const struct bgp_session *s;
	const struct bgp_session_config *c;
	const struct bgp_open *o;
	const struct bgp_counters *k;
	char ip[NETADDR_STRLEN];
	struct table t;
	uint64_t ns;

	sp = pick_peer(ctx, &m->arg[A_IP].ip, gram_has(m, A_VBR) ?
	    m->arg[A_VBR].text : NULL);
	if (sp == NULL)
		return CMD_FAILED;
	if (m->arg[A_CHOICE].number == CH_HISTORY)
		return show_history(ctx, sp);
	s = bgp_speaker_session(sp);
	c = bgp_speaker_config(sp);
	o = bgp_session_peer_open(s);
	k = bgp_session_counters(s);
	table_init(&t, NULL, peer_cols, NCOLS(peer_cols));
	table_row(&t);
	table_text(&t, 0, "%s", ipaddr_format(bgp_speaker_peer_ip(sp), ip,
	    sizeof(ip)));
	if (bgp_speaker_side(sp) == SIDE_VBR_PEER)
		table_text(&t, 1, "vbr %s", bgp_speaker_owner(sp));
	else
		table_text(&t, 1, "vpn-connection %s tunnel %d",
		    bgp_speaker_owner(sp), bgp_speaker_tunnel_no(sp));
	table_text(&t, 2, "%s", bgp_state_names[bgp_session_state(s)]);
	if (bgp_session_up_down_ns(s, &ns))
		table_duration(&t, 3, (int64_t)(ns / NS_PER_SEC));
	else
		table_absent(&t, 3, "never");
	/* a session that is not up has no uptime: null, not 0 */
	if (bgp_session_state(s) == BGP_ESTABLISHED)
		table_number(&t, 21,
		    (int64_t)(bgp_session_uptime_ns(s) / NS_PER_SEC));
	else
		table_absent(&t, 21, "-");
	table_number(&t, 4, c->local_as);
	table_number(&t, 5, bgp_session_state(s) >= BGP_OPENCONFIRM ? o->as :
	    c->peer_as);
	id_text(&t, 6, c->bgp_id);
	if (bgp_session_state(s) >= BGP_OPENCONFIRM) {
		id_text(&t, 7, o->bgp_id);
		table_number(&t, 8, bgp_session_hold_time(s));
		table_number(&t, 9, bgp_session_keepalive(s));
		table_list_start(&t, 11);
		if (o->cap_mp_ipv4)
			table_list_add(&t, 11, "ipv4-unicast");
		if (o->cap_mp_ipv6)
			table_list_add(&t, 11, "ipv6-unicast");
		if (o->cap_as4)
			table_list_add(&t, 11, "4-octet-as");
		if (o->cap_route_refresh)
			table_list_add(&t, 11, "route-refresh");
	}
	table_number(&t, 10, c->hold_time);
	messages(&t, 12, k->in);
	messages(&t, 13, k->out);
	table_number(&t, 14, (int64_t)bgp_speaker_routes_in(sp));
	table_number(&t, 15, (int64_t)bgp_speaker_routes_out(sp));
	table_number(&t, 16, (int64_t)k->updates_withdrawn_by_error);
	/* refused on arrival: an AS_PATH holding the local AS */
	table_number(&t, 22, (int64_t)bgp_speaker_routes_rejected(sp));
	table_number(&t, 17, (int64_t)bgp_speaker_md5_dropped(sp));
	notification(&t, 18, bgp_session_last_sent(s));
	notification(&t, 19, bgp_session_last_received(s));
	if (bgp_session_last_error(s)[0] != '\0')
		table_text(&t, 20, "%s", bgp_session_last_error(s));
	else if (!bgp_speaker_has_transport(sp))
		table_text(&t, 20, "%s", bgp_speaker_tcp(sp) ?
		    "no CPE on this circuit, and no bgp listen address of the "
		    "peer's family to reach a router from" :
		    "no CPE is wired to this peer");
	cmd_emit_table(ctx, &t);
	table_free(&t);
	return CMD_OK;
}

/* show bgp routes vbr|vpn-connection NAME [peer IP] [received|advertised] */

static const struct column route_cols[] = {
	{ "", NULL, 0 },
	{ "Prefix", "prefix", 0 },
	{ "Next hop", "next_hop", 0 },
	{ "Peer", "peer_ip", 0 },
	{ "AS path", "as_path", 0 },
	{ "Origin", "origin", 0 },
	{ "MED", "med", 0 },
	{ NULL, "best", 0 },
	{ "Status", "status", 0 },
	{ NULL, "reason", COL_OMIT_NULL },
};

enum { PATHS_MAX = 64 };

/*
 * A received route is installed, or dropped: past the peer's route limit
 * (R5, V1), held aside until there is room.
 */
struct route_row {
	struct rib_route	 r;
	const struct speaker	*sp;
	uint32_t		 peer_id;
	bool			 best;
	const char		*status;
	int			 removed_at;	/* enum bgp_step, or past
						   them all: shares (E1) */
};

static bool
installed(const struct route_row *row)
{
	return strcmp(row->status, "installed") == 0;
}

/*
 * Within one prefix: the installed paths before the dropped or rejected, the best
 * first, then the others the later the decision removed them (those that
 * share, E1, first), then by peer address: a total order, so the rows
 * come the same whatever order the peers were made in.
 */
static int
route_order(const void *pa, const void *pb)
{
	const struct route_row *x = pa, *y = pb;

	if (installed(x) != installed(y))
		return installed(x) ? -1 : 1;
	if (x->best != y->best)
		return x->best ? -1 : 1;
	if (x->removed_at != y->removed_at)
		return x->removed_at > y->removed_at ? -1 : 1;
	return ipaddr_compare(bgp_speaker_peer_ip(x->sp),
	    bgp_speaker_peer_ip(y->sp));
}

/* The decision (bgp_decide) over the installed paths of one prefix. */
static void
decide_rows(struct route_row *row, size_t n)
{
	struct bgp_path paths[PATHS_MAX];
	struct bgp_verdict v[PATHS_MAX];
	size_t at[PATHS_MAX], i, m = 0;

	for (i = 0; i < n; i++)
		if (installed(&row[i])) {
			at[m] = i;
			paths[m++] = bgp_path_of(row[i].sp, row[i].r.attrs);
		}
	if (m == 0)
		return;
	bgp_decide(paths, m, v);
	for (i = 0; i < m; i++) {
		row[at[i]].best = v[i].best;
		row[at[i]].removed_at = v[i].shares ? BGP_STEP_COUNT :
		    (int)v[i].step;
	}
}

/* One row's cells. */
static void
route_cells_of(struct table *t, const struct route_row *row, bool advertised)
{
	const struct rib_route *r = &row->r;
	char a[NETADDR_STRLEN];
	size_t k;

	table_row(t);
	/* a refused path is no valid one: no * */
	table_text(t, 0, "%s", row->best ? "*>" : advertised ||
	    strcmp(row->status, "rejected") == 0 ? "" : "*");
	table_text(t, 1, "%s", prefix_format(&r->prefix, a, sizeof(a)));
	table_text(t, 2, "%s", ipaddr_format(&r->attrs->next_hop, a,
	    sizeof(a)));
	table_text(t, 3, "%s", ipaddr_format(bgp_speaker_peer_ip(row->sp), a,
	    sizeof(a)));
	table_list_start(t, 4);
	for (k = 0; k < r->attrs->as_path_len; k++)
		table_list_number(t, 4, r->attrs->as_path[k]);
	table_text(t, 5, "%s", origin_names[r->attrs->origin < 3 ?
	    r->attrs->origin : 2]);
	if (r->attrs->has_med)
		table_number(t, 6, r->attrs->med);
	table_bool(t, 7, row->best);
	if (strcmp(row->status, "rejected") == 0) {
		char why[80];

		snprintf(why, sizeof(why), "AS_PATH holds the local AS %u "
		    "(RFC 4271 9.1.2)", bgp_speaker_local_as(row->sp));
		table_object(t, 8, "rejected: AS_PATH holds the local AS",
		    "\"rejected\"");
		table_text(t, 9, "%s", why);
	} else {
		table_text(t, 8, "%s", row->status);
	}
}

/*
 * show bgp routes in slices (SPEC 10): prefix after prefix in order, the
 * paths of every peer of the VBR or connection at each (installed, then
 * dropped), the best first; the next slice goes on after the last prefix
 * shown, with the Adj-RIBs as they are then.
 */

struct bgp_routes_show {
	struct cmd_job		 job;
	struct engine		*engine;
	struct evloop		*loop;
	enum speaker_side	 side;
	obj_name		 owner;
	bool			 one_peer;
	struct ipaddr		 peer;
	bool			 advertised;
	struct table		 t;
	bool			 json, begun;
	unsigned		 pass;
	bool			 walked;
	struct prefix		 last;
	struct route_row	 row[PATHS_MAX];
};

static bool
of_owner(const struct bgp_routes_show *rs, const struct speaker *sp)
{
	return bgp_speaker_side(sp) == rs->side &&
	    strcmp(bgp_speaker_owner(sp), rs->owner) == 0;
}

static bool
shows(const struct bgp_routes_show *rs, const struct speaker *sp)
{
	return of_owner(rs, sp) && (!rs->one_peer ||
	    ipaddr_equal(bgp_speaker_peer_ip(sp), &rs->peer));
}

/* The least prefix past after that a peer shown holds. */
static bool
next_of(const struct bgp_routes_show *rs, const struct prefix *after,
    struct prefix *p)
{
	const struct speaker *sp;
	const struct rib_route *r;
	const struct held_route *h;
	bool found = false;

	for (sp = bgp_speaker_first(rs->engine); sp != NULL;
	    sp = bgp_speaker_next(sp)) {
		if (!shows(rs, sp))
			continue;
		r = rs->advertised ? bgp_speaker_out_after(sp, after) :
		    bgp_speaker_in_after(sp, after);
		if (r != NULL && (!found || prefix_compare(&r->prefix, p) < 0)) {
			*p = r->prefix;
			found = true;
		}
		h = rs->advertised ? NULL : bgp_speaker_dropped_after(sp, after);
		if (h != NULL && (!found || prefix_compare(&h->prefix, p) < 0)) {
			*p = h->prefix;
			found = true;
		}
		h = rs->advertised ? NULL : bgp_speaker_rejected_after(sp,
		    after);
		if (h != NULL && (!found || prefix_compare(&h->prefix, p) < 0)) {
			*p = h->prefix;
			found = true;
		}
	}
	return found;
}

/* Every path of p, the best first, as rows. */
static void
paths_of(struct bgp_routes_show *rs, const struct prefix *p)
{
	const struct speaker *sp;
	const struct rib_route *r;
	const struct rib_attrs *held;
	size_t n = 0, i;

	/* every peer of the owner takes part in the decision, even when
	 * one is shown: its path is best only if it beats the others */
	for (sp = bgp_speaker_first(rs->engine); sp != NULL && n < PATHS_MAX;
	    sp = bgp_speaker_next(sp)) {
		if (!of_owner(rs, sp) || (rs->advertised && !shows(rs, sp)))
			continue;
		r = rs->advertised ? bgp_speaker_out_find(sp, p) :
		    bgp_speaker_in_find(sp, p);
		if (r != NULL)
			rs->row[n++] = (struct route_row){ *r, sp,
			    bgp_speaker_peer_id(sp), false, rs->advertised ?
			    "advertised" : "installed", 0 };
		if (!rs->advertised && n < PATHS_MAX &&
		    (held = bgp_speaker_dropped_find(sp, p)) != NULL)
			rs->row[n++] = (struct route_row){ { *p, held, sp },
			    sp, bgp_speaker_peer_id(sp), false, "dropped", 0 };
		if (!rs->advertised && n < PATHS_MAX &&
		    (held = bgp_speaker_rejected_find(sp, p)) != NULL)
			rs->row[n++] = (struct route_row){ { *p, held, sp },
			    sp, bgp_speaker_peer_id(sp), false, "rejected", 0 };
	}
	if (!rs->advertised)
		decide_rows(rs->row, n);
	if (n > 1)
		qsort(rs->row, n, sizeof(rs->row[0]), route_order);
	for (i = 0; i < n; i++)
		if (shows(rs, rs->row[i].sp))
			route_cells_of(&rs->t, &rs->row[i], rs->advertised);
}

static bool
routes_some(struct table *t, void *arg)
{
	struct bgp_routes_show *rs = arg;
	struct prefix p;

	if (rs->pass != t->pass) {
		rs->pass = t->pass;
		rs->walked = false;
	}
	while (next_of(rs, rs->walked ? &rs->last : NULL, &p)) {
		paths_of(rs, &p);
		rs->last = p;
		rs->walked = true;
		if (evloop_yield(rs->loop))
			return true;
	}
	return false;
}

static bool
routes_step(struct cmd_job *job, struct strbuf *out)
{
	struct bgp_routes_show *rs = (struct bgp_routes_show *)job;

	evloop_label(rs->loop, "show bgp routes %s", rs->owner);
	if (!rs->begun) {
		render_stream_begin(&rs->t, rs->json, out);
		rs->begun = true;
	}
	return render_stream_step(&rs->t, routes_some, rs);
}

static void
routes_done(struct cmd_job *job)
{
	struct bgp_routes_show *rs = (struct bgp_routes_show *)job;

	render_stream_end(&rs->t);
	table_free(&rs->t);
	free(rs);
}

enum cmd_status
cmd_show_bgp_routes(struct cmd_ctx *ctx)
{
	const struct gram_match *m = ctx->m;
	struct obj_ref ref = { (enum obj_kind)m->arg[A_KIND].number,
	    m->arg[A_NAME].text, NULL };
	struct bgp_routes_show *rs;

	if (engine_find(ctx->engine, &ref) == NULL)
		return cmd_error(ctx, "%s %s does not exist",
		    engine_kind_word(ref.kind), ref.name);
	if ((rs = calloc(1, sizeof(*rs))) == NULL)
		return cmd_error(ctx, "out of memory");
	rs->job = (struct cmd_job){ routes_step, routes_done, CMD_OK };
	rs->engine = ctx->engine;
	rs->loop = ctx->shell->loop;
	rs->side = ref.kind == OBJ_VBR ? SIDE_VBR_PEER : SIDE_TUNNEL;
	snprintf(rs->owner, sizeof(rs->owner), "%s", ref.name);
	rs->one_peer = gram_has(m, A_IP);
	if (rs->one_peer)
		rs->peer = m->arg[A_IP].ip;
	rs->advertised = m->arg[A_CHOICE].number == CH_ADVERTISED;
	rs->json = m->json;
	table_init(&rs->t, "routes", route_cols, NCOLS(route_cols));
	rs->t.empty = "No route.";
	return ctx->host->start_job(ctx->session, &rs->job);
}

/* show events [last N] */

static const struct column event_cols[] = {
	{ "Time", "time", 0 },
	{ "Event", "name", 0 },
	{ "Resource", "resource", 0 },
	{ "Detail", "detail", 0 },
};

enum cmd_status
cmd_monitor_events(struct cmd_ctx *ctx)
{
	return ctx->host->start_monitor(ctx->session, ctx->out);
}

enum cmd_status
cmd_show_events(struct cmd_ctx *ctx)
{
	const struct event_log *log = engine_events(ctx->engine);
	size_t n = event_log_count(log), from = 0, i;
	const struct event *ev;
	struct table t;
	char when[64];

	if (gram_has(ctx->m, A_COUNT) &&
	    (size_t)ctx->m->arg[A_COUNT].number < n)
		from = n - (size_t)ctx->m->arg[A_COUNT].number;
	table_init(&t, "events", event_cols, NCOLS(event_cols));
	t.empty = "No event yet.";
	for (i = from; i < n; i++) {
		ev = event_log_get(log, i);
		wall_time(ev->wall_ns, when, sizeof(when));
		table_row(&t);
		table_text(&t, 0, "%s", when);
		table_text(&t, 1, "%s", ev->name);
		table_text(&t, 2, "%s", ev->resource);
		table_text(&t, 3, "%s", ev->detail);
	}
	cmd_emit_table(ctx, &t);
	table_free(&t);
	return CMD_OK;
}

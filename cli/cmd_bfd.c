/*
 * cmd_bfd: `show bfd sessions`, `wait bfd up|down` and `failure-drill`.
 * The sessions shown are the cloud side's, one per VBR peer with `bfd`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/sessions/bfd_speakers.h"
#include "../core/runtime/drills.h"
#include "../core/sessions/bgp_speakers.h"
#include "commands.h"
#include "event_text.h"

#define NCOLS(cols)	(sizeof(cols) / sizeof((cols)[0]))

static const struct column bfd_cols[] = {
	{ "VBR", "vbr", 0 },
	{ "Peer", "peer_ip", 0 },
	{ "Local", "local_ip", 0 },
	{ "State", "state", 0 },
	{ "Remote", "remote_state", 0 },
	{ "Hops", "hops", 0 },
	{ "Transport", "transport", 0 },
	{ "TX ms", "tx_interval_ms", 0 },
	{ "Detect ms", "detect_time_ms", 0 },
	{ "Diagnostic", "diagnostic", 0 },
	{ NULL, "detect_mult", 0 },
	{ NULL, "local_disc", 0 },
	{ NULL, "remote_disc", 0 },
	{ NULL, "packets_received", 0 },
	{ NULL, "packets_sent", 0 },
	{ NULL, "ttl_drops", 0 },
	{ NULL, "bad_packets", 0 },
	{ NULL, "up_count", 0 },
	{ NULL, "max_rx_gap_ms", 0 },
};

static void
bfd_row(struct table *t, const struct bfd_peer *p)
{
	const struct bfd_session *s = bfd_peer_session(p);
	const struct bfd_counters *k = bfd_session_counters(s);
	uint64_t detect = bfd_session_detect_time_us(s);
	char a[NETADDR_STRLEN];

	table_row(t);
	table_text(t, 0, "%s", bfd_peer_owner(p));
	table_text(t, 1, "%s", ipaddr_format(bfd_peer_ip(p), a, sizeof(a)));
	if (bfd_peer_local_ip(p)->family != 0)
		table_text(t, 2, "%s", ipaddr_format(bfd_peer_local_ip(p), a,
		    sizeof(a)));
	table_text(t, 3, "%s", bfd_state_names[bfd_session_state(s)]);
	if (bfd_session_remote_disc(s) != 0)
		table_text(t, 4, "%s",
		    bfd_state_names[bfd_session_remote_state(s)]);
	table_number(t, 5, bfd_peer_hops(p));
	table_text(t, 6, "%s", !bfd_peer_udp(p) ? "circuit" :
	    bfd_peer_hops(p) > 1 ? "udp multihop" : "udp single-hop");
	table_number(t, 7, (int64_t)(bfd_session_tx_interval_us(s) / 1000));
	if (detect != 0)
		table_number(t, 8, (int64_t)(detect / 1000));
	table_text(t, 9, "%s", bfd_diag_names[bfd_session_diag(s)]);
	table_number(t, 10, bfd_peer_timers(p)->detect_mult);
	table_number(t, 11, bfd_session_local_disc(s));
	table_number(t, 12, bfd_session_remote_disc(s));
	table_number(t, 13, (int64_t)k->rx);
	table_number(t, 14, (int64_t)k->tx);
	table_number(t, 15, (int64_t)bfd_peer_ttl_drops(p));
	table_number(t, 16, (int64_t)bfd_peer_bad_packets(p));
	table_number(t, 17, k->up_count);
	table_number(t, 18, (int64_t)(bfd_session_max_gap_ns(s) / NS_PER_MS));
}

enum cmd_status
cmd_show_bfd_sessions(struct cmd_ctx *ctx)
{
	const struct bfd_peer *p;
	struct table t;

	table_init(&t, "sessions", bfd_cols, NCOLS(bfd_cols));
	t.empty = "No BFD session (a VBR peer needs `bfd` and a running BGP "
	    "session).";
	for (p = bfd_peer_first(ctx->engine); p != NULL; p = bfd_peer_next(p))
		if (bfd_peer_side(p) == SIDE_VBR_PEER)
			bfd_row(&t, p);
	cmd_emit_table(ctx, &t);
	table_free(&t);
	return CMD_OK;
}

/* wait bfd up|down [peer IP] [timeout SECONDS] */

struct bfd_filter {
	bool		up;
	bool		has_peer;
	struct ipaddr	peer;
};

static bool
bfd_matches(const struct bfd_peer *p, const struct bfd_filter *f)
{
	return bfd_peer_side(p) == SIDE_VBR_PEER && (!f->has_peer ||
	    ipaddr_equal(bfd_peer_ip(p), &f->peer));
}

static enum cond
bfd_holds(const struct engine *e, const void *ctx, char *why, size_t len)
{
	const struct bfd_filter *f = ctx;
	const struct bfd_peer *p;
	enum bfd_state st;
	char ip[NETADDR_STRLEN];
	size_t n = 0;

	for (p = bfd_peer_first(e); p != NULL; p = bfd_peer_next(p)) {
		if (!bfd_matches(p, f))
			continue;
		n++;
		st = bfd_session_state(bfd_peer_session(p));
		if (f->up ? st != BFD_UP : st == BFD_UP || st == BFD_INIT) {
			snprintf(why, len, "vbr %s peer %s is %s",
			    bfd_peer_owner(p), ipaddr_format(bfd_peer_ip(p), ip,
			    sizeof(ip)), bfd_state_names[st]);
			return COND_NOT_YET;
		}
	}
	if (n == 0) {
		snprintf(why, len, "no BFD session matches");
		return COND_NOT_YET;
	}
	return COND_HOLDS;
}

enum cmd_status
cmd_wait_bfd(struct cmd_ctx *ctx)
{
	const struct gram_match *m = ctx->m;
	struct bfd_filter *f;
	const struct bfd_peer *p;
	size_t n = 0;

	if ((f = calloc(1, sizeof(*f))) == NULL)
		return cmd_error(ctx, "out of memory");
	f->up = m->arg[A_CHOICE].number == CH_UP;
	f->has_peer = gram_has(m, A_IP);
	f->peer = m->arg[A_IP].ip;
	for (p = bfd_peer_first(ctx->engine); p != NULL; p = bfd_peer_next(p))
		n += bfd_matches(p, f);
	if (n == 0) {
		free(f);
		return cmd_error(ctx, "wait: no BFD session matches (a VBR peer "
		    "needs `bfd` and a running BGP session)");
	}
	return ctx->host->start_wait(ctx->session, bfd_holds, f,
	    gram_has(m, A_SECONDS) ? (unsigned)m->arg[A_SECONDS].number :
	    WAIT_TIMEOUT_DEFAULT);
}

/* failure-drill start|stop vbr NAME */

enum cmd_status
cmd_failure_drill(struct cmd_ctx *ctx)
{
	struct engine_error err;

	const char *vbr = ctx->m->arg[A_VBR].text;
	unsigned duration = gram_has(ctx->m, A_SECONDS) ?
	    (unsigned)ctx->m->arg[A_SECONDS].number : 0;

	if ((ctx->m->arg[A_CHOICE].number == CH_START ?
	    drills_start(ctx->engine, vbr, duration, &err) :
	    drills_stop(ctx->engine, vbr, &err)) == -1)
		return cmd_engine_error(ctx, &err);
	return CMD_OK;
}

static const struct column drill_cols[] = {
	{ "VBR", "vbr", 0 },
	{ "Started", "started", 0 },
	{ "Stopped", "stopped", 0 },
	{ "BFD Down", "bfd_down_ms", 0 },
	{ "BGP Down", "bgp_down_ms", 0 },
	{ "ECMP shrink", "ecmp_shrink_ms", 0 },
	{ "ECR", "ecr", 0 },
	{ "BGP Up", "bgp_up_ms", 0 },
	{ "ECMP restored", "ecmp_restored_ms", 0 },
	{ "Flows moved", "flows_moved_pct", 0 },
};

static void
ms_cell(struct table *t, size_t col, int64_t ms)
{
	if (ms < 0)
		table_absent(t, col, "-");
	else
		table_number(t, col, ms);
}

/* show failure-drill [vbr NAME]: ms after the cut, then after the stop */
enum cmd_status
cmd_show_failure_drill(struct cmd_ctx *ctx)
{
	const char *only = gram_has(ctx->m, A_VBR) ?
	    ctx->m->arg[A_VBR].text : NULL;
	const struct drill_report *r;
	char when[40];
	struct table t;
	size_t i;

	table_init(&t, "drills", drill_cols, sizeof(drill_cols) /
	    sizeof(drill_cols[0]));
	t.empty = "No failure drill has run.";
	for (i = 0; (r = drills_report(ctx->engine, i)) != NULL; i++) {
		if (only != NULL && strcmp(r->vbr, only) != 0)
			continue;
		table_row(&t);
		table_text(&t, 0, "%s", r->vbr);
		wall_time(r->started_ns, when, sizeof(when));
		table_text(&t, 1, "%s", when);
		if (r->running) {
			table_absent(&t, 2, r->duration_s > 0 ? "running, "
			    "timed" : "running");
		} else {
			wall_time(r->stopped_ns, when, sizeof(when));
			table_text(&t, 2, "%s", when);
		}
		ms_cell(&t, 3, r->bfd_down_ms);
		ms_cell(&t, 4, r->bgp_down_ms);
		ms_cell(&t, 5, r->ecmp_shrink_ms);
		if (r->ecr[0] != '\0')
			table_text(&t, 6, "%s", r->ecr);
		else
			table_absent(&t, 6, "-");
		ms_cell(&t, 7, r->bgp_up_ms);
		ms_cell(&t, 8, r->ecmp_restored_ms);
		if (r->flows_moved_pct < 0)
			table_absent(&t, 9, "-");
		else {
			char text[16], json[16];

			snprintf(text, sizeof(text), "%.1f%%", r->flows_moved_pct);
			snprintf(json, sizeof(json), "%.1f", r->flows_moved_pct);
			table_object(&t, 9, text, json);
		}
	}
	cmd_emit_table(ctx, &t);
	table_free(&t);
	return CMD_OK;
}

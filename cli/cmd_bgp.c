/*
 * cmd_bgp: commands that act on BGP sessions: `wait bgp established|
 * converged` and `clear bgp peer`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "../core/sessions/bgp_speakers.h"

/* Which cloud-side sessions a command is about. */
struct bgp_filter {
	enum obj_kind	kind;		/* OBJ_NONE, OBJ_VBR, OBJ_VPN_CONNECTION */
	char		name[OBJ_NAME_MAX + 1];
	bool		has_peer;
	struct ipaddr	peer;
	bool		converged;
};

static bool
matches(const struct speaker *sp, const struct bgp_filter *f)
{
	enum speaker_side side = bgp_speaker_side(sp);

	if (side == SIDE_CPE)
		return false;
	if (f->kind == OBJ_VBR && (side != SIDE_VBR_PEER ||
	    strcmp(bgp_speaker_owner(sp), f->name) != 0))
		return false;
	if (f->kind == OBJ_VPN_CONNECTION && (side != SIDE_TUNNEL ||
	    strcmp(bgp_speaker_owner(sp), f->name) != 0))
		return false;
	return !f->has_peer || ipaddr_equal(bgp_speaker_peer_ip(sp), &f->peer);
}

static void
describe(const struct speaker *sp, char *buf, size_t len)
{
	char ip[NETADDR_STRLEN];

	ipaddr_format(bgp_speaker_peer_ip(sp), ip, sizeof(ip));
	if (bgp_speaker_side(sp) == SIDE_VBR_PEER)
		snprintf(buf, len, "vbr %s peer %s", bgp_speaker_owner(sp), ip);
	else
		snprintf(buf, len, "vpn-connection %s tunnel %d",
		    bgp_speaker_owner(sp), bgp_speaker_tunnel_no(sp));
}

static enum cond
all_up(const struct engine *e, const void *ctx, char *why, size_t len)
{
	const struct bgp_filter *f = ctx;
	const struct speaker *sp;
	enum bgp_state st;
	char who[OBJ_NAME_MAX * 2 + 40];
	size_t n = 0;

	for (sp = bgp_speaker_first(e); sp != NULL; sp = bgp_speaker_next(sp)) {
		if (!matches(sp, f))
			continue;
		n++;
		st = bgp_session_state(bgp_speaker_session(sp));
		describe(sp, who, sizeof(who));
		if (st != BGP_ESTABLISHED) {
			snprintf(why, len, "%s is %s", who, bgp_state_names[st]);
			return COND_NOT_YET;
		}
		if (f->converged && !bgp_speaker_quiet(sp)) {
			/* a keepalive, say: read next round, and no change */
			snprintf(why, len, "%s still has messages in flight",
			    who);
			return COND_IN_FLIGHT;
		}
	}
	if (n == 0) {
		snprintf(why, len, "no BGP session matches");
		return COND_NOT_YET;
	}
	if (f->converged && engine_changes_pending(e)) {
		snprintf(why, len, "routes are being recomputed");
		return COND_IN_FLIGHT;
	}
	return COND_HOLDS;
}

enum cmd_status
cmd_wait_bgp(struct cmd_ctx *ctx)
{
	const struct gram_match *m = ctx->m;
	struct bgp_filter *f = calloc(1, sizeof(*f));
	const struct speaker *sp;
	size_t n = 0;

	if (f == NULL)
		return cmd_error(ctx, "out of memory");
	if (gram_has(m, A_VBR)) {
		f->kind = OBJ_VBR;
		snprintf(f->name, sizeof(f->name), "%s", m->arg[A_VBR].text);
	} else if (gram_has(m, A_VPN_CONNECTION)) {
		f->kind = OBJ_VPN_CONNECTION;
		snprintf(f->name, sizeof(f->name), "%s",
		    m->arg[A_VPN_CONNECTION].text);
	}
	f->has_peer = gram_has(m, A_IP);
	f->peer = m->arg[A_IP].ip;
	f->converged = m->arg[A_CHOICE].number == CH_CONVERGED;
	for (sp = bgp_speaker_first(ctx->engine); sp != NULL;
	    sp = bgp_speaker_next(sp))
		n += matches(sp, f);
	if (n == 0) {
		free(f);
		return cmd_error(ctx, "wait: no BGP session matches (a peer "
		    "needs a group with a peer-asn, and is not shut down)");
	}
	return ctx->host->start_wait(ctx->session, all_up, f,
	    gram_has(m, A_SECONDS) ? (unsigned)m->arg[A_SECONDS].number :
	    WAIT_TIMEOUT_DEFAULT);
}

enum cmd_status
cmd_clear_bgp_peer(struct cmd_ctx *ctx)
{
	const struct gram_match *m = ctx->m;
	const struct speaker *sp, *found = NULL;
	struct bgp_filter f;
	size_t n = 0;

	memset(&f, 0, sizeof(f));
	f.has_peer = true;
	f.peer = m->arg[A_IP].ip;
	if (gram_has(m, A_VBR)) {
		f.kind = OBJ_VBR;
		snprintf(f.name, sizeof(f.name), "%s", m->arg[A_VBR].text);
	}
	for (sp = bgp_speaker_first(ctx->engine); sp != NULL;
	    sp = bgp_speaker_next(sp))
		if (matches(sp, &f)) {
			found = sp;
			n++;
		}
	if (n == 0)
		return cmd_error(ctx, "clear: no BGP session with peer %s",
		    m->arg[A_IP].text);
	if (n > 1)
		return cmd_error(ctx, "clear: %zu sessions have peer %s; name "
		    "the vbr", n, m->arg[A_IP].text);
	bgp_speaker_clear(found);
	return CMD_OK;
}

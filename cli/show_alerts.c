/*
 * show_alerts: `show alerts`, `show alert-rules` and `wait alerts` (SPEC
 * 9): what the alert rules sent, and where each notification stands.
 */
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "event_text.h"
#include "../core/alerts/alerts.h"
#include "../core/base/event_kinds.h"

static const struct column alert_cols[] = {
	{ "Time", "time", 0 },
	{ "Rule", "rule", 0 },
	{ "Level", "level", 0 },
	{ "Event", "event", 0 },
	{ "Resource", "resource", 0 },
	{ "Target", "target", 0 },
	{ "State", "state", 0 },
	{ "Tries", "tries", 0 },
	{ "Result", "result", 0 },
};

enum cmd_status
cmd_show_alerts(struct cmd_ctx *ctx)
{
	const struct alert_record *r;
	char when[40];
	struct table t;
	size_t i;

	table_init(&t, "alerts", alert_cols, sizeof(alert_cols) /
	    sizeof(alert_cols[0]));
	t.empty = "No alert rule has sent anything.";
	for (i = 0; (r = alerts_get(ctx->engine, i)) != NULL; i++) {
		table_row(&t);
		wall_time(r->event_ns, when, sizeof(when));
		table_text(&t, 0, "%s", when);
		table_text(&t, 1, "%s", r->rule);
		table_text(&t, 2, "%s", alert_level_words[r->level]);
		table_text(&t, 3, "%s", r->event);
		table_text(&t, 4, "%s", r->resource);
		if (r->has_target)
			table_text(&t, 5, "%s %s", alert_notify_word(r->kind),
			    r->target != NULL ? r->target : "");
		else
			table_absent(&t, 5, "-");
		table_text(&t, 6, "%s", alert_state_keys[r->state]);
		table_number(&t, 7, r->tries);
		table_text(&t, 8, "%s", r->result);
	}
	cmd_emit_table(ctx, &t);
	table_free(&t);
	return CMD_OK;
}

static const struct column rule_cols[] = {
	{ "Rule", "name", 0 },
	{ "Events", "events", 0 },
	{ "Level", "level", 0 },
	{ "Resource", "resource", 0 },
	{ "Keywords", "keywords", 0 },
	{ "Mute", "mute_s", 0 },
	{ "Notify", "notify", 0 },
	{ "Sent", "sent", 0 },
	{ "Failed", "failed", 0 },
	{ "Muted", "muted", 0 },
	{ "Filtered", "filtered", 0 },
	{ "In flight", "in_flight", 0 },
};

enum cmd_status
cmd_show_alert_rules(struct cmd_ctx *ctx)
{
	const struct object *o;
	const struct alert_rule_config *c;
	struct alert_rule_stats st;
	struct table t;
	size_t i;
	int k;

	table_init(&t, "alert_rules", rule_cols, sizeof(rule_cols) /
	    sizeof(rule_cols[0]));
	t.empty = "No alert rule is configured.";
	for (o = engine_first(ctx->engine, OBJ_ALERT_RULE, NULL); o != NULL;
	    o = engine_next(o)) {
		c = &o->cfg.alert;
		alerts_rule_stats(ctx->engine, o->name, &st);
		table_row(&t);
		table_text(&t, 0, "%s", o->name);
		table_list_start(&t, 1);
		for (k = 0; k < EVK_COUNT; k++)
			if (c->events & (1u << k))
				table_list_add(&t, 1, "%s",
				    event_kind_names[k]);
		if (c->events == 0)
			table_absent(&t, 1, "none: it sends nothing");
		table_text(&t, 2, "%s", alert_level_words[c->level]);
		if (c->scope == SCOPE_ALL)
			table_text(&t, 3, "all");
		else
			table_text(&t, 3, "%s %s", c->scope == SCOPE_VBR ?
			    "vbr" : "vpn-connection", c->scope_name);
		if (c->keywords_mode == KEYWORDS_UNSET)
			table_absent(&t, 4, "-");
		else
			table_text(&t, 4, "%s %s", c->keywords_mode ==
			    KEYWORDS_ANY ? "any" : "none", c->keywords);
		if (c->mute_s == 0)
			table_absent(&t, 5, "-");
		else
			table_duration(&t, 5, c->mute_s);
		table_list_start(&t, 6);
		for (i = 0; i < c->ntargets; i++)
			table_list_add(&t, 6, "%s %s",
			    alert_notify_word(c->targets[i].kind),
			    c->targets[i].where);
		if (c->ntargets == 0)
			table_absent(&t, 6, "none");
		table_number(&t, 7, (int64_t)st.count[ALERT_SENT]);
		table_number(&t, 8, (int64_t)st.count[ALERT_FAILED]);
		table_number(&t, 9, (int64_t)st.count[ALERT_MUTED]);
		table_number(&t, 10, (int64_t)st.count[ALERT_FILTERED]);
		table_number(&t, 11, (int64_t)(st.count[ALERT_QUEUED] +
		    st.count[ALERT_SENDING] + st.count[ALERT_RETRYING]));
	}
	cmd_emit_table(ctx, &t);
	table_free(&t);
	return CMD_OK;
}

static enum cond
delivered(const struct engine *e, const void *ctx, char *why, size_t len)
{
	size_t n = alerts_in_flight(e);

	(void)ctx;
	if (n == 0)
		return COND_HOLDS;
	snprintf(why, len, "%zu notification%s still in flight", n,
	    n == 1 ? " is" : "s are");
	return COND_NOT_YET;	/* each change of state looks again */
}

/* wait alerts: until every notification is sent or given up */
enum cmd_status
cmd_wait_alerts(struct cmd_ctx *ctx)
{
	return ctx->host->start_wait(ctx->session, delivered, NULL,
	    gram_has(ctx->m, A_SECONDS) ?
	    (unsigned)ctx->m->arg[A_SECONDS].number : WAIT_TIMEOUT_DEFAULT);
}

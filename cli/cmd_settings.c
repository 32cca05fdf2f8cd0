/*
 * cmd_settings: every command that changes a setting (C_SET; the grammar
 * node names the setting), through one function that moves the typed
 * arguments into the setting's value.  `no` sends the same value to
 * engine_unset, which uses it to pick the entry of a list.
 */
#include <string.h>

#include "commands.h"
#include "../core/sessions/bgp_tcp.h"

/* The first of these slots that the line filled. */
static const struct gram_value *
first_of(const struct gram_match *m, const enum gram_slot *slots, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (gram_has(m, slots[i]))
			return &m->arg[slots[i]];
	return NULL;
}

#define FIRST(m, ...) first_of((m), (const enum gram_slot[]){ __VA_ARGS__ }, \
	sizeof((const enum gram_slot[]){ __VA_ARGS__ }) / sizeof(enum gram_slot))

static void
fill(const struct gram_match *m, struct setting_value *v)
{
	const struct gram_value *x;

	memset(v, 0, sizeof(*v));
	if ((x = FIRST(m, A_TEXT, A_WORD, A_NAME)) != NULL)
		v->text = x->text;
	if ((x = FIRST(m, A_VBR, A_VPC, A_GROUP, A_ECR, A_TRANSIT_ROUTER,
	    A_VPN_GATEWAY, A_CUSTOMER_GATEWAY, A_VPN_CONNECTION,
	    A_NAME)) != NULL)
		v->name = x->text;
	if ((x = FIRST(m, A_NUMBER, A_HOPS, A_PORT, A_TUNNEL)) != NULL)
		v->number = x->number;
	if (gram_has(m, A_ASN))
		v->asn = (uint32_t)m->arg[A_ASN].number;
	/* `no bfd interval` ends at the keyword: the timers, not BFD */
	v->timers_only = m->negate && !gram_has(m, A_INTERVAL) &&
	    m->node != NULL && m->node->type == GT_KEYWORD &&
	    strcmp(m->node->word, "interval") == 0;
	if (gram_has(m, A_INTERVAL)) {
		v->has_timers = true;
		v->interval_ms = (uint32_t)m->arg[A_INTERVAL].number;
		v->multiplier = (uint32_t)m->arg[A_MULTIPLIER].number;
	}
	if ((x = FIRST(m, A_IP, A_MASK)) != NULL)
		v->ip = x->ip;
	if (gram_has(m, A_NEXT_HOP)) {
		v->next_hop = m->arg[A_NEXT_HOP].ip;
		v->has_next_hop = true;
	}
	if (gram_has(m, A_PREFIX))
		v->prefix = m->arg[A_PREFIX].prefix;
	if (gram_has(m, A_FAMILY))
		v->family = (sa_family_t)m->arg[A_FAMILY].number;
	v->as_path = m->as_path;
	v->as_path_len = m->as_path_len;
	if (gram_has(m, A_MED)) {
		v->med = (uint32_t)m->arg[A_MED].number;
		v->fields |= SF_MED;
	}
	if (gram_has(m, A_ORIGIN)) {
		v->origin = (uint8_t)m->arg[A_ORIGIN].number;
		v->fields |= SF_ORIGIN;
	}
	if (gram_has(m, A_CHOICE)) {
		v->choice = (uint32_t)m->arg[A_CHOICE].number;
		v->fields |= SF_CHOICE;
	}
}

static void
slot(struct gram_match *m, enum gram_slot s, const struct gram_value *x)
{
	m->arg[s] = *x;
	m->present |= (uint64_t)1 << s;
}

#define SLOTS(m, x, ...) do {						\
	static const enum gram_slot list_[] = { __VA_ARGS__ };		\
	size_t i_;							\
	for (i_ = 0; i_ < sizeof(list_) / sizeof(list_[0]); i_++)	\
		slot((m), list_[i_], (x));				\
} while (0)

/*
 * fill() backwards: a value into every slot its fields can come from, so
 * that whichever slot the setting's grammar row uses finds it.
 */
static void
unfill(enum setting s, const struct setting_value *v, struct gram_match *m)
{
	struct gram_value x;

	memset(m, 0, sizeof(*m));
	m->status = GS_OK;
	m->cmd = C_SET;
	m->setting = s;
	m->negate = v->negated;
	memset(&x, 0, sizeof(x));
	if (v->fields & SF_TEXT) {
		x.text = v->text;
		SLOTS(m, &x, A_TEXT, A_WORD, A_NAME);
	}
	if (v->fields & SF_NAME) {
		x.text = v->name;
		SLOTS(m, &x, A_VBR, A_VPC, A_GROUP, A_ECR, A_TRANSIT_ROUTER,
		    A_VPN_GATEWAY, A_CUSTOMER_GATEWAY, A_VPN_CONNECTION, A_NAME);
	}
	memset(&x, 0, sizeof(x));
	if (v->fields & SF_NUMBER) {
		x.number = v->number;
		SLOTS(m, &x, A_NUMBER, A_HOPS, A_PORT, A_TUNNEL);
	}
	if (v->fields & SF_ASN) {
		x.number = v->asn;
		slot(m, A_ASN, &x);
	}
	if (v->fields & SF_TIMERS) {
		x.number = v->interval_ms;
		slot(m, A_INTERVAL, &x);
		x.number = v->multiplier;
		slot(m, A_MULTIPLIER, &x);
	}
	if (v->fields & SF_FAMILY) {
		x.number = v->family;
		slot(m, A_FAMILY, &x);
	}
	memset(&x, 0, sizeof(x));
	if (v->fields & SF_IP) {
		x.ip = v->ip;
		SLOTS(m, &x, A_IP, A_MASK);
	}
	if (v->fields & SF_NEXT_HOP) {
		x.ip = v->next_hop;
		slot(m, A_NEXT_HOP, &x);
	}
	if (v->fields & SF_PREFIX) {
		x.prefix = v->prefix;
		slot(m, A_PREFIX, &x);
	}
	if (v->fields & SF_MED) {
		x.number = v->med;
		slot(m, A_MED, &x);
	}
	if (v->fields & SF_ORIGIN) {
		x.number = v->origin;
		slot(m, A_ORIGIN, &x);
	}
	if (v->fields & SF_CHOICE) {
		x.number = v->choice;
		slot(m, A_CHOICE, &x);
	}
	if (v->fields & SF_AS_PATH && v->as_path_len <= GRAM_AS_PATH_MAX) {
		slot(m, A_AS_PATH, &x);
		memcpy(m->as_path, v->as_path, v->as_path_len *
		    sizeof(m->as_path[0]));
		m->as_path_len = v->as_path_len;
	}
}

int
setting_words(enum gram_mode mode, enum setting s,
    const struct setting_value *v, char *buf, size_t len)
{
	struct gram_match m;

	unfill(s, v, &m);
	return gram_unparse(mode, &m, buf, len);
}

enum cmd_status
cmd_setting(struct cmd_ctx *ctx)
{
	struct obj_ref refs[MODE_DEPTH_MAX];
	const struct obj_ref *ref = cmd_context_ref(ctx, refs);
	struct setting_value v;
	struct engine_error err;
	enum setting s = ctx->m->setting;
	int rc;

	fill(ctx->m, &v);
	rc = ctx->m->negate ? engine_unset(ctx->engine, ref, s, &v, &err) :
	    engine_set(ctx->engine, ref, s, &v, &err);
	return rc == 0 ? CMD_OK : cmd_engine_error(ctx, &err);
}

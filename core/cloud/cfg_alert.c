/*
 * cfg_alert: alert rules (SPEC 9), the store's half: what a rule listens
 * for and where it sends.  Each value is decoded here, as it is typed, so
 * that a rule in the store can always be delivered; nothing here sends
 * (alerts/ does).  No table reads a rule: every change is a label.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine_impl.h"
#include "../base/event_kinds.h"
#include "../base/http_url.h"
#include "../base/utf8.h"

#define FAIL(...)	engine_fail(err, "", __VA_ARGS__)

static const char *const notify_words[NOTIFY_KIND_COUNT] = {
	[NOTIFY_WEBHOOK] = "webhook",
	[NOTIFY_COMMAND] = "command",
	[NOTIFY_LOG] = "log",
};

static void
alert_defaults(struct engine *e, struct object *o)
{
	(void)e;
	o->cfg.alert.level = ALERT_WARN;
}

static void
alert_release(struct object *o)
{
	struct alert_rule_config *c = &o->cfg.alert;
	size_t i;

	for (i = 0; i < c->ntargets; i++)
		free(c->targets[i].where);
	free(c->targets);
	free(c->keywords);
	c->targets = NULL;
	c->ntargets = 0;
	c->keywords = NULL;
}

static int
alert_duplicate(struct object *o)
{
	struct alert_rule_config *c = &o->cfg.alert;
	struct notify_target *t = NULL;
	char *words = NULL;
	size_t i;

	if (c->keywords != NULL && (words = strdup(c->keywords)) == NULL)
		goto fail;
	if (c->ntargets > 0 &&
	    (t = calloc(c->ntargets, sizeof(*t))) == NULL)
		goto fail;
	for (i = 0; i < c->ntargets; i++) {
		t[i].kind = c->targets[i].kind;
		if ((t[i].where = strdup(c->targets[i].where)) == NULL)
			goto fail;
	}
	c->keywords = words;
	c->targets = t;
	return 0;
fail:
	for (i = 0; t != NULL && i < c->ntargets; i++)
		free(t[i].where);
	free(t);
	free(words);
	c->keywords = NULL;
	c->targets = NULL;
	c->ntargets = 0;
	return -1;
}

/* The words of `keywords`, one space apart, into a new string. */
static int
keywords_decode(const struct object *o, const char *text, char **out,
    struct engine_error *err)
{
	char *words, *w, *save, *copy, why[128];
	size_t n = 0, at;

	if (!utf8_text_check(text, &at, why, sizeof(why)))
		return FAIL("alert-rule %s: keywords: %s at byte %zu", o->name,
		    why, at + 1);
	if ((copy = strdup(text)) == NULL ||
	    (words = calloc(1, strlen(text) + 1)) == NULL) {
		free(copy);
		return FAIL("out of memory");
	}
	for (w = strtok_r(copy, " \t", &save); w != NULL;
	    w = strtok_r(NULL, " \t", &save)) {
		if (++n > ALERT_KEYWORDS_MAX || strlen(w) >
		    ALERT_KEYWORD_LEN_MAX) {
			free(copy);
			free(words);
			return FAIL("alert-rule %s: keywords: at most %d words "
			    "of at most %d bytes each", o->name,
			    ALERT_KEYWORDS_MAX, ALERT_KEYWORD_LEN_MAX);
		}
		if (n > 1)
			strcat(words, " ");
		strcat(words, w);
	}
	free(copy);
	if (n == 0) {
		free(words);
		return FAIL("alert-rule %s: keywords: give at least one word",
		    o->name);
	}
	*out = words;
	return 0;
}

/* A target is decoded whole here, so that delivery never meets a bad one. */
static int
target_decode(const struct object *o, enum notify_kind kind,
    const char *where, struct engine_error *err)
{
	struct http_url url;
	char why[256];
	size_t at;

	if (strlen(where) > ALERT_TARGET_LEN_MAX)
		return FAIL("alert-rule %s: notify %s: at most %d bytes",
		    o->name, notify_words[kind], ALERT_TARGET_LEN_MAX);
	if (!utf8_text_check(where, &at, why, sizeof(why)))
		return FAIL("alert-rule %s: notify %s: %s at byte %zu",
		    o->name, notify_words[kind], why, at + 1);
	switch (kind) {
	case NOTIFY_WEBHOOK:
		if (http_url_decode(where, &url, why, sizeof(why)) == -1)
			return FAIL("alert-rule %s: notify webhook %s: %s",
			    o->name, where, why);
		return 0;
	case NOTIFY_COMMAND:
		/* run as it is, with no shell and no PATH search */
		if (where[0] != '/')
			return FAIL("alert-rule %s: notify command %s: give "
			    "the program's absolute path (it runs without a "
			    "shell or a PATH search)", o->name, where);
		return 0;
	case NOTIFY_LOG:
		return 0;
	default:
		return FAIL("alert-rule %s: no such kind of notify", o->name);
	}
}

static int
notify_set(struct engine *e, struct object *o,
    const struct setting_value *v, bool negate, struct engine_error *err)
{
	struct alert_rule_config *c = &o->cfg.alert;
	struct notify_target *t;
	enum notify_kind kind = (enum notify_kind)v->choice;
	size_t i;

	(void)e;
	if (kind >= NOTIFY_KIND_COUNT || v->text == NULL)
		return FAIL("alert-rule %s: notify webhook|command|log",
		    o->name);
	for (i = 0; i < c->ntargets; i++)
		if (c->targets[i].kind == kind &&
		    strcmp(c->targets[i].where, v->text) == 0)
			break;
	if (negate) {
		if (i == c->ntargets)
			return FAIL("alert-rule %s: it does not notify %s %s",
			    o->name, notify_words[kind], v->text);
		free(c->targets[i].where);
		memmove(&c->targets[i], &c->targets[i + 1],
		    (c->ntargets - i - 1) * sizeof(c->targets[0]));
		c->ntargets--;
		return SETTING_LABEL;
	}
	if (i < c->ntargets)
		return SETTING_LABEL;		/* already so */
	if (target_decode(o, kind, v->text, err) == -1)
		return -1;
	if (c->ntargets == ALERT_TARGETS_MAX)
		return FAIL("alert-rule %s: at most %d notify targets; remove "
		    "one with `no notify ...`", o->name, ALERT_TARGETS_MAX);
	if ((t = realloc(c->targets, (c->ntargets + 1) * sizeof(*t))) == NULL)
		return FAIL("out of memory");
	c->targets = t;
	t[c->ntargets].kind = kind;
	if ((t[c->ntargets].where = strdup(v->text)) == NULL)
		return FAIL("out of memory");
	c->ntargets++;
	return SETTING_LABEL;
}

static int
alert_set(struct engine *e, struct object *o, enum setting s,
    const struct setting_value *v, bool negate, struct engine_error *err)
{
	struct alert_rule_config *c = &o->cfg.alert;
	char *words = NULL;

	switch (s) {
	case SET_ALERT_EVENT:
		if (v->choice >= EVK_COUNT)
			return FAIL("alert-rule %s: no such event", o->name);
		if (negate && !(c->events & (1u << v->choice)))
			return FAIL("alert-rule %s: it does not listen for %s",
			    o->name, event_kind_names[v->choice]);
		if (negate)
			c->events &= ~(1u << v->choice);
		else
			c->events |= 1u << v->choice;
		return SETTING_LABEL;
	case SET_ALERT_LEVEL:
		if (!negate && v->choice > ALERT_INFO)
			return FAIL("alert-rule %s: level critical|warn|info",
			    o->name);
		c->level = negate ? ALERT_WARN : (enum alert_level)v->choice;
		return SETTING_LABEL;
	case SET_ALERT_KEYWORDS:
		if (negate) {
			free(c->keywords);
			c->keywords = NULL;
			c->keywords_mode = KEYWORDS_UNSET;
			return SETTING_LABEL;
		}
		if (keywords_decode(o, v->text != NULL ? v->text : "", &words,
		    err) == -1)
			return -1;
		free(c->keywords);
		c->keywords = words;
		c->keywords_mode = v->choice == KEYWORDS_NONE ? KEYWORDS_NONE :
		    KEYWORDS_ANY;
		return SETTING_LABEL;
	case SET_ALERT_RESOURCE:
		if (!negate && (v->choice > SCOPE_VPN_CONNECTION ||
		    (v->choice != SCOPE_ALL && (v->name == NULL ||
		    v->name[0] == '\0'))))
			return FAIL("alert-rule %s: resource all|vbr NAME|"
			    "vpn-connection NAME", o->name);
		/* a scope by name: a VBR may come and go under its rule */
		c->scope = negate ? SCOPE_ALL : (enum alert_scope)v->choice;
		snprintf(c->scope_name, sizeof(c->scope_name), "%s",
		    c->scope != SCOPE_ALL && v->name != NULL ? v->name : "");
		return SETTING_LABEL;
	case SET_ALERT_MUTE:
		if (!negate && (v->number < 1 || v->number > ALERT_MUTE_MAX_S))
			return FAIL("alert-rule %s: mute is 1-%d seconds",
			    o->name, ALERT_MUTE_MAX_S);
		c->mute_s = negate ? 0 : (uint32_t)v->number;
		return SETTING_LABEL;
	case SET_ALERT_NOTIFY:
		return notify_set(e, o, v, negate, err);
	default:
		return FAIL("not an alert rule setting");
	}
}

static bool
get_choice(struct setting_cursor *at, struct setting_value *v,
    uint32_t choice, bool shown)
{
	v->choice = choice;
	v->fields = SF_CHOICE;
	return setting_once(at, shown);
}

static bool
alert_get(const struct engine *e, const struct object *o, enum setting s,
    struct setting_cursor *at, struct setting_value *v)
{
	const struct alert_rule_config *c = &o->cfg.alert;
	const struct notify_target *t;

	(void)e;
	switch (s) {
	case SET_ALERT_EVENT:
		/* one line per event, in the order of enum event_kind */
		while (at->i < EVK_COUNT && !(c->events & (1u << at->i)))
			at->i++;
		if (at->i >= EVK_COUNT)
			return false;
		v->choice = (uint32_t)at->i++;
		v->fields = SF_CHOICE;
		return true;
	case SET_ALERT_LEVEL:
		return get_choice(at, v, c->level, c->level != ALERT_WARN);
	case SET_ALERT_KEYWORDS:
		v->text = c->keywords;
		if (!get_choice(at, v, c->keywords_mode,
		    c->keywords_mode != KEYWORDS_UNSET))
			return false;
		v->fields |= SF_TEXT;
		return true;
	case SET_ALERT_RESOURCE:
		v->name = c->scope_name;
		if (!get_choice(at, v, c->scope, c->scope != SCOPE_ALL))
			return false;
		v->fields |= SF_NAME;
		return true;
	case SET_ALERT_MUTE:
		return get_number(at, v, c->mute_s, c->mute_s != 0);
	case SET_ALERT_NOTIFY:
		if (at->i >= c->ntargets)
			return false;
		t = &c->targets[at->i++];
		v->choice = t->kind;
		v->text = t->where;
		v->fields = SF_CHOICE | SF_TEXT;
		return true;
	default:
		return false;
	}
}

const struct kind_ops alert_rule_ops = {
	.get = alert_get,
	.set = alert_set,
	.defaults = alert_defaults,
	.release = alert_release,
	.duplicate = alert_duplicate,
};

const char *
alert_notify_word(enum notify_kind kind)
{
	return kind < NOTIFY_KIND_COUNT ? notify_words[kind] : "?";
}

/*
 * alerts: matching, mute, the document, and the record of each
 * notification.  Events are heard as they are added (event_log_listen),
 * from wherever in the engine they are raised; a notification is only
 * queued there, and delivery happens in the loop.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alerts.h"
#include "notify.h"
#include "../base/strbuf.h"
#include "../cloud/engine_impl.h"

const char *const alert_state_keys[ALERT_STATE_COUNT] = {
	[ALERT_QUEUED] = "queued",
	[ALERT_SENDING] = "sending",
	[ALERT_RETRYING] = "retrying",
	[ALERT_SENT] = "sent",
	[ALERT_FAILED] = "failed",
	[ALERT_MUTED] = "muted",
	[ALERT_FILTERED] = "filtered",
};

const char *const alert_level_words[3] = {
	[ALERT_CRITICAL] = "critical",
	[ALERT_WARN] = "warn",
	[ALERT_INFO] = "info",
};

enum { MUTES_MAX = 4096 };

/* A rule and a resource that notified, and until when it is muted. */
struct mute {
	obj_name	 rule;
	char		 resource[160];
	uint64_t	 until_ns;	/* the loop's clock */
};

struct rule_stats {
	obj_name		 rule;
	struct alert_rule_stats	 s;
};

struct alert_log {
	struct engine		*engine;
	struct notifier		*notifier;
	struct alert_record	 ring[ALERTS_KEPT];
	size_t			 first, n;
	uint64_t		 next_id;
	struct mute		*mutes;
	size_t			 nmutes;
	struct rule_stats	*stats;
	size_t			 nstats;
	struct {
		void	(*fn)(void *);
		void	*arg;
	}			 listeners[ALERT_LISTENERS_MAX];
};

static struct alert_log *
log_of(const struct engine *e)
{
	return e->alert_log;
}

static struct alert_record *
record_at(const struct alert_log *l, size_t i)
{
	return i < l->n ? (struct alert_record *)&l->ring[(l->first + i) %
	    ALERTS_KEPT] : NULL;
}

static struct alert_record *
record_by_id(struct alert_log *l, uint64_t id)
{
	struct alert_record *r;

	if (l->n == 0 || id < l->ring[l->first].id)
		return NULL;		/* gone from the ring */
	r = record_at(l, (size_t)(id - l->ring[l->first].id));
	return r != NULL && r->id == id ? r : NULL;
}

static struct alert_rule_stats *
stats_of(struct alert_log *l, const char *rule)
{
	struct rule_stats *s;
	size_t i;

	for (i = 0; i < l->nstats; i++)
		if (strcmp(l->stats[i].rule, rule) == 0)
			return &l->stats[i].s;
	if ((s = reallocarray(l->stats, l->nstats + 1, sizeof(*s))) == NULL)
		return NULL;
	l->stats = s;
	s = &l->stats[l->nstats++];
	memset(s, 0, sizeof(*s));
	snprintf(s->rule, sizeof(s->rule), "%s", rule);
	return &s->s;
}

static void
count(struct alert_log *l, const struct alert_record *r, int delta)
{
	struct alert_rule_stats *s = stats_of(l, r->rule);

	if (s != NULL)
		s->count[r->state] += (unsigned long)delta;
}

static void
set_state(struct alert_log *l, struct alert_record *r, enum alert_state st,
    unsigned tries, const char *result)
{
	count(l, r, -1);
	r->state = st;
	r->tries = tries;
	snprintf(r->result, sizeof(r->result), "%s", result);
	count(l, r, +1);
}

static struct alert_record *
record_new(struct alert_log *l, const struct object *rule,
    const struct event *ev, const struct notify_target *t)
{
	struct alert_record *r;

	if (l->n == ALERTS_KEPT) {
		free(l->ring[l->first].target);
		l->first = (l->first + 1) % ALERTS_KEPT;
		l->n--;
	}
	r = &l->ring[(l->first + l->n++) % ALERTS_KEPT];
	memset(r, 0, sizeof(*r));
	r->id = l->next_id++;
	r->event_ns = ev->wall_ns;
	snprintf(r->rule, sizeof(r->rule), "%s", rule->name);
	r->level = rule->cfg.alert.level;
	snprintf(r->event, sizeof(r->event), "%s", ev->name);
	snprintf(r->resource, sizeof(r->resource), "%s", ev->resource);
	if (t != NULL) {
		r->has_target = true;
		r->kind = t->kind;
		r->target = strdup(t->where);
	}
	r->state = ALERT_QUEUED;
	count(l, r, +1);
	return r;
}

static void
delivered(void *arg, uint64_t id, enum notify_state state, unsigned tries,
    const char *result)
{
	static const enum alert_state of[] = {
		[NOTIFY_QUEUED] = ALERT_QUEUED,
		[NOTIFY_SENDING] = ALERT_SENDING,
		[NOTIFY_WAITING] = ALERT_RETRYING,
		[NOTIFY_SENT] = ALERT_SENT,
		[NOTIFY_FAILED] = ALERT_FAILED,
	};
	struct alert_log *l = arg;
	struct alert_record *r = record_by_id(l, id);
	size_t i;

	if (r != NULL)
		set_state(l, r, of[state], tries, result);
	for (i = 0; i < ALERT_LISTENERS_MAX; i++)
		if (l->listeners[i].fn != NULL)
			l->listeners[i].fn(l->listeners[i].arg);
}

/* "vbr vbr1" covers "vbr vbr1" and "vbr vbr1 peer 10.0.0.1". */
static bool
in_scope(const struct alert_rule_config *c, const char *resource)
{
	const char *kind;
	size_t n;

	if (c->scope == SCOPE_ALL)
		return true;
	kind = c->scope == SCOPE_VBR ? "vbr " : "vpn-connection ";
	n = strlen(kind);
	if (strncmp(resource, kind, n) != 0)
		return false;
	resource += n;
	n = strlen(c->scope_name);
	return strncmp(resource, c->scope_name, n) == 0 &&
	    (resource[n] == '\0' || resource[n] == ' ');
}

/* The event's text (name, resource, detail) against the rule's words. */
static bool
passes_keywords(const struct alert_rule_config *c, const struct event *ev)
{
	char word[ALERT_KEYWORD_LEN_MAX + 1];
	const char *p, *end;
	bool any = false;
	size_t n;

	if (c->keywords_mode == KEYWORDS_UNSET || c->keywords == NULL)
		return true;
	for (p = c->keywords; *p != '\0' && !any; p = end) {
		end = p + strcspn(p, " ");
		n = (size_t)(end - p);
		if (n > 0 && n < sizeof(word)) {
			memcpy(word, p, n);
			word[n] = '\0';
			any = strcasestr(ev->name, word) != NULL ||
			    strcasestr(ev->resource, word) != NULL ||
			    strcasestr(ev->detail, word) != NULL;
		}
		end += *end == ' ';
	}
	return c->keywords_mode == KEYWORDS_ANY ? any : !any;
}

/* Muted?  If not, and the rule mutes, it is from now on. */
static bool
muted(struct alert_log *l, const struct object *rule, const char *resource)
{
	uint64_t now = clock_now_ns(evloop_clock(l->engine->loop));
	struct mute *m;
	size_t i, k = 0, oldest = 0;

	for (i = 0; i < l->nmutes; i++) {
		m = &l->mutes[i];
		if (m->until_ns <= now)
			continue;	/* over: dropped below */
		if (strcmp(m->rule, rule->name) == 0 &&
		    strcmp(m->resource, resource) == 0)
			return true;
	}
	/* forget the mutes that are over */
	for (i = 0; i < l->nmutes; i++)
		if (l->mutes[i].until_ns > now)
			l->mutes[k++] = l->mutes[i];
	l->nmutes = k;
	if (rule->cfg.alert.mute_s == 0)
		return false;
	if (l->nmutes == MUTES_MAX) {	/* the one ending soonest goes */
		for (i = 1; i < l->nmutes; i++)
			if (l->mutes[i].until_ns < l->mutes[oldest].until_ns)
				oldest = i;
		m = &l->mutes[oldest];
	} else {
		if ((m = reallocarray(l->mutes, l->nmutes + 1,
		    sizeof(*m))) == NULL)
			return false;
		l->mutes = m;
		m = &l->mutes[l->nmutes++];
	}
	snprintf(m->rule, sizeof(m->rule), "%s", rule->name);
	snprintf(m->resource, sizeof(m->resource), "%s", resource);
	m->until_ns = now + (uint64_t)rule->cfg.alert.mute_s * NS_PER_SEC;
	return false;
}

/* {"rule","level","event":{"time","name","resource","detail"},"engine"} */
static void
document(const struct engine *e, const struct object *rule,
    const struct event *ev, struct strbuf *doc)
{
	char when[40];

	wall_time(ev->wall_ns, when, sizeof(when));
	strbuf_puts(doc, "{\"rule\":");
	strbuf_json_string(doc, rule->name);
	strbuf_printf(doc, ",\"level\":\"%s\",\"event\":{\"time\":\"%s\","
	    "\"name\":", alert_level_words[rule->cfg.alert.level], when);
	strbuf_json_string(doc, ev->name);
	strbuf_puts(doc, ",\"resource\":");
	strbuf_json_string(doc, ev->resource);
	strbuf_puts(doc, ",\"detail\":");
	strbuf_json_string(doc, ev->detail);
	strbuf_puts(doc, "},\"engine\":");
	strbuf_json_string(doc, engine_hostname(e));
	strbuf_puts(doc, "}");
}

static void
apply_rule(struct alert_log *l, const struct object *rule,
    const struct event *ev)
{
	const struct alert_rule_config *c = &rule->cfg.alert;
	struct alert_rule_stats *stats;
	struct alert_record *r;
	enum alert_state verdict = ALERT_QUEUED;
	struct strbuf doc;
	size_t i;

	if ((stats = stats_of(l, rule->name)) != NULL)
		stats->last_ns = ev->wall_ns;
	if (!passes_keywords(c, ev))
		verdict = ALERT_FILTERED;
	else if (muted(l, rule, ev->resource))
		verdict = ALERT_MUTED;
	if (c->ntargets == 0) {
		r = record_new(l, rule, ev, NULL);
		set_state(l, r, verdict == ALERT_QUEUED ? ALERT_FAILED :
		    verdict, 0, verdict == ALERT_QUEUED ? "failed: the rule "
		    "has no notify target" : alert_state_keys[verdict]);
		return;
	}
	strbuf_init(&doc);
	if (verdict == ALERT_QUEUED)
		document(l->engine, rule, ev, &doc);
	for (i = 0; i < c->ntargets; i++) {
		r = record_new(l, rule, ev, &c->targets[i]);
		if (verdict != ALERT_QUEUED) {
			set_state(l, r, verdict, 0, alert_state_keys[verdict]);
			continue;
		}
		/* a fuzzer's rules must not run programs or write files */
		if (l->engine->flags & (ENGINE_NO_DELIVERY |
		    ENGINE_CHECK_ONLY)) {
			set_state(l, r, ALERT_FAILED, 0, "failed: delivery is "
			    "off in this engine");
			continue;
		}
		set_state(l, r, ALERT_QUEUED, 0, "queued");
		notifier_send(l->notifier, r->id, c->targets[i].kind,
		    c->targets[i].where, doc.s != NULL ? doc.s : "", doc.len);
	}
	strbuf_free(&doc);
}

static void
heard(void *arg, const struct event *ev)
{
	struct alert_log *l = arg;
	const struct object *rule;

	for (rule = engine_first(l->engine, OBJ_ALERT_RULE, NULL);
	    rule != NULL; rule = engine_next(rule))
		if (rule->cfg.alert.events & (1u << ev->kind) &&
		    in_scope(&rule->cfg.alert, ev->resource))
			apply_rule(l, rule, ev);
}

int
alerts_init(struct engine *e)
{
	struct alert_log *l = calloc(1, sizeof(*l));

	if (l == NULL)
		return -1;
	l->engine = e;
	l->next_id = 1;
	if ((l->notifier = notifier_new(e->loop, delivered, l)) == NULL) {
		free(l);
		return -1;
	}
	e->alert_log = l;
	event_log_listen(e->events, heard, l);
	return 0;
}

void
alerts_free(struct engine *e)
{
	struct alert_log *l = log_of(e);
	size_t i;

	if (l == NULL)
		return;
	event_log_unlisten(e->events, heard, l);
	notifier_free(l->notifier);
	for (i = 0; i < l->n; i++)
		free(record_at(l, i)->target);
	free(l->mutes);
	free(l->stats);
	free(l);
	e->alert_log = NULL;
}

const struct alert_record *
alerts_get(const struct engine *e, size_t i)
{
	const struct alert_log *l = log_of(e);

	return l != NULL ? record_at(l, i) : NULL;
}

size_t
alerts_in_flight(const struct engine *e)
{
	const struct alert_log *l = log_of(e);

	return l != NULL ? notifier_in_flight(l->notifier) : 0;
}

void
alerts_rule_stats(const struct engine *e, const char *rule,
    struct alert_rule_stats *out)
{
	const struct alert_log *l = log_of(e);
	size_t i;

	memset(out, 0, sizeof(*out));
	for (i = 0; l != NULL && i < l->nstats; i++)
		if (strcmp(l->stats[i].rule, rule) == 0)
			*out = l->stats[i].s;
}

bool
alerts_listen(struct engine *e, void (*fn)(void *), void *arg)
{
	struct alert_log *l = log_of(e);
	size_t i;

	for (i = 0; l != NULL && i < ALERT_LISTENERS_MAX; i++)
		if (l->listeners[i].fn == NULL) {
			l->listeners[i].fn = fn;
			l->listeners[i].arg = arg;
			return true;
		}
	return false;
}

void
alerts_unlisten(struct engine *e, void (*fn)(void *), void *arg)
{
	struct alert_log *l = log_of(e);
	size_t i;

	for (i = 0; l != NULL && i < ALERT_LISTENERS_MAX; i++)
		if (l->listeners[i].fn == fn && l->listeners[i].arg == arg)
			l->listeners[i].fn = NULL;
}

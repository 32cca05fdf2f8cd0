/*
 * running_config: the configuration as a script that rebuilds it.  Each
 * setting is read back from the engine as a value and said in the words
 * of its grammar row (gram_unparse), so nothing here spells a command.
 *
 * Each object's block ends with an explicit `exit`, so a setting that
 * exists in both a sub-mode and its parent (description) can never be
 * taken by the wrong one on replay.  Objects come in an order in which
 * every reference and rule is already satisfied when it is replayed:
 * VPCs and transit routers first, VBRs before the ECRs that associate
 * them, CPEs last because they connect to the rest.  Inside a block the
 * mode's grammar rows give the order, and they are written in one that
 * replays: a VBR's groups before its peers, a connection's tunnels before
 * its `bgp` (V4 compares their ASNs).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "commands.h"
#include "../core/sessions/bgp_tcp.h"

/*
 * One walk of a store in running-config order serves the text and the
 * replay (commit's check): what a line says and what a replay sets are
 * the same values, read back once.
 */
struct visit {
	/* an object's block begins (its parent's was begun before) */
	int	(*begin)(void *arg, const struct object *, int level);
	int	(*setting)(void *arg, const struct object *, int level,
		    enum gram_mode, enum setting, const struct setting_value *);
	int	(*end)(void *arg, const struct object *, int level);
	void	*arg;
};

/* The mode an object of the kind is edited in. */
static enum gram_mode
mode_of(enum obj_kind kind)
{
	int m;

	for (m = 0; m < M_MODE_COUNT; m++)
		if (gram_modes[m].obj == kind && kind != OBJ_NONE)
			return (enum gram_mode)m;
	return M_NONE;
}

static int	visit_object(const struct engine *, const struct object *, int,
		    const struct visit *);

/*
 * An object's settings in the order of its mode's grammar rows, and the
 * objects a row makes (a VBR's groups and peers, a connection's tunnels)
 * where that row stands: the rows are in an order that replays.
 */
static int
visit_body(const struct engine *eng, const struct object *o, int level,
    const struct visit *vt)
{
	enum gram_mode mode = mode_of(o->kind);
	const struct gram_node *tab;
	const struct object *c;
	struct setting_cursor at;
	struct setting_value v;
	bool said[SET_COUNT] = { false };
	size_t i;

	if (mode == M_NONE)
		return 0;
	tab = gram_modes[mode].nodes;
	for (i = 0; tab[i].type != GT_END; i++) {
		if (tab[i].enters != M_EXEC)
			for (c = engine_first(eng, gram_modes[tab[i].enters].obj,
			    o); c != NULL; c = engine_next(c))
				if (visit_object(eng, c, level + 1, vt) == -1)
					return -1;
		if (tab[i].cmd != C_SET || tab[i].setting >= SET_COUNT ||
		    said[tab[i].setting])
			continue;
		said[tab[i].setting] = true;
		memset(&at, 0, sizeof(at));
		while (engine_setting_next(eng, o, tab[i].setting, &at, &v))
			if (vt->setting(vt->arg, o, level, mode,
			    tab[i].setting, &v) == -1)
				return -1;
	}
	return 0;
}

static int
visit_object(const struct engine *eng, const struct object *o, int level,
    const struct visit *vt)
{
	if (vt->begin(vt->arg, o, level) == -1 ||
	    visit_body(eng, o, level, vt) == -1)
		return -1;
	return vt->end(vt->arg, o, level);
}

static const enum obj_kind top_order[] = {
	OBJ_VPC, OBJ_TRANSIT_ROUTER, OBJ_VBR, OBJ_ECR, OBJ_VPN_GATEWAY,
	OBJ_CUSTOMER_GATEWAY, OBJ_VPN_CONNECTION, OBJ_CPE, OBJ_ALERT_RULE,
};

/* The hostname and listen addresses, as the values their rows take. */
static int
visit_globals(const struct engine *e, const struct visit *vt)
{
	struct setting_value v;
	size_t k;

	if (strcmp(engine_hostname(e), ENGINE_HOSTNAME_DEFAULT) != 0) {
		memset(&v, 0, sizeof(v));
		v.text = engine_hostname(e);
		v.fields = SF_TEXT;
		if (vt->setting(vt->arg, NULL, -1, M_CONFIG, SET_HOSTNAME,
		    &v) == -1)
			return -1;
	}
	for (k = 0; k < bgp_tcp_listen_count(e); k++) {
		const struct bgp_listen *l = bgp_tcp_listen_get(e, k);

		memset(&v, 0, sizeof(v));
		v.ip = l->ip;
		v.number = l->port;
		v.fields = SF_IP | (l->port != BGP_PORT ? SF_NUMBER : 0);
		if (vt->setting(vt->arg, NULL, -1, M_CONFIG, SET_BGP_LISTEN,
		    &v) == -1)
			return -1;
	}
	return 0;
}

/* Text. */

struct text {
	struct strbuf	*out;
	bool		 separate;	/* a `!` line before each object */
};

static int
text_begin(void *arg, const struct object *o, int level)
{
	struct text *t = arg;

	if (level == 0 && t->separate)
		strbuf_puts(t->out, "!\n");
	strbuf_printf(t->out, "%*s%s %s\n", level, "",
	    engine_kind_word(o->kind), o->name);
	return 0;
}

static int
text_setting(void *arg, const struct object *o, int level,
    enum gram_mode mode, enum setting s, const struct setting_value *v)
{
	struct strbuf *out = ((struct text *)arg)->out;
	char line[GRAM_LINE_MAX];

	(void)o;
	strbuf_printf(out, "%*s", level + 1, "");
	if (setting_words(mode, s, v, line, sizeof(line)) == 0)
		strbuf_printf(out, "%s\n", line);
	else	/* a grammar row that cannot say its own value: a bug */
		strbuf_printf(out, "! setting %d of this block cannot be "
		    "written\n", s);
	return 0;
}

static int
text_end(void *arg, const struct object *o, int level)
{
	(void)o;
	strbuf_printf(((struct text *)arg)->out, "%*sexit\n", level + 1, "");
	return 0;
}

static const struct visit text_visit = { text_begin, text_setting, text_end,
	NULL };

static void
object_text(const struct engine *e, const struct object *o,
    struct strbuf *out)
{
	struct visit vt = text_visit;
	struct text t = { out, false };

	vt.arg = &t;
	visit_object(e, o, 0, &vt);
}

void
running_config_object(const struct engine *e, const struct object *o,
    struct strbuf *out)
{
	strbuf_printf(out, "! ecsh running configuration: %s %s\n",
	    engine_kind_word(o->kind), o->name);
	strbuf_puts(out, "configure\n");
	object_text(e, o, out);
	strbuf_puts(out, "end\n");
}

void
running_config(const struct engine *e, struct strbuf *out)
{
	struct visit vt = text_visit;
	struct text t = { out, true };
	const struct object *o;
	size_t k;

	vt.arg = &t;
	strbuf_puts(out, "! ecsh running configuration\n");
	strbuf_puts(out, "configure\n");
	visit_globals(e, &vt);
	for (k = 0; k < sizeof(top_order) / sizeof(top_order[0]); k++)
		for (o = engine_first(e, top_order[k], NULL); o != NULL;
		    o = engine_next(o))
			visit_object(e, o, 0, &vt);
	strbuf_puts(out, "end\n");
}

char *
running_config_block(const struct engine *e, enum obj_kind kind,
    const char *name)
{
	struct visit vt = text_visit;
	struct strbuf out;
	const struct object *o;
	struct obj_ref ref = { kind, name, NULL };
	struct text t = { &out, false };
	char *text;

	strbuf_init(&out);
	vt.arg = &t;
	if (kind == OBJ_NONE)
		visit_globals(e, &vt);
	else if ((o = engine_find(e, &ref)) != NULL)
		visit_object(e, o, 0, &vt);
	text = strdup(out.s != NULL ? out.s : "");
	strbuf_free(&out);
	return text;
}

/* Replay: the same values, set on another store as each would be typed. */

struct replay {
	struct engine		*to;
	struct engine_error	*err;
	struct obj_ref		 refs[MODE_DEPTH_MAX];
};

static int
replay_begin(void *arg, const struct object *o, int level)
{
	struct replay *r = arg;
	bool created;

	if (level >= MODE_DEPTH_MAX)
		return -1;
	r->refs[level] = (struct obj_ref){ o->kind, o->name,
	    level > 0 ? &r->refs[level - 1] : NULL };
	return engine_enter(r->to, &r->refs[level], &created, r->err);
}

static int
replay_setting(void *arg, const struct object *o, int level,
    enum gram_mode mode, enum setting s, const struct setting_value *v)
{
	struct replay *r = arg;
	const struct obj_ref *ref = o != NULL ? &r->refs[level] : NULL;

	(void)mode;
	if (v->negated)
		return engine_unset(r->to, ref, s, v, r->err);
	return engine_set(r->to, ref, s, v, r->err);
}

static int
replay_end(void *arg, const struct object *o, int level)
{
	(void)arg;
	(void)o;
	(void)level;
	return 0;
}

int
running_config_replay(const struct engine *from, struct engine *to,
    struct engine_error *err)
{
	struct replay r = { .to = to, .err = err };
	struct visit vt = { replay_begin, replay_setting, replay_end, &r };
	const struct object *o;
	size_t k;

	if (visit_globals(from, &vt) == -1)
		return -1;
	for (k = 0; k < sizeof(top_order) / sizeof(top_order[0]); k++)
		for (o = engine_first(from, top_order[k], NULL); o != NULL;
		    o = engine_next(o))
			if (visit_object(from, o, 0, &vt) == -1)
				return -1;
	return 0;
}

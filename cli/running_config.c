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

/*
 * The walk, resumable (SPEC 10): where it stands is the top-level object
 * under way, the grammar row of its mode, the next object that row makes
 * (a VBR's group, a connection's tunnel: each is small, and walked
 * whole), and the cursor in the row's setting (a CPE's million networks
 * are one row).  A step goes as far as enough() lets it, one line at
 * least; the next goes on from there.  What it walks must not change
 * between the steps.
 */
struct config_walk {
	const struct engine	*store;
	struct visit		 vt;
	bool			(*enough)(void *);
	void			*enough_arg;
	const struct object	*only;		/* one block; NULL: all */
	bool			 globals;	/* said, or not wanted */
	size_t			 kind;		/* of prev, in top_order */
	const struct object	*cur;		/* the block under way */
	const struct object	*prev;		/* the last one done */
	size_t			 row;
	bool			 in_row;
	const struct object	*child;		/* the row's next one */
	struct setting_cursor	 at;
	bool			 said[SET_COUNT];
	bool			 over;
};

static const enum obj_kind top_order[] = {
	OBJ_VPC, OBJ_TRANSIT_ROUTER, OBJ_VBR, OBJ_ECR, OBJ_VPN_GATEWAY,
	OBJ_CUSTOMER_GATEWAY, OBJ_VPN_CONNECTION, OBJ_CPE, OBJ_ALERT_RULE,
};
#define NTOP	(sizeof(top_order) / sizeof(top_order[0]))

static int	visit_globals(const struct engine *, const struct visit *);

/* The first object of the kind at *kind or of one after it. */
static const struct object *
first_from(const struct engine *store, size_t *kind)
{
	const struct object *o;

	for (; *kind < NTOP; (*kind)++)
		if ((o = engine_first(store, top_order[*kind], NULL)) != NULL)
			return o;
	return NULL;
}

/* The top-level object after the last one done, in running-config order. */
static const struct object *
next_top(struct config_walk *w)
{
	const struct object *o;

	if (w->only != NULL)
		return w->prev == NULL ? w->only : NULL;
	if (w->prev == NULL)
		return first_from(w->store, &w->kind);
	if ((o = engine_next(w->prev)) != NULL)
		return o;
	w->kind++;
	return first_from(w->store, &w->kind);
}

/*
 * The body of the block under way, from where the walk stands: 1 when
 * enough() says stop (it goes on later), 0 at its end, -1 when the
 * visitor failed.
 */
static int
walk_body(struct config_walk *w)
{
	const struct object *o = w->cur;
	enum gram_mode mode = mode_of(o->kind);
	const struct gram_node *tab, *n;
	struct setting_value v;

	if (mode == M_NONE)
		return 0;
	tab = gram_modes[mode].nodes;
	for (; tab[w->row].type != GT_END; w->row++, w->in_row = false) {
		n = &tab[w->row];
		if (!w->in_row) {
			w->in_row = true;
			w->child = n->enters != M_EXEC ? engine_first(w->store,
			    gram_modes[n->enters].obj, o) : NULL;
			memset(&w->at, 0, sizeof(w->at));
			if (n->cmd == C_SET && n->setting < SET_COUNT &&
			    w->said[n->setting])
				w->at.i = SIZE_MAX;	/* an earlier row said it */
			else if (n->cmd == C_SET && n->setting < SET_COUNT)
				w->said[n->setting] = true;
		}
		while (w->child != NULL) {
			if (visit_object(w->store, w->child, 1, &w->vt) == -1)
				return -1;
			w->child = engine_next(w->child);
			if (w->enough(w->enough_arg))
				return 1;
		}
		if (n->cmd != C_SET || n->setting >= SET_COUNT ||
		    w->at.i == SIZE_MAX)
			continue;
		while (engine_setting_next(w->store, o, n->setting, &w->at,
		    &v)) {
			if (w->vt.setting(w->vt.arg, o, 0, mode, n->setting,
			    &v) == -1)
				return -1;
			if (w->enough(w->enough_arg))
				return 1;
		}
	}
	return 0;
}

/* 1: more to walk, 0: the end, -1: the visitor refused a line. */
static int
config_walk_step(struct config_walk *w)
{
	int rc;

	if (w->over)
		return 0;
	if (!w->globals) {
		w->globals = true;
		if (visit_globals(w->store, &w->vt) == -1)
			return -1;
	}
	for (;;) {
		if (w->cur == NULL) {
			if ((w->cur = next_top(w)) == NULL) {
				w->over = true;
				return 0;
			}
			w->row = 0;
			w->in_row = false;
			memset(w->said, 0, sizeof(w->said));
			if (w->vt.begin(w->vt.arg, w->cur, 0) == -1)
				return -1;
		}
		if ((rc = walk_body(w)) != 0)
			return rc;
		if (w->vt.end(w->vt.arg, w->cur, 0) == -1)
			return -1;
		w->prev = w->cur;
		w->cur = NULL;
		if (w->enough(w->enough_arg))
			return 1;
	}
}

static bool
never_enough(void *arg)
{
	(void)arg;
	return false;
}

static void
config_walk_init(struct config_walk *w, const struct engine *store,
    const struct object *only, bool globals, const struct visit *vt)
{
	memset(w, 0, sizeof(*w));
	w->store = store;
	w->vt = *vt;
	w->only = only;
	w->globals = !globals;
	w->enough = never_enough;
}

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

void
running_config(const struct engine *e, struct strbuf *out)
{
	struct config_text *t = config_text_new(e, NULL, CONFIG_WHOLE, NULL,
	    NULL);

	while (t != NULL && config_text_step(t, out) == 1)
		;
	config_text_free(t);
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
	struct config_replay *r = config_replay_new(from, to, NULL, NULL);
	int rc;

	if (r == NULL) {
		snprintf(err->code, sizeof(err->code), "%s", "");
		snprintf(err->text, sizeof(err->text), "out of memory");
		return -1;
	}
	while ((rc = config_replay_step(r, err)) == 1)
		;
	config_replay_free(r);
	return rc;
}

/* In slices. */

struct config_text {
	struct config_walk	 w;
	struct text		 t;
	enum config_text_what	 what;
	bool			 opened;
};

struct config_text *
config_text_new(const struct engine *store, const struct object *only,
    enum config_text_what what, bool (*enough)(void *), void *arg)
{
	struct config_text *ct = calloc(1, sizeof(*ct));

	if (ct == NULL)
		return NULL;
	ct->what = what;
	ct->t.separate = what == CONFIG_WHOLE;
	config_walk_init(&ct->w, store, only, what == CONFIG_WHOLE ||
	    what == CONFIG_GLOBALS, &text_visit);
	ct->w.vt.arg = &ct->t;
	if (what == CONFIG_GLOBALS)
		ct->w.over = true;	/* the globals, nothing after */
	if (enough != NULL) {
		ct->w.enough = enough;
		ct->w.enough_arg = arg;
	}
	return ct;
}

int
config_text_step(struct config_text *ct, struct strbuf *out)
{
	int rc;

	ct->t.out = out;
	if (ct->what == CONFIG_WHOLE && !ct->opened) {
		strbuf_puts(out, "! ecsh running configuration\n");
		strbuf_puts(out, "configure\n");
	}
	ct->opened = true;
	if (ct->what == CONFIG_GLOBALS) {
		if (!ct->w.globals) {
			ct->w.globals = true;
			(void)visit_globals(ct->w.store, &ct->w.vt);
		}
		return 0;
	}
	if ((rc = config_walk_step(&ct->w)) == 1)
		return 1;
	if (ct->what == CONFIG_WHOLE)
		strbuf_puts(out, "end\n");
	return 0;
}

void
config_text_free(struct config_text *ct)
{
	free(ct);
}

struct config_replay {
	struct config_walk	 w;
	struct replay		 r;
};

struct config_replay *
config_replay_new(const struct engine *from, struct engine *to,
    bool (*enough)(void *), void *arg)
{
	static const struct visit replay_visit = { replay_begin,
		replay_setting, replay_end, NULL };
	struct config_replay *cr = calloc(1, sizeof(*cr));

	if (cr == NULL)
		return NULL;
	cr->r.to = to;
	config_walk_init(&cr->w, from, NULL, true, &replay_visit);
	cr->w.vt.arg = &cr->r;
	if (enough != NULL) {
		cr->w.enough = enough;
		cr->w.enough_arg = arg;
	}
	return cr;
}

int
config_replay_step(struct config_replay *cr, struct engine_error *err)
{
	cr->r.err = err;
	return config_walk_step(&cr->w);
}

void
config_replay_free(struct config_replay *cr)
{
	free(cr);
}

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
#include <string.h>
#include <sys/socket.h>

#include "commands.h"
#include "../core/sessions/bgp_tcp.h"

struct emit {
	struct strbuf	*out;
	const char	*ind;		/* the block's settings */
};

#define LINE(e, ...) do {						\
	strbuf_puts((e)->out, (e)->ind);				\
	strbuf_printf((e)->out, __VA_ARGS__);				\
	strbuf_puts((e)->out, "\n");					\
} while (0)

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

static void
say(enum gram_mode mode, enum setting s, const struct setting_value *v,
    struct emit *e)
{
	char line[GRAM_LINE_MAX];

	if (setting_words(mode, s, v, line, sizeof(line)) == 0)
		LINE(e, "%s", line);
	else	/* a grammar row that cannot say its own value: a bug */
		LINE(e, "! setting %d of this block cannot be written", s);
}

static void object_block(const struct engine *, const struct object *, int,
    struct strbuf *);

static void
children(const struct engine *eng, const struct object *o, enum obj_kind kind,
    int level, struct strbuf *out)
{
	const struct object *c;

	for (c = engine_first(eng, kind, o); c != NULL; c = engine_next(c))
		object_block(eng, c, level, out);
}

/*
 * An object's settings in the order of its mode's grammar rows, and the
 * objects a row makes (a VBR's groups and peers, a connection's tunnels)
 * where that row stands: the rows are in an order that replays.
 */
static void
object_body(const struct engine *eng, const struct object *o, int level,
    struct emit *e)
{
	enum gram_mode mode = mode_of(o->kind);
	const struct gram_node *tab;
	struct setting_cursor at;
	struct setting_value v;
	bool said[SET_COUNT] = { false };
	size_t i;

	if (mode == M_NONE)
		return;
	tab = gram_modes[mode].nodes;
	for (i = 0; tab[i].type != GT_END; i++) {
		if (tab[i].enters != M_EXEC)
			children(eng, o, gram_modes[tab[i].enters].obj,
			    level + 1, e->out);
		if (tab[i].cmd != C_SET || tab[i].setting >= SET_COUNT ||
		    said[tab[i].setting])
			continue;
		said[tab[i].setting] = true;
		memset(&at, 0, sizeof(at));
		while (engine_setting_next(eng, o, tab[i].setting, &at, &v))
			say(mode, tab[i].setting, &v, e);
	}
}

static void
object_block(const struct engine *eng, const struct object *o, int level,
    struct strbuf *out)
{
	char ind[16];
	struct emit e = { out, ind };

	snprintf(ind, sizeof(ind), "%*s", level + 1, "");
	strbuf_printf(out, "%*s%s %s\n", level, "", engine_kind_word(o->kind),
	    o->name);
	object_body(eng, o, level, &e);
	strbuf_printf(out, "%sexit\n", ind);
}

void
running_config_object(const struct engine *e, const struct object *o,
    struct strbuf *out)
{
	strbuf_printf(out, "! ecsh running configuration: %s %s\n",
	    engine_kind_word(o->kind), o->name);
	strbuf_puts(out, "configure\n");
	object_block(e, o, 0, out);
	strbuf_puts(out, "end\n");
}

static const enum obj_kind top_order[] = {
	OBJ_VPC, OBJ_TRANSIT_ROUTER, OBJ_VBR, OBJ_ECR, OBJ_VPN_GATEWAY,
	OBJ_CUSTOMER_GATEWAY, OBJ_VPN_CONNECTION, OBJ_CPE,
};

void
running_config(const struct engine *e, struct strbuf *out)
{
	const struct object *o;
	size_t k;

	struct emit top = { out, "" };
	struct setting_value v;

	strbuf_puts(out, "! ecsh running configuration\n");
	strbuf_puts(out, "configure\n");
	if (strcmp(engine_hostname(e), ENGINE_HOSTNAME_DEFAULT) != 0) {
		memset(&v, 0, sizeof(v));
		v.text = engine_hostname(e);
		v.fields = SF_TEXT;
		say(M_CONFIG, SET_HOSTNAME, &v, &top);
	}
	for (k = 0; k < bgp_tcp_listen_count(e); k++) {
		const struct bgp_listen *l = bgp_tcp_listen_get(e, k);

		memset(&v, 0, sizeof(v));
		v.ip = l->ip;
		v.number = l->port;
		v.fields = SF_IP | (l->port != BGP_PORT ? SF_NUMBER : 0);
		say(M_CONFIG, SET_BGP_LISTEN, &v, &top);
	}
	for (k = 0; k < sizeof(top_order) / sizeof(top_order[0]); k++)
		for (o = engine_first(e, top_order[k], NULL); o != NULL;
		    o = engine_next(o)) {
			strbuf_puts(out, "!\n");
			object_block(e, o, 0, out);
		}
	strbuf_puts(out, "end\n");
}

/*
 * gram_match: the one walk over the grammar tables.
 *
 * A line is split into words, then matched word by word.  Among the nodes
 * that may come next, the best-ranked match wins: an exact keyword beats a
 * typed argument, which beats a keyword prefix, which beats a free word.
 * Two winners of the same rank make the line ambiguous.
 *
 * Generic layers sit around the tables: `no` and `do` in front, `json` and
 * `| filter` behind show commands, and the IOS rule that a command unknown
 * in the current mode is tried in each enclosing mode.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/base/utf8.h"
#include "gram.h"

enum rank {
	RANK_NONE,
	RANK_FREE,		/* WORD, LINE */
	RANK_NAME,		/* object name */
	RANK_PREFIX,		/* unique prefix of a keyword */
	RANK_TYPED,		/* number, ASN, address, prefix */
	RANK_EXACT,		/* the keyword in full */
};

struct words {
	size_t		 n;
	char		*word[GRAM_WORDS_MAX];
	size_t		 col[GRAM_WORDS_MAX];
	const char	*line;		/* the original text */
	size_t		 end;		/* where a LINE ends: a `|`, or the end */
	char		*buf;		/* the words, NUL-separated */
};

struct root {
	const struct gram_node	*tab;
	size_t			 idx;	/* GRAM_ROOT: all first words */
};

struct level {
	struct root	root[3];
	size_t		n;
};

struct cand {
	const struct gram_node	*tab;
	size_t			 idx;
	int			 option;	/* ordinal under the anchor, or -1 */
};

struct walk {
	const struct level	*level;
	const struct gram_node	*tab;
	size_t			 cur;		/* GRAM_ROOT before word one */
	size_t			 anchor;	/* GF_OPTIONS node, or GRAM_NONE */
	uint64_t		 used;		/* options taken, by ordinal */
	bool			 show;
	bool			 json;
	size_t			 error_col;
	enum gram_status	 status;
	const struct gram_node	*matched;	/* last node matched */
	size_t			 to;		/* words to walk: [k, to) */
	bool			 need_end;	/* a tie is settled by ending */
	int			 tie_depth;
};

static const struct gram_node json_node = {
	.type = GT_KEYWORD, .word = "json", .flags = GF_EXACT | GF_JSON,
	.help = "Print one JSON document instead of a table",
};

static const struct gram_node pipe_node = {
	.type = GT_KEYWORD, .word = "|", .flags = GF_EXACT,
	.help = "Filter the output (include, exclude, begin, section, count)",
};

static const struct gram_node cr_node = {
	.type = GT_KEYWORD, .word = "<cr>", .help = "Run the command",
};

size_t
gram_first_child(const struct gram_node *tab, size_t parent)
{
	size_t i = parent == GRAM_ROOT ? 0 : parent + 1;
	unsigned want = parent == GRAM_ROOT ? 0 : tab[parent].depth + 1u;

	if (tab[i].type != GT_END && tab[i].depth == want)
		return i;
	return GRAM_NONE;
}

size_t
gram_next_sibling(const struct gram_node *tab, size_t i)
{
	unsigned depth = tab[i].depth;

	for (i++; tab[i].type != GT_END; i++) {
		if (tab[i].depth == depth)
			return i;
		if (tab[i].depth < depth)
			break;
	}
	return GRAM_NONE;
}

/*
 * Options that fill the same slot are alternatives: once one has filled
 * it, the others are refused.  A_AS_PATH collects every ASN it is given.
 */
bool
gram_option_excludes(const struct gram_node *a, const struct gram_node *b)
{
	return a->slot == b->slot && a->slot != A_NONE &&
	    a->slot != A_AS_PATH;
}

/* A GF_SHARE alternative continues as the first sibling without it. */
static size_t
resolve_share(const struct gram_node *tab, size_t i)
{
	while (tab[i].flags & GF_SHARE) {
		size_t next = gram_next_sibling(tab, i);

		if (next == GRAM_NONE)
			break;
		i = next;
	}
	return i;
}

static size_t
show_root_index(void)
{
	const struct gram_node *tab = gram_modes[M_EXEC].nodes;
	size_t i;

	for (i = 0; tab[i].type != GT_END; i++)
		if (tab[i].depth == 0 && strcmp(tab[i].word, "show") == 0)
			return i;
	return GRAM_NONE;
}

enum prefix_kind { PREFIX_NONE, PREFIX_NO, PREFIX_DO };

/*
 * Level 0 is the current mode (with exit, end, no, do and show); each
 * further level is an enclosing configuration mode.
 */
static size_t
build_levels(enum gram_mode mode, enum prefix_kind prefix, struct level *lv,
    size_t max)
{
	size_t n = 0, show = show_root_index();
	enum gram_mode m;

	memset(lv, 0, sizeof(*lv) * max);
	if (prefix == PREFIX_DO || mode == M_EXEC) {
		lv[0].root[0] = (struct root){ gram_modes[M_EXEC].nodes,
		    GRAM_ROOT };
		lv[0].n = 1;
		return 1;
	}
	for (m = mode; m != M_NONE && m != M_EXEC && n < max;
	    m = gram_modes[m].parent) {
		lv[n].root[lv[n].n++] = (struct root){ gram_modes[m].nodes,
		    GRAM_ROOT };
		if (n == 0 && prefix == PREFIX_NONE) {
			lv[0].root[lv[0].n++] = (struct root){ gram_common,
			    GRAM_ROOT };
			if (show != GRAM_NONE)
				lv[0].root[lv[0].n++] = (struct root){
				    gram_modes[M_EXEC].nodes, show };
		}
		n++;
	}
	return n;
}

static void
walk_start(struct walk *w, const struct level *lv, size_t to, bool need_end)
{
	memset(w, 0, sizeof(*w));
	w->to = to;
	w->need_end = need_end;
	w->level = lv;
	w->cur = GRAM_ROOT;
	w->anchor = GRAM_NONE;
	w->status = GS_OK;
}

static bool
option_free(const struct walk *w, const struct gram_match *m,
    const struct gram_node *n, int ordinal)
{
	if (ordinal < 64 && (w->used >> ordinal) & 1)
		return false;
	return !gram_option_excludes(n, n) || !gram_has(m, n->slot);
}

static void
add_anchor_options(const struct walk *w, const struct gram_match *m,
    struct cand *c, size_t *nc, size_t max)
{
	size_t i;
	int ordinal = 0;

	for (i = gram_first_child(w->tab, w->anchor); i != GRAM_NONE && *nc < max;
	    i = gram_next_sibling(w->tab, i), ordinal++)
		if (option_free(w, m, &w->tab[i], ordinal))
			c[(*nc)++] = (struct cand){ w->tab, i, ordinal };
}

/* Every node that may match the next word. */
static size_t
collect(const struct walk *w, const struct gram_match *m, struct cand *c,
    size_t max)
{
	const struct gram_node *n;
	size_t nc = 0, i, r;

	if (w->json)
		return 0;
	if (w->cur == GRAM_ROOT) {
		for (r = 0; r < w->level->n; r++) {
			const struct root *rt = &w->level->root[r];

			if (rt->idx != GRAM_ROOT) {
				c[nc++] = (struct cand){ rt->tab, rt->idx, -1 };
				continue;
			}
			for (i = gram_first_child(rt->tab, GRAM_ROOT);
			    i != GRAM_NONE && nc < max;
			    i = gram_next_sibling(rt->tab, i))
				c[nc++] = (struct cand){ rt->tab, i, -1 };
		}
		return nc;
	}
	n = &w->tab[w->cur];
	if (w->cur == w->anchor) {
		add_anchor_options(w, m, c, &nc, max);
	} else {
		for (i = gram_first_child(w->tab, w->cur);
		    i != GRAM_NONE && nc < max; i = gram_next_sibling(w->tab, i))
			c[nc++] = (struct cand){ w->tab, i, -1 };
		if (n->flags & GF_REPEAT && nc < max)
			c[nc++] = (struct cand){ w->tab, w->cur, -1 };
		if (w->anchor != GRAM_NONE && n->cmd != C_NONE)
			add_anchor_options(w, m, c, &nc, max);
	}
	if (w->show && n->cmd != C_NONE && nc < max)
		c[nc++] = (struct cand){ &json_node, 0, -1 };
	return nc;
}

/*
 * A refusal the cloud's API has a code for leads with it (SPEC 6): the
 * node's own, or InvalidIP.Malformed for any address.
 */
static enum rank
refused(const struct gram_node *n, char *why, size_t whylen)
{
	const char *code = n->code;
	size_t lead, len;

	if (code == NULL && (n->type == GT_IPV4 || n->type == GT_IPV6 ||
	    n->type == GT_IP))
		code = "InvalidIP.Malformed";
	if (code == NULL || why[0] == '\0' || (lead = strlen(code) + 2) >=
	    whylen)
		return RANK_NONE;
	len = strlen(why);
	if (len + lead >= whylen)
		len = whylen - lead - 1;
	memmove(why + lead, why, len);
	why[lead + len] = '\0';
	memcpy(why, code, lead - 2);
	memcpy(why + lead - 2, ": ", 2);
	return RANK_NONE;
}

static enum rank
rank_word(const struct gram_node *n, const char *word, struct gram_value *v,
    char *why, size_t whylen)
{
	size_t at;

	switch (n->type) {
	case GT_KEYWORD:
		if (strcmp(word, n->word) == 0)
			return RANK_EXACT;
		if (!(n->flags & GF_EXACT) &&
		    strncmp(word, n->word, strlen(word)) == 0)
			return RANK_PREFIX;
		return RANK_NONE;
	case GT_LINE:
		/* word is the rest of the line: text people read (SPEC 2) */
		if (!utf8_text_check(word, &at, why, whylen))
			return RANK_NONE;
		v->text = word;
		return RANK_FREE;
	case GT_WORD:
		v->text = word;
		return RANK_FREE;
	case GT_NAME:
		return gram_decode(n, word, v, why, whylen) ? RANK_NAME :
		    refused(n, why, whylen);
	default:
		return gram_decode(n, word, v, why, whylen) ? RANK_TYPED :
		    refused(n, why, whylen);
	}
}

static bool
is_typed(const struct gram_node *n)
{
	return n->type != GT_KEYWORD && n->type != GT_WORD &&
	    n->type != GT_LINE;
}

static void
store_value(struct gram_match *m, const struct gram_node *n,
    const struct gram_value *v)
{
	if (n->slot == A_NONE)
		return;
	if (n->slot == A_AS_PATH) {
		if (m->as_path_len < GRAM_AS_PATH_MAX)
			m->as_path[m->as_path_len++] = (uint32_t)v->number;
	} else if (n->type == GT_KEYWORD) {
		m->arg[n->slot].number = n->value;
		m->arg[n->slot].text = n->word;
	} else {
		m->arg[n->slot] = *v;
	}
	m->present |= (uint64_t)1 << n->slot;
}

/* The rest of the line from word k on, spaces kept, trailing ones cut. */
static char *
rest_of_line(struct words *ws, size_t k)
{
	size_t col = ws->col[k], len = ws->end;

	while (len > col && isspace((unsigned char)ws->line[len - 1]))
		len--;
	memcpy(ws->buf + col, ws->line + col, len - col);
	ws->buf[len] = '\0';
	return ws->buf + col;
}

static void	 walk_words(struct walk *, struct gram_match *, struct words *,
		    size_t);
static const struct gram_node *walk_end(const struct walk *,
		    const struct gram_match *);

/* Take candidate c for word k; returns the number of words it consumed. */
static size_t
take(struct walk *w, struct gram_match *m, struct words *ws, size_t k,
    const struct cand *c, struct gram_value *v)
{
	const struct gram_node *n = &c->tab[c->idx];

	w->matched = n;
	if (n->flags & GF_JSON) {
		w->json = true;
		return 1;
	}
	if (n->type == GT_LINE)
		v->text = rest_of_line(ws, k);
	if (n->flags & GF_SECRET) {
		m->secret_col = ws->col[k];
		m->secret_len = strlen(ws->word[k]);
	}
	store_value(m, n, v);
	if (c->option >= 0 && c->option < 64)
		w->used |= (uint64_t)1 << c->option;
	w->tab = c->tab;
	w->cur = resolve_share(c->tab, c->idx);
	if (w->tab[w->cur].flags & GF_OPTIONS) {
		w->anchor = w->cur;
		w->used = 0;
	}
	if (n->flags & GF_SHOW || w->tab[w->cur].flags & GF_SHOW)
		w->show = true;
	return n->type == GT_LINE ? ws->n - k : 1;
}

enum { TIE_DEPTH_MAX = 4 };

/*
 * Several keywords share the typed prefix (`pe`: peer, peers).  As FRR
 * does, keep the one reading on from which the rest of the line works.
 */
static int
settle_tie(const struct walk *w, struct gram_match *m, struct words *ws,
    size_t k, const struct cand *tied, const struct gram_value *vals,
    size_t ntied)
{
	unsigned char saved[offsetof(struct gram_match, buf)];
	int winner = -1, wins = 0, unfinished = -1, nunfinished = 0;
	size_t secret_col = m->secret_col, secret_len = m->secret_len;
	struct gram_value v;
	struct walk w2;
	size_t i, used;

	if (w->tie_depth >= TIE_DEPTH_MAX)
		return -1;
	memcpy(saved, m, sizeof(saved));
	for (i = 0; i < ntied; i++) {
		w2 = *w;
		w2.tie_depth++;
		v = vals[i];
		used = take(&w2, m, ws, k, &tied[i], &v);
		walk_words(&w2, m, ws, k + used);
		if (m->secret_len != 0) {	/* a reading took a key: kept */
			secret_col = m->secret_col;
			secret_len = m->secret_len;
		}
		if (w2.status == GS_OK &&
		    (!w2.need_end || walk_end(&w2, m) != NULL)) {
			winner = (int)i;
			wins++;
		} else if (w2.status == GS_OK) {
			unfinished = (int)i;	/* every word taken, more due */
			nunfinished++;
		}
		memcpy(m, saved, sizeof(saved));
	}
	m->secret_col = secret_col;
	m->secret_len = secret_len;
	/* none ends here, one reading takes every word: the line is that
	 * command, incomplete (what ? and TAB go on from) */
	if (wins == 0 && nunfinished == 1)
		return unfinished;
	return wins == 1 ? winner : -1;
}

/*
 * `show` is offered in every configuration mode beside the mode's own
 * words, so a prefix of both (`sh` where `shutdown` exists) must not be
 * settled by what follows: a typo would shut a session down.
 */
static bool
shadows_show(const struct walk *w, const struct cand *tied, size_t ntied)
{
	size_t i, r;
	bool show = false, other = false;

	if (w->cur != GRAM_ROOT)
		return false;
	for (i = 0; i < ntied; i++) {
		for (r = 0; r < w->level->n; r++)
			if (w->level->root[r].idx != GRAM_ROOT &&
			    w->level->root[r].tab == tied[i].tab &&
			    w->level->root[r].idx == tied[i].idx)
				break;
		if (r < w->level->n)
			show = true;
		else
			other = true;
	}
	return show && other;
}

/*
 * Match word k.  Returns the number of words consumed (1, or all the rest
 * for a LINE), or 0 with w->status set.
 */
static size_t
step(struct walk *w, struct gram_match *m, struct words *ws, size_t k)
{
	struct cand c[GRAM_HELP_MAX], tied[GRAM_HELP_MAX];
	struct gram_value v, vals[GRAM_HELP_MAX];
	enum rank r, bestr = RANK_NONE;
	size_t nc, i, ntied = 0, typed = 0;
	char why[GRAM_WHY_MAX];
	const struct gram_node *n;
	int pick;

	if (m->as_path_len >= GRAM_AS_PATH_MAX && w->cur != GRAM_ROOT &&
	    w->tab[w->cur].slot == A_AS_PATH) {
		snprintf(m->why, sizeof(m->why), "at most %d ASNs",
		    GRAM_AS_PATH_MAX);
		w->status = GS_NO_MATCH;
		w->error_col = ws->col[k];
		return 0;
	}
	nc = collect(w, m, c, GRAM_HELP_MAX);
	for (i = 0; i < nc; i++) {
		n = &c[i].tab[c[i].idx];
		memset(&v, 0, sizeof(v));
		why[0] = '\0';
		r = rank_word(n, n->type == GT_LINE ? ws->line + ws->col[k] :
		    ws->word[k], &v, why, sizeof(why));
		if (r == RANK_NONE) {
			if ((is_typed(n) || n->type == GT_LINE) &&
			    why[0] != '\0' && typed++ == 0)
				snprintf(m->why, sizeof(m->why), "%s", why);
			continue;
		}
		if (r > bestr) {
			bestr = r;
			ntied = 0;
		}
		if (r == bestr) {
			tied[ntied] = c[i];
			vals[ntied++] = v;
		}
	}
	if (bestr == RANK_NONE) {
		w->status = GS_NO_MATCH;
		w->error_col = ws->col[k];
		return 0;
	}
	pick = 0;
	if (ntied > 1 && (shadows_show(w, tied, ntied) ||
	    (pick = settle_tie(w, m, ws, k, tied, vals, ntied)) < 0)) {
		w->status = GS_AMBIGUOUS;
		w->error_col = ws->col[k];
		return 0;
	}
	m->why[0] = '\0';
	return take(w, m, ws, k, &tied[pick], &vals[pick]);
}

static void
walk_words(struct walk *w, struct gram_match *m, struct words *ws,
    size_t from)
{
	size_t k = from, used;

	while (k < w->to && w->status == GS_OK) {
		used = step(w, m, ws, k);
		if (used == 0)
			return;
		k += used;
	}
}

/* The node where the command ends, or NULL if it cannot end here. */
static const struct gram_node *
walk_end(const struct walk *w, const struct gram_match *m)
{
	const struct gram_node *n;

	if (w->cur == GRAM_ROOT)
		return NULL;
	n = &w->tab[w->cur];
	if (n->cmd == C_NONE || (n->flags & GF_NO_ONLY && !m->negate))
		return NULL;
	return n;
}

static enum gram_status
split_words(const char *line, char *buf, struct words *ws)
{
	size_t len = strlen(line), i = 0;

	memset(ws, 0, sizeof(*ws));
	ws->line = line;
	ws->end = len;
	ws->buf = buf;
	if (len >= GRAM_LINE_MAX)
		return GS_TOO_LONG;
	memcpy(buf, line, len + 1);
	for (;;) {
		while (i < len && isspace((unsigned char)buf[i]))
			buf[i++] = '\0';
		if (i >= len)
			break;
		if (ws->n == GRAM_WORDS_MAX)
			return GS_TOO_LONG;
		ws->col[ws->n] = i;
		ws->word[ws->n++] = buf + i;
		while (i < len && !isspace((unsigned char)buf[i]))
			i++;
	}
	return GS_OK;
}

/* The first `|` word in [from, to), or GRAM_NONE. */
static size_t
find_pipe(const struct words *ws, size_t from, size_t to)
{
	size_t k;

	for (k = from; k < to; k++)
		if (strcmp(ws->word[k], "|") == 0)
			return k;
	return GRAM_NONE;
}

/* Decide whether the first word is the generic `no` or `do`. */
static enum prefix_kind
detect_prefix(enum gram_mode mode, struct words *ws, struct gram_match *m)
{
	struct level lv[M_MODE_COUNT];
	struct walk w;

	if (ws->n == 0 || mode == M_EXEC)
		return PREFIX_NONE;
	build_levels(mode, PREFIX_NONE, lv, M_MODE_COUNT);
	walk_start(&w, &lv[0], 1, false);
	if (step(&w, m, ws, 0) == 0 || w.matched == NULL)
		return PREFIX_NONE;
	if (w.matched->flags & GF_NO)
		return PREFIX_NO;
	if (w.matched->flags & GF_DO)
		return PREFIX_DO;
	return PREFIX_NONE;
}

static void
reset_args(struct gram_match *m)
{
	m->present = 0;
	m->as_path_len = 0;
	memset(m->arg, 0, sizeof(m->arg));
	m->why[0] = '\0';
}

/*
 * The filters after a show, each from a `|` to the next: a regex never
 * holds a `|` word, so `| include bgp | count` is two filters (`a|b` is
 * one regex).  A filter reuses A_CHOICE and A_TEXT; the command keeps
 * its own.
 */
static enum gram_status
match_filters(struct gram_match *m, struct words *ws, size_t pipe)
{
	struct level lv = { .root = { { gram_filters, GRAM_ROOT } }, .n = 1 };
	struct gram_value saved[A_SLOT_COUNT];
	uint64_t saved_present = m->present;
	enum gram_status st = GS_OK;
	size_t next, to;
	struct walk w;

	memcpy(saved, m->arg, sizeof(saved));
	for (; pipe != GRAM_NONE && st == GS_OK; pipe = next) {
		next = find_pipe(ws, pipe + 1, ws->n);
		to = next != GRAM_NONE ? next : ws->n;
		if (to == pipe + 1) {
			st = GS_INCOMPLETE;
			break;
		}
		if (m->nfilters == GRAM_FILTERS_MAX) {
			snprintf(m->why, sizeof(m->why), "at most %d filters",
			    GRAM_FILTERS_MAX);
			m->error_col = ws->col[pipe];
			st = GS_NO_MATCH;
			break;
		}
		ws->end = next != GRAM_NONE ? ws->col[next] : strlen(ws->line);
		m->present = 0;
		walk_start(&w, &lv, to, true);
		walk_words(&w, m, ws, pipe + 1);
		if (w.status != GS_OK) {
			m->error_col = w.error_col;
			st = w.status;
		} else if (w.cur == GRAM_ROOT || w.tab[w.cur].cmd != C_FILTER) {
			st = GS_INCOMPLETE;
		} else {
			m->filter[m->nfilters].kind =
			    (enum gram_choice)m->arg[A_CHOICE].number;
			m->filter[m->nfilters++].regex = gram_has(m, A_TEXT) ?
			    m->arg[A_TEXT].text : NULL;
		}
	}
	memcpy(m->arg, saved, sizeof(saved));
	m->present = saved_present;
	return st;
}

/*
 * Try the current mode, then each enclosing one.  If none takes the line,
 * report the attempt that got furthest (an incomplete command got through
 * every word); on a tie, the innermost mode.
 */
static enum gram_status
match_words(struct gram_match *m, enum gram_mode mode, struct words *ws,
    size_t to)
{
	struct level lv[M_MODE_COUNT];
	enum prefix_kind prefix;
	size_t nlev, i, from = 0, progress, best_progress = 0, best_col = 0;
	enum gram_status best = GS_NO_MATCH;
	char best_why[GRAM_WHY_MAX] = "";
	const struct gram_node *end;
	struct walk w;

	prefix = detect_prefix(mode, ws, m);
	reset_args(m);
	if (prefix != PREFIX_NONE) {
		from = 1;
		m->negate = prefix == PREFIX_NO;
		m->via_do = prefix == PREFIX_DO;
		if (to == 1)
			return GS_INCOMPLETE;
	}
	nlev = build_levels(mode, prefix, lv, M_MODE_COUNT);
	for (i = 0; i < nlev; i++) {
		reset_args(m);
		walk_start(&w, &lv[i], to, true);
		walk_words(&w, m, ws, from);
		if (w.status == GS_OK && (end = walk_end(&w, m)) != NULL) {
			m->cmd = end->cmd;
			m->setting = (enum setting)end->setting;
			m->node = end;
			m->levels_up = (int)i;
			m->is_show = w.show;
			m->json = w.json;
			return GS_OK;
		}
		/* every word taken here, more due: the command is this
		 * mode's, incomplete; an enclosing mode that reads the same
		 * words as a whole command (`b hops` in config-bgp-peer as
		 * config-vbr's `bgp-group hops`) would surprise */
		if (w.status == GS_OK) {
			reset_args(m);
			m->error_col = 0;
			return GS_INCOMPLETE;
		}
		progress = w.error_col;
		if (i == 0 || progress > best_progress) {
			best = w.status;
			best_progress = progress;
			best_col = w.error_col;
			snprintf(best_why, sizeof(best_why), "%s", m->why);
		}
	}
	reset_args(m);
	m->error_col = best_col;
	snprintf(m->why, sizeof(m->why), "%s", best_why);
	return best;
}

enum gram_status
gram_match(const char *line, enum gram_mode mode, struct gram_match *m)
{
	struct words ws;
	size_t pipe;
	enum gram_status st;

	memset(m, 0, offsetof(struct gram_match, buf));
	m->status = split_words(line, m->buf, &ws);
	if (m->status != GS_OK)
		return m->status;
	if (ws.n == 0 || ws.word[0][0] == '!')
		return m->status = GS_EMPTY;

	pipe = find_pipe(&ws, 1, ws.n);
	if (pipe != GRAM_NONE) {
		st = match_words(m, mode, &ws, pipe);
		if (st == GS_OK && m->is_show)
			return m->status = match_filters(m, &ws, pipe);
		/* not a show: the bar belongs to the text, e.g. a description */
		split_words(line, m->buf, &ws);
		memset(m, 0, offsetof(struct gram_match, buf));
	}
	return m->status = match_words(m, mode, &ws, ws.n);
}

/*
 * After a show's `|`: the walk positioned in the filter being typed, the
 * one after the last `|`.  Those before it must each be whole, and no more
 * than match_filters() takes, or nothing can follow (a `?` that offered
 * the next word of `| bogus | i` would offer a line that is refused).
 */
static void
position_filters(struct gram_match *m, struct words *ws, size_t pipe,
    size_t done, struct walk *w, struct level *lv)
{
	size_t next, filters = 0;

	lv[0] = (struct level){ .root = { { gram_filters, GRAM_ROOT } },
	    .n = 1 };
	for (;; pipe = next) {
		next = find_pipe(ws, pipe + 1, done);
		ws->end = next != GRAM_NONE ? ws->col[next] : strlen(ws->line);
		walk_start(w, &lv[0], next != GRAM_NONE ? next : done, false);
		if (filters++ == GRAM_FILTERS_MAX) {
			w->status = GS_NO_MATCH;
			w->error_col = ws->col[pipe];
			return;
		}
		walk_words(w, m, ws, pipe + 1);
		if (next == GRAM_NONE || w->status != GS_OK)
			return;
		if (w->cur == GRAM_ROOT || w->tab[w->cur].cmd != C_FILTER) {
			w->status = GS_NO_MATCH;	/* a filter left unfinished */
			w->error_col = ws->col[next];
			return;
		}
	}
}

/*
 * Help and completion: walk every finished word, then look at what may
 * come next.  Returns the walk, positioned, or status != GS_OK.
 */
static void
position(const char *line, enum gram_mode mode, struct gram_match *m,
    struct words *ws, size_t *partial, struct walk *w, struct level *lv)
{
	size_t done, pipe, nlev, i, from = 0;
	enum prefix_kind prefix;
	struct walk fail;
	bool trailing;

	memset(m, 0, offsetof(struct gram_match, buf));
	walk_start(w, &lv[0], 0, false);
	*partial = GRAM_NONE;
	if (split_words(line, m->buf, ws) != GS_OK) {
		w->status = GS_TOO_LONG;
		return;
	}
	trailing = line[0] == '\0' || isspace((unsigned char)line[strlen(line) - 1]);
	done = trailing ? ws->n : ws->n - 1;
	*partial = trailing ? GRAM_NONE : ws->n - 1;

	pipe = find_pipe(ws, 1, done);
	if (pipe != GRAM_NONE) {
		if (match_words(m, mode, ws, pipe) == GS_OK && m->is_show) {
			position_filters(m, ws, pipe, done, w, lv);
			return;
		}
		split_words(line, m->buf, ws);
	}

	prefix = done > 0 ? detect_prefix(mode, ws, m) : PREFIX_NONE;
	reset_args(m);
	if (prefix != PREFIX_NONE) {
		from = 1;
		m->negate = prefix == PREFIX_NO;
	}
	nlev = build_levels(mode, prefix, lv, M_MODE_COUNT);
	/* the first word alone lists this mode only; later words follow
	 * whichever mode they matched in */
	if (done == from)
		nlev = 1;
	walk_start(&fail, &lv[0], done, false);
	for (i = 0; i < nlev; i++) {
		reset_args(m);
		walk_start(w, &lv[i], done, false);
		walk_words(w, m, ws, from);
		if (w->status == GS_OK)
			return;
		if (i == 0 || w->error_col > fail.error_col)
			fail = *w;
	}
	*w = fail;
}

static bool
can_end(const struct walk *w, const struct gram_match *m)
{
	return walk_end(w, m) != NULL || (w->json && w->cur != GRAM_ROOT);
}

static int
help_cmp(const void *a, const void *b)
{
	const struct gram_help_item *x = a, *y = b;
	int xa = isalpha((unsigned char)x->word[0]) || x->word[0] == '|';
	int ya = isalpha((unsigned char)y->word[0]) || y->word[0] == '|';

	/* keywords first, alphabetically; then arguments; <cr> last */
	if (strcmp(x->word, "<cr>") == 0 || strcmp(y->word, "<cr>") == 0)
		return strcmp(x->word, "<cr>") == 0 ? 1 : -1;
	if (xa != ya)
		return ya - xa;
	return strcmp(x->word, y->word);
}

static void
help_add(struct gram_help *h, const struct gram_node *n)
{
	struct gram_help_item *it;
	char range[48];
	size_t i;

	if (h->count >= GRAM_HELP_MAX)
		return;
	it = &h->item[h->count];
	snprintf(it->word, sizeof(it->word), "%s",
	    gram_type_word(n, range, sizeof(range)));
	it->help = n->help;
	for (i = 0; i < h->count; i++)
		if (strcmp(h->item[i].word, it->word) == 0)
			return;
	h->count++;
}

void
gram_help(const char *line, enum gram_mode mode, struct gram_help *h)
{
	static struct gram_match m;	/* large; help is not re-entrant */
	struct level lv[M_MODE_COUNT];
	struct cand c[GRAM_HELP_MAX];
	struct words ws;
	struct walk w;
	size_t partial, nc, i;
	const char *pfx;

	memset(h, 0, sizeof(*h));
	position(line, mode, &m, &ws, &partial, &w, lv);
	if (w.status != GS_OK) {
		h->status = w.status;
		h->error_col = w.error_col;
		return;
	}
	pfx = partial == GRAM_NONE ? "" : ws.word[partial];
	nc = collect(&w, &m, c, GRAM_HELP_MAX);
	for (i = 0; i < nc; i++) {
		const struct gram_node *n = &c[i].tab[c[i].idx];

		if (n->type == GT_KEYWORD &&
		    strncmp(pfx, n->word, strlen(pfx)) != 0)
			continue;
		help_add(h, n);
	}
	if (partial == GRAM_NONE && can_end(&w, &m)) {
		/* after a show, or after a filter: another filter */
		if ((w.show && !w.json) || w.level->root[0].tab == gram_filters)
			help_add(h, &pipe_node);
		help_add(h, &cr_node);
	}
	qsort(h->item, h->count, sizeof(h->item[0]), help_cmp);
	if (h->count == 0) {
		h->status = GS_NO_MATCH;
		h->error_col = partial == GRAM_NONE ? strlen(line) :
		    ws.col[partial];
	}
}

struct name_acc {
	struct gram_completion	*c;
	const char		*prefix;
};

static void
completion_add(void *acc, const char *word)
{
	struct name_acc *a = acc;
	struct gram_completion *c = a->c;
	size_t len = strlen(word), i;

	if (strncmp(word, a->prefix, strlen(a->prefix)) != 0)
		return;
	for (i = 0; i < c->count; i++)
		if (strcmp(c->cand[i], word) == 0)
			return;
	if (c->count >= GRAM_COMPLETE_MAX || c->used + len + 1 > sizeof(c->store))
		return;
	c->cand[c->count++] = memcpy(c->store + c->used, word, len + 1);
	c->used += len + 1;
}

static int
str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void
gram_complete(const char *line, enum gram_mode mode,
    const struct gram_names *names, struct gram_completion *c)
{
	static struct gram_match m;	/* large; completion is not re-entrant */
	struct level lv[M_MODE_COUNT];
	struct cand cd[GRAM_HELP_MAX];
	struct name_acc acc;
	struct words ws;
	struct walk w;
	size_t partial, nc, i;

	memset(c, 0, sizeof(*c));
	position(line, mode, &m, &ws, &partial, &w, lv);
	c->word_start = partial == GRAM_NONE ? strlen(line) : ws.col[partial];
	if (w.status != GS_OK)
		return;
	acc.c = c;
	acc.prefix = partial == GRAM_NONE ? "" : ws.word[partial];
	nc = collect(&w, &m, cd, GRAM_HELP_MAX);
	for (i = 0; i < nc; i++) {
		const struct gram_node *n = &cd[i].tab[cd[i].idx];
		enum obj_kind kind = n->obj;

		if (n->type == GT_KEYWORD) {
			completion_add(&acc, n->word);
		} else if ((n->type == GT_NAME || (n->type == GT_IP &&
		    kind == OBJ_BGP_PEER)) && names != NULL &&
		    names->list != NULL) {
			if (kind == OBJ_NONE && gram_has(&m, A_KIND))
				kind = (enum obj_kind)m.arg[A_KIND].number;
			if (kind != OBJ_NONE)
				names->list(names->ctx, kind, completion_add,
				    &acc);
		}
	}
	qsort(c->cand, c->count, sizeof(c->cand[0]), str_cmp);
}

size_t
gram_completion_common(const struct gram_completion *c)
{
	size_t len, i, j;

	if (c->count == 0)
		return 0;
	len = strlen(c->cand[0]);
	for (i = 1; i < c->count; i++) {
		for (j = 0; j < len && c->cand[i][j] == c->cand[0][j]; j++)
			;
		len = j;
	}
	return len;
}

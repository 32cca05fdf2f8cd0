/*
 * gram_unparse: a setting's values back into the words that set it, by
 * walking the same table the parser walks.  running-config is printed
 * through it, so what it writes is what gram_match reads: a setting's
 * spelling lives in its grammar row and nowhere else.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "gram.h"

struct unparse {
	const struct gram_node	*tab;
	const struct gram_match	*m;
	size_t			 path[GRAM_WORDS_MAX];
	size_t			 best[GRAM_WORDS_MAX];
	size_t			 nbest;
	int			 best_score;
};

/* Can this node stand for what m holds? */
static bool
fits(const struct gram_node *n, const struct gram_match *m)
{
	if (n->slot == A_NONE)
		return true;
	if (!gram_has(m, n->slot))
		return false;
	if (n->type == GT_KEYWORD)	/* a valued keyword: ipv6, say */
		return m->arg[n->slot].number == n->value;
	return true;
}

static bool
ends_here(const struct gram_node *n, const struct gram_match *m)
{
	return n->cmd == C_SET && n->setting == m->setting &&
	    (!(n->flags & GF_NO_ONLY) || m->negate);
}

/* Every path down from i; keep the one that says the most of m. */
static void
walk(struct unparse *u, size_t i, size_t depth, int score)
{
	const struct gram_node *n = &u->tab[i];
	size_t c;

	if (depth == GRAM_WORDS_MAX || !fits(n, u->m))
		return;
	u->path[depth] = i;
	if (n->slot != A_NONE)
		score++;
	if (ends_here(n, u->m) && score > u->best_score) {
		u->best_score = score;
		u->nbest = depth + 1;
		memcpy(u->best, u->path, u->nbest * sizeof(u->path[0]));
	}
	for (c = gram_first_child(u->tab, i); c != GRAM_NONE;
	    c = gram_next_sibling(u->tab, c))
		walk(u, c, depth + 1, score);
}

static size_t
put(char *buf, size_t len, size_t at, const char *word)
{
	int n = snprintf(buf + (at < len ? at : len), at < len ? len - at : 0,
	    "%s%s", at > 0 ? " " : "", word);

	return at + (n > 0 ? (size_t)n : 0);
}

/* The word a node says for m. */
static size_t
say(const struct gram_node *n, const struct gram_match *m, char *buf,
    size_t len, size_t at)
{
	const struct gram_value *v = &m->arg[n->slot];
	char w[NETADDR_STRLEN];
	size_t k;

	switch (n->type) {
	case GT_KEYWORD:
		return put(buf, len, at, n->word);
	case GT_RANGE:
		snprintf(w, sizeof(w), "%" PRId64, v->number);
		return put(buf, len, at, w);
	case GT_ASN:
		if (n->flags & GF_REPEAT) {
			for (k = 0; k < m->as_path_len; k++) {
				snprintf(w, sizeof(w), "%" PRIu32,
				    m->as_path[k]);
				at = put(buf, len, at, w);
			}
			return at;
		}
		snprintf(w, sizeof(w), "%" PRId64, v->number);
		return put(buf, len, at, w);
	case GT_IPV4: case GT_IPV6: case GT_IP:
		return put(buf, len, at, ipaddr_format(&v->ip, w, sizeof(w)));
	case GT_PREFIX4: case GT_PREFIX6: case GT_PREFIX:
		return put(buf, len, at, prefix_format(&v->prefix, w,
		    sizeof(w)));
	default:	/* names, words, the rest of a line */
		return put(buf, len, at, v->text != NULL ? v->text : "");
	}
}

int
gram_unparse(enum gram_mode mode, const struct gram_match *m, char *buf,
    size_t len)
{
	struct unparse u = { .m = m, .best_score = -1 };
	size_t i, at = 0;

	if (mode >= M_MODE_COUNT || m->cmd != C_SET || len == 0)
		return -1;
	u.tab = gram_modes[mode].nodes;
	for (i = gram_first_child(u.tab, GRAM_ROOT); i != GRAM_NONE;
	    i = gram_next_sibling(u.tab, i))
		walk(&u, i, 0, 0);
	if (u.best_score < 0)
		return -1;
	buf[0] = '\0';
	if (m->negate)
		at = put(buf, len, at, "no");
	for (i = 0; i < u.nbest; i++)
		at = say(&u.tab[u.best[i]], m, buf, len, at);
	return at < len ? 0 : -1;
}

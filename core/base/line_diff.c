/*
 * line_diff: a longest common subsequence of lines, after the common head
 * and tail are set aside, so a one-line change in a long block costs the
 * block's length once, not its square.  A middle too big for the table
 * (both sides over a few thousand lines) is said as removed, then added:
 * still a correct diff, only not the shortest.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "line_diff.h"

enum { LCS_CELLS_MAX = 1 << 22 };

struct lines {
	const char	**at;
	size_t		 *len;
	size_t		  n;
};

/* Up to max more lines of text (from *at) into l: 1 more, 0 done, -1. */
static int
split_some(const char **at, struct lines *l, size_t *cap, size_t max)
{
	const char *p = *at, *nl;
	size_t got = 0;

	for (; p != NULL && *p != '\0' && got < max; got++,
	    p = nl != NULL ? nl + 1 : NULL) {
		nl = strchr(p, '\n');
		if (l->n == *cap) {
			size_t ncap = *cap ? *cap * 2 : 64;
			const char **v = realloc(l->at, ncap * sizeof(*v));
			size_t *len;

			if (v == NULL)
				return -1;
			l->at = v;
			if ((len = realloc(l->len, ncap * sizeof(*len))) == NULL)
				return -1;
			l->len = len;
			*cap = ncap;
		}
		l->at[l->n] = p;
		l->len[l->n] = nl != NULL ? (size_t)(nl - p) : strlen(p);
		l->n++;
	}
	*at = p;
	return p != NULL && *p != '\0' ? 1 : 0;
}

static bool
same(const struct lines *a, size_t i, const struct lines *b, size_t j)
{
	return a->len[i] == b->len[j] &&
	    memcmp(a->at[i], b->at[j], a->len[i]) == 0;
}

static size_t
indent_of(const struct lines *l, size_t i)
{
	size_t k = 0;

	while (k < l->len[i] && l->at[i][k] == ' ')
		k++;
	return k;
}

/* One line of the merged sequence: which side it comes from. */
struct step {
	char	mark;		/* ' ', '-', '+' */
	size_t	i;		/* its index in old (' ', '-') or new ('+') */
};

/*
 * The edit script of old into new, in order, in steps of at most CHUNK
 * lines or cells: the common head and tail, the LCS table of the middle
 * (a row of a million cells is many steps), the walk through it, the
 * tail.
 */
enum { CHUNK = 4096 };
enum { HEAD, TAIL, FILL, WALK, TAIL_STEPS, SCRIPT_DONE };

struct script {
	int		 stage;
	size_t		 head, tail, n, m;
	struct step	*s;
	size_t		 k;
	uint32_t	*t;		/* the LCS table, or NULL */
	size_t		 i, j;		/* FILL: the next cell is (i, j - 1);
					 * WALK: where the walk is */
};

/* t[i][j]: the LCS of old[head+i..] and new[head+j..] */
static size_t
fill_cells(struct script *sc, const struct lines *a, const struct lines *b,
    size_t max)
{
	size_t i = sc->i, j, w = sc->m + 1, done;
	uint32_t *t = sc->t;

	for (done = 0; done < max && sc->j > 0; done++) {
		j = --sc->j;
		t[i * w + j] = same(a, sc->head + i, b, sc->head + j) ?
		    t[(i + 1) * w + j + 1] + 1 : t[(i + 1) * w + j] >
		    t[i * w + j + 1] ? t[(i + 1) * w + j] : t[i * w + j + 1];
	}
	return done;
}

/* The middle's table, or none if it is too big (said as removed, then
 * added); -1 out of memory. */
static int
script_plan(struct script *sc, const struct lines *a, const struct lines *b)
{
	sc->n = a->n - sc->head - sc->tail;
	sc->m = b->n - sc->head - sc->tail;
	if (sc->n > 0 && sc->m > 0 &&
	    (sc->n + 1) * (sc->m + 1) <= LCS_CELLS_MAX) {
		if ((sc->t = calloc((sc->n + 1) * (sc->m + 1),
		    sizeof(*sc->t))) == NULL)
			return -1;
		sc->i = sc->n;
		sc->stage = FILL;
	} else {
		sc->i = sc->j = 0;
		sc->stage = WALK;
	}
	return 0;
}

static void
walk_some(struct script *sc, const struct lines *a, const struct lines *b,
    size_t max)
{
	size_t n = sc->n, m = sc->m, w = m + 1, i = sc->i, j = sc->j;

	for (; max > 0 && (i < n || j < m); max--) {
		if (sc->t == NULL) {
			if (i < n)
				sc->s[sc->k++] = (struct step){ '-',
				    sc->head + i++ };
			else
				sc->s[sc->k++] = (struct step){ '+',
				    sc->head + j++ };
		} else if (i < n && j < m && same(a, sc->head + i, b,
		    sc->head + j)) {
			sc->s[sc->k++] = (struct step){ ' ', sc->head + i };
			i++, j++;
		} else if (i < n && (j == m || sc->t[(i + 1) * w + j] >=
		    sc->t[i * w + j + 1])) {
			sc->s[sc->k++] = (struct step){ '-', sc->head + i++ };
		} else {
			sc->s[sc->k++] = (struct step){ '+', sc->head + j++ };
		}
	}
	sc->i = i;
	sc->j = j;
}

/* 1 more, 0 done (sc->s holds sc->k steps), -1 out of memory. */
static int
script_step(struct script *sc, const struct lines *a, const struct lines *b)
{
	size_t max = CHUNK;

	if (sc->s == NULL &&
	    (sc->s = calloc(a->n + b->n + 1, sizeof(*sc->s))) == NULL)
		return -1;
	switch (sc->stage) {
	case HEAD:
		for (; max > 0 && sc->head < a->n && sc->head < b->n &&
		    same(a, sc->head, b, sc->head); max--, sc->head++)
			sc->s[sc->k++] = (struct step){ ' ', sc->head };
		if (max > 0)
			sc->stage = TAIL;
		break;
	case TAIL:
		for (; max > 0 && sc->tail < a->n - sc->head &&
		    sc->tail < b->n - sc->head &&
		    same(a, a->n - 1 - sc->tail, b, b->n - 1 - sc->tail);
		    max--)
			sc->tail++;
		if (max > 0 && script_plan(sc, a, b) == -1)
			return -1;
		break;
	case FILL:
		while (max > 0 && (sc->i > 0 || sc->j > 0)) {
			if (sc->j == 0) {
				sc->i--;
				sc->j = sc->m;
			}
			max -= fill_cells(sc, a, b, max);
		}
		if (sc->i == 0 && sc->j == 0) {
			sc->stage = WALK;
			sc->i = sc->j = 0;
		}
		break;
	case WALK:
		walk_some(sc, a, b, max);
		if (sc->i == sc->n && sc->j == sc->m) {
			free(sc->t);
			sc->t = NULL;
			sc->i = 0;
			sc->stage = TAIL_STEPS;
		}
		break;
	case TAIL_STEPS:
		for (; max > 0 && sc->i < sc->tail; max--, sc->i++)
			sc->s[sc->k++] = (struct step){ ' ',
			    a->n - sc->tail + sc->i };
		if (sc->i == sc->tail)
			sc->stage = SCRIPT_DONE;
		break;
	}
	return sc->stage == SCRIPT_DONE ? 0 : 1;
}

static int
put(struct line_diff *d, size_t *cap, char mark, const char *line, size_t len)
{
	if (d->len + len + 3 > *cap) {
		size_t ncap = (*cap + len + 3) * 2;
		char *p = realloc(d->text, ncap);

		if (p == NULL)
			return -1;
		d->text = p;
		*cap = ncap;
	}
	d->text[d->len++] = mark;
	memcpy(d->text + d->len, line, len);
	d->len += len;
	d->text[d->len++] = '\n';
	d->text[d->len] = '\0';
	return 0;
}

/*
 * The diff in steps: the two texts split into lines, the edit script,
 * the context lines, the output, each as far as enough() lets it go (a
 * block of a million lines takes many of the loop's rounds).
 */
enum { SPLIT_OLD, SPLIT_NEW, SCRIPT, CONTEXT, OUTPUT, DONE };

struct line_diff_job {
	const char		*at[2];
	struct lines		 a, b;
	size_t			 cap[2];
	int			 phase;
	struct script		 sc;
	struct step		*s;
	size_t			 n, k, *keep;
	bool			 walking;	/* back from change k */
	size_t			 c, want;	/* where, and its indent */
	struct line_diff	 d;
	size_t			 dcap;
};

struct line_diff_job *
line_diff_begin(const char *old_text, const char *new_text)
{
	struct line_diff_job *j = calloc(1, sizeof(*j));

	if (j == NULL)
		return NULL;
	j->at[0] = old_text;
	j->at[1] = new_text;
	return j;
}

/*
 * Context, at most max lines a step: walking back from each change, every
 * line less indented than the last one kept opens a block the change is
 * in (one change at the end of a block of a million lines walks back a
 * million lines).  1 more, 0 done.
 */
static int
context_some(struct line_diff_job *j, size_t max)
{
	const struct step *s = j->s;
	size_t ind;

	for (; max > 0; max--) {
		if (!j->walking) {
			if (j->k == 0)
				return 0;
			if (s[--j->k].mark == ' ')
				continue;
			j->c = j->k;
			j->want = indent_of(s[j->k].mark == '+' ? &j->b :
			    &j->a, s[j->k].i);
			j->walking = true;
			continue;
		}
		if (j->c == 0 || j->want == 0) {
			j->walking = false;
			continue;
		}
		j->c--;
		ind = indent_of(s[j->c].mark == '+' ? &j->b : &j->a,
		    s[j->c].i);
		/* a change or kept line at this depth or above has the same
		 * blocks around it: its walk covers them */
		if (ind <= j->want && (s[j->c].mark != ' ' || j->keep[j->c])) {
			j->walking = false;
			continue;
		}
		if (ind < j->want) {
			j->keep[j->c] = 1;
			j->want = ind;
		}
	}
	return 1;
}

int
line_diff_step(struct line_diff_job *j, bool (*enough)(void *), void *arg)
{
	const struct lines *side;
	size_t stop;
	int rc;

	for (;;) {
		switch (j->phase) {
		case SPLIT_OLD:
		case SPLIT_NEW:
			rc = split_some(&j->at[j->phase], j->phase == SPLIT_OLD ?
			    &j->a : &j->b, &j->cap[j->phase], CHUNK);
			if (rc == -1)
				return -1;
			if (rc == 0)
				j->phase++;
			break;
		case SCRIPT:
			if ((rc = script_step(&j->sc, &j->a, &j->b)) == -1)
				return -1;
			if (rc == 1)
				break;
			j->s = j->sc.s;
			j->sc.s = NULL;
			j->n = j->sc.k;
			if ((j->keep = calloc(j->n + 1, sizeof(*j->keep))) ==
			    NULL)
				return -1;
			j->k = j->n;
			j->phase = CONTEXT;
			break;
		case CONTEXT:
			if (context_some(j, CHUNK) == 0)
				j->phase = OUTPUT;
			break;
		case OUTPUT:
			stop = j->k + CHUNK < j->n ? j->k + CHUNK : j->n;
			for (; j->k < stop; j->k++) {
				side = j->s[j->k].mark == '+' ? &j->b : &j->a;
				if (j->s[j->k].mark == ' ' && !j->keep[j->k])
					continue;
				if (j->s[j->k].mark == '+')
					j->d.added++;
				else if (j->s[j->k].mark == '-')
					j->d.removed++;
				if (put(&j->d, &j->dcap, j->s[j->k].mark,
				    side->at[j->s[j->k].i],
				    side->len[j->s[j->k].i]) == -1)
					return -1;
			}
			if (j->k == j->n)
				j->phase = DONE;
			break;
		default:
			return 0;
		}
		if (j->phase != DONE && enough != NULL && enough(arg))
			return 1;
	}
}

void
line_diff_take(struct line_diff_job *j, struct line_diff *d)
{
	*d = j->d;
	if (d->added == 0 && d->removed == 0)
		line_diff_free(d);
	memset(&j->d, 0, sizeof(j->d));
}

void
line_diff_job_free(struct line_diff_job *j)
{
	if (j == NULL)
		return;
	line_diff_free(&j->d);
	free(j->sc.t);
	free(j->sc.s);
	free(j->keep);
	free(j->s);
	free(j->a.at);
	free(j->a.len);
	free(j->b.at);
	free(j->b.len);
	free(j);
}

int
line_diff(const char *old_text, const char *new_text, struct line_diff *d)
{
	struct line_diff_job *j = line_diff_begin(old_text, new_text);
	int rc;

	memset(d, 0, sizeof(*d));
	if (j == NULL)
		return -1;
	if ((rc = line_diff_step(j, NULL, NULL)) == 0)
		line_diff_take(j, d);
	line_diff_job_free(j);
	return rc == 0 ? 0 : -1;
}

void
line_diff_free(struct line_diff *d)
{
	free(d->text);
	memset(d, 0, sizeof(*d));
}

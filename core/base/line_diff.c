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

static int
split(const char *text, struct lines *l)
{
	const char *p, *nl;
	size_t n = 0, cap = 0;

	memset(l, 0, sizeof(*l));
	for (p = text; p != NULL && *p != '\0'; p = nl != NULL ? nl + 1 : NULL) {
		nl = strchr(p, '\n');
		if (n == cap) {
			size_t ncap = cap ? cap * 2 : 64;
			const char **at = realloc(l->at, ncap * sizeof(*at));
			size_t *len;

			if (at == NULL)
				return -1;
			l->at = at;
			if ((len = realloc(l->len, ncap * sizeof(*len))) == NULL)
				return -1;
			l->len = len;
			cap = ncap;
		}
		l->at[n] = p;
		l->len[n] = nl != NULL ? (size_t)(nl - p) : strlen(p);
		n++;
	}
	l->n = n;
	return 0;
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

/* The edit script of old into new, in order. */
static struct step *
script(const struct lines *a, const struct lines *b, size_t *nsteps)
{
	size_t head = 0, tail = 0, n, m, i, j, k = 0;
	struct step *s;
	uint32_t *t = NULL;

	while (head < a->n && head < b->n && same(a, head, b, head))
		head++;
	while (tail < a->n - head && tail < b->n - head &&
	    same(a, a->n - 1 - tail, b, b->n - 1 - tail))
		tail++;
	n = a->n - head - tail;
	m = b->n - head - tail;
	if ((s = calloc(a->n + b->n + 1, sizeof(*s))) == NULL)
		return NULL;
	for (i = 0; i < head; i++)
		s[k++] = (struct step){ ' ', i };
	if (n > 0 && m > 0 && (n + 1) * (m + 1) <= LCS_CELLS_MAX)
		t = calloc((n + 1) * (m + 1), sizeof(*t));
	if (t != NULL) {
		/* t[i][j]: the LCS of old[head+i..] and new[head+j..] */
		for (i = n; i-- > 0;)
			for (j = m; j-- > 0;)
				t[i * (m + 1) + j] = same(a, head + i, b,
				    head + j) ? t[(i + 1) * (m + 1) + j + 1] + 1 :
				    t[(i + 1) * (m + 1) + j] >
				    t[i * (m + 1) + j + 1] ?
				    t[(i + 1) * (m + 1) + j] :
				    t[i * (m + 1) + j + 1];
		for (i = j = 0; i < n || j < m;) {
			if (i < n && j < m && same(a, head + i, b, head + j)) {
				s[k++] = (struct step){ ' ', head + i };
				i++, j++;
			} else if (i < n && (j == m || t[(i + 1) * (m + 1) + j] >=
			    t[i * (m + 1) + j + 1])) {
				s[k++] = (struct step){ '-', head + i++ };
			} else {
				s[k++] = (struct step){ '+', head + j++ };
			}
		}
		free(t);
	} else {
		for (i = 0; i < n; i++)
			s[k++] = (struct step){ '-', head + i };
		for (j = 0; j < m; j++)
			s[k++] = (struct step){ '+', head + j };
	}
	for (i = 0; i < tail; i++)
		s[k++] = (struct step){ ' ', a->n - tail + i };
	*nsteps = k;
	return s;
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

int
line_diff(const char *old_text, const char *new_text, struct line_diff *d)
{
	struct lines a = { 0 }, b = { 0 };
	struct step *s = NULL;
	size_t n = 0, k, cap = 0, want, *keep = NULL;
	const struct lines *side;
	int rc = -1;

	memset(d, 0, sizeof(*d));
	if (split(old_text, &a) == -1 || split(new_text, &b) == -1 ||
	    (s = script(&a, &b, &n)) == NULL ||
	    (keep = calloc(n + 1, sizeof(*keep))) == NULL)
		goto out;
	/*
	 * Context: walking back from each change, every line less indented
	 * than the last one kept opens a block the change is in.
	 */
	for (k = n; k-- > 0;) {
		if (s[k].mark == ' ')
			continue;
		want = indent_of(s[k].mark == '+' ? &b : &a, s[k].i);
		for (size_t c = k; c-- > 0 && want > 0;) {
			size_t ind = indent_of(s[c].mark == '+' ? &b : &a,
			    s[c].i);

			/* a change or kept line at this depth or above has
			 * the same blocks around it: its walk covers them */
			if (ind <= want && (s[c].mark != ' ' || keep[c]))
				break;
			if (ind < want) {
				keep[c] = 1;
				want = ind;
			}
		}
	}
	for (k = 0; k < n; k++) {
		side = s[k].mark == '+' ? &b : &a;
		if (s[k].mark == ' ' && !keep[k])
			continue;
		if (s[k].mark == '+')
			d->added++;
		else if (s[k].mark == '-')
			d->removed++;
		if (put(d, &cap, s[k].mark, side->at[s[k].i],
		    side->len[s[k].i]) == -1)
			goto out;
	}
	rc = 0;
out:
	if (rc == -1)
		line_diff_free(d);
	else if (d->added == 0 && d->removed == 0)
		line_diff_free(d);
	free(keep);
	free(s);
	free(a.at);
	free(a.len);
	free(b.at);
	free(b.len);
	return rc;
}

void
line_diff_free(struct line_diff *d)
{
	free(d->text);
	memset(d, 0, sizeof(*d));
}

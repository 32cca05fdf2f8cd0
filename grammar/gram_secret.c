/*
 * gram_secret: a line with its key hidden.  Which words are keys is the
 * grammar's to say (GF_SECRET rows); a line is matched only when one of
 * its words could be the keyword before a key, so the lines of a
 * million-line diff cost a scan each, not a match.
 */
#include <stdio.h>
#include <string.h>

#include "gram.h"

enum { KEY_WORDS_MAX = 8 };

static const char	*key_words[KEY_WORDS_MAX];	/* "auth-key" */
static size_t		 nkey_words;
static bool		 key_words_known;

static void
note_key_word(const char *word)
{
	size_t i;

	for (i = 0; i < nkey_words; i++)
		if (strcmp(key_words[i], word) == 0)
			return;
	if (nkey_words < KEY_WORDS_MAX)
		key_words[nkey_words++] = word;
}

/* The keywords that a GF_SECRET word follows, anywhere below node i. */
static void
find_key_words(const struct gram_node *tab, size_t i)
{
	size_t c;

	for (c = gram_first_child(tab, i); c != GRAM_NONE;
	    c = gram_next_sibling(tab, c)) {
		if ((tab[c].flags & GF_SECRET) && i != GRAM_ROOT &&
		    tab[i].type == GT_KEYWORD)
			note_key_word(tab[i].word);
		find_key_words(tab, c);
	}
}

static void
know_key_words(void)
{
	size_t mode;

	if (key_words_known)
		return;
	for (mode = 0; mode < M_MODE_COUNT; mode++)
		find_key_words(gram_modes[mode].nodes, GRAM_ROOT);
	key_words_known = true;
}

/* Is the word at w (len n) a keyword before a key, or an abbreviation? */
static bool
names_key(const char *w, size_t n)
{
	size_t i;

	for (i = 0; i < nkey_words; i++)
		if (n <= strlen(key_words[i]) &&
		    strncmp(w, key_words[i], n) == 0)
			return true;
	return false;
}

static bool
could_hold_secret(const char *line)
{
	const char *p = line;
	size_t n;

	know_key_words();
	for (;;) {
		p += strspn(p, " \t\r\n\v\f");
		if (*p == '\0')
			return false;
		n = strcspn(p, " \t\r\n\v\f");
		if (names_key(p, n))
			return true;
		p += n;
	}
}

/*
 * Where no mode reads the line (too long, an abbreviation no reading
 * settles), the word after a word that could name a key keyword is taken
 * for one: hiding a word that was none costs nothing, showing a key
 * would.
 */
static bool
guess_secret(const char *line, size_t *col, size_t *n)
{
	const char *p = line, *w;
	size_t k;

	for (;;) {
		p += strspn(p, " \t\r\n\v\f");
		if (*p == '\0')
			return false;
		k = strcspn(p, " \t\r\n\v\f");
		w = p;
		p += k;
		if (!names_key(w, k))
			continue;
		p += strspn(p, " \t\r\n\v\f");
		if (*p == '\0')
			return false;
		*col = (size_t)(p - line);
		*n = strcspn(p, " \t\r\n\v\f");
		return true;
	}
}

bool
gram_find_secret(const char *line, enum gram_mode mode, size_t *at,
    size_t *n)
{
	static struct gram_match m;	/* 5 KiB; one line at a time */
	bool read = false;	/* some mode takes the line as it is */
	size_t i;

	if (!could_hold_secret(line))
		return false;
	m.secret_len = 0;
	if (mode != M_NONE)
		read = gram_match(line, mode, &m) == GS_OK;
	/* then any mode: a key typed where there is none is still a key */
	for (i = 0; i < M_MODE_COUNT && m.secret_len == 0; i++)
		read |= gram_match(line, (enum gram_mode)i, &m) == GS_OK;
	/* a line the grammar reads with no key in it has none (a
	 * description that says auth-key); one it cannot read may */
	if (m.secret_len == 0)
		return !read && guess_secret(line, at, n);
	*at = m.secret_col;
	*n = m.secret_len;
	return true;
}

void
gram_mask_secrets(const char *line, enum gram_mode mode, char *out,
    size_t len, size_t *col)
{
	size_t at, n;

	snprintf(out, len, "%s", line);
	if (!gram_find_secret(line, mode, &at, &n))
		return;
	snprintf(out, len, "%.*s%s%s", (int)at, line, GRAM_HIDDEN,
	    line + at + n);
	if (col == NULL || *col < at)
		return;
	if (*col < at + n)
		*col = at;
	else
		*col = *col - n + strlen(GRAM_HIDDEN);
}

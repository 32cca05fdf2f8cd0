/*
 * fuzz_command: any bytes as a command line in any mode (the first byte
 * picks the mode), through the matcher, `?` help and TAB completion, as
 * the shell calls them for every key.
 *
 * The three are one walk (gram_match.c) and must agree on what they
 * say.  `?` after the line offers <cr> exactly when the matcher takes the
 * line as a whole command.  Each word TAB offers for the line, object
 * names included, puts in its place a line the matcher takes whole or as
 * the valid beginning of a command (GS_INCOMPLETE), after which `?` has
 * a next word to offer, or <cr>.
 *
 * Where the matcher reads more than `?` and TAB can (a tie of
 * abbreviations settled by the words after it, a line run in an enclosing
 * mode), the line is checked in the matcher's reading instead: see
 * spell_out() and mode_run_in().
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../grammar/gram.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static struct gram_match m;
static struct gram_help h;
static struct gram_completion c;

static void
fail(const char *what, const char *line, enum gram_mode mode)
{
	fprintf(stderr, "fuzz_command: %s: mode %s, line '%s'\n", what,
	    gram_modes[mode].name, line);
	abort();
}

/* A name of each kind, as the shell lists existing objects for TAB. */
static void
names_list(void *ctx, enum obj_kind kind, void (*add)(void *, const char *),
    void *acc)
{
	(void)ctx;
	/* peers are named by their address (show bgp peer IP) */
	add(acc, kind == OBJ_BGP_PEER ? "192.0.2.1" : "obj-1");
}

static const struct gram_names names = { names_list, NULL };

static bool
offers_cr(const struct gram_help *help)
{
	size_t i;

	for (i = 0; i < help->count; i++)
		if (strcmp(help->item[i].word, "<cr>") == 0)
			return true;
	return false;
}

/* `?` after line (a space typed, so for the next word).  false: too long */
static bool
help_after(const char *line, enum gram_mode mode)
{
	char spaced[GRAM_LINE_MAX + 2];

	if (strlen(line) + 1 >= GRAM_LINE_MAX)
		return false;
	snprintf(spaced, sizeof(spaced), "%s ", line);
	gram_help(spaced, mode, &h);
	return true;
}

#define SPACES	" \t\n\v\f\r"

/*
 * Is the line taken as the command `as` is, or (as NULL) as a beginning,
 * up to col at least (a tie after it is for a later word to settle)?
 */
static bool
taken(const char *line, enum gram_mode mode, const struct gram_match *as,
    size_t col)
{
	static struct gram_match mt;
	enum gram_status st = gram_match(line, mode, &mt);

	if (as != NULL)
		return st == GS_OK && mt.cmd == as->cmd;
	return st == GS_OK || st == GS_INCOMPLETE ||
	    (st == GS_AMBIGUOUS && mt.error_col > col);
}

/*
 * The word at col of line, if it abbreviates several keywords of which
 * exactly one leaves the line taken: spelled out so, in place.
 */
static bool
spell_word(char *line, size_t col, size_t len, enum gram_mode mode,
    const struct gram_match *as)
{
	static struct gram_completion tied;
	static char head[GRAM_LINE_MAX], try[GRAM_LINE_MAX], one[GRAM_LINE_MAX];
	size_t i, found = 0;

	memcpy(head, line, col + len);
	head[col + len] = '\0';
	gram_complete(head, mode, NULL, &tied);
	for (i = 0; i < tied.count; i++)
		if (strlen(tied.cand[i]) == len)
			return false;	/* typed in full: a tie the words keep */
	for (i = 0; i < tied.count && tied.count > 1; i++)
		if (snprintf(try, sizeof(try), "%.*s%s%s", (int)col, line,
		    tied.cand[i], line + col + len) < (int)sizeof(try) &&
		    taken(try, mode, as, col) && found++ == 0)
			memcpy(one, try, sizeof(one));
	if (found != 1)
		return false;
	memcpy(line, one, sizeof(one));
	return true;
}

/*
 * The matcher settles a tie of abbreviations (`sh bgp pe`: peer, peers)
 * by the words after it, and at the end of the line by which one ends
 * there (`a` in config-cpe: abort), as FRR does.  `?` and TAB look at the
 * words typed so far and leave it open: they call it ambiguous, or read
 * the word in an enclosing mode (`a ?` in config-cpe: alert-rule's NAME).
 * Such a line is checked in the reading the matcher takes, into out: each
 * tied word spelled out as the one keyword with which the line is still
 * taken (as the same command as `as`, or with as NULL as the beginning of
 * one).  false if no word was spelled out.
 */
static bool
spell_out(const char *line, enum gram_mode mode, const struct gram_match *as,
    char *out)
{
	size_t col = 0, len;
	bool any = false;

	if (strlen(line) >= GRAM_LINE_MAX)
		return false;
	strcpy(out, line);
	for (;;) {
		col += strspn(out + col, SPACES);
		if (out[col] == '\0')
			return any;
		len = strcspn(out + col, SPACES);
		if (spell_word(out, col, len, mode, as))
			any = true;
		col += strcspn(out + col, SPACES);
	}
}

/*
 * A line the current mode has no command for runs in the nearest
 * enclosing mode that has one (the IOS rule); `?` reads the words in the
 * nearest mode where they begin a command, so where the current mode
 * takes them only as a beginning (`b hops` in config-bgp-peer: bfd hops
 * N), it offers what follows there, while the matcher runs the line above
 * (bgp-group hops, in config-vbr).  The mode the matcher ran it in.
 */
static enum gram_mode
mode_run_in(enum gram_mode mode, const struct gram_match *lm)
{
	int up;

	for (up = 0; up < lm->levels_up && gram_modes[mode].parent != M_NONE;
	    up++)
		mode = gram_modes[mode].parent;
	return mode;
}

/* <cr> is offered after the line exactly when the line is a command. */
static void
check_cr(const char *line, enum gram_mode mode, const struct gram_match *lm)
{
	static struct gram_match ms;
	char one[GRAM_LINE_MAX];

	if (!help_after(line, mode))
		return;
	if (lm->status == GS_OK && !offers_cr(&h)) {
		ms = *lm;
		if (lm->levels_up > 0 && !lm->via_do) {
			mode = mode_run_in(mode, lm);
			gram_match(line, mode, &ms);
			if (ms.status == GS_OK && ms.levels_up == 0) {
				check_cr(line, mode, &ms);
				return;
			}
		} else if (spell_out(line, mode, &ms, one)) {
			gram_match(one, mode, &ms);
			check_cr(one, mode, &ms);
			return;
		}
		fail("a complete command, but ? offers no <cr>", line, mode);
	}
	if (lm->status != GS_OK && offers_cr(&h))
		fail("? offers <cr>, but the matcher does not take the line",
		    line, mode);
}

/* Completed, the line begins a command, and `?` can go on from it. */
static void
check_completed(const char *line, enum gram_mode mode)
{
	static struct gram_match mc;
	char one[GRAM_LINE_MAX];
	enum gram_status st;

	st = gram_match(line, mode, &mc);
	if (st != GS_OK && st != GS_INCOMPLETE) {
		if (st == GS_AMBIGUOUS && spell_out(line, mode, NULL, one)) {
			check_completed(one, mode);
			return;
		}
		fail(st == GS_AMBIGUOUS ? "TAB completed to an ambiguous line" :
		    "TAB completed to a line the matcher refuses", line, mode);
	}
	check_cr(line, mode, &mc);
	if (!help_after(line, mode) || (h.status == GS_OK && h.count > 0))
		return;
	if (spell_out(line, mode, NULL, one))
		check_completed(one, mode);
	else
		fail("TAB completed to a line ? can go no further from", line,
		    mode);
}

static void
check_completions(const char *line, enum gram_mode mode)
{
	static char done[GRAM_LINE_MAX + 256];
	size_t i, start;

	gram_complete(line, mode, &names, &c);
	start = c.word_start;
	for (i = 0; i < c.count; i++) {
		if (start + strlen(c.cand[i]) >= GRAM_LINE_MAX)
			continue;	/* TAB would make it too long to match */
		memcpy(done, line, start);
		strcpy(done + start, c.cand[i]);
		check_completed(done, mode);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char line[GRAM_LINE_MAX + 64];
	enum gram_mode mode;

	if (size < 1)
		return 0;
	mode = (enum gram_mode)(data[0] % M_MODE_COUNT);
	data++;
	size--;
	if (size >= sizeof(line))
		size = sizeof(line) - 1;
	memcpy(line, data, size);
	line[size] = '\0';
	gram_match(line, mode, &m);
	check_cr(line, mode, &m);
	gram_help(line, mode, &h);
	check_completions(line, mode);
	return 0;
}

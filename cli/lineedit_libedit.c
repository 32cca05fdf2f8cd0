/*
 * lineedit_libedit: libedit's native API in unbuffered mode: each el_gets()
 * takes one key and returns the line so far; a line is done when it ends in
 * a newline.  Switching unbuffered mode off and on again resets the line
 * and redraws the prompt, which is how a line is finished or cancelled.
 */
#include <histedit.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lineedit.h"

const char lineedit_backend[] = "libedit";

struct lineedit {
	EditLine		*el;
	History			*hist;
	char			*history_file;
	char			 prompt[256];
	bool			 active;
	struct lineedit_hooks	 hooks;
};

static char *
prompt_of(EditLine *el)
{
	struct lineedit *le;

	el_get(el, EL_CLIENTDATA, &le);
	return le->prompt;
}

/* The line up to the cursor, as the shell's ? and TAB want it. */
static char *
before_cursor(EditLine *el)
{
	const LineInfo *li = el_line(el);

	return strndup(li->buffer, (size_t)(li->cursor - li->buffer));
}

static unsigned char
on_help(EditLine *el, int ch)
{
	struct lineedit *le;
	struct strbuf out;
	char *text;

	(void)ch;
	el_get(el, EL_CLIENTDATA, &le);
	if ((text = before_cursor(el)) == NULL)
		return CC_ERROR;
	strbuf_init(&out);
	strbuf_puts(&out, "?\n");
	le->hooks.help(le->hooks.ctx, text, &out);
	fwrite(out.s, 1, out.len, stdout);
	fflush(stdout);
	strbuf_free(&out);
	free(text);
	return CC_REDISPLAY;
}

static void
list_candidates(const struct gram_completion *c)
{
	size_t i, width = 0, cols, col = 0;

	for (i = 0; i < c->count; i++)
		if (strlen(c->cand[i]) > width)
			width = strlen(c->cand[i]);
	cols = 78 / (width + 2);
	if (cols == 0)
		cols = 1;
	fputs("\n", stdout);
	for (i = 0; i < c->count; i++) {
		fprintf(stdout, "%-*s", (int)(width + 2), c->cand[i]);
		if (++col == cols || i + 1 == c->count) {
			fputs("\n", stdout);
			col = 0;
		}
	}
	fflush(stdout);
}

static unsigned char
on_complete(EditLine *el, int ch)
{
	static struct gram_completion c;
	struct lineedit *le;
	size_t typed, common;
	char *text, add[256];

	(void)ch;
	el_get(el, EL_CLIENTDATA, &le);
	if ((text = before_cursor(el)) == NULL)
		return CC_ERROR;
	le->hooks.complete(le->hooks.ctx, text, &c);
	typed = strlen(text) - c.word_start;
	free(text);
	if (c.count == 0)
		return CC_ERROR;	/* rings the bell */
	common = gram_completion_common(&c);
	if (common > typed || c.count == 1) {
		snprintf(add, sizeof(add), "%.*s%s", (int)(common - typed),
		    c.cand[0] + typed, c.count == 1 ? " " : "");
		el_insertstr(el, add);
		return CC_REFRESH;
	}
	list_candidates(&c);
	return CC_REDISPLAY;
}

struct lineedit *
lineedit_open(const char *history_file, const struct lineedit_hooks *hooks)
{
	struct lineedit *le = calloc(1, sizeof(*le));
	HistEvent ev;

	if (le == NULL)
		return NULL;
	le->hooks = *hooks;
	if ((le->el = el_init("ecsh", stdin, stdout, stderr)) == NULL) {
		free(le);
		return NULL;
	}
	le->hist = history_init();
	history(le->hist, &ev, H_SETSIZE, 1000);
	history(le->hist, &ev, H_SETUNIQUE, 1);
	if (history_file != NULL) {
		le->history_file = strdup(history_file);
		history(le->hist, &ev, H_LOAD, history_file);
	}
	el_set(le->el, EL_CLIENTDATA, le);
	el_set(le->el, EL_EDITOR, "emacs");
	el_set(le->el, EL_HIST, history, le->hist);
	el_set(le->el, EL_PROMPT, prompt_of);
	el_set(le->el, EL_ADDFN, "ecsh-help", "List what may come next",
	    on_help);
	el_set(le->el, EL_ADDFN, "ecsh-complete", "Complete the word",
	    on_complete);
	el_set(le->el, EL_BIND, "?", "ecsh-help", NULL);
	el_set(le->el, EL_BIND, "^I", "ecsh-complete", NULL);
	el_source(le->el, NULL);	/* the user's ~/.editrc */
	return le;
}

void
lineedit_close(struct lineedit *le)
{
	HistEvent ev;

	if (le == NULL)
		return;
	lineedit_stop(le);
	if (le->history_file != NULL)
		history(le->hist, &ev, H_SAVE, le->history_file);
	history_end(le->hist);
	el_end(le->el);
	free(le->history_file);
	free(le);
}

int
lineedit_fd(const struct lineedit *le)
{
	(void)le;
	return STDIN_FILENO;
}

void
lineedit_start(struct lineedit *le, const char *prompt)
{
	if (prompt != le->prompt)	/* re-prompting passes our own copy */
		snprintf(le->prompt, sizeof(le->prompt), "%s", prompt);
	if (le->active)
		el_set(le->el, EL_UNBUFFERED, 0);
	el_set(le->el, EL_UNBUFFERED, 1);	/* clears the line, prompts */
	le->active = true;
}

void
lineedit_stop(struct lineedit *le)
{
	if (le->active) {
		el_set(le->el, EL_UNBUFFERED, 0);
		le->active = false;
	}
}

void
lineedit_read(struct lineedit *le)
{
	const char *buf;
	char *line;
	int count = 0;

	if (!le->active)
		return;
	buf = el_gets(le->el, &count);
	/*
	 * Unbuffered, NULL only means the line is still empty: the end of
	 * input is ^D (below) or a hang-up, which the loop reports.
	 */
	if (buf == NULL)
		return;
	if (count == 1 && buf[0] == ('d' & 037)) {	/* Ctrl-D, empty line */
		lineedit_stop(le);
		fputs("\n", stdout);
		le->hooks.line(le->hooks.ctx, NULL);
		return;
	}
	if (count > 0 && (buf[count - 1] == '\n' || buf[count - 1] == '\r')) {
		lineedit_stop(le);
		line = strndup(buf, (size_t)count - 1);
		if (line != NULL)
			le->hooks.line(le->hooks.ctx, line);
		free(line);
	}
}

void
lineedit_cancel(struct lineedit *le)
{
	if (!le->active)
		return;
	fputs("^C\n", stdout);
	fflush(stdout);
	lineedit_start(le, le->prompt);	/* a fresh, empty line */
}

void
lineedit_history_add(struct lineedit *le, const char *line)
{
	HistEvent ev;

	history(le->hist, &ev, H_ENTER, line);
}

void
lineedit_print_above(struct lineedit *le, const char *text, size_t len)
{
	if (le->active)
		fputs("\r\033[K", stdout);	/* the prompt's row, blank */
	fwrite(text, 1, len, stdout);
	fflush(stdout);
	if (le->active)
		el_set(le->el, EL_REFRESH);	/* prompt, line and cursor */
}

/*
 * lineedit_none: no line editing, for builds without libedit or readline
 * and for dumb terminals.  The terminal's own cooked mode edits the line;
 * a line ending in `?` shows help instead of running.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lineedit.h"

const char lineedit_backend[] = "none";

struct lineedit {
	struct lineedit_hooks	 hooks;
	struct strbuf		 in;
	char			 prompt[256];
	bool			 active;
};

struct lineedit *
lineedit_open(const char *history_file, const struct lineedit_hooks *hooks)
{
	struct lineedit *le = calloc(1, sizeof(*le));

	(void)history_file;
	if (le == NULL)
		return NULL;
	le->hooks = *hooks;
	strbuf_init(&le->in);
	return le;
}

void
lineedit_close(struct lineedit *le)
{
	if (le == NULL)
		return;
	strbuf_free(&le->in);
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
	fputs(prompt, stdout);
	fflush(stdout);
	le->active = true;
}

void
lineedit_stop(struct lineedit *le)
{
	le->active = false;
}

void
lineedit_read(struct lineedit *le)
{
	char buf[4096], *nl, *line;
	ssize_t n;
	size_t len;

	if (!le->active)
		return;
	n = read(STDIN_FILENO, buf, sizeof(buf));
	if (n == -1 && errno == EINTR)
		return;
	if (n <= 0) {
		le->active = false;
		le->hooks.line(le->hooks.ctx, NULL);
		return;
	}
	strbuf_add(&le->in, buf, (size_t)n);
	if ((nl = memchr(le->in.s, '\n', le->in.len)) == NULL)
		return;
	len = (size_t)(nl - le->in.s);
	line = strndup(le->in.s, len);
	memmove(le->in.s, nl + 1, le->in.len - len);
	le->in.len -= len + 1;
	if (line == NULL)
		return;
	if (len > 0 && line[len - 1] == '?') {
		struct strbuf out;

		line[len - 1] = '\0';
		strbuf_init(&out);
		le->hooks.help(le->hooks.ctx, line, &out);
		fwrite(out.s, 1, out.len, stdout);
		fputs(le->prompt, stdout);
		fflush(stdout);
		strbuf_free(&out);
		free(line);
		return;
	}
	le->active = false;
	le->hooks.line(le->hooks.ctx, line);
	free(line);
}

void
lineedit_cancel(struct lineedit *le)
{
	le->in.len = 0;
	fputs("\n", stdout);
	if (le->active)
		fputs(le->prompt, stdout);
	fflush(stdout);
}

void
lineedit_history_add(struct lineedit *le, const char *line)
{
	(void)le;
	(void)line;
}

void
lineedit_print_above(struct lineedit *le, const char *text, size_t len)
{
	/* the terminal holds the typed line; all we can redraw is the prompt */
	if (le->active)
		fputs("\n", stdout);
	fwrite(text, 1, len, stdout);
	if (le->active)
		fputs(le->prompt, stdout);
	fflush(stdout);
}

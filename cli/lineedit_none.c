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
	struct evloop		*loop;
	struct lineedit_hooks	 hooks;
	struct strbuf		 in;
	char			 prompt[256];
	bool			 active;
	/* lines read ahead (a paste) are taken at the next prompt */
	struct ev_timer		 next_line;
};

static void take_line(void *);

struct lineedit *
lineedit_open(struct evloop *loop, const char *history_file,
    const struct lineedit_hooks *hooks)
{
	struct lineedit *le = calloc(1, sizeof(*le));

	(void)history_file;
	if (le == NULL)
		return NULL;
	le->loop = loop;
	le->hooks = *hooks;
	strbuf_init(&le->in);
	evloop_timer_init(&le->next_line, take_line, le);
	return le;
}

void
lineedit_close(struct lineedit *le)
{
	if (le == NULL)
		return;
	evloop_timer_stop(le->loop, &le->next_line);
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
	if (le->in.len > 0 && memchr(le->in.s, '\n', le->in.len) != NULL)
		evloop_timer_start(le->loop, &le->next_line, 0);
}

void
lineedit_stop(struct lineedit *le)
{
	le->active = false;
	evloop_timer_stop(le->loop, &le->next_line);
}

void
lineedit_read(struct lineedit *le, unsigned events)
{
	char buf[4096];
	ssize_t n;

	(void)events;
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
	take_line(le);
}

/* The first whole line read, if there is one. */
static void
take_line(void *arg)
{
	struct lineedit *le = arg;
	char *nl, *line;
	size_t len;

	if (!le->active || le->in.len == 0 ||
	    (nl = memchr(le->in.s, '\n', le->in.len)) == NULL)
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
		if (memchr(le->in.s, '\n', le->in.len) != NULL)
			evloop_timer_start(le->loop, &le->next_line, 0);
		return;
	}
	le->active = false;
	le->hooks.line(le->hooks.ctx, line);
	free(line);
}

bool
lineedit_drop(struct lineedit *le, const char *echo)
{
	(void)echo;
	if (!le->active)
		return false;
	le->in.len = 0;
	fputs("\n", stdout);
	fflush(stdout);
	lineedit_stop(le);
	return true;
}

bool
lineedit_cancel(struct lineedit *le, const char *echo)
{
	(void)echo;	/* the terminal echoed the key itself */
	le->in.len = 0;
	fputs("\n", stdout);
	if (le->active)
		fputs(le->prompt, stdout);
	fflush(stdout);
	return true;
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

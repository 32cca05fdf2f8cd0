/*
 * lineedit_libedit: libedit's native API in unbuffered mode: each el_gets()
 * takes one key and returns the line so far; a line is done when it ends in
 * a newline.  Switching unbuffered mode off and on again resets the line
 * and redraws the prompt, which is how a line is finished or cancelled.
 *
 * libedit reads more than one byte for some keys: the rest of an escape
 * sequence, a meta key after a lone Esc, every key of a Ctrl-R search or
 * of the Esc-x prompt.  Its own reader would block the process there, so
 * read_key() takes its place: one byte when the terminal has one, and
 * otherwise the event loop runs (timers, sessions, --serve clients) until
 * it has.  The terminal's own readiness is ignored meanwhile, Ctrl-C and
 * a hang-up end the key, and text for above the prompt waits until the
 * key is done, so nothing re-enters libedit.
 */
#include <errno.h>
#include <histedit.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

#include "lineedit.h"

const char lineedit_backend[] = "libedit";

/* Text held while a key is pending; a key left pending for hours under a
 * busy `monitor events` must not grow memory without bound. */
enum { HELD_MAX = 256 * 1024 };

struct lineedit {
	struct evloop		*loop;
	EditLine		*el;
	History			*hist;
	char			*history_file;
	char			 prompt[256];
	bool			 active;
	bool			 in_key;	/* inside el_gets() */
	bool			 cancelled;	/* Ctrl-C during the key */
	bool			 hangup;	/* the terminal went away */
	mbstate_t		 mb;
	struct strbuf		 held;		/* for above the prompt */
	size_t			 held_dropped;
	struct lineedit_hooks	 hooks;
};

static bool
byte_waiting(void)
{
	struct pollfd p = { .fd = STDIN_FILENO, .events = POLLIN };

	return poll(&p, 1, 0) > 0;
}

/* libedit's EL_GETCFN: 1 a character, 0 end of input, -1 interrupted. */
static int
read_key(EditLine *el, wchar_t *wc)
{
	struct lineedit *le;
	size_t got;
	ssize_t n;
	char c;

	el_get(el, EL_CLIENTDATA, &le);
	*wc = L'\0';
	for (;;) {
		while (!le->cancelled && !le->hangup &&
		    !evloop_stopping(le->loop) && !byte_waiting())
			if (evloop_run_once(le->loop, -1) == -1)
				le->hangup = true;
		if (le->cancelled || evloop_stopping(le->loop)) {
			errno = EINTR;
			return -1;
		}
		if (le->hangup)
			return 0;
		n = read(STDIN_FILENO, &c, 1);
		if (n == -1 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n <= 0) {
			le->hangup = true;
			return 0;
		}
		got = mbrtowc(wc, &c, 1, &le->mb);
		if (got == (size_t)-2)
			continue;		/* more of the character */
		if (got == (size_t)-1) {	/* not a character: dropped */
			memset(&le->mb, 0, sizeof(le->mb));
			continue;
		}
		return 1;
	}
}

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
lineedit_open(struct evloop *loop, const char *history_file,
    const struct lineedit_hooks *hooks)
{
	struct lineedit *le = calloc(1, sizeof(*le));
	HistEvent ev;

	if (le == NULL)
		return NULL;
	le->loop = loop;
	le->hooks = *hooks;
	strbuf_init(&le->held);
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
	el_set(le->el, EL_GETCFN, read_key);
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
	strbuf_free(&le->held);
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

static void
print_held(struct lineedit *le)
{
	if (le->held_dropped > 0)
		strbuf_printf(&le->held, "(%zu more bytes of output were "
		    "dropped while a key was pending)\n", le->held_dropped);
	le->held_dropped = 0;
	if (le->held.len == 0)
		return;
	lineedit_print_above(le, le->held.s, le->held.len);
	strbuf_reset(&le->held);
}

void
lineedit_read(struct lineedit *le, unsigned events)
{
	const char *buf;
	char *line;
	int count = 0;

	if (le->in_key) {		/* read_key() is waiting: it reads */
		if (events & EV_HUP && !byte_waiting())
			le->hangup = true;
		return;
	}
	if (!le->active)
		return;
	le->in_key = true;
	buf = el_gets(le->el, &count);
	le->in_key = false;
	if (evloop_stopping(le->loop))
		return;			/* the shell is ending; so is the line */
	print_held(le);
	if (le->cancelled) {
		le->cancelled = false;
		(void)lineedit_cancel(le, "^C");
		return;
	}
	if (le->hangup) {
		lineedit_stop(le);
		fputs("\n", stdout);
		le->hooks.line(le->hooks.ctx, NULL);
		return;
	}
	/* unbuffered, NULL only means the line is still empty */
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

bool
lineedit_drop(struct lineedit *le, const char *echo)
{
	if (le->in_key || !le->active)
		return false;
	memset(&le->mb, 0, sizeof(le->mb));
	fprintf(stdout, "%s\n", echo);
	fflush(stdout);
	lineedit_stop(le);	/* the next start clears the line */
	return true;
}

bool
lineedit_cancel(struct lineedit *le, const char *echo)
{
	if (le->in_key) {		/* read_key() ends the key first */
		le->cancelled = true;
		return false;
	}
	if (lineedit_drop(le, echo))
		lineedit_start(le, le->prompt);	/* a fresh, empty line */
	return true;
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
	if (le->in_key) {		/* libedit is drawing its own line */
		if (le->held.len + len <= HELD_MAX)
			strbuf_add(&le->held, text, len);
		else
			le->held_dropped += len;
		return;
	}
	if (le->active)
		fputs("\r\033[K", stdout);	/* the prompt's row, blank */
	fwrite(text, 1, len, stdout);
	fflush(stdout);
	if (le->active)
		el_set(le->el, EL_REFRESH);	/* prompt, line and cursor */
}

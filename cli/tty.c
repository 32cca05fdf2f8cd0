/*
 * tty: one line at a time from the line editor to the target.  While a
 * command runs the terminal is not read, so keys typed ahead wait for the
 * next prompt, and Ctrl-C goes to the command instead of the line.
 */
#include <locale.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../grammar/gram.h"
#include "lineedit.h"
#include "tty.h"

struct tty {
	struct evloop		*loop;
	struct target		 target;
	struct lineedit		*le;
	bool			 busy;
	bool			 over;
	bool			 warned;	/* of unsaved changes, at Ctrl-D */
	tty_over_fn		 on_over;
	void			*arg;
};

static void
prompt(struct tty *t)
{
	char buf[256];

	lineedit_start(t->le, t->target.ops->prompt(t->target.ctx, buf,
	    sizeof(buf)));
	evloop_fd_events(t->loop, lineedit_fd(t->le), EV_READ);
}

static void
finish(struct tty *t)
{
	t->over = true;
	evloop_fd_events(t->loop, lineedit_fd(t->le), 0);
	t->on_over(t->arg);
}

static bool
hung_up(const struct tty *t)
{
	struct pollfd p = { .fd = lineedit_fd(t->le), .events = POLLIN };

	return poll(&p, 1, 0) == 1 && (p.revents & (POLLHUP | POLLERR));
}

static void
command_done(void *arg, enum cmd_status st)
{
	struct tty *t = arg;

	t->busy = false;
	if (st == CMD_EXIT)
		finish(t);
	else
		prompt(t);
}

static void
on_line(void *arg, const char *line)
{
	struct tty *t = arg;
	enum cmd_status st;

	evloop_fd_events(t->loop, lineedit_fd(t->le), 0);
	if (line == NULL) {		/* Ctrl-D, or the terminal is gone */
		if (!t->warned && !hung_up(t) && t->target.ops->unsaved(
		    t->target.ctx)) {
			t->warned = true;
			fputs("% The configuration has changes that no write "
			    "saved: write saves them\n% to the startup "
			    "configuration; Ctrl-D again leaves without "
			    "saving.\n", stdout);
			prompt(t);
			return;
		}
		finish(t);
		return;
	}
	t->warned = false;
	if (strspn(line, " \t") != strlen(line)) {
		char shown[GRAM_LINE_MAX + 16];

		/* recalled lines and ~/.ecsh_history keep no key (SPEC 2);
		 * over --connect the mode is the server's, so any mode's */
		gram_mask_secrets(line, M_NONE, shown, sizeof(shown), NULL);
		lineedit_history_add(t->le, shown);
	}
	fflush(stdout);
	st = t->target.ops->run(t->target.ctx, line, NULL, 0, command_done, t);
	if (st == CMD_PENDING) {
		t->busy = true;
		return;
	}
	command_done(t, st);
}

static void
on_help(void *arg, const char *text, struct strbuf *out)
{
	struct tty *t = arg;

	t->target.ops->help(t->target.ctx, text, out);
}

static void
on_complete(void *arg, const char *text, struct gram_completion *c)
{
	struct tty *t = arg;

	t->target.ops->complete(t->target.ctx, text, c);
}

static void
on_key(void *arg, int fd, unsigned events)
{
	struct tty *t = arg;

	(void)fd;
	lineedit_read(t->le, events);	/* a hang-up reads as Ctrl-D */
}

struct tty *
tty_new(struct evloop *loop, struct target target, tty_over_fn on_over,
    void *arg)
{
	struct lineedit_hooks hooks = { on_line, on_help, on_complete, NULL };
	struct tty *t = calloc(1, sizeof(*t));
	char history[4096];
	const char *home = getenv("HOME");

	if (t == NULL)
		return NULL;
	t->loop = loop;
	t->target = target;
	t->on_over = on_over;
	t->arg = arg;
	hooks.ctx = t;
	if (home != NULL && *home != '\0')
		snprintf(history, sizeof(history), "%s/.ecsh_history", home);
	/* the editor decodes and draws UTF-8 keys only in such a locale */
	setlocale(LC_CTYPE, "");
	t->le = lineedit_open(loop, home != NULL && *home != '\0' ? history :
	    NULL, &hooks);
	if (t->le == NULL ||
	    evloop_fd_add(loop, lineedit_fd(t->le), 0, on_key, t) == -1) {
		lineedit_close(t->le);
		free(t);
		return NULL;
	}
	evloop_fd_kind(loop, lineedit_fd(t->le), evloop_kind(loop, "shell"));
	return t;
}

void
tty_start(struct tty *t)
{
	prompt(t);
}

/*
 * Ctrl-C stops the command that runs; at the prompt it drops the line and
 * stops what the session streams (monitor events).
 */
void
tty_interrupt(struct tty *t)
{
	if (t->over)
		return;
	if (!t->busy)
		(void)lineedit_cancel(t->le, "^C");
	t->target.ops->cancel(t->target.ctx);
}

/*
 * Ctrl-Z, as on IOS: `end` from a configuration mode (the prompt says
 * which: only a configuration mode's has a parenthesis); at exec, or
 * while a command runs, nothing.
 */
void
tty_suspend_key(struct tty *t)
{
	char buf[256];
	enum cmd_status st;

	if (t->over || t->busy)
		return;
	if (strchr(t->target.ops->prompt(t->target.ctx, buf, sizeof(buf)),
	    '(') == NULL) {
		(void)lineedit_cancel(t->le, "");
		return;
	}
	if (!lineedit_drop(t->le, "^Z"))
		return;
	evloop_fd_events(t->loop, lineedit_fd(t->le), 0);
	st = t->target.ops->run(t->target.ctx, "end", NULL, 0, command_done,
	    t);
	if (st == CMD_PENDING)
		t->busy = true;
	else
		command_done(t, st);
}

void
tty_notice(struct tty *t, const char *text, size_t len)
{
	if (t->busy || t->over) {
		fwrite(text, 1, len, stdout);	/* a command's output */
		fflush(stdout);
	} else {
		lineedit_print_above(t->le, text, len);
	}
}

void
tty_free(struct tty *t)
{
	if (t == NULL)
		return;
	evloop_fd_del(t->loop, lineedit_fd(t->le));
	lineedit_close(t->le);
	free(t);
}

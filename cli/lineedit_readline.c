/*
 * lineedit_readline: GNU readline's callback interface.  The handler is
 * installed with a prompt while a line is wanted and removed while a
 * command runs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "lineedit.h"

const char lineedit_backend[] = "readline";

struct lineedit {
	char			*history_file;
	char			 prompt[256];
	bool			 active;
	struct lineedit_hooks	 hooks;
};

static struct lineedit *current;	/* readline has one of everything */

static char *
before_cursor(void)
{
	return strndup(rl_line_buffer, (size_t)rl_point);
}

static int
on_help(int count, int key)
{
	struct strbuf out;
	char *text;

	(void)count;
	(void)key;
	if ((text = before_cursor()) == NULL)
		return 0;
	strbuf_init(&out);
	strbuf_puts(&out, "?\n");
	current->hooks.help(current->hooks.ctx, text, &out);
	fwrite(out.s, 1, out.len, rl_outstream);
	strbuf_free(&out);
	free(text);
	rl_on_new_line();
	rl_redisplay();
	return 0;
}

static int
on_complete(int count, int key)
{
	static struct gram_completion c;
	size_t typed, common, i;
	char *text, add[256];

	(void)count;
	(void)key;
	if ((text = before_cursor()) == NULL)
		return 0;
	current->hooks.complete(current->hooks.ctx, text, &c);
	typed = strlen(text) - c.word_start;
	free(text);
	if (c.count == 0) {
		rl_ding();
		return 0;
	}
	common = gram_completion_common(&c);
	if (common > typed || c.count == 1) {
		snprintf(add, sizeof(add), "%.*s%s", (int)(common - typed),
		    c.cand[0] + typed, c.count == 1 ? " " : "");
		rl_insert_text(add);
		return 0;
	}
	fputs("\n", rl_outstream);
	for (i = 0; i < c.count; i++)
		fprintf(rl_outstream, "%s%s", c.cand[i],
		    i + 1 < c.count ? "  " : "\n");
	rl_on_new_line();
	rl_redisplay();
	return 0;
}

static void
on_line(char *line)
{
	struct lineedit *le = current;

	lineedit_stop(le);
	le->hooks.line(le->hooks.ctx, line);
	free(line);
}

struct lineedit *
lineedit_open(struct evloop *loop, const char *history_file,
    const struct lineedit_hooks *hooks)
{
	struct lineedit *le = calloc(1, sizeof(*le));

	(void)loop;	/* readline's callback interface never blocks */
	if (le == NULL)
		return NULL;
	le->hooks = *hooks;
	current = le;
	rl_readline_name = "ecsh";
	rl_catch_signals = 0;
	rl_catch_sigwinch = 1;
	rl_bind_key('?', on_help);
	rl_bind_key('\t', on_complete);
	using_history();
	stifle_history(1000);
	if (history_file != NULL) {
		le->history_file = strdup(history_file);
		read_history(history_file);
	}
	return le;
}

void
lineedit_close(struct lineedit *le)
{
	if (le == NULL)
		return;
	lineedit_stop(le);
	if (le->history_file != NULL)
		write_history(le->history_file);
	clear_history();
	free(le->history_file);
	free(le);
	current = NULL;
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
		rl_callback_handler_remove();
	rl_callback_handler_install(le->prompt, on_line);
	le->active = true;
}

void
lineedit_stop(struct lineedit *le)
{
	if (le->active) {
		rl_callback_handler_remove();
		le->active = false;
	}
}

void
lineedit_read(struct lineedit *le, unsigned events)
{
	if (!le->active)
		return;
	if (events & EV_HUP) {		/* the terminal went away */
		lineedit_stop(le);
		le->hooks.line(le->hooks.ctx, NULL);
		return;
	}
	rl_callback_read_char();
}

bool
lineedit_drop(struct lineedit *le, const char *echo)
{
	if (!le->active)
		return false;
	rl_free_line_state();
	rl_callback_sigcleanup();
	rl_replace_line("", 0);
	fprintf(rl_outstream, "%s\n", echo);
	lineedit_stop(le);
	return true;
}

bool
lineedit_cancel(struct lineedit *le, const char *echo)
{
	if (lineedit_drop(le, echo))
		lineedit_start(le, le->prompt);
	return true;
}

void
lineedit_history_add(struct lineedit *le, const char *line)
{
	(void)le;
	add_history(line);
}

void
lineedit_print_above(struct lineedit *le, const char *text, size_t len)
{
	if (le->active)
		rl_clear_visible_line();
	fwrite(text, 1, len, rl_outstream);
	fflush(rl_outstream);
	if (le->active)
		rl_forced_update_display();
}

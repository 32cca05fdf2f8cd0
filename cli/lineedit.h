/*
 * lineedit: the terminal's line editor, driven by the event loop one key at
 * a time so the loop keeps running timers and sockets while a line is
 * typed, and while the editor waits in the middle of a key (an escape
 * sequence, a Ctrl-R search, a prompt of its own).  Three backends:
 * libedit (default), GNU readline, and plain stdio.  `?` and TAB call back
 * into the shell; the editor owns only the line.
 */
#ifndef ECSH_LINEEDIT_H
#define ECSH_LINEEDIT_H

#include <stdbool.h>

#include "../core/base/evloop.h"
#include "../grammar/gram.h"
#include "../core/base/strbuf.h"

struct lineedit;

struct lineedit_hooks {
	void	(*line)(void *ctx, const char *line);	/* NULL: Ctrl-D */
	void	(*help)(void *ctx, const char *before_cursor, struct strbuf *);
	void	(*complete)(void *ctx, const char *before_cursor,
		    struct gram_completion *);
	void	*ctx;
};

extern const char lineedit_backend[];	/* "libedit", "readline", "none" */

struct lineedit	*lineedit_open(struct evloop *, const char *history_file,
		    const struct lineedit_hooks *);
void		 lineedit_close(struct lineedit *);	/* saves history */
int		 lineedit_fd(const struct lineedit *);

/* Show the prompt and start taking keys. */
void		 lineedit_start(struct lineedit *, const char *prompt);
/* Stop taking keys (a command runs); the terminal is normal again. */
void		 lineedit_stop(struct lineedit *);
/* Input is ready on lineedit_fd() (events: EV_READ, EV_HUP). */
void		 lineedit_read(struct lineedit *, unsigned events);
/*
 * Ctrl-C (echo "^C") or Ctrl-Z ("^Z") at the prompt: drop the line,
 * prompt again.  False when the editor is in the middle of a key: the
 * line goes when the key ends, and a caller that wanted more waits.
 */
bool		 lineedit_cancel(struct lineedit *, const char *echo);
/* The same, but no prompt follows: a command runs (Ctrl-Z's end). */
bool		 lineedit_drop(struct lineedit *, const char *echo);
void		 lineedit_history_add(struct lineedit *, const char *line);
/*
 * Text that arrives while a line is being typed (monitor events): it
 * goes above the prompt, and the prompt and the line are drawn again
 * below it, cursor where it was.
 */
void		 lineedit_print_above(struct lineedit *, const char *text,
		    size_t len);

#endif

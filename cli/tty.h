/*
 * tty: the interactive shell on a terminal: prompt, line editor, `?`, TAB,
 * history and Ctrl-C, in front of a target (a local session or a remote
 * one).
 */
#ifndef ECSH_TTY_H
#define ECSH_TTY_H

#include "../core/base/evloop.h"
#include "target.h"

struct tty;

typedef void (*tty_over_fn)(void *arg);

struct tty	*tty_new(struct evloop *, struct target, tty_over_fn,
		    void *arg);
void		 tty_start(struct tty *);
void		 tty_interrupt(struct tty *);	/* SIGINT */
/* Ctrl-Z (SIGTSTP at the terminal): `end`, as on IOS. */
void		 tty_suspend_key(struct tty *);
/* Output nobody typed a command for (monitor events). */
void		 tty_notice(struct tty *, const char *text, size_t len);
void		 tty_free(struct tty *);

#endif

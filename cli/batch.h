/*
 * batch: feed the lines of a script to a session, one at a time, waiting
 * for pending commands (sleep, wait, load) before the next line.  Stops at
 * the first failing line unless told to keep going.
 */
#ifndef ECSH_BATCH_H
#define ECSH_BATCH_H

#include <stdbool.h>

#include "target.h"

struct batch;

/* status: 0 every line succeeded, 1 a line failed; exited: `exit` ran */
typedef void (*batch_done_fn)(void *arg, int status, bool exited);

/*
 * A script held in memory (a file read whole, or -c text) of len bytes,
 * which may hold NULs; takes text.
 */
struct batch	*batch_new_text(struct target, struct evloop *,
		    const char *name, char *text, size_t len, bool keep_going,
		    batch_done_fn, void *arg);
/* A script read as it arrives (standard input). */
struct batch	*batch_new_fd(struct target, struct evloop *,
		    const char *name, int fd, bool keep_going, batch_done_fn,
		    void *arg);
/*
 * A file read as its lines are run, 64 KiB at a time (load: a script of a
 * million lines is not read in one of the loop's rounds); NULL with errno
 * set if it cannot be opened or is a directory.
 */
struct batch	*batch_new_file(struct target, struct evloop *,
		    const char *path, bool keep_going, batch_done_fn,
		    void *arg);
/*
 * Run it as if typed at a terminal (ecsh -i with standard input not a
 * terminal): each line is shown after the prompt, errors read as at a
 * prompt, and a failing line does not stop the rest.
 */
void		 batch_echo(struct batch *);
void		 batch_start(struct batch *);
void		 batch_free(struct batch *);
/* The number of the line run last (the failing one, once it failed). */
unsigned	 batch_lineno(const struct batch *);

struct source;

/*
 * A script named on the command line: standard input is streamed, -c text
 * and files are read whole.  NULL with errno set if a file cannot be read.
 */
struct batch	*batch_new_source(struct target, struct evloop *,
		    const struct source *, bool keep_going, batch_done_fn,
		    void *arg);

/*
 * Read a whole file for batch_new_text, NUL-terminated, its length in
 * *len if len is not NULL; NULL with errno on failure.
 */
char		*batch_read_file(const char *path, size_t *len);

#endif

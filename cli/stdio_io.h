/*
 * stdio_io: session output to this process's standard output and error,
 * and the one record of whether standard output took everything: output
 * that cannot be written must not be lost in silence (exit 1 and
 * `% write error: ...`, as coreutils do).
 */
#ifndef ECSH_STDIO_IO_H
#define ECSH_STDIO_IO_H

#include <stddef.h>

#include "session.h"

/*
 * Write all of text to fd, retrying short writes and EINTR; 0, or -1 with
 * errno.  A reader that went away (EPIPE: `| head`) counts as written.
 */
int	write_all(int fd, const char *text, size_t len);
/* To standard output, remembering a failure for stdout_error(). */
void	stdout_write(const char *text, size_t len);
/*
 * The errno of the first write to standard output that failed, stdio's
 * included (it is flushed here), or 0.
 */
int	stdout_error(void);

/*
 * Before anything else opens a descriptor: a standard descriptor that
 * was closed is opened on /dev/null, so that no socket ever becomes
 * descriptor 1; output meant for a closed standard output is a write
 * error (EBADF), as it would have been.
 */
void	stdio_guard(void);

extern const struct session_io stdio_io;

#endif

/*
 * stdio_io: session output to this process's standard output and error.
 */
#ifndef ECSH_STDIO_IO_H
#define ECSH_STDIO_IO_H

#include <stddef.h>

#include "session.h"

void	write_all(int fd, const char *text, size_t len);
extern const struct session_io stdio_io;

#endif

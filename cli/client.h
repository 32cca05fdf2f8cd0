/*
 * client: --connect SOCKET.  The same front ends as a local shell (scripts,
 * standard input, terminal), driving a session inside a running engine.
 */
#ifndef ECSH_CLIENT_H
#define ECSH_CLIENT_H

#include <stdbool.h>
#include <stddef.h>

struct source;

/* Returns the exit status, as a local ecsh would. */
int	client_main(const char *path, const struct source *, size_t nsources,
	    bool keep_going, bool interactive);

#endif

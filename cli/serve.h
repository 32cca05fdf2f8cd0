/*
 * serve: --serve SOCKET.  Accept shell sessions on a UNIX socket (mode
 * 0600); each connection gets its own session on the one engine.  The
 * frames spoken are in wire.h.
 */
#ifndef ECSH_SERVE_H
#define ECSH_SERVE_H

#include <stddef.h>

#include "shell.h"

struct server;

/*
 * May path be served?  A live engine answering there, or a file that is
 * not a socket, is refused (-1, why); a socket nobody answers on is stale
 * and will be replaced.  Asked before the scripts run, so a refused
 * --serve changes nothing.
 */
int		 server_path_free(const char *path, char *why, size_t whylen);
struct server	*server_new(struct shell *, const char *path, char *why,
		    size_t whylen);
/* Closes, and unlinks the socket if it is still this server's. */
void		 server_free(struct server *);

#endif

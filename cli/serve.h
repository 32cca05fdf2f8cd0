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

struct server	*server_new(struct shell *, const char *path, char *why,
		    size_t whylen);
void		 server_free(struct server *);	/* closes, unlinks */

#endif

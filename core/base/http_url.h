/*
 * http_url: the one decoder of a webhook's URL (SPEC 9), http://HOST[:PORT]
 * /PATH.  HOST is an IPv4 address, an IPv6 address in brackets, or
 * `localhost`: ecsh resolves no names, so that a delivery never waits on a
 * resolver (and libcurl starts no resolver thread for an address).
 */
#ifndef ECSH_HTTP_URL_H
#define ECSH_HTTP_URL_H

#include <stddef.h>
#include <stdint.h>

#include "netaddr.h"

enum { HTTP_URL_MAX = 1024 };

struct http_url {
	char		 host[NETADDR_STRLEN + 2];	/* as written */
	uint16_t	 port;				/* 80 if not given */
	const char	*path;		/* into the text decoded: "/..." */
};

/* 0, or -1 with why: what is wrong and at which byte (from 1). */
int	http_url_decode(const char *text, struct http_url *, char *why,
	    size_t len);

#endif

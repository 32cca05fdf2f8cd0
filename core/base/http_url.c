/*
 * http_url: RFC 3986's authority and path, cut down to what a callback
 * needs: no user information, no fragment, no name to resolve.
 */
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "http_url.h"

#define WHY(...)	(snprintf(why, len, __VA_ARGS__), -1)

/* A byte a path or a query may hold as it is (RFC 3986 pchar, "/", "?"). */
static bool
path_byte(unsigned char c)
{
	return isalnum(c) || strchr("-._~!$&'()*+,;=:@/?", c) != NULL;
}

static int
decode_host(const char *text, const char *h, size_t n, struct http_url *u,
    char *why, size_t len)
{
	struct ipaddr ip;
	char buf[NETADDR_STRLEN + 2];
	size_t col = (size_t)(h - text) + 1;

	if (n == 0)
		return WHY("no host at byte %zu", col);
	if (n >= sizeof(buf))
		return WHY("host at byte %zu is too long for an address", col);
	memcpy(buf, h, n);
	buf[n] = '\0';
	if (buf[0] == '[') {
		if (buf[n - 1] != ']')
			return WHY("an IPv6 host at byte %zu needs its closing "
			    "]", col);
		buf[n - 1] = '\0';
		if (ipaddr_decode(buf + 1, AF_INET6, &ip, NULL, 0) == -1)
			return WHY("%s is not an IPv6 address (byte %zu)",
			    buf + 1, col + 1);
		buf[n - 1] = ']';
	} else if (strcasecmp(buf, "localhost") != 0 &&
	    ipaddr_decode(buf, AF_INET, &ip, NULL, 0) == -1) {
		return WHY("host %s (byte %zu) is not an address: give its "
		    "IPv4 address, [IPv6] or localhost (ecsh resolves no "
		    "names, so that a delivery never waits on DNS)", buf, col);
	}
	memcpy(u->host, buf, n + 1);
	return 0;
}

int
http_url_decode(const char *text, struct http_url *u, char *why, size_t len)
{
	static const char scheme[] = "http://";
	const char *h, *end, *colon, *p;
	long port = 80;

	memset(u, 0, sizeof(*u));
	if (strlen(text) > HTTP_URL_MAX)
		return WHY("a URL has at most %d bytes", HTTP_URL_MAX);
	if (strncasecmp(text, "https://", 8) == 0)
		return WHY("https is not offered: the cloud calls back over "
		    "HTTP only (SPEC 9)");
	if (strncasecmp(text, scheme, sizeof(scheme) - 1) != 0)
		return WHY("a URL starts http://");
	h = text + sizeof(scheme) - 1;
	end = h + strcspn(h, "/?#");
	if (*end != '/')
		return WHY("no path: the URL needs one after its host, "
		    "http://HOST[:PORT]/PATH (byte %zu)",
		    (size_t)(end - text) + 1);
	if (memchr(h, '@', (size_t)(end - h)) != NULL)
		return WHY("a URL here takes no user name or password "
		    "(byte %zu)", (size_t)((const char *)memchr(h, '@',
		    (size_t)(end - h)) - text) + 1);
	colon = NULL;
	for (p = h; p < end; p++)
		if (*p == ':' && (h[0] != '[' || (p > h && p[-1] == ']')))
			colon = p;
	if (decode_host(text, h, (size_t)((colon ? colon : end) - h), u, why,
	    len) == -1)
		return -1;
	if (colon != NULL) {
		if (colon + 1 == end)
			return WHY("no port after : (byte %zu)",
			    (size_t)(colon - text) + 1);
		port = 0;
		for (p = colon + 1; p < end; p++) {
			if (!isdigit((unsigned char)*p))
				return WHY("the port must be a number (byte "
				    "%zu)", (size_t)(p - text) + 1);
			if ((port = port * 10 + (*p - '0')) > 65535)
				break;
		}
		if (port < 1 || port > 65535)
			return WHY("port must be 1-65535 (byte %zu)",
			    (size_t)(colon - text) + 2);
	}
	u->port = (uint16_t)port;
	u->path = end;
	for (p = end; *p != '\0'; p++) {
		if (*p == '%' && isxdigit((unsigned char)p[1]) &&
		    isxdigit((unsigned char)p[2])) {
			p += 2;
			continue;
		}
		if (*p == '#')
			return WHY("a fragment (#, byte %zu) is never sent; "
			    "leave it out", (size_t)(p - text) + 1);
		if (!path_byte((unsigned char)*p))
			return WHY("byte %zu (0x%02x) may not stand in a URL "
			    "as it is; write it %%XX", (size_t)(p - text) + 1,
			    (unsigned char)*p);
	}
	return 0;
}

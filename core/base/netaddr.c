/*
 * netaddr: decoding, formatting and ordering of addresses and prefixes.
 */
#include <arpa/inet.h>
#include <sys/socket.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "netaddr.h"

static void
set_why(char *why, size_t whylen, const char *fmt, const char *text)
{
	if (why != NULL && whylen > 0)
		snprintf(why, whylen, fmt, text);
}

int
ipaddr_decode(const char *text, sa_family_t family, struct ipaddr *out,
    char *why, size_t whylen)
{
	struct ipaddr a;

	memset(&a, 0, sizeof(a));
	if (family != AF_INET6 && inet_pton(AF_INET, text, &a.v4) == 1) {
		a.family = AF_INET;
	} else if (family != AF_INET && inet_pton(AF_INET6, text, &a.v6) == 1) {
		a.family = AF_INET6;
	} else {
		set_why(why, whylen,
		    family == AF_INET ? "'%s' is not an IPv4 address" :
		    family == AF_INET6 ? "'%s' is not an IPv6 address" :
		    "'%s' is not an IP address", text);
		return -1;
	}
	*out = a;
	return 0;
}

static uint8_t *
addr_bytes(struct ipaddr *a)
{
	return a->family == AF_INET ? (uint8_t *)&a->v4 : (uint8_t *)&a->v6;
}

static const uint8_t *
addr_cbytes(const struct ipaddr *a)
{
	return a->family == AF_INET ? (const uint8_t *)&a->v4 :
	    (const uint8_t *)&a->v6;
}

static size_t
addr_size(sa_family_t family)
{
	return family == AF_INET ? 4 : 16;
}

int
prefix_decode(const char *text, sa_family_t family, struct prefix *out,
    char *why, size_t whylen)
{
	char addrtext[NETADDR_STRLEN], fixed[NETADDR_STRLEN];
	const char *slash;
	struct prefix p;
	unsigned long len;
	char *end;
	size_t i, maxlen;
	uint8_t *bytes;
	int host_bits = 0;

	slash = strchr(text, '/');
	if (slash == NULL || (size_t)(slash - text) >= sizeof(addrtext)) {
		set_why(why, whylen, "'%s' is not a prefix (ADDRESS/LENGTH)",
		    text);
		return -1;
	}
	memcpy(addrtext, text, (size_t)(slash - text));
	addrtext[slash - text] = '\0';
	memset(&p, 0, sizeof(p));
	if (ipaddr_decode(addrtext, family, &p.addr, NULL, 0) == -1) {
		set_why(why, whylen,
		    family == AF_INET ? "'%s' is not an IPv4 prefix" :
		    family == AF_INET6 ? "'%s' is not an IPv6 prefix" :
		    "'%s' is not an IP prefix", text);
		return -1;
	}
	maxlen = p.addr.family == AF_INET ? 32 : 128;
	errno = 0;
	len = strtoul(slash + 1, &end, 10);
	if (slash[1] < '0' || slash[1] > '9' || *end != '\0' || errno != 0 ||
	    len > maxlen) {
		set_why(why, whylen, "'%s' has a bad prefix length", text);
		return -1;
	}
	p.len = (uint8_t)len;

	bytes = addr_bytes(&p.addr);
	for (i = 0; i < addr_size(p.addr.family); i++) {
		unsigned keep = len >= 8 * (i + 1) ? 8 :
		    len <= 8 * i ? 0 : (unsigned)(len - 8 * i);
		uint8_t mask = keep == 0 ? 0 : (uint8_t)(0xff << (8 - keep));

		if (bytes[i] & ~mask)
			host_bits = 1;
		bytes[i] &= mask;
	}
	if (host_bits) {
		if (why != NULL && whylen > 0)
			snprintf(why, whylen,
			    "'%s' has host bits set (did you mean %s?)", text,
			    prefix_format(&p, fixed, sizeof(fixed)));
		return -1;
	}
	*out = p;
	return 0;
}

/* Decimal digits of v at p; returns the end.  No printf (glibc's
 * inet_ntop uses it): a table of a million routes formats millions. */
static char *
put_decimal(char *p, unsigned v)
{
	char d[10];
	int n = 0;

	do
		d[n++] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	while (n > 0)
		*p++ = d[--n];
	return p;
}

/* "192.0.2.1" and its NUL at p; returns the NUL. */
static char *
put_dotted_quad(char *p, const uint8_t *b)
{
	unsigned v;

	for (int i = 0; i < 4; i++) {
		if (i > 0)
			*p++ = '.';
		v = b[i];
		if (v >= 100) {
			*p++ = (char)('0' + v / 100);
			v %= 100;
			*p++ = (char)('0' + v / 10);
		} else if (v >= 10)
			*p++ = (char)('0' + v / 10);
		*p++ = (char)('0' + v % 10);
	}
	*p = '\0';
	return p;
}

const char *
ipaddr_format(const struct ipaddr *a, char *buf, size_t len)
{
	if (a->family == AF_INET && len >= INET_ADDRSTRLEN) {
		put_dotted_quad(buf, addr_cbytes(a));
		return buf;
	}
	if (inet_ntop(a->family, addr_cbytes(a), buf, (socklen_t)len) == NULL)
		snprintf(buf, len, "?");
	return buf;
}

const char *
prefix_format(const struct prefix *p, char *buf, size_t len)
{
	char text[NETADDR_STRLEN + 4], *e;
	size_t n;

	if (p->addr.family == AF_INET) {
		e = put_dotted_quad(text, addr_cbytes(&p->addr));
	} else {
		ipaddr_format(&p->addr, text, NETADDR_STRLEN);
		e = text + strlen(text);
	}
	*e++ = '/';
	e = put_decimal(e, p->len);
	n = (size_t)(e - text);
	if (len == 0)
		return buf;
	if (n >= len)
		n = len - 1;
	memcpy(buf, text, n);
	buf[n] = '\0';
	return buf;
}

bool
ipaddr_equal(const struct ipaddr *a, const struct ipaddr *b)
{
	return ipaddr_compare(a, b) == 0;
}

socklen_t
ipaddr_to_sockaddr(const struct ipaddr *a, uint16_t port,
    struct sockaddr_storage *ss)
{
	memset(ss, 0, sizeof(*ss));
	if (a->family == AF_INET) {
		struct sockaddr_in *s4 = (struct sockaddr_in *)ss;

		s4->sin_family = AF_INET;
		s4->sin_port = htons(port);
		s4->sin_addr = a->v4;
		return sizeof(*s4);
	} else {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;

		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(port);
		s6->sin6_addr = a->v6;
		return sizeof(*s6);
	}
}

void
ipaddr_from_sockaddr(const struct sockaddr_storage *ss, struct ipaddr *a,
    uint16_t *port)
{
	memset(a, 0, sizeof(*a));
	a->family = ss->ss_family;
	if (ss->ss_family == AF_INET) {
		a->v4 = ((const struct sockaddr_in *)ss)->sin_addr;
		if (port != NULL)
			*port = ntohs(((const struct sockaddr_in *)ss)->sin_port);
	} else {
		a->v6 = ((const struct sockaddr_in6 *)ss)->sin6_addr;
		if (port != NULL)
			*port = ntohs(((const struct sockaddr_in6 *)ss)->sin6_port);
	}
}

struct prefix
prefix_truncated(const struct prefix *p, unsigned len)
{
	struct prefix t = *p;
	uint8_t *b = t.addr.family == AF_INET ? (uint8_t *)&t.addr.v4 :
	    t.addr.v6.s6_addr;
	unsigned i, n = t.addr.family == AF_INET ? 4 : 16;

	for (i = 0; i < n; i++) {
		if (i * 8 >= len)
			b[i] = 0;
		else if (i * 8 + 8 > len)
			b[i] &= (uint8_t)(0xff << (8 - (len - i * 8)));
	}
	t.len = (uint8_t)len;
	return t;
}

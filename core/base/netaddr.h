/*
 * netaddr: IPv4/IPv6 addresses and prefixes as typed values.
 *
 * Owns decoding from text (strict: no host bits in a prefix, no leading
 * zeros games: inet_pton decides), formatting, and ordering.  Used by the
 * grammar's typed tokens and by the engine alike, so it depends on nothing
 * but libc.
 */
#ifndef ECSH_NETADDR_H
#define ECSH_NETADDR_H

#include <netinet/in.h>
#include <sys/socket.h>
#include <endian.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

enum { NETADDR_STRLEN = 64 };	/* longest "addr/len" text plus NUL */

struct ipaddr {
	sa_family_t	family;		/* AF_INET or AF_INET6 */
	union {
		struct in_addr	v4;
		struct in6_addr	v6;
	};
};

struct prefix {
	struct ipaddr	addr;
	uint8_t		len;
};

/*
 * Decoders return 0, or -1 with a reason in why (why may be NULL).
 * family AF_UNSPEC accepts either family.
 */
int	ipaddr_decode(const char *text, sa_family_t family, struct ipaddr *out,
	    char *why, size_t whylen);
int	prefix_decode(const char *text, sa_family_t family, struct prefix *out,
	    char *why, size_t whylen);

const char *ipaddr_format(const struct ipaddr *, char *buf, size_t len);
const char *prefix_format(const struct prefix *, char *buf, size_t len);

bool	ipaddr_equal(const struct ipaddr *, const struct ipaddr *);
/* p cut to its first len bits, every bit past them cleared. */
struct prefix prefix_truncated(const struct prefix *p, unsigned len);

/*
 * Ordering: IPv4 before IPv6, then by address, then shorter first.
 * Inline, because every RIB's tree calls them millions of times.
 */
static inline int
ipv6_half_compare(const uint8_t *a, const uint8_t *b)
{
	uint64_t x, y;

	memcpy(&x, a, sizeof(x));
	memcpy(&y, b, sizeof(y));
	x = be64toh(x);
	y = be64toh(y);
	return x < y ? -1 : x > y;
}

static inline int
ipaddr_compare(const struct ipaddr *a, const struct ipaddr *b)
{
	uint32_t x, y;
	int c;

	if (a->family != b->family)
		return a->family == AF_INET ? -1 : 1;
	if (a->family == AF_INET) {
		x = ntohl(a->v4.s_addr);
		y = ntohl(b->v4.s_addr);
		return x < y ? -1 : x > y;
	}
	/* two 64-bit compares: memcmp was half of ingesting IPv6 routes */
	c = ipv6_half_compare(a->v6.s6_addr, b->v6.s6_addr);
	return c != 0 ? c : ipv6_half_compare(a->v6.s6_addr + 8,
	    b->v6.s6_addr + 8);
}

static inline int
prefix_compare(const struct prefix *a, const struct prefix *b)
{
	int c = ipaddr_compare(&a->addr, &b->addr);

	return c != 0 ? c : (int)a->len - (int)b->len;
}

/* Socket addresses, for the engine's sockets. */
socklen_t ipaddr_to_sockaddr(const struct ipaddr *, uint16_t port,
	    struct sockaddr_storage *);
void	ipaddr_from_sockaddr(const struct sockaddr_storage *, struct ipaddr *,
	    uint16_t *port);

#endif

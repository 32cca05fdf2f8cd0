/*
 * rules: predicates over ASNs, addresses and prefixes.
 */
#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "object.h"
#include "rules.h"

bool
rules_local_asn_valid(uint32_t asn)
{
	return asn == CLOUD_ASN || (asn >= 64512 && asn <= 65024) ||
	    (asn >= 65026 && asn <= 65534) ||
	    (asn >= 4200000000u && asn <= 4294967294u);
}

bool
rules_netmask_valid(const struct ipaddr *a)
{
	uint32_t m = ntohl(a->v4.s_addr);

	/* ones from the top, then zeros: ~m + 1 is a power of two (or 0) */
	return a->family == AF_INET && ((~m + 1) & ~m) == 0;
}

static const uint8_t *
bytes(const struct ipaddr *a)
{
	return a->family == AF_INET ? (const uint8_t *)&a->v4 :
	    (const uint8_t *)&a->v6;
}

/* The first len bits of a and b agree. */
static bool
same_bits(const struct ipaddr *a, const struct ipaddr *b, unsigned len)
{
	const uint8_t *x = bytes(a), *y = bytes(b);
	unsigned full = len / 8, rest = len % 8;

	if (memcmp(x, y, full) != 0)
		return false;
	return rest == 0 ||
	    ((x[full] ^ y[full]) & (uint8_t)(0xff << (8 - rest))) == 0;
}

bool
rules_prefix_contains(const struct prefix *outer, const struct prefix *inner)
{
	return outer->addr.family == inner->addr.family &&
	    outer->len <= inner->len &&
	    same_bits(&outer->addr, &inner->addr, outer->len);
}

bool
rules_prefix_has_addr(const struct prefix *p, const struct ipaddr *a)
{
	return p->addr.family == a->family && same_bits(&p->addr, a, p->len);
}

bool
rules_prefixes_overlap(const struct prefix *a, const struct prefix *b)
{
	return rules_prefix_contains(a, b) || rules_prefix_contains(b, a);
}

static struct prefix
v4_prefix(const char *addr, uint8_t len)
{
	struct prefix p;

	memset(&p, 0, sizeof(p));
	p.addr.family = AF_INET;
	inet_pton(AF_INET, addr, &p.addr.v4);
	p.len = len;
	return p;
}

int
rules_unicast_host(const struct ipaddr *a, char *why, size_t len)
{
	static const struct in6_addr any6 = IN6ADDR_ANY_INIT;
	uint32_t v;

	if (a->family == AF_INET6) {
		if (memcmp(&a->v6, &any6, sizeof(any6)) == 0)
			snprintf(why, len, "the unspecified address");
		else if (a->v6.s6_addr[0] == 0xff)
			snprintf(why, len, "a multicast address (ff00::/8)");
		else
			return 0;
		return -1;
	}
	v = ntohl(a->v4.s_addr);
	if (v == 0)
		snprintf(why, len, "the unspecified address");
	else if (v == 0xffffffffu)
		snprintf(why, len, "the limited broadcast address");
	else if (v >> 24 == 0)
		snprintf(why, len, "in 0.0.0.0/8, this host on this network "
		    "(RFC 1122)");
	else if (v >> 28 == 0xe)
		snprintf(why, len, "a multicast address (224.0.0.0/4)");
	else if (v >> 28 == 0xf)
		snprintf(why, len, "in 240.0.0.0/4, reserved (RFC 1112)");
	else
		return 0;
	return -1;
}

int
rules_circuit_ends(const struct ipaddr *local, const struct ipaddr *peer,
    const struct ipaddr *mask, char *why, size_t len)
{
	uint32_t l = ntohl(local->v4.s_addr), p = ntohl(peer->v4.s_addr);
	uint32_t m = mask != NULL ? ntohl(mask->v4.s_addr) : 0;
	char la[NETADDR_STRLEN], pa[NETADDR_STRLEN], ma[NETADDR_STRLEN];

	ipaddr_format(local, la, sizeof(la));
	ipaddr_format(peer, pa, sizeof(pa));
	if (l == p) {
		snprintf(why, len, "local-gateway-ip and peer-gateway-ip are "
		    "both %s: the two ends of a circuit have an address each",
		    la);
		return -1;
	}
	if (mask == NULL)
		return 0;
	ipaddr_format(mask, ma, sizeof(ma));
	if ((l & m) != (p & m)) {
		snprintf(why, len, "local-gateway-ip %s and peer-gateway-ip %s "
		    "are not in one subnet of mask %s", la, pa, ma);
		return -1;
	}
	if (~m > 1 && ((l & ~m) == 0 || (l & ~m) == ~m ||
	    (p & ~m) == 0 || (p & ~m) == ~m)) {
		snprintf(why, len, "%s is the %s address of its subnet (mask %s), "
		    "not a host", (l & ~m) == 0 || (l & ~m) == ~m ? la : pa,
		    ((l & ~m) == 0 || (l & ~m) == ~m ? (l & ~m) : (p & ~m)) == 0 ?
		    "network" : "broadcast", ma);
		return -1;
	}
	return 0;
}

struct ipaddr
rules_tunnel_peer(const struct prefix *cidr, const struct ipaddr *local)
{
	struct ipaddr a = *local;
	uint32_t net = ntohl(cidr->addr.v4.s_addr);

	a.v4.s_addr = htonl(ntohl(local->v4.s_addr) == (net | 1u) ?
	    net | 2u : net | 1u);
	return a;
}

bool
rules_shared_address_space(const struct prefix *p)
{
	struct prefix shared = v4_prefix("100.64.0.0", 10);

	return rules_prefix_contains(&shared, p);
}

int
rules_destination_route(const struct prefix *p, char *why, size_t len)
{
	struct prefix shared = v4_prefix("100.64.0.0", 10);

	if (p->len == 0) {
		snprintf(why, len, "a destination-based route may not be the "
		    "default route (V3)");
		return -1;
	}
	if (rules_prefixes_overlap(p, &shared)) {
		snprintf(why, len, "a destination-based route may not overlap "
		    "100.64.0.0/10 (V3)");
		return -1;
	}
	return 0;
}

int
rules_tunnel_cidr(const struct prefix *p, char *why, size_t len)
{
	struct prefix linklocal = v4_prefix("169.254.0.0", 16);
	struct prefix reserved = v4_prefix("169.254.169.252", 30);
	uint32_t a;

	if (p->addr.family != AF_INET || p->len != 30 ||
	    !rules_prefix_contains(&linklocal, p)) {
		snprintf(why, len, "tunnel-cidr must be a /30 inside "
		    "169.254.0.0/16 (V5)");
		return -1;
	}
	a = ntohl(p->addr.v4.s_addr);
	/* 169.254.0.0/30, 169.254.1.0/30, ... 169.254.6.0/30 are taken */
	if (((a & 0xff) == 0 && ((a >> 8) & 0xff) <= 6) ||
	    prefix_compare(p, &reserved) == 0) {
		snprintf(why, len, "tunnel-cidr may not be 169.254.0.0/30 .. "
		    "169.254.6.0/30 nor 169.254.169.252/30: the cloud uses "
		    "them (V5)");
		return -1;
	}
	return 0;
}

bool
rules_tunnel_host(const struct prefix *p, const struct ipaddr *a)
{
	uint32_t net, host;

	if (!rules_prefix_has_addr(p, a) || a->family != AF_INET)
		return false;
	net = ntohl(p->addr.v4.s_addr);
	host = ntohl(a->v4.s_addr);
	return host != net && host != (net | 3u);
}

void
rules_list_add(char *buf, size_t len, const char *name)
{
	size_t used = strlen(buf);

	if (used + 1 >= len)
		return;
	snprintf(buf + used, len - used, "%s%s", used ? ", " : "", name);
}

void
rules_list_addf(char *buf, size_t len, const char *fmt, ...)
{
	char item[300];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(item, sizeof(item), fmt, ap);
	va_end(ap);
	rules_list_add(buf, len, item);
}

/*
 * rules: the cloud's published limits as predicates, shared by the
 * configuration code of every object (SPEC section 6).
 */
#ifndef ECSH_RULES_H
#define ECSH_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../base/netaddr.h"

/* R2: a cloud-side ASN is 45104 or in one of the private ranges. */
bool	rules_local_asn_valid(uint32_t asn);
#define RULES_LOCAL_ASN_RANGES \
	"45104, 64512-65024, 65026-65534 or 4200000000-4294967294"

bool	rules_netmask_valid(const struct ipaddr *);
bool	rules_prefix_contains(const struct prefix *outer,
	    const struct prefix *inner);
bool	rules_prefix_has_addr(const struct prefix *, const struct ipaddr *);
bool	rules_prefixes_overlap(const struct prefix *, const struct prefix *);

/* The data-center end of a tunnel's /30: the host that is not local. */
struct ipaddr rules_tunnel_peer(const struct prefix *cidr,
	    const struct ipaddr *local);
/* V3: inside 100.64.0.0/10, the carrier-grade NAT space (RFC 6598). */
bool	rules_shared_address_space(const struct prefix *);
/* V3: destination-based routes. 0, or -1 with the reason in why. */
int	rules_destination_route(const struct prefix *, char *why, size_t len);
/* V5: a tunnel's BGP /30 on its own; uniqueness is checked by the caller. */
int	rules_tunnel_cidr(const struct prefix *, char *why, size_t len);
/* V5: a host address of the /30 (not its first or last address). */
bool	rules_tunnel_host(const struct prefix *, const struct ipaddr *);

/*
 * An address one router on a circuit can have: not unspecified, broadcast,
 * multicast, or in 0.0.0.0/8 or 240.0.0.0/4 (loopback is allowed: a lab's
 * real routers peer over 127/8).  0, or -1 with what it is in why.
 */
int	rules_unicast_host(const struct ipaddr *, char *why, size_t len);
/*
 * The two ends of a VBR's circuit: different addresses, hosts of one
 * subnet of the mask (RFC 3021: a /31 has no network or broadcast
 * address).  0, or -1 with the reason in why.
 */
int	rules_circuit_ends(const struct ipaddr *local, const struct ipaddr *peer,
	    const struct ipaddr *mask, char *why, size_t len);

/* Append to a ", "-separated list in buf. */
void	rules_list_add(char *buf, size_t len, const char *name);
void	rules_list_addf(char *buf, size_t len, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));

#endif

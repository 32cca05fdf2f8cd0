/*
 * fuzz_bgp_msg: any bytes as a BGP message, through the one decoder
 * sessions use: the header, then the body by type, then every view the
 * decoder hands out (NLRI, AS path).  The first byte picks 2- or 4-octet
 * ASNs.  Nothing may crash, read out of bounds or leak.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "../../core/bgp/bgp_msg.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
walk_nlri(struct rbuf r, sa_family_t f)
{
	struct prefix p;

	while (bgp_nlri_next(&r, f, &p) == 1)
		;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bgp_error err;
	enum bgp_type type;
	uint16_t len, afi;
	uint8_t safi;
	struct rbuf body;
	struct bgp_open open;
	struct bgp_update u;
	struct bgp_notification n;
	uint32_t asns[64];
	size_t count;
	struct bgp_sender from;

	if (size < 1)
		return 0;
	/* the first byte says who sent it: 4-octet ASNs, internal peer */
	from.as4 = data[0] & 1;
	from.ibgp = data[0] & 2;
	data++;
	size--;
	memset(&err, 0, sizeof(err));
	if (bgp_header_decode(data, size, &type, &len, &err) != 1)
		return 0;
	body.p = data + BGP_HEADER_LEN;
	body.len = len - BGP_HEADER_LEN;
	switch (type) {
	case BGP_OPEN:
		bgp_open_decode(body, &open, &err);
		break;
	case BGP_UPDATE:
		if (bgp_update_decode(body, &from, &u, &err) == 0) {
			walk_nlri(u.withdrawn, AF_INET);
			walk_nlri(u.nlri, AF_INET);
			if (u.attrs.has_mp_reach)
				walk_nlri(u.attrs.mp_reach_nlri,
				    u.attrs.mp_reach_afi == BGP_AFI_IPV6 ?
				    AF_INET6 : AF_INET);
			if (u.attrs.has_mp_unreach)
				walk_nlri(u.attrs.mp_withdrawn,
				    u.attrs.mp_unreach_afi == BGP_AFI_IPV6 ?
				    AF_INET6 : AF_INET);
			bgp_as_path_flatten(&u.attrs, asns, 64, &count);
		}
		break;
	case BGP_NOTIFICATION:
		bgp_notification_decode(body, &n, &err);
		break;
	case BGP_ROUTE_REFRESH:
		bgp_route_refresh_decode(body, &afi, &safi, &err);
		break;
	default:
		break;
	}
	return 0;
}

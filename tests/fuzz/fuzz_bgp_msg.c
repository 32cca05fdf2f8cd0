/*
 * fuzz_bgp_msg: any bytes as a BGP message, through the one decoder
 * sessions use: the header, then the body by type, then every view the
 * decoder hands out (NLRI, AS path).  The first byte picks 2- or 4-octet
 * ASNs and an internal or external peer.  Nothing may crash, read out of
 * bounds or leak.
 *
 * An UPDATE the decoder takes must also come back whole through the
 * encoder, said as the engine says it (bgp_export.c) to a peer of either
 * ASN width: announcements and withdrawals in UPDATEs of their own, one
 * family each, halved while too long.  What on_update (bgp_speakers.c) does with the UPDATE is what is
 * said again: the withdrawn prefixes are withdrawn, and the announced ones
 * announced, or withdrawn too when the UPDATE is to be treated as a
 * withdrawal.  Read back, the UPDATEs must decode cleanly, in the family
 * and field the encoder was asked for, to the same prefixes in the same
 * order, with the attributes it writes: ORIGIN, the AS path as the
 * decision reads it (the ASNs, merged with AS4_PATH on a 2-octet session,
 * and its length), the next hop (NEXT_HOP, or MP_REACH_NLRI's), MED,
 * COMMUNITIES, and the optional transitive attributes passed on (the same
 * type, flags and value, with Partial set).  The encoder writes none of
 * LOCAL_PREF, ATOMIC_AGGREGATE or AGGREGATOR, which the engine keeps
 * none of: those are not compared, and must not appear.
 */
#include <stdio.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../core/bgp/bgp_msg.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

enum {
	PREFIXES_MAX = BGP_MAX_LEN,	/* a prefix takes an octet at least */
	ASNS_MAX = BGP_MAX_LEN / 2,
	COMMUNITIES_MAX = BGP_MAX_LEN / 4,
	KEPT_ASNS = 32,			/* what a RIB keeps (rib_attrs.h) */
};

struct prefixes {
	size_t		n;
	struct prefix	v[PREFIXES_MAX];
};

/* One run of prefixes said again: withdrawn, or announced with route. */
struct said {
	sa_family_t		 family;
	bool			 withdraw;
	const struct prefixes	*want;
	struct prefixes		*got;		/* as read back */
	const struct bgp_route_out *route;	/* all the attributes */
	const struct bgp_route_out *kept;	/* what a RIB keeps of them */
	size_t			 path_length;	/* 0: not compared */
};

/* The session the UPDATEs are said again on and read back from. */
static struct bgp_sender peer;

static void
fail(const char *what)
{
	fprintf(stderr, "fuzz_bgp_msg: %s\n", what);
	abort();
}

static void
prefixes_read(struct rbuf r, sa_family_t f, struct prefixes *out)
{
	out->n = 0;
	while (out->n < PREFIXES_MAX && bgp_nlri_next(&r, f, &out->v[out->n]))
		out->n++;
}

static void
prefixes_append(struct prefixes *to, const struct prefixes *from)
{
	size_t i;

	for (i = 0; i < from->n && to->n < PREFIXES_MAX; i++)
		to->v[to->n++] = from->v[i];
}

static bool
prefixes_same(const struct prefixes *a, const struct prefixes *b)
{
	size_t i;

	if (a->n != b->n)
		return false;
	for (i = 0; i < a->n; i++)
		if (prefix_compare(&a->v[i], &b->v[i]) != 0)
			return false;
	return true;
}

static sa_family_t
afi_family(uint16_t afi)
{
	return afi == BGP_AFI_IPV6 ? AF_INET6 : AF_INET;
}

static bool
same_bytes(struct rbuf a, struct rbuf b)
{
	return a.len == b.len && (a.len == 0 || memcmp(a.p, b.p, a.len) == 0);
}

/* A withdrawal carries no attribute, an announcement nothing foreign. */
static void
check_no_extras(const struct bgp_attrs *a, bool withdraw)
{
	if (a->has_local_pref || a->atomic_aggregate || a->has_aggregator)
		fail("attributes appeared that the encoder does not write");
	if (withdraw && (a->has_origin || a->has_as_path || a->has_next_hop ||
	    a->has_med || a->has_communities || a->nunknown > 0 ||
	    a->has_mp_reach))
		fail("a withdrawal carries attributes");
}

static void
check_as_path(const struct bgp_attrs *a, const struct said *s,
    const struct bgp_route_out *r)
{
	static uint32_t asns[ASNS_MAX];
	size_t n, length;

	if (!a->has_as_path)
		fail("AS_PATH lost");
	length = bgp_as_path_flatten(a, asns, ASNS_MAX, &n);
	if (n != r->as_path_len || (n > 0 &&
	    memcmp(asns, r->as_path, n * sizeof(asns[0])) != 0))
		fail("the AS path came back with other ASNs");
	if (r == s->route && s->path_length != 0 && length != s->path_length)
		fail("the AS path came back of another length");
}

static void
check_communities(const struct bgp_attrs *a, const struct bgp_route_out *r)
{
	struct rbuf c = a->communities;
	uint32_t v;
	size_t i;

	if (a->has_communities != (r->ncommunities > 0) ||
	    c.len != r->ncommunities * 4)
		fail("COMMUNITIES came back of another length");
	for (i = 0; i < r->ncommunities; i++)
		if (rbuf_u32(&c, &v) == -1 || v != r->communities[i])
			fail("COMMUNITIES came back with other values");
}

static void
check_unknown(const struct bgp_attrs *a, const struct bgp_route_out *r)
{
	const uint8_t ot = BGP_FLAG_OPTIONAL | BGP_FLAG_TRANSITIVE;
	size_t i;

	if (a->nunknown != r->nunknown)
		fail("attributes passed on were lost or gained");
	for (i = 0; i < r->nunknown; i++)
		if (a->unknown[i].type != r->unknown[i].type ||
		    (a->unknown[i].flags & ot) != (r->unknown[i].flags & ot) ||
		    !(a->unknown[i].flags & BGP_FLAG_PARTIAL) ||
		    !same_bytes(a->unknown[i].value, r->unknown[i].value))
			fail("an attribute passed on came back changed");
}

static void
check_next_hop(const struct bgp_attrs *a, const struct said *s,
    const struct bgp_route_out *r)
{
	struct ipaddr nh;

	memset(&nh, 0, sizeof(nh));
	nh.family = s->family;
	if (s->family == AF_INET && a->has_next_hop)
		nh.v4 = a->next_hop;
	else if (s->family == AF_INET6 && a->has_mp_reach)
		nh = a->mp_next_hop;
	else
		fail("the next hop was lost");
	if (!ipaddr_equal(&nh, &r->next_hop))
		fail("the next hop came back changed");
}

static void
check_attrs(const struct bgp_attrs *a, const struct said *s,
    const struct bgp_route_out *r, bool next_hop_refused)
{
	if (!a->has_origin || a->origin != r->origin)
		fail("ORIGIN came back changed");
	check_as_path(a, s, r);
	if (!next_hop_refused)
		check_next_hop(a, s, r);
	if (a->has_med != r->has_med || (r->has_med && a->med != r->med))
		fail("MED came back changed");
	check_communities(a, r);
	check_unknown(a, r);
}

/* The prefixes of one UPDATE read back, from where s says they go. */
static void
read_back(const struct bgp_update *u, const struct said *s,
    struct prefixes *got)
{
	const struct bgp_attrs *a = &u->attrs;
	bool v4 = s->family == AF_INET;

	if (v4 ? a->has_mp_reach || a->has_mp_unreach :
	    u->withdrawn.len > 0 || u->nlri.len > 0)
		fail("prefixes came back in the other family's field");
	if (!v4 && (s->withdraw ? a->has_mp_reach || !a->has_mp_unreach ||
	    a->mp_unreach_afi != BGP_AFI_IPV6 : a->has_mp_unreach ||
	    !a->has_mp_reach || a->mp_reach_afi != BGP_AFI_IPV6))
		fail("IPv6 prefixes came back in the wrong MP attribute");
	if (v4)
		prefixes_read(s->withdraw ? u->withdrawn : u->nlri, AF_INET,
		    got);
	else
		prefixes_read(s->withdraw ? a->mp_withdrawn : a->mp_reach_nlri,
		    AF_INET6, got);
	if (v4 && (s->withdraw ? u->nlri.len : u->withdrawn.len) > 0)
		fail("prefixes came back withdrawn for announced or the "
		    "other way");
}

/*
 * Where the decoders differ: MP_REACH_NLRI's IPv4 next hop is taken as it
 * comes, while NEXT_HOP, as which the encoder writes it, must be unicast
 * (RFC 4271 6.3).  Such a route comes back to be treated as withdrawn,
 * and only when the next hop it was given is one NEXT_HOP refuses; all
 * the rest of it must still agree.
 */
static bool
next_hop_refused(const struct bgp_update *u, const struct said *s,
    const struct bgp_route_out *r)
{
	uint32_t nh;

	if (s->family != AF_INET || s->withdraw)
		return false;
	nh = ntohl(r->next_hop.v4.s_addr);
	return (nh == 0 || nh >= 0xe0000000u) &&
	    u->error.action == BGP_ACT_WITHDRAW &&
	    u->error.subcode == BGP_UPD_NEXT_HOP && !u->attrs.has_next_hop;
}

static void
decode_back(const uint8_t *msg, size_t len, const struct said *s,
    const struct bgp_route_out *r)
{
	static struct prefixes got;
	struct bgp_update u;
	struct bgp_error err;
	enum bgp_type type;
	uint16_t mlen;
	bool refused;

	if (bgp_header_decode(msg, len, &type, &mlen, &err) != 1 ||
	    type != BGP_UPDATE || mlen != len)
		fail("the encoder's UPDATE has a bad header");
	if (bgp_update_decode(rbuf_of(msg + BGP_HEADER_LEN, len -
	    BGP_HEADER_LEN), &peer, &u, &err) == -1)
		fail(err.why);
	refused = next_hop_refused(&u, s, r);
	if (u.error.action != BGP_ACT_NONE && !refused)
		fail(u.error.why);
	check_no_extras(&u.attrs, s->withdraw);
	if (!s->withdraw)
		check_attrs(&u.attrs, s, r, refused);
	read_back(&u, s, &got);
	prefixes_append(s->got, &got);
}

static size_t
encode(uint8_t *buf, const struct said *s, const struct bgp_route_out *r,
    const struct prefix *v, size_t n)
{
	return s->withdraw ? bgp_update_encode(buf, BGP_MAX_LEN, peer.as4, r,
	    NULL, 0, v, n) : bgp_update_encode(buf, BGP_MAX_LEN, peer.as4, r,
	    v, n, NULL, 0);
}

/*
 * As encode_send() does: in halves while it does not fit.  One prefix
 * whose attributes do not fit (AS4_PATH doubles a path of wide ASNs) is
 * said with what a RIB keeps of them, which always fits.
 */
static void
say(const struct said *s, const struct prefix *v, size_t n)
{
	uint8_t buf[BGP_MAX_LEN];
	size_t len;

	if ((len = encode(buf, s, s->route, v, n)) > 0) {
		decode_back(buf, len, s, s->route);
	} else if (n > 1) {
		say(s, v, n / 2);
		say(s, v + n / 2, n - n / 2);
	} else if ((len = encode(buf, s, s->kept, v, n)) > 0) {
		decode_back(buf, len, s, s->kept);
	} else {
		fail("a route a RIB keeps does not fit in an UPDATE");
	}
}

static void
say_all(struct said *s)
{
	s->got->n = 0;
	if (s->want->n == 0)
		return;
	say(s, s->want->v, s->want->n);
	if (!prefixes_same(s->want, s->got))
		fail(s->withdraw ? "withdrawn prefixes came back changed" :
		    "announced prefixes came back changed");
}

/* The attributes the encoder writes, from the decoded UPDATE. */
static size_t
route_of(const struct bgp_attrs *a, struct bgp_route_out *r,
    struct bgp_route_out *kept)
{
	static uint32_t asns[ASNS_MAX], communities[COMMUNITIES_MAX];
	struct rbuf c = a->communities;
	size_t n, length;

	memset(r, 0, sizeof(*r));
	r->origin = a->origin;
	length = bgp_as_path_flatten(a, asns, ASNS_MAX, &n);
	r->as_path = asns;
	r->as_path_len = n;
	r->has_med = a->has_med;
	r->med = a->med;
	while (a->has_communities && r->ncommunities < COMMUNITIES_MAX &&
	    rbuf_u32(&c, &communities[r->ncommunities]) == 0)
		r->ncommunities++;
	r->communities = communities;
	r->unknown = a->unknown;
	r->nunknown = a->nunknown;
	*kept = *r;
	kept->as_path_len = n < KEPT_ASNS ? n : KEPT_ASNS;
	kept->ncommunities = kept->nunknown = 0;
	/* an AS_SET counts one, and is said again as a sequence */
	return length == n ? length : 0;
}

static void
round_trip(const struct bgp_update *u)
{
	static struct prefixes withdrawn, nlri, mp_withdrawn, mp_nlri, got;
	const struct bgp_attrs *a = &u->attrs;
	bool withdraw_all = u->error.action == BGP_ACT_WITHDRAW;
	sa_family_t mp_reach = afi_family(a->mp_reach_afi);
	struct bgp_route_out route, kept, mp_route, mp_kept;
	size_t length;

	prefixes_read(u->withdrawn, AF_INET, &withdrawn);
	prefixes_read(u->nlri, AF_INET, &nlri);
	mp_withdrawn.n = mp_nlri.n = 0;
	if (a->has_mp_unreach)
		prefixes_read(a->mp_withdrawn, afi_family(a->mp_unreach_afi),
		    &mp_withdrawn);
	if (a->has_mp_reach)
		prefixes_read(a->mp_reach_nlri, mp_reach, &mp_nlri);
	length = route_of(a, &route, &kept);
	route.next_hop = (struct ipaddr){ .family = AF_INET, .v4 =
	    a->next_hop };
	kept.next_hop = route.next_hop;
	mp_route = route;
	mp_kept = kept;
	mp_route.next_hop = mp_kept.next_hop = a->mp_next_hop;

	say_all(&(struct said){ AF_INET, true, &withdrawn, &got, NULL, NULL,
	    0 });
	say_all(&(struct said){ afi_family(a->mp_unreach_afi), true,
	    &mp_withdrawn, &got, NULL, NULL, 0 });
	say_all(&(struct said){ AF_INET, withdraw_all, &nlri, &got, &route,
	    &kept, length });
	say_all(&(struct said){ mp_reach, withdraw_all, &mp_nlri, &got,
	    &mp_route, &mp_kept, length });
}

/*
 * The engine says what it learned to peers of either ASN width: said to
 * a 2-octet one, a path of wide ASNs goes as AS_TRANS and AS4_PATH.
 */
static void
round_trips(const struct bgp_update *u, bool ibgp)
{
	peer = (struct bgp_sender){ .as4 = true, .ibgp = ibgp };
	round_trip(u);
	peer.as4 = false;
	round_trip(u);
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
		if (bgp_update_decode(body, &from, &u, &err) == 0)
			round_trips(&u, from.ibgp);
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

/*
 * BGP message codec: malformed messages get the action and the NOTIFICATION
 * code/subcode that RFC 4271 section 6 and RFC 7606 prescribe; good ones
 * decode and re-encode.  Messages are written as hex; UPDATE cases give
 * only their parts (withdrawn routes, attributes, NLRI) and the lengths
 * are computed, so each row shows just the field it breaks.
 */
#include <criterion/criterion.h>
#include <arpa/inet.h>
#include <string.h>
#include <sys/socket.h>

#include "../../core/bgp_msg.h"

#define MARKER "ffffffffffffffffffffffffffffffff"
/* well-formed attributes of a 4-octet session */
#define ORIGIN	"40 01 01 00"
#define PATH4	"40 02 06 02 01 0000fde8"		/* AS_SEQUENCE 65000 */
#define NH	"40 03 04 c0000201"			/* 192.0.2.1 */
#define GOOD	ORIGIN PATH4 NH
#define NLRI	"18 0a0100"				/* 10.1.0.0/24 */

static size_t
unhex(const char *s, uint8_t *out, size_t cap)
{
	size_t n = 0;
	unsigned v;

	while (*s != '\0') {
		if (*s == ' ') {
			s++;
			continue;
		}
		cr_assert(n < cap && sscanf(s, "%2x", &v) == 1, "bad hex '%s'", s);
		out[n++] = (uint8_t)v;
		s += 2;
	}
	return n;
}

/* A whole UPDATE from its parts. */
static size_t
update(const char *withdrawn, const char *attrs, const char *nlri,
    uint8_t *out, size_t cap)
{
	uint8_t w[4096], a[4096], n[4096];
	size_t wl = unhex(withdrawn, w, sizeof(w));
	size_t al = unhex(attrs, a, sizeof(a));
	size_t nl = unhex(nlri, n, sizeof(n));
	size_t len = 19 + 2 + wl + 2 + al + nl;

	cr_assert(len <= cap);
	memset(out, 0xff, 16);
	out[16] = (uint8_t)(len >> 8);
	out[17] = (uint8_t)len;
	out[18] = BGP_UPDATE;
	out[19] = (uint8_t)(wl >> 8);
	out[20] = (uint8_t)wl;
	memcpy(out + 21, w, wl);
	out[21 + wl] = (uint8_t)(al >> 8);
	out[22 + wl] = (uint8_t)al;
	memcpy(out + 23 + wl, a, al);
	memcpy(out + 23 + wl + al, n, nl);
	return len;
}

struct msg_case {
	const char		*name;
	const char		*raw;		/* a whole message, or NULL */
	const char		*withdrawn, *attrs, *nlri;	/* UPDATEs */
	bool			 as4;
	enum bgp_action		 action;
	uint8_t			 code, subcode;
};

#define RAW(name, hex, act, c, s)	{ name, hex, NULL, NULL, NULL, true, \
	act, c, s }
#define UPD(name, w, a, n, act, c, s)	{ name, NULL, w, a, n, true, act, c, s }
#define UPD2(name, w, a, n, act, c, s)	{ name, NULL, w, a, n, false, act, c, s }

static const struct msg_case cases[] = {
	/* header, RFC 4271 6.1 */
	RAW("marker not all ones", "ffffffffffffffffffffffffffffff00 0013 04",
	    BGP_ACT_RESET, 1, 1),
	RAW("length 18", MARKER "0012 04", BGP_ACT_RESET, 1, 2),
	RAW("length 4097", MARKER "1001 04", BGP_ACT_RESET, 1, 2),
	RAW("type 6", MARKER "0013 06", BGP_ACT_RESET, 1, 3),
	RAW("type 0", MARKER "0013 00", BGP_ACT_RESET, 1, 3),
	RAW("KEEPALIVE of 20", MARKER "0014 04 00", BGP_ACT_RESET, 1, 2),
	RAW("OPEN of 28", MARKER "001c 01 04fde800b4c000020100",
	    BGP_ACT_RESET, 1, 2),
	RAW("UPDATE of 22", MARKER "0016 02 000000", BGP_ACT_RESET, 1, 2),
	RAW("NOTIFICATION of 20", MARKER "0014 03 06", BGP_ACT_RESET, 1, 2),
	RAW("ROUTE-REFRESH of 24", MARKER "0018 05 0001000100",
	    BGP_ACT_RESET, 1, 2),
	RAW("KEEPALIVE", MARKER "0013 04", BGP_ACT_NONE, 0, 0),
	/* OPEN, RFC 4271 6.2, RFC 5492, RFC 6793 */
	RAW("version 3", MARKER "001d 01 03fde800b4c0000201 00",
	    BGP_ACT_RESET, 2, 1),
	RAW("hold time 1", MARKER "001d 01 04fde80001c0000201 00",
	    BGP_ACT_RESET, 2, 6),
	RAW("hold time 2", MARKER "001d 01 04fde80002c0000201 00",
	    BGP_ACT_RESET, 2, 6),
	RAW("hold time 0 (no keepalives)", MARKER
	    "001d 01 04fde80000c0000201 00", BGP_ACT_NONE, 0, 0),
	RAW("BGP identifier 0", MARKER "001d 01 04fde800b400000000 00",
	    BGP_ACT_RESET, 2, 3),
	RAW("parameter type 1", MARKER "0021 01 04fde800b4c0000201 04 0102abcd",
	    BGP_ACT_RESET, 2, 4),
	RAW("parameters shorter than said", MARKER
	    "001f 01 04fde800b4c0000201 05 0200", BGP_ACT_RESET, 2, 0),
	RAW("capability overruns", MARKER
	    "0021 01 04fde800b4c0000201 04 02020105", BGP_ACT_RESET, 2, 0),
	RAW("multiprotocol capability of 3", MARKER
	    "0024 01 04fde800b4c0000201 07 0205 0103000100", BGP_ACT_RESET, 2, 0),
	RAW("AS 0", MARKER "001d 01 04000000b4c0000201 00", BGP_ACT_RESET, 2, 2),
	RAW("AS 0 in the 4-octet capability", MARKER
	    "0025 01 045ba000b4c0000201 08 0206 410400000000",
	    BGP_ACT_RESET, 2, 2),
	RAW("unknown capabilities are ignored", MARKER
	    "0029 01 04fde800b4c0000201 0c 020a 4900 8000 4002 0078 4600",
	    BGP_ACT_NONE, 0, 0),
	/* UPDATE framing, RFC 4271 6.3 and RFC 7606 5.3: reset */
	{ "withdrawn length overruns", MARKER "0017 02 0010 0000", NULL, NULL,
	  NULL, true, BGP_ACT_RESET, 3, 1 },
	{ "attribute length overruns", MARKER "0017 02 0000 0010", NULL, NULL,
	  NULL, true, BGP_ACT_RESET, 3, 1 },
	UPD("NLRI prefix longer than 32", "", GOOD, "21 0a010000 00",
	    BGP_ACT_RESET, 3, 10),
	UPD("NLRI prefix runs past the end", "", GOOD, "18 0a01",
	    BGP_ACT_RESET, 3, 10),
	UPD("withdrawn prefix of 40 bits", "28 0a01000000", "", "",
	    BGP_ACT_RESET, 3, 10),
	/* attributes, RFC 7606 */
	UPD("attribute overruns the list (4)", "", ORIGIN "40 02 09 0201",
	    NLRI, BGP_ACT_WITHDRAW, 3, 1),
	UPD("two octets left (4)", "", GOOD "40", NLRI, BGP_ACT_WITHDRAW, 3, 1),
	UPD("ORIGIN 3 (7.1)", "", "40 01 01 03" PATH4 NH, NLRI,
	    BGP_ACT_WITHDRAW, 3, 6),
	UPD("ORIGIN of 2 octets (7.1)", "", "40 01 02 0000" PATH4 NH, NLRI,
	    BGP_ACT_WITHDRAW, 3, 6),
	UPD("AS_PATH segment overruns (7.2)", "", ORIGIN "40 02 06 02 02 0000fde8"
	    NH, NLRI, BGP_ACT_WITHDRAW, 3, 11),
	UPD("AS_PATH segment of 0 ASNs (7.2)", "", ORIGIN "40 02 02 0200" NH,
	    NLRI, BGP_ACT_WITHDRAW, 3, 11),
	UPD("AS_PATH segment type 5 (7.2)", "", ORIGIN "40 02 06 05 01 0000fde8"
	    NH, NLRI, BGP_ACT_WITHDRAW, 3, 11),
	UPD("AS_CONFED_SEQUENCE from eBGP (7.2)", "", ORIGIN
	    "40 02 06 03 01 0000fde8" NH, NLRI, BGP_ACT_WITHDRAW, 3, 11),
	UPD2("2-octet AS_PATH read as 4 octets", "", ORIGIN
	    "40 02 06 02 01 0000fde8" NH, NLRI, BGP_ACT_WITHDRAW, 3, 11),
	UPD("NEXT_HOP of 5 octets (7.3)", "", ORIGIN PATH4 "40 03 05 c000020100",
	    NLRI, BGP_ACT_WITHDRAW, 3, 5),
	UPD("NEXT_HOP 0.0.0.0 (6.3)", "", ORIGIN PATH4 "40 03 04 00000000",
	    NLRI, BGP_ACT_WITHDRAW, 3, 8),
	UPD("NEXT_HOP 224.0.0.1 (6.3)", "", ORIGIN PATH4 "40 03 04 e0000001",
	    NLRI, BGP_ACT_WITHDRAW, 3, 8),
	UPD("NEXT_HOP 127.0.0.2 is taken", "", ORIGIN PATH4 "40 03 04 7f000002",
	    NLRI, BGP_ACT_NONE, 0, 0),
	UPD("no NEXT_HOP (3.d)", "", ORIGIN PATH4, NLRI, BGP_ACT_WITHDRAW, 3, 3),
	UPD("no ORIGIN (3.d)", "", PATH4 NH, NLRI, BGP_ACT_WITHDRAW, 3, 3),
	UPD("no AS_PATH (3.d)", "", ORIGIN NH, NLRI, BGP_ACT_WITHDRAW, 3, 3),
	UPD("ORIGIN flagged optional (3.c)", "", "c0 01 01 00" PATH4 NH, NLRI,
	    BGP_ACT_WITHDRAW, 3, 4),
	UPD("MED flagged well-known (3.c)", "", GOOD "40 04 04 00000001", NLRI,
	    BGP_ACT_WITHDRAW, 3, 4),
	UPD("ORIGIN twice: first counts (3.g)", "", GOOD "40 01 01 02", NLRI,
	    BGP_ACT_DISCARD, 3, 9),
	UPD("MED of 3 octets (7.4)", "", GOOD "80 04 03 000001", NLRI,
	    BGP_ACT_WITHDRAW, 3, 5),
	UPD("LOCAL_PREF of 2 octets (7.5)", "", GOOD "40 05 02 0064", NLRI,
	    BGP_ACT_WITHDRAW, 3, 5),
	UPD("ATOMIC_AGGREGATE of 1 octet (7.6)", "", GOOD "40 06 01 00", NLRI,
	    BGP_ACT_DISCARD, 3, 9),
	UPD("AGGREGATOR of 7 octets (7.7)", "", GOOD "c0 07 07 0000fde8c00002",
	    NLRI, BGP_ACT_DISCARD, 3, 9),
	UPD("COMMUNITIES of 3 octets (7.8)", "", GOOD "c0 08 03 fde801", NLRI,
	    BGP_ACT_WITHDRAW, 3, 5),
	UPD("unknown well-known attribute (6.3)", "", GOOD "40 63 01 00", NLRI,
	    BGP_ACT_RESET, 3, 2),
	UPD("unknown optional transitive passes", "", GOOD "c0 63 02 abcd",
	    NLRI, BGP_ACT_NONE, 0, 0),
	UPD("unknown optional non-transitive is ignored", "", GOOD
	    "80 63 02 abcd", NLRI, BGP_ACT_NONE, 0, 0),
	UPD("MP_REACH twice (3.g)", "", ORIGIN PATH4
	    "80 0e 15 0002 01 10 20010db8000000000000000000000001 00"
	    "80 0e 15 0002 01 10 20010db8000000000000000000000001 00", "",
	    BGP_ACT_RESET, 3, 1),
	UPD("MP_REACH next hop of 15 (7.11)", "", ORIGIN PATH4
	    "80 0e 14 0002 01 0f 20010db8000000000000000000000001 00",
	    "", BGP_ACT_RESET, 3, 9),
	UPD("MP_REACH prefix of 129 bits (5.3)", "", ORIGIN PATH4
	    "80 0e 16 0002 01 10 20010db8000000000000000000000001 00 81", "",
	    BGP_ACT_RESET, 3, 9),
	UPD("MP_REACH too short (7.11)", "", ORIGIN PATH4 "80 0e 02 0002", "",
	    BGP_ACT_RESET, 3, 9),
	UPD("MP_REACH flagged transitive (3.c)", "", ORIGIN PATH4
	    "c0 0e 05 0002 01 00 00", "", BGP_ACT_RESET, 3, 4),
	UPD("MP_UNREACH too short (7.12)", "", "80 0f 01 00", "",
	    BGP_ACT_RESET, 3, 9),
	UPD("MP_REACH of IPv6 without ORIGIN (3.d)", "", PATH4
	    "80 0e 1a 0002 01 10 20010db8000000000000000000000001 00 20 20010db8",
	    "", BGP_ACT_WITHDRAW, 3, 3),
	UPD("withdrawals only", "18 0a0100 10 ac10", "", "", BGP_ACT_NONE, 0, 0),
	UPD("End-of-RIB", "", "", "", BGP_ACT_NONE, 0, 0),
	UPD("NLRI bits past the length are masked", "", GOOD, "17 0a0101",
	    BGP_ACT_NONE, 0, 0),
};

static void
decode_one(const struct msg_case *c, struct bgp_error *out)
{
	uint8_t buf[4200];
	size_t len;
	enum bgp_type type;
	uint16_t mlen;
	struct bgp_error err;
	struct bgp_open o;
	struct bgp_update u;
	struct bgp_notification n;
	uint16_t afi;
	uint8_t safi;
	struct rbuf body;

	memset(out, 0, sizeof(*out));
	len = c->raw != NULL ? unhex(c->raw, buf, sizeof(buf)) :
	    update(c->withdrawn, c->attrs, c->nlri, buf, sizeof(buf));
	if (bgp_header_decode(buf, len, &type, &mlen, &err) != 1) {
		*out = err;
		if (err.action == BGP_ACT_NONE)
			out->why = "incomplete";
		return;
	}
	body = rbuf_of(buf + BGP_HEADER_LEN, mlen - BGP_HEADER_LEN);
	switch (type) {
	case BGP_OPEN:
		if (bgp_open_decode(body, &o, &err) == -1)
			*out = err;
		break;
	case BGP_UPDATE:
		if (bgp_update_decode(body, c->as4, &u, &err) == -1)
			*out = err;
		else
			*out = u.error;
		break;
	case BGP_NOTIFICATION:
		if (bgp_notification_decode(body, &n, &err) == -1)
			*out = err;
		break;
	case BGP_ROUTE_REFRESH:
		if (bgp_route_refresh_decode(body, &afi, &safi, &err) == -1)
			*out = err;
		break;
	default:
		break;
	}
}

Test(bgp_msg, malformed_and_edge_cases)
{
	const struct msg_case *c;
	struct bgp_error e;
	size_t i, n = sizeof(cases) / sizeof(cases[0]);

	cr_assert_geq(n, 30);
	for (i = 0; i < n; i++) {
		c = &cases[i];
		decode_one(c, &e);
		cr_expect_eq(e.action, c->action, "%s: action %d, want %d (%s)",
		    c->name, e.action, c->action, e.why ? e.why : "");
		if (c->action != BGP_ACT_NONE && e.action == c->action) {
			cr_expect_eq(e.code, c->code, "%s: code %u, want %u",
			    c->name, e.code, c->code);
			cr_expect_eq(e.subcode, c->subcode, "%s: subcode %u, "
			    "want %u", c->name, e.subcode, c->subcode);
			cr_expect_not_null(e.why, "%s: no reason", c->name);
		}
	}
}

Test(bgp_msg, notification_data)
{
	uint8_t buf[64];
	size_t len = unhex(MARKER "001d 01 03fde800b4c0000201 00", buf,
	    sizeof(buf));
	enum bgp_type t;
	uint16_t mlen;
	struct bgp_error e;
	struct bgp_open o;

	cr_assert_eq(bgp_header_decode(buf, len, &t, &mlen, &e), 1);
	cr_assert_eq(bgp_open_decode(rbuf_of(buf + 19, mlen - 19), &o, &e), -1);
	/* RFC 4271 6.2: the data is the largest version we support */
	cr_assert_eq(e.datalen, 2);
	cr_assert_eq(e.data[0], 0);
	cr_assert_eq(e.data[1], 4);

	len = unhex(MARKER "0010 04", buf, sizeof(buf));
	cr_assert_eq(bgp_header_decode(buf, len, &t, &mlen, &e), -1);
	cr_assert_eq(e.datalen, 2);		/* the bad length */
	cr_assert_eq(e.data[1], 0x10);

	/* a partial message is not an error: wait for the rest */
	len = unhex(MARKER "0013", buf, sizeof(buf));
	cr_assert_eq(bgp_header_decode(buf, len, &t, &mlen, &e), 0);
}

/* A capture-shaped OPEN as FRR 8 sends it, with capabilities we skip. */
Test(bgp_msg, open_round_trip)
{
	uint8_t buf[256], out[256];
	size_t len = unhex(MARKER "0045 01 04 5ba0 00b4 c6336401 28"
	    "02 06 0104 0001 0001" "02 06 0104 0002 0001" "02 02 8000"
	    "02 02 0200" "02 02 4600" "02 06 4104 fcde3a28" "02 02 4000"
	    "02 04 4502 0001", buf, sizeof(buf));
	enum bgp_type t;
	uint16_t mlen;
	struct bgp_error e;
	struct bgp_open o, o2;

	cr_assert_eq(bgp_header_decode(buf, len, &t, &mlen, &e), 1, "%s",
	    e.why ? e.why : "");
	cr_assert_eq(t, BGP_OPEN);
	cr_assert_eq(bgp_open_decode(rbuf_of(buf + 19, mlen - 19), &o, &e), 0,
	    "%s", e.why ? e.why : "");
	cr_assert_eq(o.as, 0xfcde3a28u);	/* 4-octet, AS_TRANS outside */
	cr_assert(o.cap_as4 && o.cap_mp_ipv4 && o.cap_mp_ipv6 &&
	    o.cap_route_refresh);
	cr_assert_eq(o.hold_time, 180);
	cr_assert_eq(o.bgp_id, 0xc6336401);
	len = bgp_open_encode(out, sizeof(out), &o);
	cr_assert_gt(len, 0);
	cr_assert_eq(bgp_header_decode(out, len, &t, &mlen, &e), 1);
	cr_assert_eq(bgp_open_decode(rbuf_of(out + 19, mlen - 19), &o2, &e), 0);
	cr_assert_eq(memcmp(&o, &o2, sizeof(o)), 0);
	/* a 2-octet ASN goes in the fixed field */
	o.as = 65000;
	o.cap_as4 = false;
	len = bgp_open_encode(out, sizeof(out), &o);
	cr_assert_eq(out[20], 0xfd);
	cr_assert_eq(out[21], 0xe8);
}

static size_t
prefixes_of(struct rbuf r, sa_family_t f, struct prefix *out, size_t max)
{
	size_t n = 0;

	while (n < max && bgp_nlri_next(&r, f, &out[n]) == 1)
		n++;
	return n;
}

Test(bgp_msg, update_round_trip_ipv4_as4_over_2_octets)
{
	static const uint32_t path[] = { 4200000001u, 65010, 64512 };
	static const uint32_t comms[] = { 0xfde80064 };
	struct bgp_route_out r = { .origin = BGP_ORIGIN_IGP, .as_path = path,
	    .as_path_len = 3, .has_med = true, .med = 7,
	    .communities = comms, .ncommunities = 1 };
	struct prefix nlri[2], got[4];
	uint8_t buf[4096];
	uint32_t asns[8];
	size_t len, n;
	enum bgp_type t;
	uint16_t mlen;
	struct bgp_error e;
	struct bgp_update u;

	prefix_decode("10.1.0.0/16", AF_INET, &nlri[0], NULL, 0);
	prefix_decode("192.168.0.0/24", AF_INET, &nlri[1], NULL, 0);
	ipaddr_decode("198.51.100.1", AF_INET, &r.next_hop, NULL, 0);
	len = bgp_update_encode(buf, sizeof(buf), false, &r, nlri, 2, NULL, 0);
	cr_assert_gt(len, 0);
	cr_assert_eq(bgp_header_decode(buf, len, &t, &mlen, &e), 1);
	cr_assert_eq(bgp_update_decode(rbuf_of(buf + 19, mlen - 19), false, &u,
	    &e), 0);
	cr_assert_eq(u.error.action, BGP_ACT_NONE, "%s", u.error.why);
	cr_assert(u.attrs.has_as4_path);	/* AS_TRANS in AS_PATH */
	cr_assert_eq(bgp_as_path_flatten(&u.attrs, asns, 8, &n), 3);
	cr_assert_eq(n, 3);
	cr_assert_eq(asns[0], 4200000001u);
	cr_assert_eq(asns[2], 64512);
	cr_assert(u.attrs.has_med && u.attrs.med == 7);
	cr_assert_eq(u.attrs.communities.len, 4);
	cr_assert_eq(prefixes_of(u.nlri, AF_INET, got, 4), 2);
	cr_assert_eq(prefix_compare(&got[1], &nlri[1]), 0);
	cr_assert_eq(u.attrs.next_hop.s_addr, r.next_hop.v4.s_addr);
}

Test(bgp_msg, update_round_trip_ipv6_and_passthrough)
{
	static const uint32_t path[] = { 65010 };
	uint8_t unknown_value[] = { 0xab, 0xcd };
	struct bgp_unknown_attr unk = { BGP_FLAG_OPTIONAL | BGP_FLAG_TRANSITIVE,
	    99, { unknown_value, 2 } };
	struct bgp_route_out r = { .origin = BGP_ORIGIN_INCOMPLETE,
	    .as_path = path, .as_path_len = 1, .unknown = &unk, .nunknown = 1 };
	struct prefix nlri[3], gone[1], got[4];
	uint8_t buf[4096];
	size_t len;
	enum bgp_type t;
	uint16_t mlen;
	struct bgp_error e;
	struct bgp_update u;

	prefix_decode("2001:db8:1::/48", AF_INET6, &nlri[0], NULL, 0);
	prefix_decode("2001:db8:2::/64", AF_INET6, &nlri[1], NULL, 0);
	prefix_decode("::/0", AF_INET6, &nlri[2], NULL, 0);
	ipaddr_decode("2001:db8::1", AF_INET6, &r.next_hop, NULL, 0);
	len = bgp_update_encode(buf, sizeof(buf), true, &r, nlri, 3, NULL, 0);
	cr_assert_gt(len, 0);
	cr_assert_eq(bgp_header_decode(buf, len, &t, &mlen, &e), 1);
	cr_assert_eq(bgp_update_decode(rbuf_of(buf + 19, mlen - 19), true, &u,
	    &e), 0, "%s", e.why ? e.why : "");
	cr_assert_eq(u.error.action, BGP_ACT_NONE, "%s", u.error.why);
	cr_assert(u.attrs.has_mp_reach);
	cr_assert(ipaddr_equal(&u.attrs.mp_next_hop, &r.next_hop));
	cr_assert_eq(prefixes_of(u.attrs.mp_reach_nlri, AF_INET6, got, 4), 3);
	cr_assert_eq(prefix_compare(&got[2], &nlri[2]), 0);
	/* the unknown transitive attribute comes back with Partial set */
	cr_assert_eq(u.attrs.nunknown, 1);
	cr_assert_eq(u.attrs.unknown[0].type, 99);
	cr_assert(u.attrs.unknown[0].flags & BGP_FLAG_PARTIAL);
	cr_assert_eq(u.attrs.unknown[0].value.len, 2);

	/* withdrawing IPv6 uses MP_UNREACH */
	gone[0] = nlri[0];
	len = bgp_update_encode(buf, sizeof(buf), true, &r, NULL, 0, gone, 1);
	cr_assert_eq(bgp_header_decode(buf, len, &t, &mlen, &e), 1);
	cr_assert_eq(bgp_update_decode(rbuf_of(buf + 19, mlen - 19), true, &u,
	    &e), 0);
	cr_assert(u.attrs.has_mp_unreach && !u.attrs.has_mp_reach);
	cr_assert_eq(prefixes_of(u.attrs.mp_withdrawn, AF_INET6, got, 4), 1);
	cr_assert_eq(prefix_compare(&got[0], &nlri[0]), 0);
}

Test(bgp_msg, encoder_reports_what_does_not_fit)
{
	static const uint32_t path[] = { 65010 };
	struct bgp_route_out r = { .as_path = path, .as_path_len = 1 };
	struct prefix p[1500];
	uint8_t buf[BGP_MAX_LEN];
	size_t i;

	ipaddr_decode("198.51.100.1", AF_INET, &r.next_hop, NULL, 0);
	for (i = 0; i < 1500; i++) {
		memset(&p[i], 0, sizeof(p[i]));
		p[i].addr.family = AF_INET;
		p[i].addr.v4.s_addr = htonl(0x0a000000u | (uint32_t)i << 8);
		p[i].len = 24;
	}
	/* 1500 x 4 octets is more than one message holds */
	cr_assert_eq(bgp_update_encode(buf, sizeof(buf), true, &r, p, 1500,
	    NULL, 0), 0);
	cr_assert_gt(bgp_update_encode(buf, sizeof(buf), true, &r, p, 1000,
	    NULL, 0), 4000);
}

/*
 * Any bytes at all: mutate good messages at random and decode them.  The
 * assertion is that nothing crashes or reads out of bounds, which the
 * ASan build checks; every result must be one of the four actions.
 */
Test(bgp_msg, random_mutations_never_crash)
{
	static const uint32_t path[] = { 65010, 4200000001u };
	struct bgp_route_out r = { .as_path = path, .as_path_len = 2 };
	uint8_t seed[3][BGP_MAX_LEN], buf[BGP_MAX_LEN];
	size_t seedlen[3], len, i, k;
	struct prefix p[40];
	uint32_t asns[64], state = 12345;
	enum bgp_type t;
	uint16_t mlen;
	struct bgp_error e;
	struct bgp_update u;
	struct bgp_open o = { .as = 65010, .hold_time = 90, .bgp_id = 1,
	    .cap_as4 = true, .cap_mp_ipv4 = true, .cap_mp_ipv6 = true };
	struct prefix got;
	struct rbuf nl;

	ipaddr_decode("198.51.100.1", AF_INET, &r.next_hop, NULL, 0);
	for (i = 0; i < 40; i++)
		prefix_decode("10.0.0.0/8", AF_INET, &p[i], NULL, 0);
	seedlen[0] = bgp_update_encode(seed[0], BGP_MAX_LEN, true, &r, p, 40,
	    NULL, 0);
	seedlen[1] = bgp_update_encode(seed[1], BGP_MAX_LEN, false, &r, p, 3,
	    p, 2);
	seedlen[2] = bgp_open_encode(seed[2], BGP_MAX_LEN, &o);
	for (i = 0; i < 100000; i++) {
		const size_t s = i % 3;

		memcpy(buf, seed[s], seedlen[s]);
		len = seedlen[s];
		for (k = 0; k < 1 + i % 5; k++) {
			state = state * 1103515245u + 12345u;
			buf[19 + (state >> 8) % (len - 19)] = (uint8_t)(state >> 20);
		}
		state = state * 1103515245u + 12345u;
		if (state % 4 == 0)	/* truncate too, keeping the header */
			len = 19 + (state >> 8) % (len - 19);
		if (bgp_header_decode(buf, len, &t, &mlen, &e) != 1)
			continue;
		if (t == BGP_OPEN) {
			bgp_open_decode(rbuf_of(buf + 19, mlen - 19), &o, &e);
			continue;
		}
		if (bgp_update_decode(rbuf_of(buf + 19, mlen - 19), s == 0, &u,
		    &e) == -1) {
			cr_assert_eq(e.action, BGP_ACT_RESET);
			continue;
		}
		cr_assert_leq(u.error.action, BGP_ACT_WITHDRAW);
		nl = u.nlri;
		while (bgp_nlri_next(&nl, AF_INET, &got) == 1)
			cr_assert_leq(got.len, 32);
		bgp_as_path_flatten(&u.attrs, asns, 64, &k);
	}
}

/*
 * Messages as BIRD 2, FRR 8, GoBGP 3 and ExaBGP 4 really send them
 * (tests/interop/capture.sh).  Each decodes without error; an OPEN
 * re-encodes to the same values; an UPDATE's routes, re-encoded, decode
 * to the same prefixes and attributes.
 */
#ifndef CAPTURED_DIR
#define CAPTURED_DIR "tests/unit/captured"
#endif

static void
check_update_round_trip(const char *who, const struct bgp_update *u)
{
	struct prefix in[512], out[512];
	uint32_t path[64], path2[64];
	struct bgp_route_out r;
	struct bgp_update u2;
	struct bgp_error e;
	enum bgp_type t;
	uint16_t mlen;
	uint8_t buf[BGP_MAX_LEN];
	size_t n, n2, plen, plen2, len, k;
	bool v6 = u->attrs.has_mp_reach;
	struct rbuf nl = v6 ? u->attrs.mp_reach_nlri : u->nlri;

	n = prefixes_of(nl, v6 ? AF_INET6 : AF_INET, in, 512);
	if (n == 0)
		return;
	memset(&r, 0, sizeof(r));
	r.origin = u->attrs.origin;
	bgp_as_path_flatten(&u->attrs, path, 64, &plen);
	r.as_path = path;
	r.as_path_len = plen;
	r.has_med = u->attrs.has_med;
	r.med = u->attrs.med;
	if (v6) {
		r.next_hop = u->attrs.mp_next_hop;
	} else {
		r.next_hop.family = AF_INET;
		r.next_hop.v4 = u->attrs.next_hop;
	}
	len = bgp_update_encode(buf, sizeof(buf), true, &r, in, n, NULL, 0);
	cr_assert_gt(len, 0, "%s: re-encoding failed", who);
	cr_assert_eq(bgp_header_decode(buf, len, &t, &mlen, &e), 1);
	cr_assert_eq(bgp_update_decode(rbuf_of(buf + 19, mlen - 19), true, &u2,
	    &e), 0);
	cr_assert_eq(u2.error.action, BGP_ACT_NONE, "%s: %s", who,
	    u2.error.why);
	n2 = prefixes_of(v6 ? u2.attrs.mp_reach_nlri : u2.nlri,
	    v6 ? AF_INET6 : AF_INET, out, 512);
	cr_assert_eq(n2, n, "%s: %zu prefixes came back as %zu", who, n, n2);
	for (k = 0; k < n; k++)
		cr_assert_eq(prefix_compare(&in[k], &out[k]), 0);
	bgp_as_path_flatten(&u2.attrs, path2, 64, &plen2);
	cr_assert_eq(plen2, plen);
	cr_assert_eq(memcmp(path, path2, plen * sizeof(*path)), 0);
	cr_assert_eq(u2.attrs.origin, u->attrs.origin);
}

Test(bgp_msg, captured_from_real_daemons)
{
	static const char *const who[] = { "bird", "frr", "gobgp", "exabgp" };
	char path[512], line[2 * BGP_MAX_LEN + 2];
	uint8_t buf[BGP_MAX_LEN];
	size_t i, len, opens = 0, v4 = 0, v6 = 0, updates;
	enum bgp_type t;
	uint16_t mlen;
	struct bgp_error e;
	struct bgp_open o, o2;
	struct bgp_update u;
	FILE *f;

	for (i = 0; i < sizeof(who) / sizeof(who[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s.hex", CAPTURED_DIR, who[i]);
		f = fopen(path, "r");
		cr_assert_not_null(f, "%s: missing (run tests/interop/capture.sh)",
		    path);
		updates = 0;
		while (fgets(line, sizeof(line), f) != NULL) {
			line[strcspn(line, "\n")] = '\0';
			if (line[0] == '\0')
				continue;
			len = unhex(line, buf, sizeof(buf));
			cr_assert_eq(bgp_header_decode(buf, len, &t, &mlen, &e), 1,
			    "%s: %s", who[i], e.why ? e.why : "incomplete");
			if (t == BGP_OPEN) {
				cr_assert_eq(bgp_open_decode(rbuf_of(buf + 19,
				    mlen - 19), &o, &e), 0, "%s: %s", who[i],
				    e.why);
				cr_assert(o.cap_as4 && o.cap_mp_ipv4, "%s", who[i]);
				len = bgp_open_encode(buf, sizeof(buf), &o);
				bgp_header_decode(buf, len, &t, &mlen, &e);
				cr_assert_eq(bgp_open_decode(rbuf_of(buf + 19,
				    mlen - 19), &o2, &e), 0);
				cr_assert_eq(memcmp(&o, &o2, sizeof(o)), 0, "%s",
				    who[i]);
				opens++;
			} else if (t == BGP_UPDATE) {
				cr_assert_eq(bgp_update_decode(rbuf_of(buf + 19,
				    mlen - 19), true, &u, &e), 0, "%s: %s",
				    who[i], e.why);
				cr_assert_eq(u.error.action, BGP_ACT_NONE,
				    "%s: %s", who[i], u.error.why);
				v4 += u.nlri.len > 0;
				v6 += u.attrs.has_mp_reach;
				check_update_round_trip(who[i], &u);
				updates++;
			}
		}
		fclose(f);
		cr_assert_gt(updates, 0, "%s sent no UPDATE", who[i]);
	}
	cr_assert_eq(opens, 4);
	cr_assert_gt(v4, 0);
	cr_assert_gt(v6, 0);
}

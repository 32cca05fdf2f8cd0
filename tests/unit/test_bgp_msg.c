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

#include "../../core/bgp/bgp_msg.h"

#define MARKER "ffffffffffffffffffffffffffffffff"
/* well-formed attributes of a 4-octet session */
#define ORIGIN	"40 01 01 00"
#define PATH4	"40 02 06 02 01 0000fde8"		/* AS_SEQUENCE 65000 */
#define NH	"40 03 04 c0000201"			/* 192.0.2.1 */
#define GOOD	ORIGIN PATH4 NH
#define NLRI	"18 0a0100"				/* 10.1.0.0/24 */

static const struct bgp_sender EXTERNAL4 = { .as4 = true };
static const struct bgp_sender EXTERNAL2 = { .as4 = false };

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
	bool			 ibgp;		/* from an internal peer */
};

#define RAW(n, hex, act, c, s)	{ .name = n, .raw = hex, .as4 = true, \
	.action = act, .code = c, .subcode = s }
#define UPD_(n, w, a, nl, as4_, ibgp_, act, c, s) { .name = n, .withdrawn = w, \
	.attrs = a, .nlri = nl, .as4 = as4_, .ibgp = ibgp_, .action = act, \
	.code = c, .subcode = s }
#define UPD(n, w, a, nl, act, c, s)	UPD_(n, w, a, nl, true, false, act, c, s)
#define UPD2(n, w, a, nl, act, c, s)	UPD_(n, w, a, nl, false, false, act, c, s)
#define UPDI(n, w, a, nl, act, c, s)	UPD_(n, w, a, nl, true, true, act, c, s)

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
	RAW("withdrawn length overruns", MARKER "0017 02 0010 0000",
	    BGP_ACT_RESET, 3, 1),
	RAW("attribute length overruns", MARKER "0017 02 0000 0010",
	    BGP_ACT_RESET, 3, 1),
	UPD("NLRI prefix longer than 32", "", GOOD, "21 0a010000 00",
	    BGP_ACT_RESET, 3, 10),
	UPD("NLRI prefix runs past the end", "", GOOD, "18 0a01",
	    BGP_ACT_RESET, 3, 10),
	UPD("withdrawn prefix of 40 bits", "28 0a01000000", "", "",
	    BGP_ACT_RESET, 3, 10),
	/* the attributes' own rules: rfc7606_rules[] below */
	UPD("withdrawals only", "18 0a0100 10 ac10", "", "", BGP_ACT_NONE, 0, 0),
	UPD("End-of-RIB", "", "", "", BGP_ACT_NONE, 0, 0),
	UPD("NLRI bits past the length are masked", "", GOOD, "17 0a0101",
	    BGP_ACT_NONE, 0, 0),
};

/*
 * RFC 7606 (and RFC 7607, RFC 8092, RFC 6793 6): one row per rule, written
 * from the RFC's text, each with what an external and an internal peer's
 * UPDATE gets, and the attributes left for the Adj-RIB-In when the routes
 * stand.  ORIGIN, AS_PATH and NEXT_HOP are GOOD's unless the row breaks
 * one.
 */
struct rule_case {
	const char	*rule;
	const char	*attrs;
	const char	*nlri;
	bool		 as4;
	enum bgp_action	 ebgp, ibgp;
	uint8_t		 subcode;	/* of a reset or withdraw */
	const char	*kept;		/* attributes left (external peer) */
};

#define R(rule, a, n, eb, ib, sub, kept) { rule, a, n, true, eb, ib, sub, kept }
#define R2(rule, a, n, eb, ib, sub, kept) { rule, a, n, false, eb, ib, sub, kept }
#define NONE	BGP_ACT_NONE
#define DISC	BGP_ACT_DISCARD
#define TAW	BGP_ACT_WITHDRAW
#define RESET	BGP_ACT_RESET
#define BASE	"origin as_path next_hop"
/* 2-octet AS_PATH of AS_TRANS, for the AS4 rows */
#define PATH2	"40 02 04 02 01 5ba0"

static const struct rule_case rfc7606_rules[] = {
	/* 3.c: Optional or Transitive bit in conflict */
	R("3.c ORIGIN flagged optional", "c0 01 01 00" PATH4 NH, NLRI, TAW,
	    TAW, 4, NULL),
	R("3.c MULTI_EXIT_DISC flagged well-known", GOOD "40 04 04 00000001",
	    NLRI, TAW, TAW, 4, NULL),
	R("3.c COMMUNITIES flagged non-transitive", GOOD "80 08 04 fde80064",
	    NLRI, TAW, TAW, 4, NULL),
	R("3.c LOCAL_PREF flagged optional, internal peer", GOOD
	    "80 05 04 00000064", NLRI, DISC, TAW, 4, BASE),
	R("3.c MP_REACH_NLRI flagged transitive: reset", ORIGIN PATH4
	    "c0 0e 05 0002 01 00 00", "", RESET, RESET, 4, NULL),
	/* 3.d: well-known mandatory attributes */
	R("3.d no ORIGIN", PATH4 NH, NLRI, TAW, TAW, 3, NULL),
	R("3.d no AS_PATH", ORIGIN NH, NLRI, TAW, TAW, 3, NULL),
	R("3.d no NEXT_HOP", ORIGIN PATH4, NLRI, TAW, TAW, 3, NULL),
	R("3.d no NEXT_HOP needed for MP_REACH_NLRI alone", ORIGIN PATH4
	    "80 0e 1a 0002 01 10 20010db8000000000000000000000001 00 20 20010db8",
	    "", NONE, NONE, 0, "origin as_path mp_reach"),
	R("3.d MP_REACH_NLRI without ORIGIN", PATH4
	    "80 0e 1a 0002 01 10 20010db8000000000000000000000001 00 20 20010db8",
	    "", TAW, TAW, 3, NULL),
	/* 3.g: duplicates */
	R("3.g ORIGIN twice: the first counts", GOOD "40 01 01 02", NLRI, DISC,
	    DISC, 9, BASE),
	R("3.g MP_REACH_NLRI twice: reset", ORIGIN PATH4
	    "80 0e 15 0002 01 10 20010db8000000000000000000000001 00"
	    "80 0e 15 0002 01 10 20010db8000000000000000000000001 00", "",
	    RESET, RESET, 1, NULL),
	/* 4, 5.2: an attribute that overruns the list */
	R("4 overrun, with NLRI: withdraw", ORIGIN "40 02 09 0201", NLRI, TAW,
	    TAW, 1, NULL),
	R("4 two octets left over, with NLRI", GOOD "40", NLRI, TAW, TAW, 1,
	    NULL),
	R("4 overrun after MP_REACH_NLRI: withdraw", ORIGIN PATH4
	    "80 0e 1a 0002 01 10 20010db8000000000000000000000001 00 20 20010db8"
	    "40 05 09 00", "", TAW, TAW, 1, NULL),
	R("5.2 overrun, no NLRI anywhere: reset", ORIGIN "40 02 09 0201", "",
	    RESET, RESET, 1, NULL),
	R("4 zero length where none is allowed (MED)", GOOD "80 04 00", NLRI,
	    TAW, TAW, 5, NULL),
	/* 7.1 ORIGIN */
	R("7.1 ORIGIN of 2 octets", "40 01 02 0000" PATH4 NH, NLRI, TAW, TAW,
	    6, NULL),
	R("7.1 ORIGIN value 3", "40 01 01 03" PATH4 NH, NLRI, TAW, TAW, 6,
	    NULL),
	/* 7.2 AS_PATH, and RFC 7607 2 */
	R("7.2 AS_PATH segment overruns", ORIGIN "40 02 06 02 02 0000fde8" NH,
	    NLRI, TAW, TAW, 11, NULL),
	R("7.2 AS_PATH segment of 0 ASNs", ORIGIN "40 02 02 0200" NH, NLRI, TAW,
	    TAW, 11, NULL),
	R("7.2 AS_PATH segment type 5", ORIGIN "40 02 06 05 01 0000fde8" NH,
	    NLRI, TAW, TAW, 11, NULL),
	R("7.2 AS_CONFED_SEQUENCE: only from an internal peer", ORIGIN
	    "40 02 06 03 01 0000fde8" NH, NLRI, TAW, NONE, 11, NULL),
	R2("7.2 2-octet AS_PATH read as 4 octets", ORIGIN
	    "40 02 06 02 01 0000fde8" NH, NLRI, TAW, TAW, 11, NULL),
	R("RFC 7607 2: AS 0 in AS_PATH", ORIGIN "40 02 0a 02 02 0000fde8 00000000"
	    NH, NLRI, TAW, TAW, 11, NULL),
	R2("RFC 7607 2: AS 0 in a 2-octet AS_PATH", ORIGIN "40 02 04 02 01 0000"
	    NH, NLRI, TAW, TAW, 11, NULL),
	/* 7.3 NEXT_HOP, RFC 4271 6.3 */
	R("7.3 NEXT_HOP of 5 octets", ORIGIN PATH4 "40 03 05 c000020100", NLRI,
	    TAW, TAW, 5, NULL),
	R("6.3 NEXT_HOP 0.0.0.0", ORIGIN PATH4 "40 03 04 00000000", NLRI, TAW,
	    TAW, 8, NULL),
	R("6.3 NEXT_HOP 224.0.0.1", ORIGIN PATH4 "40 03 04 e0000001", NLRI,
	    TAW, TAW, 8, NULL),
	R("NEXT_HOP 127.0.0.2 is taken", ORIGIN PATH4 "40 03 04 7f000002", NLRI,
	    NONE, NONE, 0, BASE),
	/* 7.4 MULTI_EXIT_DISC */
	R("7.4 MULTI_EXIT_DISC of 3 octets", GOOD "80 04 03 000001", NLRI, TAW,
	    TAW, 5, NULL),
	R("7.4 MULTI_EXIT_DISC of 4 octets", GOOD "80 04 04 00000007", NLRI,
	    NONE, NONE, 0, BASE " med"),
	/* 7.5 LOCAL_PREF */
	R("7.5 LOCAL_PREF from an external peer is discarded", GOOD
	    "40 05 04 00000064", NLRI, DISC, NONE, 9, BASE),
	R("7.5 LOCAL_PREF of 2 octets", GOOD "40 05 02 0064", NLRI, DISC, TAW,
	    5, BASE),
	/* 7.6 ATOMIC_AGGREGATE */
	R("7.6 ATOMIC_AGGREGATE of 1 octet", GOOD "40 06 01 00", NLRI, DISC,
	    DISC, 9, BASE),
	R("7.6 ATOMIC_AGGREGATE empty", GOOD "40 06 00", NLRI, NONE, NONE, 0,
	    BASE " atomic_aggregate"),
	/* 7.7 AGGREGATOR, and RFC 7607 2 */
	R("7.7 AGGREGATOR of 7 octets", GOOD "c0 07 07 0000fde8c00002", NLRI,
	    DISC, DISC, 9, BASE),
	R("7.7 AGGREGATOR of 6 octets on a 4-octet session", GOOD
	    "c0 07 06 fde8c0000201", NLRI, DISC, DISC, 9, BASE),
	R2("7.7 AGGREGATOR of 8 octets on a 2-octet session", "40 01 01 00"
	    PATH2 NH "c0 07 08 0000fde8c0000201", NLRI, DISC, DISC, 9, BASE),
	R("7.7 AGGREGATOR of 8 octets", GOOD "c0 07 08 0000fde8c0000201", NLRI,
	    NONE, NONE, 0, BASE " aggregator"),
	R("RFC 7607 2: AGGREGATOR of AS 0", GOOD "c0 07 08 00000000c0000201",
	    NLRI, DISC, DISC, 9, BASE),
	/* 7.8 COMMUNITIES */
	R("7.8 COMMUNITIES of 3 octets", GOOD "c0 08 03 fde801", NLRI, TAW, TAW,
	    5, NULL),
	R("7.8 COMMUNITIES of 0 octets", GOOD "c0 08 00", NLRI, TAW, TAW, 5,
	    NULL),
	R("7.8 COMMUNITIES of 8 octets", GOOD "c0 08 08 fde80064fde80065", NLRI,
	    NONE, NONE, 0, BASE " communities"),
	/* 7.9 ORIGINATOR_ID */
	R("7.9 ORIGINATOR_ID from an external peer is discarded", GOOD
	    "80 09 04 c0000201", NLRI, DISC, NONE, 9, BASE),
	R("7.9 ORIGINATOR_ID of 3 octets", GOOD "80 09 03 c00002", NLRI, DISC,
	    TAW, 5, BASE),
	/* 7.10 CLUSTER_LIST */
	R("7.10 CLUSTER_LIST from an external peer is discarded", GOOD
	    "80 0a 08 c0000201c0000202", NLRI, DISC, NONE, 9, BASE),
	R("7.10 CLUSTER_LIST of 6 octets", GOOD "80 0a 06 c0000201c000", NLRI,
	    DISC, TAW, 5, BASE),
	R("7.10 CLUSTER_LIST of 0 octets", GOOD "80 0a 00", NLRI, DISC, TAW, 5,
	    BASE),
	/* 7.11 MP_REACH_NLRI */
	R("7.11 MP_REACH_NLRI next hop of 15 octets", ORIGIN PATH4
	    "80 0e 14 0002 01 0f 20010db8000000000000000000000001 00", "",
	    RESET, RESET, 9, NULL),
	R("7.11 MP_REACH_NLRI too short", ORIGIN PATH4 "80 0e 02 0002", "",
	    RESET, RESET, 9, NULL),
	R("5.3 MP_REACH_NLRI prefix of 129 bits", ORIGIN PATH4
	    "80 0e 16 0002 01 10 20010db8000000000000000000000001 00 81", "",
	    RESET, RESET, 9, NULL),
	/* 7.12 MP_UNREACH_NLRI */
	R("7.12 MP_UNREACH_NLRI too short", "80 0f 01 00", "", RESET, RESET, 9,
	    NULL),
	R("7.12 MP_UNREACH_NLRI prefix of 129 bits", "80 0f 04 0002 01 81", "",
	    RESET, RESET, 9, NULL),
	/* 7.13 Traffic Engineering (RFC 5543) */
	R("7.13 TRAFFIC_ENGINEERING shorter than one descriptor", GOOD
	    "80 18 04 01020000", NLRI, TAW, TAW, 5, NULL),
	R("7.13 TRAFFIC_ENGINEERING of one descriptor", GOOD "80 18 24"
	    "01020000 00000000 00000000 00000000 00000000 00000000 00000000"
	    "00000000 00000000", NLRI, NONE, NONE, 0, BASE),
	/* 7.14 EXTENDED_COMMUNITIES */
	R("7.14 EXTENDED_COMMUNITIES of 7 octets", GOOD "c0 10 07 00020000fde8"
	    "00", NLRI, TAW, TAW, 5, NULL),
	R("7.14 EXTENDED_COMMUNITIES of 0 octets", GOOD "c0 10 00", NLRI, TAW,
	    TAW, 5, NULL),
	R("7.14 EXTENDED_COMMUNITIES of an unknown type pass on", GOOD
	    "c0 10 08 ff7700000000fde8", NLRI, NONE, NONE, 0, BASE " unknown:16"),
	/* 7.15 IPv6 Address Specific Extended Community */
	R("7.15 IPV6_EXTENDED_COMMUNITIES of 19 octets", GOOD "c0 19 13"
	    "0002 20010db8000000000000000000000001 00", NLRI, TAW, TAW, 5,
	    NULL),
	R("7.15 IPV6_EXTENDED_COMMUNITIES of 20 octets", GOOD "c0 19 14"
	    "0002 20010db8000000000000000000000001 0064", NLRI, NONE, NONE, 0,
	    BASE " unknown:25"),
	/* 7.16 ATTR_SET (RFC 6368) */
	R("7.16 ATTR_SET shorter than its origin AS", GOOD "c0 80 03 00fde8",
	    NLRI, TAW, TAW, 5, NULL),
	R("7.16 ATTR_SET of an origin AS", GOOD "c0 80 04 0000fde8", NLRI, NONE,
	    NONE, 0, BASE " unknown:128"),
	/* RFC 8092 6: LARGE_COMMUNITY */
	R("RFC 8092 6: LARGE_COMMUNITY of 13 octets", GOOD "c0 20 0d"
	    "0000fde8 00000001 00000002 00", NLRI, TAW, TAW, 5, NULL),
	R("RFC 8092 6: LARGE_COMMUNITY of 0 octets", GOOD "c0 20 00", NLRI, TAW,
	    TAW, 5, NULL),
	R("RFC 8092 6: LARGE_COMMUNITY of 24 octets", GOOD "c0 20 18"
	    "0000fde8 00000001 00000002 0000fde8 00000001 00000003", NLRI, NONE,
	    NONE, 0, BASE " unknown:32"),
	/* RFC 6793 6 and RFC 7607 2: the 4-octet attributes */
	R2("RFC 6793 6: AS4_PATH with a bad segment is discarded", ORIGIN PATH2
	    NH "c0 11 06 02 02 0000fde8", NLRI, DISC, DISC, 9, BASE),
	R2("RFC 7607 2: AS4_PATH with AS 0 is discarded", ORIGIN PATH2 NH
	    "c0 11 06 02 01 00000000", NLRI, DISC, DISC, 9, BASE),
	R2("RFC 6793 6: AS4_PATH", ORIGIN PATH2 NH "c0 11 06 02 01 fa56ea01",
	    NLRI, NONE, NONE, 0, BASE " as4_path"),
	R2("RFC 7607 2: AS4_AGGREGATOR of AS 0 is discarded", ORIGIN PATH2 NH
	    "c0 12 08 00000000c0000201", NLRI, DISC, DISC, 9, BASE),
	R2("RFC 6793 6: AS4_AGGREGATOR of 7 octets", ORIGIN PATH2 NH
	    "c0 12 07 0000fde8c00002", NLRI, DISC, DISC, 9, BASE),
	/* RFC 4271 5, 6.3: attributes ecsh does not know */
	R("6.3 unknown well-known attribute: reset", GOOD "40 63 01 00", NLRI,
	    RESET, RESET, 2, NULL),
	R("5 unknown optional transitive passes on", GOOD "c0 63 02 abcd", NLRI,
	    NONE, NONE, 0, BASE " unknown:99"),
	R("5 unknown optional non-transitive is dropped", GOOD "80 63 02 abcd",
	    NLRI, NONE, NONE, 0, BASE),
};

/* What the decoder left of the attributes, in words. */
static void
kept_of(const struct bgp_attrs *a, char *buf, size_t len)
{
	size_t i;

	buf[0] = '\0';
#define KEPT(cond, word) if (cond) \
	snprintf(buf + strlen(buf), len - strlen(buf), "%s%s", *buf ? " " : "", \
	    word)
	KEPT(a->has_origin, "origin");
	KEPT(a->has_as_path, "as_path");
	KEPT(a->has_next_hop, "next_hop");
	KEPT(a->has_med, "med");
	KEPT(a->has_local_pref, "local_pref");
	KEPT(a->atomic_aggregate, "atomic_aggregate");
	KEPT(a->has_aggregator, "aggregator");
	KEPT(a->has_communities, "communities");
	KEPT(a->has_as4_path, "as4_path");
	KEPT(a->has_mp_reach, "mp_reach");
	KEPT(a->has_mp_unreach, "mp_unreach");
#undef KEPT
	for (i = 0; i < a->nunknown; i++)
		snprintf(buf + strlen(buf), len - strlen(buf), " unknown:%u",
		    a->unknown[i].type);
}

Test(rfc7606, one_row_per_rule)
{
	const struct rule_case *c;
	struct bgp_sender from;
	struct bgp_update u;
	struct bgp_error e, *got;
	uint8_t buf[4200];
	char kept[256];
	size_t i, n = sizeof(rfc7606_rules) / sizeof(rfc7606_rules[0]), len;
	enum bgp_type t;
	uint16_t mlen;
	int peer, rc;

	for (i = 0; i < n; i++) {
		c = &rfc7606_rules[i];
		len = update("", c->attrs, c->nlri, buf, sizeof(buf));
		cr_assert_eq(bgp_header_decode(buf, len, &t, &mlen, &e), 1,
		    "%s", c->rule);
		for (peer = 0; peer < 2; peer++) {
			enum bgp_action want = peer == 0 ? c->ebgp : c->ibgp;

			from = (struct bgp_sender){ c->as4, peer == 1 };
			rc = bgp_update_decode(rbuf_of(buf + 19, mlen - 19),
			    &from, &u, &e);
			got = rc == -1 ? &e : &u.error;
			cr_expect_eq(got->action, want, "%s (%s peer): action %d, "
			    "want %d (%s)", c->rule, peer ? "internal" :
			    "external", got->action, want, got->why ? got->why :
			    "");
			if (want == BGP_ACT_NONE || got->action != want)
				continue;
			cr_expect_eq(got->code, BGP_ERR_UPDATE, "%s", c->rule);
			cr_expect_not_null(got->why, "%s: no reason", c->rule);
			/* the subcode is the stronger action's */
			if (want == (c->ebgp > c->ibgp ? c->ebgp : c->ibgp))
				cr_expect_eq(got->subcode, c->subcode, "%s (%s "
				    "peer): subcode %u, want %u", c->rule,
				    peer ? "internal" : "external",
				    got->subcode, c->subcode);
		}
		if (c->kept == NULL || c->ebgp >= BGP_ACT_WITHDRAW)
			continue;
		from = (struct bgp_sender){ c->as4, false };
		cr_assert_eq(bgp_update_decode(rbuf_of(buf + 19, mlen - 19),
		    &from, &u, &e), 0, "%s", c->rule);
		kept_of(&u.attrs, kept, sizeof(kept));
		cr_expect_str_eq(kept, c->kept, "%s: kept '%s', want '%s'",
		    c->rule, kept, c->kept);
	}
}

#undef NONE
#undef DISC
#undef TAW
#undef RESET
#undef BASE

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
		if (bgp_update_decode(body, &(struct bgp_sender){ c->as4,
		    c->ibgp }, &u, &err) == -1)
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
	cr_assert_eq(bgp_update_decode(rbuf_of(buf + 19, mlen - 19),
	    &EXTERNAL2, &u, &e), 0);
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
	cr_assert_eq(bgp_update_decode(rbuf_of(buf + 19, mlen - 19), &EXTERNAL4,
	    &u, &e), 0, "%s", e.why ? e.why : "");
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
	cr_assert_eq(bgp_update_decode(rbuf_of(buf + 19, mlen - 19), &EXTERNAL4,
	    &u, &e), 0);
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
		if (bgp_update_decode(rbuf_of(buf + 19, mlen - 19), s == 0 ?
		    &EXTERNAL4 : &EXTERNAL2, &u, &e) == -1) {
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
	cr_assert_eq(bgp_update_decode(rbuf_of(buf + 19, mlen - 19), &EXTERNAL4,
	    &u2, &e), 0);
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
				    mlen - 19), &EXTERNAL4, &u, &e), 0, "%s: %s",
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

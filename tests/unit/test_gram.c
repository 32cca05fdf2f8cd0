/*
 * Matcher tests: each row is a line typed in a mode and what the matcher
 * must make of it.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "../../grammar/gram.h"

struct match_case {
	enum gram_mode		 mode;
	const char		*line;
	enum gram_status	 status;
	enum gram_cmd		 cmd;
	int			 levels_up;
	bool			 negate;
	bool			 json;
	int			 error_col;	/* -1: not checked */
};

static const struct match_case match_cases[] = {
	/* abbreviation, including SPEC's own example */
	{ M_EXEC, "show bgp peers", GS_OK, C_SHOW_BGP_PEERS, 0, 0, 0, -1 },
	{ M_EXEC, "sh bgp pe", GS_OK, C_SHOW_BGP_PEERS, 0, 0, 0, -1 },
	{ M_EXEC, "sh bgp pe 10.0.0.1", GS_OK, C_SHOW_BGP_PEER, 0, 0, 0, -1 },
	{ M_EXEC, "sh ver", GS_OK, C_SHOW_VERSION, 0, 0, 0, -1 },
	{ M_EXEC, "conf t", GS_OK, C_CONFIGURE, 0, 0, 0, -1 },
	{ M_EXEC, "configure", GS_OK, C_CONFIGURE, 0, 0, 0, -1 },
	{ M_EXEC, "sh run", GS_OK, C_SHOW_RUNNING_CONFIG, 0, 0, 0, -1 },
	/* ambiguity and incompleteness */
	{ M_EXEC, "s", GS_AMBIGUOUS, C_NONE, 0, 0, 0, 0 },
	{ M_EXEC, "show", GS_INCOMPLETE, C_NONE, 0, 0, 0, -1 },
	{ M_EXEC, "show bgp peer", GS_INCOMPLETE, C_NONE, 0, 0, 0, -1 },
	{ M_EXEC, "show route-table", GS_INCOMPLETE, C_NONE, 0, 0, 0, -1 },
	/* a tie settles on the reading that completes: no, network */
	{ M_CPE, "n 10.0.0.0/8", GS_OK, C_SET, 0, 0, 0, -1 },
	{ M_CPE, "n", GS_AMBIGUOUS, C_NONE, 0, 0, 0, 0 },
	/* show is in every mode: a prefix it shares with a mode's own
	 * keyword is ambiguous, whatever follows (SPEC 2) */
	{ M_BGP_PEER, "sh", GS_AMBIGUOUS, C_NONE, 0, 0, 0, 0 },
	{ M_BGP_PEER, "sh bgp peers", GS_AMBIGUOUS, C_NONE, 0, 0, 0, 0 },
	{ M_CPE, "sh", GS_AMBIGUOUS, C_NONE, 0, 0, 0, 0 },
	{ M_VPN_TUNNEL, "sh", GS_AMBIGUOUS, C_NONE, 0, 0, 0, 0 },
	{ M_BGP_PEER, "shut", GS_OK, C_SET, 0, 0, 0, -1 },
	{ M_BGP_PEER, "sho bgp peers", GS_OK, C_SHOW_BGP_PEERS, 0, 0, 0, -1 },
	{ M_VBR, "sh bgp peers", GS_OK, C_SHOW_BGP_PEERS, 0, 0, 0, -1 },
	/* shutdown stops the engine: only in full */
	{ M_EXEC, "shut", GS_NO_MATCH, C_NONE, 0, 0, 0, 0 },
	{ M_EXEC, "shutdown", GS_OK, C_SHUTDOWN_ENGINE, 0, 0, 0, -1 },
	/* invalid input: the column of the bad word */
	{ M_EXEC, "show vbr x y", GS_NO_MATCH, C_NONE, 0, 0, 0, 11 },
	{ M_EXEC, "frobnicate", GS_NO_MATCH, C_NONE, 0, 0, 0, 0 },
	{ M_VBR, "vlan 3000", GS_NO_MATCH, C_NONE, 0, 0, 0, 5 },
	{ M_VBR, "vlan 2999", GS_OK, C_SET, 0, 0, 0, -1 },
	{ M_VBR, "vlan 0", GS_OK, C_SET, 0, 0, 0, -1 },
	{ M_VBR, "vlan -1", GS_NO_MATCH, C_NONE, 0, 0, 0, 5 },
	{ M_VBR, "vlan 0x10", GS_NO_MATCH, C_NONE, 0, 0, 0, 5 },
	/* json only in full, only after a show that can end */
	{ M_EXEC, "show vbr json", GS_OK, C_SHOW_VBR, 0, 0, 1, -1 },
	{ M_EXEC, "show vbr v1 json", GS_OK, C_SHOW_VBR, 0, 0, 1, -1 },
	{ M_EXEC, "show vbr js", GS_OK, C_SHOW_VBR, 0, 0, 0, -1 },
	{ M_EXEC, "show vbr json json", GS_NO_MATCH, C_NONE, 0, 0, 0, 14 },
	{ M_EXEC, "show bgp json", GS_NO_MATCH, C_NONE, 0, 0, 0, 9 },
	/* no, do, exit, end, and show in every mode */
	{ M_VBR, "no vlan", GS_OK, C_SET, 0, 1, 0, -1 },
	{ M_VBR, "vlan", GS_INCOMPLETE, C_NONE, 0, 0, 0, -1 },
	{ M_VBR, "no description", GS_OK, C_SET, 0, 1, 0, -1 },
	{ M_VBR, "no", GS_INCOMPLETE, C_NONE, 0, 1, 0, -1 },
	{ M_CONFIG, "no vbr v1", GS_OK, C_VBR, 0, 1, 0, -1 },
	{ M_VBR, "do show version", GS_OK, C_SHOW_VERSION, 0, 0, 0, -1 },
	{ M_VBR, "do configure", GS_OK, C_CONFIGURE, 0, 0, 0, -1 },
	{ M_VBR, "sh ver", GS_OK, C_SHOW_VERSION, 0, 0, 0, -1 },
	{ M_BGP_PEER, "exit", GS_OK, C_EXIT, 0, 0, 0, -1 },
	{ M_BGP_PEER, "end", GS_OK, C_END, 0, 0, 0, -1 },
	{ M_EXEC, "end", GS_NO_MATCH, C_NONE, 0, 0, 0, 0 },
	{ M_EXEC, "no show version", GS_NO_MATCH, C_NONE, 0, 0, 0, 0 },
	/* a command of an enclosing mode runs there (IOS) */
	{ M_VBR, "vbr v2", GS_OK, C_VBR, 1, 0, 0, -1 },
	{ M_BGP_PEER, "vbr v2", GS_OK, C_VBR, 2, 0, 0, -1 },
	{ M_BGP_PEER, "bgp-group g", GS_OK, C_VBR_BGP_GROUP, 1, 0, 0, -1 },
	{ M_BGP_GROUP, "description x", GS_OK, C_SET, 0, 0, 0,
	  -1 },
	{ M_VPN_TUNNEL, "tunnel 2", GS_OK, C_CONN_TUNNEL, 1, 0, 0, -1 },
	/* the current mode wins over an enclosing one */
	{ M_VPN_CONNECTION, "vpn-gateway gw", GS_OK, C_SET, 0, 0,
	  0, -1 },
	{ M_VPN_TUNNEL, "vpn-gateway gw", GS_OK, C_SET, 1, 0, 0,
	  -1 },
	/* options in any order, each once, exclusive by slot */
	{ M_EXEC, "wait bgp established", GS_OK, C_WAIT_BGP, 0, 0, 0, -1 },
	{ M_EXEC, "wait bgp est timeout 5 peer 10.0.0.1 vbr v1", GS_OK,
	  C_WAIT_BGP, 0, 0, 0, -1 },
	{ M_EXEC, "wait bgp converged vbr v1 vpn-connection c1", GS_NO_MATCH,
	  C_NONE, 0, 0, 0, 26 },
	{ M_EXEC, "wait bgp est peer 10.0.0.1 peer 10.0.0.2", GS_NO_MATCH,
	  C_NONE, 0, 0, 0, 27 },
	{ M_EXEC, "wait bfd down timeout 3", GS_OK, C_WAIT_BFD, 0, 0, 0, -1 },
	{ M_EXEC, "show bgp routes vbr v1 received", GS_OK, C_SHOW_BGP_ROUTES,
	  0, 0, 0, -1 },
	{ M_EXEC, "show bgp routes vpn-connection c peer 1.1.1.1 advertised "
	  "json", GS_OK, C_SHOW_BGP_ROUTES, 0, 0, 1, -1 },
	{ M_EXEC, "show bgp routes vbr v1 received advertised", GS_NO_MATCH,
	  C_NONE, 0, 0, 0, 32 },
	/* shared alternatives */
	{ M_EXEC, "show route-table transit-router tr1", GS_OK,
	  C_SHOW_ROUTE_TABLE, 0, 0, 0, -1 },
	{ M_EXEC, "show route lookup 10.1.1.1 table vpc v", GS_OK,
	  C_SHOW_ROUTE_LOOKUP, 0, 0, 0, -1 },
	{ M_EXEC, "show route lookup 2001:db8::1 table ecr e", GS_OK,
	  C_SHOW_ROUTE_LOOKUP, 0, 0, 0, -1 },
	{ M_EXEC, "failure-drill stop vbr v1", GS_OK, C_FAILURE_DRILL, 0, 0,
	  0, -1 },
	/* repetition */
	{ M_CPE, "network 192.168.0.0/16 as-path 65001 65002 1.10", GS_OK,
	  C_SET, 0, 0, 0, -1 },
	{ M_CPE, "network 192.168.0.0/16 as-path", GS_INCOMPLETE, C_NONE, 0,
	  0, 0, -1 },
	/* comments and blank lines */
	{ M_EXEC, "", GS_EMPTY, C_NONE, 0, 0, 0, -1 },
	{ M_EXEC, "   ", GS_EMPTY, C_NONE, 0, 0, 0, -1 },
	{ M_VBR, "! a comment", GS_EMPTY, C_NONE, 0, 0, 0, -1 },
	/* filters after shows only; a bar in a description is text */
	{ M_EXEC, "show vbr | include x", GS_OK, C_SHOW_VBR, 0, 0, 0, -1 },
	{ M_EXEC, "show vbr | count", GS_OK, C_SHOW_VBR, 0, 0, 0, -1 },
	{ M_EXEC, "show vbr |", GS_INCOMPLETE, C_NONE, 0, 0, 0, -1 },
	{ M_EXEC, "show vbr | count |", GS_INCOMPLETE, C_NONE, 0, 0, 0, -1 },
	{ M_EXEC, "show vbr | include x | | count", GS_INCOMPLETE, C_NONE, 0, 0,
	  0, -1 },
	{ M_EXEC, "show vbr | count | frob", GS_NO_MATCH, C_NONE, 0, 0, 0, 19 },
	{ M_EXEC, "show vbr | frob", GS_NO_MATCH, C_NONE, 0, 0, 0, 11 },
	{ M_EXEC, "show vbr | count x", GS_NO_MATCH, C_NONE, 0, 0, 0, 17 },
	{ M_VBR, "description a | b", GS_OK, C_SET, 0, 0, 0, -1 },
};

/* One test walks the table; a failing row names its line. */
Test(gram, match_table)
{
	static struct gram_match m;
	const struct match_case *c;
	size_t i;

	for (i = 0; i < sizeof(match_cases) / sizeof(match_cases[0]); i++) {
		c = &match_cases[i];
		gram_match(c->line, c->mode, &m);
		cr_expect_eq(m.status, c->status, "'%s': status %d, want %d",
		    c->line, m.status, c->status);
		if (m.status != c->status)
			continue;
		if (c->status != GS_OK) {
			if (c->error_col >= 0 && c->status != GS_INCOMPLETE)
				cr_expect_eq((int)m.error_col, c->error_col,
				    "'%s': error at column %zu, want %d",
				    c->line, m.error_col, c->error_col);
			continue;
		}
		cr_expect_eq(m.cmd, c->cmd, "'%s': cmd %d, want %d", c->line,
		    m.cmd, c->cmd);
		cr_expect_eq(m.levels_up, c->levels_up, "'%s': levels_up %d",
		    c->line, m.levels_up);
		cr_expect_eq(m.negate, c->negate, "'%s': negate", c->line);
		cr_expect_eq(m.json, c->json, "'%s': json", c->line);
	}
}

/* Typed arguments decode into their slots. */
Test(gram, arguments_land_in_slots)
{
	static struct gram_match m;
	char buf[NETADDR_STRLEN];

	cr_assert_eq(gram_match("bfd interval 300 multiplier 5", M_VBR, &m),
	    GS_OK);
	cr_assert_eq(m.arg[A_INTERVAL].number, 300);
	cr_assert_eq(m.arg[A_MULTIPLIER].number, 5);

	cr_assert_eq(gram_match("network 10.0.0.0/8 as-path 65001 1.2", M_CPE,
	    &m), GS_OK);
	cr_assert_str_eq(prefix_format(&m.arg[A_PREFIX].prefix, buf,
	    sizeof(buf)), "10.0.0.0/8");
	cr_assert_eq(m.as_path_len, 2);
	cr_assert_eq(m.as_path[0], 65001);
	cr_assert_eq(m.as_path[1], 65538);

	cr_assert_eq(gram_match("description  two  spaces kept  ", M_VBR, &m),
	    GS_OK);
	cr_assert_str_eq(m.arg[A_TEXT].text, "two  spaces kept");

	cr_assert_eq(gram_match("show route-table vpn-gateway gw1 | include "
	    "10\\.0 ", M_EXEC, &m), GS_OK);
	cr_assert_eq(m.arg[A_KIND].number, OBJ_VPN_GATEWAY);
	cr_assert_str_eq(m.arg[A_NAME].text, "gw1");
	cr_assert_eq(m.nfilters, 1);
	cr_assert_eq(m.filter[0].kind, CH_INCLUDE);
	cr_assert_str_eq(m.filter[0].regex, "10\\.0");

	/* filters chain; a regex ends at the next `|` word, not at a|b */
	cr_assert_eq(gram_match("show vpn-connection | include tunnel|bgp  | "
	    "exclude  shut down | sec ^vbr | count", M_EXEC, &m), GS_OK);
	cr_assert_eq(m.nfilters, 4);
	cr_assert_eq(m.filter[0].kind, CH_INCLUDE);
	cr_assert_str_eq(m.filter[0].regex, "tunnel|bgp");
	cr_assert_eq(m.filter[1].kind, CH_EXCLUDE);
	cr_assert_str_eq(m.filter[1].regex, "shut down");
	cr_assert_eq(m.filter[2].kind, CH_SECTION);
	cr_assert_str_eq(m.filter[2].regex, "^vbr");
	cr_assert_eq(m.filter[3].kind, CH_COUNT);
	cr_assert_null(m.filter[3].regex);

	cr_assert_eq(gram_match("wait bgp established vbr v1", M_EXEC, &m),
	    GS_OK);
	cr_assert_eq(m.arg[A_CHOICE].number, CH_ESTABLISHED);
	cr_assert_str_eq(m.arg[A_VBR].text, "v1");

	cr_assert_eq(gram_match("address-family ipv6", M_BGP_GROUP, &m),
	    GS_OK);
	cr_assert_eq(m.arg[A_FAMILY].number, AF_INET6);
}

/* Every typed token with good and bad words. */
struct decode_case {
	enum gram_type	 type;
	int64_t		 min, max;
	const char	*word;
	bool		 ok;
	int64_t		 number;	/* ranges and ASNs */
	const char	*why;		/* part of the reason, when refused */
};

static const struct decode_case decode_cases[] = {
	{ GT_RANGE, 1, 110, "1", true, 1, NULL },
	{ GT_RANGE, 1, 110, "110", true, 110, NULL },
	{ GT_RANGE, 1, 110, "111", false, 0, "outside 1-110" },
	{ GT_RANGE, 1, 110, "0", false, 0, "outside" },
	{ GT_RANGE, 1, 110, "+5", false, 0, "not a number" },
	{ GT_RANGE, 1, 110, "5a", false, 0, "not a number" },
	{ GT_RANGE, 1, 110, "", false, 0, "not a number" },
	{ GT_RANGE, 0, 86400, "99999999999999999999999", false, 0,
	  "not a number" },
	{ GT_RANGE, 0, 86400, "18446744073709551615", false, 0, "outside" },
	{ GT_ASN, 0, 0, "1", true, 1, NULL },
	{ GT_ASN, 0, 0, "4294967295", true, 4294967295LL, NULL },
	{ GT_ASN, 0, 0, "4294967296", false, 0, "not an AS number" },
	{ GT_ASN, 0, 0, "0", false, 0, "not an AS number" },
	{ GT_ASN, 0, 0, "1.0", true, 65536, NULL },
	{ GT_ASN, 0, 0, "65535.65535", true, 4294967295LL, NULL },
	{ GT_ASN, 0, 0, "0.1", true, 1, NULL },
	{ GT_ASN, 0, 0, "0.0", false, 0, "not an AS number" },
	{ GT_ASN, 0, 0, "65536.1", false, 0, "not an AS number" },
	{ GT_ASN, 0, 0, "1.", false, 0, "not an AS number" },
	{ GT_ASN, 0, 0, ".1", false, 0, "not an AS number" },
	{ GT_ASN, 0, 0, "1.2.3", false, 0, "not an AS number" },
	{ GT_ASN, 0, 0, "-1", false, 0, "not an AS number" },
	{ GT_IPV4, 0, 0, "10.0.0.1", true, 0, NULL },
	{ GT_IPV4, 0, 0, "10.0.0.256", false, 0, "not an IPv4 address" },
	{ GT_IPV4, 0, 0, "10.0.0", false, 0, "not an IPv4 address" },
	{ GT_IPV4, 0, 0, "::1", false, 0, "not an IPv4 address" },
	{ GT_IPV6, 0, 0, "2001:db8::1", true, 0, NULL },
	{ GT_IPV6, 0, 0, "10.0.0.1", false, 0, "not an IPv6 address" },
	{ GT_IPV6, 0, 0, "2001:db8:::1", false, 0, "not an IPv6 address" },
	{ GT_IP, 0, 0, "fe80::1", true, 0, NULL },
	{ GT_IP, 0, 0, "192.0.2.1", true, 0, NULL },
	{ GT_IP, 0, 0, "host", false, 0, "not an IP address" },
	{ GT_PREFIX4, 0, 0, "192.168.0.0/16", true, 0, NULL },
	{ GT_PREFIX4, 0, 0, "0.0.0.0/0", true, 0, NULL },
	{ GT_PREFIX4, 0, 0, "10.0.0.1/32", true, 0, NULL },
	{ GT_PREFIX4, 0, 0, "192.168.1.0/16", false, 0, "192.168.0.0/16" },
	{ GT_PREFIX4, 0, 0, "10.0.0.0/33", false, 0, "bad prefix length" },
	{ GT_PREFIX4, 0, 0, "10.0.0.0/", false, 0, "bad prefix length" },
	{ GT_PREFIX4, 0, 0, "10.0.0.0/-1", false, 0, "bad prefix length" },
	{ GT_PREFIX4, 0, 0, "10.0.0.0", false, 0, "not a prefix" },
	{ GT_PREFIX4, 0, 0, "2001:db8::/32", false, 0, "not an IPv4 prefix" },
	{ GT_PREFIX6, 0, 0, "2001:db8::/32", true, 0, NULL },
	{ GT_PREFIX6, 0, 0, "2001:db8::1/64", false, 0, "host bits" },
	{ GT_PREFIX6, 0, 0, "2001:db8::/129", false, 0, "bad prefix length" },
	{ GT_PREFIX, 0, 0, "::/0", true, 0, NULL },
	{ GT_NAME, 0, 0, "vbr-1.a_b", true, 0, NULL },
	{ GT_NAME, 0, 0, "1vbr", false, 0, "not a valid name" },
	{ GT_NAME, 0, 0, "a b", false, 0, "not a valid name" },
	{ GT_NAME, 0, 0, "a/b", false, 0, "not a valid name" },
	{ GT_NAME, 0, 0, "-a", false, 0, "not a valid name" },
};

Test(gram, decode_table)
{
	const struct decode_case *c;
	struct gram_value v;
	char why[GRAM_WHY_MAX];
	size_t i;
	bool ok;

	for (i = 0; i < sizeof(decode_cases) / sizeof(decode_cases[0]); i++) {
		struct gram_node n;

		c = &decode_cases[i];
		memset(&n, 0, sizeof(n));
		n.type = (uint8_t)c->type;
		n.min = c->min;
		n.max = c->max;
		n.word = "X";
		why[0] = '\0';
		ok = gram_decode(&n, c->word, &v, why, sizeof(why));
		cr_expect_eq(ok, c->ok, "'%s' (type %d): %s", c->word, c->type,
		    why);
		if (ok && ok == c->ok &&
		    (c->type == GT_RANGE || c->type == GT_ASN))
			cr_expect_eq(v.number, c->number, "'%s' decoded to "
			    "%lld", c->word, (long long)v.number);
		if (!ok && c->why != NULL)
			cr_expect(strstr(why, c->why) != NULL, "'%s': reason "
			    "'%s' lacks '%s'", c->word, why, c->why);
	}
}

Test(gram, names_limit_128)
{
	char name[131];

	memset(name, 'a', 128);
	name[128] = '\0';
	cr_assert(gram_name_valid(name));
	name[128] = 'a';
	name[129] = '\0';
	cr_assert(!gram_name_valid(name));
}

Test(gram, too_long)
{
	static struct gram_match m;
	static char line[GRAM_LINE_MAX + 10];

	memset(line, 'a', sizeof(line) - 1);
	cr_assert_eq(gram_match(line, M_EXEC, &m), GS_TOO_LONG);
}

static bool
help_has(const struct gram_help *h, const char *word)
{
	size_t i;

	for (i = 0; i < h->count; i++)
		if (strcmp(h->item[i].word, word) == 0)
			return true;
	return false;
}

Test(gram, help_lists_what_may_follow)
{
	static struct gram_help h;

	gram_help("", M_VBR, &h);
	cr_assert(help_has(&h, "vlan") && help_has(&h, "bgp-peer") &&
	    help_has(&h, "no") && help_has(&h, "do") && help_has(&h, "show"));
	cr_assert(!help_has(&h, "configure"));

	gram_help("vlan ", M_VBR, &h);
	cr_assert_eq(h.count, 1);
	cr_assert_str_eq(h.item[0].word, "<0-2999>");

	gram_help("show bgp ", M_EXEC, &h);
	cr_assert(help_has(&h, "groups") && help_has(&h, "peers") &&
	    help_has(&h, "peer") && help_has(&h, "routes"));
	cr_assert(!help_has(&h, "<cr>"));

	gram_help("show vbr ", M_EXEC, &h);
	cr_assert(help_has(&h, "NAME") && help_has(&h, "json") &&
	    help_has(&h, "|") && help_has(&h, "<cr>"));
	cr_assert_str_eq(h.item[h.count - 1].word, "<cr>");

	gram_help("sh", M_EXEC, &h);	/* the word being typed */
	cr_assert(help_has(&h, "show") && help_has(&h, "shutdown"));
	cr_assert(!help_has(&h, "sleep"));

	gram_help("wait bgp established vbr v1 ", M_EXEC, &h);
	cr_assert(help_has(&h, "peer") && help_has(&h, "timeout") &&
	    !help_has(&h, "vbr") && !help_has(&h, "vpn-connection"));

	gram_help("show vbr | ", M_EXEC, &h);
	cr_assert(help_has(&h, "include") && help_has(&h, "count"));

	gram_help("frob ", M_EXEC, &h);
	cr_assert_eq(h.status, GS_NO_MATCH);
}

static void
names(void *ctx, enum obj_kind kind, void (*add)(void *, const char *),
    void *acc)
{
	(void)ctx;
	if (kind == OBJ_VBR) {
		add(acc, "vbr1");
		add(acc, "vbr2");
		add(acc, "other");
	} else if (kind == OBJ_ECR) {
		add(acc, "ecr1");
	}
}

Test(gram, completion)
{
	static struct gram_completion c;
	struct gram_names nm = { names, NULL };

	gram_complete("sh", M_EXEC, &nm, &c);
	cr_assert_eq(c.count, 2);
	cr_assert_str_eq(c.cand[0], "show");
	cr_assert_eq(c.word_start, 0);

	gram_complete("show vbr v", M_EXEC, &nm, &c);
	cr_assert_eq(c.count, 2);
	cr_assert_str_eq(c.cand[0], "vbr1");
	cr_assert_eq(c.word_start, 9);
	cr_assert_eq(gram_completion_common(&c), 3);

	/* the object kind follows the keyword chosen before the name */
	gram_complete("show route-table ecr ", M_EXEC, &nm, &c);
	cr_assert_eq(c.count, 1);
	cr_assert_str_eq(c.cand[0], "ecr1");

	gram_complete("vl", M_VBR, &nm, &c);
	cr_assert_eq(c.count, 1);
	cr_assert_str_eq(c.cand[0], "vlan");

	gram_complete("no vl", M_VBR, &nm, &c);
	cr_assert_eq(c.count, 1);

	gram_complete("show vbr x | c", M_EXEC, &nm, &c);
	cr_assert_eq(c.count, 1);
	cr_assert_str_eq(c.cand[0], "count");
}

/*
 * More words than a line may hold: no candidates, and no word offset read
 * from words that were never split (found by tests/fuzz/fuzz_command).
 */
Test(gram, completion_of_an_overlong_line)
{
	static struct gram_completion c;
	static struct gram_help h;
	char line[GRAM_WORDS_MAX * 2 + 8];
	size_t i;

	for (i = 0; i < GRAM_WORDS_MAX + 2; i++) {
		line[2 * i] = 'x';
		line[2 * i + 1] = ' ';
	}
	line[2 * i - 1] = '\0';	/* ends in a partial word */
	gram_complete(line, M_EXEC, NULL, &c);
	cr_assert_eq(c.count, 0);
	cr_assert_eq(c.word_start, strlen(line));
	gram_help(line, M_EXEC, &h);
	cr_assert_eq(h.count, 0);
}

/*
 * ? and TAB after a later `|` go on only from filters that are whole
 * before it, as the matcher reads them (found by tests/fuzz/fuzz_command:
 * `? ` offered the words of a line the matcher refused).
 */
Test(gram, help_after_a_broken_filter)
{
	static struct gram_completion c;
	static struct gram_help h;
	static struct gram_match m;

	cr_assert_eq(gram_match("show vbr | frob x | count", M_EXEC, &m),
	    GS_NO_MATCH);
	gram_help("show vbr | frob x | ", M_EXEC, &h);
	cr_assert_eq(h.status, GS_NO_MATCH);
	cr_assert_eq(h.error_col, 11);
	gram_complete("show vbr | frob x | c", M_EXEC, NULL, &c);
	cr_assert_eq(c.count, 0);
	/* one left unfinished before the next `|` */
	gram_help("show vbr | include | ", M_EXEC, &h);
	cr_assert_eq(h.status, GS_NO_MATCH);
	/* whole ones are passed */
	gram_help("show vbr | include x | exclude y | ", M_EXEC, &h);
	cr_assert(help_has(&h, "count") && help_has(&h, "include"));
	gram_complete("show vbr | include x | exclude y | c", M_EXEC, NULL,
	    &c);
	cr_assert_eq(c.count, 1);
	cr_assert_str_eq(c.cand[0], "count");
}

/* Structural checks over every table: the man page and ? rely on them. */
Test(gram, tables_are_well_formed)
{
	size_t m, i;

	for (m = 0; m < M_MODE_COUNT; m++) {
		const struct gram_node *t = gram_modes[m].nodes;

		cr_assert_not_null(t, "mode %zu has no table", m);
		for (i = 0; t[i].type != GT_END; i++) {
			cr_assert_not_null(t[i].help, "%s: node %zu has no "
			    "help", gram_modes[m].name, i);
			cr_assert(t[i].type == GT_RANGE || t[i].word != NULL);
			if (i == 0)
				cr_assert_eq(t[i].depth, 0);
			else
				cr_assert_leq(t[i].depth, t[i - 1].depth + 1,
				    "%s: node %zu skips a level",
				    gram_modes[m].name, i);
			/* a leaf must end a command */
			if (gram_first_child(t, i) == GRAM_NONE &&
			    !(t[i].flags & GF_SHARE))
				cr_assert_neq(t[i].cmd, C_NONE, "%s: leaf '%s' "
				    "ends no command", gram_modes[m].name,
				    t[i].word);
		}
	}
}

/* A key is hidden however its keyword is typed, and a caret follows it. */
Test(gram, secrets_are_masked)
{
	char out[GRAM_LINE_MAX + 16];
	size_t col;

	gram_mask_secrets(" auth-key s3cret", M_CPE, out, sizeof(out), NULL);
	cr_assert_str_eq(out, " auth-key <hidden>");
	gram_mask_secrets("au s3cret", M_CPE, out, sizeof(out), NULL);
	cr_assert_str_eq(out, "au <hidden>", "abbreviated: %s", out);
	gram_mask_secrets("auth-key s3cret", M_BGP_GROUP, out, sizeof(out),
	    NULL);
	cr_assert_str_eq(out, "auth-key <hidden>");
	gram_mask_secrets("auth-key s3cret", M_NONE, out, sizeof(out), NULL);
	cr_assert_str_eq(out, "auth-key <hidden>", "any mode: %s", out);
	col = 16;	/* "extra" */
	gram_mask_secrets("auth-key s3cret extra", M_CPE, out, sizeof(out),
	    &col);
	cr_assert_str_eq(out, "auth-key <hidden> extra");
	cr_assert_eq(col, 18, "the caret moved with the text: %zu", col);
	col = 10;	/* inside the key */
	gram_mask_secrets("auth-key s3cret", M_CPE, out, sizeof(out), &col);
	cr_assert_eq(col, 9);
	/* what is no key stays as it is */
	gram_mask_secrets("description auth-key s3cret", M_CPE, out,
	    sizeof(out), NULL);
	cr_assert_str_eq(out, "description auth-key s3cret");
	gram_mask_secrets("asn 65001", M_CPE, out, sizeof(out), NULL);
	cr_assert_str_eq(out, "asn 65001");
	gram_mask_secrets("no auth-key", M_CPE, out, sizeof(out), NULL);
	cr_assert_str_eq(out, "no auth-key");
}

/*
 * A line whose every word one reading takes, with more due, is that
 * command, incomplete: not refused because another reading of an
 * abbreviation fails (`b` is bfd, bgp-group and bgp-peer in config-vbr),
 * and not run in an enclosing mode that reads it whole (config-vbr's
 * `bgp-group hops` for config-bgp-peer's `bfd hops`).
 */
Test(gram, an_incomplete_reading_is_incomplete)
{
	struct gram_match m;

	cr_assert_eq(gram_match("b interval 200 multiplier", M_VBR, &m),
	    GS_INCOMPLETE);
	cr_assert_eq(gram_match("b interval 200 multiplier 3", M_VBR, &m),
	    GS_OK);
	cr_assert_eq(m.setting, SET_VBR_BFD);
	cr_assert_eq(gram_match("b hops", M_BGP_PEER, &m), GS_INCOMPLETE,
	    "not bgp-group hops, one mode up");
	cr_assert_eq(gram_match("bgp-group hops", M_BGP_PEER, &m), GS_OK);
	cr_assert_eq(m.levels_up, 1, "a whole command of config-vbr runs there");
}

/* A key the current mode does not read is still hidden. */
Test(gram, secrets_outside_their_mode_are_masked)
{
	char out[GRAM_LINE_MAX + 16], line[GRAM_LINE_MAX + 64];

	gram_mask_secrets(" auth-key s3cret", M_VBR, out, sizeof(out), NULL);
	cr_assert_str_eq(out, " auth-key <hidden>", "vbr mode: %s", out);
	/* asn or auth-key: no reading settles it */
	gram_mask_secrets("a 4242424242", M_CPE, out, sizeof(out), NULL);
	cr_assert_str_eq(out, "a <hidden>", "ambiguous: %s", out);
	memset(line, 'x', sizeof(line) - 1);
	line[sizeof(line) - 1] = '\0';
	memcpy(line, "auth-key s3cret ", 16);
	gram_mask_secrets(line, M_CPE, out, sizeof(out), NULL);
	cr_assert(strncmp(out, "auth-key <hidden> ", 18) == 0,
	    "too long to read: %.30s", out);
}

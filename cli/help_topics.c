/*
 * help_topics: where `help TOPIC` sends a reader: the manual page and
 * section that explain a subject or one of the cloud's rules.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "commands.h"

struct topic {
	const char	*words;		/* space-separated names of the topic */
	const char	*what;
	const char	*where;		/* page and section */
};

static const struct topic topics[] = {
	{ "tutorial lab labs first start", "a first lab, typed along",
	  "ecsh-tutorial(7)" },
	{ "rules rule limits limit quota quotas", "the cloud's limits, and why",
	  "ecsh-rules(7)" },
	{ "modes mode prompt indentation indent", "modes, prompts and "
	  "indentation", "ecsh(1), Modes" },
	{ "keys editing history ctrl-c", "editing keys",
	  "ecsh(1), Editing keys" },
	{ "scripts script batch check load", "scripts, batch use and load",
	  "ecsh(1), Scripts" },
	{ "write save copy startup startup-config saving",
	  "saving the configuration, and the startup configuration",
	  "ecsh(1), Saving" },
	{ "bgp peering", "BGP sessions, CPEs and real routers", "ecsh(1), BGP" },
	{ "bfd ecmp failover failure-drill drill",
	  "BFD, ECMP and failure drills",
	  "ecsh(1), BFD and ECMP; ecsh-tutorial(7), TWO CIRCUITS, ECMP AND "
	  "BFD" },
	{ "vpn tunnel tunnels vpn-gateway vpn-connection",
	  "VPN gateways and connections",
	  "ecsh-tutorial(7), A VPN GATEWAY LEARNING ROUTES OVER BGP; "
	  "ecsh-rules(7), VPN" },
	{ "route-table routes lookup route-tables cloud vpn_bgp",
	  "route tables and lookups", "ecsh(1), Route tables" },
	{ "json filters filter include exclude begin section count",
	  "JSON and output filters", "ecsh-commands(7), Output filters" },
	{ "real-router bird frr gobgp exabgp listen",
	  "peering with a real router", "ecsh-tutorial(7), A REAL ROUTER" },
	{ "monitor events", "events and monitor events",
	  "ecsh(1), Route tables (monitor events)" },
	{ "alerts alert alert-rule alert-rules webhook notify cloudmonitor",
	  "alert rules: notifications by webhook, command or log",
	  "ecsh(1), ALERT RULES; ecsh-tutorial(7), BEING TOLD WHEN A PEER "
	  "GOES DOWN" },
};

static const struct {
	const char	*id;
	const char	*text;
	const char	*codes;		/* the cloud API's, for its refusals */
} rules[] = {
	{ "R1", "a VBR has at most 8 BGP peers", "QuotaExceeded.Bgp" },
	{ "R2", "peer-asn is not 45104; a custom local-asn is 45104 or private",
	  "InvalidPeerAsn.Malformed InvalidBgpGroup.LocalAsnInvalid" },
	{ "R3", "a VBR on an ECR has mpbgp, and its groups the ECR's ASN",
	  "Conflict.ASNOfVBR Conflict.ASNOfECR" },
	{ "R4", "IPv6 groups need ipv6 on the VBR; a peer's family is its "
	  "group's", NULL },
	{ "R5", "a peer installs at most its group's route-limit routes",
	  "IllegalParam.RouteLimit" },
	{ "R6", "BFD hops 1-255; a packet needs TTL >= 256 - hops",
	  "IllegalParam.BfdMultiHop" },
	{ "R7", "a BGP group with peers cannot be deleted",
	  "DependencyViolation.BgpPeer" },
	{ "R8", "BGP sessions going up or down raise events", NULL },
	{ "R9", "BFD going down takes BGP down at once", NULL },
	{ "E1", "equal paths over several VBRs share traffic (ECMP)", NULL },
	{ "E2", "a failure drill cuts a VBR's circuit", NULL },
	{ "E3", "a VBR on an ECR has no static routes", NULL },
	{ "V1", "a VPN gateway's peer installs at most route-quota routes",
	  NULL },
	{ "V2", "a gateway's connection ignores 0.0.0.0/0 over BGP", NULL },
	{ "V3", "destination routes avoid 0.0.0.0/0 and 100.64.0.0/10", NULL },
	{ "V4", "one local ASN per gateway and connection", NULL },
	{ "V5", "each tunnel has its own /30 in 169.254.0.0/16", NULL },
	{ "V6", "a customer gateway's ASN cannot change", NULL },
	{ "V7", "no routes between connections; conflicts take neither", NULL },
	{ "V8", "auto-route-advertise exchanges VPC and data-center routes",
	  NULL },
	{ "V9", "destination routes or BGP, not both", NULL },
	{ "V10", "on a transit router BGP beats destination routes", NULL },
};

/* Codes for a value that is not well formed, whatever the rule. */
static const struct {
	const char	*code;
	const char	*text;
} malformed[] = {
	{ "InvalidBgpName.Malformed", "a BGP group name that is not a name" },
	{ "InvalidBgpAuthkey.Malformed", "a BGP key longer than 80 "
	  "characters" },
	{ "InvalidIP.Malformed", "an address that is not an IPv4 or IPv6 "
	  "address" },
};

static bool
names(const char *words, const char *topic)
{
	size_t n = strlen(topic);
	const char *w = words;

	while (*w != '\0') {
		if (strncasecmp(w, topic, n) == 0 &&
		    (w[n] == ' ' || w[n] == '\0'))
			return true;
		while (*w != ' ' && *w != '\0')
			w++;
		while (*w == ' ')
			w++;
	}
	return false;
}

/* "A B" as "Refused with the cloud API's codes: A, B." */
static void
say_codes(const char *codes, struct strbuf *out)
{
	const char *c;

	strbuf_printf(out, "Refused with the cloud API's code%s: ",
	    strchr(codes, ' ') != NULL ? "s" : "");
	for (c = codes; *c != '\0'; c++)
		if (*c == ' ')
			strbuf_puts(out, ", ");
		else
			strbuf_add(out, c, 1);
	strbuf_puts(out, ".\n");
}

bool
help_topic(const char *topic, struct strbuf *out)
{
	const char *section;
	size_t i;

	for (i = 0; i < sizeof(rules) / sizeof(rules[0]); i++)
		if (strcasecmp(rules[i].id, topic) == 0 ||
		    (rules[i].codes != NULL && names(rules[i].codes, topic))) {
			section = rules[i].id[0] == 'R' ? "VBR AND BGP" :
			    rules[i].id[0] == 'E' ? "ECR AND ECMP" : "VPN";
			strbuf_printf(out, "%s: %s.\n", rules[i].id,
			    rules[i].text);
			if (rules[i].codes != NULL)
				say_codes(rules[i].codes, out);
			strbuf_printf(out, "See ecsh-rules(7), %s.\n", section);
			return true;
		}
	for (i = 0; i < sizeof(malformed) / sizeof(malformed[0]); i++)
		if (strcasecmp(malformed[i].code, topic) == 0) {
			strbuf_printf(out, "%s: %s.\nSee ecsh-rules(7), ERROR "
			    "CODES.\n", malformed[i].code, malformed[i].text);
			return true;
		}
	for (i = 0; i < sizeof(topics) / sizeof(topics[0]); i++)
		if (names(topics[i].words, topic)) {
			strbuf_printf(out, "%s: see %s.\n", topics[i].what,
			    topics[i].where);
			return true;
		}
	return false;
}

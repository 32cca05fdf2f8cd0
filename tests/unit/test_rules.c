/*
 * Every configuration rule of SPEC section 6, at its boundaries.  Each row
 * sets a lab up, then types one line: an accepted line must succeed; a
 * refused one must fail with an error naming the rule (or the limit), and
 * leave the configuration and the mode exactly as they were.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "lab.h"

struct rule_case {
	const char	*setup;		/* lines from exec mode */
	const char	*line;		/* typed in the mode setup left */
	bool		 ok;
	const char	*error;		/* part of the refusal */
};

#define VBR	"configure\nvbr v1\n"
#define GROUP	VBR "bgp-group g\n"
#define PEERS8	VBR "bgp-peer 10.0.0.1\nbgp-peer 10.0.0.2\nbgp-peer 10.0.0.3\n" \
	"bgp-peer 10.0.0.4\nbgp-peer 10.0.0.5\nbgp-peer 10.0.0.6\n" \
	"bgp-peer 10.0.0.7\n"
#define ECR	"configure\necr e1\nasn 64512\nvbr v1\n"
#define CONN	"configure\nvpn-connection c1\n"
#define TUN	CONN "tunnel 1\n"
#define TUN_CIDR TUN "tunnel-cidr 169.254.10.0/30\n"
#define GW2	"configure\nvpn-gateway gw\nvpn-connection c1\nvpn-gateway gw\n" \
	"tunnel 1\ntunnel-cidr 169.254.10.0/30\nlocal-asn 65100\nexit\n" \
	"bgp\nvpn-connection c2\nvpn-gateway gw\ntunnel 1\n"

static const struct rule_case cases[] = {
	/* R1: at most 8 BGP peers per VBR */
	{ PEERS8, "bgp-peer 10.0.0.8", true, NULL },
	{ PEERS8 "bgp-peer 10.0.0.8\nexit\n", "bgp-peer 10.0.0.9", false,
	  "QuotaExceeded.Bgp: vbr v1 has 8 of 8 BGP peers (R1)" },
	{ PEERS8 "bgp-peer 10.0.0.8\nexit\n", "bgp-peer 10.0.0.8", true,
	  NULL },		/* entering an existing one is no 9th */

	/* R2: peer-asn is not the cloud's; local-asn in its ranges */
	{ GROUP, "peer-asn 45104", false, "cloud's own ASN (R2)" },
	{ GROUP, "peer-asn 45105", true, NULL },
	{ GROUP, "peer-asn 0.45104", false, "(R2)" },	/* asdot too */
	{ GROUP, "local-asn 45104", true, NULL },
	{ GROUP, "local-asn 64511", false, "not allowed" },
	{ GROUP, "local-asn 64512", true, NULL },
	{ GROUP, "local-asn 65024", true, NULL },
	{ GROUP, "local-asn 65025", false, "(R2)" },
	{ GROUP, "local-asn 65026", true, NULL },
	{ GROUP, "local-asn 65534", true, NULL },
	{ GROUP, "local-asn 65535", false, "(R2)" },
	{ GROUP, "local-asn 4199999999", false, "(R2)" },
	{ GROUP, "local-asn 4200000000", true, NULL },
	{ GROUP, "local-asn 4294967294", true, NULL },
	{ GROUP, "local-asn 4294967295", false, "(R2)" },
	{ "configure\necr e1\n", "asn 65025", false, "(R2)" },
	{ "configure\necr e1\n", "asn 65026", true, NULL },
	{ "configure\ncpe c\n", "asn 45104", false, "(R2)" },

	/* R3: ECR association */
	{ ECR "no mpbgp\necr e1\n", "associate vbr v1", false,
	  "does not support mpbgp, which an ECR needs (R3)" },
	{ ECR "bgp-group g\nexit\nexit\necr e1\n", "associate vbr v1", false,
	  "local-asn 45104, not the ECR's 64512 (R3)" },
	{ ECR "bgp-group g\nlocal-asn 64512\nexit\nexit\necr e1\n",
	  "associate vbr v1", true, NULL },
	{ ECR "ecr e1\nassociate vbr v1\nvbr v1\nbgp-group g\n",
	  "local-asn 65000", false, "must stay 64512, the ECR's ASN (R3)" },
	{ ECR "ecr e1\nassociate vbr v1\nvbr v1\n", "no mpbgp", false,
	  "(R3)" },
	{ ECR "ecr e1\nassociate vbr v1\n", "asn 64513", false,
	  "disassociate vbr v1 first" },
	{ "configure\nvbr v1\necr e1\n", "associate vbr v1", false,
	  "set its asn before associating VBRs (R3)" },
	{ ECR "ecr e1\nassociate vbr v1\necr e2\nasn 64512\n",
	  "associate vbr v1", false, "already associated with ecr e1" },

	/* R4: address families */
	{ GROUP, "address-family ipv6", false, "needs ipv6 on vbr v1 (R4)" },
	{ VBR "ipv6\nbgp-group g\n", "address-family ipv6", true, NULL },
	{ VBR, "bgp-peer 2001:db8::1", false, "needs ipv6 on the VBR (R4)" },
	{ VBR "ipv6\nbgp-group g\nexit\nbgp-peer 2001:db8::1\n", "group g",
	  false, "is IPv6 but bgp-group g is IPv4 (R4)" },
	{ VBR "ipv6\nbgp-group g\naddress-family ipv6\nexit\n"
	  "bgp-peer 2001:db8::1\n", "group g", true, NULL },
	{ VBR "ipv6\nbgp-group g\naddress-family ipv6\nexit\n", "no ipv6",
	  false, "bgp-group g is IPv6 and needs ipv6 on the VBR (R4)" },
	{ GROUP "exit\nbgp-peer 10.0.0.1\ngroup g\nexit\nbgp-group g\n",
	  "address-family ipv6", false, "(R4)" },

	/* R5, R6, V1: ranges the grammar enforces */
	{ GROUP, "route-limit 110", true, NULL },
	{ GROUP, "route-limit 111", false, "111 is outside 1-110" },
	{ GROUP, "route-limit 0", false, "outside 1-110" },
	{ VBR "bgp-peer 10.0.0.1\n", "bfd hops 255", true, NULL },
	{ VBR "bgp-peer 10.0.0.1\n", "bfd hops 256", false, "outside 1-255" },
	{ VBR "bgp-peer 10.0.0.1\n", "bfd hops 1", true, NULL },
	{ VBR "bgp-peer 10.0.0.1\n", "bfd hops 0", false, "outside 1-255" },
	{ "configure\nvpn-gateway gw\n", "route-quota 200", true, NULL },
	{ "configure\nvpn-gateway gw\n", "route-quota 201", false,
	  "outside 50-200" },
	{ "configure\nvpn-gateway gw\n", "route-quota 49", false,
	  "outside 50-200" },
	{ VBR, "bfd interval 199 multiplier 3", false, "outside 200-1000" },
	{ VBR, "bfd interval 1000 multiplier 10", true, NULL },

	/* R7: a group with peers stays */
	{ GROUP "exit\nbgp-peer 10.0.0.1\ngroup g\nbgp-peer 10.0.0.2\n"
	  "group g\nexit\n", "no bgp-group g", false,
	  "bgp-group g still has peers: 10.0.0.1, 10.0.0.2" },
	{ GROUP "exit\n", "no bgp-group g", true, NULL },
	{ VBR "bgp-peer 10.0.0.1\n", "group nosuch", false,
	  "vbr v1 has no bgp-group nosuch" },

	/* E3: no static routes under an ECR */
	{ ECR "route 10.0.0.0/8 next-hop 192.0.2.1\necr e1\n",
	  "associate vbr v1", false, "has static routes" },
	{ ECR "ecr e1\nassociate vbr v1\nvbr v1\n",
	  "route 10.0.0.0/8 next-hop 192.0.2.1", false, "(E3)" },
	{ VBR, "route 10.0.0.0/8 next-hop 192.0.2.1", true, NULL },

	/* V3: destination-based routes */
	{ CONN, "route 0.0.0.0/0", false, "default route (V3)" },
	{ CONN, "route 100.64.0.0/10", false, "overlap 100.64.0.0/10 (V3)" },
	{ CONN, "route 100.127.255.0/24", false, "(V3)" },
	{ CONN, "route 100.0.0.0/8", false, "(V3)" },
	{ CONN, "route 100.128.0.0/16", true, NULL },
	{ CONN, "route 100.63.0.0/16", true, NULL },

	/* V4: one local ASN for BGP on a connection and a gateway */
	{ CONN "tunnel 1\nlocal-asn 65100\nexit\ntunnel 2\nexit\n", "bgp",
	  false, "both tunnels use one local-asn, but they have 65100 and "
	  "45104 (V4)" },
	{ CONN "tunnel 1\nlocal-asn 65100\nexit\ntunnel 2\nlocal-asn 65100\n"
	  "exit\n", "bgp", true, NULL },
	{ CONN "tunnel 1\nexit\ntunnel 2\nexit\nbgp\ntunnel 2\n",
	  "local-asn 65100", false, "tunnel 1 has 45104 (V4)" },
	{ GW2 "local-asn 65200\nexit\n", "bgp", false,
	  "vpn-gateway gw use local-asn 65100, not 65200 (V4)" },
	{ GW2 "local-asn 65100\nexit\n", "bgp", true, NULL },

	/* V5: tunnel addresses */
	{ TUN, "tunnel-cidr 169.254.6.0/30", false, "the cloud uses them (V5)" },
	{ TUN, "tunnel-cidr 169.254.0.0/30", false, "(V5)" },
	{ TUN, "tunnel-cidr 169.254.6.4/30", true, NULL },
	{ TUN, "tunnel-cidr 169.254.7.0/30", true, NULL },
	{ TUN, "tunnel-cidr 169.254.169.252/30", false, "(V5)" },
	{ TUN, "tunnel-cidr 169.254.169.248/30", true, NULL },
	{ TUN, "tunnel-cidr 169.254.8.0/29", false, "a /30 inside" },
	{ TUN, "tunnel-cidr 10.0.0.0/30", false, "inside 169.254.0.0/16" },
	{ TUN_CIDR "exit\ntunnel 2\n", "tunnel-cidr 169.254.10.0/30", false,
	  "already used by vpn-connection c1 tunnel 1" },
	{ GW2, "tunnel-cidr 169.254.10.0/30", false,
	  "each tunnel of a VPN gateway has its own (V5)" },
	{ GW2, "tunnel-cidr 169.254.11.0/30", true, NULL },
	{ "configure\nvpn-gateway gw\nvpn-connection c1\nvpn-gateway gw\n"
	  "tunnel 1\ntunnel-cidr 169.254.10.0/30\nvpn-connection c2\n"
	  "tunnel 1\ntunnel-cidr 169.254.10.0/30\nexit\n", "vpn-gateway gw",
	  false, "(V5)" },
	{ TUN, "local-bgp-ip 169.254.10.1", false, "set tunnel-cidr first" },
	{ TUN_CIDR, "local-bgp-ip 169.254.10.1", true, NULL },
	{ TUN_CIDR, "local-bgp-ip 169.254.10.2", true, NULL },
	{ TUN_CIDR, "local-bgp-ip 169.254.10.0", false,
	  "must be a host address of 169.254.10.0/30 (V5)" },
	{ TUN_CIDR, "local-bgp-ip 169.254.10.3", false, "(V5)" },
	{ TUN_CIDR, "local-bgp-ip 169.254.11.1", false, "(V5)" },
	{ TUN_CIDR "local-bgp-ip 169.254.10.1\n",
	  "tunnel-cidr 169.254.12.0/30", false, "would fall outside" },

	/* V6: a customer gateway's ASN is fixed once set */
	{ "configure\ncustomer-gateway cg\n", "asn 45104", false, "(V6)" },
	{ "configure\ncustomer-gateway cg\n", "asn 65010", true, NULL },
	{ "configure\ncustomer-gateway cg\nasn 65010\n", "asn 65011", false,
	  "cannot be changed once set" },
	{ "configure\ncustomer-gateway cg\nasn 65010\n", "asn 65010", true,
	  NULL },
	{ "configure\ncustomer-gateway cg\nasn 65010\n", "no asn", false,
	  "(V6)" },

	/* V9: destination-based routes or BGP */
	{ CONN "route 192.168.0.0/16\n", "bgp", false, "not both (V9)" },
	{ CONN "bgp\n", "route 192.168.0.0/16", false, "(V9)" },

	/* references: what is in use is not deleted */
	{ "configure\nvpc v\nvpn-gateway gw\nvpc v\nexit\n", "no vpc v",
	  false, "vpc v is in use by vpn-gateway gw" },
	{ "configure\nvpc v\ntransit-router tr\nattach vpc v\nexit\n",
	  "no vpc v", false, "in use by transit-router tr" },
	{ "configure\ncustomer-gateway cg\nvpn-connection c\ntunnel 2\n"
	  "customer-gateway cg\nend\nconfigure\n", "no customer-gateway cg",
	  false, "in use by vpn-connection c tunnel 2" },
	{ ECR "ecr e1\nassociate vbr v1\nexit\n", "no vbr v1", false,
	  "vbr v1 is in use by ecr e1" },
	{ ECR "ecr e1\nassociate vbr v1\nexit\n", "no ecr e1", false,
	  "in use by vbr v1" },
	{ VBR "cpe c\nconnect vbr v1\nexit\n", "no vbr v1", false,
	  "in use by cpe c" },
	{ "configure\nvpn-gateway gw\nvpn-connection c\nvpn-gateway gw\n"
	  "exit\n", "no vpn-gateway gw", false, "in use by vpn-connection c" },
	{ "configure\ntransit-router tr\necr e\nassociate transit-router tr\n"
	  "exit\n", "no transit-router tr", false, "in use by ecr e" },
	{ "configure\nvpn-connection c\ntunnel 1\ncpe x\n"
	  "connect vpn-connection c tunnel 1\nexit\n", "no vpn-connection c",
	  false, "in use by cpe x" },
	{ "configure\nvpn-connection c\ntunnel 1\nexit\nexit\n",
	  "no vpn-connection c", true, NULL },
	{ "configure\nvpn-connection c\ntunnel 1\ncpe x\n", 
	  "connect vpn-connection c tunnel 2", false, "has no tunnel 2" },
	{ "configure\nvbr v1\ncpe a\nconnect vbr v1\ncpe b\n",
	  "connect vbr v1", false, "already ends at cpe a" },
	{ "configure\nvpn-gateway gw\n", "vpc nosuch", false,
	  "vpc nosuch does not exist" },
	{ "configure\nvpc v\n", "vswitch s 10.0.0.0/24", false,
	  "set its cidr before adding vSwitches" },
	{ "configure\nvpc v\ncidr 10.0.0.0/16\n", "vswitch s 10.1.0.0/24",
	  false, "must lie inside the VPC's cidr 10.0.0.0/16" },
	{ "configure\nvpc v\ncidr 10.0.0.0/16\nvswitch a 10.0.0.0/24\n",
	  "vswitch b 10.0.0.128/25", false, "would overlap vswitch a" },
	{ "configure\nvpc v\ncidr 10.0.0.0/16\nvswitch a 10.0.0.0/24\n",
	  "cidr 10.1.0.0/16", false, "vswitch a would fall outside" },
	{ "configure\nvpn-connection c\nvpn-gateway gw\n", NULL, false, NULL },
};

/* A setup line that must fail is written with a NULL line. */
Test(rules, table)
{
	const struct rule_case *c;
	struct lab l;
	char *before, *after, prompt[256];
	enum cmd_status st;
	size_t i;
	int bad;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		c = &cases[i];
		lab_open(&l);
		bad = lab_script(&l, c->setup);
		if (c->line == NULL) {
			cr_expect_neq(bad, 0, "case %zu: setup should fail", i);
			lab_close(&l);
			continue;
		}
		cr_expect_eq(bad, 0, "case %zu ('%s'): setup line %d failed: %s",
		    i, c->line, bad, l.err.s);
		if (bad != 0) {
			lab_close(&l);
			continue;
		}
		before = lab_config(&l);
		snprintf(prompt, sizeof(prompt), "%s", lab_prompt(&l));
		st = lab_run(&l, c->line);
		if (c->ok) {
			cr_expect_eq(st, CMD_OK, "case %zu: '%s' refused: %s", i,
			    c->line, l.err.s);
		} else {
			after = lab_config(&l);
			cr_expect_eq(st, CMD_FAILED, "case %zu: '%s' accepted",
			    i, c->line);
			cr_expect(strstr(l.err.s, c->error) != NULL,
			    "case %zu: '%s': error '%s' lacks '%s'", i, c->line,
			    l.err.s, c->error);
			cr_expect_str_eq(after, before, "case %zu: '%s' changed "
			    "the configuration", i, c->line);
			cr_expect_str_eq(lab_prompt(&l), prompt, "case %zu: '%s' "
			    "changed the mode", i, c->line);
			free(after);
		}
		free(before);
		lab_close(&l);
	}
}

/* Defaults SPEC names, as the running config and shows report them. */
Test(rules, defaults)
{
	struct lab l;
	char *cfg;

	lab_open(&l);
	cr_assert_eq(lab_script(&l, "configure\nvbr v1\nbgp-group g\nexit\n"
	    "bgp-peer 10.0.0.1\ngroup g\nend\n"), 0);
	cr_assert_eq(lab_run(&l, "show bgp groups json"), CMD_OK);
	cr_assert(strstr(l.out.s, "\"local_asn\":45104"));
	cr_assert(strstr(l.out.s, "\"route_limit\":110"));
	cr_assert(strstr(l.out.s, "\"address_family\":\"ipv4\""));
	cr_assert_eq(lab_run(&l, "show vbr v1 json"), CMD_OK);
	cr_assert(strstr(l.out.s, "\"mpbgp\":true"));
	cr_assert(strstr(l.out.s, "\"bfd_interval_ms\":1000"));
	cr_assert(strstr(l.out.s, "\"bfd_multiplier\":3"));
	cfg = lab_config(&l);
	/* defaults are not written out */
	cr_assert(!strstr(cfg, "local-asn") && !strstr(cfg, "route-limit") &&
	    !strstr(cfg, "bfd hops") && !strstr(cfg, "port"));
	free(cfg);
	/* a group made after the VBR joins an ECR takes the ECR's ASN (R2) */
	cr_assert_eq(lab_script(&l, "configure\necr e\nasn 65001\nvbr v2\n"
	    "ecr e\nassociate vbr v2\nvbr v2\nbgp-group g\nend\n"), 0);
	cr_assert_eq(lab_run(&l, "show bgp groups vbr v2 json"), CMD_OK);
	cr_assert(strstr(l.out.s, "\"local_asn\":65001"));
	/* and `no local-asn` goes back to it, not to 45104 */
	cr_assert_eq(lab_script(&l, "configure\nvbr v2\nbgp-group g\n"
	    "no local-asn\nend\n"), 0);
	cr_assert_eq(lab_run(&l, "show bgp groups vbr v2 json"), CMD_OK);
	cr_assert(strstr(l.out.s, "\"local_asn\":65001"));
	/* VPN defaults */
	cr_assert_eq(lab_script(&l, "configure\nvpn-gateway gw\n"
	    "vpn-connection c\ntunnel 1\nend\n"), 0);
	cfg = lab_config(&l);
	cr_assert(!strstr(cfg, "route-quota") && !strstr(cfg, "local-asn 4"));
	free(cfg);
	cr_assert_eq(lab_run(&l, "show vpn-connection c json"), CMD_OK);
	cr_assert(strstr(l.out.s, "\"local_asn\":45104"));
	lab_close(&l);
}

/* Auth keys never appear in shows; the running config keeps them. */
Test(rules, keys_are_not_shown)
{
	struct lab l;
	char *cfg;

	lab_open(&l);
	cr_assert_eq(lab_script(&l, "configure\nvbr v1\nbgp-group g\n"
	    "auth-key s3cret-k3y\ncpe c\nauth-key an0ther-k3y\nend\n"), 0);
	cr_assert_eq(lab_run(&l, "show bgp groups"), CMD_OK);
	cr_assert(!strstr(l.out.s, "s3cret"));
	cr_assert_eq(lab_run(&l, "show bgp groups json"), CMD_OK);
	cr_assert(!strstr(l.out.s, "s3cret"));
	cr_assert(strstr(l.out.s, "\"auth_key_set\":true"));
	cr_assert_eq(lab_run(&l, "show cpe json"), CMD_OK);
	cr_assert(!strstr(l.out.s, "an0ther"));
	cfg = lab_config(&l);
	cr_assert(strstr(cfg, "auth-key s3cret-k3y"));
	cr_assert(strstr(cfg, "auth-key an0ther-k3y"));
	free(cfg);
	lab_close(&l);
}

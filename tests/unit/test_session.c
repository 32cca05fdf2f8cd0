/*
 * Sessions over a real engine: modes, all-or-nothing changes, and the
 * running configuration that replays to itself.
 */
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lab.h"

/* Shorthands over lab.h, in the words these tests were written in. */
#define run(l, line)		lab_run((l), (line))
#define config_of(l)		lab_config(l)
#define prompt_now(l)		lab_prompt(l)
#define load_lines(l, text)	cr_assert_eq(lab_script((l), (text)), 0, \
	"script failed: %s", (l)->err.s)

static void
run_ok(struct lab *l, const char *line)
{
	enum cmd_status st = lab_run(l, line);

	cr_assert_eq(st, CMD_OK, "'%s' failed: %s", line, l->err.s);
}

Test(session, modes_and_prompts)
{
	struct lab l;

	lab_open(&l);
	cr_assert_str_eq(prompt_now(&l), "ecsh# ");
	run_ok(&l, "configure terminal");
	cr_assert_str_eq(prompt_now(&l), "ecsh(config)# ");
	run_ok(&l, "vbr v1");
	cr_assert_str_eq(prompt_now(&l), "ecsh(config-vbr)# ");
	run_ok(&l, "bgp-peer 10.0.0.2");
	cr_assert_str_eq(prompt_now(&l), "ecsh(config-bgp-peer)# ");
	/* a config command of an enclosing mode runs there and stays */
	run_ok(&l, "bgp-group g1");
	cr_assert_str_eq(prompt_now(&l), "ecsh(config-bgp-group)# ");
	run_ok(&l, "vbr v2");
	cr_assert_str_eq(prompt_now(&l), "ecsh(config-vbr)# ");
	/* show and do leave the mode alone */
	run_ok(&l, "show vbr v1");
	run_ok(&l, "do show version");
	cr_assert_str_eq(prompt_now(&l), "ecsh(config-vbr)# ");
	run_ok(&l, "exit");
	cr_assert_str_eq(prompt_now(&l), "ecsh(config)# ");
	run_ok(&l, "vpn-connection c1");
	run_ok(&l, "tunnel 2");
	cr_assert_str_eq(prompt_now(&l), "ecsh(config-vpn-tunnel)# ");
	run_ok(&l, "end");
	cr_assert_str_eq(prompt_now(&l), "ecsh# ");
	run_ok(&l, "configure");
	run_ok(&l, "hostname lab1");
	cr_assert_str_eq(prompt_now(&l), "lab1(config)# ");
	run_ok(&l, "no hostname");
	cr_assert_str_eq(prompt_now(&l), "ecsh(config)# ");
	run_ok(&l, "end");
	cr_assert_eq(run(&l, "exit"), CMD_EXIT);
	lab_close(&l);
}

/* A refused command changes nothing, and the mode stays where it was. */
Test(session, refusals_change_nothing)
{
	static const char *const refused[] = {
		"vlan 3000",
		"bfd interval 100 multiplier 3",
		"bfd interval 300 multiplier 11",
		"peering-subnet-mask 255.0.255.0",
		"bgp-peer 10.0.0.999",
		"description",
		"no bgp-peer 10.9.9.9",
		"vbr 9bad",
		"peer-asn 65001",		/* not in this mode, nor above */
		"frobnicate",
	};
	struct lab l;
	char *before, *after;
	size_t i;

	lab_open(&l);
	run_ok(&l, "configure");
	run_ok(&l, "vbr v1");
	run_ok(&l, "vlan 10");
	run_ok(&l, "bfd interval 300 multiplier 4");
	before = config_of(&l);
	for (i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		cr_expect_eq(run(&l, refused[i]), CMD_FAILED, "'%s' was taken",
		    refused[i]);
		cr_expect(strncmp(l.err.s, "t:1: % ", 7) == 0,
		    "'%s': error '%s' lacks the origin", refused[i],
		    l.err.s);
		after = config_of(&l);
		cr_expect_str_eq(after, before, "'%s' changed the config",
		    refused[i]);
		free(after);
		cr_expect_str_eq(prompt_now(&l), "ecsh(config-vbr)# ");
	}
	free(before);
	/* the errors say what is wrong */
	run(&l, "peering-subnet-mask 255.0.255.0");
	cr_assert(strstr(l.err.s, "vbr v1: 255.0.255.0 is not a netmask"));
	run(&l, "no bgp-peer 10.9.9.9");
	cr_assert(strstr(l.err.s, "bgp-peer 10.9.9.9 does not exist"));
	lab_close(&l);
}

Test(session, settings_and_negation)
{
	struct lab l;
	char *cfg;

	lab_open(&l);
	run_ok(&l, "configure");
	run_ok(&l, "vbr v1");
	run_ok(&l, "description first link");
	run_ok(&l, "vlan 42");
	run_ok(&l, "no mpbgp");
	run_ok(&l, "ipv6");
	cfg = config_of(&l);
	cr_assert(strstr(cfg, " description first link\n"));
	cr_assert(strstr(cfg, " vlan 42\n"));
	cr_assert(strstr(cfg, " no mpbgp\n"));
	cr_assert(strstr(cfg, " ipv6\n"));
	free(cfg);
	run_ok(&l, "no vlan");
	run_ok(&l, "no description");
	run_ok(&l, "mpbgp");
	run_ok(&l, "no ipv6");
	cfg = config_of(&l);
	cr_assert_str_eq(cfg, "! ecsh running configuration\nconfigure\n!\n"
	    "vbr v1\n exit\nend\n");
	free(cfg);
	/* deleting an object deletes what is inside it */
	run_ok(&l, "bgp-group g");
	run_ok(&l, "end");
	run_ok(&l, "configure");
	run_ok(&l, "no vbr v1");
	cfg = config_of(&l);
	cr_assert_str_eq(cfg, "! ecsh running configuration\nconfigure\n"
	    "end\n");
	free(cfg);
	lab_close(&l);
}

Test(session, running_config_round_trips)
{
	struct lab a, b;
	char *first, *second;

	lab_open(&a);
	load_lines(&a, "configure\nhostname edge-1\n"
	    "vbr vbr2\n vlan 200\n"
	    "vbr vbr1\n description to DC one | primary\n vlan 100\n"
	    " local-gateway-ip 10.0.0.1\n peer-gateway-ip 10.0.0.2\n"
	    " peering-subnet-mask 255.255.255.252\n ipv6\n no mpbgp\n"
	    " bfd interval 200 multiplier 3\n"
	    " bgp-peer 10.0.0.2\n bgp-peer 2001:db8::2\n bgp-peer 10.0.0.10\n"
	    " bgp-group g2\n bgp-group g1\n"
	    "ecr ecr1\nvpc vpc1\ntransit-router tr1\nvpn-gateway gw1\n"
	    "customer-gateway cgw1\nvpn-connection c1\n tunnel 2\n tunnel 1\n"
	    "cpe dc1\nend\n");
	first = config_of(&a);
	lab_open(&b);
	load_lines(&b, first);
	second = config_of(&b);
	cr_assert_str_eq(second, first);
	/* the order replays: groups before peers, peers by address */
	cr_assert(strstr(first, " bgp-group g1\n  exit\n bgp-group g2\n"));
	cr_assert(strstr(first, " bgp-peer 10.0.0.2\n  exit\n bgp-peer "
	    "10.0.0.10\n  exit\n bgp-peer 2001:db8::2\n"));
	cr_assert(strstr(first, "vpc vpc1") < strstr(first, "vbr vbr1"));
	cr_assert(strstr(first, "vbr vbr2") < strstr(first, "ecr ecr1"));
	cr_assert(strstr(first, "tunnel 1") < strstr(first, "tunnel 2"));
	free(first);
	free(second);
	lab_close(&a);
	lab_close(&b);
}

static size_t
entries_in(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *de;
	size_t n = 0;

	cr_assert_not_null(d);
	while ((de = readdir(d)) != NULL)
		if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

Test(session, write_is_atomic_and_private)
{
	char dir[] = "/tmp/ecsh-test-XXXXXX", path[256], cmd[300];
	struct lab l;
	struct stat st;
	FILE *f;
	char buf[512];
	size_t n;

	cr_assert_not_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/lab.ecsh", dir);
	f = fopen(path, "w");
	fputs("old contents\n", f);
	fclose(f);
	chmod(path, 0644);
	lab_open(&l);
	load_lines(&l, "configure\nvbr v1\nend\n");
	snprintf(cmd, sizeof(cmd), "write %s", path);
	run_ok(&l, cmd);
	cr_assert_eq(stat(path, &st), 0);
	cr_assert_eq(st.st_mode & 0777, 0600);
	f = fopen(path, "r");
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	cr_assert(strstr(buf, "vbr v1\n"));
	/* a write that cannot happen changes no file and leaves no
	 * temporary one behind */
	snprintf(cmd, sizeof(cmd), "write %s/missing/dir/x", dir);
	cr_assert_eq(run(&l, cmd), CMD_FAILED);
	cr_assert(strstr(l.err.s, "create temporary file"));
	f = fopen(path, "r");
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	cr_assert(strstr(buf, "vbr v1\n"), "the written file is as it was");
	cr_assert_eq(entries_in(dir), 1, "only the written file is there");
	/* a rename that fails (onto a directory) leaves no temporary */
	snprintf(cmd, sizeof(cmd), "%s/adir", dir);
	cr_assert_eq(mkdir(cmd, 0700), 0);
	snprintf(cmd, sizeof(cmd), "write %s/adir", dir);
	cr_assert_eq(run(&l, cmd), CMD_FAILED);
	cr_assert_eq(entries_in(dir), 2, "the file and the directory, no "
	    "temporary");
	snprintf(cmd, sizeof(cmd), "%s/adir", dir);
	rmdir(cmd);
	unlink(path);
	rmdir(dir);
	lab_close(&l);
}

Test(session, filters_and_json)
{
	struct lab l;

	lab_open(&l);
	load_lines(&l, "configure\nvbr alpha\nvbr beta\nvbr gamma\nend\n");
	run_ok(&l, "show vbr | include ^(alpha|gamma) ");
	cr_assert(strstr(l.out.s, "alpha") && strstr(l.out.s, "gamma"));
	cr_assert(!strstr(l.out.s, "beta") && !strstr(l.out.s, "Name"));
	run_ok(&l, "show vbr | exclude a");
	cr_assert_str_eq(l.out.s, "");
	run_ok(&l, "show vbr | begin ^beta");
	cr_assert(strncmp(l.out.s, "beta", 4) == 0);
	run_ok(&l, "show vbr | count");
	cr_assert_str_eq(l.out.s, "Count: 4 lines\n");
	/* chained, left to right */
	run_ok(&l, "show vbr | include a | exclude ^gam | count");
	cr_assert_str_eq(l.out.s, "Count: 3 lines\n");
	run_ok(&l, "show vbr | include ^(beta|gamma) | exclude gam");
	cr_assert(strncmp(l.out.s, "beta ", 5) == 0 &&
	    !strstr(l.out.s, "gamma"), "%s", l.out.s);
	/* a section: each matching line with the lines indented under it */
	run_ok(&l, "show running-config | section ^vbr (alpha|gamma)");
	cr_assert_str_eq(l.out.s, "vbr alpha\n exit\nvbr gamma\n exit\n");
	run_ok(&l, "show running-config | section ^vbr beta | count");
	cr_assert_str_eq(l.out.s, "Count: 2 lines\n");
	run_ok(&l, "show vbr beta json");
	cr_assert(strncmp(l.out.s, "{\"vbrs\":[{\"name\":\"beta\",", 24)
	    == 0);
	cr_assert_eq(run(&l, "show vbr | include ("), CMD_FAILED);
	cr_assert(strstr(l.err.s, "bad regular expression"));
	cr_assert_eq(run(&l, "show vbr nosuch"), CMD_FAILED);
	lab_close(&l);
}

static void
done(void *arg, enum cmd_status st)
{
	*(enum cmd_status *)arg = st;
}

Test(session, sleep_and_load_are_pending)
{
	char path[] = "/tmp/ecsh-load-XXXXXX";
	enum cmd_status st = CMD_PENDING;
	struct lab l;
	char cmd[64], *cfg;
	int fd;

	lab_open(&l);
	cr_assert_eq(session_run(l.s, "sleep 30", NULL, 0, done, &st),
	    CMD_PENDING);
	cr_assert(session_busy(l.s));
	while (st == CMD_PENDING)
		evloop_run_once(l.shell.loop, 0);
	cr_assert_eq(st, CMD_OK);
	cr_assert_eq(clock_now_ns(&l.shell.clock), 30 * NS_PER_SEC);

	/* Ctrl-C ends a sleep with a failure */
	st = CMD_PENDING;
	session_run(l.s, "sleep 30", NULL, 0, done, &st);
	session_cancel(l.s);
	cr_assert_eq(st, CMD_FAILED);
	cr_assert(strstr(l.err.s, "Interrupted"));

	/* load runs a script from exec mode, then restores the mode */
	fd = mkstemp(path);
	cr_assert_geq(fd, 0);
	cr_assert_gt(write(fd, "configure\nvbr from-file\n vlan 7\n", 32), 0);
	close(fd);
	run_ok(&l, "configure");
	snprintf(cmd, sizeof(cmd), "do load %s", path);
	st = CMD_PENDING;
	cr_assert_eq(session_run(l.s, cmd, NULL, 0, done, &st), CMD_PENDING);
	while (st == CMD_PENDING)
		evloop_run_once(l.shell.loop, 0);
	cr_assert_eq(st, CMD_OK);
	cr_assert_str_eq(prompt_now(&l), "ecsh(config)# ");
	cfg = config_of(&l);
	cr_assert(strstr(cfg, "vbr from-file\n vlan 7\n"));
	free(cfg);
	unlink(path);
	lab_close(&l);
}

/* Every setting of every kind, away from its default, survives a replay. */
Test(session, every_setting_round_trips)
{
	static const char everything[] =
	    "configure\nhostname full\n"
	    "vpc vpc1\n cidr 10.0.0.0/8\n vswitch a 10.1.0.0/16\n"
	    " vswitch b 10.2.0.0/16\n"
	    "transit-router tr1\n attach vpc vpc1\n route-sync\n"
	    "vbr plain\n description static routing only\n vlan 0\n"
	    " local-gateway-ip 10.9.0.1\n peer-gateway-ip 10.9.0.2\n"
	    " peering-subnet-mask 255.255.255.252\n ipv6\n no mpbgp\n"
	    " bfd interval 500 multiplier 7\n advertise 172.16.0.0/12\n"
	    " advertise 2001:db8:1::/48\n route 192.168.0.0/16 next-hop 10.9.0.2\n"
	    " route 2001:db8:2::/48 next-hop 2001:db8::2\n"
	    " bgp-group six\n  address-family ipv6\n  peer-asn 65000\n"
	    "  auth-key k1\n  route-limit 50\n  hold-time 90\n  keepalive 30\n"
	    "  description v6 peers\n"
	    " bgp-peer 2001:db8::2\n  group six\n  bfd\n  bfd hops 1\n"
	    "  shutdown\n  port 1179\n"
	    "vbr joined\n bgp-group g\n  local-asn 64600\n  peer-asn 1.10\n"
	    "ecr ecr1\n asn 64600\n description the ECR\n associate vbr joined\n"
	    " associate transit-router tr1\n"
	    "vpn-gateway gw1\n vpc vpc1\n auto-route-advertise\n route-quota 120\n"
	    "customer-gateway cg1\n ip-address 203.0.113.1\n asn 65010\n"
	    "vpn-connection static1\n transit-router tr1\n route 192.168.5.0/24\n"
	    "vpn-connection bgp1\n vpn-gateway gw1\n"
	    " tunnel 1\n  customer-gateway cg1\n  local-asn 65100\n"
	    "  tunnel-cidr 169.254.10.0/30\n  local-bgp-ip 169.254.10.1\n"
	    "  shutdown\n"
	    " tunnel 2\n  local-asn 65100\n  tunnel-cidr 169.254.20.0/30\n"
	    " bgp\n"
	    "cpe c1\n asn 65010\n address 169.254.10.2\n peer-asn 65100\n"
	    " auth-key k2\n network 192.168.10.0/24 as-path 65020 65030\n"
	    " network 192.168.20.0/24\n bfd interval 50 multiplier 4\n"
	    " connect vpn-connection bgp1 tunnel 1\n shutdown\n link down\n"
	    "cpe c2\n bfd\n connect vbr plain\n"
	    "end\n";
	static const char *const must_have[] = {
		"hostname full", " vswitch b 10.2.0.0/16", " route-sync",
		" vlan 0", " no mpbgp", " bfd interval 500 multiplier 7",
		" advertise 2001:db8:1::/48",
		" route 192.168.0.0/16 next-hop 10.9.0.2",
		"  address-family ipv6", "  auth-key k1", "  route-limit 50",
		"  hold-time 90", "  keepalive 30", "  bfd hops 1", "  port 1179",
		"  local-asn 64600", "  peer-asn 65546", " associate vbr joined",
		" associate transit-router tr1", " route-quota 120",
		" asn 65010", " transit-router tr1", " route 192.168.5.0/24",
		"  tunnel-cidr 169.254.10.0/30", "  local-bgp-ip 169.254.10.1",
		" bgp\n", " network 192.168.10.0/24 as-path 65020 65030",
		" bfd interval 50 multiplier 4",
		" connect vpn-connection bgp1 tunnel 1", " link down",
		" connect vbr plain",
	};
	struct lab a, b;
	char *first, *second;
	size_t i;

	lab_open(&a);
	load_lines(&a, everything);
	first = config_of(&a);
	for (i = 0; i < sizeof(must_have) / sizeof(must_have[0]); i++)
		cr_expect(strstr(first, must_have[i]) != NULL,
		    "running-config lacks '%s'", must_have[i]);
	lab_open(&b);
	load_lines(&b, first);
	second = config_of(&b);
	cr_assert_str_eq(second, first);
	free(first);
	free(second);
	lab_close(&a);
	lab_close(&b);
}

/*
 * SPEC 2, Indentation: FRR's style (exit under its block's first line),
 * ecsh's running-config style (exit one deeper) and no indentation at
 * all build the same configuration.
 */
Test(session, three_indentation_styles_agree)
{
	static const char frr[] =
	    "configure\n"
	    "vbr v1\n"
	    " vlan 10\n"
	    " bgp-group g\n"
	    "  peer-asn 65001\n"
	    " exit\n"
	    " bgp-peer 10.0.0.2\n"
	    "  group g\n"
	    " exit\n"
	    " advertise 10.1.0.0/16\n"
	    "exit\n"
	    "vpc vpc1\n"
	    " cidr 172.16.0.0/12\n"
	    "exit\n"
	    "end\n";
	static const char ecsh[] =
	    "configure\n"
	    "vbr v1\n"
	    " vlan 10\n"
	    " bgp-group g\n"
	    "  peer-asn 65001\n"
	    "  exit\n"
	    " bgp-peer 10.0.0.2\n"
	    "  group g\n"
	    "  exit\n"
	    " advertise 10.1.0.0/16\n"
	    " exit\n"
	    "vpc vpc1\n"
	    " cidr 172.16.0.0/12\n"
	    " exit\n"
	    "end\n";
	static const char flat[] =
	    "configure\n"
	    "vbr v1\n"
	    "vlan 10\n"
	    "bgp-group g\n"
	    "peer-asn 65001\n"
	    "exit\n"
	    "bgp-peer 10.0.0.2\n"
	    "group g\n"
	    "exit\n"
	    "advertise 10.1.0.0/16\n"
	    "exit\n"
	    "vpc vpc1\n"
	    "cidr 172.16.0.0/12\n"
	    "end\n";
	/* indentation alone closes the blocks */
	static const char bare[] =
	    "configure\n"
	    "vbr v1\n"
	    "  vlan 10\n"
	    "  bgp-group g\n"
	    "    peer-asn 65001\n"
	    "  bgp-peer 10.0.0.2\n"
	    "    group g\n"
	    "  advertise 10.1.0.0/16\n"
	    "vpc vpc1\n"
	    "\tcidr 172.16.0.0/12\n"
	    "end\n";
	const char *scripts[] = { frr, ecsh, flat, bare };
	char *want = NULL, *got;
	struct lab l;
	size_t i;

	for (i = 0; i < 4; i++) {
		lab_open(&l);
		load_lines(&l, scripts[i]);
		cr_assert_str_eq(prompt_now(&l), "ecsh# ", "style %zu", i);
		got = config_of(&l);
		if (want == NULL)
			want = got;
		else
			cr_assert_str_eq(got, want, "style %zu differs", i);
		if (got != want)
			free(got);
		lab_close(&l);
	}
	cr_assert(strstr(want, " advertise 10.1.0.0/16\n"), "%s", want);
	cr_assert(strstr(want, "vpc vpc1\n cidr 172.16.0.0/12\n"), "%s", want);
	free(want);
}

/* A line at the column of an indented block's first line leaves it. */
Test(session, column_zero_leaves_an_indented_block)
{
	struct lab l;
	char *cfg;

	lab_open(&l);
	load_lines(&l, "configure\n"
	    "vpc vpc1\n"
	    " cidr 10.0.0.0/16\n"
	    "vpn-gateway gw1\n"
	    " vpc vpc1\n"
	    " auto-route-advertise\n"
	    "vpc vpc2\n"		/* the config command, not the setting */
	    " cidr 10.1.0.0/16\n");
	cr_assert_str_eq(prompt_now(&l), "ecsh(config-vpc)# ");
	cfg = config_of(&l);
	cr_assert(strstr(cfg, "vpc vpc2\n cidr 10.1.0.0/16\n"), "%s", cfg);
	cr_assert(strstr(cfg, "vpn-gateway gw1\n vpc vpc1\n"), "%s", cfg);
	free(cfg);
	/* a flat block inside an indented one leaves with it */
	cr_assert_eq(lab_script(&l, "configure\n"
	    "vbr v1\n"
	    " bgp-peer 10.0.0.1\n"
	    " bfd\n"			/* the peer's body: flat */
	    "description not the vbr's\n"), 5);
	cr_assert_str_eq(l.err.s, "t:1: % Invalid input detected at '^' "
	    "marker.\n  description not the vbr's\n  ^\n", "%s", l.err.s);
	cfg = config_of(&l);
	cr_assert(strstr(cfg, "not the vbr's") == NULL, "%s", cfg);
	cr_assert(strstr(cfg, "bgp-peer 10.0.0.1\n  bfd\n"), "%s", cfg);
	free(cfg);
	/* a body that is not indented keeps the IOS rule */
	load_lines(&l, "configure\n"
	    "vpn-gateway gw1\n"
	    "vpc vpc2\n");
	cr_assert_str_eq(prompt_now(&l), "ecsh(config-vpn-gateway)# ");
	cfg = config_of(&l);
	cr_assert(strstr(cfg, "vpn-gateway gw1\n vpc vpc2\n"), "%s", cfg);
	free(cfg);
	lab_close(&l);
}

/*
 * A failed line's block is skipped, each line reported: nothing lands
 * on the object of the previous mode (the VBR before, peer 8).
 */
Test(session, a_failed_block_is_skipped)
{
	static const char *const lines[] = {
		"configure",
		"vbr vbr1",
		" vlan 100",
		"vbr 2nd-vbr",			/* a bad name */
		" vlan 200",
		" local-gateway-ip 10.0.0.1",
		"vbr vbr2",
		" bgp-group g",
		"  peer-asn 65001",
		" bgp-peer 10.0.0.1",
		" bgp-peer 10.0.0.2",
		" bgp-peer 10.0.0.3",
		" bgp-peer 10.0.0.4",
		" bgp-peer 10.0.0.5",
		" bgp-peer 10.0.0.6",
		" bgp-peer 10.0.0.7",
		" bgp-peer 10.0.0.8",
		" bgp-peer 10.0.0.9",		/* R1: the 9th */
		"  group g",
		"  shutdown",
		" vlan 300",
		"end",
	};
	static const enum cmd_status want[] = {
		CMD_OK, CMD_OK, CMD_OK, CMD_FAILED, CMD_FAILED, CMD_FAILED,
		CMD_OK, CMD_OK, CMD_OK, CMD_OK, CMD_OK, CMD_OK, CMD_OK, CMD_OK,
		CMD_OK, CMD_OK, CMD_OK, CMD_FAILED, CMD_FAILED, CMD_FAILED,
		CMD_OK, CMD_OK,
	};
	struct lab l;
	char *cfg;
	size_t i;

	lab_open(&l);
	for (i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		cr_assert_eq(run(&l, lines[i]), want[i], "'%s': %s", lines[i],
		    l.err.s);
		if (i == 4 || i == 5 || i == 18 || i == 19)
			cr_assert_str_eq(l.err.s, "t:1: % skipped: the line "
			    "that opens this block failed\n");
	}
	cfg = config_of(&l);
	cr_assert(strstr(cfg, "vbr vbr1\n vlan 100\n exit\n"), "%s", cfg);
	cr_assert(strstr(cfg, "shutdown") == NULL, "%s", cfg);
	cr_assert(strstr(cfg, " vlan 300\n"), "%s", cfg);
	free(cfg);
	lab_close(&l);
}

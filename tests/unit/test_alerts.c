/*
 * alerts: the webhook URL's decoder, and the rules at work on events put
 * straight into the engine's log: the event and resource a rule listens
 * for, its keywords, its mute on the virtual clock, one notification per
 * target, and a log line that is the document.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../core/alerts/alerts.h"
#include "../../core/base/http_url.h"
#include "../../core/cloud/engine_impl.h"
#include "lab.h"

static bool
url_ok(const char *text)
{
	struct http_url u;
	char why[256];

	return http_url_decode(text, &u, why, sizeof(why)) == 0;
}

static const char *
url_why(const char *text)
{
	static char why[256];
	struct http_url u;

	why[0] = '\0';
	cr_assert_eq(http_url_decode(text, &u, why, sizeof(why)), -1,
	    "%s was taken", text);
	return why;
}

Test(http_url, what_a_callback_may_be)
{
	struct http_url u;
	char why[256];

	cr_assert(url_ok("http://127.0.0.1/"));
	cr_assert(url_ok("http://127.0.0.1:8080/alerts?from=ecsh&x=%2F"));
	cr_assert(url_ok("HTTP://localhost:1/a/b"));
	cr_assert(url_ok("http://[::1]:9000/hook"));
	cr_assert_eq(http_url_decode("http://[2001:db8::1]:81/p", &u, why,
	    sizeof(why)), 0);
	cr_assert_str_eq(u.host, "[2001:db8::1]");
	cr_assert_eq(u.port, 81);
	cr_assert_str_eq(u.path, "/p");
}

Test(http_url, what_it_may_not_and_why)
{
	cr_assert(strstr(url_why("https://127.0.0.1/"), "HTTP only"));
	cr_assert(strstr(url_why("ftp://127.0.0.1/"), "starts http://"));
	cr_assert(strstr(url_why("http://127.0.0.1"), "no path"));
	cr_assert(strstr(url_why("http://127.0.0.1:0/"), "1-65535"));
	cr_assert(strstr(url_why("http://127.0.0.1:65536/"), "1-65535"));
	cr_assert(strstr(url_why("http://127.0.0.1:8x/"), "number"));
	cr_assert(strstr(url_why("http://127.0.0.1:/"), "no port"));
	cr_assert(strstr(url_why("http://example.com/"), "not an address"));
	cr_assert(strstr(url_why("http://300.1.1.1/"), "not an address"));
	cr_assert(strstr(url_why("http://u:p@127.0.0.1/"), "user name"));
	cr_assert(strstr(url_why("http://[::1/"), "closing"));
	cr_assert(strstr(url_why("http://[1.2.3.4]/"), "IPv6"));
	cr_assert(strstr(url_why("http:///x"), "no host"));
	cr_assert(strstr(url_why("http://127.0.0.1/a b"), "byte 19"));
	cr_assert(strstr(url_why("http://127.0.0.1/a#top"), "fragment"));
}

/* A lab with rules from text, and a log file each rule may write to. */
struct alert_lab {
	struct lab	 lab;
	char		 log[64];
};

static void
open_lab(struct alert_lab *a, const char *rules)
{
	char *script;
	int fd;

	snprintf(a->log, sizeof(a->log), "/tmp/ecsh-alerts-XXXXXX");
	cr_assert_neq(fd = mkstemp(a->log), -1);
	close(fd);
	lab_open(&a->lab);
	cr_assert_neq(asprintf(&script, rules, a->log, a->log), -1);
	cr_assert_eq(lab_script(&a->lab, script), 0, "%s", a->lab.err.s);
	free(script);
}

static void
close_lab(struct alert_lab *a)
{
	lab_close(&a->lab);
	unlink(a->log);
}

static void
raise_event(struct alert_lab *a, enum event_kind kind, const char *resource,
    const char *detail)
{
	struct engine *e = a->lab.shell.engine;

	event_log_add(e->events, clock_wall_ns(&a->lab.shell.clock), kind,
	    resource, "%s", detail);
	/* the loop delivers (a log line is one turn) */
	cr_assert_eq(lab_run(&a->lab, "wait alerts timeout 5"), CMD_OK);
}

static size_t
records(struct alert_lab *a)
{
	size_t n = 0;

	while (alerts_get(a->lab.shell.engine, n) != NULL)
		n++;
	return n;
}

static const struct alert_record *
last(struct alert_lab *a)
{
	return alerts_get(a->lab.shell.engine, records(a) - 1);
}

static size_t
log_lines(struct alert_lab *a)
{
	FILE *f = fopen(a->log, "r");
	size_t n = 0;
	int c;

	cr_assert_not_null(f);
	while ((c = getc(f)) != EOF)
		n += c == '\n';
	fclose(f);
	return n;
}

Test(alerts, a_rule_hears_its_events_in_its_scope_only)
{
	struct alert_lab a;

	open_lab(&a, "configure\nalert-rule down\n event BGPPeerStatus:Down\n"
	    " resource vbr vbr1\n notify log %s\nend\n");
	raise_event(&a, EVK_BGP_PEER_UP, "vbr vbr1 peer 10.0.0.1", "");
	raise_event(&a, EVK_BGP_PEER_DOWN, "vbr vbr2 peer 10.0.0.1", "");
	raise_event(&a, EVK_BGP_PEER_DOWN, "vbr vbr10 peer 10.0.0.1", "");
	cr_assert_eq(records(&a), 0);
	raise_event(&a, EVK_BGP_PEER_DOWN, "vbr vbr1 peer 10.0.0.1",
	    "Established -> Idle: hold timer expired");
	cr_assert_eq(records(&a), 1);
	cr_assert_eq(last(&a)->state, ALERT_SENT);
	cr_assert_str_eq(last(&a)->result, "sent 1 line");
	cr_assert_eq(log_lines(&a), 1);
	close_lab(&a);
}

Test(alerts, keywords_any_and_none)
{
	struct alert_lab a;

	open_lab(&a, "configure\nalert-rule any\n event BGPPeerStatus:Down\n"
	    " keywords any HOLD notification\n notify log %s\n"
	    "alert-rule none\n event BGPPeerStatus:Down\n"
	    " keywords none hold\n notify log %s\nend\n");
	raise_event(&a, EVK_BGP_PEER_DOWN, "vbr v peer 10.0.0.1",
	    "Established -> Idle: Hold Timer Expired");
	/* any: case is ignored, so sent; none: filtered */
	cr_assert_eq(records(&a), 2);
	cr_assert_str_eq(alerts_get(a.lab.shell.engine, 0)->rule, "any");
	cr_assert_eq(alerts_get(a.lab.shell.engine, 0)->state, ALERT_SENT);
	cr_assert_eq(alerts_get(a.lab.shell.engine, 1)->state,
	    ALERT_FILTERED);
	raise_event(&a, EVK_BGP_PEER_DOWN, "vbr v peer 10.0.0.1",
	    "Established -> Idle: connection closed");
	cr_assert_eq(alerts_get(a.lab.shell.engine, 2)->state,
	    ALERT_FILTERED);
	cr_assert_eq(alerts_get(a.lab.shell.engine, 3)->state, ALERT_SENT);
	cr_assert_eq(log_lines(&a), 2);
	close_lab(&a);
}

Test(alerts, mute_per_rule_and_resource_on_the_engine_clock)
{
	struct alert_lab a;
	struct clock *c;

	open_lab(&a, "configure\nalert-rule m\n event BfdSessionStatus:Down\n"
	    " mute 60\n notify log %s\nend\n");
	c = &a.lab.shell.clock;
	raise_event(&a, EVK_BFD_DOWN, "vbr v peer 10.0.0.1", "");
	raise_event(&a, EVK_BFD_DOWN, "vbr v peer 10.0.0.1", "");
	cr_assert_eq(last(&a)->state, ALERT_MUTED);
	/* another resource is not muted by the first */
	raise_event(&a, EVK_BFD_DOWN, "vbr v peer 10.0.0.2", "");
	cr_assert_eq(last(&a)->state, ALERT_SENT);
	clock_advance_to(c, clock_now_ns(c) + 59ull * NS_PER_SEC);
	raise_event(&a, EVK_BFD_DOWN, "vbr v peer 10.0.0.1", "");
	cr_assert_eq(last(&a)->state, ALERT_MUTED);
	clock_advance_to(c, clock_now_ns(c) + 2ull * NS_PER_SEC);
	raise_event(&a, EVK_BFD_DOWN, "vbr v peer 10.0.0.1", "");
	cr_assert_eq(last(&a)->state, ALERT_SENT);
	cr_assert_eq(log_lines(&a), 3);
	close_lab(&a);
}

Test(alerts, the_document_is_one_json_line)
{
	struct alert_lab a;
	char line[1024];
	FILE *f;

	open_lab(&a, "configure\nhostname edge1\nalert-rule r\n"
	    " event BgpPeerReceiveRoutes:Exceed\n level critical\n"
	    " notify log %s\n notify log %s\nend\n");
	raise_event(&a, EVK_ROUTES_EXCEED, "vbr v peer 10.0.0.1",
	    "the peer said \"too many\"");
	/* the same target twice is one target */
	cr_assert_eq(records(&a), 1);
	cr_assert_not_null(f = fopen(a.log, "r"));
	cr_assert_not_null(fgets(line, sizeof(line), f));
	fclose(f);
	cr_assert_str_eq(line, "{\"rule\":\"r\",\"level\":\"critical\","
	    "\"event\":{\"time\":\"2026-01-01T00:00:00.000Z\","
	    "\"name\":\"BgpPeerReceiveRoutes:Exceed\","
	    "\"resource\":\"vbr v peer 10.0.0.1\","
	    "\"detail\":\"the peer said \\\"too many\\\"\"},"
	    "\"engine\":\"edge1\"}\n");
	close_lab(&a);
}

Test(alerts, a_command_that_cannot_run_and_one_that_fails)
{
	struct alert_lab a;

	open_lab(&a, "configure\nalert-rule c\n event FailureDrill:Start\n"
	    " notify command /nonexistent/notify\n notify command /bin/false\n"
	    " notify command /bin/cat\nend\n%.0s%.0s");
	raise_event(&a, EVK_DRILL_START, "vbr v", "cut");
	cr_assert_eq(records(&a), 3);
	cr_assert_eq(alerts_get(a.lab.shell.engine, 0)->state, ALERT_FAILED);
	cr_assert(strstr(alerts_get(a.lab.shell.engine, 0)->result,
	    "No such file") != NULL, "%s",
	    alerts_get(a.lab.shell.engine, 0)->result);
	cr_assert_str_eq(alerts_get(a.lab.shell.engine, 1)->result,
	    "failed: exit 1");
	cr_assert_str_eq(alerts_get(a.lab.shell.engine, 2)->result,
	    "sent exit 0");
	close_lab(&a);
}

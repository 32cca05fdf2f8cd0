/*
 * Commits: the line diff that shows them, and what a commit does to the
 * running store and its sessions (SPEC 7).  The transcripts in
 * tests/batch (sessions, atomic, commits) show the commands; these hold
 * the properties under them.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../core/base/line_diff.h"
#include "../../core/cloud/commits.h"
#include "../../core/sessions/bgp_speakers.h"
#include "lab.h"

static char *
block_of(size_t n, size_t changed_at, const char *changed)
{
	size_t cap = n * 32 + 64, len = 0, i;
	char *t = malloc(cap);

	len += (size_t)snprintf(t + len, cap - len, "vbr big\n");
	for (i = 0; i < n; i++)
		len += (size_t)snprintf(t + len, cap - len, " advertise "
		    "10.%zu.%zu.0/24\n", i / 256, i % 256);
	if (changed != NULL)
		len += (size_t)snprintf(t + len, cap - len, "%s\n", changed);
	(void)changed_at;
	snprintf(t + len, cap - len, " exit\n");
	return t;
}

Test(line_diff, equal_texts_have_no_diff)
{
	struct line_diff d;

	cr_assert_eq(line_diff("a\n b\n", "a\n b\n", &d), 0);
	cr_assert_null(d.text);
	cr_assert_eq(d.added + d.removed, 0);
}

Test(line_diff, a_change_keeps_the_lines_that_open_its_blocks)
{
	const char *old = "vbr v1\n vlan 5\n bgp-group dc\n  peer-asn 1\n"
	    "  hold-time 30\n exit\nvbr v2\n exit\n";
	const char *new = "vbr v1\n vlan 5\n bgp-group dc\n  peer-asn 2\n"
	    "  hold-time 30\n exit\nvbr v2\n exit\n";
	struct line_diff d;

	cr_assert_eq(line_diff(old, new, &d), 0);
	cr_assert_str_eq(d.text, " vbr v1\n  bgp-group dc\n-  peer-asn 1\n"
	    "+  peer-asn 2\n");
	cr_assert_eq(d.added, 1);
	cr_assert_eq(d.removed, 1);
	line_diff_free(&d);
}

Test(line_diff, an_object_made_is_all_added)
{
	struct line_diff d;

	cr_assert_eq(line_diff("", "vbr v1\n vlan 5\n exit\n", &d), 0);
	cr_assert_str_eq(d.text, "+vbr v1\n+ vlan 5\n+ exit\n");
	line_diff_free(&d);
	cr_assert_eq(line_diff("vbr v1\n exit\n", "", &d), 0);
	cr_assert_str_eq(d.text, "-vbr v1\n- exit\n");
	line_diff_free(&d);
}

/* 200k lines, one added: the common head and tail are set aside, so the
 * diff is the line and its block's opening line, not a table of 4e10. */
Test(line_diff, one_line_in_a_long_block)
{
	char *old = block_of(200000, 0, NULL);
	char *new = block_of(200000, 0, " description one more line");
	struct line_diff d;

	cr_assert_eq(line_diff(old, new, &d), 0);
	cr_assert_str_eq(d.text, " vbr big\n+ description one more line\n");
	line_diff_free(&d);
	free(old);
	free(new);
}

/* Both sides long and different throughout: too big for the table, said
 * as removed then added, which is still a diff of the two. */
Test(line_diff, a_middle_too_big_is_removed_then_added)
{
	char *old = block_of(5000, 0, NULL), *new = malloc(strlen(old) + 1);
	struct line_diff d;
	size_t i;

	for (i = 0; old[i] != '\0'; i++)
		new[i] = old[i] == '0' && old[i + 1] == '/' ? '1' : old[i];
	new[i] = '\0';
	cr_assert_eq(line_diff(old, new, &d), 0);
	cr_assert_eq(d.removed, 5000);
	cr_assert_eq(d.added, 5000);
	line_diff_free(&d);
	free(old);
	free(new);
}

static bool
count_step(void *arg)
{
	++*(size_t *)arg;
	return true;
}

/*
 * A short block grown to 700k lines: the LCS table of its middle is 5
 * rows of 700k cells, and a row is not one step: a step fills at most
 * 4096 cells (line_diff.c's CHUNK), so the loop gets its round back
 * (the first step of a million-network CPE's diff took 45 ms).
 */
Test(line_diff, a_wide_table_is_filled_in_steps)
{
	enum { LINES = 700000, OLD_MIDDLE = 4 };
	char *old = calloc(1, 256), *new = block_of(LINES, 0, NULL);
	struct line_diff_job *j;
	struct line_diff d;
	size_t steps = 0, cells = (OLD_MIDDLE + 1) * (size_t)(LINES + 1), i;
	int rc;

	strcpy(old, "vbr big\n");
	for (i = 0; i < OLD_MIDDLE; i++)
		sprintf(old + strlen(old), " description was %zu\n", i);
	strcat(old, " exit\n");
	cr_assert_not_null(j = line_diff_begin(old, new));
	while ((rc = line_diff_step(j, count_step, &steps)) == 1)
		;
	cr_assert_eq(rc, 0);
	line_diff_take(j, &d);
	cr_assert_eq(d.removed, OLD_MIDDLE);
	cr_assert_eq(d.added, LINES);
	cr_assert_geq(steps, cells / 4096, "%zu steps for %zu cells", steps,
	    cells);
	line_diff_free(&d);
	line_diff_job_free(j);
	free(old);
	free(new);
}

/* A commit takes the candidate in at once: the peer made in a session
 * has no BGP session until commit, and has one after it. */
Test(commits, nothing_runs_until_commit)
{
	struct lab l;
	const struct object *vbr;
	struct obj_ref ref = { OBJ_VBR, "v1", NULL };

	lab_open(&l);
	cr_assert_eq(lab_script(&l, "configure session s\nvbr v1\n"
	    "bgp-group dc\npeer-asn 65001\nbgp-peer 10.0.0.2\ngroup dc\n"), 0);
	cr_assert_null(engine_find(l.shell.engine, &ref));
	evloop_run_once(l.shell.loop, 0);
	cr_assert_null(bgp_speaker_first(l.shell.engine));
	cr_assert_eq(lab_run(&l, "commit"), CMD_OK);
	evloop_run_once(l.shell.loop, 0);
	vbr = engine_find(l.shell.engine, &ref);
	cr_assert_not_null(vbr);
	cr_assert_not_null(bgp_speaker_first(l.shell.engine));
	cr_assert_eq(engine_commit_last(l.shell.engine), 1);
	lab_close(&l);
}

/* A commit refused by a rule changes nothing, the history included. */
Test(commits, a_refused_commit_changes_nothing)
{
	struct lab l;
	char *before, *after;

	lab_open(&l);
	cr_assert_eq(lab_script(&l, "configure\nvbr v1\nbgp-group dc\nend\n"),
	    0);
	before = lab_config(&l);
	cr_assert_eq(lab_script(&l, "configure session s\necr e1\nasn 64600\n"
	    "associate vbr v1\n"), 0);
	cr_assert_eq(lab_run(&l, "commit"), CMD_FAILED);
	cr_assert(strstr(l.err.s, "Conflict.ASNOfVBR") != NULL, "%s", l.err.s);
	after = lab_config(&l);
	cr_assert_str_eq(before, after);
	cr_assert_eq(engine_commit_last(l.shell.engine), 1);
	free(before);
	free(after);
	lab_close(&l);
}

/* rollback 0 on a history whose first commits are gone: still empty. */
Test(commits, the_history_keeps_the_newest)
{
	struct lab l;
	struct commit_info info;
	char line[64], *cfg;
	int i;

	lab_open(&l);
	for (i = 0; i < COMMITS_KEPT + 6; i++) {
		snprintf(line, sizeof(line), "configure\nvbr v%d\nend\n", i);
		cr_assert_eq(lab_script(&l, line), 0);
	}
	cr_assert_eq(engine_commit_count(l.shell.engine), COMMITS_KEPT);
	cr_assert(engine_commit_get(l.shell.engine, 0, &info));
	cr_assert_eq(info.id, 7);
	cr_assert_eq(lab_run(&l, "rollback 3"), CMD_FAILED);
	cr_assert(strstr(l.err.s, "no longer kept") != NULL, "%s", l.err.s);
	cr_assert_eq(lab_run(&l, "rollback 6"), CMD_OK);
	cfg = lab_config(&l);
	cr_assert(strstr(cfg, "vbr v5\n") != NULL && strstr(cfg, "vbr v6\n") ==
	    NULL, "%s", cfg);
	free(cfg);
	cr_assert_eq(lab_run(&l, "rollback 0"), CMD_OK);
	cfg = lab_config(&l);
	cr_assert_str_eq(cfg, "! ecsh running configuration\nconfigure\nend\n");
	free(cfg);
	lab_close(&l);
}

static void
keep(void *ctx, const char *text, size_t len)
{
	strbuf_add_grow(ctx, text, len);
}

struct ran {
	bool		 done;
	enum cmd_status	 st;
};

static struct evloop *session_shell_loop;

static void
ran_done(void *arg, enum cmd_status st)
{
	struct ran *r = arg;

	r->done = true;
	r->st = st;
}

static enum cmd_status
run_in(struct session *s, const char *line)
{
	struct ran r = { false, CMD_OK };
	enum cmd_status st = session_run(s, line, "other", 1, ran_done, &r);
	int turns;

	/* a commit runs in slices, as the loop comes round */
	for (turns = 0; st == CMD_PENDING && !r.done && turns < 100000;
	    turns++)
		evloop_run_once(session_shell_loop, 0);
	return st == CMD_PENDING ? r.st : st;
}

/* Another shell changed the hostname: a session that changed it too is
 * refused, naming that commit. */
Test(commits, the_hostname_collides_too)
{
	struct lab l;
	struct strbuf err;
	struct session_io io = { keep, keep, NULL, NULL, NULL };
	struct session *other;

	strbuf_init(&err);
	io.ctx = &err;
	lab_open(&l);
	other = session_new(&l.shell, &io, false);
	session_shell_loop = l.shell.loop;
	cr_assert_eq(lab_script(&l, "configure session a\nhostname a\n"), 0);
	cr_assert_eq(run_in(other, "configure session b"), CMD_OK);
	cr_assert_eq(run_in(other, "hostname b"), CMD_OK);
	cr_assert_eq(run_in(other, "commit"), CMD_OK);
	cr_assert_eq(lab_run(&l, "commit"), CMD_FAILED);
	cr_assert(strstr(l.err.s, "the hostname and bgp listen addresses were "
	    "changed by commit 1 since this session began") != NULL, "%s",
	    l.err.s);
	cr_assert_str_eq(engine_hostname(l.shell.engine), "b");
	session_free(other);
	strbuf_free(&err);
	lab_close(&l);
}

/* Past 64 commits since a session began, which objects they changed is
 * no longer known: its commit is refused rather than guessed. */
Test(commits, a_session_older_than_the_history_is_refused)
{
	struct lab l;
	struct strbuf err;
	struct session_io io = { keep, keep, NULL, NULL, NULL };
	struct session *other;
	char line[32];
	int i;

	strbuf_init(&err);
	io.ctx = &err;
	lab_open(&l);
	other = session_new(&l.shell, &io, false);
	session_shell_loop = l.shell.loop;
	cr_assert_eq(lab_script(&l, "configure session old\nvbr mine\n"), 0);
	cr_assert_eq(run_in(other, "configure"), CMD_OK);
	for (i = 0; i < COMMITS_KEPT + 1; i++) {
		snprintf(line, sizeof(line), "vbr v%d", i);
		cr_assert_eq(run_in(other, line), CMD_OK);
		cr_assert_eq(run_in(other, "end"), CMD_OK);
		cr_assert_eq(run_in(other, "configure"), CMD_OK);
	}
	cr_assert_eq(lab_run(&l, "commit"), CMD_FAILED);
	cr_assert(strstr(l.err.s, "more than 64 commits") != NULL, "%s",
	    l.err.s);
	session_free(other);
	strbuf_free(&err);
	lab_close(&l);
}

/* A shell keeps at most 8 uncommitted sessions. */
Test(commits, eight_sessions_a_shell)
{
	struct lab l;
	char text[96];
	int i;

	lab_open(&l);
	for (i = 0; i < 8; i++) {
		snprintf(text, sizeof(text), "configure session s%d\nvbr v%d\n"
		    "end\n", i, i);
		cr_assert_eq(lab_script(&l, text), 0);
	}
	cr_assert_eq(lab_run(&l, "configure session ninth"), CMD_FAILED);
	cr_assert(strstr(l.err.s, "8 uncommitted sessions") != NULL, "%s",
	    l.err.s);
	/* taking one up again is not a new one */
	cr_assert_eq(lab_run(&l, "configure session s3"), CMD_OK);
	cr_assert_eq(lab_run(&l, "abort"), CMD_OK);
	cr_assert_eq(lab_run(&l, "configure session ninth"), CMD_OK);
	lab_close(&l);
}

static void
rollback_done(void *arg, enum cmd_status st)
{
	*(enum cmd_status *)arg = st;
}

/* SPEC 10: a rollback of a big commit is a commit, in slices. */
Test(commits, a_rollback_of_many_lines_takes_rounds)
{
	struct lab l;
	enum cmd_status st = CMD_PENDING;
	char line[64], *text;
	int i, rounds = 0;

	lab_open(&l);
	cr_assert_eq(lab_script(&l, "configure\nhostname small\nend\n"), 0);
	cr_assert_eq(lab_run(&l, "configure"), CMD_OK);
	cr_assert_eq(lab_run(&l, "cpe big"), CMD_OK);
	for (i = 0; i < 20000; i++) {
		snprintf(line, sizeof(line), " network 20.%d.%d.0/24", i / 256,
		    i % 256);
		cr_assert_eq(lab_run(&l, line), CMD_OK, "%s", l.err.s);
	}
	/* a small block first: the big one is appended after it */
	cr_assert_eq(lab_run(&l, "hostname other"), CMD_OK);
	cr_assert_eq(lab_run(&l, "end"), CMD_OK);
	strbuf_reset(&l.out);
	cr_assert_eq(session_run(l.s, "rollback 1", "t", 1, rollback_done,
	    &st), CMD_PENDING, "the rollback ran in one round");
	while (st == CMD_PENDING && rounds++ < 100000)
		evloop_run_once(l.shell.loop, 0);
	cr_assert_eq(st, CMD_OK, "%s", l.err.s);
	cr_assert_gt(rounds, 2, "the rollback took %d round(s)", rounds);
	/* the hostname's line; the cpe's, its networks and its exit */
	cr_assert_str_eq(l.out.s, "Commit 3: rollback to commit 1: 1 line "
	    "added, 20003 removed.\n");
	text = lab_config(&l);
	cr_assert_null(strstr(text, "cpe big"));
	free(text);
	/* the block, past the diff's first 256 KiB, is in it whole */
	cr_assert_eq(lab_run(&l, "show configuration commit 3 diff"), CMD_OK);
	cr_assert(strncmp(l.out.s, "! commit 3: 1 line added, 20003 removed\n",
	    40) == 0, "%.200s", l.out.s);
	cr_assert_not_null(strstr(l.out.s, "+hostname small\n"));
	cr_assert_not_null(strstr(l.out.s, "\n-cpe big\n- network 20.0.0.0/24\n"
	    "- network 20.0.1.0/24\n"), "%.300s", l.out.s);
	cr_assert_not_null(strstr(l.out.s, "\n- network 20.78.31.0/24\n- exit\n"),
	    "the diff's end is missing");
	cr_assert_eq(strlen(l.out.s), l.out.len);
	lab_close(&l);
}

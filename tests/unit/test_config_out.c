/*
 * The running configuration said in slices (SPEC 10): a show or a write
 * of a CPE with many networks takes several loop rounds, says one
 * configuration (the one that stood when it began) whatever another
 * shell changes meanwhile, and a file it writes is the old one or the
 * whole new one, never part of it.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../core/cloud/engine.h"
#include "../../cli/startup.h"
#include "lab.h"

#define NETWORKS	20000

struct other {
	struct strbuf	 out;
	struct session	*s;
	bool		 done;
};

static void
other_out(void *ctx, const char *t, size_t n)
{
	strbuf_add(&((struct other *)ctx)->out, t, n);
}

static void
other_done(void *arg, enum cmd_status st)
{
	cr_assert_eq(st, CMD_OK);
	((struct other *)arg)->done = true;
}

static void
other_run(struct lab *l, struct other *o, const char *line)
{
	enum cmd_status st;
	int turns;

	o->done = false;
	st = session_run(o->s, line, "other", 1, other_done, o);
	for (turns = 0; st == CMD_PENDING && !o->done && turns < 1000; turns++)
		evloop_run_once(l->shell.loop, 0);
	cr_assert(st == CMD_OK || o->done, "'%s' failed", line);
}

static void
big_cpe(struct lab *l)
{
	char line[64];
	int i;

	cr_assert_eq(lab_run(l, "configure"), CMD_OK);
	cr_assert_eq(lab_run(l, "cpe big"), CMD_OK);
	cr_assert_eq(lab_run(l, " asn 65001"), CMD_OK);
	for (i = 0; i < NETWORKS; i++) {
		snprintf(line, sizeof(line), " network 20.%d.%d.0/24",
		    i / 256, i % 256);
		cr_assert_eq(lab_run(l, line), CMD_OK, "%s: %s", line,
		    l->err.s);
	}
	cr_assert_eq(lab_run(l, "end"), CMD_OK);
}

struct run {
	bool		 done;
	enum cmd_status	 st;
};

static void
run_done(void *arg, enum cmd_status st)
{
	((struct run *)arg)->done = true;
	((struct run *)arg)->st = st;
}

/*
 * Start line; once it has said some of its text and not all, another
 * shell adds a network that sorts last and a VPC; then run it to its end.
 * The number of rounds it took.
 */
static int
run_with_a_change_midway(struct lab *l, const char *line, bool (*midway)(
    struct lab *))
{
	struct session_io io = { other_out, other_out, NULL, NULL, NULL };
	struct other o;
	struct run r = { false, CMD_OK };
	int rounds = 0;
	bool changed = false;

	memset(&o, 0, sizeof(o));
	strbuf_init(&o.out);
	io.ctx = &o;
	o.s = session_new(&l->shell, &io, false);
	strbuf_reset(&l->out);
	strbuf_reset(&l->err);
	cr_assert_eq(session_run(l->s, line, "t", 1, run_done, &r),
	    CMD_PENDING, "%s did not run in slices", line);
	while (!r.done && rounds < 100000) {
		evloop_run_once(l->shell.loop, 0);
		rounds++;
		if (!changed && !r.done && midway(l)) {
			other_run(l, &o, "configure");
			other_run(l, &o, "cpe big");
			other_run(l, &o, " network 99.0.0.0/24");
			other_run(l, &o, "vpc later");
			other_run(l, &o, "end");
			changed = true;
		}
	}
	cr_assert(r.done);
	cr_assert_eq(r.st, CMD_OK, "%s: %s", line, l->err.s);
	cr_assert(changed, "%s ended before the change", line);
	session_free(o.s);
	strbuf_free(&o.out);
	return rounds;
}

static bool
said_some(struct lab *l)
{
	return l->out.len > 1000;
}

Test(config_out, a_show_takes_rounds_and_says_the_configuration_it_began_with)
{
	struct lab l;
	char *before, *after;
	int rounds;

	lab_open(&l);
	big_cpe(&l);
	before = lab_config(&l);
	rounds = run_with_a_change_midway(&l, "show running-config",
	    said_some);
	cr_assert_gt(rounds, 2, "one show took %d round(s)", rounds);
	cr_assert_str_eq(l.out.s, before,
	    "the show is not the configuration it began with");
	after = lab_config(&l);
	cr_assert_not_null(strstr(after, " network 99.0.0.0/24\n"));
	cr_assert_not_null(strstr(after, "vpc later\n"));
	free(before);
	free(after);
	lab_close(&l);
}

Test(config_out, json_lines_are_the_text_s_lines)
{
	struct lab l;
	char *text, *line, *next;
	struct strbuf want;

	lab_open(&l);
	big_cpe(&l);
	text = lab_config(&l);
	strbuf_init(&want);
	strbuf_puts(&want, "{\"lines\":[");
	for (line = text; *line != '\0'; line = next) {
		next = strchr(line, '\n');
		*next++ = '\0';
		if (line != text)
			strbuf_puts(&want, ",");
		strbuf_json_string(&want, line);
	}
	strbuf_puts(&want, "]}\n");
	cr_assert_eq(lab_run(&l, "show running-config json"), CMD_OK);
	cr_assert_str_eq(l.out.s, want.s);
	strbuf_free(&want);
	free(text);
	lab_close(&l);
}

static char written[256];
static char *old_text = "an older file\n";

static char *
file_text(const char *path)
{
	FILE *f = fopen(path, "r");
	char *t;
	long n;

	cr_assert_not_null(f, "%s is not there", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	t = calloc(1, (size_t)n + 1);
	cr_assert_eq(fread(t, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	return t;
}

/* Midway, the file is still the old one. */
static bool
file_is_old(struct lab *l)
{
	static int calls;
	char *t;

	(void)l;
	if (++calls < 2)
		return false;
	t = file_text(written);
	cr_assert_str_eq(t, old_text, "the file was replaced before the end");
	free(t);
	return true;
}

Test(config_out, a_write_takes_rounds_replaces_the_file_whole_and_saves_what_it_began_with)
{
	struct lab l;
	char *before, *saved, dir[] = "/tmp/ecsh-config-out-XXXXXX", line[300];
	struct stat st;
	FILE *f;
	int rounds;

	cr_assert_not_null(mkdtemp(dir));
	snprintf(written, sizeof(written), "%s/startup-config", dir);
	f = fopen(written, "w");
	fputs(old_text, f);
	fclose(f);
	lab_open(&l);
	l.shell.startup_path = written;
	big_cpe(&l);
	cr_assert(config_unsaved(&l.shell));
	before = lab_config(&l);
	snprintf(line, sizeof(line), "write");
	rounds = run_with_a_change_midway(&l, line, file_is_old);
	cr_assert_gt(rounds, 2, "one write took %d round(s)", rounds);
	saved = file_text(written);
	cr_assert_str_eq(saved, before,
	    "the file is not the configuration the write began with");
	cr_assert_eq(stat(written, &st), 0);
	cr_assert_eq(st.st_mode & 0777, 0600);
	/* the change made while it wrote is not in the file: unsaved */
	cr_assert(config_unsaved(&l.shell));
	cr_assert_eq(lab_run(&l, "write"), CMD_OK, "%s", l.err.s);
	cr_assert(!config_unsaved(&l.shell));
	unlink(written);
	rmdir(dir);
	free(before);
	free(saved);
	lab_close(&l);
}

Test(config_out, a_write_that_cannot_be_made_says_why_and_leaves_nothing)
{
	struct lab l;

	lab_open(&l);
	cr_assert_eq(lab_run(&l, "write /nonexistent-dir/x"), CMD_FAILED);
	cr_assert_not_null(strstr(l.err.s, "write /nonexistent-dir/x: "),
	    "%s", l.err.s);
	lab_close(&l);
}

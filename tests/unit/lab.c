/*
 * lab: see lab.h.
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "lab.h"
#include "../../cli/startup.h"

static void
cap_out(void *ctx, const char *t, size_t n)
{
	strbuf_add(&((struct lab *)ctx)->out, t, n);
}

static void
cap_err(void *ctx, const char *t, size_t n)
{
	strbuf_add(&((struct lab *)ctx)->err, t, n);
}

void
lab_open(struct lab *l)
{
	struct session_io io = { cap_out, cap_err, l, NULL, NULL };

	/* as main() does: a circuit whose far end went gives EPIPE */
	signal(SIGPIPE, SIG_IGN);
	memset(l, 0, sizeof(*l));
	clock_init(&l->shell.clock, CLOCK_KIND_VIRTUAL);
	l->shell.loop = evloop_new(&l->shell.clock);
	l->shell.engine = engine_new(l->shell.loop, 0);
	if (config_sessions_start(l->shell.engine) == -1)
		abort();
	strbuf_init(&l->out);
	strbuf_init(&l->err);
	strbuf_puts(&l->out, "");
	strbuf_puts(&l->err, "");
	l->s = session_new(&l->shell, &io, false);
}

void
lab_close(struct lab *l)
{
	session_free(l->s);
	config_saved_free(&l->shell);
	engine_free(l->shell.engine);
	evloop_free(l->shell.loop);
	strbuf_free(&l->out);
	strbuf_free(&l->err);
}

struct lab_done {
	bool		 done;
	enum cmd_status	 st;
};

static void
lab_done(void *arg, enum cmd_status st)
{
	struct lab_done *d = arg;

	d->done = true;
	d->st = st;
}

/*
 * As a terminal runs a line: a read that follows a change waits for the
 * engine's round, and a wait for its condition, so the loop turns until
 * the line is done (the clock is virtual: no turn sleeps).
 */
enum cmd_status
lab_run(struct lab *l, const char *line)
{
	struct lab_done d = { false, CMD_OK };
	enum cmd_status st;
	int turns;

	strbuf_reset(&l->out);
	strbuf_reset(&l->err);
	st = session_run(l->s, line, "t", 1, lab_done, &d);
	for (turns = 0; st == CMD_PENDING && !d.done && turns < 1000000; turns++)
		evloop_run_once(l->shell.loop, 0);
	return st == CMD_PENDING && d.done ? d.st : st;
}

int
lab_script(struct lab *l, const char *text)
{
	char *copy = strdup(text), *line, *save = NULL;
	int n = 0;

	session_reset_mode(l->s);
	for (line = strtok_r(copy, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		n++;
		if (lab_run(l, line) != CMD_OK) {
			free(copy);
			return n;
		}
	}
	free(copy);
	return 0;
}

char *
lab_config(struct lab *l)
{
	struct strbuf b;

	strbuf_init(&b);
	running_config(l->shell.engine, &b);
	return b.s;
}

const char *
lab_prompt(struct lab *l)
{
	static char buf[256];

	return session_prompt(l->s, buf, sizeof(buf));
}

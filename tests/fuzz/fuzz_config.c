/*
 * fuzz_config: any bytes as a configuration script, line by line through
 * a session on a fresh engine, as `ecsh --check -f` and `load` read one:
 * every rule of the engine runs, and a refused line must change nothing:
 * the running configuration, as `show running-config` says it, is the
 * same text after the line as before it.  Actions (write, load, sleep,
 * wait...) are parsed, not run, and no socket is opened.  The running
 * configuration of what was accepted must replay to itself.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../cli/commands.h"
#include "../../cli/session.h"
#include "../../cli/shell.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
discard(void *ctx, const char *t, size_t n)
{
	(void)ctx;
	(void)t;
	(void)n;
}

/* The running configuration, as show running-config says it. */
static char *
config_text(const struct engine *e)
{
	struct strbuf cfg;
	char *text;

	strbuf_init(&cfg);
	running_config(e, &cfg);
	text = strdup(cfg.s != NULL ? cfg.s : "");
	strbuf_free(&cfg);
	if (text == NULL)
		abort();
	return text;
}

/* The text as it stands, said again only once the configuration changed. */
struct said {
	char		*text;
	unsigned long	 gen;		/* engine_config_gen() when said */
};

/* The line of text that holds offset at, without its end. */
static int
text_line(const char *text, size_t at, const char **start)
{
	size_t from = at;

	while (from > 0 && text[from - 1] != '\n')
		from--;
	*start = text + from;
	return (int)strcspn(text + from, "\n");
}

/* Said on one line: scripts/fuzz shows the line before the abort. */
static void
refused_changed(unsigned lineno, const char *line, const char *before,
    const char *after)
{
	const char *was, *now;
	size_t at = 0;
	int wlen, nlen;

	while (before[at] != '\0' && before[at] == after[at])
		at++;
	wlen = text_line(before, at, &was);
	nlen = text_line(after, at, &now);
	/* (or a line before it changed it and counted no change) */
	fprintf(stderr, "fuzz_config: line %u '%s' was refused, but the "
	    "running configuration changed: '%.*s' is now '%.*s'\n", lineno,
	    line, wlen, was, nlen, now);
	abort();
}

/* One line; if refused, the running configuration compared around it. */
static void
run_line(struct session *s, const struct engine *e, const char *line,
    unsigned lineno, struct said *before)
{
	char *after;

	if (before->text == NULL || before->gen != engine_config_gen(e)) {
		free(before->text);
		before->text = config_text(e);
		before->gen = engine_config_gen(e);
	}
	if (session_run(s, line, "fuzz", lineno, NULL, NULL) != CMD_FAILED)
		return;
	after = config_text(e);
	if (strcmp(before->text, after) != 0)
		refused_changed(lineno, line, before->text, after);
	free(after);
}

static char *
run_script(const char *text, size_t len)
{
	static const struct session_io io = { discard, discard, NULL, NULL,
	    NULL };
	struct shell sh;
	struct session *s;
	char *copy, *line, *save = NULL;
	struct said before = { NULL, 0 };
	unsigned lineno = 0;

	memset(&sh, 0, sizeof(sh));
	sh.check_only = true;
	clock_init(&sh.clock, CLOCK_KIND_VIRTUAL);
	sh.loop = evloop_new(&sh.clock);
	sh.engine = engine_new(sh.loop, ENGINE_CHECK_ONLY);
	s = session_new(&sh, &io, false);
	copy = strndup(text, len);
	/* a `load` waits for the loop, which does not run here: stop */
	for (line = strtok_r(copy, "\n", &save); line != NULL &&
	    !session_busy(s); line = strtok_r(NULL, "\n", &save))
		run_line(s, sh.engine, line, ++lineno, &before);
	free(before.text);
	free(copy);
	copy = config_text(sh.engine);
	session_free(s);
	engine_free(sh.engine);
	evloop_free(sh.loop);
	return copy;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *first, *second;

	if (size > 65536 || memchr(data, '\0', size) != NULL)
		return 0;
	first = run_script((const char *)data, size);
	second = run_script(first, strlen(first));
	if (strcmp(first, second) != 0)
		abort();	/* show running-config must replay to itself */
	free(first);
	free(second);
	return 0;
}

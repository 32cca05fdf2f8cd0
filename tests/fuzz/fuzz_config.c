/*
 * fuzz_config: any bytes as a configuration script, line by line through
 * a session on a fresh engine, as `ecsh --check -f` and `load` read one:
 * every rule of the engine runs, and a refused line must change nothing.
 * Actions (write, load, sleep, wait...) are parsed, not run, and no socket
 * is opened.  The running configuration of what was accepted must replay
 * to itself.
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

static char *
run_script(const char *text, size_t len)
{
	static const struct session_io io = { discard, discard, NULL, NULL,
	    NULL };
	struct shell sh;
	struct session *s;
	struct strbuf cfg;
	char *copy, *line, *save = NULL;

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
		session_run(s, line, "fuzz", 1, NULL, NULL);
	strbuf_init(&cfg);
	running_config(sh.engine, &cfg);
	free(copy);
	session_free(s);
	engine_free(sh.engine);
	evloop_free(sh.loop);
	copy = strdup(cfg.s != NULL ? cfg.s : "");
	strbuf_free(&cfg);
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

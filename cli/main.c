/*
 * main: options, then the shell's life: run the scripts in the order
 * given, then the terminal (if any) and the --serve socket (if asked),
 * until the last of them ends.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "batch.h"
#include "client.h"
#include "commands.h"
#include "lineedit.h"
#include "serve.h"
#include "session.h"
#include "shell.h"
#include "source.h"
#include "startup.h"
#include "stdio_io.h"
#include "tty.h"
#include "../core/alerts/alerts.h"

#ifndef ECSH_VERSION
#define ECSH_VERSION "unknown"
#endif

enum { EXIT_USAGE = 2 };

struct app {
	struct shell	 shell;
	struct source	*sources;
	size_t		 nsources, next;
	struct session	*script_session;
	struct batch	*batch;
	struct session	*tty_session;
	struct tty	*tty;
	struct server	*server;
	const char	*serve_path;
	bool		 want_tty;
	bool		 stdin_echo;	/* -i, but standard input is no tty */
	bool		 scripts_over;
	int		 status;
	char		 startup[4096];
};

/* A usage error: one line of what is allowed, and where to read more. */
static void
usage_hint(void)
{
	fputs("usage: ecsh [options] [-f FILE | -c COMMAND]...; "
	    "ecsh --help lists the options\n", stderr);
}

static void
usage(FILE *f)
{
	fprintf(f,
	    "usage: ecsh [-i] [--check] [--keep-going] [--atomic] [--no-quotas]\n"
	    "            [--virtual-clock]\n"
	    "            [--startup FILE | --no-startup] [--serve SOCKET]\n"
	    "            [-f FILE | -c COMMAND]...\n"
	    "       ecsh --connect SOCKET [--keep-going] [-f FILE | -c COMMAND]...\n"
	    "       ecsh --help | --version\n"
	    "\n"
	    "  -f FILE         run the script FILE ('-' for standard input)\n"
	    "  -c COMMAND      run COMMAND (several lines may be given)\n"
	    "  -i              stay interactive after the scripts\n"
	    "  --check         parse and validate only; open no socket\n"
	    "  --keep-going    run on after a failing command (exit 1 at the end)\n"
	    "  --atomic        each configure ... end block of a script is one\n"
	    "                  commit: applied whole, or not at all\n"
	    "  --no-quotas     lab mode: route quotas are not enforced\n"
	    "  --virtual-clock timers run on a virtual clock: it jumps to the\n"
	    "                  next deadline when nothing is ready (a script's\n"
	    "                  sleep 3600 takes no time); at a terminal or with\n"
	    "                  --serve it moves at the real pace, and only\n"
	    "                  sleep and wait jump\n"
	    "  --startup FILE  the startup configuration to load and to write\n"
	    "  --no-startup    load no startup configuration\n"
	    "  --serve SOCKET  also accept shells on SOCKET, keep running\n"
	    "  --connect SOCKET  a shell on the engine serving SOCKET\n"
	    "\n"
	    "With no script, ecsh is interactive on a terminal and reads a\n"
	    "script from standard input otherwise; with -i, standard input\n"
	    "that is not a terminal is run as if typed, each line shown\n"
	    "after its prompt.  An interactive ecsh, and --serve, with no\n"
	    "-f or -c, first load the startup configuration ($ECSH_STARTUP,\n"
	    "else ~/.config/ecsh/startup-config); scripts never do.\n"
	    "`write` saves to it.  See ecsh(1).\n");
}

static void maybe_quit(struct app *);
static void tty_session_notice(void *, const char *, size_t);
static void run_next_source(struct app *);

static void
tty_over(void *arg)
{
	struct app *a = arg;

	tty_free(a->tty);
	a->tty = NULL;
	if (a->server != NULL && !a->shell.stopping)
		printf("The engine goes on serving %s; ecsh --connect %s -c "
		    "shutdown stops it.\n", a->serve_path, a->serve_path);
	maybe_quit(a);
}

static void
scripts_over(struct app *a)
{
	char why[256];

	a->scripts_over = true;
	if (a->shell.stopping) {
		maybe_quit(a);
		return;
	}
	/* what a terminal or a client changes from here on is unsaved */
	if (a->want_tty || a->serve_path != NULL)
		config_mark_saved(&a->shell);
	if (a->serve_path != NULL && a->status == 0 && a->server == NULL) {
		a->server = server_new(&a->shell, a->serve_path, why,
		    sizeof(why));
		if (a->server == NULL) {
			fprintf(stderr, "ecsh: --serve %s: %s\n", a->serve_path,
			    why);
			a->status = 1;
		}
	}
	if (a->want_tty && a->status == 0 && !a->shell.stopping) {
		struct session_io io = stdio_io;

		io.ctx = a;
		io.notice = tty_session_notice;
		a->tty_session = session_new(&a->shell, &io, true);
		a->tty = tty_new(a->shell.loop, target_local(a->tty_session),
		    tty_over, a);
		if (a->tty == NULL) {
			fprintf(stderr, "ecsh: cannot start the line editor\n");
		} else {
			if (a->server != NULL)
				printf("Serving on %s: other shells join with "
				    "ecsh --connect %s\n", a->serve_path,
				    a->serve_path);
			tty_start(a->tty);
		}
	}
	maybe_quit(a);
}

/* Output between commands goes above the prompt. */
static void
tty_session_notice(void *ctx, const char *text, size_t len)
{
	struct app *a = ctx;

	if (a->tty != NULL)
		tty_notice(a->tty, text, len);
	else
		stdio_io.out(NULL, text, len);
}

static void
maybe_quit(struct app *a)
{
	if (a->shell.stopping ||
	    (a->scripts_over && a->tty == NULL && a->server == NULL))
		evloop_break(a->shell.loop);
}

static void
source_done(void *arg, int status, bool exited)
{
	struct app *a = arg;

	/* a block the script left open: committed, or (--atomic) not */
	if (session_close_block(a->script_session) == -1)
		status = 1;
	batch_free(a->batch);
	a->batch = NULL;
	if (status != 0)
		a->status = 1;
	if (exited || a->shell.stopping || (status != 0 && !a->shell.keep_going))
		scripts_over(a);
	else
		run_next_source(a);
}

/*
 * The startup configuration loads as `load` does: a file with a failing
 * line changes nothing.  At a terminal the shell starts anyway, saying
 * so; --serve does not serve a configuration it could not load.
 */
static void
startup_done(void *arg, enum cmd_status st)
{
	struct app *a = arg;

	if (st != CMD_OK) {
		fprintf(stderr, "ecsh: the startup configuration %s was not "
		    "loaded\n", a->startup);
		if (a->serve_path != NULL)
			a->status = 1;
	}
	run_next_source(a);
}

static void
run_next_source(struct app *a)
{
	const struct source *src;

	if (a->next >= a->nsources) {
		scripts_over(a);
		return;
	}
	src = &a->sources[a->next++];
	if (src->kind == SOURCE_STARTUP) {
		if (access(src->arg, F_OK) == -1)
			run_next_source(a);
		else if (session_load(a->script_session, src->arg,
		    startup_done, a) != CMD_PENDING)
			startup_done(a, CMD_FAILED);
		return;
	}
	a->batch = batch_new_source(target_local(a->script_session),
	    a->shell.loop, src, a->shell.keep_going, source_done, a);
	if (a->batch == NULL) {
		fprintf(stderr, "ecsh: %s: %s\n", src->arg, strerror(errno));
		source_done(a, 1, false);
		return;
	}
	if (src->kind == SOURCE_STDIN && a->stdin_echo)
		batch_echo(a->batch);
	batch_start(a->batch);
}

static void
on_sigint(void *arg, int signo)
{
	struct app *a = arg;

	(void)signo;
	if (a->tty != NULL)
		tty_interrupt(a->tty);
	else
		session_cancel(a->script_session);
}

static void
on_sigtstp(void *arg, int signo)
{
	struct app *a = arg;

	(void)signo;
	if (a->tty != NULL)
		tty_suspend_key(a->tty);
}

static void
on_sigterm(void *arg, int signo)
{
	struct app *a = arg;

	(void)signo;
	a->shell.stopping = true;
	evloop_break(a->shell.loop);
}

/*
 * Consecutive -c options make one script, as with vtysh: `-c configure
 * -c 'vbr x'` enters the VBR.  Each -f file is a script of its own.
 */
static int
add_source(struct app *a, enum source_kind kind, const char *arg)
{
	struct source *p, *last = a->nsources ? &a->sources[a->nsources - 1] :
	    NULL;
	char *joined;

	if (kind == SOURCE_COMMAND && last != NULL &&
	    last->kind == SOURCE_COMMAND) {
		if (asprintf(&joined, "%s\n%s", last->arg, arg) == -1)
			return -1;
		free(last->owned);
		last->arg = last->owned = joined;
		return 0;
	}
	if ((p = realloc(a->sources, (a->nsources + 1) * sizeof(*p))) == NULL)
		return -1;
	a->sources = p;
	if (kind == SOURCE_FILE && strcmp(arg, "-") == 0)
		kind = SOURCE_STDIN;
	a->sources[a->nsources++] = (struct source){ kind, arg, NULL };
	return 0;
}

/* Output that did not reach standard output is an error (coreutils'). */
static int
output_checked(int status)
{
	int e = stdout_error();

	if (e == 0)
		return status;
	fprintf(stderr, "%% write error: %s\n", strerror(e));
	return status != 0 ? status : 1;
}

/* The startup configuration runs before anything else. */
static void
add_startup(struct app *a)
{
	struct source first;

	if (add_source(a, SOURCE_STARTUP, a->shell.startup_path) == -1)
		return;
	first = a->sources[a->nsources - 1];
	memmove(a->sources + 1, a->sources,
	    (a->nsources - 1) * sizeof(a->sources[0]));
	a->sources[0] = first;
}

static void
free_sources(struct app *a)
{
	size_t i;

	for (i = 0; i < a->nsources; i++)
		free(a->sources[i].owned);
	free(a->sources);
}

/* Notifications still out when the engine stops are lost: say so. */
static void
abandoned_alerts(const struct engine *e)
{
	size_t n = alerts_in_flight(e);

	if (n > 0)
		fprintf(stderr, "ecsh: %zu notification%s still in flight "
		    "%s given up as the engine stops (wait alerts waits for "
		    "them)\n", n, n == 1 ? "" : "s", n == 1 ? "is" : "are");
}

/*
 * glibc raises its mmap threshold to the size of the last mapped block
 * freed (up to 32 MiB), so after a million-line diff the next ones grow
 * on the heap: each doubling a copy, each calloc a memset, 30 ms in one
 * slice.  A fixed threshold keeps a big buffer mapped, grown by mremap
 * without a copy, and given back to the system when freed.
 *
 * Small blocks freed go to glibc's fast bins unmerged, and the first
 * large malloc after merges them all: after a million routes went (a
 * rollback of a million networks), the next client's buffers took one
 * 90 ms round.  Without fast bins each free merges its own block.
 */
static void
heap_for_big_buffers(void)
{
#ifdef __GLIBC__
	(void)mallopt(M_MMAP_THRESHOLD, 1 << 20);
	(void)mallopt(M_MXFAST, 0);
#endif
}

int
main(int argc, char **argv)
{
	enum { OPT_CHECK = 256, OPT_KEEP_GOING, OPT_NO_QUOTAS, OPT_SERVE,
		OPT_CONNECT, OPT_HELP, OPT_VERSION, OPT_VIRTUAL_CLOCK,
		OPT_STARTUP, OPT_NO_STARTUP, OPT_ATOMIC };
	static const struct option longopts[] = {
		{ "check", no_argument, NULL, OPT_CHECK },
		{ "keep-going", no_argument, NULL, OPT_KEEP_GOING },
		{ "no-quotas", no_argument, NULL, OPT_NO_QUOTAS },
		{ "serve", required_argument, NULL, OPT_SERVE },
		{ "connect", required_argument, NULL, OPT_CONNECT },
		{ "help", no_argument, NULL, OPT_HELP },
		{ "version", no_argument, NULL, OPT_VERSION },
		{ "virtual-clock", no_argument, NULL, OPT_VIRTUAL_CLOCK },
		{ "startup", required_argument, NULL, OPT_STARTUP },
		{ "no-startup", no_argument, NULL, OPT_NO_STARTUP },
		{ "atomic", no_argument, NULL, OPT_ATOMIC },
		{ NULL, 0, NULL, 0 },
	};
	struct app a;
	const char *connect_path = NULL, *startup_opt = NULL;
	bool interactive_flag = false, virtual_clock = false, no_startup = false;
	bool stdin_tty, stdin_script;
	struct stat st;
	char why[256];
	size_t scripts;
	unsigned flags = 0;
	int ch;

	stdio_guard();
	heap_for_big_buffers();
	memset(&a, 0, sizeof(a));
	while ((ch = getopt_long(argc, argv, "f:c:ih", longopts, NULL)) != -1) {
		switch (ch) {
		case 'f':
			add_source(&a, SOURCE_FILE, optarg);
			break;
		case 'c':
			add_source(&a, SOURCE_COMMAND, optarg);
			break;
		case 'i':
			interactive_flag = true;
			break;
		case OPT_CHECK:
			a.shell.check_only = true;
			flags |= ENGINE_CHECK_ONLY;
			break;
		case OPT_ATOMIC:
			a.shell.atomic = true;
			break;
		case OPT_KEEP_GOING:
			a.shell.keep_going = true;
			break;
		case OPT_NO_QUOTAS:
			flags |= ENGINE_NO_QUOTAS;
			break;
		case OPT_SERVE:
			a.serve_path = optarg;
			break;
		case OPT_CONNECT:
			connect_path = optarg;
			break;
		case OPT_VIRTUAL_CLOCK:
			virtual_clock = true;
			break;
		case OPT_STARTUP:
			startup_opt = optarg;
			break;
		case OPT_NO_STARTUP:
			no_startup = true;
			break;
		case 'h':
		case OPT_HELP:
			usage(stdout);
			free_sources(&a);
			return 0;
		case OPT_VERSION:
			printf("ecsh %s (line editor: %s)\n", ECSH_VERSION,
			    lineedit_backend);
			free_sources(&a);
			return 0;
		default:	/* getopt said what was wrong */
			usage_hint();
			free_sources(&a);
			return EXIT_USAGE;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "ecsh: unexpected argument '%s' (a script is "
		    "given with -f)\n", argv[optind]);
		usage_hint();
		free_sources(&a);
		return EXIT_USAGE;
	}
	if (connect_path != NULL && (a.serve_path != NULL ||
	    a.shell.check_only || a.shell.atomic || flags & ENGINE_NO_QUOTAS)) {
		fprintf(stderr, "ecsh: --connect takes only -f, -c, -i and "
		    "--keep-going\n");
		free_sources(&a);
		return EXIT_USAGE;
	}
	if (a.shell.check_only && (a.serve_path != NULL || interactive_flag)) {
		fprintf(stderr, "ecsh: --check runs scripts only\n");
		free_sources(&a);
		return EXIT_USAGE;
	}
	if (startup_opt != NULL && no_startup) {
		fprintf(stderr, "ecsh: --startup and --no-startup exclude each "
		    "other\n");
		free_sources(&a);
		return EXIT_USAGE;
	}
	if (connect_path != NULL && (startup_opt != NULL || no_startup)) {
		fprintf(stderr, "ecsh: --connect uses the engine's startup "
		    "configuration\n");
		free_sources(&a);
		return EXIT_USAGE;
	}
	if (startup_opt != NULL)
		snprintf(a.startup, sizeof(a.startup), "%s", startup_opt);
	else if (startup_default_path(a.startup, sizeof(a.startup)) == NULL)
		a.startup[0] = '\0';
	a.shell.startup_path = a.startup[0] != '\0' ? a.startup : NULL;
	scripts = a.nsources;
	signal(SIGPIPE, SIG_IGN);

	/*
	 * -i with standard input that is not a terminal: the lines are read
	 * as if typed at one, and shown with their prompts (a transcript).
	 */
	stdin_tty = isatty(STDIN_FILENO);
	/* a served engine's /dev/null is no script (a daemon's stdin) */
	stdin_script = !stdin_tty && !(a.serve_path != NULL &&
	    fstat(STDIN_FILENO, &st) == 0 && S_ISCHR(st.st_mode));
	a.stdin_echo = interactive_flag && !stdin_tty && connect_path == NULL;
	if (stdin_script && (a.nsources == 0 || a.stdin_echo))
		add_source(&a, SOURCE_STDIN, "-");
	/*
	 * The terminal is a shell when nothing else reads it: no script on
	 * it, and (for --serve) not a job in the background, which a read
	 * of the terminal would stop.
	 */
	a.want_tty = !a.stdin_echo && (interactive_flag || (stdin_tty &&
	    (a.nsources == 0 || (a.serve_path != NULL &&
	    tcgetpgrp(STDIN_FILENO) == getpgrp()))));
	/* a shell of one's own, or a served engine: never a script */
	if (scripts == 0 && !no_startup && !a.shell.check_only &&
	    connect_path == NULL && a.shell.startup_path != NULL &&
	    (a.want_tty || (a.serve_path != NULL && !stdin_script)))
		add_startup(&a);

	if (a.serve_path != NULL &&
	    server_path_free(a.serve_path, why, sizeof(why)) == -1) {
		fprintf(stderr, "ecsh: --serve %s: %s\n", a.serve_path, why);
		free_sources(&a);
		return EXIT_USAGE;
	}
	if (connect_path != NULL) {
		int rc = client_main(connect_path, a.sources, a.nsources,
		    a.shell.keep_going, a.want_tty);

		free_sources(&a);
		return output_checked(rc);
	}

	clock_init(&a.shell.clock, virtual_clock ? CLOCK_KIND_VIRTUAL :
	    CLOCK_KIND_REAL);
	if ((a.shell.loop = evloop_new(&a.shell.clock)) == NULL ||
	    (a.shell.engine = engine_new(a.shell.loop, flags)) == NULL ||
	    config_sessions_start(a.shell.engine) == -1 ||
	    (a.script_session = session_new(&a.shell, &stdio_io,
	    false)) == NULL) {
		fprintf(stderr, "ecsh: cannot start: %s\n", strerror(errno));
		return 1;
	}
	/*
	 * A person or a client is what the engine waits for: virtual time
	 * passes at the real pace then, and the loop sleeps; only a sleep
	 * or a wait makes it jump (SPEC 10).
	 */
	if (a.want_tty || a.serve_path != NULL) {
		evloop_pace_idle(a.shell.loop, true);
		evloop_signal(a.shell.loop, SIGINT, on_sigint, &a);
	}
	if (a.want_tty)		/* Ctrl-Z is end, as on IOS */
		evloop_signal(a.shell.loop, SIGTSTP, on_sigtstp, &a);
	evloop_signal(a.shell.loop, SIGTERM, on_sigterm, &a);

	run_next_source(&a);
	evloop_run(a.shell.loop);

	tty_free(a.tty);
	server_free(a.server);
	batch_free(a.batch);
	session_free(a.tty_session);
	session_free(a.script_session);
	abandoned_alerts(a.shell.engine);
	config_saved_free(&a.shell);
	engine_free(a.shell.engine);
	evloop_free(a.shell.loop);
	free_sources(&a);
	return output_checked(a.status);
}

/*
 * client: a target that forwards each line to a session in a running
 * engine, so scripts, standard input and the terminal work over --connect
 * exactly as they do locally: same output, errors and exit status.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "batch.h"
#include "client.h"
#include "source.h"
#include "stdio_io.h"
#include "target.h"
#include "tty.h"
#include "wire.h"

struct remote {
	struct evloop		*loop;
	int			 fd;
	struct wire_reader	 in;
	char			 prompt[256];
	session_done_fn		 done;		/* the line awaiting DONE */
	void			*done_arg;
	bool			 lost;
	/* scripts and terminal */
	const struct source	*sources;
	size_t			 nsources, next;
	bool			 keep_going, interactive;
	struct batch		*batch;
	struct tty		*tty;
	int			 status;
};

static void
send_frame(struct remote *r, enum wire_type t, const char *data, size_t len)
{
	struct strbuf b;

	strbuf_init(&b);
	wire_put(&b, t, data, len);
	write_all(r->fd, b.s, b.len);
	strbuf_free(&b);
}

static void
lost(struct remote *r)
{
	session_done_fn fn = r->done;

	if (r->lost)
		return;
	r->lost = true;
	fprintf(stderr, "ecsh: the engine closed the connection\n");
	r->status = 1;
	evloop_fd_del(r->loop, r->fd);
	r->done = NULL;
	if (fn != NULL)
		fn(r->done_arg, CMD_EXIT);
	evloop_break(r->loop);
}

/* Handle one frame; returns its type. */
static enum wire_type
dispatch(struct remote *r, const struct wire_frame *f)
{
	session_done_fn fn;

	switch (f->type) {
	case W_OUT:
		/* between commands: the engine's monitor, above the prompt */
		if (r->tty != NULL && r->done == NULL)
			tty_notice(r->tty, f->payload, f->len);
		else
			stdout_write(f->payload, f->len);
		break;
	case W_ERR:
		write_all(STDERR_FILENO, f->payload, f->len);
		break;
	case W_DONE:
		if (f->len >= 1)
			snprintf(r->prompt, sizeof(r->prompt), "%.*s",
			    (int)f->len - 1, f->payload + 1);
		if ((fn = r->done) != NULL) {
			r->done = NULL;
			fn(r->done_arg, f->len < 1 ? CMD_FAILED :
			    f->payload[0] == WIRE_OK ? CMD_OK :
			    f->payload[0] == WIRE_EXIT ? CMD_EXIT : CMD_FAILED);
		}
		break;
	default:
		break;
	}
	return f->type;
}

/* Read what is there; -1 when the connection is gone. */
static int
pump(struct remote *r)
{
	char buf[65536];
	ssize_t n;

	n = read(r->fd, buf, sizeof(buf));
	if (n == -1 && (errno == EINTR || errno == EAGAIN))
		return 0;
	if (n <= 0)
		return -1;
	wire_reader_feed(&r->in, buf, (size_t)n);
	return 0;
}

static void
readable(void *arg, int fd, unsigned events)
{
	struct remote *r = arg;
	struct wire_frame f;
	int got;

	(void)fd;
	(void)events;
	if (pump(r) == -1) {
		lost(r);
		return;
	}
	while (!r->lost && (got = wire_reader_next(&r->in, &f)) == 1)
		dispatch(r, &f);
}

/* Send a request and wait for its reply, passing output through. */
static bool
request(struct remote *r, enum wire_type t, const char *text, size_t len,
    enum wire_type want, struct strbuf *reply)
{
	struct pollfd p = { .fd = r->fd, .events = POLLIN };
	struct wire_frame f;
	int got;

	if (r->lost)
		return false;
	send_frame(r, t, text, len);
	for (;;) {
		while ((got = wire_reader_next(&r->in, &f)) == 1) {
			if (f.type == want) {
				if (reply != NULL)
					strbuf_add(reply, f.payload, f.len);
				if (want == W_DONE)
					dispatch(r, &f);
				return true;
			}
			dispatch(r, &f);
		}
		if (got == -1 || poll(&p, 1, -1) == -1 || pump(r) == -1) {
			lost(r);
			return false;
		}
	}
}

static enum cmd_status
remote_run(void *ctx, const char *line, const char *file, unsigned lineno,
    session_done_fn fn, void *arg)
{
	struct remote *r = ctx;
	struct strbuf b;

	if (r->lost)
		return CMD_EXIT;
	strbuf_init(&b);
	strbuf_printf(&b, "%s", file != NULL ? file : "");
	strbuf_add(&b, "", 1);
	strbuf_printf(&b, "%u", lineno);
	strbuf_add(&b, "", 1);
	strbuf_puts(&b, line);
	r->done = fn;
	r->done_arg = arg;
	send_frame(r, W_LINE, b.s, b.len);
	strbuf_free(&b);
	return CMD_PENDING;
}

static void
remote_help(void *ctx, const char *line, struct strbuf *out)
{
	request(ctx, W_HELP, line, strlen(line), W_HELP_REPLY, out);
}

static void
remote_complete(void *ctx, const char *line, struct gram_completion *c)
{
	struct strbuf reply;
	const char *p, *end;
	size_t len;

	memset(c, 0, sizeof(*c));
	strbuf_init(&reply);
	if (!request(ctx, W_COMPLETE, line, strlen(line), W_COMPLETE_REPLY,
	    &reply) || reply.s == NULL) {
		strbuf_free(&reply);
		return;
	}
	c->word_start = strtoul(reply.s, NULL, 10);
	p = reply.s + strlen(reply.s) + 1;
	end = reply.s + reply.len;
	while (p < end && c->count < GRAM_COMPLETE_MAX) {
		len = strnlen(p, (size_t)(end - p));
		if (c->used + len + 1 > sizeof(c->store))
			break;
		memcpy(c->store + c->used, p, len);
		c->store[c->used + len] = '\0';
		c->cand[c->count++] = c->store + c->used;
		c->used += len + 1;
		p += len + 1;
	}
	strbuf_free(&reply);
}

static void
remote_cancel(void *ctx)
{
	struct remote *r = ctx;

	if (!r->lost)
		send_frame(r, W_CANCEL, "", 0);
}

static const char *
remote_prompt(void *ctx, char *buf, size_t len)
{
	struct remote *r = ctx;

	snprintf(buf, len, "%s", r->prompt);
	return buf;
}

static void
remote_reset(void *ctx)
{
	request(ctx, W_RESET, "", 0, W_DONE, NULL);
}

static bool
remote_unsaved(void *ctx)
{
	struct strbuf reply;
	bool unsaved;

	strbuf_init(&reply);
	unsaved = request(ctx, W_UNSAVED, "", 0, W_UNSAVED_REPLY, &reply) &&
	    reply.len == 1 && reply.s[0] == '1';
	strbuf_free(&reply);
	return unsaved;
}

static const struct target_ops remote_ops = {
	remote_run, remote_help, remote_complete, remote_cancel, remote_prompt,
	remote_reset, remote_unsaved,
};

static void run_next(struct remote *);

static void
tty_over(void *arg)
{
	struct remote *r = arg;

	evloop_break(r->loop);
}

static void
source_done(void *arg, int status, bool exited)
{
	struct remote *r = arg;

	batch_free(r->batch);
	r->batch = NULL;
	if (status != 0)
		r->status = 1;
	if (r->lost)
		return;
	if (exited || (status != 0 && !r->keep_going)) {
		evloop_break(r->loop);
		return;
	}
	run_next(r);
}

static void
run_next(struct remote *r)
{
	struct target t = { &remote_ops, r };
	const struct source *src;

	if (r->next >= r->nsources) {
		if (r->interactive && r->status == 0) {
			remote_reset(r);
			r->tty = tty_new(r->loop, t, tty_over, r);
			if (r->tty != NULL) {
				tty_start(r->tty);
				return;
			}
		}
		evloop_break(r->loop);
		return;
	}
	src = &r->sources[r->next++];
	r->batch = batch_new_source(t, r->loop, src, r->keep_going,
	    source_done, r);
	if (r->batch == NULL) {
		fprintf(stderr, "ecsh: %s: %s\n", src->arg, strerror(errno));
		source_done(r, 1, false);
		return;
	}
	batch_start(r->batch);
}

static void
on_sigtstp(void *arg, int signo)
{
	struct remote *r = arg;

	(void)signo;
	if (r->tty != NULL)
		tty_suspend_key(r->tty);
}

static void
on_sigint(void *arg, int signo)
{
	struct remote *r = arg;

	(void)signo;
	if (r->tty != NULL)
		tty_interrupt(r->tty);
	else
		remote_cancel(r);
}

int
client_main(const char *path, const struct source *sources, size_t nsources,
    bool keep_going, bool interactive)
{
	struct sockaddr_un sun;
	struct remote r;
	struct clock clock;
	char cwd[4096];

	memset(&r, 0, sizeof(r));
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sun.sun_path)) {
		fprintf(stderr, "ecsh: --connect %s: path too long\n", path);
		return 2;
	}
	memcpy(sun.sun_path, path, strlen(path));
	r.fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (r.fd == -1 ||
	    connect(r.fd, (struct sockaddr *)&sun, sizeof(sun)) == -1) {
		fprintf(stderr, "ecsh: --connect %s: %s\n", path,
		    strerror(errno));
		if (r.fd != -1)
			close(r.fd);
		return 1;
	}
	signal(SIGPIPE, SIG_IGN);
	clock_init(&clock, CLOCK_KIND_REAL);
	r.loop = evloop_new(&clock);
	wire_reader_init(&r.in);
	r.sources = sources;
	r.nsources = nsources;
	r.keep_going = keep_going;
	r.interactive = interactive;
	if (r.loop == NULL ||
	    evloop_fd_add(r.loop, r.fd, EV_READ, readable, &r) == -1) {
		fprintf(stderr, "ecsh: cannot start: %s\n", strerror(errno));
		return 1;
	}
	if (interactive) {
		evloop_signal(r.loop, SIGINT, on_sigint, &r);
		/* Ctrl-Z is end, as on IOS */
		evloop_signal(r.loop, SIGTSTP, on_sigtstp, &r);
	}
	/* write, copy and load name the client's files, not the server's */
	if (getcwd(cwd, sizeof(cwd)) != NULL)
		send_frame(&r, W_CWD, cwd, strlen(cwd));
	run_next(&r);
	evloop_run(r.loop);

	tty_free(r.tty);
	batch_free(r.batch);
	wire_reader_free(&r.in);
	evloop_fd_del(r.loop, r.fd);
	close(r.fd);
	evloop_free(r.loop);
	return r.status;
}

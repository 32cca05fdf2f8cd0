/*
 * serve: the engine's side of --connect.  Each client is a session; its
 * output is queued and written as the socket takes it, so a slow client
 * never stalls the engine.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "serve.h"
#include "session.h"
#include "wire.h"

struct client;

struct server {
	struct shell	*shell;
	char		*path;
	int		 fd;
	dev_t		 dev;		/* the socket file bound, to tell */
	ino_t		 ino;		/* it from a successor's */
	struct client	*clients;
};

struct client {
	struct client		*next;
	struct server		*server;
	struct session		*session;
	int			 fd;
	struct wire_reader	 in;
	struct strbuf		 out;
	size_t			 out_sent;
	bool			 closing;	/* flush, then close */
	bool			 gone;		/* a write failed: drop output */
	char			 file[256];
	/* output between commands (monitor) leaves once this round ends */
	struct ev_timer		 flush_soon;
};

static void client_free(struct client *);

/*
 * Inside a command: write what the socket takes now and keep the rest,
 * never waiting and never freeing the client (its session is running).
 */
static void
drain(struct client *c)
{
	ssize_t n;

	while (!c->gone && c->out_sent < c->out.len) {
		n = write(c->fd, c->out.s + c->out_sent,
		    c->out.len - c->out_sent);
		if (n > 0)
			c->out_sent += (size_t)n;
		else if (n == -1 && errno == EINTR)
			continue;
		else if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK))
			break;
		else
			c->gone = true;
	}
	if (c->gone || c->out_sent == c->out.len) {
		strbuf_reset(&c->out);
		c->out_sent = 0;
	} else if (c->out_sent >= c->out.len / 2) {
		memmove(c->out.s, c->out.s + c->out_sent,
		    c->out.len - c->out_sent);
		c->out.len -= c->out_sent;
		c->out.s[c->out.len] = '\0';
		c->out_sent = 0;
	}
	/* a show in slices that waited for this client goes on (it only
	 * queues its next slice: nothing runs from in here) */
	if (c->out.len - c->out_sent <= SESSION_BACKLOG_LOW)
		session_drained(c->session);
}

/* What the client has not read yet: a slow one costs only this. */
static size_t
io_backlog(void *ctx)
{
	struct client *c = ctx;

	return c->gone ? 0 : c->out.len - c->out_sent;
}

/* Between commands: what the socket does not take waits for EV_WRITE. */
static void
flush(struct client *c)
{
	drain(c);
	if (c->gone) {
		client_free(c);		/* the client went away */
		return;
	}
	if (c->out.len > 0) {
		evloop_fd_events(c->server->shell->loop, c->fd,
		    EV_READ | EV_WRITE);
		return;
	}
	/* a million routes' worth of room is not kept for the next prompt */
	if (c->out.cap > 1 << 20)
		strbuf_free(&c->out);
	if (c->closing) {
		client_free(c);
		return;
	}
	evloop_fd_events(c->server->shell->loop, c->fd, EV_READ);
}

static void
send_frame(struct client *c, enum wire_type t, const char *data, size_t len)
{
	wire_put(&c->out, t, data, len);
}

static void
flush_due(void *arg)
{
	flush(arg);
}

static void
queued(struct client *c)
{
	if (!evloop_timer_pending(&c->flush_soon))
		evloop_timer_start(c->server->shell->loop, &c->flush_soon, 0);
}

static void
io_out(void *ctx, const char *text, size_t len)
{
	struct client *c = ctx;

	if (c->gone)
		return;
	send_frame(c, W_OUT, text, len);
	/* a streamed table goes out as it is made, as far as the client
	 * reads it; what it has not read yet waits here */
	if (c->out.len - c->out_sent >= STRBUF_SINK_AT)
		drain(c);
	queued(c);
}

static void
io_err(void *ctx, const char *text, size_t len)
{
	send_frame(ctx, W_ERR, text, len);
	queued(ctx);
}

static void
send_done(struct client *c, enum cmd_status st)
{
	char buf[300], prompt[256];
	size_t n;

	buf[0] = st == CMD_OK ? WIRE_OK : st == CMD_EXIT ? WIRE_EXIT :
	    WIRE_FAILED;
	session_prompt(c->session, prompt, sizeof(prompt));
	n = strlen(prompt);
	memcpy(buf + 1, prompt, n);
	send_frame(c, W_DONE, buf, n + 1);
	if (st == CMD_EXIT)
		c->closing = true;
}

static void
line_done(void *arg, enum cmd_status st)
{
	struct client *c = arg;

	send_done(c, st);
	flush(c);
}

/* "FILE\0LINENO\0TEXT" */
static int
run_line(struct client *c, const struct wire_frame *f)
{
	const char *file = f->payload, *num, *text, *end = f->payload + f->len;
	char line[GRAM_LINE_MAX + 1];
	unsigned long lineno;
	enum cmd_status st;
	size_t n;

	if ((num = memchr(file, '\0', f->len)) == NULL || ++num >= end ||
	    (text = memchr(num, '\0', (size_t)(end - num))) == NULL)
		return -1;
	text++;
	lineno = strtoul(num, NULL, 10);
	if (session_busy(c->session)) {
		io_err(c, "% a command is still running\n", 29);
		send_done(c, CMD_FAILED);
		return 0;
	}
	/* the running command's errors still name its own file */
	snprintf(c->file, sizeof(c->file), "%s", file);
	n = (size_t)(end - text);
	if (n > GRAM_LINE_MAX)
		n = GRAM_LINE_MAX;	/* the matcher calls it too long */
	memcpy(line, text, n);
	line[n] = '\0';
	if (session_busy(c->session)) {
		io_err(c, "% a command is still running\n", 29);
		send_done(c, CMD_FAILED);
		return 0;
	}
	st = session_run(c->session, line, c->file[0] ? c->file : NULL,
	    (unsigned)lineno, line_done, c);
	if (st != CMD_PENDING)
		send_done(c, st);
	return 0;
}

static void
answer_help(struct client *c, const struct wire_frame *f)
{
	char line[GRAM_LINE_MAX];
	struct strbuf out;

	snprintf(line, sizeof(line), "%.*s", (int)f->len, f->payload);
	strbuf_init(&out);
	session_help(c->session, line, &out);
	send_frame(c, W_HELP_REPLY, out.s != NULL ? out.s : "", out.len);
	strbuf_free(&out);
}

static void
answer_complete(struct client *c, const struct wire_frame *f)
{
	static struct gram_completion comp;
	char line[GRAM_LINE_MAX];
	struct strbuf out;
	size_t i;

	snprintf(line, sizeof(line), "%.*s", (int)f->len, f->payload);
	session_complete(c->session, line, &comp);
	strbuf_init(&out);
	strbuf_printf(&out, "%zu", comp.word_start);
	for (i = 0; i < comp.count; i++) {
		strbuf_add(&out, "", 1);
		strbuf_puts(&out, comp.cand[i]);
	}
	send_frame(c, W_COMPLETE_REPLY, out.s, out.len);
	strbuf_free(&out);
}

static void
set_cwd(struct client *c, const struct wire_frame *f)
{
	char dir[4096];

	snprintf(dir, sizeof(dir), "%.*s", (int)f->len, f->payload);
	session_set_cwd(c->session, dir);
}

static void
client_ready(void *arg, int fd, unsigned events)
{
	struct client *c = arg;
	struct wire_frame f;
	char buf[65536];
	ssize_t n;
	int got;

	if (events & EV_WRITE) {
		flush(c);
		return;		/* c may be gone */
	}
	n = read(fd, buf, sizeof(buf));
	if (n == -1 && (errno == EINTR || errno == EAGAIN))
		return;
	if (n <= 0) {
		client_free(c);
		return;
	}
	wire_reader_feed(&c->in, buf, (size_t)n);
	while ((got = wire_reader_next(&c->in, &f)) == 1) {
		switch (f.type) {
		case W_LINE:
			if (run_line(c, &f) == -1)
				got = -1;
			break;
		case W_HELP:
			answer_help(c, &f);
			break;
		case W_COMPLETE:
			answer_complete(c, &f);
			break;
		case W_CANCEL:
			session_cancel(c->session);
			break;
		case W_RESET:
			session_reset_mode(c->session);
			send_done(c, CMD_OK);
			break;
		case W_CWD:
			set_cwd(c, &f);
			break;
		case W_UNSAVED:
			send_frame(c, W_UNSAVED_REPLY,
			    session_unsaved(c->session) ? "1" : "0", 1);
			break;
		default:
			got = -1;
		}
		if (got == -1 || c->server->shell->stopping)
			break;
	}
	if (got == -1) {
		client_free(c);
		return;
	}
	flush(c);
}

static void
accept_ready(void *arg, int fd, unsigned events)
{
	struct server *sv = arg;
	static const struct session_io io = { io_out, io_err, NULL, NULL,
		io_backlog };
	struct session_io cio = io;
	struct client *c;
	int cfd;

	(void)events;
	cfd = accept4(fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (cfd == -1)
		return;
	if ((c = calloc(1, sizeof(*c))) == NULL) {
		close(cfd);
		return;
	}
	c->server = sv;
	c->fd = cfd;
	wire_reader_init(&c->in);
	strbuf_init(&c->out);
	evloop_timer_init(&c->flush_soon, flush_due, c);
	cio.ctx = c;
	if ((c->session = session_new(sv->shell, &cio, true)) == NULL ||
	    evloop_fd_add(sv->shell->loop, cfd, EV_READ, client_ready, c) == -1) {
		session_free(c->session);
		close(cfd);
		free(c);
		return;
	}
	evloop_fd_kind(sv->shell->loop, cfd, evloop_kind(sv->shell->loop,
	    "shell"));
	c->next = sv->clients;
	sv->clients = c;
	{
		static unsigned clients;
		char label[32];

		snprintf(label, sizeof(label), "client %u", ++clients);
		session_set_label(c->session, label);
	}
}

static void
client_free(struct client *c)
{
	struct client **pp;

	for (pp = &c->server->clients; *pp != NULL; pp = &(*pp)->next)
		if (*pp == c) {
			*pp = c->next;
			break;
		}
	/* first: a session's last words (candidates dropped) may queue
	 * output, and with it the flush timer stopped next */
	session_free(c->session);
	evloop_timer_stop(c->server->shell->loop, &c->flush_soon);
	evloop_fd_del(c->server->shell->loop, c->fd);
	close(c->fd);
	wire_reader_free(&c->in);
	strbuf_free(&c->out);
	free(c);
}

static int
socket_address(const char *path, struct sockaddr_un *sun, char *why,
    size_t whylen)
{
	memset(sun, 0, sizeof(*sun));
	sun->sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sun->sun_path)) {
		snprintf(why, whylen, "socket path too long (at most %zu)",
		    sizeof(sun->sun_path) - 1);
		return -1;
	}
	memcpy(sun->sun_path, path, strlen(path));
	return 0;
}

int
server_path_free(const char *path, char *why, size_t whylen)
{
	struct sockaddr_un sun;
	struct stat st;
	int fd, rc;

	if (socket_address(path, &sun, why, whylen) == -1)
		return -1;
	if (lstat(path, &st) == -1)
		return 0;
	if (!S_ISSOCK(st.st_mode)) {
		snprintf(why, whylen, "exists and is not a socket");
		return -1;
	}
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1)
		return 0;
	rc = connect(fd, (struct sockaddr *)&sun, sizeof(sun)) == 0 ? 0 : errno;
	close(fd);
	if (rc == 0 || rc == EAGAIN) {	/* EAGAIN: its backlog is full */
		snprintf(why, whylen, "an engine is already serving there "
		    "(ecsh --connect %s -c shutdown stops it)", path);
		return -1;
	}
	return 0;		/* ECONNREFUSED: stale, ours to replace */
}

struct server *
server_new(struct shell *sh, const char *path, char *why, size_t whylen)
{
	struct sockaddr_un sun;
	struct server *sv;
	struct stat st;
	mode_t old;

	if (server_path_free(path, why, whylen) == -1 ||
	    socket_address(path, &sun, why, whylen) == -1)
		return NULL;
	if (lstat(path, &st) == 0)
		unlink(path);		/* stale: nobody answered */
	if ((sv = calloc(1, sizeof(*sv))) == NULL ||
	    (sv->path = strdup(path)) == NULL) {
		free(sv);
		snprintf(why, whylen, "out of memory");
		return NULL;
	}
	sv->shell = sh;
	sv->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	old = umask(077);	/* the socket is born 0600 */
	if (sv->fd == -1 ||
	    bind(sv->fd, (struct sockaddr *)&sun, sizeof(sun)) == -1 ||
	    listen(sv->fd, 16) == -1 ||
	    evloop_fd_add(sh->loop, sv->fd, EV_READ, accept_ready, sv) == -1) {
		umask(old);
		snprintf(why, whylen, "%s", strerror(errno));
		if (sv->fd != -1)
			close(sv->fd);
		free(sv->path);
		free(sv);
		return NULL;
	}
	umask(old);
	chmod(path, 0600);
	if (lstat(path, &st) == 0) {
		sv->dev = st.st_dev;
		sv->ino = st.st_ino;
	}
	return sv;
}

void
server_free(struct server *sv)
{
	struct stat st;

	if (sv == NULL)
		return;
	while (sv->clients != NULL) {
		struct client *c = sv->clients;

		flush(c);	/* last words, if the socket takes them */
		if (sv->clients == c)
			client_free(c);
	}
	evloop_fd_del(sv->shell->loop, sv->fd);
	close(sv->fd);
	if (lstat(sv->path, &st) == 0 && st.st_dev == sv->dev &&
	    st.st_ino == sv->ino)
		unlink(sv->path);
	free(sv->path);
	free(sv);
}

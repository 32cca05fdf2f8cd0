/*
 * batch: scripts, line by line.  Lines always start from the event loop (a
 * zero-delay kick), never from inside another command, so a script that
 * `load`s another, or sleeps, unwinds cleanly.  While a line is pending
 * the input descriptor is not watched: nothing is read ahead.  A script
 * of 100k lines runs as work in slices: when the loop's round is spent,
 * the rest waits for the next one, so timers fire meanwhile (SPEC 10).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "batch.h"
#include "../grammar/gram.h"
#include "stdio_io.h"
#include "shell.h"
#include "source.h"
#include "../core/base/strbuf.h"

enum { INPUT_LINE_MAX = 1 << 20 };

struct batch {
	struct target	 target;
	struct evloop	*loop;
	char		*name;
	char		*text;		/* memory script, or NULL */
	size_t		 text_len;
	size_t		 pos;
	int		 fd;		/* streamed script, or -1 */
	bool		 fd_watched;	/* in the loop (pipes, ttys) */
	bool		 fd_reading;
	bool		 owns_fd;	/* a file it opened (load) */
	bool		 eof;
	struct strbuf	 in;		/* bytes read ... */
	size_t		 in_at;		/* ... of which those from here on
					 * are not yet run */
	char		*line;		/* the line being run */
	size_t		 nul_at;	/* a NUL in it: its offset + 1 */
	unsigned	 lineno;
	bool		 keep_going;
	bool		 echo;		/* shown as a terminal shows it */
	bool		 waiting;
	bool		 over;
	int		 status;
	struct ev_timer	 kick;
	struct ev_work	 more;		/* the rest, after a yield */
	batch_done_fn	 done;
	void		*arg;
};

static void run_lines(void *);
static bool run_more(void *);

static struct batch *
batch_alloc(struct target t, struct evloop *loop, const char *name,
    bool keep_going, batch_done_fn done, void *arg)
{
	struct batch *b = calloc(1, sizeof(*b));

	if (b == NULL || (b->name = strdup(name)) == NULL) {
		free(b);
		return NULL;
	}
	b->target = t;
	b->loop = loop;
	b->fd = -1;
	b->keep_going = keep_going;
	b->done = done;
	b->arg = arg;
	strbuf_init(&b->in);
	evloop_timer_init(&b->kick, run_lines, b);
	evloop_timer_kind(&b->kick, evloop_kind(loop, "shell"));
	evloop_work_init(&b->more, evloop_kind(loop, "script"), run_more, b);
	return b;
}

struct batch *
batch_new_text(struct target t, struct evloop *loop, const char *name,
    char *text, size_t len, bool keep_going, batch_done_fn done, void *arg)
{
	struct batch *b = batch_alloc(t, loop, name, keep_going, done, arg);

	if (b == NULL) {
		free(text);
		return NULL;
	}
	b->text = text;
	b->text_len = len;
	return b;
}

static void fd_ready(void *, int, unsigned);

struct batch *
batch_new_fd(struct target t, struct evloop *loop, const char *name, int fd,
    bool keep_going, batch_done_fn done, void *arg)
{
	struct batch *b = batch_alloc(t, loop, name, keep_going, done, arg);

	if (b == NULL)
		return NULL;
	b->fd = fd;
	/* epoll refuses regular files; those never block, so just read */
	if (evloop_fd_add(loop, fd, 0, fd_ready, b) == 0)
		b->fd_watched = true;
	return b;
}

struct batch *
batch_new_file(struct target t, struct evloop *loop, const char *path,
    bool keep_going, batch_done_fn done, void *arg)
{
	struct batch *b;
	struct stat st;
	int fd, saved;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return NULL;
	if (fstat(fd, &st) == -1 || S_ISDIR(st.st_mode)) {
		saved = fstat(fd, &st) == -1 ? errno : EISDIR;
		close(fd);
		errno = saved;
		return NULL;
	}
	if ((b = batch_new_fd(t, loop, path, fd, keep_going, done, arg)) ==
	    NULL) {
		close(fd);
		errno = ENOMEM;
		return NULL;
	}
	b->owns_fd = true;
	return b;
}

struct batch *
batch_new_source(struct target t, struct evloop *loop,
    const struct source *src, bool keep_going, batch_done_fn done, void *arg)
{
	char *text;
	size_t len;

	if (src->kind == SOURCE_STDIN)
		return batch_new_fd(t, loop, "-", STDIN_FILENO, keep_going,
		    done, arg);
	if (src->kind == SOURCE_COMMAND) {
		text = strdup(src->arg);
		len = text != NULL ? strlen(text) : 0;
	} else {
		text = batch_read_file(src->arg, &len);
	}
	if (text == NULL)
		return NULL;
	return batch_new_text(t, loop, src->kind == SOURCE_COMMAND ? "-c" :
	    src->arg, text, len, keep_going, done, arg);
}

void
batch_free(struct batch *b)
{
	if (b == NULL)
		return;
	evloop_timer_stop(b->loop, &b->kick);
	evloop_work_cancel(b->loop, &b->more);
	if (b->fd_watched)
		evloop_fd_del(b->loop, b->fd);
	if (b->owns_fd)
		close(b->fd);
	strbuf_free(&b->in);
	free(b->text);
	free(b->line);
	free(b->name);
	free(b);
}

unsigned
batch_lineno(const struct batch *b)
{
	return b->lineno;
}

void
batch_echo(struct batch *b)
{
	b->echo = true;
	b->keep_going = true;
}

void
batch_start(struct batch *b)
{
	if (b->target.ops->reset != NULL)
		b->target.ops->reset(b->target.ctx);
	evloop_timer_start(b->loop, &b->kick, 0);
}

char *
batch_read_file(const char *path, size_t *len)
{
	struct strbuf sb;
	char buf[65536];
	ssize_t n;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return NULL;
	strbuf_init(&sb);
	strbuf_puts(&sb, "");
	while ((n = read(fd, buf, sizeof(buf))) != 0) {
		if (n == -1) {
			if (errno == EINTR)
				continue;
			strbuf_free(&sb);
			close(fd);
			return NULL;
		}
		strbuf_add(&sb, buf, (size_t)n);
	}
	close(fd);
	if (len != NULL)
		*len = sb.len;
	return sb.s;
}

/* Read what is there; returns false if the caller must wait for more. */
static bool
fill(struct batch *b)
{
	char buf[65536];
	ssize_t n;

	for (;;) {
		n = read(b->fd, buf, sizeof(buf));
		if (n > 0) {
			strbuf_add(&b->in, buf, (size_t)n);
			if (memchr(buf, '\n', (size_t)n) != NULL)
				return true;
			continue;
		}
		if (n == 0) {
			b->eof = true;
			return true;
		}
		if (errno == EINTR)
			continue;
		if (errno == EAGAIN || errno == EWOULDBLOCK)
			return false;
		b->eof = true;	/* a read error ends the script, failed */
		b->status = 1;
		return true;
	}
}

static void
watch(struct batch *b, bool on)
{
	if (b->fd_watched && b->fd_reading != on) {
		evloop_fd_events(b->loop, b->fd, on ? EV_READ : 0);
		b->fd_reading = on;
	}
}

static void
fd_ready(void *arg, int fd, unsigned events)
{
	struct batch *b = arg;

	(void)fd;
	(void)events;
	watch(b, false);
	run_lines(b);
}

/*
 * The next line into b->line.  1: a line; 0: wait for input; -1: the end.
 */
static int
next_line(struct batch *b)
{
	const char *src, *nl, *nul;
	size_t len, avail;

	for (;;) {
		src = b->text != NULL ? b->text + b->pos :
		    b->in.s != NULL ? b->in.s + b->in_at : NULL;
		avail = b->text != NULL ? b->text_len - b->pos :
		    b->in.len - b->in_at;
		nl = src != NULL ? memchr(src, '\n', avail) : NULL;
		if (nl != NULL || (avail > 0 && (b->text != NULL || b->eof))) {
			len = nl != NULL ? (size_t)(nl - src) : avail;
			break;
		}
		if (b->text != NULL || b->eof)
			return -1;
		if (avail > INPUT_LINE_MAX) {
			b->eof = true;
			return -1;
		}
		if (b->in_at > 0) {
			/* once a read, not once a line: a line of a script
			 * piped in does not move the 64 KiB after it */
			memmove(b->in.s, b->in.s + b->in_at, avail + 1);
			b->in.len = avail;
			b->in_at = 0;
		}
		if (b->fd_watched) {
			/* one non-blocking read; else wait for the loop */
			int flags = fcntl(b->fd, F_GETFL);

			fcntl(b->fd, F_SETFL, flags | O_NONBLOCK);
			if (!fill(b)) {
				fcntl(b->fd, F_SETFL, flags);
				watch(b, true);
				return 0;
			}
			fcntl(b->fd, F_SETFL, flags);
		} else {
			fill(b);
		}
	}
	free(b->line);
	nul = memchr(src, '\0', len);
	b->nul_at = nul != NULL ? (size_t)(nul - src) + 1 : 0;
	/* all len bytes, a NUL among them or not */
	if ((b->line = malloc(len + 1)) == NULL)
		abort();
	memcpy(b->line, src, len);
	b->line[len] = '\0';
	if (len > 0 && b->line[len - 1] == '\r')
		b->line[len - 1] = '\0';
	if (b->text != NULL) {
		b->pos += nl != NULL ? len + 1 : len;
	} else {
		b->in_at += nl != NULL ? len + 1 : len;
	}
	b->lineno++;
	return 1;
}

static void
end(struct batch *b, bool exited)
{
	b->over = true;
	watch(b, false);
	/* the owner may free the batch here: touch nothing after */
	b->done(b->arg, b->status, exited);
}

/* Returns true if the batch is over (and may have been freed). */
static bool
settle(struct batch *b, enum cmd_status st)
{
	if (st == CMD_EXIT) {
		end(b, true);
		return true;
	}
	if (st == CMD_FAILED) {
		b->status = 1;
		if (!b->keep_going) {
			end(b, false);
			return true;
		}
	}
	return false;
}

static void
line_done(void *arg, enum cmd_status st)
{
	struct batch *b = arg;

	b->waiting = false;
	if (!settle(b, st))
		evloop_timer_start(b->loop, &b->kick, 0);
}

/*
 * Show the line after its prompt, as a terminal would have; false for a
 * blank line or a comment, which is neither shown nor run.
 */
static bool
echo_line(struct batch *b)
{
	const char *p = b->line + strspn(b->line, " \t");
	char prompt[256], shown[GRAM_LINE_MAX + 16];

	if (*p == '\0' || *p == '!')
		return false;
	b->target.ops->prompt(b->target.ctx, prompt, sizeof(prompt));
	stdout_write(prompt, strlen(prompt));
	/* the transcript keeps no key (SPEC 2) */
	gram_mask_secrets(b->line, M_NONE, shown, sizeof(shown), NULL);
	stdout_write(shown, strlen(shown));
	stdout_write("\n", 1);
	return true;
}

/*
 * As if typed: a line that ends in `?` lists what may come next, as the
 * key does at a terminal, and is not run (the line would still be
 * waiting in the editor).
 */
static bool
asks_help(struct batch *b)
{
	size_t len = strlen(b->line);
	struct strbuf out;

	if (len == 0 || b->line[len - 1] != '?')
		return false;
	b->line[len - 1] = '\0';
	strbuf_init(&out);
	b->target.ops->help(b->target.ctx, b->line, &out);
	if (out.len > 0)
		stdout_write(out.s, out.len);
	strbuf_free(&out);
	return true;
}

/*
 * A NUL would end the line early in silence: the rest of a description,
 * say, would be lost.  Such a line is not run at all.
 */
static void
refuse_nul(struct batch *b)
{
	char msg[600];
	int n;

	if (b->echo)
		n = snprintf(msg, sizeof(msg), "%% a NUL byte at column %zu: "
		    "a script is text\n", b->nul_at);
	else
		n = snprintf(msg, sizeof(msg), "%s:%u: %% a NUL byte at column "
		    "%zu: a script is text\n", b->name, b->lineno, b->nul_at);
	fflush(stdout);
	write_all(STDERR_FILENO, msg, (size_t)n < sizeof(msg) ? (size_t)n :
	    sizeof(msg) - 1);
}

static void
run_lines(void *arg)
{
	struct batch *b = arg;
	enum cmd_status st;
	int got;

	if (b->over || b->waiting)
		return;
	for (;;) {
		got = next_line(b);
		if (got == 0)
			return;
		if (got < 0) {
			end(b, false);
			return;
		}
		if (b->echo && !echo_line(b))
			continue;
		if (b->echo && asks_help(b))
			continue;
		if (b->nul_at != 0) {
			refuse_nul(b);
			if (settle(b, CMD_FAILED))
				return;
			continue;
		}
		/* an echoed line is as if typed: no file, no line number */
		st = b->target.ops->run(b->target.ctx, b->line,
		    b->echo ? NULL : b->name, b->lineno, line_done, b);
		if (st == CMD_PENDING) {
			b->waiting = true;
			return;
		}
		if (settle(b, st))
			return;
		if (evloop_yield(b->loop)) {
			evloop_work_post(b->loop, &b->more);
			return;
		}
	}
}

static bool
run_more(void *arg)
{
	run_lines(arg);
	return false;	/* it posts itself again if it yields */
}

/*
 * stdio_io: write(2) in full, retrying short writes and EINTR.  A closed
 * pipe (EPIPE, SIGPIPE ignored) just drops the text, as `| head` expects.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <unistd.h>

#include "stdio_io.h"

void
write_all(int fd, const char *text, size_t len)
{
	struct pollfd p = { .fd = fd, .events = POLLOUT };
	ssize_t n;

	while (len > 0) {
		n = write(fd, text, len);
		if (n > 0) {
			text += n;
			len -= (size_t)n;
		} else if (n == -1 && errno == EINTR) {
			continue;
		} else if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			poll(&p, 1, -1);
		} else {
			return;
		}
	}
}

static void
out(void *ctx, const char *text, size_t len)
{
	(void)ctx;
	fflush(stdout);
	write_all(STDOUT_FILENO, text, len);
}

static void
err(void *ctx, const char *text, size_t len)
{
	(void)ctx;
	fflush(stdout);
	write_all(STDERR_FILENO, text, len);
}

const struct session_io stdio_io = { out, err, NULL, NULL };

/*
 * stdio_io: write(2) in full, retrying short writes and EINTR.  A closed
 * pipe (EPIPE, SIGPIPE ignored) just drops the text, as `| head` expects;
 * any other failure on standard output is remembered, and main() turns
 * it into the exit status.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <unistd.h>

#include "stdio_io.h"

static int stdout_errno;
static int stdout_closed;		/* at start: every write is EBADF */

void
stdio_guard(void)
{
	int fd;

	for (fd = 0; fd <= 2; fd++) {
		if (fcntl(fd, F_GETFD) != -1 || errno != EBADF)
			continue;
		if (open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY) != fd)
			_exit(2);	/* descriptors are not what they seem */
		if (fd == STDOUT_FILENO)
			stdout_closed = 1;
	}
}

int
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
		} else if (n == -1 && errno == EPIPE) {
			return 0;
		} else {
			if (n == 0)
				errno = EIO;
			return -1;
		}
	}
	return 0;
}

static void
remember(void)
{
	if (stdout_errno == 0)
		stdout_errno = errno != 0 ? errno : EIO;
}

void
stdout_write(const char *text, size_t len)
{
	if (stdout_closed && len > 0) {
		errno = EBADF;
		remember();
		return;
	}
	if (fflush(stdout) == EOF)
		remember();
	if (write_all(STDOUT_FILENO, text, len) == -1)
		remember();
}

int
stdout_error(void)
{
	if ((fflush(stdout) == EOF || ferror(stdout)) && errno != EPIPE)
		remember();
	if (stdout_closed && stdout_errno == 0 && ftell(stdout) > 0) {
		errno = EBADF;		/* stdio's own output went nowhere */
		remember();
	}
	return stdout_errno;
}

static void
out(void *ctx, const char *text, size_t len)
{
	(void)ctx;
	stdout_write(text, len);
}

static void
err(void *ctx, const char *text, size_t len)
{
	(void)ctx;
	fflush(stdout);
	write_all(STDERR_FILENO, text, len);
}

const struct session_io stdio_io = { out, err, NULL, NULL, NULL };

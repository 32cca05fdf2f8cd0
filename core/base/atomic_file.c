/*
 * atomic_file: write a temporary file beside the target, flush it to disk,
 * rename it over the target, then flush the directory so the rename itself
 * survives a power cut.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomic_file.h"

static int
failed(char *why, size_t whylen, const char *step, const char *tmp)
{
	int saved = errno;

	snprintf(why, whylen, "%s: %s", step, strerror(saved));
	if (tmp != NULL)
		unlink(tmp);
	errno = saved;
	return -1;
}

int
atomic_file_write(const char *path, const char *data, size_t len, mode_t mode,
    char *why, size_t whylen)
{
	char tmp[4096], dir[4096];
	size_t done = 0;
	ssize_t n;
	int fd, dfd;

	if (snprintf(tmp, sizeof(tmp), "%s.tmp.XXXXXX", path) >=
	    (int)sizeof(tmp)) {
		errno = ENAMETOOLONG;
		return failed(why, whylen, "name", NULL);
	}
	if ((fd = mkstemp(tmp)) == -1)
		return failed(why, whylen, "create temporary file", NULL);
	if (fchmod(fd, mode) == -1) {
		close(fd);
		return failed(why, whylen, "chmod", tmp);
	}
	while (done < len) {
		n = write(fd, data + done, len - done);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			close(fd);
			return failed(why, whylen, "write", tmp);
		}
		done += (size_t)n;
	}
	if (fsync(fd) == -1) {
		close(fd);
		return failed(why, whylen, "fsync", tmp);
	}
	if (close(fd) == -1)
		return failed(why, whylen, "close", tmp);
	if (rename(tmp, path) == -1)
		return failed(why, whylen, "rename", tmp);
	snprintf(dir, sizeof(dir), "%s", path);
	if ((dfd = open(dirname(dir), O_RDONLY | O_DIRECTORY | O_CLOEXEC)) != -1) {
		fsync(dfd);
		close(dfd);
	}
	return 0;
}

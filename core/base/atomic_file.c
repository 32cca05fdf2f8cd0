/*
 * atomic_file: write a temporary file beside the target, flush it to disk,
 * rename it over the target, then flush the directory so the rename itself
 * survives a power cut.  The data may come in pieces, a slice of the loop
 * at a time: each piece's writeback is started as it is written, so the
 * flush at the end has little left to wait for.
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

struct atomic_file {
	int	 fd;
	off_t	 written;
	char	 path[4096];
	char	 tmp[4096];
};

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

struct atomic_file *
atomic_file_open(const char *path, mode_t mode, char *why, size_t whylen)
{
	struct atomic_file *f = calloc(1, sizeof(*f));

	if (f == NULL) {
		failed(why, whylen, "create temporary file", NULL);
		return NULL;
	}
	if (snprintf(f->path, sizeof(f->path), "%s", path) >=
	    (int)sizeof(f->path) || snprintf(f->tmp, sizeof(f->tmp),
	    "%s.tmp.XXXXXX", path) >= (int)sizeof(f->tmp)) {
		free(f);
		errno = ENAMETOOLONG;
		failed(why, whylen, "name", NULL);
		return NULL;
	}
	if ((f->fd = mkstemp(f->tmp)) == -1) {
		failed(why, whylen, "create temporary file", NULL);
		free(f);
		return NULL;
	}
	if (fchmod(f->fd, mode) == -1) {
		failed(why, whylen, "chmod", f->tmp);
		close(f->fd);
		free(f);
		return NULL;
	}
	return f;
}

int
atomic_file_add(struct atomic_file *f, const char *data, size_t len,
    char *why, size_t whylen)
{
	off_t from = f->written;
	size_t done = 0;
	ssize_t n;

	while (done < len) {
		n = write(f->fd, data + done, len - done);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			return failed(why, whylen, "write", NULL);
		done += (size_t)n;
	}
	f->written += (off_t)len;
	/* only starts the writeback: it does not wait for the disk */
	if (len > 0)
		(void)sync_file_range(f->fd, from, (off_t)len,
		    SYNC_FILE_RANGE_WRITE);
	return 0;
}

void
atomic_file_abort(struct atomic_file *f)
{
	if (f == NULL)
		return;
	close(f->fd);
	unlink(f->tmp);
	free(f);
}

int
atomic_file_commit(struct atomic_file *f, char *why, size_t whylen)
{
	char dir[4096];
	int dfd;

	if (fsync(f->fd) == -1) {
		failed(why, whylen, "fsync", NULL);
		atomic_file_abort(f);
		return -1;
	}
	dfd = close(f->fd);
	f->fd = -1;
	if (dfd == -1 || rename(f->tmp, f->path) == -1) {
		failed(why, whylen, dfd == -1 ? "close" : "rename", f->tmp);
		free(f);
		return -1;
	}
	snprintf(dir, sizeof(dir), "%s", f->path);
	if ((dfd = open(dirname(dir), O_RDONLY | O_DIRECTORY | O_CLOEXEC)) != -1) {
		fsync(dfd);
		close(dfd);
	}
	free(f);
	return 0;
}

int
atomic_file_write(const char *path, const char *data, size_t len, mode_t mode,
    char *why, size_t whylen)
{
	struct atomic_file *f;

	if ((f = atomic_file_open(path, mode, why, whylen)) == NULL)
		return -1;
	if (atomic_file_add(f, data, len, why, whylen) == -1) {
		atomic_file_abort(f);
		return -1;
	}
	return atomic_file_commit(f, why, whylen);
}

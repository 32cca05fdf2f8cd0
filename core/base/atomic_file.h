/*
 * atomic_file: replace a file's contents so that a crash at any moment
 * leaves either the old file or the new one, never a mix.
 */
#ifndef ECSH_ATOMIC_FILE_H
#define ECSH_ATOMIC_FILE_H

#include <stddef.h>
#include <sys/types.h>

/* 0, or -1 with errno set and the failing step in why. */
int	atomic_file_write(const char *path, const char *data, size_t len,
	    mode_t mode, char *why, size_t whylen);

/*
 * The same, the data given in pieces: open, add each, then commit (the
 * file replaces path) or abort (path is as it was).  Commit and abort
 * free the handle; NULL or -1 say why as atomic_file_write does.
 */
struct atomic_file;
struct atomic_file *atomic_file_open(const char *path, mode_t mode,
		    char *why, size_t whylen);
int		 atomic_file_add(struct atomic_file *, const char *data,
		    size_t len, char *why, size_t whylen);
int		 atomic_file_commit(struct atomic_file *, char *why,
		    size_t whylen);
void		 atomic_file_abort(struct atomic_file *);

#endif

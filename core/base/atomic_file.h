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

#endif

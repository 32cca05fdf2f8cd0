/*
 * arena: memory for things that are made together and freed together,
 * such as a route table of a million prefixes that lives for one show.
 * Allocation is a pointer bump in big chunks, so a table's pieces lie in
 * the order they were made (the order a walk reads them), and freeing is
 * a chunk at a time rather than a piece at a time.
 */
#ifndef ECSH_ARENA_H
#define ECSH_ARENA_H

#include <stddef.h>

struct arena_chunk;

struct arena {
	struct arena_chunk	*chunk;		/* newest first */
	size_t			 used;		/* in the newest chunk */
};
/* Chunks start small (most tables are a few rows) and double to 1 MiB. */

void	 arena_init(struct arena *);
/* n zeroed bytes, aligned for pointers and 64-bit integers (not for
 * long double); NULL when memory is out */
void	*arena_alloc(struct arena *, size_t n);
char	*arena_strdup(struct arena *, const char *);
void	 arena_free(struct arena *);	/* everything, at once */
/* Everything goes, but the newest chunk stays for what comes next. */
void	 arena_reset(struct arena *);

#endif

/*
 * slab: objects of one size, made and freed one at a time, packed in
 * chunks with no per-object header (a route table holds millions).  A
 * freed object goes on a free list for the next; chunks go back to the
 * system only with the slab.  Chunks start at 16 objects and double to
 * SLAB_CHUNK_MAX, so a slab that holds a few costs a few.
 */
#ifndef ECSH_SLAB_H
#define ECSH_SLAB_H

#include <stddef.h>

enum { SLAB_CHUNK_MAX = 4096 };

struct slab_chunk;

struct slab {
	size_t			 size;		/* of one object */
	struct slab_chunk	*chunks;	/* newest first */
	size_t			 used;		/* of the newest */
	void			*free;		/* freed objects, linked */
	size_t			 live;		/* objects handed out */
};

void	 slab_init(struct slab *, size_t size);
/* One zeroed object (aligned as a pointer), NULL when memory is out. */
void	*slab_alloc(struct slab *);
void	 slab_put(struct slab *, void *);
/* Every chunk, and so every object, goes. */
void	 slab_free(struct slab *);

#endif

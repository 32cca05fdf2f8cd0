/*
 * slab: a chunk is a header and then `count` objects; a free object's
 * first bytes link it to the next free one.
 */
#include <stdalign.h>
#include <stdlib.h>
#include <string.h>

#include "slab.h"

struct slab_chunk {
	struct slab_chunk	*next;
	size_t			 count;
	alignas(max_align_t) unsigned char objects[];
};

void
slab_init(struct slab *s, size_t size)
{
	memset(s, 0, sizeof(*s));
	/* room for the free link; aligned for pointers and 64-bit
	 * integers, as the arena's are */
	s->size = (size + sizeof(void *) - 1) / sizeof(void *) *
	    sizeof(void *);
}

void *
slab_alloc(struct slab *s)
{
	struct slab_chunk *c;
	size_t count;
	void *p;

	if ((p = s->free) != NULL) {
		memcpy(&s->free, p, sizeof(void *));
	} else {
		c = s->chunks;
		if (c == NULL || s->used == c->count) {
			count = c == NULL ? 16 : c->count * 2;
			if (count > SLAB_CHUNK_MAX)
				count = SLAB_CHUNK_MAX;
			if ((c = malloc(sizeof(*c) + count * s->size)) == NULL)
				return NULL;
			c->count = count;
			c->next = s->chunks;
			s->chunks = c;
			s->used = 0;
		}
		p = c->objects + s->used++ * s->size;
	}
	memset(p, 0, s->size);
	s->live++;
	return p;
}

void
slab_put(struct slab *s, void *p)
{
	if (p == NULL)
		return;
	memcpy(p, &s->free, sizeof(void *));
	s->free = p;
	s->live--;
}

void
slab_free(struct slab *s)
{
	struct slab_chunk *c, *next;

	for (c = s->chunks; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	s->chunks = NULL;
	s->free = NULL;
	s->used = s->live = 0;
}

/*
 * arena: bump allocation in chunks.
 */
#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

enum { ARENA_FIRST = 4096, ARENA_MAX = 1 << 20 };

struct arena_chunk {
	struct arena_chunk	*next;
	size_t			 size;
	alignas(max_align_t) unsigned char data[];
};

void
arena_init(struct arena *a)
{
	a->chunk = NULL;
	a->used = 0;
}

void *
arena_alloc(struct arena *a, size_t n)
{
	/* what ecsh stores needs no more (max_align_t's 16 would waste a
	 * tenth of a route table) */
	const size_t align = alignof(uint64_t) > alignof(void *) ?
	    alignof(uint64_t) : alignof(void *);
	struct arena_chunk *c;
	size_t at, size;
	void *p;

	if (n > SIZE_MAX - align - sizeof(*c))
		return NULL;
	at = (a->used + align - 1) & ~(align - 1);
	if (a->chunk == NULL || at + n > a->chunk->size) {
		size = a->chunk == NULL ? ARENA_FIRST :
		    a->chunk->size < ARENA_MAX ? a->chunk->size * 2 : ARENA_MAX;
		if (size < n)
			size = n;	/* a piece of its own */
		if ((c = malloc(sizeof(*c) + size)) == NULL)
			return NULL;
		c->size = size;
		c->next = a->chunk;
		a->chunk = c;
		at = 0;
	}
	p = a->chunk->data + at;
	a->used = at + n;
	memset(p, 0, n);
	return p;
}

char *
arena_strdup(struct arena *a, const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = arena_alloc(a, n);

	if (p != NULL)
		memcpy(p, s, n);
	return p;
}

void
arena_reset(struct arena *a)
{
	struct arena_chunk *c, *next;

	if (a->chunk == NULL)
		return;
	for (c = a->chunk->next; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	a->chunk->next = NULL;
	a->used = 0;
}

void
arena_free(struct arena *a)
{
	struct arena_chunk *c, *next;

	for (c = a->chunk; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	arena_init(a);
}

/*
 * strbuf: a growable text buffer for output that is built, then filtered
 * and written in one piece; or, with a sink, handed on in pieces of
 * STRBUF_SINK_AT as it grows, so output of any size takes that much room.
 */
#ifndef ECSH_STRBUF_H
#define ECSH_STRBUF_H

#include <stdarg.h>
#include <stddef.h>
#include <string.h>

typedef void	(*strbuf_sink)(void *ctx, const char *, size_t);

struct strbuf {
	char		*s;	/* always NUL-terminated once used */
	size_t		 len, cap;
	strbuf_sink	 sink;	/* NULL: the text stays */
	void		*sink_ctx;
};

enum { STRBUF_SINK_AT = 64 * 1024 };

void	strbuf_init(struct strbuf *);
void	strbuf_set_sink(struct strbuf *, strbuf_sink, void *ctx);
void	strbuf_free(struct strbuf *);
void	strbuf_reset(struct strbuf *);
void	strbuf_add_grow(struct strbuf *, const char *, size_t); /* strbuf_add, growing */
void	strbuf_printf(struct strbuf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
void	strbuf_vprintf(struct strbuf *, const char *, va_list);
void	strbuf_json_string(struct strbuf *, const char *);
void	strbuf_pad(struct strbuf *, size_t n);	/* n blanks */

/*
 * Inline, because output of a million routes is tens of millions of
 * short adds, nearly all of which fit the room there is.
 */
static inline void
strbuf_add(struct strbuf *b, const char *s, size_t n)
{
	if (b->len + n < b->cap) {
		memcpy(b->s + b->len, s, n);
		b->len += n;
		b->s[b->len] = '\0';
	} else
		strbuf_add_grow(b, s, n);
}

static inline void
strbuf_puts(struct strbuf *b, const char *s)
{
	strbuf_add(b, s, strlen(s));
}

#endif

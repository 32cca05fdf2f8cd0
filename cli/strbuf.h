/*
 * strbuf: a growable text buffer for output that is built, then filtered
 * and written in one piece.
 */
#ifndef ECSH_STRBUF_H
#define ECSH_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

struct strbuf {
	char	*s;		/* always NUL-terminated once used */
	size_t	 len, cap;
};

void	strbuf_init(struct strbuf *);
void	strbuf_free(struct strbuf *);
void	strbuf_reset(struct strbuf *);
void	strbuf_add(struct strbuf *, const char *, size_t);
void	strbuf_puts(struct strbuf *, const char *);
void	strbuf_printf(struct strbuf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
void	strbuf_vprintf(struct strbuf *, const char *, va_list);
void	strbuf_json_string(struct strbuf *, const char *);
void	strbuf_pad(struct strbuf *, size_t n);	/* n blanks */

#endif

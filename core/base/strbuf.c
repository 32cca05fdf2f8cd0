/*
 * strbuf: growable text.  Allocation failure aborts: a shell that silently
 * drops output would be worse than one that stops.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"
#include "strbuf.h"

void
strbuf_init(struct strbuf *b)
{
	b->s = NULL;
	b->len = b->cap = 0;
	b->sink = NULL;
	b->sink_ctx = NULL;
}

void
strbuf_set_sink(struct strbuf *b, strbuf_sink sink, void *ctx)
{
	b->sink = sink;
	b->sink_ctx = ctx;
}

void
strbuf_free(struct strbuf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
}

void
strbuf_reset(struct strbuf *b)
{
	b->len = 0;
	if (b->s != NULL)
		b->s[0] = '\0';
}

static void
reserve(struct strbuf *b, size_t more)
{
	size_t cap = b->cap ? b->cap : 256;
	char *p;

	if (b->len + more + 1 <= b->cap)
		return;
	if (b->sink != NULL && b->cap >= STRBUF_SINK_AT && b->len > 0) {
		b->sink(b->sink_ctx, b->s, b->len);
		strbuf_reset(b);
		if (more + 1 <= b->cap)
			return;
	}
	while (cap < b->len + more + 1)
		cap *= 2;
	if ((p = realloc(b->s, cap)) == NULL)
		abort();
	b->s = p;
	b->cap = cap;
}

void
strbuf_add_grow(struct strbuf *b, const char *s, size_t n)
{
	reserve(b, n);
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

/* Most output fits the room left, so it is formatted once. */
void
strbuf_vprintf(struct strbuf *b, const char *fmt, va_list ap)
{
	size_t room = b->cap > b->len ? b->cap - b->len : 0;
	va_list aq;
	int n;

	va_copy(aq, ap);
	n = vsnprintf(room > 0 ? b->s + b->len : NULL, room, fmt, aq);
	va_end(aq);
	if (n < 0) {
		if (room > 0)
			b->s[b->len] = '\0';
		return;
	}
	if ((size_t)n >= room) {
		reserve(b, (size_t)n);
		vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	}
	b->len += (size_t)n;
}

void
strbuf_pad(struct strbuf *b, size_t n)
{
	reserve(b, n);
	memset(b->s + b->len, ' ', n);
	b->len += n;
	b->s[b->len] = '\0';
}

void
strbuf_printf(struct strbuf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	strbuf_vprintf(b, fmt, ap);
	va_end(ap);
}

void
strbuf_json_string(struct strbuf *b, const char *s)
{
	const unsigned char *p, *run;
	uint32_t cp;
	size_t len;

	strbuf_add(b, "\"", 1);
	for (p = run = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p >= 0x20 && *p < 0x80 && *p != '"' && *p != '\\')
			continue;
		if (*p >= 0x80) {
			/* text from a peer may be anything: a document stays
			 * valid UTF-8 whatever it holds (RFC 8259 8.1) */
			/* 4: a NUL is no continuation byte, so the
			 * decoder stops before it */
			if ((len = utf8_decode(p, 4, &cp)) != 0 &&
			    !utf8_is_control(cp)) {
				p += len - 1;
				continue;
			}
			strbuf_add(b, (const char *)run, (size_t)(p - run));
			if (len == 0) {
				strbuf_add(b, "\\ufffd", 6);
				run = p + 1;
			} else {
				strbuf_printf(b, "\\u%04x", cp);
				p += len - 1;
				run = p + 1;
			}
			continue;
		}
		strbuf_add(b, (const char *)run, (size_t)(p - run));
		run = p + 1;
		switch (*p) {
		case '"':
			strbuf_add(b, "\\\"", 2);
			break;
		case '\\':
			strbuf_add(b, "\\\\", 2);
			break;
		case '\n':
			strbuf_add(b, "\\n", 2);
			break;
		case '\t':
			strbuf_add(b, "\\t", 2);
			break;
		default:
			strbuf_printf(b, "\\u%04x", *p);
		}
	}
	strbuf_add(b, (const char *)run, (size_t)(p - run));
	strbuf_add(b, "\"", 1);
}

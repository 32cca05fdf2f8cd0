/*
 * wire: framing and unframing; every length is checked before use.
 */
#include <string.h>

#include "wire.h"

void
wire_reader_init(struct wire_reader *r)
{
	strbuf_init(&r->buf);
	r->start = 0;
}

void
wire_reader_free(struct wire_reader *r)
{
	strbuf_free(&r->buf);
}

void
wire_reader_feed(struct wire_reader *r, const char *data, size_t len)
{
	/* drop what was consumed before the buffer grows again */
	if (r->start > 0) {
		memmove(r->buf.s, r->buf.s + r->start, r->buf.len - r->start);
		r->buf.len -= r->start;
		r->start = 0;
	}
	strbuf_add(&r->buf, data, len);
}

static bool
type_known(unsigned t)
{
	return (t >= W_LINE && t <= W_UNSAVED) ||
	    (t >= W_OUT && t <= W_UNSAVED_REPLY);
}

int
wire_reader_next(struct wire_reader *r, struct wire_frame *f)
{
	const unsigned char *p;
	size_t avail = r->buf.len - r->start;
	uint32_t len;

	if (avail < WIRE_HEADER)
		return 0;
	p = (const unsigned char *)r->buf.s + r->start;
	len = (uint32_t)p[1] << 24 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 8 | p[4];
	if (!type_known(p[0]) || len > WIRE_PAYLOAD_MAX)
		return -1;
	if (avail < WIRE_HEADER + (size_t)len)
		return 0;
	f->type = (enum wire_type)p[0];
	f->payload = (const char *)p + WIRE_HEADER;
	f->len = len;
	r->start += WIRE_HEADER + len;
	return 1;
}

static void
put_one(struct strbuf *out, enum wire_type t, const char *data, size_t len)
{
	char h[WIRE_HEADER];

	h[0] = (char)t;
	h[1] = (char)(len >> 24);
	h[2] = (char)(len >> 16);
	h[3] = (char)(len >> 8);
	h[4] = (char)len;
	strbuf_add(out, h, sizeof(h));
	strbuf_add(out, data, len);
}

void
wire_put(struct strbuf *out, enum wire_type t, const char *data, size_t len)
{
	size_t n;

	if ((t != W_OUT && t != W_ERR) || len <= WIRE_CHUNK) {
		put_one(out, t, data, len);
		return;
	}
	while (len > 0) {
		n = len > WIRE_CHUNK ? WIRE_CHUNK : len;
		put_one(out, t, data, n);
		data += n;
		len -= n;
	}
}

/*
 * buf: see buf.h.
 */
#include <string.h>

#include "buf.h"

int
rbuf_u8(struct rbuf *r, uint8_t *v)
{
	if (r->len < 1)
		return -1;
	*v = r->p[0];
	r->p++;
	r->len--;
	return 0;
}

int
rbuf_u16(struct rbuf *r, uint16_t *v)
{
	if (r->len < 2)
		return -1;
	*v = (uint16_t)(r->p[0] << 8 | r->p[1]);
	r->p += 2;
	r->len -= 2;
	return 0;
}

int
rbuf_u32(struct rbuf *r, uint32_t *v)
{
	if (r->len < 4)
		return -1;
	*v = (uint32_t)r->p[0] << 24 | (uint32_t)r->p[1] << 16 |
	    (uint32_t)r->p[2] << 8 | r->p[3];
	r->p += 4;
	r->len -= 4;
	return 0;
}

int
rbuf_sub(struct rbuf *r, size_t n, struct rbuf *sub)
{
	if (r->len < n)
		return -1;
	*sub = rbuf_of(r->p, n);
	r->p += n;
	r->len -= n;
	return 0;
}

int
rbuf_copy(struct rbuf *r, void *dst, size_t n)
{
	struct rbuf s;

	if (rbuf_sub(r, n, &s) == -1)
		return -1;
	if (n > 0)
		memcpy(dst, s.p, n);
	return 0;
}

void
wbuf_bytes(struct wbuf *w, const void *p, size_t n)
{
	if (w->overflow || w->cap - w->len < n) {
		w->overflow = true;
		return;
	}
	if (n > 0)
		memcpy(w->p + w->len, p, n);
	w->len += n;
}

void
wbuf_u8(struct wbuf *w, uint8_t v)
{
	wbuf_bytes(w, &v, 1);
}

void
wbuf_u16(struct wbuf *w, uint16_t v)
{
	uint8_t b[2] = { (uint8_t)(v >> 8), (uint8_t)v };

	wbuf_bytes(w, b, 2);
}

void
wbuf_u32(struct wbuf *w, uint32_t v)
{
	uint8_t b[4] = { (uint8_t)(v >> 24), (uint8_t)(v >> 16),
	    (uint8_t)(v >> 8), (uint8_t)v };

	wbuf_bytes(w, b, 4);
}

void
wbuf_patch_u16(struct wbuf *w, size_t at, uint16_t v)
{
	if (w->overflow || at + 2 > w->len)
		return;
	w->p[at] = (uint8_t)(v >> 8);
	w->p[at + 1] = (uint8_t)v;
}

/*
 * buf: the bounds-checked reader and writer every wire decoder and encoder
 * uses.  A read past the end fails (returns -1) instead of reading on; a
 * write past capacity sets a sticky error that is checked once at the end,
 * as OpenBGPD's ibuf does.
 */
#ifndef ECSH_BUF_H
#define ECSH_BUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct rbuf {
	const uint8_t	*p;
	size_t		 len;	/* bytes left */
};

static inline struct rbuf
rbuf_of(const void *p, size_t len)
{
	return (struct rbuf){ p, len };
}

int	rbuf_u8(struct rbuf *, uint8_t *);
int	rbuf_u16(struct rbuf *, uint16_t *);
int	rbuf_u32(struct rbuf *, uint32_t *);
/* Take n bytes as a sub-reader (no copy). */
int	rbuf_sub(struct rbuf *, size_t n, struct rbuf *sub);
int	rbuf_copy(struct rbuf *, void *dst, size_t n);

struct wbuf {
	uint8_t	*p;
	size_t	 len, cap;
	bool	 overflow;	/* a write did not fit */
};

static inline struct wbuf
wbuf_of(void *p, size_t cap)
{
	return (struct wbuf){ p, 0, cap, false };
}

void	wbuf_u8(struct wbuf *, uint8_t);
void	wbuf_u16(struct wbuf *, uint16_t);
void	wbuf_u32(struct wbuf *, uint32_t);
void	wbuf_bytes(struct wbuf *, const void *, size_t);
/* Write a big-endian 16-bit value at an earlier offset (lengths). */
void	wbuf_patch_u16(struct wbuf *, size_t at, uint16_t);

#endif

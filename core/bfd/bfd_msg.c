/*
 * bfd_msg: decoding and encoding of BFD Control packets (RFC 5880 4.1).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "bfd_msg.h"
#include "../base/buf.h"

const char *const bfd_state_names[BFD_STATE_COUNT] = {
	"AdminDown", "Down", "Init", "Up",
};

const char *const bfd_diag_names[BFD_DIAG_COUNT] = {
	"no diagnostic", "control detection time expired",
	"echo function failed", "neighbor signaled session down",
	"forwarding plane reset", "path down", "concatenated path down",
	"administratively down", "reverse concatenated path down",
};

static int
refuse(char *why, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, len, fmt, ap);
	va_end(ap);
	return -1;
}

int
bfd_decode(const uint8_t *p, size_t len, struct bfd_packet *pk, char *why,
    size_t whylen)
{
	struct rbuf r = rbuf_of(p, len);
	uint8_t vers_diag, flags, length;

	memset(pk, 0, sizeof(*pk));
	if (rbuf_u8(&r, &vers_diag) == -1 || rbuf_u8(&r, &flags) == -1 ||
	    rbuf_u8(&r, &pk->detect_mult) == -1 || rbuf_u8(&r, &length) == -1 ||
	    rbuf_u32(&r, &pk->my_disc) == -1 ||
	    rbuf_u32(&r, &pk->your_disc) == -1 ||
	    rbuf_u32(&r, &pk->desired_min_tx_us) == -1 ||
	    rbuf_u32(&r, &pk->required_min_rx_us) == -1 ||
	    rbuf_u32(&r, &pk->required_min_echo_rx_us) == -1)
		return refuse(why, whylen, "%zu bytes, shorter than the "
		    "24-byte control packet (RFC 5880 4.1)", len);
	if (vers_diag >> 5 != BFD_VERSION)
		return refuse(why, whylen, "version %u, not 1 (RFC 5880 6.8.6)",
		    vers_diag >> 5);
	pk->diag = vers_diag & 0x1f;
	pk->state = (enum bfd_state)(flags >> 6);
	pk->poll = flags & 0x20;
	pk->final = flags & 0x10;
	pk->cpi = flags & 0x08;
	pk->demand = flags & 0x02;
	if (flags & 0x04)
		return refuse(why, whylen, "authentication present but none "
		    "configured (RFC 5880 6.8.6)");
	if (length < BFD_PACKET_LEN)
		return refuse(why, whylen, "length field %u, below 24 "
		    "(RFC 5880 6.8.6)", length);
	if (length > len)
		return refuse(why, whylen, "length field %u, beyond the %zu "
		    "bytes received (RFC 5880 6.8.6)", length, len);
	if (pk->detect_mult == 0)
		return refuse(why, whylen, "detect multiplier 0 "
		    "(RFC 5880 6.8.6)");
	if (flags & 0x01)
		return refuse(why, whylen, "multipoint bit set "
		    "(RFC 5880 6.8.6)");
	if (pk->my_disc == 0)
		return refuse(why, whylen, "my discriminator 0 "
		    "(RFC 5880 6.8.6)");
	if (pk->your_disc == 0 && pk->state != BFD_DOWN &&
	    pk->state != BFD_ADMIN_DOWN)
		return refuse(why, whylen, "your discriminator 0 in state %s "
		    "(RFC 5880 6.8.6)", bfd_state_names[pk->state]);
	if (pk->poll && pk->final)
		return refuse(why, whylen, "poll and final both set "
		    "(RFC 5880 6.5)");
	return 0;
}

bool
bfd_ttl_ok(uint8_t hops, int ttl)
{
	return hops >= 1 && ttl >= 256 - hops && ttl <= 255;
}

size_t
bfd_encode(uint8_t out[BFD_PACKET_LEN], const struct bfd_packet *pk)
{
	struct wbuf w = wbuf_of(out, BFD_PACKET_LEN);

	wbuf_u8(&w, (uint8_t)(BFD_VERSION << 5 | (pk->diag & 0x1f)));
	wbuf_u8(&w, (uint8_t)((unsigned)pk->state << 6 |
	    (pk->poll ? 0x20 : 0) | (pk->final ? 0x10 : 0) |
	    (pk->cpi ? 0x08 : 0) | (pk->demand ? 0x02 : 0)));
	wbuf_u8(&w, pk->detect_mult);
	wbuf_u8(&w, BFD_PACKET_LEN);
	wbuf_u32(&w, pk->my_disc);
	wbuf_u32(&w, pk->your_disc);
	wbuf_u32(&w, pk->desired_min_tx_us);
	wbuf_u32(&w, pk->required_min_rx_us);
	wbuf_u32(&w, pk->required_min_echo_rx_us);
	return w.len;
}

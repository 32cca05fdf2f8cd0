/*
 * fuzz_bfd_msg: any bytes as a BFD Control packet.  What the decoder
 * accepts must encode back to a packet it decodes to the same values.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../core/bfd/bfd_msg.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bfd_packet a, b;
	uint8_t out[BFD_PACKET_LEN];
	char why[128];

	if (bfd_decode(data, size, &a, why, sizeof(why)) != 0)
		return 0;
	if (bfd_encode(out, &a) != BFD_PACKET_LEN ||
	    bfd_decode(out, sizeof(out), &b, why, sizeof(why)) != 0)
		abort();
	if (a.diag != b.diag || a.state != b.state || a.poll != b.poll ||
	    a.final != b.final || a.cpi != b.cpi || a.demand != b.demand ||
	    a.detect_mult != b.detect_mult || a.my_disc != b.my_disc ||
	    a.your_disc != b.your_disc ||
	    a.desired_min_tx_us != b.desired_min_tx_us ||
	    a.required_min_rx_us != b.required_min_rx_us ||
	    a.required_min_echo_rx_us != b.required_min_echo_rx_us)
		abort();
	return 0;
}

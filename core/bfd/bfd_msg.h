/*
 * bfd_msg: the BFD Control packet of RFC 5880 section 4.1, decoded into
 * typed values by one bounds-checked decoder and encoded by one encoder.
 *
 * The decoder applies every check of RFC 5880 6.8.6 that needs only the
 * packet itself; a packet that fails one is to be discarded, and the
 * reason says which rule it broke.  Authentication (section 6.7) is not
 * supported, so a packet with the A bit is refused, as 6.8.6 requires of
 * a session without authentication.
 */
#ifndef ECSH_BFD_MSG_H
#define ECSH_BFD_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum bfd_state { BFD_ADMIN_DOWN, BFD_DOWN, BFD_INIT, BFD_UP, BFD_STATE_COUNT };
extern const char *const bfd_state_names[BFD_STATE_COUNT];

/* RFC 5880 4.1, Diagnostic. */
enum bfd_diag {
	BFD_DIAG_NONE, BFD_DIAG_DETECT_EXPIRED, BFD_DIAG_ECHO_FAILED,
	BFD_DIAG_NEIGHBOR_DOWN, BFD_DIAG_FWD_RESET, BFD_DIAG_PATH_DOWN,
	BFD_DIAG_CONCAT_DOWN, BFD_DIAG_ADMIN_DOWN, BFD_DIAG_REV_CONCAT_DOWN,
	BFD_DIAG_COUNT
};
extern const char *const bfd_diag_names[BFD_DIAG_COUNT];

enum { BFD_VERSION = 1, BFD_PACKET_LEN = 24 };
enum { BFD_PORT_SINGLE_HOP = 3784, BFD_PORT_MULTIHOP = 4784 };

struct bfd_packet {
	uint8_t		diag;
	enum bfd_state	state;
	bool		poll, final;
	bool		cpi;		/* control plane independent */
	bool		demand;
	uint8_t		detect_mult;
	uint32_t	my_disc, your_disc;
	uint32_t	desired_min_tx_us;
	uint32_t	required_min_rx_us;
	uint32_t	required_min_echo_rx_us;
};

/* 0, or -1 with why (the rule broken) set. */
int	bfd_decode(const uint8_t *, size_t, struct bfd_packet *, char *why,
	    size_t whylen);
/* R6 (GTSM-style, RFC 5082): crossed at most `hops` routers. */
bool	bfd_ttl_ok(uint8_t hops, int ttl);

/* Always BFD_PACKET_LEN bytes. */
size_t	bfd_encode(uint8_t out[BFD_PACKET_LEN], const struct bfd_packet *);

#endif

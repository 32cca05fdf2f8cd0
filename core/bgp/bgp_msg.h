/*
 * bgp_msg: BGP-4 messages on the wire (RFC 4271), with multiprotocol
 * (RFC 4760), 4-octet AS (RFC 6793), capabilities (RFC 5492) and route
 * refresh (RFC 2918).
 *
 * One decoder per message type turns bytes into typed values or an error
 * that says what RFC 4271 section 6 and RFC 7606 want done: reset the
 * session with a NOTIFICATION (code, subcode, data), treat the UPDATE's
 * routes as withdrawn, or discard one attribute.  Decoded prefixes stay in
 * the message buffer as validated views, read with bgp_nlri_next().  The
 * encoders write into a caller's buffer and report overflow.
 */
#ifndef ECSH_BGP_MSG_H
#define ECSH_BGP_MSG_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../base/buf.h"
#include "../base/netaddr.h"

enum {
	BGP_HEADER_LEN = 19,
	BGP_MAX_LEN = 4096,
	BGP_VERSION = 4,
	BGP_AS_TRANS = 23456,
	BGP_UNKNOWN_MAX = 8,		/* unknown transitive attrs kept */
};

enum bgp_type {
	BGP_OPEN = 1,
	BGP_UPDATE = 2,
	BGP_NOTIFICATION = 3,
	BGP_KEEPALIVE = 4,
	BGP_ROUTE_REFRESH = 5,
};

/* NOTIFICATION codes and subcodes (RFC 4271 4.5, RFC 4486, RFC 5492). */
enum bgp_err_code {
	BGP_ERR_HEADER = 1, BGP_ERR_OPEN = 2, BGP_ERR_UPDATE = 3,
	BGP_ERR_HOLD = 4, BGP_ERR_FSM = 5, BGP_ERR_CEASE = 6,
};
enum {
	BGP_HDR_SYNC = 1, BGP_HDR_LENGTH = 2, BGP_HDR_TYPE = 3,
	BGP_OPEN_VERSION = 1, BGP_OPEN_PEER_AS = 2, BGP_OPEN_BGP_ID = 3,
	BGP_OPEN_OPT_PARAM = 4, BGP_OPEN_HOLD_TIME = 6,
	BGP_OPEN_CAPABILITY = 7,
	BGP_UPD_ATTR_LIST = 1, BGP_UPD_UNKNOWN_WELLKNOWN = 2,
	BGP_UPD_MISSING = 3, BGP_UPD_FLAGS = 4, BGP_UPD_LENGTH = 5,
	BGP_UPD_ORIGIN = 6, BGP_UPD_NEXT_HOP = 8, BGP_UPD_OPT_ATTR = 9,
	BGP_UPD_NETWORK = 10, BGP_UPD_AS_PATH = 11,
	BGP_CEASE_MAX_PREFIX = 1, BGP_CEASE_SHUTDOWN = 2,
	BGP_CEASE_DECONFIGURED = 3, BGP_CEASE_RESET = 4,
	BGP_CEASE_REJECTED = 5, BGP_CEASE_CONFIG_CHANGE = 6,
	BGP_CEASE_COLLISION = 7, BGP_CEASE_BFD_DOWN = 10,
};

/* Path attribute type codes. */
enum bgp_attr_type {
	BGP_ATTR_ORIGIN = 1, BGP_ATTR_AS_PATH = 2, BGP_ATTR_NEXT_HOP = 3,
	BGP_ATTR_MED = 4, BGP_ATTR_LOCAL_PREF = 5,
	BGP_ATTR_ATOMIC_AGGREGATE = 6, BGP_ATTR_AGGREGATOR = 7,
	BGP_ATTR_COMMUNITIES = 8, BGP_ATTR_ORIGINATOR_ID = 9,
	BGP_ATTR_CLUSTER_LIST = 10, BGP_ATTR_MP_REACH = 14,
	BGP_ATTR_MP_UNREACH = 15, BGP_ATTR_EXT_COMMUNITIES = 16,
	BGP_ATTR_AS4_PATH = 17, BGP_ATTR_AS4_AGGREGATOR = 18,
	BGP_ATTR_TRAFFIC_ENGINEERING = 24, BGP_ATTR_IPV6_EXT_COMMUNITIES = 25,
	BGP_ATTR_LARGE_COMMUNITIES = 32, BGP_ATTR_ATTR_SET = 128,
};

enum { BGP_FLAG_OPTIONAL = 0x80, BGP_FLAG_TRANSITIVE = 0x40,
	BGP_FLAG_PARTIAL = 0x20, BGP_FLAG_EXTENDED = 0x10 };

enum { BGP_ORIGIN_IGP = 0, BGP_ORIGIN_EGP = 1, BGP_ORIGIN_INCOMPLETE = 2 };
enum { BGP_AS_SET = 1, BGP_AS_SEQUENCE = 2, BGP_AS_CONFED_SEQUENCE = 3,
	BGP_AS_CONFED_SET = 4 };
enum { BGP_AFI_IPV4 = 1, BGP_AFI_IPV6 = 2, BGP_SAFI_UNICAST = 1 };

/* What the receiver must do about a bad message (RFC 7606 section 2). */
enum bgp_action {
	BGP_ACT_NONE,		/* fine */
	BGP_ACT_DISCARD,	/* an attribute was dropped; routes stand */
	BGP_ACT_WITHDRAW,	/* treat-as-withdraw */
	BGP_ACT_RESET,		/* session reset with NOTIFICATION */
};

struct bgp_error {
	enum bgp_action	 action;
	uint8_t		 code, subcode;
	uint8_t		 data[8];	/* NOTIFICATION data, when any */
	size_t		 datalen;
	const char	*why;		/* for the log and `show bgp peer` */
};

/* Header: 1 a whole message is there, 0 need more bytes, -1 error. */
int	bgp_header_decode(const uint8_t *p, size_t avail, enum bgp_type *type,
	    uint16_t *len, struct bgp_error *);

struct bgp_open {
	uint8_t		version;
	uint32_t	as;		/* 4-octet from the capability if any */
	uint16_t	hold_time;
	uint32_t	bgp_id;		/* host order */
	bool		cap_as4;
	bool		cap_mp_ipv4, cap_mp_ipv6;
	bool		cap_route_refresh;
};

int	bgp_open_decode(struct rbuf body, struct bgp_open *, struct bgp_error *);
size_t	bgp_open_encode(uint8_t *buf, size_t cap, const struct bgp_open *);

struct bgp_unknown_attr {
	uint8_t		flags, type;
	struct rbuf	value;
};

struct bgp_attrs {
	bool		has_origin;
	uint8_t		origin;
	bool		has_as_path;
	struct rbuf	as_path;	/* validated segments */
	uint8_t		as_width;	/* 2 or 4 octets per ASN */
	bool		has_as4_path;
	struct rbuf	as4_path;	/* validated, 4-octet */
	bool		has_next_hop;
	struct in_addr	next_hop;
	bool		has_med;
	uint32_t	med;
	bool		has_local_pref;
	uint32_t	local_pref;
	bool		atomic_aggregate;
	bool		has_aggregator;
	uint32_t	aggregator_as;
	struct in_addr	aggregator_addr;
	bool		has_communities;
	struct rbuf	communities;	/* n x 4 octets */
	bool		has_mp_reach;
	uint16_t	mp_reach_afi;
	struct ipaddr	mp_next_hop;	/* the global address */
	struct rbuf	mp_reach_nlri;	/* validated */
	bool		has_mp_unreach;
	uint16_t	mp_unreach_afi;
	struct rbuf	mp_withdrawn;	/* validated */
	size_t		nunknown;	/* optional transitive, passed on */
	struct bgp_unknown_attr unknown[BGP_UNKNOWN_MAX];
};

struct bgp_update {
	struct rbuf		withdrawn;	/* IPv4, validated */
	struct bgp_attrs	attrs;
	struct rbuf		nlri;		/* IPv4, validated */
	struct bgp_error	error;		/* NONE, DISCARD or WITHDRAW */
};

/* Who sent an UPDATE: how it is read, and what it may carry. */
struct bgp_sender {
	bool	as4;		/* the session negotiated 4-octet ASNs */
	bool	ibgp;		/* an internal peer (RFC 7606 7.5, 7.9, 7.10) */
};

/*
 * 0: decoded; update->error says whether routes stand, lost an attribute,
 * or are to be treated as withdrawn.  -1: reset the session with *err.
 */
int	bgp_update_decode(struct rbuf body, const struct bgp_sender *,
	    struct bgp_update *, struct bgp_error *err);

/* The next prefix of a validated NLRI view: 1, or 0 at the end. */
int	bgp_nlri_next(struct rbuf *, sa_family_t, struct prefix *);

/*
 * The AS path as a flat list of ASNs (AS_SET members included), merged
 * with AS4_PATH as RFC 6793 section 4.2.3 says when the session has
 * 2-octet ASNs.  Returns the path length for the decision process: an
 * AS_SET counts as one.  *n gets the number of ASNs written (at most max).
 */
size_t	bgp_as_path_flatten(const struct bgp_attrs *, uint32_t *asns,
	    size_t max, size_t *n);

struct bgp_notification {
	uint8_t		 code, subcode;
	struct rbuf	 data;
};

int	bgp_notification_decode(struct rbuf body, struct bgp_notification *,
	    struct bgp_error *);
/*
 * "Cease/Administrative Shutdown": the names RFC 4271 6, RFC 4486, RFC 6608,
 * RFC 7313, RFC 8538 and RFC 9384 give a code and subcode.
 */
const char *bgp_notification_name(uint8_t code, uint8_t subcode, char *buf,
	    size_t len);
/*
 * The Shutdown Communication of a Cease 2 or 4 (RFC 9003 2): the text, if
 * the data holds one that is well formed, into buf; else false.
 */
bool	bgp_shutdown_communication(const struct bgp_notification *, char *buf,
	    size_t len);
size_t	bgp_notification_encode(uint8_t *buf, size_t cap, uint8_t code,
	    uint8_t subcode, const uint8_t *data, size_t len);
size_t	bgp_keepalive_encode(uint8_t *buf, size_t cap);
int	bgp_route_refresh_decode(struct rbuf body, uint16_t *afi,
	    uint8_t *safi, struct bgp_error *);
size_t	bgp_route_refresh_encode(uint8_t *buf, size_t cap, uint16_t afi,
	    uint8_t safi);

/* What an UPDATE we send carries. */
struct bgp_route_out {
	uint8_t		 origin;
	const uint32_t	*as_path;	/* one AS_SEQUENCE */
	size_t		 as_path_len;
	struct ipaddr	 next_hop;	/* IPv4: NEXT_HOP; IPv6: MP_REACH */
	bool		 has_med;
	uint32_t	 med;
	const uint32_t	*communities;
	size_t		 ncommunities;
	const struct bgp_unknown_attr *unknown;	/* passed on, Partial set */
	size_t		 nunknown;
};

/*
 * An UPDATE announcing nlri (all of one family) with route, and/or
 * withdrawing withdrawn (same family).  Returns the length, or 0 if it
 * does not fit in cap (callers split their prefixes and try again).
 */
size_t	bgp_update_encode(uint8_t *buf, size_t cap, bool as4,
	    const struct bgp_route_out *route, const struct prefix *nlri,
	    size_t nnlri, const struct prefix *withdrawn, size_t nwithdrawn);

#endif

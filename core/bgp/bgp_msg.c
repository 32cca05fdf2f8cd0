/*
 * bgp_msg: decoding and encoding of BGP-4 messages.  Every read goes
 * through struct rbuf, so a short or lying length is an error here, never
 * an out-of-bounds read.  Each error names the RFC action it takes.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "bgp_msg.h"
#include "../base/utf8.h"

static int
set_err(struct bgp_error *e, enum bgp_action action, uint8_t code,
    uint8_t subcode, const char *why)
{
	if (e != NULL && action >= e->action) {
		e->action = action;
		e->code = code;
		e->subcode = subcode;
		e->why = why;
		e->datalen = 0;
	}
	return -1;
}

static void
err_data16(struct bgp_error *e, uint16_t v)
{
	e->data[0] = (uint8_t)(v >> 8);
	e->data[1] = (uint8_t)v;
	e->datalen = 2;
}

/* Header (RFC 4271 4.1, 6.1). */

int
bgp_header_decode(const uint8_t *p, size_t avail, enum bgp_type *type,
    uint16_t *len, struct bgp_error *err)
{
	static const uint16_t min_len[] = { 0, 29, 23, 21, 19, 23 };
	size_t i;
	uint8_t t;

	memset(err, 0, sizeof(*err));
	if (avail < BGP_HEADER_LEN)
		return 0;
	for (i = 0; i < 16; i++)
		if (p[i] != 0xff)
			return set_err(err, BGP_ACT_RESET, BGP_ERR_HEADER,
			    BGP_HDR_SYNC, "marker is not all ones (RFC 4271 "
			    "6.1)");
	*len = (uint16_t)(p[16] << 8 | p[17]);
	t = p[18];
	if (*len < BGP_HEADER_LEN || *len > BGP_MAX_LEN) {
		set_err(err, BGP_ACT_RESET, BGP_ERR_HEADER, BGP_HDR_LENGTH,
		    "message length outside 19-4096 (RFC 4271 6.1)");
		err_data16(err, *len);
		return -1;
	}
	if (t < BGP_OPEN || t > BGP_ROUTE_REFRESH) {
		set_err(err, BGP_ACT_RESET, BGP_ERR_HEADER, BGP_HDR_TYPE,
		    "unknown message type (RFC 4271 6.1)");
		err->data[0] = t;
		err->datalen = 1;
		return -1;
	}
	/* RFC 4271 6.1: too short for its type; KEEPALIVE is exactly 19 */
	if (*len < min_len[t] || (t == BGP_KEEPALIVE && *len != 19) ||
	    (t == BGP_ROUTE_REFRESH && *len != 23)) {
		set_err(err, BGP_ACT_RESET, BGP_ERR_HEADER, BGP_HDR_LENGTH,
		    "message length wrong for its type (RFC 4271 6.1)");
		err_data16(err, *len);
		return -1;
	}
	*type = (enum bgp_type)t;
	return avail >= *len ? 1 : 0;
}

static void
put_header(struct wbuf *w, enum bgp_type type)
{
	static const uint8_t marker[16] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

	wbuf_bytes(w, marker, sizeof(marker));
	wbuf_u16(w, 0);			/* patched by finish() */
	wbuf_u8(w, (uint8_t)type);
}

static size_t
finish(struct wbuf *w)
{
	if (w->overflow || w->len > BGP_MAX_LEN)
		return 0;
	wbuf_patch_u16(w, 16, (uint16_t)w->len);
	return w->len;
}

/* OPEN (RFC 4271 4.2, 6.2; RFC 5492; RFC 6793; RFC 4760). */

static int
open_capabilities(struct rbuf caps, struct bgp_open *o, uint32_t *as4,
    struct bgp_error *err)
{
	uint8_t code, len, res, safi;
	uint16_t afi;
	struct rbuf v;

	while (caps.len > 0) {
		if (rbuf_u8(&caps, &code) == -1 || rbuf_u8(&caps, &len) == -1 ||
		    rbuf_sub(&caps, len, &v) == -1)
			return set_err(err, BGP_ACT_RESET, BGP_ERR_OPEN, 0,
			    "capability overruns its parameter (RFC 5492)");
		switch (code) {
		case 1:		/* multiprotocol, RFC 4760 8 */
			if (len != 4 || rbuf_u16(&v, &afi) == -1 ||
			    rbuf_u8(&v, &res) == -1 || rbuf_u8(&v, &safi) == -1)
				return set_err(err, BGP_ACT_RESET, BGP_ERR_OPEN,
				    0, "multiprotocol capability is not 4 "
				    "octets (RFC 4760 8)");
			if (afi == BGP_AFI_IPV4 && safi == BGP_SAFI_UNICAST)
				o->cap_mp_ipv4 = true;
			if (afi == BGP_AFI_IPV6 && safi == BGP_SAFI_UNICAST)
				o->cap_mp_ipv6 = true;
			break;
		case 2:		/* route refresh, RFC 2918 */
			o->cap_route_refresh = true;
			break;
		case 65:	/* 4-octet AS, RFC 6793 */
			if (len != 4 || rbuf_u32(&v, as4) == -1)
				return set_err(err, BGP_ACT_RESET, BGP_ERR_OPEN,
				    0, "4-octet AS capability is not 4 octets "
				    "(RFC 6793)");
			o->cap_as4 = true;
			break;
		default:	/* RFC 5492 3: ignore what we do not know */
			break;
		}
	}
	return 0;
}

int
bgp_open_decode(struct rbuf body, struct bgp_open *o, struct bgp_error *err)
{
	uint8_t optlen, ptype, plen;
	uint16_t as16;
	uint32_t as4 = 0;
	struct rbuf params, value;

	memset(o, 0, sizeof(*o));
	memset(err, 0, sizeof(*err));
	if (rbuf_u8(&body, &o->version) == -1 || rbuf_u16(&body, &as16) == -1 ||
	    rbuf_u16(&body, &o->hold_time) == -1 ||
	    rbuf_u32(&body, &o->bgp_id) == -1 || rbuf_u8(&body, &optlen) == -1)
		return set_err(err, BGP_ACT_RESET, BGP_ERR_HEADER,
		    BGP_HDR_LENGTH, "OPEN too short (RFC 4271 6.1)");
	if (o->version != BGP_VERSION) {
		set_err(err, BGP_ACT_RESET, BGP_ERR_OPEN, BGP_OPEN_VERSION,
		    "unsupported version (RFC 4271 6.2)");
		err_data16(err, BGP_VERSION);	/* the largest we speak */
		return -1;
	}
	/* RFC 4271 6.2: hold time 1 or 2 MUST be rejected */
	if (o->hold_time == 1 || o->hold_time == 2)
		return set_err(err, BGP_ACT_RESET, BGP_ERR_OPEN,
		    BGP_OPEN_HOLD_TIME, "hold time of 1 or 2 seconds "
		    "(RFC 4271 6.2)");
	/* RFC 6286 2.2: a BGP identifier is any non-zero 4 octets */
	if (o->bgp_id == 0)
		return set_err(err, BGP_ACT_RESET, BGP_ERR_OPEN,
		    BGP_OPEN_BGP_ID, "BGP identifier is 0 (RFC 6286 2.2)");
	if (optlen != body.len || rbuf_sub(&body, optlen, &params) == -1)
		return set_err(err, BGP_ACT_RESET, BGP_ERR_OPEN, 0,
		    "optional parameters length does not match the message "
		    "(RFC 4271 6.2)");
	while (params.len > 0) {
		if (rbuf_u8(&params, &ptype) == -1 ||
		    rbuf_u8(&params, &plen) == -1 ||
		    rbuf_sub(&params, plen, &value) == -1)
			return set_err(err, BGP_ACT_RESET, BGP_ERR_OPEN, 0,
			    "optional parameter overruns (RFC 4271 6.2)");
		if (ptype != 2)		/* only capabilities are defined */
			return set_err(err, BGP_ACT_RESET, BGP_ERR_OPEN,
			    BGP_OPEN_OPT_PARAM, "unsupported optional "
			    "parameter (RFC 4271 6.2)");
		if (open_capabilities(value, o, &as4, err) == -1)
			return -1;
	}
	o->as = o->cap_as4 ? as4 : as16;
	if (o->as == 0)
		return set_err(err, BGP_ACT_RESET, BGP_ERR_OPEN,
		    BGP_OPEN_PEER_AS, "AS number 0 (RFC 7607)");
	return 0;
}

static void
put_capability(struct wbuf *w, uint8_t code, const uint8_t *v, uint8_t len)
{
	wbuf_u8(w, code);
	wbuf_u8(w, len);
	wbuf_bytes(w, v, len);
}

size_t
bgp_open_encode(uint8_t *buf, size_t cap, const struct bgp_open *o)
{
	static const uint8_t mp4[] = { 0, BGP_AFI_IPV4, 0, BGP_SAFI_UNICAST };
	static const uint8_t mp6[] = { 0, BGP_AFI_IPV6, 0, BGP_SAFI_UNICAST };
	struct wbuf w = wbuf_of(buf, cap);
	uint8_t as4[4] = { (uint8_t)(o->as >> 24), (uint8_t)(o->as >> 16),
	    (uint8_t)(o->as >> 8), (uint8_t)o->as };
	size_t optlen_at, param_at;

	put_header(&w, BGP_OPEN);
	wbuf_u8(&w, BGP_VERSION);
	wbuf_u16(&w, o->as > 0xffff ? BGP_AS_TRANS : (uint16_t)o->as);
	wbuf_u16(&w, o->hold_time);
	wbuf_u32(&w, o->bgp_id);
	optlen_at = w.len;
	wbuf_u8(&w, 0);
	wbuf_u8(&w, 2);			/* one capabilities parameter */
	param_at = w.len;
	wbuf_u8(&w, 0);
	if (o->cap_mp_ipv4)
		put_capability(&w, 1, mp4, sizeof(mp4));
	if (o->cap_mp_ipv6)
		put_capability(&w, 1, mp6, sizeof(mp6));
	if (o->cap_route_refresh)
		put_capability(&w, 2, NULL, 0);
	if (o->cap_as4)
		put_capability(&w, 65, as4, sizeof(as4));
	if (!w.overflow) {
		w.p[param_at] = (uint8_t)(w.len - param_at - 1);
		w.p[optlen_at] = (uint8_t)(w.len - optlen_at - 1);
	}
	return finish(&w);
}

/* Prefixes (RFC 4271 4.3, RFC 4760 5). */

static int
nlri_validate(struct rbuf r, sa_family_t family)
{
	unsigned max = family == AF_INET ? 32 : 128;
	uint8_t len;
	struct rbuf bytes;

	while (r.len > 0)
		if (rbuf_u8(&r, &len) == -1 || len > max ||
		    rbuf_sub(&r, (len + 7u) / 8, &bytes) == -1)
			return -1;
	return 0;
}

int
bgp_nlri_next(struct rbuf *r, sa_family_t family, struct prefix *p)
{
	uint8_t len, *dst;
	size_t n, i;

	if (r->len == 0 || rbuf_u8(r, &len) == -1)
		return 0;
	memset(p, 0, sizeof(*p));
	p->addr.family = family;
	p->len = len;
	n = (len + 7u) / 8;
	dst = family == AF_INET ? (uint8_t *)&p->addr.v4 :
	    (uint8_t *)&p->addr.v6;
	if (len > (family == AF_INET ? 32 : 128) || rbuf_copy(r, dst, n) == -1)
		return 0;	/* not reached on a validated view */
	/* trailing bits past the length are not part of the prefix */
	if (len % 8)
		dst[n - 1] &= (uint8_t)(0xff << (8 - len % 8));
	for (i = n; i < (family == AF_INET ? 4u : 16u); i++)
		dst[i] = 0;
	return 1;
}

static void
put_prefix(struct wbuf *w, const struct prefix *p)
{
	const uint8_t *src = p->addr.family == AF_INET ?
	    (const uint8_t *)&p->addr.v4 : (const uint8_t *)&p->addr.v6;

	wbuf_u8(w, p->len);
	wbuf_bytes(w, src, (p->len + 7u) / 8);
}

/*
 * Path attributes (RFC 4271 5, 6.3; RFC 7606 3, 4, 7; RFC 7607; RFC 8092).
 *
 * Each attribute type ecsh knows is one row of attr_rules[]: its flags, its
 * length rule, what a malformed one costs, whether an external peer may
 * send it at all, and the section that says so.  decode_attrs() applies
 * the rows in one order for every type: framing, duplicates (3.g), from
 * an external peer (7.5, 7.9, 7.10), flags (3.c), length, then the value
 * checks of the row's decoder.  The strongest action found wins (3.f).
 */

/* RFC 7607 2: AS 0 anywhere in a path is malformed. */
static int
as_path_validate(struct rbuf r, uint8_t width, bool external)
{
	uint8_t type, count, i;
	uint16_t as16;
	uint32_t as;

	while (r.len > 0) {
		if (rbuf_u8(&r, &type) == -1 || rbuf_u8(&r, &count) == -1 ||
		    count == 0 || type < BGP_AS_SET ||
		    type > BGP_AS_CONFED_SET)
			return -1;
		/* RFC 7606 7.2: confederation segments from an external peer */
		if (external && (type == BGP_AS_CONFED_SEQUENCE ||
		    type == BGP_AS_CONFED_SET))
			return -1;
		for (i = 0; i < count; i++) {
			if (width == 4 ? rbuf_u32(&r, &as) == -1 :
			    rbuf_u16(&r, &as16) == -1)
				return -1;
			if ((width == 4 ? as : as16) == 0)
				return -1;
		}
	}
	return 0;
}

struct attr_ctx {
	struct bgp_update	*u;
	bool			 as4, ibgp;
	uint8_t			 flags, type;
	struct rbuf		 value;
	const struct attr_rule	*rule;
	struct bgp_error	*err;		/* for session resets */
};

/* The action of a row on its attribute: RFC 7606 2's four approaches. */
static int
act(struct attr_ctx *c, enum bgp_action action, uint8_t subcode,
    const char *why)
{
	if (action == BGP_ACT_RESET)
		return set_err(c->err, BGP_ACT_RESET, BGP_ERR_UPDATE, subcode,
		    why);
	set_err(&c->u->error, action, BGP_ERR_UPDATE, subcode, why);
	return 0;
}

enum len_rule {
	LEN_ANY,
	LEN_IS,		/* exactly n (n4 on a 4-octet session) */
	LEN_TIMES,	/* a non-zero multiple of n (RFC 7606 4: zero is bad) */
	LEN_AT_LEAST,
};

struct attr_rule {
	const char	*name;
	uint8_t		 flags;		/* Optional and Transitive, RFC 4271 5 */
	enum len_rule	 len_rule;
	uint16_t	 n, n4;
	enum bgp_action	 malformed;	/* length or value wrong */
	uint8_t		 subcode;
	bool		 internal_only;	/* from an external peer: discarded */
	const char	*why;		/* what is wrong, and where it is said */
	int		(*decode)(struct attr_ctx *);	/* value checks */
};

static int
bad(struct attr_ctx *c)
{
	return act(c, c->rule->malformed, c->rule->subcode, c->rule->why);
}

static int
attr_origin(struct attr_ctx *c)
{
	struct bgp_attrs *a = &c->u->attrs;

	rbuf_u8(&c->value, &a->origin);
	if (a->origin > BGP_ORIGIN_INCOMPLETE)
		return bad(c);
	a->has_origin = true;
	return 0;
}

static int
attr_as_path(struct attr_ctx *c)
{
	struct bgp_attrs *a = &c->u->attrs;
	uint8_t width = c->as4 ? 4 : 2;

	if (as_path_validate(c->value, width, !c->ibgp) == -1)
		return bad(c);
	a->has_as_path = true;
	a->as_path = c->value;
	a->as_width = width;
	return 0;
}

static int
attr_next_hop(struct attr_ctx *c)
{
	struct bgp_attrs *a = &c->u->attrs;
	uint32_t nh;

	rbuf_copy(&c->value, &a->next_hop, 4);
	nh = ntohl(a->next_hop.s_addr);
	/* RFC 4271 6.3: not 0, not multicast or reserved; 127/8 is taken
	 * (peers on loopback send it) */
	if (nh == 0 || nh >= 0xe0000000u)
		return act(c, BGP_ACT_WITHDRAW, BGP_UPD_NEXT_HOP, "NEXT_HOP "
		    "is not a unicast address (RFC 4271 6.3)");
	a->has_next_hop = true;
	return 0;
}

static int
attr_med(struct attr_ctx *c)
{
	c->u->attrs.has_med = rbuf_u32(&c->value, &c->u->attrs.med) == 0;
	return 0;
}

static int
attr_local_pref(struct attr_ctx *c)
{
	c->u->attrs.has_local_pref = rbuf_u32(&c->value,
	    &c->u->attrs.local_pref) == 0;
	return 0;
}

static int
attr_atomic_aggregate(struct attr_ctx *c)
{
	c->u->attrs.atomic_aggregate = true;
	return 0;
}

static int
attr_aggregator(struct attr_ctx *c)
{
	struct bgp_attrs *a = &c->u->attrs;
	uint16_t as16 = 0;
	uint32_t as = 0;

	if (c->as4)
		rbuf_u32(&c->value, &as);
	else if (rbuf_u16(&c->value, &as16) == 0)
		as = as16;
	if (as == 0)		/* RFC 7607 2 */
		return act(c, BGP_ACT_DISCARD, BGP_UPD_OPT_ATTR, "AGGREGATOR "
		    "of AS 0 (RFC 7607 2)");
	a->aggregator_as = as;
	rbuf_copy(&c->value, &a->aggregator_addr, 4);
	a->has_aggregator = true;
	return 0;
}

static int
attr_communities(struct attr_ctx *c)
{
	c->u->attrs.has_communities = true;
	c->u->attrs.communities = c->value;
	return 0;
}

static sa_family_t
afi_family(uint16_t afi)
{
	return afi == BGP_AFI_IPV4 ? AF_INET : afi == BGP_AFI_IPV6 ? AF_INET6 :
	    AF_UNSPEC;
}

static int
attr_mp_reach(struct attr_ctx *c)
{
	struct bgp_attrs *a = &c->u->attrs;
	struct rbuf nh;
	uint16_t afi;
	uint8_t safi, nhlen, reserved;
	sa_family_t family;

	if (rbuf_u16(&c->value, &afi) == -1 || rbuf_u8(&c->value, &safi) == -1 ||
	    rbuf_u8(&c->value, &nhlen) == -1 ||
	    rbuf_sub(&c->value, nhlen, &nh) == -1 ||
	    rbuf_u8(&c->value, &reserved) == -1)
		return bad(c);
	family = afi_family(afi);
	if (family == AF_UNSPEC || safi != BGP_SAFI_UNICAST)
		return 0;	/* RFC 4760 7: not ours; ignore */
	/* RFC 4760 3, RFC 2545 3: 4 for IPv4; 16, or 32 with a link-local */
	if ((family == AF_INET && nhlen != 4) ||
	    (family == AF_INET6 && nhlen != 16 && nhlen != 32))
		return act(c, BGP_ACT_RESET, BGP_UPD_OPT_ATTR, "MP_REACH_NLRI "
		    "next hop of the wrong length (RFC 7606 7.11)");
	if (nlri_validate(c->value, family) == -1)
		return act(c, BGP_ACT_RESET, BGP_UPD_OPT_ATTR, "MP_REACH_NLRI "
		    "prefixes are malformed (RFC 7606 5.3)");
	memset(&a->mp_next_hop, 0, sizeof(a->mp_next_hop));
	a->mp_next_hop.family = family;
	rbuf_copy(&nh, family == AF_INET ? (void *)&a->mp_next_hop.v4 :
	    (void *)&a->mp_next_hop.v6, family == AF_INET ? 4 : 16);
	a->has_mp_reach = true;
	a->mp_reach_afi = afi;
	a->mp_reach_nlri = c->value;
	return 0;
}

static int
attr_mp_unreach(struct attr_ctx *c)
{
	struct bgp_attrs *a = &c->u->attrs;
	uint16_t afi;
	uint8_t safi;
	sa_family_t family;

	rbuf_u16(&c->value, &afi);
	rbuf_u8(&c->value, &safi);
	family = afi_family(afi);
	if (family == AF_UNSPEC || safi != BGP_SAFI_UNICAST)
		return 0;
	if (nlri_validate(c->value, family) == -1)
		return act(c, BGP_ACT_RESET, BGP_UPD_OPT_ATTR, "MP_UNREACH_NLRI "
		    "prefixes are malformed (RFC 7606 5.3)");
	a->has_mp_unreach = true;
	a->mp_unreach_afi = afi;
	a->mp_withdrawn = c->value;
	return 0;
}

static int
attr_as4_path(struct attr_ctx *c)
{
	/* RFC 6793 6: between 4-octet speakers it is ignored */
	if (c->as4)
		return 0;
	if (as_path_validate(c->value, 4, !c->ibgp) == -1)
		return bad(c);
	c->u->attrs.has_as4_path = true;
	c->u->attrs.as4_path = c->value;
	return 0;
}

static int
attr_as4_aggregator(struct attr_ctx *c)
{
	uint32_t as;

	if (rbuf_u32(&c->value, &as) == 0 && as == 0)
		return act(c, BGP_ACT_DISCARD, BGP_UPD_OPT_ATTR,
		    "AS4_AGGREGATOR of AS 0 (RFC 7607 2)");
	return 0;
}

/* Known, checked, and passed on as an optional transitive attribute is. */
static int
attr_pass_on(struct attr_ctx *c)
{
	struct bgp_attrs *a = &c->u->attrs;

	if (c->flags & BGP_FLAG_TRANSITIVE && a->nunknown < BGP_UNKNOWN_MAX)
		a->unknown[a->nunknown++] = (struct bgp_unknown_attr){
		    c->flags, c->type, c->value };
	return 0;
}

/* Checked and not kept: the cloud reflects no routes (RFC 4456). */
static int
attr_checked(struct attr_ctx *c)
{
	(void)c;
	return 0;
}

#define O	BGP_FLAG_OPTIONAL
#define T	BGP_FLAG_TRANSITIVE
#define TAW	BGP_ACT_WITHDRAW
#define DISC	BGP_ACT_DISCARD
static const struct attr_rule attr_rules[] = {
	[BGP_ATTR_ORIGIN] = { "ORIGIN", T, LEN_IS, 1, 1, TAW, BGP_UPD_ORIGIN,
	    false, "bad ORIGIN (RFC 7606 7.1)", attr_origin },
	[BGP_ATTR_AS_PATH] = { "AS_PATH", T, LEN_ANY, 0, 0, TAW,
	    BGP_UPD_AS_PATH, false, "malformed AS_PATH (RFC 7606 7.2, RFC 7607 "
	    "2)", attr_as_path },
	[BGP_ATTR_NEXT_HOP] = { "NEXT_HOP", T, LEN_IS, 4, 4, TAW,
	    BGP_UPD_LENGTH, false, "NEXT_HOP is not 4 octets (RFC 7606 7.3)",
	    attr_next_hop },
	[BGP_ATTR_MED] = { "MULTI_EXIT_DISC", O, LEN_IS, 4, 4, TAW,
	    BGP_UPD_LENGTH, false, "MULTI_EXIT_DISC is not 4 octets "
	    "(RFC 7606 7.4)", attr_med },
	[BGP_ATTR_LOCAL_PREF] = { "LOCAL_PREF", T, LEN_IS, 4, 4, TAW,
	    BGP_UPD_LENGTH, true, "LOCAL_PREF is not 4 octets (RFC 7606 7.5)",
	    attr_local_pref },
	[BGP_ATTR_ATOMIC_AGGREGATE] = { "ATOMIC_AGGREGATE", T, LEN_IS, 0, 0,
	    DISC, BGP_UPD_OPT_ATTR, false, "ATOMIC_AGGREGATE is not empty "
	    "(RFC 7606 7.6)", attr_atomic_aggregate },
	[BGP_ATTR_AGGREGATOR] = { "AGGREGATOR", O | T, LEN_IS, 6, 8, DISC,
	    BGP_UPD_OPT_ATTR, false, "AGGREGATOR of the wrong length "
	    "(RFC 7606 7.7)", attr_aggregator },
	[BGP_ATTR_COMMUNITIES] = { "COMMUNITIES", O | T, LEN_TIMES, 4, 4, TAW,
	    BGP_UPD_LENGTH, false, "COMMUNITIES is not a non-zero multiple "
	    "of 4 octets (RFC 7606 7.8)", attr_communities },
	[BGP_ATTR_ORIGINATOR_ID] = { "ORIGINATOR_ID", O, LEN_IS, 4, 4, TAW,
	    BGP_UPD_LENGTH, true, "ORIGINATOR_ID is not 4 octets "
	    "(RFC 7606 7.9)", attr_checked },
	[BGP_ATTR_CLUSTER_LIST] = { "CLUSTER_LIST", O, LEN_TIMES, 4, 4, TAW,
	    BGP_UPD_LENGTH, true, "CLUSTER_LIST is not a non-zero multiple "
	    "of 4 octets (RFC 7606 7.10)", attr_checked },
	[BGP_ATTR_MP_REACH] = { "MP_REACH_NLRI", O, LEN_AT_LEAST, 5, 5,
	    BGP_ACT_RESET, BGP_UPD_OPT_ATTR, false, "MP_REACH_NLRI too short "
	    "(RFC 7606 7.11)", attr_mp_reach },
	[BGP_ATTR_MP_UNREACH] = { "MP_UNREACH_NLRI", O, LEN_AT_LEAST, 3, 3,
	    BGP_ACT_RESET, BGP_UPD_OPT_ATTR, false, "MP_UNREACH_NLRI too "
	    "short (RFC 7606 7.12)", attr_mp_unreach },
	[BGP_ATTR_EXT_COMMUNITIES] = { "EXTENDED_COMMUNITIES", O | T,
	    LEN_TIMES, 8, 8, TAW, BGP_UPD_LENGTH, false, "EXTENDED_COMMUNITIES "
	    "is not a non-zero multiple of 8 octets (RFC 7606 7.14)",
	    attr_pass_on },
	[BGP_ATTR_AS4_PATH] = { "AS4_PATH", O | T, LEN_ANY, 0, 0, DISC,
	    BGP_UPD_OPT_ATTR, false, "malformed AS4_PATH (RFC 6793 6, "
	    "RFC 7607 2)", attr_as4_path },
	[BGP_ATTR_AS4_AGGREGATOR] = { "AS4_AGGREGATOR", O | T, LEN_IS, 8, 8,
	    DISC, BGP_UPD_OPT_ATTR, false, "AS4_AGGREGATOR is not 8 octets "
	    "(RFC 6793 6)", attr_as4_aggregator },
	/* RFC 5543 3: one descriptor at least, 36 octets before its tail */
	[BGP_ATTR_TRAFFIC_ENGINEERING] = { "TRAFFIC_ENGINEERING", O,
	    LEN_AT_LEAST, 36, 36, TAW, BGP_UPD_LENGTH, false,
	    "TRAFFIC_ENGINEERING shorter than one descriptor (RFC 7606 7.13)",
	    attr_checked },
	[BGP_ATTR_IPV6_EXT_COMMUNITIES] = { "IPV6_EXTENDED_COMMUNITIES", O | T,
	    LEN_TIMES, 20, 20, TAW, BGP_UPD_LENGTH, false,
	    "IPV6_EXTENDED_COMMUNITIES is not a non-zero multiple of 20 octets "
	    "(RFC 7606 7.15)", attr_pass_on },
	[BGP_ATTR_LARGE_COMMUNITIES] = { "LARGE_COMMUNITY", O | T, LEN_TIMES,
	    12, 12, TAW, BGP_UPD_LENGTH, false, "LARGE_COMMUNITY is not a "
	    "non-zero multiple of 12 octets (RFC 8092 6)", attr_pass_on },
	/* RFC 6368 5: the origin AS, then attributes */
	[BGP_ATTR_ATTR_SET] = { "ATTR_SET", O | T, LEN_AT_LEAST, 4, 4, TAW,
	    BGP_UPD_LENGTH, false, "ATTR_SET shorter than its origin AS "
	    "(RFC 7606 7.16)", attr_pass_on },
};
#undef O
#undef T
#undef TAW
#undef DISC

static const struct attr_rule *
rule_of(uint8_t type)
{
	if (type >= sizeof(attr_rules) / sizeof(attr_rules[0]) ||
	    attr_rules[type].name == NULL)
		return NULL;
	return &attr_rules[type];
}

static bool
length_ok(const struct attr_rule *r, size_t len, bool as4)
{
	switch (r->len_rule) {
	case LEN_IS:
		return len == (as4 ? r->n4 : r->n);
	case LEN_TIMES:
		return len > 0 && len % r->n == 0;
	case LEN_AT_LEAST:
		return len >= r->n;
	default:
		return true;
	}
}

static int
attr_unknown(struct attr_ctx *c)
{
	if (!(c->flags & BGP_FLAG_OPTIONAL)) {
		set_err(c->err, BGP_ACT_RESET, BGP_ERR_UPDATE,
		    BGP_UPD_UNKNOWN_WELLKNOWN, "unrecognized well-known "
		    "attribute (RFC 4271 6.3)");
		c->err->data[0] = c->type;
		c->err->datalen = 1;
		return -1;
	}
	/* RFC 4271 5: an unknown optional transitive one is passed on, a
	 * non-transitive one quietly ignored */
	return attr_pass_on(c);
}

/* One attribute, from the row of its type. */
static int
decode_attr(struct attr_ctx *c)
{
	const struct attr_rule *r = c->rule = rule_of(c->type);
	bool mp = c->type == BGP_ATTR_MP_REACH || c->type == BGP_ATTR_MP_UNREACH;

	if (r == NULL)
		return attr_unknown(c);
	/* RFC 7606 7.5, 7.9, 7.10: not an external peer's to send */
	if (r->internal_only && !c->ibgp)
		return act(c, BGP_ACT_DISCARD, BGP_UPD_OPT_ATTR, r->name[0] ==
		    'L' ? "LOCAL_PREF from an external peer (RFC 7606 7.5)" :
		    r->name[0] == 'O' ? "ORIGINATOR_ID from an external peer "
		    "(RFC 7606 7.9)" : "CLUSTER_LIST from an external peer "
		    "(RFC 7606 7.10)");
	/* RFC 7606 3.c; the MP attributes carry the NLRI, so a reset */
	if ((c->flags & (BGP_FLAG_OPTIONAL | BGP_FLAG_TRANSITIVE)) != r->flags)
		return act(c, mp ? BGP_ACT_RESET : BGP_ACT_WITHDRAW,
		    BGP_UPD_FLAGS, mp ? "MP attribute with wrong flags "
		    "(RFC 7606 3.c)" : "attribute flags conflict with its type "
		    "(RFC 7606 3.c)");
	if (!length_ok(r, c->value.len, c->as4))
		return bad(c);
	return r->decode(c);
}

/* An attribute's length: one octet, or two with the Extended bit. */
static int
read_attr_len(struct rbuf *r, uint8_t flags, uint16_t *len)
{
	uint8_t len8;

	if (flags & BGP_FLAG_EXTENDED)
		return rbuf_u16(r, len);
	if (rbuf_u8(r, &len8) == -1)
		return -1;
	*len = len8;
	return 0;
}

static int
decode_attrs(struct rbuf r, bool as4, bool ibgp, struct bgp_update *u,
    struct bgp_error *err)
{
	uint8_t seen[32] = { 0 };
	struct attr_ctx c = { .u = u, .as4 = as4, .ibgp = ibgp, .err = err };
	uint16_t len;

	while (r.len > 0) {
		if (rbuf_u8(&r, &c.flags) == -1 || rbuf_u8(&r, &c.type) == -1 ||
		    read_attr_len(&r, c.flags, &len) == -1 ||
		    rbuf_sub(&r, len, &c.value) == -1) {
			/*
			 * RFC 7606 4: the NLRI field is still where the total
			 * attribute length says, so its routes are withdrawn.
			 * With none there and no MP attribute read yet (they
			 * come first, 5.1), the NLRI may be in what cannot be
			 * read: nothing can be withdrawn, so a reset (5.2).
			 */
			if (u->nlri.len == 0 && !u->attrs.has_mp_reach &&
			    !u->attrs.has_mp_unreach)
				return set_err(err, BGP_ACT_RESET,
				    BGP_ERR_UPDATE, BGP_UPD_ATTR_LIST,
				    "an attribute overruns the attribute "
				    "list, and no NLRI can be found (RFC 7606 "
				    "4, 5.2)");
			set_err(&u->error, BGP_ACT_WITHDRAW, BGP_ERR_UPDATE,
			    BGP_UPD_ATTR_LIST, "attribute overruns the "
			    "attribute list (RFC 7606 4)");
			return 0;
		}
		if (seen[c.type / 8] & (1u << (c.type % 8))) {
			/* RFC 7606 3.g */
			if (c.type == BGP_ATTR_MP_REACH ||
			    c.type == BGP_ATTR_MP_UNREACH)
				return set_err(err, BGP_ACT_RESET,
				    BGP_ERR_UPDATE, BGP_UPD_ATTR_LIST,
				    "MP_REACH or MP_UNREACH given twice "
				    "(RFC 7606 3.g)");
			set_err(&u->error, BGP_ACT_DISCARD, BGP_ERR_UPDATE,
			    BGP_UPD_OPT_ATTR, "attribute given twice: the first "
			    "counts (RFC 7606 3.g)");
			continue;
		}
		seen[c.type / 8] |= (uint8_t)(1u << (c.type % 8));
		if (decode_attr(&c) == -1)
			return -1;
	}
	return 0;
}

int
bgp_update_decode(struct rbuf body, const struct bgp_sender *peer,
    struct bgp_update *u, struct bgp_error *err)
{
	struct bgp_attrs *a = &u->attrs;
	uint16_t wlen, alen;
	struct rbuf attrs;

	memset(u, 0, sizeof(*u));
	memset(err, 0, sizeof(*err));
	if (rbuf_u16(&body, &wlen) == -1 ||
	    rbuf_sub(&body, wlen, &u->withdrawn) == -1 ||
	    rbuf_u16(&body, &alen) == -1 || rbuf_sub(&body, alen, &attrs) == -1)
		return set_err(err, BGP_ACT_RESET, BGP_ERR_UPDATE,
		    BGP_UPD_ATTR_LIST, "withdrawn or attribute length overruns "
		    "the message (RFC 4271 6.3)");
	u->nlri = body;
	/* RFC 7606 5.3: prefixes we cannot parse leave no way to withdraw */
	if (nlri_validate(u->withdrawn, AF_INET) == -1 ||
	    nlri_validate(u->nlri, AF_INET) == -1)
		return set_err(err, BGP_ACT_RESET, BGP_ERR_UPDATE,
		    BGP_UPD_NETWORK, "malformed prefix (RFC 7606 5.3)");
	if (decode_attrs(attrs, peer->as4, peer->ibgp, u, err) == -1)
		return -1;
	/* RFC 7606 3.d: well-known mandatory attributes of announcements */
	if ((u->nlri.len > 0 || a->has_mp_reach) &&
	    (!a->has_origin || !a->has_as_path ||
	    (u->nlri.len > 0 && !a->has_next_hop)) &&
	    u->error.action < BGP_ACT_WITHDRAW)
		set_err(&u->error, BGP_ACT_WITHDRAW, BGP_ERR_UPDATE,
		    BGP_UPD_MISSING, "a well-known mandatory attribute is "
		    "missing (RFC 7606 3.d)");
	return 0;
}

/* AS path length and contents (RFC 4271 9.1.2.2, RFC 6793 4.2.3). */

static size_t
path_walk(struct rbuf r, uint8_t width, uint32_t *asns, size_t max,
    size_t *n, size_t take)
{
	uint8_t type, count, i;
	uint16_t as16;
	uint32_t as;
	size_t length = 0;

	while (r.len > 0 && rbuf_u8(&r, &type) == 0 &&
	    rbuf_u8(&r, &count) == 0) {
		/* RFC 5065 5.3: confederation segments do not count */
		length += type == BGP_AS_SET ? 1 : type == BGP_AS_SEQUENCE ?
		    count : 0;
		for (i = 0; i < count; i++) {
			if (width == 4) {
				if (rbuf_u32(&r, &as) == -1)
					return length;
			} else {
				if (rbuf_u16(&r, &as16) == -1)
					return length;
				as = as16;
			}
			if (*n < max && *n < take)
				asns[(*n)++] = as;
		}
	}
	return length;
}

size_t
bgp_as_path_flatten(const struct bgp_attrs *a, uint32_t *asns, size_t max,
    size_t *n)
{
	size_t plen, p4len, keep, dummy = 0;

	*n = 0;
	if (!a->has_as_path)
		return 0;
	plen = path_walk(a->as_path, a->as_width, asns, max, n, SIZE_MAX);
	if (!a->has_as4_path || a->as_width == 4)
		return plen;
	p4len = path_walk(a->as4_path, 4, NULL, 0, &dummy, 0);
	if (p4len > plen)	/* RFC 6793 4.2.3: then AS4_PATH is ignored */
		return plen;
	/* the leading ASNs of AS_PATH, then all of AS4_PATH */
	keep = plen - p4len;
	*n = keep < *n ? keep : *n;
	path_walk(a->as4_path, 4, asns, max, n, SIZE_MAX);
	return plen;
}

/* NOTIFICATION, KEEPALIVE, ROUTE-REFRESH. */

int
bgp_notification_decode(struct rbuf body, struct bgp_notification *n,
    struct bgp_error *err)
{
	memset(err, 0, sizeof(*err));
	if (rbuf_u8(&body, &n->code) == -1 || rbuf_u8(&body, &n->subcode) == -1)
		return set_err(err, BGP_ACT_RESET, BGP_ERR_HEADER,
		    BGP_HDR_LENGTH, "NOTIFICATION too short (RFC 4271 6.1)");
	n->data = body;
	return 0;
}

static const char *const code_names[] = {
	[BGP_ERR_HEADER] = "Message Header Error",
	[BGP_ERR_OPEN] = "OPEN Message Error",
	[BGP_ERR_UPDATE] = "UPDATE Message Error",
	[BGP_ERR_HOLD] = "Hold Timer Expired",
	[BGP_ERR_FSM] = "Finite State Machine Error",
	[BGP_ERR_CEASE] = "Cease",
	[7] = "ROUTE-REFRESH Message Error",
};

static const char *const header_names[] = { NULL,
	"Connection Not Synchronized", "Bad Message Length",
	"Bad Message Type" };
static const char *const open_names[] = { NULL,
	"Unsupported Version Number", "Bad Peer AS", "Bad BGP Identifier",
	"Unsupported Optional Parameter", NULL, "Unacceptable Hold Time",
	"Unsupported Capability", "Role Mismatch" };
static const char *const update_names[] = { NULL,
	"Malformed Attribute List", "Unrecognized Well-known Attribute",
	"Missing Well-known Attribute", "Attribute Flags Error",
	"Attribute Length Error", "Invalid ORIGIN Attribute", NULL,
	"Invalid NEXT_HOP Attribute", "Optional Attribute Error",
	"Invalid Network Field", "Malformed AS_PATH" };
static const char *const fsm_names[] = { "Unspecified Error",
	"Unexpected Message in OpenSent State",
	"Unexpected Message in OpenConfirm State",
	"Unexpected Message in Established State" };
static const char *const cease_names[] = { NULL,
	"Maximum Number of Prefixes Reached", "Administrative Shutdown",
	"Peer De-configured", "Administrative Reset", "Connection Rejected",
	"Other Configuration Change", "Connection Collision Resolution",
	"Out of Resources", "Hard Reset", "BFD Down" };

#define NAMED(v, i) ((i) < sizeof(v) / sizeof((v)[0]) ? (v)[i] : NULL)

const char *
bgp_notification_name(uint8_t code, uint8_t subcode, char *buf, size_t len)
{
	const char *c = NAMED(code_names, code), *s = NULL;

	switch (code) {
	case BGP_ERR_HEADER:
		s = NAMED(header_names, subcode);
		break;
	case BGP_ERR_OPEN:
		s = NAMED(open_names, subcode);
		break;
	case BGP_ERR_UPDATE:
		s = NAMED(update_names, subcode);
		break;
	case BGP_ERR_FSM:
		s = NAMED(fsm_names, subcode);
		break;
	case BGP_ERR_CEASE:
		s = NAMED(cease_names, subcode);
		break;
	case 7:
		s = subcode == 1 ? "Invalid Message Length" : NULL;
		break;
	default:
		break;
	}
	if (c == NULL)
		snprintf(buf, len, "code %u/%u", code, subcode);
	else if (s == NULL && subcode != 0)
		snprintf(buf, len, "%s/subcode %u", c, subcode);
	else if (s == NULL)
		snprintf(buf, len, "%s", c);
	else
		snprintf(buf, len, "%s/%s", c, s);
	return buf;
}

bool
bgp_shutdown_communication(const struct bgp_notification *n, char *buf,
    size_t len)
{
	struct rbuf d = n->data;
	char text[256], why[64];
	uint8_t tlen;
	size_t at;

	if (n->code != BGP_ERR_CEASE || (n->subcode != BGP_CEASE_SHUTDOWN &&
	    n->subcode != BGP_CEASE_RESET) || rbuf_u8(&d, &tlen) == -1 ||
	    tlen == 0 || rbuf_copy(&d, text, tlen) == -1)
		return false;
	text[tlen] = '\0';
	if (memchr(text, '\0', tlen) != NULL ||
	    !utf8_text_check(text, &at, why, sizeof(why)))
		return false;
	snprintf(buf, len, "%s", text);
	return true;
}

size_t
bgp_notification_encode(uint8_t *buf, size_t cap, uint8_t code,
    uint8_t subcode, const uint8_t *data, size_t len)
{
	struct wbuf w = wbuf_of(buf, cap);

	put_header(&w, BGP_NOTIFICATION);
	wbuf_u8(&w, code);
	wbuf_u8(&w, subcode);
	wbuf_bytes(&w, data, len);
	return finish(&w);
}

size_t
bgp_keepalive_encode(uint8_t *buf, size_t cap)
{
	struct wbuf w = wbuf_of(buf, cap);

	put_header(&w, BGP_KEEPALIVE);
	return finish(&w);
}

int
bgp_route_refresh_decode(struct rbuf body, uint16_t *afi, uint8_t *safi,
    struct bgp_error *err)
{
	uint8_t reserved;

	memset(err, 0, sizeof(*err));
	if (rbuf_u16(&body, afi) == -1 || rbuf_u8(&body, &reserved) == -1 ||
	    rbuf_u8(&body, safi) == -1)
		return set_err(err, BGP_ACT_RESET, BGP_ERR_HEADER,
		    BGP_HDR_LENGTH, "ROUTE-REFRESH too short (RFC 2918 3)");
	return 0;
}

size_t
bgp_route_refresh_encode(uint8_t *buf, size_t cap, uint16_t afi, uint8_t safi)
{
	struct wbuf w = wbuf_of(buf, cap);

	put_header(&w, BGP_ROUTE_REFRESH);
	wbuf_u16(&w, afi);
	wbuf_u8(&w, 0);
	wbuf_u8(&w, safi);
	return finish(&w);
}

/* UPDATE encoding. */

static void
attr_begin(struct wbuf *w, uint8_t flags, uint8_t type, size_t *len_at)
{
	wbuf_u8(w, flags | BGP_FLAG_EXTENDED);	/* always room for 16 bits */
	wbuf_u8(w, type);
	*len_at = w->len;
	wbuf_u16(w, 0);
}

static void
attr_end(struct wbuf *w, size_t len_at)
{
	wbuf_patch_u16(w, len_at, (uint16_t)(w->len - len_at - 2));
}

static void
put_as_path(struct wbuf *w, uint8_t type, const uint32_t *asns, size_t n,
    bool four)
{
	size_t len_at, i, seg;

	attr_begin(w, type == BGP_ATTR_AS_PATH ? BGP_FLAG_TRANSITIVE :
	    BGP_FLAG_OPTIONAL | BGP_FLAG_TRANSITIVE, type, &len_at);
	for (i = 0; i < n; i += seg) {
		seg = n - i > 255 ? 255 : n - i;
		wbuf_u8(w, BGP_AS_SEQUENCE);
		wbuf_u8(w, (uint8_t)seg);
		for (size_t k = i; k < i + seg; k++) {
			if (four)
				wbuf_u32(w, asns[k]);
			else
				wbuf_u16(w, asns[k] > 0xffff ? BGP_AS_TRANS :
				    (uint16_t)asns[k]);
		}
	}
	attr_end(w, len_at);
}

size_t
bgp_update_encode(uint8_t *buf, size_t cap, bool as4,
    const struct bgp_route_out *r, const struct prefix *nlri, size_t nnlri,
    const struct prefix *withdrawn, size_t nwithdrawn)
{
	struct wbuf w = wbuf_of(buf, cap);
	sa_family_t family = nnlri > 0 ? nlri[0].addr.family :
	    nwithdrawn > 0 ? withdrawn[0].addr.family : AF_INET;
	size_t wlen_at, alen_at, len_at, i;
	bool wide = false;

	put_header(&w, BGP_UPDATE);
	wlen_at = w.len;
	wbuf_u16(&w, 0);
	if (family == AF_INET)
		for (i = 0; i < nwithdrawn; i++)
			put_prefix(&w, &withdrawn[i]);
	wbuf_patch_u16(&w, wlen_at, (uint16_t)(w.len - wlen_at - 2));
	alen_at = w.len;
	wbuf_u16(&w, 0);
	if (nnlri > 0) {
		attr_begin(&w, BGP_FLAG_TRANSITIVE, BGP_ATTR_ORIGIN, &len_at);
		wbuf_u8(&w, r->origin);
		attr_end(&w, len_at);
		put_as_path(&w, BGP_ATTR_AS_PATH, r->as_path, r->as_path_len,
		    as4);
		for (i = 0; i < r->as_path_len; i++)
			wide |= r->as_path[i] > 0xffff;
		/* RFC 6793 4.2.2: a 2-octet session carries the truth too */
		if (!as4 && wide)
			put_as_path(&w, BGP_ATTR_AS4_PATH, r->as_path,
			    r->as_path_len, true);
		if (family == AF_INET) {
			attr_begin(&w, BGP_FLAG_TRANSITIVE, BGP_ATTR_NEXT_HOP,
			    &len_at);
			wbuf_bytes(&w, &r->next_hop.v4, 4);
			attr_end(&w, len_at);
		}
		if (r->has_med) {
			attr_begin(&w, BGP_FLAG_OPTIONAL, BGP_ATTR_MED, &len_at);
			wbuf_u32(&w, r->med);
			attr_end(&w, len_at);
		}
		if (r->ncommunities > 0) {
			attr_begin(&w, BGP_FLAG_OPTIONAL | BGP_FLAG_TRANSITIVE,
			    BGP_ATTR_COMMUNITIES, &len_at);
			for (i = 0; i < r->ncommunities; i++)
				wbuf_u32(&w, r->communities[i]);
			attr_end(&w, len_at);
		}
		for (i = 0; i < r->nunknown; i++) {
			struct rbuf v = r->unknown[i].value;

			/* RFC 4271 5: passed on with the Partial bit */
			attr_begin(&w, (uint8_t)((r->unknown[i].flags |
			    BGP_FLAG_PARTIAL) & ~BGP_FLAG_EXTENDED),
			    r->unknown[i].type, &len_at);
			wbuf_bytes(&w, v.p, v.len);
			attr_end(&w, len_at);
		}
		if (family == AF_INET6) {
			attr_begin(&w, BGP_FLAG_OPTIONAL, BGP_ATTR_MP_REACH,
			    &len_at);
			wbuf_u16(&w, BGP_AFI_IPV6);
			wbuf_u8(&w, BGP_SAFI_UNICAST);
			wbuf_u8(&w, 16);
			wbuf_bytes(&w, &r->next_hop.v6, 16);
			wbuf_u8(&w, 0);
			for (i = 0; i < nnlri; i++)
				put_prefix(&w, &nlri[i]);
			attr_end(&w, len_at);
		}
	}
	if (family == AF_INET6 && nwithdrawn > 0) {
		attr_begin(&w, BGP_FLAG_OPTIONAL, BGP_ATTR_MP_UNREACH, &len_at);
		wbuf_u16(&w, BGP_AFI_IPV6);
		wbuf_u8(&w, BGP_SAFI_UNICAST);
		for (i = 0; i < nwithdrawn; i++)
			put_prefix(&w, &withdrawn[i]);
		attr_end(&w, len_at);
	}
	wbuf_patch_u16(&w, alen_at, (uint16_t)(w.len - alen_at - 2));
	if (family == AF_INET)
		for (i = 0; i < nnlri; i++)
			put_prefix(&w, &nlri[i]);
	return finish(&w);
}

/*
 * bfd_speakers: the BFD sessions asked for, and the two ways their
 * packets travel (circuit datagrams, real UDP).
 */
#include <errno.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/queue.h>
#include <sys/socket.h>
#include <unistd.h>

#include "bfd_speakers.h"
#include "../base/listen.h"
#include "../base/circuit.h"
#include "../cloud/engine_impl.h"

/* RFC 5881 4: the source port of a session's packets. */
enum { BFD_SRC_PORT_MIN = 49152, BFD_SRC_PORT_MAX = 65535 };

/* The UDP sockets of one local (bgp listen) address. */
struct udp_socket {
	struct ipaddr	 local;
	int		 rx[2];		/* single hop 3784, multihop 4784 */
	int		 tx;		/* from a port of RFC 5881 4 */
	struct engine	*engine;
	bool		 used;		/* reconcile mark */
};

struct bfd_peer {
	TAILQ_ENTRY(bfd_peer)	 entry;
	struct engine		*engine;
	enum speaker_side	 side;
	char			 owner[OBJ_NAME_MAX + 1];
	struct ipaddr		 peer_ip, local_ip;
	uint8_t			 hops;
	struct bfd_timers	 timers;
	struct bfd_session	*session;
	struct circuit		*circuit;	/* held, or NULL over UDP */
	int			 circuit_side;
	struct udp_socket	*udp;
	uint64_t		 bad, ttl_drops;
	bfd_changed_fn		 changed;	/* the requester's */
	bool			 seen;
	char			 resource[OBJ_NAME_MAX + 40];
};

TAILQ_HEAD(bfd_peer_list, bfd_peer);

struct bfd_speakers {
	struct bfd_peer_list	 peers;
	struct udp_socket	*socks[BGP_LISTEN_MAX];
	size_t			 nsocks;
	uint32_t		 next_disc;
};

static struct bfd_speakers *
state_of(const struct engine *e)
{
	return e->bfd;
}

static bool
multihop(const struct bfd_peer *p)
{
	return p->hops > 1;
}

/* Sending. */

static void
send_packet(void *owner, const uint8_t *pkt, size_t len)
{
	struct bfd_peer *p = owner;
	struct sockaddr_storage ss;
	socklen_t sl;

	if (p->circuit != NULL) {
		circuit_dgram_send(p->circuit, p->circuit_side, pkt, len);
		return;
	}
	if (p->udp == NULL || p->udp->tx == -1 ||
	    engine_drilled(p->engine, p->owner))
		return;
	sl = ipaddr_to_sockaddr(&p->peer_ip, multihop(p) ? BFD_PORT_MULTIHOP :
	    BFD_PORT_SINGLE_HOP, &ss);
	/* a full buffer or an unreachable peer loses the packet: BFD's
	 * own timers are the recovery */
	(void)sendto(p->udp->tx, pkt, len, MSG_DONTWAIT,
	    (struct sockaddr *)&ss, sl);
}

/* Receiving. */

/* A received packet: decoded, or NULL when bfd_decode() refused it. */
static void
deliver(struct bfd_peer *p, const struct bfd_packet *pk, int ttl)
{
	/* R6: GTSM-style, the packet crossed at most `hops` routers */
	if (!bfd_ttl_ok(p->hops, ttl))
		p->ttl_drops++;
	else if (pk == NULL)
		p->bad++;
	else
		bfd_session_input(p->session, pk);
}

static bool
decode(const uint8_t *buf, size_t len, struct bfd_packet *pk)
{
	char why[160];

	return bfd_decode(buf, len, pk, why, sizeof(why)) == 0;
}

static void
circuit_input(void *arg, const uint8_t *buf, size_t len)
{
	struct bfd_packet pk;

	/* one hop of wire: the sender's TTL arrives untouched */
	deliver(arg, decode(buf, len, &pk) ? &pk : NULL, 255);
}

/* RFC 5880 6.3: by our discriminator once the peer knows it (your_disc
 * is 0 before, and in a packet that did not decode), by address until
 * then. */
static struct bfd_peer *
udp_demux(struct engine *e, const struct udp_socket *u, bool mh,
    const struct ipaddr *from, uint32_t your_disc)
{
	struct bfd_peer *p;

	TAILQ_FOREACH(p, &state_of(e)->peers, entry) {
		if (p->udp != u || multihop(p) != mh)
			continue;
		if (your_disc != 0 ?
		    bfd_session_local_disc(p->session) == your_disc :
		    ipaddr_equal(&p->peer_ip, from))
			return p;
	}
	return NULL;
}

static void
udp_ready(void *arg, int fd, unsigned events)
{
	struct udp_socket *u = arg;
	uint8_t buf[512], cbuf[CMSG_SPACE(sizeof(int)) * 2];
	struct sockaddr_storage ss;
	struct iovec iov = { buf, sizeof(buf) };
	struct msghdr mh = {
		.msg_name = &ss, .msg_namelen = sizeof(ss),
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = cbuf, .msg_controllen = sizeof(cbuf),
	};
	struct cmsghdr *cm;
	struct bfd_packet pk;
	struct bfd_peer *p;
	struct ipaddr from;
	ssize_t n;
	bool ok;
	int ttl = 0;

	(void)events;
	if ((n = recvmsg(fd, &mh, MSG_DONTWAIT)) < 0)
		return;
	for (cm = CMSG_FIRSTHDR(&mh); cm != NULL; cm = CMSG_NXTHDR(&mh, cm))
		if ((cm->cmsg_level == IPPROTO_IP && cm->cmsg_type == IP_TTL) ||
		    (cm->cmsg_level == IPPROTO_IPV6 &&
		    cm->cmsg_type == IPV6_HOPLIMIT))
			memcpy(&ttl, CMSG_DATA(cm), sizeof(ttl));
	ipaddr_from_sockaddr(&ss, &from, NULL);
	ok = decode(buf, (size_t)n, &pk);
	p = udp_demux(u->engine, u, fd == u->rx[1], &from,
	    ok ? pk.your_disc : 0);
	if (p == NULL || engine_drilled(p->engine, p->owner))
		return;
	deliver(p, ok ? &pk : NULL, ttl);
}

static int
udp_socket(const struct ipaddr *local, uint16_t port, bool rx)
{
	struct sockaddr_storage ss;
	socklen_t sl = ipaddr_to_sockaddr(local, port, &ss);
	int fd, on = 1, ttl = 255;

	if ((fd = socket(local->family, SOCK_DGRAM | SOCK_NONBLOCK |
	    SOCK_CLOEXEC, 0)) == -1)
		return -1;
	if (local->family == AF_INET) {
		setsockopt(fd, IPPROTO_IP, IP_RECVTTL, &on, sizeof(on));
		setsockopt(fd, IPPROTO_IP, IP_TTL, &ttl, sizeof(ttl));
	} else {
		setsockopt(fd, IPPROTO_IPV6, IPV6_RECVHOPLIMIT, &on,
		    sizeof(on));
		setsockopt(fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, &ttl,
		    sizeof(ttl));
	}
	if (rx)
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
	if (bind(fd, (struct sockaddr *)&ss, sl) == -1) {
		close(fd);
		return -1;
	}
	return fd;
}

static void
udp_close(struct engine *e, struct udp_socket *u)
{
	int i;

	for (i = 0; i < 2; i++)
		if (u->rx[i] != -1) {
			evloop_fd_del(e->loop, u->rx[i]);
			close(u->rx[i]);
		}
	if (u->tx != -1)
		close(u->tx);
	free(u);
}

/* The sockets of a listen address, opened on first use. */
static struct udp_socket *
udp_open(struct engine *e, const struct ipaddr *local)
{
	struct bfd_speakers *b = state_of(e);
	struct udp_socket *u;
	uint32_t port;
	size_t i;

	for (i = 0; i < b->nsocks; i++)
		if (ipaddr_equal(&b->socks[i]->local, local))
			return b->socks[i];
	if (b->nsocks == BGP_LISTEN_MAX || (u = calloc(1, sizeof(*u))) == NULL)
		return NULL;
	u->engine = e;
	u->local = *local;
	u->rx[0] = udp_socket(local, BFD_PORT_SINGLE_HOP, true);
	u->rx[1] = udp_socket(local, BFD_PORT_MULTIHOP, true);
	u->tx = -1;
	/* start somewhere different each run, so a restarted ecsh does not
	 * reuse the port its old sessions were known by */
	port = BFD_SRC_PORT_MIN + (uint32_t)getpid() % 4096;
	for (i = 0; u->tx == -1 && i <= BFD_SRC_PORT_MAX - BFD_SRC_PORT_MIN;
	    i++) {
		u->tx = udp_socket(local, (uint16_t)port, false);
		if (++port > BFD_SRC_PORT_MAX)
			port = BFD_SRC_PORT_MIN;
	}
	for (i = 0; i < 2; i++)
		if (u->rx[i] != -1 && evloop_fd_add(e->loop, u->rx[i], EV_READ,
		    udp_ready, u) == -1) {
			close(u->rx[i]);
			u->rx[i] = -1;
		} else if (u->rx[i] != -1) {
			evloop_fd_kind(e->loop, u->rx[i], evloop_kind(e->loop,
			    "BFD"));
		}
	b->socks[b->nsocks++] = u;
	return u;
}

/* Sessions. */

/*
 * R9: a path failure takes BGP down now.  Failures: our detection time
 * passing in silence, and the peer saying Down because its own did (or
 * its path went).  Not failures (RFC 5882 3.2): the peer's AdminDown or
 * its starting over, which bfd_session.c tells apart by the peer's
 * discriminator and diagnostic.
 */
static bool
is_failure(enum bfd_down_cause cause)
{
	return cause == BFD_CAUSE_DETECT || cause == BFD_CAUSE_NEIGHBOR;
}

static void
on_bfd_state(void *owner, struct bfd_session *s, enum bfd_state old,
    enum bfd_state new, enum bfd_down_cause cause)
{
	struct bfd_peer *p = owner;
	struct engine *e = p->engine;
	bool failed = old == BFD_UP && is_failure(cause);
	bool peer_said = cause == BFD_CAUSE_NEIGHBOR ||
	    cause == BFD_CAUSE_PEER_RESTART;
	/* the peer starting over leaves BGP alone: say so */
	const char *spared = old == BFD_UP && cause == BFD_CAUSE_PEER_RESTART ?
	    "; the peer started over, BGP left alone" : "";
	char quiet[48] = "";

	if (p->side != SIDE_CPE && new == BFD_UP)
		event_log_add(e->events, clock_wall_ns(evloop_clock(e->loop)),
		    EVK_BFD_UP, p->resource, "%s -> Up",
		    bfd_state_names[old]);
	/* how long the line was quiet: detection time plus timer lateness */
	if (cause == BFD_CAUSE_DETECT)
		snprintf(quiet, sizeof(quiet), " (nothing heard for %" PRIu64
		    " ms)", bfd_session_silent_ns(s) / 1000000);
	if (p->side != SIDE_CPE && old == BFD_UP)
		event_log_add(e->events, clock_wall_ns(evloop_clock(e->loop)),
		    EVK_BFD_DOWN, p->resource,
		    "Up -> %s: %s%s%s%s%s", bfd_state_names[new],
		    bfd_diag_names[bfd_session_diag(s)], quiet,
		    peer_said ? "; peer: " : "", peer_said ?
		    bfd_diag_names[bfd_session_remote_diag(s)] : "", spared);
	if (p->changed != NULL)
		p->changed(e, p, failed);
}

/*
 * why: what took an Up session away (SPEC 6, events: an Up session that
 * goes away raises Down), or NULL when the engine itself is going.
 */
static void
peer_free(struct bfd_speakers *b, struct bfd_peer *p, const char *why)
{
	struct engine *e = p->engine;

	if (why != NULL && p->side != SIDE_CPE &&
	    bfd_session_state(p->session) == BFD_UP)
		event_log_add(e->events, clock_wall_ns(evloop_clock(e->loop)),
		    EVK_BFD_DOWN, p->resource, "Up -> AdminDown: %s",
		    why);
	TAILQ_REMOVE(&b->peers, p, entry);
	bfd_session_free(p->session);	/* its AdminDown goes out first */
	if (p->circuit != NULL) {
		circuit_dgram_listen(p->circuit, p->circuit_side, NULL, NULL);
		circuit_unhold(p->circuit);
	}
	free(p);
}

static struct bfd_peer *
find(const struct engine *e, enum speaker_side side, const char *owner,
    const struct ipaddr *peer)
{
	struct bfd_peer *p;

	TAILQ_FOREACH(p, &state_of(e)->peers, entry)
		if (p->side == side && strcmp(p->owner, owner) == 0 &&
		    (side == SIDE_CPE || ipaddr_equal(&p->peer_ip, peer)))
			return p;
	return NULL;
}

void
bfd_request(struct engine *e, const struct bfd_request *w)
{
	static const struct bfd_session_hooks hooks = { send_packet,
		on_bfd_state };
	struct bfd_speakers *b = state_of(e);
	struct bfd_peer *p;
	struct udp_socket *udp = NULL;
	char ip[NETADDR_STRLEN];

	if (b == NULL || (w->circuit == NULL &&
	    (udp = udp_open(e, &w->local_ip)) == NULL))
		return;
	p = find(e, w->side, w->owner, &w->peer_ip);
	if (p != NULL && p->circuit == w->circuit && p->udp == udp &&
	    p->hops == w->hops && ipaddr_equal(&p->local_ip, &w->local_ip) &&
	    ipaddr_equal(&p->peer_ip, &w->peer_ip)) {
		p->seen = true;
		p->changed = w->changed;
		/* field by field: the struct has padding */
		if (p->timers.desired_min_tx_us != w->timers.desired_min_tx_us ||
		    p->timers.required_min_rx_us !=
		    w->timers.required_min_rx_us ||
		    p->timers.detect_mult != w->timers.detect_mult) {
			p->timers = w->timers;	/* a Poll sequence */
			bfd_session_set_timers(p->session, &w->timers);
		}
		return;
	}
	if (p != NULL)
		peer_free(b, p, "its settings changed; it starts over");
	if ((p = calloc(1, sizeof(*p))) == NULL)
		return;
	p->engine = e;
	p->side = w->side;
	snprintf(p->owner, sizeof(p->owner), "%s", w->owner);
	p->peer_ip = w->peer_ip;
	p->local_ip = w->local_ip;
	p->hops = w->hops;
	p->timers = w->timers;
	p->udp = udp;
	p->changed = w->changed;
	p->seen = true;
	if (w->side == SIDE_CPE)
		snprintf(p->resource, sizeof(p->resource), "cpe %s", w->owner);
	else
		snprintf(p->resource, sizeof(p->resource), "vbr %s peer %s",
		    w->owner, ipaddr_format(&w->peer_ip, ip, sizeof(ip)));
	if (++b->next_disc == 0)
		b->next_disc = 1;
	if ((p->session = bfd_session_new(e->loop, &w->timers, &hooks, p,
	    b->next_disc)) == NULL) {
		free(p);
		return;
	}
	if (w->circuit != NULL) {
		p->circuit = w->circuit;
		p->circuit_side = w->circuit_side;
		circuit_hold(p->circuit);
		circuit_dgram_listen(p->circuit, p->circuit_side, circuit_input,
		    p);
	}
	TAILQ_INSERT_TAIL(&b->peers, p, entry);
}

void
bfd_requests_begin(struct engine *e)
{
	struct bfd_speakers *b;
	struct bfd_peer *p;

	if (e->flags & ENGINE_CHECK_ONLY)
		return;
	if (e->bfd == NULL) {
		if ((b = calloc(1, sizeof(*b))) == NULL)
			return;
		TAILQ_INIT(&b->peers);
		/* discriminators differ from one run to the next on a real
		 * clock (RFC 5880 6.3), and repeat on a virtual one */
		if (!clock_is_virtual(evloop_clock(e->loop)))
			b->next_disc = (uint32_t)(clock_wall_ns(
			    evloop_clock(e->loop)) / 1000) & 0x7fffffff;
		e->bfd = b;
	}
	TAILQ_FOREACH(p, &state_of(e)->peers, entry)
		p->seen = false;
}

void
bfd_requests_end(struct engine *e, bfd_gone_fn why)
{
	struct bfd_speakers *b = state_of(e);
	struct bfd_peer *p, *next;
	size_t i, k;

	if (b == NULL || e->flags & ENGINE_CHECK_ONLY)
		return;
	TAILQ_FOREACH_SAFE(p, &b->peers, entry, next)
		if (!p->seen)
			peer_free(b, p, why(e, p));
	/* close the sockets of listen addresses no session uses */
	for (i = 0; i < b->nsocks; i++)
		b->socks[i]->used = false;
	TAILQ_FOREACH(p, &b->peers, entry)
		if (p->udp != NULL)
			p->udp->used = true;
	for (i = k = 0; i < b->nsocks; i++)
		if (b->socks[i]->used)
			b->socks[k++] = b->socks[i];
		else
			udp_close(e, b->socks[i]);
	b->nsocks = k;
}

void
bfd_speakers_free(struct engine *e)
{
	struct bfd_speakers *b = state_of(e);
	size_t i;

	if (b == NULL)
		return;
	while (!TAILQ_EMPTY(&b->peers))
		peer_free(b, TAILQ_FIRST(&b->peers), NULL);
	for (i = 0; i < b->nsocks; i++)
		udp_close(e, b->socks[i]);
	free(b);
	e->bfd = NULL;
}

void
bfd_speakers_clear_gaps(struct engine *e)
{
	struct bfd_peer *p;

	if (state_of(e) == NULL)
		return;
	TAILQ_FOREACH(p, &state_of(e)->peers, entry)
		bfd_session_clear_gap(p->session);
}

/* Reads. */

const struct bfd_peer *
bfd_peer_first(const struct engine *e)
{
	return state_of(e) != NULL ? TAILQ_FIRST(&state_of(e)->peers) : NULL;
}

const struct bfd_peer *
bfd_peer_next(const struct bfd_peer *p)
{
	return TAILQ_NEXT(p, entry);
}

const struct bfd_peer *
bfd_peer_find(const struct engine *e, enum speaker_side side,
    const char *owner, const struct ipaddr *peer)
{
	if (state_of(e) == NULL)
		return NULL;
	return find(e, side, owner, peer);
}

enum speaker_side
bfd_peer_side(const struct bfd_peer *p)
{
	return p->side;
}

const char *
bfd_peer_owner(const struct bfd_peer *p)
{
	return p->owner;
}

const struct ipaddr *
bfd_peer_ip(const struct bfd_peer *p)
{
	return &p->peer_ip;
}

const struct ipaddr *
bfd_peer_local_ip(const struct bfd_peer *p)
{
	return &p->local_ip;
}

uint8_t
bfd_peer_hops(const struct bfd_peer *p)
{
	return p->hops;
}

bool
bfd_peer_udp(const struct bfd_peer *p)
{
	return p->udp != NULL;
}

const struct bfd_session *
bfd_peer_session(const struct bfd_peer *p)
{
	return p->session;
}

const struct bfd_timers *
bfd_peer_timers(const struct bfd_peer *p)
{
	return &p->timers;
}

uint64_t
bfd_peer_bad_packets(const struct bfd_peer *p)
{
	return p->bad;
}

uint64_t
bfd_peer_ttl_drops(const struct bfd_peer *p)
{
	return p->ttl_drops;
}

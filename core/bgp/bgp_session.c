/*
 * bgp_session: the BGP finite state machine (RFC 4271 section 8) over one
 * connected stream socket.  bgp_fsm() is a state x event switch; all the
 * entry actions of a state (timers, closing the connection, restarting,
 * connecting) live in change_state(), and so does the history.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "bgp_session.h"

const char *const bgp_state_names[BGP_STATE_COUNT] = {
	"Idle", "Connect", "Active", "OpenSent", "OpenConfirm", "Established",
};

/* RFC 4271 8.2.2: the hold timer while waiting for OPEN is "large". */
#define OPEN_HOLD_S	240
/*
 * What a connection reads into: room for a message split across reads
 * and a few more.  Made when the connection is, so a session with no
 * peer behind it costs no buffer (a lab configures thousands).
 */
#define INBUF_CAP	(4 * BGP_MAX_LEN)
/*
 * What may wait to be sent before a producer of UPDATEs (an export of a
 * million routes) is told to wait too, and how far it must drain before
 * it goes on: OpenBGPD's high and low water marks on its session queue.
 */
#define OUT_HIGH	(64 * 1024)
#define OUT_LOW		(16 * 1024)

struct bgp_session {
	struct evloop			*loop;
	struct bgp_session_config	 cfg;
	struct bgp_session_hooks	 hooks;
	void				*owner;
	enum bgp_state			 state;
	bool				 started;	/* a Start, no Stop since */
	uint8_t				 cease;		/* why ManualStop */
	bool				 paused;	/* no carrier */
	bool				 connecting;	/* TCP connect under way */
	int				 fd;
	struct ev_timer			 connect_retry, hold, keepalive;
	struct ev_timer			 lost;		/* a write failed */
	bool				 broken;
	uint16_t			 lost_errno;	/* the failed write's */
	uint8_t				*in;		/* INBUF_CAP */
	size_t				 inlen;
	/* RFC 4271 6.8: a second connection, until its OPEN decides */
	int				 fd2;
	uint8_t				*in2;		/* BGP_MAX_LEN */
	size_t				 in2len;
	uint8_t				*out;
	size_t				 outlen, outsent, outcap;
	struct bgp_open			 peer;
	uint16_t			 hold_s, keepalive_s;
	bool				 as4;
	uint64_t			 established_ns;
	struct bgp_counters		 counters;
	struct bgp_last_notification	 sent, received;
	char				 last_error[400];
	/* the message being handled, for BGP_EV_UPDATE and the like */
	struct rbuf			 body;
	int				 offered_fd;	/* TcpConnectionConfirmed */
	struct bgp_error		 header_err;	/* BGPHeaderErr */
	/* the cause of the transition under way, for the history */
	enum bgp_event			 event;
	struct bgp_transition		 why;
	bool				 record_same;	/* a self-transition */
	struct bgp_history		 history;
	unsigned			 kind;		/* show engine's "BGP" */
	const char			*label;		/* its owner's name */
	/* messages read but not yet handled, when a round's budget ran out */
	struct ev_work			 more;
	uint32_t			 jitter;	/* retry_ms's state */
	/* a producer waits for the send queue to drain below OUT_LOW */
	bool				 want_room;
	struct ev_work			 room;
};

static void bgp_fsm(struct bgp_session *, enum bgp_event);
static void start_connect(struct bgp_session *);
static void on_io(void *, int, unsigned);
static void promote_second(struct bgp_session *);
static void read_messages(struct bgp_session *);

static const char *
cease_reason(uint8_t subcode)
{
	/* what we tell the peer, in RFC 4486's words */
	switch (subcode) {
	case BGP_CEASE_RESET:
		return "administrative reset (Cease 4, RFC 4486)";
	case BGP_CEASE_DECONFIGURED:
		return "peer de-configured (Cease 3, RFC 4486)";
	case BGP_CEASE_CONFIG_CHANGE:
		return "other configuration change (Cease 6, RFC 4486)";
	case BGP_CEASE_BFD_DOWN:
		return "BFD down (Cease 10, RFC 9384)";
	default:
		return "administrative shutdown (Cease 2, RFC 4486, RFC 9003)";
	}
}

/* Connection I/O. */

static void
close_second(struct bgp_session *s)
{
	if (s->fd2 != -1) {
		evloop_fd_del(s->loop, s->fd2);
		close(s->fd2);
		s->fd2 = -1;
	}
	free(s->in2);
	s->in2 = NULL;
	s->in2len = 0;
}

/* Best effort, for a connection we are about to drop. */
static void
write_once(int fd, const uint8_t *msg, size_t len)
{
	/* no SIGPIPE from a connection that is already gone */
	if (len > 0 && send(fd, msg, len, MSG_NOSIGNAL | MSG_DONTWAIT) < 0)
		return;
}

static void
close_connection(struct bgp_session *s)
{
	close_second(s);
	evloop_timer_stop(s->loop, &s->lost);
	s->broken = false;
	s->connecting = false;
	if (s->fd != -1) {
		evloop_fd_del(s->loop, s->fd);
		close(s->fd);
		s->fd = -1;
	}
	free(s->in);
	s->in = NULL;
	s->inlen = 0;
	s->outlen = s->outsent = 0;
	evloop_work_cancel(s->loop, &s->more);
}

/* A producer that waited for room may go on (in its own slice). */
static void
room_made(struct bgp_session *s)
{
	if (s->want_room && s->outlen - s->outsent <= OUT_LOW) {
		s->want_room = false;
		evloop_work_post(s->loop, &s->room);
	}
}

static void
flush(struct bgp_session *s)
{
	ssize_t n;

	if (s->paused)		/* held, as a stream is, until the carrier */
		return;
	while (s->fd != -1 && s->outsent < s->outlen) {
		n = write(s->fd, s->out + s->outsent, s->outlen - s->outsent);
		if (n > 0) {
			s->outsent += (size_t)n;
			continue;
		}
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			evloop_fd_events(s->loop, s->fd, EV_READ | EV_WRITE);
			room_made(s);
			return;
		}
		/*
		 * Not here: the caller may be half-way through an event
		 * (OPEN received, KEEPALIVE sent, then OpenConfirm).  The
		 * loss is an event of its own, taken next.
		 */
		s->broken = true;
		s->lost_errno = (uint16_t)errno;
		s->outlen = s->outsent = 0;
		evloop_timer_start(s->loop, &s->lost, 0);
		return;
	}
	s->outlen = s->outsent = 0;
	if (s->fd != -1)
		evloop_fd_events(s->loop, s->fd, EV_READ);
	room_made(s);
}

static bool
queue(struct bgp_session *s, const uint8_t *msg, size_t len)
{
	uint8_t *p;
	size_t cap;

	if (s->fd == -1 || s->broken || len == 0)
		return false;
	s->counters.out[msg[18] < 6 ? msg[18] : 0]++;
	/* what was sent makes room at the front, so a queue that never
	 * empties (a long export) stays the size of what waits */
	if (s->outsent > 0 && s->outsent >= s->outlen / 2) {
		memmove(s->out, s->out + s->outsent, s->outlen - s->outsent);
		s->outlen -= s->outsent;
		s->outsent = 0;
	}
	if (s->outlen + len > s->outcap) {
		cap = s->outcap ? s->outcap : 16384;
		while (cap < s->outlen + len)
			cap *= 2;
		if ((p = realloc(s->out, cap)) == NULL)
			return false;
		s->out = p;
		s->outcap = cap;
	}
	memcpy(s->out + s->outlen, msg, len);
	s->outlen += len;
	flush(s);
	return true;
}

static void
send_keepalive(struct bgp_session *s)
{
	uint8_t buf[BGP_HEADER_LEN];

	queue(s, buf, bgp_keepalive_encode(buf, sizeof(buf)));
}

static void
send_open(struct bgp_session *s)
{
	struct bgp_open o = {
		.version = BGP_VERSION, .as = s->cfg.local_as,
		.hold_time = s->cfg.hold_time, .bgp_id = s->cfg.bgp_id,
		.cap_as4 = true, .cap_mp_ipv4 = s->cfg.ipv4,
		.cap_mp_ipv6 = s->cfg.ipv6, .cap_route_refresh = true,
	};
	uint8_t buf[128];

	queue(s, buf, bgp_open_encode(buf, sizeof(buf), &o));
}

static void
note(struct bgp_last_notification *n, uint8_t code, uint8_t subcode,
    const char *why)
{
	n->valid = true;
	n->code = code;
	n->subcode = subcode;
	snprintf(n->why, sizeof(n->why), "%s", why != NULL ? why : "");
}

/* Tell the peer why, then drop the session (it restarts on its own). */
static void change_state(struct bgp_session *, enum bgp_state);

static void
fail(struct bgp_session *s, uint8_t code, uint8_t subcode, const uint8_t *data,
    size_t datalen, const char *why)
{
	uint8_t buf[BGP_HEADER_LEN + 2 + 16];

	note(&s->sent, code, subcode, why);
	snprintf(s->last_error, sizeof(s->last_error), "%s", why);
	queue(s, buf, bgp_notification_encode(buf, sizeof(buf), code, subcode,
	    data, datalen > 16 ? 16 : datalen));
	s->why.note = BGP_NOTE_SENT;
	s->why.code = code;
	s->why.subcode = subcode;
	change_state(s, BGP_IDLE);
}

static void
fail_err(struct bgp_session *s, const struct bgp_error *e)
{
	fail(s, e->code, e->subcode, e->data, e->datalen, e->why);
}

/* States. */

static void
restart_hold(struct bgp_session *s)
{
	if (s->hold_s > 0)
		evloop_timer_start(s->loop, &s->hold, (uint64_t)s->hold_s * 1000);
}

/* Append to the ring, the oldest giving way when it is full. */
static void
history_push(struct bgp_history *h, const struct bgp_transition *t)
{
	if (h->count < BGP_HISTORY_MAX)
		h->count++;
	else
		h->first = (h->first + 1) % BGP_HISTORY_MAX;
	h->t[(h->first + h->count - 1) % BGP_HISTORY_MAX] = *t;
}

static void
record(struct bgp_session *s, enum bgp_state from, enum bgp_state to)
{
	struct bgp_transition t = s->why;

	t.wall_ns = clock_wall_ns(evloop_clock(s->loop));
	t.from = (uint8_t)from;
	t.to = (uint8_t)to;
	t.event = (uint8_t)s->event;
	history_push(&s->history, &t);
}

/*
 * The one place the state changes: the new state's entry actions, the
 * history, the owner's hook, and last, for Connect, the connection attempt,
 * whose outcome comes back as an event of its own.
 */
/*
 * RFC 4271 10: ConnectRetryTimer with jitter, 0.75 to 1 of its value, so
 * that ten thousand sessions made by one commit do not all retry in one
 * loop round.  On a virtual clock the whole value, as a lab replays the
 * same on every run.
 */
static uint64_t
retry_ms(struct bgp_session *s)
{
	uint64_t ms = (uint64_t)s->cfg.connect_retry_s * 1000;

	if (clock_is_virtual(evloop_clock(s->loop)))
		return ms;
	s->jitter = s->jitter * 1103515245u + 12345u;
	return ms - ms / 4 * ((s->jitter >> 16) % 1000) / 1000;
}

static void
change_state(struct bgp_session *s, enum bgp_state new)
{
	enum bgp_state old = s->state;

	s->state = new;
	switch (new) {
	case BGP_IDLE:
		evloop_timer_stop(s->loop, &s->hold);
		evloop_timer_stop(s->loop, &s->keepalive);
		evloop_timer_stop(s->loop, &s->connect_retry);
		close_connection(s);
		/* automatic restart after the connect-retry time */
		if (s->started)
			evloop_timer_start(s->loop, &s->connect_retry,
			    retry_ms(s));
		break;
	case BGP_CONNECT:
	case BGP_ACTIVE:
		evloop_timer_start(s->loop, &s->connect_retry,
		    retry_ms(s));
		break;
	case BGP_OPENSENT:
		evloop_timer_stop(s->loop, &s->connect_retry);
		evloop_timer_stop(s->loop, &s->keepalive);
		evloop_timer_start(s->loop, &s->hold, OPEN_HOLD_S * 1000);
		break;
	case BGP_OPENCONFIRM:
		restart_hold(s);
		if (s->keepalive_s > 0)
			evloop_timer_start(s->loop, &s->keepalive,
			    (uint64_t)s->keepalive_s * 1000);
		break;
	case BGP_ESTABLISHED:
		s->established_ns = clock_now_ns(evloop_clock(s->loop));
		s->counters.established_count++;
		restart_hold(s);
		break;
	default:
		break;
	}
	if (old != new || s->record_same)
		record(s, old, new);
	memset(&s->why, 0, sizeof(s->why));
	s->record_same = false;
	if (old != new && s->hooks.state != NULL)
		s->hooks.state(s->owner, s, old, new);
	if (new == BGP_CONNECT && old != new)
		start_connect(s);
}

/*
 * Connect's entry action (RFC 4271 8.2.2): ask the owner for a connection.
 * It is made at once, under way (its end is an event on the socket), or
 * not to be had.
 */
static void
start_connect(struct bgp_session *s)
{
	int fd = s->hooks.connect(s->owner, s, &s->connecting);

	if (fd == -1) {
		s->connecting = false;
		bgp_fsm(s, BGP_EV_TCP_CONNECT_FAILS);
		return;
	}
	s->fd = fd;
	if (evloop_fd_add(s->loop, fd, s->connecting ? EV_WRITE :
	    s->paused ? 0 : EV_READ, on_io, s) == -1) {
		s->why.sys_errno = (uint16_t)errno;
		close(fd);
		s->fd = -1;
		s->connecting = false;
		bgp_fsm(s, BGP_EV_TCP_CONNECT_FAILS);
		return;
	}
	evloop_fd_kind(s->loop, fd, s->kind);
	if (!s->connecting)
		bgp_fsm(s, BGP_EV_TCP_CR_ACKED);
}

/* RFC 4271 8.2.1.5 and 6.2: agree on the OPEN. */
static void
open_received(struct bgp_session *s)
{
	struct bgp_error e;
	uint8_t data[4];

	if (bgp_open_decode(s->body, &s->peer, &e) == -1) {
		fail_err(s, &e);
		return;
	}
	if (s->cfg.peer_as != 0 && s->peer.as != s->cfg.peer_as) {
		data[0] = (uint8_t)(s->peer.as >> 8);
		data[1] = (uint8_t)s->peer.as;
		fail(s, BGP_ERR_OPEN, BGP_OPEN_PEER_AS, data, 2,
		    "the peer's AS is not the one configured (RFC 4271 6.2)");
		return;
	}
	if (s->peer.bgp_id == s->cfg.bgp_id) {
		fail(s, BGP_ERR_OPEN, BGP_OPEN_BGP_ID, NULL, 0,
		    "the peer uses our BGP identifier (RFC 4271 6.2)");
		return;
	}
	s->hold_s = s->peer.hold_time < s->cfg.hold_time ? s->peer.hold_time :
	    s->cfg.hold_time;
	/* RFC 4271 10: keepalives a third of the hold time, or less */
	s->keepalive_s = s->hold_s == 0 ? 0 : s->cfg.keepalive < s->hold_s / 3 ?
	    s->cfg.keepalive : s->hold_s / 3;
	if (s->hold_s > 0 && s->keepalive_s == 0)
		s->keepalive_s = 1;
	s->as4 = s->peer.cap_as4;
	send_keepalive(s);
	change_state(s, BGP_OPENCONFIRM);
}

static void
update_received(struct bgp_session *s)
{
	struct bgp_sender from = { s->as4, s->peer.as == s->cfg.local_as };
	struct bgp_update u;
	struct bgp_error e;

	if (bgp_update_decode(s->body, &from, &u, &e) == -1) {
		fail_err(s, &e);
		return;
	}
	restart_hold(s);
	if (u.error.action == BGP_ACT_WITHDRAW)
		s->counters.updates_withdrawn_by_error++;
	if (s->hooks.update != NULL)
		s->hooks.update(s->owner, s, &u);
}

static void
notification_received(struct bgp_session *s)
{
	struct bgp_notification n;
	struct bgp_error e;
	char name[96], said[256];

	if (bgp_notification_decode(s->body, &n, &e) == 0 &&
	    n.code == BGP_ERR_CEASE && n.subcode == BGP_CEASE_COLLISION &&
	    s->fd2 != -1) {
		/* the peer settled the collision for the other connection */
		note(&s->received, n.code, n.subcode, "connection collision");
		s->why.note = BGP_NOTE_RECEIVED;
		s->why.code = n.code;
		s->why.subcode = n.subcode;
		promote_second(s);
		return;
	}
	if (bgp_notification_decode(s->body, &n, &e) == 0) {
		note(&s->received, n.code, n.subcode, "");
		s->why.note = BGP_NOTE_RECEIVED;
		s->why.code = n.code;
		s->why.subcode = n.subcode;
		bgp_notification_name(n.code, n.subcode, name, sizeof(name));
		if (bgp_shutdown_communication(&n, said, sizeof(said)))
			snprintf(s->last_error, sizeof(s->last_error),
			    "NOTIFICATION received: %s: \"%s\" (RFC 9003)",
			    name, said);
		else
			snprintf(s->last_error, sizeof(s->last_error),
			    "NOTIFICATION received: %s", name);
	}
	change_state(s, BGP_IDLE);	/* RFC 4271 8.2.2: no reply */
}

/* RFC 6608: which FSM error subcode a message out of turn gets. */
static void
unexpected(struct bgp_session *s)
{
	uint8_t sub = s->state == BGP_OPENSENT ? 1 :
	    s->state == BGP_OPENCONFIRM ? 2 : s->state == BGP_ESTABLISHED ? 3 : 0;

	fail(s, BGP_ERR_FSM, sub, NULL, 0, "message out of turn (RFC 6608)");
}

/* A connection is the session's now: our OPEN goes out on it. */
static void
connection_made(struct bgp_session *s)
{
	s->connecting = false;
	evloop_fd_events(s->loop, s->fd, s->paused ? 0 : EV_READ);
	send_open(s);
	change_state(s, BGP_OPENSENT);
}

/* RFC 4271 8.2.1.2: the peer connected to us, while we were not up. */
static void
connection_offered(struct bgp_session *s)
{
	int fd = s->offered_fd;

	if (!s->started || s->state > BGP_ACTIVE)
		return;
	close_connection(s);		/* our own attempt, if any, yields */
	if (evloop_fd_add(s->loop, fd, s->paused ? 0 : EV_READ, on_io,
	    s) == -1)
		return;
	evloop_fd_kind(s->loop, fd, s->kind);
	s->offered_fd = -1;		/* taken */
	s->fd = fd;
	send_open(s);
	change_state(s, BGP_OPENSENT);
}

static void
fsm_step(struct bgp_session *s, enum bgp_event ev)
{
	switch (ev) {
	case BGP_EV_MANUAL_START:
	case BGP_EV_AUTOMATIC_START:
		s->started = true;
		if (s->state == BGP_IDLE)
			change_state(s, BGP_CONNECT);
		return;
	case BGP_EV_MANUAL_STOP:
	case BGP_EV_AUTOMATIC_STOP:
		s->started = false;
		if (s->state >= BGP_OPENSENT) {
			fail(s, BGP_ERR_CEASE, s->cease, NULL, 0,
			    cease_reason(s->cease));
		} else {
			s->why.code = BGP_ERR_CEASE;
			s->why.subcode = s->cease;
			change_state(s, BGP_IDLE);
		}
		return;
	case BGP_EV_CONNECT_RETRY_EXPIRES:
	case BGP_EV_TRANSPORT_READY:
		if (s->state == BGP_CONNECT && s->connecting &&
		    ev == BGP_EV_CONNECT_RETRY_EXPIRES) {
			snprintf(s->last_error, sizeof(s->last_error),
			    "connect: no answer");
			close_connection(s);
			change_state(s, BGP_ACTIVE);
		} else if ((s->state == BGP_IDLE && s->started) ||
		    s->state == BGP_ACTIVE) {
			change_state(s, BGP_CONNECT);
		}
		return;
	case BGP_EV_TCP_CR_ACKED:
		if (s->state == BGP_CONNECT && s->fd != -1)
			connection_made(s);
		return;
	case BGP_EV_TCP_CONFIRMED:
		connection_offered(s);
		return;
	case BGP_EV_TCP_CONNECT_FAILS:
		if (s->state != BGP_CONNECT)
			return;
		if (s->why.sys_errno != 0)
			snprintf(s->last_error, sizeof(s->last_error),
			    "connect: %s", strerror(s->why.sys_errno));
		close_connection(s);
		change_state(s, BGP_ACTIVE);
		return;
	case BGP_EV_HOLD_EXPIRES:
		if (s->state >= BGP_OPENSENT)
			fail(s, BGP_ERR_HOLD, 0, NULL, 0, "hold timer expired");
		return;
	case BGP_EV_KEEPALIVE_EXPIRES:
		if (s->state == BGP_OPENCONFIRM || s->state == BGP_ESTABLISHED) {
			send_keepalive(s);
			evloop_timer_start(s->loop, &s->keepalive,
			    (uint64_t)s->keepalive_s * 1000);
		}
		return;
	case BGP_EV_TCP_CONNECTION_FAILS:
		if (s->fd2 != -1 && !s->broken) {	/* RFC 4271 6.8 */
			promote_second(s);
			return;
		}
		if (s->broken) {
			s->why.sys_errno = s->lost_errno;
			snprintf(s->last_error, sizeof(s->last_error),
			    "connection lost: %s", strerror(s->lost_errno));
		} else {
			snprintf(s->last_error, sizeof(s->last_error),
			    "connection closed by the peer");
		}
		change_state(s, BGP_IDLE);
		return;
	case BGP_EV_HEADER_ERR:
		fail_err(s, &s->header_err);
		return;
	case BGP_EV_OPEN_COLLISION_DUMP:
		if (s->fd2 != -1)
			promote_second(s);
		return;
	case BGP_EV_NOTIFICATION:
		notification_received(s);
		return;
	default:
		break;
	}
	/* messages, by state */
	switch (s->state) {
	case BGP_OPENSENT:
		if (ev == BGP_EV_OPEN)
			open_received(s);
		else
			unexpected(s);
		return;
	case BGP_OPENCONFIRM:
		if (ev == BGP_EV_KEEPALIVE)
			change_state(s, BGP_ESTABLISHED);
		else
			unexpected(s);
		return;
	case BGP_ESTABLISHED:
		if (ev == BGP_EV_UPDATE) {
			update_received(s);
		} else if (ev == BGP_EV_KEEPALIVE) {
			restart_hold(s);
		} else if (ev == BGP_EV_ROUTE_REFRESH) {
			restart_hold(s);
			if (s->hooks.refresh != NULL)
				s->hooks.refresh(s->owner, s);
		} else {
			unexpected(s);
		}
		return;
	default:
		return;
	}
}

/*
 * Every event goes through here, so that a transition knows its cause;
 * an event may raise another (Connect's attempt succeeds at once), and
 * the outer one is the cause again when the inner is done.
 */
static void
bgp_fsm(struct bgp_session *s, enum bgp_event ev)
{
	enum bgp_event outer = s->event;

	s->event = ev;
	fsm_step(s, ev);
	s->event = outer;
	/* an event that moved nothing leaves no cause behind */
	memset(&s->why, 0, sizeof(s->why));
}

/* Reading: frame messages, turn them into events. */

static const enum bgp_event type_event[] = {
	[BGP_OPEN] = BGP_EV_OPEN, [BGP_UPDATE] = BGP_EV_UPDATE,
	[BGP_NOTIFICATION] = BGP_EV_NOTIFICATION,
	[BGP_KEEPALIVE] = BGP_EV_KEEPALIVE,
	[BGP_ROUTE_REFRESH] = BGP_EV_ROUTE_REFRESH,
};

/*
 * Each message whole, as many as the round's budget allows: an UPDATE of
 * a thousand prefixes is decided in one piece, and what follows it waits
 * in the buffer for the next round (SPEC 10).
 */
static void
read_messages(struct bgp_session *s)
{
	enum bgp_type type;
	uint16_t len;
	size_t off = 0;
	bool more = false;
	int got;

	while (s->fd != -1 && (got = bgp_header_decode(s->in + off,
	    s->inlen - off, &type, &len, &s->header_err)) != 0) {
		if (got == -1) {
			bgp_fsm(s, BGP_EV_HEADER_ERR);
			return;
		}
		s->counters.in[type]++;
		s->body = rbuf_of(s->in + off + BGP_HEADER_LEN,
		    len - BGP_HEADER_LEN);
		off += len;
		bgp_fsm(s, type_event[type]);
		if (evloop_yield(s->loop)) {
			more = true;
			break;
		}
	}
	if (s->fd == -1)
		return;		/* the session dropped while reading */
	memmove(s->in, s->in + off, s->inlen - off);
	s->inlen -= off;
	if (more && s->inlen > 0)
		evloop_work_post(s->loop, &s->more);
}

static bool
read_more(void *arg)
{
	struct bgp_session *s = arg;

	if (s->fd != -1 && s->in != NULL) {
		evloop_label(s->loop, "BGP from %s", s->label);
		read_messages(s);
	}
	return false;		/* it queues itself again if it must */
}

static bool
room_due(void *arg)
{
	struct bgp_session *s = arg;

	if (s->hooks.room != NULL)
		s->hooks.room(s->owner, s);
	return false;
}

static void
on_io(void *arg, int fd, unsigned events)
{
	struct bgp_session *s = arg;
	socklen_t len = sizeof(int);
	int soerr = 0;
	ssize_t n;

	if (s->connecting && fd == s->fd) {
		/* the outgoing TCP connection is made, or failed */
		if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &len) == -1 ||
		    soerr != 0) {
			s->why.sys_errno = (uint16_t)(soerr ? soerr : errno);
			bgp_fsm(s, BGP_EV_TCP_CONNECT_FAILS);
			return;
		}
		bgp_fsm(s, BGP_EV_TCP_CR_ACKED);
		return;
	}
	if (events & EV_WRITE)
		flush(s);
	if (!(events & EV_READ) || s->fd != fd)
		return;
	if (s->in == NULL && (s->in = malloc(INBUF_CAP)) == NULL) {
		s->why.sys_errno = ENOMEM;
		bgp_fsm(s, BGP_EV_TCP_CONNECTION_FAILS);
		return;
	}
	if (s->inlen == INBUF_CAP) {
		/* full of what a budget left unhandled: that first (a read
		 * into no room would look like the end of the stream) */
		evloop_label(s->loop, "BGP from %s", s->label);
		read_messages(s);
		return;
	}
	n = read(fd, s->in + s->inlen, INBUF_CAP - s->inlen);
	if (n == -1 && (errno == EINTR || errno == EAGAIN))
		return;
	if (n <= 0) {
		bgp_fsm(s, BGP_EV_TCP_CONNECTION_FAILS);
		return;
	}
	s->inlen += (size_t)n;
	evloop_label(s->loop, "BGP from %s", s->label);
	read_messages(s);
}

static void
send_collision(int fd)
{
	uint8_t buf[BGP_HEADER_LEN + 2];

	write_once(fd, buf, bgp_notification_encode(buf, sizeof(buf),
	    BGP_ERR_CEASE, BGP_CEASE_COLLISION, NULL, 0));
}

/*
 * The second connection becomes the session's: the first is closed, and
 * whatever arrived on the second (its OPEN, perhaps) is read as the
 * session's own, from OpenSent: our OPEN went out on it when it came.
 */
static void
promote_second(struct bgp_session *s)
{
	evloop_fd_del(s->loop, s->fd);
	close(s->fd);
	evloop_fd_del(s->loop, s->fd2);
	s->fd = s->fd2;
	s->fd2 = -1;
	s->outlen = s->outsent = 0;
	/* the second connection's buffer becomes the session's */
	free(s->in);
	if ((s->in = malloc(INBUF_CAP)) == NULL) {
		s->why.sys_errno = ENOMEM;
		s->broken = true;
		bgp_fsm(s, BGP_EV_TCP_CONNECTION_FAILS);
		return;
	}
	if (s->in2len > 0)
		memcpy(s->in, s->in2, s->in2len);
	s->inlen = s->in2len;
	s->in2len = 0;
	if (evloop_fd_add(s->loop, s->fd, s->paused ? 0 : EV_READ, on_io,
	    s) == -1) {
		s->broken = true;
		bgp_fsm(s, BGP_EV_TCP_CONNECTION_FAILS);
		return;
	}
	evloop_fd_kind(s->loop, s->fd, s->kind);
	s->counters.out[BGP_OPEN]++;	/* the OPEN sent on it at accept */
	s->record_same = true;		/* OpenSent again, on another connection */
	change_state(s, BGP_OPENSENT);
	read_messages(s);
}

/*
 * RFC 4271 6.8: the OPEN on the second connection settles the collision.
 * If our BGP Identifier is the lower, the connection the peer opened wins
 * and ours is closed with Cease 7; otherwise the new one is.
 */
static void
on_io2(void *arg, int fd, unsigned events)
{
	struct bgp_session *s = arg;
	struct bgp_open o;
	struct bgp_error e;
	enum bgp_type type;
	uint16_t len;
	ssize_t n;
	int got;

	(void)events;
	if (s->in2 == NULL && (s->in2 = malloc(BGP_MAX_LEN)) == NULL) {
		close_second(s);
		return;
	}
	n = read(fd, s->in2 + s->in2len, BGP_MAX_LEN - s->in2len);
	if (n == -1 && (errno == EINTR || errno == EAGAIN))
		return;
	if (n <= 0) {
		close_second(s);
		return;
	}
	s->in2len += (size_t)n;
	got = bgp_header_decode(s->in2, s->in2len, &type, &len, &e);
	if (got == 0)
		return;
	if (got == -1 || type != BGP_OPEN || bgp_open_decode(rbuf_of(s->in2 +
	    BGP_HEADER_LEN, len - BGP_HEADER_LEN), &o, &e) == -1) {
		close_second(s);
		return;
	}
	if (s->cfg.bgp_id >= o.bgp_id) {
		send_collision(s->fd2);
		close_second(s);
		return;
	}
	/* the peer's connection wins: ours goes, with Cease 7 */
	note(&s->sent, BGP_ERR_CEASE, BGP_CEASE_COLLISION,
	    "connection collision (RFC 4271 6.8)");
	send_collision(s->fd);
	s->why.note = BGP_NOTE_SENT;
	s->why.code = BGP_ERR_CEASE;
	s->why.subcode = BGP_CEASE_COLLISION;
	bgp_fsm(s, BGP_EV_OPEN_COLLISION_DUMP);
}

static void
connect_retry_expired(void *arg)
{
	bgp_fsm(arg, BGP_EV_CONNECT_RETRY_EXPIRES);
}

static void
hold_expired(void *arg)
{
	bgp_fsm(arg, BGP_EV_HOLD_EXPIRES);
}

static void
keepalive_due(void *arg)
{
	bgp_fsm(arg, BGP_EV_KEEPALIVE_EXPIRES);
}

static void
connection_lost(void *arg)
{
	bgp_fsm(arg, BGP_EV_TCP_CONNECTION_FAILS);
}

/* The interface. */

struct bgp_session *
bgp_session_new(struct evloop *loop, const struct bgp_session_config *cfg,
    const struct bgp_session_hooks *hooks, void *owner)
{
	struct bgp_session *s = calloc(1, sizeof(*s));

	if (s == NULL)
		return NULL;
	s->loop = loop;
	s->cfg = *cfg;
	if (s->cfg.connect_retry_s == 0)
		s->cfg.connect_retry_s = 5;
	s->hooks = *hooks;
	s->owner = owner;
	s->fd = -1;
	s->fd2 = -1;
	s->offered_fd = -1;
	s->state = BGP_IDLE;
	s->kind = evloop_kind(loop, "BGP");
	s->jitter = cfg->bgp_id ^ (uint32_t)(uintptr_t)s;
	s->label = "a BGP peer";
	evloop_timer_init(&s->connect_retry, connect_retry_expired, s);
	evloop_timer_init(&s->hold, hold_expired, s);
	evloop_timer_init(&s->keepalive, keepalive_due, s);
	evloop_timer_init(&s->lost, connection_lost, s);
	evloop_timer_kind(&s->connect_retry, s->kind);
	evloop_timer_kind(&s->hold, s->kind);
	evloop_timer_kind(&s->keepalive, s->kind);
	evloop_timer_kind(&s->lost, s->kind);
	evloop_work_init(&s->more, s->kind, read_more, s);
	evloop_work_init(&s->room, s->kind, room_due, s);
	return s;
}

void
bgp_session_free(struct bgp_session *s)
{
	if (s == NULL)
		return;
	evloop_timer_stop(s->loop, &s->connect_retry);
	evloop_timer_stop(s->loop, &s->hold);
	evloop_timer_stop(s->loop, &s->keepalive);
	close_connection(s);
	evloop_work_cancel(s->loop, &s->room);
	free(s->out);
	free(s);
}

void
bgp_session_set_label(struct bgp_session *s, const char *label)
{
	s->label = label;
}

void
bgp_session_start(struct bgp_session *s, enum bgp_initiative who)
{
	bgp_fsm(s, who == BGP_MANUAL ? BGP_EV_MANUAL_START :
	    BGP_EV_AUTOMATIC_START);
}

void
bgp_session_stop(struct bgp_session *s, enum bgp_initiative who,
    uint8_t cease_subcode)
{
	s->cease = cease_subcode;
	bgp_fsm(s, who == BGP_MANUAL ? BGP_EV_MANUAL_STOP :
	    BGP_EV_AUTOMATIC_STOP);
}

static void on_io2(void *, int, unsigned);

static size_t
encode_open(const struct bgp_session *s, uint8_t *buf, size_t cap)
{
	struct bgp_open o = {
		.version = BGP_VERSION, .as = s->cfg.local_as,
		.hold_time = s->cfg.hold_time, .bgp_id = s->cfg.bgp_id,
		.cap_as4 = true, .cap_mp_ipv4 = s->cfg.ipv4,
		.cap_mp_ipv6 = s->cfg.ipv6, .cap_route_refresh = true,
	};

	return bgp_open_encode(buf, cap, &o);
}

bool
bgp_session_accept(struct bgp_session *s, int fd)
{
	uint8_t buf[128];
	bool taken;

	if (s->started && (s->state == BGP_OPENSENT ||
	    s->state == BGP_OPENCONFIRM) && s->fd2 == -1) {
		/* RFC 4271 6.8: keep both until the new one's OPEN */
		if (evloop_fd_add(s->loop, fd, EV_READ, on_io2, s) == -1)
			return false;
		evloop_fd_kind(s->loop, fd, s->kind);
		s->fd2 = fd;
		s->in2len = 0;
		write_once(fd, buf, encode_open(s, buf, sizeof(buf)));
		return true;
	}
	if (s->state == BGP_ESTABLISHED) {
		send_collision(fd);	/* RFC 4271 6.8: the new one goes */
		return false;
	}
	s->offered_fd = fd;
	bgp_fsm(s, BGP_EV_TCP_CONFIRMED);
	taken = s->offered_fd == -1;
	s->offered_fd = -1;
	return taken;
}

void
bgp_session_retry_now(struct bgp_session *s)
{
	if (s->state == BGP_ACTIVE)
		bgp_fsm(s, BGP_EV_TRANSPORT_READY);
}

void
bgp_session_set_carrier(struct bgp_session *s, bool up)
{
	if (s->paused == !up)
		return;
	s->paused = !up;
	if (s->fd == -1)
		return;
	/* nothing is read while the wire is cut; what waits, waits */
	evloop_fd_events(s->loop, s->fd, up ? EV_READ : 0);
	if (up)
		flush(s);
}

bool
bgp_session_send_room(struct bgp_session *s)
{
	if (s->outlen - s->outsent < OUT_HIGH)
		return true;
	s->want_room = true;
	return false;
}

bool
bgp_session_send(struct bgp_session *s, const uint8_t *msg, size_t len)
{
	if (s->state != BGP_ESTABLISHED)
		return false;
	return queue(s, msg, len);
}

enum bgp_state
bgp_session_state(const struct bgp_session *s)
{
	return s->state;
}

bool
bgp_session_io_idle(const struct bgp_session *s)
{
	int unread = 0;

	if (s->outsent < s->outlen || s->inlen > 0)
		return false;
	return s->fd == -1 || ioctl(s->fd, FIONREAD, &unread) == -1 ||
	    unread == 0;
}

bool
bgp_session_as4(const struct bgp_session *s)
{
	return s->as4;
}

uint32_t
bgp_session_peer_id(const struct bgp_session *s)
{
	return s->peer.bgp_id;
}

uint32_t
bgp_session_peer_as(const struct bgp_session *s)
{
	return s->peer.as;
}

uint16_t
bgp_session_hold_time(const struct bgp_session *s)
{
	return s->hold_s;
}

uint16_t
bgp_session_keepalive(const struct bgp_session *s)
{
	return s->keepalive_s;
}

uint64_t
bgp_session_uptime_ns(const struct bgp_session *s)
{
	if (s->state != BGP_ESTABLISHED)
		return 0;
	return clock_now_ns(evloop_clock(s->loop)) - s->established_ns;
}

bool
bgp_history_down_ns(const struct bgp_history *h, uint64_t now, uint64_t *ns)
{
	const struct bgp_transition *tr;
	size_t i;

	for (i = h->count; i-- > 0;) {
		tr = bgp_history_at(h, i);
		if (tr->from == BGP_ESTABLISHED) {
			*ns = now > tr->wall_ns ? now - tr->wall_ns : 0;
			return true;
		}
	}
	return false;
}

bool
bgp_session_up_down_ns(const struct bgp_session *s, uint64_t *ns)
{
	if (s->state == BGP_ESTABLISHED) {
		*ns = bgp_session_uptime_ns(s);
		return true;
	}
	return bgp_history_down_ns(&s->history,
	    clock_wall_ns(evloop_clock(s->loop)), ns);
}

const struct bgp_open *
bgp_session_peer_open(const struct bgp_session *s)
{
	return &s->peer;
}

const struct bgp_counters *
bgp_session_counters(const struct bgp_session *s)
{
	return &s->counters;
}

const struct bgp_last_notification *
bgp_session_last_sent(const struct bgp_session *s)
{
	return &s->sent;
}

const struct bgp_last_notification *
bgp_session_last_received(const struct bgp_session *s)
{
	return &s->received;
}

const char *
bgp_session_last_error(const struct bgp_session *s)
{
	return s->last_error;
}

const struct bgp_history *
bgp_session_history(const struct bgp_session *s)
{
	return &s->history;
}

void
bgp_session_inherit_history(struct bgp_session *s,
    const struct bgp_history *before)
{
	struct bgp_history own = s->history;
	size_t i;

	s->history = *before;
	for (i = 0; i < own.count; i++)
		history_push(&s->history, bgp_history_at(&own, i));
}

const struct bgp_transition *
bgp_history_at(const struct bgp_history *h, size_t i)
{
	if (i >= h->count)
		return NULL;
	return &h->t[(h->first + i) % BGP_HISTORY_MAX];
}

/* The event, as RFC 4271 8.1 names it where it has a name. */
static const char *const event_words[BGP_EV_COUNT] = {
	[BGP_EV_MANUAL_START] = "ManualStart",
	[BGP_EV_MANUAL_STOP] = "ManualStop",
	[BGP_EV_AUTOMATIC_START] = "AutomaticStart",
	[BGP_EV_AUTOMATIC_STOP] = "AutomaticStop",
	[BGP_EV_CONNECT_RETRY_EXPIRES] = "ConnectRetryTimer expired",
	[BGP_EV_HOLD_EXPIRES] = "HoldTimer expired",
	[BGP_EV_KEEPALIVE_EXPIRES] = "KeepaliveTimer expired",
	[BGP_EV_TCP_CR_ACKED] = "TCP connection made (Tcp_CR_Acked), "
	    "OPEN sent",
	[BGP_EV_TCP_CONFIRMED] = "TCP connection from the peer accepted "
	    "(TcpConnectionConfirmed), OPEN sent",
	[BGP_EV_TCP_CONNECT_FAILS] = "TCP connection failed "
	    "(TcpConnectionFails)",
	[BGP_EV_TCP_CONNECTION_FAILS] = "TCP connection closed "
	    "(TcpConnectionFails)",
	[BGP_EV_OPEN] = "OPEN received",
	[BGP_EV_HEADER_ERR] = "bad message header (BGPHeaderErr)",
	[BGP_EV_OPEN_COLLISION_DUMP] = "connection collision, the peer's "
	    "connection kept (OpenCollisionDump, RFC 4271 6.8)",
	[BGP_EV_NOTIFICATION] = "NOTIFICATION received",
	[BGP_EV_KEEPALIVE] = "KEEPALIVE received",
	[BGP_EV_UPDATE] = "UPDATE received",
	[BGP_EV_ROUTE_REFRESH] = "ROUTE-REFRESH received",
	[BGP_EV_TRANSPORT_READY] = "a circuit to the peer came up",
};

char *
bgp_transition_cause(const struct bgp_transition *t, char *buf, size_t len)
{
	const char *what = t->event < BGP_EV_COUNT &&
	    event_words[t->event] != NULL ? event_words[t->event] : "event";
	char name[96];

	bgp_notification_name(t->code, t->subcode, name, sizeof(name));
	if (t->event == BGP_EV_MANUAL_STOP ||
	    t->event == BGP_EV_AUTOMATIC_STOP)
		snprintf(buf, len, "%s: %s%s", what, cease_reason(t->subcode),
		    t->note == BGP_NOTE_SENT ? ", NOTIFICATION sent" : "");
	else if (t->note == BGP_NOTE_SENT)
		snprintf(buf, len, "%s: NOTIFICATION sent, %u/%u %s", what,
		    t->code, t->subcode, name);
	else if (t->note == BGP_NOTE_RECEIVED)
		snprintf(buf, len, "%s: %u/%u %s", what, t->code, t->subcode,
		    name);
	else if (t->sys_errno != 0)
		snprintf(buf, len, "%s: %s", what, strerror(t->sys_errno));
	else if (t->event == BGP_EV_TCP_CONNECT_FAILS)
		snprintf(buf, len, "%s: no answer", what);
	else if (t->event == BGP_EV_CONNECT_RETRY_EXPIRES &&
	    t->from == BGP_CONNECT)
		snprintf(buf, len, "%s: no answer to our connect", what);
	else
		snprintf(buf, len, "%s", what);
	return buf;
}

/*
 * bgp_tcp: listening, accepting, connecting, and TCP MD5.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "bgp_tcp.h"
#include "../cloud/engine_impl.h"

/* RFC 2385 via Linux TCP_MD5SIG: an empty key removes the entry. */
static int
set_md5(int fd, const struct ipaddr *peer, const char *key)
{
	struct tcp_md5sig md5;
	size_t len = key != NULL ? strlen(key) : 0;

	memset(&md5, 0, sizeof(md5));
	ipaddr_to_sockaddr(peer, 0, &md5.tcpm_addr);
	if (len > TCP_MD5SIG_MAXKEYLEN)
		len = TCP_MD5SIG_MAXKEYLEN;
	md5.tcpm_keylen = (uint16_t)len;
	memcpy(md5.tcpm_key, key != NULL ? key : "", len);
	return setsockopt(fd, IPPROTO_TCP, TCP_MD5SIG, &md5, sizeof(md5));
}

static void
accept_ready(void *arg, int fd, unsigned events)
{
	struct engine *e = arg;
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	struct ipaddr from;
	int cfd;

	(void)events;
	cfd = accept4(fd, (struct sockaddr *)&ss, &len, SOCK_NONBLOCK |
	    SOCK_CLOEXEC);
	if (cfd == -1)
		return;
	ipaddr_from_sockaddr(&ss, &from, NULL);
	/* only a configured peer gets an OPEN; others are closed at once */
	if (e->hooks.accept == NULL || !e->hooks.accept(e, &from, cfd))
		close(cfd);
}

static int
open_listener(const struct ipaddr *ip, uint16_t port, char *why, size_t len)
{
	struct sockaddr_storage ss;
	socklen_t sl = ipaddr_to_sockaddr(ip, port, &ss);
	int fd, on = 1;

	fd = socket(ip->family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd == -1) {
		snprintf(why, len, "%s", strerror(errno));
		return -1;
	}
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
	if (ip->family == AF_INET6)
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof(on));
	if (bind(fd, (struct sockaddr *)&ss, sl) == -1 || listen(fd, 16) == -1) {
		snprintf(why, len, "%s", strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

int
bgp_tcp_listen(struct engine *e, const struct ipaddr *ip, uint16_t port,
    bool negate, struct engine_error *err)
{
	char a[NETADDR_STRLEN], why[128];
	size_t i;
	int fd = -1;

	ipaddr_format(ip, a, sizeof(a));
	i = engine_listen_index(e, ip);
	if (negate) {
		if (i == e->nlistens)
			return engine_fail(err, "", "bgp does not listen on %s",
			    a);
		if (e->listens[i].fd != -1) {
			evloop_fd_del(e->loop, e->listens[i].fd);
			close(e->listens[i].fd);
		}
		e->listens[i] = e->listens[--e->nlistens];
		return 0;
	}
	if (i < e->nlistens && e->listens[i].port == port)
		return 0;
	if (i == e->nlistens && e->nlistens == BGP_LISTEN_MAX)
		return engine_fail(err, "", "bgp listens on at most %d "
		    "addresses", BGP_LISTEN_MAX);
	if (!(e->flags & ENGINE_CHECK_ONLY)) {
		if ((fd = open_listener(ip, port, why, sizeof(why))) == -1)
			return engine_fail(err, "", "bgp listen %s port %u: %s",
			    a, port, why);
		if (evloop_fd_add(e->loop, fd, EV_READ, accept_ready, e) == -1) {
			close(fd);
			return engine_fail(err, "", "bgp listen %s: cannot "
			    "watch the socket", a);
		}
	}
	if (i < e->nlistens && e->listens[i].fd != -1) {	/* new port */
		evloop_fd_del(e->loop, e->listens[i].fd);
		close(e->listens[i].fd);
	}
	if (i == e->nlistens)
		e->nlistens++;
	e->listens[i] = (struct bgp_listen){ *ip, port, fd };
	e->listen_gen++;	/* every peer's key goes on the new socket */
	return 0;	/* the peers' keys go on it as the engine comes round */
}

size_t
bgp_tcp_listen_count(const struct engine *e)
{
	return e->nlistens;
}

const struct bgp_listen *
bgp_tcp_listen_get(const struct engine *e, size_t i)
{
	return i < e->nlistens ? &e->listens[i] : NULL;
}

void
bgp_tcp_free(struct engine *e)
{
	size_t i;

	for (i = 0; i < e->nlistens; i++)
		if (e->listens[i].fd != -1) {
			evloop_fd_del(e->loop, e->listens[i].fd);
			close(e->listens[i].fd);
		}
	e->nlistens = 0;
}

/* Common leading bits of two addresses of one family. */
static unsigned
common_bits(const struct ipaddr *a, const struct ipaddr *b)
{
	const uint8_t *x = a->family == AF_INET ? (const uint8_t *)&a->v4 :
	    a->v6.s6_addr, *y = b->family == AF_INET ?
	    (const uint8_t *)&b->v4 : b->v6.s6_addr;
	unsigned i, n = a->family == AF_INET ? 4 : 16;

	for (i = 0; i < n; i++)
		if (x[i] != y[i])
			return i * 8 + (unsigned)__builtin_clz((unsigned)(x[i] ^
			    y[i]) << 24);
	return n * 8;
}

/*
 * The listen address to call from: of the peer's family, and of those
 * the one sharing the longest prefix with it, so each tunnel's session
 * leaves from its own /30.
 */
static size_t
nearest_listen(const struct engine *e, const struct ipaddr *peer)
{
	size_t i, best = e->nlistens;
	unsigned n, most = 0;

	for (i = 0; i < e->nlistens; i++) {
		if (e->listens[i].ip.family != peer->family)
			continue;
		n = common_bits(&e->listens[i].ip, peer);
		if (best == e->nlistens || n > most) {
			best = i;
			most = n;
		}
	}
	return best;
}

int
bgp_tcp_connect(struct engine *e, const struct ipaddr *peer, uint16_t port,
    const char *key, bool *in_progress)
{
	struct sockaddr_storage ss;
	socklen_t sl;
	size_t i;
	int fd, on = 1;

	*in_progress = false;
	/*
	 * Real routers are reached only from a `bgp listen` address of the
	 * peer's family: without one the engine talks to no network at all,
	 * so a lab of CPEs, or a script, never sends a packet anywhere.
	 */
	if (e->flags & ENGINE_CHECK_ONLY || !bgp_tcp_can_connect(e, peer))
		return -1;
	i = nearest_listen(e, peer);
	fd = socket(peer->family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd == -1)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
	/* from our listen address, so the peer knows who is calling */
	sl = ipaddr_to_sockaddr(&e->listens[i].ip, 0, &ss);
	if (bind(fd, (struct sockaddr *)&ss, sl) == -1) {
		close(fd);
		return -1;
	}
	if (key != NULL && key[0] != '\0' && set_md5(fd, peer, key) == -1) {
		close(fd);
		return -1;
	}
	sl = ipaddr_to_sockaddr(peer, port, &ss);
	if (connect(fd, (struct sockaddr *)&ss, sl) == 0)
		return fd;
	if (errno == EINPROGRESS) {
		*in_progress = true;
		return fd;
	}
	close(fd);
	return -1;
}

bool
bgp_tcp_can_connect(const struct engine *e, const struct ipaddr *peer)
{
	size_t i;

	for (i = 0; i < e->nlistens; i++)
		if (e->listens[i].ip.family == peer->family)
			return true;
	return false;
}

void
bgp_tcp_key(struct engine *e, const struct ipaddr *peer, const char *key)
{
	size_t i;

	for (i = 0; i < e->nlistens; i++)
		if (e->listens[i].fd != -1 && e->listens[i].ip.family ==
		    peer->family)
			set_md5(e->listens[i].fd, peer, key);
}

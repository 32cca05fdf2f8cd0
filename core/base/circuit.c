/*
 * circuit: socketpairs that behave like a point-to-point link.
 */
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include "circuit.h"

struct circuit *
circuit_new(struct evloop *loop)
{
	struct circuit *c;

	if ((c = calloc(1, sizeof(*c))) == NULL)
		return NULL;
	c->loop = loop;
	c->spare[0] = c->spare[1] = -1;
	c->dgram[0] = c->dgram[1] = -1;
	c->refs = 1;
	return c;
}

static void
close_dgrams(struct circuit *c)
{
	int i;

	for (i = 0; i < 2; i++)
		if (c->dgram[i] != -1) {
			evloop_fd_del(c->loop, c->dgram[i]);
			close(c->dgram[i]);
			c->dgram[i] = -1;
		}
}

static void
maybe_free(struct circuit *c)
{
	if (c->refs > 0 || c->holds > 0)
		return;
	if (c->spare[0] != -1)
		close(c->spare[0]);
	if (c->spare[1] != -1)
		close(c->spare[1]);
	close_dgrams(c);
	free(c);
}

void
circuit_put(struct circuit *c)
{
	if (c == NULL)
		return;
	c->refs--;
	maybe_free(c);
}

void
circuit_hold(struct circuit *c)
{
	c->holds++;
}

void
circuit_unhold(struct circuit *c)
{
	c->holds--;
	maybe_free(c);
}

int
circuit_stream(struct circuit *c, int me)
{
	int sv[2], fd;

	if (c->down)
		return -1;
	if (c->spare[me] != -1) {
		fd = c->spare[me];
		c->spare[me] = -1;
		return fd;
	}
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0,
	    sv) == -1)
		return -1;
	if (c->spare[!me] != -1)
		close(c->spare[!me]);	/* a half the other side never took */
	c->spare[!me] = sv[1];
	return sv[0];
}

static void
on_dgram(void *arg, int fd, unsigned events)
{
	struct circuit *c = arg;
	int side = fd == c->dgram[0] ? 0 : 1;
	uint8_t buf[512];
	ssize_t n;

	(void)events;
	/* one datagram a round: the receiver may change the circuit */
	if ((n = recv(fd, buf, sizeof(buf), 0)) < 0)
		return;
	/* a cut circuit loses what was in flight, too */
	if (!c->down && c->rx[side] != NULL)
		c->rx[side](c->rx_arg[side], buf, (size_t)n);
}

int
circuit_dgram_listen(struct circuit *c, int side, circuit_dgram_fn fn,
    void *arg)
{
	int sv[2], i;

	c->rx[side] = fn;
	c->rx_arg[side] = arg;
	if (fn == NULL || c->dgram[0] != -1)
		return 0;
	if (socketpair(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0,
	    sv) == -1)
		return -1;
	for (i = 0; i < 2; i++) {
		c->dgram[i] = sv[i];
		if (evloop_fd_add(c->loop, sv[i], EV_READ, on_dgram, c) == -1) {
			close_dgrams(c);
			return -1;
		}
		evloop_fd_kind(c->loop, sv[i], evloop_kind(c->loop, "BFD"));
	}
	return 0;
}

void
circuit_dgram_send(struct circuit *c, int side, const uint8_t *p, size_t len)
{
	if (c->down || c->dgram[side] == -1 || c->rx[!side] == NULL)
		return;
	/* a full queue drops, as a link would */
	(void)send(c->dgram[side], p, len, MSG_DONTWAIT);
}

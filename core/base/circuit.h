/*
 * circuit: the wire between a cloud-side speaker and an in-process CPE.
 * It carries a byte stream for BGP (a socketpair, one per connection) and
 * datagrams for BFD (one datagram socketpair), both through the event
 * loop like real sockets.  `link down` and a failure drill cut it: BGP
 * bytes wait (the sessions pause their I/O) and BFD datagrams are lost
 * both ways, as on a dead fibre.
 */
#ifndef ECSH_CIRCUIT_H
#define ECSH_CIRCUIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "evloop.h"

enum { CIRCUIT_CLOUD = 0, CIRCUIT_CPE = 1 };

typedef void (*circuit_dgram_fn)(void *arg, const uint8_t *, size_t);

struct circuit {
	struct evloop		*loop;
	int			 spare[2];	/* stream halves not yet taken */
	int			 dgram[2];	/* -1 until a side listens */
	circuit_dgram_fn	 rx[2];
	void			*rx_arg[2];
	bool			 down;
	int			 refs;		/* BGP speakers at its ends */
	int			 holds;		/* others (BFD) keeping it */
};

struct circuit	*circuit_new(struct evloop *);	/* one reference */
void		 circuit_put(struct circuit *);
/* Keep it without counting as an end (refs says who is there). */
void		 circuit_hold(struct circuit *);
void		 circuit_unhold(struct circuit *);

/* A fresh stream socket for side, or -1 while the circuit is cut. */
int	circuit_stream(struct circuit *, int side);

/* Hear datagrams sent to side; fn NULL stops listening. */
int	circuit_dgram_listen(struct circuit *, int side, circuit_dgram_fn,
	    void *arg);
/* Send from side to the other; lost if cut or nobody listens there. */
void	circuit_dgram_send(struct circuit *, int side, const uint8_t *,
	    size_t);

#endif

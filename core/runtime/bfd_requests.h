/*
 * bfd_requests: the BFD sessions the configuration and the BGP speakers
 * call for, asked of bfd_speakers in one round.
 */
#ifndef ECSH_BFD_REQUESTS_H
#define ECSH_BFD_REQUESTS_H

struct engine;

void	bfd_requests_reconcile(struct engine *);

#endif

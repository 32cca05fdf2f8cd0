/*
 * wire: frames between `ecsh --connect` and `ecsh --serve`.
 *
 * A frame is a type byte, a 32-bit big-endian payload length, and the
 * payload.  The client sends one LINE at a time and waits for its DONE;
 * HELP, COMPLETE and RESET are answered at once.  Output of a command comes
 * as OUT and ERR frames before its DONE, split at WIRE_CHUNK bytes.
 */
#ifndef ECSH_WIRE_H
#define ECSH_WIRE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/base/strbuf.h"

enum wire_type {
	/* client to server */
	W_LINE = 1,		/* "FILE\0LINENO\0TEXT"; FILE "" at a terminal */
	W_HELP,			/* line before the cursor */
	W_COMPLETE,		/* line before the cursor */
	W_CANCEL,		/* Ctrl-C */
	W_RESET,		/* a script starts: back to exec; DONE follows */
	W_CWD,			/* the client's directory, for relative FILEs */
	W_UNSAVED,		/* unsaved changes in a config mode? */
	/* server to client */
	W_OUT = 16,		/* standard output text */
	W_ERR,			/* standard error text */
	W_DONE,			/* status byte, then the prompt */
	W_HELP_REPLY,		/* help text */
	W_COMPLETE_REPLY,	/* "WORDSTART\0CAND\0CAND..." */
	W_UNSAVED_REPLY,	/* "1" or "0" */
};

enum { WIRE_HEADER = 5, WIRE_CHUNK = 65536, WIRE_PAYLOAD_MAX = 1 << 20 };

/* Status bytes of W_DONE. */
enum { WIRE_OK = 0, WIRE_FAILED = 1, WIRE_EXIT = 2 };

struct wire_frame {
	enum wire_type	 type;
	const char	*payload;	/* into the reader's buffer */
	size_t		 len;
};

struct wire_reader {
	struct strbuf	 buf;
	size_t		 start;		/* consumed bytes at the front */
};

void	wire_reader_init(struct wire_reader *);
void	wire_reader_free(struct wire_reader *);
void	wire_reader_feed(struct wire_reader *, const char *, size_t);
/* 1 a frame, 0 need more bytes, -1 a malformed stream. */
int	wire_reader_next(struct wire_reader *, struct wire_frame *);

/* Append a frame (text split into several if long) to out. */
void	wire_put(struct strbuf *out, enum wire_type, const char *, size_t);

#endif

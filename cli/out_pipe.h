/*
 * out_pipe: the `| include ... | count` filters a show ends with, as a
 * stream.  A show that runs in slices (SPEC 10) hands its text in as it is
 * made; each whole line passes through the filters, left to right, and
 * what comes out leaves through the writer in pieces, so a million-route
 * table filtered down to ten lines is never held whole.
 *
 * The filters mean what they mean on a finished show: include, exclude
 * and begin by line, section by indentation, count at the end.
 */
#ifndef ECSH_OUT_PIPE_H
#define ECSH_OUT_PIPE_H

#include <stddef.h>

#include "../grammar/gram.h"

typedef void (*out_pipe_writer)(void *ctx, const char *text, size_t len);

struct out_pipe;

/* NULL, with why, on a bad regular expression or out of memory. */
struct out_pipe	*out_pipe_new(const struct gram_filter *, size_t nfilters,
		    out_pipe_writer, void *ctx, char *why, size_t whylen);
void		 out_pipe_write(struct out_pipe *, const char *text,
		    size_t len);
/* What passed so far goes out now (the end of a slice). */
void		 out_pipe_flush(struct out_pipe *);
/* The last line, the count, then free. */
void		 out_pipe_close(struct out_pipe *);
/* Free without a word more (the command was cancelled). */
void		 out_pipe_free(struct out_pipe *);

#endif

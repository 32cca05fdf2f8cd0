/*
 * out_pipe: output filters, line by line.  Each filter is a stage; a line
 * that a stage lets through goes on to the next, the last one's into the
 * writer's buffer.
 */
#include <regex.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "out_pipe.h"
#include "../core/base/strbuf.h"

struct stage {
	enum gram_choice	 kind;
	regex_t			 re;
	bool			 compiled;
	bool			 begun;		/* begin: the first hit was seen */
	size_t			 section;	/* its indentation, or SIZE_MAX */
	size_t			 count;
};

struct out_pipe {
	struct stage		 stage[GRAM_FILTERS_MAX];
	size_t			 n;
	struct strbuf		 partial;	/* a line not yet ended */
	struct strbuf		 out;		/* what passed, not yet written */
	out_pipe_writer		 write;
	void			*ctx;
};

static size_t
leading_blanks(const char *line)
{
	return strspn(line, " \t");
}

void
out_pipe_free(struct out_pipe *p)
{
	size_t i;

	if (p == NULL)
		return;
	for (i = 0; i < p->n; i++)
		if (p->stage[i].compiled)
			regfree(&p->stage[i].re);
	strbuf_free(&p->partial);
	strbuf_free(&p->out);
	free(p);
}

struct out_pipe *
out_pipe_new(const struct gram_filter *f, size_t n, out_pipe_writer write,
    void *ctx, char *why, size_t whylen)
{
	struct out_pipe *p = calloc(1, sizeof(*p));
	char errbuf[128];
	size_t i;
	int rc;

	if (p == NULL || n > GRAM_FILTERS_MAX) {
		free(p);
		snprintf(why, whylen, "out of memory");
		return NULL;
	}
	strbuf_init(&p->partial);
	strbuf_init(&p->out);
	p->write = write;
	p->ctx = ctx;
	for (i = 0; i < n; i++, p->n++) {
		p->stage[i].kind = f[i].kind;
		p->stage[i].section = SIZE_MAX;
		if (f[i].kind == CH_COUNT)
			continue;
		if ((rc = regcomp(&p->stage[i].re, f[i].regex,
		    REG_EXTENDED | REG_NOSUB)) != 0) {
			regerror(rc, &p->stage[i].re, errbuf, sizeof(errbuf));
			snprintf(why, whylen, "bad regular expression '%s': %s",
			    f[i].regex, errbuf);
			out_pipe_free(p);
			return NULL;
		}
		p->stage[i].compiled = true;
	}
	return p;
}

static void feed(struct out_pipe *, size_t at, const char *line);

static bool
passes(struct stage *s, const char *line)
{
	bool hit = regexec(&s->re, line, 0, NULL, 0) == 0;

	/* a section: the matching line and those indented under it */
	if (s->section != SIZE_MAX && leading_blanks(line) <= s->section)
		s->section = SIZE_MAX;
	if (s->kind == CH_SECTION && hit && s->section == SIZE_MAX)
		s->section = leading_blanks(line);
	switch (s->kind) {
	case CH_INCLUDE:
		return hit;
	case CH_EXCLUDE:
		return !hit;
	case CH_BEGIN:
		return s->begun = s->begun || hit;
	case CH_SECTION:
		return s->section != SIZE_MAX;
	default:
		return false;
	}
}

static void
feed(struct out_pipe *p, size_t at, const char *line)
{
	if (at == p->n) {
		strbuf_puts(&p->out, line);
		strbuf_puts(&p->out, "\n");
		if (p->out.len >= STRBUF_SINK_AT)
			out_pipe_flush(p);
		return;
	}
	if (p->stage[at].kind == CH_COUNT) {
		p->stage[at].count++;
		return;
	}
	if (passes(&p->stage[at], line))
		feed(p, at + 1, line);
}

void
out_pipe_write(struct out_pipe *p, const char *text, size_t len)
{
	const char *nl, *end;

	if (len == 0)
		return;
	end = text + len;
	if (p->n == 0) {	/* no filter: straight through */
		strbuf_add(&p->out, text, len);
		if (p->out.len >= STRBUF_SINK_AT)
			out_pipe_flush(p);
		return;
	}
	while (text < end && (nl = memchr(text, '\n', (size_t)(end -
	    text))) != NULL) {
		strbuf_add(&p->partial, text, (size_t)(nl - text));
		feed(p, 0, p->partial.s != NULL ? p->partial.s : "");
		strbuf_reset(&p->partial);
		text = nl + 1;
	}
	if (text < end)
		strbuf_add(&p->partial, text, (size_t)(end - text));
}

void
out_pipe_flush(struct out_pipe *p)
{
	if (p->out.len > 0)
		p->write(p->ctx, p->out.s, p->out.len);
	strbuf_reset(&p->out);
}

void
out_pipe_close(struct out_pipe *p)
{
	char line[64];
	size_t i;

	if (p->n > 0 && p->partial.len > 0)
		feed(p, 0, p->partial.s);
	/* each count says its line to the filters after it */
	for (i = 0; i < p->n; i++)
		if (p->stage[i].kind == CH_COUNT) {
			snprintf(line, sizeof(line), "Count: %zu line%s",
			    p->stage[i].count,
			    p->stage[i].count == 1 ? "" : "s");
			feed(p, i + 1, line);
		}
	out_pipe_flush(p);
	out_pipe_free(p);
}

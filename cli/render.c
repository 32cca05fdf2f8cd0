/*
 * render: tables as aligned text or as JSON.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/base/utf8.h"
#include "render.h"

/* what render_streamed() does with a finished row: text is filled twice,
 * once to measure the columns and once to write them */
enum { STREAM_NONE, STREAM_MEASURE, STREAM_TEXT, STREAM_JSON };

void
table_init(struct table *t, const char *list_key, const struct column *cols,
    size_t ncols)
{
	memset(t, 0, sizeof(*t));
	t->list_key = list_key;
	t->cols = cols;
	t->ncols = ncols;
	arena_init(&t->mem);
}

/* Every cell's strings and lists are the table's arena's. */
void
table_free(struct table *t)
{
	arena_free(&t->mem);
	free(t->cells);
	t->cells = NULL;
	t->nrows = t->caprows = 0;
}

static void	stream_row(struct table *);

void
table_row(struct table *t)
{
	struct cell *p;
	size_t cap;

	if (t->stream != STREAM_NONE && t->nrows > 0)
		stream_row(t);

	if (t->nrows == t->caprows) {
		cap = t->caprows ? t->caprows * 2 : 16;
		p = realloc(t->cells, cap * t->ncols * sizeof(*p));
		if (p == NULL)
			abort();
		t->cells = p;
		t->caprows = cap;
	}
	memset(&t->cells[t->nrows * t->ncols], 0,
	    t->ncols * sizeof(*t->cells));
	t->nrows++;
}

static struct cell *
cur_cell(struct table *t, size_t col)
{
	return &t->cells[(t->nrows - 1) * t->ncols + col];
}

/* A table that cannot have its memory stops the shell, like strbuf. */
static void *
table_alloc(struct table *t, size_t n)
{
	void *p = arena_alloc(&t->mem, n);

	if (p == NULL)
		abort();
	return p;
}

static char *
table_strdup(struct table *t, const char *s, size_t len)
{
	char *p = table_alloc(t, len + 1);

	memcpy(p, s, len);
	return p;
}

static char *
vformat(struct table *t, size_t *len, const char *fmt, va_list ap)
{
	struct strbuf b;
	const char *s;
	char *p;

	/* most cells are one string, or a word, which need no formatting */
	if (strcmp(fmt, "%s") == 0 || strchr(fmt, '%') == NULL) {
		s = fmt[0] == '%' ? va_arg(ap, const char *) : fmt;
		*len = strlen(s);
		return table_strdup(t, s, *len);
	}
	strbuf_init(&b);
	strbuf_vprintf(&b, fmt, ap);
	*len = b.len;
	p = table_strdup(t, b.s != NULL ? b.s : "", b.len);
	strbuf_free(&b);
	return p;
}

void
table_text(struct table *t, size_t col, const char *fmt, ...)
{
	struct cell *c = cur_cell(t, col);
	va_list ap;

	va_start(ap, fmt);
	c->text = vformat(t, &c->textlen, fmt, ap);
	va_end(ap);
	c->type = CELL_TEXT;
}

void
table_number(struct table *t, size_t col, int64_t n)
{
	struct cell *c = cur_cell(t, col);

	c->type = CELL_NUMBER;
	c->number = n;
}

void
table_absent(struct table *t, size_t col, const char *text)
{
	struct cell *c = cur_cell(t, col);

	c->type = CELL_NULL;
	c->text = arena_strdup(&t->mem, text);
}

void
table_duration(struct table *t, size_t col, int64_t seconds)
{
	struct cell *c = cur_cell(t, col);

	c->type = CELL_NUMBER;
	c->number = seconds;
	c->duration = true;
}

/* As IOS prints a time: 00:04:12 below a day, 3d04h below a week, 2w1d. */
const char *
render_duration(int64_t seconds, char *buf, size_t len)
{
	uint64_t s = seconds > 0 ? (uint64_t)seconds : 0;

	if (s < 86400)
		snprintf(buf, len, "%02u:%02u:%02u", (unsigned)(s / 3600),
		    (unsigned)(s / 60 % 60), (unsigned)(s % 60));
	else if (s < 7 * 86400)
		snprintf(buf, len, "%ud%02uh", (unsigned)(s / 86400),
		    (unsigned)(s / 3600 % 24));
	else
		snprintf(buf, len, "%" PRIu64 "w%ud", s / (7 * 86400),
		    (unsigned)(s / 86400 % 7));
	return buf;
}

void
table_bool(struct table *t, size_t col, bool v)
{
	struct cell *c = cur_cell(t, col);

	c->type = CELL_BOOL;
	c->boolean = v;
}

void
table_list_start(struct table *t, size_t col)
{
	struct cell *c = cur_cell(t, col);

	c->type = CELL_LIST;
	c->text = table_strdup(t, "", 0);
	c->textlen = 0;
}

void
table_list_number(struct table *t, size_t col, int64_t v)
{
	char digits[24], *p = digits + sizeof(digits);
	uint64_t u = v < 0 ? -(uint64_t)v : (uint64_t)v;

	/* an AS path of every route of a big table: no printf */
	*--p = '\0';
	do
		*--p = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (v < 0)
		*--p = '-';
	table_list_add(t, col, "%s", p);
	cur_cell(t, col)->numeric = true;
}

/* An arena does not grow a piece in place: a list moves as it grows. */
static char **
grown(struct table *t, char **v, size_t n)
{
	char **p = table_alloc(t, (n + 1) * sizeof(*p));

	if (n > 0)
		memcpy(p, v, n * sizeof(*p));
	return p;
}

void
table_list_add(struct table *t, size_t col, const char *fmt, ...)
{
	struct cell *c = cur_cell(t, col);
	const char *sep = c->nitems == 0 ? "" : c->numeric ? " " : ",";
	size_t len, seplen = strlen(sep);
	char *item, *text;
	va_list ap;

	va_start(ap, fmt);
	item = vformat(t, &len, fmt, ap);
	va_end(ap);
	c->items = grown(t, c->items, c->nitems);
	c->items[c->nitems++] = item;
	c->type = CELL_LIST;
	/* the text form is kept joined, so widths and output are simple */
	text = table_alloc(t, c->textlen + seplen + len + 1);
	if (c->textlen > 0)
		memcpy(text, c->text, c->textlen);
	memcpy(text + c->textlen, sep, seplen);
	memcpy(text + c->textlen + seplen, item, len);
	c->text = text;
	c->textlen += seplen + len;
}

void
table_list_object(struct table *t, size_t col, const char *text,
    const char *json)
{
	struct cell *c = cur_cell(t, col);

	if (table_wants_json(t)) {
		c->json = grown(t, c->json, c->nitems);
		c->json[c->nitems] = table_strdup(t, json, strlen(json));
	}
	table_list_add(t, col, "%s", text);
}

void
table_object(struct table *t, size_t col, const char *text, const char *json)
{
	struct cell *c = cur_cell(t, col);

	table_text(t, col, "%s", text);
	if (table_wants_json(t))
		c->object = table_strdup(t, json, strlen(json));
}

void
table_list_text(struct table *t, size_t col, const char *text)
{
	struct cell *c = cur_cell(t, col);

	c->textlen = strlen(text);
	c->text = table_strdup(t, text, c->textlen);
}

static void
cell_text(const struct cell *c, char *buf, size_t len, const char **out)
{
	switch (c->type) {
	case CELL_LIST:
		*out = c->nitems > 0 ? c->text : "-";
		return;
	case CELL_TEXT:
		*out = c->text;
		return;
	case CELL_NUMBER:
		if (c->duration)
			render_duration(c->number, buf, len);
		else
			snprintf(buf, len, "%" PRId64, c->number);
		break;
	case CELL_BOOL:
		snprintf(buf, len, "%s", c->boolean ? "yes" : "no");
		break;
	default:	/* empty: what the table says of it, or "-" */
		snprintf(buf, len, "%s", c->text != NULL ? c->text : "-");
	}
	*out = buf;
}

static void
render_record(const struct table *t, struct strbuf *out)
{
	size_t i, width = 0;
	char buf[32];
	const char *s;

	for (i = 0; i < t->ncols; i++)
		if (t->cols[i].header != NULL &&
		    strlen(t->cols[i].header) > width)
			width = strlen(t->cols[i].header);
	for (i = 0; i < t->ncols && t->nrows > 0; i++) {
		if (t->cols[i].header == NULL)
			continue;
		cell_text(&t->cells[i], buf, sizeof(buf), &s);
		strbuf_printf(out, "%-*s  %s\n", (int)width + 1,
		    t->cols[i].header, s);
	}
}

bool
table_wants_json(const struct table *t)
{
	return t->stream != STREAM_MEASURE && t->stream != STREAM_TEXT;
}

/* Pad every column but the last, which would only add trailing blanks. */
static void
put_cell(struct strbuf *out, const char *s, size_t len, size_t width,
    bool last)
{
	size_t cols;

	strbuf_add(out, s, len);
	if (!last) {
		/* a streamed cell may have grown since it was measured */
		cols = utf8_columns(s, len);
		strbuf_pad(out, (cols < width ? width - cols : 0) + 2);
		return;
	}
	while (out->len > 0 && out->s[out->len - 1] == ' ')
		out->len--;
	strbuf_puts(out, "\n");
}

static size_t
last_text_column(const struct table *t)
{
	size_t c = t->ncols;

	while (c > 0 && t->cols[c - 1].header == NULL)
		c--;
	return c - 1;
}

static void
header_widths(const struct table *t, size_t *width)
{
	for (size_t c = 0; c < t->ncols; c++)
		width[c] = t->cols[c].header != NULL ?
		    strlen(t->cols[c].header) : 0;
}

static void
measure_row(const struct table *t, size_t r, size_t *width)
{
	char buf[32];
	const char *s;
	size_t cols;

	for (size_t c = 0; c < t->ncols; c++) {
		cell_text(&t->cells[r * t->ncols + c], buf, sizeof(buf), &s);
		if ((cols = utf8_columns(s, strlen(s))) > width[c])
			width[c] = cols;
	}
}

static void
text_header(const struct table *t, const size_t *width, struct strbuf *out)
{
	size_t c, last = last_text_column(t);

	for (c = 0; c <= last; c++)
		if (t->cols[c].header != NULL)
			put_cell(out, t->cols[c].header,
			    strlen(t->cols[c].header), width[c], c == last);
}

static void
text_row(const struct table *t, size_t r, const size_t *width,
    struct strbuf *out)
{
	size_t c, last = last_text_column(t);
	char buf[32];
	const char *s;

	for (c = 0; c <= last; c++) {
		if (t->cols[c].header == NULL)
			continue;
		cell_text(&t->cells[r * t->ncols + c], buf, sizeof(buf), &s);
		put_cell(out, s, strlen(s), width[c], c == last);
	}
}

void
render_text(const struct table *t, struct strbuf *out)
{
	size_t *width, r;

	if (t->list_key == NULL) {
		render_record(t, out);
		return;
	}
	if (t->nrows == 0) {
		if (t->empty != NULL)
			strbuf_printf(out, "%s\n", t->empty);
		return;
	}
	if ((width = calloc(t->ncols, sizeof(*width))) == NULL)
		abort();
	header_widths(t, width);
	for (r = 0; r < t->nrows; r++)
		measure_row(t, r, width);
	text_header(t, width, out);
	for (r = 0; r < t->nrows; r++)
		text_row(t, r, width, out);
	free(width);
}

static void
json_cell(const struct cell *c, struct strbuf *out)
{
	if (c->object != NULL) {
		strbuf_puts(out, c->object);
		return;
	}
	switch (c->type) {
	case CELL_TEXT:
		strbuf_json_string(out, c->text);
		break;
	case CELL_NUMBER:
		strbuf_printf(out, "%" PRId64, c->number);
		break;
	case CELL_BOOL:
		strbuf_puts(out, c->boolean ? "true" : "false");
		break;
	case CELL_LIST:
		strbuf_puts(out, "[");
		for (size_t i = 0; i < c->nitems; i++) {
			if (i > 0)
				strbuf_puts(out, ",");
			if (c->json != NULL)
				strbuf_puts(out, c->json[i]);
			else if (c->numeric)
				strbuf_puts(out, c->items[i]);
			else
				strbuf_json_string(out, c->items[i]);
		}
		strbuf_puts(out, "]");
		break;
	default:
		strbuf_puts(out, "null");
	}
}

static void
json_row(const struct table *t, size_t r, struct strbuf *out)
{
	const struct cell *cell;
	bool first = true;
	size_t c;

	strbuf_puts(out, "{");
	for (c = 0; c < t->ncols; c++) {
		cell = &t->cells[r * t->ncols + c];
		if (t->cols[c].key == NULL || (cell->type == CELL_NULL &&
		    t->cols[c].flags & COL_OMIT_NULL))
			continue;
		if (!first)
			strbuf_puts(out, ",");
		first = false;
		strbuf_json_string(out, t->cols[c].key);
		strbuf_puts(out, ":");
		json_cell(cell, out);
	}
	strbuf_puts(out, "}");
}

static void
json_list_open(const struct table *t, struct strbuf *out)
{
	strbuf_puts(out, "{");
	if (t->title_key != NULL) {
		strbuf_json_string(out, t->title_key);
		strbuf_puts(out, ":");
		strbuf_json_string(out, t->title);
		strbuf_puts(out, ",");
	}
	if (t->title2_key != NULL) {
		strbuf_json_string(out, t->title2_key);
		strbuf_puts(out, ":");
		strbuf_json_string(out, t->title2);
		strbuf_puts(out, ",");
	}
	strbuf_json_string(out, t->list_key);
	strbuf_puts(out, ":[");
}

void
render_json(const struct table *t, struct strbuf *out)
{
	size_t r;

	if (t->list_key == NULL) {
		if (t->nrows > 0)
			json_row(t, 0, out);
		else
			strbuf_puts(out, "{}");
		strbuf_puts(out, "\n");
		return;
	}
	json_list_open(t, out);
	for (r = 0; r < t->nrows; r++) {
		if (r > 0)
			strbuf_puts(out, ",");
		json_row(t, r, out);
	}
	strbuf_puts(out, "]}\n");
}

/* The held row leaves: measured, written as text or as JSON, then freed. */
static void
stream_row(struct table *t)
{
	size_t c, last = last_text_column(t);
	char buf[32];
	const char *s;
	size_t len, cols;

	switch (t->stream) {
	case STREAM_MEASURE:
		for (c = 0; c <= last; c++) {
			if (t->cols[c].header == NULL)
				continue;
			cell_text(&t->cells[c], buf, sizeof(buf), &s);
			len = strlen(s);
			if ((cols = utf8_columns(s, len)) > t->width[c])
				t->width[c] = cols;
		}
		break;
	case STREAM_TEXT:
		if (t->streamed == 0)
			text_header(t, t->width, t->out);
		text_row(t, 0, t->width, t->out);
		break;
	case STREAM_JSON:
		if (t->streamed > 0)
			strbuf_puts(t->out, ",");
		json_row(t, 0, t->out);
		break;
	}
	arena_reset(&t->mem);
	t->nrows = 0;
	t->streamed++;
}

static void
fill_pass(struct table *t, int how, table_fill fill, void *arg)
{
	t->stream = how;
	t->streamed = 0;
	fill(t, arg);
	if (t->nrows > 0)
		stream_row(t);
	t->stream = STREAM_NONE;
}

void
render_streamed(struct table *t, bool json, table_fill fill, void *arg,
    struct strbuf *out)
{
	t->out = out;
	if (json) {
		json_list_open(t, out);
		fill_pass(t, STREAM_JSON, fill, arg);
		strbuf_puts(out, "]}\n");
		return;
	}
	if ((t->width = calloc(t->ncols, sizeof(*t->width))) == NULL)
		abort();
	header_widths(t, t->width);
	fill_pass(t, STREAM_MEASURE, fill, arg);
	if (t->streamed == 0 && t->empty != NULL)
		strbuf_printf(out, "%s\n", t->empty);
	else if (t->streamed > 0)
		fill_pass(t, STREAM_TEXT, fill, arg);
	free(t->width);
	t->width = NULL;
}

void
render_stream_begin(struct table *t, bool json, struct strbuf *out)
{
	t->out = out;
	t->pass = 0;
	t->streamed = 0;
	t->nrows = 0;
	if (json) {
		json_list_open(t, out);
		t->stream = STREAM_JSON;
		return;
	}
	if ((t->width = calloc(t->ncols, sizeof(*t->width))) == NULL)
		abort();
	header_widths(t, t->width);
	t->stream = STREAM_MEASURE;
}

bool
render_stream_step(struct table *t, table_fill_some fill, void *arg)
{
	if (fill(t, arg))
		return true;
	if (t->nrows > 0)
		stream_row(t);		/* the row held for the next */
	switch (t->stream) {
	case STREAM_MEASURE:
		if (t->streamed > 0) {
			t->stream = STREAM_TEXT;
			t->streamed = 0;
			t->pass++;
			return true;
		}
		/* FALLTHROUGH */
	case STREAM_TEXT:
		/* gone between the passes, or never there */
		if (t->streamed == 0 && t->empty != NULL)
			strbuf_printf(t->out, "%s\n", t->empty);
		break;
	case STREAM_JSON:
		strbuf_puts(t->out, "]}\n");
		break;
	}
	t->stream = STREAM_NONE;
	return false;
}

void
render_stream_end(struct table *t)
{
	free(t->width);
	t->width = NULL;
	t->stream = STREAM_NONE;
}

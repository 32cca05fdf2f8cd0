/*
 * render: tables as aligned text or as JSON.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render.h"

void
table_init(struct table *t, const char *list_key, const struct column *cols,
    size_t ncols)
{
	memset(t, 0, sizeof(*t));
	t->list_key = list_key;
	t->cols = cols;
	t->ncols = ncols;
}

static void
cell_free(struct cell *c)
{
	size_t i;

	for (i = 0; i < c->nitems; i++) {
		free(c->items[i]);
		if (c->json != NULL)
			free(c->json[i]);
	}
	free(c->items);
	free(c->json);
	free(c->text);
}

void
table_free(struct table *t)
{
	size_t i;

	for (i = 0; i < t->nrows * t->ncols; i++)
		cell_free(&t->cells[i]);
	free(t->cells);
	t->cells = NULL;
	t->nrows = t->caprows = 0;
}

void
table_row(struct table *t)
{
	struct cell *p;
	size_t cap;

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

static char *
vformat(const char *fmt, va_list ap)
{
	struct strbuf b;

	strbuf_init(&b);
	strbuf_vprintf(&b, fmt, ap);
	if (b.s == NULL)
		strbuf_puts(&b, "");
	return b.s;
}

void
table_text(struct table *t, size_t col, const char *fmt, ...)
{
	struct cell *c = cur_cell(t, col);
	va_list ap;

	free(c->text);
	va_start(ap, fmt);
	c->text = vformat(fmt, ap);
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
	free(c->text);
	if ((c->text = strdup("")) == NULL)
		abort();
}

void
table_list_number(struct table *t, size_t col, int64_t v)
{
	table_list_add(t, col, "%" PRId64, v);
	cur_cell(t, col)->numeric = true;
}

void
table_list_add(struct table *t, size_t col, const char *fmt, ...)
{
	struct cell *c = cur_cell(t, col);
	struct strbuf b;
	char **p;
	va_list ap;

	if ((p = realloc(c->items, (c->nitems + 1) * sizeof(*p))) == NULL)
		abort();
	c->items = p;
	va_start(ap, fmt);
	c->items[c->nitems++] = vformat(fmt, ap);
	va_end(ap);
	c->type = CELL_LIST;
	/* the text form is kept joined, so widths and output are simple */
	free(c->text);
	strbuf_init(&b);
	for (size_t i = 0; i < c->nitems; i++)
		strbuf_printf(&b, "%s%s", i ? (c->numeric ? " " : ",") : "",
		    c->items[i]);
	c->text = b.s;
}

void
table_list_object(struct table *t, size_t col, const char *text,
    const char *json)
{
	struct cell *c = cur_cell(t, col);
	size_t n = c->nitems;
	char **p;

	if ((p = realloc(c->json, (n + 1) * sizeof(*p))) == NULL)
		abort();
	c->json = p;
	if ((c->json[n] = strdup(json)) == NULL)
		abort();
	table_list_add(t, col, "%s", text);
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
		snprintf(buf, len, "%" PRId64, c->number);
		break;
	case CELL_BOOL:
		snprintf(buf, len, "%s", c->boolean ? "yes" : "no");
		break;
	default:
		snprintf(buf, len, "-");
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

/* Pad every column but the last, which would only add trailing blanks. */
static void
put_cell(struct strbuf *out, const char *s, size_t width, bool last)
{
	if (!last) {
		strbuf_printf(out, "%-*s  ", (int)width, s);
		return;
	}
	strbuf_puts(out, s);
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

void
render_text(const struct table *t, struct strbuf *out)
{
	size_t *width, r, c, last = last_text_column(t);
	char buf[32];
	const char *s;

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
	for (c = 0; c < t->ncols; c++)
		width[c] = t->cols[c].header != NULL ?
		    strlen(t->cols[c].header) : 0;
	for (r = 0; r < t->nrows; r++)
		for (c = 0; c < t->ncols; c++) {
			cell_text(&t->cells[r * t->ncols + c], buf, sizeof(buf),
			    &s);
			if (strlen(s) > width[c])
				width[c] = strlen(s);
		}
	for (c = 0; c <= last; c++)
		if (t->cols[c].header != NULL)
			put_cell(out, t->cols[c].header, width[c], c == last);
	for (r = 0; r < t->nrows; r++)
		for (c = 0; c <= last; c++) {
			if (t->cols[c].header == NULL)
				continue;
			cell_text(&t->cells[r * t->ncols + c], buf, sizeof(buf),
			    &s);
			put_cell(out, s, width[c], c == last);
		}
	free(width);
}

static void
json_cell(const struct cell *c, struct strbuf *out)
{
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
	strbuf_puts(out, "{");
	if (t->title_key != NULL) {
		strbuf_json_string(out, t->title_key);
		strbuf_puts(out, ":");
		strbuf_json_string(out, t->title);
		strbuf_puts(out, ",");
	}
	strbuf_json_string(out, t->list_key);
	strbuf_puts(out, ":[");
	for (r = 0; r < t->nrows; r++) {
		if (r > 0)
			strbuf_puts(out, ",");
		json_row(t, r, out);
	}
	strbuf_puts(out, "]}\n");
}

/*
 * render: the one output model for show commands.
 *
 * A show fills a struct table: columns (a header for people, a key for
 * JSON) and rows of typed cells.  render_text() prints it as an aligned
 * table, or as "Key: value" lines for a single record; render_json() prints
 * one JSON document.  So every show gets both forms from one description.
 */
#ifndef ECSH_RENDER_H
#define ECSH_RENDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/base/arena.h"
#include "../core/base/strbuf.h"

enum cell_type { CELL_NULL, CELL_TEXT, CELL_NUMBER, CELL_BOOL, CELL_LIST };

struct cell {
	enum cell_type	 type;
	char		*text;		/* CELL_TEXT; a list's, joined */
	size_t		 textlen;
	int64_t		 number;
	bool		 boolean;
	char		**items;	/* CELL_LIST */
	size_t		 nitems;
	bool		 numeric;	/* a list of numbers, unquoted in JSON */
	bool		 duration;	/* seconds: IOS's 00:04:12 in text */
	char		*object;	/* JSON in place of the text's string */
	char		**json;		/* a list of objects: each as JSON */
};

enum column_flag {
	COL_OMIT_NULL	= 1 << 0,	/* JSON leaves the key out when empty */
};

struct column {
	const char	*header;	/* "Peer IP"; NULL: JSON only */
	const char	*key;		/* "peer_ip"; NULL: text only */
	unsigned	 flags;
};

struct table {
	const char		*list_key;	/* "peers"; NULL: one record */
	const struct column	*cols;
	size_t			 ncols;
	struct cell		*cells;		/* rows x ncols */
	size_t			 nrows, caprows;
	const char		*empty;		/* text when there are no rows */
	/* a list may carry one more key in JSON ("table": "ecr ecr1") and
	 * a heading line in text */
	const char		*title_key;
	const char		*title;
	const char		*title2_key;	/* a second such key */
	const char		*title2;
	struct arena		 mem;		/* the cells' strings and lists */
	/* render_streamed(): where each finished row goes */
	int			 stream;
	struct strbuf		*out;
	size_t			*width;
	size_t			 streamed;
	unsigned		 pass;		/* render_stream_step's */
};

void	table_init(struct table *, const char *list_key,
	    const struct column *, size_t ncols);
void	table_free(struct table *);
void	table_row(struct table *);	/* start a row; cells follow */
void	table_text(struct table *, size_t col, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
void	table_number(struct table *, size_t col, int64_t);
void	table_bool(struct table *, size_t col, bool);
/* No value (JSON null, or no key with COL_OMIT_NULL), shown as text in a
 * table ("never"). */
void	table_absent(struct table *, size_t col, const char *text);
/* Seconds: a number in JSON, 00:04:12 or 3d04h in text (SPEC 2). */
void	table_duration(struct table *, size_t col, int64_t seconds);
const char *render_duration(int64_t seconds, char *buf, size_t len);
/* A list: comma-separated in text, an array of strings in JSON. */
void	table_list_start(struct table *, size_t col);	/* [] until added to */
void	table_list_number(struct table *, size_t col, int64_t);
void	table_list_add(struct table *, size_t col, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));

/*
 * An object in a list: text for the table, a JSON object for JSON.  json
 * may be NULL when table_wants_json() said no.
 */
void	table_list_object(struct table *, size_t col, const char *text,
	    const char *json);
/* One value that is an object in JSON (json) and text in a table. */
void	table_object(struct table *, size_t col, const char *text,
	    const char *json);
/* What a list shows in a text table, in place of its items joined. */
void	table_list_text(struct table *, size_t col, const char *text);
/* False only while a streamed text table is filled: JSON would be waste. */
bool	table_wants_json(const struct table *);

void	render_text(const struct table *, struct strbuf *);
void	render_json(const struct table *, struct strbuf *);

/*
 * A list too big to hold as cells (a million routes) is rendered as its
 * rows are made: fill adds the rows to t, and each row leaves when the
 * next begins, so one row of cells is held at a time.  JSON is written
 * at once.  Text calls fill twice, to measure each column and then to
 * write it, so fill must make the same rows each time: a walk of what
 * does not change between (the engine does not run in a command).
 */
typedef void (*table_fill)(struct table *, void *arg);
void	render_streamed(struct table *, bool json, table_fill, void *arg,
	    struct strbuf *);

/*
 * The same in slices, for a table that changes between them (SPEC 10):
 * begin, then steps until one returns false.  fill adds rows and returns
 * true while it has more (it stops when the loop's round is spent); a new
 * t->pass tells it to start its walk over (text has two passes, one to
 * measure the columns, one to write them).  A row that grew wider in
 * between is written whole, only not aligned.  end frees what begin took,
 * done or not.
 */
typedef bool (*table_fill_some)(struct table *, void *arg);
void	render_stream_begin(struct table *, bool json, struct strbuf *);
bool	render_stream_step(struct table *, table_fill_some, void *arg);
void	render_stream_end(struct table *);

#endif

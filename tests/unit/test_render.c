/*
 * The output model: a table rendered as its rows are made (streamed, for
 * a million routes) must read exactly as the same table held whole, as
 * text and as JSON; and the arena behind both must hand out aligned,
 * zeroed memory however the pieces come.
 */
#include <criterion/criterion.h>
#include <stdalign.h>
#include <stdint.h>
#include <string.h>

#include "../../cli/render.h"
#include "../../core/base/arena.h"
#include "../../core/base/utf8.h"

static const struct column cols[] = {
	{ "Prefix", "prefix", 0 },
	{ "Next hops", "next_hops", 0 },
	{ "AS path", "as_path", 0 },
	{ "Count", "count", 0 },
	{ NULL, "best", 0 },
	{ "Reason", "reason", COL_OMIT_NULL },
};

/* rows of every kind of cell, with widths that change down the table */
static void
fill(struct table *t, void *arg)
{
	size_t n = *(size_t *)arg;

	for (size_t i = 0; i < n; i++) {
		table_row(t);
		table_text(t, 0, "10.%zu.0.0/%zu", i, 16 + i % 9);
		table_list_start(t, 1);
		for (size_t k = 0; k <= i % 3; k++)
			table_list_object(t, 1, k ? "10.0.0.2 v" : "vbr v",
			    "{\"vbr\":\"v\"}");
		table_list_start(t, 2);
		for (size_t k = 0; k < i % 4; k++)
			table_list_number(t, 2, 65000 + (int64_t)(k * 977));
		table_number(t, 3, (int64_t)(i * i) - 7);
		table_bool(t, 4, i % 2 == 0);
		if (i % 5 == 1)
			table_text(t, 5, "lost to \"%s\"", "a\tshorter\\path");
	}
}

static void
check_same(size_t n, bool json)
{
	struct table held, streamed;
	struct strbuf a, b;

	table_init(&held, "routes", cols, 6);
	held.empty = "No route.";
	held.title_key = "table";
	held.title = "vbr v";
	streamed = held;
	fill(&held, &n);
	strbuf_init(&a);
	strbuf_init(&b);
	if (json)
		render_json(&held, &a);
	else
		render_text(&held, &a);
	render_streamed(&streamed, json, fill, &n, &b);
	cr_assert_not_null(a.s);
	cr_assert_not_null(b.s);
	cr_assert_str_eq(b.s, a.s, "%zu rows, %s", n, json ? "json" : "text");
	table_free(&held);
	table_free(&streamed);
	strbuf_free(&a);
	strbuf_free(&b);
}

Test(render, streamed_text_reads_as_held)
{
	for (size_t n = 0; n < 40; n += 7)
		check_same(n, false);
	check_same(1, false);
}

Test(render, streamed_json_reads_as_held)
{
	for (size_t n = 0; n < 40; n += 7)
		check_same(n, true);
	check_same(1, true);
}

Test(render, empty_list_reads_no_route)
{
	struct table t;
	struct strbuf b;
	size_t n = 0;

	table_init(&t, "routes", cols, 6);
	t.empty = "No route.";
	strbuf_init(&b);
	render_streamed(&t, false, fill, &n, &b);
	cr_assert_str_eq(b.s, "No route.\n");
	strbuf_free(&b);
	table_free(&t);
}

Test(render, json_strings_are_escaped)
{
	struct table t;
	struct strbuf b;
	size_t n = 2;

	table_init(&t, "routes", cols, 6);
	strbuf_init(&b);
	fill(&t, &n);
	render_json(&t, &b);
	cr_assert_not_null(strstr(b.s,
	    "\"reason\":\"lost to \\\"a\\tshorter\\\\path\\\"\""), "%s", b.s);
	strbuf_free(&b);
	table_free(&t);
}

/* Whatever bytes a string holds, the document stays valid UTF-8. */
Test(render, json_strings_stay_utf8)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{ "caf\xc3\xa9", "\"caf\xc3\xa9\"" },
		{ "\xe5\x8c\x97\xe4\xba\xac", "\"\xe5\x8c\x97\xe4\xba\xac\"" },
		{ "a\xff" "b", "\"a\\ufffdb\"" },		/* not UTF-8 */
		{ "\xc0\xaf", "\"\\ufffd\\ufffd\"" },	/* overlong */
		{ "\xed\xa0\x80", "\"\\ufffd\\ufffd\\ufffd\"" }, /* surrogate */
		{ "x\xc2\x85y", "\"x\\u0085y\"" },	/* C1 control */
		{ "cut\xe5\x8c", "\"cut\\ufffd\\ufffd\"" },	/* short */
		{ "\x01", "\"\\u0001\"" },
	};
	struct strbuf b;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		strbuf_init(&b);
		strbuf_json_string(&b, cases[i].in);
		cr_expect_str_eq(b.s, cases[i].out, "case %zu", i);
		strbuf_free(&b);
	}
}

/* Columns line up by what a terminal shows, not by bytes. */
Test(render, text_columns_count_characters)
{
	static const struct column c2[] = {
		{ "Name", "name", 0 }, { "Where", "where", 0 },
	};
	struct table t;
	struct strbuf b;

	cr_assert_eq(utf8_columns("caf\xc3\xa9", 5), 4);
	cr_assert_eq(utf8_columns("\xe5\x8c\x97\xe4\xba\xac", 6), 4);
	cr_assert_eq(utf8_columns("e\xcc\x81", 3), 1);	/* combining */
	cr_assert_eq(utf8_columns("\xff", 1), 1);
	table_init(&t, "rows", c2, 2);
	table_row(&t);
	table_text(&t, 0, "caf\xc3\xa9");
	table_text(&t, 1, "x");
	table_row(&t);
	table_text(&t, 0, "\xe5\x8c\x97\xe4\xba\xac");
	table_text(&t, 1, "y");
	strbuf_init(&b);
	render_text(&t, &b);
	cr_assert_str_eq(b.s, "Name  Where\n"
	    "caf\xc3\xa9  x\n"
	    "\xe5\x8c\x97\xe4\xba\xac  y\n");
	strbuf_free(&b);
	table_free(&t);
}

Test(utf8, text_is_utf8_without_controls)
{
	char why[128];
	size_t at;

	cr_assert(utf8_text_check("circuit 1 \xe2\x80\x94 caf\xc3\xa9", &at,
	    why, sizeof(why)));
	cr_assert(!utf8_text_check("ok\xffno", &at, why, sizeof(why)));
	cr_assert_eq(at, 2);
	cr_assert(!utf8_text_check("tab\there", &at, why, sizeof(why)));
	cr_assert_eq(at, 3);
	cr_assert(strstr(why, "U+0009"), "%s", why);
	cr_assert(!utf8_text_check("\xf4\x90\x80\x80", &at, why,
	    sizeof(why)));	/* above U+10FFFF */
	cr_assert(!utf8_text_check("\x7f", &at, why, sizeof(why)));
}

Test(utf8, a_cut_string_ends_on_a_whole_character)
{
	char a[] = "caf\xc3\xa9", b[] = "caf\xc3", c[] = "\xe5\x8c\x97\xe4\xba",
	    d[] = "plain";

	utf8_cut(a);
	utf8_cut(b);
	utf8_cut(c);
	utf8_cut(d);
	cr_assert_str_eq(a, "caf\xc3\xa9");
	cr_assert_str_eq(b, "caf");
	cr_assert_str_eq(c, "\xe5\x8c\x97");
	cr_assert_str_eq(d, "plain");
}

Test(arena, pieces_are_aligned_zeroed_and_kept)
{
	struct arena a;
	unsigned char *p[200];
	size_t i, k;

	arena_init(&a);
	for (i = 0; i < 200; i++) {
		/* sizes from 1 byte to past a whole chunk */
		size_t n = i == 150 ? (2u << 20) : 1 + i * 37;

		p[i] = arena_alloc(&a, n);
		cr_assert_not_null(p[i]);
		cr_assert_eq((uintptr_t)p[i] % alignof(uint64_t), 0);
		cr_assert_eq((uintptr_t)p[i] % alignof(void *), 0);
		for (k = 0; k < n; k++)
			cr_assert_eq(p[i][k], 0);
		memset(p[i], (int)i, n);
	}
	for (i = 0; i < 200; i++)	/* nothing was handed out twice */
		cr_assert_eq(p[i][0], (unsigned char)i);
	cr_assert_str_eq(arena_strdup(&a, "ecsh"), "ecsh");
	arena_reset(&a);
	p[0] = arena_alloc(&a, 64);
	cr_assert_not_null(p[0]);
	for (k = 0; k < 64; k++)
		cr_assert_eq(p[0][k], 0);
	arena_free(&a);
	arena_free(&a);		/* freeing twice is harmless */
}

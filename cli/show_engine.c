/*
 * show_engine: the event loop's own figures (SPEC 10), as FRR's `show
 * event cpu` and BIRD's `show status` give theirs: uptime, rounds, how
 * late timers fired over the last minute and since the start, the eight
 * longest rounds and what ran in them, and each kind of work with its
 * runs, time and longest slice.  `show processes` is the IOS spelling.
 *
 * The time a slice took is measured on the machine's monotonic clock
 * around it, on the loop's one thread: what it cost the loop, which is
 * what a late timer waited for.
 */
#include <stdio.h>
#include <string.h>

#include "../core/base/loop_stats.h"
#include "../core/sessions/bfd_speakers.h"
#include "commands.h"
#include "shell.h"

#define NCOLS(cols)	(sizeof(cols) / sizeof((cols)[0]))

static double
ms(uint64_t ns)
{
	return (double)ns / 1e6;
}

static void
json_lateness(struct strbuf *out, const struct lateness *l)
{
	strbuf_printf(out, "\"timers\":%llu,\"p50\":%.3f,\"p99\":%.3f,"
	    "\"max\":%.3f", (unsigned long long)l->count,
	    ms(lateness_quantile(l, 0.5)), ms(lateness_quantile(l, 0.99)),
	    ms(l->max_ns));
}

static void
show_json(struct cmd_ctx *ctx, const struct loop_stats *st,
    const struct lateness *recent, uint64_t uptime_s, size_t queued)
{
	struct strbuf *out = ctx->out;
	char when[40];
	size_t i, n = 0;

	strbuf_printf(out, "{\"uptime_s\":%llu,\"rounds\":%llu,"
	    "\"jobs_queued\":%zu,\"timer_lateness_ms\":{",
	    (unsigned long long)uptime_s, (unsigned long long)st->rounds,
	    queued);
	json_lateness(out, &st->all);
	strbuf_puts(out, ",\"last_60s\":{");
	json_lateness(out, recent);
	strbuf_puts(out, "}},\"longest_rounds\":[");
	for (i = 0; i < st->nlongest; i++) {
		wall_time(st->longest[i].wall_ns, when, sizeof(when));
		strbuf_printf(out, "%s{\"ms\":%.3f,\"time\":\"%s\",\"work\":",
		    i > 0 ? "," : "", ms(st->longest[i].ns), when);
		strbuf_json_string(out, st->longest[i].what);
		strbuf_puts(out, "}");
	}
	strbuf_puts(out, "],\"work\":[");
	for (i = 0; i < st->nkinds; i++) {
		if (st->kinds[i].runs == 0)
			continue;
		strbuf_printf(out, "%s{\"kind\":", n++ > 0 ? "," : "");
		strbuf_json_string(out, st->kinds[i].name);
		strbuf_printf(out, ",\"runs\":%llu,\"cpu_ms\":%.3f,"
		    "\"max_slice_ms\":%.3f}",
		    (unsigned long long)st->kinds[i].runs, ms(st->kinds[i].ns),
		    ms(st->kinds[i].max_ns));
	}
	strbuf_puts(out, "]}\n");
}

static void
lateness_row(struct table *t, const char *over, const struct lateness *l)
{
	table_row(t);
	table_text(t, 0, "%s", over);
	table_number(t, 1, (int64_t)l->count);
	table_text(t, 2, "%.2f", ms(lateness_quantile(l, 0.5)));
	table_text(t, 3, "%.2f", ms(lateness_quantile(l, 0.99)));
	table_text(t, 4, "%.2f", ms(l->max_ns));
}

static void
show_text(struct cmd_ctx *ctx, const struct loop_stats *st,
    const struct lateness *recent, uint64_t uptime_s, size_t queued)
{
	static const struct column late_cols[] = {
		{ "Timer lateness", NULL, 0 }, { "Timers", NULL, 0 },
		{ "p50 ms", NULL, 0 }, { "p99 ms", NULL, 0 },
		{ "Max ms", NULL, 0 },
	};
	static const struct column round_cols[] = {
		{ "Longest rounds (ms)", NULL, 0 }, { "Time", NULL, 0 },
		{ "What ran", NULL, 0 },
	};
	static const struct column work_cols[] = {
		{ "Work", NULL, 0 }, { "Runs", NULL, 0 }, { "CPU ms", NULL, 0 },
		{ "Longest slice ms", NULL, 0 },
	};
	struct strbuf *out = ctx->out;
	char up[32], when[40];
	struct table t;
	size_t i;

	strbuf_printf(out, "Engine up %s on the %s clock, %llu loop rounds, "
	    "%zu job%s queued\n", render_duration((int64_t)uptime_s, up,
	    sizeof(up)), clock_is_virtual(&ctx->shell->clock) ? "virtual" :
	    "real", (unsigned long long)st->rounds, queued,
	    queued == 1 ? "" : "s");
	table_init(&t, "lateness", late_cols, NCOLS(late_cols));
	lateness_row(&t, "last 60 s", recent);
	lateness_row(&t, "since start", &st->all);
	render_text(&t, out);
	table_free(&t);

	table_init(&t, "rounds", round_cols, NCOLS(round_cols));
	t.empty = "No round has ended yet.";
	for (i = 0; i < st->nlongest; i++) {
		wall_time(st->longest[i].wall_ns, when, sizeof(when));
		table_row(&t);
		table_text(&t, 0, "%.2f", ms(st->longest[i].ns));
		table_text(&t, 1, "%s", when);
		table_text(&t, 2, "%s", st->longest[i].what);
	}
	strbuf_puts(out, "\n");
	render_text(&t, out);
	table_free(&t);

	table_init(&t, "work", work_cols, NCOLS(work_cols));
	t.empty = "No work has run yet.";
	for (i = 0; i < st->nkinds; i++) {
		if (st->kinds[i].runs == 0)
			continue;
		table_row(&t);
		table_text(&t, 0, "%s", st->kinds[i].name);
		table_number(&t, 1, (int64_t)st->kinds[i].runs);
		table_text(&t, 2, "%.1f", ms(st->kinds[i].ns));
		table_text(&t, 3, "%.2f", ms(st->kinds[i].max_ns));
	}
	strbuf_puts(out, "\n");
	render_text(&t, out);
	table_free(&t);
}

/* As FRR's clear event cpu: the figures start again from now. */
enum cmd_status
cmd_clear_engine(struct cmd_ctx *ctx)
{
	evloop_stats_clear(ctx->shell->loop);
	bfd_speakers_clear_gaps(ctx->shell->engine);
	return CMD_OK;
}

enum cmd_status
cmd_show_engine(struct cmd_ctx *ctx)
{
	struct evloop *loop = ctx->shell->loop;
	const struct loop_stats *st = evloop_stats(loop);
	uint64_t now = clock_now_ns(evloop_clock(loop));
	uint64_t uptime_s = (now - evloop_started_ns(loop)) / NS_PER_SEC;
	struct lateness recent;

	loop_stats_recent(st, now, &recent);
	if (ctx->m->json)
		show_json(ctx, st, &recent, uptime_s, evloop_work_count(loop));
	else
		show_text(ctx, st, &recent, uptime_s, evloop_work_count(loop));
	return CMD_OK;
}

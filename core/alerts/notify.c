/*
 * notify: the queues, the slots each kind may hold at once, the retries
 * and their backoff; and the log, which is one append.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "notify_impl.h"
#include "../cloud/limits.h"

static const unsigned slots[NOTIFY_KIND_COUNT] = {
	[NOTIFY_WEBHOOK] = NOTIFY_HTTP_RUNNING_MAX,
	[NOTIFY_COMMAND] = NOTIFY_COMMANDS_RUNNING_MAX,
	[NOTIFY_LOG] = 1,
};

static void	start_next(struct notifier *, enum notify_kind);

static void
reports_due(void *arg)
{
	struct notifier *n = arg;
	struct notify_report_item item;
	size_t i;

	/* a report may send again, and so add to the list */
	for (i = 0; i < n->npending; i++) {
		item = n->pending[i];
		n->report(n->arg, item.id, item.state, item.tries,
		    item.result);
	}
	n->npending = 0;
}

static void
say(struct notifier *n, uint64_t id, enum notify_state state, unsigned tries,
    const char *result)
{
	struct notify_report_item *p;
	size_t cap;

	if (n->npending == n->pendingcap) {
		cap = n->pendingcap ? n->pendingcap * 2 : 16;
		if ((p = reallocarray(n->pending, cap, sizeof(*p))) == NULL)
			return;		/* the record keeps its last state */
		n->pending = p;
		n->pendingcap = cap;
	}
	p = &n->pending[n->npending++];
	p->id = id;
	p->state = state;
	p->tries = tries;
	snprintf(p->result, sizeof(p->result), "%s", result);
	if (!evloop_timer_pending(&n->later))
		evloop_timer_start(n->loop, &n->later, 0);
}

static void
job_free(struct notify_job *j)
{
	free(j->where);
	free(j->doc);
	free(j);
}

/* The job is done, one way or the other. */
static void
finish(struct notify_job *j, enum notify_state state, const char *result)
{
	struct notifier *n = j->n;
	enum notify_kind kind = j->kind;

	evloop_timer_stop(n->loop, &j->timer);
	TAILQ_REMOVE(&n->busy, j, entry);
	n->nbusy--;
	say(n, j->id, state, j->tries, result);
	evloop_outside_end(n->loop);
	job_free(j);
	start_next(n, kind);
}

/* One append of one line: the file is opened each time, so a log that
 * was rotated is written anew; O_NONBLOCK, so a FIFO with no reader
 * fails instead of waiting. */
static int
log_append(struct notify_job *j, char *why, size_t len)
{
	int fd, saved;
	ssize_t w;

	fd = open(j->where, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC |
	    O_NOCTTY | O_NONBLOCK, 0644);
	if (fd == -1) {
		snprintf(why, len, "%s", strerror(errno));
		return -1;
	}
	j->doc[j->len] = '\n';
	w = write(fd, j->doc, j->len + 1);
	saved = errno;
	j->doc[j->len] = '\0';
	close(fd);
	if (w == (ssize_t)j->len + 1)
		return 0;
	snprintf(why, len, "%s", w == -1 ? strerror(saved) : "short write");
	return -1;
}

static void
try_start(struct notify_job *j)
{
	struct notifier *n = j->n;
	char why[128], result[160];
	int rc;

	j->tries++;
	j->running = true;
	n->running[j->kind]++;
	say(n, j->id, NOTIFY_SENDING, j->tries, "sending");
	switch (j->kind) {
	case NOTIFY_WEBHOOK:
		if (n->http == NULL && (n->http = notify_http_new(n->loop,
		    why, sizeof(why))) == NULL) {
			rc = -1;
			break;
		}
		rc = notify_http_start(n->http, j, why, sizeof(why));
		break;
	case NOTIFY_COMMAND:
		rc = notify_command_start(j, why, sizeof(why));
		break;
	default:
		if ((rc = log_append(j, why, sizeof(why))) == 0) {
			j->running = false;
			n->running[j->kind]--;
			finish(j, NOTIFY_SENT, "sent 1 line");
			return;
		}
		break;
	}
	if (rc == -1) {
		j->running = false;
		n->running[j->kind]--;
		snprintf(result, sizeof(result), "failed: %s", why);
		finish(j, NOTIFY_FAILED, result);
	}
}

static void
start_next(struct notifier *n, enum notify_kind kind)
{
	struct notify_job *j;

	while (n->running[kind] < slots[kind] &&
	    (j = TAILQ_FIRST(&n->queued[kind])) != NULL) {
		TAILQ_REMOVE(&n->queued[kind], j, entry);
		n->nqueued--;
		TAILQ_INSERT_TAIL(&n->busy, j, entry);
		n->nbusy++;
		try_start(j);
	}
}

static void
retry_due(void *arg)
{
	struct notify_job *j = arg;
	struct notifier *n = j->n;

	/* it waits for a slot again, ahead of those that never had one */
	TAILQ_REMOVE(&n->busy, j, entry);
	n->nbusy--;
	TAILQ_INSERT_HEAD(&n->queued[j->kind], j, entry);
	n->nqueued++;
	start_next(n, j->kind);
}

static void
try_done(struct notify_job *j, enum try_outcome outcome, const char *result)
{
	struct notifier *n = j->n;
	char text[192], wait[64];
	uint64_t backoff_ms;

	j->running = false;
	n->running[j->kind]--;
	if (outcome == TRY_OK) {
		finish(j, NOTIFY_SENT, result);
		return;
	}
	if (outcome == TRY_RETRY && j->kind == NOTIFY_WEBHOOK &&
	    j->tries <= NOTIFY_RETRIES) {
		backoff_ms = (uint64_t)NOTIFY_BACKOFF_MS << (j->tries - 1);
		snprintf(wait, sizeof(wait), "%s; again in %" PRIu64 " s",
		    result, backoff_ms / 1000);
		say(n, j->id, NOTIFY_WAITING, j->tries, wait);
		evloop_timer_stop(n->loop, &j->timer);
		evloop_timer_init(&j->timer, retry_due, j);
		evloop_timer_start(n->loop, &j->timer, backoff_ms);
		start_next(n, j->kind);		/* its slot is free meanwhile */
		return;
	}
	snprintf(text, sizeof(text), "failed: %s", result);
	finish(j, NOTIFY_FAILED, text);
}

struct notifier *
notifier_new(struct evloop *loop, notify_report report, void *arg)
{
	struct notifier *n = calloc(1, sizeof(*n));
	size_t k;

	if (n == NULL)
		return NULL;
	n->loop = loop;
	n->report = report;
	n->arg = arg;
	for (k = 0; k < NOTIFY_KIND_COUNT; k++)
		TAILQ_INIT(&n->queued[k]);
	TAILQ_INIT(&n->busy);
	evloop_timer_init(&n->later, reports_due, n);
	return n;
}

static void
abandon(struct notifier *n, struct notify_job *j)
{
	evloop_timer_stop(n->loop, &j->timer);
	if (j->running && j->kind == NOTIFY_WEBHOOK)
		notify_http_cancel(n->http, j);
	else if (j->running && j->kind == NOTIFY_COMMAND)
		notify_command_cancel(j);
	evloop_outside_end(n->loop);
	job_free(j);
}

void
notifier_free(struct notifier *n)
{
	struct notify_job *j;
	size_t k;

	if (n == NULL)
		return;
	while ((j = TAILQ_FIRST(&n->busy)) != NULL) {
		TAILQ_REMOVE(&n->busy, j, entry);
		abandon(n, j);
	}
	for (k = 0; k < NOTIFY_KIND_COUNT; k++)
		while ((j = TAILQ_FIRST(&n->queued[k])) != NULL) {
			TAILQ_REMOVE(&n->queued[k], j, entry);
			abandon(n, j);
		}
	notify_http_free(n->http);
	evloop_timer_stop(n->loop, &n->later);
	free(n->pending);
	free(n);
}

void
notifier_send(struct notifier *n, uint64_t id, enum notify_kind kind,
    const char *where, const char *doc, size_t len)
{
	struct notify_job *j = NULL;

	if (n->nqueued >= NOTIFY_QUEUED_MAX) {
		say(n, id, NOTIFY_FAILED, 0, "failed: " LIMIT_STR(
		    NOTIFY_QUEUED_MAX) " notifications already wait; this "
		    "one is given up");
		return;
	}
	if (kind >= NOTIFY_KIND_COUNT || (j = calloc(1, sizeof(*j))) == NULL ||
	    (j->where = strdup(where)) == NULL ||
	    (j->doc = malloc(len + 1)) == NULL) {
		if (j != NULL)
			job_free(j);
		say(n, id, NOTIFY_FAILED, 0, "failed: out of memory");
		return;
	}
	memcpy(j->doc, doc, len);
	j->doc[len] = '\0';
	j->len = len;
	j->n = n;
	j->id = id;
	j->kind = kind;
	j->pidfd = -1;
	j->done = try_done;
	evloop_timer_init(&j->timer, retry_due, j);
	evloop_outside_begin(n->loop);
	TAILQ_INSERT_TAIL(&n->queued[kind], j, entry);
	n->nqueued++;
	say(n, id, NOTIFY_QUEUED, 0, "queued");
	start_next(n, kind);
}

size_t
notifier_in_flight(const struct notifier *n)
{
	/* a word not yet given counts: what it says is not yet shown */
	return n->nqueued + n->nbusy + n->npending;
}

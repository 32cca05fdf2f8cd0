/*
 * notify_http: webhooks through libcurl's multi interface, driven by the
 * loop: libcurl names the sockets it waits on and the one deadline it
 * needs (CURLMOPT_SOCKETFUNCTION, CURLMOPT_TIMERFUNCTION), the loop says
 * when they are ready.  No thread: the URL's host is an address, so
 * libcurl starts no resolver.  A reply is read up to NOTIFY_REPLY_MAX and
 * no further, so a server that answers a gigabyte costs 64 KiB.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "curl_lib.h"
#include "notify_impl.h"
#include "../cloud/limits.h"

_Static_assert(sizeof(((struct notify_job *)0)->errbuf) >= CURL_ERROR_SIZE,
    "libcurl writes CURL_ERROR_SIZE bytes of error");

struct notify_http {
	const struct curl_lib	*c;
	struct evloop	*loop;
	CURLM		*multi;
	struct ev_timer	 timer;		/* what libcurl last asked for */
};

static void	collect(struct notify_http *);

static void
on_fd(void *arg, int fd, unsigned events)
{
	struct notify_http *h = arg;
	int running, what = 0;

	if (events & EV_READ)
		what |= CURL_CSELECT_IN;
	if (events & EV_WRITE)
		what |= CURL_CSELECT_OUT;
	if (events & EV_HUP)
		what |= CURL_CSELECT_ERR;
	h->c->multi_socket_action(h->multi, fd, what, &running);
	collect(h);
}

static void
on_timer(void *arg)
{
	struct notify_http *h = arg;
	int running;

	h->c->multi_socket_action(h->multi, CURL_SOCKET_TIMEOUT, 0, &running);
	collect(h);
}

static int
want_socket(CURL *easy, curl_socket_t s, int what, void *userp,
    void *socketp)
{
	struct notify_http *h = userp;
	unsigned events = 0;

	(void)easy;
	if (what == CURL_POLL_REMOVE) {
		if (socketp != NULL) {
			evloop_fd_del(h->loop, s);
			h->c->multi_assign(h->multi, s, NULL);
		}
		return 0;
	}
	if (what & CURL_POLL_IN)
		events |= EV_READ;
	if (what & CURL_POLL_OUT)
		events |= EV_WRITE;
	if (socketp == NULL) {
		if (evloop_fd_add(h->loop, s, events, on_fd, h) == -1)
			return -1;
		h->c->multi_assign(h->multi, s, h);	/* watched */
		return 0;
	}
	return evloop_fd_events(h->loop, s, events);
}

static int
want_timer(CURLM *multi, long timeout_ms, void *userp)
{
	struct notify_http *h = userp;

	(void)multi;
	evloop_timer_stop(h->loop, &h->timer);
	if (timeout_ms >= 0)
		evloop_timer_start(h->loop, &h->timer, (uint64_t)timeout_ms);
	return 0;
}

/* The body of the reply is not wanted: count it, and stop at the bound. */
static size_t
reply_body(char *data, size_t size, size_t n, void *arg)
{
	struct notify_job *j = arg;

	(void)data;
	j->reply_bytes += size * n;
	return j->reply_bytes > NOTIFY_REPLY_MAX ? 0 : size * n;
}

/* "Connection refused", as the shell says it: "connection refused" */
static void
lower_first(char *s)
{
	s[0] = (char)tolower((unsigned char)s[0]);
}

static void
release(struct notify_http *h, struct notify_job *j)
{
	h->c->multi_remove_handle(h->multi, j->easy);
	h->c->easy_cleanup(j->easy);
	h->c->slist_free_all(j->headers);
	j->easy = NULL;
	j->headers = NULL;
}

/* How the try ended, from what the handle says; it is released before
 * the word goes out, since the job may end with it. */
static void
ended(struct notify_http *h, struct notify_job *j, CURLcode code)
{
	enum try_outcome outcome = TRY_RETRY;
	char text[sizeof(j->errbuf) + 32];
	long status = 0, os_errno = 0;

	h->c->easy_getinfo(j->easy, CURLINFO_RESPONSE_CODE, &status);
	h->c->easy_getinfo(j->easy, CURLINFO_OS_ERRNO, &os_errno);
	if (status != 0 && (code == CURLE_OK || (code == CURLE_WRITE_ERROR &&
	    j->reply_bytes > NOTIFY_REPLY_MAX))) {
		if (status >= 200 && status < 300) {
			outcome = TRY_OK;
			snprintf(text, sizeof(text), "sent %ld%s", status,
			    code == CURLE_OK ? "" : " (reply cut at 64 KiB)");
		} else {
			if (status < 500 && status != 429)
				outcome = TRY_FINAL;
			snprintf(text, sizeof(text), "http %ld", status);
		}
	} else if (code == CURLE_OPERATION_TIMEDOUT) {
		snprintf(text, sizeof(text), "no answer in %d s",
		    NOTIFY_TIMEOUT_S);
	} else if (code == CURLE_COULDNT_CONNECT && os_errno != 0) {
		snprintf(text, sizeof(text), "%s", strerror((int)os_errno));
	} else {
		snprintf(text, sizeof(text), "%s", j->errbuf[0] != '\0' ?
		    j->errbuf : h->c->easy_strerror(code));
	}
	lower_first(text);
	release(h, j);
	j->done(j, outcome, text);
}

static void
collect(struct notify_http *h)
{
	struct notify_job *j;
	CURLMsg *msg;
	CURLcode code;
	int left;

	while ((msg = h->c->multi_info_read(h->multi, &left)) != NULL) {
		if (msg->msg != CURLMSG_DONE)
			continue;
		h->c->easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE,
		    (char **)&j);
		code = msg->data.result;
		ended(h, j, code);
	}
}

struct notify_http *
notify_http_new(struct evloop *loop, char *why, size_t len)
{
	struct notify_http *h;

	const struct curl_lib *c = curl_lib_load(why, len);

	if (c == NULL)
		return NULL;
	if (c->global_init(CURL_GLOBAL_NOTHING) != CURLE_OK) {
		snprintf(why, len, "libcurl did not start");
		return NULL;
	}
	if ((h = calloc(1, sizeof(*h))) == NULL ||
	    (h->multi = c->multi_init()) == NULL) {
		free(h);
		c->global_cleanup();
		snprintf(why, len, "libcurl: out of memory");
		return NULL;
	}
	h->c = c;
	h->loop = loop;
	evloop_timer_init(&h->timer, on_timer, h);
	h->c->multi_setopt(h->multi, CURLMOPT_SOCKETFUNCTION, want_socket);
	h->c->multi_setopt(h->multi, CURLMOPT_SOCKETDATA, h);
	h->c->multi_setopt(h->multi, CURLMOPT_TIMERFUNCTION, want_timer);
	h->c->multi_setopt(h->multi, CURLMOPT_TIMERDATA, h);
	h->c->multi_setopt(h->multi, CURLMOPT_MAX_TOTAL_CONNECTIONS,
	    (long)NOTIFY_HTTP_RUNNING_MAX);
	return h;
}

void
notify_http_free(struct notify_http *h)
{
	if (h == NULL)
		return;
	evloop_timer_stop(h->loop, &h->timer);
	h->c->multi_cleanup(h->multi);
	h->c->global_cleanup();
	free(h);
}

int
notify_http_start(struct notify_http *h, struct notify_job *j, char *why,
    size_t len)
{
	CURL *e;

	if ((e = h->c->easy_init()) == NULL) {
		snprintf(why, len, "libcurl: out of memory");
		return -1;
	}
	j->easy = e;
	j->reply_bytes = 0;
	j->errbuf[0] = '\0';
	j->headers = h->c->slist_append(NULL, "Content-Type: application/json");
	j->headers = h->c->slist_append(j->headers, "Expect:");
	h->c->easy_setopt(e, CURLOPT_URL, j->where);
	h->c->easy_setopt(e, CURLOPT_PRIVATE, j);
	h->c->easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http");
	h->c->easy_setopt(e, CURLOPT_PROXY, "");	/* none from the environment */
	h->c->easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	h->c->easy_setopt(e, CURLOPT_TIMEOUT_MS, NOTIFY_TIMEOUT_S * 1000L);
	h->c->easy_setopt(e, CURLOPT_HTTPHEADER, j->headers);
	h->c->easy_setopt(e, CURLOPT_USERAGENT, "ecsh/" ECSH_VERSION);
	h->c->easy_setopt(e, CURLOPT_POSTFIELDSIZE, (long)j->len);
	h->c->easy_setopt(e, CURLOPT_POSTFIELDS, j->doc);
	h->c->easy_setopt(e, CURLOPT_WRITEFUNCTION, reply_body);
	h->c->easy_setopt(e, CURLOPT_WRITEDATA, j);
	h->c->easy_setopt(e, CURLOPT_ERRORBUFFER, j->errbuf);
	if (j->headers == NULL ||
	    h->c->multi_add_handle(h->multi, e) != CURLM_OK) {
		h->c->slist_free_all(j->headers);
		h->c->easy_cleanup(e);
		j->easy = NULL;
		j->headers = NULL;
		snprintf(why, len, "libcurl: the transfer did not start");
		return -1;
	}
	return 0;
}

void
notify_http_cancel(struct notify_http *h, struct notify_job *j)
{
	if (h != NULL && j->easy != NULL)
		release(h, j);
}

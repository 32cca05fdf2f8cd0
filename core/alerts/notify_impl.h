/*
 * notify_impl: what notify.c shares with its transports, and nothing else
 * sees.  A transport starts one try of a job and, later, says how it
 * ended through the job's `done`; never from inside its start.
 */
#ifndef ECSH_NOTIFY_IMPL_H
#define ECSH_NOTIFY_IMPL_H

#include <sys/queue.h>
#include <sys/types.h>

#include "notify.h"

struct notify_http;
struct notify_job;

enum try_outcome {
	TRY_OK,			/* delivered */
	TRY_RETRY,		/* failed; a later try may do better */
	TRY_FINAL,		/* failed; trying again would not help */
};

struct notify_job;

/* A try of job ended: result says how ("sent 200", "http 500", ...). */
typedef void (*notify_try_done)(struct notify_job *, enum try_outcome,
	    const char *result);

struct notify_job {
	TAILQ_ENTRY(notify_job)	 entry;
	notify_try_done		 done;		/* notify.c's */
	struct notifier		*n;
	uint64_t		 id;
	enum notify_kind	 kind;
	char			*where;
	char			*doc;
	size_t			 len;
	unsigned		 tries;
	bool			 running;	/* a try holds a slot */
	struct ev_timer		 timer;		/* backoff, or a kill */
	/* webhook */
	void			*easy;		/* CURL * */
	void			*headers;	/* struct curl_slist * */
	size_t			 reply_bytes;
	char			 errbuf[256];
	/* command */
	pid_t			 pid;
	int			 pidfd;
	bool			 killed;	/* took too long */
	uint64_t		 kill_at_ns;	/* on the loop's clock */
};

TAILQ_HEAD(notify_jobs, notify_job);

struct notifier {
	struct evloop		*loop;
	notify_report		 report;
	void			*arg;
	struct notify_jobs	 queued[NOTIFY_KIND_COUNT];
	struct notify_jobs	 busy;		/* running or waiting */
	size_t			 nqueued, nbusy;
	unsigned		 running[NOTIFY_KIND_COUNT];
	struct notify_http	*http;		/* made at the first webhook */
	/* reports are given from a zero timer, never inside a call in */
	struct ev_timer		 later;
	struct notify_report_item {
		uint64_t		id;
		enum notify_state	state;
		unsigned		tries;
		char			result[128];
	}			*pending;
	size_t			 npending, pendingcap;
};

struct notify_http	*notify_http_new(struct evloop *, char *why,
			    size_t len);
void			 notify_http_free(struct notify_http *);
/* 0: started; -1: could not start, with why */
int			 notify_http_start(struct notify_http *,
			    struct notify_job *, char *why, size_t len);
void			 notify_http_cancel(struct notify_http *,
			    struct notify_job *);

int	notify_command_start(struct notify_job *, char *why, size_t len);
void	notify_command_cancel(struct notify_job *);

#endif

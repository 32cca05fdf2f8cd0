/*
 * notify_command: `notify command PATH`.  The program is spawned without
 * a shell (posix_spawn, argv = { PATH }), the document on its standard
 * input through a pipe it reads at its pace, its output thrown away.  Its
 * end is read from a pidfd in the loop, so no SIGCHLD handler and no
 * wait blocks; one that runs past NOTIFY_TIMEOUT_S is killed.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "notify_impl.h"
#include "../cloud/limits.h"

extern char **environ;

/* without a pidfd (Linux before 5.3, or under valgrind) */
enum { CHILD_POLL_MS = 50 };

static void
reaped(struct notify_job *j, int status)
{
	char text[96];

	if (j->pidfd != -1) {
		evloop_fd_del(j->n->loop, j->pidfd);
		close(j->pidfd);
		j->pidfd = -1;
	}
	evloop_timer_stop(j->n->loop, &j->timer);
	j->pid = 0;
	if (j->killed) {
		snprintf(text, sizeof(text), "still running after %d s; "
		    "killed", NOTIFY_TIMEOUT_S);
		j->done(j, TRY_FINAL, text);
	} else if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		j->done(j, TRY_OK, "sent exit 0");
	} else if (WIFEXITED(status)) {
		snprintf(text, sizeof(text), "exit %d", WEXITSTATUS(status));
		j->done(j, TRY_FINAL, text);
	} else {
		snprintf(text, sizeof(text), "killed by signal %d",
		    WTERMSIG(status));
		j->done(j, TRY_FINAL, text);
	}
}

static bool
try_reap(struct notify_job *j)
{
	int status;
	pid_t r;

	do
		r = waitpid(j->pid, &status, WNOHANG);
	while (r == -1 && errno == EINTR);
	if (r == 0)
		return false;
	reaped(j, r == j->pid ? status : 0);
	return true;
}

static void
child_ready(void *arg, int fd, unsigned events)
{
	(void)fd;
	(void)events;
	try_reap(arg);
}

static void
poll_child(void *arg)
{
	struct notify_job *j = arg;
	struct evloop *loop = j->n->loop;

	if (try_reap(j))
		return;
	if (!j->killed && clock_now_ns(evloop_clock(loop)) >= j->kill_at_ns) {
		j->killed = true;
		kill(j->pid, SIGKILL);
	}
	evloop_timer_start(loop, &j->timer, CHILD_POLL_MS);
}

static void
too_long(void *arg)
{
	struct notify_job *j = arg;

	j->killed = true;
	kill(j->pid, SIGKILL);		/* the pidfd says when it is gone */
}

static int
spawn(struct notify_job *j, int in, char *why, size_t len)
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	sigset_t none, dflt;
	char *argv[] = { j->where, NULL };
	int rc;

	sigemptyset(&none);
	sigfillset(&dflt);	/* the shell's own dispositions go */
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, in, STDIN_FILENO);
	posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, "/dev/null",
	    O_WRONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, STDOUT_FILENO, STDERR_FILENO);
	posix_spawn_file_actions_addclosefrom_np(&fa, STDERR_FILENO + 1);
	posix_spawnattr_init(&attr);
	posix_spawnattr_setsigmask(&attr, &none);
	posix_spawnattr_setsigdefault(&attr, &dflt);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK |
	    POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP);
	rc = posix_spawn(&j->pid, j->where, &fa, &attr, argv, environ);
	posix_spawnattr_destroy(&attr);
	posix_spawn_file_actions_destroy(&fa);
	if (rc != 0) {
		snprintf(why, len, "cannot run %s: %s", j->where,
		    strerror(rc));
		return -1;
	}
	return 0;
}

int
notify_command_start(struct notify_job *j, char *why, size_t len)
{
	int fds[2];
	ssize_t w;

	if (pipe2(fds, O_CLOEXEC) == -1) {
		snprintf(why, len, "pipe: %s", strerror(errno));
		return -1;
	}
	j->killed = false;
	if (spawn(j, fds[0], why, len) == -1) {
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	close(fds[0]);
	/* an empty pipe takes 64 KiB and a document is a few hundred bytes:
	 * one write, which cannot wait; a program that reads nothing and
	 * exits only makes it fail (EPIPE: SIGPIPE is ignored) */
	fcntl(fds[1], F_SETFL, O_NONBLOCK);
	w = write(fds[1], j->doc, j->len);
	(void)w;
	close(fds[1]);
	j->kill_at_ns = clock_now_ns(evloop_clock(j->n->loop)) +
	    (uint64_t)NOTIFY_TIMEOUT_S * NS_PER_SEC;
	j->pidfd = (int)syscall(SYS_pidfd_open, j->pid, 0);
	if (j->pidfd != -1 &&
	    evloop_fd_add(j->n->loop, j->pidfd, EV_READ, child_ready, j) == -1) {
		close(j->pidfd);
		j->pidfd = -1;
	}
	/* one timer: the kill, or (no pidfd) the poll that also kills */
	evloop_timer_stop(j->n->loop, &j->timer);
	if (j->pidfd != -1) {
		evloop_timer_init(&j->timer, too_long, j);
		evloop_timer_start(j->n->loop, &j->timer,
		    NOTIFY_TIMEOUT_S * 1000);
	} else {
		evloop_timer_init(&j->timer, poll_child, j);
		evloop_timer_start(j->n->loop, &j->timer, CHILD_POLL_MS);
	}
	return 0;
}

void
notify_command_cancel(struct notify_job *j)
{
	/* the program runs on, unwatched; it is reaped by whoever
	 * inherits it once the shell has gone */
	if (j->pidfd != -1) {
		evloop_fd_del(j->n->loop, j->pidfd);
		close(j->pidfd);
		j->pidfd = -1;
	}
}

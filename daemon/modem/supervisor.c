/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Worker processes: started by fork + exec (a fresh process image: no
 * inherited threads, locks or database handles), watched with waitpid,
 * restarted with a doubling delay.
 *
 * The watchdog: a worker writes a byte on its socket at least every second
 * while it works (worker_beat). A worker stuck in the modem library (a
 * modem that stopped answering or vanished: libgammu can wait for ever)
 * stays silent; after watchdog_timeout seconds of silence it is killed and
 * restarted like any dead worker. Nothing is lost: SMS are committed before
 * they leave the SIM, and a reply it was sending is marked unknown by the
 * next worker, never resent by itself.
 */
#include "modem/supervisor.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "modem/worker.h"
#include "util/clock.h"
#include "util/log.h"
#include "util/xalloc.h"

/* A worker that ran this long before dying restarts after 1 s again. */
#define STABLE_MS 60000
/* The descriptor number a worker finds its wake-up socket on. */
#define WORKER_WAKE_FD 3

struct child {
	const char *id;
	pid_t pid;
	int wake_fd;	    /* our end of the socketpair */
	int delay_s;	    /* current restart delay */
	long long start_at; /* monotonic ms when it is due to start */
	long long started;  /* monotonic ms it last started */
	long long heard;    /* monotonic ms of its last heartbeat */
	bool killed;	    /* killed by the watchdog, not yet reaped */
};

struct supervisor {
	const struct conf *conf;
	int stored_fd; /* the processor's wake pipe, given to each worker */
	char *exe;
	char *conf_path;
	struct child *children;
	size_t n;
};

struct supervisor *supervisor_new(const struct conf *c, const char *exe, const char *conf_path)
{
	struct supervisor *s = xcalloc(1, sizeof(*s));

	s->conf = c;
	s->stored_fd = -1;
	s->exe = xstrdup(exe);
	s->conf_path = xstrdup(conf_path);
	s->n = c->n_modems;
	s->children = xcalloc(s->n, sizeof(*s->children));
	for (size_t i = 0; i < s->n; i++) {
		s->children[i].id = c->modems[i].id;
		s->children[i].pid = -1;
		s->children[i].wake_fd = -1;
		s->children[i].delay_s = 1;
	}
	return s;
}

void supervisor_set_stored_fd(struct supervisor *s, int fd)
{
	s->stored_fd = fd;
}

void supervisor_free(struct supervisor *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++)
		if (s->children[i].wake_fd >= 0)
			close(s->children[i].wake_fd);
	free(s->children);
	free(s->exe);
	free(s->conf_path);
	free(s);
}

static void exec_worker(struct supervisor *s, struct child *ch, int fd, pid_t parent)
{
	sigset_t none;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(1);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	if (fd != WORKER_WAKE_FD) {
		if (dup2(fd, WORKER_WAKE_FD) < 0)
			_exit(1);
		close(fd);
	} else {
		fcntl(fd, F_SETFD, 0);
	}
	/* dup2 clears close-on-exec: the worker inherits the processor's
	 * wake pipe (and nothing else). */
	if (s->stored_fd >= 0 && dup2(s->stored_fd, WORKER_STORED_FD) < 0)
		_exit(1);
	execl(s->exe, s->exe, "-c", s->conf_path, "--worker", ch->id, (char *)NULL);
	log_error("cannot run %s: %s", s->exe, strerror(errno));
	_exit(1);
}

static int start_child(struct supervisor *s, struct child *ch)
{
	int sv[2];
	pid_t pid, parent = getpid();

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0) {
		log_error("socketpair: %s", strerror(errno));
		return -1;
	}
	pid = fork();
	if (pid < 0) {
		log_error("fork: %s", strerror(errno));
		close(sv[0]);
		close(sv[1]);
		return -1;
	}
	if (pid == 0) {
		close(sv[0]);
		exec_worker(s, ch, sv[1], parent);
	}
	close(sv[1]);
	fcntl(sv[0], F_SETFL, O_NONBLOCK);
	if (ch->wake_fd >= 0)
		close(ch->wake_fd);
	ch->wake_fd = sv[0];
	ch->pid = pid;
	ch->started = clock_mono_ms();
	ch->heard = ch->started;
	ch->killed = false;
	log_info("modem %s: worker started (pid %d)", ch->id, (int)pid);
	return 0;
}

/* Reads a worker's heartbeats; kills it when it was silent too long.
 * Returns the milliseconds until it must be heard from again. */
static long long watch(struct supervisor *s, struct child *ch, long long now)
{
	long long limit = s->conf->watchdog_timeout * 1000LL;
	char buf[256];
	ssize_t n;

	while ((n = read(ch->wake_fd, buf, sizeof(buf))) > 0)
		ch->heard = now;
	if (ch->killed)
		return 1000;
	if (now - ch->heard < limit)
		return ch->heard + limit - now;
	log_error("modem %s: worker %d silent for %lld s (the modem stopped answering?):"
		  " killing it",
		  ch->id, (int)ch->pid, (now - ch->heard) / 1000);
	kill(ch->pid, SIGKILL);
	ch->killed = true;
	return 1000;
}

long long supervisor_tick(struct supervisor *s)
{
	long long now = clock_mono_ms(), next = -1;

	for (size_t i = 0; i < s->n; i++) {
		struct child *ch = &s->children[i];

		if (ch->pid > 0) {
			long long w = watch(s, ch, now);
			if (next < 0 || w < next)
				next = w;
			continue;
		}
		if (now >= ch->start_at && start_child(s, ch) == 0) {
			long long w = s->conf->watchdog_timeout * 1000LL;
			if (next < 0 || w < next)
				next = w;
			continue;
		}
		if (ch->start_at <= now)
			ch->start_at = now + 1000;
		if (next < 0 || ch->start_at - now < next)
			next = ch->start_at - now;
	}
	return next;
}

static struct child *child_of(struct supervisor *s, pid_t pid)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->children[i].pid == pid)
			return &s->children[i];
	return NULL;
}

void supervisor_reap(struct supervisor *s)
{
	int status;
	pid_t pid;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		struct child *ch = child_of(s, pid);
		long long now = clock_mono_ms();

		if (!ch)
			continue;
		if (WIFSIGNALED(status))
			log_error("modem %s: worker %d killed by signal %d", ch->id, (int)pid,
				  WTERMSIG(status));
		else if (WEXITSTATUS(status) == WORKER_EXIT_LOCKED)
			log_warn("modem %s: still held by an earlier worker", ch->id);
		else
			log_warn("modem %s: worker %d exited with status %d", ch->id, (int)pid,
				 WEXITSTATUS(status));
		if (now - ch->started > STABLE_MS)
			ch->delay_s = 1;
		ch->pid = -1;
		ch->start_at = now + ch->delay_s * 1000LL;
		log_info("modem %s: restarting its worker in %d s", ch->id, ch->delay_s);
		ch->delay_s *= 2;
		if (ch->delay_s > s->conf->worker_restart_max)
			ch->delay_s = s->conf->worker_restart_max;
	}
}

void supervisor_wake(struct supervisor *s, const char *modem)
{
	for (size_t i = 0; i < s->n; i++) {
		struct child *ch = &s->children[i];

		if (ch->wake_fd >= 0 && (!modem || strcmp(modem, ch->id) == 0)) {
			ssize_t w = write(ch->wake_fd, "w", 1);
			(void)w;
		}
	}
}

void supervisor_stop(struct supervisor *s, int timeout_ms)
{
	long long deadline = clock_mono_ms() + timeout_ms;
	size_t alive;

	for (size_t i = 0; i < s->n; i++)
		if (s->children[i].pid > 0)
			kill(s->children[i].pid, SIGTERM);
	do {
		alive = 0;
		for (size_t i = 0; i < s->n; i++) {
			struct child *ch = &s->children[i];
			if (ch->pid > 0 && waitpid(ch->pid, NULL, WNOHANG) == ch->pid)
				ch->pid = -1;
			alive += ch->pid > 0;
		}
		if (alive)
			usleep(20000);
	} while (alive && clock_mono_ms() < deadline);
	for (size_t i = 0; i < s->n; i++) {
		struct child *ch = &s->children[i];
		if (ch->pid > 0) {
			log_warn("modem %s: worker did not stop, killing it", ch->id);
			kill(ch->pid, SIGKILL);
			waitpid(ch->pid, NULL, 0);
			ch->pid = -1;
		}
	}
}

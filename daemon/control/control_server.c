/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The control socket's server: the listening socket, the thread and its
 * poll loop, and each connection's buffers. Connections are non-blocking,
 * so a slow, silent or vanished client never holds up the others.
 */
#include "control/control.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "control/control_internal.h"
#include "util/clock.h"
#include "util/log.h"
#include "util/xalloc.h"

#define MAX_CLIENTS 64
#define PARTIAL_TIMEOUT_MS 30000 /* a request begun but not finished */
#define IDLE_TIMEOUT_MS 600000	 /* a connection with nothing to say */
#define NO_ROLE_IDLE_MS 5000	 /* one whose user has no role: answered, then closed */
#define READ_CHUNK 65536
/* A fair share for each unix user of the socket's group: so many
 * connections, and the last slots are kept for root and admins, who can
 * always connect (taking, when every slot is used, the quietest
 * connection of someone else). */
#define PER_UID_MAX 8
#define RESERVED_SLOTS 8
/* A client that sends requests without reading the answers: no more of
 * its requests are read while this much is unsent, and each turn of the
 * loop answers at most LINES_PER_TURN of a client's requests, so others
 * are answered meanwhile. */
#define OUT_MAX (4 * 1024 * 1024)
#define LINES_PER_TURN 4

struct client {
	int fd;
	uid_t uid; /* the credentials, to look the role up again per request */
	gid_t gid;
	pid_t pid;
	struct peer peer;
	char *in; /* bytes received, not yet a full line */
	size_t in_len, in_cap;
	char *out; /* answer bytes not yet written */
	size_t out_len, out_off;
	long long last_ms; /* last activity */
	bool closing;	   /* close once out is written */
};

struct control {
	const struct conf *conf;
	const struct service *svc;
	struct store *st;
	int listen_fd;
	int stop_pipe[2];
	pthread_t thread;
	bool started;
	struct client clients[MAX_CLIENTS];
	size_t n_clients;
};

/* ---------------------------------------------------------------- socket */

/* Binds the socket, replacing a stale one left by a killed daemon but never
 * one a running daemon still answers on. */
static int open_socket(const struct conf *c, char *err, size_t errlen)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	int fd = -1;
	mode_t old;

	if (strlen(c->socket) >= sizeof(sa.sun_path)) {
		snprintf(err, errlen, "%s: socket path too long", c->socket);
		return -1;
	}
	strcpy(sa.sun_path, c->socket);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		goto fail;
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0) {
		snprintf(err, errlen, "%s: another daemon is answering on this socket", c->socket);
		close(fd);
		return -1;
	}
	unlink(c->socket);
	old = umask(0117); /* created 0660 */
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		umask(old);
		goto fail;
	}
	umask(old);
	if (c->socket_group) {
		struct group gr, *res = NULL;
		char buf[4096];
		if (getgrnam_r(c->socket_group, &gr, buf, sizeof(buf), &res) != 0 || !res) {
			snprintf(err, errlen, "socket_group '%s': no such group", c->socket_group);
			close(fd);
			unlink(c->socket);
			return -1;
		}
		if (chown(c->socket, (uid_t)-1, gr.gr_gid) < 0)
			goto fail;
	}
	if (chmod(c->socket, 0660) < 0 || listen(fd, 16) < 0)
		goto fail;
	return fd;
fail:
	snprintf(err, errlen, "%s: %s", c->socket, strerror(errno));
	if (fd >= 0)
		close(fd);
	return -1;
}

/* ---------------------------------------------------------------- clients */

static void client_close(struct control *ctl, size_t i)
{
	struct client *cl = &ctl->clients[i];

	close(cl->fd);
	peer_clear(&cl->peer);
	free(cl->in);
	free(cl->out);
	ctl->clients[i] = ctl->clients[--ctl->n_clients];
}

/* Queues one answer line for the client. */
static void client_answer(struct client *cl, json_t *answer)
{
	char *text = json_dumps(answer, JSON_COMPACT | JSON_ENSURE_ASCII);
	size_t n;

	if (!text)
		text = xstrdup("{\"ok\":false,\"error\":\"internal\",\"message\":\"encoding\"}");
	n = strlen(text);
	if (cl->out_off == cl->out_len) {
		cl->out_len = cl->out_off = 0;
	}
	cl->out = xrealloc(cl->out, cl->out_len + n + 1);
	memcpy(cl->out + cl->out_len, text, n);
	cl->out[cl->out_len + n] = '\n';
	cl->out_len += n + 1;
	free(text);
}

static void client_refuse(struct client *cl, const char *error, const char *message)
{
	json_t *a = json_pack("{s:b, s:s, s:s}", "ok", 0, "error", error, "message", message);

	client_answer(cl, a);
	json_decref(a);
	cl->closing = true;
}

static bool privileged(const struct peer *p)
{
	return p->uid == 0 || p->role == ROLE_ADMIN;
}

static size_t clients_of(const struct control *ctl, uid_t uid)
{
	size_t n = 0;

	for (size_t i = 0; i < ctl->n_clients; i++)
		n += ctl->clients[i].uid == uid;
	return n;
}

/* Makes room for a root or admin connection: the connection of someone
 * else silent the longest is closed. false when there is none. */
static bool evict_for_admin(struct control *ctl)
{
	size_t pick = ctl->n_clients;

	for (size_t i = 0; i < ctl->n_clients; i++)
		if (!privileged(&ctl->clients[i].peer) &&
		    (pick == ctl->n_clients ||
		     ctl->clients[i].last_ms < ctl->clients[pick].last_ms))
			pick = i;
	if (pick == ctl->n_clients)
		return false;
	log_warn("control: every connection is taken; closing one of %s for an admin",
		 ctl->clients[pick].peer.user);
	client_close(ctl, pick);
	return true;
}

/* Whether a new connection of p may be kept (making room for an admin). */
static bool admit(struct control *ctl, const struct peer *p)
{
	if (privileged(p))
		return ctl->n_clients < MAX_CLIENTS || evict_for_admin(ctl);
	if (clients_of(ctl, p->uid) >= PER_UID_MAX) {
		log_warn("control: %s has %d connections open, refusing another", p->user,
			 PER_UID_MAX);
		return false;
	}
	if (ctl->n_clients >= MAX_CLIENTS - RESERVED_SLOTS) {
		log_warn("control: %zu connections open, refusing one of %s", ctl->n_clients,
			 p->user);
		return false;
	}
	return true;
}

static void accept_clients(struct control *ctl)
{
	for (;;) {
		struct ucred cred;
		socklen_t len = sizeof(cred);
		struct client *cl;
		struct peer peer;
		int fd = accept4(ctl->listen_fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);

		if (fd < 0)
			return;
		if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) < 0) {
			log_warn("control: SO_PEERCRED: %s", strerror(errno));
			close(fd);
			continue;
		}
		peer_identify(&peer, ctl->conf, cred.uid, cred.gid, cred.pid);
		if (!admit(ctl, &peer)) {
			peer_clear(&peer);
			close(fd);
			continue;
		}
		cl = &ctl->clients[ctl->n_clients++];
		memset(cl, 0, sizeof(*cl));
		cl->fd = fd;
		cl->uid = cred.uid;
		cl->gid = cred.gid;
		cl->pid = cred.pid;
		cl->peer = peer;
		cl->last_ms = clock_mono_ms();
		log_debug("control: connection from %s (uid %u, pid %d, role %s)", cl->peer.user,
			  (unsigned)cred.uid, (int)cred.pid,
			  cl->peer.role >= 0 ? conf_role_name(cl->peer.role) : "none");
	}
}

static size_t out_pending(const struct client *cl)
{
	return cl->out_len - cl->out_off;
}

/* Whether a complete request waits in the client's buffer. */
static bool has_request(const struct client *cl)
{
	return cl->in_len && memchr(cl->in, '\n', cl->in_len);
}

/* Answers up to LINES_PER_TURN complete requests in the client's buffer,
 * while its unread answers stay under OUT_MAX. The role is looked up
 * again for each: a user taken out of a group loses it at once. */
static void client_lines(struct control *ctl, struct client *cl)
{
	size_t start = 0;

	for (int k = 0; k < LINES_PER_TURN && !cl->closing && out_pending(cl) < OUT_MAX; k++) {
		char *nl = memchr(cl->in + start, '\n', cl->in_len - start);
		json_t *answer;
		size_t len;

		if (!nl)
			break;
		len = (size_t)(nl - (cl->in + start));
		peer_clear(&cl->peer);
		peer_identify(&cl->peer, ctl->conf, cl->uid, cl->gid, cl->pid);
		answer =
		    control_dispatch(ctl->conf, ctl->svc, ctl->st, &cl->peer, cl->in + start, len);
		client_answer(cl, answer);
		json_decref(answer);
		start += len + 1;
	}
	memmove(cl->in, cl->in + start, cl->in_len - start);
	cl->in_len -= start;
	if (cl->in_len >= CONTROL_LINE_MAX && !has_request(cl)) {
		log_warn("control: %s sent a request over %d bytes; closing", cl->peer.user,
			 CONTROL_LINE_MAX);
		control_audit_refusal(ctl->st, &cl->peer, "(too long)", "request too long");
		client_refuse(cl, "bad_request", "request too long");
	}
}

/* Reads what the client sent, until a whole request is there (the next
 * are read once it is answered); returns -1 when the connection is over. */
static int client_read(struct control *ctl, struct client *cl)
{
	while (!has_request(cl) && cl->in_len < CONTROL_LINE_MAX) {
		ssize_t n;

		if (cl->in_cap - cl->in_len < READ_CHUNK) {
			cl->in_cap = cl->in_len + READ_CHUNK * 2;
			cl->in = xrealloc(cl->in, cl->in_cap);
		}
		n = read(cl->fd, cl->in + cl->in_len, cl->in_cap - cl->in_len);
		if (n == 0)
			return -1;
		if (n < 0) {
			if (errno == EAGAIN || errno == EINTR)
				break;
			return -1;
		}
		cl->in_len += (size_t)n;
		cl->last_ms = clock_mono_ms();
	}
	client_lines(ctl, cl);
	return 0;
}

/* Writes pending answer bytes; returns -1 when the connection is over. */
static int client_write(struct client *cl)
{
	while (cl->out_off < cl->out_len) {
		ssize_t n =
		    send(cl->fd, cl->out + cl->out_off, cl->out_len - cl->out_off, MSG_NOSIGNAL);
		if (n < 0)
			return errno == EAGAIN || errno == EINTR ? 0 : -1;
		cl->out_off += (size_t)n;
		cl->last_ms = clock_mono_ms();
	}
	return cl->closing ? -1 : 0;
}

static bool client_timed_out(const struct client *cl, long long now)
{
	long long limit = cl->in_len || cl->out_off < cl->out_len ? PARTIAL_TIMEOUT_MS
			  : cl->peer.role < 0			  ? NO_ROLE_IDLE_MS
								  : IDLE_TIMEOUT_MS;

	return now - cl->last_ms > limit;
}

/* ---------------------------------------------------------------- thread */

static void *control_thread(void *arg)
{
	struct control *ctl = arg;
	struct pollfd pfd[MAX_CLIENTS + 2];

	log_set_tag("control");
	for (;;) {
		size_t n = ctl->n_clients;
		long long now;
		int wait = 1000;

		pfd[0] = (struct pollfd){.fd = ctl->stop_pipe[0], .events = POLLIN};
		pfd[1] = (struct pollfd){.fd = ctl->listen_fd, .events = POLLIN};
		for (size_t i = 0; i < n; i++) {
			struct client *cl = &ctl->clients[i];
			bool waiting = has_request(cl);
			/* Nothing more is read from a client whose request or
			 * answers wait: it cannot make the daemon hold more. */
			pfd[i + 2] = (struct pollfd){.fd = cl->fd, .events = waiting ? 0 : POLLIN};
			if (cl->out_off < cl->out_len)
				pfd[i + 2].events = POLLOUT;
			if (waiting && out_pending(cl) < OUT_MAX)
				wait = 0; /* requests left over from the last turn */
		}
		if (poll(pfd, n + 2, wait) < 0 && errno != EINTR) {
			log_error("control: poll: %s", strerror(errno));
			break;
		}
		if (pfd[0].revents)
			break;
		now = clock_mono_ms();
		/* Backwards, so closing a client (moving the last into its place)
		 * never skips one. */
		for (size_t i = n; i-- > 0;) {
			struct client *cl = &ctl->clients[i];
			short ev = pfd[i + 2].revents;
			int rc = 0;
			if (ev & POLLOUT)
				rc = client_write(cl);
			else if (ev & (POLLIN | POLLHUP | POLLERR))
				rc = client_read(ctl, cl);
			if (rc == 0 && !cl->closing && has_request(cl))
				client_lines(ctl, cl);
			if (rc == 0 && cl->out_off < cl->out_len)
				rc = client_write(cl);
			if (rc == 0 && client_timed_out(cl, now)) {
				log_info("control: closing a connection of %s left silent",
					 cl->peer.user);
				rc = -1;
			}
			if (rc < 0)
				client_close(ctl, i);
		}
		if (pfd[1].revents & POLLIN)
			accept_clients(ctl);
	}
	return NULL;
}

struct control *control_start(const struct conf *c, const struct service *svc, char *err,
			      size_t errlen)
{
	struct control *ctl = xcalloc(1, sizeof(*ctl));

	ctl->conf = c;
	ctl->svc = svc;
	ctl->listen_fd = -1;
	ctl->stop_pipe[0] = ctl->stop_pipe[1] = -1;
	ctl->st = store_open_existing(c->database, err, errlen);
	if (!ctl->st)
		goto fail;
	ctl->listen_fd = open_socket(c, err, errlen);
	if (ctl->listen_fd < 0)
		goto fail;
	if (pipe2(ctl->stop_pipe, O_CLOEXEC) < 0) {
		snprintf(err, errlen, "pipe: %s", strerror(errno));
		goto fail;
	}
	if (pthread_create(&ctl->thread, NULL, control_thread, ctl) != 0) {
		snprintf(err, errlen, "cannot start the control thread");
		goto fail;
	}
	ctl->started = true;
	return ctl;
fail:
	control_stop(ctl);
	return NULL;
}

void control_stop(struct control *ctl)
{
	if (!ctl)
		return;
	if (ctl->started) {
		if (write(ctl->stop_pipe[1], "x", 1) < 0)
			log_warn("control: cannot signal the thread to stop");
		pthread_join(ctl->thread, NULL);
	}
	while (ctl->n_clients)
		client_close(ctl, ctl->n_clients - 1);
	if (ctl->listen_fd >= 0) {
		close(ctl->listen_fd);
		unlink(ctl->conf->socket);
	}
	if (ctl->stop_pipe[0] >= 0) {
		close(ctl->stop_pipe[0]);
		close(ctl->stop_pipe[1]);
	}
	store_close(ctl->st);
	free(ctl);
}

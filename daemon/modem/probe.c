/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Modem discovery: which serial ports hold an AT modem. Ports are listed
 * (globs or the caller's list), deduplicated by device number, named by
 * their /dev/serial/by-id link and grouped by USB device; each is probed
 * in a forked child (libgammu wants one state machine per process, and a
 * silent port can keep it waiting half a minute) that a deadline kills.
 */
#include "modem/probe.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "util/clock.h"
#include "util/xalloc.h"

#define MAX_PARALLEL 32 /* children probing at once */

const char *probe_result_name(enum probe_result res)
{
	static const char *const names[] = {
	    [PROBE_OK] = "ok",	       [PROBE_NO_ANSWER] = "no_answer", [PROBE_IN_USE] = "in_use",
	    [PROBE_BUSY] = "busy",     [PROBE_NO_ACCESS] = "no_access", [PROBE_MISSING] = "missing",
	    [PROBE_FAILED] = "failed",
	};

	return (size_t)res < sizeof(names) / sizeof(names[0]) ? names[res] : "failed";
}

/* ---------------------------------------------------------------- naming */

char *probe_usb_of(const char *name)
{
	size_t len = strlen(name), end = len;
	const char *at;

	/* "-portN" at the end, then "-ifNN" before it (or at the end). */
	at = len ? name + len : name;
	while (at > name && at[-1] >= '0' && at[-1] <= '9')
		at--;
	if ((size_t)(at - name) >= 5 && at < name + len && strncmp(at - 5, "-port", 5) == 0)
		end = (size_t)(at - name) - 5;
	at = name + end;
	while (at > name && at[-1] >= '0' && at[-1] <= '9')
		at--;
	if ((size_t)(at - name) >= 3 && at < name + end && strncmp(at - 3, "-if", 3) == 0)
		return xasprintf("%.*s", (int)(at - name) - 3, name);
	return xstrdup(name);
}

/* A by-id link and the device it names. */
struct by_id {
	char *path;
	dev_t rdev;
};

static int cmp_by_id(const void *a, const void *b)
{
	return strcmp(((const struct by_id *)a)->path, ((const struct by_id *)b)->path);
}

/* Reads the by-id folder (absent: none), sorted by name. */
static struct by_id *read_by_id(const char *dir, size_t *n)
{
	DIR *d = opendir(dir);
	char *abs = d ? realpath(dir, NULL) : NULL; /* the links are named absolutely */
	struct by_id *v = NULL;
	struct dirent *de;
	size_t cap = 0;

	*n = 0;
	if (!d)
		return NULL;
	if (abs)
		dir = abs;
	while ((de = readdir(d))) {
		struct stat st;
		char *path;

		if (de->d_name[0] == '.')
			continue;
		path = xasprintf("%s/%s", dir, de->d_name);
		if (stat(path, &st) < 0 || !S_ISCHR(st.st_mode)) {
			free(path);
			continue;
		}
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			v = xrealloc(v, cap * sizeof(*v));
		}
		v[(*n)++] = (struct by_id){path, st.st_rdev};
	}
	closedir(d);
	free(abs);
	if (*n > 1)
		qsort(v, *n, sizeof(*v), cmp_by_id);
	return v;
}

/* ---------------------------------------------------------------- listing */

struct port_list {
	struct probe_port *v;
	dev_t *rdev; /* 0: not a character device */
	size_t n, cap;
};

/* Adds path unless it names a device already listed. */
static void add_port(struct port_list *l, const char *path, const struct by_id *ids, size_t n_ids)
{
	struct probe_port *p;
	struct stat st;
	char *real;
	int rc = stat(path, &st), stat_errno = errno;
	dev_t rdev = rc == 0 && S_ISCHR(st.st_mode) ? st.st_rdev : 0;

	for (size_t i = 0; i < l->n; i++)
		if (rdev ? l->rdev[i] == rdev : strcmp(l->v[i].path, path) == 0)
			return;
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->v = xrealloc(l->v, l->cap * sizeof(*l->v));
		l->rdev = xrealloc(l->rdev, l->cap * sizeof(*l->rdev));
	}
	p = &l->v[l->n];
	memset(p, 0, sizeof(*p));
	l->rdev[l->n++] = rdev;
	p->info.signal_percent = -1;
	real = rdev ? realpath(path, NULL) : NULL;
	p->path = real ? real : xstrdup(path);
	for (size_t i = 0; rdev && i < n_ids; i++)
		if (ids[i].rdev == rdev) {
			const char *base = strrchr(ids[i].path, '/');
			p->by_id = xstrdup(ids[i].path);
			p->usb = probe_usb_of(base ? base + 1 : ids[i].path);
			break;
		}
	if (!p->usb)
		p->usb = xstrdup(p->path);
	if (rc < 0) {
		p->result = PROBE_MISSING;
		snprintf(p->error, sizeof(p->error), "%s", strerror(stat_errno));
	} else if (!rdev) {
		p->result = PROBE_MISSING;
		snprintf(p->error, sizeof(p->error), "not a serial port");
	} else {
		p->result = PROBE_FAILED; /* until its child says otherwise */
	}
}

static void add_glob(struct port_list *l, const char *pattern, const struct by_id *ids,
		     size_t n_ids)
{
	glob_t g;

	memset(&g, 0, sizeof(g));
	if (glob(pattern, 0, NULL, &g) == 0)
		for (size_t i = 0; i < g.gl_pathc; i++)
			add_port(l, g.gl_pathv[i], ids, n_ids);
	globfree(&g);
}

static int cmp_port(const void *a, const void *b)
{
	const struct probe_port *x = a, *y = b;
	int c = strcmp(x->usb, y->usb);

	return c ? c : strcmp(x->by_id ? x->by_id : x->path, y->by_id ? y->by_id : y->path);
}

/* The configured modem whose device is rdev, or NULL. */
static const struct conf_modem *configured(const struct conf *c, dev_t rdev)
{
	for (size_t i = 0; c && rdev && i < c->n_modems; i++) {
		const char *dev = conf_modem_gammu(&c->modems[i], "device");
		struct stat st;
		if (dev && stat(dev, &st) == 0 && S_ISCHR(st.st_mode) && st.st_rdev == rdev)
			return &c->modems[i];
	}
	return NULL;
}

/* ---------------------------------------------------------------- probing */

/* What a child writes back: one message, well under PIPE_BUF. */
struct child_msg {
	int result;
	struct modem_probe_info info;
	char error[160];
};

/* In the child: opens the port without waiting for a carrier, takes the
 * worker's lock (an F_OFD_SETLK write lock on the device) so that a port a
 * worker holds is never handed to libgammu, and a worker starting now
 * finds it held and retries later; then asks libgammu. Never returns. */
static void probe_child(const char *path, const char *connection, int out, pid_t parent)
{
	struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET};
	struct child_msg msg;
	int fd;

	/* Dies with the console (Ctrl-C), also if it died before this line. */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() != parent)
		_exit(1);
	memset(&msg, 0, sizeof(msg));
	msg.result = PROBE_FAILED;
	fd = open(path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		int e = errno;
		msg.result = e == EACCES || e == EPERM			? PROBE_NO_ACCESS
			     : e == EBUSY				? PROBE_BUSY
			     : e == ENOENT || e == ENXIO || e == ENODEV ? PROBE_MISSING
									: PROBE_FAILED;
		snprintf(msg.error, sizeof(msg.error), "%s", strerror(e));
	} else if (fcntl(fd, F_OFD_SETLK, &fl) < 0) {
		int e = errno;
		msg.result = e == EAGAIN || e == EACCES ? PROBE_IN_USE : PROBE_FAILED;
		snprintf(msg.error, sizeof(msg.error), "%s", strerror(e));
	} else if (modem_gammu_probe(path, connection, &msg.info, msg.error, sizeof(msg.error)) ==
		   0) {
		msg.result = PROBE_OK;
	} else {
		msg.result = PROBE_NO_ANSWER;
	}
	if (write(out, &msg, sizeof(msg)) != (ssize_t)sizeof(msg))
		_exit(1);
	_exit(0);
}

struct child {
	pid_t pid;
	int fd;
	size_t port;
	long long start, deadline;
};

static int start_child(struct probe_port *p, size_t index, const struct probe_opts *o,
		       long long timeout_ms, struct child *c)
{
	pid_t parent = getpid();
	int fds[2];

	if (pipe2(fds, O_CLOEXEC) < 0)
		return -1;
	fflush(NULL); /* nothing buffered is written twice */
	c->pid = fork();
	if (c->pid < 0) {
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (c->pid == 0) {
		close(fds[0]);
		probe_child(p->path, o->connection, fds[1], parent);
	}
	close(fds[1]);
	c->fd = fds[0];
	c->port = index;
	c->start = clock_mono_ms();
	c->deadline = c->start + timeout_ms;
	return 0;
}

/* Reads the child's message (or notes that it had none) and reaps it. */
static void finish_child(struct child *c, struct probe_port *p, bool expired, int timeout_s)
{
	struct child_msg msg;
	ssize_t n = expired ? 0 : read(c->fd, &msg, sizeof(msg));
	int status = 0;

	if (expired)
		kill(c->pid, SIGKILL);
	while (waitpid(c->pid, &status, 0) < 0 && errno == EINTR)
		;
	close(c->fd);
	p->elapsed_ms = (int)(clock_mono_ms() - c->start);
	if (n == (ssize_t)sizeof(msg)) {
		p->result = (enum probe_result)msg.result;
		p->info = msg.info;
		memcpy(p->error, msg.error, sizeof(p->error));
		p->error[sizeof(p->error) - 1] = '\0';
	} else if (expired) {
		p->result = PROBE_NO_ANSWER;
		p->timed_out = true;
		snprintf(p->error, sizeof(p->error), "no answer within %d s", timeout_s);
	} else {
		p->result = PROBE_FAILED;
		if (WIFSIGNALED(status))
			snprintf(p->error, sizeof(p->error), "the probe died (signal %d)",
				 WTERMSIG(status));
		else
			snprintf(p->error, sizeof(p->error), "the probe ended without an answer");
	}
}

/* Probes every port still marked PROBE_FAILED, MAX_PARALLEL at a time. */
static int probe_all(struct port_list *l, const struct probe_opts *o, char *err, size_t errlen)
{
	int timeout_s = o->timeout_s > 0 ? o->timeout_s : PROBE_DEFAULT_TIMEOUT;
	struct child run[MAX_PARALLEL];
	size_t n_run = 0, next = 0;

	for (;;) {
		struct pollfd pfd[MAX_PARALLEL];
		long long now, wait = -1;

		while (n_run < MAX_PARALLEL && next < l->n) {
			struct probe_port *p = &l->v[next++];
			if (p->result != PROBE_FAILED)
				continue;
			if (start_child(p, next - 1, o, timeout_s * 1000LL, &run[n_run]) < 0)
				snprintf(p->error, sizeof(p->error), "cannot start a probe: %s",
					 strerror(errno));
			else
				n_run++;
		}
		if (n_run == 0)
			return 0;
		now = clock_mono_ms();
		for (size_t i = 0; i < n_run; i++) {
			pfd[i] = (struct pollfd){.fd = run[i].fd, .events = POLLIN};
			if (wait < 0 || run[i].deadline - now < wait)
				wait = run[i].deadline - now > 0 ? run[i].deadline - now : 0;
		}
		if (poll(pfd, n_run, (int)wait) < 0 && errno != EINTR) {
			snprintf(err, errlen, "poll: %s", strerror(errno));
			while (n_run > 0) {
				n_run--;
				finish_child(&run[n_run], &l->v[run[n_run].port], true, timeout_s);
			}
			return -1;
		}
		now = clock_mono_ms();
		for (size_t i = n_run; i-- > 0;) {
			bool expired = now >= run[i].deadline;
			if (!(pfd[i].revents & (POLLIN | POLLHUP | POLLERR)) && !expired)
				continue;
			finish_child(&run[i], &l->v[run[i].port],
				     !(pfd[i].revents & (POLLIN | POLLHUP | POLLERR)), timeout_s);
			run[i] = run[--n_run];
			pfd[i] = pfd[n_run];
		}
	}
}

/* ---------------------------------------------------------------- running */

static bool id_taken(const struct conf *c, const struct probe_report *r, const char *id)
{
	for (size_t i = 0; c && i < c->n_modems; i++)
		if (strcmp(c->modems[i].id, id) == 0)
			return true;
	for (size_t i = 0; i < r->n; i++)
		if (r->ports[i].proposed_id && strcmp(r->ports[i].proposed_id, id) == 0)
			return true;
	return false;
}

/* Gives the first answering port of each USB device an id: the configured
 * modem's when it is already configured, else usb1, usb2, ... */
static void propose_ids(struct probe_report *r, const struct conf *c)
{
	int next = 1;

	for (size_t i = 0; i < r->n; i++) {
		struct probe_port *p = &r->ports[i];
		bool named = false;
		char *id = NULL;

		for (size_t j = 0; j < r->n && !named; j++)
			named = r->ports[j].proposed_id && strcmp(r->ports[j].usb, p->usb) == 0;
		if (named || p->result != PROBE_OK)
			continue;
		if (p->holder) {
			p->proposed_id = xstrdup(p->holder);
			continue;
		}
		do {
			free(id);
			id = xasprintf("usb%d", next++);
		} while (id_taken(c, r, id));
		p->proposed_id = id;
	}
}

int probe_run(const struct probe_opts *o, struct probe_report *r, char *err, size_t errlen)
{
	const char *dir = o->by_id_dir ? o->by_id_dir : PROBE_BY_ID_DIR;
	struct port_list l = {0};
	struct by_id *ids;
	size_t n_ids;
	int rc;

	memset(r, 0, sizeof(*r));
	ids = read_by_id(dir, &n_ids);
	if (o->n_ports) {
		for (size_t i = 0; i < o->n_ports; i++)
			add_port(&l, o->ports[i], ids, n_ids);
	} else {
		for (size_t i = 0; i < n_ids; i++)
			add_port(&l, ids[i].path, ids, n_ids);
		add_glob(&l, "/dev/ttyUSB*", ids, n_ids);
		add_glob(&l, "/dev/ttyACM*", ids, n_ids);
	}
	for (size_t i = 0; i < n_ids; i++)
		free(ids[i].path);
	free(ids);
	for (size_t i = 0; i < l.n; i++) {
		const struct conf_modem *m = configured(o->conf, l.rdev[i]);
		if (m)
			l.v[i].holder = xstrdup(m->id);
	}
	rc = probe_all(&l, o, err, errlen);
	free(l.rdev);
	r->ports = l.v;
	r->n = l.n;
	if (r->n > 1)
		qsort(r->ports, r->n, sizeof(*r->ports), cmp_port);
	propose_ids(r, o->conf);
	return rc;
}

void probe_report_free(struct probe_report *r)
{
	for (size_t i = 0; i < r->n; i++) {
		free(r->ports[i].path);
		free(r->ports[i].by_id);
		free(r->ports[i].usb);
		free(r->ports[i].holder);
		free(r->ports[i].proposed_id);
	}
	free(r->ports);
	memset(r, 0, sizeof(*r));
}

/* ---------------------------------------------------------------- block */

/* s as a libconfig string literal's contents: \ and " escaped. */
static void put_escaped(FILE *out, const char *s)
{
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', out);
		fputc(*s, out);
	}
}

char *probe_config_block(const struct probe_report *r)
{
	char *buf = NULL;
	size_t len = 0, left = 0;
	FILE *out;

	for (size_t i = 0; i < r->n; i++)
		left += r->ports[i].proposed_id != NULL;
	if (!left)
		return NULL;
	out = open_memstream(&buf, &len);
	if (!out)
		return NULL;
	fputs("modems = (\n", out);
	for (size_t i = 0; i < r->n; i++) {
		const struct probe_port *p = &r->ports[i];
		if (!p->proposed_id)
			continue;
		fputs("  { id = \"", out);
		put_escaped(out, p->proposed_id);
		fputs("\"; gammu = { device = \"", out);
		put_escaped(out, p->by_id ? p->by_id : p->path);
		fprintf(out, "\"; connection = \"at\"; }; }%s # %s, IMEI %s", --left ? "," : "",
			p->info.operator[0] ? p->info.operator : "operator unknown",
			p->info.imei[0] ? p->info.imei : "unknown");
		if (strcmp(p->info.sim, "pin") == 0)
			fputs("; the SIM asks for its PIN: add pin = \"...\";", out);
		else if (strcmp(p->info.sim, "puk") == 0 || strcmp(p->info.sim, "no_sim") == 0)
			fprintf(out, "; SIM: %s", p->info.sim);
		if (!p->by_id)
			fputs("; no /dev/serial/by-id name: this number may change at boot", out);
		fputc('\n', out);
	}
	fputs(");\n", out);
	fclose(out);
	return buf;
}

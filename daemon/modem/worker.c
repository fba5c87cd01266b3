/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The modem worker process: takes the modem's lock, connects (with backoff
 * after failures), and loops reading the SIM, sending, and sleeping on its
 * wake-up descriptor, the dummy SIM folder's inotify watch or a timer.
 */
#include "modem/worker.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <malloc.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "modem/worker_internal.h"
#include "store/store_modem.h"
#include "store/store_modem_request.h"
#include "store/store_outbound.h"
#include "util/log.h"
#include "util/xalloc.h"

#define SEND_POLL_MS 1000
#define AT_POLL_MS 150
#define SAFETY_SCAN_MS 60000 /* a folder SIM watched by inotify */
#define FLUSH_EVERY_MS 60000
/* The longest sleep: the supervisor hears from the worker at least this often. */
#define BEAT_MAX_SLEEP_MS 1000

static volatile sig_atomic_t worker_stop;
/* SIGUSR1 from tiengdan-atfilter: the modem said it has just started. */
static volatile sig_atomic_t modem_restarted;

static void on_term(int sig)
{
	worker_stop = 1;
}

static void on_restarted(int sig)
{
	modem_restarted = 1;
}

long long worker_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The file whose lock means "this modem has a worker": the serial port
 * itself, a file beside a dummy SIM folder, or one beside the database. */
static char *lock_path(const struct worker *w)
{
	const char *device = conf_modem_gammu(w->mc, "device");

	if (w->dummy_dir)
		return xasprintf("%s.lock", w->dummy_dir);
	if (device && strncmp(device, "/dev/", 5) == 0)
		return xstrdup(device);
	return xasprintf("%s.modem-%s.lock", w->conf->database, w->mc->id);
}

/* Takes an open-file-description lock (O_CLOEXEC: never inherited by the
 * programs libgammu starts). Returns 0, 1 if held elsewhere, -1 on error. */
static int take_lock(struct worker *w)
{
	char *path = lock_path(w);
	struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET};
	int flags = O_RDWR | O_CLOEXEC | O_NOCTTY | O_NONBLOCK;
	int rc = -1;

	if (strncmp(path, "/dev/", 5) != 0)
		flags |= O_CREAT;
	w->lock_fd = open(path, flags, 0600);
	if (w->lock_fd < 0) {
		log_error("cannot open lock %s: %s", path, strerror(errno));
		goto out;
	}
	if (fcntl(w->lock_fd, F_OFD_SETLK, &fl) < 0) {
		rc = (errno == EAGAIN || errno == EACCES) ? 1 : -1;
		if (rc == 1)
			log_warn("modem is held by another worker (%s)", path);
		else
			log_error("cannot lock %s: %s", path, strerror(errno));
		goto out;
	}
	rc = 0;
out:
	free(path);
	return rc;
}

static void watch_dummy(struct worker *w)
{
	char *inbox;

	if (!w->dummy_dir)
		return;
	if (w->inotify_fd < 0)
		w->inotify_fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (w->inotify_fd < 0)
		return;
	inbox = xasprintf("%s/sms/1", w->dummy_dir);
	if (inotify_add_watch(w->inotify_fd, inbox, IN_MOVED_TO | IN_CLOSE_WRITE) < 0)
		log_warn("cannot watch %s: %s", inbox, strerror(errno));
	free(inbox);
}

static void disconnect(struct worker *w, const char *why)
{
	if (!w->connected)
		return;
	log_warn("modem link lost: %s; reconnecting", why);
	w->ops->disconnect(w->modem);
	w->connected = false;
	store_modem_connected(w->st, w->mc->id, false, why);
	w->next_connect_ms = worker_now_ms() + 1000;
}

static void try_connect(struct worker *w)
{
	char err[256], manufacturer[64], model[64], imei[64];
	int max = w->conf->worker_restart_max;

	int rc = w->ops->connect(w->modem, err, sizeof(err));

	if (rc == MODEM_PIN_REFUSED) {
		/* Another try of the same PIN brings the SIM closer to its
		 * PUK: none until tiengdand starts again. */
		log_error("%s", err);
		store_modem_pin_refused(w->st, w->mc->id, true);
		store_modem_connected(w->st, w->mc->id, false, err);
		w->next_connect_ms = LLONG_MAX;
		return;
	}
	if (rc < 0) {
		log_warn("%s (next try in %d s)", err, w->backoff_s);
		store_modem_connected(w->st, w->mc->id, false, err);
		w->next_connect_ms = worker_now_ms() + w->backoff_s * 1000LL;
		w->backoff_s = w->backoff_s * 2 > max ? max : w->backoff_s * 2;
		return;
	}
	w->connected = true;
	w->backoff_s = 1;
	w->ops->identity(w->modem, manufacturer, model, imei);
	store_modem_identity(w->st, w->mc->id, manufacturer, model, imei);
	store_modem_connected(w->st, w->mc->id, true, NULL);
	log_info("connected (%s %s)", manufacturer, model);
	watch_dummy(w);
	w->scan_now = true;
	w->next_status_ms = 0;
}

/* Drains a descriptor; returns false when it reached end of file. */
static bool drain(int fd)
{
	char buf[4096];
	ssize_t n;

	while ((n = read(fd, buf, sizeof(buf))) > 0)
		;
	return n != 0;
}

static void wait_events(struct worker *w, long long deadline_ms)
{
	struct pollfd fds[2] = {{.fd = w->wake_fd, .events = POLLIN},
				{.fd = w->inotify_fd, .events = POLLIN}};
	long long wait = deadline_ms - worker_now_ms();

	if (wait < 0)
		wait = 0;
	if (wait > BEAT_MAX_SLEEP_MS)
		wait = BEAT_MAX_SLEEP_MS;
	if (poll(fds, w->inotify_fd >= 0 ? 2 : 1, (int)(wait > INT_MAX ? INT_MAX : wait)) <= 0)
		return;
	if (fds[0].revents) {
		if (!drain(w->wake_fd)) {
			log_info("the daemon is gone: stopping");
			worker_stop = 1;
		}
		w->next_send_ms = 0;
	}
	if (w->inotify_fd >= 0 && fds[1].revents) {
		drain(w->inotify_fd);
		w->scan_now = true;
	}
}

/* The time between safety-net scans of the SIM. A folder SIM watched by
 * inotify announces every new message, and a scan of it costs libgammu's
 * dummy driver an open() for every empty location of every folder (tens of
 * thousands): it is scanned on each announcement and otherwise only every
 * SAFETY_SCAN_MS. */
static long long scan_period_ms(const struct worker *w)
{
	long long ms = w->mc->scan_interval * 1000LL;

	return w->inotify_fd >= 0 && ms < SAFETY_SCAN_MS ? SAFETY_SCAN_MS : ms;
}

static long long min_ll(long long a, long long b)
{
	return a < b ? a : b;
}

static void run_once(struct worker *w)
{
	long long now = worker_now_ms(), deadline;
	int announced;

	worker_beat(w);
	if (!w->connected) {
		if (now >= w->next_connect_ms)
			try_connect(w);
		if (!w->connected) {
			wait_events(w, w->next_connect_ms);
			if (w->next_send_ms == 0) /* woken: maybe a request waits */
				worker_requests_refuse(w, "the modem is not connected");
			return;
		}
		worker_beat(w);
	}
	if (modem_restarted) {
		/* It lost its settings (PIN, new-SMS notices): connect again,
		 * which sets them and scans the SIM. */
		modem_restarted = 0;
		disconnect(w, "the modem restarted");
		return;
	}
	if (!w->dummy_dir && (announced = w->ops->poll(w->modem)) != 0) {
		if (announced < 0) {
			disconnect(w, "no answer from the modem");
			return;
		}
		w->scan_now = true;
	}
	if (w->scan_now || now >= w->next_scan_ms) {
		w->scan_now = false;
		w->next_scan_ms = now + scan_period_ms(w);
		if (worker_receive(w) < 0) {
			disconnect(w, "reading the SIM failed");
			return;
		}
	}
	if (now >= w->next_status_ms) {
		w->next_status_ms = now + w->mc->status_interval * 1000LL;
		if (worker_status(w) < 0) {
			disconnect(w, "no answer to a status request");
			return;
		}
	}
	if (now >= w->next_send_ms) {
		worker_balance(w);
		if (worker_requests(w) < 0) {
			disconnect(w, "no answer to a USSD request");
			return;
		}
		int sent = worker_send(w);
		if (sent < 0) {
			disconnect(w, "sending failed");
			return;
		}
		/* Something was sent: more may be waiting; look again right
		 * after checking for new messages (a slow modem takes one
		 * message per turn, and must not pause between them). */
		w->next_send_ms = sent > 0 ? now : now + SEND_POLL_MS;
		/* A send rate: one message, then a pause of 1/rate minutes. */
		if (sent > 0 && w->mc->send_rate > 0)
			w->next_send_ms = now + 60000 / w->mc->send_rate;
	}
	if (now >= w->next_flush_ms) {
		w->next_flush_ms = now + FLUSH_EVERY_MS;
		worker_flush_incomplete(w);
	}
	deadline = min_ll(min_ll(w->next_scan_ms, w->next_send_ms), w->next_flush_ms);
	deadline = min_ll(deadline, w->next_status_ms);
	if (!w->dummy_dir)
		deadline = min_ll(deadline, worker_now_ms() + AT_POLL_MS);
	if (!w->scan_now)
		wait_events(w, deadline);
}

static void setup_process(const struct conf_modem *mc)
{
	struct sigaction sa;
	char tag[64];

	/* Die with the daemon: a killed daemon never leaves a worker behind. */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	/* libgammu allocates and frees buffers of hundreds of KiB on each poll
	 * and each SMS read: with glibc's defaults the heap grows and shrinks
	 * (brk) several times a second, an idle worker's main cost. Freed heap
	 * is kept instead; setting the trim threshold turns off glibc's
	 * dynamic mmap threshold, so it is set too, or every such buffer would
	 * be its own mmap (five times slower reading a full SIM). */
	mallopt(M_MMAP_THRESHOLD, 4 << 20);
	mallopt(M_TRIM_THRESHOLD, 8 << 20);
	snprintf(tag, sizeof(tag), "modem:%s", mc->id);
	log_set_tag(tag);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_term;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = on_restarted;
	sa.sa_flags = SA_RESTART;
	sigaction(SIGUSR1, &sa, NULL);
	sa.sa_flags = 0;
	/* libgammu starts proxyat simulators and never reaps them. */
	sa.sa_handler = SIG_IGN;
	sa.sa_flags = SA_NOCLDWAIT;
	sigaction(SIGCHLD, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

static const struct conf_modem *find_modem(const struct conf *c, const char *id)
{
	for (size_t i = 0; i < c->n_modems; i++)
		if (strcmp(c->modems[i].id, id) == 0)
			return &c->modems[i];
	return NULL;
}

static const char *dummy_dir_of(const struct conf_modem *mc)
{
	const char *model = conf_modem_gammu(mc, "model");

	return model && strcmp(model, "dummy") == 0 ? conf_modem_gammu(mc, "device") : NULL;
}

int worker_main(const struct conf *c, const char *modem_id, int wake_fd,
		const struct modem_ops *ops)
{
	struct worker w = {.conf = c,
			   .ops = ops,
			   .wake_fd = wake_fd,
			   .stored_fd = -1,
			   .inotify_fd = -1,
			   .lock_fd = -1,
			   .backoff_s = 1};
	char err[512];
	int status = 1, lk;

	w.mc = find_modem(c, modem_id);
	if (!w.mc) {
		log_error("no modem '%s' in %s", modem_id, c->path);
		return 1;
	}
	setup_process(w.mc);
	w.dummy_dir = dummy_dir_of(w.mc);
	if ((lk = take_lock(&w)) != 0) {
		status = lk == 1 ? WORKER_EXIT_LOCKED : 1;
		goto out;
	}
	fcntl(wake_fd, F_SETFL, fcntl(wake_fd, F_GETFL) | O_NONBLOCK);
	{
		struct stat sb;
		if (fstat(WORKER_STORED_FD, &sb) == 0 && S_ISFIFO(sb.st_mode)) {
			w.stored_fd = WORKER_STORED_FD;
			fcntl(w.stored_fd, F_SETFD, FD_CLOEXEC);
		}
	}
	if (worker_keys_open(&w.keys, c, err, sizeof(err)) < 0) {
		log_error("%s", err);
		goto out;
	}
	w.st = store_open_existing(c->database, err, sizeof(err));
	if (!w.st) {
		log_error("%s", err);
		goto out;
	}
	store_modem_started(w.st, w.mc->id, (int)getpid());
	/* What on-net routing needs: this SIM's network and every network's
	 * prefixes (the same configuration for every worker). */
	store_modem_network(w.st, w.mc->id,
			    w.mc->network == CONF_NET_ANY ? NULL
							  : conf_network_name(w.mc->network));
	for (int net = CONF_NET_ANY + 1; net < CONF_NETWORKS; net++)
		store_network_prefixes(w.st, conf_network_name(net), c->prefixes[net].v,
				       c->prefixes[net].n);
	int unknown = store_outbound_reset_sending(w.st, w.mc->id);
	if (unknown > 0)
		log_warn("%d message(s) were being sent when the last worker stopped: marked"
			 " unknown, not resent",
			 unknown);
	store_modem_request_fail_all(w.st, w.mc->id, "running", "the modem's worker restarted");
	if (store_modem_pin_was_refused(w.st, w.mc->id) == 1) {
		log_error("the SIM refused the configured PIN since tiengdand started: not"
			  " connecting (correct the PIN and restart tiengdand)");
		w.next_connect_ms = LLONG_MAX;
	}
	w.modem = ops->open(w.mc, err, sizeof(err));
	if (!w.modem) {
		log_error("%s", err);
		goto out;
	}
	if (!w.dummy_dir && ops->capture_to) {
		char *capture = xasprintf("%s.modem-%s.capture", c->database, w.mc->id);
		ops->capture_to(w.modem, capture);
		free(capture);
	}
	while (!worker_stop)
		run_once(&w);
	status = 0;
out:
	if (w.modem) {
		if (w.connected)
			ops->disconnect(w.modem);
		ops->close(w.modem);
	}
	if (w.st) {
		store_modem_stopped(w.st, modem_id);
		store_close(w.st);
	}
	worker_keys_close(&w.keys);
	if (w.inotify_fd >= 0)
		close(w.inotify_fd);
	if (w.lock_fd >= 0)
		close(w.lock_fd);
	return status;
}

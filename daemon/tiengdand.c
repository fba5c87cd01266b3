/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * tiengdand: the daemon. Runs in the foreground as systemd expects: loads
 * the configuration, migrates the database, supervises one worker process
 * per modem, notifies systemd, and stops cleanly on SIGTERM. With --worker
 * it is one of those workers.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <malloc.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <time.h>
#include <systemd/sd-daemon.h>
#include <unistd.h>

#include "conf/conf.h"
#include "conf/conf_man.h"
#include "conf/conf_udev.h"
#include "control/control.h"
#include "modem/alert.h"
#include "modem/supervisor.h"
#include "modem/worker.h"
#include "service/processor.h"
#include "service/retention.h"
#include "service/warnings.h"
#include "service/service.h"
#include "store/store.h"
#include "store/store_modem.h"
#include "store/store_audit.h"
#include "store/store_confidential.h"
#include "store/store_outbound.h"
#include "store/store_units.h"
#include "tiengdand_tools.h"
#include "util/csv.h"
#include "util/clock.h"
#include "util/log.h"
#include "util/xalloc.h"

#define DEFAULT_CONF "/etc/tiengdan/tiengdan.conf"
#define STOP_TIMEOUT_MS 10000

static void usage(FILE *out)
{
	fputs(
	    "usage: tiengdand [-c FILE] [--check | --has-modems | --udev-rules] [--keys | --man]\n"
	    "  -c, --config FILE  configuration (default " DEFAULT_CONF ")\n"
	    "      --check        validate the configuration and exit 0 (valid) or 1\n"
	    "      --has-modems   exit 0 when the configuration names a modem, 1 when it\n"
	    "                     names none, 255 when it is not valid\n"
	    "      --udev-rules   print udev rules keeping ModemManager off the modems\n"
	    "      --keys         print the table of configuration keys\n"
	    "      --man          print the manual page tiengdan.conf(5) (roff)\n"
	    "      --restore DIR [--check-only] [--lang vi|en]\n"
	    "                     check, then put a backup in place (as `tiengdan restore`)\n"
	    "      --probe [--port P]... [--by-id DIR] [--timeout S]\n"
	    "                     find the modems on the serial ports (as `tiengdan modems\n"
	    "                     probe`); both print one JSON line for the console\n"
	    "  -V, --version      print the version\n",
	    out);
}

static char *self_exe(const char *argv0)
{
	char buf[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);

	if (n <= 0)
		return xstrdup(argv0);
	buf[n] = '\0';
	return xstrdup(buf);
}

static int setup_signals(void)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGCHLD);
	sigprocmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	return signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
}

/* The configured geography is the directory's first content: imported,
 * all or nothing and audited, when the daemon starts with no units. */
static int import_geography(const struct conf *c, struct store *st)
{
	struct tderr e = {0};
	char msg[1024], detail[64];
	json_t *rows;
	FILE *in;
	int n;

	if (!c->geography || store_units_count(st) != 0)
		return 0;
	in = fopen(c->geography, "r");
	if (!in) {
		log_error("geography %s: %s", c->geography, strerror(errno));
		return -1;
	}
	rows = csv_read_objects(in, &e);
	fclose(in);
	if (!rows || store_begin(st) < 0) {
		json_decref(rows);
		goto fail;
	}
	n = store_units_import(st, rows, &e);
	json_decref(rows);
	snprintf(detail, sizeof(detail), "%d unit(s)", n);
	if (n < 0 ||
	    store_audit_add(st, &(struct audit_entry){.uid = (long long)getuid(),
						      .user = "tiengdand",
						      .action = "units.import",
						      .target = c->geography,
						      .outcome = "allowed",
						      .detail = detail}) < 0 ||
	    store_commit(st) < 0) {
		store_rollback(st);
		goto fail;
	}
	log_info("geography %s: %d unit(s) imported into the empty directory", c->geography, n);
	return 0;
fail:
	if (!e.cls)
		tderr_set(&e, TDERR_INTERNAL, M_INTERNAL, "database", NULL);
	tderr_format(&e, "en", msg, sizeof(msg));
	log_error("geography %s: %s", c->geography, msg);
	return -1;
}

/* Prepares the database: migrations, and rows that a killed daemon left in
 * 'sending' become 'unknown' (never resent by themselves). */
static int prepare_database(const struct conf *c)
{
	char err[512];
	struct store *st = store_open_backup(c->database, c->backup_dir, err, sizeof(err));
	int n;

	if (!st) {
		log_error("%s", err);
		return -1;
	}
	if (import_geography(c, st) < 0) {
		store_close(st);
		return -1;
	}
	n = store_outbound_reset_sending(st, NULL);
	if (n > 0)
		log_warn("%d message(s) were being sent when the daemon stopped: marked unknown",
			 n);
	/* Each start allows one try of each configured PIN. */
	store_modem_pin_refused(st, NULL, false);
	store_close(st);
	return 0;
}

/* Rows kept before the confidentiality model: clear senders' tags that a
 * sealed row of the same number shares are replaced (store_retag_clear). */
static void retag_legacy(const struct conf *c, const struct service *svc)
{
	char err[512];
	struct store *st = store_open_existing(c->database, err, sizeof(err));
	long long n = st ? store_retag_clear(st, svc->seal) : -1;

	if (n < 0)
		log_warn("could not retag the clear senders' rows of an older database");
	else if (n > 0)
		log_info("%lld case(s) of clear senders given the clear domain's tag", n);
	store_close(st);
}

/* Handles pending signals; returns false when the daemon must stop. */
static bool handle_signals(int sfd, struct supervisor *sup)
{
	struct signalfd_siginfo si;
	bool run = true;

	while (read(sfd, &si, sizeof(si)) == sizeof(si)) {
		switch (si.ssi_signo) {
		case SIGCHLD:
			supervisor_reap(sup);
			break;
		case SIGHUP:
			log_info("SIGHUP: waking the workers");
			supervisor_wake(sup, NULL);
			break;
		default:
			log_info("signal %u: stopping", si.ssi_signo);
			run = false;
		}
	}
	return run;
}

static int run_daemon(const struct conf *c, const char *exe)
{
	uint64_t watchdog_usec = 0;
	struct supervisor *sup = NULL;
	struct control *ctl = NULL;
	struct service *svc = NULL;
	struct processor *proc = NULL;
	struct alert *al = NULL;
	struct retention *ret = NULL;
	struct warnings *warn = NULL;
	char err[512];
	int sfd = setup_signals(), status = 1, wake[2] = {-1, -1};
	bool run = true;

	if (sfd < 0) {
		log_error("signalfd: %s", strerror(errno));
		return 1;
	}
	if (c->n_modems == 0) {
		log_error("%s names no modem yet: plug one in, run `tiengdan modems probe` and "
			  "put the block it prints in the file (or run `tiengdan setup`)",
			  c->path);
		close(sfd);
		return 1;
	}
	/* A lost key is never silently replaced (service_new would create
	 * one). */
	if (service_key_check(c, err, sizeof(err)) < 0) {
		log_error("%s", err);
		goto out;
	}
	if (prepare_database(c) < 0)
		goto out;
	/* Alerts are evaluated here, in the main loop (daemon/modem/alert.c). */
	/* So is the nightly retention run (daemon/service/retention.c). */
	ret = retention_new(c, err, sizeof(err));
	if (!ret) {
		log_error("%s", err);
		goto out;
	}
	/* And the working mornings' deadline warnings (service/warnings.c). */
	warn = warnings_new(c, err, sizeof(err));
	if (!warn) {
		log_error("%s", err);
		goto out;
	}
	al = alert_new(c, err, sizeof(err));
	if (!al) {
		log_error("%s", err);
		goto out;
	}
	if (sd_watchdog_enabled(0, &watchdog_usec) <= 0)
		watchdog_usec = 0;
	/* Shared read-only by the processor and the control thread; failing
	 * here means a bad key file or calendar: the daemon cannot run. */
	svc = service_new(c, err, sizeof(err));
	if (!svc) {
		log_error("%s", err);
		goto out;
	}
	retag_legacy(c, svc);
	/* The processor says when it queued replies; the modems are woken. */
	if (pipe2(wake, O_CLOEXEC | O_NONBLOCK) < 0) {
		log_error("pipe: %s", strerror(errno));
		goto out;
	}
	proc = processor_start(svc, wake[1], err, sizeof(err));
	if (!proc) {
		log_error("%s", err);
		goto out;
	}
	/* Receiving SMS matters more than the console: without its socket the
	 * daemon still receives, and says so loudly. */
	ctl = control_start(c, svc, err, sizeof(err));
	if (!ctl)
		log_error("the staff console is unavailable: %s", err);
	sup = supervisor_new(c, exe, c->path);
	supervisor_set_stored_fd(sup, processor_wake_fd(proc));
	supervisor_tick(sup);
	sd_notify(0, "READY=1\nSTATUS=receiving");
	log_info("tiengdand %s ready: %zu modem(s), database %s", TIENGDAN_VERSION, c->n_modems,
		 c->database);
	while (run) {
		long long next = supervisor_tick(sup);
		long long wait = watchdog_usec ? (long long)(watchdog_usec / 2000) : 60000;
		struct pollfd pfd[2] = {{.fd = sfd, .events = POLLIN},
					{.fd = wake[0], .events = POLLIN}};
		char buf[64];
		int alerts = 0;
		long long next_alert = alert_tick(al, &alerts);

		if (alerts > 0)
			supervisor_wake(sup, NULL);
		if (next >= 0 && next < wait)
			wait = next;
		if (next_alert < wait)
			wait = next_alert;
		long long next_retention = retention_tick(ret);
		if (next_retention < wait)
			wait = next_retention;
		int warned = 0;
		long long next_warn = warnings_tick(warn, &warned);
		if (warned > 0)
			supervisor_wake(sup, NULL);
		if (next_warn < wait)
			wait = next_warn;
		if (poll(pfd, 2, (int)wait) > 0) {
			if (pfd[0].revents)
				run = handle_signals(sfd, sup);
			if (pfd[1].revents) {
				while (read(wake[0], buf, sizeof(buf)) > 0)
					;
				supervisor_wake(sup, NULL);
			}
		}
		if (watchdog_usec)
			sd_notify(0, "WATCHDOG=1");
	}
	sd_notify(0, "STOPPING=1");
	control_stop(ctl);
	processor_stop(proc);
	proc = NULL;
	supervisor_stop(sup, STOP_TIMEOUT_MS);
	log_info("stopped");
	status = 0;
out:
	alert_free(al);
	retention_free(ret);
	warnings_free(warn);
	supervisor_free(sup);
	processor_stop(proc);
	service_free(svc);
	if (wake[0] >= 0) {
		close(wake[0]);
		close(wake[1]);
	}
	close(sfd);
	return status;
}

/* --has-modems (exit 0 with at least one modem, 1 with none: the unit's
 * ExecCondition) or --udev-rules (the rules on stdout). Frees C. */
static int run_modem_queries(struct conf *c, bool has_modems)
{
	int status = 0;

	if (has_modems) {
		if (c->n_modems > 0) {
			printf("%s: %zu modem(s) configured\n", c->path, c->n_modems);
		} else {
			printf("%s: no modem configured; add one to the modems list, then: "
			       "systemctl start tiengdand\n",
			       c->path);
			status = 1;
		}
	} else {
		conf_print_udev_rules(c, stdout, "");
		status = fflush(stdout) == 0 ? 0 : 1;
	}
	conf_free(c);
	return status;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"config", required_argument, NULL, 'c'}, {"check", no_argument, NULL, 'k'},
	    {"keys", no_argument, NULL, 'K'},	      {"man", no_argument, NULL, 'M'},
	    {"has-modems", no_argument, NULL, 'H'},   {"udev-rules", no_argument, NULL, 'U'},
	    {"worker", required_argument, NULL, 'w'}, {"version", no_argument, NULL, 'V'},
	    {"help", no_argument, NULL, 'h'},	      {NULL, 0, NULL, 0}};
	const char *file = DEFAULT_CONF, *worker = NULL;
	bool check = false, has_modems = false, udev_rules = false;
	char err[4096];
	struct conf *c;
	int opt, status;

	/* The database, its key and logs are nobody else's business. */
	umask(0077);
	log_init("main", LOG_LVL_INFO);
	if (tools_wanted(argc, argv))
		return tools_main(argc, argv, DEFAULT_CONF);
	while ((opt = getopt_long(argc, argv, "c:Vh", opts, NULL)) != -1) {
		switch (opt) {
		case 'c':
			file = optarg;
			break;
		case 'k':
			check = true;
			break;
		case 'K':
			conf_print_keys(stdout);
			return 0;
		case 'M':
			conf_print_man(stdout, TIENGDAN_VERSION);
			return 0;
		case 'H':
			has_modems = true;
			break;
		case 'U':
			udev_rules = true;
			break;
		case 'w':
			worker = optarg;
			break;
		case 'V':
			printf("tiengdand %s\n", TIENGDAN_VERSION);
			return 0;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	c = conf_load(file, err, sizeof(err));
	if (!c) {
		fprintf(stderr, "%s", err);
		if (check || has_modems)
			fprintf(stderr, "%s: configuration is NOT valid\n", file);
		/* systemd's ExecCondition: 1..254 skips the unit, 255 fails it;
		 * an invalid file must be seen, not skipped. */
		return has_modems ? 255 : 1;
	}
	if (has_modems || udev_rules)
		return run_modem_queries(c, has_modems);
	if (check) {
		int errors;

		printf("%s: configuration is valid (%zu modem(s))\n", c->path, c->n_modems);
		errors = conf_check_machine(c, stdout);
		if (service_key_check(c, err, sizeof(err)) < 0) {
			printf("error: %s\n", err);
			errors++;
		}
		if (errors)
			printf("%s: %d error(s) above stop the daemon from running here\n", c->path,
			       errors);
		conf_free(c);
		return errors ? 1 : 0;
	}
	log_set_level((enum log_level)c->log_level);
	if (c->timezone)
		setenv("TZ", c->timezone, 1);
	tzset();
	if (clock_init() < 0) {
		fprintf(stderr, "tiengdand: TIENGDAN_CLOCK is not a date\n");
		conf_free(c);
		return 1;
	}
	if (worker) {
		status = worker_main(c, worker, 3, &modem_gammu_ops);
	} else {
		char *exe = self_exe(argv[0]);
		/* As in the workers (worker.c): freed heap is kept rather than
		 * given back with madvise/brk after every processed batch. */
		mallopt(M_MMAP_THRESHOLD, 4 << 20);
		mallopt(M_TRIM_THRESHOLD, 8 << 20);
		status = run_daemon(c, exe);
		free(exe);
	}
	conf_free(c);
	return status;
}

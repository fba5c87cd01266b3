/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * tiengdan modems probe against serial ports made of pseudo-terminals: a
 * simulated AT modem (modemsim --pty) on one interface of a USB device and
 * a silent terminal on another, a modem driven by a running daemon's
 * worker (which locks its port), and one locked the way a worker locks it
 * with a simulator behind it that must never hear from the probe; a by-id
 * folder of links naming them. The answering port is reported with what
 * the simulator says and named by its by-id path in a block the daemon's
 * configuration reader accepts; the silent one is given up at the
 * deadline; the locked ones are skipped; a user outside dialout is told.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <jansson.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "conf/conf.h"
#include "fixture.h"

#define MODEMSIM TIENGDAN_BUILD_DIR "/tests/modemsim/modemsim"
#define TIMEOUT_S 10 /* --timeout (the default): the simulator answers in about 4.5 s */
#define CONNECTED "SELECT connected FROM modem_state WHERE modem = 'm7'"

/* The by-id names: two interfaces of one device, then one per device. */
#define ID_SILENT "usb-SIMCOM_SIM7600E-H_0123456789-if00-port0"
#define ID_ANSWER "usb-SIMCOM_SIM7600E-H_0123456789-if02-port0"
#define ID_WORKER "usb-Quectel_EC25_ABCDEF-if02-port0"
#define ID_LOCKED "usb-ZTE_MF626_4455-if00-port0"

static struct {
	struct fx f;
	char by_id[PATH_MAX];
	pid_t sim_answer, sim_worker, sim_locked;
	char pts_answer[64], pts_worker[64], pts_locked[64], pts_silent[64];
	int silent_master, silent_slave; /* nobody reads the silent port */
	int lock_fd;			 /* the test's worker-style lock */
} w = {.silent_master = -1, .silent_slave = -1, .lock_fd = -1};

static long long mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Starts modemsim on a pseudo-terminal with SIM folder f.dir/NAME and the
 * given faults; fills pts with the terminal's device. Returns its pid. */
static pid_t start_sim(const char *name, const char *faults, char *pts, size_t len)
{
	char dir[PATH_MAX], sms[PATH_MAX + 8], link[PATH_MAX + 8], path[PATH_MAX + 16];
	pid_t pid;
	ssize_t n = -1;

	snprintf(dir, sizeof(dir), "%s/%s", w.f.dir, name);
	snprintf(sms, sizeof(sms), "%s/sms", dir);
	snprintf(link, sizeof(link), "%s.pty", dir);
	if (mkdir(dir, 0700) < 0 || mkdir(sms, 0700) < 0)
		return -1;
	if (faults) {
		FILE *out;
		snprintf(path, sizeof(path), "%s/faults", dir);
		out = fopen(path, "w");
		if (!out)
			return -1;
		fputs(faults, out);
		fclose(out);
	}
	pid = fork();
	if (pid == 0) {
		execl(MODEMSIM, MODEMSIM, "--sim", dir, "--pty", link, (char *)NULL);
		_exit(127);
	}
	for (int i = 0; pid > 0 && i < 100 && n < 0; i++) {
		n = readlink(link, pts, len - 1);
		if (n < 0)
			fx_sleep_ms(50);
	}
	if (n < 0)
		return -1;
	pts[n] = '\0';
	return pid;
}

static int add_link(const char *name, const char *target)
{
	char path[PATH_MAX + 128];

	snprintf(path, sizeof(path), "%s/%s", w.by_id, name);
	return symlink(target, path);
}

/* Whether the simulator in f.dir/NAME was sent anything. */
static bool sim_heard(const char *name)
{
	char path[PATH_MAX + 16];

	snprintf(path, sizeof(path), "%s/%s/log", w.f.dir, name);
	return access(path, F_OK) == 0;
}

static int setup(void **state)
{
	FILE *out;
	char *name;
	struct termios t;
	struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET};

	if (fx_setup(&w.f, 0, NULL) < 0)
		return -1;
	snprintf(w.by_id, sizeof(w.by_id), "%s/by-id", w.f.dir);
	mkdir(w.by_id, 0755);
	/* The simulator's defaults changed, so the answers are its own. */
	w.sim_answer = start_sim("sim-answer", "operator 45201\nsignal 31\n", w.pts_answer,
				 sizeof(w.pts_answer));
	w.sim_worker = start_sim("sim-worker", NULL, w.pts_worker, sizeof(w.pts_worker));
	w.sim_locked = start_sim("sim-locked", NULL, w.pts_locked, sizeof(w.pts_locked));
	if (w.sim_answer < 0 || w.sim_worker < 0 || w.sim_locked < 0)
		return -1;
	/* The silent port: a terminal nobody answers on. */
	w.silent_master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (w.silent_master < 0 || grantpt(w.silent_master) < 0 || unlockpt(w.silent_master) < 0 ||
	    !(name = ptsname(w.silent_master)))
		return -1;
	snprintf(w.pts_silent, sizeof(w.pts_silent), "%s", name);
	w.silent_slave = open(w.pts_silent, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (w.silent_slave < 0 || tcgetattr(w.silent_slave, &t) < 0)
		return -1;
	cfmakeraw(&t);
	tcsetattr(w.silent_slave, TCSANOW, &t);
	if (add_link(ID_SILENT, w.pts_silent) < 0 || add_link(ID_ANSWER, w.pts_answer) < 0 ||
	    add_link(ID_WORKER, w.pts_worker) < 0 || add_link(ID_LOCKED, w.pts_locked) < 0)
		return -1;
	/* A port locked exactly as a worker locks its device (worker.c). */
	w.lock_fd = open(w.pts_locked, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (w.lock_fd < 0 || fcntl(w.lock_fd, F_OFD_SETLK, &fl) < 0)
		return -1;
	/* A daemon whose worker drives the modem on the fourth terminal. */
	out = fopen(w.f.conf, "w");
	if (!out)
		return -1;
	fprintf(out,
		"database = \"tiengdan.db\";\nsocket = \"control.sock\";\nlog_level = \"info\";\n"
		"worker_restart_max = 2;\nwatchdog_timeout = 10;\n"
		"modems = ( { id = \"m7\"; scan_interval = 60; status_interval = 5;\n"
		"  gammu = { device = \"%s\"; connection = \"at\"; }; } );\n",
		w.pts_worker);
	fclose(out);
	if (fx_daemon_start(&w.f) < 0 || !fx_wait_int(&w.f, CONNECTED, 1, 30000))
		return -1;
	return 0;
}

static int teardown(void **state)
{
	pid_t sims[] = {w.sim_answer, w.sim_worker, w.sim_locked};

	fx_teardown(&w.f);
	for (size_t i = 0; i < sizeof(sims) / sizeof(sims[0]); i++)
		if (sims[i] > 0) {
			kill(sims[i], SIGTERM);
			waitpid(sims[i], NULL, 0);
		}
	if (w.lock_fd >= 0)
		close(w.lock_fd);
	if (w.silent_slave >= 0)
		close(w.silent_slave);
	if (w.silent_master >= 0)
		close(w.silent_master);
	return 0;
}

/* Processes other than this one with pts open. */
static int holders_of(const char *pts)
{
	DIR *proc = opendir("/proc");
	struct dirent *p;
	int n = 0;

	while (proc && (p = readdir(proc))) {
		char fddir[300];
		DIR *fds;
		struct dirent *e;

		if (p->d_name[0] < '1' || p->d_name[0] > '9' || atoi(p->d_name) == getpid())
			continue;
		snprintf(fddir, sizeof(fddir), "/proc/%s/fd", p->d_name);
		fds = opendir(fddir);
		while (fds && (e = readdir(fds))) {
			char path[600], target[256];
			ssize_t len;
			snprintf(path, sizeof(path), "%s/%s", fddir, e->d_name);
			len = readlink(path, target, sizeof(target) - 1);
			if (len > 0 && (target[len] = '\0', strcmp(target, pts) == 0)) {
				n++;
				break;
			}
		}
		if (fds)
			closedir(fds);
	}
	if (proc)
		closedir(proc);
	return n;
}

/* Runs the probe; returns how long it took (ms). */
static long long probe(struct fx_run *r, const char *const *args)
{
	long long start = mono_ms();

	assert_int_equal(fx_console(&w.f, NULL, NULL, r, args), 0);
	/* The sanitizer build's reports (the console's or a probe child's). */
	assert_null(strstr(r->err, "Sanitizer"));
	assert_null(strstr(r->err, "runtime error"));
	return mono_ms() - start;
}

static json_t *port_row(json_t *ports, const char *device)
{
	size_t i;
	json_t *row;

	json_array_foreach(ports, i, row)
	{
		const char *d = json_string_value(json_object_get(row, "device"));
		if (d && strcmp(d, device) == 0)
			return row;
	}
	fail_msg("no row for %s", device);
	return NULL;
}

static const char *field(json_t *row, const char *key)
{
	return json_string_value(json_object_get(row, key));
}

static void test_probe_json(void **state)
{
	char timeout[16], by_id_answer[PATH_MAX + 128], by_id_worker[PATH_MAX + 128];
	char by_id_silent[PATH_MAX + 128], conf[PATH_MAX + 16], err[1024];
	struct fx_run r;
	json_t *doc, *ports, *row;
	const char *block;
	struct conf *c;
	long long ms;
	FILE *out;

	snprintf(timeout, sizeof(timeout), "%d", TIMEOUT_S);
	snprintf(by_id_answer, sizeof(by_id_answer), "%s/%s", w.by_id, ID_ANSWER);
	snprintf(by_id_silent, sizeof(by_id_silent), "%s/%s", w.by_id, ID_SILENT);
	snprintf(by_id_worker, sizeof(by_id_worker), "%s/%s", w.by_id, ID_WORKER);
	/* Ports named both ways, the answering one twice: one row each. */
	ms = probe(&r, (const char *const[]){"--lang",	   "en",      "--json",	    "modems",
					     "probe",	   "--by-id", w.by_id,	    "--timeout",
					     timeout,	   "--port",  w.pts_answer, "--port",
					     by_id_answer, "--port",  by_id_silent, "--port",
					     by_id_worker, "--port",  w.pts_locked, NULL});
	assert_int_equal(r.status, 0);
	doc = json_loads(r.out, 0, NULL);
	assert_non_null(doc);
	ports = json_object_get(doc, "ports");
	assert_int_equal(json_array_size(ports), 4);

	/* The simulator, with what it says about itself and its network. */
	row = port_row(ports, w.pts_answer);
	assert_string_equal(field(row, "result"), "ok");
	assert_string_equal(field(row, "by_id"), by_id_answer);
	assert_string_equal(field(row, "manufacturer"), "tiengdan");
	assert_string_equal(field(row, "model"), "modemsim");
	assert_string_equal(field(row, "imei"), "356938035643809");
	assert_string_equal(field(row, "imsi"), "452040000000001");
	assert_string_equal(field(row, "sim"), "ready");
	assert_non_null(strstr(field(row, "operator"), "(452 01)")); /* named, with its code */
	assert_int_equal(json_integer_value(json_object_get(row, "signal_percent")), 100);
	assert_string_equal(field(row, "proposed_id"), "usb1");
	assert_string_equal(field(row, "usb"), "usb-SIMCOM_SIM7600E-H_0123456789");

	/* The silent interface of the same device: given up at the deadline. */
	row = port_row(ports, w.pts_silent);
	assert_string_equal(field(row, "result"), "no_answer");
	assert_string_equal(field(row, "usb"), "usb-SIMCOM_SIM7600E-H_0123456789");
	assert_null(json_object_get(row, "proposed_id") ? field(row, "proposed_id") : NULL);
	assert_true(json_integer_value(json_object_get(row, "elapsed_ms")) >=
		    TIMEOUT_S * 1000 - 50);
	assert_true(json_integer_value(json_object_get(row, "elapsed_ms")) <
		    TIMEOUT_S * 1000 + 1500);
	assert_non_null(strstr(field(row, "note"), "no AT answer within"));
	/* Ports are probed side by side: the whole run takes one deadline. */
	assert_true(ms < TIMEOUT_S * 1000 + 3000);

	/* The worker's port: named by its configured modem, never opened by
	 * libgammu; the worker still has its modem. */
	row = port_row(ports, w.pts_worker);
	assert_string_equal(field(row, "result"), "in_use");
	assert_string_equal(field(row, "holder"), "m7");
	assert_string_equal(field(row, "note"), "in use by tiengdand (m7)");
	assert_null(field(row, "manufacturer"));
	assert_true(json_integer_value(json_object_get(row, "elapsed_ms")) < 2000);
	assert_int_equal(fx_query_int(&w.f, CONNECTED), 1);

	/* The port locked the worker's way: skipped, its simulator never
	 * sent a single command. */
	row = port_row(ports, w.pts_locked);
	assert_string_equal(field(row, "result"), "in_use");
	assert_null(field(row, "holder"));
	assert_false(sim_heard("sim-locked"));
	assert_true(sim_heard("sim-answer"));

	/* No probe outlives the run: nothing holds the silent port but us. */
	assert_int_equal(holders_of(w.pts_silent), 0);

	/* The block names the answering port only, by its stable path, with
	 * its operator and IMEI; the daemon's configuration reader takes it. */
	block = json_string_value(json_object_get(doc, "config"));
	assert_non_null(block);
	assert_non_null(strstr(block, by_id_answer));
	assert_non_null(strstr(block, "IMEI 356938035643809"));
	assert_non_null(strstr(block, "(452 01)"));
	assert_null(strstr(block, ID_SILENT));
	assert_null(strstr(block, "/dev/pts"));
	assert_null(strstr(block, "m7"));
	snprintf(conf, sizeof(conf), "%s/probed.conf", w.f.dir);
	out = fopen(conf, "w");
	assert_non_null(out);
	fprintf(out, "database = \"probed.db\";\nsocket = \"probed.sock\";\n%s", block);
	fclose(out);
	c = conf_load(conf, err, sizeof(err));
	if (!c)
		fail_msg("the block does not load: %s\n%s", err, block);
	assert_int_equal(c->n_modems, 1);
	assert_string_equal(c->modems[0].id, "usb1");
	assert_string_equal(conf_modem_gammu(&c->modems[0], "device"), by_id_answer);
	assert_string_equal(conf_modem_gammu(&c->modems[0], "connection"), "at");
	conf_free(c);
	json_decref(doc);
	fx_run_free(&r);
}

/* The default: every port of the by-id folder, a Vietnamese table, then
 * the block. */
static void test_probe_table(void **state)
{
	char timeout[16];
	struct fx_run r;

	snprintf(timeout, sizeof(timeout), "%d", TIMEOUT_S);
	/* --port with the by-id folder's entries: the test has no ttyUSB. */
	probe(&r, (const char *const[]){"modems", "probe", "--by-id", w.by_id, "--timeout", timeout,
					"--port", w.pts_silent, "--port", w.pts_answer, "--port",
					w.pts_worker, NULL});
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "Cổng"));
	assert_non_null(strstr(r.out, "có modem"));
	assert_non_null(strstr(r.out, "không trả lời"));
	assert_non_null(strstr(r.out, "tiengdand đang dùng (m7)"));
	assert_non_null(strstr(r.out, ID_ANSWER));
	assert_non_null(strstr(r.out, "modems = (\n  { id = \"usb1\"; gammu = { device = \""));
	assert_non_null(strstr(r.out, "connection = \"at\"; }; } # "));
	fx_run_free(&r);
}

/* Nothing answers: said plainly, with what to check; exit 1. */
static void test_probe_none(void **state)
{
	struct fx_run r;

	probe(&r, (const char *const[]){"--lang", "en", "modems", "probe", "--by-id", w.by_id,
					"--timeout", "2", "--port", w.pts_silent, NULL});
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.out, "No modem answered"));
	assert_non_null(strstr(r.out, "dmesg"));
	assert_non_null(strstr(r.out, "ModemManager"));
	assert_non_null(strstr(r.out, "dialout"));
	assert_null(strstr(r.out, "modems = ("));
	fx_run_free(&r);

	/* A port that is not there. */
	probe(&r, (const char *const[]){"--lang", "en", "--json", "modems", "probe", "--by-id",
					w.by_id, "--port", "/dev/ttyUSB-nonexistent", NULL});
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.out, "\"missing\""));
	fx_run_free(&r);
}

/* A user outside dialout (nobody) may not open the port: said so, with
 * the remedy; CSV for scripts. */
static void test_probe_no_access(void **state)
{
	struct fx_run r;

	if (!fx_can_switch_user())
		skip();
	assert_int_equal(
	    fx_console(&w.f, "nobody", NULL, &r,
		       (const char *const[]){"--lang", "en", "--csv", "modems", "probe", "--by-id",
					     w.by_id, "--port", w.pts_answer, NULL}),
	    0);
	assert_int_equal(r.status, 1);
	assert_null(strstr(r.err, "Sanitizer"));
	assert_non_null(strstr(r.out, "port,device,result,manufacturer,model,imei,operator,"
				      "signal_percent,proposed_id,note\n"));
	assert_non_null(strstr(r.out, ID_ANSWER ","));
	assert_non_null(strstr(r.out, ",no_access,"));
	assert_non_null(strstr(r.out, "dialout"));
	fx_run_free(&r);
}

/* With the daemon stopped, the worker's port answers: it keeps its
 * configured id in the block, beside the new modem. */
static void test_probe_configured(void **state)
{
	char timeout[16], by_id_answer[PATH_MAX + 128], by_id_worker[PATH_MAX + 128];
	struct fx_run r;
	json_t *doc, *row;
	const char *block;

	assert_int_equal(fx_daemon_stop(&w.f), 0);
	snprintf(timeout, sizeof(timeout), "%d", TIMEOUT_S);
	snprintf(by_id_answer, sizeof(by_id_answer), "%s/%s", w.by_id, ID_ANSWER);
	snprintf(by_id_worker, sizeof(by_id_worker), "%s/%s", w.by_id, ID_WORKER);
	probe(&r, (const char *const[]){"--lang", "en", "--json", "modems", "probe", "--by-id",
					w.by_id, "--timeout", timeout, "--port", by_id_worker,
					"--port", by_id_answer, NULL});
	assert_int_equal(r.status, 0);
	doc = json_loads(r.out, 0, NULL);
	assert_non_null(doc);
	row = port_row(json_object_get(doc, "ports"), w.pts_worker);
	assert_string_equal(field(row, "result"), "ok");
	assert_string_equal(field(row, "holder"), "m7");
	assert_string_equal(field(row, "proposed_id"), "m7");
	assert_string_equal(field(row, "note"), "configured as m7");
	assert_string_equal(field(row, "imei"), "356938035643809");
	row = port_row(json_object_get(doc, "ports"), w.pts_answer);
	assert_string_equal(field(row, "proposed_id"), "usb1");
	block = json_string_value(json_object_get(doc, "config"));
	assert_non_null(block);
	assert_non_null(strstr(block, "{ id = \"m7\"; gammu = { device = \""));
	assert_non_null(strstr(block, by_id_worker));
	assert_non_null(strstr(block, "{ id = \"usb1\"; gammu = { device = \""));
	json_decref(doc);
	fx_run_free(&r);
}

/* Without --port: every entry of the by-id folder (and /dev/ttyUSB*,
 * /dev/ttyACM*, of which a test machine must have none: the probe must not
 * touch real modems). */
static void test_probe_default_ports(void **state)
{
	char timeout[16];
	struct fx_run r;
	json_t *doc, *ports;
	glob_t g;
	size_t real = 0;

	memset(&g, 0, sizeof(g));
	if (glob("/dev/ttyUSB*", 0, NULL, &g) == 0)
		real += g.gl_pathc;
	globfree(&g);
	memset(&g, 0, sizeof(g));
	if (glob("/dev/ttyACM*", 0, NULL, &g) == 0)
		real += g.gl_pathc;
	globfree(&g);
	if (real)
		skip();
	snprintf(timeout, sizeof(timeout), "%d", TIMEOUT_S);
	probe(&r, (const char *const[]){"--json", "modems", "probe", "--by-id", w.by_id,
					"--timeout", timeout, NULL});
	assert_int_equal(r.status, 0);
	doc = json_loads(r.out, 0, NULL);
	assert_non_null(doc);
	ports = json_object_get(doc, "ports");
	assert_int_equal(json_array_size(ports), 4);
	assert_string_equal(field(port_row(ports, w.pts_answer), "result"), "ok");
	assert_string_equal(field(port_row(ports, w.pts_silent), "result"), "no_answer");
	assert_string_equal(field(port_row(ports, w.pts_locked), "result"), "in_use");
	/* The daemon was stopped by the test before. */
	assert_string_equal(field(port_row(ports, w.pts_worker), "result"), "ok");
	json_decref(doc);
	fx_run_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_probe_json),	     cmocka_unit_test(test_probe_table),
	    cmocka_unit_test(test_probe_none),	     cmocka_unit_test(test_probe_no_access),
	    cmocka_unit_test(test_probe_configured), cmocka_unit_test(test_probe_default_ports),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

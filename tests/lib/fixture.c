/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The shared test fixture (see fixture.h).
 */
#include "fixture.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <grp.h>
#include <pwd.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

void fx_sleep_ms(int ms)
{
	struct timespec ts = {.tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000L};

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static long long mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---------------------------------------------------------------- cleanup */

/* The folders (and daemons) of fixtures not torn down yet. A failed cmocka
 * assertion jumps past the test's fx_teardown: at exit the daemon is
 * stopped and the folder removed, unless TIENGDAN_KEEP_TEST_DIR is set. */
#define FX_MAX_LIVE 32
static struct {
	char dir[256];
	pid_t daemon;
} live[FX_MAX_LIVE];
static pid_t live_owner;

static void remove_tree(const char *path);

static void live_cleanup(void)
{
	if (getpid() != live_owner)
		return; /* a forked child of the test: not its folders */
	for (int i = 0; i < FX_MAX_LIVE; i++) {
		if (!live[i].dir[0])
			continue;
		if (live[i].daemon > 0) {
			kill(live[i].daemon, SIGTERM);
			waitpid(live[i].daemon, NULL, 0);
		}
		if (getenv("TIENGDAN_KEEP_TEST_DIR")) {
			fprintf(stderr, "test folder kept: %s\n", live[i].dir);
		} else {
			fprintf(stderr,
				"test folder of a failed test removed: %s "
				"(TIENGDAN_KEEP_TEST_DIR=1 keeps it)\n",
				live[i].dir);
			remove_tree(live[i].dir);
		}
		live[i].dir[0] = '\0';
	}
}

static int live_slot(const char *dir)
{
	for (int i = 0; i < FX_MAX_LIVE; i++)
		if (live[i].dir[0] && strcmp(live[i].dir, dir) == 0)
			return i;
	return -1;
}

static void live_add(const char *dir)
{
	if (!live_owner) {
		live_owner = getpid();
		atexit(live_cleanup);
	}
	for (int i = 0; i < FX_MAX_LIVE; i++) {
		if (!live[i].dir[0]) {
			snprintf(live[i].dir, sizeof(live[i].dir), "%s", dir);
			live[i].daemon = -1;
			return;
		}
	}
}

static void live_daemon(const char *dir, pid_t pid)
{
	int i = live_slot(dir);

	if (i >= 0)
		live[i].daemon = pid;
}

static void live_remove(const char *dir)
{
	int i = live_slot(dir);

	if (i >= 0)
		live[i].dir[0] = '\0';
}

/* ---------------------------------------------------------------- set-up */

int fx_setup(struct fx *f, int n_modems, const char *extra)
{
	char tmpl[] = "/tmp/tiengdan-test-XXXXXX";
	FILE *out;

	memset(f, 0, sizeof(*f));
	f->daemon = -1;
	f->notify_fd = -1;
	if (!mkdtemp(tmpl) || n_modems > FX_MAX_MODEMS)
		return -1;
	snprintf(f->dir, sizeof(f->dir), "%s", tmpl);
	live_add(f->dir);
	/* Other users (the console run as nobody) may reach the socket inside,
	 * not list the folder. */
	chmod(f->dir, 0711);
	snprintf(f->conf, sizeof(f->conf), "%s/tiengdan.conf", f->dir);
	snprintf(f->db, sizeof(f->db), "%s/tiengdan.db", f->dir);
	snprintf(f->log, sizeof(f->log), "%s/daemon.log", f->dir);
	f->n_modems = n_modems;
	out = fopen(f->conf, "w");
	if (!out)
		return -1;
	fprintf(out,
		"database = \"tiengdan.db\";\nsocket = \"control.sock\";\n"
		"log_level = \"info\";\nworker_restart_max = 2;\n%s\nmodems = (\n",
		extra ? extra : "");
	for (int i = 0; i < n_modems; i++) {
		snprintf(f->modem[i], sizeof(f->modem[i]), "%s/modem%d", f->dir, i + 1);
		mkdir(f->modem[i], 0700);
		fprintf(
		    out,
		    "  { id = \"m%d\"; scan_interval = 1; daily_limit = 0;\n"
		    "    gammu = { model = \"dummy\"; connection = \"none\"; device = \"modem%d\"; "
		    "}; }%s\n",
		    i + 1, i + 1, i + 1 < n_modems ? "," : "");
	}
	fputs(");\n", out);
	fchmod(fileno(out), 0644);
	return fclose(out) == 0 ? 0 : -1;
}

static void remove_tree(const char *path)
{
	char cmd[PATH_MAX + 16];

	if (strncmp(path, "/tmp/tiengdan-test-", 19) != 0)
		return;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", path);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", path);
}

/* Sanitizer reports in the daemon's log (the daemon and its workers write
 * there): a worker that UBSan or ASan stopped is restarted by the daemon,
 * so a test could pass over it; the fixture does not let it. Prints them
 * and returns how many. */
static int sanitizer_reports(const struct fx *f)
{
	static const char *const marks[] = {"runtime error:", "ERROR: AddressSanitizer",
					    "ERROR: LeakSanitizer"};
	FILE *in = fopen(f->log, "r");
	char line[1024];
	int n = 0;

	while (in && fgets(line, sizeof(line), in))
		for (size_t i = 0; i < sizeof(marks) / sizeof(marks[0]); i++)
			if (strstr(line, marks[i]) &&
			    !(f->expect_crashes && strstr(line, "SEGV on unknown address"))) {
				fprintf(stderr, "sanitizer report in %s: %s", f->log, line);
				n++;
			}
	if (in)
		fclose(in);
	return n;
}

void fx_teardown(struct fx *f)
{
	if (f->daemon > 0)
		fx_daemon_stop(f);
	if (f->log[0] && sanitizer_reports(f) > 0) {
		fprintf(stderr, "test folder kept: %s\n", f->dir);
		live_remove(f->dir); /* kept for its sanitizer reports */
		exit(1);
	}
	if (getenv("TIENGDAN_KEEP_TEST_DIR"))
		fprintf(stderr, "test folder kept: %s\n", f->dir);
	else if (f->dir[0])
		remove_tree(f->dir);
	if (f->notify_fd >= 0)
		close(f->notify_fd);
	f->notify_fd = -1;
	live_remove(f->dir);
}

/* In a child: runs prog under valgrind (scripts/valgrind sets
 * TIENGDAN_VALGRIND_LOGS to the folder for its logs), children (the modem
 * workers) included. Returns only if valgrind cannot be started. */
static void exec_valgrind(const char *prog, const char *const *args)
{
	const char *argv[32];
	char log[PATH_MAX + 64];
	int n = 0;

	snprintf(log, sizeof(log), "--log-file=%s/%%p.log", getenv("TIENGDAN_VALGRIND_LOGS"));
	argv[n++] = "valgrind";
	argv[n++] = "--quiet";
	argv[n++] = "--trace-children=yes";
	argv[n++] = "--leak-check=full";
	argv[n++] = "--show-leak-kinds=definite";
	argv[n++] = "--errors-for-leak-kinds=definite";
	argv[n++] = "--track-fds=no";
	argv[n++] = log;
	argv[n++] = prog;
	for (; *args && n < 30; args++)
		argv[n++] = *args;
	argv[n] = NULL;
	execvp("valgrind", (char *const *)argv);
}

/* A datagram socket in the folder on which the daemon's sd_notify lands,
 * as systemd would hear it (NOTIFY_SOCKET); its path into path. */
static int notify_open(struct fx *f, char *path, size_t len)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	int fd;

	if (f->notify_fd >= 0)
		close(f->notify_fd);
	f->notify_fd = -1;
	f->ready = false;
	snprintf(path, len, "%s/notify.sock", f->dir);
	if (strlen(path) >= sizeof(sa.sun_path))
		return -1;
	strcpy(sa.sun_path, path);
	unlink(path);
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	chmod(path, 0666); /* the daemon may run as another user */
	f->notify_fd = fd;
	return 0;
}

int fx_daemon_start(struct fx *f)
{
	char notify[PATH_MAX];
	bool has_notify = notify_open(f, notify, sizeof(notify)) == 0;
	pid_t pid = fork();

	if (pid < 0)
		return -1;
	if (pid == 0) {
		int fd = open(f->log, O_WRONLY | O_CREAT | O_APPEND, 0600);

		/* A failed assertion skips the teardown: the daemon still stops
		 * when the test program ends. */
		prctl(PR_SET_PDEATHSIG, SIGTERM);
		if (fd >= 0) {
			dup2(fd, STDERR_FILENO);
			dup2(fd, STDOUT_FILENO);
		}
		if (has_notify)
			setenv("NOTIFY_SOCKET", notify, 1);
		if (getenv("TIENGDAN_VALGRIND_LOGS"))
			exec_valgrind(TIENGDAN_BUILD_DIR "/tiengdand",
				      (const char *const[]){"-c", f->conf, NULL});
		execl(TIENGDAN_BUILD_DIR "/tiengdand", "tiengdand", "-c", f->conf, (char *)NULL);
		_exit(127);
	}
	f->daemon = pid;
	live_daemon(f->dir, pid);
	return 0;
}

int fx_daemon_stop(struct fx *f)
{
	int status;

	if (f->daemon <= 0)
		return -1;
	kill(f->daemon, SIGTERM);
	if (waitpid(f->daemon, &status, 0) < 0)
		return -1;
	f->daemon = -1;
	live_daemon(f->dir, -1);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

void fx_daemon_kill(struct fx *f)
{
	if (f->daemon <= 0)
		return;
	kill(f->daemon, SIGKILL);
	waitpid(f->daemon, NULL, 0);
	f->daemon = -1;
	live_daemon(f->dir, -1);
}

static int run_injector(struct fx *f, int i, const char *number, const char *text,
			const char *const *opts, const char *stdin_text)
{
	const char *argv[32];
	int n = 0, status, pipefd[2] = {-1, -1};
	pid_t pid;

	argv[n++] = TIENGDAN_BUILD_DIR "/tiengdan-sms-inject";
	for (; opts && *opts && n < 24; opts++)
		argv[n++] = *opts;
	if (stdin_text)
		argv[n++] = "--stdin";
	argv[n++] = f->modem[i];
	if (number)
		argv[n++] = number;
	if (text)
		argv[n++] = text;
	argv[n] = NULL;
	if (stdin_text && pipe(pipefd) < 0)
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		if (stdin_text) {
			dup2(pipefd[0], STDIN_FILENO);
			close(pipefd[1]);
		}
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	if (stdin_text) {
		size_t len = strlen(stdin_text), off = 0;
		close(pipefd[0]);
		while (off < len) {
			ssize_t w = write(pipefd[1], stdin_text + off, len - off);
			if (w <= 0)
				break;
			off += (size_t)w;
		}
		close(pipefd[1]);
	}
	if (waitpid(pid, &status, 0) < 0)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int fx_inject(struct fx *f, int i, const char *number, const char *text, const char *const *opts)
{
	return run_injector(f, i, number, text, opts, NULL);
}

int fx_inject_lines(struct fx *f, int i, const char *lines, const char *const *opts)
{
	return run_injector(f, i, NULL, NULL, opts, lines);
}

static sqlite3 *open_db(struct fx *f)
{
	sqlite3 *db = NULL;

	if (sqlite3_open_v2(f->db, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		sqlite3_close(db);
		return NULL;
	}
	sqlite3_busy_timeout(db, 5000);
	return db;
}

long long fx_query_int(struct fx *f, const char *sql)
{
	sqlite3 *db = open_db(f);
	sqlite3_stmt *stmt = NULL;
	long long v = -1;

	if (!db)
		return -1;
	if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) == SQLITE_OK &&
	    sqlite3_step(stmt) == SQLITE_ROW)
		v = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	sqlite3_close(db);
	return v;
}

char *fx_query_text(struct fx *f, const char *sql)
{
	sqlite3 *db = open_db(f);
	sqlite3_stmt *stmt = NULL;
	char *v = NULL;

	if (!db)
		return NULL;
	if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) == SQLITE_OK &&
	    sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_text(stmt, 0))
		v = strdup((const char *)sqlite3_column_text(stmt, 0));
	sqlite3_finalize(stmt);
	sqlite3_close(db);
	return v;
}

long long fx_count_inbound(struct fx *f, const char *sender, const char *text)
{
	sqlite3 *db = open_db(f);
	sqlite3_stmt *stmt = NULL;
	long long v = -1;

	if (!db)
		return -1;
	if (sqlite3_prepare_v2(db, "SELECT count(*) FROM inbound WHERE sender = ?1 AND text = ?2",
			       -1, &stmt, NULL) == SQLITE_OK) {
		sqlite3_bind_text(stmt, 1, sender, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 2, text, -1, SQLITE_STATIC);
		if (sqlite3_step(stmt) == SQLITE_ROW)
			v = sqlite3_column_int64(stmt, 0);
	}
	sqlite3_finalize(stmt);
	sqlite3_close(db);
	return v;
}

int fx_exec(struct fx *f, const char *sql)
{
	sqlite3 *db = open_db(f);
	int rc;

	if (!db)
		return -1;
	rc = sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
	sqlite3_close(db);
	return rc;
}

bool fx_wait_int(struct fx *f, const char *sql, long long want, int timeout_ms)
{
	long long deadline = mono_ms() + timeout_ms;

	do {
		if (fx_query_int(f, sql) == want)
			return true;
		fx_sleep_ms(20);
	} while (mono_ms() < deadline);
	return fx_query_int(f, sql) == want;
}

int fx_sim_count(struct fx *f, int i)
{
	char path[PATH_MAX + 16];
	struct dirent *e;
	DIR *d;
	int n = 0;

	snprintf(path, sizeof(path), "%s/sms/1", f->modem[i]);
	d = opendir(path);
	if (!d)
		return 0;
	while ((e = readdir(d)))
		if (e->d_name[0] >= '1' && e->d_name[0] <= '9')
			n++;
	closedir(d);
	return n;
}

int fx_worker_pids(struct fx *f, pid_t *pids, int max)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	int n = 0;

	if (!d)
		return 0;
	while ((e = readdir(d)) && n < max) {
		char path[300], buf[4096];
		ssize_t len;
		int fd;

		if (e->d_name[0] < '1' || e->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/cmdline", e->d_name);
		fd = open(path, O_RDONLY);
		if (fd < 0)
			continue;
		len = read(fd, buf, sizeof(buf) - 1);
		close(fd);
		if (len <= 0)
			continue;
		buf[len] = '\0';
		/* argv: tiengdand -c CONF --worker ID, NUL-separated */
		bool conf = false, worker = false;
		for (char *p = buf; p < buf + len; p += strlen(p) + 1) {
			conf |= strcmp(p, f->conf) == 0;
			worker |= strcmp(p, "--worker") == 0;
		}
		if (conf && worker)
			pids[n++] = (pid_t)atoi(e->d_name);
	}
	closedir(d);
	return n;
}

/* ---------------------------------------------------------------- console */

bool fx_can_switch_user(void)
{
	return geteuid() == 0;
}

/* Reads everything from fd into a fresh string. */
static char *slurp_fd(int fd)
{
	size_t len = 0, cap = 4096;
	char *buf = malloc(cap);
	ssize_t n;

	while (buf && (n = read(fd, buf + len, cap - len - 1)) > 0) {
		len += (size_t)n;
		if (cap - len < 2048) {
			char *bigger = realloc(buf, cap * 2);
			if (!bigger)
				break;
			buf = bigger;
			cap *= 2;
		}
	}
	if (buf)
		buf[len] = '\0';
	return buf;
}

/* In the child: become user (group nogroup, no other groups). */
static void become(const char *user)
{
	struct passwd *pw = getpwnam(user);
	gid_t nogroup = 65534;

	if (!pw || setgroups(0, NULL) < 0 || setgid(nogroup) < 0 || setuid(pw->pw_uid) < 0)
		_exit(126);
	setenv("HOME", "/nonexistent", 1);
}

int fx_console(struct fx *f, const char *user, const char *input, struct fx_run *r,
	       const char *const *args)
{
	const char *argv[64];
	int n = 0, in[2], out[2], err[2], status;
	pid_t pid;

	memset(r, 0, sizeof(*r));
	argv[n++] = TIENGDAN_BUILD_DIR "/tiengdan";
	argv[n++] = "-c";
	argv[n++] = f->conf;
	for (; args && *args && n < 62; args++)
		argv[n++] = *args;
	argv[n] = NULL;
	if (pipe(in) < 0 || pipe(out) < 0 || pipe(err) < 0)
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		dup2(in[0], STDIN_FILENO);
		dup2(out[1], STDOUT_FILENO);
		dup2(err[1], STDERR_FILENO);
		close(in[1]);
		close(out[0]);
		close(err[0]);
		if (user)
			become(user);
		if (getenv("TIENGDAN_VALGRIND_LOGS"))
			exec_valgrind(argv[0], argv + 1);
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	close(err[1]);
	if (input) {
		size_t len = strlen(input), off = 0;
		while (off < len) {
			ssize_t w = write(in[1], input + off, len - off);
			if (w <= 0)
				break;
			off += (size_t)w;
		}
	}
	close(in[1]);
	/* Standard error is small; read stdout fully first, then stderr. A
	 * console writing more than a pipe's worth to stderr would block, and
	 * none does. */
	r->out = slurp_fd(out[0]);
	r->err = slurp_fd(err[0]);
	close(out[0]);
	close(err[0]);
	if (waitpid(pid, &status, 0) < 0)
		return -1;
	r->status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
	return 0;
}

void fx_run_free(struct fx_run *r)
{
	free(r->out);
	free(r->err);
	r->out = r->err = NULL;
}

/* True when the daemon has exited (it is not reaped: fx_daemon_stop
 * still reads its status). */
static bool daemon_exited(const struct fx *f)
{
	siginfo_t si = {0};

	return f->daemon > 0 &&
	       waitid(P_PID, (id_t)f->daemon, &si, WEXITED | WNOHANG | WNOWAIT) == 0 &&
	       si.si_pid == f->daemon;
}

/* Reads what the daemon told its notify socket until READY=1 came, the
 * daemon exited, or end_ms passed. */
static bool wait_ready(struct fx *f, long long end_ms)
{
	while (!f->ready) {
		struct pollfd pfd = {.fd = f->notify_fd, .events = POLLIN};
		char msg[512];
		ssize_t n;
		long long left = end_ms - mono_ms();

		if (left <= 0 || daemon_exited(f))
			return false;
		if (poll(&pfd, 1, left > 200 ? 200 : (int)left) <= 0)
			continue;
		while ((n = recv(f->notify_fd, msg, sizeof(msg) - 1, 0)) > 0) {
			msg[n] = '\0';
			if (strncmp(msg, "READY=1", 7) == 0 || strstr(msg, "\nREADY=1"))
				f->ready = true;
		}
	}
	return true;
}

bool fx_wait_socket(struct fx *f, int timeout_ms)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	long long end = mono_ms() + timeout_ms;

	if (strlen(f->dir) + sizeof("/control.sock") > sizeof(sa.sun_path))
		return false;
	memcpy(sa.sun_path, f->dir, strlen(f->dir));
	strcat(sa.sun_path, "/control.sock");
	/* Started by fx_daemon_start: its READY=1 first, no polling. */
	if (f->notify_fd >= 0 && f->daemon > 0 && !wait_ready(f, end))
		return false;
	while (mono_ms() < end) {
		int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
		bool ok = fd >= 0 && connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0;
		if (fd >= 0)
			close(fd);
		if (ok)
			return true;
		fx_sleep_ms(50);
	}
	return false;
}

/* ---------------------------------------------------------------- terminal */

pid_t fx_console_pty(struct fx *f, bool c_locale, int *master)
{
	pid_t pid = forkpty(master, NULL, NULL, NULL);

	if (pid != 0)
		return pid;
	if (c_locale) {
		setenv("LANG", "C", 1);
		unsetenv("LC_ALL");
		unsetenv("LC_CTYPE");
	}
	setenv("TERM", "xterm", 1);
	setenv("HOME", f->dir, 1);
	execl(TIENGDAN_BUILD_DIR "/tiengdan", "tiengdan", "-c", f->conf, (char *)NULL);
	_exit(127);
}

bool fx_pty_expect(int fd, char *buf, size_t cap, const char *want, int timeout_ms)
{
	size_t used = strlen(buf);

	for (int waited = 0; waited < timeout_ms && !strstr(buf, want); waited += 50) {
		struct pollfd p = {.fd = fd, .events = POLLIN};

		if (poll(&p, 1, 50) > 0 && used + 1 < cap) {
			ssize_t n = read(fd, buf + used, cap - used - 1);
			if (n <= 0)
				break;
			used += (size_t)n;
			buf[used] = '\0';
		}
	}
	return strstr(buf, want) != NULL;
}

/* ---------------------------------------------------------------- console */

char *fx_console_out(struct fx *f, const char *const *args)
{
	struct fx_run r;
	char *out;

	assert_int_equal(fx_console(f, NULL, NULL, &r, args), 0);
	if (r.status != 0)
		fail_msg("tiengdan %s %s: %s", args[0], args[1] ? args[1] : "", r.err);
	out = r.out;
	r.out = NULL;
	fx_run_free(&r);
	return out;
}

json_t *fx_console_json(struct fx *f, const char *const *args)
{
	char *out = fx_console_out(f, args);
	json_error_t err;
	json_t *j = json_loads(out, 0, &err);

	if (!j)
		fail_msg("not JSON (%s): %s", err.text, out);
	free(out);
	return j;
}

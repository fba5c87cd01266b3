/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The shared test fixture: a temporary folder with a configuration, a real
 * SQLite database file and dummy-modem folders; the real daemon started and
 * stopped or killed; SMS injected with the project's emulated phone; the
 * database queried. Used by every integration test.
 */
#ifndef TIENGDAN_FIXTURE_H
#define TIENGDAN_FIXTURE_H

#include <limits.h>
#include <jansson.h>
#include <stdbool.h>
#include <sys/types.h>

#define FX_MAX_MODEMS 4

struct fx {
	char dir[256];			     /* the temporary folder */
	char conf[PATH_MAX];		     /* tiengdan.conf inside it */
	char db[PATH_MAX];		     /* tiengdan.db inside it */
	char log[PATH_MAX];		     /* the daemon's standard error */
	char modem[FX_MAX_MODEMS][PATH_MAX]; /* dummy SIM folders */
	int n_modems;
	pid_t daemon;
	int notify_fd; /* the daemon's sd_notify socket, -1 when none */
	bool ready;    /* READY=1 came since the last start */
	/* The test crashes workers on purpose (the decoder test hook): their
	 * SEGV reports in the log are expected; other sanitizer reports are
	 * still failures. */
	bool expect_crashes;
};

/* Creates the folder and a configuration with n dummy modems (ids m1..mN,
 * scan_interval 1 s, no daily cap: "daily_limit = 0;", which a test may
 * replace) plus the extra top-level lines given (may be NULL).
 * Returns 0 or -1. */
int fx_setup(struct fx *f, int n_modems, const char *extra);
/* Stops the daemon if running, removes the folder unless the
 * TIENGDAN_KEEP_TEST_DIR environment variable is set. */
void fx_teardown(struct fx *f);

/* Starts build/tiengdand -c conf (stderr to f->log). Returns 0 or -1. */
int fx_daemon_start(struct fx *f);
/* SIGTERM and wait; returns the exit status, -1 on error. */
int fx_daemon_stop(struct fx *f);
/* SIGKILL and wait (the workers die with it). */
void fx_daemon_kill(struct fx *f);

/* Runs the emulated phone: tiengdan-sms-inject [opts...] DIR NUMBER TEXT
 * on modem index i (0-based). opts is a NULL-terminated list or NULL.
 * Returns the injector's exit status. */
int fx_inject(struct fx *f, int i, const char *number, const char *text, const char *const *opts);
/* Injects many messages at once: lines "NUMBER\tTEXT". */
int fx_inject_lines(struct fx *f, int i, const char *lines, const char *const *opts);

/* Runs a query returning one integer (first column of the first row);
 * -1 on error. Opens the database file afresh each time. */
long long fx_query_int(struct fx *f, const char *sql);
/* Waits until fx_query_int(sql) == want; returns true if it did within
 * timeout_ms. */
bool fx_wait_int(struct fx *f, const char *sql, long long want, int timeout_ms);
/* Runs a statement (setup of rows for a test); returns 0 or -1. */
int fx_exec(struct fx *f, const char *sql);
/* Fetches the text of the first column of the first row (caller frees),
 * or NULL. */
char *fx_query_text(struct fx *f, const char *sql);

/* How many inbound rows have exactly this sender and text (bound, so any
 * text is safe); -1 on error. */
long long fx_count_inbound(struct fx *f, const char *sender, const char *text);

/* The number of message files waiting in modem i's SIM inbox. */
int fx_sim_count(struct fx *f, int i);
/* The pids of worker processes running with this fixture's configuration
 * (up to max); returns how many. */
int fx_worker_pids(struct fx *f, pid_t *pids, int max);

/* What a console run printed and how it ended. */
struct fx_run {
	int status; /* exit code, or -1 when it did not exit normally */
	char *out;  /* standard output (caller frees with fx_run_free) */
	char *err;  /* standard error */
};

/*
 * Runs build/tiengdan -c conf ARGS... (args NULL-terminated), with input on
 * its standard input when not NULL. With user not NULL it runs as that unix
 * user with group nogroup (needs root; see fx_can_switch_user). Returns 0
 * and fills r, or -1 when it could not run.
 */
int fx_console(struct fx *f, const char *user, const char *input, struct fx_run *r,
	       const char *const *args);
void fx_run_free(struct fx_run *r);
/* True when the test may run commands as other users (it is root). */
bool fx_can_switch_user(void);
/* Waits until the daemon said READY=1 on its notify socket (as systemd
 * hears it) and its control socket accepts connections; false on timeout
 * or when the daemon exited. */
bool fx_wait_socket(struct fx *f, int timeout_ms);

/* Runs the console as root with args (NULL-terminated) and returns its
 * standard output (caller frees); fails the running test when it did not
 * succeed. */
char *fx_console_out(struct fx *f, const char *const *args);
/* The same, with the output read as JSON (caller decrefs); fails the test
 * when it is not JSON. */
json_t *fx_console_json(struct fx *f, const char *const *args);

/* Starts the console (build/tiengdan -c conf) interactively in a
 * pseudo-terminal: TERM=xterm, HOME the test folder, and with c_locale
 * LANG=C and no LC_* (as a service account often has). Returns its pid
 * with the terminal's master side in *master, or -1. */
pid_t fx_console_pty(struct fx *f, bool c_locale, int *master);
/* Reads the terminal fd into buf (appending to what it holds; cap bytes in
 * all, NUL-terminated) until want appears in buf or timeout_ms passes.
 * True when it appeared. */
bool fx_pty_expect(int fd, char *buf, size_t cap, const char *want, int timeout_ms);

void fx_sleep_ms(int ms);

/* ---------------------------------------------------------------- modemsim */

/* Like fx_setup, with n simulated AT modems (modemsim through libgammu's
 * proxyat; ids m1..mN; SIM folders in f->modem[i]; scan_interval 60 s so
 * new SMS come through +CMTI; status_interval 2 s; watchdog_timeout 6 s,
 * send and USSD timeouts 5 s). modem_extra[i] (may be NULL) adds keys to
 * modem i's group. Returns 0 or -1. (fixture_sim.c) */
int fx_setup_sim(struct fx *f, int n_modems, const char *extra, const char *const *modem_extra);
/* Puts an SMS on simulated modem i's SIM (multipart when long), as UCS-2
 * or GSM 7-bit, parts in reverse order if asked. Returns 0 or -1. */
int fx_sim_put(struct fx *f, int i, const char *number, const char *text, bool ucs2, bool reverse);
/* Stores a raw PDU (hex, with its SMSC prefix; "<stat> <pdu>") at index
 * of simulated modem i's SIM, written under another name and renamed.
 * Returns 0 or -1. */
int fx_sim_put_pdu(struct fx *f, int i, int index, int stat, const char *pdu);
/* Replaces modem i's fault file with faults ("hang\n", ...); NULL clears. */
int fx_sim_fault(struct fx *f, int i, const char *faults);
/* SMS waiting on modem i's SIM; SMS modem i has sent (lines of DIR/sent). */
int fx_sim_waiting(struct fx *f, int i);
int fx_sim_sent(struct fx *f, int i);
/* Whether the daemon's log holds text (now, or within timeout_ms). */
bool fx_log_contains(struct fx *f, const char *text);
bool fx_wait_log(struct fx *f, const char *text, int timeout_ms);

/* Skips the running test (cmocka's skip(), reported as skipped) in a build
 * without the test hooks it needs (-DTIENGDAN_TEST_HOOKS=ON): the moved
 * clock, the pause points, the decoder crash marker. */
#ifdef TIENGDAN_TEST_HOOKS
#define fx_need_hooks() ((void)0)
#else
#define fx_need_hooks() skip()
#endif

#endif

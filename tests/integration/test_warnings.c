/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The working mornings' deadline warnings against the real daemon, with
 * the clock seam: at warn_time an officer with a phone gets the counts of
 * its own cases, a supervisor those of the commune, in one SMS each; once
 * a day across a restart; not on a Saturday nor on a configured holiday;
 * again the next working day.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fixture.h"

#define GEO_CSV TIENGDAN_SOURCE_DIR "/config/geo-damrong.csv"
#define EXTRA                                                                                      \
	"gateway_number = \"0912000000\";\n"                                                       \
	"warn_time = \"07:30\";\n"                                                                 \
	"holidays = [ \"2026-03-23\" ];\n"                                                         \
	"users = ( { user = \"lan\"; role = \"handler\"; phone = \"0912111222\"; },\n"             \
	"  { user = \"hoa\"; role = \"supervisor\"; phone = \"0912333444\"; },\n"                  \
	"  { user = \"minh\"; role = \"viewer\"; } );\n"
#define LAN "+84912111222"
#define HOA "+84912333444"

static struct fx fx;

static void ok(const char *const *argv)
{
	struct fx_run r;

	if (fx_console(&fx, NULL, NULL, &r, argv) < 0 || r.status != 0)
		fail_msg("%s %s: %s", argv[0], argv[1], r.err ? r.err : "");
	fx_run_free(&r);
}
#define OK(...) ok((const char *const[]){__VA_ARGS__, NULL})

static char *add(const char *kind, const char *received)
{
	struct fx_run r;
	json_t *j;
	char *code;

	assert_int_equal(
	    fx_console(&fx, NULL, NULL, &r,
		       (const char *const[]){"--json", "cases", "add", "--kind", kind, "--channel",
					     "letter", "--received", received, "--village", "101",
					     "Đơn", NULL}),
	    0);
	assert_int_equal(r.status, 0);
	j = json_loads(r.out, 0, NULL);
	code = strdup(json_string_value(json_object_get(j, "code")));
	json_decref(j);
	fx_run_free(&r);
	return code;
}

static int start_at(const char *clock)
{
	setenv("TIENGDAN_CLOCK", clock, 1);
	return fx_daemon_start(&fx) == 0 && fx_wait_socket(&fx, 10000) ? 0 : -1;
}

static long long sms(const char *to, const char *day)
{
	char sql[256];

	snprintf(
	    sql, sizeof(sql),
	    "SELECT count(*) FROM outbound WHERE recipient = '%s' AND text LIKE 'Tiengdan %s:%%'",
	    to, day);
	return fx_query_int(&fx, sql);
}

static int setup(void **state)
{
	struct fx_run r;
	char *overdue, *soon, *later;

	(void)state;
	/* Wednesday 18 March 2026, a minute before warn_time. */
	if (fx_setup(&fx, 1, EXTRA) < 0 || start_at("2026-03-18T07:29:00") < 0)
		return -1;
	if (fx_console(&fx, NULL, NULL, &r,
		       (const char *const[]){"units", "import", GEO_CSV, NULL}) < 0 ||
	    r.status != 0)
		return -1;
	fx_run_free(&r);
	/* Due 16 March (overdue), assigned to lan; due 19 March (within 3
	 * working days), not assigned; due 1 April (neither). */
	overdue = add("feedback", "2026-03-02");
	soon = add("feedback", "2026-03-05");
	later = add("complaint", "2026-03-18");
	OK("offices", "add", "lan", "Nguyễn Thị Lan", "--office", "DCXD");
	OK("cases", "assign", overdue, "lan");
	free(overdue);
	free(soon);
	free(later);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	fx_daemon_stop(&fx);
	fx_teardown(&fx);
	unsetenv("TIENGDAN_CLOCK");
	return 0;
}

static void test_morning(void **state)
{
	char *text;

	(void)state;
	/* The register was filled at 07:29; back to a few seconds before
	 * 07:30, nothing sent yet. */
	assert_int_equal(fx_daemon_stop(&fx), 0);
	assert_int_equal(start_at("2026-03-18T07:29:57"), 0);
	assert_int_equal(sms(LAN, "18/03"), 0);
	if (!fx_wait_int(&fx, "SELECT count(*) FROM outbound WHERE text LIKE 'Tiengdan 18/03:%'", 2,
			 30000))
		fail_msg("no warnings at 07:30");
	text = fx_query_text(&fx, "SELECT text FROM outbound WHERE recipient = '" LAN "'");
	assert_string_equal(text, "Tiengdan 18/03: 1 qua han, 0 den han trong 3 ngay");
	free(text);
	text = fx_query_text(&fx, "SELECT text FROM outbound WHERE recipient = '" HOA "'");
	assert_string_equal(text, "Tiengdan 18/03: toan xa 1 qua han, 1 den han trong 3 ngay");
	assert_true(strlen(text) <= 160);
	free(text);
	assert_int_equal(fx_query_int(&fx, "SELECT count(*) FROM warning_run"), 1);
}

/* A restart later that morning sends nothing again. */
static void test_once_a_day(void **state)
{
	(void)state;
	assert_int_equal(fx_daemon_stop(&fx), 0);
	assert_int_equal(start_at("2026-03-18T08:00:00"), 0);
	fx_sleep_ms(3000);
	assert_int_equal(sms(LAN, "18/03"), 1);
	assert_int_equal(sms(HOA, "18/03"), 1);
}

/* Saturday and the holiday on Monday: nothing; Tuesday: again. */
static void test_not_on_days_off(void **state)
{
	(void)state;
	assert_int_equal(fx_daemon_stop(&fx), 0);
	assert_int_equal(start_at("2026-03-21T07:29:58"), 0);
	fx_sleep_ms(5000);
	assert_int_equal(sms(HOA, "21/03"), 0);
	assert_int_equal(fx_daemon_stop(&fx), 0);
	assert_int_equal(start_at("2026-03-23T07:29:58"), 0);
	fx_sleep_ms(5000);
	assert_int_equal(sms(HOA, "23/03"), 0);
	assert_int_equal(fx_daemon_stop(&fx), 0);
	assert_int_equal(start_at("2026-03-24T07:29:58"), 0);
	if (!fx_wait_int(&fx,
			 "SELECT count(*) FROM outbound WHERE recipient = '" HOA "'"
			 " AND text LIKE 'Tiengdan 24/03:%'",
			 1, 30000))
		fail_msg("no warning on Tuesday");
	assert_int_equal(fx_query_int(&fx, "SELECT count(*) FROM warning_run"), 2);
}

/* The interactive console prints the same counts before its prompt. */
static void test_console_counts(void **state)
{
	char out[16384] = "";
	int master, status;
	pid_t pid;

	(void)state;
	pid = fx_console_pty(&fx, false, &master);
	assert_true(pid >= 0);
	assert_true(fx_pty_expect(master, out, sizeof(out), "tiengdan> ", 10000));
	assert_int_equal(write(master, "quit\r", 5), 5);
	if (waitpid(pid, &status, 0) != pid)
		kill(pid, SIGKILL);
	close(master);
	if (!strstr(out, "Quá hạn: 1; đến hạn trong 3 ngày làm việc: 1 (xem: cases due)"))
		fail_msg("no counts before the prompt: %s", out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_console_counts),
	    cmocka_unit_test(test_morning),
	    cmocka_unit_test(test_once_a_day),
	    cmocka_unit_test(test_not_on_days_off),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

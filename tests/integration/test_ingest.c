/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Ingest on the real daemon and Gammu's dummy driver: every SMS put on the
 * SIM ends up in inbound exactly once with its text intact, the SIM is
 * emptied, and killing the daemon or a worker loses nothing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"

#define N_MESSAGES 500
#define N_MULTIPART 50
/* The kill test ingests more, so that kills land in the middle of it. */
#define N_KILL_TEST 2000

/* Texts a villager might send: Vietnamese with and without diacritics. */
static const char *const phrases[] = {
    "PA duong lien thon 4 bi sat lo, xe may khong qua duoc",
    "Phản ánh: đèn đường thôn Pul hỏng 2 tuần nay",
    "Kiến nghị làm lại đường vào khu sản xuất",
    "knai: chua nhan tien ho tro sinh ke",
    "Khiếu nại về việc cấp giấy chứng nhận quyền sử dụng đất",
    "XN TB12",
    "Góp ý: nên họp thôn vào buổi tối, ban ngày bà con đi rẫy",
};

static char *message_text(int i)
{
	const char *p = phrases[i % (sizeof(phrases) / sizeof(phrases[0]))];
	char *t = NULL;

	if (i % (N_MESSAGES / N_MULTIPART) == 0) {
		/* Long enough for two or three parts whatever the coding. */
		if (asprintf(&t,
			     "%s. Lần %d: %s. Xin xã xem xét giải quyết sớm cho bà con thôn"
			     " chúng tôi, vì việc này đã kéo dài nhiều tháng và ảnh hưởng đến"
			     " đời sống của nhiều hộ gia đình.",
			     p, i, p) < 0)
			return NULL;
	} else if (asprintf(&t, "%s (%d)", p, i) < 0) {
		return NULL;
	}
	return t;
}

static void sender_of(int i, char *out, size_t len, bool e164)
{
	snprintf(out, len, "%s9%08d", e164 ? "+84" : "0", 10000000 + i % 97);
}

/* Injects messages [from, to): singles in one injector run, multipart ones
 * one by one with their parts in shuffled or reversed order. */
static void inject_range(struct fx *f, int modem, int from, int to)
{
	size_t cap = 1 << 16, len = 0;
	char *lines = malloc(cap);

	lines[0] = '\0';
	for (int i = from; i < to; i++) {
		char number[32], *text = message_text(i);

		sender_of(i, number, sizeof(number), false);
		if (i % (N_MESSAGES / N_MULTIPART) == 0) {
			const char *opts[] = {"--order", i % 2 ? "reverse" : "shuffle", NULL};
			assert_int_equal(fx_inject(f, modem, number, text, opts), 0);
		} else {
			size_t need = strlen(number) + strlen(text) + 3;
			if (len + need >= cap)
				lines = realloc(lines, cap = (len + need) * 2);
			len += (size_t)sprintf(lines + len, "%s\t%s\n", number, text);
		}
		free(text);
	}
	if (len)
		assert_int_equal(fx_inject_lines(f, modem, lines, NULL), 0);
	free(lines);
}

static void assert_all_stored_once(struct fx *f, int n)
{
	for (int i = 0; i < n; i++) {
		char number[32], *text = message_text(i);

		sender_of(i, number, sizeof(number), true);
		if (fx_count_inbound(f, number, text) != 1)
			fail_msg("message %d from %s stored %lld times: %s", i, number,
				 fx_count_inbound(f, number, text), text);
		free(text);
	}
}

static void test_ingest_500(void **state)
{
	struct fx f;

	assert_int_equal(fx_setup(&f, 1, NULL), 0);
	assert_int_equal(fx_daemon_start(&f), 0);
	inject_range(&f, 0, 0, N_MESSAGES / 2);
	inject_range(&f, 0, N_MESSAGES / 2, N_MESSAGES);
	assert_true(fx_wait_int(&f, "SELECT count(*) FROM inbound", N_MESSAGES, 120000));
	assert_all_stored_once(&f, N_MESSAGES);
	assert_int_equal(fx_query_int(&f, "SELECT count(*) FROM inbound WHERE parts > 1"),
			 N_MULTIPART);
	assert_int_equal(fx_query_int(&f, "SELECT count(*) FROM inbound_part WHERE inbound_id"
					  " IS NULL"),
			 0);
	fx_sleep_ms(1500);
	assert_int_equal(fx_sim_count(&f, 0), 0);
	assert_int_equal(fx_daemon_stop(&f), 0);
	fx_teardown(&f);
}

static void test_ingest_with_kills(void **state)
{
	struct fx f;
	pid_t pids[8];

	assert_int_equal(fx_setup(&f, 1, NULL), 0);
	inject_range(&f, 0, 0, N_KILL_TEST);
	for (int k = 0; k < 4; k++) {
		assert_int_equal(fx_daemon_start(&f), 0);
		/* Kill it in the middle of ingest, at a different point each time:
		 * as soon as it has stored some more messages. */
		char sql[128];
		snprintf(sql, sizeof(sql), "SELECT count(*) >= %d FROM inbound",
			 (k + 1) * N_KILL_TEST / 6);
		assert_true(fx_wait_int(&f, sql, 1, 60000));
		fx_sleep_ms(10 * k);
		fx_daemon_kill(&f);
		/* Its worker dies with it: none is left behind. */
		int left = 0;
		for (int t = 0; t < 40 && (left = fx_worker_pids(&f, pids, 8)) > 0; t++)
			fx_sleep_ms(50);
		assert_int_equal(left, 0);
	}
	/* The kills interrupted the ingest: not everything was stored yet. */
	long long before = fx_query_int(&f, "SELECT count(*) FROM inbound");
	print_message("stored before the last restart: %lld of %d\n", before, N_KILL_TEST);
	assert_true(before < N_KILL_TEST);
	assert_int_equal(fx_daemon_start(&f), 0);
	assert_true(fx_wait_int(&f, "SELECT count(*) FROM inbound", N_KILL_TEST, 180000));
	assert_all_stored_once(&f, N_KILL_TEST);
	fx_sleep_ms(1500);
	assert_int_equal(fx_sim_count(&f, 0), 0);
	assert_int_equal(fx_query_int(&f, "SELECT count(*) FROM inbound"), N_KILL_TEST);
	assert_int_equal(fx_daemon_stop(&f), 0);
	assert_int_equal(fx_worker_pids(&f, pids, 8), 0);
	fx_teardown(&f);
}

static void test_two_modems_worker_killed(void **state)
{
	struct fx f;
	pid_t pids[8];
	long long old_pid;

	assert_int_equal(fx_setup(&f, 2, NULL), 0);
	assert_int_equal(fx_daemon_start(&f), 0);
	assert_true(
	    fx_wait_int(&f, "SELECT count(*) FROM modem_state WHERE connected = 1", 2, 10000));
	assert_int_equal(fx_inject(&f, 0, "0911000001", "PA gui qua modem mot", NULL), 0);
	assert_int_equal(fx_inject(&f, 1, "0911000002", "PA gui qua modem hai", NULL), 0);
	assert_true(fx_wait_int(&f, "SELECT count(*) FROM inbound", 2, 10000));
	assert_int_equal(fx_query_int(&f, "SELECT count(*) FROM inbound WHERE modem = 'm1' AND"
					  " text = 'PA gui qua modem mot'"),
			 1);
	assert_int_equal(fx_query_int(&f, "SELECT count(*) FROM inbound WHERE modem = 'm2' AND"
					  " text = 'PA gui qua modem hai'"),
			 1);

	old_pid = fx_query_int(&f, "SELECT worker_pid FROM modem_state WHERE modem = 'm1'");
	assert_true(old_pid > 0);
	assert_int_equal(kill((pid_t)old_pid, SIGKILL), 0);
	/* The other modem keeps working while m1 is down. */
	assert_int_equal(fx_inject(&f, 1, "0911000003", "modem hai van chay", NULL), 0);
	assert_true(fx_wait_int(&f, "SELECT count(*) FROM inbound WHERE modem = 'm2'", 2, 10000));
	/* The supervisor restarts m1's worker, which reads what came meanwhile. */
	assert_int_equal(fx_inject(&f, 0, "0911000004", "modem mot da quay lai", NULL), 0);
	assert_true(fx_wait_int(&f, "SELECT count(*) FROM inbound WHERE modem = 'm1'", 2, 15000));
	assert_true(fx_query_int(&f, "SELECT worker_pid FROM modem_state WHERE modem = 'm1'") !=
		    old_pid);
	assert_int_equal(fx_worker_pids(&f, pids, 8), 2);
	assert_int_equal(fx_daemon_stop(&f), 0);
	assert_int_equal(fx_worker_pids(&f, pids, 8), 0);
	fx_teardown(&f);
}

static void test_incomplete_multipart_and_duplicates(void **state)
{
	struct fx f;
	const char *part2[] = {"--ref", "77", "--parts", "2", NULL};
	const char *again[] = {"--ref", "9", "--time", "20250710T010203", NULL};
	char text[400];

	assert_int_equal(fx_setup(&f, 1, "multipart_timeout = 60;"), 0);
	memset(text, 'a', 300);
	text[300] = '\0';
	/* Part 2 of 2 only: kept as a pending part, not a message. */
	assert_int_equal(fx_inject(&f, 0, "0912000001", text, part2), 0);
	/* The same single SMS twice (a delete that failed): stored once. */
	assert_int_equal(fx_inject(&f, 0, "0912000002", "PA lap lai", again), 0);
	assert_int_equal(fx_inject(&f, 0, "0912000002", "PA lap lai", again), 0);
	assert_int_equal(fx_daemon_start(&f), 0);
	assert_true(fx_wait_int(&f, "SELECT count(*) FROM inbound_part", 2, 10000));
	assert_true(fx_wait_int(&f, "SELECT count(*) FROM inbound", 1, 5000));
	assert_int_equal(fx_query_int(&f, "SELECT count(*) FROM inbound_part WHERE inbound_id IS"
					  " NULL"),
			 1);
	/* After the timeout the lone part is stored as an incomplete message. */
	assert_int_equal(fx_daemon_stop(&f), 0);
	assert_int_equal(fx_exec(&f, "UPDATE inbound_part SET received_at ="
				     " '2000-01-01T00:00:00.000Z' WHERE inbound_id IS NULL"),
			 0);
	assert_int_equal(fx_daemon_start(&f), 0);
	assert_true(fx_wait_int(&f,
				"SELECT count(*) FROM inbound WHERE incomplete = 1 AND"
				" parts = 1 AND parts_expected = 2",
				1, 10000));
	assert_int_equal(fx_daemon_stop(&f), 0);
	fx_teardown(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_ingest_500),
	    cmocka_unit_test(test_ingest_with_kills),
	    cmocka_unit_test(test_two_modems_worker_killed),
	    cmocka_unit_test(test_incomplete_multipart_and_duplicates),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

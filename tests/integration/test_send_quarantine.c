/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Sending at most once and the quarantine of messages that crash the
 * decoder, on the real daemon and Gammu's dummy driver.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"

static void test_send_once_unknown_delivered(void **state)
{
	struct fx f;
	const char *report[] = {"--status-report", "255", NULL};

	assert_int_equal(fx_setup(&f, 1, "delivery_reports = true;"), 0);
	assert_int_equal(fx_daemon_start(&f), 0);
	assert_true(
	    fx_wait_int(&f, "SELECT count(*) FROM modem_state WHERE connected = 1", 1, 10000));
	assert_int_equal(fx_daemon_stop(&f), 0);
	/* Two queued replies, and one a killed daemon left in 'sending'. */
	assert_int_equal(
	    fx_exec(&f, "INSERT INTO outbound (recipient, text, created_at, updated_at) VALUES"
			" ('+84912000001', 'Da nhan phan anh. Ma: PA4829138', 'x', 'x'),"
			" ('+84912000002', 'Đã nhận phản ánh của bạn, cảm ơn.', 'x', 'x');"
			"INSERT INTO outbound (recipient, text, state, modem, created_at,"
			" updated_at) VALUES ('+84912000003', 'dang gui', 'sending', 'm1', 'x',"
			" 'x');"),
	    0);
	assert_int_equal(fx_daemon_start(&f), 0);
	assert_true(
	    fx_wait_int(&f, "SELECT count(*) FROM outbound WHERE state = 'sent'", 2, 10000));
	assert_int_equal(fx_query_int(&f, "SELECT count(*) FROM outbound WHERE state = 'unknown'"
					  " AND recipient = '+84912000003'"),
			 1);
	assert_int_equal(fx_query_int(&f, "SELECT count(*) FROM outbound WHERE state = 'sent' AND"
					  " msg_ref = 255 AND attempts = 1 AND parts = 1"),
			 2);
	/* Sent once: after more time nothing is sent again (the counter of
	 * the modem counts two sends). */
	fx_sleep_ms(2500);
	assert_int_equal(fx_query_int(&f, "SELECT sent_today FROM modem_state WHERE modem = 'm1'"),
			 2);
	assert_int_equal(fx_query_int(&f, "SELECT count(*) FROM outbound WHERE state = 'unknown'"),
			 1);
	/* A delivery report for reference 255 to the first recipient. */
	assert_int_equal(fx_inject(&f, 0, "0912000001", "Delivered", report), 0);
	assert_true(
	    fx_wait_int(&f, "SELECT count(*) FROM outbound WHERE state = 'delivered'", 1, 10000));
	assert_int_equal(fx_query_int(&f, "SELECT count(*) FROM outbound WHERE state = 'delivered'"
					  " AND recipient = '+84912000001'"),
			 1);
	assert_int_equal(fx_query_int(&f, "SELECT count(*) FROM inbound WHERE kind ="
					  " 'status_report' AND processed_at IS NOT NULL"),
			 1);
	assert_int_equal(fx_daemon_stop(&f), 0);
	fx_teardown(&f);
}

static void test_sending_row_killed_becomes_unknown(void **state)
{
	struct fx f;

	assert_int_equal(fx_setup(&f, 1, NULL), 0);
	assert_int_equal(fx_daemon_start(&f), 0);
	assert_true(
	    fx_wait_int(&f, "SELECT count(*) FROM modem_state WHERE connected = 1", 1, 10000));
	/* The daemon is killed while a row is marked sending. */
	fx_daemon_kill(&f);
	assert_int_equal(fx_exec(&f, "INSERT INTO outbound (recipient, text, state, modem,"
				     " created_at, updated_at) VALUES ('+84912000009', 'x',"
				     " 'sending', 'm1', 'x', 'x')"),
			 0);
	assert_int_equal(fx_daemon_start(&f), 0);
	assert_true(
	    fx_wait_int(&f, "SELECT count(*) FROM outbound WHERE state = 'unknown'", 1, 10000));
	fx_sleep_ms(1500);
	assert_int_equal(fx_query_int(&f, "SELECT count(*) FROM outbound WHERE state IN"
					  " ('sent', 'sending', 'queued')"),
			 0);
	assert_int_equal(fx_daemon_stop(&f), 0);
	fx_teardown(&f);
}

#ifdef TIENGDAN_TEST_HOOKS
static void test_decoder_crash_quarantined(void **state)
{
	struct fx f;

	assert_int_equal(fx_setup(&f, 1, NULL), 0);
	f.expect_crashes = true;
	assert_int_equal(fx_inject(&f, 0, "0913000001", "PA truoc tin hong 1", NULL), 0);
	assert_int_equal(fx_inject(&f, 0, "0913000002", "PA truoc tin hong 2", NULL), 0);
	assert_int_equal(fx_inject(&f, 0, "0913000003", "tin nay @@TIENGDAN-CRASH@@", NULL), 0);
	assert_int_equal(fx_inject(&f, 0, "0913000004", "PA sau tin hong 1", NULL), 0);
	assert_int_equal(fx_inject(&f, 0, "0913000005", "PA sau tin hong 2", NULL), 0);
	assert_int_equal(fx_daemon_start(&f), 0);
	assert_true(fx_wait_int(&f,
				"SELECT count(*) FROM quarantine WHERE state = 'undecodable'"
				" AND location = 10003 AND attempts = 3",
				1, 60000));
	assert_true(fx_wait_int(&f, "SELECT count(*) FROM inbound", 4, 10000));
	assert_int_equal(fx_query_int(&f, "SELECT count(*) FROM inbound WHERE text LIKE"
					  " 'PA % tin hong _'"),
			 4);
	fx_sleep_ms(1500);
	assert_int_equal(fx_sim_count(&f, 0), 0);
	assert_int_equal(fx_query_int(&f, "SELECT reading FROM modem_state"), 0);
	/* The worker keeps working afterwards. */
	assert_int_equal(fx_inject(&f, 0, "0913000006", "PA sau khi cach ly", NULL), 0);
	assert_true(fx_wait_int(&f, "SELECT count(*) FROM inbound", 5, 10000));
	assert_int_equal(fx_daemon_stop(&f), 0);
	fx_teardown(&f);
}
#endif

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_send_once_unknown_delivered),
	    cmocka_unit_test(test_sending_row_killed_becomes_unknown),
#ifdef TIENGDAN_TEST_HOOKS
	    cmocka_unit_test(test_decoder_crash_quarantined),
#endif
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

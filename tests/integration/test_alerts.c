/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Alerts to the admin phones with simulated AT modems: a modem unplugged
 * longer than alert_modem_down (one alert, not repeated, then a recovery
 * message), a low balance read by the scheduled USSD check (asked once a
 * day, one alert), a SIM nearly full (alert, then recovery), the disk.
 * The alert "minute" is 20 s here (TIENGDAN_ALERT_MINUTE_MS, a test hook):
 * the rules' timing itself is tested on the clock seam in unit/test_alert.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fixture.h"

#define ADMIN "'+84987000001'"
#define ALERTS(like)                                                                               \
	"SELECT count(*) FROM outbound WHERE purpose = 'alert' AND recipient = " ADMIN             \
	" AND text LIKE '" like "'"

#define MINUTE_MS 20000

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void test_alerts(void **state)
{
	const char *const modems[] = {
	    "balance_code = \"*101#\"; balance_min = 20000;",
	    NULL,
	};
	struct fx f;
	long long since;

	fx_need_hooks();
	setenv("TIENGDAN_ALERT_MINUTE_MS", "20000", 1);
	assert_int_equal(fx_setup_sim(&f, 2,
				      "admin_phones = [ \"0987000001\" ];\nalert_modem_down = 1;\n"
				      "alert_sim_full = 80;\nalert_disk_free = 100000000;",
				      modems),
			 0);
	/* m1: 5,000 dong left, 45 of its 50 slots used; m2 unplugged. */
	assert_int_equal(fx_sim_fault(&f, 0, "balance 5000\nsim-used 45\n"), 0);
	assert_int_equal(fx_sim_fault(&f, 1, "exit\n"), 0);
	assert_int_equal(fx_daemon_start(&f), 0);
	assert_true(
	    fx_wait_int(&f, "SELECT connected FROM modem_state WHERE modem = 'm1'", 1, 10000));

	/* The scheduled check read the balance through USSD: one alert. */
	assert_true(
	    fx_wait_int(&f, "SELECT balance FROM modem_state WHERE modem = 'm1'", 5000, 10000));
	assert_true(fx_wait_int(&f, ALERTS("%modem m1 con 5000d, duoi muc 20000d%"), 1, 10000));
	/* The SIM nearly full and the disk (under an impossible threshold). */
	assert_true(fx_wait_int(&f, ALERTS("%SIM cua modem m1 da dung 90%"), 1, 10000));
	assert_true(fx_wait_int(&f, ALERTS("%o dia%chi con%"), 1, 10000));
	/* The alerts went out through the modem that is up. */
	assert_true(fx_wait_int(&f,
				"SELECT count(*) FROM outbound WHERE purpose = 'alert'"
				" AND state = 'sent' AND modem = 'm1'",
				3, 10000));

	/* The SIM emptied: a recovery message. */
	assert_int_equal(fx_sim_fault(&f, 0, "balance 5000\n"), 0);
	assert_true(fx_wait_int(&f, ALERTS("%SIM cua modem m1 con cho%"), 1, 15000));

	/* m2 has been seen down for less than a minute: no alert yet. */
	assert_true(fx_wait_int(&f,
				"SELECT count(*) FROM alert WHERE key = 'modem-down:m2'"
				" AND since_ms IS NOT NULL",
				1, 15000));
	since = fx_query_int(&f, "SELECT since_ms FROM alert WHERE key = 'modem-down:m2'");
	if (now_ms() - since < MINUTE_MS - 2000)
		assert_int_equal(fx_query_int(&f, ALERTS("%modem m2 mat ket noi%")), 0);
	assert_true(fx_wait_int(&f, ALERTS("%modem m2 mat ket noi%"), 1, 3 * MINUTE_MS));
	/* Raised after the minute, not before. */
	assert_true(fx_query_int(&f, "SELECT sent_ms FROM alert WHERE key = 'modem-down:m2'") -
			since >=
		    MINUTE_MS);
	assert_true(fx_log_contains(&f, "alert: modem m2 is not connected"));
	/* Not repeated while it lasts; nothing else repeated either. */
	fx_sleep_ms(11000);
	assert_int_equal(fx_query_int(&f, ALERTS("%modem m2 mat ket noi%")), 1);
	assert_int_equal(fx_query_int(&f, ALERTS("%con 5000d%")), 1);
	assert_int_equal(fx_query_int(&f, ALERTS("%o dia%chi con%")), 1);

	/* m2 plugged in again: the recovery message. */
	assert_int_equal(fx_sim_fault(&f, 1, NULL), 0);
	assert_true(
	    fx_wait_int(&f, "SELECT connected FROM modem_state WHERE modem = 'm2'", 1, 30000));
	assert_true(fx_wait_int(&f, ALERTS("%modem m2 da ket noi lai%"), 1, 15000));
	assert_int_equal(fx_query_int(&f, "SELECT count(*) FROM alert WHERE key = 'modem-down:m2'"
					  " AND raised_at IS NULL"),
			 1);

	/* A restart asks no second balance today and repeats no alert. */
	assert_int_equal(fx_daemon_stop(&f), 0);
	assert_int_equal(fx_daemon_start(&f), 0);
	assert_true(
	    fx_wait_int(&f, "SELECT count(*) FROM modem_state WHERE connected = 1", 2, 15000));
	fx_sleep_ms(6000);
	assert_int_equal(fx_query_int(&f, "SELECT count(*) FROM modem_request WHERE"
					  " kind = 'balance'"),
			 1);
	assert_int_equal(fx_query_int(&f, "SELECT count(*) FROM outbound WHERE purpose = 'alert'"),
			 6);
	assert_true(
	    fx_wait_int(&f, "SELECT count(*) FROM outbound WHERE state <> 'sent'", 0, 15000));
	assert_int_equal(fx_daemon_stop(&f), 0);
	fx_teardown(&f);
	unsetenv("TIENGDAN_ALERT_MINUTE_MS");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_alerts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

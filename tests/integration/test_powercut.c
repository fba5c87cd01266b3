/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Power cuts at the two moments that matter, forced with the test hooks:
 * between committing SMS to the database and deleting them from the SIM
 * (they must be stored once, not twice, and the SIM emptied after), and
 * between handing a reply to the modem and recording the result (it must
 * become 'unknown' and never be sent again by itself).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fixture.h"

/* Starts the daemon told to pause at point; waits until it is there. */
static void start_paused(struct fx *f, const char *point, char *flag, size_t len)
{
	snprintf(flag, len, "%s/paused", f->dir);
	unlink(flag);
	setenv("TIENGDAN_HOOK_PAUSE", point, 1);
	setenv("TIENGDAN_HOOK_FILE", flag, 1);
	assert_int_equal(fx_daemon_start(f), 0);
	unsetenv("TIENGDAN_HOOK_PAUSE");
	unsetenv("TIENGDAN_HOOK_FILE");
}

static bool wait_file(const char *path, int timeout_ms)
{
	struct stat st;

	for (int waited = 0; waited < timeout_ms; waited += 50) {
		if (stat(path, &st) == 0)
			return true;
		fx_sleep_ms(50);
	}
	return false;
}

static void test_cut_between_commit_and_delete(void **state)
{
	fx_need_hooks();
	struct fx f;
	char flag[PATH_MAX + 16];

	assert_int_equal(fx_setup(&f, 1, NULL), 0);
	assert_int_equal(
	    fx_inject_lines(&f, 0,
			    "0987200001\tPA mot\n0987200002\tPA hai\n"
			    "0987200003\tKNAI ba\n0987200004\tHD\n0987200005\tPA nam\n",
			    NULL),
	    0);
	start_paused(&f, "after-commit", flag, sizeof(flag));
	assert_true(wait_file(flag, 20000));
	/* Committed, still on the SIM: the power goes now. */
	assert_int_equal(fx_query_int(&f, "SELECT count(*) FROM inbound"), 5);
	assert_int_equal(fx_sim_count(&f, 0), 5);
	fx_daemon_kill(&f);
	assert_int_equal(fx_daemon_start(&f), 0);
	assert_true(
	    fx_wait_int(&f, "SELECT count(*) FROM outbound WHERE state = 'sent'", 5, 20000));
	/* Read again from the SIM, stored once; the SIM is emptied. */
	assert_int_equal(fx_query_int(&f, "SELECT count(*) FROM inbound"), 5);
	assert_int_equal(fx_query_int(&f, "SELECT count(*) FROM inbound_part"), 5);
	assert_int_equal(fx_sim_count(&f, 0), 0);
	assert_int_equal(fx_query_int(&f, "SELECT count(*) FROM cases"), 4);
	assert_int_equal(fx_query_int(&f, "SELECT count(*) FROM outbound"), 5);
	assert_int_equal(fx_daemon_stop(&f), 0);
	fx_teardown(&f);
}

static void test_cut_between_send_and_result(void **state)
{
	fx_need_hooks();
	struct fx f;
	char flag[PATH_MAX + 16];

	assert_int_equal(fx_setup(&f, 1, NULL), 0);
	assert_int_equal(fx_inject(&f, 0, "0987300001", "PA den duong hong", NULL), 0);
	start_paused(&f, "after-send", flag, sizeof(flag));
	assert_true(wait_file(flag, 20000));
	/* Handed to the modem, result not recorded: the power goes now. */
	assert_int_equal(fx_query_int(&f, "SELECT count(*) FROM outbound WHERE state = 'sending'"
					  " AND attempts = 1"),
			 1);
	fx_daemon_kill(&f);
	assert_int_equal(fx_daemon_start(&f), 0);
	assert_true(
	    fx_wait_int(&f, "SELECT count(*) FROM modem_state WHERE connected = 1", 1, 10000));
	/* Unknown, and not sent again by itself however long we wait. */
	assert_true(
	    fx_wait_int(&f, "SELECT count(*) FROM outbound WHERE state = 'unknown'", 1, 10000));
	fx_sleep_ms(3000);
	assert_int_equal(fx_query_int(&f, "SELECT count(*) FROM outbound WHERE state = 'unknown'"
					  " AND attempts = 1"),
			 1);
	assert_int_equal(fx_query_int(&f, "SELECT count(*) FROM outbound"), 1);
	assert_int_equal(fx_query_int(&f, "SELECT coalesce(sum(sent_today), 0) FROM modem_state"),
			 0);
	assert_int_equal(fx_daemon_stop(&f), 0);
	fx_teardown(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_cut_between_commit_and_delete),
	    cmocka_unit_test(test_cut_between_send_and_result),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

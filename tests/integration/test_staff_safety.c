/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What villagers' texts and staff's own input cannot do to staff: a reply
 * too long for a modem is refused before it is queued, a text that looks
 * like a formula reaches --csv as text, control characters reach the
 * terminal escaped, and deny entries written any way match.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fixture.h"

#define EXTRA "deny = [ \"0912 345 678\" ];\n"
#define WAIT_MS 20000

static struct fx fx;

static void run(struct fx_run *r, const char *const *args)
{
	assert_int_equal(fx_console(&fx, NULL, NULL, r, args), 0);
}

static void wait_int(const char *sql, long long want)
{
	if (!fx_wait_int(&fx, sql, want, WAIT_MS))
		fail_msg("%s: %lld, expected %lld", sql, fx_query_int(&fx, sql), want);
}

static int setup(void **state)
{
	(void)state;
	if (fx_setup(&fx, 1, EXTRA) < 0 || fx_daemon_start(&fx) < 0 || !fx_wait_socket(&fx, 10000))
		return -1;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	fx_teardown(&fx);
	return 0;
}

/* A staff reply of 51 parts is refused with the limit; nothing queued. */
static void test_reply_limit(void **state)
{
	enum { LEN = 153 * 51 };
	char *text = malloc(LEN + 1), *code;
	struct fx_run r;

	(void)state;
	assert_int_equal(fx_inject(&fx, 0, "0987000111", "PA duong hong", NULL), 0);
	wait_int("SELECT count(*) FROM cases", 1);
	code = fx_query_text(&fx, "SELECT code FROM cases");
	assert_non_null(code);
	memset(text, 'a', LEN);
	text[LEN] = '\0';
	run(&r, (const char *const[]){"--lang", "en", "cases", "reply", code, text, "--yes", NULL});
	assert_int_not_equal(r.status, 0);
	if (!strstr(r.err, "51 SMS parts, over the 50"))
		fail_msg("%s", r.err);
	fx_run_free(&r);
	assert_int_equal(fx_query_int(&fx, "SELECT count(*) FROM outbound WHERE purpose = 'staff'"),
			 0);
	/* 50 parts are queued. */
	text[153 * 50] = '\0';
	run(&r, (const char *const[]){"cases", "reply", code, text, "--yes", NULL});
	assert_int_equal(r.status, 0);
	fx_run_free(&r);
	assert_int_equal(fx_query_int(&fx, "SELECT count(*) FROM outbound WHERE purpose = 'staff'"),
			 1);
	free(text);
	free(code);
}

/* A text beginning with = reaches --csv quoted as text; DEL and a C1
 * control (CSI) reach the terminal escaped. */
static void test_hostile_text(void **state)
{
	static const char *const ucs2[] = {"--unicode", NULL};
	struct fx_run r;

	(void)state;
	assert_int_equal(fx_inject(&fx, 0, "0987000222", "=HYPERLINK(\"http://x\";\"bam\")", NULL),
			 0);
	assert_int_equal(fx_inject(&fx, 0, "0987000333",
				   "PA den\x7f hong \xc2\x9b"
				   "31m do",
				   ucs2),
			 0);
	wait_int("SELECT count(*) FROM inbound WHERE processed_at IS NOT NULL", 2);
	run(&r, (const char *const[]){"--csv", "messages", NULL});
	assert_int_equal(r.status, 0);
	if (!strstr(r.out, "\"'=HYPERLINK("))
		fail_msg("not quoted as text: %s", r.out);
	assert_null(strstr(r.out, ",=HYPERLINK"));
	fx_run_free(&r);
	run(&r, (const char *const[]){"messages", NULL});
	assert_int_equal(r.status, 0);
	assert_null(strchr(r.out, 0x7f));
	assert_null(strstr(r.out, "\xc2\x9b"));
	if (!strstr(r.out, "den\\x7f hong \\u009b31m"))
		fail_msg("not escaped: %s", r.out);
	fx_run_free(&r);
}

/* "0912 345 678" in deny matches the sender +84912345678. */
static void test_deny_written_any_way(void **state)
{
	(void)state;
	assert_int_equal(fx_inject(&fx, 0, "0912345678", "PA xin chao", NULL), 0);
	wait_int("SELECT count(*) FROM inbound WHERE outcome = 'denied'", 1);
	assert_int_equal(
	    fx_query_int(&fx, "SELECT count(*) FROM outbound WHERE recipient = '+84912345678'"), 0);
	assert_int_equal(fx_query_int(&fx, "SELECT count(*) FROM cases"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_reply_limit, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_hostile_text, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_deny_written_any_way, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Retention through the real daemon on a dummy modem, its clock moved with
 * TIENGDAN_CLOCK: cases made in June 2025 (feedback with a duplicate and a
 * status query, a complaint, a denunciation, one left open, one resolved),
 * three of them closed; in late July, past retention_days = 30, `tiengdan
 * retention --dry-run` counts what the real run then erases, changing
 * nothing; the real run erases the texts and numbers of the closed cases
 * only, the report's figures stay the same, the erased texts are gone from
 * the database file; the nightly run at 02:00 erases a case closed later.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"

#define EXTRA                                                                                      \
	"socket_group = \"nogroup\";\n"                                                            \
	"gateway_number = \"0912000000\";\n"                                                       \
	"retention_days = 30;\n"
#define WAIT_MS 30000
#define A "+84911000001"
#define B "+84911000002"
#define C "+84911000003"
#define D "+84911000004"
#define E "+84911000006"
/* Rows that must survive every run untouched: the open and the resolved
 * case, their messages in and out. */
#define KEPT_SQL                                                                                   \
	"SELECT (SELECT group_concat(code || text || sender || coalesce(erased_at, '-'), ';')"     \
	" FROM cases WHERE sender IN ('" D "', '" E "')) || (SELECT group_concat(sender || text,"  \
	" ';') FROM inbound WHERE sender IN ('" D "', '" E "')) || (SELECT"                        \
	" group_concat(recipient || text, ';') FROM outbound WHERE recipient IN ('" D "', '" E     \
	"'))"

static struct fx fx;

#define RUN(r, ...)                                                                                \
	assert_int_equal(                                                                          \
	    fx_console(&fx, NULL, NULL, (r), (const char *const[]){__VA_ARGS__, NULL}), 0)

static void wait_int(const char *sql, long long want)
{
	if (!fx_wait_int(&fx, sql, want, WAIT_MS))
		fail_msg("%s: %lld, expected %lld", sql, fx_query_int(&fx, sql), want);
}

static void start_on(const char *when)
{
	setenv("TIENGDAN_CLOCK", when, 1);
	assert_int_equal(fx_daemon_start(&fx), 0);
	assert_true(fx_wait_socket(&fx, 10000));
}

static void text_in(const char *number, const char *text)
{
	assert_int_equal(fx_inject(&fx, 0, number, text, NULL), 0);
}

static char *code_of(const char *sender_sql)
{
	char sql[256], *code;

	snprintf(sql, sizeof(sql), "SELECT code FROM cases WHERE %s", sender_sql);
	code = fx_query_text(&fx, sql);
	if (!code)
		fail_msg("no case: %s", sql);
	return code;
}

static void console_ok(const char *const *args)
{
	struct fx_run r;

	assert_int_equal(fx_console(&fx, NULL, NULL, &r, args), 0);
	if (r.status != 0)
		fail_msg("tiengdan %s: %s", args[0], r.err);
	fx_run_free(&r);
}

static void set_status(const char *code, const char *status)
{
	/* A reason for every change: refusals and transfers need one. */
	console_ok((const char *const[]){"cases", "status", code, status, "--note", "ly do", NULL});
}

static char *report_june(void)
{
	struct fx_run r;
	char *out;

	RUN(&r, "--json", "report", "--from", "2025-06-01", "--to", "2025-06-30");
	if (r.status != 0)
		fail_msg("report: %s", r.err);
	out = strdup(r.out);
	fx_run_free(&r);
	return out;
}

static json_t *retention(bool dry)
{
	struct fx_run r;
	json_t *j;

	if (dry)
		RUN(&r, "--json", "retention", "--dry-run");
	else
		RUN(&r, "--json", "retention");
	if (r.status != 0)
		fail_msg("retention: %s", r.err);
	j = json_loads(r.out, 0, NULL);
	assert_non_null(j);
	fx_run_free(&r);
	return j;
}

static long long num(const json_t *j, const char *key)
{
	return json_integer_value(json_object_get(j, key));
}

/* Whether the database file (the daemon stopped: no WAL left) holds s. */
static bool file_holds(const char *path, const char *s)
{
	FILE *f = fopen(path, "rb");
	size_t len = strlen(s), n, got = 0, cap = 1 << 20;
	char *buf = malloc(cap);
	bool found;

	assert_non_null(f);
	while ((n = fread(buf + got, 1, cap - got, f)) > 0) {
		got += n;
		if (got == cap)
			buf = realloc(buf, cap *= 2);
	}
	fclose(f);
	found = memmem(buf, got, s, len) != NULL;
	free(buf);
	return found;
}

static void test_retention(void **state)
{
	fx_need_hooks();
	char *a, *b, *c, *d, *e, *before, *after, *kept, *kept_after, tt[64], db_wal[PATH_MAX + 8];
	json_t *dry, *real, *again;
	long long in_expected, out_expected, parts_expected;
	struct fx_run r;

	assert_int_equal(fx_setup(&fx, 1, EXTRA), 0);
	start_on("2025-06-02T09:00:00");
	text_in("0911000001", "PA duong thon bi sat lo");
	text_in("0911000002", "KHIEU NAI dat dai chua duoc boi thuong");
	text_in("0911000003", "TOCAO can bo thon thu tien sai quy dinh");
	text_in("0911000004", "PA den duong thon hong");
	text_in("0911000006", "PA nuoc sinh hoat yeu");
	wait_int("SELECT count(*) FROM cases", 5);
	a = code_of("sender = '" A "'");
	b = code_of("sender = '" B "'");
	c = code_of("kind = 'denunciation'");
	d = code_of("sender = '" D "'");
	e = code_of("sender = '" E "'");
	/* The same text again (a duplicate: another SMS, a second later, so
	 * not the same part read twice) and a status query. */
	fx_sleep_ms(1100);
	text_in("0911000001", "PA duong thon bi sat lo");
	snprintf(tt, sizeof(tt), "TT %s", a);
	text_in("0911000001", tt);
	wait_int("SELECT count(*) FROM inbound WHERE processed_at IS NOT NULL", 7);
	set_status(a, "resolved"); /* feedback is answered before it is closed */
	set_status(a, "closed");
	set_status(b, "rejected");
	set_status(c, "transferred");
	set_status(e, "resolved");
	wait_int("SELECT count(*) FROM outbound WHERE state IN ('queued', 'sending')", 0);
	assert_int_equal(fx_daemon_stop(&fx), 0);

	/* Seven weeks later: the three closed cases are past 30 days. */
	start_on("2025-07-20T09:00:00");
	/* The report depends on the day it is made (what is overdue): taken
	 * now, on the day of the erasure, to compare after it. */
	before = report_june();
	kept = fx_query_text(&fx, KEPT_SQL);
	assert_non_null(kept);
	/* What belongs to them, found here by number rather than by links. */
	in_expected = fx_query_int(&fx, "SELECT count(*) FROM inbound WHERE sender IN ('" A "', '" B
					"') OR sealed = 1");
	out_expected = fx_query_int(&fx, "SELECT count(*) FROM outbound WHERE recipient IN ('" A
					 "', '" B "') OR confidential = 1");
	parts_expected = fx_query_int(&fx, "SELECT count(*) FROM inbound_part WHERE inbound_id IN"
					   " (SELECT id FROM inbound WHERE sender IN ('" A "', '" B
					   "') OR sealed = 1)");
	assert_int_equal(in_expected, 5); /* A, its duplicate, its query; B; C */
	assert_true(out_expected >= 6);	  /* three replies, three status SMS, the answer */

	dry = retention(true);
	assert_true(json_is_true(json_object_get(dry, "dry_run")));
	assert_int_equal(num(dry, "retention_days"), 30);
	assert_int_equal(num(dry, "cases"), 3);
	assert_int_equal(num(dry, "inbound"), in_expected);
	assert_int_equal(num(dry, "inbound_parts"), parts_expected);
	assert_int_equal(num(dry, "outbound"), out_expected);
	/* Nothing changed. */
	assert_int_equal(fx_query_int(&fx, "SELECT count(*) FROM cases WHERE erased_at IS NOT NULL"
					   " OR text = '' OR sender = ''"),
			 0);
	assert_int_equal(fx_query_int(&fx, "SELECT count(*) FROM inbound WHERE sender IN ('" A
					   "', '" B "') OR sealed = 1"),
			 in_expected);
	RUN(&r, "--lang", "en", "retention", "--dry-run");
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "Would erase"));
	fx_run_free(&r);

	real = retention(false);
	assert_false(json_is_true(json_object_get(real, "dry_run")));
	assert_int_equal(num(real, "cases"), 3);
	assert_int_equal(num(real, "inbound"), in_expected);
	assert_int_equal(num(real, "inbound_parts"), parts_expected);
	assert_int_equal(num(real, "outbound"), out_expected);
	/* The closed cases: no text, no number; kind, status, dates stay. */
	assert_int_equal(fx_query_int(&fx, "SELECT count(*) FROM cases WHERE erased_at IS NOT NULL"
					   " AND text = '' AND sender = '' AND sender_tag = ''"
					   " AND status IN ('closed', 'rejected', 'transferred')"
					   " AND received_on = '2025-06-02'"),
			 3);
	assert_int_equal(fx_query_int(&fx, "SELECT count(*) FROM inbound WHERE sender IN ('" A
					   "', '" B "') OR sender LIKE 'sealed:%'"),
			 0);
	assert_int_equal(fx_query_int(&fx, "SELECT count(*) FROM inbound WHERE sender = '' AND"
					   " text = '' AND processed_at IS NOT NULL"),
			 in_expected);
	assert_int_equal(fx_query_int(&fx, "SELECT count(*) FROM inbound_part WHERE sender IN ('" A
					   "', '" B "') OR sender LIKE 'sealed:%' OR text LIKE"
					   " '%sat lo%'"),
			 0);
	assert_int_equal(fx_query_int(&fx, "SELECT count(*) FROM outbound WHERE recipient IN ('" A
					   "', '" B "') OR recipient LIKE 'sealed:%'"),
			 0);
	/* The open and the resolved case are untouched. */
	kept_after = fx_query_text(&fx, KEPT_SQL);
	assert_string_equal(kept_after, kept);
	/* The report says the same. */
	after = report_june();
	assert_string_equal(after, before);
	/* Both runs audited; a second run finds nothing. */
	assert_int_equal(fx_query_int(&fx, "SELECT count(*) FROM audit WHERE action = 'retention'"
					   " AND outcome = 'allowed' AND detail LIKE 'dry run%'"),
			 2);
	assert_int_equal(fx_query_int(&fx, "SELECT count(*) FROM audit WHERE action = 'retention'"
					   " AND outcome = 'allowed'"),
			 3);
	again = retention(false);
	assert_int_equal(num(again, "cases"), 0);
	json_decref(again);

	/* The open case is closed now; a month later the nightly run at 02:00
	 * erases it, audited as the daemon's. */
	set_status(d, "withdrawn");
	wait_int("SELECT count(*) FROM outbound WHERE state IN ('queued', 'sending')", 0);
	assert_int_equal(fx_daemon_stop(&fx), 0);
	/* Erased texts and numbers are gone from the file itself. */
	snprintf(db_wal, sizeof(db_wal), "%s-wal", fx.db);
	assert_false(file_holds(fx.db, "duong thon bi sat lo"));
	assert_false(file_holds(fx.db, "dat dai chua duoc boi thuong"));
	assert_false(file_holds(fx.db, "0911000002"));
	assert_true(file_holds(fx.db, "den duong thon hong")); /* kept, as a control */

	start_on("2025-08-21T01:59:55");
	wait_int("SELECT count(*) FROM audit WHERE action = 'retention' AND user = 'tiengdand'"
		 " AND detail LIKE 'daily run%1 case(s)%'",
		 1);
	assert_int_equal(fx_query_int(&fx, "SELECT count(*) FROM cases WHERE sender = '" D "'"), 0);
	assert_int_equal(fx_query_int(&fx, "SELECT count(*) FROM cases WHERE sender = '" E "' AND"
					   " erased_at IS NULL AND text = 'nuoc sinh hoat yeu'"),
			 1);
	assert_int_equal(
	    fx_query_int(&fx, "SELECT count(*) FROM cases WHERE erased_at IS NOT NULL"), 4);

	json_decref(dry);
	json_decref(real);
	free(a);
	free(b);
	free(c);
	free(d);
	free(e);
	free(before);
	free(after);
	free(kept);
	free(kept_after);
	fx_daemon_stop(&fx);
	fx_teardown(&fx);
	unsetenv("TIENGDAN_CLOCK");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_retention),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

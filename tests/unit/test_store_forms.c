/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The query plans of the forms' statements (store_forms.c) on a database
 * with many đơn: every table that grows with the register is reached by
 * an index, never scanned, so a half-year's form costs what that
 * half-year holds.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "fixture.h"
#include "store/store.h"
#include "store/store_forms_internal.h"

/* The tables that grow with the register, and their aliases (r is the
 * region of units, which does not). */
static const char *const growing[] = {
    "cases", "c", "case_handling", "h", "reception", "rv", "reception_case", "rc", "x", NULL};

/* Fails when the plan of sql scans a growing table or does not use the
 * index named want (NULL: any); returns the number of plan rows. */
static int check_plan(sqlite3 *db, const char *sql, const char *want)
{
	char q[8192];
	sqlite3_stmt *stmt;
	int n = 0;
	bool used = !want;

	snprintf(q, sizeof(q), "EXPLAIN QUERY PLAN %s", sql);
	assert_int_equal(sqlite3_prepare_v2(db, q, -1, &stmt, NULL), SQLITE_OK);
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		const char *detail = (const char *)sqlite3_column_text(stmt, 3);
		n++;
		used = used || strstr(detail, want);
		if (strncmp(detail, "SCAN ", 5))
			continue;
		for (const char *const *t = growing; *t; t++) {
			size_t len = strlen(*t);
			if (!strncmp(detail + 5, *t, len) &&
			    (detail[5 + len] == '\0' || detail[5 + len] == ' '))
				fail_msg("scans %s: %s", *t, detail);
		}
	}
	sqlite3_finalize(stmt);
	if (!used)
		fail_msg("the plan does not use %s", want);
	return n;
}

static void test_plans(void **state)
{
	struct fx f;
	char err[256];
	struct store *st;
	sqlite3 *db;

	(void)state;
	assert_int_equal(fx_setup(&f, 0, NULL), 0);
	st = store_open(f.db, err, sizeof(err));
	assert_non_null(st);
	assert_int_equal(sqlite3_open(f.db, &db), SQLITE_OK);
	/* Enough rows (and statistics) that the planner's choice is the
	 * one it makes on a real register. */
	assert_int_equal(
	    sqlite3_exec(db,
			 "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n"
			 " WHERE i < 5000) INSERT INTO cases (code, digits, kind, text, sender,"
			 " sender_tag, village, received_on, closed_on, status, created_at,"
			 " updated_at) SELECT 'PA' || i, i, 'feedback', 't', 's', 't', '101',"
			 " date('2024-01-01', '+' || (i % 700) || ' days'),"
			 " CASE WHEN i % 5 THEN date('2024-01-10', '+' || (i % 700) || ' days')"
			 " END, CASE WHEN i % 5 THEN 'resolved' ELSE 'received' END, 'x', 'x'"
			 " FROM n; ANALYZE;",
			 NULL, NULL, NULL),
	    SQLITE_OK);
	/* The đơn of the period: those received in it by cases_received, the
	 * older ones still open or closed since by cases_closed (015), not
	 * every older đơn. */
	assert_true(check_plan(db, store_forms_don_sql, "INDEX cases_closed") > 0);
	assert_true(check_plan(db, store_forms_don_sql, "INDEX cases_received") > 0);
	assert_true(check_plan(db, store_forms_visit_sql, "INDEX reception_date") > 0);
	sqlite3_close(db);
	store_close(st);
	fx_teardown(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_plans),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

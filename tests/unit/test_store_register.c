/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The register's migration on a real SQLite file: a database written by
 * the schema before it (SMS-era cases and their history) opens with this
 * build, each case becoming a đơn of channel sms, first-time, eligible,
 * within competence, its own vụ việc; the fields and offices are seeded;
 * and the old cases still group, classify and count.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/migrations.h"
#include "store/store.h"
#include "store/store_casework.h"
#include "store/store_register.h"
#include "fixture.h"

#define REGISTER_VERSION 14

static struct fx fx;

static void exec_ok(const char *sql)
{
	if (fx_exec(&fx, sql) != 0)
		fail_msg("SQL failed: %.200s", sql);
}

/* A database as the build before the register left it. */
static void old_database(void)
{
	char sql[256];
	int last = 0;
	FILE *f = fopen(fx.db, "w"); /* an empty file is a new database */

	assert_non_null(f);
	fclose(f);
	for (size_t i = 0; i < migrations_count; i++)
		if (migrations[i].version < REGISTER_VERSION) {
			exec_ok(migrations[i].sql);
			last = migrations[i].version;
		}
	snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", last);
	exec_ok(sql);
	exec_ok("INSERT INTO cases (code, digits, kind, status, text, sender, sender_tag,"
		" received_on, due_first, created_at, updated_at) VALUES"
		" ('KN3307155', '3307155', 'complaint', 'accepted', 'dat dai', '+84911000001',"
		" 'tag1', '2025-06-20', '2025-07-04', '2025-06-20T02:00:00.000Z',"
		" '2025-06-20T02:00:00.000Z'),"
		" ('PA4829138', '4829138', 'feedback', 'received', 'den duong', '+84911000002',"
		" 'tag2', '2025-06-21', '2025-07-05', '2025-06-21T02:00:00.000Z',"
		" '2025-06-21T02:00:00.000Z')");
	exec_ok("INSERT INTO case_event (case_id, at, actor, event, status_to) VALUES"
		" (1, '2025-06-20T02:00:00.000Z', 'sms', 'created', 'received')");
}

static void test_old_database_migrates(void **state)
{
	struct store *st;
	struct case_info kn, pa;
	struct tderr e = {0};
	char err[256], matter[CODE_MAX_LEN];
	json_t *counts;

	(void)state;
	assert_int_equal(fx_setup(&fx, 0, NULL), 0);
	old_database();
	st = store_open(fx.db, err, sizeof(err));
	if (!st)
		fail_msg("open: %s", err);
	assert_int_equal(store_schema_version(st), store_schema_latest());
	assert_int_equal(fx_query_int(&fx, "SELECT count(*) FROM cases WHERE channel = 'sms' AND"
					   " repeated = 0 AND eligible = 1 AND competent = 1 AND"
					   " matter_id IS NULL AND decision_no IS NULL"),
			 2);
	assert_int_equal(fx_query_int(&fx, "SELECT count(*) FROM case_event"), 1);
	assert_int_equal(fx_query_int(&fx, "SELECT count(*) FROM field"), 6);
	assert_int_equal(fx_query_int(&fx, "SELECT count(*) FROM field WHERE code = 'admin_land'"
					   " AND name = 'Hành chính: đất đai, nhà cửa'"),
			 1);
	assert_int_equal(fx_query_int(&fx, "SELECT count(*) FROM office WHERE office IS NULL"), 5);

	/* The old cases work as đơn: grouped, then counted. */
	assert_int_equal(store_case_get(st, "3307155", NULL, &kn, &e), 0);
	assert_int_equal(store_case_get(st, "4829138", NULL, &pa, &e), 0);
	assert_int_equal(store_begin(st), 0);
	assert_int_equal(store_case_link(st, &pa, &kn, "lan", matter, &e), 0);
	assert_int_equal(store_commit(st), 0);
	assert_string_equal(matter, "KN3307155");
	assert_int_equal(fx_query_int(&fx, "SELECT repeated FROM cases WHERE code = 'PA4829138'"),
			 1);
	counts = store_register_counts(st, "2025-06-01", "2025-06-30");
	assert_non_null(counts);
	assert_int_equal(json_integer_value(json_object_get(counts, "don")), 2);
	assert_int_equal(json_integer_value(json_object_get(counts, "vu_viec")), 1);
	assert_int_equal(json_integer_value(json_object_get(counts, "repeated")), 1);
	assert_int_equal(
	    json_integer_value(json_object_get(json_object_get(counts, "by_channel"), "sms")), 2);
	json_decref(counts);
	store_close(st);
	fx_teardown(&fx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_old_database_migrates),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

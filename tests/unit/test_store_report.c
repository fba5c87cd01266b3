/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The report over a period on a real SQLite file with the real Đam Rông
 * units: cases carried over, received, resolved on time or late,
 * transferred, withdrawn, pending and overdue, read from each case's
 * history; the roll-up of old villages and communes to the units that
 * replaced them (Đạ K'Nàng's cases count under Đam Rông 1), reports on
 * the former district and on everything, by kind and by commune, meetings,
 * and the caller's scope.
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

#include "store/store.h"
#include "store/store_report.h"
#include "store/store_units.h"
#include "util/clock.h"
#include "util/csv.h"
#include "fixture.h"

#define GEO_CSV TIENGDAN_SOURCE_DIR "/config/geo-damrong.csv"

struct ctx {
	struct fx f;
	struct store *st;
};

/* The seeded cases (see setup): code, kind, village, received, due_first,
 * accepted_on, due_resolve, and status changes "date:from>to" up to 3. */
static const struct {
	const char *code, *kind, *village, *received, *due, *accepted, *due_resolve;
	const char *events[3];
} seed[] = {
    {"KN1000002",
     "complaint",
     "DAKNANG.DAKNANG",
     "2025-05-20",
     "2025-06-03",
     "2025-05-28",
     "2025-07-09",
     {"2025-05-28:received>accepted", "2025-07-08:accepted>resolved"}},
    {"PA2000004", "feedback", "DAKNANG.PANGPA", "2025-06-10", "2025-06-24", NULL, NULL, {NULL}},
    {"PA3000006",
     "feedback",
     "108",
     "2025-07-02",
     "2025-07-16",
     NULL,
     NULL,
     {"2025-07-20:received>resolved"}},
    {"TC4000009",
     "denunciation",
     "103",
     "2025-07-05",
     "2025-07-18",
     NULL,
     NULL,
     {"2025-07-07:received>transferred"}},
    {"PA5000003",
     "feedback",
     "301",
     "2025-06-20",
     "2025-07-04",
     NULL,
     NULL,
     {"2025-07-01:received>in_progress", "2025-07-03:in_progress>resolved"}},
    {"KN6000005",
     "complaint",
     "DARSAL.PANGPEDONG",
     "2025-04-01",
     "2025-04-15",
     NULL,
     NULL,
     {"2025-04-10:received>rejected"}},
    {"PA7000008",
     "feedback",
     "PHILIENG.PHILIENG",
     "2025-06-25",
     "2025-07-09",
     NULL,
     NULL,
     {"2025-07-02:received>withdrawn"}},
    {"PA8000007", "feedback", NULL, "2025-07-03", "2025-07-17", NULL, NULL, {NULL}},
    {"PA9000001", "feedback", "108", "2025-08-05", "2025-08-19", NULL, NULL, {NULL}},
};

static const char *const dr3_only[] = {"DR3"};
static const struct unit_scope scope_dr3 = {dr3_only, 1};

static void exec_ok(struct ctx *c, const char *sql)
{
	if (fx_exec(&c->f, sql) != 0)
		fail_msg("SQL failed: %s", sql);
}

/* 'value' or NULL as SQL (test data only). */
static const char *sqlv(char *buf, size_t n, const char *v)
{
	if (!v)
		return "NULL";
	snprintf(buf, n, "'%s'", v);
	return buf;
}

static void seed_case(struct ctx *c, size_t i)
{
	char sql[2048], v[4][64];
	const char *status = "received";

	for (int k = 0; k < 3 && seed[i].events[k]; k++)
		status = strchr(seed[i].events[k], '>') + 1;
	snprintf(sql, sizeof(sql),
		 "INSERT INTO cases (code, digits, kind, status, text, sender, sender_tag, village,"
		 " received_on, due_first, accepted_on, due_resolve, created_at, updated_at)"
		 " VALUES ('%s', substr('%s', 3), '%s', '%s', 'x', '+84911000001', 't', %s, '%s',"
		 " '%s', %s, %s, 'x', 'x')",
		 seed[i].code, seed[i].code, seed[i].kind, status,
		 sqlv(v[0], sizeof(v[0]), seed[i].village), seed[i].received, seed[i].due,
		 sqlv(v[1], sizeof(v[1]), seed[i].accepted),
		 sqlv(v[2], sizeof(v[2]), seed[i].due_resolve));
	exec_ok(c, sql);
	for (int k = 0; k < 3 && seed[i].events[k]; k++) {
		const char *ev = seed[i].events[k];
		const char *gt = strchr(ev, '>');
		snprintf(
		    sql, sizeof(sql),
		    "INSERT INTO case_event (case_id, at, actor, event, status_from, status_to)"
		    " SELECT id, '%.10sT05:00:00.000Z', 'lan', 'status', '%.*s', '%s' FROM cases"
		    " WHERE code = '%s'",
		    ev, (int)(gt - ev - 11), ev + 11, gt + 1, seed[i].code);
		exec_ok(c, sql);
	}
}

static int setup(void **state)
{
	struct ctx *c = calloc(1, sizeof(*c));
	struct tderr e = {0};
	FILE *in = fopen(GEO_CSV, "r");
	char err[256];
	long long noon;
	json_t *rows;

	if (!in || clock_parse_date("2025-08-10", &noon) < 0)
		return -1;
	clock_set_offset_ms(0);
	clock_set_offset_ms(noon + 12 * 3600 * 1000LL - clock_now_ms());
	if (fx_setup(&c->f, 0, NULL) < 0)
		return -1;
	c->st = store_open(c->f.db, err, sizeof(err));
	rows = csv_read_objects(in, &e);
	fclose(in);
	if (!c->st || !rows || store_units_import(c->st, rows, &e) <= 0)
		return -1;
	json_decref(rows);
	*state = c;
	for (size_t i = 0; i < sizeof(seed) / sizeof(seed[0]); i++)
		seed_case(c, i);
	exec_ok(c,
		"INSERT INTO meeting (code, digits, village, meeting_date, present, total,"
		" opinions, topic, quorum, created_at) VALUES"
		" ('HT1185208', '1185208', '106', '2025-07-05', 45, 60, 3, 't', 1, 'x'),"
		" ('HT2000001', '2000001', 'DAKNANG.PANGPA', '2025-06-15', 20, 50, NULL, NULL, 0,"
		" 'x'),"
		" ('HT3000003', '3000003', '302', '2025-07-01', 30, 40, 1, NULL, 1, 'x'),"
		" ('HT4000005', '4000005', '106', '2025-05-01', 10, 10, 9, NULL, 1, 'x')");
	return 0;
}

static int teardown(void **state)
{
	struct ctx *c = *state;

	store_close(c->st);
	fx_teardown(&c->f);
	free(c);
	clock_set_offset_ms(0);
	return 0;
}

static long long fig(const json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);

	if (!json_is_integer(v))
		fail_msg("no figure %s", key);
	return json_integer_value(v);
}

/* Checks the case figures of obj: carried, received, resolved, on time,
 * transferred, other, pending, overdue. */
static void check_cases(const json_t *obj, const long long want[8])
{
	static const char *const keys[] = {"carried_over", "received",	   "resolved", "on_time",
					   "transferred",  "other_closed", "pending",  "overdue"};

	for (int i = 0; i < 8; i++)
		if (fig(obj, keys[i]) != want[i])
			fail_msg("%s: %lld, expected %lld", keys[i], fig(obj, keys[i]), want[i]);
	/* Every case of the period is accounted for once. */
	assert_int_equal(fig(obj, "total"), want[0] + want[1]);
	assert_int_equal(fig(obj, "total"), want[2] + want[4] + want[5] + want[6]);
}

static json_t *report(struct ctx *c, const char *from, const char *to, const char *unit,
		      const struct unit_scope *scope)
{
	struct report_query q = {.from = from, .to = to, .unit = unit};
	struct tderr e = {0};
	json_t *r = store_report(c->st, &q, scope, &e);

	if (!r)
		fail_msg("report failed: %d %s", e.msg, e.arg[0]);
	return r;
}

static const json_t *by(const json_t *r, const char *list, const char *key, const char *value)
{
	size_t i;
	json_t *row;

	json_array_foreach(json_object_get(r, list), i, row)
	{
		const char *s = json_string_value(json_object_get(row, key));
		if ((!value && !s) || (value && s && strcmp(s, value) == 0))
			return row;
	}
	fail_msg("no %s %s in %s", key, value ? value : "null", list);
	return NULL;
}

/* ------------------------------------------------------------------ */

static void test_commune_rolls_up_old_villages(void **state)
{
	struct ctx *c = *state;
	json_t *r = report(c, "2025-06-01", "2025-07-31", "DR1", NULL);
	const json_t *tot = json_object_get(r, "totals");

	check_cases(tot, (const long long[]){1, 4, 2, 1, 1, 1, 1, 1});
	assert_true(json_real_value(json_object_get(tot, "on_time_rate")) == 50.0);
	check_cases(by(r, "by_kind", "kind", "feedback"),
		    (const long long[]){0, 3, 1, 0, 0, 1, 1, 1});
	check_cases(by(r, "by_kind", "kind", "complaint"),
		    (const long long[]){1, 0, 1, 1, 0, 0, 0, 0});
	check_cases(by(r, "by_kind", "kind", "denunciation"),
		    (const long long[]){0, 1, 0, 0, 1, 0, 0, 0});
	assert_true(json_is_null(
	    json_object_get(by(r, "by_kind", "kind", "denunciation"), "on_time_rate")));
	/* On the last day everything is in Đam Rông 1. */
	assert_int_equal(json_array_size(json_object_get(r, "by_unit")), 1);
	assert_string_equal(
	    json_string_value(json_object_get(by(r, "by_unit", "unit", "DR1"), "name")),
	    "Đam Rông 1");
	assert_string_equal(json_string_value(json_object_get(json_object_get(r, "unit"), "level")),
			    "commune");
	/* Meetings in 106 and in the old village of Păng Pá. */
	assert_int_equal(fig(tot, "meetings"), 2);
	assert_int_equal(fig(tot, "households_present"), 65);
	assert_int_equal(fig(tot, "households_total"), 110);
	assert_int_equal(fig(tot, "opinions"), 3);
	assert_int_equal(fig(tot, "quorum_met"), 1);
	json_decref(r);
}

static void test_former_district_and_everything(void **state)
{
	struct ctx *c = *state;
	json_t *r = report(c, "2025-06-01", "2025-07-31", "DR", NULL);

	check_cases(json_object_get(r, "totals"), (const long long[]){1, 5, 3, 2, 1, 1, 1, 1});
	check_cases(by(r, "by_unit", "unit", "DR1"), (const long long[]){1, 4, 2, 1, 1, 1, 1, 1});
	check_cases(by(r, "by_unit", "unit", "DR3"), (const long long[]){0, 1, 1, 1, 0, 0, 0, 0});
	assert_int_equal(fig(by(r, "by_unit", "unit", "DR3"), "meetings"), 1);
	assert_int_equal(fig(json_object_get(r, "totals"), "meetings"), 3);
	json_decref(r);

	/* The province, old or new, and no unit: the case without a village
	 * only in the last, listed last. */
	r = report(c, "2025-06-01", "2025-07-31", "LD", NULL);
	check_cases(json_object_get(r, "totals"), (const long long[]){1, 5, 3, 2, 1, 1, 1, 1});
	json_decref(r);
	r = report(c, "2025-06-01", "2025-07-31", "LD-OLD", NULL);
	check_cases(json_object_get(r, "totals"), (const long long[]){1, 5, 3, 2, 1, 1, 1, 1});
	json_decref(r);
	r = report(c, "2025-06-01", "2025-07-31", NULL, NULL);
	check_cases(json_object_get(r, "totals"), (const long long[]){1, 6, 3, 2, 1, 1, 2, 2});
	assert_true(json_is_null(json_object_get(r, "unit")));
	assert_true(json_is_null(
	    json_object_get(json_array_get(json_object_get(r, "by_unit"), 2), "unit")));
	json_decref(r);
}

static void test_old_commune_and_period_end(void **state)
{
	struct ctx *c = *state;
	json_t *r;

	/* Đạ K'Nàng: its villages and Đam Rông 1 as a whole (village 103
	 * included), not the other old commune merged into it. */
	r = report(c, "2025-06-01", "2025-07-31", "DAKNANG", NULL);
	check_cases(json_object_get(r, "totals"), (const long long[]){1, 3, 2, 1, 1, 0, 1, 1});
	json_decref(r);

	/* June: statuses as they were on 30/06 (the history, not today's),
	 * and the communes then in force. */
	r = report(c, "2025-06-01", "2025-06-30", "DR", NULL);
	check_cases(json_object_get(r, "totals"), (const long long[]){1, 3, 0, 0, 0, 0, 4, 1});
	check_cases(by(r, "by_unit", "unit", "DAKNANG"),
		    (const long long[]){1, 1, 0, 0, 0, 0, 2, 1});
	check_cases(by(r, "by_unit", "unit", "PHILIENG"),
		    (const long long[]){0, 1, 0, 0, 0, 0, 1, 0});
	json_decref(r);

	/* A period not over yet: nothing is overdue before its time (today is
	 * 2025-08-10; the case of 05/08 is due 19/08). */
	r = report(c, "2025-06-01", "2025-12-31", "DR1", NULL);
	check_cases(json_object_get(r, "totals"), (const long long[]){1, 5, 2, 1, 1, 1, 2, 1});
	json_decref(r);

	/* A case closed before the period is not in it. */
	r = report(c, "2025-05-01", "2025-05-31", "DARSAL", NULL);
	check_cases(json_object_get(r, "totals"), (const long long[]){0, 0, 0, 0, 0, 0, 0, 0});
	json_decref(r);
}

static void test_scope_and_errors(void **state)
{
	struct ctx *c = *state;
	struct report_query q = {.from = "2025-07-31", .to = "2025-06-01"};
	struct tderr e = {0};
	json_t *r = report(c, "2025-06-01", "2025-07-31", NULL, &scope_dr3);

	check_cases(json_object_get(r, "totals"), (const long long[]){0, 1, 1, 1, 0, 0, 0, 0});
	assert_int_equal(fig(json_object_get(r, "totals"), "meetings"), 1);
	json_decref(r);

	assert_null(store_report(c->st, &q, NULL, &e));
	assert_int_equal(e.msg, M_BAD_DATES);
	q = (struct report_query){.from = "2025-06-01", .to = "2025-06-31"};
	assert_null(store_report(c->st, &q, NULL, &e));
	assert_int_equal(e.msg, M_BAD_DATE);
	q = (struct report_query){.from = "2025-06-01", .to = "2025-06-30", .unit = "NOWHERE"};
	assert_null(store_report(c->st, &q, NULL, &e));
	assert_int_equal(e.msg, M_UNKNOWN_UNIT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_commune_rolls_up_old_villages),
	    cmocka_unit_test(test_former_district_and_everything),
	    cmocka_unit_test(test_old_commune_and_period_end),
	    cmocka_unit_test(test_scope_and_errors),
	};

	setenv("TZ", "ICT-7", 1);
	tzset();
	return cmocka_run_group_tests(tests, setup, teardown);
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of working-day deadlines: weekends, holidays on a Monday, a Tết
 * range over two weeks, year ends and leap days, bad holiday entries, the
 * agreement of between() with add(), and the per-kind deadline rules.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/workdays.h"

static struct workdays_date D(const char *s) {
	struct workdays_date d = {0, 0, 0};

	if (workdays_date_parse(s, &d) != 0)
		fail_msg("test date %s does not parse", s);
	return d;
}

static void
assert_date(struct workdays_date got, const char *want)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%04d-%02d-%02d", got.year, got.month, got.day);
	assert_string_equal(buf, want);
}

static void assert_add(const struct workdays *cal, const char *start, int n, const char *want)
{
	struct workdays_date due;

	assert_int_equal(workdays_add(cal, D(start), n, &due), 0);
	assert_date(due, want);
	assert_int_equal(workdays_between(cal, D(start), due), n);
}

static struct workdays *cal_of(const char *const *h, size_t n)
{
	char err[128];
	struct workdays *cal = workdays_new(h, n, err, sizeof(err));

	if (!cal)
		fail_msg("calendar refused: %s", err);
	return cal;
}

/* ------------------------------------------------------------ civil dates */

static void test_dates(void **state)
{
	struct workdays_date d;

	assert_int_equal(workdays_day_number(D("1970-01-01")), 0);
	assert_int_equal(workdays_day_number(D("1970-01-02")), 1);
	assert_int_equal(workdays_day_number(D("1969-12-31")), -1);
	assert_int_equal(
	    workdays_day_number(D("2000-03-01")) - workdays_day_number(D("2000-02-28")), 2);
	assert_int_equal(workdays_weekday(D("2025-07-04")), 4); /* Friday */
	assert_int_equal(workdays_weekday(D("1970-01-01")), 3); /* Thursday */
	assert_int_equal(workdays_weekday(D("2028-02-29")), 1); /* Tuesday */
	assert_int_equal(workdays_weekday(D("1969-12-29")), 0); /* Monday */

	/* Every day of 1899..2101 survives the round trip, one day apart. */
	long first = workdays_day_number(D("1899-01-01"));
	long last = workdays_day_number(D("2101-12-31"));
	for (long n = first; n <= last; n++) {
		d = workdays_from_day_number(n);
		assert_true(workdays_date_valid(d));
		assert_int_equal(workdays_day_number(d), n);
	}

	assert_int_equal(workdays_date_parse("2024-02-29", &d), 0);
	assert_int_equal(workdays_date_parse("2000-02-29", &d), 0);
	assert_int_equal(workdays_date_parse("2100-02-29", &d), -1);
	assert_int_equal(workdays_date_parse("2025-02-29", &d), -1);
	assert_int_equal(workdays_date_parse("2025-04-31", &d), -1);
	assert_int_equal(workdays_date_parse("2025-00-10", &d), -1);
	assert_int_equal(workdays_date_parse("2025-01-00", &d), -1);
	assert_int_equal(workdays_date_parse("2025-1-10", &d), -1);
	assert_int_equal(workdays_date_parse("2025-01-10 ", &d), -1);
	assert_int_equal(workdays_date_parse("2025/01/10", &d), -1);
	assert_int_equal(workdays_date_parse("+025-01-10", &d), -1);
	assert_int_equal(workdays_date_parse(NULL, &d), -1);

	assert_true(workdays_date_cmp(D("2025-12-31"), D("2026-01-01")) < 0);
	assert_true(workdays_date_cmp(D("2026-01-01"), D("2025-12-31")) > 0);
	assert_int_equal(workdays_date_cmp(D("2026-01-01"), D("2026-01-01")), 0);
}

/* -------------------------------------------------------------- counting */

static void test_weekends(void **state)
{
	struct workdays *cal = cal_of(NULL, 0);
	struct workdays_date due;

	/* The example of the header: Friday + 1 is Monday. */
	assert_add(cal, "2025-07-04", 1, "2025-07-07");
	/* Received on Saturday or Sunday: Monday is day 1. */
	assert_add(cal, "2025-07-05", 1, "2025-07-07");
	assert_add(cal, "2025-07-06", 1, "2025-07-07");
	assert_add(cal, "2025-07-05", 2, "2025-07-08");
	/* Monday + 4 is Friday, + 5 the next Monday. */
	assert_add(cal, "2025-07-07", 4, "2025-07-11");
	assert_add(cal, "2025-07-07", 5, "2025-07-14");
	/* Ten working days from a Friday: two weeks later. */
	assert_add(cal, "2025-07-04", 10, "2025-07-18");
	/* n = 0 is the start itself, even on a weekend. */
	assert_add(cal, "2025-07-05", 0, "2025-07-05");

	assert_true(workdays_is_workday(cal, D("2025-07-04")));
	assert_false(workdays_is_workday(cal, D("2025-07-05")));
	assert_false(workdays_is_workday(cal, D("2025-07-06")));

	/* Refused: negative, too many, invalid start. */
	assert_int_equal(workdays_add(cal, D("2025-07-04"), -1, &due), -1);
	assert_int_equal(workdays_add(cal, D("2025-07-04"), WORKDAYS_MAX_COUNT + 1, &due), -1);
	assert_int_equal(workdays_add(cal, (struct workdays_date){2025, 2, 30}, 1, &due), -1);
	/* The end of the calendar. */
	assert_int_equal(workdays_add(cal, D("9999-12-30"), 5, &due), -1);
	assert_int_equal(workdays_add(cal, D("9999-12-31"), 1, &due), -1);
	assert_add(cal, "9999-12-30", 1, "9999-12-31");
	assert_int_equal(
	    workdays_between(cal, (struct workdays_date){2025, 2, 30}, D("2025-03-01")),
	    WORKDAYS_BAD_DATE);

	/* A six-day week: only Sunday off. */
	assert_int_equal(workdays_set_weekend(cal, WORKDAYS_SUN), 0);
	assert_add(cal, "2025-07-04", 1, "2025-07-05");
	assert_add(cal, "2025-07-05", 1, "2025-07-07");
	/* No working day left, or a bit that is no day: refused, unchanged. */
	assert_int_equal(workdays_set_weekend(cal, 0x7F), -1);
	assert_int_equal(workdays_set_weekend(cal, 0x80 | WORKDAYS_SAT), -1);
	assert_add(cal, "2025-07-04", 1, "2025-07-05");
	/* Friday and Saturday off instead. */
	assert_int_equal(workdays_set_weekend(cal, WORKDAYS_FRI | WORKDAYS_SAT), 0);
	assert_add(cal, "2025-07-03", 1, "2025-07-06");
	workdays_free(cal);
}

static void test_holiday_monday(void **state)
{
	/* Hùng Kings' day 2025 was Monday 7 April. */
	static const char *const h[] = {"2025-04-07"};
	struct workdays *cal = cal_of(h, 1);

	assert_false(workdays_is_workday(cal, D("2025-04-07")));
	assert_add(cal, "2025-04-04", 1, "2025-04-08");
	assert_add(cal, "2025-04-05", 1, "2025-04-08");
	assert_add(cal, "2025-04-07", 1, "2025-04-08");
	assert_add(cal, "2025-04-03", 2, "2025-04-08");
	/* Ten days across it: one day later than without it. */
	assert_add(cal, "2025-04-04", 10, "2025-04-21");
	assert_int_equal(workdays_between(cal, D("2025-04-04"), D("2025-04-07")), 0);
	workdays_free(cal);
}

static void test_tet_range(void **state)
{
	/* Tết 2026: Saturday 14 to Sunday 22 February. */
	static const char *const h[] = {"2026-01-01", "2026-02-14..2026-02-22"};
	struct workdays *cal = cal_of(h, 2);

	for (int d = 14; d <= 22; d++) {
		struct workdays_date x = {2026, 2, d};
		assert_false(workdays_is_workday(cal, x));
	}
	assert_true(workdays_is_workday(cal, D("2026-02-13")));
	assert_true(workdays_is_workday(cal, D("2026-02-23")));
	/* Thursday 12: Friday 13 is day 1, then Monday 23, Tuesday 24. */
	assert_add(cal, "2026-02-12", 3, "2026-02-24");
	/* Received during Tết: counting starts after it. */
	assert_add(cal, "2026-02-17", 1, "2026-02-23");
	assert_add(cal, "2026-02-17", 10, "2026-03-06");
	/* Ten days from before Tết: two weeks plus the five days of Tết. */
	assert_add(cal, "2026-02-06", 10, "2026-02-27");
	assert_int_equal(workdays_between(cal, D("2026-02-13"), D("2026-02-22")), 0);
	assert_int_equal(workdays_between(cal, D("2026-02-13"), D("2026-02-23")), 1);
	/* Spaces around ".." are allowed; the same calendar results. */
	static const char *const h2[] = {"2026-02-14 .. 2026-02-22"};
	struct workdays *cal2 = cal_of(h2, 1);
	assert_add(cal2, "2026-02-12", 3, "2026-02-24");
	workdays_free(cal2);
	workdays_free(cal);
}

static void test_year_end(void **state)
{
	struct workdays *plain = cal_of(NULL, 0);
	static const char *const h[] = {"2026-01-01"};
	struct workdays *cal = cal_of(h, 1);

	/* Monday 29 December + 5 across the new year. */
	assert_add(plain, "2025-12-29", 5, "2026-01-05");
	assert_add(cal, "2025-12-29", 5, "2026-01-06");
	assert_add(cal, "2025-12-31", 1, "2026-01-02");
	assert_add(cal, "2025-12-31", 2, "2026-01-05");
	workdays_free(plain);
	workdays_free(cal);
}

static void test_leap_day(void **state)
{
	struct workdays *cal = cal_of(NULL, 0);

	/* 2028-02-29 is a Tuesday and a working day. */
	assert_true(workdays_is_workday(cal, D("2028-02-29")));
	assert_add(cal, "2028-02-25", 2, "2028-02-29");
	assert_add(cal, "2028-02-28", 1, "2028-02-29");
	assert_add(cal, "2028-02-28", 2, "2028-03-01");
	/* No 29 February in 2027: Friday 26 + 1 is Monday 1 March. */
	assert_add(cal, "2027-02-26", 1, "2027-03-01");
	/* 2100 is no leap year: Friday 26 February + 2 is Tuesday 2 March. */
	assert_add(cal, "2100-02-26", 2, "2100-03-02");
	workdays_free(cal);
}

static void assert_refused(const char *entry, const char *why)
{
	const char *h[] = {"2025-01-01", entry};
	char err[160], want[64];

	assert_null(workdays_new(h, 2, err, sizeof(err)));
	/* The second entry is named, with its text and the reason. */
	assert_non_null(strstr(err, "holiday 2"));
	snprintf(want, sizeof(want), "\"%s\"", entry ? entry : "(null)");
	assert_non_null(strstr(err, want));
	assert_non_null(strstr(err, why));
}

static void test_bad_entries(void **state)
{
	assert_refused("2025-02-30", "no such date");
	assert_refused("2025-13-01", "no such date");
	assert_refused("2025-02-29", "no such date");
	assert_refused("2025-00-01", "no such date");
	assert_refused("2026-02-22..2026-02-14", "ends before it starts");
	assert_refused("2026-02-14..2026-02-30", "no such date");
	assert_refused("2026-02-14..2027-02-22", "longer than a year");
	assert_refused("2026-02-14..", "not a date");
	assert_refused("2026-02-14..2026-2-22", "not a date");
	assert_refused("2026-02-14-2026-02-22", "not a date");
	assert_refused("2025-1-1", "not a date");
	assert_refused("Tet", "not a date");
	assert_refused("", "not a date");
	assert_refused(NULL, "not a date");

	/* Without an error buffer: still refused, no crash. */
	static const char *const bad[] = {"2025-02-30"};
	assert_null(workdays_new(bad, 1, NULL, 0));

	/* A whole year is accepted; overlapping and touching ranges merge. */
	static const char *const ok[] = {"2026-02-18..2026-02-25", "2026-02-14..2026-02-20",
					 "2026-02-26", "2025-01-01..2026-01-01"};
	struct workdays *cal = cal_of(ok, 4);
	assert_false(workdays_is_workday(cal, D("2026-02-26")));
	assert_false(workdays_is_workday(cal, D("2026-02-23")));
	assert_true(workdays_is_workday(cal, D("2026-02-27")));
	assert_add(cal, "2026-02-12", 2, "2026-02-27");
	workdays_free(cal);
}

/* between() agrees with add() for every start and count, both ways. */
static void test_between_agrees(void **state)
{
	static const char *const h[] = {
	    "2025-01-01",
	    "2025-01-25..2025-02-02",
	    "2025-04-07",
	    "2025-04-30..2025-05-01",
	    "2025-09-01..2025-09-02",
	    "2026-01-01",
	    "2026-02-14..2026-02-22",
	    "2026-04-27",
	    "2026-04-30..2026-05-01",
	    "2026-09-02",
	    "2028-02-29",
	};
	struct workdays *cal = cal_of(h, sizeof(h) / sizeof(h[0]));
	long first = workdays_day_number(D("2024-12-20"));
	long last = workdays_day_number(D("2026-03-10"));

	for (long s = first; s <= last; s++) {
		struct workdays_date start = workdays_from_day_number(s), due;
		for (int n = 0; n <= 40; n++) {
			assert_int_equal(workdays_add(cal, start, n, &due), 0);
			assert_int_equal(workdays_between(cal, start, due), n);
			assert_int_equal(workdays_between(cal, due, start), -n);
			if (n == 0)
				continue;
			/* The due date is a working day, and the first one that
			 * completes the count. */
			assert_true(workdays_is_workday(cal, due));
			struct workdays_date before =
			    workdays_from_day_number(workdays_day_number(due) - 1);
			assert_int_equal(workdays_between(cal, start, before), n - 1);
		}
	}
	/* Across the leap holiday of 2028 too. */
	assert_add(cal, "2028-02-28", 1, "2028-03-01");
	workdays_free(cal);
}

/* ------------------------------------------------------- deadline rules */

static void test_default_rules(void **state)
{
	const struct workdays_rule *r;

	assert_int_equal(workdays_rules_default_count, 3);
	r = workdays_rule_find(workdays_rules_default, workdays_rules_default_count,
			       CODE_KIND_COMPLAINT);
	assert_non_null(r);
	assert_int_equal(r->first_days, 10);
	assert_int_equal(r->resolution_days, 30);
	assert_int_equal(r->complex_days, 45);
	assert_int_equal(r->remote_extra_days, 15);
	assert_true(r->from_acceptance);
	r = workdays_rule_find(workdays_rules_default, workdays_rules_default_count,
			       CODE_KIND_FEEDBACK);
	assert_non_null(r);
	assert_int_equal(r->first_days, 10);
	r = workdays_rule_find(workdays_rules_default, workdays_rules_default_count,
			       CODE_KIND_DENUNCIATION);
	assert_non_null(r);
	assert_int_equal(r->first_days, 10);
	/* Law on Denunciations 2018 Art. 30: 30 days from acceptance, a
	 * complex case once more. */
	assert_int_equal(r->resolution_days, 30);
	assert_int_equal(r->complex_days, 60);
	assert_true(r->from_acceptance);
	assert_null(workdays_rule_find(workdays_rules_default, workdays_rules_default_count,
				       CODE_KIND_MEETING));
}

static void test_due_dates(void **state)
{
	struct workdays *cal = cal_of(NULL, 0);
	const struct workdays_rule *complaint = workdays_rule_find(
	    workdays_rules_default, workdays_rules_default_count, CODE_KIND_COMPLAINT);
	const struct workdays_rule *feedback = workdays_rule_find(
	    workdays_rules_default, workdays_rules_default_count, CODE_KIND_FEEDBACK);
	const struct workdays_rule *denunciation = workdays_rule_find(
	    workdays_rules_default, workdays_rules_default_count, CODE_KIND_DENUNCIATION);
	struct workdays_date accepted = D("2025-07-10"); /* a Thursday */
	struct workdays_due due;

	/* Complaint, not accepted yet: only the acceptance deadline. */
	assert_int_equal(workdays_due(cal, complaint, D("2025-07-04"), NULL, 0, &due), 0);
	assert_true(due.has_first);
	assert_date(due.first, "2025-07-18");
	assert_false(due.has_resolution);

	/* 30 working days from Thursday 10 July: six weeks later. */
	assert_int_equal(workdays_due(cal, complaint, D("2025-07-04"), &accepted, 0, &due), 0);
	assert_date(due.first, "2025-07-18");
	assert_true(due.has_resolution);
	assert_date(due.resolution, "2025-08-21");
	/* Complex: 45, nine weeks; remote: 30 + 15, the same; both: 60. */
	assert_int_equal(
	    workdays_due(cal, complaint, D("2025-07-04"), &accepted, WORKDAYS_COMPLEX, &due), 0);
	assert_date(due.resolution, "2025-09-11");
	assert_int_equal(
	    workdays_due(cal, complaint, D("2025-07-04"), &accepted, WORKDAYS_REMOTE, &due), 0);
	assert_date(due.resolution, "2025-09-11");
	assert_int_equal(workdays_due(cal, complaint, D("2025-07-04"), &accepted,
				      WORKDAYS_COMPLEX | WORKDAYS_REMOTE, &due),
			 0);
	assert_date(due.resolution, "2025-10-02");

	/* Feedback: 10 days, no resolution by default, and the flags change
	 * nothing. A denunciation accepted on 10 July: 30 working days. */
	assert_int_equal(workdays_due(cal, feedback, D("2025-07-05"), NULL,
				      WORKDAYS_COMPLEX | WORKDAYS_REMOTE, &due),
			 0);
	assert_date(due.first, "2025-07-18");
	assert_false(due.has_resolution);
	assert_int_equal(workdays_due(cal, denunciation, D("2025-07-04"), &accepted, 0, &due), 0);
	assert_date(due.first, "2025-07-18");
	assert_true(due.has_resolution);
	assert_date(due.resolution, "2025-08-21");

	/* A configured feedback resolution counts from receipt. */
	struct workdays_rule fb = *feedback;
	fb.resolution_days = 15;
	assert_int_equal(workdays_due(cal, &fb, D("2025-07-04"), NULL, 0, &due), 0);
	assert_true(due.has_resolution);
	assert_date(due.resolution, "2025-07-25");

	/* Holidays move the deadlines: 2 September 2025 (Tuesday). */
	static const char *const h[] = {"2025-09-01..2025-09-02"};
	struct workdays *vn = cal_of(h, 1);
	assert_int_equal(
	    workdays_due(vn, complaint, D("2025-07-04"), &accepted, WORKDAYS_COMPLEX, &due), 0);
	assert_date(due.resolution, "2025-09-15");
	workdays_free(vn);

	/* Bad input. */
	struct workdays_date bad = {2025, 2, 30};
	assert_int_equal(workdays_due(cal, complaint, bad, NULL, 0, &due), -1);
	assert_int_equal(workdays_due(cal, complaint, D("2025-07-04"), &bad, 0, &due), -1);
	fb.resolution_days = -1;
	assert_int_equal(workdays_due(cal, &fb, D("2025-07-04"), NULL, 0, &due), -1);
	workdays_free(cal);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_dates),	   cmocka_unit_test(test_weekends),
	    cmocka_unit_test(test_holiday_monday), cmocka_unit_test(test_tet_range),
	    cmocka_unit_test(test_year_end),	   cmocka_unit_test(test_leap_day),
	    cmocka_unit_test(test_bad_entries),	   cmocka_unit_test(test_between_agrees),
	    cmocka_unit_test(test_default_rules),  cmocka_unit_test(test_due_dates),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

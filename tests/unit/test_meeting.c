/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of meeting reports: each date form, the year wrap, future and
 * too-old dates, attendance, opinions and topic, bodies that do not fit.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "core/meeting.h"

static const struct meeting_date today = {2025, 7, 10};

static enum meeting_error date_of(const char *s, struct meeting_date now, struct meeting_date *d,
				  bool *year)
{
	return meeting_parse_date(s, strlen(s), now, d, year);
}

static void assert_date(const char *s, int y, int m, int d, bool year_given)
{
	struct meeting_date got;
	bool yg;

	assert_int_equal(date_of(s, today, &got, &yg), MEETING_OK);
	assert_int_equal(got.year, y);
	assert_int_equal(got.month, m);
	assert_int_equal(got.day, d);
	assert_int_equal(yg, year_given);
}

static void test_date_forms(void **state)
{
	assert_date("15/6", 2025, 6, 15, false);
	assert_date("2/7/25", 2025, 7, 2, true);
	assert_date("2/7/2025", 2025, 7, 2, true);
	assert_date("20-6", 2025, 6, 20, false);
	assert_date("1.7", 2025, 7, 1, false);
	assert_date("10/07", 2025, 7, 10, false); /* today itself */
}

static void test_date_errors(void **state)
{
	struct meeting_date d;
	bool y;

	assert_int_equal(date_of("11/7", today, &d, &y), MEETING_FUTURE_DATE);
	assert_int_equal(date_of("11/7/2025", today, &d, &y), MEETING_FUTURE_DATE);
	/* 60 days back is allowed, 61 is not */
	assert_int_equal(date_of("11/5", today, &d, &y), MEETING_OK);
	assert_int_equal(date_of("10/5", today, &d, &y), MEETING_OLD_DATE);
	assert_int_equal(date_of("10/5/2025", today, &d, &y), MEETING_OLD_DATE);
	assert_int_equal(date_of("31/6", today, &d, &y), MEETING_BAD_DATE);
	assert_int_equal(date_of("0/6", today, &d, &y), MEETING_BAD_DATE);
	assert_int_equal(date_of("15/13", today, &d, &y), MEETING_BAD_DATE);
	assert_int_equal(date_of("15/6/202", today, &d, &y), MEETING_NO_DATE);
	assert_int_equal(date_of("15/6-2025", today, &d, &y), MEETING_NO_DATE);
	assert_int_equal(date_of("hom qua", today, &d, &y), MEETING_NO_DATE);
	assert_int_equal(date_of("15", today, &d, &y), MEETING_NO_DATE);
	assert_int_equal(date_of("", today, &d, &y), MEETING_NO_DATE);
}

static void test_year_wrap(void **state)
{
	struct meeting_date jan5 = {2025, 1, 5}, d;
	bool y;

	assert_int_equal(date_of("20/12", jan5, &d, &y), MEETING_OK);
	assert_int_equal(d.year, 2024);
	assert_int_equal(d.month, 12);
	assert_int_equal(date_of("3/1", jan5, &d, &y), MEETING_OK);
	assert_int_equal(d.year, 2025);
	assert_int_equal(date_of("6/1", jan5, &d, &y), MEETING_FUTURE_DATE);
	assert_int_equal(date_of("20/12/2025", jan5, &d, &y), MEETING_FUTURE_DATE);
	assert_int_equal(date_of("1/10", jan5, &d, &y), MEETING_OLD_DATE);
}

static void test_leap_day(void **state)
{
	struct meeting_date mar1 = {2024, 3, 1}, d;
	bool y;

	assert_true(meeting_date_valid(2024, 2, 29));
	assert_false(meeting_date_valid(2025, 2, 29));
	assert_false(meeting_date_valid(1900, 2, 29));
	assert_true(meeting_date_valid(2000, 2, 29));
	assert_int_equal(date_of("29/2", mar1, &d, &y), MEETING_OK);
	assert_int_equal(meeting_day_number((struct meeting_date){1970, 1, 1}), 0);
	assert_int_equal(meeting_day_number((struct meeting_date){2025, 7, 10}) -
			     meeting_day_number((struct meeting_date){2024, 7, 10}),
			 365);
}

static void test_full_report(void **state)
{
	const char body[] = "15/6 45/60 3 sua duong lien thon  ";
	struct meeting_report m;

	assert_int_equal(meeting_parse(body, strlen(body), today, &m), MEETING_OK);
	assert_int_equal(m.present, 45);
	assert_int_equal(m.total, 60);
	assert_int_equal(m.opinions, 3);
	assert_true(m.quorum);
	assert_int_equal(m.topic_len, strlen("sua duong lien thon"));
	assert_memory_equal(body + m.topic_off, "sua duong lien thon", m.topic_len);
}

static void test_optional_parts(void **state)
{
	struct meeting_report m;

	assert_int_equal(meeting_parse("2/7/2025 38/52", 14, today, &m), MEETING_OK);
	assert_int_equal(m.opinions, -1);
	assert_int_equal(m.topic_len, 0);
	assert_int_equal(meeting_parse("2/7 38/52 hop ban", 17, today, &m), MEETING_OK);
	assert_int_equal(m.opinions, -1);
	assert_int_equal(m.topic_off, 10);
	assert_int_equal(m.topic_len, 7);
	assert_int_equal(meeting_parse("2/7, 38/52, 4, bau to truong", 28, today, &m), MEETING_OK);
	assert_int_equal(m.opinions, 4);
}

static void test_quorum(void **state)
{
	struct meeting_report m;

	assert_int_equal(meeting_parse("2/7 30/60", 9, today, &m), MEETING_OK);
	assert_false(m.quorum); /* exactly half is not more than half */
	assert_int_equal(meeting_parse("2/7 31/60", 9, today, &m), MEETING_OK);
	assert_true(m.quorum);
	assert_int_equal(meeting_parse("2/7 60/60", 9, today, &m), MEETING_OK);
	assert_true(m.quorum);
}

static void test_bodies_that_do_not_fit(void **state)
{
	static const struct {
		const char *body;
		enum meeting_error want;
	} cases[] = {
	    {"15/6 70/60 3", MEETING_PRESENT_GT_TOTAL},
	    {"15/6 0/0", MEETING_ZERO_TOTAL},
	    {"15/6", MEETING_NO_COUNT},
	    {"15/6 45", MEETING_NO_COUNT},
	    {"15/6 45/", MEETING_NO_COUNT},
	    {"15/6 45/6x", MEETING_NO_COUNT},
	    {"15/6 45/999999", MEETING_NO_COUNT},
	    {"hom qua 45/60", MEETING_NO_DATE},
	    {"", MEETING_NO_DATE},
	    {"15/8 45/60", MEETING_FUTURE_DATE},
	};
	struct meeting_report m;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_int_equal(meeting_parse(cases[i].body, strlen(cases[i].body), today, &m),
				 cases[i].want);
	assert_string_equal(meeting_error_reason(MEETING_PRESENT_GT_TOTAL), "present>total");
	assert_null(meeting_error_reason(MEETING_OK));
}

static void test_format(void **state)
{
	char buf[16];

	assert_string_equal(meeting_date_format((struct meeting_date){2025, 7, 2}, true, buf, 16),
			    "02/07/2025");
	assert_string_equal(meeting_date_format((struct meeting_date){2025, 6, 15}, false, buf, 16),
			    "15/06");
}

/* Counts as heads write them: "45 ho/60 ho", spaces around the slash. */
static void test_counts_with_households(void **state)
{
	static const char *const bodies[] = {
	    "15/6 45 ho/60 ho 3 sua duong", "15/6 45ho/60ho 3 sua duong",
	    "15/6 45 hộ / 60 hộ 3 sua duong", "15/6 45 / 60 3 sua duong",
	    "15/6 45/60 HO 3 sua duong"};
	struct meeting_report m;

	for (size_t i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++) {
		assert_int_equal(meeting_parse(bodies[i], strlen(bodies[i]), today, &m),
				 MEETING_OK);
		assert_int_equal(m.present, 45);
		assert_int_equal(m.total, 60);
		assert_int_equal(m.opinions, 3);
		assert_memory_equal(bodies[i] + m.topic_off, "sua duong", m.topic_len);
	}
	/* "hoa" is a topic word, not households */
	assert_int_equal(meeting_parse("15/6 45/60 hoa giai", 19, today, &m), MEETING_OK);
	assert_memory_equal("15/6 45/60 hoa giai" + m.topic_off, "hoa giai", m.topic_len);
}

/* Nobody present is no meeting; the counts are read after a bad date. */
static void test_zero_present_and_counts_after_date(void **state)
{
	struct meeting_report m;

	assert_int_equal(meeting_parse("1/7 0/80", 8, today, &m), MEETING_ZERO_PRESENT);
	assert_int_equal(meeting_parse("31/11 45/60", 11, today, &m), MEETING_BAD_DATE);
	assert_true(m.has_counts);
	assert_int_equal(m.present, 45);
	assert_int_equal(meeting_parse("15/4 45/60", 10, today, &m), MEETING_OLD_DATE);
	assert_int_equal(m.total, 60);
}

/* One rounding rule: half up (25/60 is 41.7%: 42). */
static void test_percent(void **state)
{
	assert_int_equal(meeting_percent(25, 60), 42);
	assert_int_equal(meeting_percent(45, 60), 75);
	assert_int_equal(meeting_percent(1, 3), 33);
	assert_int_equal(meeting_percent(1, 8), 13); /* 12.5 */
	assert_int_equal(meeting_percent(3, 0), 0);
}

/* The right form is built from what was sent, and is never the refused
 * text itself. */
static void test_example(void **state)
{
	static const struct {
		const char *body;
		const char *want;
	} cases[] = {
	    {"15/4 45/60 3", "HOP 10/7 45/60"},	      /* too old: today's date */
	    {"11/7 30/40", "HOP 10/7 30/40"},	      /* tomorrow */
	    {"31/6 30/40", "HOP 10/7 30/40"},	      /* no such day */
	    {"15/6 70/60 3", "HOP 15/6 60/70"},	      /* present > total: swapped */
	    {"1/7 0/80", "HOP 1/7 <co mat>/80"},      /* nobody present */
	    {"15/6 45", "HOP 15/6 <co mat>/<so ho>"}, /* no total */
	    {"hom qua", "HOP 10/7 45/60 3 sua duong"},
	};
	struct meeting_report m;
	char buf[64];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		enum meeting_error e =
		    meeting_parse(cases[i].body, strlen(cases[i].body), today, &m);
		assert_int_not_equal(e, MEETING_OK);
		assert_string_equal(meeting_example(&m, e, today, buf, sizeof(buf)), cases[i].want);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_date_forms),
	    cmocka_unit_test(test_date_errors),
	    cmocka_unit_test(test_year_wrap),
	    cmocka_unit_test(test_leap_day),
	    cmocka_unit_test(test_full_report),
	    cmocka_unit_test(test_optional_parts),
	    cmocka_unit_test(test_quorum),
	    cmocka_unit_test(test_bodies_that_do_not_fit),
	    cmocka_unit_test(test_format),
	    cmocka_unit_test(test_counts_with_households),
	    cmocka_unit_test(test_zero_present_and_counts_after_date),
	    cmocka_unit_test(test_percent),
	    cmocka_unit_test(test_example),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

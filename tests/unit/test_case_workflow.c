/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of the legal workflow table (core/case_workflow.c): every
 * allowed change of every kind against the article it must cite, every other
 * change refused with a Vietnamese rule, what changes must record, and the
 * deadlines counted from a past receipt date with extensions.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/case_workflow.h"
#include "core/workdays.h"

#define F CODE_KIND_FEEDBACK
#define C CODE_KIND_COMPLAINT
#define D CODE_KIND_DENUNCIATION

/* What the law allows, written out here independently of the table: kind,
 * from, to, what it must record, the article the row must cite. */
static const struct {
	enum code_kind kind;
	enum case_status from, to;
	unsigned needs;
	const char *article;
} expected[] = {
    /* Law on Complaints 2011. */
    {C, CASE_RECEIVED, CASE_ACCEPTED, 0, "Luật Khiếu nại 2011, Điều 27"},
    {C, CASE_RECEIVED, CASE_REJECTED, WORKFLOW_NEED_REASON, "Điều 11 và Điều 27"},
    {C, CASE_RECEIVED, CASE_TRANSFERRED, WORKFLOW_NEED_REASON, "05/2021/TT-TTCP, Điều 7"},
    {C, CASE_RECEIVED, CASE_DUPLICATE, 0, "05/2021/TT-TTCP, Điều 6"},
    {C, CASE_RECEIVED, CASE_WITHDRAWN, 0, "Khiếu nại 2011, Điều 10"},
    {C, CASE_ACCEPTED, CASE_IN_PROGRESS, 0, "Khiếu nại 2011, Điều 29"},
    {C, CASE_ACCEPTED, CASE_RESOLVED, WORKFLOW_NEED_DECISION, "Điều 28 và Điều 31"},
    {C, CASE_ACCEPTED, CASE_WITHDRAWN, 0, "Khiếu nại 2011, Điều 10"},
    {C, CASE_IN_PROGRESS, CASE_RESOLVED, WORKFLOW_NEED_DECISION, "Điều 28 và Điều 31"},
    {C, CASE_IN_PROGRESS, CASE_WITHDRAWN, 0, "Khiếu nại 2011, Điều 10"},
    {C, CASE_RESOLVED, CASE_CLOSED, 0, "Khiếu nại 2011, Điều 44"},
    /* Law on Denunciations 2018. */
    {D, CASE_RECEIVED, CASE_ACCEPTED, 0, "Tố cáo 2018, Điều 24 và Điều 29"},
    {D, CASE_RECEIVED, CASE_REJECTED, WORKFLOW_NEED_REASON, "Tố cáo 2018, Điều 27"},
    {D, CASE_RECEIVED, CASE_TRANSFERRED, WORKFLOW_NEED_REASON, "Tố cáo 2018, Điều 24"},
    {D, CASE_RECEIVED, CASE_DUPLICATE, 0, "Tố cáo 2018, Điều 24"},
    {D, CASE_RECEIVED, CASE_WITHDRAWN, 0, "Tố cáo 2018, Điều 33"},
    {D, CASE_ACCEPTED, CASE_IN_PROGRESS, 0, "Tố cáo 2018, Điều 31"},
    {D, CASE_ACCEPTED, CASE_RESOLVED, WORKFLOW_NEED_DECISION, "Điều 30 và Điều 35"},
    {D, CASE_ACCEPTED, CASE_WITHDRAWN, 0, "Tố cáo 2018, Điều 33"},
    {D, CASE_IN_PROGRESS, CASE_RESOLVED, WORKFLOW_NEED_DECISION, "Điều 30 và Điều 35"},
    {D, CASE_IN_PROGRESS, CASE_WITHDRAWN, 0, "Tố cáo 2018, Điều 33"},
    {D, CASE_RESOLVED, CASE_CLOSED, 0, "Tố cáo 2018, Điều 36"},
    /* Feedback (Circular 05/2021/TT-TTCP): forward, side exits, reopen. */
    {F, CASE_RECEIVED, CASE_ACCEPTED, 0, "Điều 9"},
    {F, CASE_RECEIVED, CASE_IN_PROGRESS, 0, "Điều 9"},
    {F, CASE_RECEIVED, CASE_RESOLVED, 0, "Điều 9"},
    {F, CASE_ACCEPTED, CASE_IN_PROGRESS, 0, "Điều 9"},
    {F, CASE_ACCEPTED, CASE_RESOLVED, 0, "Điều 9"},
    {F, CASE_IN_PROGRESS, CASE_RESOLVED, 0, "Điều 9"},
    {F, CASE_RESOLVED, CASE_CLOSED, 0, "Điều 9"},
    {F, CASE_RESOLVED, CASE_IN_PROGRESS, 0, "Điều 9"},
    {F, CASE_RECEIVED, CASE_TRANSFERRED, WORKFLOW_NEED_REASON, "Điều 9"},
    {F, CASE_ACCEPTED, CASE_TRANSFERRED, WORKFLOW_NEED_REASON, "Điều 9"},
    {F, CASE_IN_PROGRESS, CASE_TRANSFERRED, WORKFLOW_NEED_REASON, "Điều 9"},
    {F, CASE_RECEIVED, CASE_REJECTED, WORKFLOW_NEED_REASON, "Điều 6"},
    {F, CASE_ACCEPTED, CASE_REJECTED, WORKFLOW_NEED_REASON, "Điều 6"},
    {F, CASE_IN_PROGRESS, CASE_REJECTED, WORKFLOW_NEED_REASON, "Điều 6"},
    {F, CASE_RECEIVED, CASE_DUPLICATE, 0, "Điều 6"},
    {F, CASE_ACCEPTED, CASE_DUPLICATE, 0, "Điều 6"},
    {F, CASE_IN_PROGRESS, CASE_DUPLICATE, 0, "Điều 6"},
    {F, CASE_RECEIVED, CASE_WITHDRAWN, 0, "Điều 9"},
    {F, CASE_ACCEPTED, CASE_WITHDRAWN, 0, "Điều 9"},
    {F, CASE_IN_PROGRESS, CASE_WITHDRAWN, 0, "Điều 9"},
};
#define N_EXPECTED (sizeof(expected) / sizeof(expected[0]))

static int expected_index(enum code_kind k, enum case_status from, enum case_status to)
{
	for (size_t i = 0; i < N_EXPECTED; i++)
		if (expected[i].kind == k && expected[i].from == from && expected[i].to == to)
			return (int)i;
	return -1;
}

/* Each expected row is in the table with its needs and its article. */
static void test_rows_cite_articles(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_EXPECTED; i++) {
		const struct workflow_row *r =
		    case_workflow_find(expected[i].kind, expected[i].from, expected[i].to);
		if (!r)
			fail_msg(
			    "row %zu (%s %s -> %s) missing", i, case_kind_name(expected[i].kind),
			    case_status_name(expected[i].from), case_status_name(expected[i].to));
		assert_int_equal(r->needs, expected[i].needs);
		if (!strstr(r->basis, expected[i].article))
			fail_msg("row %zu cites \"%s\", not \"%s\"", i, r->basis,
				 expected[i].article);
	}
}

/* The table allows nothing else: every pair of every kind not expected is
 * refused, with a Vietnamese rule naming an article or the statuses. */
static void test_everything_else_refused(void **state)
{
	const enum code_kind kinds[] = {F, C, D};
	size_t rows = 0;
	char why[256];

	(void)state;
	for (const struct workflow_row *r = workflow_rows; r->basis; r++)
		rows++;
	assert_int_equal(rows, N_EXPECTED);
	for (size_t k = 0; k < 3; k++)
		for (int from = 0; from < CASE_N_STATUSES; from++)
			for (int to = 0; to < CASE_N_STATUSES; to++) {
				const struct workflow_row *r;
				if (expected_index(kinds[k], from, to) >= 0)
					continue;
				why[0] = '\0';
				r = case_workflow_check(kinds[k], from, to, "lý do", true, why,
							sizeof(why));
				assert_null(r);
				assert_true(strlen(why) > 10);
			}
}

/* A complaint cannot be resolved before it is accepted: the refusal says
 * so, in Vietnamese, with the articles. */
static void test_complaint_needs_acceptance(void **state)
{
	char why[256];

	(void)state;
	assert_null(
	    case_workflow_check(C, CASE_RECEIVED, CASE_RESOLVED, NULL, true, why, sizeof(why)));
	assert_non_null(strstr(why, "Khiếu nại: khiếu nại phải được thụ lý trước khi giải quyết"));
	assert_non_null(strstr(why, "Luật Khiếu nại 2011, Điều 27, 28 và 31"));
	/* Nor reopened once decided: a second complaint is a new đơn. */
	assert_null(
	    case_workflow_check(C, CASE_RESOLVED, CASE_IN_PROGRESS, NULL, false, why, sizeof(why)));
	assert_non_null(
	    strstr(why, "chỉ xác minh khiếu nại đã thụ lý (Luật Khiếu nại 2011, Điều 29)"));
	assert_null(
	    case_workflow_check(D, CASE_RECEIVED, CASE_IN_PROGRESS, NULL, false, why, sizeof(why)));
	assert_non_null(strstr(why, "chỉ xác minh tố cáo đã thụ lý (Luật Tố cáo 2018, Điều 31)"));
}

/* A resolution records its decision; a refusal its reason. */
static void test_needs(void **state)
{
	char why[256];

	(void)state;
	assert_null(
	    case_workflow_check(C, CASE_ACCEPTED, CASE_RESOLVED, "x", false, why, sizeof(why)));
	assert_non_null(strstr(why, "số và ngày của quyết định"));
	assert_non_null(
	    case_workflow_check(C, CASE_ACCEPTED, CASE_RESOLVED, NULL, true, why, sizeof(why)));
	assert_null(
	    case_workflow_check(C, CASE_RECEIVED, CASE_REJECTED, "", false, why, sizeof(why)));
	assert_non_null(strstr(why, "phải ghi lý do"));
	assert_non_null(strstr(why, "Điều 11 và Điều 27"));
	assert_non_null(case_workflow_check(C, CASE_RECEIVED, CASE_REJECTED,
					    "đơn khiếu nại nặc danh", false, why, sizeof(why)));
	/* Feedback is resolved by an answer, no decision needed. */
	assert_non_null(
	    case_workflow_check(F, CASE_RECEIVED, CASE_RESOLVED, NULL, false, why, sizeof(why)));
}

static void test_kinds(void **state)
{
	(void)state;
	assert_int_equal(case_kind_parse("complaint"), C);
	assert_int_equal(case_kind_parse("meeting"), CODE_KIND_NONE);
	assert_string_equal(case_kind_name(D), "denunciation");
	assert_string_equal(case_kind_label(C, "vi"), "Khiếu nại");
	assert_string_equal(case_kind_label(F, "en"), "feedback");
	/* Retention's notion of a final status is any kind's. */
	assert_true(case_status_change_allowed(CASE_RESOLVED, CASE_IN_PROGRESS));
	assert_false(case_status_change_allowed(CASE_CLOSED, CASE_IN_PROGRESS));
	assert_false(case_status_change_allowed(CASE_REJECTED, CASE_RECEIVED));
}

/* The calendar's default rules are the law's deadlines, row by row. */
static void test_deadlines_match_rules(void **state)
{
	const enum code_kind kinds[] = {F, C, D};

	(void)state;
	for (size_t k = 0; k < 3; k++) {
		const struct workdays_rule *r = workdays_rule_find(
		    workdays_rules_default, workdays_rules_default_count, kinds[k]);
		const struct workflow_deadline *first =
		    case_workflow_deadline(kinds[k], WORKFLOW_DUE_FIRST);
		const struct workflow_deadline *res =
		    case_workflow_deadline(kinds[k], WORKFLOW_DUE_RESOLVE);
		const struct workflow_deadline *cx =
		    case_workflow_deadline(kinds[k], WORKFLOW_DUE_COMPLEX);
		const struct workflow_deadline *rem =
		    case_workflow_deadline(kinds[k], WORKFLOW_DUE_REMOTE_ADD);
		assert_non_null(r);
		assert_non_null(first);
		assert_int_equal(r->first_days, first->days);
		assert_int_equal(r->resolution_days, res ? res->days : 0);
		assert_int_equal(r->complex_days, cx ? cx->days : 0);
		assert_int_equal(r->remote_extra_days, rem ? rem->days : 0);
	}
	assert_string_equal(case_workflow_deadline(C, WORKFLOW_DUE_COMPLEX)->basis,
			    "Luật Khiếu nại 2011, Điều 28");
	assert_string_equal(case_workflow_deadline(D, WORKFLOW_DUE_RESOLVE)->basis,
			    "Luật Tố cáo 2018, Điều 30");
	assert_int_equal(case_workflow_extension_parse("complex"), WORKFLOW_EXT_COMPLEX);
	assert_int_equal(case_workflow_extension_parse("vung-sau"), WORKFLOW_EXT_REMOTE);
	assert_int_equal(case_workflow_extension_parse("later"), 0);
	assert_string_equal(case_workflow_extension_basis(C, WORKFLOW_EXT_REMOTE),
			    "Luật Khiếu nại 2011, Điều 28");
	assert_null(case_workflow_extension_basis(F, WORKFLOW_EXT_COMPLEX));
	assert_null(case_workflow_extension_basis(D, WORKFLOW_EXT_REMOTE));
}

static void date_is(struct workdays_date d, const char *want)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%04d-%02d-%02d", d.year, d.month, d.day);
	assert_string_equal(buf, want);
}

/* A paper complaint received on Monday 2026-03-02, entered weeks later:
 * its deadlines count from that Monday, then from its acceptance, longer
 * when complex and in a remote area. */
static void test_deadlines_from_past_receipt(void **state)
{
	struct workdays *cal = workdays_new(NULL, 0, NULL, 0);
	const struct workdays_rule *kn =
	    workdays_rule_find(workdays_rules_default, workdays_rules_default_count, C);
	const struct workdays_rule *tc =
	    workdays_rule_find(workdays_rules_default, workdays_rules_default_count, D);
	struct workdays_date rec, acc;
	struct workdays_due due;

	(void)state;
	assert_non_null(cal);
	assert_int_equal(workdays_date_parse("2026-03-02", &rec), 0);
	assert_int_equal(workdays_due(cal, kn, rec, NULL, 0, &due), 0);
	assert_true(due.has_first);
	date_is(due.first, "2026-03-16"); /* 10 working days after Monday */
	assert_false(due.has_resolution);
	/* Accepted on Friday 2026-03-13: 30 working days, 45 complex, +15
	 * remote. */
	assert_int_equal(workdays_date_parse("2026-03-13", &acc), 0);
	assert_int_equal(workdays_due(cal, kn, rec, &acc, 0, &due), 0);
	date_is(due.resolution, "2026-04-24");
	assert_int_equal(workdays_due(cal, kn, rec, &acc, WORKDAYS_COMPLEX, &due), 0);
	date_is(due.resolution, "2026-05-15");
	assert_int_equal(workdays_due(cal, kn, rec, &acc, WORKDAYS_COMPLEX | WORKDAYS_REMOTE, &due),
			 0);
	date_is(due.resolution, "2026-06-05");
	/* A denunciation accepted then: 30, extended once to 60. */
	assert_int_equal(workdays_due(cal, tc, rec, &acc, 0, &due), 0);
	date_is(due.resolution, "2026-04-24");
	assert_int_equal(workdays_due(cal, tc, rec, &acc, WORKDAYS_COMPLEX, &due), 0);
	date_is(due.resolution, "2026-06-05");
	workdays_free(cal);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_rows_cite_articles),
	    cmocka_unit_test(test_everything_else_refused),
	    cmocka_unit_test(test_complaint_needs_acceptance),
	    cmocka_unit_test(test_needs),
	    cmocka_unit_test(test_kinds),
	    cmocka_unit_test(test_deadlines_match_rules),
	    cmocka_unit_test(test_deadlines_from_past_receipt),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Satisfaction by SMS and the two ratios of Decision 766/QĐ-TTg against the
 * real daemon and dummy modem: each resolved case's citizen gets, after
 * the status SMS, the question in one segment; one answers HL <code> 1,
 * another 2, a third does not answer; someone else's answer does not
 * count; the forms' outcome and the narrative give the ratios, the
 * unanswered counted as such.
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

#include "core/gsm7.h"
#include "fixture.h"

#define GEO_CSV TIENGDAN_SOURCE_DIR "/config/geo-damrong.csv"
#define EXTRA "gateway_number = \"0912000000\";\n"
#define WAIT_MS 20000

static struct fx fx;
static char *codes[3];
static const char *const phones[3] = {"0911000001", "0911000002", "0911000003"};

static char *ok(const char *const *argv)
{
	struct fx_run r;
	char *out;

	if (fx_console(&fx, NULL, NULL, &r, argv) < 0 || r.status != 0)
		fail_msg("%s %s: %s", argv[0], argv[1], r.err ? r.err : "");
	out = strdup(r.out);
	fx_run_free(&r);
	return out;
}
#define OK(...) free(ok((const char *const[]){__VA_ARGS__, NULL}))

__attribute__((format(printf, 1, 2))) static long long q(const char *fmt, ...)
{
	char sql[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(sql, sizeof(sql), fmt, ap);
	va_end(ap);
	return fx_query_int(&fx, sql);
}

static int setup(void **state)
{
	struct fx_run r;

	(void)state;
	setenv("TIENGDAN_CLOCK", "2026-03-18T09:00:00", 1);
	if (fx_setup(&fx, 1, EXTRA) < 0 || fx_daemon_start(&fx) != 0 || !fx_wait_socket(&fx, 10000))
		return -1;
	if (fx_console(&fx, NULL, NULL, &r,
		       (const char *const[]){"units", "import", GEO_CSV, NULL}) < 0 ||
	    r.status != 0)
		return -1;
	fx_run_free(&r);
	for (int i = 0; i < 3; i++) {
		char *out = ok((const char *const[]){"--json", "cases", "add", "--kind", "feedback",
						     "--channel", "walkin", "--received",
						     "2026-03-16", "--phone", phones[i],
						     "--village", "101", "Đường thôn hỏng", NULL});
		json_t *j = json_loads(out, 0, NULL);
		codes[i] = strdup(json_string_value(json_object_get(j, "code")));
		json_decref(j);
		free(out);
		OK("cases", "status", codes[i], "resolved");
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	for (int i = 0; i < 3; i++)
		free(codes[i]);
	fx_daemon_stop(&fx);
	fx_teardown(&fx);
	unsetenv("TIENGDAN_CLOCK");
	return 0;
}

/* The question follows the status SMS, in one GSM 7-bit segment. */
static void test_asked(void **state)
{
	(void)state;
	for (int i = 0; i < 3; i++) {
		char sql[256], *text;
		snprintf(sql, sizeof(sql),
			 "SELECT o.text FROM outbound o JOIN cases c ON c.id = o.case_id"
			 " WHERE c.code = '%s' AND o.purpose = 'satisfaction'",
			 codes[i]);
		text = fx_query_text(&fx, sql);
		assert_non_null(text);
		assert_non_null(strstr(text, "Ban hai long voi ket qua"));
		assert_non_null(strstr(text, "Soan HL "));
		assert_non_null(strstr(text, " 1 (hai long) hoac 2 (khong)"));
		assert_true(strlen(text) <= 160 && gsm7_fits(text));
		free(text);
		assert_int_equal(q("SELECT count(*) FROM outbound s JOIN outbound t ON t.case_id ="
				   " s.case_id JOIN cases c ON c.id = s.case_id WHERE c.code = '%s'"
				   " AND s.purpose = 'satisfaction' AND t.purpose = 'status'"
				   " AND t.id < s.id",
				   codes[i]),
				 1);
		assert_int_equal(
		    q("SELECT satisfaction_asked FROM cases WHERE code = '%s'", codes[i]), 1);
	}
}

static void test_answers_and_ratios(void **state)
{
	char text[64], *out;
	json_t *j, *sat, *o;

	(void)state;
	snprintf(text, sizeof(text), "HL %s 1", codes[0]);
	assert_int_equal(fx_inject(&fx, 0, phones[0], text, NULL), 0);
	snprintf(text, sizeof(text), "hl %s khong hai long", codes[1]);
	assert_int_equal(fx_inject(&fx, 0, phones[1], text, NULL), 0);
	/* Someone else answering for the third does not count. */
	snprintf(text, sizeof(text), "HL %s 1", codes[2]);
	assert_int_equal(fx_inject(&fx, 0, "0911999999", text, NULL), 0);
	if (!fx_wait_int(&fx, "SELECT count(*) FROM inbound WHERE processed_at IS NOT NULL", 3,
			 WAIT_MS))
		fail_msg("the answers were not processed");
	assert_int_equal(q("SELECT satisfaction FROM cases WHERE code = '%s'", codes[0]), 1);
	assert_int_equal(q("SELECT satisfaction FROM cases WHERE code = '%s'", codes[1]), 2);
	assert_int_equal(
	    q("SELECT count(*) FROM cases WHERE code = '%s' AND satisfaction IS NULL", codes[2]),
	    1);
	assert_int_equal(q("SELECT count(*) FROM outbound WHERE recipient = '+84911000001' AND"
			   " text LIKE 'Cam on ban da danh gia ket qua giai quyet %s: hai long.'",
			   codes[0]),
			 1);
	out = ok((const char *const[]){"--json", "report", "--form", "02/XLD", "--from",
				       "2026-03-01", "--to", "2026-03-31", NULL});
	j = json_loads(out, 0, NULL);
	free(out);
	o = json_object_get(j, "outcome");
	sat = json_object_get(o, "satisfaction");
	assert_int_equal(json_integer_value(json_object_get(sat, "asked")), 3);
	assert_int_equal(json_integer_value(json_object_get(sat, "satisfied")), 1);
	assert_int_equal(json_integer_value(json_object_get(sat, "dissatisfied")), 1);
	assert_int_equal(json_integer_value(json_object_get(sat, "unanswered")), 1);
	assert_true(json_real_value(json_object_get(sat, "rate")) == 33.3);
	/* On time: the three resolved within their deadline, of three. */
	assert_int_equal(json_integer_value(json_object_get(o, "competent")), 3);
	assert_int_equal(json_integer_value(json_object_get(o, "on_time")), 3);
	assert_true(json_real_value(json_object_get(o, "on_time_rate")) == 100.0);
	json_decref(j);
	out =
	    ok((const char *const[]){"report", "--from", "2026-03-01", "--to", "2026-03-31", NULL});
	if (!strstr(out, "Tỷ lệ hài lòng (Quyết định 766/QĐ-TTg): 01/03 người được hỏi qua tin "
			 "nhắn hài lòng (33,3%), 01 không hài lòng, 01 chưa trả lời.") ||
	    !strstr(out, "Tỷ lệ giải quyết đúng hạn (Quyết định 766/QĐ-TTg): 03/03 đơn thuộc "
			 "thẩm quyền, đạt 100,0%."))
		fail_msg("the narrative lacks the ratios:\n%s", out);
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_asked),
	    cmocka_unit_test(test_answers_and_ratios),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

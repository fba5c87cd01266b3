/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The seed's footnotes 11 and 12 reproduced: a register loaded with the
 * seed's numbers for the first half of 2024 (42 lượt, 48 người, 42 vụ
 * việc; 73 đơn = 18 carried over + 55 new, 68 within competence, 44
 * resolved, 14 pending of which 1 complaint and 13 petitions). The
 * narrative prints the sentences' figures, the forms hold them, and the
 * .docx is a zip whose document.xml holds them too.
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
#include <unistd.h>

#include "fixture.h"

#define GEO_CSV TIENGDAN_SOURCE_DIR "/config/geo-damrong.csv"
#define P1 "2024-01-01"
#define P2 "2024-06-30"

static struct fx fx;

static char *ok(const char *const *argv)
{
	struct fx_run r;
	char *out;

	if (fx_console(&fx, NULL, NULL, &r, argv) < 0)
		fail_msg("cannot run %s", argv[0]);
	if (r.status != 0)
		fail_msg("%s %s: %s", argv[0], argv[1] ? argv[1] : "", r.err);
	out = strdup(r.out);
	fx_run_free(&r);
	return out;
}
#define OK(...) free(ok((const char *const[]){__VA_ARGS__, NULL}))

/* The code in the JSON out (caller frees), at path "code" or
 * "cases[0].code". */
static char *code_of(char *out)
{
	json_t *j = json_loads(out, 0, NULL), *c;
	char *code;

	assert_non_null(j);
	c = json_object_get(j, "code");
	if (!c)
		c = json_object_get(json_array_get(json_object_get(j, "cases"), 0), "code");
	code = strdup(json_string_value(c));
	json_decref(j);
	free(out);
	return code;
}

static char *add(const char *kind, const char *received)
{
	return code_of(ok((const char *const[]){
	    "--json", "cases", "add", "--kind", kind, "--channel", "letter", "--received", received,
	    "--village", "DAKNANG.PANGPA", "Đơn của công dân", NULL}));
}

/* A visit that opens a đơn: regular or head, on day, persons. */
static char *visit(const char *kind, const char *day, int persons, const char *case_kind)
{
	char p[8];

	snprintf(p, sizeof(p), "%d", persons);
	return code_of(ok((const char *const[]){
	    "--json", "reception", "add", "--kind", kind, "--date", day, "--persons", p,
	    "--new-case", "--case-kind", case_kind, "Công dân trình bày", NULL}));
}

static void resolve(char *code)
{
	OK("cases", "status", code, "resolved");
	free(code);
}

static void load_seed(void)
{
	char day[16];

	/* 18 carried over from 2023, all resolved in the half-year. */
	for (int i = 0; i < 18; i++) {
		snprintf(day, sizeof(day), "2023-12-%02d", 1 + i);
		resolve(add("feedback", day));
	}
	/* 13 entered in the half-year: 10 complaints withdrawn, 3 petitions
	 * outside competence (guided). */
	for (int i = 0; i < 13; i++) {
		char *c;
		snprintf(day, sizeof(day), "2024-02-%02d", 1 + i);
		c = add(i < 10 ? "complaint" : "feedback", day);
		if (i < 10)
			OK("cases", "status", c, "withdrawn");
		else
			OK("cases", "handle", c, "guide", "--agency", "Toà án nhân dân huyện");
		free(c);
	}
	/* 42 visits, each opening a đơn: 28 regular (31 persons), 14 by the
	 * chairman (17 persons) on 12 days. 26 resolved, 13 petitions and one
	 * complaint pending, 2 guided. */
	for (int i = 0; i < 42; i++) {
		bool head = i >= 28;
		int h = i - 28;
		char *c;
		if (head)
			snprintf(day, sizeof(day), "2024-05-%02d", 1 + (h < 12 ? h : h - 12));
		else
			snprintf(day, sizeof(day), "2024-03-%02d", 1 + i);
		c = visit(head ? "head" : "regular", day, (head ? h < 3 : i < 3) ? 2 : 1,
			  i == 41 ? "complaint" : "feedback");
		if (i < 26)
			resolve(c);
		else if (i < 28)
			OK("cases", "handle", c, "guide", "--agency", "Công an huyện"), free(c);
		else
			free(c);
	}
}

static int setup(void **state)
{
	struct fx_run r;

	(void)state;
	setenv("TIENGDAN_CLOCK", "2024-06-28T09:00:00", 1);
	if (fx_setup(&fx, 1, "gateway_number = \"0912000000\";\n") < 0 ||
	    fx_daemon_start(&fx) != 0 || !fx_wait_socket(&fx, 10000))
		return -1;
	if (fx_console(&fx, NULL, NULL, &r,
		       (const char *const[]){"units", "import", GEO_CSV, NULL}) < 0 ||
	    r.status != 0)
		return -1;
	fx_run_free(&r);
	load_seed();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	fx_daemon_stop(&fx);
	fx_teardown(&fx);
	unsetenv("TIENGDAN_CLOCK");
	return 0;
}

static const char fn11[] =
    "Trong kỳ, tổng số lượt tiếp công dân là 42 lượt, số người được tiếp là 48 người; số vụ "
    "việc: 42 vụ (tiếp lần đầu); không có đoàn đông người. Trong đó: tiếp công dân thường xuyên "
    "28 lượt/31 người; tiếp công dân của thủ trưởng: 14 lượt/17 người (12 kỳ tiếp).";
static const char fn12[] =
    "Trong kỳ, đã tiếp nhận 73 đơn, trong đó: 18 đơn kỳ trước chuyển qua; 55 đơn tiếp nhận "
    "trong kỳ; tổng số đơn thuộc thẩm quyền giải quyết là 68 đơn, đã giải quyết dứt điểm 44 "
    "đơn, còn 14 đơn (01 khiếu nại, 13 phản ánh kiến nghị) đang tiếp tục xem xét, giải quyết.";

static void test_narrative(void **state)
{
	char *out = ok((const char *const[]){"report", "--from", P1, "--to", P2, NULL});

	(void)state;
	if (!strstr(out, fn11) || !strstr(out, fn12))
		fail_msg("the narrative lacks the seed's sentences:\n%s", out);
	free(out);
}

static long long total(const char *form, int n)
{
	char *out = ok((const char *const[]){"--json", "report", "--form", form, "--from", P1,
					     "--to", P2, NULL});
	json_t *j = json_loads(out, 0, NULL);
	long long v = json_integer_value(
	    json_array_get(json_object_get(json_object_get(j, "total"), "values"), (size_t)n - 1));

	json_decref(j);
	free(out);
	return v;
}

static void test_forms_hold_them(void **state)
{
	(void)state;
	assert_int_equal(total("01/TCD", 1), 42);
	assert_int_equal(total("01/TCD", 2), 48);
	assert_int_equal(total("01/TCD", 3), 0);
	assert_int_equal(total("01/TCD", 4), 42);
	assert_int_equal(total("01/TCD", 5), 0);
	assert_int_equal(total("01/TCD", 9), 28);
	assert_int_equal(total("01/TCD", 10), 31);
	assert_int_equal(total("01/TCD", 17), 12);
	assert_int_equal(total("01/TCD", 18), 14);
	assert_int_equal(total("01/TCD", 19), 17);
	assert_int_equal(total("02/XLD", 1), 73);
	assert_int_equal(total("02/XLD", 2), 18);
	assert_int_equal(total("02/XLD", 3), 55);
	assert_int_equal(total("02/XLD", 13), 68);
	assert_int_equal(total("02/XLD", 17), 5);
	assert_int_equal(total("03/GQKN", 1), 11);
	assert_int_equal(total("03/GQKN", 16), 10);
	assert_int_equal(total("03/GQKN", 19), 1);
}

static void test_docx(void **state)
{
	char path[512], cmd[1024], *xml = calloc(1, 1 << 20);
	FILE *p;
	size_t n;

	(void)state;
	snprintf(path, sizeof(path), "%s/report.docx", fx.dir);
	OK("report", "--from", P1, "--to", P2, "--docx", path);
	snprintf(cmd, sizeof(cmd),
		 "/usr/bin/python3 -c 'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]);"
		 " assert z.testzip() is None;"
		 " assert \"[Content_Types].xml\" in z.namelist();"
		 " sys.stdout.write(z.read(\"word/document.xml\").decode())' '%s'",
		 path);
	p = popen(cmd, "r");
	assert_non_null(p);
	n = fread(xml, 1, (1 << 20) - 1, p);
	xml[n] = '\0';
	assert_int_equal(pclose(p), 0);
	assert_non_null(strstr(xml, fn11));
	assert_non_null(strstr(xml, fn12));
	assert_non_null(strstr(xml, "w:ascii=\"Times New Roman\""));
	assert_non_null(strstr(xml, "<w:sz w:val=\"28\"/>"));
	assert_non_null(strstr(xml, "<w:pgSz w:w=\"11906\" w:h=\"16838\"/>"));
	free(xml);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_narrative),
	    cmocka_unit_test(test_forms_hold_them),
	    cmocka_unit_test(test_docx),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

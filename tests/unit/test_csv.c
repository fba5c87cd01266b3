/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The CSV reader and writer: header names, quoted fields with commas,
 * quotes and newlines, the line each record starts on, BOM, CRLF, blank
 * lines, and the errors of a broken file.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/csv.h"

/* Reads text as a CSV file; e receives the error. */
static json_t *read_text(const char *text, struct tderr *e)
{
	FILE *in = fmemopen((void *)text, strlen(text), "r");
	json_t *rows;

	assert_non_null(in);
	memset(e, 0, sizeof(*e));
	rows = csv_read_objects(in, e);
	fclose(in);
	return rows;
}

/* The string value of key in row i. */
static const char *cell(const json_t *rows, size_t i, const char *key)
{
	return json_string_value(json_object_get(json_array_get(rows, i), key));
}

static long long line_of(const json_t *rows, size_t i)
{
	return json_integer_value(json_object_get(json_array_get(rows, i), "line"));
}

static void test_header_and_values(void **state)
{
	struct tderr e;
	json_t *rows =
	    read_text(" Code ,NAME,Level\n101, Trung Tâm ,village\n102,Thanh Bình,\n", &e);

	assert_non_null(rows);
	assert_int_equal(json_array_size(rows), 2);
	assert_string_equal(cell(rows, 0, "code"), "101");
	/* Unquoted fields are trimmed; UTF-8 passes through. */
	assert_string_equal(cell(rows, 0, "name"), "Trung Tâm");
	assert_string_equal(cell(rows, 0, "level"), "village");
	assert_string_equal(cell(rows, 1, "level"), "");
	assert_int_equal(line_of(rows, 0), 2);
	assert_int_equal(line_of(rows, 1), 3);
	/* Three columns and the line, nothing else. */
	assert_int_equal(json_object_size(json_array_get(rows, 0)), 4);
	json_decref(rows);
}

static void test_quoted_fields(void **state)
{
	struct tderr e;
	json_t *rows = read_text("code,note\n"
				 "DR1,\"from Phi Liêng, Đạ K'Nàng\"\n"
				 "DR2,\"say \"\"hi\"\"\"\n"
				 "DR3,\"two\nlines\"\n"
				 "DR4,\"  kept  \"\n",
				 &e);

	assert_non_null(rows);
	assert_int_equal(json_array_size(rows), 4);
	assert_string_equal(cell(rows, 0, "note"), "from Phi Liêng, Đạ K'Nàng");
	assert_string_equal(cell(rows, 1, "note"), "say \"hi\"");
	assert_string_equal(cell(rows, 2, "note"), "two\nlines");
	assert_string_equal(cell(rows, 3, "note"), "  kept  ");
	/* The record after the embedded newline starts a line further on. */
	assert_int_equal(line_of(rows, 2), 4);
	assert_int_equal(line_of(rows, 3), 6);
	json_decref(rows);
}

static void test_newline_first_field(void **state)
{
	struct tderr e;
	json_t *rows = read_text("a,b\n\"x\n\ny\",1\nz,2\n", &e);

	assert_non_null(rows);
	assert_int_equal(json_array_size(rows), 2);
	assert_string_equal(cell(rows, 0, "a"), "x\n\ny");
	assert_int_equal(line_of(rows, 0), 2);
	assert_int_equal(line_of(rows, 1), 5);
	json_decref(rows);
}

static void test_bom_crlf_blank_lines(void **state)
{
	struct tderr e;
	json_t *rows = read_text("\xef\xbb\xbf"
				 "code,name\r\n"
				 "\r\n"
				 "101,Trung Tâm\r\n"
				 "   \r\n"
				 ",\r\n"
				 "102,\"a\r\nb\"\r\n"
				 "103,last",
				 &e);

	assert_non_null(rows);
	assert_int_equal(json_array_size(rows), 3);
	/* The byte order mark is not part of the first column's name. */
	assert_string_equal(cell(rows, 0, "code"), "101");
	assert_string_equal(cell(rows, 0, "name"), "Trung Tâm");
	assert_int_equal(line_of(rows, 0), 3);
	assert_string_equal(cell(rows, 1, "name"), "a\r\nb");
	assert_int_equal(line_of(rows, 1), 6);
	/* The last record has no line end. */
	assert_string_equal(cell(rows, 2, "name"), "last");
	assert_int_equal(line_of(rows, 2), 8);
	json_decref(rows);
}

static void test_short_record(void **state)
{
	struct tderr e;
	json_t *rows = read_text("code,name,note\n101\n", &e);

	assert_non_null(rows);
	assert_string_equal(cell(rows, 0, "code"), "101");
	assert_null(json_object_get(json_array_get(rows, 0), "name"));
	json_decref(rows);
}

static void test_empty_input(void **state)
{
	struct tderr e;
	json_t *rows = read_text("", &e);

	assert_non_null(rows);
	assert_int_equal(json_array_size(rows), 0);
	json_decref(rows);
	rows = read_text("code,name\n", &e);
	assert_non_null(rows);
	assert_int_equal(json_array_size(rows), 0);
	json_decref(rows);
}

static void test_too_many_fields(void **state)
{
	struct tderr e;
	char msg[256];
	json_t *rows = read_text("code,name\n101,a\n\"1\n02\",b,extra\n", &e);

	assert_null(rows);
	assert_int_equal(e.cls, TDERR_INVALID);
	assert_int_equal(e.msg, M_CSV_LINE);
	assert_string_equal(e.arg[0], "3");
	tderr_format(&e, "vi", msg, sizeof(msg));
	assert_non_null(strstr(msg, "Dòng 3: Có 3 trường"));
}

static void test_broken_quotes(void **state)
{
	struct tderr e;

	assert_null(read_text("code,name\n101,ab\"c\n", &e));
	assert_int_equal(e.msg, M_CSV_LINE);
	assert_string_equal(e.arg[0], "2");
	/* A quote never closed: the record's first line is named. */
	assert_null(read_text("code,name\n101,a\n102,\"open\nmore\n", &e));
	assert_int_equal(e.msg, M_CSV_LINE);
	assert_string_equal(e.arg[0], "3");
}

static void test_bad_utf8_and_header(void **state)
{
	struct tderr e;

	assert_null(read_text("code,name\n101,\xff\xfe\n", &e));
	assert_int_equal(e.msg, M_CSV_LINE);
	assert_string_equal(e.arg[0], "2");
	assert_null(read_text("code,Code\n1,2\n", &e));
	assert_int_equal(e.msg, M_CSV_LINE);
	assert_string_equal(e.arg[0], "1");
	assert_null(read_text("code,,name\n1,2,3\n", &e));
	assert_int_equal(e.msg, M_CSV_LINE);
	assert_null(read_text("code,line\n1,2\n", &e));
	assert_int_equal(e.msg, M_CSV_LINE);
}

static void test_write_row(void **state)
{
	const char *fields[] = {"plain", "a,b", "say \"hi\"", "two\nlines", NULL, " pad", "Đạ"};
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	struct tderr e;
	json_t *rows;
	char *text;

	assert_non_null(out);
	assert_int_equal(
	    csv_write_row(out, (const char *const[]){"a", "b", "c", "d", "e", "f", "g"}, 7), 0);
	assert_int_equal(csv_write_row(out, fields, 7), 0);
	fclose(out);
	assert_string_equal(buf, "a,b,c,d,e,f,g\n"
				 "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",,\" pad\",Đạ\n");
	/* What is written reads back the same. */
	text = buf;
	rows = read_text(text, &e);
	assert_non_null(rows);
	assert_int_equal(json_array_size(rows), 1);
	assert_string_equal(cell(rows, 0, "b"), "a,b");
	assert_string_equal(cell(rows, 0, "c"), "say \"hi\"");
	assert_string_equal(cell(rows, 0, "d"), "two\nlines");
	assert_string_equal(cell(rows, 0, "e"), "");
	assert_string_equal(cell(rows, 0, "f"), " pad");
	json_decref(rows);
	free(buf);
}

/* A field a spreadsheet would run as a formula is written as text: quoted
 * with a leading apostrophe. Numbers (a phone number, an amount) are not. */
static void test_write_formula(void **state)
{
	const char *fields[] = {"=HYPERLINK(\"http://x\")",
				"+1+cmd",
				"-2+3",
				"@SUM(A1)",
				"\tx",
				"+84912345678",
				"-5",
				"a=b",
				"-"};
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);

	(void)state;
	assert_non_null(out);
	assert_int_equal(csv_write_row(out, fields, 9), 0);
	fclose(out);
	assert_string_equal(buf, "\"'=HYPERLINK(\"\"http://x\"\")\",\"'+1+cmd\",\"'-2+3\","
				 "\"'@SUM(A1)\",\"'\tx\",+84912345678,-5,a=b,\"'-\"\n");
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_header_and_values),	cmocka_unit_test(test_quoted_fields),
	    cmocka_unit_test(test_newline_first_field), cmocka_unit_test(test_bom_crlf_blank_lines),
	    cmocka_unit_test(test_short_record),	cmocka_unit_test(test_empty_input),
	    cmocka_unit_test(test_too_many_fields),	cmocka_unit_test(test_broken_quotes),
	    cmocka_unit_test(test_bad_utf8_and_header), cmocka_unit_test(test_write_row),
	    cmocka_unit_test(test_write_formula),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

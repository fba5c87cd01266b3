/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The string buffer: bytes, strings and code points appended in order and
 * always NUL-terminated, growth past its first allocation, an empty buffer
 * taken as "", and a taken buffer empty again.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/strbuf.h"

static void test_appends(void **state)
{
	struct strbuf b = {0};
	char *s;

	strbuf_puts(&b, "Th");
	strbuf_put_cp(&b, 0x00F4); /* ô */
	strbuf_put(&b, "n Pul!!", 5);
	assert_string_equal(b.s, "Th\xc3\xb4n Pul");
	assert_int_equal(b.len, 9);
	s = strbuf_take(&b);
	assert_string_equal(s, "Thôn Pul");
	assert_null(b.s);
	assert_int_equal(b.len, 0);
	free(s);
}

static void test_grows(void **state)
{
	struct strbuf b = {0};
	char *s;

	for (int i = 0; i < 1000; i++)
		strbuf_put(&b, "0123456789", 10);
	strbuf_put_cp(&b, 0x1F600); /* four bytes */
	assert_false(b.oom);
	assert_int_equal(b.len, 10004);
	assert_int_equal(strlen(b.s), 10004);
	assert_memory_equal(b.s + 9990, "0123456789\xf0\x9f\x98\x80", 14);
	s = strbuf_take(&b);
	assert_non_null(s);
	free(s);
}

static void test_empty(void **state)
{
	struct strbuf b = {0};
	char *s = strbuf_take(&b);

	assert_string_equal(s, "");
	free(s);
	strbuf_puts(&b, "x");
	strbuf_free(&b);
	assert_null(b.s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_appends),
	    cmocka_unit_test(test_grows),
	    cmocka_unit_test(test_empty),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

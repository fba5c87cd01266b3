/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of village names as people write them (core/village.h):
 * apostrophe kinds, spaces, a leading thon/buon/bon/xa, Roman numerals,
 * the longest name at a place and a name after "thon" in a text.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/village.h"

static void expect_key(const char *name, const char *key)
{
	char *k = village_key(name);

	assert_non_null(k);
	assert_string_equal(k, key);
	free(k);
}

static void test_key(void **state)
{
	expect_key("Đạ K'Nàng", "daknang");
	expect_key("Đạ K’Nàng", "daknang");
	expect_key("Da KNang", "daknang");
	expect_key("da k`nang", "daknang");
	expect_key("Đạ K´Nàng", "daknang");
	expect_key("Liêng K'Rắc I", "liengkrac1");
	expect_key("Lieng K'Rac 1", "liengkrac1");
	expect_key("thôn Pul", "pul");
	expect_key("Buôn Pul", "pul");
	expect_key("Thôn 4 Đạ Long", "4dalong");
	expect_key("Thôn IV", "4");
	expect_key("Pul", "pul");
	expect_key("", "");
}

/* Known villages of the seed geography, keyed. */
static const char *const names[] = {"Pul",	 "Đạ K'Nàng", "Liêng K'Rắc I", "Thôn 4 Đạ Long",
				    "Phi Liêng", "Păng Pá"};
#define N (sizeof(names) / sizeof(names[0]))

static char **keys(void)
{
	char **k = calloc(N, sizeof(*k));

	for (size_t i = 0; i < N; i++)
		assert_non_null(k[i] = village_key(names[i]));
	return k;
}

static void keys_free(char **k)
{
	for (size_t i = 0; i < N; i++)
		free(k[i]);
	free(k);
}

static int match(char **k, const char *text, size_t first, size_t *n)
{
	struct norm_text *t = NULL;
	int i;

	assert_int_equal(norm_text_new(text, strlen(text), &t), 0);
	i = village_match((const char *const *)k, N, t, first, n);
	norm_text_free(t);
	return i;
}

static int in_text(char **k, const char *text)
{
	struct norm_text *t = NULL;
	int i;

	assert_int_equal(norm_text_new(text, strlen(text), &t), 0);
	i = village_in_text((const char *const *)k, N, t);
	norm_text_free(t);
	return i;
}

static void test_match_at_start(void **state)
{
	char **k = keys();
	size_t n = 0;

	assert_int_equal(match(k, "thon Pul Nguyen Van An", 0, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(match(k, "Da K'Nang", 0, &n), 1);
	assert_int_equal(match(k, "Lieng K'Rac 1 Tran Thi C", 0, &n), 2);
	assert_int_equal(n, 3);
	assert_int_equal(match(k, "thôn 4 Đạ Long", 0, &n), 3);
	assert_int_equal(n, 4);
	assert_int_equal(match(k, "Phi", 0, &n), -1);
	assert_int_equal(match(k, "Nguyen Van An Pul", 0, &n), -1); /* not at the start */
	keys_free(k);
}

static void test_in_text(void **state)
{
	char **k = keys();

	assert_int_equal(in_text(k, "duong o thon Pul bi sat lo"), 0);
	assert_int_equal(in_text(k, "Nuoc ngap thôn 4 Đạ Long tu hom qua"), 3);
	assert_int_equal(in_text(k, "buon Pang Pa mat dien"), 5);
	/* a name without a marker word is not taken from a text */
	assert_int_equal(in_text(k, "Pul mat dien"), -1);
	assert_int_equal(in_text(k, "thon toi mat dien"), -1);
	keys_free(k);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_key),
	    cmocka_unit_test(test_match_at_start),
	    cmocka_unit_test(test_in_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

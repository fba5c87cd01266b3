/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of the normaliser: NFC, the folded key, separators, NFD input,
 * full-width forms, invalid UTF-8, and the Telex/VNI and look-alike folds.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/normalize.h"

/* Folds s and checks the key. */
static void assert_fold(const char *s, const char *want)
{
	char *f = norm_fold(s, strlen(s));

	assert_non_null(f);
	assert_string_equal(f, want);
	free(f);
}

static void test_nfc_composes_nfd(void **state)
{
	/* "Phản ánh" in NFD: a + U+0309, a + U+0301 */
	const char nfd[] = "Pha\xcc\x89n a\xcc\x81nh";
	bool bad = true;
	char *s = norm_nfc(nfd, strlen(nfd), &bad);

	assert_non_null(s);
	assert_false(bad);
	assert_string_equal(s, "Phản ánh");
	free(s);
}

static void test_nfd_folds_like_nfc(void **state)
{
	const char nfd[] = "\xc4\x90"
			   "e\xcc\x80"
			   "n \xc4\x91"
			   "u\xcc\x9b"
			   "o\xcc\x9b\xcc\x80"
			   "ng "
			   "ho\xcc\x89"
			   "ng";
	const char nfc[] = "Đèn đường hỏng";
	char *a = norm_fold(nfd, strlen(nfd)), *b = norm_fold(nfc, strlen(nfc));

	assert_string_equal(a, b);
	assert_string_equal(a, "den duong hong");
	free(a);
	free(b);
}

static void test_diacritics_case_and_d(void **state)
{
	assert_fold("Khiếu nại", "khieu nai");
	assert_fold("ĐĂNG KÝ", "dang ky");
	assert_fold("Tố cáo", "to cao");
	assert_fold("Xác nhận", "xac nhan");
}

static void test_each_separator(void **state)
{
	const char seps[] = ".,;:-_#*+/\\|()[]=! \t\n";

	for (const char *p = seps; *p; p++) {
		char in[16];
		snprintf(in, sizeof(in), "pa%cden", *p);
		assert_fold(in, "pa den");
		snprintf(in, sizeof(in), "%c%cpa", *p, *p);
		assert_fold(in, "pa"); /* leading separators ignored */
		assert_true(norm_is_separator((unsigned char)*p));
	}
	/* what is not a separator stays in the word */
	assert_fold("a?b", "a?b");
	assert_fold("a@b", "a@b");
	assert_fold("#PA nuoc", "pa nuoc");
	assert_fold("*PA*nuoc", "pa nuoc");
	assert_fold("+PA nuoc", "pa nuoc");
}

static void test_full_width(void **state)
{
	/* "ＰＡ　ｄｕｏｎｇ，１２" with an ideographic space and comma */
	assert_fold("\xef\xbc\xb0\xef\xbc\xa1\xe3\x80\x80\xef\xbd\x84\xef\xbd\x95\xef\xbd\x8f"
		    "\xef\xbd\x8e\xef\xbd\x87\xef\xbc\x8c\xef\xbc\x91\xef\xbc\x92",
		    "pa duong 12");
}

static void test_token_offsets(void **state)
{
	struct norm_text *t = NULL;
	const char s[] = "Phản ánh: đèn hỏng";

	assert_int_equal(norm_text_new(s, strlen(s), &t), 0);
	assert_int_equal(t->n_tokens, 4);
	assert_string_equal(t->tokens[0].key, "phan");
	assert_string_equal(t->tokens[2].key, "den");
	assert_int_equal(t->tokens[2].start, strlen("Phản ánh: "));
	assert_int_equal(t->tokens[1].end, strlen("Phản ánh"));
	assert_string_equal(t->folded, "phan anh den hong");
	norm_text_free(t);
}

static void test_invalid_utf8(void **state)
{
	const char bad[] = "PA \xff\xc3 ok \xed\xa0\x80 x\xe1\xba"; /* stray, cut, surrogate */
	struct norm_text *t = NULL;

	assert_int_equal(norm_text_new(bad, sizeof(bad) - 1, &t), 0);
	assert_true(t->invalid_utf8);
	assert_non_null(strstr(t->nfc, "\xef\xbf\xbd"));
	assert_string_equal(t->tokens[0].key, "pa");
	norm_text_free(t);

	/* an embedded NUL is replaced too, and the rest is kept */
	assert_int_equal(norm_text_new("a\0b", 3, &t), 0);
	assert_true(t->invalid_utf8);
	assert_int_equal(strlen(t->nfc), 5);
	norm_text_free(t);

	assert_int_equal(norm_text_new("ok", 2, &t), 0);
	assert_false(t->invalid_utf8);
	norm_text_free(t);
}

static void test_empty(void **state)
{
	struct norm_text *t = NULL;

	assert_int_equal(norm_text_new("", 0, &t), 0);
	assert_int_equal(t->n_tokens, 0);
	assert_string_equal(t->folded, "");
	norm_text_free(t);
	assert_int_equal(norm_text_new(" .,;  ", 6, &t), 0);
	assert_int_equal(t->n_tokens, 0);
	norm_text_free(t);
}

/* Checks the keyword-word fold of key. */
static void assert_kw(const char *key, const char *want)
{
	char out[32];

	assert_int_equal(norm_fold_keyword_word(key, out, sizeof(out)), strlen(want));
	assert_string_equal(out, want);
}

static void test_telex_and_vni(void **state)
{
	assert_kw("phanr", "phan");
	assert_kw("anhs", "anh");
	assert_kw("khieeuf", "khieu");
	assert_kw("ddax", "da");
	assert_kw("ddocj", "doc");
	assert_kw("tuwf", "tu");
	assert_kw("huwowngs", "huong");
	assert_kw("pha3n", "phan");
	assert_kw("a1nh", "anh");
	assert_kw("d9a4ng", "dang");
	assert_kw("pa", "pa");
	assert_kw("x", "x");
}

static void test_no_fold_in_codes(void **state)
{
	/* code-like tokens keep their digits and letters */
	assert_true(norm_is_code_like("tb12"));
	assert_true(norm_is_code_like("pa4829i38"));
	assert_true(norm_is_code_like("12"));
	assert_false(norm_is_code_like("pha3n"));
	assert_false(norm_is_code_like("a1nh"));
	assert_false(norm_is_code_like("duong"));
	assert_kw("tb12", "tb12");
	assert_kw("pa4829i38", "pa4829i38");
	assert_kw("12", "12");
	assert_kw("x1", "x1");
}

static void test_lookalikes(void **state)
{
	char s[] = "O1oIilL9";

	norm_fold_lookalikes(s);
	assert_string_equal(s, "01011119");
}

static void test_fold_too_long(void **state)
{
	char out[4];

	assert_int_equal(norm_fold_keyword_word("phananh", out, sizeof(out)), (size_t)-1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_nfc_composes_nfd),
	    cmocka_unit_test(test_nfd_folds_like_nfc),
	    cmocka_unit_test(test_diacritics_case_and_d),
	    cmocka_unit_test(test_each_separator),
	    cmocka_unit_test(test_full_width),
	    cmocka_unit_test(test_token_offsets),
	    cmocka_unit_test(test_invalid_utf8),
	    cmocka_unit_test(test_empty),
	    cmocka_unit_test(test_telex_and_vni),
	    cmocka_unit_test(test_no_fold_in_codes),
	    cmocka_unit_test(test_lookalikes),
	    cmocka_unit_test(test_fold_too_long),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

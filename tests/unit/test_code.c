/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of tracking codes: generation with a fake random source, the
 * Damm check digit, and the forgiving reader.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "core/code.h"

/* A deterministic random source: a xorshift state in ctx. */
static int fake_random(void *ctx, uint8_t *buf, size_t n)
{
	uint32_t *s = ctx;

	for (size_t i = 0; i < n; i++) {
		*s ^= *s << 13;
		*s ^= *s >> 17;
		*s ^= *s << 5;
		buf[i] = (uint8_t)(*s >> 24);
	}
	return 0;
}

static int failing_random(void *ctx, uint8_t *buf, size_t n)
{
	return -1;
}

/* Always 255: every byte is rejected, then 3 bytes of 7s. */
static int biased_random(void *ctx, uint8_t *buf, size_t n)
{
	int *calls = ctx;

	memset(buf, (*calls)++ == 0 ? 255 : 7, n);
	return 0;
}

static void test_known_codes(void **state)
{
	struct tracking_code c;

	assert_int_equal(code_parse("PA4829138", 9, &c), CODE_OK);
	assert_int_equal(c.kind, CODE_KIND_FEEDBACK);
	assert_string_equal(c.digits, "4829138");
	assert_string_equal(c.prefix, "PA");
	assert_int_equal(code_parse("TC5512094", 9, &c), CODE_OK);
	assert_int_equal(c.kind, CODE_KIND_DENUNCIATION);
	assert_int_equal(code_parse("4829138", 7, &c), CODE_OK);
	assert_int_equal(c.kind, CODE_KIND_NONE);
	assert_string_equal(c.prefix, "");
}

static void test_round_trip(void **state)
{
	static const enum code_kind kinds[] = {CODE_KIND_FEEDBACK, CODE_KIND_COMPLAINT,
					       CODE_KIND_DENUNCIATION, CODE_KIND_MEETING};
	uint32_t seed = 2463534242u;
	char buf[CODE_MAX_LEN];

	for (int i = 0; i < 1000; i++) {
		struct tracking_code c, back;
		enum code_kind k = kinds[i % 4];
		assert_int_equal(code_generate(k, fake_random, &seed, &c), 0);
		code_format(&c, buf);
		assert_int_equal(strlen(buf), 9);
		assert_memory_equal(buf, code_kind_prefix(k), 2);
		assert_int_equal(code_parse(buf, strlen(buf), &back), CODE_OK);
		assert_int_equal(back.kind, k);
		assert_string_equal(back.digits, c.digits);
	}
}

static void test_generate_rejects(void **state)
{
	struct tracking_code c;
	int calls = 0;

	assert_int_equal(code_generate(CODE_KIND_NONE, fake_random, NULL, &c), -1);
	assert_int_equal(code_generate(CODE_KIND_FEEDBACK, failing_random, NULL, &c), -1);
	/* bytes >= 250 are thrown away, not folded into a biased digit */
	assert_int_equal(code_generate(CODE_KIND_FEEDBACK, biased_random, &calls, &c), 0);
	assert_memory_equal(c.digits, "777777", 6);
	assert_int_equal(calls, 2);
}

static void test_every_single_digit_error(void **state)
{
	uint32_t seed = 88172645u;

	for (int n = 0; n < 200; n++) {
		struct tracking_code c, back;
		assert_int_equal(code_generate(CODE_KIND_COMPLAINT, fake_random, &seed, &c), 0);
		for (int pos = 0; pos < CODE_DIGITS; pos++) {
			for (char d = '0'; d <= '9'; d++) {
				char wrong[CODE_DIGITS + 1];
				if (d == c.digits[pos])
					continue;
				memcpy(wrong, c.digits, sizeof(wrong));
				wrong[pos] = d;
				assert_int_equal(code_parse(wrong, CODE_DIGITS, &back),
						 CODE_BAD_CHECK);
			}
		}
	}
}

static void test_adjacent_transpositions(void **state)
{
	const char good[] = "4829138";

	for (int i = 0; i + 1 < CODE_DIGITS; i++) {
		char t[sizeof(good)];
		struct tracking_code c;
		memcpy(t, good, sizeof(t));
		if (t[i] == t[i + 1])
			continue;
		t[i] = good[i + 1];
		t[i + 1] = good[i];
		assert_int_equal(code_parse(t, CODE_DIGITS, &c), CODE_BAD_CHECK);
	}
}

static void test_typing_forms(void **state)
{
	static const char *const forms[] = {
	    "pa4829138", "PA 482913-8", "pa 482 9138",	 "P A-4829138",
	    "PA4829I38", "PA4829l38",	"pa-48-29-13-8",
	};
	struct tracking_code c;

	for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		assert_int_equal(code_parse(forms[i], strlen(forms[i]), &c), CODE_OK);
		assert_string_equal(c.digits, "4829138");
		assert_string_equal(c.prefix, "PA");
	}
	assert_int_equal(code_parse("TC55I2O94", 9, &c), CODE_OK);
	assert_string_equal(c.digits, "5512094");
}

static void test_not_codes(void **state)
{
	static const char *const bad[] = {
	    "",	       "PA",	  "482913",    "48291380",  "XY4829138",  "PA48291381",
	    "nha toi", "IOIlOI1", "PA4829 38", "PA4829#38", "PAA4829138",
	};
	struct tracking_code c;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(code_parse(bad[i], strlen(bad[i]), &c), CODE_NOT_A_CODE);
	assert_int_equal(code_parse("PA4829137", 9, &c), CODE_BAD_CHECK);
	assert_string_equal(c.digits, "4829137");
}

static void test_kind_prefixes(void **state)
{
	assert_string_equal(code_kind_prefix(CODE_KIND_MEETING), "HT");
	assert_int_equal(code_kind_from_prefix("kn"), CODE_KIND_COMPLAINT);
	assert_int_equal(code_kind_from_prefix("ZZ"), CODE_KIND_NONE);
	assert_int_equal(code_fold_lookalike('L'), '1');
	assert_int_equal(code_fold_lookalike('x'), 'x');
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_known_codes),
	    cmocka_unit_test(test_round_trip),
	    cmocka_unit_test(test_generate_rejects),
	    cmocka_unit_test(test_every_single_digit_error),
	    cmocka_unit_test(test_adjacent_transpositions),
	    cmocka_unit_test(test_typing_forms),
	    cmocka_unit_test(test_not_codes),
	    cmocka_unit_test(test_kind_prefixes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

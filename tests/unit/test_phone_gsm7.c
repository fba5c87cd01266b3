/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Phone number normalisation and the GSM 7-bit alphabet.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/gsm7.h"
#include "core/phone.h"

static void expect_phone(const char *raw, const char *want, enum phone_kind kind)
{
	char out[64];

	assert_int_equal(phone_normalize(raw, "84", out, sizeof(out)), kind);
	assert_string_equal(out, want);
}

static void test_phone(void **state)
{
	expect_phone("0912345678", "+84912345678", PHONE_PERSON);
	expect_phone("0912 345 678", "+84912345678", PHONE_PERSON);
	expect_phone("84912345678", "+84912345678", PHONE_PERSON);
	expect_phone("+84912345678", "+84912345678", PHONE_PERSON);
	expect_phone("0084912345678", "+84912345678", PHONE_PERSON);
	expect_phone("+33612345678", "+33612345678", PHONE_PERSON);
	expect_phone("Viettel", "Viettel", PHONE_ALPHA);
	expect_phone("MobiFone", "MobiFone", PHONE_ALPHA);
	expect_phone("9029", "9029", PHONE_SHORT);
	expect_phone("", "", PHONE_ALPHA);
}

static void test_gsm7(void **state)
{
	assert_true(gsm7_fits("PA duong lien thon 4 bi sat lo"));
	assert_int_equal(gsm7_septets("abc"), 3);
	/* Extension characters take two septets. */
	assert_int_equal(gsm7_septets("[x]"), 5);
	assert_int_equal(gsm7_septets("€"), 2);
	assert_true(gsm7_fits("Hé à ù"));
	assert_false(gsm7_fits("Phản ánh"));
	assert_false(gsm7_fits("đ"));
	assert_int_equal(gsm7_septets("\xff\xfe"), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_phone),
	    cmocka_unit_test(test_gsm7),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

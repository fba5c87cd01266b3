/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of which texts make their sender confidential at ingest
 * (core/confidential.c): anything that may be a denunciation, and nothing
 * else, so ordinary senders stay readable.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "core/confidential.h"

static int setup(void **state)
{
	struct keywords *kw = keywords_new_default();

	*state = kw;
	return kw ? 0 : -1;
}

static int teardown(void **state)
{
	keywords_free(*state);
	return 0;
}

static bool conf_text(void **state, const char *text)
{
	return confidential_text(*state, text, strlen(text));
}

static void test_denunciations(void **state)
{
	static const char *const yes[] = {
	    "TOCAO can bo thu tien",
	    "to cao can bo thu tien",
	    "Tố cáo cán bộ thu tiền",
	    "To\xcc\x81 ca\xcc\x81o can bo", /* NFD */
	    "tocao",			     /* the keyword alone: help, but confidential */
	    "TOCAP can bo thu tien",	     /* a fuzzy match */
	    "TOCOA can bo",		     /* a transposition */
	    "TC ong truong thon lay dat",    /* TC: villagers' to cao */
	    "tc",
	    "Tc: ong truong thon",
	    /* The lead words the parser skips before a keyword. */
	    "Toi to cao ong truong thon lay dat",
	    "Chau xin to cao can bo xa",
	    "Em tocao viec thu tien",
	};

	for (size_t i = 0; i < sizeof(yes) / sizeof(*yes); i++)
		if (!conf_text(state, yes[i]))
			fail_msg("not confidential: %s", yes[i]);
}

static void test_ordinary(void **state)
{
	static const char *const no[] = {
	    "PA duong thon bi hong",
	    "KHIEU NAI dat dai",
	    "TT PA4829138",
	    "HD",
	    "HD TOCAO", /* asks how to denounce: help, not a denunciation */
	    "HUY",
	    "Chao anh",
	    "",
	};

	for (size_t i = 0; i < sizeof(no) / sizeof(*no); i++)
		if (conf_text(state, no[i]))
			fail_msg("confidential: %s", no[i]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_denunciations, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_ordinary, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

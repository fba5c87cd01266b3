/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Cases and meeting reports as the processor stores them: tracking code
 * digits unique across both, the 'created' event, lookups by digits.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "core/code.h"
#include "store/store.h"
#include "store/store_cases.h"

struct fixture {
	char dir[64];
	char path[128];
	struct store *st;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	char err[256];

	snprintf(f->dir, sizeof(f->dir), "/tmp/tiengdan-cases-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->path, sizeof(f->path), "%s/t.db", f->dir);
	f->st = store_open(f->path, err, sizeof(err));
	*state = f;
	return f->st ? 0 : -1;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char cmd[200];

	store_close(f->st);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
	if (system(cmd) != 0)
		return -1;
	free(f);
	return 0;
}

static int rnd(void *ctx, uint8_t *buf, size_t n)
{
	(void)ctx;
	return getrandom(buf, n, 0) == (ssize_t)n ? 0 : -1;
}

static long long add_case(struct store *st, const struct tracking_code *code, long long inbound)
{
	return store_case_insert(st,
				 &(struct case_new){.kind = "feedback",
						    .text = "duong hong",
						    .sender = "+84912345678",
						    .sender_tag = "tag1",
						    .inbound_id = inbound,
						    .received_on = "2025-07-10",
						    .due_first = "2025-07-24"},
				 code);
}

static void test_digits_unique_across_kinds(void **state)
{
	struct fixture *f = *state;
	struct tracking_code a, b, c;
	struct case_row row;

	assert_int_equal(code_generate(CODE_KIND_FEEDBACK, rnd, NULL, &a), 0);
	b = a;
	b.kind = CODE_KIND_MEETING;
	memcpy(b.prefix, "HT", 3);
	assert_int_equal(store_code_taken(f->st, a.digits), 0);
	assert_true(add_case(f->st, &a, 0) > 0);
	assert_int_equal(store_code_taken(f->st, a.digits), 1);
	/* The same digits with another prefix are taken too: a meeting report
	 * cannot have them, nor another case. */
	assert_int_equal(store_meeting_insert(f->st,
					      &(struct meeting_new){.village = "106",
								    .meeting_date = "2025-07-05",
								    .present = 40,
								    .total = 60,
								    .opinions = -1,
								    .quorum = true},
					      &b),
			 -1);
	assert_int_equal(add_case(f->st, &a, 0), -1);
	assert_int_equal(code_generate(CODE_KIND_MEETING, rnd, NULL, &c), 0);
	if (strcmp(c.digits, a.digits) != 0) {
		assert_true(store_meeting_insert(f->st,
						 &(struct meeting_new){.village = "106",
								       .meeting_date = "2025-07-05",
								       .present = 40,
								       .total = 60,
								       .opinions = 3,
								       .quorum = true},
						 &c) > 0);
		assert_int_equal(store_code_taken(f->st, c.digits), 1);
	}
	/* Found by its digits alone, with its 'created' event. */
	assert_int_equal(store_case_by_digits(f->st, a.digits, &row), 1);
	assert_memory_equal(row.code, "PA", 2);
	assert_string_equal(row.code + 2, a.digits);
	assert_string_equal(row.status, "received");
	assert_string_equal(row.sender_tag, "tag1");
	assert_int_equal(store_case_by_digits(f->st, "0000000", &row), 0);
}

/* Many codes drawn the way the processor draws them never collide in the
 * database, and every one passes its own check digit. */
static void test_many_codes(void **state)
{
	struct fixture *f = *state;
	int made = 0, retried = 0;

	assert_int_equal(store_begin(f->st), 0);
	for (int i = 0; i < 3000; i++) {
		struct tracking_code code, back;
		char text[CODE_MAX_LEN];
		do {
			assert_int_equal(code_generate(CODE_KIND_FEEDBACK, rnd, NULL, &code), 0);
		} while (store_code_taken(f->st, code.digits) == 1 && ++retried);
		snprintf(text, sizeof(text), "%s%s", code.prefix, code.digits);
		assert_int_equal(code_parse(text, strlen(text), &back), CODE_OK);
		assert_true(add_case(f->st, &code, 0) > 0);
		made++;
	}
	assert_int_equal(store_commit(f->st), 0);
	assert_int_equal(made, 3000);
	/* With 10^6 possible digits, 3000 codes collide a few times at most. */
	assert_true(retried < 50);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_digits_unique_across_kinds, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_many_codes, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

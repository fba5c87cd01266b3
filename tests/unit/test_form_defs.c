/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of the forms as data (core/forms.c): the sum relations name
 * real columns and hold on rows built from đơn and visits, a broken row is
 * caught, the unfilled columns are the ones the register lacks, and how a
 * đơn or a visit adds to each form.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "core/forms.h"

static void test_table(void **state)
{
	int n = 0;

	(void)state;
	for (const struct form_def *f; (f = form_at(n)); n++) {
		assert_true(f->n_cols > 0 && f->n_cols <= FORM_COLS_MAX);
		for (int s = 0; s < f->n_sums; s++) {
			const struct form_sum *sum = &f->sums[s];
			assert_true(sum->total >= 1 && sum->total <= f->n_cols);
			assert_false(f->cols[sum->total - 1].unfilled);
			for (int p = 0; p < FORM_PARTS_MAX && sum->parts[p]; p++)
				assert_true(sum->parts[p] > sum->total &&
					    sum->parts[p] <= f->n_cols);
		}
		for (int c = 0; c < f->n_cols; c++) {
			assert_non_null(f->cols[c].key);
			assert_non_null(f->cols[c].head[0]);
			for (int d = 0; d < c; d++)
				assert_string_not_equal(f->cols[c].key, f->cols[d].key);
		}
		assert_ptr_equal(form_find(f->code), f);
	}
	assert_int_equal(n, 4);
	assert_null(form_find("05/XYZ"));
	assert_null(form_find(NULL));
}

static void test_sum_text(void **state)
{
	char buf[64];

	(void)state;
	assert_string_equal(form_sum_text(&form_find("02/XLD")->sums[2], buf, sizeof(buf)),
			    "6 = 8 + 9 + 10");
	assert_string_equal(form_sum_text(&form_find("01/TCD")->sums[0], buf, sizeof(buf)),
			    "1 = 9 + 18");
}

/* A mix of đơn: the relations hold on 02/XLD, 03 and 04; one cell
 * changed breaks the first relation it is in. */
static void test_dons(void **state)
{
	const struct form_def *xld = form_find("02/XLD"), *kn = form_find("03/GQKN"),
			      *tc = form_find("04/GQTC");
	long long a[FORM_COLS_MAX] = {0}, b[FORM_COLS_MAX] = {0}, c[FORM_COLS_MAX] = {0};
	const struct form_don dons[] = {
	    {.kind = FORM_COMPLAINT,
	     .carried = true,
	     .new_matter = true,
	     .eligible = true,
	     .competent = true,
	     .accepted = true,
	     .handled = true,
	     .open_end = true,
	     .field = form_field_index("admin_land")},
	    {.kind = FORM_COMPLAINT,
	     .repeated = true,
	     .eligible = true,
	     .competent = true,
	     .handled = true,
	     .resolved = true,
	     .on_time = false,
	     .field = form_field_index(NULL)},
	    {.kind = FORM_DENUNCIATION,
	     .new_matter = true,
	     .eligible = true,
	     .competent = true,
	     .handled = true,
	     .resolved = true,
	     .on_time = true,
	     .field = 4},
	    {.kind = FORM_FEEDBACK,
	     .new_matter = true,
	     .eligible = true,
	     .competent = false,
	     .handled = true,
	     .action = FORM_ACT_TRANSFER,
	     .answers = 1,
	     .open_end = true},
	    {.kind = FORM_FEEDBACK, .eligible = false, .open_end = true},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(dons) / sizeof(dons[0]); i++) {
		form_add_don(xld, &dons[i], a);
		form_add_don(kn, &dons[i], b);
		form_add_don(tc, &dons[i], c);
		/* Đơn and visits do not mix. */
		form_add_don(form_find("01/TCD"), &dons[i], c + 24);
	}
	assert_int_equal(form_check(xld, a), -1);
	assert_int_equal(form_check(kn, b), -1);
	assert_int_equal(form_check(tc, c), -1);
	assert_int_equal(a[0], 5);
	assert_int_equal(a[1], 1);  /* carried */
	assert_int_equal(a[3], 4);  /* handled */
	assert_int_equal(a[5], 4);  /* eligible */
	assert_int_equal(a[6], 3);  /* vụ việc */
	assert_int_equal(a[10], 1); /* repeated */
	assert_int_equal(a[16], 1); /* outside competence */
	assert_int_equal(a[18], 1); /* transferred */
	assert_int_equal(a[20], 1); /* answer */
	assert_int_equal(b[0], 2);
	assert_int_equal(b[5], 1);  /* land */
	assert_int_equal(b[9], 1);  /* other: no field */
	assert_int_equal(b[17], 1); /* late */
	assert_int_equal(b[18], 1); /* pending */
	assert_int_equal(c[0], 1);
	assert_int_equal(c[8], 1); /* party */
	assert_int_equal(c[16], 1);
	a[2]++;
	assert_int_equal(form_check(xld, a), 0);
	a[2]--;
	a[13]++;
	assert_int_equal(form_check(xld, a), 5); /* 13 = 14 + 15 + 16 */
}

static void test_visits(void **state)
{
	const struct form_def *f = form_find("01/TCD");
	long long v[FORM_COLS_MAX] = {0};
	const struct form_visit visits[] = {
	    {.head = true, .new_session = true, .persons = 7, .group = true, .matters_old = 1},
	    {.head = true, .new_session = false, .persons = 1, .matters_new = 1},
	    {.persons = 2, .matters_new = 1, .matters_old = 1},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(visits) / sizeof(visits[0]); i++)
		form_add_visit(f, &visits[i], v);
	assert_int_equal(form_check(f, v), -1);
	assert_int_equal(v[0], 3);
	assert_int_equal(v[1], 10);
	assert_int_equal(v[2], 2);
	assert_int_equal(v[3], 2);
	assert_int_equal(v[4], 1);
	assert_int_equal(v[5], 7);
	assert_int_equal(v[8], 1);  /* regular visits */
	assert_int_equal(v[16], 1); /* one session of the head */
	assert_int_equal(v[17], 2); /* head visits */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_table),
	    cmocka_unit_test(test_sum_text),
	    cmocka_unit_test(test_dons),
	    cmocka_unit_test(test_visits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

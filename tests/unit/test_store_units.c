/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Administrative units on a real SQLite file: importing the real Đam Rông
 * file, listing on a date, one unit's context, roll-ups across the 2025
 * merger, and imports refused whole (unknown units, cycles, bad dates).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store.h"
#include "store/store_units.h"
#include "util/csv.h"
#include "fixture.h"

/* The error as a Vietnamese reader sees it. */
static const char *err_text(const struct tderr *e)
{
	static char buf[1024];

	tderr_format(e, "vi", buf, sizeof(buf));
	return buf;
}

#define GEO_CSV TIENGDAN_SOURCE_DIR "/config/geo-damrong.csv"
#define GEO_ROWS 35

struct ctx {
	struct fx f;
	struct store *st;
};

/* Reads a CSV file into import rows. */
static json_t *read_csv_file(const char *path)
{
	FILE *in = fopen(path, "r");
	struct tderr e = {0};
	json_t *rows;

	assert_non_null(in);
	rows = csv_read_objects(in, &e);
	fclose(in);
	assert_non_null(rows);
	return rows;
}

/* Reads CSV text into import rows. */
static json_t *read_csv_text(const char *text)
{
	FILE *in = fmemopen((void *)text, strlen(text), "r");
	struct tderr e = {0};
	json_t *rows;

	assert_non_null(in);
	rows = csv_read_objects(in, &e);
	fclose(in);
	assert_non_null(rows);
	return rows;
}

static int setup(void **state)
{
	struct ctx *c = calloc(1, sizeof(*c));
	struct tderr e = {0};
	char err[256];
	json_t *rows;

	if (fx_setup(&c->f, 0, NULL) < 0)
		return -1;
	c->st = store_open(c->f.db, err, sizeof(err));
	if (!c->st)
		return -1;
	rows = read_csv_file(GEO_CSV);
	if (store_units_import(c->st, rows, &e) != GEO_ROWS)
		return -1;
	json_decref(rows);
	*state = c;
	return 0;
}

static int teardown(void **state)
{
	struct ctx *c = *state;

	store_close(c->st);
	fx_teardown(&c->f);
	free(c);
	return 0;
}

/* The codes of a listing joined by spaces (caller frees). */
static char *codes(const json_t *rows)
{
	size_t len = 1, i;
	json_t *row;
	char *out;

	json_array_foreach(rows, i, row)
	{
		len += strlen(json_string_value(json_object_get(row, "code"))) + 1;
	}
	out = calloc(1, len);
	json_array_foreach(rows, i, row)
	{
		if (i)
			strcat(out, " ");
		strcat(out, json_string_value(json_object_get(row, "code")));
	}
	return out;
}

static long long unit_count(struct ctx *c)
{
	return fx_query_int(&c->f, "SELECT count(*) FROM unit");
}

/* Imports CSV text expecting failure; returns the error. */
static struct tderr import_fails(struct ctx *c, const char *text)
{
	json_t *rows = read_csv_text(text);
	struct tderr e = {0};

	assert_int_equal(store_units_import(c->st, rows, &e), -1);
	json_decref(rows);
	assert_int_not_equal(e.cls, TDERR_OK);
	return e;
}

static void test_import_counts(void **state)
{
	struct ctx *c = *state;
	struct tderr e = {0};
	json_t *rows;

	assert_int_equal(unit_count(c), GEO_ROWS);
	assert_int_equal(fx_query_int(&c->f, "SELECT count(*) FROM unit WHERE level = 'commune'"),
			 12);
	assert_int_equal(fx_query_int(&c->f, "SELECT count(*) FROM unit WHERE level = 'village'"),
			 20);
	assert_int_equal(fx_query_int(&c->f, "SELECT count(*) FROM unit WHERE note IS NULL"), 19);
	assert_int_equal(fx_query_int(&c->f, "SELECT count(*) FROM unit WHERE successor IS NOT NULL"
					     " AND valid_to = '2025-06-30'"),
			 15);
	/* Importing the same file again updates, adds nothing. */
	rows = read_csv_file(GEO_CSV);
	assert_int_equal(store_units_import(c->st, rows, &e), GEO_ROWS);
	json_decref(rows);
	assert_int_equal(unit_count(c), GEO_ROWS);
}

static void test_list_on_dates(void **state)
{
	struct ctx *c = *state;
	json_t *before = store_units_list(c->st, "2024-06-01");
	json_t *after = store_units_list(c->st, "2025-07-10");
	json_t *all = store_units_list(c->st, NULL);
	char *s;

	assert_non_null(before);
	assert_non_null(after);
	assert_non_null(all);
	assert_int_equal(json_array_size(all), GEO_ROWS);
	s = codes(before);
	assert_string_equal(s,
			    "LD-OLD DR DAKNANG DAKNANG.DAKNANG DAKNANG.PANGPA DALONG DALONG.THON4"
			    " DAMRONG DAMRONG.LIENGKRAC1 DARSAL DARSAL.PANGPEDONG DATONG LIENGSRONH"
			    " PHILIENG PHILIENG.PHILIENG ROMEN");
	free(s);
	s = codes(after);
	assert_string_equal(s, "LD DR1 101 102 103 104 105 106 107 108 109 110 DR2 DR3 301 302 303"
			       " DR4 401");
	free(s);
	/* Every unit comes after its parent in the full tree too. */
	for (size_t i = 0; i < json_array_size(all); i++) {
		const char *parent =
		    json_string_value(json_object_get(json_array_get(all, i), "parent"));
		bool seen = parent == NULL;

		for (size_t j = 0; j < i && !seen; j++)
			seen = strcmp(parent, json_string_value(json_object_get(
						  json_array_get(all, j), "code"))) == 0;
		assert_true(seen);
	}
	/* Columns as the file gave them, empty cells as null. */
	assert_string_equal(json_string_value(json_object_get(json_array_get(after, 1), "name")),
			    "Đam Rông 1");
	assert_true(json_is_null(json_object_get(json_array_get(after, 1), "valid_to")));
	assert_string_equal(json_string_value(json_object_get(json_array_get(after, 1), "note")),
			    "from Phi Liêng + Đạ K'Nàng; admin code 24886");
	assert_null(store_units_list(c->st, "2025-13-01"));
	json_decref(before);
	json_decref(after);
	json_decref(all);
}

static void test_show(void **state)
{
	struct ctx *c = *state;
	struct tderr e = {0};
	json_t *u = store_unit_show(c->st, "DAKNANG", "2025-07-10", &e);
	char *s;

	assert_non_null(u);
	assert_string_equal(json_string_value(json_object_get(u, "name")), "Đạ K'Nàng");
	assert_string_equal(json_string_value(json_object_get(u, "current")), "DR1");
	assert_string_equal(json_string_value(json_object_get(u, "commune")), "DR1");
	s = codes(json_object_get(u, "parents"));
	assert_string_equal(s, "DR LD-OLD");
	free(s);
	s = codes(json_object_get(u, "children"));
	assert_string_equal(s, "DAKNANG.DAKNANG DAKNANG.PANGPA");
	free(s);
	assert_int_equal(json_array_size(json_object_get(u, "predecessors")), 0);
	json_decref(u);

	u = store_unit_show(c->st, "DAKNANG", "2024-05-01", &e);
	assert_non_null(u);
	assert_string_equal(json_string_value(json_object_get(u, "current")), "DAKNANG");
	json_decref(u);

	u = store_unit_show(c->st, "DR1", "2025-07-10", &e);
	assert_non_null(u);
	s = codes(json_object_get(u, "predecessors"));
	assert_string_equal(s, "DAKNANG PHILIENG");
	free(s);
	assert_int_equal(json_array_size(json_object_get(u, "children")), 10);
	assert_string_equal(json_string_value(json_object_get(
				json_array_get(json_object_get(u, "parents"), 0), "level")),
			    "province");
	json_decref(u);

	assert_null(store_unit_show(c->st, "NOPE", NULL, &e));
	assert_int_equal(e.cls, TDERR_NOT_FOUND);
	assert_int_equal(e.msg, M_UNKNOWN_UNIT);
	assert_string_equal(e.arg[0], "NOPE");
	assert_null(store_unit_show(c->st, "DR1", "2025-02-30", &e));
	assert_int_equal(e.msg, M_BAD_DATE);
}

static void test_roll_ups(void **state)
{
	struct ctx *c = *state;
	char out[UNIT_CODE_MAX];

	assert_int_equal(store_unit_current(c->st, "DAKNANG", "2025-07-10", out), 0);
	assert_string_equal(out, "DR1");
	/* valid_to is inclusive: still in force on its last day. */
	assert_int_equal(store_unit_current(c->st, "DAKNANG", "2025-06-30", out), 0);
	assert_string_equal(out, "DAKNANG");
	assert_int_equal(store_unit_current(c->st, "DAKNANG.PANGPA", "2025-07-10", out), 0);
	assert_string_equal(out, "110");
	assert_int_equal(store_unit_current(c->st, "110", "2025-07-10", out), 0);
	assert_string_equal(out, "110");
	assert_int_equal(store_unit_current(c->st, "NOPE", "2025-07-10", out), -1);

	assert_int_equal(store_unit_commune(c->st, "DAKNANG.PANGPA", "2025-07-10", out), 0);
	assert_string_equal(out, "DR1");
	assert_int_equal(store_unit_commune(c->st, "DAKNANG.PANGPA", "2024-05-01", out), 0);
	assert_string_equal(out, "DAKNANG");
	assert_int_equal(store_unit_commune(c->st, "DALONG.THON4", "2025-07-10", out), 0);
	assert_string_equal(out, "DR4");
	assert_int_equal(store_unit_commune(c->st, "DR3", "2025-07-10", out), 0);
	assert_string_equal(out, "DR3");
	assert_int_equal(store_unit_commune(c->st, "DARSAL", "2025-07-10", out), 0);
	assert_string_equal(out, "DR3");
	/* Above the communes there is none. */
	assert_int_equal(store_unit_commune(c->st, "LD", "2025-07-10", out), -1);
	assert_int_equal(store_unit_commune(c->st, "DR", "2024-05-01", out), -1);
	assert_int_equal(store_unit_commune(c->st, "NOPE", "2025-07-10", out), -1);

	assert_int_equal(store_unit_is_village(c->st, "110", "2025-07-10"), 1);
	assert_int_equal(store_unit_is_village(c->st, "110", "2024-05-01"), 0);
	assert_int_equal(store_unit_is_village(c->st, "DAKNANG.PANGPA", "2025-07-10"), 0);
	assert_int_equal(store_unit_is_village(c->st, "DAKNANG.PANGPA", "2024-05-01"), 1);
	assert_int_equal(store_unit_is_village(c->st, "DR1", "2025-07-10"), 0);
	assert_int_equal(store_unit_is_village(c->st, "NOPE", "2025-07-10"), 0);
}

static void test_commune_replaced_above_village(void **state)
{
	struct ctx *c = *state;
	struct tderr e = {0};
	char out[UNIT_CODE_MAX];
	json_t *rows = read_csv_text("code,name,level,parent,valid_from\n"
				     "DAKNANG.NEW,Thôn mới,village,DAKNANG,2020-01-01\n");

	/* A village left open under a commune that was merged counts under
	 * the commune that took it over. */
	assert_int_equal(store_units_import(c->st, rows, &e), 1);
	json_decref(rows);
	assert_int_equal(store_unit_commune(c->st, "DAKNANG.NEW", "2025-07-10", out), 0);
	assert_string_equal(out, "DR1");
	assert_int_equal(store_unit_commune(c->st, "DAKNANG.NEW", "2024-01-01", out), 0);
	assert_string_equal(out, "DAKNANG");
}

static void test_forward_references(void **state)
{
	struct ctx *c = *state;
	struct tderr e = {0};
	json_t *rows = read_csv_text("code,name,level,parent,valid_from,valid_to,successor\n"
				     "X.V,Thôn X,village,X,2020-01-01,2025-06-30,Y.V\n"
				     "Y.V,Thôn Y,village,Y,2025-07-01,,\n"
				     "X,Xã X,commune,LD-OLD,2020-01-01,2025-06-30,Y\n"
				     "Y,Xã Y,commune,LD,2025-07-01,,\n");
	char out[UNIT_CODE_MAX];

	assert_int_equal(store_units_import(c->st, rows, &e), 4);
	json_decref(rows);
	assert_int_equal(unit_count(c), GEO_ROWS + 4);
	assert_int_equal(store_unit_commune(c->st, "X.V", "2025-07-10", out), 0);
	assert_string_equal(out, "Y");
}

static void test_unknown_parent(void **state)
{
	struct ctx *c = *state;
	char msg[256];
	struct tderr e = import_fails(c, "code,name,level,parent\n"
					 "201,Thôn,village,DR2\n"
					 "202,Thôn,village,NOPE\n");

	assert_int_equal(e.cls, TDERR_INVALID);
	assert_int_equal(e.msg, M_CSV_LINE);
	assert_string_equal(e.arg[0], "3");
	tderr_format(&e, "vi", msg, sizeof(msg));
	assert_string_equal(msg, "Dòng 3: Không có đơn vị NOPE");
	/* The good row before it is not kept either. */
	assert_int_equal(unit_count(c), GEO_ROWS);
	e = import_fails(c, "code,name,level,successor\nQ,Q,village,NOPE\n");
	assert_string_equal(e.arg[0], "2");
	assert_non_null(strstr(err_text(&e), "NOPE"));
	assert_int_equal(unit_count(c), GEO_ROWS);
}

static void test_cycles(void **state)
{
	struct ctx *c = *state;
	struct tderr e;

	e = import_fails(c, "code,name,level,parent\nA,A,x,B\nB,B,x,A\n");
	assert_int_equal(e.msg, M_CSV_LINE);
	assert_non_null(strstr(err_text(&e), "Vòng lặp ở đơn vị A (parent)"));
	e = import_fails(c, "code,name,level,parent\nA,A,x,A\n");
	assert_non_null(strstr(err_text(&e), "Vòng lặp"));
	/* A successor chain closed through a unit already stored. */
	e = import_fails(c, "code,name,level,parent,valid_from,successor\n"
			    "DR1,Đam Rông 1,commune,LD,2025-07-01,DAKNANG\n");
	assert_string_equal(e.arg[0], "2");
	assert_non_null(strstr(err_text(&e), "(successor)"));
	/* A parent chain closed through stored units: DR under DAKNANG. */
	e = import_fails(c, "code,name,level,parent\nDR,Đam Rông,district,DAKNANG\n");
	assert_non_null(strstr(err_text(&e), "Vòng lặp ở đơn vị DR"));
	assert_int_equal(unit_count(c), GEO_ROWS);
	assert_int_equal(
	    fx_query_int(&c->f, "SELECT successor IS NULL FROM unit WHERE code = 'DR1'"), 1);
}

static void test_bad_rows(void **state)
{
	struct ctx *c = *state;
	struct tderr e;

	e = import_fails(c, "code,name,level,valid_from\nA,A,village,2025-02-30\n");
	assert_string_equal(e.arg[0], "2");
	assert_non_null(strstr(err_text(&e), "2025-02-30"));
	e = import_fails(
	    c, "code,name,level,valid_from,valid_to\nA,A,village,2025-07-01,2025-06-30\n");
	assert_non_null(strstr(err_text(&e), "2025-06-30"));
	e = import_fails(c, "code,name,level\nA,,village\n");
	assert_non_null(strstr(err_text(&e), "name"));
	e = import_fails(c, "code,name,level\nA,A,village\nB,B,village\nA,A2,village\n");
	assert_string_equal(e.arg[0], "4");
	assert_non_null(strstr(err_text(&e), "(dòng 2)"));
	e = import_fails(c, "code,name,level\n"
			    "DR1,Renamed,commune\n"
			    "A B,A,village\n");
	assert_string_equal(e.arg[0], "3");
	/* All or nothing: the rename of the first row is undone. */
	assert_int_equal(unit_count(c), GEO_ROWS);
	assert_int_equal(fx_query_int(&c->f, "SELECT count(*) FROM unit WHERE code = 'DR1'"
					     " AND name = 'Đam Rông 1' AND level = 'commune'"),
			 1);
}

static void test_nested_in_transaction(void **state)
{
	struct ctx *c = *state;
	struct tderr e = {0};
	json_t *good = read_csv_text("code,name,level,parent\nN1,Thôn N1,village,DR2\n");
	json_t *bad = read_csv_text("code,name,level,parent\nN2,Thôn N2,village,NOPE\n");

	/* A failed import inside the caller's transaction undoes only itself. */
	assert_int_equal(store_begin(c->st), 0);
	assert_int_equal(store_units_import(c->st, good, &e), 1);
	assert_int_equal(store_units_import(c->st, bad, &e), -1);
	assert_int_equal(store_commit(c->st), 0);
	assert_int_equal(unit_count(c), GEO_ROWS + 1);
	assert_int_equal(fx_query_int(&c->f, "SELECT count(*) FROM unit WHERE code = 'N2'"), 0);
	/* And the caller's rollback undoes a successful one. */
	json_object_set_new(json_array_get(good, 0), "code", json_string("N3"));
	assert_int_equal(store_begin(c->st), 0);
	assert_int_equal(store_units_import(c->st, good, &e), 1);
	store_rollback(c->st);
	assert_int_equal(unit_count(c), GEO_ROWS + 1);
	json_decref(good);
	json_decref(bad);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_import_counts, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_list_on_dates, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_show, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_roll_ups, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_commune_replaced_above_village, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_forward_references, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_unknown_parent, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_cycles, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_bad_rows, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_nested_in_transaction, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

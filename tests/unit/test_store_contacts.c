/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Contacts on a real SQLite file with the real Đam Rông units: adding,
 * editing, removing, listing with filters, the caller's communes (scope),
 * imports all or nothing, duplicates and villages no longer in force.
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
#include "store/store_contacts.h"
#include "store/store_units.h"
#include "util/clock.h"
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

struct ctx {
	struct fx f;
	struct store *st;
};

static const char *const dr1_only[] = {"DR1"};
static const char *const dr3_only[] = {"DR3"};
static const struct unit_scope scope_dr1 = {dr1_only, 1};
static const struct unit_scope scope_dr3 = {dr3_only, 1};

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
	FILE *in = fopen(GEO_CSV, "r");
	long long noon;
	char err[256];
	json_t *rows;
	int n;

	/* Today is 2025-07-10, after the merger. */
	if (!in || clock_parse_date("2025-07-10", &noon) < 0)
		return -1;
	clock_set_offset_ms(0);
	clock_set_offset_ms(noon + 12 * 3600 * 1000LL - clock_now_ms());
	if (fx_setup(&c->f, 0, NULL) < 0)
		return -1;
	c->st = store_open(c->f.db, err, sizeof(err));
	rows = csv_read_objects(in, &e);
	fclose(in);
	if (!c->st || !rows)
		return -1;
	n = store_units_import(c->st, rows, &e);
	json_decref(rows);
	if (n <= 0)
		return -1;
	*state = c;
	return 0;
}

static int teardown(void **state)
{
	struct ctx *c = *state;

	store_close(c->st);
	fx_teardown(&c->f);
	free(c);
	clock_set_offset_ms(0);
	return 0;
}

static struct contact_fields person(const char *phone, const char *name, const char *village)
{
	struct contact_fields f = {
	    .phone = phone, .name = name, .village = village, .household = -1, .opted_out = -1};
	return f;
}

/* Adds a contact expected to be accepted. */
static void add_ok(struct ctx *c, struct contact_fields f)
{
	struct tderr e = {0};

	assert_true(store_contact_add(c->st, &f, NULL, &e) > 0);
}

/* Adds a contact expected to be refused; returns the error. */
static struct tderr add_fails(struct ctx *c, struct contact_fields f,
			      const struct unit_scope *scope)
{
	struct tderr e = {0};

	assert_int_equal(store_contact_add(c->st, &f, scope, &e), -1);
	return e;
}

static const char *str(const json_t *obj, const char *key)
{
	return json_string_value(json_object_get(obj, key));
}

static long long num(const json_t *obj, const char *key)
{
	return json_integer_value(json_object_get(obj, key));
}

/* The phones of a listing joined by spaces (static buffer). */
static const char *phones(const json_t *rows)
{
	static char buf[1024];
	size_t i;
	json_t *row;

	buf[0] = '\0';
	json_array_foreach(rows, i, row)
	{
		if (i)
			strcat(buf, " ");
		strcat(buf, str(row, "phone"));
	}
	return buf;
}

static void test_add_and_get(void **state)
{
	struct ctx *c = *state;
	struct tderr e = {0};
	struct contact_fields f = person("+84911000001", "K'Bình", "110");
	long long id = store_contact_add(c->st, &f, NULL, &e);
	json_t *got;

	assert_true(id > 0);
	got = store_contact_get(c->st, "+84911000001", NULL, &e);
	assert_non_null(got);
	assert_int_equal(num(got, "id"), id);
	assert_string_equal(str(got, "name"), "K'Bình");
	assert_string_equal(str(got, "village"), "110");
	assert_string_equal(str(got, "village_name"), "Păng Pá");
	assert_string_equal(str(got, "commune"), "DR1");
	assert_string_equal(str(got, "role"), "resident");
	assert_int_equal(num(got, "household"), 0);
	assert_int_equal(num(got, "opted_out"), 0);
	assert_string_equal(str(got, "source"), "staff");
	assert_non_null(str(got, "created_at"));
	json_decref(got);

	f = person("+84911000002", "Ha Nguyên", "301");
	f.role = "head";
	f.household = 1;
	f.source = "sms";
	add_ok(c, f);
	got = store_contact_get(c->st, "+84911000002", NULL, &e);
	assert_string_equal(str(got, "role"), "head");
	assert_string_equal(str(got, "commune"), "DR3");
	assert_string_equal(str(got, "source"), "sms");
	assert_int_equal(num(got, "household"), 1);
	json_decref(got);

	assert_null(store_contact_get(c->st, "+84911000099", NULL, &e));
	assert_int_equal(e.cls, TDERR_NOT_FOUND);
	assert_int_equal(e.msg, M_NO_CONTACT);
}

static void test_add_refused(void **state)
{
	struct ctx *c = *state;
	struct contact_fields f;
	struct tderr e;

	add_ok(c, person("+84911000001", "A", "110"));
	e = add_fails(c, person("+84911000001", "B", "101"), NULL);
	assert_int_equal(e.cls, TDERR_CONFLICT);
	assert_int_equal(e.msg, M_CONTACT_EXISTS);
	assert_string_equal(e.arg[0], "+84911000001");

	e = add_fails(c, person("0911000003", "B", "101"), NULL);
	assert_int_equal(e.msg, M_BAD_PHONE);
	assert_int_equal(e.cls, TDERR_INVALID);
	e = add_fails(c, person("+8491", "B", "101"), NULL);
	assert_int_equal(e.msg, M_BAD_PHONE);
	e = add_fails(c, person("+8491100000123456", "B", "101"), NULL);
	assert_int_equal(e.msg, M_BAD_PHONE);
	e = add_fails(c, person("+84 911000003", "B", "101"), NULL);
	assert_int_equal(e.msg, M_BAD_PHONE);

	/* An old village, a commune, an unknown code: not villages in force. */
	e = add_fails(c, person("+84911000003", "B", "DAKNANG.PANGPA"), NULL);
	assert_int_equal(e.msg, M_NOT_A_VILLAGE);
	assert_string_equal(e.arg[0], "DAKNANG.PANGPA");
	e = add_fails(c, person("+84911000003", "B", "DR1"), NULL);
	assert_int_equal(e.msg, M_NOT_A_VILLAGE);
	e = add_fails(c, person("+84911000003", "B", "999"), NULL);
	assert_int_equal(e.msg, M_NOT_A_VILLAGE);
	e = add_fails(c, person("+84911000003", "B", NULL), NULL);
	assert_int_equal(e.msg, M_MISSING_ARG);
	e = add_fails(c, person("+84911000003", NULL, "101"), NULL);
	assert_int_equal(e.msg, M_MISSING_ARG);

	f = person("+84911000003", "B", "101");
	f.role = "chief";
	e = add_fails(c, f, NULL);
	assert_int_equal(e.msg, M_BAD_ROLE);

	/* Outside the caller's communes. */
	e = add_fails(c, person("+84911000003", "B", "101"), &scope_dr3);
	assert_int_equal(e.cls, TDERR_FORBIDDEN);
	assert_int_equal(e.msg, M_OUT_OF_SCOPE);
	f = person("+84911000003", "B", "302");
	assert_true(store_contact_add(c->st, &f, &scope_dr3, &e) > 0);
	assert_int_equal(fx_query_int(&c->f, "SELECT count(*) FROM contact"), 2);
}

static void test_edit(void **state)
{
	struct ctx *c = *state;
	struct contact_fields f = person("+84911000001", NULL, NULL);
	struct tderr e = {0};
	json_t *got;

	add_ok(c, person("+84911000001", "A", "110"));
	f.role = "deputy";
	f.opted_out = 1;
	assert_int_equal(store_contact_edit(c->st, &f, NULL, &e), 0);
	got = store_contact_get(c->st, "+84911000001", NULL, &e);
	/* Fields not given are kept. */
	assert_string_equal(str(got, "name"), "A");
	assert_string_equal(str(got, "village"), "110");
	assert_string_equal(str(got, "role"), "deputy");
	assert_int_equal(num(got, "opted_out"), 1);
	assert_int_equal(num(got, "household"), 0);
	json_decref(got);

	f = person("+84911000001", "A Mới", "102");
	assert_int_equal(store_contact_edit(c->st, &f, &scope_dr1, &e), 0);
	got = store_contact_get(c->st, "+84911000001", NULL, &e);
	assert_string_equal(str(got, "name"), "A Mới");
	assert_string_equal(str(got, "village_name"), "Thanh Bình");
	assert_string_equal(str(got, "role"), "deputy");
	json_decref(got);

	f = person("+84911000009", "X", NULL);
	assert_int_equal(store_contact_edit(c->st, &f, NULL, &e), -1);
	assert_int_equal(e.cls, TDERR_NOT_FOUND);
	assert_int_equal(e.msg, M_NO_CONTACT);
	/* Not the caller's contact; nor moving it out of the caller's reach. */
	f = person("+84911000001", "Y", NULL);
	assert_int_equal(store_contact_edit(c->st, &f, &scope_dr3, &e), -1);
	assert_int_equal(e.msg, M_OUT_OF_SCOPE);
	assert_int_equal(e.cls, TDERR_FORBIDDEN);
	f = person("+84911000001", NULL, "301");
	assert_int_equal(store_contact_edit(c->st, &f, &scope_dr1, &e), -1);
	assert_int_equal(e.msg, M_OUT_OF_SCOPE);
	f = person("+84911000001", NULL, "DAKNANG.DAKNANG");
	assert_int_equal(store_contact_edit(c->st, &f, NULL, &e), -1);
	assert_int_equal(e.msg, M_NOT_A_VILLAGE);
	f = person("+84911000001", NULL, NULL);
	f.role = "boss";
	assert_int_equal(store_contact_edit(c->st, &f, NULL, &e), -1);
	assert_int_equal(e.msg, M_BAD_ROLE);
	assert_int_equal(fx_query_int(&c->f, "SELECT count(*) FROM contact WHERE name = 'A Mới'"
					     " AND village = '102' AND role = 'deputy'"),
			 1);
}

static void test_remove(void **state)
{
	struct ctx *c = *state;
	struct tderr e = {0};

	add_ok(c, person("+84911000001", "A", "110"));
	add_ok(c, person("+84911000002", "B", "301"));
	assert_int_equal(store_contact_remove(c->st, "+84911000001", &scope_dr3, &e), -1);
	assert_int_equal(e.msg, M_OUT_OF_SCOPE);
	assert_int_equal(fx_query_int(&c->f, "SELECT count(*) FROM contact"), 2);
	assert_int_equal(store_contact_remove(c->st, "+84911000001", &scope_dr1, &e), 0);
	assert_int_equal(fx_query_int(&c->f, "SELECT count(*) FROM contact"), 1);
	assert_int_equal(store_contact_remove(c->st, "+84911000001", NULL, &e), -1);
	assert_int_equal(e.msg, M_NO_CONTACT);
	assert_int_equal(store_contact_remove(c->st, "+84911000002", NULL, &e), 0);
	assert_int_equal(fx_query_int(&c->f, "SELECT count(*) FROM contact"), 0);
}

static void test_list_filters_and_scope(void **state)
{
	struct ctx *c = *state;
	struct contact_fields f;
	struct tderr e = {0};
	json_t *rows;

	add_ok(c, person("+84911000001", "Yên", "110"));
	add_ok(c, person("+84911000002", "An", "110"));
	add_ok(c, person("+84911000003", "Bảo", "301"));
	f = person("+84911000004", "Cúc", "101");
	f.role = "head";
	add_ok(c, f);
	/* A contact registered before the merger, in a village since
	 * replaced: it counts under the commune that took it over. */
	assert_int_equal(fx_exec(&c->f, "INSERT INTO contact (phone, name, village, created_at,"
					" updated_at) VALUES ('+84911000005', 'Cũ',"
					" 'DAKNANG.PANGPA', 'x', 'x')"),
			 0);

	rows = store_contacts_list(c->st, NULL, NULL, NULL, NULL);
	/* Ordered by village code, then name. */
	assert_string_equal(phones(rows),
			    "+84911000004 +84911000002 +84911000001 +84911000003 +84911000005");
	assert_string_equal(str(json_array_get(rows, 4), "commune"), "DR1");
	assert_string_equal(str(json_array_get(rows, 4), "village_name"), "Păng Pá");
	json_decref(rows);

	rows = store_contacts_list(c->st, "110", NULL, NULL, NULL);
	assert_string_equal(phones(rows), "+84911000002 +84911000001");
	json_decref(rows);
	rows = store_contacts_list(c->st, NULL, "head", NULL, NULL);
	assert_string_equal(phones(rows), "+84911000004");
	json_decref(rows);
	rows = store_contacts_list(c->st, NULL, NULL, "DR3", NULL);
	assert_string_equal(phones(rows), "+84911000003");
	json_decref(rows);
	rows = store_contacts_list(c->st, NULL, NULL, "DR2", NULL);
	assert_int_equal(json_array_size(rows), 0);
	json_decref(rows);

	/* Scope hides the contacts of other communes. */
	rows = store_contacts_list(c->st, NULL, NULL, NULL, &scope_dr1);
	assert_string_equal(phones(rows), "+84911000004 +84911000002 +84911000001 +84911000005");
	json_decref(rows);
	rows = store_contacts_list(c->st, NULL, NULL, "DR3", &scope_dr1);
	assert_int_equal(json_array_size(rows), 0);
	json_decref(rows);
	rows = store_contacts_list(c->st, NULL, NULL, NULL, &scope_dr3);
	assert_string_equal(phones(rows), "+84911000003");
	json_decref(rows);
	assert_null(store_contact_get(c->st, "+84911000005", &scope_dr3, &e));
	assert_int_equal(e.msg, M_OUT_OF_SCOPE);
	rows = store_contact_get(c->st, "+84911000005", &scope_dr1, &e);
	assert_non_null(rows);
	json_decref(rows);
}

static void test_import(void **state)
{
	struct ctx *c = *state;
	struct tderr e = {0};
	json_t *rows, *got;

	add_ok(c, person("+84911000001", "A", "110"));
	rows = read_csv_text("phone,name,village,role,household,opted_out\n"
			     "+84911000001,,102,head,,yes\n"
			     "+84911000002,Bình,103,,có,\n"
			     "+84911000003,Cường,104,deputy,0,No\n");
	assert_int_equal(store_contacts_import(c->st, rows, &scope_dr1, &e), 3);
	json_decref(rows);
	assert_int_equal(fx_query_int(&c->f, "SELECT count(*) FROM contact"), 3);
	got = store_contact_get(c->st, "+84911000001", NULL, &e);
	/* An empty cell keeps what the contact had. */
	assert_string_equal(str(got, "name"), "A");
	assert_string_equal(str(got, "village"), "102");
	assert_string_equal(str(got, "role"), "head");
	assert_int_equal(num(got, "opted_out"), 1);
	assert_string_equal(str(got, "source"), "staff");
	json_decref(got);
	got = store_contact_get(c->st, "+84911000002", NULL, &e);
	assert_string_equal(str(got, "role"), "resident");
	assert_int_equal(num(got, "household"), 1);
	assert_string_equal(str(got, "source"), "import");
	json_decref(got);
}

/* Imports text expecting failure and nothing changed; returns the error. */
static struct tderr import_fails(struct ctx *c, const char *text, const struct unit_scope *scope)
{
	json_t *rows = read_csv_text(text);
	struct tderr e = {0};

	assert_int_equal(store_contacts_import(c->st, rows, scope, &e), -1);
	json_decref(rows);
	assert_int_equal(e.msg, M_CSV_LINE);
	assert_int_equal(fx_query_int(&c->f, "SELECT count(*) FROM contact"), 1);
	assert_int_equal(fx_query_int(&c->f, "SELECT count(*) FROM contact WHERE name = 'A'"
					     " AND village = '110'"),
			 1);
	return e;
}

static void test_import_refused(void **state)
{
	struct ctx *c = *state;
	struct tderr e;

	add_ok(c, person("+84911000001", "A", "110"));
	e = import_fails(c,
			 "phone,name,village\n"
			 "+84911000001,A2,101\n"
			 "+84911000002,B,DAKNANG.PANGPA\n",
			 NULL);
	assert_string_equal(e.arg[0], "3");
	assert_int_equal(e.cls, TDERR_INVALID);
	assert_non_null(strstr(err_text(&e), "DAKNANG.PANGPA"));
	e = import_fails(c,
			 "phone,name,village\n"
			 "+84911000002,B,101\n"
			 "\n"
			 "+84911000002,B again,102\n",
			 NULL);
	assert_string_equal(e.arg[0], "4");
	assert_non_null(strstr(err_text(&e), "(dòng 2)"));
	e = import_fails(c, "phone,name,village\n+84911000002,B,301\n", &scope_dr1);
	assert_int_equal(e.cls, TDERR_FORBIDDEN);
	assert_string_equal(e.arg[0], "2");
	e = import_fails(c, "phone,name,village,household\n+84911000002,B,101,maybe\n", NULL);
	assert_non_null(strstr(err_text(&e), "maybe"));
	e = import_fails(c, "phone,name,village\n+84911000002,,101\n", NULL);
	assert_non_null(strstr(err_text(&e), "name"));
	e = import_fails(c, "phone,name,village\n0911000002,B,101\n", NULL);
	assert_non_null(strstr(err_text(&e), "0911000002"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_add_and_get, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_add_refused, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_edit, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_remove, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_list_filters_and_scope, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_import, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_import_refused, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

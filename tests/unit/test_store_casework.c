/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Staff's work on cases on a real SQLite file with the real Đam Rông
 * units, on 2025-07-10: listings filtered after roll-up and within scope,
 * overdue cases, one case with a sealed sender hidden or opened, status
 * changes and their history, assignment, meetings, and promoting a
 * throttled message; confidential numbers in the message views.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/store.h"
#include "store/store_casework.h"
#include "store/store_units.h"
#include "store/store_views.h"
#include "util/clock.h"
#include "util/csv.h"
#include "util/seal.h"
#include "fixture.h"

#define GEO_CSV TIENGDAN_SOURCE_DIR "/config/geo-damrong.csv"
#define SECRET "+84911999888"

struct ctx {
	struct fx f;
	struct store *st;
	struct seal *seal;
};

static const char *const dr1_only[] = {"DR1"};
static const char *const dr3_only[] = {"DR3"};
static const struct unit_scope scope_dr1 = {dr1_only, 1};
static const struct unit_scope scope_dr3 = {dr3_only, 1};

static void exec_ok(struct ctx *c, const char *sql)
{
	if (fx_exec(&c->f, sql) != 0)
		fail_msg("SQL failed: %s", sql);
}

/* A case row: code (its digits unique), kind, status, village (or NULL),
 * received_on, due_first, sender. */
static void add_case(struct ctx *c, const char *code, const char *kind, const char *status,
		     const char *village, const char *received, const char *due, const char *sender)
{
	char sql[2048];

	snprintf(sql, sizeof(sql),
		 "INSERT INTO cases (code, digits, kind, status, text, sender, sender_tag,"
		 " village, received_on, due_first, created_at, updated_at) VALUES"
		 " ('%s', substr('%s', 3), '%s', '%s', 'noi dung %s', '%s', 'tag', %s%s%s, '%s',"
		 " '%s', '2025-07-01T00:00:00.000Z', '2025-07-01T00:00:00.000Z')",
		 code, code, kind, status, code, sender, village ? "'" : "",
		 village ? village : "NULL", village ? "'" : "", received, due);
	exec_ok(c, sql);
}

static int setup(void **state)
{
	struct ctx *c = calloc(1, sizeof(*c));
	struct tderr e = {0};
	FILE *in = fopen(GEO_CSV, "r");
	char err[256], key[PATH_MAX + 8], sql[1024], *sealed;
	long long noon;
	json_t *rows;

	if (!in || clock_parse_date("2025-07-10", &noon) < 0)
		return -1;
	clock_set_offset_ms(0);
	clock_set_offset_ms(noon + 12 * 3600 * 1000LL - clock_now_ms());
	if (fx_setup(&c->f, 0, NULL) < 0)
		return -1;
	c->st = store_open(c->f.db, err, sizeof(err));
	rows = csv_read_objects(in, &e);
	fclose(in);
	if (!c->st || !rows || store_units_import(c->st, rows, &e) <= 0)
		return -1;
	json_decref(rows);
	snprintf(key, sizeof(key), "%s/seal.key", c->f.dir);
	c->seal = seal_open(key, err, sizeof(err));
	if (!c->seal)
		return -1;
	*state = c;

	/* A case made before the merger in a village of Đạ K'Nàng, one in
	 * the village that took it over, one in Đam Rông 3, one without a
	 * village, and a denunciation whose sender is sealed. */
	add_case(c, "KN2000004", "complaint", "received", "DAKNANG.DAKNANG", "2025-06-02",
		 "2025-06-16", "+84911000001");
	add_case(c, "PA1000002", "feedback", "accepted", "108", "2025-07-08", "2025-07-22",
		 "+84911000002");
	add_case(c, "PA3000006", "feedback", "resolved", "301", "2025-06-01", "2025-06-13",
		 "+84911000003");
	add_case(c, "PA4000009", "feedback", "received", NULL, "2025-07-09", "2025-07-23",
		 "+84911000004");
	sealed = seal_encrypt(c->seal, SECRET);
	add_case(c, "TC5000003", "denunciation", "received", "106", "2025-07-10", "2025-07-24",
		 sealed);
	free(sealed);
	exec_ok(c,
		"INSERT INTO contact (phone, name, village, created_at, updated_at) VALUES"
		" ('+84911999888', 'Nguoi to cao', '106', 'x', 'x');"
		"UPDATE cases SET contact_id = (SELECT id FROM contact) WHERE code = 'TC5000003'");
	/* The denunciation's message (sealed) and its reply (confidential). */
	snprintf(sql, sizeof(sql),
		 "INSERT INTO inbound (id, modem, sender, sender_raw, text, received_at, sealed)"
		 " SELECT 7, 'm1', sender, sender, 'TOCAO can bo', '2025-07-10T01:00:00.000Z', 1"
		 " FROM cases WHERE code = 'TC5000003';"
		 "UPDATE cases SET inbound_id = 7 WHERE code = 'TC5000003';"
		 "INSERT INTO outbound (recipient, text, inbound_id, confidential, purpose,"
		 " created_at, updated_at) VALUES ('%s', 'Da ghi nhan', 7, 1, 'reply',"
		 " '2025-07-10T01:00:01.000Z', '2025-07-10T01:00:01.000Z')",
		 SECRET);
	exec_ok(c, sql);
	return 0;
}

static int teardown(void **state)
{
	struct ctx *c = *state;

	seal_close(c->seal);
	store_close(c->st);
	fx_teardown(&c->f);
	free(c);
	clock_set_offset_ms(0);
	return 0;
}

static json_t *row_of(json_t *rows, const char *code)
{
	size_t i;
	json_t *row;

	json_array_foreach(rows, i, row)
	{
		const char *s = json_string_value(json_object_get(row, "code"));
		if (s && strcmp(s, code) == 0)
			return row;
	}
	return NULL;
}

static const char *field(const json_t *obj, const char *key)
{
	return json_string_value(json_object_get(obj, key));
}

/* ------------------------------------------------------------------ */

static void test_list_filters(void **state)
{
	struct ctx *c = *state;
	struct case_filter f = {0};
	json_t *rows, *row;

	rows = store_cases_list(c->st, &f, NULL);
	assert_int_equal(json_array_size(rows), 5);
	/* Newest first; commune after roll-up; the applicable due date. */
	assert_string_equal(field(json_array_get(rows, 0), "code"), "TC5000003");
	row = row_of(rows, "KN2000004");
	assert_string_equal(field(row, "commune"), "DR1");
	assert_string_equal(field(row, "due"), "2025-06-16");
	assert_true(json_is_true(json_object_get(row, "overdue")));
	assert_null(json_object_get(row, "sender"));
	assert_null(json_object_get(row, "place"));
	assert_false(json_is_true(json_object_get(row_of(rows, "PA3000006"), "overdue")));
	assert_true(json_is_null(json_object_get(row_of(rows, "PA4000009"), "commune")));
	json_decref(rows);

	f.commune = "DR1";
	rows = store_cases_list(c->st, &f, NULL);
	assert_int_equal(json_array_size(rows), 3);
	assert_non_null(row_of(rows, "KN2000004"));
	json_decref(rows);

	/* Village 108 took over DAKNANG.DAKNANG: both are found by it. */
	f.commune = NULL;
	f.village = "108";
	rows = store_cases_list(c->st, &f, NULL);
	assert_int_equal(json_array_size(rows), 2);
	json_decref(rows);
	f.village = "DAKNANG.DAKNANG";
	rows = store_cases_list(c->st, &f, NULL);
	assert_int_equal(json_array_size(rows), 1);
	json_decref(rows);

	f = (struct case_filter){.overdue = true};
	rows = store_cases_list(c->st, &f, NULL);
	assert_int_equal(json_array_size(rows), 1);
	assert_string_equal(field(json_array_get(rows, 0), "code"), "KN2000004");
	json_decref(rows);

	f = (struct case_filter){.kind = "feedback", .since = "2025-07-01"};
	rows = store_cases_list(c->st, &f, NULL);
	assert_int_equal(json_array_size(rows), 2);
	json_decref(rows);
	f = (struct case_filter){.status = "resolved"};
	rows = store_cases_list(c->st, &f, NULL);
	assert_int_equal(json_array_size(rows), 1);
	json_decref(rows);
	f = (struct case_filter){.limit = 2};
	rows = store_cases_list(c->st, &f, NULL);
	assert_int_equal(json_array_size(rows), 2);
	json_decref(rows);
	f = (struct case_filter){.since = "2025-13-01"};
	assert_null(store_cases_list(c->st, &f, NULL));
}

static void test_list_scope(void **state)
{
	struct ctx *c = *state;
	struct case_filter f = {0};
	json_t *rows;

	rows = store_cases_list(c->st, &f, &scope_dr3);
	assert_int_equal(json_array_size(rows), 1);
	assert_string_equal(field(json_array_get(rows, 0), "code"), "PA3000006");
	json_decref(rows);
	/* A case without a village is seen only by unlimited callers. */
	rows = store_cases_list(c->st, &f, &scope_dr1);
	assert_int_equal(json_array_size(rows), 3);
	assert_null(row_of(rows, "PA4000009"));
	json_decref(rows);
}

static void test_get_and_scope(void **state)
{
	struct ctx *c = *state;
	struct case_info info;
	struct tderr e = {0};

	assert_int_equal(store_case_get(c->st, "2000004", NULL, &info, &e), 0);
	assert_string_equal(info.code, "KN2000004");
	assert_string_equal(info.commune, "DR1");
	assert_string_equal(info.unit_name, "Đam Rông 1");
	assert_string_equal(info.received_on, "2025-06-02");
	assert_int_equal(store_case_get(c->st, "2000004", &scope_dr3, &info, &e), -1);
	assert_int_equal(e.cls, TDERR_FORBIDDEN);
	e = (struct tderr){0};
	assert_int_equal(store_case_get(c->st, "9999994", NULL, &info, &e), -1);
	assert_int_equal(e.cls, TDERR_NOT_FOUND);
	assert_int_equal(e.msg, M_NO_CASE);
}

static void test_show_sealed_sender(void **state)
{
	struct ctx *c = *state;
	struct tderr e = {0};
	json_t *obj, *in, *out;
	char *text;

	/* Without the seal: no number anywhere, the contact's name hidden. */
	obj = store_case_show(c->st, "5000003", NULL, NULL, &e);
	assert_non_null(obj);
	assert_true(json_is_null(json_object_get(obj, "sender")));
	assert_true(json_is_true(json_object_get(obj, "confidential")));
	assert_true(json_is_null(json_object_get(obj, "contact_name")));
	in = json_object_get(obj, "messages_in");
	out = json_object_get(obj, "messages_out");
	assert_int_equal(json_array_size(in), 1);
	assert_int_equal(json_array_size(out), 1);
	assert_true(json_is_null(json_object_get(json_array_get(in, 0), "sender")));
	assert_true(json_is_null(json_object_get(json_array_get(out, 0), "recipient")));
	text = json_dumps(obj, 0);
	assert_null(strstr(text, "911999888"));
	assert_null(strstr(text, SEAL_PREFIX));
	free(text);
	json_decref(obj);

	/* With it (a supervisor): opened. */
	obj = store_case_show(c->st, "5000003", NULL, c->seal, &e);
	assert_string_equal(field(obj, "sender"), SECRET);
	assert_true(json_is_true(json_object_get(obj, "confidential")));
	assert_string_equal(field(obj, "contact_name"), "Nguoi to cao");
	in = json_object_get(obj, "messages_in");
	out = json_object_get(obj, "messages_out");
	assert_string_equal(field(json_array_get(in, 0), "sender"), SECRET);
	assert_string_equal(field(json_array_get(out, 0), "recipient"), SECRET);
	json_decref(obj);

	/* An ordinary case shows its sender to all. */
	obj = store_case_show(c->st, "1000002", NULL, NULL, &e);
	assert_string_equal(field(obj, "sender"), "+84911000002");
	assert_false(json_is_true(json_object_get(obj, "confidential")));
	assert_string_equal(field(obj, "commune"), "DR1");
	assert_int_equal(json_array_size(json_object_get(obj, "events")), 0);
	json_decref(obj);
}

static void test_message_views_hide_sealed(void **state)
{
	struct ctx *c = *state;
	json_t *rows;
	char *text;

	rows = store_messages_list(c->st, NULL, NULL, 0, NULL);
	assert_int_equal(json_array_size(rows), 2);
	text = json_dumps(rows, 0);
	assert_null(strstr(text, "911999888"));
	assert_null(strstr(text, SEAL_PREFIX));
	free(text);
	assert_true(json_is_true(json_object_get(json_array_get(rows, 0), "confidential")));
	json_decref(rows);
	rows = store_messages_list(c->st, NULL, NULL, 0, c->seal);
	assert_string_equal(field(json_array_get(rows, 0), "number"), SECRET);
	assert_string_equal(field(json_array_get(rows, 1), "number"), SECRET);
	json_decref(rows);
	rows = store_inbox_list(c->st, false, false, 0, NULL);
	assert_true(json_is_null(json_object_get(json_array_get(rows, 0), "sender")));
	json_decref(rows);
	rows = store_inbox_list(c->st, false, false, 0, c->seal);
	assert_string_equal(field(json_array_get(rows, 0), "sender"), SECRET);
	json_decref(rows);
	rows = store_outbox_list(c->st, false, false, 0, NULL);
	assert_true(json_is_null(json_object_get(json_array_get(rows, 0), "recipient")));
	json_decref(rows);
}

static long long count(struct ctx *c, const char *sql)
{
	return fx_query_int(&c->f, sql);
}

static void test_status_change(void **state)
{
	struct ctx *c = *state;
	struct case_info info;
	struct tderr e = {0};
	struct case_sms sms = {.text = "KN2000004: Da thu ly", .purpose = "status"};
	struct case_status_set s = {.actor = "lan",
				    .to = "accepted",
				    .note = "thu ly",
				    .accepted_on = "2025-07-10",
				    .due_resolve = "2025-08-21",
				    .complex = -1};
	long long out, ev;

	assert_int_equal(store_case_get(c->st, "2000004", NULL, &info, &e), 0);
	assert_int_equal(store_begin(c->st), 0);
	sms.case_id = info.id;
	sms.recipient = info.sender;
	out = store_case_sms(c->st, &sms, &e);
	assert_true(out > 0);
	s.outbound_id = out;
	ev = store_case_set_status(c->st, &info, &s, &e);
	assert_true(ev > 0);
	assert_int_equal(store_commit(c->st), 0);
	assert_int_equal(count(c, "SELECT count(*) FROM cases WHERE code = 'KN2000004' AND status"
				  " = 'accepted' AND accepted_on = '2025-07-10' AND due_resolve ="
				  " '2025-08-21' AND closed_on IS NULL"),
			 1);
	assert_int_equal(count(c, "SELECT count(*) FROM case_event WHERE event = 'status' AND"
				  " actor = 'lan' AND status_from = 'received' AND status_to ="
				  " 'accepted' AND note = 'thu ly' AND outbound_id IS NOT NULL"),
			 1);
	assert_int_equal(count(c, "SELECT count(*) FROM outbound WHERE case_id IS NOT NULL AND"
				  " purpose = 'status' AND recipient = '+84911000001' AND"
				  " confidential = 0"),
			 1);

	/* The same change again, from the status read before: refused. */
	e = (struct tderr){0};
	assert_int_equal(store_case_set_status(c->st, &info, &s, &e), -1);
	assert_int_equal(e.msg, M_STATUS_CHANGE);

	/* Leaving the open statuses sets closed_on; reopening clears it. */
	assert_int_equal(store_case_get(c->st, "2000004", NULL, &info, &e), 0);
	s = (struct case_status_set){
	    .actor = "lan", .to = "resolved", .closed_on = "2025-07-10", .complex = -1};
	assert_true(store_case_set_status(c->st, &info, &s, &e) > 0);
	assert_int_equal(count(c, "SELECT count(*) FROM cases WHERE code = 'KN2000004' AND"
				  " closed_on = '2025-07-10' AND accepted_on = '2025-07-10'"),
			 1);
	assert_int_equal(store_case_get(c->st, "2000004", NULL, &info, &e), 0);
	s = (struct case_status_set){
	    .actor = "lan", .to = "in_progress", .closed_on = "", .complex = 1};
	assert_true(store_case_set_status(c->st, &info, &s, &e) > 0);
	assert_int_equal(count(c, "SELECT count(*) FROM cases WHERE code = 'KN2000004' AND"
				  " closed_on IS NULL AND complex = 1 AND status = 'in_progress'"),
			 1);
}

static void test_assign_and_note(void **state)
{
	struct ctx *c = *state;
	struct case_info info;
	struct tderr e = {0};

	assert_int_equal(store_case_get(c->st, "1000002", NULL, &info, &e), 0);
	assert_int_equal(store_case_assign(c->st, &info, "NOWHERE", "lan", NULL, NULL, &e), -1);
	assert_int_equal(e.msg, M_UNKNOWN_UNIT);
	/* Units no longer in force are not given work. */
	e = (struct tderr){0};
	assert_int_equal(store_case_assign(c->st, &info, "DAKNANG", "lan", NULL, NULL, &e), -1);
	assert_int_equal(e.msg, M_BAD_VALUE);
	e = (struct tderr){0};
	assert_int_equal(store_case_assign(c->st, &info, "301", "lan", NULL, &scope_dr1, &e), -1);
	assert_int_equal(e.cls, TDERR_FORBIDDEN);
	assert_int_equal(store_case_assign(c->st, &info, "DR1", "lan", "xa xu ly", &scope_dr1, &e),
			 0);
	assert_true(store_case_note(c->st, &info, "lan", "da goi dien", &e) > 0);
	assert_int_equal(count(c, "SELECT count(*) FROM cases WHERE code = 'PA1000002' AND"
				  " unit = 'DR1'"),
			 1);
	assert_int_equal(count(c,
			       "SELECT count(*) FROM case_event e JOIN cases c ON"
			       " c.id = e.case_id WHERE c.code = 'PA1000002' AND"
			       " ((e.event = 'assign' AND e.unit = 'DR1' AND e.note = 'xa xu ly')"
			       " OR (e.event = 'note' AND e.note = 'da goi dien'))"),
			 2);
	/* The status SMS names the handling unit now. */
	assert_int_equal(store_case_get(c->st, "1000002", NULL, &info, &e), 0);
	assert_string_equal(info.unit, "DR1");
	assert_string_equal(info.unit_name, "Đam Rông 1");
}

static void test_meetings(void **state)
{
	struct ctx *c = *state;
	struct meeting_filter f = {0};
	json_t *rows;

	exec_ok(c, "INSERT INTO meeting (code, digits, village, meeting_date, present, total,"
		   " opinions, topic, quorum, created_at) VALUES"
		   " ('HT1185208', '1185208', '106', '2025-07-05', 45, 60, 3, 'sua duong', 1, 'x'),"
		   " ('HT6000005', '6000005', 'DAKNANG.PANGPA', '2025-06-15', 20, 50, NULL, NULL,"
		   " 0, 'x'),"
		   " ('HT7000008', '7000008', '302', '2025-07-01', 30, 40, 1, NULL, 1, 'x')");
	rows = store_meetings_list(c->st, &f, NULL);
	assert_int_equal(json_array_size(rows), 3);
	assert_string_equal(field(json_array_get(rows, 0), "code"), "HT1185208");
	assert_int_equal(json_integer_value(json_object_get(json_array_get(rows, 0), "percent")),
			 75);
	assert_true(json_is_true(json_object_get(json_array_get(rows, 0), "quorum")));
	json_decref(rows);
	f.commune = "DR1";
	rows = store_meetings_list(c->st, &f, NULL);
	assert_int_equal(json_array_size(rows), 2);
	json_decref(rows);
	f = (struct meeting_filter){.village = "110"};
	rows = store_meetings_list(c->st, &f, NULL);
	assert_int_equal(json_array_size(rows), 1);
	assert_string_equal(field(json_array_get(rows, 0), "code"), "HT6000005");
	json_decref(rows);
	f = (struct meeting_filter){.from = "2025-07-01", .to = "2025-07-04"};
	rows = store_meetings_list(c->st, &f, NULL);
	assert_int_equal(json_array_size(rows), 1);
	json_decref(rows);
	f = (struct meeting_filter){0};
	rows = store_meetings_list(c->st, &f, &scope_dr3);
	assert_int_equal(json_array_size(rows), 1);
	json_decref(rows);
}

static void test_promote(void **state)
{
	struct ctx *c = *state;
	struct tderr e = {0};
	json_t *rows;

	exec_ok(c, "INSERT INTO inbound (id, modem, sender, sender_raw, text, received_at,"
		   " processed_at, outcome, throttled) VALUES (20, 'm1', '+84911000005',"
		   " '0911000005', 'PA lan 11', '2025-07-10T02:00:00.000Z',"
		   " '2025-07-10T02:00:01.000Z', 'throttled', 1)");
	rows = store_inbox_list(c->st, false, true, 0, NULL);
	assert_int_equal(json_array_size(rows), 1);
	assert_true(json_is_true(json_object_get(json_array_get(rows, 0), "throttled")));
	json_decref(rows);
	assert_int_equal(store_inbox_promote(c->st, 20, &e), 0);
	assert_int_equal(count(c, "SELECT count(*) FROM inbound WHERE id = 20 AND throttled = 0"
				  " AND promoted = 1 AND processed_at IS NULL AND outcome IS NULL"),
			 1);
	assert_int_equal(store_inbox_promote(c->st, 20, &e), -1);
	assert_int_equal(e.msg, M_NOT_THROTTLED);
	e = (struct tderr){0};
	assert_int_equal(store_inbox_promote(c->st, 999, &e), -1);
	assert_int_equal(e.cls, TDERR_NOT_FOUND);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_list_filters),
	    cmocka_unit_test(test_list_scope),
	    cmocka_unit_test(test_get_and_scope),
	    cmocka_unit_test(test_show_sealed_sender),
	    cmocka_unit_test(test_message_views_hide_sealed),
	    cmocka_unit_test(test_status_change),
	    cmocka_unit_test(test_assign_and_note),
	    cmocka_unit_test(test_meetings),
	    cmocka_unit_test(test_promote),
	};

	setenv("TZ", "ICT-7", 1);
	tzset();
	return cmocka_run_group_tests(tests, setup, teardown);
}

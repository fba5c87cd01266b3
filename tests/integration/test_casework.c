/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Staff's work on cases against the real daemon and dummy modem, with the
 * seed geography: cases made by texting the daemon in June (old villages)
 * and July 2025 (the clock seam); a status change from the console queues
 * exactly one SMS to the citizen and lands in the audit; a handler sees a
 * denunciation without its number, a supervisor with it; staff replies
 * with their cost; a throttled message promoted; meetings listed; and the
 * report's figures equal to counts computed here with SQL, a case made in
 * a village of old Đạ K'Nàng counted under Đam Rông 1.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/workdays.h"
#include "fixture.h"

#define GEO_CSV TIENGDAN_SOURCE_DIR "/config/geo-damrong.csv"
#define EXTRA                                                                                      \
	"socket_group = \"nogroup\";\n"                                                            \
	"users = ( { user = \"nobody\"; role = \"handler\"; },\n"                                  \
	"          { user = \"daemon\"; role = \"supervisor\"; } );\n"                             \
	"gateway_number = \"0912000000\";\n"                                                       \
	"hourly_limit = 3;\n"                                                                      \
	"notify_status = [ \"accepted\", \"resolved\" ];\n"
#define WAIT_MS 20000
#define SECRET_DIGITS "911000005"

/* Units whose records a report on DR1 counts, written out by hand. */
#define DR1_PLACES                                                                                 \
	"('DR1', '101', '102', '103', '104', '105', '106', '107', '108', '109', '110',"            \
	" 'DAKNANG', 'DAKNANG.DAKNANG', 'DAKNANG.PANGPA', 'PHILIENG', 'PHILIENG.PHILIENG')"

static struct fx fx;

/* Runs the console as user (NULL: root) with args; the caller frees r. */
#define RUN(user, r, ...)                                                                          \
	assert_int_equal(                                                                          \
	    fx_console(&fx, (user), NULL, (r), (const char *const[]){__VA_ARGS__, NULL}), 0)

static void console_ok(const char *const *args)
{
	struct fx_run r;

	assert_int_equal(fx_console(&fx, NULL, NULL, &r, args), 0);
	if (r.status != 0)
		fail_msg("tiengdan %s %s: %s", args[0], args[1] ? args[1] : "", r.err);
	fx_run_free(&r);
}

static void add_contact(const char *phone, const char *village, const char *role)
{
	console_ok((const char *const[]){"contacts", "add", "--phone", phone, "--name", "Nguoi dan",
					 "--village", village, "--role", role, NULL});
}

static void text_in(const char *number, const char *text)
{
	assert_int_equal(fx_inject(&fx, 0, number, text, NULL), 0);
}

static void wait_int(const char *sql, long long want)
{
	if (!fx_wait_int(&fx, sql, want, WAIT_MS))
		fail_msg("%s: %lld, expected %lld", sql, fx_query_int(&fx, sql), want);
}

static json_t *parse_json(const char *text)
{
	json_error_t err;
	json_t *j = json_loads(text, 0, &err);

	if (!j)
		fail_msg("not JSON (%s): %s", err.text, text);
	return j;
}

static char *query_text(const char *sql)
{
	char *s = fx_query_text(&fx, sql);

	if (!s)
		fail_msg("no row: %s", sql);
	return s;
}

/* The code of the case whose column is value. */
static char *case_code(const char *column, const char *value)
{
	char sql[256];

	snprintf(sql, sizeof(sql), "SELECT code FROM cases WHERE %s = '%s'", column, value);
	return query_text(sql);
}

static int start_on(const char *when)
{
	setenv("TIENGDAN_CLOCK", when, 1);
	return fx_daemon_start(&fx) == 0 && fx_wait_socket(&fx, 10000) ? 0 : -1;
}

/* June: cases from villages of the old communes Đạ K'Nàng and Phi Liêng,
 * the complaint accepted then. July: cases from villages of the new
 * communes, from strangers, a denunciation and a meeting report. */
static int setup(void **state)
{
	char *code;

	if (fx_setup(&fx, 1, EXTRA) < 0 || start_on("2025-06-20T09:00:00") < 0)
		return -1;
	console_ok((const char *const[]){"units", "import", GEO_CSV, NULL});
	add_contact("0911000001", "DAKNANG.DAKNANG", "resident");
	add_contact("0911000002", "PHILIENG.PHILIENG", "resident");
	text_in("0911000001", "PA duong thon bi sat lo");
	text_in("0911000002", "KHIEU NAI dat dai chua duoc boi thuong");
	wait_int("SELECT count(*) FROM cases", 2);
	code = case_code("village", "PHILIENG.PHILIENG");
	console_ok((const char *const[]){"cases", "status", code, "accepted", NULL});
	free(code);
	if (fx_daemon_stop(&fx) != 0 || start_on("2025-07-10T09:00:00") < 0)
		return -1;
	add_contact("0911000003", "108", "resident");
	add_contact("0911000004", "301", "resident");
	add_contact("0911000006", "106", "head");
	text_in("0911000003", "PA den duong thon hong");
	text_in("0911000004", "PA nuoc sinh hoat yeu");
	text_in("0912345678", "PA duong hong");
	text_in("0911000005", "TOCAO can bo thon thu tien sai quy dinh");
	text_in("0911000006", "HOP 05/07 45/60 3 sua duong");
	wait_int("SELECT count(*) FROM cases", 6);
	wait_int("SELECT count(*) FROM meeting", 1);
	return 0;
}

static int teardown(void **state)
{
	fx_daemon_stop(&fx);
	fx_teardown(&fx);
	unsetenv("TIENGDAN_CLOCK");
	return 0;
}

/* ---------------------------------------------------------------- status */

static void test_status_change_tells_citizen(void **state)
{
	char sql[512], expect[256], *code = case_code("village", "108"), *text;
	long long before = fx_query_int(&fx, "SELECT count(*) FROM outbound");
	long long out;
	struct fx_run r;

	RUN(NULL, &r, "cases", "status", code, "accepted", "--note", "da thu ly");
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "Đã thụ lý"));
	fx_run_free(&r);

	/* Exactly one SMS, to the citizen, about this case. */
	assert_int_equal(fx_query_int(&fx, "SELECT count(*) FROM outbound"), before + 1);
	snprintf(
	    sql, sizeof(sql),
	    "SELECT o.id FROM outbound o JOIN cases c ON c.id = o.case_id WHERE c.code = '%s'"
	    " AND o.purpose = 'status' AND o.recipient = '+84911000003' AND o.confidential = 0",
	    code);
	out = fx_query_int(&fx, sql);
	assert_true(out > 0);
	snprintf(sql, sizeof(sql), "SELECT text FROM outbound WHERE id = %lld", out);
	text = query_text(sql);
	snprintf(expect, sizeof(expect), "%s: Da thu ly (Dam Rong 1), 10/07. Han: 24/07.", code);
	assert_string_equal(text, expect);
	free(text);
	/* Its history and the audit. */
	snprintf(sql, sizeof(sql),
		 "SELECT count(*) FROM case_event e JOIN cases c ON c.id = e.case_id WHERE"
		 " c.code = '%s' AND e.event = 'status' AND e.actor = 'root' AND e.status_from ="
		 " 'received' AND e.status_to = 'accepted' AND e.note = 'da thu ly' AND"
		 " e.outbound_id = %lld",
		 code, out);
	assert_int_equal(fx_query_int(&fx, sql), 1);
	snprintf(sql, sizeof(sql),
		 "SELECT count(*) FROM audit WHERE action = 'cases.status' AND target = '%s' AND"
		 " outcome = 'allowed' AND user = 'root'",
		 code);
	assert_int_equal(fx_query_int(&fx, sql), 1);
	snprintf(sql, sizeof(sql),
		 "SELECT count(*) FROM outbound WHERE id = %lld AND state = 'sent'", out);
	wait_int(sql, 1);

	/* A status the configuration does not announce: no SMS. */
	RUN(fx_can_switch_user() ? "nobody" : NULL, &r, "cases", "status", code, "in_progress");
	assert_int_equal(r.status, 0);
	fx_run_free(&r);
	assert_int_equal(fx_query_int(&fx, "SELECT count(*) FROM outbound"), before + 1);
	/* Back to received is not a step of the workflow; refused with the
	 * rule, in Vietnamese, audited. */
	RUN(NULL, &r, "cases", "status", code, "received");
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.err, "Luật không cho phép"));
	assert_non_null(strstr(r.err, "«Đang xử lý»"));
	fx_run_free(&r);
	snprintf(sql, sizeof(sql),
		 "SELECT count(*) FROM audit WHERE action = 'cases.status' AND target = '%s' AND"
		 " outcome = 'failed'",
		 code);
	assert_int_equal(fx_query_int(&fx, sql), 1);
	free(code);
}

static void test_complaint_deadline_from_acceptance(void **state)
{
	struct workdays *cal = workdays_new(NULL, 0, NULL, 0);
	struct workdays_date accepted = {2025, 6, 20}, due;
	char want[16], *got;

	/* Accepted in June: 30 working days from then (the default rule). */
	assert_int_equal(workdays_add(cal, accepted, 30, &due), 0);
	snprintf(want, sizeof(want), "%04d-%02d-%02d", due.year, due.month, due.day);
	got = query_text("SELECT due_resolve || ' ' || accepted_on FROM cases WHERE village ="
			 " 'PHILIENG.PHILIENG'");
	assert_non_null(strstr(got, want));
	assert_non_null(strstr(got, "2025-06-20"));
	free(got);
	workdays_free(cal);
}

/* ---------------------------------------------------------------- roles */

static void test_denunciation_sender_by_role(void **state)
{
	char *code = case_code("kind", "denunciation"), sql[512];
	struct fx_run r;
	json_t *j;
	FILE *log;
	char line[1024];

	if (!fx_can_switch_user())
		skip();
	/* A handler: the case without the number, anywhere. */
	RUN("nobody", &r, "--json", "cases", "show", code);
	assert_int_equal(r.status, 0);
	j = parse_json(r.out);
	assert_true(json_is_null(json_object_get(j, "sender")));
	assert_true(json_is_true(json_object_get(j, "confidential")));
	json_decref(j);
	assert_null(strstr(r.out, SECRET_DIGITS));
	assert_null(strstr(r.out, "sealed:"));
	fx_run_free(&r);
	RUN("nobody", &r, "--json", "messages");
	assert_null(strstr(r.out, SECRET_DIGITS));
	fx_run_free(&r);
	RUN("nobody", &r, "inbox");
	assert_null(strstr(r.out, SECRET_DIGITS));
	fx_run_free(&r);

	/* A supervisor and an admin see it. */
	RUN("daemon", &r, "--json", "cases", "show", code);
	assert_int_equal(r.status, 0);
	j = parse_json(r.out);
	assert_string_equal(json_string_value(json_object_get(j, "sender")), "+84" SECRET_DIGITS);
	json_decref(j);
	fx_run_free(&r);
	RUN(NULL, &r, "cases", "show", code);
	assert_non_null(strstr(r.out, "+84" SECRET_DIGITS));
	fx_run_free(&r);

	/* The handler's status change reaches the citizen; once sent, the
	 * number in outbound is sealed too. */
	RUN("nobody", &r, "cases", "status", code, "accepted");
	assert_int_equal(r.status, 0);
	fx_run_free(&r);
	snprintf(sql, sizeof(sql),
		 "SELECT count(*) FROM outbound o JOIN cases c ON c.id = o.case_id WHERE"
		 " c.code = '%s' AND o.purpose = 'status' AND o.confidential = 1 AND"
		 " o.state = 'sent' AND o.recipient LIKE 'sealed:%%'",
		 code);
	wait_int(sql, 1);
	/* Neither the audit nor the log holds the number. */
	assert_int_equal(fx_query_int(&fx, "SELECT count(*) FROM audit WHERE coalesce(detail, '')"
					   " || coalesce(target, '') LIKE '%" SECRET_DIGITS "%'"),
			 0);
	log = fopen(fx.log, "r");
	assert_non_null(log);
	while (fgets(line, sizeof(line), log))
		assert_null(strstr(line, SECRET_DIGITS));
	fclose(log);
	free(code);
}

static void test_roles_refused(void **state)
{
	char *code = case_code("village", "301");
	struct fx_run r;

	if (!fx_can_switch_user())
		skip();
	/* Assigning and reports are a supervisor's. */
	RUN("nobody", &r, "cases", "assign", code, "DR3");
	assert_int_equal(r.status, 4);
	fx_run_free(&r);
	RUN("nobody", &r, "report", "--from", "2025-07-01", "--to", "2025-07-31");
	assert_int_equal(r.status, 4);
	fx_run_free(&r);
	RUN("daemon", &r, "cases", "assign", code, "DR3", "--note", "xa xu ly");
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, code));
	fx_run_free(&r);
	assert_int_equal(
	    fx_query_int(&fx, "SELECT count(*) FROM cases WHERE village = '301' AND unit = 'DR3'"),
	    1);
	free(code);
}

/* ---------------------------------------------------------------- reply */

static void test_reply_cost(void **state)
{
	char *code = case_code("village", "301"), sql[512], long_text[200];
	struct fx_run r;

	RUN(NULL, &r, "cases", "reply", code, "Chúng", "tôi", "đã", "kiểm", "tra", "--yes");
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "1 phần (UCS-2"));
	assert_non_null(strstr(r.out, "350 đồng"));
	fx_run_free(&r);
	snprintf(sql, sizeof(sql),
		 "SELECT count(*) FROM outbound o JOIN cases c ON c.id = o.case_id WHERE"
		 " c.code = '%s' AND o.purpose = 'staff' AND o.recipient = '+84911000004' AND"
		 " o.text = 'Chúng tôi đã kiểm tra'",
		 code);
	assert_int_equal(fx_query_int(&fx, sql), 1);
	snprintf(sql, sizeof(sql),
		 "SELECT count(*) FROM case_event e JOIN cases c ON c.id = e.case_id WHERE"
		 " c.code = '%s' AND e.event = 'reply' AND e.outbound_id IS NOT NULL",
		 code);
	assert_int_equal(fx_query_int(&fx, sql), 1);

	/* 170 GSM characters: two segments. */
	memset(long_text, 'a', 170);
	long_text[170] = '\0';
	RUN(NULL, &r, "--lang", "en", "cases", "reply", code, long_text);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "2 SMS segment(s) (GSM 7-bit, 170 characters), cost 700"));
	fx_run_free(&r);
	free(code);
}

/* ---------------------------------------------------------------- inbox */

static void test_throttled_promote(void **state)
{
	long long cases = fx_query_int(&fx, "SELECT count(*) FROM cases"), id;
	char sql[256], num[24];
	struct fx_run r;
	json_t *j;

	for (int i = 1; i <= 5; i++) {
		char text[64];
		snprintf(text, sizeof(text), "PA lan thu %d", i);
		text_in("0911000007", text);
	}
	wait_int("SELECT count(*) FROM inbound WHERE sender = '+84911000007' AND processed_at IS"
		 " NOT NULL",
		 5);
	assert_int_equal(fx_query_int(&fx, "SELECT count(*) FROM cases"), cases + 3);
	RUN(NULL, &r, "--json", "inbox", "--throttled");
	j = parse_json(r.out);
	assert_int_equal(json_array_size(j), 2);
	id = json_integer_value(json_object_get(json_array_get(j, 0), "id"));
	json_decref(j);
	fx_run_free(&r);

	snprintf(num, sizeof(num), "%lld", id);
	RUN(fx_can_switch_user() ? "nobody" : NULL, &r, "inbox", "promote", num);
	assert_int_equal(r.status, 0);
	fx_run_free(&r);
	wait_int("SELECT count(*) FROM cases", cases + 4);
	snprintf(sql, sizeof(sql),
		 "SELECT count(*) FROM inbound WHERE id = %lld AND promoted = 1 AND throttled = 0"
		 " AND processed_at IS NOT NULL AND outcome = 'case'",
		 id);
	wait_int(sql, 1);
	/* Promoting it again: it is no longer throttled. */
	RUN(NULL, &r, "inbox", "promote", num);
	assert_int_equal(r.status, 1);
	fx_run_free(&r);
	RUN(NULL, &r, "--json", "inbox", "--throttled");
	j = parse_json(r.out);
	assert_int_equal(json_array_size(j), 1);
	json_decref(j);
	fx_run_free(&r);
}

/* ---------------------------------------------------------------- lists */

static void test_lists(void **state)
{
	char *old = case_code("village", "DAKNANG.DAKNANG");
	struct fx_run r;
	json_t *j;

	/* The June case of old Đạ K'Nàng is a case of Đam Rông 1. */
	RUN(NULL, &r, "--json", "cases", "list", "--commune", "DR1");
	j = parse_json(r.out);
	assert_int_equal(json_array_size(j), 3);
	assert_non_null(strstr(r.out, old));
	json_decref(j);
	fx_run_free(&r);
	RUN(NULL, &r, "--json", "cases", "list", "--village", "108", "--kind", "feedback");
	j = parse_json(r.out);
	assert_int_equal(json_array_size(j), 2);
	json_decref(j);
	fx_run_free(&r);
	RUN(NULL, &r, "cases", "list", "--since", "2025-07-01", "--status", "received");
	assert_int_equal(r.status, 0);
	assert_null(strstr(r.out, old));
	assert_non_null(strstr(r.out, "Đã tiếp nhận"));
	fx_run_free(&r);
	RUN(NULL, &r, "cases", "list", "--kind", "bogus");
	assert_int_equal(r.status, 1);
	fx_run_free(&r);

	RUN(NULL, &r, "--json", "meetings", "list", "--commune", "DR1");
	j = parse_json(r.out);
	assert_int_equal(json_array_size(j), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(j, 0), "village")),
			    "106");
	assert_int_equal(json_integer_value(json_object_get(json_array_get(j, 0), "present")), 45);
	json_decref(j);
	fx_run_free(&r);
	RUN(NULL, &r, "--json", "meetings", "list", "--commune", "DR3");
	j = parse_json(r.out);
	assert_int_equal(json_array_size(j), 0);
	json_decref(j);
	fx_run_free(&r);
	RUN(NULL, &r, "--json", "meetings", "list", "--from", "2025-07-06");
	j = parse_json(r.out);
	assert_int_equal(json_array_size(j), 0);
	json_decref(j);
	fx_run_free(&r);
	RUN(NULL, &r, "meetings", "list", "--to", "2025-07-05");
	assert_non_null(strstr(r.out, "Pul"));
	fx_run_free(&r);
	free(old);
}

/* ---------------------------------------------------------------- report */

/* Counts over the cases of DR1 (by hand: DR1_PLACES) for from..to. */
static long long dr1(const char *what, const char *from, const char *to)
{
	char sql[1024];

	snprintf(sql, sizeof(sql),
		 "SELECT count(*) FROM cases WHERE coalesce(village, unit) IN " DR1_PLACES
		 " AND %s",
		 what);
	/* what uses $F and $T for the dates, $E for the day overdue is judged
	 * on: the last day, or today (2025-07-10) while the period runs. */
	for (char *p;
	     (p = strstr(sql, "$F")) || (p = strstr(sql, "$T")) || (p = strstr(sql, "$E"));) {
		const char *date = p[1] == 'F' ? from : p[1] == 'T' ? to : NULL;
		char rest[1024];
		if (!date)
			date = strcmp(to, "2025-07-10") < 0 ? to : "2025-07-10";
		snprintf(rest, sizeof(rest), "%s", p + 2);
		snprintf(p, sizeof(sql) - (size_t)(p - sql), "'%s'%s", date, rest);
	}
	return fx_query_int(&fx, sql);
}

static long long figure(json_t *j, const char *key)
{
	return json_integer_value(json_object_get(json_object_get(j, "totals"), key));
}

static void check_dr1_report(const char *from, const char *to)
{
	struct fx_run r;
	json_t *j;

	RUN(fx_can_switch_user() ? "daemon" : NULL, &r, "--json", "report", "--from", from, "--to",
	    to, "--unit", "DR1");
	assert_int_equal(r.status, 0);
	j = parse_json(r.out);
	fx_run_free(&r);
	assert_int_equal(figure(j, "received"), dr1("received_on BETWEEN $F AND $T", from, to));
	assert_int_equal(
	    figure(j, "carried_over"),
	    dr1("received_on < $F AND (closed_on IS NULL OR closed_on >= $F)", from, to));
	assert_int_equal(
	    figure(j, "resolved"),
	    dr1("status IN ('resolved', 'closed') AND closed_on BETWEEN $F AND $T", from, to));
	assert_int_equal(figure(j, "transferred"),
			 dr1("status = 'transferred' AND closed_on BETWEEN $F AND $T", from, to));
	assert_int_equal(
	    figure(j, "pending"),
	    dr1("received_on <= $T AND (closed_on IS NULL OR closed_on > $T)", from, to));
	assert_int_equal(figure(j, "overdue"),
			 dr1("received_on <= $T AND (closed_on IS NULL OR closed_on > $T) AND $E >"
			     " CASE WHEN accepted_on <= $E AND due_resolve IS NOT NULL THEN"
			     " due_resolve ELSE due_first END",
			     from, to));
	{
		char sql[512];
		snprintf(
		    sql, sizeof(sql),
		    "SELECT coalesce(sum(present), 0) FROM meeting WHERE village IN " DR1_PLACES
		    " AND meeting_date BETWEEN '%s' AND '%s'",
		    from, to);
		assert_int_equal(figure(j, "households_present"), fx_query_int(&fx, sql));
	}
	json_decref(j);
}

static void test_report_matches_rows(void **state)
{
	struct fx_run r;
	json_t *j;
	char expect[128];

	/* Resolve the June case of old Đạ K'Nàng today. */
	char *old = case_code("village", "DAKNANG.DAKNANG");
	console_ok((const char *const[]){"cases", "status", old, "resolved", NULL});
	free(old);

	check_dr1_report("2025-06-01", "2025-06-30");
	check_dr1_report("2025-07-01", "2025-07-31");
	check_dr1_report("2025-06-01", "2025-07-31");
	/* June in Đam Rông 1: the two cases of its old communes. */
	RUN(NULL, &r, "--json", "report", "--from", "2025-06-01", "--to", "2025-06-30", "--unit",
	    "DR1");
	j = parse_json(r.out);
	assert_int_equal(figure(j, "received"), 2);
	json_decref(j);
	fx_run_free(&r);
	/* The former district holds them too, the whole deployment more. */
	RUN(NULL, &r, "--json", "report", "--from", "2025-06-01", "--to", "2025-07-31", "--unit",
	    "DR");
	j = parse_json(r.out);
	assert_int_equal(figure(j, "total"),
			 fx_query_int(&fx, "SELECT count(*) FROM cases WHERE village IS NOT NULL"
					   " OR unit IS NOT NULL"));
	json_decref(j);
	fx_run_free(&r);
	RUN(NULL, &r, "--json", "report", "--from", "2025-06-01", "--to", "2025-07-31");
	j = parse_json(r.out);
	assert_int_equal(figure(j, "total"), fx_query_int(&fx, "SELECT count(*) FROM cases"));
	assert_int_equal(figure(j, "meetings"), 1);
	json_decref(j);
	fx_run_free(&r);

	/* The text, in the shape of the district report, and in English. */
	RUN(NULL, &r, "report", "--from", "2025-06-01", "--to", "2025-07-31", "--unit", "DR1");
	assert_int_equal(r.status, 0);
	snprintf(expect, sizeof(expect), "Trong kỳ, tiếp nhận %02lld đơn",
		 dr1("received_on <= '2025-07-31'", NULL, NULL));
	assert_non_null(strstr(r.out, expect));
	assert_non_null(strstr(r.out, "Đam Rông 1 (xã), từ 01/06/2025 đến 31/07/2025"));
	assert_non_null(strstr(r.out, "đã giải quyết") || strstr(r.out, "Đã giải quyết"));
	assert_non_null(strstr(r.out, "45/60 hộ"));
	fx_run_free(&r);
	RUN(NULL, &r, "--lang", "en", "report", "--from", "2025-06-01", "--to", "2025-07-31");
	assert_non_null(strstr(r.out, "In the period,"));
	assert_non_null(strstr(r.out, "By unit:"));
	fx_run_free(&r);
	RUN(NULL, &r, "--csv", "report", "--from", "2025-06-01", "--to", "2025-07-31");
	assert_non_null(strstr(r.out, "group,kind,unit,name,carried_over,received"));
	assert_non_null(strstr(r.out, "unit,,DR1,Đam Rông 1,"));
	fx_run_free(&r);
	RUN(NULL, &r, "report", "--from", "2025-07-31", "--to", "2025-07-01");
	assert_int_equal(r.status, 1);
	fx_run_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_status_change_tells_citizen),
	    cmocka_unit_test(test_complaint_deadline_from_acceptance),
	    cmocka_unit_test(test_denunciation_sender_by_role),
	    cmocka_unit_test(test_roles_refused),
	    cmocka_unit_test(test_reply_cost),
	    cmocka_unit_test(test_throttled_promote),
	    cmocka_unit_test(test_lists),
	    cmocka_unit_test(test_report_matches_rows),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

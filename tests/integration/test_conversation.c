/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What villagers actually reply, on the real daemon and a dummy modem with
 * the seed geography, on 2025-07-10 (the clock seam): replies without a
 * keyword to a notice and a poll are counted for them (no case), chatter
 * is unclear and can be promoted, an opt-out in words stops the next
 * notice.
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

#include "fixture.h"

#define GEO_CSV TIENGDAN_SOURCE_DIR "/config/geo-damrong.csv"
#define EXTRA "gateway_number = \"0912345678\";\nhourly_limit = 10;\n"
#define TODAY "2025-07-10T09:00:00"
#define WAIT_MS 30000

static struct fx fx;

/* ---------------------------------------------------------------- helpers */

#define CONSOLE(...) fx_console_out(&fx, (const char *const[]){__VA_ARGS__, NULL})
#define CONSOLE_JSON(...) fx_console_json(&fx, (const char *const[]){__VA_ARGS__, "--json", NULL})

static long long query_int(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static long long query_int(const char *fmt, ...)
{
	char sql[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(sql, sizeof(sql), fmt, ap);
	va_end(ap);
	return fx_query_int(&fx, sql);
}

static void wait_int(const char *sql, long long want)
{
	if (!fx_wait_int(&fx, sql, want, WAIT_MS))
		fail_msg("%s: %lld, expected %lld", sql, fx_query_int(&fx, sql), want);
}

static void wait_processed(long long n)
{
	wait_int("SELECT count(*) FROM inbound WHERE processed_at IS NOT NULL", n);
}

/* Person i of Pul (106): 0914106III. */
static void phone_of(int i, char *out, size_t len)
{
	snprintf(out, len, "0914106%03d", i);
}

static void text_from(int i, const char *text)
{
	char phone[32];

	phone_of(i, phone, sizeof(phone));
	assert_int_equal(fx_inject(&fx, 0, phone, text, NULL), 0);
}

/* The replies sent to person i, newest first, joined by '\n' (caller
 * frees). */
static char *replies_to(int i)
{
	char sql[512], phone[32];
	char *s;

	phone_of(i, phone, sizeof(phone));
	snprintf(sql, sizeof(sql),
		 "SELECT group_concat(text, char(10)) FROM (SELECT text FROM outbound"
		 " WHERE recipient = '+84%s' AND purpose IN ('reply', 'unclear')"
		 " ORDER BY id DESC)",
		 phone + 1);
	s = fx_query_text(&fx, sql);
	return s ? s : strdup("");
}

static void assert_reply(int i, const char *part)
{
	char *r = replies_to(i);

	if (!strstr(r, part))
		fail_msg("reply to %d should say \"%s\": %s", i, part, r);
	free(r);
}

/* n people of Pul, each speaking for a household. */
static void import_people(int n)
{
	char path[512], phone[32];
	FILE *out;

	snprintf(path, sizeof(path), "%s/people.csv", fx.dir);
	out = fopen(path, "w");
	assert_non_null(out);
	fprintf(out, "phone,name,village,role,household,opted_out\n");
	for (int i = 1; i <= n; i++) {
		phone_of(i, phone, sizeof(phone));
		fprintf(out, "%s,Nguoi dan %d,106,resident,yes,no\n", phone, i);
	}
	fclose(out);
	free(CONSOLE("contacts", "import", path));
}

static int setup(void **state)
{
	setenv("TIENGDAN_CLOCK", TODAY, 1);
	if (fx_setup(&fx, 1, EXTRA) < 0 || fx_daemon_start(&fx) < 0 || !fx_wait_socket(&fx, 10000))
		return -1;
	free(CONSOLE("units", "import", GEO_CSV));
	return 0;
}

static int teardown(void **state)
{
	fx_daemon_stop(&fx);
	fx_teardown(&fx);
	unsetenv("TIENGDAN_CLOCK");
	return 0;
}

/* ------------------------------------------------------------ in context */

static void test_replies_in_context(void **state)
{
	json_t *j, *rows;
	char *out, id[24];

	import_people(12);
	free(CONSOLE("notices", "create", "--title", "Họp thôn", "--text",
		     "Họp thôn Pul 19h thứ Bảy tại nhà văn hoá", "--to", "village:106", "--ack"));
	free(CONSOLE("notices", "send", "TB1"));
	free(CONSOLE("polls", "create", "--question", "Làm đường bê tông liên thôn?", "--choices",
		     "Đồng ý, Không đồng ý", "--to", "village:106", "--closes", "2025-07-20"));
	free(CONSOLE("polls", "send", "TB2"));
	wait_int("SELECT count(*) FROM outbound WHERE purpose = 'notice' AND state = 'sent'", 24);

	text_from(1, "da biet");
	text_from(2, "ok");
	text_from(3, "Da nhan thong bao, toi se di hop");
	text_from(4, "XNTB1");
	text_from(5, "1");
	text_from(6, "dong y");
	text_from(7, "BQ2 2");
	text_from(8, "Không đồng ý");
	wait_processed(8);

	/* Counted for the notice and the poll, named in the reply; no case. */
	assert_int_equal(query_int("SELECT count(*) FROM cases"), 0);
	j = CONSOLE_JSON("notices", "show", "TB1");
	assert_int_equal(json_integer_value(json_object_get(j, "acknowledged")), 4);
	json_decref(j);
	for (int i = 1; i <= 4; i++)
		assert_reply(i, "Da xac nhan da doc thong bao TB1.");
	assert_int_equal(query_int("SELECT count(*) FROM poll_vote WHERE poll_id = 2"), 4);
	assert_int_equal(
	    query_int("SELECT count(*) FROM poll_vote WHERE poll_id = 2 AND choice = 1"), 2);
	assert_reply(5, "bieu quyet TB2: Dong y");
	assert_reply(6, "bieu quyet TB2: Dong y");
	assert_reply(7, "bieu quyet TB2: Khong dong y");
	assert_reply(8, "bieu quyet TB2: Khong dong y");

	/* Chatter: no case, the help reply once a day, listed as unclear. */
	text_from(9, "alo");
	text_from(9, "chao can bo xa");
	text_from(10, "xin chao");
	wait_processed(11);
	assert_int_equal(query_int("SELECT count(*) FROM cases"), 0);
	assert_int_equal(query_int("SELECT count(*) FROM inbound WHERE outcome = 'unclear'"), 3);
	assert_int_equal(query_int("SELECT count(*) FROM outbound WHERE purpose = 'unclear'"
				   " AND recipient = '+84914106009'"),
			 1);
	assert_reply(9, "PA <noi dung>: phan anh");
	rows = CONSOLE_JSON("inbox", "--unclear");
	assert_int_equal(json_array_size(rows), 3);
	json_decref(rows);

	/* Staff promote one: it becomes unkeyed feedback with its code. */
	snprintf(id, sizeof(id), "%lld",
		 query_int("SELECT id FROM inbound WHERE text = 'xin chao'"));
	free(CONSOLE("inbox", "promote", id));
	wait_int("SELECT count(*) FROM cases WHERE unkeyed = 1", 1);
	assert_reply(10, "Da nhan phan anh. Ma: PA");

	/* Substance after the ack words stays feedback, with the hint. */
	text_from(11, "da biet nhung duong van hong");
	wait_int("SELECT count(*) FROM cases", 2);
	wait_int("SELECT count(*) FROM outbound WHERE recipient = '+84914106011'"
		 " AND purpose = 'reply'",
		 1);
	assert_reply(11, "Lan sau soan PA <noi dung>");

	/* An opt-out in words stops the next notice. */
	text_from(12, "ko nhan tin nua");
	wait_int("SELECT count(*) FROM contact WHERE phone = '+84914106012' AND opted_out = 1", 1);
	assert_reply(12, "Da ngung gui tin");
	assert_reply(12, "soan DK");
	free(CONSOLE("notices", "create", "--title", "Tiêm phòng", "--text", "Tiêm phòng 8h",
		     "--to", "village:106"));
	out = CONSOLE("notices", "send", "TB3");
	free(out);
	assert_int_equal(query_int("SELECT count(*) FROM notice_recipient WHERE notice_id = 3"),
			 11);
	assert_int_equal(query_int("SELECT count(*) FROM notice_recipient WHERE notice_id = 3"
				   " AND phone = '+84914106012'"),
			 0);
}

/* ---------------------------------------------------------------- villages */

/* Replies to number (national form "09..."), newest first (caller frees). */
static char *replies_to_number(const char *number)
{
	char sql[512];
	char *s;

	snprintf(sql, sizeof(sql),
		 "SELECT group_concat(text, char(10)) FROM (SELECT text FROM outbound"
		 " WHERE recipient = '+84%s' AND purpose = 'reply' ORDER BY id DESC)",
		 number + 1);
	s = fx_query_text(&fx, sql);
	return s ? s : strdup("");
}

static void assert_reply_to(const char *number, const char *part)
{
	char *r = replies_to_number(number);

	if (!strstr(r, part))
		fail_msg("reply to %s should say \"%s\": %s", number, part, r);
	free(r);
}

static void test_villages(void **state)
{
	json_t *j, *tot;
	char *code, sql[256];

	/* Registering by the name as people write it. */
	assert_int_equal(fx_inject(&fx, 0, "0915000001", "DK thon Pul", NULL), 0);
	assert_int_equal(fx_inject(&fx, 0, "0915000002", "DK Đạ K’Nàng Nguyen Van B", NULL), 0);
	assert_int_equal(fx_inject(&fx, 0, "0915000003", "dk Da KNang", NULL), 0);
	assert_int_equal(fx_inject(&fx, 0, "0915000004", "DK Lieng K'Rac 1", NULL), 0);
	assert_int_equal(fx_inject(&fx, 0, "0915000007", "DK thon Xyz", NULL), 0);
	/* Cases from numbers with no village: one names it, one does not. */
	assert_int_equal(fx_inject(&fx, 0, "0915000005", "PA duong o thon Pul bi sat lo", NULL), 0);
	assert_int_equal(fx_inject(&fx, 0, "0915000006", "PA cau treo bi gay", NULL), 0);
	wait_processed(7);
	assert_reply_to("0915000001", "Da dang ky nhan tin cua thon Pul.");
	assert_reply_to("0915000002", "Da dang ky nhan tin cua thon Da K'Nang.");
	assert_reply_to("0915000003", "Da dang ky nhan tin cua thon Da K'Nang.");
	assert_reply_to("0915000004", "Da dang ky nhan tin cua thon Lieng K'Rac I.");
	assert_reply_to("0915000007", "Khong tim thay thon Xyz.");
	assert_int_equal(query_int("SELECT count(*) FROM contact WHERE phone = '+84915000002'"
				   " AND village = '108' AND name = 'Nguyen Van B'"),
			 1);

	/* The village read from the text, marked so; the receipt of the other
	 * says how to register one. */
	assert_int_equal(query_int("SELECT count(*) FROM cases WHERE village = '106'"
				   " AND village_source = 'text'"),
			 1);
	assert_reply_to("0915000006", "Dang ky thon: soan DK <ten thon>");
	code = fx_query_text(&fx, "SELECT code FROM cases WHERE village IS NULL");
	assert_non_null(code);
	{
		char *r = replies_to_number("0915000005");
		assert_null(strstr(r, "Dang ky thon"));
		free(r);
	}

	/* It counts under Pul's commune. */
	j = CONSOLE_JSON("report", "--from", "2025-07-01", "--to", "2025-07-31", "--unit", "DR1");
	tot = json_object_get(j, "totals");
	assert_non_null(tot);
	assert_int_equal(json_integer_value(json_object_get(tot, "received")), 1);
	json_decref(j);

	/* Staff set the other's village, by name as people write it; audited. */
	j = CONSOLE_JSON("cases", "village", code, "Da KNang");
	assert_string_equal(json_string_value(json_object_get(j, "village")), "108");
	json_decref(j);
	snprintf(sql, sizeof(sql),
		 "SELECT count(*) FROM cases WHERE code = '%s' AND village = '108'"
		 " AND village_source = 'staff'",
		 code);
	assert_int_equal(query_int("%s", sql), 1);
	assert_int_equal(query_int("SELECT count(*) FROM audit WHERE action = 'cases.village'"
				   " AND target = '%s'",
				   code),
			 1);
	j = CONSOLE_JSON("report", "--from", "2025-07-01", "--to", "2025-07-31", "--unit", "DR1");
	assert_int_equal(
	    json_integer_value(json_object_get(json_object_get(j, "totals"), "received")), 2);
	json_decref(j);
	/* A đơn staff entered with its village: the village is staff's. */
	free(CONSOLE("cases", "add", "--kind", "feedback", "--channel", "walkin", "--received",
		     "2025-07-10", "--village", "106", "Duong vao thon bi ngap"));
	assert_int_equal(query_int("SELECT count(*) FROM cases WHERE channel = 'walkin'"
				   " AND village = '106' AND village_source = 'staff'"),
			 1);
	free(code);
}

/* ------------------------------------------------------------- outcomes */

/* The status SMS sent about case code, newest first (caller frees). */
static char *status_sms(const char *code)
{
	char sql[512];
	char *s;

	snprintf(sql, sizeof(sql),
		 "SELECT group_concat(text, char(10)) FROM (SELECT o.text FROM outbound o"
		 " JOIN cases c ON c.id = o.case_id WHERE c.code = '%s' AND o.purpose = 'status'"
		 " ORDER BY o.id DESC)",
		 code);
	s = fx_query_text(&fx, sql);
	return s ? s : strdup("");
}

static void test_answers_tell_the_outcome(void **state)
{
	char *code, *code2 = NULL, *sms, *due, want[256], sql[256], longer[400];
	struct fx_run r;

	/* A complaint from a number with no village: no unit to name. */
	assert_int_equal(fx_inject(&fx, 0, "0916000001", "KN dat nha toi bi lan chiem", NULL), 0);
	wait_processed(1);
	code = fx_query_text(&fx, "SELECT code FROM cases");
	assert_non_null(code);
	assert_int_equal(strncmp(code, "KN", 2), 0);

	/* Accepted with a reason: one SMS, the reason and the resolution
	 * deadline in it, no empty brackets; the note stays internal. */
	free(CONSOLE("cases", "status", code, "accepted", "--reason",
		     "Can bo dia chinh se den xem dat ngay 15/07", "--note", "noi bo: goi lai"));
	sms = status_sms(code);
	due = fx_query_text(&fx, "SELECT substr(due_resolve, 9, 2) || '/' ||"
				 " substr(due_resolve, 6, 2) FROM cases");
	assert_non_null(due);
	snprintf(want, sizeof(want),
		 "%s: Da thu ly, 10/07. Han: %s. Ly do: Can bo dia chinh se den xem dat ngay 15/07",
		 code, due);
	assert_string_equal(sms, want);
	assert_null(strstr(sms, "()"));
	assert_null(strstr(sms, "noi bo"));
	free(sms);
	snprintf(sql, sizeof(sql),
		 "SELECT count(*) FROM case_event WHERE event = 'status' AND reason ="
		 " 'Can bo dia chinh se den xem dat ngay 15/07' AND note = 'noi bo: goi lai'");
	assert_int_equal(query_int("%s", sql), 1);

	/* A reason that cannot fit one SMS is refused with what is left. */
	memset(longer, 'x', 120);
	longer[120] = '\0';
	assert_int_equal(fx_console(&fx, NULL, NULL, &r,
				    (const char *const[]){"cases", "status", code, "in_progress",
							  "--reason", longer, NULL}),
			 0);
	assert_int_equal(r.status, 1);
	if (!strstr(r.err, "120") || !strstr(r.err, "62"))
		fail_msg("refusal should give the length and what is left: %s", r.err);
	fx_run_free(&r);
	assert_int_equal(query_int("SELECT count(*) FROM cases WHERE status = 'accepted'"), 1);
	assert_int_equal(query_int("SELECT count(*) FROM outbound WHERE purpose = 'status'"), 1);

	/* Transferred (the law lets only a complaint not yet accepted go, with
	 * where it went): the status in full words, no deadline after. */
	assert_int_equal(fx_inject(&fx, 0, "0916000002", "KN hang xom lan ranh dat", NULL), 0);
	wait_processed(2);
	free(code2);
	code2 = fx_query_text(&fx, "SELECT code FROM cases WHERE status = 'received'");
	assert_non_null(code2);
	free(CONSOLE("cases", "status", code2, "transferred", "--reason",
		     "Thuoc tham quyen Phong TN-MT", "--note", "Phong TN-MT huyen"));
	sms = status_sms(code2);
	snprintf(want, sizeof(want),
		 "%s: Da chuyen co quan co tham quyen, 10/07. Ly do: Thuoc tham quyen Phong TN-MT",
		 code2);
	if (strncmp(sms, want, strlen(want)) != 0)
		fail_msg("got \"%s\"", sms);
	free(sms);

	/* The answer to a status query: no empty brackets either. */
	snprintf(want, sizeof(want), "TT %s", code2);
	assert_int_equal(fx_inject(&fx, 0, "0916000002", want, NULL), 0);
	wait_processed(3);
	snprintf(want, sizeof(want), "%s: Da chuyen co quan co tham quyen, cap nhat 10/07.", code2);
	assert_reply_to("0916000002", want);
	free(code2);
	free(due);
	free(code);
}

/* ------------------------------------------------------------- meetings */

static void test_meeting_reports(void **state)
{
	json_t *rows;
	char *r;

	free(CONSOLE("contacts", "add", "--phone", "0917000001", "--name", "Truong thon Pul",
		     "--village", "106", "--role", "head"));
	/* One reply per fault, each with a right form that is not the text. */
	assert_int_equal(fx_inject(&fx, 0, "0917000001", "HOP 15/4 45/60 3", NULL), 0);
	assert_int_equal(fx_inject(&fx, 0, "0917000001", "HOP 11/7 45/60", NULL), 0);
	assert_int_equal(fx_inject(&fx, 0, "0917000001", "HOP 1/7 70/60", NULL), 0);
	assert_int_equal(fx_inject(&fx, 0, "0917000001", "HOP 31/6 45/60", NULL), 0);
	assert_int_equal(fx_inject(&fx, 0, "0917000001", "HOP 1/7 0/80", NULL), 0);
	wait_processed(5);
	r = replies_to_number("0917000001");
	if (!strstr(r, "Sai ngay hop: 15/04 da qua 60 ngay, chi bao cao hop trong 60 ngay qua."
		       " Vi du: HOP 10/7 45/60") ||
	    !strstr(r, "Sai ngay hop: 11/07 chua den. Vi du: HOP 10/7 45/60") ||
	    !strstr(r, "Sai so ho: co mat (70) nhieu hon tong so ho (60). Dung: <co mat>/<so ho>."
		       " Vi du: HOP 1/7 60/70") ||
	    !strstr(r, "Sai ngay hop: khong co ngay 31/06.") ||
	    !strstr(r, "Sai so ho: phai co it nhat 1 ho co mat") || strstr(r, "HOP 15/4 45/60"))
		fail_msg("replies: %s", r);
	free(r);
	assert_int_equal(query_int("SELECT count(*) FROM meeting"), 0);

	/* Six more mistakes within the hour: corrections are no flood, the
	 * right report still gets its receipt, with households named. */
	for (int i = 0; i < 6; i++) {
		char wrong[32];
		snprintf(wrong, sizeof(wrong), "HOP 1/7 2%d", i); /* no total, each different */
		assert_int_equal(fx_inject(&fx, 0, "0917000001", wrong, NULL), 0);
	}
	assert_int_equal(fx_inject(&fx, 0, "0917000001", "HOP 1/7 25 ho/60 ho 2 hop dan", NULL), 0);
	wait_processed(12);
	assert_int_equal(query_int("SELECT count(*) FROM inbound WHERE throttled = 1"), 0);
	assert_reply_to("0917000001",
			"Da ghi nhan hop thon Pul 01/07: 25/60 ho (42%, chua du so ho), 2 y kien.");
	/* The console shows the same percent: one rounding rule. */
	rows = CONSOLE_JSON("meetings", "list");
	assert_int_equal(json_array_size(rows), 1);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(rows, 0), "percent")),
			 42);
	json_decref(rows);
	assert_int_equal(fx_inject(&fx, 0, "0917000001", "HOP 2/7 45/60", NULL), 0);
	wait_processed(13);
	assert_reply_to("0917000001", "45/60 ho (75%, du so ho)");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_replies_in_context, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_villages, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_answers_tell_the_outcome, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_meeting_reports, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

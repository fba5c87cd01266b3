/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Notices and polls on the real daemon and dummy modems, with the seed
 * geography, on 2025-07-10 (the clock seam): a notice to a village of 50
 * contacts queues 50 SMS (opted-out ones skipped), 30 acknowledgements show
 * 30/50 and the reminder goes to the other 20 only; the daily cap of two
 * SIMs holds the overflow to the next day, replies still going out; a poll
 * counts one vote per household, the last one, and is decided against all
 * households of the village, not only those who voted.
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
#define DAY1 "2025-07-10T09:00:00"
#define DAY2 "2025-07-11T09:00:00"
#define WAIT_MS 30000

static struct fx fx;

/* ---------------------------------------------------------------- helpers */

#define CONSOLE(...) fx_console_out(&fx, (const char *const[]){__VA_ARGS__, NULL})
#define CONSOLE_JSON(...) fx_console_json(&fx, (const char *const[]){__VA_ARGS__, "--json", NULL})

static long long jint(const json_t *j, const char *key)
{
	return json_integer_value(json_object_get(j, key));
}

static void wait_int(const char *sql, long long want)
{
	if (!fx_wait_int(&fx, sql, want, WAIT_MS))
		fail_msg("%s: %lld, expected %lld", sql, fx_query_int(&fx, sql), want);
}

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

/* The phone number of person i of a village block: 0913BBBIII. */
static void phone_of(int block, int i, char *out, size_t len)
{
	snprintf(out, len, "0913%03d%03d", block, i);
}

/* Imports n contacts of village (numbers of block, 1..n), the first
 * opted_out of them opted out, the first households of them speaking for
 * a household. */
static void import_people(const char *village, int block, int n, int opted_out, int households)
{
	char path[512], phone[32];
	FILE *out;

	snprintf(path, sizeof(path), "%s/people-%d.csv", fx.dir, block);
	out = fopen(path, "w");
	assert_non_null(out);
	fprintf(out, "phone,name,village,role,household,opted_out\n");
	for (int i = 1; i <= n; i++) {
		phone_of(block, i, phone, sizeof(phone));
		fprintf(out, "%s,Nguoi dan %d,%s,resident,%s,%s\n", phone, i, village,
			i <= households ? "yes" : "no", i <= opted_out ? "yes" : "no");
	}
	fclose(out);
	free(CONSOLE("contacts", "import", path));
}

/* Texts text from person i of block (0-based modem 0). */
static void text_from(int block, int i, const char *text)
{
	char phone[32];

	phone_of(block, i, phone, sizeof(phone));
	assert_int_equal(fx_inject(&fx, 0, phone, text, NULL), 0);
}

/* The replies sent to person i of block, newest first, joined by '\n'. */
static char *replies_to(int block, int i)
{
	char sql[512], phone[32];
	char *s;

	phone_of(block, i, phone, sizeof(phone));
	snprintf(sql, sizeof(sql),
		 "SELECT group_concat(text, char(10)) FROM (SELECT text FROM outbound"
		 " WHERE recipient = '+84%s' AND purpose = 'reply' ORDER BY id DESC)",
		 phone + 1);
	s = fx_query_text(&fx, sql);
	return s ? s : strdup("");
}

static void assert_reply(int block, int i, const char *part)
{
	char *r = replies_to(block, i);

	if (!strstr(r, part))
		fail_msg("reply to %d/%d should say \"%s\": %s", block, i, part, r);
	free(r);
}

/* The first line of a create command's output: the new code. */
static char *first_line(char *out)
{
	out[strcspn(out, "\n")] = '\0';
	return out;
}

/* Gives every modem of the configuration a daily cap of n SMS. */
static void set_daily_limit(int n)
{
	char *conf = NULL, *p, line[64];
	FILE *f = fopen(fx.conf, "r");
	size_t len = 0, cap = 0;
	int ch;

	assert_non_null(f);
	while ((ch = fgetc(f)) != EOF) {
		if (len + 1 >= cap)
			conf = realloc(conf, cap = cap * 2 + 4096);
		conf[len++] = (char)ch;
	}
	conf[len] = '\0';
	fclose(f);
	f = fopen(fx.conf, "w");
	assert_non_null(f);
	snprintf(line, sizeof(line), "daily_limit = %d;", n);
	for (p = conf; *p;) {
		char *at = strstr(p, "daily_limit = 0;");
		if (!at) {
			fputs(p, f);
			break;
		}
		fwrite(p, 1, (size_t)(at - p), f);
		fputs(line, f);
		p = at + strlen("daily_limit = 0;");
	}
	fclose(f);
	free(conf);
}

static int start_on(const char *when)
{
	setenv("TIENGDAN_CLOCK", when, 1);
	return fx_daemon_start(&fx) == 0 && fx_wait_socket(&fx, 10000) ? 0 : -1;
}

static int setup_modems(int n, int daily_limit)
{
	if (fx_setup(&fx, n, EXTRA) < 0)
		return -1;
	if (daily_limit >= 0)
		set_daily_limit(daily_limit);
	if (start_on(DAY1) < 0)
		return -1;
	free(CONSOLE("units", "import", GEO_CSV));
	return 0;
}

static int setup_one(void **state)
{
	return setup_modems(1, -1);
}

/* Two SIMs allowed 20 SMS a day each: broadcasts stop at 18. */
static int setup_capped(void **state)
{
	return setup_modems(2, 20);
}

static int teardown(void **state)
{
	fx_daemon_stop(&fx);
	fx_teardown(&fx);
	unsetenv("TIENGDAN_CLOCK");
	return 0;
}

/* ---------------------------------------------------------------- notices */

/* 53 people in Pul (106), 3 opted out; 5 in Lăng Tô (105). */
static void test_notice_ack_remind(void **state)
{
	char *code, *out;
	json_t *j, *v, *tot;

	import_people("106", 106, 53, 3, 0);
	import_people("105", 105, 5, 0, 0);
	code = first_line(CONSOLE("notices", "create", "--title", "Họp thôn", "--text",
				  "Họp thôn Pul 19h thứ Bảy tại nhà văn hoá", "--to", "village:106",
				  "--ack"));
	assert_string_equal(code, "TB1");
	assert_int_equal(query_int("SELECT count(*) FROM notice WHERE sms = 'TB1 Hop thon: Hop thon"
				   " Pul 19h thu Bay tai nha van hoa. Da doc xin soan XN TB1 gui"
				   " 0912345678'"),
			 1);
	j = CONSOLE_JSON("notices", "send", code);
	assert_int_equal(jint(j, "queued"), 50);
	json_decref(j);
	/* The opted out and the other village got nothing. */
	assert_int_equal(query_int("SELECT count(*) FROM outbound WHERE purpose = 'notice'"), 50);
	assert_int_equal(query_int("SELECT count(*) FROM outbound WHERE purpose = 'notice' AND"
				   " recipient IN ('+84913106001', '+84913106002', '+84913106003')"
				   " OR recipient LIKE '+84913105%%'"),
			 0);
	assert_int_equal(query_int("SELECT bulk FROM outbound WHERE purpose = 'notice' LIMIT 1"),
			 1);
	wait_int("SELECT count(*) FROM outbound WHERE purpose = 'notice' AND state = 'sent'", 50);

	/* 30 acknowledge (one twice, another way; one with a code that does
	 * not exist); someone it was not sent to cannot. */
	for (int i = 4; i < 33; i++)
		text_from(106, i, i % 2 ? "XN TB1" : "xn tb 1");
	text_from(106, 4, "Da doc 1");
	text_from(106, 33, "XN TB1 TB9");
	text_from(105, 1, "XN TB1");
	wait_int("SELECT count(*) FROM inbound WHERE processed_at IS NOT NULL", 32);
	assert_reply(106, 5, "Da xac nhan da doc thong bao TB1.");
	assert_reply(106, 33, "Da xac nhan thong bao TB1. Khong co thong bao TB9");
	assert_reply(105, 1, "Khong co thong bao TB1");

	j = CONSOLE_JSON("notices", "show", code);
	assert_int_equal(jint(j, "recipients"), 50);
	assert_int_equal(jint(j, "acknowledged"), 30);
	assert_true(json_real_value(json_object_get(j, "ack_rate")) == 60.0);
	assert_int_equal(jint(j, "skipped_opted_out"), 3);
	assert_int_equal(json_array_size(json_object_get(j, "by_village")), 1);
	v = json_array_get(json_object_get(j, "by_village"), 0);
	assert_string_equal(json_string_value(json_object_get(v, "village")), "106");
	assert_int_equal(jint(v, "sent"), 50);
	assert_int_equal(jint(v, "acknowledged"), 30);
	json_decref(j);
	out = CONSOLE("notices", "show", code);
	assert_non_null(strstr(out, "Đã xác nhận đọc"));
	free(out);

	/* The reminder: the 20 who have not acknowledged, no one else. */
	j = CONSOLE_JSON("notices", "remind", code);
	assert_int_equal(jint(j, "queued"), 20);
	json_decref(j);
	assert_int_equal(query_int("SELECT count(*) FROM outbound o JOIN notice_recipient r"
				   " ON r.remind_outbound_id = o.id WHERE r.acked_at IS NOT NULL"),
			 0);
	assert_int_equal(query_int("SELECT count(DISTINCT recipient) FROM outbound"
				   " WHERE purpose = 'reminder' AND text LIKE 'Nhac lai: TB1 %%'"),
			 20);
	wait_int("SELECT count(*) FROM outbound WHERE purpose = 'reminder' AND state = 'sent'", 20);
	j = CONSOLE_JSON("notices", "list");
	assert_int_equal(json_array_size(j), 1);
	assert_int_equal(jint(json_array_get(j, 0), "acknowledged"), 30);
	json_decref(j);

	/* The report on the commune: one notice, 30 of the 50 asked. */
	j = CONSOLE_JSON("report", "--from", "2025-07-01", "--to", "2025-07-31", "--unit", "DR1");
	tot = json_object_get(j, "totals");
	assert_int_equal(jint(tot, "notices"), 1);
	assert_int_equal(jint(tot, "notice_recipients"), 50);
	assert_int_equal(jint(tot, "notice_sent"), 50);
	assert_int_equal(jint(tot, "ack_asked"), 50);
	assert_int_equal(jint(tot, "acknowledged"), 30);
	assert_true(json_real_value(json_object_get(tot, "ack_rate")) == 60.0);
	v = json_array_get(json_object_get(j, "by_unit"), 0);
	assert_string_equal(json_string_value(json_object_get(v, "unit")), "DR1");
	assert_int_equal(jint(v, "acknowledged"), 30);
	json_decref(j);
	out = CONSOLE("report", "--from", "2025-07-01", "--to", "2025-07-31", "--unit", "DR1");
	if (!strstr(out, "Thông báo: đã gửi 01 thông báo đến 50 người nhận") ||
	    !strstr(out, "30/50 người được yêu cầu đã xác nhận đã đọc (60,0%)"))
		fail_msg("report: %s", out);
	free(out);
	free(code);
}

/* A notice too long for one SMS is refused, with its length. */
static void test_notice_too_long(void **state)
{
	struct fx_run r;
	char text[400];

	memset(text, 'a', 300);
	text[300] = '\0';
	assert_int_equal(
	    fx_console(&fx, NULL, NULL, &r,
		       (const char *const[]){"notices", "create", "--title", "X", "--text", text,
					     "--to", "commune:DR1", "--lang", "en", NULL}),
	    0);
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.err, "over the 160 of one SMS"));
	fx_run_free(&r);
	assert_int_equal(query_int("SELECT count(*) FROM notice"), 0);
}

/* ---------------------------------------------------------------- the cap */

static void test_daily_cap(void **state)
{
	json_t *j;
	char *code;

	import_people("106", 106, 50, 0, 0);
	code = first_line(CONSOLE("notices", "create", "--title", "Tiem phong", "--text",
				  "Tiem phong cho tre em sang thu Hai tai tram y te", "--to",
				  "commune:DR1"));
	j = CONSOLE_JSON("notices", "send", code);
	assert_int_equal(jint(j, "queued"), 50);
	json_decref(j);
	/* Each SIM sends broadcasts up to 90% of its 20: 36 of the 50. */
	wait_int("SELECT count(*) FROM outbound WHERE state = 'sent'", 36);
	fx_sleep_ms(3000);
	assert_int_equal(query_int("SELECT count(*) FROM outbound WHERE state = 'sent'"), 36);
	assert_int_equal(query_int("SELECT count(*) FROM outbound WHERE state = 'queued'"), 14);
	assert_int_equal(query_int("SELECT max(n) FROM (SELECT count(*) AS n FROM outbound"
				   " WHERE state = 'sent' GROUP BY modem)"),
			 18);
	assert_int_equal(query_int("SELECT sum(sent_today) FROM modem_state"
				   " WHERE day = '2025-07-10'"),
			 36);
	/* A villager's message still gets its reply: the rest is kept for it. */
	text_from(106, 1, "HD");
	wait_int("SELECT count(*) FROM outbound WHERE purpose = 'reply' AND state = 'sent'", 1);

	/* The next day the overflow goes, each row once. */
	assert_int_equal(fx_daemon_stop(&fx), 0);
	assert_int_equal(start_on(DAY2), 0);
	wait_int("SELECT count(*) FROM outbound WHERE purpose = 'notice' AND state = 'sent'", 50);
	assert_int_equal(query_int("SELECT count(DISTINCT recipient) FROM outbound"
				   " WHERE purpose = 'notice'"),
			 50);
	assert_int_equal(query_int("SELECT max(attempts) FROM outbound"), 1);
	assert_int_equal(query_int("SELECT sum(sent_today) FROM modem_state"
				   " WHERE day = '2025-07-11'"),
			 14);
	free(code);
}

/* ---------------------------------------------------------------- polls */

/* Ten households in Pul (106) and three more residents; two households in
 * Lăng Tô (105). */
static void test_poll_households(void **state)
{
	char *code, *out, cmd[64];
	json_t *j, *choices;

	import_people("106", 206, 13, 0, 10);
	import_people("105", 205, 2, 0, 2);
	code = first_line(CONSOLE("polls", "create", "--question", "Làm đường bê tông liên thôn?",
				  "--choices", "Đồng ý, Không đồng ý", "--to", "village:106",
				  "--closes", "2025-07-20"));
	assert_int_equal(query_int("SELECT count(*) FROM notice WHERE sms = 'TB1 Bieu quyet: Lam"
				   " duong be tong lien thon? 1=Dong y, 2=Khong dong y. Soan BQ 1"
				   " <so> gui 0912345678, han 20/07'"),
			 1);
	free(CONSOLE("polls", "send", code));
	wait_int("SELECT count(*) FROM outbound WHERE purpose = 'notice' AND state = 'sent'", 13);

	/* Five households agree (one in words), one does not; a resident who
	 * speaks for no household, a household of another village and a
	 * choice that does not exist do not count. */
	for (int i = 1; i <= 4; i++)
		text_from(206, i, "BQ 1 1");
	text_from(206, 5, "bq tb1 dong y");
	text_from(206, 6, "BQ 1 2");
	text_from(206, 7, "BQ 1 9");
	text_from(206, 11, "BQ 1 1");
	text_from(205, 1, "BQ 1 1");
	text_from(206, 8, "BQ 7 1");
	wait_int("SELECT count(*) FROM inbound WHERE processed_at IS NOT NULL", 10);
	assert_reply(206, 5, "Da ghi nhan phieu cua ho ban, bieu quyet TB1: Dong y");
	assert_reply(206, 7, "Lua chon khong hop le. Bieu quyet TB1: 1=Dong y 2=Khong dong y");
	assert_reply(206, 11, "chua dang ky la dai dien ho");
	assert_reply(205, 1, "chua dang ky la dai dien ho");
	assert_reply(206, 8, "Khong co bieu quyet 7");

	/* 5 of the 6 voters agree, but not more than half of the 10
	 * households: nothing is decided. */
	j = CONSOLE_JSON("polls", "show", code);
	assert_int_equal(jint(j, "households"), 10);
	assert_int_equal(jint(j, "votes"), 6);
	assert_int_equal(jint(j, "majority"), 6);
	choices = json_object_get(j, "choices");
	assert_int_equal(jint(json_array_get(choices, 0), "votes"), 5);
	assert_int_equal(jint(json_array_get(choices, 1), "votes"), 1);
	assert_false(json_is_true(json_object_get(j, "decided")));
	json_decref(j);

	/* The sixth household changes its mind: its last vote counts. */
	text_from(206, 6, "BQ 1 dong y");
	wait_int("SELECT count(*) FROM inbound WHERE processed_at IS NOT NULL", 11);
	assert_reply(206, 6, "Da doi phieu cua ho ban, bieu quyet TB1: Dong y");
	j = CONSOLE_JSON("polls", "show", code);
	choices = json_object_get(j, "choices");
	assert_int_equal(jint(j, "votes"), 6);
	assert_int_equal(jint(json_array_get(choices, 0), "votes"), 6);
	assert_int_equal(jint(json_array_get(choices, 1), "votes"), 0);
	assert_true(json_is_true(json_object_get(j, "decided")));
	assert_string_equal(json_string_value(json_object_get(j, "outcome")), "Đồng ý");
	json_decref(j);

	/* Closed: the outcome is fixed and later votes do not count. */
	j = CONSOLE_JSON("polls", "close", code);
	assert_true(json_is_true(json_object_get(j, "closed")));
	json_decref(j);
	assert_int_equal(query_int("SELECT outcome FROM poll"), 1);
	text_from(206, 9, "BQ 1 2");
	wait_int("SELECT count(*) FROM inbound WHERE processed_at IS NOT NULL", 12);
	assert_reply(206, 9, "Bieu quyet TB1 da dong ngay 10/07");
	assert_int_equal(query_int("SELECT count(*) FROM poll_vote"), 6);
	snprintf(cmd, sizeof(cmd), "%s", code);
	out = CONSOLE("polls", "show", cmd);
	assert_non_null(strstr(out, "Quá nửa tổng số hộ tán thành"));
	free(out);

	/* The report: one poll held, decided. */
	j = CONSOLE_JSON("report", "--from", "2025-07-01", "--to", "2025-07-31");
	assert_int_equal(jint(json_object_get(j, "totals"), "polls"), 1);
	assert_int_equal(jint(json_object_get(j, "totals"), "polls_decided"), 1);
	assert_string_equal(json_string_value(json_object_get(
				json_array_get(json_object_get(j, "polls"), 0), "outcome")),
			    "Đồng ý");
	json_decref(j);
	out = CONSOLE("report", "--from", "2025-07-01", "--to", "2025-07-31", "--lang", "en");
	if (!strstr(out, "Polls: 1 held, 1 decided by more than half of all households.") ||
	    !strstr(out, "decided: Đồng ý, 6 of 10 households (closed)"))
		fail_msg("report: %s", out);
	free(out);
	free(code);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_notice_ack_remind, setup_one, teardown),
	    cmocka_unit_test_setup_teardown(test_notice_too_long, setup_one, teardown),
	    cmocka_unit_test_setup_teardown(test_daily_cap, setup_capped, teardown),
	    cmocka_unit_test_setup_teardown(test_poll_households, setup_one, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

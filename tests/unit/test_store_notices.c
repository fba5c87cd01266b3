/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Notices and polls in the store, on a real SQLite file with the real Đam
 * Rông units on 2025-07-10: the daily cap of a modem's claim, recipients by
 * village, commune (old villages rolled up), role and scope, chunks and a
 * resumed send, acknowledgements, reminders, household votes and the tally
 * against all households, and the report's figures.
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
#include "store/store_notices.h"
#include "store/store_outbound.h"
#include "store/store_polls.h"
#include "store/store_report.h"
#include "store/store_units.h"
#include "util/clock.h"
#include "util/csv.h"
#include "fixture.h"

#define GEO_CSV TIENGDAN_SOURCE_DIR "/config/geo-damrong.csv"

struct ctx {
	struct fx f;
	struct store *st;
};

static void exec_ok(struct ctx *c, const char *sql)
{
	if (fx_exec(&c->f, sql) != 0)
		fail_msg("SQL failed: %s", sql);
}

static long long q(struct ctx *c, const char *sql)
{
	return fx_query_int(&c->f, sql);
}

/* A contact: phone, village (or NULL), role, household, opted out. */
static void person(struct ctx *c, const char *phone, const char *village, const char *role,
		   int household, int opted_out)
{
	char sql[512];

	snprintf(sql, sizeof(sql),
		 "INSERT INTO contact (phone, name, village, role, household, opted_out,"
		 " created_at, updated_at) VALUES ('%s', 'Nguoi dan', %s%s%s, '%s', %d, %d,"
		 " 'x', 'x')",
		 phone, village ? "'" : "", village ? village : "NULL", village ? "'" : "", role,
		 household, opted_out);
	exec_ok(c, sql);
}

/* Pul (106): ten people, 1..6 and 10 households, 9 the head, 10 opted
 * out; Păng Pá (110) three, and two still under its old code
 * DAKNANG.PANGPA; two in Đam Rông 3 (301); one without a village. */
static int setup(void **state)
{
	struct ctx *c = calloc(1, sizeof(*c));
	struct tderr e = {0};
	FILE *in = fopen(GEO_CSV, "r");
	char err[256], phone[32];
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
	*state = c;
	for (int i = 1; i <= 10; i++) {
		snprintf(phone, sizeof(phone), "+84913106%03d", i);
		person(c, phone, "106", i == 9 ? "head" : "resident", i <= 6 || i == 10, i == 10);
	}
	person(c, "+84913110001", "110", "resident", 1, 0);
	person(c, "+84913110002", "110", "resident", 0, 0);
	person(c, "+84913110003", "110", "resident", 0, 0);
	person(c, "+84913999001", "DAKNANG.PANGPA", "resident", 0, 0);
	person(c, "+84913999002", "DAKNANG.PANGPA", "resident", 0, 0);
	person(c, "+84913301001", "301", "resident", 0, 0);
	person(c, "+84913301002", "301", "resident", 0, 0);
	person(c, "+84913000001", NULL, "resident", 0, 0);
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

/* Creates a notice (kind, target, scope) with a short SMS; returns its id. */
static long long notice(struct ctx *c, const char *kind, const char *target_kind,
			const char *target, const char *scope)
{
	long long id = store_notice_insert(c->st, &(struct notice_new){.kind = kind,
								       .title = "Hop",
								       .body = "Hop thon",
								       .target_kind = target_kind,
								       .target = target,
								       .scope = scope,
								       .want_ack = true,
								       .created_by = "root"});

	assert_true(id > 0);
	assert_int_equal(store_notice_set_sms(c->st, id, "TB Hop thon"), 0);
	return id;
}

/* Sends notice id in chunks of chunk; returns how many were queued. */
static long long send(struct ctx *c, long long id, int chunk)
{
	struct notice_info n;
	struct tderr e = {0};
	long long queued = -1;

	assert_int_equal(store_notice_get(c->st, id, &n), 1);
	assert_int_equal(store_notice_send(c->st, &n,
					   &(struct notice_send){.user = "root", .chunk = chunk},
					   &queued, &e),
			 0);
	return queued;
}

/* ---------------------------------------------------------------- the cap */

static struct outbound_msg msg;

static int claim(struct ctx *c, const char *modem, int limit)
{
	int rc = store_outbound_claim(c->st, modem, limit, &msg);

	outbound_msg_clear(&msg);
	return rc;
}

static void test_claim_cap(void **state)
{
	struct ctx *c = *state;

	exec_ok(c, "INSERT INTO modem_state (modem, day, sent_today, updated_at) VALUES"
		   " ('m1', '2025-07-10', 8, 'x');"
		   "INSERT INTO outbound (recipient, text, bulk, created_at, updated_at) VALUES"
		   " ('+84913000101', 'b1', 1, 'x', 'x'), ('+84913000102', 'b2', 1, 'x', 'x'),"
		   " ('+84913000103', 'b3', 1, 'x', 'x'), ('+84913000104', 'r1', 0, 'x', 'x'),"
		   " ('+84913000105', 'r2', 0, 'x', 'x')");
	/* 8 of 10 used: a reply first (replies go before broadcasts); at 9
	 * (90%) only replies; at 10 nothing. */
	assert_int_equal(store_outbound_used_today(c->st, "m1"), 8);
	assert_int_equal(claim(c, "m1", 10), 1);
	assert_int_equal(q(c, "SELECT count(*) FROM outbound WHERE modem = 'm1' AND text = 'r1'"),
			 1);
	assert_int_equal(store_outbound_used_today(c->st, "m1"), 9);
	assert_int_equal(claim(c, "m1", 10), 1);
	assert_int_equal(q(c, "SELECT count(*) FROM outbound WHERE modem = 'm1' AND text = 'r2'"),
			 1);
	assert_int_equal(claim(c, "m1", 10), 0);
	/* Another SIM with room takes the broadcasts. */
	assert_int_equal(claim(c, "m2", 10), 1);
	assert_int_equal(claim(c, "m2", 10), 1);
	assert_int_equal(claim(c, "m2", 10), 1);
	assert_int_equal(claim(c, "m2", 10), 0);
	assert_int_equal(q(c, "SELECT count(*) FROM outbound WHERE modem = 'm2' AND bulk = 1"), 3);

	/* Yesterday's count does not count today; no limit is no limit. */
	exec_ok(c, "UPDATE outbound SET state = 'sent';"
		   "UPDATE modem_state SET day = '2025-07-09', sent_today = 50;"
		   "INSERT INTO outbound (recipient, text, bulk, created_at, updated_at) VALUES"
		   " ('+84913000106', 'b4', 1, 'x', 'x'), ('+84913000107', 'b5', 1, 'x', 'x')");
	assert_int_equal(store_outbound_used_today(c->st, "m1"), 0);
	assert_int_equal(claim(c, "m1", 10), 1);
	exec_ok(c, "UPDATE modem_state SET day = '2025-07-10', sent_today = 5000");
	assert_int_equal(claim(c, "m1", 0), 1);
	assert_int_equal(q(c, "SELECT count(*) FROM outbound WHERE state = 'queued'"), 0);
}

/* ---------------------------------------------------------------- sending */

static void test_recipients(void **state)
{
	struct ctx *c = *state;
	long long pul = notice(c, "notice", "village", "106", "DR1");
	long long dr1 = notice(c, "notice", "commune", "DR1", "DR1");
	long long pangpa = notice(c, "notice", "village", "110", "DR1");
	long long heads = notice(c, "notice", "role", "head", NULL);
	long long dr3 = notice(c, "notice", "all", NULL, "DR3");
	long long all = notice(c, "notice", "all", NULL, NULL);
	struct notice_info n;
	struct tderr e = {0};
	long long queued;
	char sql[256];

	/* Pul: nine of ten (one opted out), in chunks of three. */
	assert_int_equal(send(c, pul, 3), 9);
	snprintf(sql, sizeof(sql),
		 "SELECT count(*) FROM notice WHERE id = %lld AND state = 'sent'"
		 " AND opted_out = 1 AND queued_at IS NOT NULL",
		 pul);
	assert_int_equal(q(c, sql), 1);
	assert_int_equal(q(c, "SELECT count(*) FROM outbound WHERE purpose = 'notice' AND bulk = 1"
			      " AND text = 'TB Hop thon'"),
			 9);
	assert_int_equal(q(c, "SELECT count(*) FROM outbound WHERE recipient = '+84913106010'"), 0);
	/* The commune: Pul, Păng Pá and the old Păng Pá rolled up to it. */
	assert_int_equal(send(c, dr1, 4), 14);
	snprintf(sql, sizeof(sql),
		 "SELECT count(*) FROM notice_recipient WHERE notice_id = %lld AND village = '110'",
		 dr1);
	assert_int_equal(q(c, sql), 5);
	assert_int_equal(send(c, pangpa, 0), 5);
	assert_int_equal(send(c, heads, 0), 1);
	assert_int_equal(send(c, dr3, 0), 2);
	/* Everyone: the one without a village too, not the opted out. */
	assert_int_equal(send(c, all, 5), 17);

	/* Sent once: a second send is refused. */
	assert_int_equal(store_notice_get(c->st, pul, &n), 1);
	assert_int_equal(
	    store_notice_send(c->st, &n, &(struct notice_send){.user = "root"}, &queued, &e), -1);
	assert_int_equal(e.msg, M_NOTICE_STATE);

	/* Scope: a caller limited to DR1 reaches the DR1 notices only. */
	{
		static const char *const dr1_only[] = {"DR1"};
		struct unit_scope s = {dr1_only, 1};
		json_t *list = store_notices_list(c->st, NULL, 0, &s);

		assert_int_equal(json_array_size(list), 3);
		json_decref(list);
		list = store_notices_list(c->st, NULL, 0, NULL);
		assert_int_equal(json_array_size(list), 6);
		assert_string_equal(
		    json_string_value(json_object_get(json_array_get(list, 0), "code")), "TB6");
		json_decref(list);
		assert_true(store_notice_in_scope(&n, &s));
		assert_int_equal(store_notice_get(c->st, all, &n), 1);
		assert_false(store_notice_in_scope(&n, &s));
		assert_true(store_notice_in_scope(&n, NULL));
	}
}

/* A send interrupted after some chunks queues the rest, no one twice. */
static void test_resume(void **state)
{
	struct ctx *c = *state;
	long long id = notice(c, "notice", "village", "106", "DR1");
	char sql[512];

	assert_int_equal(send(c, id, 3), 9);
	snprintf(sql, sizeof(sql),
		 "CREATE TEMP TABLE gone AS SELECT outbound_id FROM notice_recipient"
		 " WHERE notice_id = %lld ORDER BY id DESC LIMIT 4;"
		 "DELETE FROM notice_recipient WHERE outbound_id IN (SELECT outbound_id FROM gone);"
		 "DELETE FROM outbound WHERE id IN (SELECT outbound_id FROM gone);"
		 "UPDATE notice SET state = 'sending', queued_at = NULL WHERE id = %lld",
		 id, id);
	exec_ok(c, sql);
	assert_int_equal(send(c, id, 3), 4);
	assert_int_equal(q(c, "SELECT count(*) FROM outbound WHERE purpose = 'notice'"), 9);
	assert_int_equal(q(c, "SELECT count(DISTINCT recipient) FROM outbound"), 9);
}

/* ---------------------------------------------------------------- acks */

static void test_ack_remind_report(void **state)
{
	struct ctx *c = *state;
	long long id = notice(c, "notice", "village", "106", "DR1");
	struct notice_info n;
	struct tderr e = {0};
	long long queued;
	json_t *r, *tot;
	char *first;

	assert_int_equal(store_notice_get(c->st, id, &n), 1);
	assert_int_equal(
	    store_notice_remind(c->st, &n, "Nhac", &(struct notice_send){0}, &queued, &e), -1);
	assert_int_equal(e.msg, M_NOTICE_STATE);
	assert_int_equal(send(c, id, 0), 9);
	exec_ok(c, "UPDATE outbound SET state = 'sent'");

	assert_int_equal(store_notice_ack(c->st, id, "+84913106001", 0), 1);
	first = fx_query_text(&c->f, "SELECT acked_at FROM notice_recipient WHERE phone ="
				     " '+84913106001'");
	assert_non_null(first);
	assert_int_equal(store_notice_ack(c->st, id, "+84913106001", 0), 1);
	assert_int_equal(q(c, "SELECT count(*) FROM notice_recipient WHERE acked_at IS NOT NULL"),
			 1);
	{
		char *again = fx_query_text(&c->f, "SELECT acked_at FROM notice_recipient"
						   " WHERE phone = '+84913106001'");
		assert_string_equal(again, first);
		free(again);
	}
	free(first);
	assert_int_equal(store_notice_ack(c->st, id, "+84913301001", 0), 0);
	assert_int_equal(store_notice_ack(c->st, 999, "+84913106001", 0), 0);

	/* Reminders: not the one who acknowledged, not one whose notice still
	 * waits in the queue, not one who opted out since. */
	exec_ok(c, "UPDATE outbound SET state = 'queued' WHERE recipient = '+84913106002';"
		   "UPDATE contact SET opted_out = 1 WHERE phone = '+84913106003'");
	assert_int_equal(store_notice_get(c->st, id, &n), 1);
	assert_int_equal(store_notice_remind(c->st, &n, "Nhac lai: TB Hop thon",
					     &(struct notice_send){.chunk = 2}, &queued, &e),
			 0);
	assert_int_equal(queued, 6);
	assert_int_equal(q(c,
			   "SELECT count(*) FROM outbound WHERE purpose = 'reminder' AND bulk = 1"
			   " AND recipient IN ('+84913106001', '+84913106002', '+84913106003')"),
			 0);
	/* Those reminders wait: a second reminder now reaches no one. */
	assert_int_equal(
	    store_notice_remind(c->st, &n, "Nhac", &(struct notice_send){0}, &queued, &e), 0);
	assert_int_equal(queued, 0);

	/* The report: one notice in Đam Rông 1, 1 of 9 acknowledged. */
	r = store_report(c->st, &(struct report_query){"2025-07-01", "2025-07-31", "DR1"}, NULL,
			 &e);
	assert_non_null(r);
	tot = json_object_get(r, "totals");
	assert_int_equal(json_integer_value(json_object_get(tot, "notices")), 1);
	assert_int_equal(json_integer_value(json_object_get(tot, "notice_recipients")), 9);
	assert_int_equal(json_integer_value(json_object_get(tot, "ack_asked")), 9);
	assert_int_equal(json_integer_value(json_object_get(tot, "acknowledged")), 1);
	assert_true(json_real_value(json_object_get(tot, "ack_rate")) == 11.1);
	assert_int_equal(json_array_size(json_object_get(r, "by_unit")), 1);
	json_decref(r);
	/* Not in a report on Đam Rông 3, nor in June. */
	r = store_report(c->st, &(struct report_query){"2025-07-01", "2025-07-31", "DR3"}, NULL,
			 &e);
	assert_int_equal(
	    json_integer_value(json_object_get(json_object_get(r, "totals"), "notices")), 0);
	json_decref(r);
	r = store_report(c->st, &(struct report_query){"2025-06-01", "2025-06-30", NULL}, NULL, &e);
	assert_int_equal(
	    json_integer_value(json_object_get(json_object_get(r, "totals"), "notices")), 0);
	json_decref(r);
}

/* ---------------------------------------------------------------- polls */

static void test_poll(void **state)
{
	struct ctx *c = *state;
	const char *labels[] = {"Đồng ý", "Không đồng ý"}, *folded[] = {"dong y", "khong dong y"};
	long long id = notice(c, "poll", "village", "106", "DR1"), contact;
	char village[UNIT_CODE_MAX];
	struct poll_info p;
	struct tderr e = {0};
	json_t *t, *r;

	assert_int_equal(
	    store_poll_insert(c->st, id, "Lam duong?", "2025-07-20", 0, labels, folded, 2), 0);
	assert_int_equal(store_poll_get(c->st, id, &p), 1);
	assert_false(store_poll_open(&p, "2025-07-10")); /* a draft */
	assert_int_equal(send(c, id, 0), 9);
	assert_int_equal(store_poll_get(c->st, id, &p), 1);
	assert_int_equal(p.n_choices, 2);
	assert_string_equal(p.folded[1], "khong dong y");
	assert_true(store_poll_open(&p, "2025-07-20"));
	assert_false(store_poll_open(&p, "2025-07-21"));
	assert_int_equal(store_poll_get(c->st, 999, &p), 0);

	/* Households of Pul only. */
	assert_int_equal(store_poll_voter(c->st, id, "+84913106001", &contact, village), 1);
	assert_string_equal(village, "106");
	assert_int_equal(store_poll_voter(c->st, id, "+84913106007", &contact, village), 0);
	assert_int_equal(store_poll_voter(c->st, id, "+84913110001", &contact, village), 0);

	/* Three agree, one does not: 3 of 7 households (the one who opted
	 * out still counts) is not more than half. */
	for (int i = 1; i <= 4; i++) {
		char phone[32];
		snprintf(phone, sizeof(phone), "+84913106%03d", i);
		assert_int_equal(store_poll_vote(c->st, id, phone, i, "106", i < 4 ? 1 : 2, 0), 0);
	}
	t = store_poll_tally(c->st, id, &e);
	assert_int_equal(json_integer_value(json_object_get(t, "households_registered")), 7);
	assert_int_equal(json_integer_value(json_object_get(t, "households")), 7);
	assert_int_equal(json_integer_value(json_object_get(t, "majority")), 4);
	assert_int_equal(json_integer_value(json_object_get(t, "votes")), 4);
	assert_false(json_is_true(json_object_get(t, "decided")));
	json_decref(t);
	/* The fourth household changes its vote: 4 of 7 decide. */
	assert_int_equal(store_poll_vote(c->st, id, "+84913106004", 4, "106", 1, 0), 2);
	assert_int_equal(q(c, "SELECT changes FROM poll_vote WHERE phone = '+84913106004'"), 1);
	t = store_poll_tally(c->st, id, &e);
	assert_int_equal(json_integer_value(json_object_get(t, "votes")), 4);
	assert_true(json_is_true(json_object_get(t, "decided")));
	assert_string_equal(json_string_value(json_object_get(t, "outcome")), "Đồng ý");
	json_decref(t);
	/* Staff declared 20 households: 4 no longer decide. */
	exec_ok(c, "UPDATE poll SET households_declared = 20");
	t = store_poll_close(c->st, id, "root", &e);
	assert_non_null(t);
	assert_int_equal(json_integer_value(json_object_get(t, "households")), 20);
	assert_false(json_is_true(json_object_get(t, "decided")));
	assert_true(json_is_true(json_object_get(t, "closed")));
	json_decref(t);
	assert_int_equal(q(c, "SELECT households FROM poll WHERE outcome IS NULL"), 20);
	assert_null(store_poll_close(c->st, id, "root", &e));
	assert_int_equal(e.msg, M_POLL_CLOSED);
	assert_int_equal(store_poll_get(c->st, id, &p), 1);
	assert_string_equal(p.closed_on, "2025-07-10");
	assert_false(store_poll_open(&p, "2025-07-10"));
	/* A notice is not a poll. */
	assert_null(store_poll_tally(c->st, notice(c, "notice", "all", NULL, NULL), &e));
	assert_int_equal(e.msg, M_NOT_A_POLL);

	r = store_report(c->st, &(struct report_query){"2025-07-01", "2025-07-31", "DR1"}, NULL,
			 &e);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(r, "totals"), "polls")),
			 1);
	assert_int_equal(
	    json_integer_value(json_object_get(json_object_get(r, "totals"), "polls_decided")), 0);
	json_decref(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_claim_cap, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_recipients, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_resume, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_ack_remind_report, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_poll, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The audit trail and the message views on a real SQLite file: appending,
 * the triggers refusing edits, filters by local date, messages in and out
 * together, the inbox, the outbox, and which messages may be resent.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/store.h"
#include "store/store_audit.h"
#include "store/store_outbound.h"
#include "store/store_views.h"
#include "util/seal.h"
#include "fixture.h"

struct ctx {
	struct fx f;
	struct store *st;
};

static int setup(void **state)
{
	struct ctx *c = calloc(1, sizeof(*c));
	char err[256];

	if (fx_setup(&c->f, 0, NULL) < 0)
		return -1;
	c->st = store_open(c->f.db, err, sizeof(err));
	if (!c->st)
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
	return 0;
}

static const char *str(const json_t *rows, size_t i, const char *key)
{
	return json_string_value(json_object_get(json_array_get(rows, i), key));
}

static long long num(const json_t *rows, size_t i, const char *key)
{
	return json_integer_value(json_object_get(json_array_get(rows, i), key));
}

/* Runs sql on a connection of its own; returns the SQLite result code and
 * the error text in err. */
static int raw_exec(struct ctx *c, const char *sql, char *err, size_t len)
{
	sqlite3 *db = NULL;
	char *msg = NULL;
	int rc;

	assert_int_equal(sqlite3_open(c->f.db, &db), SQLITE_OK);
	rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
	snprintf(err, len, "%s", msg ? msg : "");
	sqlite3_free(msg);
	sqlite3_close(db);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Audit */

static void audit(struct ctx *c, const char *user, const char *role, const char *action,
		  const char *outcome)
{
	struct audit_entry a = {.uid = 1000,
				.user = user,
				.role = role,
				.action = action,
				.target = "+84911000001",
				.outcome = outcome,
				.detail = NULL};

	assert_int_equal(store_audit_add(c->st, &a), 0);
}

static void test_audit_append_and_list(void **state)
{
	struct ctx *c = *state;
	json_t *rows;

	audit(c, "lan", "handler", "contacts.add", "allowed");
	audit(c, "minh", NULL, "contacts.list", "refused");
	audit(c, "lan", "handler", "contacts.remove", "failed");
	rows = store_audit_list(c->st, NULL, NULL, 0);
	assert_int_equal(json_array_size(rows), 3);
	/* Newest first, every column. */
	assert_string_equal(str(rows, 0, "action"), "contacts.remove");
	assert_string_equal(str(rows, 2, "action"), "contacts.add");
	assert_true(num(rows, 0, "id") > num(rows, 2, "id"));
	assert_int_equal(num(rows, 1, "uid"), 1000);
	assert_true(json_is_null(json_object_get(json_array_get(rows, 1), "role")));
	assert_true(json_is_null(json_object_get(json_array_get(rows, 1), "detail")));
	assert_string_equal(str(rows, 1, "outcome"), "refused");
	assert_string_equal(str(rows, 1, "target"), "+84911000001");
	assert_int_equal(strlen(str(rows, 0, "at")), strlen("2025-07-10T03:04:05.123Z"));
	json_decref(rows);

	rows = store_audit_list(c->st, "lan", NULL, 0);
	assert_int_equal(json_array_size(rows), 2);
	json_decref(rows);
	rows = store_audit_list(c->st, NULL, NULL, 1);
	assert_int_equal(json_array_size(rows), 1);
	assert_string_equal(str(rows, 0, "action"), "contacts.remove");
	json_decref(rows);
	/* An outcome outside the three is refused by the table. */
	{
		struct audit_entry bad = {.uid = 1, .user = "x", .action = "a", .outcome = "ok"};
		assert_int_equal(store_audit_add(c->st, &bad), -1);
	}
}

static void test_audit_since_local_date(void **state)
{
	struct ctx *c = *state;
	char err[256];
	json_t *rows;

	/* Local time is UTC+7 (set in main): 2025-07-10 begins at 17:00 UTC
	 * the day before. */
	assert_int_equal(raw_exec(c,
				  "INSERT INTO audit (at, uid, user, action, outcome) VALUES"
				  " ('2025-07-09T16:59:59.999Z', 1, 'a', 'early', 'allowed'),"
				  " ('2025-07-09T17:00:00.000Z', 1, 'a', 'midnight', 'allowed'),"
				  " ('2025-07-10T20:00:00.000Z', 1, 'b', 'late', 'allowed')",
				  err, sizeof(err)),
			 SQLITE_OK);
	rows = store_audit_list(c->st, NULL, "2025-07-10", 0);
	assert_int_equal(json_array_size(rows), 2);
	assert_string_equal(str(rows, 0, "action"), "late");
	assert_string_equal(str(rows, 1, "action"), "midnight");
	json_decref(rows);
	rows = store_audit_list(c->st, "a", "2025-07-10", 0);
	assert_int_equal(json_array_size(rows), 1);
	json_decref(rows);
	rows = store_audit_list(c->st, NULL, "2025-07-11", 0);
	assert_int_equal(json_array_size(rows), 1);
	json_decref(rows);
	assert_null(store_audit_list(c->st, NULL, "10/07/2025", 0));
}

static void test_audit_is_append_only(void **state)
{
	struct ctx *c = *state;
	char err[256];

	audit(c, "lan", "handler", "contacts.add", "allowed");
	assert_int_not_equal(raw_exec(c, "UPDATE audit SET outcome = 'refused'", err, sizeof(err)),
			     SQLITE_OK);
	assert_non_null(strstr(err, "append-only"));
	assert_int_not_equal(raw_exec(c, "DELETE FROM audit", err, sizeof(err)), SQLITE_OK);
	assert_non_null(strstr(err, "append-only"));
	assert_int_equal(fx_query_int(&c->f, "SELECT count(*) FROM audit WHERE outcome = 'allowed'"
					     " AND user = 'lan'"),
			 1);
}

/* ------------------------------------------------------------------ */
/* Messages */

/* Two messages in, three out, around local midnight of 2025-07-10. */
static void fill_ledger(struct ctx *c)
{
	char err[256];

	assert_int_equal(
	    raw_exec(c,
		     "INSERT INTO inbound (id, modem, sender, sender_raw, text, received_at,"
		     " processed_at) VALUES"
		     " (1, 'm1', '+84911000001', '0911000001', 'DK 110 An',"
		     " '2025-07-09T10:00:00.000Z', '2025-07-09T10:00:01.000Z'),"
		     " (2, 'm2', '+84911000002', '0911000002', 'PA den hong',"
		     " '2025-07-09T18:00:00.000Z', NULL);"
		     "INSERT INTO outbound (id, recipient, text, state, modem, attempts, error,"
		     " created_at, updated_at) VALUES"
		     " (1, '+84911000001', 'Đã ghi danh', 'delivered', 'm1', 1, NULL,"
		     " '2025-07-09T10:00:02.000Z', '2025-07-09T10:00:02.000Z'),"
		     " (2, '+84911000002', 'Đã nhận', 'failed', 'm2', 3, 'CMS 38',"
		     " '2025-07-09T18:00:02.000Z', '2025-07-09T18:00:02.000Z'),"
		     " (3, '+84911000003', 'Họp thôn', 'unknown', 'm1', 1, 'interrupted',"
		     " '2025-07-09T19:00:00.000Z', '2025-07-09T19:00:00.000Z'),"
		     " (4, '+84911000003', 'Nhắc họp', 'queued', NULL, 0, NULL,"
		     " '2025-07-09T20:00:00.000Z', '2025-07-09T20:00:00.000Z')",
		     err, sizeof(err)),
	    SQLITE_OK);
}

static void test_messages(void **state)
{
	struct ctx *c = *state;
	json_t *rows;

	fill_ledger(c);
	rows = store_messages_list(c->st, NULL, NULL, 0, NULL);
	assert_int_equal(json_array_size(rows), 6);
	/* Newest first across both directions. */
	assert_string_equal(str(rows, 0, "text"), "Nhắc họp");
	assert_string_equal(str(rows, 0, "dir"), "out");
	assert_string_equal(str(rows, 0, "state"), "queued");
	assert_string_equal(str(rows, 2, "text"), "Đã nhận");
	assert_string_equal(str(rows, 3, "dir"), "in");
	assert_string_equal(str(rows, 3, "number"), "+84911000002");
	assert_string_equal(str(rows, 3, "at"), "2025-07-09T18:00:00.000Z");
	assert_string_equal(str(rows, 3, "state"), "text/unprocessed");
	assert_string_equal(str(rows, 3, "modem"), "m2");
	assert_string_equal(str(rows, 5, "state"), "text/processed");
	assert_int_equal(num(rows, 5, "id"), 1);
	json_decref(rows);

	rows = store_messages_list(c->st, "+84911000002", NULL, 0, NULL);
	assert_int_equal(json_array_size(rows), 2);
	assert_string_equal(str(rows, 0, "dir"), "out");
	assert_string_equal(str(rows, 1, "dir"), "in");
	json_decref(rows);
	/* Since local 2025-07-10 (UTC+7): from 17:00 UTC the day before. */
	rows = store_messages_list(c->st, NULL, "2025-07-10", 0, NULL);
	assert_int_equal(json_array_size(rows), 4);
	assert_string_equal(str(rows, 3, "text"), "PA den hong");
	json_decref(rows);
	rows = store_messages_list(c->st, "+84911000001", "2025-07-10", 0, NULL);
	assert_int_equal(json_array_size(rows), 0);
	json_decref(rows);
	rows = store_messages_list(c->st, NULL, NULL, 2, NULL);
	assert_int_equal(json_array_size(rows), 2);
	json_decref(rows);
}

static void test_inbox_and_quarantine(void **state)
{
	struct ctx *c = *state;
	char err[256];
	json_t *rows;

	fill_ledger(c);
	rows = store_inbox_list(c->st, false, false, 0, NULL);
	assert_int_equal(json_array_size(rows), 2);
	assert_int_equal(num(rows, 0, "id"), 2);
	assert_string_equal(str(rows, 0, "sender"), "+84911000002");
	assert_string_equal(str(rows, 0, "kind"), "text");
	assert_int_equal(num(rows, 0, "parts"), 1);
	assert_int_equal(num(rows, 0, "incomplete"), 0);
	assert_true(json_is_null(json_object_get(json_array_get(rows, 0), "processed_at")));
	json_decref(rows);
	rows = store_inbox_list(c->st, true, false, 0, NULL);
	assert_int_equal(json_array_size(rows), 1);
	assert_string_equal(str(rows, 0, "text"), "PA den hong");
	json_decref(rows);

	assert_int_equal(raw_exec(c,
				  "INSERT INTO quarantine (modem, location, attempts, state,"
				  " first_seen, last_seen) VALUES"
				  " ('m1', 3, 3, 'undecodable', '2025-07-09T01:00:00.000Z',"
				  " '2025-07-09T02:00:00.000Z'),"
				  " ('m2', 7, 1, 'trying', '2025-07-09T03:00:00.000Z',"
				  " '2025-07-09T03:00:00.000Z')",
				  err, sizeof(err)),
			 SQLITE_OK);
	/* The worker stores the PDU and its sender sealed. */
	{
		char key[PATH_MAX], sql[1024];
		struct seal *seal;
		char *spdu, *ssender;

		snprintf(key, sizeof(key), "%s/q.key", c->f.dir);
		seal = seal_open(key, err, sizeof(err));
		assert_non_null(seal);
		spdu = seal_encrypt(seal, "0791");
		ssender = seal_encrypt(seal, "+84912000001");
		snprintf(sql, sizeof(sql),
			 "UPDATE quarantine SET pdu = '%s', sender = '%s',"
			 " error = 'Unknown error.' WHERE location = 3",
			 spdu, ssender);
		assert_int_equal(raw_exec(c, sql, err, sizeof(err)), SQLITE_OK);
		free(spdu);
		free(ssender);
		rows = store_quarantine_list(c->st, 0, seal);
		assert_int_equal(json_array_size(rows), 2);
		assert_string_equal(str(rows, 0, "modem"), "m2");
		assert_int_equal(num(rows, 1, "location"), 3);
		assert_string_equal(str(rows, 1, "state"), "undecodable");
		assert_string_equal(str(rows, 1, "pdu"), "0791");
		assert_string_equal(str(rows, 1, "sender"), "+84912000001");
		assert_string_equal(str(rows, 1, "error"), "Unknown error.");
		json_decref(rows);
		seal_close(seal);
	}
	/* A lower role sees neither. */
	rows = store_quarantine_list(c->st, 0, NULL);
	assert_true(json_is_null(json_object_get(json_array_get(rows, 1), "pdu")));
	assert_true(json_is_null(json_object_get(json_array_get(rows, 1), "sender")));
	assert_string_equal(str(rows, 1, "error"), "Unknown error.");
	assert_true(json_is_null(json_object_get(json_array_get(rows, 0), "pdu")));
	json_decref(rows);
	/* Nor the database file: the number is not in it. */
	assert_int_equal(fx_query_int(&c->f, "SELECT count(*) FROM quarantine WHERE"
					     " sender LIKE '%912000001%' OR pdu = '0791'"),
			 0);
}

static void test_outbox(void **state)
{
	struct ctx *c = *state;
	json_t *rows;

	fill_ledger(c);
	rows = store_outbox_list(c->st, false, false, 0, NULL);
	assert_int_equal(json_array_size(rows), 4);
	assert_int_equal(num(rows, 0, "id"), 4);
	assert_string_equal(str(rows, 2, "error"), "CMS 38");
	assert_int_equal(num(rows, 2, "attempts"), 3);
	json_decref(rows);
	rows = store_outbox_list(c->st, true, false, 0, NULL);
	assert_int_equal(json_array_size(rows), 1);
	assert_string_equal(str(rows, 0, "state"), "failed");
	json_decref(rows);
	rows = store_outbox_list(c->st, false, true, 0, NULL);
	assert_int_equal(json_array_size(rows), 1);
	assert_string_equal(str(rows, 0, "state"), "unknown");
	json_decref(rows);
	rows = store_outbox_list(c->st, true, true, 0, NULL);
	assert_int_equal(json_array_size(rows), 2);
	json_decref(rows);
}

static void test_resend(void **state)
{
	struct ctx *c = *state;
	struct outbound_msg m;
	struct tderr e = {0};
	char err[256];

	fill_ledger(c);
	assert_int_equal(store_outbox_resend(c->st, 2, &e), 0);
	assert_int_equal(fx_query_int(&c->f,
				      "SELECT count(*) FROM outbound WHERE id = 2"
				      " AND state = 'queued' AND attempts = 0 AND error IS NULL"
				      " AND next_attempt_at IS NULL AND modem IS NULL"
				      " AND updated_at > '2025-07-09T18:00:02.000Z'"),
			 1);
	assert_int_equal(store_outbox_resend(c->st, 3, &e), 0);
	assert_int_equal(fx_query_int(&c->f, "SELECT count(*) FROM outbound WHERE id = 3"
					     " AND state = 'queued' AND attempts = 0"),
			 1);

	/* Already queued, delivered, sending: left alone. */
	assert_int_equal(store_outbox_resend(c->st, 2, &e), -1);
	assert_int_equal(e.cls, TDERR_CONFLICT);
	assert_int_equal(e.msg, M_NOT_RESENDABLE);
	assert_string_equal(e.arg[0], "2");
	assert_string_equal(e.arg[1], "queued");
	assert_int_equal(store_outbox_resend(c->st, 1, &e), -1);
	assert_string_equal(e.arg[1], "delivered");
	assert_int_equal(
	    raw_exec(c, "UPDATE outbound SET state = 'sending' WHERE id = 4", err, sizeof(err)),
	    SQLITE_OK);
	assert_int_equal(store_outbox_resend(c->st, 4, &e), -1);
	assert_string_equal(e.arg[1], "sending");
	assert_int_equal(fx_query_int(&c->f, "SELECT count(*) FROM outbound WHERE id = 4"
					     " AND state = 'sending'"),
			 1);
	assert_int_equal(store_outbox_resend(c->st, 999, &e), -1);
	assert_int_equal(e.cls, TDERR_NOT_FOUND);
	assert_int_equal(e.msg, M_NO_MESSAGE);
	assert_string_equal(e.arg[0], "999");

	/* A modem takes the resent message as any queued one. */
	assert_int_equal(store_outbound_claim(c->st, "m2", 0, &m), 1);
	assert_int_equal(m.id, 2);
	assert_int_equal(m.attempts, 1);
	outbound_msg_clear(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_audit_append_and_list, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_audit_since_local_date, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_audit_is_append_only, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_messages, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_inbox_and_quarantine, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_outbox, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_resend, setup, teardown),
	};

	/* Local time UTC+7, as in Vietnam, without needing tzdata. */
	setenv("TZ", "ICT-7", 1);
	tzset();
	return cmocka_run_group_tests(tests, NULL, NULL);
}

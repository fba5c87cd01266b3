/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The store on a real SQLite file: migrations, parts stored once,
 * multipart reassembly in any order, incomplete messages, the outbound
 * state machine and delivery reports.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/store.h"
#include "store/store_inbound.h"
#include "store/store_outbound.h"
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

static struct part_rec part(const char *sender, int ref, int no, int count, const char *text)
{
	struct part_rec p = {.modem = "m1",
			     .sender = sender,
			     .sender_raw = sender,
			     .smsc_time = "2025-07-10T01:02:03Z",
			     .type = "text",
			     .coding = "gsm7",
			     .concat_ref = ref,
			     .part_no = no,
			     .part_count = count,
			     .text = text,
			     .msg_ref = -1,
			     .delivery_status = -1,
			     .received_at = "2025-07-10T01:02:04.000Z"};
	return p;
}

static int add(struct store *st, struct part_rec p)
{
	int rc;

	assert_int_equal(store_begin(st), 0);
	rc = store_part_add(st, &p);
	assert_int_equal(store_commit(st), 0);
	return rc;
}

static void test_migrations(void **state)
{
	struct ctx *c = *state;
	char err[256];
	struct store *again;

	assert_true(store_schema_latest() >= 1);
	assert_int_equal(store_schema_version(c->st), store_schema_latest());
	/* Opening again applies nothing and keeps the version. */
	again = store_open(c->f.db, err, sizeof(err));
	assert_non_null(again);
	assert_int_equal(store_schema_version(again), store_schema_latest());
	store_close(again);
	assert_int_equal(fx_query_int(&c->f, "PRAGMA journal_mode = WAL") >= 0, 1);
}

static void test_single_stored_once(void **state)
{
	struct ctx *c = *state;

	assert_int_equal(add(c->st, part("+84911", -1, 1, 1, "PA den hong")), 1);
	assert_int_equal(add(c->st, part("+84911", -1, 1, 1, "PA den hong")), 0);
	assert_int_equal(fx_query_int(&c->f, "SELECT count(*) FROM inbound_part"), 1);
	assert_int_equal(fx_count_inbound(&c->f, "+84911", "PA den hong"), 1);
}

static void test_multipart_any_order(void **state)
{
	struct ctx *c = *state;

	assert_int_equal(add(c->st, part("+84922", 7, 3, 3, "ba.")), 1);
	assert_int_equal(add(c->st, part("+84922", 7, 1, 3, "mot, ")), 1);
	assert_int_equal(fx_query_int(&c->f, "SELECT count(*) FROM inbound"), 0);
	/* A part read twice is stored once and completes nothing. */
	assert_int_equal(add(c->st, part("+84922", 7, 1, 3, "mot, ")), 0);
	/* Another sender's message with the same reference stays apart. */
	assert_int_equal(add(c->st, part("+84933", 7, 1, 2, "khac ")), 1);
	assert_int_equal(add(c->st, part("+84922", 7, 2, 3, "hai, ")), 1);
	assert_int_equal(fx_count_inbound(&c->f, "+84922", "mot, hai, ba."), 1);
	assert_int_equal(fx_query_int(&c->f, "SELECT parts FROM inbound WHERE sender = '+84922'"),
			 3);
	assert_int_equal(fx_query_int(&c->f, "SELECT count(*) FROM inbound_part WHERE inbound_id"
					     " IS NULL"),
			 1);
}

static void test_incomplete_flushed(void **state)
{
	struct ctx *c = *state;

	assert_int_equal(add(c->st, part("+84944", 9, 2, 3, "giua ")), 1);
	/* Not yet: the part is newer than the cut-off. */
	assert_int_equal(store_parts_flush_incomplete(c->st, "m1", "2025-07-10T00:00:00.000Z"), 0);
	assert_int_equal(store_parts_flush_incomplete(c->st, "m1", "2025-07-11T00:00:00.000Z"), 1);
	assert_int_equal(fx_count_inbound(&c->f, "+84944", "[...]giua "), 1);
	assert_int_equal(fx_query_int(&c->f, "SELECT incomplete FROM inbound WHERE sender ="
					     " '+84944'"),
			 1);
}

static void test_outbound_states(void **state)
{
	struct ctx *c = *state;
	struct outbound_msg m;
	long long a = store_outbound_queue(c->st, "+84955", "mot", NULL, true, 0);
	long long b = store_outbound_queue(c->st, "+84966", "hai", "m2", true, 0);

	assert_true(a > 0 && b > a);
	/* m1 may not take a row routed to m2. */
	assert_int_equal(store_outbound_claim(c->st, "m1", 0, &m), 1);
	assert_int_equal(m.id, a);
	assert_int_equal(m.attempts, 1);
	outbound_msg_clear(&m);
	assert_int_equal(store_outbound_claim(c->st, "m1", 0, &m), 0);
	/* A failure goes back to the queue, later, for any modem. */
	assert_int_equal(store_outbound_failed(c->st, a, 1, 3, 60, "busy"), 0);
	assert_int_equal(fx_query_int(&c->f, "SELECT count(*) FROM outbound WHERE state ="
					     " 'queued' AND modem IS NULL AND next_attempt_at >"
					     " updated_at"),
			 1);
	assert_int_equal(store_outbound_claim(c->st, "m1", 0, &m), 0);
	/* The row routed to m2 is sent there. */
	assert_int_equal(store_outbound_claim(c->st, "m2", 0, &m), 1);
	assert_int_equal(m.id, b);
	assert_int_equal(store_outbound_sent(c->st, b, 42, 1), 0);
	outbound_msg_clear(&m);
	/* The last attempt failing makes it failed. */
	assert_int_equal(fx_exec(&c->f, "UPDATE outbound SET next_attempt_at = NULL"), 0);
	assert_int_equal(store_outbound_claim(c->st, "m1", 0, &m), 1);
	assert_int_equal(m.attempts, 2);
	assert_int_equal(store_outbound_failed(c->st, a, 3, 3, 60, "refused"), 0);
	outbound_msg_clear(&m);
	assert_int_equal(
	    fx_query_int(&c->f, "SELECT count(*) FROM outbound WHERE state = 'failed'"), 1);
	/* A status report to the right number and reference: delivered. */
	struct part_rec r = part("+84966", -1, 1, 1, "report");
	r.type = "status_report";
	r.msg_ref = 42;
	r.delivery_status = 0;
	r.modem = "m2";
	assert_int_equal(add(c->st, r), 1);
	assert_int_equal(fx_query_int(&c->f, "SELECT count(*) FROM outbound WHERE state ="
					     " 'delivered' AND id = 2"),
			 1);
}

static void test_sending_becomes_unknown(void **state)
{
	struct ctx *c = *state;
	struct outbound_msg m;

	store_outbound_queue(c->st, "+84977", "ba", NULL, false, 0);
	assert_int_equal(store_outbound_claim(c->st, "m1", 0, &m), 1);
	outbound_msg_clear(&m);
	assert_int_equal(store_outbound_reset_sending(c->st, "m2"), 0);
	assert_int_equal(store_outbound_reset_sending(c->st, "m1"), 1);
	/* An unknown row is never claimed again. */
	assert_int_equal(store_outbound_claim(c->st, "m1", 0, &m), 0);
	assert_int_equal(store_outbound_sent(c->st, 1, 1, 1), 0);
	assert_int_equal(
	    fx_query_int(&c->f, "SELECT count(*) FROM outbound WHERE state = 'unknown'"), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_migrations, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_single_stored_once, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_multipart_any_order, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_incomplete_flushed, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_outbound_states, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_sending_becomes_unknown, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

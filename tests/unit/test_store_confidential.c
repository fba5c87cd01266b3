/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Confidential senders in the store, on a real SQLite file: the tags of an
 * older database retagged so no clear row shares a sealed row's tag, the
 * read-only look for sealed values, and HUY's erasure.
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
#include "store/store_confidential.h"
#include "util/seal.h"
#include "fixture.h"

#define NUMBER "+84911999888"

struct ctx {
	struct fx f;
	struct store *st;
	struct seal *seal;
	char tag[SEAL_TAG_SIZE], clear[SEAL_TAG_SIZE];
};

static void exec_ok(struct ctx *c, const char *sql)
{
	if (fx_exec(&c->f, sql) != 0)
		fail_msg("SQL failed: %s", sql);
}

static int setup(void **state)
{
	struct ctx *c = calloc(1, sizeof(*c));
	char err[256], key[PATH_MAX + 8];

	if (!c || fx_setup(&c->f, 0, NULL) < 0)
		return -1;
	c->st = store_open(c->f.db, err, sizeof(err));
	snprintf(key, sizeof(key), "%s/seal.key", c->f.dir);
	c->seal = seal_open(key, err, sizeof(err));
	if (!c->st || !c->seal || seal_tag(c->seal, NUMBER, c->tag) < 0 ||
	    seal_tag_domain(c->seal, SEAL_DOMAIN_CLEAR, NUMBER, c->clear) < 0)
		return -1;
	*state = c;
	return 0;
}

static int teardown(void **state)
{
	struct ctx *c = *state;

	seal_close(c->seal);
	store_close(c->st);
	fx_teardown(&c->f);
	free(c);
	return 0;
}

/* A case and messages in the older model: the clear feedback of NUMBER
 * and its sealed denunciation share one tag. */
static void add_legacy(struct ctx *c)
{
	char sql[2048], *sealed = seal_encrypt(c->seal, NUMBER);

	snprintf(sql, sizeof(sql),
		 "INSERT INTO cases (code, digits, kind, status, text, sender, sender_tag,"
		 " received_on, created_at, updated_at) VALUES"
		 " ('PA1000002', '1000002', 'feedback', 'closed', 'a', '%s', '%s', '2025-07-01',"
		 " 'x', 'x'),"
		 " ('TC5000003', '5000003', 'denunciation', 'closed', 'b', '%s', '%s',"
		 " '2025-07-01', 'x', 'x');"
		 "INSERT INTO inbound (modem, sender, sender_raw, text, received_at, sealed,"
		 " sender_tag, processed_at) VALUES ('m1', '%s', '%s', 'PA a', 'x', 0, '%s', 'x'),"
		 " ('m1', '%s', '%s', 'TOCAO b', 'x', 1, '%s', 'x')",
		 NUMBER, c->tag, sealed, c->tag, NUMBER, NUMBER, c->tag, sealed, sealed, c->tag);
	exec_ok(c, sql);
	free(sealed);
}

static void test_retag(void **state)
{
	struct ctx *c = *state;
	char sql[256];

	add_legacy(c);
	assert_int_equal(store_retag_clear(c->st, c->seal), 1);
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM cases WHERE sender_tag = '%s'", c->clear);
	assert_int_equal(fx_query_int(&c->f, sql), 1);
	snprintf(sql, sizeof(sql),
		 "SELECT count(*) FROM cases WHERE sender_tag = '%s' AND sender LIKE 'sealed:%%'",
		 c->tag);
	assert_int_equal(fx_query_int(&c->f, sql), 1);
	assert_int_equal(fx_query_int(&c->f, "SELECT count(*) FROM inbound WHERE sealed = 0"
					     " AND sender_tag IS NOT NULL"),
			 0);
	/* Nothing left to do the second time. */
	assert_int_equal(store_retag_clear(c->st, c->seal), 0);
}

static void test_file_has_sealed(void **state)
{
	struct ctx *c = *state;
	char err[256];

	assert_int_equal(store_file_has_sealed(c->f.db, err, sizeof(err)), 0);
	add_legacy(c);
	assert_int_equal(store_file_has_sealed(c->f.db, err, sizeof(err)), 1);
	assert_int_equal(store_file_has_sealed("/nonexistent/x.db", err, sizeof(err)), 0);
}

/* HUY erases the number unless an open case keeps it. */
static void test_optout_erase(void **state)
{
	struct ctx *c = *state;

	add_legacy(c);
	exec_ok(c, "UPDATE cases SET status = 'received' WHERE code = 'TC5000003'");
	assert_int_equal(store_optout_erase(c->st, NUMBER, c->tag, c->clear), 0);
	assert_int_equal(fx_query_int(&c->f, "SELECT count(*) FROM inbound WHERE sender = ''"), 0);
	exec_ok(c, "UPDATE cases SET status = 'closed' WHERE code = 'TC5000003'");
	assert_int_equal(store_optout_erase(c->st, NUMBER, c->tag, c->clear), 1);
	assert_int_equal(fx_query_int(&c->f, "SELECT count(*) FROM inbound WHERE sender <> ''"), 0);
	assert_int_equal(fx_query_int(&c->f, "SELECT count(*) FROM cases WHERE sender <> ''"), 0);
	assert_int_equal(fx_query_int(&c->f, "SELECT count(*) FROM cases WHERE sender_tag <> ''"),
			 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_retag, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_file_has_sealed, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_optout_erase, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The alert rules on the clock seam, with a real database file: a modem
 * down is raised only after alert_modem_down minutes, once, then again only
 * after alert_repeat hours, and cleared with one recovery SMS; a modem back
 * before the hold ends raises nothing and starts the hold anew; a SIM
 * nearly full and a low balance alert at once. Time is moved, not waited.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "conf/conf.h"
#include "modem/alert.h"
#include "store/store.h"
#include "store/store_modem.h"
#include "util/clock.h"
#include "fixture.h"

#define MIN_MS 60000LL
#define DOWN_ALERTS                                                                                \
	"SELECT count(*) FROM outbound WHERE purpose = 'alert' AND recipient = '+84987000001'"     \
	" AND text LIKE '%modem m2 mat ket noi%'"
#define UP_ALERTS                                                                                  \
	"SELECT count(*) FROM outbound WHERE purpose = 'alert' AND text LIKE '%m2 da ket noi "     \
	"lai%'"

struct ctx {
	struct fx f;
	struct conf *conf;
	struct store *st;
	struct alert *al;
	long long t0;
};

static int setup(void **state)
{
	static struct ctx c;
	char err[1024];

	memset(&c, 0, sizeof(c));
	if (fx_setup(&c.f, 2,
		     "admin_phones = [ \"0987000001\" ];\nalert_modem_down = 1;\n"
		     "alert_repeat = 2;\nalert_sim_full = 80;\nalert_disk_free = 1;") < 0)
		return -1;
	c.conf = conf_load(c.f.conf, err, sizeof(err));
	if (!c.conf)
		return fprintf(stderr, "%s", err), -1;
	c.st = store_open(c.conf->database, err, sizeof(err));
	if (!c.st)
		return fprintf(stderr, "%s\n", err), -1;
	c.al = alert_new(c.conf, err, sizeof(err));
	if (!c.al)
		return fprintf(stderr, "%s\n", err), -1;
	/* Both workers started (their modem_state rows), m1 connected. */
	if (store_modem_started(c.st, "m1", 101) < 0 || store_modem_started(c.st, "m2", 102) < 0 ||
	    store_modem_connected(c.st, "m1", true, NULL) < 0)
		return -1;
	c.t0 = clock_now_ms();
	*state = &c;
	return 0;
}

static int teardown(void **state)
{
	struct ctx *c = *state;

	clock_set_offset_ms(0);
	alert_free(c->al);
	store_close(c->st);
	conf_free(c->conf);
	fx_teardown(&c->f);
	return 0;
}

/* Moves the clock to t0 + ms and runs every rule once; returns the SMS
 * queued. */
static int at(struct ctx *c, long long ms)
{
	int queued = 0;

	clock_set_offset_ms(0);
	clock_set_offset_ms(c->t0 + ms - clock_now_ms());
	alert_tick(c->al, &queued);
	return queued;
}

static void test_modem_down_held_then_once(void **state)
{
	struct ctx *c = *state;

	assert_int_equal(store_modem_connected(c->st, "m2", false, "unplugged"), 0);
	assert_int_equal(at(c, 0), 0);
	/* Less than alert_modem_down: nothing yet. */
	assert_int_equal(at(c, 30 * 1000), 0);
	assert_int_equal(at(c, MIN_MS - 1000), 0);
	assert_int_equal(fx_query_int(&c->f, DOWN_ALERTS), 0);
	/* The minute has passed: one SMS to the one admin. */
	assert_int_equal(at(c, MIN_MS + 6000), 1);
	assert_int_equal(fx_query_int(&c->f, DOWN_ALERTS), 1);
	/* Not repeated while it lasts, within alert_repeat (2 h). */
	assert_int_equal(at(c, 10 * MIN_MS), 0);
	assert_int_equal(at(c, 110 * MIN_MS), 0);
	assert_int_equal(fx_query_int(&c->f, DOWN_ALERTS), 1);
	/* After alert_repeat hours it is texted again, once. */
	assert_int_equal(at(c, MIN_MS + 2 * 60 * MIN_MS), 0);
	assert_int_equal(at(c, MIN_MS + 2 * 60 * MIN_MS + 7000), 1);
	assert_int_equal(at(c, MIN_MS + 2 * 60 * MIN_MS + 60000), 0);
	assert_int_equal(fx_query_int(&c->f, DOWN_ALERTS), 2);
	/* Back: one recovery SMS, then silence. */
	assert_int_equal(store_modem_connected(c->st, "m2", true, NULL), 0);
	assert_int_equal(at(c, 3 * 60 * MIN_MS), 1);
	assert_int_equal(at(c, 3 * 60 * MIN_MS + 10000), 0);
	assert_int_equal(fx_query_int(&c->f, UP_ALERTS), 1);
	assert_int_equal(fx_query_int(&c->f,
				      "SELECT count(*) FROM alert WHERE key = 'modem-down:m2'"
				      " AND raised_at IS NULL"),
			 1);
}

static void test_flap_raises_nothing(void **state)
{
	struct ctx *c = *state;
	long long base = 0;

	/* Down 50 s, up, down again: the hold starts anew, no alert at 70 s
	 * after the first drop; one at a minute after the second. */
	assert_int_equal(store_modem_connected(c->st, "m2", false, "unplugged"), 0);
	assert_int_equal(at(c, base), 0);
	assert_int_equal(at(c, base + 50000), 0);
	assert_int_equal(store_modem_connected(c->st, "m2", true, NULL), 0);
	assert_int_equal(at(c, base + 56000), 0);
	assert_int_equal(store_modem_connected(c->st, "m2", false, "unplugged"), 0);
	assert_int_equal(at(c, base + 62000), 0);
	assert_int_equal(at(c, base + 70000), 0);
	assert_int_equal(at(c, base + 62000 + MIN_MS - 1000), 0);
	assert_int_equal(fx_query_int(&c->f, DOWN_ALERTS), 0);
	assert_int_equal(at(c, base + 62000 + MIN_MS + 6000), 1);
	assert_int_equal(fx_query_int(&c->f, DOWN_ALERTS), 1);
	assert_int_equal(fx_query_int(&c->f, UP_ALERTS), 0); /* a flap is not a recovery */
}

static void test_sim_full_at_once(void **state)
{
	struct ctx *c = *state;
	long long base = 0;

	assert_int_equal(
	    fx_exec(&c->f,
		    "UPDATE modem_state SET sim_used = 45, sim_size = 50 WHERE modem = 'm1'"),
	    0);
	/* No hold for a full SIM: raised at the first check. */
	assert_int_equal(at(c, base), 1);
	assert_int_equal(fx_query_int(&c->f, "SELECT count(*) FROM outbound WHERE purpose = 'alert'"
					     " AND text LIKE '%SIM cua modem m1 da dung 90%'"),
			 1);
	assert_int_equal(at(c, base + 10000), 0);
	assert_int_equal(fx_exec(&c->f, "UPDATE modem_state SET sim_used = 5 WHERE modem = 'm1'"),
			 0);
	assert_int_equal(at(c, base + 20000), 1);
	assert_int_equal(fx_query_int(&c->f, "SELECT count(*) FROM outbound WHERE purpose = 'alert'"
					     " AND text LIKE '%SIM cua modem m1 con cho%'"),
			 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_modem_down_held_then_once, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_flap_raises_nothing, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_sim_full_at_once, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

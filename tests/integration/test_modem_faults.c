/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * No message can stop a modem: Gammu's own corpus of PDUs from real phones
 * (tests/data/gammu-at-sms.tsv) and a PDU that kills libgammu's decoder,
 * read through libgammu's real AT driver from the AT simulator.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"

#define CORPUS TIENGDAN_SOURCE_DIR "/tests/data/gammu-at-sms.tsv"
#define CORPUS_MAX 64
#define CONNECTED "SELECT connected FROM modem_state WHERE modem = 'm1'"
/* An SMS-DELIVER from +123 whose user data length (255 septets) passes
 * what the PDU holds: libgammu 1.42's decoder overflows a stack buffer
 * (the process aborts: stack smashing detected). */
#define CRASH_PDU_HEAD "000403912143000011203012345600FF"

struct corpus {
	char name[CORPUS_MAX][64];
	char *pdu[CORPUS_MAX];
	int n;
};

static void corpus_load(struct corpus *c)
{
	char line[2048];
	FILE *in = fopen(CORPUS, "r");

	assert_non_null(in);
	c->n = 0;
	while (fgets(line, sizeof(line), in) && c->n < CORPUS_MAX) {
		char *tab = strchr(line, '\t');
		if (line[0] == '#' || !tab)
			continue;
		*tab = '\0';
		tab[1 + strcspn(tab + 1, "\r\n")] = '\0';
		snprintf(c->name[c->n], sizeof(c->name[c->n]), "%.63s", line);
		c->pdu[c->n++] = strdup(tab + 1);
	}
	fclose(in);
}

static void corpus_free(struct corpus *c)
{
	for (int i = 0; i < c->n; i++)
		free(c->pdu[i]);
}

/* Locations of m1 either stored as a part or quarantined with a PDU. */
static const char accounted[] =
    "SELECT count(*) FROM (SELECT sim_location FROM inbound_part WHERE modem = 'm1'"
    " UNION SELECT location FROM quarantine WHERE modem = 'm1' AND state = 'undecodable'"
    " AND pdu IS NOT NULL)";

/* The quarantine as root sees it, sender and PDU opened (they are stored
 * sealed: the PDU names its sender, who may be a denunciator). */
static json_t *quarantine_json(struct fx *f)
{
	const char *const args[] = {"inbox", "--quarantined", "--json", NULL};
	struct fx_run r;
	json_t *rows;

	assert_int_equal(fx_console(f, NULL, NULL, &r, args), 0);
	assert_int_equal(r.status, 0);
	rows = json_loads(r.out, 0, NULL);
	fx_run_free(&r);
	assert_true(json_is_array(rows));
	return rows;
}

/* Field key of the row at SIM location, or "" (borrowed). */
static const char *q_field(const json_t *rows, int location, const char *key)
{
	size_t i;
	json_t *row;

	json_array_foreach(rows, i, row)
	{
		if (json_integer_value(json_object_get(row, "location")) == location) {
			const char *v = json_string_value(json_object_get(row, key));
			return v ? v : "";
		}
	}
	return "";
}

static void assert_reply_goes_out(struct fx *f, const char *text)
{
	char query[256];

	assert_int_equal(fx_exec(f,
				 "INSERT INTO outbound (recipient, text, created_at, updated_at)"
				 " VALUES ('+84912000777', 'Thong bao sau khi cach ly', 'x', 'x')"),
			 0);
	snprintf(query, sizeof(query),
		 "SELECT count(*) FROM outbound WHERE text = '%s' AND state = 'sent'"
		 " AND modem = 'm1'",
		 text);
	assert_true(fx_wait_int(f, query, 1, 20000));
}

static void test_gammu_corpus(void **state)
{
	const char *const quarantined[] = {"inbox", "--quarantined", "--json", NULL};
	struct corpus c;
	struct fx f;
	struct fx_run r;
	char query[2200];
	json_t *rows;
	int total;

	corpus_load(&c);
	assert_true(c.n >= 40);
	assert_int_equal(fx_setup_sim(&f, 1, NULL, NULL), 0);
	for (int i = 0; i < c.n; i++)
		assert_int_equal(fx_sim_put_pdu(&f, 0, i + 1, 1, c.pdu[i]), 0);
	/* An empty record ("00") amid them hid every later SMS. */
	assert_int_equal(fx_sim_put_pdu(&f, 0, c.n + 1, 1, "00"), 0);
	total = c.n + 1;
	assert_int_equal(fx_daemon_start(&f), 0);
	snprintf(query, sizeof(query), "%s = %d", accounted, total);
	if (!fx_wait_int(&f, query, 1, 60000))
		fprintf(stderr, "accounted for: %lld of %d\n", fx_query_int(&f, accounted), total);
	assert_int_equal(fx_query_int(&f, accounted), total);
	/* Each quarantined one keeps the PDU exactly as the modem gave it,
	 * sealed in the database, opened for an admin. */
	rows = quarantine_json(&f);
	for (int i = 0; i < c.n; i++) {
		snprintf(query, sizeof(query), "SELECT count(*) FROM quarantine WHERE pdu = '%s'",
			 c.pdu[i]);
		assert_int_equal(fx_query_int(&f, query), 0);
		if (strcmp(q_field(rows, i + 1, "pdu"), c.pdu[i]) == 0)
			continue;
		snprintf(query, sizeof(query),
			 "SELECT count(*) FROM inbound_part WHERE sim_location = %d", i + 1);
		if (fx_query_int(&f, query) < 1)
			fprintf(stderr, "%s: neither stored nor quarantined raw\n", c.name[i]);
		assert_true(fx_query_int(&f, query) >= 1);
	}
	assert_string_equal(q_field(rows, total, "pdu"), "00");
	assert_string_equal(q_field(rows, total, "error"), "an empty record");
	json_decref(rows);
	/* Gammu's failing corpus is refused by its decoder: quarantined. */
	assert_true(fx_query_int(&f, "SELECT count(*) FROM quarantine WHERE state ="
				     " 'undecodable'") >= 8);
	/* The SIM is empty, the modem never lost its link for it, and it
	 * still sends. */
	for (int i = 0; i < 100 && fx_sim_waiting(&f, 0) > 0; i++)
		fx_sleep_ms(100);
	assert_int_equal(fx_sim_waiting(&f, 0), 0);
	assert_false(fx_log_contains(&f, "modem link lost"));
	assert_false(fx_log_contains(&f, "previous worker died"));
	assert_int_equal(fx_query_int(&f, "SELECT restarts FROM modem_state"), 0);
	assert_reply_goes_out(&f, "Thong bao sau khi cach ly");
	/* The console shows them with their hex. */
	assert_int_equal(fx_console(&f, NULL, NULL, &r, quarantined), 0);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "\"pdu\": \"00\""));
	assert_non_null(strstr(r.out, c.pdu[c.n - 1]));
	fx_run_free(&r);
	/* One line in the log, not one per SMS. */
	assert_true(fx_log_contains(&f, "cannot be read"));
	assert_int_equal(fx_daemon_stop(&f), 0);
	fx_teardown(&f);
	corpus_free(&c);
}

static void test_decoder_killed(void **state)
{
	char crash[700];
	struct fx f;
	size_t n;

	snprintf(crash, sizeof(crash), "%s", CRASH_PDU_HEAD);
	for (n = strlen(crash); n + 2 < sizeof(crash) && n < strlen(CRASH_PDU_HEAD) + 500; n += 2)
		memcpy(crash + n, "41", 3);
	assert_int_equal(fx_setup_sim(&f, 1, NULL, NULL), 0);
	f.expect_crashes = true;
	assert_int_equal(fx_sim_put(&f, 0, "0913000001", "PA truoc tin hong", false, false), 0);
	assert_int_equal(fx_sim_put_pdu(&f, 0, 100, 1, crash), 0);
	assert_int_equal(fx_sim_put_pdu(&f, 0, 101, 1, "00"), 0);
	assert_int_equal(fx_daemon_start(&f), 0);
	assert_int_equal(fx_sim_put(&f, 0, "0913000002", "PA sau tin hong", false, false), 0);
	/* Three deaths, then the location is quarantined with its PDU and the
	 * sender its header names, and deleted. */
	assert_true(fx_wait_int(&f,
				"SELECT count(*) FROM quarantine WHERE state = 'undecodable'"
				" AND location = 100 AND attempts = 3"
				" AND error LIKE 'killed the worker%'",
				1, 90000));
	char query[900];
	json_t *rows = quarantine_json(&f);

	assert_string_equal(q_field(rows, 100, "sender"), "+123");
	assert_string_equal(q_field(rows, 100, "pdu"), crash);
	json_decref(rows);
	snprintf(query, sizeof(query),
		 "SELECT count(*) FROM quarantine WHERE pdu = '%s' OR sender = '+123'", crash);
	assert_int_equal(fx_query_int(&f, query), 0);
	assert_true(fx_wait_int(&f, "SELECT count(*) FROM inbound WHERE text LIKE 'PA % tin hong'",
				2, 20000));
	for (int i = 0; i < 100 && fx_sim_waiting(&f, 0) > 0; i++)
		fx_sleep_ms(100);
	assert_int_equal(fx_sim_waiting(&f, 0), 0);
	/* tiengdan modems shows the deaths. */
	assert_true(fx_query_int(&f, "SELECT restarts FROM modem_state") >= 3);
	assert_true(fx_query_int(&f, "SELECT count(*) FROM modem_state WHERE last_error LIKE"
				     " '%SIM location 100%'") == 1);
	/* Back to normal: receiving and sending on the same modem. */
	assert_true(fx_wait_int(&f, CONNECTED, 1, 20000));
	assert_int_equal(fx_sim_put(&f, 0, "0913000003", "PA sau khi cach ly", false, false), 0);
	assert_true(fx_wait_int(&f, "SELECT count(*) FROM inbound WHERE sender = '+84913000003'", 1,
				20000));
	assert_reply_goes_out(&f, "Thong bao sau khi cach ly");
	assert_int_equal(fx_query_int(&f, "SELECT reading FROM modem_state"), 0);
	assert_int_equal(fx_daemon_stop(&f), 0);
	fx_teardown(&f);
}

/* Unsolicited lines libgammu's AT driver does not know, at random moments
 * (between commands and right before answers), then a reboot of the modem
 * (its settings and PIN lost): nothing waits for the watchdog, nothing is
 * lost, replies go out once. */
static void test_unsolicited_noise(void **state)
{
	const char *const pin[] = {"pin = \"1234\";", NULL};
	const char noise[] = "pin 1234\nnoise +CIEV: 1,2\nnoise SMS Ready\n"
			     "noise +CTZV: 26/03/01,10:00:00,+28\nnoise ^SMMEMFULL: \"SM\"\n";
	char faults[sizeof(noise) + 16];
	struct fx f;

	assert_int_equal(fx_setup_sim(&f, 1, NULL, pin), 0);
	assert_int_equal(fx_sim_fault(&f, 0, noise), 0);
	assert_int_equal(fx_daemon_start(&f), 0);
	assert_true(fx_wait_int(&f, CONNECTED, 1, 10000));
	for (int i = 0; i < 6; i++) {
		char number[16];
		snprintf(number, sizeof(number), "091300010%d", i);
		assert_int_equal(fx_sim_put(&f, 0, number, "PA giua tieng on", false, false), 0);
		fx_sleep_ms(700);
	}
	assert_true(fx_wait_int(&f, "SELECT count(*) FROM inbound", 6, 20000));
	assert_true(
	    fx_wait_int(&f, "SELECT count(*) FROM outbound WHERE state = 'sent'", 6, 30000));
	assert_false(fx_log_contains(&f, "silent for"));
	assert_false(fx_log_contains(&f, "modem link lost"));
	assert_int_equal(fx_query_int(&f, "SELECT count(*) FROM outbound WHERE state = 'unknown'"),
			 0);
	assert_int_equal(fx_sim_sent(&f, 0), 6);
	/* The modem restarts: it is connected again (its PIN entered again)
	 * and an SMS put meanwhile is read. */
	snprintf(faults, sizeof(faults), "%sreboot\n", noise);
	assert_int_equal(fx_sim_fault(&f, 0, faults), 0);
	assert_true(fx_wait_log(&f, "the modem restarted", 15000));
	assert_int_equal(fx_sim_fault(&f, 0, noise), 0);
	assert_int_equal(
	    fx_sim_put(&f, 0, "0913000200", "PA sau khi modem khoi dong lai", false, false), 0);
	assert_true(fx_wait_int(&f, "SELECT count(*) FROM inbound WHERE sender = '+84913000200'", 1,
				20000));
	assert_true(fx_wait_int(&f, CONNECTED, 1, 10000));
	assert_reply_goes_out(&f, "Thong bao sau khi cach ly");
	assert_false(fx_log_contains(&f, "silent for"));
	assert_int_equal(fx_query_int(&f, "SELECT restarts FROM modem_state"), 0);
	assert_int_equal(fx_daemon_stop(&f), 0);
	fx_teardown(&f);
}

/* Count of lines of modem 0's AT log starting with prefix. */
static int sim_log_count(struct fx *f, const char *prefix)
{
	char path[4200], line[1024];
	FILE *in;
	int n = 0;

	snprintf(path, sizeof(path), "%s/log", f->modem[0]);
	in = fopen(path, "r");
	if (!in)
		return 0;
	while (fgets(line, sizeof(line), in))
		n += strncmp(line, prefix, strlen(prefix)) == 0;
	fclose(in);
	return n;
}

/* A wrong PIN is tried once per start of tiengdand, never until the SIM
 * locks, even when the worker restarts; a new start tries it once more. */
static void test_wrong_pin_once(void **state)
{
	const char *const pin[] = {"pin = \"9999\";", NULL};
	struct fx f;

	assert_int_equal(fx_setup_sim(&f, 1, NULL, pin), 0);
	assert_int_equal(fx_sim_fault(&f, 0, "pin 1234\n"), 0);
	assert_int_equal(fx_daemon_start(&f), 0);
	assert_true(fx_wait_log(&f, "refused the configured PIN", 15000));
	fx_sleep_ms(8000);
	assert_int_equal(sim_log_count(&f, "AT+CPIN=\"9999\""), 1);
	assert_int_equal(fx_query_int(&f, "SELECT count(*) FROM modem_state WHERE connected = 0"
					  " AND pin_refused = 1 AND last_error LIKE '%refused the"
					  " configured PIN%'"),
			 1);
	/* The worker dies: its successor does not try again. */
	pid_t worker;
	assert_int_equal(fx_worker_pids(&f, &worker, 1), 1);
	kill(worker, SIGKILL);
	assert_true(fx_wait_log(&f, "since tiengdand started: not connecting", 15000));
	fx_sleep_ms(3000);
	assert_int_equal(sim_log_count(&f, "AT+CPIN=\"9999\""), 1);
	assert_int_equal(fx_daemon_stop(&f), 0);
	/* The right PIN, a new start: connected. */
	assert_int_equal(fx_sim_fault(&f, 0, "pin 9999\n"), 0);
	assert_int_equal(fx_daemon_start(&f), 0);
	assert_true(fx_wait_int(&f, CONNECTED, 1, 15000));
	assert_int_equal(sim_log_count(&f, "AT+CPIN=\"9999\""), 2);
	assert_int_equal(fx_daemon_stop(&f), 0);
	fx_teardown(&f);
}

/* A modem that refuses to delete: the SMS is stored once, the modem keeps
 * its link and sends; the refusal is logged once. */
static void test_refused_delete(void **state)
{
	struct fx f;

	assert_int_equal(fx_setup_sim(&f, 1, NULL, NULL), 0);
	assert_int_equal(fx_sim_fault(&f, 0, "cmgd-error\n"), 0);
	assert_int_equal(fx_daemon_start(&f), 0);
	assert_true(fx_wait_int(&f, CONNECTED, 1, 10000));
	assert_int_equal(fx_sim_put(&f, 0, "0913000301", "PA xoa bi tu choi 1", false, false), 0);
	assert_true(fx_wait_int(&f, "SELECT count(*) FROM inbound", 1, 10000));
	assert_int_equal(fx_sim_put(&f, 0, "0913000302", "PA xoa bi tu choi 2", false, false), 0);
	assert_true(fx_wait_int(&f, "SELECT count(*) FROM inbound", 2, 10000));
	assert_true(
	    fx_wait_int(&f, "SELECT count(*) FROM outbound WHERE state = 'sent'", 2, 15000));
	fx_sleep_ms(2000);
	assert_int_equal(fx_query_int(&f, "SELECT count(*) FROM inbound_part"), 2);
	assert_int_equal(fx_sim_waiting(&f, 0), 2);
	assert_false(fx_log_contains(&f, "modem link lost"));
	assert_true(fx_log_contains(&f, "stays on the SIM"));
	assert_int_equal(fx_query_int(&f, "SELECT connected FROM modem_state"), 1);
	assert_int_equal(fx_daemon_stop(&f), 0);
	fx_teardown(&f);
}

/* The default balance_pattern reads what Vietnamese networks answer:
 * "12.345đ", "1,500,000 đồng" (UCS-2 over USSD). */
static void test_balance_words(void **state)
{
	const char *const modem[] = {"balance_code = \"*101#\";", NULL};
	struct fx f;

	assert_int_equal(fx_setup_sim(&f, 1, NULL, modem), 0);
	assert_int_equal(fx_sim_fault(&f, 0, "balance-say TKC: 12.345đ, KM1: 0đ\n"), 0);
	assert_int_equal(fx_daemon_start(&f), 0);
	assert_true(fx_wait_int(&f, "SELECT balance FROM modem_state", 12345, 15000));
	assert_int_equal(fx_daemon_stop(&f), 0);
	assert_int_equal(fx_sim_fault(&f, 0, "balance-say Tài khoản chính 1,500,000 đồng\n"), 0);
	assert_int_equal(fx_exec(&f, "DELETE FROM modem_request"), 0);
	assert_int_equal(fx_daemon_start(&f), 0);
	assert_true(fx_wait_int(&f, "SELECT balance FROM modem_state", 1500000, 15000));
	assert_int_equal(fx_daemon_stop(&f), 0);
	fx_teardown(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_balance_words),  cmocka_unit_test(test_refused_delete),
	    cmocka_unit_test(test_wrong_pin_once), cmocka_unit_test(test_unsolicited_noise),
	    cmocka_unit_test(test_gammu_corpus),   cmocka_unit_test(test_decoder_killed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

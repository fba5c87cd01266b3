/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The daemon against simulated AT modems (modemsim, started by libgammu's
 * proxyat connection, so libgammu's real AT driver, PDU codec, +CMTI and
 * +CUSD run): receiving through +CMTI (multipart, UCS-2) and deleting from
 * the SIM, sending, the PIN, USSD codes and menus from the console, and
 * each fault (send refused, hung, garbage, unplugged) with the ledger
 * checked afterwards; two modems, one unplugged, its traffic moving to the
 * other.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"

#define CONNECTED(m) "SELECT connected FROM modem_state WHERE modem = '" m "'"

static const char long_ucs2[] =
    "Phản ánh: đường liên thôn 4 bị sạt lở sau mưa lớn, xe máy không qua được, "
    "bà con phải đi vòng qua rẫy. Đề nghị xã cho người xem sớm.";
static const char long_gsm[] =
    "PA duong lien thon 4 bi sat lo sau mua lon, xe may khong qua duoc, ba con phai di "
    "vong qua ray hon 3 km. De nghi xa cho nguoi xem xet va sua chua som truoc mua mua.";

/* Zombie children of pid (simulators nobody reaped). */
static int zombies_of(int pid)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	int n = 0;

	while (d && (e = readdir(d))) {
		char path[300], state;
		int ppid;
		FILE *in;

		if (e->d_name[0] < '1' || e->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/stat", e->d_name);
		in = fopen(path, "r");
		if (!in)
			continue;
		if (fscanf(in, "%*d (%*[^)]) %c %d", &state, &ppid) == 2 && ppid == pid &&
		    state == 'Z')
			n++;
		fclose(in);
	}
	if (d)
		closedir(d);
	return n;
}

/* Every reply sent at most once and none left behind: the simulators'
 * sent PDUs against the ledger. */
static void check_ledger(struct fx *f)
{
	long long sent = fx_query_int(f, "SELECT count(*) FROM outbound WHERE state IN"
					 " ('sent', 'delivered')");
	long long unknown = fx_query_int(f, "SELECT count(*) FROM outbound WHERE state = 'unknown'");
	int lines = 0;

	for (int i = 0; i < f->n_modems; i++)
		lines += fx_sim_sent(f, i);
	assert_true(fx_wait_int(f, "SELECT count(*) FROM outbound WHERE state IN ('queued',"
				   " 'sending')",
				0, 20000));
	sent = fx_query_int(f, "SELECT count(*) FROM outbound WHERE state IN ('sent', 'delivered')");
	lines = 0;
	for (int i = 0; i < f->n_modems; i++)
		lines += fx_sim_sent(f, i);
	assert_true(lines >= sent);
	assert_true(lines <= sent + unknown);
}

static void test_receive_cmti_send(void **state)
{
	struct fx f;
	pid_t worker;

	assert_int_equal(fx_setup_sim(&f, 1, NULL, NULL), 0);
	assert_int_equal(fx_daemon_start(&f), 0);
	assert_true(fx_wait_int(&f, CONNECTED("m1"), 1, 10000));
	/* scan_interval is 60 s: only +CMTI can bring these in quickly. */
	assert_int_equal(fx_sim_put(&f, 0, "0912000001", "PA duong lien thon 4 bi sat lo", false,
				    false),
			 0);
	assert_int_equal(fx_sim_put(&f, 0, "0912000002", "Phản ánh: đèn đường thôn Pul hỏng",
				    true, false),
			 0);
	assert_int_equal(fx_sim_put(&f, 0, "0912000003", long_ucs2, true, true), 0);
	assert_int_equal(fx_sim_put(&f, 0, "0912000004", long_gsm, false, false), 0);
	assert_true(fx_wait_int(&f, "SELECT count(*) FROM inbound", 4, 8000));
	assert_int_equal(fx_count_inbound(&f, "+84912000001", "PA duong lien thon 4 bi sat lo"), 1);
	assert_int_equal(fx_count_inbound(&f, "+84912000002", "Phản ánh: đèn đường thôn Pul hỏng"),
			 1);
	assert_int_equal(fx_count_inbound(&f, "+84912000003", long_ucs2), 1);
	assert_int_equal(fx_count_inbound(&f, "+84912000004", long_gsm), 1);
	assert_int_equal(fx_query_int(&f, "SELECT count(*) FROM inbound_part"), 6);
	/* Deleted from the SIM once stored. */
	for (int i = 0; i < 50 && fx_sim_waiting(&f, 0) > 0; i++)
		fx_sleep_ms(100);
	assert_int_equal(fx_sim_waiting(&f, 0), 0);
	/* The replies went out through the modem, once each. */
	assert_true(fx_wait_int(&f, "SELECT count(*) FROM outbound WHERE state = 'sent'", 4, 10000));
	check_ledger(&f);
	assert_int_equal(fx_sim_sent(&f, 0), 4);
	assert_int_equal(fx_query_int(&f, "SELECT sent_today FROM modem_state"), 4);
	/* Status read from the modem; no simulator left a zombie. */
	assert_int_equal(fx_query_int(&f, "SELECT signal_percent FROM modem_state"), 60);
	assert_int_equal(fx_query_int(&f, "SELECT sim_size FROM modem_state"), 50);
	assert_int_equal(fx_worker_pids(&f, &worker, 1), 1);
	assert_int_equal(zombies_of(worker), 0);
	assert_int_equal(fx_daemon_stop(&f), 0);
	fx_teardown(&f);
}

static void run_console(struct fx *f, const char *const *args, int status, const char *want)
{
	struct fx_run r;

	assert_int_equal(fx_console(f, NULL, NULL, &r, args), 0);
	if (r.status != status || !strstr(r.out, want))
		fprintf(stderr, "console: status %d\n%s%s", r.status, r.out, r.err);
	assert_int_equal(r.status, status);
	assert_non_null(strstr(r.out, want));
	fx_run_free(&r);
}

static void test_pin_ussd_console(void **state)
{
	const char *const pin[] = {"pin = \"1234\";", NULL};
	const char *const ussd[] = {"modems", "ussd", "m1", "*101#", NULL};
	const char *const menu[] = {"modems", "ussd", "m1", "*100#", NULL};
	const char *const reply[] = {"modems", "ussd", "m1", "--reply", "2", NULL};
	const char *const list[] = {"--lang", "en", "modems", NULL};
	const char *const json[] = {"modems", "--json", NULL};
	const char *const nomodem[] = {"modems", "ussd", "m9", "*101#", NULL};
	struct fx f;

	assert_int_equal(fx_setup_sim(&f, 1, NULL, pin), 0);
	assert_int_equal(fx_sim_fault(&f, 0, "pin 1234\n"), 0);
	assert_int_equal(fx_daemon_start(&f), 0);
	assert_true(fx_wait_int(&f, CONNECTED("m1"), 1, 10000));
	assert_true(fx_wait_socket(&f, 5000));
	assert_true(fx_log_contains(&f, "SIM PIN entered"));
	run_console(&f, ussd, 0, "m1: Tai khoan goc: 50000d");
	run_console(&f, menu, 0, "m1: 1. Tai khoan 2. Khuyen mai\n(mạng chờ trả lời");
	run_console(&f, reply, 0, "Ban chon 2. Tai khoan goc: 50000d");
	run_console(&f, list, 0, "Connected");
	run_console(&f, json, 0, "\"signal_percent\": 60");
	run_console(&f, nomodem, 1, "");
	/* Every request and answer is stored, and audited. */
	assert_int_equal(fx_query_int(&f, "SELECT count(*) FROM modem_request WHERE state = 'done'"
					  " AND answer IS NOT NULL"),
			 3);
	assert_int_equal(fx_query_int(&f, "SELECT count(*) FROM modem_request WHERE"
					  " kind = 'ussd_reply' AND request = '2'"
					  " AND ussd_status = 'done'"),
			 1);
	assert_int_equal(fx_query_int(&f, "SELECT count(*) FROM audit WHERE action ="
					  " 'modems.ussd' AND outcome = 'allowed'"),
			 3);
	assert_int_equal(fx_daemon_stop(&f), 0);
	fx_teardown(&f);
}

/* Switches a fault on, waits for the daemon to notice (the modem is
 * disconnected or its worker killed), puts an SMS on the SIM meanwhile,
 * clears the fault and waits for the modem to come back. */
static void fault_cycle(struct fx *f, const char *fault, const char *number, long long *puts)
{
	char query[128];

	assert_int_equal(fx_sim_fault(f, 0, fault), 0);
	assert_true(fx_wait_int(f, CONNECTED("m1"), 0, 30000));
	assert_int_equal(fx_sim_put(f, 0, number, "PA trong luc modem hong", false, false), 0);
	(*puts)++;
	assert_int_equal(fx_sim_fault(f, 0, NULL), 0);
	assert_true(fx_wait_int(f, CONNECTED("m1"), 1, 30000));
	snprintf(query, sizeof(query), "SELECT count(*) FROM inbound WHERE sender = '+84%s'",
		 number + 1);
	assert_true(fx_wait_int(f, query, 1, 15000));
}

static void test_faults(void **state)
{
	struct fx f;
	long long puts = 0;

	assert_int_equal(fx_setup_sim(&f, 1, "send_retry_delay = 1;\nsend_retries = 3;", NULL), 0);
	assert_int_equal(fx_daemon_start(&f), 0);
	assert_true(fx_wait_int(&f, CONNECTED("m1"), 1, 10000));
	/* The network refuses a send: retried, sent once when it accepts. */
	assert_int_equal(fx_sim_fault(&f, 0, "cms-error 500\n"), 0);
	assert_int_equal(fx_exec(&f, "INSERT INTO outbound (recipient, text, created_at, updated_at)"
				     " VALUES ('+84912000099', 'Da nhan phan anh', 'x', 'x')"),
			 0);
	assert_true(fx_wait_int(&f, "SELECT count(*) FROM outbound WHERE state = 'queued'"
				    " AND attempts >= 1 AND error LIKE '%refused%'",
				1, 10000));
	assert_int_equal(fx_sim_sent(&f, 0), 0);
	assert_int_equal(fx_sim_fault(&f, 0, NULL), 0);
	assert_true(fx_wait_int(&f, "SELECT count(*) FROM outbound WHERE state = 'sent'", 1, 10000));
	assert_int_equal(fx_sim_sent(&f, 0), 1);
	/* Hung, garbage, unplugged: noticed, reconnected, nothing lost. */
	fault_cycle(&f, "hang\n", "0913000001", &puts);
	assert_true(fx_log_contains(&f, "silent for"));
	fault_cycle(&f, "garbage\n", "0913000002", &puts);
	fault_cycle(&f, "exit\n", "0913000003", &puts);
	assert_int_equal(fx_query_int(&f, "SELECT count(*) FROM inbound"), puts);
	assert_int_equal(fx_query_int(&f, "SELECT count(DISTINCT sender) FROM inbound"), puts);
	check_ledger(&f);
	assert_int_equal(fx_daemon_stop(&f), 0);
	fx_teardown(&f);
}

static void test_two_modems_failover(void **state)
{
	const char *const nets[] = {"network = \"viettel\";", "network = \"vinaphone\";"};
	struct fx f;

	assert_int_equal(fx_setup_sim(&f, 2, NULL, nets), 0);
	assert_int_equal(fx_sim_fault(&f, 0, "operator 45204\n"), 0);
	assert_int_equal(fx_sim_fault(&f, 1, "operator 45202\n"), 0);
	assert_int_equal(fx_daemon_start(&f), 0);
	assert_true(fx_wait_int(&f, "SELECT count(*) FROM modem_state WHERE connected = 1"
				    " AND operator IS NOT NULL",
				2, 10000));
	assert_int_equal(fx_query_int(&f, "SELECT count(*) FROM modem_state WHERE modem = 'm2'"
					  " AND operator = '452 02'"),
			 1);
	/* Replies go out on-net: Viettel numbers through m1, VinaPhone's
	 * through m2. */
	assert_int_equal(fx_exec(&f, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1"
				     " FROM n WHERE i < 10) INSERT INTO outbound (recipient, text,"
				     " created_at, updated_at) SELECT CASE WHEN i % 2 THEN"
				     " '+849600000' ELSE '+849100000' END || (10 + i),"
				     " 'Da nhan phan anh ' || i, 'x', 'x' FROM n"),
			 0);
	assert_true(fx_wait_int(&f, "SELECT count(*) FROM outbound WHERE state = 'sent'", 10, 10000));
	assert_int_equal(fx_query_int(&f, "SELECT count(*) FROM outbound WHERE modem = 'm1'"
					  " AND recipient GLOB '+8496*'"),
			 5);
	assert_int_equal(fx_query_int(&f, "SELECT count(*) FROM outbound WHERE modem = 'm2'"
					  " AND recipient GLOB '+8491*'"),
			 5);
	/* m1 is unplugged: its worker is killed, m2 carries the traffic,
	 * Viettel numbers included. */
	assert_int_equal(fx_sim_fault(&f, 0, "operator 45204\nexit\n"), 0);
	assert_true(fx_wait_log(&f, "silent for", 20000));
	assert_int_equal(fx_exec(&f, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1"
				     " FROM n WHERE i < 20) INSERT INTO outbound (recipient, text,"
				     " created_at, updated_at) SELECT '+8496200' || (1000 + i),"
				     " 'Thong bao hop thon ' || i, 'x', 'x' FROM n"),
			 0);
	assert_int_equal(fx_sim_put(&f, 1, "0914000001", "PA qua modem 2", false, false), 0);
	assert_true(fx_wait_int(&f, "SELECT count(*) FROM outbound WHERE modem = 'm2' AND"
				    " state = 'sent' AND text LIKE 'Thong bao%'",
				20, 20000));
	assert_true(fx_wait_int(&f, "SELECT count(*) FROM inbound WHERE modem = 'm2'", 1, 10000));
	/* m1 is plugged in again and comes back. */
	assert_int_equal(fx_sim_fault(&f, 0, "operator 45204\n"), 0);
	assert_true(fx_wait_int(&f, CONNECTED("m1"), 1, 30000));
	check_ledger(&f);
	assert_int_equal(fx_daemon_stop(&f), 0);
	fx_teardown(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_receive_cmti_send),
	    cmocka_unit_test(test_pin_ussd_console),
	    cmocka_unit_test(test_faults),
	    cmocka_unit_test(test_two_modems_failover),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The processor on the real daemon and dummy modems, with the seed
 * geography and village heads registered, on 2025-07-10 (the clock seam):
 * every sample message gets exactly the reply its command calls for, in
 * one GSM 7-bit segment; machines get no reply; duplicates and floods are
 * contained; a denunciation's number is nowhere in clear; and SIGKILL at
 * any moment loses nothing and repeats nothing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/code.h"
#include "core/gsm7.h"
#include "fixture.h"

#define SAMPLES TIENGDAN_SOURCE_DIR "/tests/data/sms-samples.tsv"
#define GEO_CSV TIENGDAN_SOURCE_DIR "/config/geo-damrong.csv"
#define TODAY "2025-07-10T09:00:00"

static struct fx fx;

/* Runs the console as root; asserts it succeeded. */
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
	console_ok((const char *const[]){"contacts", "add", "--phone", phone, "--name",
					 "Truong thon", "--village", village, "--role", role,
					 NULL});
}

static int setup(void **state)
{
	setenv("TIENGDAN_CLOCK", TODAY, 1);
	if (fx_setup(&fx, 1, "gateway_number = \"0912345678\";\nhourly_limit = 10;\n") < 0 ||
	    fx_daemon_start(&fx) < 0 || !fx_wait_socket(&fx, 10000))
		return -1;
	console_ok((const char *const[]){"units", "import", GEO_CSV, NULL});
	return 0;
}

static int teardown(void **state)
{
	fx_daemon_stop(&fx);
	fx_teardown(&fx);
	unsetenv("TIENGDAN_CLOCK");
	return 0;
}

/* The replies to the messages from number, joined by '\n' (caller frees);
 * for a sealed sender (a denunciation), the replies to the sealed message
 * with this text. */
static char *replies_to(const char *number, const char *text)
{
	char sql[1024], quoted[600], *q = quoted;
	char *r;

	snprintf(sql, sizeof(sql),
		 "SELECT group_concat(o.text, char(10)) FROM outbound o JOIN inbound i"
		 " ON o.inbound_id = i.id WHERE i.sender = '%s'",
		 number);
	r = fx_query_text(&fx, sql);
	if (r)
		return r;
	for (const char *p = text; *p && q < quoted + sizeof(quoted) - 3; p++) {
		if (*p == '\'')
			*q++ = '\'';
		*q++ = *p;
	}
	*q = '\0';
	snprintf(sql, sizeof(sql),
		 "SELECT group_concat(o.text, char(10)) FROM outbound o JOIN inbound i"
		 " ON o.inbound_id = i.id WHERE i.sealed = 1 AND i.text = '%s'",
		 quoted);
	return fx_query_text(&fx, sql);
}

/* ---------------------------------------------------------------- samples */

struct sample {
	char role[16];
	char text[256];
	char command[32];
	char fields[256];
	char number[32]; /* who texts it */
};

static size_t load_samples(struct sample *s, size_t max)
{
	FILE *in = fopen(SAMPLES, "r");
	char line[1024];
	size_t n = 0;

	assert_non_null(in);
	while (n < max && fgets(line, sizeof(line), in)) {
		char *cols[5] = {NULL}, *p = line;
		size_t k = 0;
		line[strcspn(line, "\n")] = '\0';
		cols[k++] = p;
		for (; *p && k < 5; p++)
			if (*p == '\t') {
				*p = '\0';
				cols[k++] = p + 1;
			}
		/* Rows read in context ("resident notice=TB1") need notices sent
		 * first: integration/test_conversation runs those. */
		if (k < 3 || strcmp(cols[0], "role") == 0 || strchr(cols[0], ' '))
			continue;
		snprintf(s[n].role, sizeof(s[n].role), "%.15s", cols[0]);
		snprintf(s[n].text, sizeof(s[n].text), "%.255s", cols[1]);
		snprintf(s[n].command, sizeof(s[n].command), "%.31s", cols[2]);
		snprintf(s[n].fields, sizeof(s[n].fields), "%.255s", k > 3 ? cols[3] : "");
		n++;
	}
	fclose(in);
	return n;
}

/* The beginning the reply to a sample must have. */
static const char *expected_start(const struct sample *s)
{
	static const struct {
		const char *command;
		const char *start;
	} table[] = {
	    {"feedback", "Da nhan phan anh. Ma: PA"},
	    {"complaint", "Da nhan khieu nai. Ma: KN"},
	    {"denunciation", "Da ghi nhan thong tin, ma TC"},
	    {"status", "Khong tim thay ma "}, /* no case has these codes */
	    {"ack", "Khong co thong bao "},   /* no notice exists yet */
	    {"vote", "Khong co bieu quyet "}, /* nor any poll */
	    {"register", "Da dang ky nhan tin cua thon "},
	    {"optout", "Da ngung gui tin"},
	    {"unclear", "PA <noi dung>: phan anh"}, /* chatter: the help reply */
	    {"meeting", "Da ghi nhan hop thon Pul "},
	    {"error", "Sai cu phap. Dung: HOP"},
	};

	/* A head's refused report: one reply per fault. */
	static const struct {
		const char *reason;
		const char *start;
	} faults[] = {
	    {"present>total", "Sai so ho: co mat ("},
	    {"date in the future", "Sai ngay hop: "},
	    {"more than 60 days", "Sai ngay hop: "},
	    {"invalid date", "Sai ngay hop: khong co ngay "},
	    {"total is zero", "Sai so ho: phai co it nhat 1 ho"},
	    {"nobody present", "Sai so ho: phai co it nhat 1 ho"},
	};

	if (strcmp(s->command, "error") == 0)
		for (size_t i = 0; i < sizeof(faults) / sizeof(faults[0]); i++)
			if (strstr(s->fields, faults[i].reason))
				return faults[i].start;
	if (strcmp(s->command, "status-error") == 0)
		return strstr(s->fields, "check digit") ? "Ma " : "Ma tra cuu khong hop le";
	if (strcmp(s->command, "help") == 0) {
		if (strstr(s->fields, "topic=TC"))
			return "TC khong ro";
		return strstr(s->fields, "topic=") ? "Cu phap: " : "PA <noi dung>: phan anh";
	}
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		if (strcmp(table[i].command, s->command) == 0)
			return table[i].start;
	fail_msg("no expectation for command %s", s->command);
	return NULL;
}

/* Checks the tracking code in reply after marker: valid check digit, its
 * prefix, and a case (or meeting) of that code in the database. */
static void check_code(const char *reply, const char *marker, const char *prefix, const char *table)
{
	const char *at = strstr(reply, marker);
	struct tracking_code code;
	char sql[256];

	assert_non_null(at);
	at += strlen(marker);
	assert_int_equal(code_parse(at, 9, &code), CODE_OK);
	assert_memory_equal(at, prefix, 2);
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM %s WHERE code = '%.9s'", table, at);
	assert_int_equal(fx_query_int(&fx, sql), 1);
}

static void test_samples(void **state)
{
	fx_need_hooks();
	static struct sample s[200];
	size_t n = load_samples(s, 200), cases = 0, heads = 0;
	char *lines = calloc(n, 300), *p = lines;
	char sql[128];

	assert_true(n > 120);
	for (size_t i = 0; i < n; i++) {
		if (strcmp(s[i].role, "resident") == 0) {
			snprintf(s[i].number, sizeof(s[i].number), "+8498700%04u",
				 (unsigned)(i % 10000));
		} else {
			/* Each head's report from a head (or deputy) of village 106. */
			snprintf(s[i].number, sizeof(s[i].number), "+8491100%04u",
				 (unsigned)(heads++ % 10000));
			add_contact(s[i].number, "106", s[i].role);
		}
		p += sprintf(p, "%s\t%s\n", s[i].number, s[i].text);
		cases += !strcmp(s[i].command, "feedback") || !strcmp(s[i].command, "complaint") ||
			 !strcmp(s[i].command, "denunciation");
	}
	assert_int_equal(fx_inject_lines(&fx, 0, lines, NULL), 0);
	free(lines);
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM inbound WHERE processed_at IS NOT NULL");
	assert_true(fx_wait_int(&fx, sql, (long long)n, 30000));
	assert_true(fx_wait_int(&fx, "SELECT count(*) FROM outbound WHERE state = 'sent'",
				(long long)n, 30000));

	for (size_t i = 0; i < n; i++) {
		char *reply = replies_to(s[i].number, s[i].text);
		const char *start = expected_start(&s[i]);
		if (!reply || strncmp(reply, start, strlen(start)) != 0)
			fail_msg("sample %zu (%s) \"%s\": reply \"%s\", expected \"%s...\"", i,
				 s[i].command, s[i].text, reply ? reply : "(none)", start);
		/* Exactly one reply, one GSM 7-bit segment. */
		assert_null(strchr(reply, '\n'));
		assert_true(gsm7_fits(reply));
		assert_true(gsm7_septets(reply) <= 160);
		if (!strcmp(s[i].command, "feedback"))
			check_code(reply, "Ma: ", "PA", "cases");
		if (!strcmp(s[i].command, "complaint"))
			check_code(reply, "Ma: ", "KN", "cases");
		if (!strcmp(s[i].command, "denunciation"))
			check_code(reply, ", ma ", "TC", "cases");
		if (!strcmp(s[i].command, "meeting"))
			check_code(reply, "Ma: ", "HT", "meeting");
		/* The example of a refused report is never the refused text. */
		if (!strcmp(s[i].command, "error") && strstr(reply, s[i].text))
			fail_msg("sample %zu: the example is what was sent: %s", i, reply);
		free(reply);
	}
	assert_int_equal(fx_query_int(&fx, "SELECT count(*) FROM cases"), (long long)cases);
	/* Registration by code and by name put the senders in their village. */
	assert_true(fx_query_int(&fx, "SELECT count(*) FROM contact WHERE source = 'sms'"
				      " AND village IN ('106', '107') AND opted_out = 0") >= 4);
	/* Deadlines in working days: received Thursday 2025-07-10, ten working
	 * days later is Thursday 2025-07-24. */
	assert_int_equal(fx_query_int(&fx, "SELECT count(*) FROM cases WHERE kind = 'feedback'"
					   " AND due_first != '2025-07-24'"),
			 0);
}

/* ---------------------------------------------------------------- machines */

static void test_no_reply_to_machines(void **state)
{
	fx_need_hooks();
	assert_int_equal(fx_inject(&fx, 0, "Viettel", "KM 50% the nap hom nay", NULL), 0);
	assert_int_equal(fx_inject(&fx, 0, "1234", "PA duong hong", NULL), 0);
	assert_int_equal(fx_inject(&fx, 0, "0987111000", "PA den duong hong", NULL), 0);
	assert_true(fx_wait_int(&fx, "SELECT count(*) FROM inbound WHERE processed_at IS NOT NULL",
				3, 20000));
	assert_int_equal(
	    fx_query_int(&fx, "SELECT count(*) FROM inbound WHERE outcome = 'no_reply'"), 2);
	/* Only the person got a reply (and a case). */
	assert_int_equal(fx_query_int(&fx, "SELECT count(*) FROM outbound"), 1);
	assert_int_equal(fx_query_int(&fx, "SELECT count(*) FROM outbound"
					   " WHERE recipient = '+84987111000'"),
			 1);
	assert_int_equal(fx_query_int(&fx, "SELECT count(*) FROM cases"), 1);
}

/* ---------------------------------------------------------------- limits */

/* SMSC time stamps half a minute apart. */
static const char *const at_first[] = {"--time", "20250710T020000", NULL};
static const char *const at_second[] = {"--time", "20250710T020030", NULL};

static void test_duplicate_and_flood(void **state)
{
	fx_need_hooks();
	char lines[4096], *p = lines;

	/* The same text twice: one case, one reply. */
	/* Sent twice half a minute apart (two SMS, not one read twice). */
	assert_int_equal(fx_inject(&fx, 0, "0987222000", "PA cau treo bi gay", at_first), 0);
	assert_int_equal(fx_inject(&fx, 0, "0987222000", "PA cau treo bi gay", at_second), 0);
	/* A flood of 30 different messages from one number. */
	for (int i = 0; i < 30; i++)
		p += sprintf(p, "0987333000\tPA tin so %d ve duong\n", i + 1);
	assert_int_equal(fx_inject_lines(&fx, 0, lines, NULL), 0);
	assert_true(fx_wait_int(&fx, "SELECT count(*) FROM inbound WHERE processed_at IS NOT NULL",
				32, 30000));
	assert_int_equal(fx_query_int(&fx, "SELECT count(*) FROM cases c JOIN inbound i ON"
					   " c.inbound_id = i.id WHERE i.sender = '+84987222000'"),
			 1);
	assert_int_equal(fx_query_int(&fx, "SELECT count(*) FROM inbound WHERE outcome ="
					   " 'duplicate' AND duplicate_of IS NOT NULL"),
			 1);
	assert_int_equal(fx_query_int(&fx, "SELECT count(*) FROM outbound"
					   " WHERE recipient = '+84987222000'"),
			 1);
	assert_int_equal(fx_query_int(&fx, "SELECT count(*) FROM cases c JOIN inbound i ON"
					   " c.inbound_id = i.id WHERE i.sender = '+84987333000'"),
			 10);
	assert_int_equal(fx_query_int(&fx, "SELECT count(*) FROM inbound WHERE sender ="
					   " '+84987333000' AND throttled = 1"),
			 20);
	assert_int_equal(fx_query_int(&fx,
				      "SELECT count(*) FROM outbound"
				      " WHERE recipient = '+84987333000' AND purpose = 'too_many'"),
			 1);
	assert_int_equal(fx_query_int(&fx, "SELECT count(*) FROM outbound"
					   " WHERE recipient = '+84987333000'"),
			 11);
}

/* ---------------------------------------------------------------- sealed */

/* True when the file contains needle. */
static bool file_contains(const char *path, const char *needle)
{
	FILE *in = fopen(path, "rb");
	size_t len = strlen(needle), n;
	char *buf;
	bool found = false;
	struct stat st;

	if (!in)
		return false;
	fstat(fileno(in), &st);
	buf = malloc((size_t)st.st_size + 1);
	n = fread(buf, 1, (size_t)st.st_size, in);
	for (size_t i = 0; i + len <= n && !found; i++)
		found = memcmp(buf + i, needle, len) == 0;
	free(buf);
	fclose(in);
	return found;
}

static void test_denunciation_sealed(void **state)
{
	fx_need_hooks();
	char wal[PATH_MAX + 8];

	assert_int_equal(
	    fx_inject(&fx, 0, "0987444555", "TOCAO can bo thu tien sai quy dinh", at_first), 0);
	assert_int_equal(
	    fx_inject(&fx, 0, "0987444555", "TOCAO can bo thu tien sai quy dinh", at_second), 0);
	assert_true(fx_wait_int(&fx,
				"SELECT count(*) FROM outbound WHERE confidential = 1 AND state ="
				" 'sent' AND recipient LIKE 'sealed:%'",
				1, 20000));
	assert_true(fx_wait_int(&fx, "SELECT count(*) FROM inbound WHERE processed_at IS NOT NULL",
				2, 20000));
	/* Both messages (the second a duplicate) are sealed, and the case. */
	assert_int_equal(fx_query_int(&fx, "SELECT count(*) FROM inbound WHERE sealed = 1"
					   " AND sender LIKE 'sealed:%'"),
			 2);
	assert_int_equal(fx_query_int(&fx, "SELECT count(*) FROM cases WHERE kind = 'denunciation'"
					   " AND sender LIKE 'sealed:%'"),
			 1);
	/* Sealed by the worker: the parts' sender_raw is a keyed value that
	 * only lets the same part be stored once. */
	assert_int_equal(fx_query_int(&fx, "SELECT count(*) FROM inbound_part WHERE sender NOT LIKE"
					   " 'sealed:%' OR sender_raw NOT LIKE 'tag:%' OR sealed <> 1"),
			 0);
	/* Staff resend the reply as if its fate were unknown: it goes to the
	 * right phone and is sealed again once sent. */
	{
		char id[32], sql[160];
		snprintf(id, sizeof(id), "%lld",
			 fx_query_int(&fx, "SELECT id FROM outbound WHERE confidential = 1"));
		snprintf(sql, sizeof(sql), "UPDATE outbound SET state = 'unknown' WHERE id = %s",
			 id);
		assert_int_equal(fx_exec(&fx, sql), 0);
		console_ok((const char *const[]){"outbox", "resend", id, NULL});
		snprintf(sql, sizeof(sql),
			 "SELECT count(*) FROM outbound WHERE id = %s AND state = 'sent'"
			 " AND attempts = 1 AND recipient LIKE 'sealed:%%'",
			 id);
		assert_true(fx_wait_int(&fx, sql, 1, 20000));
	}
	assert_int_equal(fx_daemon_stop(&fx), 0);
	assert_int_equal(fx_exec(&fx, "PRAGMA wal_checkpoint(TRUNCATE)"), 0);
	snprintf(wal, sizeof(wal), "%s-wal", fx.db);
	for (int i = 0; i < 3; i++) {
		const char *path = i == 0 ? fx.db : i == 1 ? wal : fx.log;
		if (file_contains(path, "987444555"))
			fail_msg("the number is in clear in %s", path);
	}
	assert_int_equal(fx_daemon_start(&fx), 0);
}

/* ---------------------------------------------------------------- kills */

static void test_killed_while_processing(void **state)
{
	fx_need_hooks();
	enum { N = 1000, CHUNK = 100 };
	char *lines = malloc(CHUNK * 80);
	int expect_cases = 0;

	srand(7);
	for (int c = 0; c < N / CHUNK; c++) {
		char *p = lines;
		for (int i = c * CHUNK; i < (c + 1) * CHUNK; i++) {
			/* Mostly feedback; some help and status queries. */
			if (i % 10 == 3) {
				p += sprintf(p, "09880%05d\tHD\n", i);
			} else if (i % 10 == 7) {
				p += sprintf(p, "09880%05d\tTT PA4829138\n", i);
			} else {
				p += sprintf(p, "09880%05d\tPA phan anh so %d ve duong\n", i, i);
				expect_cases++;
			}
		}
		assert_int_equal(fx_inject_lines(&fx, 0, lines, NULL), 0);
		fx_sleep_ms(rand() % 400);
		fx_daemon_kill(&fx);
		assert_int_equal(fx_daemon_start(&fx), 0);
	}
	free(lines);
	assert_true(fx_wait_int(&fx, "SELECT count(*) FROM inbound WHERE processed_at IS NOT NULL",
				N, 120000));
	assert_int_equal(fx_query_int(&fx, "SELECT count(*) FROM inbound"), N);
	assert_int_equal(fx_query_int(&fx, "SELECT count(*) FROM cases"), expect_cases);
	assert_int_equal(fx_query_int(&fx, "SELECT count(*) FROM inbound WHERE outcome = 'error'"),
			 0);
	/* One reply per message, each queued once. */
	assert_int_equal(fx_query_int(&fx, "SELECT count(*) FROM outbound"), N);
	assert_int_equal(fx_query_int(&fx, "SELECT count(*) FROM (SELECT inbound_id FROM outbound"
					   " GROUP BY inbound_id HAVING count(*) > 1)"),
			 0);
	/* Never sent twice: every reply was handed to a modem at most once,
	 * and each ends sent or, if a kill hid its result, unknown. */
	assert_true(fx_wait_int(
	    &fx, "SELECT count(*) FROM outbound WHERE state IN ('sent', 'unknown')", N, 60000));
	assert_int_equal(fx_query_int(&fx, "SELECT count(*) FROM outbound WHERE attempts > 1"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_samples, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_no_reply_to_machines, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_duplicate_and_flood, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_denunciation_sealed, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_killed_while_processing, setup, teardown),
	};

	if (getenv("TEST_FILTER"))
		cmocka_set_test_filter(getenv("TEST_FILTER"));
	return cmocka_run_group_tests(tests, NULL, NULL);
}

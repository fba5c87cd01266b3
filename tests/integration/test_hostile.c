/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The hostile input corpus (tests/data/hostile/) texted to the real daemon:
 * each input has a stated outcome — stored, answered or refused with a
 * reason — and the daemon keeps serving. Nothing crashes, nothing is lost.
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

#include "core/gsm7.h"
#include "fixture.h"

#define HOSTILE TIENGDAN_SOURCE_DIR "/tests/data/hostile/"

enum mode { TEXT, PARTS, BINARY, STATUS_REPORT, STORED_ROW };

/* One input and what must become of it. */
static const struct hostile {
	const char *name;
	enum mode mode;
	const char *file;   /* under tests/data/hostile/, NULL: none */
	const char *sender; /* as the phone network gives it */
	const char *outcome;
	int replies;	   /* SMS queued in answer */
	int cases;	   /* cases opened */
	const char *reply; /* the reply's beginning, when there is one */
} inputs[] = {
    {"SQL in the text", TEXT, "sql.txt", "0987100001", "case", 1, 1, "Da nhan phan anh"},
    {"format directives", TEXT, "format.txt", "0987100002", "case", 1, 1, "Da nhan phan anh"},
    {"control characters", TEXT, "control.txt", "0987100003", "case", 1, 1, "Da nhan phan anh"},
    {"an overlong keyword", TEXT, "long-keyword.txt", "0987100004", "case", 1, 1,
     "Da nhan phan anh"},
    {"a 54-part message", PARTS, "54-parts.txt", "0987100005", "case", 1, 1, "Da nhan phan anh"},
    {"whitespace only", TEXT, "whitespace.txt", "0987100006", "answered", 1, 0, "PA <noi dung>"},
    {"an empty message", TEXT, "empty.txt", "0987100007", "answered", 1, 0, "PA <noi dung>"},
    {"a WAP push from a short code", BINARY, "wap-push.hex", "9191", "not_text", 0, 0, NULL},
    {"8-bit data from a phone", BINARY, "binary.hex", "0987100008", "not_text", 0, 0, NULL},
    {"an operator's promotion", TEXT, "format.txt", "Viettel", "no_reply", 0, 0, NULL},
    {"a delivery report for no message", STATUS_REPORT, NULL, "0987100009", NULL, 0, 0, NULL},
    {"invalid UTF-8 in a stored row", STORED_ROW, "invalid-utf8.bin", "+84987100010", "case", 1, 1,
     "Da nhan phan anh"},
};

#define N_INPUTS (sizeof(inputs) / sizeof(inputs[0]))

static struct fx fx;

static int setup(void **state)
{
	setenv("TIENGDAN_CLOCK", "2025-07-10T09:00:00", 1);
	if (fx_setup(&fx, 1, "gateway_number = \"0912345678\";\n") < 0 ||
	    fx_daemon_start(&fx) < 0 || !fx_wait_socket(&fx, 10000))
		return -1;
	return 0;
}

static int teardown(void **state)
{
	fx_daemon_stop(&fx);
	fx_teardown(&fx);
	unsetenv("TIENGDAN_CLOCK");
	return 0;
}

/* Reads a corpus file (caller frees); *len its length. */
static char *read_file(const char *name, size_t *len)
{
	char path[PATH_MAX];
	FILE *in;
	char *buf = calloc(1, 16384);

	snprintf(path, sizeof(path), HOSTILE "%s", name);
	in = fopen(path, "rb");
	assert_non_null(in);
	*len = fread(buf, 1, 16383, in);
	fclose(in);
	return buf;
}

/* Hex of n bytes (caller frees). */
static char *hex(const char *data, size_t n)
{
	char *out = calloc(1, n * 2 + 1);

	for (size_t i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", (unsigned char)data[i]);
	return out;
}

static void send_input(const struct hostile *h)
{
	size_t len = 0;
	char *data = h->file ? read_file(h->file, &len) : NULL;

	switch (h->mode) {
	case TEXT:
		assert_int_equal(fx_inject(&fx, 0, h->sender, data, NULL), 0);
		break;
	case PARTS: {
		/* 153 GSM characters a part, each part its own SMS. */
		size_t n = (len + 152) / 153;
		for (size_t i = 0; i < n; i++) {
			char part[48], chunk[160];
			const char *opts[] = {"--part", part, "--ref", "77", NULL};
			snprintf(part, sizeof(part), "%zu/%zu", i + 1, n);
			snprintf(chunk, sizeof(chunk), "%.153s", data + i * 153);
			assert_int_equal(fx_inject(&fx, 0, h->sender, chunk, opts), 0);
		}
		assert_int_equal(n, 54);
		break;
	}
	case BINARY: {
		data[strcspn(data, "\n")] = '\0';
		const char *opts[] = {"--binary", data, NULL};
		assert_int_equal(fx_inject(&fx, 0, h->sender, NULL, opts), 0);
		break;
	}
	case STATUS_REPORT: {
		const char *opts[] = {"--status-report", "77", NULL};
		assert_int_equal(fx_inject(&fx, 0, h->sender, "Delivered", opts), 0);
		break;
	}
	case STORED_ROW: {
		/* Bytes no modem path produces (the workers replace invalid
		 * UTF-8), as an old or damaged row would hold them. */
		char *x = hex(data, len), sql[512];
		snprintf(sql, sizeof(sql),
			 "INSERT INTO inbound (modem, sender, sender_raw, text, received_at,"
			 " invalid_utf8) VALUES ('m1', '%s', '%s', CAST(X'%s' AS TEXT),"
			 " '2025-07-10T02:00:00.000Z', 1)",
			 h->sender, h->sender, x);
		assert_int_equal(fx_exec(&fx, sql), 0);
		free(x);
		break;
	}
	}
	free(data);
}

static void test_corpus(void **state)
{
	char sql[512];

	for (size_t i = 0; i < N_INPUTS; i++)
		send_input(&inputs[i]);
	/* All stored, then all handled (slowly under valgrind). */
	assert_true(fx_wait_int(&fx, "SELECT count(*) FROM inbound", (long long)N_INPUTS, 120000));
	assert_true(
	    fx_wait_int(&fx, "SELECT count(*) FROM inbound WHERE processed_at IS NULL", 0, 120000));
	for (size_t i = 0; i < N_INPUTS; i++) {
		const struct hostile *h = &inputs[i];
		char number[32], *reply;
		long long n;

		if (h->mode == STATUS_REPORT) {
			snprintf(sql, sizeof(sql),
				 "SELECT count(*) FROM inbound WHERE kind = 'status_report'"
				 " AND processed_at IS NOT NULL");
			assert_int_equal(fx_query_int(&fx, sql), 1);
			continue;
		}
		snprintf(number, sizeof(number), "%s%s",
			 h->sender[0] == '0' && strlen(h->sender) == 10 ? "+84" : "",
			 h->sender[0] == '0' && strlen(h->sender) == 10 ? h->sender + 1
									: h->sender);
		snprintf(sql, sizeof(sql), "SELECT outcome FROM inbound WHERE sender = '%s'",
			 number);
		reply = fx_query_text(&fx, sql);
		if (!reply || strcmp(reply, h->outcome) != 0)
			fail_msg("%s: outcome %s, expected %s", h->name, reply ? reply : "(none)",
				 h->outcome);
		free(reply);
		snprintf(sql, sizeof(sql), "SELECT count(*) FROM outbound WHERE recipient = '%s'",
			 number);
		if ((n = fx_query_int(&fx, sql)) != h->replies)
			fail_msg("%s: %lld replies, expected %d", h->name, n, h->replies);
		snprintf(sql, sizeof(sql),
			 "SELECT count(*) FROM cases c JOIN inbound i ON c.inbound_id = i.id"
			 " WHERE i.sender = '%s'",
			 number);
		if ((n = fx_query_int(&fx, sql)) != h->cases)
			fail_msg("%s: %lld cases, expected %d", h->name, n, h->cases);
		if (!h->reply)
			continue;
		snprintf(sql, sizeof(sql), "SELECT text FROM outbound WHERE recipient = '%s'",
			 number);
		reply = fx_query_text(&fx, sql);
		assert_non_null(reply);
		if (strncmp(reply, h->reply, strlen(h->reply)) != 0)
			fail_msg("%s: reply \"%s\"", h->name, reply);
		assert_true(gsm7_fits(reply) && gsm7_septets(reply) <= 160);
		free(reply);
	}
	/* The 54 parts became one message; the SQL is text, not a command. */
	assert_int_equal(
	    fx_query_int(&fx, "SELECT parts FROM inbound WHERE sender = '+84987100005'"), 54);
	assert_int_equal(fx_query_int(&fx, "SELECT count(*) FROM cases WHERE text LIKE '%DROP TABLE"
					   " cases%'"),
			 1);
	assert_int_equal(fx_query_int(&fx, "SELECT count(*) FROM cases WHERE text LIKE"
					   " '%\\%s\\%s\\%n%' ESCAPE '\\'"),
			 1);
	/* The delivery report for no message changed no outbound row. */
	assert_int_equal(
	    fx_query_int(&fx, "SELECT count(*) FROM outbound WHERE state = 'delivered'"), 0);
	/* And the daemon still serves. */
	assert_int_equal(kill(fx.daemon, 0), 0);
	assert_int_equal(fx_inject(&fx, 0, "0987100011", "PA sau tat ca", NULL), 0);
	assert_true(fx_wait_int(&fx,
				"SELECT count(*) FROM outbound WHERE recipient ="
				" '+84987100011'",
				1, 20000));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_corpus, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

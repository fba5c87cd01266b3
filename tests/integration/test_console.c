/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The staff console against the real daemon: the seed geography imported
 * and rolled up, contacts added, edited, listed, imported and removed,
 * messages seen, roles enforced for other unix users, every request in the
 * append-only audit, and a socket that survives garbage.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "fixture.h"

#define GEO_CSV TIENGDAN_SOURCE_DIR "/config/geo-damrong.csv"
#define EXTRA                                                                                      \
	"socket_group = \"nogroup\";\n"                                                            \
	"users = ( { user = \"nobody\"; role = \"viewer\"; } );\n"

/* Runs the console as root (user NULL) or another user; asserts it ran. */
#define RUN(f, user, r, ...)                                                                       \
	assert_int_equal(                                                                          \
	    fx_console((f), (user), NULL, (r), (const char *const[]){__VA_ARGS__, NULL}), 0)

static struct fx fx;

static int setup(void **state)
{
	if (fx_setup(&fx, 1, EXTRA) < 0 || fx_daemon_start(&fx) < 0)
		return -1;
	return fx_wait_socket(&fx, 10000) ? 0 : -1;
}

static int teardown(void **state)
{
	assert_int_equal(fx_daemon_stop(&fx), 0);
	fx_teardown(&fx);
	return 0;
}

/* Parses the console's --json output; asserts it is JSON. */
static json_t *parse_json(const char *text)
{
	json_error_t err;
	json_t *j = json_loads(text, 0, &err);

	if (!j)
		fail_msg("not JSON (%s): %s", err.text, text);
	return j;
}

/* The object of array rows whose field key is value, or NULL. */
static json_t *find_row(json_t *rows, const char *key, const char *value)
{
	size_t i;
	json_t *row;

	json_array_foreach(rows, i, row)
	{
		const char *s = json_string_value(json_object_get(row, key));
		if (s && strcmp(s, value) == 0)
			return row;
	}
	return NULL;
}

/* Data lines of a CSV file (one record per line, no quoted newlines). */
static size_t csv_records(const char *path)
{
	FILE *in = fopen(path, "r");
	char line[1024];
	size_t n = 0;

	assert_non_null(in);
	while (fgets(line, sizeof(line), in))
		if (line[0] != '\n')
			n++;
	fclose(in);
	return n - 1;
}

static void import_geography(void)
{
	struct fx_run r;

	RUN(&fx, NULL, &r, "units", "import", GEO_CSV);
	assert_int_equal(r.status, 0);
	fx_run_free(&r);
}

/* ---------------------------------------------------------------- units */

static void test_units_roll_up(void **state)
{
	struct fx_run r;
	json_t *j, *old, *now;
	char expect[32];

	import_geography();
	/* Every unit of the file, and importing again changes nothing. */
	RUN(&fx, NULL, &r, "--json", "units", "list", "--all");
	assert_int_equal(r.status, 0);
	j = parse_json(r.out);
	assert_int_equal(json_array_size(j), csv_records(GEO_CSV));
	json_decref(j);
	fx_run_free(&r);
	RUN(&fx, NULL, &r, "units", "import", GEO_CSV);
	snprintf(expect, sizeof(expect), "%zu", csv_records(GEO_CSV));
	assert_non_null(strstr(r.out, expect));
	fx_run_free(&r);
	assert_int_equal(fx_query_int(&fx, "SELECT count(*) FROM unit"), csv_records(GEO_CSV));

	/* In 2024 the eight old communes were in force, not the new four. */
	RUN(&fx, NULL, &r, "--json", "units", "list", "--at", "2024-06-01");
	old = parse_json(r.out);
	fx_run_free(&r);
	RUN(&fx, NULL, &r, "--json", "units", "list", "--at", "2025-07-10");
	now = parse_json(r.out);
	fx_run_free(&r);
	assert_non_null(find_row(old, "code", "DAKNANG"));
	assert_null(find_row(old, "code", "DR1"));
	assert_non_null(find_row(now, "code", "DR1"));
	assert_null(find_row(now, "code", "DAKNANG"));
	json_decref(old);
	json_decref(now);

	/* Old communes and their villages roll up to the new commune. */
	RUN(&fx, NULL, &r, "--json", "units", "show", "DAKNANG");
	j = parse_json(r.out);
	assert_string_equal(json_string_value(json_object_get(j, "current")), "DR1");
	json_decref(j);
	fx_run_free(&r);
	RUN(&fx, NULL, &r, "--json", "units", "show", "DAKNANG.PANGPA");
	j = parse_json(r.out);
	assert_string_equal(json_string_value(json_object_get(j, "current")), "110");
	assert_string_equal(json_string_value(json_object_get(j, "commune")), "DR1");
	json_decref(j);
	fx_run_free(&r);
	RUN(&fx, NULL, &r, "--json", "units", "show", "DR1");
	j = parse_json(r.out);
	assert_non_null(find_row(json_object_get(j, "predecessors"), "code", "DAKNANG"));
	assert_non_null(find_row(json_object_get(j, "predecessors"), "code", "PHILIENG"));
	json_decref(j);
	fx_run_free(&r);

	/* The table form, in Vietnamese and in English. */
	RUN(&fx, NULL, &r, "units", "show", "DAKNANG");
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "Tính vào đơn vị"));
	assert_non_null(strstr(r.out, "Đạ K'Nàng"));
	fx_run_free(&r);
	RUN(&fx, NULL, &r, "--lang", "en", "units", "show", "DAKNANG");
	assert_non_null(strstr(r.out, "Counts under"));
	fx_run_free(&r);
	RUN(&fx, NULL, &r, "units", "show", "NOWHERE");
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.err, "NOWHERE"));
	fx_run_free(&r);
}

/* ---------------------------------------------------------------- contacts */

static void test_contacts(void **state)
{
	struct fx_run r;
	json_t *j, *row;
	char path[PATH_MAX];
	FILE *out;

	import_geography();
	RUN(&fx, NULL, &r, "contacts", "add", "--phone", "0912 345 678", "--name", "Nguyễn Văn A",
	    "--village", "106", "--role", "head", "--household", "yes");
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "+84912345678"));
	fx_run_free(&r);

	/* Table form: aligned columns with the village's name. */
	RUN(&fx, NULL, &r, "contacts", "list");
	assert_non_null(strstr(r.out, "Số điện thoại"));
	assert_non_null(strstr(r.out, "Nguyễn Văn A"));
	assert_non_null(strstr(r.out, "Pul"));
	fx_run_free(&r);

	RUN(&fx, NULL, &r, "contacts", "edit", "--phone", "+84912345678", "--name", "Nguyễn Văn B");
	assert_int_equal(r.status, 0);
	fx_run_free(&r);
	RUN(&fx, NULL, &r, "--json", "contacts", "list", "--village", "106", "--role", "head");
	j = parse_json(r.out);
	assert_int_equal(json_array_size(j), 1);
	row = json_array_get(j, 0);
	assert_string_equal(json_string_value(json_object_get(row, "name")), "Nguyễn Văn B");
	assert_string_equal(json_string_value(json_object_get(row, "commune")), "DR1");
	assert_int_equal(json_integer_value(json_object_get(row, "household")), 1);
	json_decref(j);
	fx_run_free(&r);

	/* Refusals: a duplicate, an old village, a bad phone, a bad role. */
	RUN(&fx, NULL, &r, "contacts", "add", "--phone", "0912345678", "--name", "X", "--village",
	    "106");
	assert_int_equal(r.status, 1);
	fx_run_free(&r);
	RUN(&fx, NULL, &r, "contacts", "add", "--phone", "0912000001", "--name", "X", "--village",
	    "DAKNANG.PANGPA");
	assert_int_equal(r.status, 1);
	fx_run_free(&r);
	RUN(&fx, NULL, &r, "contacts", "add", "--phone", "Viettel", "--name", "X", "--village",
	    "106");
	assert_int_equal(r.status, 1);
	fx_run_free(&r);
	RUN(&fx, NULL, &r, "contacts", "add", "--phone", "0912000002", "--name", "X", "--village",
	    "106", "--role", "chief");
	assert_int_equal(r.status, 1);
	fx_run_free(&r);
	RUN(&fx, NULL, &r, "contacts", "add", "--phone");
	assert_int_equal(r.status, 2);
	fx_run_free(&r);

	/* Import: a good file adds every row; a bad one adds nothing and
	 * names its line. */
	snprintf(path, sizeof(path), "%s/contacts.csv", fx.dir);
	out = fopen(path, "w");
	fputs("phone,name,village,role,household,opted_out\n"
	      "0987000001,\"Lê Thị C, con\",101,resident,yes,no\n"
	      "0987000002,Hoàng Văn D,102,deputy,no,no\n"
	      "0987000003,K'Brơi E,106,resident,yes,yes\n",
	      out);
	fclose(out);
	RUN(&fx, NULL, &r, "contacts", "import", path);
	assert_int_equal(r.status, 0);
	fx_run_free(&r);
	assert_int_equal(fx_query_int(&fx, "SELECT count(*) FROM contact"), 4);
	out = fopen(path, "w");
	fputs("phone,name,village,role\n0987000009,F,101,resident\nnot-a-phone,G,101,resident\n",
	      out);
	fclose(out);
	RUN(&fx, NULL, &r, "--lang", "en", "contacts", "import", path);
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.err, "line 3"));
	fx_run_free(&r);
	assert_int_equal(fx_query_int(&fx, "SELECT count(*) FROM contact"), 4);

	/* CSV output for scripts. */
	RUN(&fx, NULL, &r, "--csv", "contacts", "list", "--village", "101");
	assert_non_null(strstr(r.out, "phone,name"));
	assert_non_null(strstr(r.out, "\"Lê Thị C, con\""));
	fx_run_free(&r);

	RUN(&fx, NULL, &r, "contacts", "remove", "0912345678");
	assert_int_equal(r.status, 0);
	fx_run_free(&r);
	RUN(&fx, NULL, &r, "contacts", "remove", "0912345678");
	assert_int_equal(r.status, 1);
	fx_run_free(&r);
	assert_int_equal(fx_query_int(&fx, "SELECT count(*) FROM contact "
					   "WHERE phone = '+84912345678'"),
			 0);
}

/* ---------------------------------------------------------------- messages */

static void test_messages(void **state)
{
	struct fx_run r;
	json_t *j;
	long long id;
	char sql[256], idtext[32];

	assert_int_equal(fx_inject(&fx, 0, "0987654321", "PA duong thon 4 hong", NULL), 0);
	assert_int_equal(fx_inject(&fx, 0, "0912999888", "Hỏi về lịch họp thôn", NULL), 0);
	assert_true(fx_wait_int(&fx, "SELECT count(*) FROM inbound", 2, 20000));

	RUN(&fx, NULL, &r, "--json", "messages");
	j = parse_json(r.out);
	assert_non_null(find_row(j, "text", "PA duong thon 4 hong"));
	assert_non_null(find_row(j, "text", "Hỏi về lịch họp thôn"));
	json_decref(j);
	fx_run_free(&r);
	RUN(&fx, NULL, &r, "--json", "messages", "--from", "0987 654 321");
	j = parse_json(r.out);
	/* That number's message, and nobody else's (its reply may be there). */
	assert_non_null(find_row(j, "text", "PA duong thon 4 hong"));
	assert_null(find_row(j, "text", "Hỏi về lịch họp thôn"));
	for (size_t k = 0; k < json_array_size(j); k++)
		assert_string_equal(
		    json_string_value(json_object_get(json_array_get(j, k), "number")),
		    "+84987654321");
	json_decref(j);
	fx_run_free(&r);
	RUN(&fx, NULL, &r, "messages");
	assert_non_null(strstr(r.out, "Hỏi về lịch họp thôn"));
	fx_run_free(&r);
	/* Both handled by the processor: none left unprocessed, both in the
	 * inbox, and the replies among the messages. */
	assert_true(fx_wait_int(&fx, "SELECT count(*) FROM inbound WHERE processed_at IS NOT NULL",
				2, 20000));
	RUN(&fx, NULL, &r, "--json", "inbox", "--unprocessed");
	j = parse_json(r.out);
	assert_int_equal(json_array_size(j), 0);
	json_decref(j);
	fx_run_free(&r);
	RUN(&fx, NULL, &r, "--json", "inbox");
	j = parse_json(r.out);
	assert_int_equal(json_array_size(j), 2);
	json_decref(j);
	fx_run_free(&r);
	RUN(&fx, NULL, &r, "--json", "messages", "--from", "0987654321");
	j = parse_json(r.out);
	assert_non_null(find_row(j, "dir", "out"));
	json_decref(j);
	fx_run_free(&r);

	/* A reply whose fate is unknown can be sent again, once asked. */
	assert_int_equal(fx_exec(&fx, "INSERT INTO outbound (recipient, text, state, created_at, "
				      "updated_at) VALUES ('+84987654321', 'Da nhan', 'unknown', "
				      "'2025-07-10T01:00:00.000Z', '2025-07-10T01:00:00.000Z')"),
			 0);
	id = fx_query_int(&fx, "SELECT max(id) FROM outbound");
	RUN(&fx, NULL, &r, "--json", "outbox", "--unknown");
	j = parse_json(r.out);
	assert_int_equal(json_array_size(j), 1);
	json_decref(j);
	fx_run_free(&r);
	snprintf(idtext, sizeof(idtext), "%lld", id);
	RUN(&fx, NULL, &r, "outbox", "resend", idtext);
	assert_int_equal(r.status, 0);
	fx_run_free(&r);
	snprintf(sql, sizeof(sql), "SELECT state = 'sent' FROM outbound WHERE id = %lld", id);
	assert_true(fx_wait_int(&fx, sql, 1, 20000));
	/* Sent now: resending is refused. */
	RUN(&fx, NULL, &r, "outbox", "resend", idtext);
	assert_int_equal(r.status, 1);
	fx_run_free(&r);
}

/* ---------------------------------------------------------------- roles */

static void test_roles_and_audit(void **state)
{
	struct fx_run r;
	json_t *j;
	size_t i;
	json_t *row;
	bool seen[4] = {false};

	if (!fx_can_switch_user())
		skip();
	import_geography();
	/* A viewer reads but cannot change the directory. */
	RUN(&fx, "nobody", &r, "contacts", "add", "--phone", "0912000123", "--name", "V",
	    "--village", "106");
	assert_int_equal(r.status, 4);
	fx_run_free(&r);
	RUN(&fx, "nobody", &r, "contacts", "list");
	assert_int_equal(r.status, 0);
	fx_run_free(&r);
	RUN(&fx, "nobody", &r, "--json", "whoami");
	j = parse_json(r.out);
	assert_string_equal(json_string_value(json_object_get(j, "role")), "viewer");
	json_decref(j);
	fx_run_free(&r);
	/* A user the configuration does not name is refused outright. */
	RUN(&fx, "daemon", &r, "whoami");
	assert_int_equal(r.status, 4);
	fx_run_free(&r);
	RUN(&fx, "nobody", &r, "audit");
	assert_int_equal(r.status, 4);
	fx_run_free(&r);
	assert_int_equal(fx_query_int(&fx, "SELECT count(*) FROM contact "
					   "WHERE phone = '+84912000123'"),
			 0);

	RUN(&fx, NULL, &r, "--json", "audit", "--limit", "1000");
	j = parse_json(r.out);
	json_array_foreach(j, i, row)
	{
		const char *user = json_string_value(json_object_get(row, "user"));
		const char *action = json_string_value(json_object_get(row, "action"));
		const char *outcome = json_string_value(json_object_get(row, "outcome"));
		const char *target = json_string_value(json_object_get(row, "target"));
		if (!strcmp(user, "nobody") && !strcmp(action, "contacts.add") &&
		    !strcmp(outcome, "refused") && target && strstr(target, "0912000123"))
			seen[0] = true;
		if (!strcmp(user, "nobody") && !strcmp(action, "contacts.list") &&
		    !strcmp(outcome, "allowed"))
			seen[1] = true;
		if (!strcmp(user, "daemon") && !strcmp(action, "whoami") &&
		    !strcmp(outcome, "refused") && json_is_null(json_object_get(row, "role")))
			seen[2] = true;
		if (!strcmp(user, "root") && !strcmp(action, "units.import") &&
		    !strcmp(outcome, "allowed"))
			seen[3] = true;
	}
	json_decref(j);
	fx_run_free(&r);
	for (int k = 0; k < 4; k++)
		assert_true(seen[k]);
	/* The daemon's log says who was refused. */
	{
		FILE *in = fopen(fx.log, "r");
		char line[1024];
		bool logged = false;
		while (in && fgets(line, sizeof(line), in))
			logged = logged || (strstr(line, "refused") && strstr(line, "daemon"));
		if (in)
			fclose(in);
		assert_true(logged);
	}
	/* Nobody edits the trail, not even with the database file. */
	assert_int_equal(fx_exec(&fx, "UPDATE audit SET outcome = 'allowed'"), -1);
	assert_int_equal(fx_exec(&fx, "DELETE FROM audit"), -1);
}

/* ---------------------------------------------------------------- garbage */

static int connect_socket(void)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

	snprintf(sa.sun_path, sizeof(sa.sun_path), "%.80s/control.sock", fx.dir);
	assert_true(fd >= 0);
	assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	return fd;
}

static void test_garbage_on_socket(void **state)
{
	unsigned char junk[4096];
	char answer[4096];
	struct fx_run r;
	int silent, fd;
	ssize_t n;

	import_geography();
	srand(42);
	for (size_t i = 0; i < sizeof(junk); i++)
		junk[i] = (unsigned char)rand();
	/* A client that connects and says nothing stays connected meanwhile. */
	silent = connect_socket();
	/* Random bytes, then gone. */
	fd = connect_socket();
	assert_true(send(fd, junk, sizeof(junk), MSG_NOSIGNAL) > 0);
	close(fd);
	/* A line that is not JSON gets an answer, not a crash. */
	fd = connect_socket();
	assert_true(send(fd, "{\"cmd\": \"whoami\"\n", 17, MSG_NOSIGNAL) == 17);
	n = recv(fd, answer, sizeof(answer) - 1, 0);
	assert_true(n > 0);
	answer[n] = '\0';
	assert_non_null(strstr(answer, "\"ok\":false"));
	assert_non_null(strstr(answer, "bad_request"));
	close(fd);
	/* Half a command, then gone. */
	fd = connect_socket();
	assert_true(send(fd, "{\"cmd\": \"units.li", 17, MSG_NOSIGNAL) == 17);
	close(fd);
	/* A request with a long answer, gone before reading it. */
	for (int k = 0; k < 20; k++) {
		static const char req[] = "{\"cmd\":\"units.list\",\"args\":{\"all\":true}}\n"
					  "{\"cmd\":\"units.list\",\"args\":{\"all\":true}}\n";
		fd = connect_socket();
		assert_true(send(fd, req, sizeof(req) - 1, MSG_NOSIGNAL) > 0);
		close(fd);
	}
	/* The daemon serves the others as before. */
	RUN(&fx, NULL, &r, "--json", "whoami");
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "admin"));
	fx_run_free(&r);
	assert_int_equal(kill(fx.daemon, 0), 0);
	close(silent);
	/* Garbage was audited as such. */
	assert_true(fx_query_int(&fx, "SELECT count(*) FROM audit WHERE action = '(invalid)'") >=
		    1);
}

/* ---------------------------------------------------------------- interactive */

static void test_interactive_piped(void **state)
{
	struct fx_run r;

	import_geography();
	assert_int_equal(fx_console(&fx, NULL,
				    "whoami\nunits show DR1\ncontacts list --role \"head\"\n"
				    "no-such-command\nquit\nwhoami\n",
				    &r, NULL),
			 0);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "admin"));
	assert_non_null(strstr(r.out, "Đam Rông 1"));
	assert_non_null(strstr(r.err, "no-such-command"));
	/* Nothing after quit ran: one whoami only. */
	assert_ptr_equal(strstr(strstr(r.out, "admin") + 1, "Vai trò"), NULL);
	fx_run_free(&r);
}

static void pty_send(int fd, const char *text)
{
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
}

/* Interactive mode on a terminal: tab completes a command and a unit code,
 * and the completed commands run. */
static void test_interactive_terminal(void **state)
{
	static char buf[65536];
	int fd, status;
	pid_t pid;

	import_geography();
	buf[0] = '\0';
	pid = fx_console_pty(&fx, false, &fd);
	assert_true(pid >= 0);
	assert_true(fx_pty_expect(fd, buf, sizeof(buf), "tiengdan> ", 10000));
	/* "who" + tab completes to whoami, which then runs. */
	buf[0] = '\0';
	pty_send(fd, "who\t");
	assert_true(fx_pty_expect(fd, buf, sizeof(buf), "ami", 10000));
	pty_send(fd, "\r");
	assert_true(fx_pty_expect(fd, buf, sizeof(buf), "admin", 10000));
	/* A unit code completed from the daemon's directory. */
	buf[0] = '\0';
	pty_send(fd, "units show DAKNANG.P\t");
	assert_true(fx_pty_expect(fd, buf, sizeof(buf), "ANGPA", 10000));
	pty_send(fd, "\r");
	assert_true(fx_pty_expect(fd, buf, sizeof(buf), "Păng Pá", 10000));
	pty_send(fd, "quit\r");
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	close(fd);
	/* The history was kept for the next session. */
	{
		char hist[PATH_MAX];
		FILE *in;
		snprintf(hist, sizeof(hist), "%s/.tiengdan_history", fx.dir);
		in = fopen(hist, "r");
		assert_non_null(in);
		fclose(in);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_units_roll_up, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_contacts, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_messages, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_roles_and_audit, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_garbage_on_socket, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_interactive_piped, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_interactive_terminal, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

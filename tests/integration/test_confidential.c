/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A denunciator stays unknown: one scenario through every path that once
 * leaked a confidential sender's number, then a byte search of everything
 * the daemon wrote and of every console view, and a join on the database
 * file alone.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "fixture.h"

#define GEO_CSV TIENGDAN_SOURCE_DIR "/config/geo-damrong.csv"
#define EXTRA                                                                                      \
	"socket_group = \"nogroup\";\n"                                                            \
	"users = ( { user = \"nobody\"; role = \"viewer\"; },\n"                                   \
	"          { user = \"daemon\"; role = \"handler\"; communes = [ \"DR1\" ]; },\n"          \
	"          { user = \"bin\"; role = \"supervisor\"; communes = [ \"DR3\" ]; },\n"          \
	"          { user = \"sys\"; role = \"supervisor\"; communes = [ \"DR1\" ]; } );\n"        \
	"hourly_limit = 3;\n"                                                                      \
	"delivery_reports = true;\n"                                                               \
	"notify_status = [ \"accepted\", \"resolved\" ];\n"
#define WAIT_MS 20000

/* The denunciators, none in the directory: N (a multipart denunciation,
 * status query, staff reply, delivery reports), M (TC first), T
 * (throttled), F (its handling fails). P is in the directory and
 * denounces too (the join test). C is an ordinary sender: its number must
 * be found where it is stored, which proves the search itself works. */
#define N_LOCAL "0987654321"
#define M_LOCAL "0912345678"
#define T_LOCAL "0977111222"
#define F_LOCAL "0955444333"
#define P_LOCAL "0911222333"
#define C_LOCAL "0966000111"

static struct fx fx;

/* Every form of a number a leak could take: +84…, 84…, 0…, the national
 * significant number, and with spaces. */
struct forms {
	char v[6][40];
};

static void number_forms(const char *local, struct forms *f)
{
	const char *nsn = local + 1;

	snprintf(f->v[0], sizeof(f->v[0]), "+84%s", nsn);
	snprintf(f->v[1], sizeof(f->v[1]), "84%s", nsn);
	snprintf(f->v[2], sizeof(f->v[2]), "%s", local);
	snprintf(f->v[3], sizeof(f->v[3]), "%s", nsn);
	snprintf(f->v[4], sizeof(f->v[4]), "%.4s %.3s %s", local, local + 4, local + 7);
	snprintf(f->v[5], sizeof(f->v[5]), "+84 %.3s %.3s %s", nsn, nsn + 3, nsn + 6);
}

static const char *const secret_numbers[] = {N_LOCAL, M_LOCAL, T_LOCAL, F_LOCAL};

/* ---------------------------------------------------------------- helpers */

static void console_as(const char *user, struct fx_run *r, const char *const *args)
{
	assert_int_equal(fx_console(&fx, user, NULL, r, args), 0);
}

static void console_ok(const char *const *args)
{
	struct fx_run r;

	console_as(NULL, &r, args);
	if (r.status != 0)
		fail_msg("tiengdan %s %s: %s", args[0], args[1] ? args[1] : "", r.err);
	fx_run_free(&r);
}

static void text_in(const char *number, const char *text, const char *const *opts)
{
	assert_int_equal(fx_inject(&fx, 0, number, text, opts), 0);
}

static void wait_int(const char *sql, long long want)
{
	if (!fx_wait_int(&fx, sql, want, WAIT_MS))
		fail_msg("%s: %lld, expected %lld", sql, fx_query_int(&fx, sql), want);
}

static void expect_int(const char *sql, long long want)
{
	long long got = fx_query_int(&fx, sql);

	if (got != want)
		fail_msg("%s: %lld, expected %lld", sql, got, want);
}

static char *query_text(const char *sql)
{
	char *s = fx_query_text(&fx, sql);

	if (!s)
		fail_msg("no row: %s", sql);
	return s;
}

static int start_daemon(void)
{
	setenv("TIENGDAN_CLOCK", "2025-07-10T09:00:00", 1);
	return fx_daemon_start(&fx) == 0 && fx_wait_socket(&fx, 10000) ? 0 : -1;
}

/* True when the len bytes at buf contain needle. */
static bool mem_has(const char *buf, size_t len, const char *needle)
{
	size_t n = strlen(needle);

	for (size_t i = 0; i + n <= len; i++)
		if (memcmp(buf + i, needle, n) == 0)
			return true;
	return false;
}

/* Which form of local (if any) is in the file at path: NULL if none. */
static const char *file_leak(const char *path, const char *local)
{
	static struct forms f;
	FILE *in = fopen(path, "rb");
	struct stat st;
	const char *found = NULL;
	char *buf;
	size_t n;

	if (!in)
		return NULL;
	fstat(fileno(in), &st);
	buf = malloc((size_t)st.st_size + 1);
	n = fread(buf, 1, (size_t)st.st_size, in);
	fclose(in);
	number_forms(local, &f);
	for (int i = 0; i < 6 && !found; i++)
		if (mem_has(buf, n, f.v[i]))
			found = f.v[i];
	free(buf);
	return found;
}

static void assert_file_clean(const char *path)
{
	for (size_t i = 0; i < sizeof(secret_numbers) / sizeof(*secret_numbers); i++) {
		const char *leak = file_leak(path, secret_numbers[i]);
		if (leak)
			fail_msg("'%s' is in %s", leak, path);
	}
}

/* Every regular file under dir (the backup folder), recursively. */
static int assert_tree_clean(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int files = 0;

	assert_non_null(d);
	while ((e = readdir(d))) {
		char path[PATH_MAX];
		struct stat st;

		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (stat(path, &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			files += assert_tree_clean(path);
		} else {
			assert_file_clean(path);
			files++;
		}
	}
	closedir(d);
	return files;
}

static void assert_text_clean(const char *what, const char *text)
{
	struct forms f;

	for (size_t i = 0; i < sizeof(secret_numbers) / sizeof(*secret_numbers); i++) {
		number_forms(secret_numbers[i], &f);
		for (int k = 0; k < 6; k++)
			if (text && strstr(text, f.v[k]))
				fail_msg("'%s' is in the output of %s", f.v[k], what);
	}
}

/* ---------------------------------------------------------------- scenario */

static int setup(void **state)
{
	(void)state;
	if (fx_setup(&fx, 1, EXTRA) < 0 || start_daemon() < 0)
		return -1;
	console_ok((const char *const[]){"units", "import", GEO_CSV, NULL});
	console_ok((const char *const[]){"contacts", "add", "--phone", P_LOCAL, "--name",
					 "Nguoi dan", "--village", "106", "--role", "resident",
					 NULL});
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	unsetenv("TIENGDAN_HOOK_FAIL");
	unsetenv("TIENGDAN_HOOK_FAIL_TEXT");
	fx_teardown(&fx);
	return 0;
}

/* N: a three-part denunciation whose second part comes first, stored
 * incomplete, and whose third part comes after that. */
static void multipart_with_late_part(void)
{
	static const char *const p1[] = {"--ref", "17", "--part", "1/3", NULL};
	static const char *const p2[] = {"--ref", "17", "--part", "2/3", NULL};
	static const char *const p3[] = {"--ref", "17", "--part", "3/3", NULL};

	text_in(N_LOCAL, " va nhieu ho dan khac", p2);
	wait_int("SELECT count(*) FROM inbound_part WHERE sealed = 2", 1);
	text_in(N_LOCAL, "TOCAO chu tich xa thu tien sai quy dinh", p1);
	wait_int("SELECT count(*) FROM inbound_part WHERE sealed = 1 AND inbound_id IS NULL", 2);
	/* The multipart timeout passes (a worker looks at its start). */
	assert_int_equal(fx_daemon_stop(&fx), 0);
	assert_int_equal(fx_exec(&fx, "UPDATE inbound_part SET received_at ="
				      " '2025-07-09T00:00:00.000Z' WHERE inbound_id IS NULL"),
			 0);
	assert_int_equal(start_daemon(), 0);
	wait_int("SELECT count(*) FROM inbound WHERE incomplete = 1 AND sealed = 1", 1);
	/* The late part is sealed (its sender is confidential) and waits for
	 * its message; when that times out it is stored sealed on its own. */
	text_in(N_LOCAL, " tu thang truoc", p3);
	wait_int("SELECT count(*) FROM inbound_part WHERE text = ' tu thang truoc' AND sealed = 1"
		 " AND sender LIKE 'sealed:%'",
		 1);
	assert_int_equal(fx_daemon_stop(&fx), 0);
	assert_int_equal(fx_exec(&fx, "UPDATE inbound_part SET received_at ="
				      " '2025-07-09T00:00:00.000Z' WHERE inbound_id IS NULL"),
			 0);
	assert_int_equal(start_daemon(), 0);
	wait_int("SELECT count(*) FROM inbound WHERE text LIKE '%tu thang truoc' AND sealed = 1"
		 " AND incomplete = 1",
		 1);
}

static void scenario_ingest(void)
{
	text_in(C_LOCAL, "PA duong thon bi hong", NULL);
	text_in(P_LOCAL, "PA den duong hong", NULL);
	wait_int("SELECT count(*) FROM cases WHERE kind = 'feedback'", 2);
	text_in(P_LOCAL, "TOCAO truong thon nhan tien", NULL);
	multipart_with_late_part();
	/* M: TC first (a help reply, sealed), then the same text as TOCAO. */
	text_in(M_LOCAL, "TC ong truong thon lay dat cong", NULL);
	wait_int("SELECT count(*) FROM inbound WHERE command = 'help' AND sealed = 1", 1);
	text_in(M_LOCAL, "TOCAO ong truong thon lay dat cong", NULL);
	/* T: four denunciations in an hour, the fourth throttled. */
	for (int i = 0; i < 4; i++) {
		char text[64];
		snprintf(text, sizeof(text), "TOCAO can bo thu tien lan %d", i + 1);
		text_in(T_LOCAL, text, NULL);
	}
	wait_int("SELECT count(*) FROM inbound WHERE throttled = 1 AND sealed = 1", 1);
	wait_int("SELECT count(*) FROM cases WHERE kind = 'denunciation'", 6);
	wait_int("SELECT count(*) FROM inbound WHERE processed_at IS NULL", 0);
}

/* N asks about its case; staff accept it (a status SMS) and reply; both
 * are sent and their delivery reports come back from N's number. */
static void scenario_casework(char **code_out)
{
	char *code = query_text("SELECT code FROM cases WHERE text LIKE '%chu tich xa%'");
	char text[64], sql[256];

	snprintf(text, sizeof(text), "TT %s", code);
	text_in(N_LOCAL, text, NULL);
	wait_int("SELECT count(*) FROM inbound WHERE command = 'status' AND outcome = 'answered'"
		 " AND sealed = 1",
		 1);
	console_ok((const char *const[]){"cases", "assign", code, "DR1", NULL});
	console_ok((const char *const[]){"cases", "status", code, "accepted", NULL});
	console_ok(
	    (const char *const[]){"cases", "reply", code, "Chung toi da nhan don", "--yes", NULL});
	wait_int("SELECT count(*) FROM outbound WHERE purpose IN ('status', 'staff')"
		 " AND state = 'sent'",
		 2);
	for (int i = 0; i < 2; i++) {
		long long ref = fx_query_int(&fx, i == 0 ? "SELECT msg_ref FROM outbound WHERE"
							   " purpose = 'status'"
							 : "SELECT msg_ref FROM outbound WHERE"
							   " purpose = 'staff'");
		char refs[16];
		snprintf(refs, sizeof(refs), "%lld", ref);
		/* The dummy modem gives every SMS the same reference: the
		 * reports differ by their time, the newest reply is found first. */
		text_in(N_LOCAL, "Delivered",
			(const char *const[]){"--status-report", refs, "--time",
					      i == 0 ? "20250710T021000" : "20250710T021001",
					      NULL});
		wait_int(i == 0 ? "SELECT count(*) FROM outbound WHERE state = 'delivered'"
				: "SELECT count(*) FROM outbound WHERE state = 'delivered'"
				  " AND purpose IN ('status', 'staff')",
			 i + 1);
	}
	wait_int("SELECT count(*) FROM outbound WHERE purpose IN ('status', 'staff')"
		 " AND state = 'delivered'",
		 2);
	expect_int("SELECT count(*) FROM inbound WHERE kind = 'status_report' AND sealed <> 1", 0);
	expect_int("SELECT count(*) FROM inbound WHERE kind = 'status_report'", 2);
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM cases WHERE code = '%s'", code);
	expect_int(sql, 1);
	*code_out = code;
}

/* F: handling its denunciation fails (a test hook); the message stays
 * sealed, marked for staff. */
static void scenario_failure(void)
{
	assert_int_equal(fx_daemon_stop(&fx), 0);
	setenv("TIENGDAN_HOOK_FAIL", "handle", 1);
	setenv("TIENGDAN_HOOK_FAIL_TEXT", "HONG HOC", 1);
	assert_int_equal(start_daemon(), 0);
	text_in(F_LOCAL, "TOCAO HONG HOC cau bi rut ruot", NULL);
	wait_int("SELECT count(*) FROM inbound WHERE outcome = 'error' AND sealed = 1", 1);
	assert_int_equal(fx_daemon_stop(&fx), 0);
	unsetenv("TIENGDAN_HOOK_FAIL");
	unsetenv("TIENGDAN_HOOK_FAIL_TEXT");
}

/* The modem can send no more today: a receipt waits in the queue. */
static void scenario_receipt_waits(void)
{
	char cmd[PATH_MAX + 64];

	snprintf(cmd, sizeof(cmd), "sed -i 's/daily_limit = 0;/daily_limit = 1;/' '%s'", fx.conf);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(start_daemon(), 0);
	text_in(M_LOCAL, "TOCAO ong pho chu tich xa nhan hoi lo", NULL);
	wait_int("SELECT count(*) FROM inbound WHERE processed_at IS NULL", 0);
	wait_int("SELECT count(*) FROM outbound WHERE state = 'queued'", 1);
	expect_int("SELECT count(*) FROM outbound WHERE state = 'queued'"
		   " AND recipient NOT LIKE 'sealed:%'",
		   0);
}

/* What every view shows user (never a confidential number, in any form),
 * in text, JSON and CSV. */
static void views_clean(const char *user, const char *code)
{
	const char *const forms[] = {NULL, "--json", "--csv"};
	const char *const views[][4] = {
	    {"messages", NULL},
	    {"messages", "--from", N_LOCAL, NULL},
	    {"messages", "--from", "+84987654321", NULL},
	    {"inbox", NULL},
	    {"inbox", "--throttled", NULL},
	    {"outbox", NULL},
	    {"cases", "list", NULL},
	    {"cases", "show", code, NULL},
	    {"audit", NULL},
	};

	for (size_t v = 0; v < sizeof(views) / sizeof(*views); v++) {
		for (size_t f = 0; f < 3; f++) {
			const char *args[8];
			char what[128];
			struct fx_run r;
			size_t n = 0;

			if (forms[f])
				args[n++] = forms[f];
			for (size_t k = 0; k < 4 && views[v][k]; k++)
				args[n++] = views[v][k];
			args[n] = NULL;
			snprintf(what, sizeof(what), "%s %s %s %s as %s", forms[f] ? forms[f] : "",
				 views[v][0], views[v][1] ? views[v][1] : "",
				 views[v][1] && views[v][2] ? views[v][2] : "", user);
			console_as(user, &r, args);
			/* Audit is a supervisor's; another commune's case is
			 * not found. Everything else answers. */
			if (r.status != 0 && strcmp(views[v][0], "audit") != 0 &&
			    !(strcmp(user, "bin") == 0 && views[v][1] &&
			      strcmp(views[v][1], "show") == 0))
				fail_msg("%s: exit %d: %s", what, r.status, r.err);
			assert_text_clean(what, r.out);
			assert_text_clean(what, r.err);
			fx_run_free(&r);
		}
	}
}

/* A search for a confidential number answers what a search for an
 * unknown number does. */
static void search_as_unknown(const char *user)
{
	const char *const forms[] = {NULL, "--json", "--csv"};

	for (size_t f = 0; f < 3; f++) {
		struct fx_run a, b;
		const char *args[6];
		size_t n = 0;

		if (forms[f])
			args[n++] = forms[f];
		args[n++] = "messages";
		args[n++] = "--from";
		args[n + 1] = NULL;
		args[n] = N_LOCAL;
		console_as(user, &a, args);
		args[n] = "0900000009";
		console_as(user, &b, args);
		assert_int_equal(a.status, b.status);
		assert_string_equal(a.out ? a.out : "", b.out ? b.out : "");
		fx_run_free(&a);
		fx_run_free(&b);
	}
}

/* A handler limited to DR1 cannot act on a message out of its communes:
 * the answer is that for a message that does not exist. */
static void actions_out_of_scope(void)
{
	char *in = query_text("SELECT id FROM inbound WHERE throttled = 1");
	char *out = query_text("SELECT id FROM outbound WHERE purpose = 'too_many'");
	const char *const ops[][3] = {{"inbox", "promote", in}, {"outbox", "resend", out}};

	for (size_t i = 0; i < 2; i++) {
		struct fx_run a, b;
		char missing[64];

		console_as(
		    "daemon", &a,
		    (const char *const[]){"--lang", "en", ops[i][0], ops[i][1], ops[i][2], NULL});
		snprintf(missing, sizeof(missing), "%lld", atoll(ops[i][2]) + 1000000);
		console_as(
		    "daemon", &b,
		    (const char *const[]){"--lang", "en", ops[i][0], ops[i][1], missing, NULL});
		assert_int_not_equal(a.status, 0);
		assert_int_equal(a.status, b.status);
		/* The same words, the id aside. */
		{
			char *at = strstr(b.err, missing), same[1024];
			assert_non_null(at);
			snprintf(same, sizeof(same), "%.*s%s%s", (int)(at - b.err), b.err,
				 ops[i][2], at + strlen(missing));
			assert_string_equal(a.err, same);
		}
		fx_run_free(&a);
		fx_run_free(&b);
	}
	expect_int("SELECT count(*) FROM inbound WHERE throttled = 1", 1);
	free(in);
	free(out);
}

/* An in-scope supervisor sees the number of the case's sender. */
static void supervisor_sees(const char *user, const char *code)
{
	struct fx_run r;

	console_as(user, &r, (const char *const[]){"--json", "cases", "show", code, NULL});
	assert_int_equal(r.status, 0);
	if (!strstr(r.out, "+84987654321"))
		fail_msg("the in-scope supervisor does not see the number: %s", r.out);
	fx_run_free(&r);
}

/* Tags kept on sealed rows, and on clear rows. */
#define SEALED_TAGS                                                                                \
	"SELECT sender_tag AS t FROM inbound WHERE sealed = 1 AND sender_tag IS NOT NULL"          \
	" UNION SELECT sender_tag FROM cases WHERE sender LIKE 'sealed:%'"                         \
	" UNION SELECT recipient_tag FROM outbound WHERE recipient_tag IS NOT NULL"                \
	" UNION SELECT tag FROM confidential_sender"
#define CLEAR_TAGS                                                                                 \
	"SELECT sender_tag AS t FROM inbound WHERE sealed = 0 AND sender_tag IS NOT NULL"          \
	" UNION SELECT sender_tag FROM cases WHERE sender NOT LIKE 'sealed:%'"

/* With the database file alone, nothing joins a denunciation to a
 * directory entry or to its sender's clear rows. P is in the directory,
 * sent a clear feedback first, then a denunciation. */
static void join_without_key(void)
{
	/* The sets compared are not empty: P's clear rows carry a tag. */
	expect_int("SELECT count(*) > 0 FROM (" CLEAR_TAGS ")", 1);
	expect_int("SELECT count(*) > 0 FROM (" SEALED_TAGS ")", 1);
	expect_int("SELECT count(*) FROM (" SEALED_TAGS ") s JOIN (" CLEAR_TAGS ") c ON s.t = c.t",
		   0);
	/* No directory link, no village from the directory. */
	/* P, N (and its late part, a feedback), M twice, T three times. */
	expect_int("SELECT count(*) FROM cases WHERE sender LIKE 'sealed:%'", 8);
	expect_int("SELECT count(*) FROM cases WHERE (kind = 'denunciation'"
		   " OR sender LIKE 'sealed:%') AND (contact_id IS NOT NULL OR village IN"
		   " (SELECT code FROM unit WHERE level = 'village'))",
		   0);
	expect_int("SELECT count(*) FROM cases WHERE text LIKE 'truong thon nhan tien'"
		   " AND village = 'DR1'",
		   1);
	/* Sealed rows hold no value of a clear row or of the directory. */
	expect_int("SELECT count(*) FROM inbound_part WHERE sealed <> 0 AND (sender_raw IN"
		   " (SELECT sender_raw FROM inbound_part WHERE sealed = 0) OR sender IN"
		   " (SELECT phone FROM contact) OR smsc IS NOT NULL OR group_key IS NOT NULL)",
		   0);
	expect_int("SELECT count(*) FROM inbound WHERE sealed = 1 AND (sender IN (SELECT phone FROM"
		   " contact) OR sender_raw IN (SELECT sender_raw FROM inbound WHERE sealed = 0))",
		   0);
	expect_int("SELECT count(*) FROM outbound WHERE recipient LIKE 'sealed:%' AND recipient IN"
		   " (SELECT recipient FROM outbound WHERE recipient NOT LIKE 'sealed:%')",
		   0);
}

static void test_confidential(void **state)
{
	char *code = NULL, bk[PATH_MAX], path[PATH_MAX + 8];

	(void)state;
	scenario_ingest();
	scenario_casework(&code);
	scenario_failure();
	scenario_receipt_waits();
	snprintf(bk, sizeof(bk), "%s/bk", fx.dir);
	console_ok((const char *const[]){"backup", "--to", bk, "--with-key", NULL});
	/* Every confidential row is sealed; the ordinary sender is not. */
	expect_int("SELECT count(*) FROM outbound WHERE confidential = 1"
		   " AND recipient NOT LIKE 'sealed:%'",
		   0);
	expect_int("SELECT count(*) FROM inbound WHERE sender = '+84966000111' AND sealed = 0", 1);
	/* The bytes: the database and its WAL while running and after. */
	snprintf(path, sizeof(path), "%s-wal", fx.db);
	assert_file_clean(fx.db);
	assert_file_clean(path);
	assert_int_equal(fx_daemon_stop(&fx), 0);
	assert_file_clean(fx.db);
	assert_file_clean(path);
	snprintf(path, sizeof(path), "%s-shm", fx.db);
	assert_file_clean(path);
	assert_file_clean(fx.log);
	assert_true(assert_tree_clean(bk) > 0);
	if (fx_can_switch_user()) {
		assert_int_equal(start_daemon(), 0);
		views_clean("nobody", code);
		views_clean("daemon", code);
		views_clean("bin", code);
		supervisor_sees("sys", code);
		search_as_unknown("nobody");
		search_as_unknown("daemon");
		search_as_unknown("bin");
		actions_out_of_scope();
		assert_int_equal(fx_daemon_stop(&fx), 0);
		/* The searches are audited, never with the number in clear. */
		assert_file_clean(fx.log);
		assert_file_clean(fx.db);
		snprintf(path, sizeof(path), "%s-wal", fx.db);
		assert_file_clean(path);
	}
	join_without_key();
	/* The control: the ordinary sender's number is found by the search. */
	assert_non_null(file_leak(fx.db, C_LOCAL));
	assert_int_equal(start_daemon(), 0);
	free(code);
}

/* ---------------------------------------------------------------- the key */

/* Runs tiengdand --check; its exit status, and its output into out. */
static int run_check(char *out, size_t len)
{
	char cmd[PATH_MAX * 2];
	FILE *p;
	size_t n;

	snprintf(cmd, sizeof(cmd), "%s/tiengdand -c '%s' --check 2>&1", TIENGDAN_BUILD_DIR,
		 fx.conf);
	p = popen(cmd, "r");
	assert_non_null(p);
	n = fread(out, 1, len - 1, p);
	out[n] = '\0';
	return WEXITSTATUS(pclose(p));
}

static int key_setup(void **state)
{
	(void)state;
	return fx_setup(&fx, 1, EXTRA) < 0 || start_daemon() < 0 ? -1 : 0;
}

/* Runs tiengdan --json ARGS as root; the parsed "dir" of a backup or the
 * exit status through *status. Caller frees the result. */
static char *backup_dir_of(const char *const *args)
{
	struct fx_run r;
	char *dir = NULL, *p;

	console_as(NULL, &r, args);
	if (r.status != 0)
		fail_msg("backup: %s", r.err);
	p = strstr(r.out, "\"dir\": \"");
	if (p) {
		p += 8;
		dir = strndup(p, strcspn(p, "\""));
	}
	fx_run_free(&r);
	assert_non_null(dir);
	return dir;
}

/* A backup holds the key only when asked; restoring one without it names
 * the key it needs; a key-only backup brings the key back. */
static void backups_keep_the_key_apart(const char *key, const char *aside)
{
	char path[PATH_MAX + 32];
	char *db_only = backup_dir_of((const char *const[]){"--json", "backup", NULL});
	char *key_only =
	    backup_dir_of((const char *const[]){"--json", "backup", "--key-only", NULL});
	struct stat sb;
	struct fx_run r;

	snprintf(path, sizeof(path), "%s/tiengdan.key", db_only);
	assert_int_not_equal(stat(path, &sb), 0);
	snprintf(path, sizeof(path), "%s/tiengdan.db", key_only);
	assert_int_not_equal(stat(path, &sb), 0);
	snprintf(path, sizeof(path), "%s/tiengdan.key", key_only);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(fx_daemon_stop(&fx), 0);
	/* The key is lost: the database alone cannot come back. */
	assert_int_equal(rename(key, aside), 0);
	console_as(NULL, &r, (const char *const[]){"--lang", "en", "restore", db_only, NULL});
	assert_int_not_equal(r.status, 0);
	if (!strstr(r.err, "needs the key with fingerprint"))
		fail_msg("restore: %s", r.err);
	fx_run_free(&r);
	console_ok((const char *const[]){"restore", key_only, NULL});
	assert_int_equal(stat(key, &sb), 0);
	console_ok((const char *const[]){"restore", db_only, NULL});
	assert_int_equal(start_daemon(), 0);
	text_in(M_LOCAL, "TT lan nua", NULL);
	wait_int("SELECT count(*) FROM inbound WHERE sealed = 1 AND processed_at IS NOT NULL", 3);
	free(db_only);
	free(key_only);
}

/* A lost key is an error at start and in --check, never replaced; a key
 * owned by someone else is refused too. */
static void test_key(void **state)
{
	char key[PATH_MAX + 8], aside[PATH_MAX + 16], out[8192];
	struct stat sb;

	(void)state;
	snprintf(key, sizeof(key), "%s.key", fx.db);
	snprintf(aside, sizeof(aside), "%s.aside", key);
	text_in(M_LOCAL, "TOCAO truong thon thu tien", NULL);
	wait_int("SELECT count(*) FROM cases WHERE sender LIKE 'sealed:%'", 1);
	assert_int_equal(fx_daemon_stop(&fx), 0);
	assert_int_equal(rename(key, aside), 0);
	assert_int_not_equal(run_check(out, sizeof(out)), 0);
	if (!strstr(out, "restore the key from a backup"))
		fail_msg("--check: %s", out);
	/* The daemon refuses to start and makes no new key. */
	assert_int_equal(fx_daemon_start(&fx), 0);
	assert_false(fx_wait_socket(&fx, 2000));
	assert_true(fx_wait_log(&fx, "restore the key from a backup", 5000));
	fx_daemon_stop(&fx);
	assert_int_not_equal(stat(key, &sb), 0);
	assert_int_equal(rename(aside, key), 0);
	/* Owned by another user: refused. */
	assert_int_equal(chown(key, 65534, 65534), 0);
	assert_int_not_equal(run_check(out, sizeof(out)), 0);
	if (!strstr(out, "belongs to uid 65534"))
		fail_msg("--check: %s", out);
	assert_int_equal(chown(key, getuid(), getgid()), 0);
	assert_int_equal(run_check(out, sizeof(out)), 0);
	assert_int_equal(start_daemon(), 0);
	text_in(M_LOCAL, "TT cho hoi", NULL);
	wait_int("SELECT count(*) FROM inbound WHERE sealed = 1", 2);
	backups_keep_the_key_apart(key, aside);
}

/* ---------------------------------------------------------------- erasure */

#define ERASE_EXTRA EXTRA "retention_days = 30;\n"

static int erase_setup(void **state)
{
	(void)state;
	return fx_setup(&fx, 1, ERASE_EXTRA) < 0 || start_daemon() < 0 ? -1 : 0;
}

/* Retention erases, for an expired denunciation, its staff notes and the
 * text of the staff reply, the delivery reports from its sender, and the
 * searches for the number in the audit; HUY erases the number of a sender
 * with no open case from the messages (its cases keep the tag). */
static void test_erasure(void **state)
{
	char *code, sql[256];
	struct fx_run r;

	(void)state;
	text_in(N_LOCAL, "TOCAO chu tich xa thu tien", NULL);
	wait_int("SELECT count(*) FROM cases WHERE sender LIKE 'sealed:%'", 1);
	code = query_text("SELECT code FROM cases");
	console_ok((const char *const[]){"cases", "note", code, "nguoi to cao o thon 6", NULL});
	console_ok(
	    (const char *const[]){"cases", "reply", code, "Xa da nhan don cua ong", "--yes", NULL});
	wait_int("SELECT count(*) FROM outbound WHERE purpose = 'staff' AND state = 'sent'", 1);
	text_in(N_LOCAL, "Delivered",
		(const char *const[]){"--status-report", "255", "--time", "20250710T021000", NULL});
	wait_int("SELECT count(*) FROM outbound WHERE state = 'delivered'", 1);
	console_ok((const char *const[]){"messages", "--from", N_LOCAL, NULL});
	expect_int(
	    "SELECT count(*) FROM audit WHERE action = 'messages' AND target LIKE 'sealed:%'", 1);
	console_ok((const char *const[]){"cases", "status", code, "withdrawn", NULL});
	/* H asks for help (no case), then opts out. */
	text_in(C_LOCAL, "HD", NULL);
	wait_int("SELECT count(*) FROM inbound WHERE sender = '+84966000111'"
		 " AND processed_at IS NOT NULL",
		 1);
	text_in(C_LOCAL, "HUY", NULL);
	wait_int(
	    "SELECT count(*) FROM inbound WHERE command = 'optout' AND processed_at IS NOT NULL",
	    1);
	/* The help and its reply lost the number; the HUY keeps it. */
	expect_int("SELECT count(*) FROM inbound WHERE sender = '+84966000111'", 1);
	expect_int("SELECT count(*) FROM inbound WHERE sender = '' AND command = 'help'", 1);
	expect_int("SELECT count(*) FROM outbound WHERE recipient = '' AND purpose = 'reply'"
		   " AND inbound_id = (SELECT id FROM inbound WHERE command = 'help')",
		   1);
	wait_int("SELECT count(*) FROM outbound WHERE state IN ('queued', 'sending')", 0);
	assert_int_equal(fx_daemon_stop(&fx), 0);
	/* Forty days later. */
	setenv("TIENGDAN_CLOCK", "2025-08-20T09:00:00", 1);
	assert_int_equal(fx_daemon_start(&fx), 0);
	assert_true(fx_wait_socket(&fx, 10000));
	console_as(NULL, &r, (const char *const[]){"retention", NULL});
	if (r.status != 0)
		fail_msg("retention: %s", r.err);
	fx_run_free(&r);
	snprintf(sql, sizeof(sql),
		 "SELECT count(*) FROM cases WHERE code = '%s' AND erased_at"
		 " IS NOT NULL",
		 code);
	expect_int(sql, 1);
	expect_int("SELECT count(*) FROM case_event WHERE note LIKE '%thon 6%'"
		   " OR note LIKE '%da nhan don%'",
		   0);
	expect_int("SELECT count(*) FROM inbound WHERE kind = 'status_report' AND sender <> ''", 0);
	expect_int("SELECT count(*) FROM audit WHERE action = 'messages' AND target <> ''", 0);
	expect_int("SELECT count(*) FROM outbound WHERE text LIKE '%da nhan don%'", 0);
	free(code);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_confidential, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_key, key_setup, teardown),
	    cmocka_unit_test_setup_teardown(test_erasure, erase_setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

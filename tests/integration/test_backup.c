/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Backups through the real daemon on a dummy modem: `tiengdan backup`
 * taken while SMS keep arriving is a sound database holding every message
 * committed before it began, with its key; `tiengdan restore` refuses while
 * the daemon runs and a backup whose key does not open its sealed numbers,
 * and puts a good one in place, the old database kept aside; the daemon
 * started on it shows a denunciation sender to a supervisor. A database
 * left by an older tiengdan is copied before the daemon migrates it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <fcntl.h>
#include <jansson.h>
#include <signal.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "store/migrations.h"
#include "fixture.h"

#define EXTRA                                                                                      \
	"socket_group = \"nogroup\";\n"                                                            \
	"users = ( { user = \"daemon\"; role = \"supervisor\"; } );\n"                             \
	"gateway_number = \"0912000000\";\n"
#define WAIT_MS 30000
#define SECRET "+84911000005"

static struct fx fx;

#define RUN(user, r, ...)                                                                          \
	assert_int_equal(                                                                          \
	    fx_console(&fx, (user), NULL, (r), (const char *const[]){__VA_ARGS__, NULL}), 0)

static void wait_int(const char *sql, long long want)
{
	if (!fx_wait_int(&fx, sql, want, WAIT_MS))
		fail_msg("%s: %lld, expected %lld", sql, fx_query_int(&fx, sql), want);
}

static json_t *parse_json(const char *text)
{
	json_error_t err;
	json_t *j = json_loads(text, 0, &err);

	if (!j)
		fail_msg("not JSON (%s): %s", err.text, text);
	return j;
}

/* Runs one query on any database file (the backup, the copy kept aside). */
static char *query_file(const char *path, const char *sql)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *stmt = NULL;
	char *v = NULL;

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
	    sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) == SQLITE_OK &&
	    sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_text(stmt, 0))
		v = strdup((const char *)sqlite3_column_text(stmt, 0));
	sqlite3_finalize(stmt);
	sqlite3_close(db);
	return v;
}

static long long query_file_int(const char *path, const char *sql)
{
	char *s = query_file(path, sql);
	long long v = s ? atoll(s) : -1;

	free(s);
	return v;
}

/* An emulated stream of villagers: batches of 10 messages from distinct
 * numbers until the stop file appears (or 600 messages). */
static pid_t start_stream(const char *stop)
{
	pid_t pid = fork();

	if (pid != 0)
		return pid;
	for (int n = 0; n < 600 && access(stop, F_OK) != 0; n += 10) {
		char lines[1024] = "";
		for (int i = n; i < n + 10; i++) {
			char line[96];
			snprintf(line, sizeof(line), "0913%06d\tPA tin nhan so %d\n", i, i);
			strcat(lines, line);
		}
		if (fx_inject_lines(&fx, 0, lines, NULL) != 0)
			_exit(1);
		fx_sleep_ms(100);
	}
	_exit(0);
}

/* Hex BLAKE2b-256 of a file (as the manifest has it). */
static void hash_hex(const char *path, char *hex)
{
	unsigned char buf[1 << 16], out[crypto_generichash_BYTES];
	crypto_generichash_state h;
	FILE *f = fopen(path, "rb");
	size_t n;

	assert_non_null(f);
	crypto_generichash_init(&h, NULL, 0, sizeof(out));
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		crypto_generichash_update(&h, buf, n);
	fclose(f);
	crypto_generichash_final(&h, out, sizeof(out));
	sodium_bin2hex(hex, 2 * sizeof(out) + 1, out, sizeof(out));
}

/* A copy of backup src at dst whose key is another one, with a manifest
 * made to match that key: only the unsealing can tell. */
static void copy_with_wrong_key(const char *src, const char *dst)
{
	char cmd[2 * PATH_MAX], path[PATH_MAX + 32], hex[2 * crypto_generichash_BYTES + 1];
	unsigned char key[32], fp[16];
	char fphex[33];
	json_t *m, *files;
	int fd;

	snprintf(cmd, sizeof(cmd), "cp -a '%s' '%s'", src, dst);
	assert_int_equal(system(cmd), 0);
	randombytes_buf(key, sizeof(key));
	snprintf(path, sizeof(path), "%s/tiengdan.key", dst);
	fd = open(path, O_WRONLY | O_TRUNC);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, key, sizeof(key)), (ssize_t)sizeof(key));
	close(fd);
	hash_hex(path, hex);
	crypto_generichash(fp, sizeof(fp), (const unsigned char *)"tiengdan key fingerprint", 24,
			   key, sizeof(key));
	sodium_bin2hex(fphex, sizeof(fphex), fp, sizeof(fp));
	snprintf(path, sizeof(path), "%s/manifest.json", dst);
	m = json_load_file(path, 0, NULL);
	assert_non_null(m);
	files = json_object_get(m, "files");
	json_object_set_new(json_object_get(files, "tiengdan.key"), "blake2b", json_string(hex));
	json_object_set_new(m, "key_fingerprint", json_string(fphex));
	assert_int_equal(json_dump_file(m, path, JSON_INDENT(2)), 0);
	json_decref(m);
}

/* Files in dir whose names start with prefix; the first into first. */
static int count_files(const char *dir, const char *prefix, char *first, size_t len)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	if (!d)
		return 0;
	while ((e = readdir(d))) {
		if (strncmp(e->d_name, prefix, strlen(prefix)) != 0)
			continue;
		if (n++ == 0 && first)
			snprintf(first, len, "%s/%s", dir, e->d_name);
	}
	closedir(d);
	return n;
}

static void test_backup_while_ingesting_then_restore(void **state)
{
	char stop[PATH_MAX + 8], sql[1024], bdb[PATH_MAX + 32], wrong[PATH_MAX + 8],
	    aside[PATH_MAX + 64], *code, *ok;
	long long before, snapshot, live, during;
	int status;
	const char *dir;
	struct fx_run r;
	struct stat sb;
	json_t *m, *j;
	pid_t stream;

	assert_int_equal(sodium_init() >= 0, 1);
	assert_int_equal(fx_setup(&fx, 1, EXTRA), 0);
	/* A database of some size (40 MB of audit rows), so the copy takes
	 * many steps while messages are stored. */
	assert_int_equal(fx_daemon_start(&fx), 0);
	assert_true(fx_wait_socket(&fx, 10000));
	assert_int_equal(fx_daemon_stop(&fx), 0);
	assert_int_equal(fx_exec(&fx, "WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1"
				      " FROM n WHERE i < 10000) INSERT INTO audit (at, uid, user,"
				      " action, outcome, detail) SELECT '2025-01-01T00:00:00.000Z',"
				      " 0, 'root', 'padding', 'allowed', hex(randomblob(2000))"
				      " FROM n"),
			 0);
	assert_int_equal(fx_daemon_start(&fx), 0);
	assert_true(fx_wait_socket(&fx, 10000));
	assert_int_equal(fx_inject(&fx, 0, "0911000005", "TOCAO can bo thon thu tien sai", NULL),
			 0);
	wait_int("SELECT count(*) FROM cases WHERE kind = 'denunciation' AND sender LIKE"
		 " 'sealed:%'",
		 1);
	code = fx_query_text(&fx, "SELECT code FROM cases WHERE kind = 'denunciation'");
	assert_non_null(code);

	/* Messages keep arriving before, during and after the backup. */
	snprintf(stop, sizeof(stop), "%s/stop", fx.dir);
	stream = start_stream(stop);
	assert_true(stream > 0);
	assert_true(fx_wait_int(&fx, "SELECT count(*) >= 40 FROM inbound", 1, WAIT_MS));
	before = fx_query_int(&fx, "SELECT max(id) FROM inbound");
	RUN(NULL, &r, "--json", "backup", "--with-key");
	if (r.status != 0)
		fail_msg("backup: %s", r.err);
	m = parse_json(r.out);
	fx_run_free(&r);
	dir = json_string_value(json_object_get(m, "dir"));
	assert_non_null(dir);
	snapshot =
	    json_integer_value(json_object_get(json_object_get(m, "counts"), "last_inbound_id"));
	assert_true(snapshot >= before);
	/* Messages were stored while the copy ran, and after: they are not in
	 * it (it is the snapshot of its start), the stream was not held up. */
	{
		const char *from = json_string_value(json_object_get(m, "created_at"));
		const char *to =
		    json_string_value(json_object_get(json_object_get(m, "copy"), "finished_at"));
		long long steps =
		    json_integer_value(json_object_get(json_object_get(m, "copy"), "steps"));
		assert_non_null(from);
		assert_non_null(to);
		assert_true(steps > 10);
		snprintf(sql, sizeof(sql),
			 "SELECT count(*) FROM inbound WHERE received_at > '%s' AND received_at <"
			 " '%s' AND id > %lld",
			 from, to, snapshot);
		during = fx_query_int(&fx, sql);
		print_message("backup: %lld steps of %lld pages from %s to %s; %lld message(s)"
			      " stored meanwhile\n",
			      steps,
			      json_integer_value(
				  json_object_get(json_object_get(m, "copy"), "pages_per_step")),
			      from, to, during);
		assert_true(during >= 1);
	}
	snprintf(sql, sizeof(sql), "SELECT max(id) > %lld FROM inbound", snapshot);
	assert_true(fx_wait_int(&fx, sql, 1, WAIT_MS));
	close(open(stop, O_CREAT | O_WRONLY, 0600));
	assert_int_equal(waitpid(stream, &status, 0), stream);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);

	/* A sound database, every message committed before the backup in it,
	 * exactly as stored; the figures of the manifest are its own. */
	snprintf(bdb, sizeof(bdb), "%s/tiengdan.db", dir);
	ok = query_file(bdb, "PRAGMA integrity_check");
	assert_non_null(ok);
	assert_string_equal(ok, "ok");
	free(ok);
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM inbound WHERE id <= %lld", before);
	assert_int_equal(query_file_int(bdb, sql), fx_query_int(&fx, sql));
	assert_int_equal(
	    query_file_int(bdb, "SELECT count(*) FROM inbound"),
	    json_integer_value(json_object_get(json_object_get(m, "counts"), "inbound")));
	snprintf(sql, sizeof(sql),
		 "SELECT group_concat(sender || '|' || text, ';') FROM (SELECT"
		 " sender, text FROM inbound WHERE id <= %lld ORDER BY id)",
		 before);
	{
		char *in_backup = query_file(bdb, sql), *in_live = fx_query_text(&fx, sql);
		assert_non_null(in_backup);
		assert_non_null(in_live);
		assert_string_equal(in_backup, in_live);
		free(in_backup);
		free(in_live);
	}
	assert_int_equal(stat(bdb, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	snprintf(sql, sizeof(sql), "%s/tiengdan.key", dir);
	assert_int_equal(stat(sql, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_int_equal(sb.st_size, 32);
	wait_int("SELECT count(*) FROM audit WHERE action = 'backup' AND outcome = 'allowed'", 1);

	/* Checking is allowed any time; restoring is not while the daemon runs. */
	RUN(NULL, &r, "--lang", "en", "restore", dir, "--check-only");
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "sound"));
	fx_run_free(&r);
	RUN(NULL, &r, "restore", dir);
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.err, "tiengdand đang chạy"));
	fx_run_free(&r);
	assert_int_equal(count_files(fx.dir, "tiengdan.db.replaced-", NULL, 0), 0);

	assert_int_equal(fx_daemon_stop(&fx), 0);
	live = fx_query_int(&fx, "SELECT count(*) FROM inbound");
	print_message("inbound: last id %lld before the backup, %lld in its snapshot, %lld rows"
		      " at the end\n",
		      before, snapshot, live);
	assert_true(live >
		    json_integer_value(json_object_get(json_object_get(m, "counts"), "inbound")));

	/* A backup whose key is not the one that sealed its numbers. */
	snprintf(wrong, sizeof(wrong), "%s/wrong", fx.dir);
	copy_with_wrong_key(dir, wrong);
	RUN(NULL, &r, "restore", wrong);
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.err, "Khoá trong bản sao lưu không mở được"));
	fx_run_free(&r);
	assert_int_equal(count_files(fx.dir, "tiengdan.db.replaced-", NULL, 0), 0);
	assert_int_equal(fx_query_int(&fx, "SELECT count(*) FROM inbound"), live);

	/* The good one: in place, the old database kept aside whole. */
	RUN(NULL, &r, "restore", dir);
	if (r.status != 0)
		fail_msg("restore: %s", r.err);
	fx_run_free(&r);
	assert_int_equal(
	    fx_query_int(&fx, "SELECT count(*) FROM inbound"),
	    json_integer_value(json_object_get(json_object_get(m, "counts"), "inbound")));
	assert_int_equal(count_files(fx.dir, "tiengdan.db.replaced-", aside, sizeof(aside)) >= 1,
			 1);
	{
		char db_aside[PATH_MAX + 64];
		assert_int_equal(count_files(fx.dir, "tiengdan.db.key.replaced-", NULL, 0), 1);
		/* The name without -wal/-shm is the database itself. */
		for (DIR *d = opendir(fx.dir); d;) {
			struct dirent *e = readdir(d);
			if (!e) {
				closedir(d);
				break;
			}
			if (strncmp(e->d_name, "tiengdan.db.replaced-", 21) == 0 &&
			    !strchr(e->d_name + 21, '-'))
				snprintf(db_aside, sizeof(db_aside), "%s/%s", fx.dir, e->d_name);
		}
		assert_int_equal(query_file_int(db_aside, "SELECT count(*) FROM inbound"), live);
	}
	assert_int_equal(stat(fx.db, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);

	/* The daemon on the restored database: the key came along, so a
	 * supervisor reads the denunciation's sender. */
	assert_int_equal(fx_daemon_start(&fx), 0);
	assert_true(fx_wait_socket(&fx, 10000));
	RUN(fx_can_switch_user() ? "daemon" : NULL, &r, "--json", "cases", "show", code);
	assert_int_equal(r.status, 0);
	j = parse_json(r.out);
	assert_string_equal(json_string_value(json_object_get(j, "sender")), SECRET);
	json_decref(j);
	fx_run_free(&r);
	RUN(NULL, &r, "cases", "show", code);
	assert_non_null(strstr(r.out, SECRET));
	fx_run_free(&r);

	free(code);
	json_decref(m);
	fx_daemon_stop(&fx);
	fx_teardown(&fx);
}

/* ---------------------------------------------------------------- upgrade */

static void test_premigration_backup_by_daemon(void **state)
{
	char bk[PATH_MAX + 8], prefix[64], path[PATH_MAX + 300], pragma[64];
	sqlite3 *db = NULL;
	struct fx_run r;
	int old = 0;

	assert_int_equal(fx_setup(&fx, 1, "backup_dir = \"bk\";\n"), 0);
	/* The database as the tiengdan before the last migration left it. */
	assert_int_equal(sqlite3_open(fx.db, &db), SQLITE_OK);
	for (size_t i = 0; i + 1 < migrations_count; i++) {
		assert_int_equal(sqlite3_exec(db, migrations[i].sql, NULL, NULL, NULL), SQLITE_OK);
		old = migrations[i].version;
	}
	snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %d", old);
	assert_int_equal(sqlite3_exec(db, pragma, NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db,
				      "INSERT INTO unit (code, name, level, updated_at) VALUES"
				      " ('X1', 'Xa cu', 'commune', '2025-01-01T00:00:00.000Z')",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(db);

	assert_int_equal(fx_daemon_start(&fx), 0);
	assert_true(fx_wait_socket(&fx, 10000));
	snprintf(bk, sizeof(bk), "%s/bk", fx.dir);
	snprintf(prefix, sizeof(prefix), "pre-migration-v%d-", old);
	assert_int_equal(count_files(bk, prefix, path, sizeof(path)), 1);
	assert_int_equal(query_file_int(path, "PRAGMA user_version"), old);
	assert_int_equal(query_file_int(path, "SELECT count(*) FROM unit WHERE code = 'X1'"), 1);
	assert_true(fx_log_contains(&fx, "before upgrading"));
	assert_int_equal(fx_query_int(&fx, "PRAGMA user_version"),
			 migrations[migrations_count - 1].version);
	/* tiengdan backup without --to goes to backup_dir too. */
	RUN(NULL, &r, "backup");
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, bk));
	fx_run_free(&r);
	assert_int_equal(count_files(bk, "20", NULL, 0), 1);
	fx_daemon_stop(&fx);
	fx_teardown(&fx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_backup_while_ingesting_then_restore),
	    cmocka_unit_test(test_premigration_backup_by_daemon),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Backups on real SQLite files: a database at an older schema is copied
 * to the backup folder before it is migrated (and not migrated when the
 * copy cannot be made), a fresh or current one is not; a backup folder
 * passes its check, and a byte changed in it, a schema newer than this
 * build or a damaged database (with a manifest made to match) is caught;
 * the nightly retention run's time.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "service/retention.h"
#include "store/migrations.h"
#include "store/store.h"
#include "store/store_backup.h"
#include "util/seal.h"
#include "fixture.h"

struct ctx {
	struct fx f;
	char bk[PATH_MAX + 16];
};

static int setup(void **state)
{
	struct ctx *c = calloc(1, sizeof(*c));

	if (fx_setup(&c->f, 0, NULL) < 0)
		return -1;
	snprintf(c->bk, sizeof(c->bk), "%s/bk", c->f.dir);
	*state = c;
	return 0;
}

static int teardown(void **state)
{
	struct ctx *c = *state;
	char cmd[PATH_MAX + 32];

	/* The folders made here, which fx_teardown does not know. */
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", c->bk);
	assert_int_equal(system(cmd), 0);
	fx_teardown(&c->f);
	free(c);
	return 0;
}

/* A database made by the migrations before the last one, as an older
 * tiengdan left it, with one row of its own; returns that version. */
static int make_old_database(const char *path)
{
	sqlite3 *db = NULL;
	char pragma[64];
	int version = 0;

	assert_true(migrations_count >= 2);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "PRAGMA journal_mode=WAL", NULL, NULL, NULL), SQLITE_OK);
	for (size_t i = 0; i + 1 < migrations_count; i++) {
		assert_int_equal(sqlite3_exec(db, migrations[i].sql, NULL, NULL, NULL), SQLITE_OK);
		version = migrations[i].version;
	}
	snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %d", version);
	assert_int_equal(sqlite3_exec(db, pragma, NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db,
				      "INSERT INTO unit (code, name, level, updated_at) VALUES"
				      " ('X1', 'Xa cu', 'commune', '2025-01-01T00:00:00.000Z')",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(db);
	return version;
}

static long long query_file(const char *path, const char *sql)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *stmt = NULL;
	long long v = -1;

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
	    sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) == SQLITE_OK &&
	    sqlite3_step(stmt) == SQLITE_ROW)
		v = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	sqlite3_close(db);
	return v;
}

/* The files of dir whose names start with prefix; the first into first. */
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

static void test_premigration_backup(void **state)
{
	struct ctx *c = *state;
	char err[1024], prefix[64], path[PATH_MAX + 300];
	int old = make_old_database(c->f.db);
	struct store *st;
	struct stat sb;

	st = store_open_backup(c->f.db, c->bk, err, sizeof(err));
	assert_non_null(st);
	assert_int_equal(store_schema_version(st), store_schema_latest());
	store_close(st);

	/* One copy, named by the old version, as it was before migrating. */
	snprintf(prefix, sizeof(prefix), "pre-migration-v%d-", old);
	assert_int_equal(count_files(c->bk, prefix, path, sizeof(path)), 1);
	assert_int_equal(count_files(c->bk, "", NULL, 0), 1 + 2); /* with . and .. */
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_int_equal(query_file(path, "PRAGMA user_version"), old);
	assert_int_equal(query_file(path, "SELECT count(*) FROM unit WHERE code = 'X1'"), 1);
	/* A single file: not in WAL mode (no -wal needed beside it). */
	assert_int_equal(query_file(path, "SELECT count(*) FROM pragma_journal_mode"
					  " WHERE journal_mode = 'delete'"),
			 1);
	/* The migrated database kept its row. */
	assert_int_equal(fx_query_int(&c->f, "SELECT count(*) FROM unit WHERE code = 'X1'"), 1);

	/* Opening again: nothing is behind, no second copy. */
	st = store_open_backup(c->f.db, c->bk, err, sizeof(err));
	assert_non_null(st);
	store_close(st);
	assert_int_equal(count_files(c->bk, "pre-migration-", NULL, 0), 1);
}

static void test_premigration_refused_without_backup(void **state)
{
	struct ctx *c = *state;
	char err[1024];
	int old = make_old_database(c->f.db);
	FILE *blocker;

	/* The backup folder's name is taken by a file: no copy can be made. */
	blocker = fopen(c->bk, "w");
	assert_non_null(blocker);
	fclose(blocker);
	assert_null(store_open_backup(c->f.db, c->bk, err, sizeof(err)));
	assert_non_null(strstr(err, "backup"));
	assert_non_null(strstr(err, "not upgrading"));
	assert_int_equal(query_file(c->f.db, "PRAGMA user_version"), old);
	unlink(c->bk);
}

static void test_no_backup_for_fresh_database(void **state)
{
	struct ctx *c = *state;
	char err[1024];
	struct store *st = store_open_backup(c->f.db, c->bk, err, sizeof(err));

	assert_non_null(st);
	store_close(st);
	assert_int_equal(access(c->bk, F_OK), -1);
}

/* ---------------------------------------------------------------- check */

/* A database with one sealed sender, its key, and a backup of both. */
static json_t *backup_with_sealed(struct ctx *c, char *key, size_t keylen)
{
	struct store *st;
	struct seal *s;
	struct tderr e = {0};
	char err[1024], sql[512], *sealed;
	json_t *m;

	snprintf(key, keylen, "%s.key", c->f.db);
	s = seal_open(key, err, sizeof(err));
	assert_non_null(s);
	sealed = seal_encrypt(s, "+84911000005");
	seal_close(s);
	st = store_open(c->f.db, err, sizeof(err));
	assert_non_null(st);
	snprintf(sql, sizeof(sql),
		 "INSERT INTO inbound (modem, sender, sender_raw, text, received_at, sealed)"
		 " VALUES ('m1', '%s', '%s', 'TOCAO x', '2025-07-10T01:00:00.000Z', 1)",
		 sealed, sealed);
	free(sealed);
	assert_int_equal(fx_exec(&c->f, sql), 0);
	m = store_backup_make(st, c->bk, key, BACKUP_DATABASE_AND_KEY, &e);
	store_close(st);
	if (!m) {
		char msg[512];
		tderr_format(&e, "en", msg, sizeof(msg));
		fail_msg("backup: %s", msg);
	}
	return m;
}

static void test_backup_checked_and_tampering_caught(void **state)
{
	struct ctx *c = *state;
	char key[PATH_MAX + 8], path[PATH_MAX + 64];
	json_t *m = backup_with_sealed(c, key, sizeof(key));
	const char *dir = json_string_value(json_object_get(m, "dir"));
	struct backup_check chk;
	struct tderr e = {0};
	struct stat sb;
	FILE *f;

	assert_non_null(dir);
	assert_int_equal(
	    json_integer_value(json_object_get(json_object_get(m, "counts"), "inbound")), 1);
	assert_int_equal(store_backup_check(dir, &chk, &e), 0);
	assert_int_equal(chk.schema, store_schema_latest());
	assert_int_equal(chk.inbound, 1);
	assert_int_equal(chk.sealed_checked, 1);
	assert_string_equal(chk.fingerprint,
			    json_string_value(json_object_get(m, "key_fingerprint")));
	snprintf(path, sizeof(path), "%s/%s", dir, BACKUP_KEY_NAME);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	/* No partial folder is left behind. */
	assert_int_equal(count_files(c->bk, "", NULL, 0), 1 + 2);

	/* One byte of the database changed: the hash says so. */
	snprintf(path, sizeof(path), "%s/%s", dir, BACKUP_DB_NAME);
	f = fopen(path, "r+");
	assert_non_null(f);
	fseek(f, 5000, SEEK_SET);
	fputc(0x5a ^ fgetc(f), f);
	fclose(f);
	assert_int_equal(store_backup_check(dir, &chk, &e), -1);
	assert_int_equal(e.msg, M_BACKUP_HASH);
	json_decref(m);
}

/* Re-hashes the backup's database into its manifest, as if it had been
 * made that way: only the deeper checks can then tell. */
static void rehash_manifest(const char *dir)
{
	char path[PATH_MAX + 64], hex[2 * crypto_generichash_BYTES + 1];
	unsigned char buf[1 << 16], out[crypto_generichash_BYTES];
	crypto_generichash_state h;
	long long bytes = 0;
	json_t *m, *entry;
	size_t n;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, BACKUP_DB_NAME);
	f = fopen(path, "rb");
	assert_non_null(f);
	crypto_generichash_init(&h, NULL, 0, sizeof(out));
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
		crypto_generichash_update(&h, buf, n);
		bytes += (long long)n;
	}
	fclose(f);
	crypto_generichash_final(&h, out, sizeof(out));
	sodium_bin2hex(hex, sizeof(hex), out, sizeof(out));
	snprintf(path, sizeof(path), "%s/%s", dir, BACKUP_MANIFEST_NAME);
	m = json_load_file(path, 0, NULL);
	assert_non_null(m);
	entry = json_object_get(json_object_get(m, "files"), BACKUP_DB_NAME);
	json_object_set_new(entry, "blake2b", json_string(hex));
	json_object_set_new(entry, "bytes", json_integer(bytes));
	assert_int_equal(json_dump_file(m, path, 0), 0);
	json_decref(m);
}

static void run_on_backup(const char *dir, const char *sql)
{
	char path[PATH_MAX + 64];
	sqlite3 *db = NULL;

	snprintf(path, sizeof(path), "%s/%s", dir, BACKUP_DB_NAME);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
}

static void test_backup_newer_schema_refused(void **state)
{
	struct ctx *c = *state;
	char key[PATH_MAX + 8], sql[64];
	json_t *m = backup_with_sealed(c, key, sizeof(key));
	const char *dir = json_string_value(json_object_get(m, "dir"));
	struct backup_check chk;
	struct tderr e = {0};

	assert_int_equal(sodium_init() >= 0, 1);
	snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", store_schema_latest() + 1);
	run_on_backup(dir, sql);
	rehash_manifest(dir);
	assert_int_equal(store_backup_check(dir, &chk, &e), -1);
	assert_int_equal(e.msg, M_BACKUP_SCHEMA);
	json_decref(m);
}

static void test_backup_damaged_database_refused(void **state)
{
	struct ctx *c = *state;
	char key[PATH_MAX + 8], path[PATH_MAX + 64];
	json_t *m = backup_with_sealed(c, key, sizeof(key));
	const char *dir = json_string_value(json_object_get(m, "dir"));
	struct backup_check chk;
	struct tderr e = {0};
	long long root;
	FILE *f;

	assert_int_equal(sodium_init() >= 0, 1);
	/* The header of the inbound table's root page overwritten. */
	snprintf(path, sizeof(path), "%s/%s", dir, BACKUP_DB_NAME);
	root = query_file(path, "SELECT rootpage FROM sqlite_schema WHERE name = 'inbound'");
	assert_true(root > 1);
	f = fopen(path, "r+b");
	assert_non_null(f);
	fseek(f, (root - 1) * query_file(path, "PRAGMA page_size"), SEEK_SET);
	for (int i = 0; i < 12; i++)
		fputc(0xa5, f);
	fclose(f);
	rehash_manifest(dir);
	assert_int_equal(store_backup_check(dir, &chk, &e), -1);
	assert_int_equal(e.msg, M_BACKUP_INTEGRITY);
	json_decref(m);
}

/* ---------------------------------------------------------------- nightly */

static long long local_ms(int y, int mo, int d, int h, int mi)
{
	struct tm tm = {.tm_year = y - 1900,
			.tm_mon = mo - 1,
			.tm_mday = d,
			.tm_hour = h,
			.tm_min = mi,
			.tm_isdst = -1};
	return (long long)mktime(&tm) * 1000;
}

static void test_retention_next_run(void **state)
{
	(void)state;
	setenv("TZ", "Asia/Ho_Chi_Minh", 1);
	tzset();
	assert_true(retention_next_run(local_ms(2025, 7, 10, 9, 0)) ==
		    local_ms(2025, 7, 11, RETENTION_HOUR, 0));
	assert_true(retention_next_run(local_ms(2025, 7, 10, 1, 59)) ==
		    local_ms(2025, 7, 10, RETENTION_HOUR, 0));
	assert_true(retention_next_run(local_ms(2025, 7, 10, RETENTION_HOUR, 0)) ==
		    local_ms(2025, 7, 11, RETENTION_HOUR, 0));
	/* Across a month's end. */
	assert_true(retention_next_run(local_ms(2025, 7, 31, 23, 0)) ==
		    local_ms(2025, 8, 1, RETENTION_HOUR, 0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_premigration_backup, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_premigration_refused_without_backup, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_no_backup_for_fresh_database, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_backup_checked_and_tampering_caught, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_backup_newer_schema_refused, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_backup_damaged_database_refused, setup, teardown),
	    cmocka_unit_test(test_retention_next_run),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Opening the database, applying migrations, transactions and times.
 */
#include "store/store_internal.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "store/migrations.h"
#include "store/store_backup.h"
#include "util/clock.h"
#include "util/log.h"
#include "util/xalloc.h"

#define STORE_BUSY_TIMEOUT_MS 10000

/* Waits for a lock held by another connection (a modem worker, the
 * processor, the console): short sleeps, so a lock held for milliseconds
 * costs milliseconds (SQLite's own handler soon sleeps 100 ms at a time),
 * up to STORE_BUSY_TIMEOUT_MS in all. */
static int busy_wait(void *ctx, int count)
{
	int ms = count < 20 ? 1 : count < 100 ? 2 : 5;

	(void)ctx;
	if ((long long)count * 5 > STORE_BUSY_TIMEOUT_MS)
		return 0;
	sqlite3_sleep(ms);
	return 1;
}

static int exec_sql(struct store *st, const char *sql, char *err, size_t errlen)
{
	char *msg = NULL;

	if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", st->path, msg ? msg : "error");
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

int store_schema_version(struct store *st)
{
	sqlite3_stmt *stmt = store_prepare(st, "PRAGMA user_version");
	int v = -1;

	if (stmt && sqlite3_step(stmt) == SQLITE_ROW)
		v = sqlite3_column_int(stmt, 0);
	store_finish(st, stmt);
	return v;
}

int store_schema_latest(void)
{
	return migrations_count ? migrations[migrations_count - 1].version : 0;
}

/* Before upgrading an existing database: a copy of it as it is, in
 * <backup_dir>/pre-migration-v<old>-<UTC time>.db. */
static int backup_before_migrating(struct store *st, const char *backup_dir, int current, char *err,
				   size_t errlen)
{
	char *dir = backup_dir ? xstrdup(backup_dir) : store_backup_default_dir(st->path);
	char stamp[32], path[4096], why[1024];
	time_t secs = (time_t)(store_epoch_ms() / 1000);
	struct tm tm;
	int rc = -1;

	gmtime_r(&secs, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", &tm);
	snprintf(path, sizeof(path), "%s/pre-migration-v%d-%s.db", dir, current, stamp);
	if (mkdir(dir, 0700) < 0 && errno != EEXIST) {
		snprintf(why, sizeof(why), "%s: %s", dir, strerror(errno));
		goto out;
	}
	if (store_backup_file(st, path, why, sizeof(why)) < 0)
		goto out;
	log_info("database %s: schema %d copied to %s before upgrading to %d", st->path, current,
		 path, store_schema_latest());
	rc = 0;
out:
	if (rc < 0)
		snprintf(err, errlen,
			 "%s: not upgrading schema %d to %d: the backup before it failed (%s)",
			 st->path, current, store_schema_latest(), why);
	free(dir);
	return rc;
}

/* Applies each migration newer than user_version in its own transaction,
 * setting user_version in the same transaction; an existing database that
 * is behind is first copied to backup_dir (NULL: "backup" beside it). */
static int migrate(struct store *st, const char *backup_dir, char *err, size_t errlen)
{
	int current = store_schema_version(st);

	if (current < 0) {
		snprintf(err, errlen, "%s: cannot read the schema version", st->path);
		return -1;
	}
	if (current > store_schema_latest()) {
		snprintf(err, errlen, "%s: schema version %d is newer than this build knows (%d)",
			 st->path, current, store_schema_latest());
		return -1;
	}
	if (current > 0 && current < store_schema_latest() &&
	    backup_before_migrating(st, backup_dir, current, err, errlen) < 0)
		return -1;
	for (size_t i = 0; i < migrations_count; i++) {
		const struct migration *m = &migrations[i];
		char pragma[64];

		if (m->version <= current)
			continue;
		if (exec_sql(st, "BEGIN IMMEDIATE", err, errlen) < 0)
			return -1;
		snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %d", m->version);
		if (exec_sql(st, m->sql, err, errlen) < 0 ||
		    exec_sql(st, pragma, err, errlen) < 0) {
			sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
			log_error("migration %s failed", m->name);
			return -1;
		}
		if (exec_sql(st, "COMMIT", err, errlen) < 0)
			return -1;
		log_info("database %s: applied migration %s", st->path, m->name);
	}
	return 0;
}

/* SQLite's memory statistics take a process-wide mutex on every
 * allocation; nothing reads them. Set before SQLite initialises. */
static void configure_sqlite(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

static struct store *open_common(const char *path, bool do_migrate, const char *backup_dir,
				 char *err, size_t errlen)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	struct store *st;

	pthread_once(&once, configure_sqlite);
	st = xcalloc(1, sizeof(*st));

	st->path = xstrdup(path);
	if (sqlite3_open_v2(path, &st->db,
			    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
			    NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", path,
			 st->db ? sqlite3_errmsg(st->db) : "cannot open");
		goto fail;
	}
	sqlite3_busy_handler(st->db, busy_wait, NULL);
	sqlite3_extended_result_codes(st->db, 1);
	if (exec_sql(st, "PRAGMA journal_mode=WAL", err, errlen) < 0 ||
	    exec_sql(st, "PRAGMA synchronous=FULL", err, errlen) < 0 ||
	    exec_sql(st, "PRAGMA foreign_keys=ON", err, errlen) < 0 ||
	    exec_sql(st, "PRAGMA secure_delete=ON", err, errlen) < 0 ||
	    /* Savepoints' and statements' journals in memory, not in temporary
	     * files written for each message handled (the processor takes a
	     * savepoint per message): they never outlive the transaction. */
	    exec_sql(st, "PRAGMA temp_store=MEMORY", err, errlen) < 0)
		goto fail;
	if (do_migrate) {
		if (migrate(st, backup_dir, err, errlen) < 0)
			goto fail;
	} else if (store_schema_version(st) != store_schema_latest()) {
		snprintf(err, errlen, "%s: schema version %d, this build needs %d", path,
			 store_schema_version(st), store_schema_latest());
		goto fail;
	}
	return st;
fail:
	store_close(st);
	return NULL;
}

struct store *store_open(const char *path, char *err, size_t errlen)
{
	return open_common(path, true, NULL, err, errlen);
}

struct store *store_open_backup(const char *path, const char *backup_dir, char *err, size_t errlen)
{
	return open_common(path, true, backup_dir, err, errlen);
}

struct store *store_open_existing(const char *path, char *err, size_t errlen)
{
	return open_common(path, false, NULL, err, errlen);
}

void store_close(struct store *st)
{
	if (!st)
		return;
	for (int i = 0; i < st->n_cache; i++) {
		sqlite3_finalize(st->cache[i].stmt);
		free(st->cache[i].sql);
	}
	sqlite3_close_v2(st->db);
	free(st->path);
	free(st);
}

int store_begin(struct store *st)
{
	if (sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK) {
		log_error("database: begin: %s", sqlite3_errmsg(st->db));
		return -1;
	}
	return 0;
}

int store_commit(struct store *st)
{
	if (sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		log_error("database: commit: %s", sqlite3_errmsg(st->db));
		store_rollback(st);
		return -1;
	}
	return 0;
}

void store_rollback(struct store *st)
{
	if (!sqlite3_get_autocommit(st->db))
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
}

/* A nested unit of work: a transaction of its own when none is open, else
 * a savepoint inside the caller's. */
int store_tx_begin(struct store *st, struct store_tx *tx)
{
	tx->outer = sqlite3_get_autocommit(st->db) != 0;
	if (tx->outer)
		return store_begin(st);
	if (sqlite3_exec(st->db, "SAVEPOINT store_tx", NULL, NULL, NULL) != SQLITE_OK) {
		log_error("database: savepoint: %s", sqlite3_errmsg(st->db));
		return -1;
	}
	return 0;
}

int store_tx_commit(struct store *st, struct store_tx *tx)
{
	if (tx->outer)
		return store_commit(st);
	if (sqlite3_exec(st->db, "RELEASE store_tx", NULL, NULL, NULL) != SQLITE_OK) {
		log_error("database: release: %s", sqlite3_errmsg(st->db));
		store_tx_rollback(st, tx);
		return -1;
	}
	return 0;
}

void store_tx_rollback(struct store *st, struct store_tx *tx)
{
	if (tx->outer) {
		store_rollback(st);
		return;
	}
	sqlite3_exec(st->db, "ROLLBACK TO store_tx", NULL, NULL, NULL);
	sqlite3_exec(st->db, "RELEASE store_tx", NULL, NULL, NULL);
}

int store_mark(struct store *st)
{
	if (sqlite3_exec(st->db, "SAVEPOINT store_mark", NULL, NULL, NULL) != SQLITE_OK) {
		log_error("database: savepoint: %s", sqlite3_errmsg(st->db));
		return -1;
	}
	return 0;
}

void store_mark_keep(struct store *st)
{
	sqlite3_exec(st->db, "RELEASE store_mark", NULL, NULL, NULL);
}

void store_mark_undo(struct store *st)
{
	sqlite3_exec(st->db, "ROLLBACK TO store_mark", NULL, NULL, NULL);
	sqlite3_exec(st->db, "RELEASE store_mark", NULL, NULL, NULL);
}

long long store_data_version(struct store *st)
{
	sqlite3_stmt *stmt = store_prepare(st, "PRAGMA data_version");
	long long v = -1;

	if (stmt && sqlite3_step(stmt) == SQLITE_ROW)
		v = sqlite3_column_int64(stmt, 0);
	store_finish(st, stmt);
	return v;
}

int store_sync_normal(struct store *st)
{
	char err[256];

	if (exec_sql(st, "PRAGMA synchronous=NORMAL", err, sizeof(err)) < 0) {
		log_error("%s", err);
		return -1;
	}
	return 0;
}

void store_checkpoint(struct store *st)
{
	sqlite3_wal_checkpoint_v2(st->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
}

const char *store_errmsg(struct store *st)
{
	return sqlite3_errmsg(st->db);
}

static unsigned long sql_hash(const char *sql)
{
	unsigned long h = 5381;

	for (const unsigned char *p = (const unsigned char *)sql; *p; p++)
		h = h * 33 + *p;
	return h;
}

sqlite3_stmt *store_prepare(struct store *st, const char *sql)
{
	unsigned long h = sql_hash(sql);
	sqlite3_stmt *stmt = NULL;

	for (int i = 0; i < st->n_cache; i++) {
		struct store_cached *c = &st->cache[i];
		if (!c->busy && c->hash == h && strcmp(c->sql, sql) == 0) {
			c->busy = true;
			return c->stmt;
		}
	}
	if (sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) !=
	    SQLITE_OK) {
		log_error("database: prepare: %s", sqlite3_errmsg(st->db));
		return NULL;
	}
	/* SQL built with values in it would only fill the cache: once full,
	 * further statements are finalized after use. */
	if (stmt && st->n_cache < STORE_CACHE_MAX) {
		st->cache[st->n_cache++] = (struct store_cached){
		    .sql = xstrdup(sql), .hash = h, .stmt = stmt, .busy = true};
	}
	return stmt;
}

void store_finish(struct store *st, sqlite3_stmt *stmt)
{
	if (!stmt)
		return;
	for (int i = 0; i < st->n_cache; i++) {
		struct store_cached *c = &st->cache[i];
		if (c->stmt == stmt) {
			sqlite3_reset(stmt);
			sqlite3_clear_bindings(stmt);
			c->busy = false;
			return;
		}
	}
	sqlite3_finalize(stmt);
}

int store_step_done(struct store *st, sqlite3_stmt *stmt)
{
	int rc = sqlite3_step(stmt);

	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		log_error("database: %s", sqlite3_errmsg(st->db));
		return -1;
	}
	return 0;
}

int store_bind_text(sqlite3_stmt *stmt, int idx, const char *s)
{
	if (!s)
		return sqlite3_bind_null(stmt, idx);
	return sqlite3_bind_text(stmt, idx, s, -1, SQLITE_TRANSIENT);
}

sqlite3_stmt *store_prepare_args(struct store *st, const char *sql, const struct store_arg *args,
				 size_t n)
{
	sqlite3_stmt *stmt = store_prepare(st, sql);
	char now[32];

	if (!stmt)
		return NULL;
	store_now(now, sizeof(now));
	for (size_t i = 0; i < n; i++) {
		switch (args[i].type) {
		case STORE_ARG_TEXT:
			store_bind_text(stmt, args[i].idx, args[i].text);
			break;
		case STORE_ARG_INT:
			sqlite3_bind_int64(stmt, args[i].idx, args[i].num);
			break;
		case STORE_ARG_NOW:
			store_bind_text(stmt, args[i].idx, now);
			break;
		}
	}
	return stmt;
}

int store_run_args(struct store *st, const char *sql, const struct store_arg *args, size_t n)
{
	sqlite3_stmt *stmt = store_prepare_args(st, sql, args, n);
	int rc;

	if (!stmt)
		return -1;
	rc = store_step_done(st, stmt);
	store_finish(st, stmt);
	return rc < 0 ? -1 : sqlite3_changes(st->db);
}

long long store_int_args(struct store *st, const char *sql, long long none,
			 const struct store_arg *args, size_t n)
{
	sqlite3_stmt *stmt = store_prepare_args(st, sql, args, n);
	long long v = -1;

	if (!stmt)
		return -1;
	switch (sqlite3_step(stmt)) {
	case SQLITE_ROW:
		v = sqlite3_column_int64(stmt, 0);
		break;
	case SQLITE_DONE:
		v = none;
		break;
	default:
		log_error("database: %s", sqlite3_errmsg(st->db));
	}
	store_finish(st, stmt);
	return v;
}

char *store_column_dup(sqlite3_stmt *stmt, int col)
{
	const unsigned char *s = sqlite3_column_text(stmt, col);
	return s ? xstrdup((const char *)s) : NULL;
}

long long store_epoch_ms(void)
{
	return clock_now_ms();
}

void store_time(long long epoch_ms, char *buf, size_t len)
{
	time_t secs = (time_t)(epoch_ms / 1000);
	struct tm tm;

	gmtime_r(&secs, &tm);
	snprintf(buf, len, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
		 tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, (int)(epoch_ms % 1000));
}

void store_now(char *buf, size_t len)
{
	store_time(store_epoch_ms(), buf, len);
}

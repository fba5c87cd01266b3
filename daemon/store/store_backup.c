/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Backups: copying a live database with SQLite's backup API from one read
 * snapshot, a backup folder with the key and a manifest of hashes, and
 * checking and restoring one (see store_backup.h).
 */
#include "store/store_backup.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "store/store_internal.h"
#include "util/log.h"
#include "util/seal.h"
#include "util/xalloc.h"

/* Pages copied per step (4 KiB pages: 1 MiB), and the pause between steps
 * so the copy never hogs the disk while SMS are being stored. */
#define BACKUP_STEP_PAGES 256
#define BACKUP_STEP_SLEEP_MS 2
/* Steps that may find the destination or source busy before giving up. */
#define BACKUP_BUSY_MAX 5000
#define HASH_BYTES crypto_generichash_BYTES
#define FINGERPRINT_CONTEXT "tiengdan key fingerprint"

/* ---------------------------------------------------------------- files */

char *store_backup_default_dir(const char *database)
{
	char *copy = xstrdup(database);
	char *dir = xasprintf("%s/backup", dirname(copy));

	free(copy);
	return dir;
}

/* fsync of a file or folder by name; 0 or -1 (errno set). */
static int sync_path(const char *path, bool dir)
{
	int fd = open(path, (dir ? O_DIRECTORY : 0) | O_RDONLY | O_CLOEXEC);
	int rc;

	if (fd < 0)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

static int sync_parent(const char *path)
{
	char *copy = xstrdup(path);
	int rc = sync_path(dirname(copy), true);

	free(copy);
	return rc;
}

/* A compact UTC time for file names: 20250710T030405Z. */
static void stamp_now(char *buf, size_t len)
{
	time_t secs = (time_t)(store_epoch_ms() / 1000);
	struct tm tm;

	gmtime_r(&secs, &tm);
	strftime(buf, len, "%Y%m%dT%H%M%SZ", &tm);
}

/* Copies src to dst (created 0600, must not exist), fsync'd. Returns 0 or
 * -1 with errno set. With hash not NULL, also hashes what was copied. */
static int copy_file(const char *src, const char *dst)
{
	char buf[65536];
	int in = open(src, O_RDONLY | O_CLOEXEC), out = -1, saved;
	ssize_t n = 0;

	if (in < 0)
		return -1;
	out = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (out < 0)
		goto fail;
	while ((n = read(in, buf, sizeof(buf))) > 0) {
		for (ssize_t off = 0; off < n;) {
			ssize_t w = write(out, buf + off, (size_t)(n - off));
			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0)
				goto fail;
			off += w;
		}
	}
	if (n < 0 || fsync(out) < 0)
		goto fail;
	close(in);
	return close(out);
fail:
	saved = errno;
	close(in);
	if (out >= 0) {
		close(out);
		unlink(dst);
	}
	errno = saved;
	return -1;
}

/* BLAKE2b-256 of a file as hex into hex (2 * HASH_BYTES + 1), its size in
 * *bytes. Returns 0 or -1 with errno set. */
static int hash_file(const char *path, char *hex, long long *bytes)
{
	crypto_generichash_state h;
	unsigned char buf[65536], out[HASH_BYTES];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	*bytes = 0;
	crypto_generichash_init(&h, NULL, 0, sizeof(out));
	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		crypto_generichash_update(&h, buf, (unsigned long long)n);
		*bytes += n;
	}
	close(fd);
	if (n < 0)
		return -1;
	crypto_generichash_final(&h, out, sizeof(out));
	sodium_bin2hex(hex, 2 * HASH_BYTES + 1, out, sizeof(out));
	return 0;
}

/* The key's fingerprint: 16 bytes of a BLAKE2b of the key under a context
 * of its own, as hex (out >= 33). It names a key without revealing it. */
static int key_fingerprint(const char *path, char *out)
{
	unsigned char key[SEAL_KEY_BYTES], fp[16];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, key, sizeof(key));
	close(fd);
	if (n != (ssize_t)sizeof(key)) {
		sodium_memzero(key, sizeof(key));
		errno = EINVAL;
		return -1;
	}
	crypto_generichash(fp, sizeof(fp), (const unsigned char *)FINGERPRINT_CONTEXT,
			   strlen(FINGERPRINT_CONTEXT), key, sizeof(key));
	sodium_memzero(key, sizeof(key));
	sodium_bin2hex(out, 33, fp, sizeof(fp));
	return 0;
}

/* ---------------------------------------------------------------- copy */

/* How a copy went: pages copied and steps taken (for the manifest). */
struct copy_stats {
	long long pages;
	long long steps;
};

/* Copies the snapshot the source connection is reading into an open
 * destination connection, a chunk of pages at a time. */
static int backup_pages(sqlite3 *src, sqlite3 *dst, struct copy_stats *cs, char *err, size_t errlen)
{
	sqlite3_backup *b = sqlite3_backup_init(dst, "main", src, "main");
	int rc, busy = 0;

	if (!b) {
		snprintf(err, errlen, "%s", sqlite3_errmsg(dst));
		return -1;
	}
	do {
		rc = sqlite3_backup_step(b, BACKUP_STEP_PAGES);
		cs->steps++;
		cs->pages = sqlite3_backup_pagecount(b);
		if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
			busy++;
		if (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
			sqlite3_sleep(BACKUP_STEP_SLEEP_MS);
	} while ((rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED) &&
		 busy < BACKUP_BUSY_MAX);
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE) {
		snprintf(err, errlen, "%s", rc == SQLITE_OK ? "busy" : sqlite3_errstr(rc));
		return -1;
	}
	return 0;
}

/* The copy, into tmp: a single file in rollback journal mode. */
static int backup_into(sqlite3 *src, const char *tmp, struct copy_stats *cs, char *err,
		       size_t errlen)
{
	sqlite3 *dst = NULL;
	int fd, rc = -1;

	/* Created here so its mode is 0600 whatever the umask. */
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", tmp, strerror(errno));
		return -1;
	}
	close(fd);
	if (sqlite3_open_v2(tmp, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) !=
	    SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", tmp, dst ? sqlite3_errmsg(dst) : "cannot open");
		goto out;
	}
	if (backup_pages(src, dst, cs, err, errlen) < 0)
		goto out;
	if (sqlite3_exec(dst, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", tmp, sqlite3_errmsg(dst));
		goto out;
	}
	rc = 0;
out:
	if (sqlite3_close(dst) != SQLITE_OK && rc == 0) {
		snprintf(err, errlen, "%s: cannot close", tmp);
		rc = -1;
	}
	return rc;
}

/* The copy inside one read transaction of st (the caller's if one is
 * open), so it is one snapshot even while other connections commit. */
static int backup_file(struct store *st, const char *dest, struct copy_stats *cs, char *err,
		       size_t errlen)
{
	char *tmp = xasprintf("%s.tmp", dest);
	bool own_tx = sqlite3_get_autocommit(st->db) != 0;
	int rc = -1;

	unlink(tmp);
	if (own_tx && (sqlite3_exec(st->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK ||
		       sqlite3_exec(st->db, "SELECT count(*) FROM sqlite_schema", NULL, NULL,
				    NULL) != SQLITE_OK)) {
		snprintf(err, errlen, "%s: %s", st->path, sqlite3_errmsg(st->db));
		goto out;
	}
	if (backup_into(st->db, tmp, cs, err, errlen) < 0)
		goto out;
	if (sync_path(tmp, false) < 0 || rename(tmp, dest) < 0 || sync_parent(dest) < 0) {
		snprintf(err, errlen, "%s: %s", dest, strerror(errno));
		goto out;
	}
	rc = 0;
out:
	if (own_tx)
		sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL);
	if (rc < 0)
		unlink(tmp);
	free(tmp);
	return rc;
}

int store_backup_file(struct store *st, const char *dest, char *err, size_t errlen)
{
	struct copy_stats cs = {0};

	return backup_file(st, dest, &cs, err, errlen);
}

/* ---------------------------------------------------------------- make */

/* Creates dir (mode 0700) unless it exists as a folder; 0 or -1. */
static int ensure_dir(const char *dir)
{
	struct stat sb;

	if (mkdir(dir, 0700) == 0)
		return 0;
	if (errno == EEXIST && stat(dir, &sb) == 0 && S_ISDIR(sb.st_mode))
		return 0;
	if (errno == EEXIST)
		errno = ENOTDIR;
	return -1;
}

/* Removes a partial backup folder and what it holds (only our names). */
static void remove_partial(const char *dir)
{
	static const char *const names[] = {BACKUP_DB_NAME, BACKUP_DB_NAME ".tmp", BACKUP_KEY_NAME,
					    BACKUP_MANIFEST_NAME};
	char path[PATH_MAX + 64];

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		unlink(path);
	}
	rmdir(dir);
}

/* The figures of the snapshot, read inside the backup's read transaction. */
static json_t *snapshot_counts(struct store *st)
{
	return json_pack(
	    "{s:I, s:I, s:I, s:I}", "inbound",
	    store_int_args(st, "SELECT count(*) FROM inbound", 0, NULL, 0), "last_inbound_id",
	    store_int_args(st, "SELECT coalesce(max(id), 0) FROM inbound", 0, NULL, 0), "cases",
	    store_int_args(st, "SELECT count(*) FROM cases", 0, NULL, 0), "outbound",
	    store_int_args(st, "SELECT count(*) FROM outbound", 0, NULL, 0));
}

static json_t *file_entry(const char *path)
{
	char hex[2 * HASH_BYTES + 1];
	long long bytes;

	if (hash_file(path, hex, &bytes) < 0)
		return NULL;
	return json_pack("{s:I, s:s}", "bytes", bytes, "blake2b", hex);
}

static const char *const contents_names[] = {"database", "database+key", "key"};

const char *store_backup_contents_name(enum backup_contents c)
{
	return (unsigned)c < 3 ? contents_names[c] : "?";
}

/* Adds the file at path to files under name; 0 or -1. */
static int add_entry(json_t *files, const char *name, const char *path)
{
	json_t *entry = file_entry(path);

	return entry ? json_object_set_new(files, name, entry) : -1;
}

/* Writes the folder's content; 0 or -1 with err. */
static int write_backup(struct store *st, const char *partial, const char *key_file,
			enum backup_contents contents, json_t *manifest, char *err, size_t errlen)
{
	char db[PATH_MAX + 64], key[PATH_MAX + 64], man[PATH_MAX + 64], fp[40], done[32];
	struct copy_stats cs = {0};
	json_t *files = json_object();

	snprintf(db, sizeof(db), "%s/%s", partial, BACKUP_DB_NAME);
	snprintf(key, sizeof(key), "%s/%s", partial, BACKUP_KEY_NAME);
	snprintf(man, sizeof(man), "%s/%s", partial, BACKUP_MANIFEST_NAME);
	json_object_set_new(manifest, "files", files);
	json_object_set_new(manifest, "contents",
			    json_string(store_backup_contents_name(contents)));
	if (key_fingerprint(key_file, fp) < 0) {
		snprintf(err, errlen, "%s: %s", key_file, strerror(errno));
		return -1;
	}
	json_object_set_new(manifest, "key_fingerprint", json_string(fp));
	if (contents != BACKUP_KEY_ONLY) {
		if (backup_file(st, db, &cs, err, errlen) < 0)
			return -1;
		store_now(done, sizeof(done));
		json_object_set_new(manifest, "copy",
				    json_pack("{s:s, s:I, s:I, s:i}", "finished_at", done, "pages",
					      cs.pages, "steps", cs.steps, "pages_per_step",
					      BACKUP_STEP_PAGES));
		if (add_entry(files, BACKUP_DB_NAME, db) < 0) {
			snprintf(err, errlen, "%s: %s", db, strerror(errno));
			return -1;
		}
	}
	if (contents != BACKUP_DATABASE &&
	    (copy_file(key_file, key) < 0 || add_entry(files, BACKUP_KEY_NAME, key) < 0)) {
		snprintf(err, errlen, "%s: %s", key_file, strerror(errno));
		return -1;
	}
	if (json_dump_file(manifest, man, JSON_INDENT(2) | JSON_SORT_KEYS) < 0 ||
	    chmod(man, 0600) < 0 || sync_path(man, false) < 0 || sync_path(partial, true) < 0) {
		snprintf(err, errlen, "%s: %s", man, strerror(errno));
		return -1;
	}
	return 0;
}

json_t *store_backup_make(struct store *st, const char *parent, const char *key_file,
			  enum backup_contents contents, struct tderr *e)
{
	char name[64], final[PATH_MAX], partial[PATH_MAX + 16], now[32], err[PATH_MAX + 256];
	json_t *manifest = NULL;
	bool tx = false;

	snprintf(err, sizeof(err), "out of memory");
	if (sodium_init() < 0) {
		snprintf(err, sizeof(err), "sodium_init");
		goto fail;
	}
	if (ensure_dir(parent) < 0) {
		snprintf(err, sizeof(err), "%s: %s", parent, strerror(errno));
		goto fail;
	}
	stamp_now(name, sizeof(name));
	snprintf(final, sizeof(final), "%s/%s", parent, name);
	/* Two backups within a second get -2, -3, ... */
	for (int i = 2; access(final, F_OK) == 0 && i < 100; i++)
		snprintf(final, sizeof(final), "%s/%s-%d", parent, name, i);
	snprintf(partial, sizeof(partial), "%s.partial", final);
	if (mkdir(partial, 0700) < 0) {
		snprintf(err, sizeof(err), "%s: %s", partial, strerror(errno));
		goto fail;
	}
	/* One read snapshot for the figures and the copy. */
	if (sqlite3_exec(st->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_exec(st->db, "SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL) !=
		SQLITE_OK) {
		snprintf(err, sizeof(err), "%s", sqlite3_errmsg(st->db));
		goto fail_partial;
	}
	tx = true;
	store_now(now, sizeof(now));
	manifest =
	    json_pack("{s:s, s:s, s:s, s:i, s:s, s:o}", "format", BACKUP_FORMAT, "created_at", now,
		      "tiengdan", TIENGDAN_VERSION, "schema_version", store_schema_version(st),
		      "source", st->path, "counts", snapshot_counts(st));
	if (!manifest ||
	    write_backup(st, partial, key_file, contents, manifest, err, sizeof(err)) < 0)
		goto fail_partial;
	sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL);
	tx = false;
	if (rename(partial, final) < 0 || sync_path(parent, true) < 0) {
		snprintf(err, sizeof(err), "%s: %s", final, strerror(errno));
		goto fail_partial;
	}
	json_object_set_new(manifest, "dir", json_string(final));
	log_info(
	    "backup %s: schema %d, %lld inbound message(s)", final, store_schema_version(st),
	    json_integer_value(json_object_get(json_object_get(manifest, "counts"), "inbound")));
	return manifest;
fail_partial:
	remove_partial(partial);
fail:
	if (tx)
		sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL);
	json_decref(manifest);
	log_error("backup: %s", err);
	tderr_set(e, TDERR_INTERNAL, M_BACKUP_FAILED, err, NULL);
	return NULL;
}

/* ---------------------------------------------------------------- check */

/* Checks one file of the backup against its manifest entry. */
static int check_file(const char *dir, const json_t *files, const char *name, struct tderr *e)
{
	const json_t *entry = json_object_get(files, name);
	const char *want = json_string_value(json_object_get(entry, "blake2b"));
	char path[PATH_MAX], hex[2 * HASH_BYTES + 1];
	long long bytes;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (!want)
		return tderr_set(e, TDERR_INVALID, M_BACKUP_HASH, name, "not in the manifest");
	if (hash_file(path, hex, &bytes) < 0)
		return tderr_set(e, TDERR_INVALID, M_BACKUP_HASH, name, strerror(errno));
	if (bytes != json_integer_value(json_object_get(entry, "bytes")) || strcmp(hex, want) != 0)
		return tderr_set(e, TDERR_INVALID, M_BACKUP_HASH, name, "blake2b");
	return 0;
}

/* The first row of PRAGMA integrity_check: "ok" when sound. */
static int check_integrity(sqlite3 *db, struct tderr *e)
{
	sqlite3_stmt *stmt = NULL;
	char first[TDERR_ARG_MAX] = "no answer";
	int rc = -1;

	if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &stmt, NULL) == SQLITE_OK &&
	    sqlite3_step(stmt) == SQLITE_ROW) {
		const unsigned char *t = sqlite3_column_text(stmt, 0);
		snprintf(first, sizeof(first), "%s", t ? (const char *)t : "?");
		rc = strcmp(first, "ok") == 0 ? 0 : -1;
	} else {
		snprintf(first, sizeof(first), "%s", sqlite3_errmsg(db));
	}
	sqlite3_finalize(stmt);
	if (rc < 0)
		tderr_set(e, TDERR_INVALID, M_BACKUP_INTEGRITY, first, NULL);
	return rc;
}

static long long query_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *stmt = NULL;
	long long v = -1;

	if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) == SQLITE_OK &&
	    sqlite3_step(stmt) == SQLITE_ROW)
		v = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	return v;
}

/* A sealed value of the database, if any (caller frees). */
static char *any_sealed(sqlite3 *db)
{
	static const char sql[] =
	    "SELECT sender FROM cases WHERE sender LIKE '" SEAL_PREFIX "%'"
	    " UNION ALL SELECT sender FROM inbound WHERE sender LIKE '" SEAL_PREFIX "%'"
	    " UNION ALL SELECT recipient FROM outbound WHERE recipient LIKE '" SEAL_PREFIX "%'"
	    " LIMIT 1";
	sqlite3_stmt *stmt = NULL;
	char *v = NULL;

	if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) == SQLITE_OK &&
	    sqlite3_step(stmt) == SQLITE_ROW)
		v = store_column_dup(stmt, 0);
	sqlite3_finalize(stmt);
	return v;
}

/* The key is the manifest's and opens a sealed value of db. */
static int check_key(const char *dir, sqlite3 *db, const json_t *manifest, struct backup_check *out,
		     struct tderr *e)
{
	const char *want = json_string_value(json_object_get(manifest, "key_fingerprint"));
	char path[PATH_MAX], err[256];
	struct seal *s;
	struct stat sb;
	char *sealed, *plain;

	snprintf(path, sizeof(path), "%s/%s", dir, BACKUP_KEY_NAME);
	/* seal_open would create a missing key: check it exists first. */
	if (stat(path, &sb) < 0 || !S_ISREG(sb.st_mode))
		return tderr_set(e, TDERR_INVALID, M_BACKUP_KEY, BACKUP_KEY_NAME, strerror(ENOENT));
	if (key_fingerprint(path, out->fingerprint) < 0 || !want ||
	    strcmp(want, out->fingerprint) != 0)
		return tderr_set(e, TDERR_INVALID, M_BACKUP_KEY, BACKUP_KEY_NAME, "fingerprint");
	s = seal_open(path, err, sizeof(err));
	if (!s)
		return tderr_set(e, TDERR_INVALID, M_BACKUP_KEY, err, NULL);
	sealed = db ? any_sealed(db) : NULL;
	plain = sealed ? seal_decrypt(s, sealed) : NULL;
	seal_close(s);
	if (sealed && !plain) {
		free(sealed);
		return tderr_set(e, TDERR_INVALID, M_BACKUP_KEY, "seal_decrypt", NULL);
	}
	out->sealed_checked = plain ? 1 : 0;
	if (plain)
		sodium_memzero(plain, strlen(plain));
	free(plain);
	free(sealed);
	return 0;
}

/* What the folder holds, by its manifest (older ones held both). */
static enum backup_contents manifest_contents(const json_t *manifest)
{
	const char *c = json_string_value(json_object_get(manifest, "contents"));

	for (int i = 0; c && i < 3; i++)
		if (strcmp(c, contents_names[i]) == 0)
			return (enum backup_contents)i;
	return BACKUP_DATABASE_AND_KEY;
}

int store_backup_check(const char *dir, struct backup_check *out, struct tderr *e)
{
	char path[PATH_MAX], latest[16], found[16];
	json_error_t jerr;
	json_t *manifest, *files;
	const char *format, *created;
	sqlite3 *db = NULL;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	if (sodium_init() < 0)
		return tderr_set(e, TDERR_INTERNAL, M_INTERNAL, "sodium_init", NULL);
	snprintf(path, sizeof(path), "%s/%s", dir, BACKUP_MANIFEST_NAME);
	manifest = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
	format = json_string_value(json_object_get(manifest, "format"));
	if (!manifest || !format || strcmp(format, BACKUP_FORMAT) != 0) {
		tderr_set(e, TDERR_INVALID, M_BACKUP_MANIFEST, dir,
			  manifest ? "format" : jerr.text);
		goto out;
	}
	created = json_string_value(json_object_get(manifest, "created_at"));
	snprintf(out->created_at, sizeof(out->created_at), "%s", created ? created : "?");
	files = json_object_get(manifest, "files");
	out->contents = manifest_contents(manifest);
	if (out->contents == BACKUP_KEY_ONLY) {
		rc = check_file(dir, files, BACKUP_KEY_NAME, e) < 0
			 ? -1
			 : check_key(dir, NULL, manifest, out, e);
		goto out;
	}
	if (check_file(dir, files, BACKUP_DB_NAME, e) < 0 ||
	    (out->contents == BACKUP_DATABASE_AND_KEY &&
	     check_file(dir, files, BACKUP_KEY_NAME, e) < 0))
		goto out;
	snprintf(path, sizeof(path), "%s/%s", dir, BACKUP_DB_NAME);
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) !=
	    SQLITE_OK) {
		tderr_set(e, TDERR_INVALID, M_BACKUP_INTEGRITY,
			  db ? sqlite3_errmsg(db) : "cannot open", NULL);
		goto out;
	}
	if (check_integrity(db, e) < 0)
		goto out;
	out->schema = (int)query_int(db, "PRAGMA user_version");
	snprintf(found, sizeof(found), "%d", out->schema);
	snprintf(latest, sizeof(latest), "%d", store_schema_latest());
	if (out->schema > store_schema_latest()) {
		tderr_set(e, TDERR_INVALID, M_BACKUP_SCHEMA, found, latest);
		goto out;
	}
	if (out->schema < 1) {
		tderr_set(e, TDERR_INVALID, M_BACKUP_INTEGRITY, "user_version", found);
		goto out;
	}
	out->inbound = query_int(db, "SELECT count(*) FROM inbound");
	out->cases = query_int(db, "SELECT count(*) FROM cases");
	if (out->contents == BACKUP_DATABASE) {
		/* Checked against the key at restore: the folder names it. */
		const char *fp = json_string_value(json_object_get(manifest, "key_fingerprint"));
		snprintf(out->fingerprint, sizeof(out->fingerprint), "%s", fp ? fp : "");
		rc = 0;
		goto out;
	}
	rc = check_key(dir, db, manifest, out, e);
out:
	sqlite3_close(db);
	json_decref(manifest);
	return rc;
}

/* ---------------------------------------------------------------- restore */

bool store_backup_db_in_use(const char *database)
{
	sqlite3 *db = NULL;
	bool used;

	if (access(database, F_OK) < 0)
		return false;
	/* In WAL mode every open connection holds a shared lock on the file:
	 * an exclusive lock is refused while the daemon has it open. */
	if (sqlite3_open_v2(database, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) !=
	    SQLITE_OK) {
		sqlite3_close(db);
		return true;
	}
	used = sqlite3_exec(db, "PRAGMA locking_mode=EXCLUSIVE; BEGIN EXCLUSIVE; COMMIT", NULL,
			    NULL, NULL) != SQLITE_OK;
	sqlite3_close(db);
	return used;
}

/* Gives path to the owner of its folder (run as root, the files must stay
 * the daemon's); nothing otherwise. */
static int own_like_folder(const char *path)
{
	char *copy = xstrdup(path);
	struct stat sb;
	int rc = 0;

	if (geteuid() == 0 && stat(dirname(copy), &sb) == 0)
		rc = chown(path, sb.st_uid, sb.st_gid);
	free(copy);
	return rc;
}

/* The database's -wal and -shm go with it, named so that SQLite still
 * finds them beside the copy kept aside: nothing committed is lost. */
static void move_journal(const char *from, const char *to)
{
	static const char *const ext[] = {"-wal", "-shm"};

	for (size_t i = 0; i < sizeof(ext) / sizeof(ext[0]); i++) {
		char a[PATH_MAX + 8], b[PATH_MAX + 96];
		snprintf(a, sizeof(a), "%s%s", from, ext[i]);
		snprintf(b, sizeof(b), "%s%s", to, ext[i]);
		rename(a, b);
	}
}

/* Moves the current database (with its journal) and key aside to
 * <name><suffix> and the copies into place (db_tmp or key_tmp NULL: that
 * one is left as it is); on a failure half-way, puts everything back as it
 * was. 0 or -1 with errno set. */
static int swap_in(const char *database, const char *key_file, const char *db_tmp,
		   const char *key_tmp, const char *suffix, bool had_db)
{
	char db_aside[PATH_MAX + 64], key_aside[PATH_MAX + 64];
	bool key_moved = false, db_placed = false, key_placed = false;
	int saved;

	snprintf(db_aside, sizeof(db_aside), "%s%s", database, suffix);
	snprintf(key_aside, sizeof(key_aside), "%s%s", key_file, suffix);
	had_db = had_db && db_tmp;
	if (had_db) {
		move_journal(database, db_aside);
		if (rename(database, db_aside) < 0) {
			saved = errno;
			move_journal(db_aside, database);
			errno = saved;
			return -1;
		}
	}
	if (key_tmp && rename(key_file, key_aside) == 0)
		key_moved = true;
	else if (key_tmp && errno != ENOENT)
		goto undo;
	if (db_tmp && rename(db_tmp, database) < 0)
		goto undo;
	db_placed = db_tmp != NULL;
	if (key_tmp && rename(key_tmp, key_file) < 0)
		goto undo;
	key_placed = key_tmp != NULL;
	if (sync_parent(database) < 0 || sync_parent(key_file) < 0)
		goto undo;
	return 0;
undo:
	saved = errno;
	if (key_placed)
		rename(key_file, key_tmp);
	if (db_placed)
		rename(database, db_tmp);
	if (key_moved)
		rename(key_aside, key_file);
	if (had_db) {
		rename(db_aside, database);
		move_journal(db_aside, database);
	}
	errno = saved;
	return -1;
}

/* A backup without the key needs key_file to be the key it names. */
static int needs_key(const char *dir, const char *key_file, enum backup_contents *contents,
		     struct tderr *e)
{
	char path[PATH_MAX], have[40] = "";
	json_t *m;
	const char *want;
	int rc = 0;

	snprintf(path, sizeof(path), "%s/%s", dir, BACKUP_MANIFEST_NAME);
	m = json_load_file(path, JSON_REJECT_DUPLICATES, NULL);
	if (!m)
		return tderr_set(e, TDERR_INVALID, M_BACKUP_MANIFEST, dir, "manifest.json");
	*contents = manifest_contents(m);
	want = json_string_value(json_object_get(m, "key_fingerprint"));
	if (*contents == BACKUP_DATABASE &&
	    (key_fingerprint(key_file, have) < 0 || !want || strcmp(want, have) != 0))
		rc = tderr_set(e, TDERR_CONFLICT, M_BACKUP_NEEDS_KEY, want ? want : "?", key_file);
	json_decref(m);
	return rc;
}

int store_backup_restore(const char *dir, const char *database, const char *key_file, char *aside,
			 size_t asidelen, struct tderr *e)
{
	char src[PATH_MAX], db_tmp[PATH_MAX + 16], key_tmp[PATH_MAX + 16], stamp[32], suffix[64],
	    what[PATH_MAX + 64];
	bool had_db = access(database, F_OK) == 0;

	enum backup_contents contents;
	bool with_db, with_key;

	aside[0] = '\0';
	if (store_backup_db_in_use(database))
		return tderr_set(e, TDERR_CONFLICT, M_DAEMON_RUNNING, database, NULL);
	if (needs_key(dir, key_file, &contents, e) < 0)
		return -1;
	with_db = contents != BACKUP_KEY_ONLY;
	with_key = contents != BACKUP_DATABASE;
	snprintf(db_tmp, sizeof(db_tmp), "%s.restoring", database);
	snprintf(key_tmp, sizeof(key_tmp), "%s.restoring", key_file);
	unlink(db_tmp);
	unlink(key_tmp);
	snprintf(src, sizeof(src), "%s/%s", dir, BACKUP_DB_NAME);
	if (with_db && (copy_file(src, db_tmp) < 0 || own_like_folder(db_tmp) < 0)) {
		snprintf(what, sizeof(what), "%s: %s", db_tmp, strerror(errno));
		goto fail;
	}
	snprintf(src, sizeof(src), "%s/%s", dir, BACKUP_KEY_NAME);
	if (with_key && (copy_file(src, key_tmp) < 0 || own_like_folder(key_tmp) < 0)) {
		snprintf(what, sizeof(what), "%s: %s", key_tmp, strerror(errno));
		goto fail;
	}
	stamp_now(stamp, sizeof(stamp));
	snprintf(suffix, sizeof(suffix), ".replaced-%s", stamp);
	if (swap_in(database, key_file, with_db ? db_tmp : NULL, with_key ? key_tmp : NULL, suffix,
		    had_db) < 0) {
		snprintf(what, sizeof(what), "%s", strerror(errno));
		goto fail;
	}
	if (had_db && with_db)
		snprintf(aside, asidelen, "%s%s", database, suffix);
	return 0;
fail:
	unlink(db_tmp);
	unlink(key_tmp);
	return tderr_set(e, TDERR_INTERNAL, M_RESTORE_FAILED, what, NULL);
}

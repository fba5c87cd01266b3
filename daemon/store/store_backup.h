/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Backups of the database: an online, consistent copy made with SQLite's
 * backup API (tiengdan backup, and before a schema upgrade), with the key
 * that opens its sealed numbers and a manifest of hashes; checking one and
 * putting it in place of the current database (tiengdan restore).
 */
#ifndef TIENGDAN_STORE_BACKUP_H
#define TIENGDAN_STORE_BACKUP_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "store/store.h"
#include "util/tderr.h"

/* The names of the files inside a backup folder. */
#define BACKUP_DB_NAME "tiengdan.db"
#define BACKUP_KEY_NAME "tiengdan.key"
#define BACKUP_MANIFEST_NAME "manifest.json"
#define BACKUP_FORMAT "tiengdan-backup/1"

/* The backup folder when none is configured: "backup" beside the database.
 * Caller frees. */
char *store_backup_default_dir(const char *database);

/*
 * Copies the database of st into the file dest (mode 0600, fsync'd, the
 * folder too) through a temporary name, page chunks at a time with a short
 * sleep between them, from one read snapshot: writers on other connections
 * go on meanwhile and the copy holds exactly what was committed when it
 * began. The copy is a single file (rollback journal mode). Returns 0, or
 * -1 with the reason in err.
 */
int store_backup_file(struct store *st, const char *dest, char *err, size_t errlen);

/*
 * Makes a new folder <parent>/<UTC time>/ (parent created if missing) and
 * writes into it, as contents says, the database (store_backup_file)
 * and/or a copy of key_file, and manifest.json: format, contents, time,
 * schema version, counts of the snapshot (inbound, cases, outbound, the
 * last inbound id), each file's size and BLAKE2b-256, and the fingerprint
 * of key_file (always: a restore says which key it needs). Everything is written under
 * <name>.partial and renamed when complete and fsync'd. Returns the
 * manifest with "dir" added (caller decrefs), or NULL with e set.
 */
/* What a backup folder holds. The key is kept apart by default: a copy of
 * the database found with its key gives away every sealed number. */
enum backup_contents {
	BACKUP_DATABASE,	 /* the database; the manifest names its key's fingerprint */
	BACKUP_DATABASE_AND_KEY, /* both (backup --with-key; backups before this) */
	BACKUP_KEY_ONLY,	 /* the key alone, for a second medium (backup --key-only) */
};

/* "database", "database+key", "key": the manifest's "contents". */
const char *store_backup_contents_name(enum backup_contents c);

json_t *store_backup_make(struct store *st, const char *parent, const char *key_file,
			  enum backup_contents contents, struct tderr *e);

/* What store_backup_check found. */
struct backup_check {
	int schema;		  /* the backup's schema version */
	long long inbound;	  /* rows in its inbound table */
	long long cases;	  /* rows in its cases table */
	long long sealed_checked; /* sealed values opened with its key (0: none in it) */
	char created_at[40];	  /* from the manifest */
	char fingerprint[40];	  /* the key's (from the manifest when not in the folder) */
	enum backup_contents contents;
};

/*
 * Checks the backup folder dir: the manifest reads, every file's size and
 * hash match it, the database passes PRAGMA integrity_check, its schema is
 * not newer than this build, and its key (the right size and fingerprint)
 * opens a sealed value of the database when there is one. A folder
 * without the key is checked without it, one with the key alone checks the
 * key only. Returns 0 and fills out, or -1 with e set.
 */
int store_backup_check(const char *dir, struct backup_check *out, struct tderr *e);

/*
 * Puts the checked backup dir in place: refuses while another process has
 * the database open (the daemon); copies the backup's database and key
 * beside their targets (0600, owned like the database's folder when run
 * as root, fsync'd), renames the current database (with its -wal and -shm)
 * and key aside to <name>.replaced-<UTC time> (never deleted), then the
 * copies into place; a failure half-way puts everything back. aside (size asidelen) receives the
 * database's aside name, or "" when there was none. A backup without the
 * key restores only the database, and only when key_file is the key it
 * names (M_BACKUP_NEEDS_KEY with its fingerprint otherwise); a key-only
 * backup restores only the key. Returns 0 or -1 with e set.
 */
int store_backup_restore(const char *dir, const char *database, const char *key_file, char *aside,
			 size_t asidelen, struct tderr *e);

/* True when a process other than this one has the database open (SQLite
 * cannot take an exclusive lock on it). */
bool store_backup_db_in_use(const char *database);

#endif

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The SQLite store: opening a connection, migrations, transactions. Each
 * process (the daemon, every modem worker) has its own connection; WAL makes
 * that safe. Queries live in store_*.c, one function per query.
 */
#ifndef TIENGDAN_STORE_H
#define TIENGDAN_STORE_H

#include <stdbool.h>
#include <stddef.h>

struct store;

/* Opens (creating if needed) the database at path with WAL,
 * synchronous=FULL and a busy timeout, and applies pending migrations in
 * one transaction each (after a backup: see store_open_backup). Returns
 * NULL and a message in err on failure. Caller frees with store_close. */
struct store *store_open(const char *path, char *err, size_t errlen);
/* The same; an existing database behind this build's migrations is first
 * copied into backup_dir (NULL: a folder "backup" beside it) as
 * pre-migration-v<old>-<UTC time>.db, and not migrated if that fails. */
struct store *store_open_backup(const char *path, const char *backup_dir, char *err, size_t errlen);
/* Opens without migrating; fails if the schema is older than this build. */
struct store *store_open_existing(const char *path, char *err, size_t errlen);
void store_close(struct store *st);

/* The schema version (PRAGMA user_version) and the newest this build knows. */
int store_schema_version(struct store *st);
int store_schema_latest(void);

/* BEGIN IMMEDIATE / COMMIT / ROLLBACK. Return 0 or -1 (logged). */
int store_begin(struct store *st);
int store_commit(struct store *st);
void store_rollback(struct store *st);

/* A savepoint inside the open transaction: set it, keep what was done
 * since, or undo it (one level; the processor's per-message unit). */
int store_mark(struct store *st);
void store_mark_keep(struct store *st);
void store_mark_undo(struct store *st);

/* PRAGMA data_version: changes when another connection commits. */
long long store_data_version(struct store *st);
/* Checkpoints the WAL into the database and truncates it. */
void store_checkpoint(struct store *st);

/*
 * Commits on st no longer wait for the disk (synchronous=NORMAL in WAL
 * mode): a power cut may lose its last commits, never a process crash, and
 * the next FULL commit on any connection makes them durable with it (the
 * WAL is one file, synced up to its end). Only for work that is redone
 * from durable input when lost, before anything outside saw it: the
 * processor's, whose replies reach a modem only through a worker's FULL
 * commit of their claim. 0 or -1.
 */
int store_sync_normal(struct store *st);

/* The last error text of the connection. */
const char *store_errmsg(struct store *st);

/* Current UTC time as 'YYYY-MM-DDTHH:MM:SS.mmmZ' (buf >= 32 bytes), and
 * the same for t + offset seconds. */
void store_now(char *buf, size_t len);
void store_time(long long epoch_ms, char *buf, size_t len);
long long store_epoch_ms(void);

#endif

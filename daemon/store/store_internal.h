/*
 * Shared by the store_*.c files only: the connection struct and statement
 * helpers. Nothing outside daemon/store/ includes this (it needs sqlite3.h).
 */
#ifndef TIENGDAN_STORE_INTERNAL_H
#define TIENGDAN_STORE_INTERNAL_H

#include <sqlite3.h>

#include "store/store.h"

struct store {
	sqlite3 *db;
	char *path;
};

/* Prepares sql (cached by SQLite's own statement cache is not available,
 * so callers finalize). Logs and returns NULL on error. */
sqlite3_stmt *store_prepare(struct store *st, const char *sql);
/* Steps a statement expected to finish (INSERT/UPDATE/DELETE); returns 0 or -1. */
int store_step_done(struct store *st, sqlite3_stmt *stmt);
/* Binds text or NULL. */
int store_bind_text(sqlite3_stmt *stmt, int idx, const char *s);
/* A column as a fresh string (caller frees), NULL stays NULL. */
char *store_column_dup(sqlite3_stmt *stmt, int col);

#endif

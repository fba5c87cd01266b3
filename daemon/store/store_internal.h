/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Shared by the store_*.c files only: the connection struct and statement
 * helpers. Nothing outside daemon/store/ includes this (it needs sqlite3.h).
 */
#ifndef TIENGDAN_STORE_INTERNAL_H
#define TIENGDAN_STORE_INTERNAL_H

#include <jansson.h>
#include <sqlite3.h>
#include <stdbool.h>

#include "store/store.h"

/* A statement kept prepared for the next use of the same SQL text. */
struct store_cached {
	char *sql;
	unsigned long hash; /* of sql */
	sqlite3_stmt *stmt;
	bool busy; /* handed out by store_prepare, not yet back */
};

#define STORE_CACHE_MAX 96

struct store {
	sqlite3 *db;
	char *path;
	struct store_cached cache[STORE_CACHE_MAX];
	int n_cache;
};

/* Prepares sql, or hands out the statement kept from an earlier use of
 * the same text (reset, no bindings): compiling a statement costs more
 * than running it for most of the queries here. Every statement goes back
 * through store_finish, never sqlite3_finalize. Logs and returns NULL on
 * error. */
sqlite3_stmt *store_prepare(struct store *st, const char *sql);
/* Gives a statement of store_prepare back: kept for the next use (reset,
 * bindings cleared) when it is a cached one, otherwise finalized. NULL is
 * ignored. */
void store_finish(struct store *st, sqlite3_stmt *stmt);
/* Steps a statement expected to finish (INSERT/UPDATE/DELETE); returns 0 or -1. */
int store_step_done(struct store *st, sqlite3_stmt *stmt);
/* Binds text or NULL. */
int store_bind_text(sqlite3_stmt *stmt, int idx, const char *s);
/* One value bound to a statement parameter by store_run. */
struct store_arg {
	int idx; /* the ?N it binds */
	enum { STORE_ARG_TEXT, STORE_ARG_INT, STORE_ARG_NOW } type;
	const char *text; /* STORE_ARG_TEXT; NULL binds NULL */
	long long num;	  /* STORE_ARG_INT */
};

#define STORE_TEXT(i, s) ((struct store_arg){.idx = (i), .type = STORE_ARG_TEXT, .text = (s)})
#define STORE_INT(i, n) ((struct store_arg){.idx = (i), .type = STORE_ARG_INT, .num = (n)})
/* The current UTC time, as store_now writes it. */
#define STORE_NOW(i) ((struct store_arg){.idx = (i), .type = STORE_ARG_NOW})

/* Prepares sql with args bound; the caller gives it back with store_finish.
 * NULL on error (logged). */
sqlite3_stmt *store_prepare_args(struct store *st, const char *sql, const struct store_arg *args,
				 size_t n);

/* Prepares sql, binds args, steps it to the end and gives it back. Returns
 * the number of rows changed, or -1 (logged). */
int store_run_args(struct store *st, const char *sql, const struct store_arg *args, size_t n);
#define store_run(st, sql, ...)                                                                    \
	store_run_args((st), (sql), (const struct store_arg[]){__VA_ARGS__},                       \
		       sizeof((const struct store_arg[]){__VA_ARGS__}) / sizeof(struct store_arg))

/* The same, returning 0 or -1. */
#define store_exec(st, sql, ...) (store_run((st), (sql), __VA_ARGS__) < 0 ? -1 : 0)

/* Prepares sql, binds args and returns the first column of the first row
 * as an integer, or none when there is no row; -1 on error (logged). */
long long store_int_args(struct store *st, const char *sql, long long none,
			 const struct store_arg *args, size_t n);
#define store_int(st, sql, none, ...)                                                              \
	store_int_args((st), (sql), (none), (const struct store_arg[]){__VA_ARGS__},               \
		       sizeof((const struct store_arg[]){__VA_ARGS__}) / sizeof(struct store_arg))

/*
 * Runs a query and returns its rows as a JSON array of objects keyed by
 * column name: integers as JSON integers, reals as reals, NULL as null,
 * text (and blobs) as strings, invalid UTF-8 replaced by U+FFFD. Caller
 * owns the result (json_decref); NULL on error (logged). Queries without
 * parameters call store_rows_json_args(st, sql, NULL, 0).
 */
json_t *store_rows_json_args(struct store *st, const char *sql, const struct store_arg *args,
			     size_t n);
#define store_rows_json(st, sql, ...)                                                              \
	store_rows_json_args((st), (sql), (const struct store_arg[]){__VA_ARGS__},                 \
			     sizeof((const struct store_arg[]){__VA_ARGS__}) /                     \
				 sizeof(struct store_arg))

/*
 * A unit of work that nests: BEGIN IMMEDIATE when no transaction is open,
 * else a SAVEPOINT inside the caller's transaction, so a failure undoes
 * only this work. begin/commit return 0 or -1 (logged); a failed commit
 * rolls back.
 */
struct store_tx {
	bool outer; /* this unit opened the transaction */
};
int store_tx_begin(struct store *st, struct store_tx *tx);
int store_tx_commit(struct store *st, struct store_tx *tx);
void store_tx_rollback(struct store *st, struct store_tx *tx);

/* The units whose records a report on unit ?1 counts (store_report.h): a
 * WITH clause defining region (code, fwd). fwd marks units reached through
 * a successor, whose other predecessors stay out. UNION (not ALL) ends the
 * recursion on any cycle. */
#define STORE_REGION_CTE                                                                           \
	"WITH RECURSIVE region (code, fwd) AS ("                                                   \
	" SELECT code, 0 FROM unit WHERE code = ?1"                                                \
	" UNION SELECT u.code, r.fwd FROM unit u JOIN region r ON u.parent = r.code"               \
	" UNION SELECT u.code, 0 FROM unit u JOIN region r ON r.fwd = 0 AND u.successor = r.code"  \
	" UNION SELECT u.successor, 1 FROM unit u JOIN region r ON u.code = r.code"                \
	" WHERE u.successor IS NOT NULL) "

/* A column as a fresh string (caller frees), NULL stays NULL. */
char *store_column_dup(sqlite3_stmt *stmt, int col);

#endif

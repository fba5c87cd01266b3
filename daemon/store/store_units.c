/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Administrative units: importing them all or nothing, listing them as a
 * tree, and rolling a replaced unit up to its successor and its commune.
 */
#include "store/store_units.h"

#include <stdio.h>
#include <string.h>

#include "store/store_internal.h"
#include "util/clock.h"
#include "util/csv.h"
#include "util/log.h"

/* Longest parent or successor chain followed; a longer one is a cycle. */
#define UNIT_CHAIN_MAX 64

/* The columns of a unit, in the order of the import's statement. */
static const char *const unit_columns[] = {"code",	 "name",     "level",	  "parent",
					   "valid_from", "valid_to", "successor", "note"};
enum {
	COL_CODE,
	COL_NAME,
	COL_LEVEL,
	COL_PARENT,
	COL_FROM,
	COL_TO,
	COL_SUCCESSOR,
	COL_NOTE,
	COL_COUNT
};

/* A unit's columns as an import row gives them (NULL when empty). */
struct unit_row {
	const char *col[COL_COUNT];
	long long line; /* 0 when the row has none */
};

/* What the roll-ups need of one unit. */
struct unit_links {
	char level[UNIT_CODE_MAX];
	char parent[UNIT_CODE_MAX];    /* "" when none */
	char valid_to[CLOCK_DATE_LEN]; /* "" when open */
	char successor[UNIT_CODE_MAX]; /* "" when none */
};

/* ------------------------------------------------------------------ */
/* Import */

/* Reads the columns of one import row into u. 0 or -1 with e. */
static int row_read(const json_t *obj, struct unit_row *u, struct tderr *e)
{
	json_t *line = json_object_get(obj, "line");

	memset(u, 0, sizeof(*u));
	u->line = json_is_integer(line) ? json_integer_value(line) : 0;
	if (!json_is_object(obj))
		return tderr_set(e, TDERR_INVALID, M_BAD_VALUE, "row", "?");
	for (int i = 0; i < COL_COUNT; i++) {
		json_t *v = json_object_get(obj, unit_columns[i]);

		if (v && !json_is_null(v) && !json_is_string(v))
			return tderr_set(e, TDERR_INVALID, M_BAD_VALUE, unit_columns[i], "?");
		if (json_string_length(v) > 0)
			u->col[i] = json_string_value(v);
	}
	return 0;
}

/* Checks one row on its own: required columns, code, dates. */
static int row_check(const struct unit_row *u, struct tderr *e)
{
	for (int i = COL_CODE; i <= COL_LEVEL; i++)
		if (!u->col[i])
			return tderr_set(e, TDERR_INVALID, M_MISSING_ARG, unit_columns[i], NULL);
	if (strlen(u->col[COL_CODE]) >= UNIT_CODE_MAX || strpbrk(u->col[COL_CODE], " \t\r\n"))
		return tderr_set(e, TDERR_INVALID, M_BAD_VALUE, "code", u->col[COL_CODE]);
	for (const char *p = u->col[COL_CODE]; *p; p++)
		if ((unsigned char)*p < 0x20)
			return tderr_set(e, TDERR_INVALID, M_BAD_VALUE, "code", "?");
	for (int i = COL_FROM; i <= COL_TO; i++)
		if (u->col[i] && clock_parse_date(u->col[i], NULL) < 0)
			return tderr_set(e, TDERR_INVALID, M_BAD_DATE, u->col[i], NULL);
	if (u->col[COL_FROM] && u->col[COL_TO] && strcmp(u->col[COL_TO], u->col[COL_FROM]) < 0)
		return tderr_set(e, TDERR_INVALID, M_BAD_DATES, u->col[COL_TO], u->col[COL_FROM]);
	return 0;
}

/* Inserts or updates one unit. 0 or -1. */
static int row_upsert(struct store *st, const struct unit_row *u)
{
	return store_exec(
	    st,
	    "INSERT INTO unit (code, name, level, parent, valid_from, valid_to, successor, note,"
	    " updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
	    " ON CONFLICT (code) DO UPDATE SET name = ?2, level = ?3, parent = ?4,"
	    " valid_from = ?5, valid_to = ?6, successor = ?7, note = ?8, updated_at = ?9",
	    STORE_TEXT(1, u->col[COL_CODE]), STORE_TEXT(2, u->col[COL_NAME]),
	    STORE_TEXT(3, u->col[COL_LEVEL]), STORE_TEXT(4, u->col[COL_PARENT]),
	    STORE_TEXT(5, u->col[COL_FROM]), STORE_TEXT(6, u->col[COL_TO]),
	    STORE_TEXT(7, u->col[COL_SUCCESSOR]), STORE_TEXT(8, u->col[COL_NOTE]), STORE_NOW(9));
}

/* 1 when the unit exists, 0 if not, -1 on error. */
static int unit_exists(struct store *st, const char *code)
{
	return (int)store_int(st, "SELECT count(*) FROM unit WHERE code = ?1", 0,
			      STORE_TEXT(1, code));
}

/* 1 when following column (parent or successor) from code comes back to
 * code or runs longer than any chain can; 0 if not; -1 on error. The
 * column name is one of two constants, each with its own statement. */
static int chain_loops(struct store *st, const char *code, bool successor)
{
	static const char by_parent[] =
	    "WITH RECURSIVE up (code, depth) AS (SELECT parent, 1 FROM unit WHERE code = ?1"
	    " UNION ALL SELECT u.parent, up.depth + 1 FROM unit u JOIN up ON u.code = up.code"
	    " WHERE up.depth <= ?2) SELECT count(*) FROM up WHERE code = ?1 OR depth > ?2";
	static const char by_successor[] =
	    "WITH RECURSIVE up (code, depth) AS (SELECT successor, 1 FROM unit WHERE code = ?1"
	    " UNION ALL SELECT u.successor, up.depth + 1 FROM unit u JOIN up ON u.code = up.code"
	    " WHERE up.depth <= ?2) SELECT count(*) FROM up WHERE code = ?1 OR depth > ?2";
	long long n = store_int(st, successor ? by_successor : by_parent, 0, STORE_TEXT(1, code),
				STORE_INT(2, UNIT_CHAIN_MAX));

	return n < 0 ? -1 : n > 0;
}

/* Checks the links of a row once every row is in: parent and successor
 * exist, and neither chain loops. 0 or -1 with e. */
static int row_check_links(struct store *st, const struct unit_row *u, struct tderr *e)
{
	static const int links[] = {COL_PARENT, COL_SUCCESSOR};

	for (size_t i = 0; i < sizeof(links) / sizeof(links[0]); i++) {
		const char *target = u->col[links[i]];
		int rc;

		if (!target)
			continue;
		rc = unit_exists(st, target);
		if (rc == 0)
			return tderr_set(e, TDERR_INVALID, M_UNKNOWN_UNIT, target, NULL);
		if (rc > 0)
			rc = chain_loops(st, u->col[COL_CODE], links[i] == COL_SUCCESSOR);
		if (rc > 0)
			return tderr_set(e, TDERR_INVALID, M_UNIT_CYCLE, u->col[COL_CODE],
					 unit_columns[links[i]]);
		if (rc < 0)
			return tderr_set(e, TDERR_INTERNAL, M_INTERNAL, store_errmsg(st), NULL);
	}
	return 0;
}

/* The error of row u, wrapped with its line when it has one. */
static int row_fail(const struct unit_row *u, struct tderr *e)
{
	return u->line > 0 ? csv_error_at_line(e, u->line) : -1;
}

/* Fails when a code appears twice among the first n rows. */
static int rows_unique(const json_t *rows, size_t n, const struct unit_row *u, struct tderr *e)
{
	for (size_t i = 0; i < n; i++) {
		json_t *v = json_object_get(json_array_get(rows, i), "code");
		json_t *line = json_object_get(json_array_get(rows, i), "line");
		char num[24];

		if (!json_is_string(v) || strcmp(json_string_value(v), u->col[COL_CODE]) != 0)
			continue;
		snprintf(num, sizeof(num), "%lld", json_integer_value(line));
		return tderr_set(e, TDERR_INVALID, M_REPEATED, u->col[COL_CODE], num);
	}
	return 0;
}

/* Every row checked and written; the links checked after. 0 or -1. */
static int import_rows(struct store *st, const json_t *rows, struct tderr *e)
{
	struct unit_row u;
	size_t n = json_array_size(rows);

	for (size_t i = 0; i < n; i++) {
		if (row_read(json_array_get(rows, i), &u, e) < 0 || row_check(&u, e) < 0 ||
		    rows_unique(rows, i, &u, e) < 0)
			return row_fail(&u, e);
		if (row_upsert(st, &u) < 0) {
			tderr_set(e, TDERR_INTERNAL, M_INTERNAL, store_errmsg(st), NULL);
			return row_fail(&u, e);
		}
	}
	for (size_t i = 0; i < n; i++) {
		row_read(json_array_get(rows, i), &u, e);
		if (row_check_links(st, &u, e) < 0)
			return row_fail(&u, e);
	}
	return 0;
}

int store_units_import(struct store *st, const json_t *rows, struct tderr *e)
{
	struct store_tx tx;

	if (!json_is_array(rows))
		return tderr_set(e, TDERR_INVALID, M_BAD_VALUE, "rows", "?");
	if (store_tx_begin(st, &tx) < 0)
		return tderr_set(e, TDERR_INTERNAL, M_INTERNAL, store_errmsg(st), NULL);
	if (import_rows(st, rows, e) < 0) {
		store_tx_rollback(st, &tx);
		return -1;
	}
	if (store_tx_commit(st, &tx) < 0)
		return tderr_set(e, TDERR_INTERNAL, M_INTERNAL, store_errmsg(st), NULL);
	return (int)json_array_size(rows);
}

/* ------------------------------------------------------------------ */
/* Listing */

json_t *store_units_list(struct store *st, const char *at)
{
	/* Each unit's path from its root, codes joined by char(31) (below any
	 * character a code may hold), sorts the tree depth first with
	 * siblings by code. Units on a loop have no root and are left out. */
	static const char sql[] =
	    "WITH RECURSIVE tree (code, path) AS ("
	    " SELECT code, code FROM unit WHERE parent IS NULL"
	    " OR parent NOT IN (SELECT code FROM unit)"
	    " UNION ALL SELECT u.code, tree.path || char(31) || u.code"
	    " FROM unit u JOIN tree ON u.parent = tree.code)"
	    " SELECT u.code, u.name, u.level, u.parent, u.valid_from, u.valid_to, u.successor,"
	    " u.note FROM tree JOIN unit u ON u.code = tree.code"
	    " WHERE ?1 IS NULL OR ((u.valid_from IS NULL OR u.valid_from <= ?1)"
	    " AND (u.valid_to IS NULL OR u.valid_to >= ?1))"
	    " ORDER BY tree.path";

	if (at && clock_parse_date(at, NULL) < 0) {
		log_warn("units: bad date %s", at);
		return NULL;
	}
	return store_rows_json(st, sql, STORE_TEXT(1, at));
}

/* ------------------------------------------------------------------ */
/* Roll-ups */

/* Copies column col of stmt into out (size n), "" for NULL. */
static void column_copy(sqlite3_stmt *stmt, int col, char *out, size_t n)
{
	const unsigned char *s = sqlite3_column_text(stmt, col);

	snprintf(out, n, "%s", s ? (const char *)s : "");
}

/* Reads the links of unit code. 0, 1 when there is no such unit, -1. */
static int unit_links_get(struct store *st, const char *code, struct unit_links *l)
{
	sqlite3_stmt *stmt = store_prepare(
	    st, "SELECT level, parent, valid_to, successor FROM unit WHERE code = ?1");
	int rc;

	if (!stmt)
		return -1;
	store_bind_text(stmt, 1, code);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		column_copy(stmt, 0, l->level, sizeof(l->level));
		column_copy(stmt, 1, l->parent, sizeof(l->parent));
		column_copy(stmt, 2, l->valid_to, sizeof(l->valid_to));
		column_copy(stmt, 3, l->successor, sizeof(l->successor));
	} else if (rc != SQLITE_DONE) {
		log_error("database: unit %s: %s", code, store_errmsg(st));
	}
	store_finish(st, stmt);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}

/* at, or today when NULL, into day. */
static const char *day_or_today(const char *at, char day[CLOCK_DATE_LEN])
{
	if (at)
		return at;
	clock_today(day);
	return day;
}

/* Rolls code up on date at, leaving the unit's links in l. 0 or -1. */
static int roll_up(struct store *st, const char *code, const char *at, char *out,
		   struct unit_links *l)
{
	snprintf(out, UNIT_CODE_MAX, "%s", code);
	for (int hops = 0; hops <= UNIT_CHAIN_MAX; hops++) {
		if (unit_links_get(st, out, l) != 0)
			return -1;
		if (!*l->valid_to || strcmp(l->valid_to, at) >= 0 || !*l->successor)
			return 0;
		snprintf(out, UNIT_CODE_MAX, "%s", l->successor);
	}
	log_warn("units: the successors of %s loop", code);
	return -1;
}

int store_unit_current(struct store *st, const char *code, const char *at, char *out)
{
	char day[CLOCK_DATE_LEN];
	struct unit_links l;

	if (!code)
		return -1;
	return roll_up(st, code, day_or_today(at, day), out, &l);
}

/* A commune reached through the parents of a unit that was not replaced
 * may itself have been: its successor when that is a commune, else it. */
static void commune_current(struct store *st, const char *code, const char *at, char *out)
{
	struct unit_links l;

	if (roll_up(st, code, at, out, &l) < 0 || strcmp(l.level, "commune") != 0)
		snprintf(out, UNIT_CODE_MAX, "%s", code);
}

int store_unit_commune(struct store *st, const char *code, const char *at, char *out)
{
	char day[CLOCK_DATE_LEN];
	char cur[UNIT_CODE_MAX];
	struct unit_links l;

	if (!code)
		return -1;
	at = day_or_today(at, day);
	if (roll_up(st, code, at, cur, &l) < 0)
		return -1;
	for (int hops = 0; hops <= UNIT_CHAIN_MAX; hops++) {
		if (strcmp(l.level, "commune") == 0) {
			commune_current(st, cur, at, out);
			return 0;
		}
		if (!*l.parent)
			return -1;
		snprintf(cur, sizeof(cur), "%s", l.parent);
		if (unit_links_get(st, cur, &l) != 0)
			return -1;
	}
	return -1;
}

int store_unit_is_village(struct store *st, const char *code, const char *at)
{
	char day[CLOCK_DATE_LEN];

	return (int)store_int(st,
			      "SELECT count(*) > 0 FROM unit WHERE code = ?1 AND level = 'village'"
			      " AND (valid_from IS NULL OR valid_from <= ?2)"
			      " AND (valid_to IS NULL OR valid_to >= ?2)",
			      0, STORE_TEXT(1, code), STORE_TEXT(2, day_or_today(at, day)));
}

long long store_units_count(struct store *st)
{
	return store_int_args(st, "SELECT count(*) FROM unit", 0, NULL, 0);
}

/* ------------------------------------------------------------------ */
/* One unit */

/* Sets obj[key] to rows (taking it). 0, or -1 when rows is NULL. */
static int set_rows(json_t *obj, const char *key, json_t *rows)
{
	if (!rows)
		return -1;
	json_object_set_new(obj, key, rows);
	return 0;
}

/* A code as a JSON string when rc is 0, else null. */
static json_t *code_or_null(int rc, const char *code)
{
	return rc == 0 ? json_string(code) : json_null();
}

json_t *store_unit_show(struct store *st, const char *code, const char *at, struct tderr *e)
{
	static const char parents[] =
	    "WITH RECURSIVE up (code, depth) AS (SELECT parent, 1 FROM unit WHERE code = ?1"
	    " UNION ALL SELECT u.parent, up.depth + 1 FROM unit u JOIN up ON u.code = up.code"
	    " WHERE up.depth < ?2) SELECT u.code, u.name, u.level FROM up"
	    " JOIN unit u ON u.code = up.code ORDER BY up.depth";
	static const char children[] =
	    "SELECT code, name, level FROM unit WHERE parent = ?1 ORDER BY code";
	static const char predecessors[] =
	    "SELECT code, name, level FROM unit WHERE successor = ?1 ORDER BY code";
	char day[CLOCK_DATE_LEN];
	char out[UNIT_CODE_MAX];
	json_t *rows, *obj;

	if (at && clock_parse_date(at, NULL) < 0) {
		tderr_set(e, TDERR_INVALID, M_BAD_DATE, at, NULL);
		return NULL;
	}
	at = day_or_today(at, day);
	rows = store_rows_json(st,
			       "SELECT code, name, level, parent, valid_from, valid_to, successor,"
			       " note FROM unit WHERE code = ?1",
			       STORE_TEXT(1, code));
	if (!rows) {
		tderr_set(e, TDERR_INTERNAL, M_INTERNAL, store_errmsg(st), NULL);
		return NULL;
	}
	obj = json_incref(json_array_get(rows, 0));
	json_decref(rows);
	if (!obj) {
		tderr_set(e, TDERR_NOT_FOUND, M_UNKNOWN_UNIT, code, NULL);
		return NULL;
	}
	if (set_rows(obj, "parents",
		     store_rows_json(st, parents, STORE_TEXT(1, code),
				     STORE_INT(2, UNIT_CHAIN_MAX))) < 0 ||
	    set_rows(obj, "children", store_rows_json(st, children, STORE_TEXT(1, code))) < 0 ||
	    set_rows(obj, "predecessors", store_rows_json(st, predecessors, STORE_TEXT(1, code))) <
		0) {
		json_decref(obj);
		tderr_set(e, TDERR_INTERNAL, M_INTERNAL, store_errmsg(st), NULL);
		return NULL;
	}
	json_object_set_new(obj, "current",
			    code_or_null(store_unit_current(st, code, at, out), out));
	json_object_set_new(obj, "commune",
			    code_or_null(store_unit_commune(st, code, at, out), out));
	return obj;
}

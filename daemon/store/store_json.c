/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Query results as JSON: the rows of one statement as an array of objects
 * keyed by column name, for every listing the control socket returns.
 */
#include "store/store_internal.h"

#include <string.h>
#include <utf8proc.h>

#include "util/log.h"
#include "util/xalloc.h"

/* A JSON string of s (len bytes) with each invalid UTF-8 sequence
 * replaced by U+FFFD; NULL only if jansson runs out of memory. */
static json_t *string_repaired(const char *s, size_t len)
{
	static const char replacement[] = "\xef\xbf\xbd";
	char *buf = xmalloc(len * 3 + 1);
	size_t used = 0;
	json_t *v;

	for (size_t i = 0; i < len;) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
						      (utf8proc_ssize_t)(len - i), &cp);

		if (n <= 0 || cp == 0) {
			memcpy(buf + used, replacement, 3);
			used += 3;
			i++;
			continue;
		}
		memcpy(buf + used, s + i, (size_t)n);
		used += (size_t)n;
		i += (size_t)n;
	}
	v = json_stringn(buf, used);
	free(buf);
	return v;
}

/* The value of column col of the current row. */
static json_t *column_json(sqlite3_stmt *stmt, int col)
{
	const char *s;
	size_t len;
	json_t *v;

	switch (sqlite3_column_type(stmt, col)) {
	case SQLITE_INTEGER:
		return json_integer(sqlite3_column_int64(stmt, col));
	case SQLITE_FLOAT:
		return json_real(sqlite3_column_double(stmt, col));
	case SQLITE_NULL:
		return json_null();
	default:
		s = (const char *)sqlite3_column_text(stmt, col);
		len = (size_t)sqlite3_column_bytes(stmt, col);
		if (!s)
			return json_string("");
		v = memchr(s, '\0', len) ? NULL : json_stringn(s, len);
		return v ? v : string_repaired(s, len);
	}
}

json_t *store_rows_json_args(struct store *st, const char *sql, const struct store_arg *args,
			     size_t n)
{
	sqlite3_stmt *stmt = store_prepare_args(st, sql, args, n);
	json_t *rows = NULL;
	int rc;

	if (!stmt)
		return NULL;
	rows = json_array();
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		json_t *row = json_object();
		int cols = sqlite3_column_count(stmt);

		for (int i = 0; i < cols; i++)
			json_object_set_new(row, sqlite3_column_name(stmt, i),
					    column_json(stmt, i));
		json_array_append_new(rows, row);
	}
	if (rc != SQLITE_DONE) {
		log_error("database: %s", sqlite3_errmsg(st->db));
		json_decref(rows);
		rows = NULL;
	}
	store_finish(st, stmt);
	return rows;
}

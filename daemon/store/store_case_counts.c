/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Counts of cases received since a date, by commune and kind, with those of
 * one day apart, and the open cases overdue or due soon by handling unit:
 * the first screen's figures without listing every case (one grouped
 * query each, then the roll-up per place). */
#include "store/store_case_counts.h"

#include <string.h>

#include "store/store_casework.h"
#include "store/store_internal.h"
#include "util/clock.h"

json_t *store_case_counts(struct store *st, const char *since, const char *day,
			  const struct unit_scope *scope)
{
	static const char sql[] =
	    "SELECT coalesce(village, unit) AS place, kind, count(*) AS n,"
	    " sum(received_on = ?2) AS on_day FROM cases WHERE received_on >= ?1"
	    " GROUP BY place, kind";
	char today[CLOCK_DATE_LEN];
	json_t *rows, *cache, *by = NULL, *out = NULL, *row, *v;
	const char *key;
	size_t i;

	if (!since || clock_parse_date(since, NULL) < 0 || !day || clock_parse_date(day, NULL) < 0)
		return NULL;
	rows = store_rows_json(st, sql, STORE_TEXT(1, since), STORE_TEXT(2, day));
	if (!rows)
		return NULL;
	clock_today(today);
	cache = json_object();
	by = json_object(); /* "commune\tkind" -> {commune, kind, since, day} */
	json_array_foreach(rows, i, row)
	{
		const char *place = json_string_value(json_object_get(row, "place"));
		const char *kind = json_string_value(json_object_get(row, "kind"));
		const char *commune = store_commune_cached(st, cache, place, today);
		char k[2 * UNIT_CODE_MAX + 16];
		json_t *e;

		if (!store_scope_has(scope, commune))
			continue;
		snprintf(k, sizeof(k), "%s\t%s", commune ? commune : "", kind ? kind : "");
		e = json_object_get(by, k);
		if (!e) {
			e = json_pack("{s:o, s:s, s:I, s:I}", "commune",
				      commune ? json_string(commune) : json_null(), "kind",
				      kind ? kind : "", "since", (json_int_t)0, "day",
				      (json_int_t)0);
			json_object_set_new(by, k, e);
		}
		json_object_set_new(e, "since",
				    json_integer(json_integer_value(json_object_get(e, "since")) +
						 json_integer_value(json_object_get(row, "n"))));
		json_object_set_new(
		    e, "day",
		    json_integer(json_integer_value(json_object_get(e, "day")) +
				 json_integer_value(json_object_get(row, "on_day"))));
	}
	out = json_array();
	json_object_foreach(by, key, v) json_array_append(out, v);
	json_decref(by);
	json_decref(cache);
	json_decref(rows);
	return out;
}

json_t *store_case_deadlines(struct store *st, const char *due_by, const struct unit_scope *scope)
{
	static const char sql[] =
	    "SELECT coalesce(village, unit) AS place, unit,"
	    " sum(?1 > coalesce(due_resolve, due_first)) AS overdue,"
	    " sum(coalesce(due_resolve, due_first) BETWEEN ?1 AND ?2) AS due_soon"
	    " FROM cases WHERE status IN ('received', 'accepted', 'in_progress')"
	    " GROUP BY place, unit";
	char today[CLOCK_DATE_LEN];
	json_t *rows, *cache, *out, *row;
	size_t i;

	if (!due_by || clock_parse_date(due_by, NULL) < 0)
		return NULL;
	clock_today(today);
	rows = store_rows_json(st, sql, STORE_TEXT(1, today), STORE_TEXT(2, due_by));
	if (!rows)
		return NULL;
	cache = json_object();
	out = json_array();
	json_array_foreach(rows, i, row)
	{
		const char *place = json_string_value(json_object_get(row, "place"));
		const char *commune = store_commune_cached(st, cache, place, today);
		json_int_t overdue = json_integer_value(json_object_get(row, "overdue"));
		json_int_t soon = json_integer_value(json_object_get(row, "due_soon"));

		if (!store_scope_has(scope, commune) || (!overdue && !soon))
			continue;
		json_array_append_new(out, json_pack("{s:o, s:O, s:I, s:I}", "commune",
						     commune ? json_string(commune) : json_null(),
						     "unit", json_object_get(row, "unit"),
						     "overdue", overdue, "due_soon", soon));
	}
	json_decref(cache);
	json_decref(rows);
	return out;
}

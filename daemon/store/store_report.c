/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The report over a period (store_report.h): one query gives each case of
 * the unit's region with its status at both ends of the period, another
 * the meetings by village; the figures are added up here by kind and by
 * commune.
 */
#include "store/store_report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_casework.h"
#include "store/store_internal.h"
#include "store/store_report_notices.h"
#include "util/clock.h"

#define OPEN_STATUSES "('received', 'accepted', 'in_progress')"

/* The last status change of the case on or before a day (?2 exclusive,
 * ?3 inclusive), as local dates. */
#define STATUS_ON(cmp, param)                                                                      \
	"(SELECT e.status_to FROM case_event e WHERE e.case_id = c.id AND e.event = 'status'"      \
	" AND date(e.at, 'localtime') " cmp " " param " ORDER BY e.id DESC LIMIT 1)"

static const char cases_sql[] = STORE_REGION_CTE
    "SELECT c.kind, coalesce(c.village, c.unit) AS place, c.received_on, c.due_first,"
    " c.due_resolve, c.accepted_on,"
    " coalesce(" STATUS_ON(
	"<", "?2") ", 'received') AS status_start,"
		   " coalesce(" STATUS_ON(
		       "<=", "?3") ", 'received') AS status_end,"
				   " (SELECT max(date(e.at, 'localtime')) FROM case_event e WHERE "
				   "e.case_id = c.id"
				   " AND e.event = 'status' AND e.status_from IN " OPEN_STATUSES
				   " AND e.status_to NOT IN " OPEN_STATUSES
				   " AND date(e.at, 'localtime') <= ?3) AS left_on"
				   " FROM cases c WHERE c.received_on <= ?3"
				   " AND (?1 IS NULL OR coalesce(c.village, c.unit) IN (SELECT "
				   "code FROM region))";

static const char meetings_sql[] = STORE_REGION_CTE
    "SELECT village AS place, count(*) AS meetings, sum(present) AS households_present,"
    " sum(total) AS households_total, sum(coalesce(opinions, 0)) AS opinions,"
    " sum(quorum) AS quorum_met FROM meeting WHERE meeting_date BETWEEN ?2 AND ?3"
    " AND (?1 IS NULL OR village IN (SELECT code FROM region)) GROUP BY village";

static const char *const case_keys[] = {
    "carried_over", "received",	    "total",   "resolved", "on_time", "on_time_rate",
    "transferred",  "other_closed", "pending", "overdue",  NULL};
static const char *const meeting_keys[] = {"meetings", "households_present", "households_total",
					   "opinions", "quorum_met",	     NULL};
static const char *const kinds[] = {"feedback", "complaint", "denunciation"};

/* ------------------------------------------------------------------ */
/* Adding up */

/* A figures object with every key of each list at 0. */
static json_t *figures_new(const char *const *a, const char *const *b)
{
	json_t *obj = json_object();

	for (const char *const *k = a; k && *k; k++)
		json_object_set_new(obj, *k, json_integer(0));
	for (const char *const *k = b; k && *k; k++)
		json_object_set_new(obj, *k, json_integer(0));
	return obj;
}

static void bump(json_t *obj, const char *key, long long n)
{
	json_t *v = json_object_get(obj, key);

	json_object_set_new(obj, key, json_integer(json_integer_value(v) + n));
}

/* The figures of one case. */
struct case_fig {
	bool carried, received, resolved, on_time, transferred, other, pending, overdue;
};

static const char *str(const json_t *row, const char *key)
{
	return json_string_value(json_object_get(row, key));
}

static bool open_status(const char *s)
{
	return !strcmp(s, "received") || !strcmp(s, "accepted") || !strcmp(s, "in_progress");
}

/* The due date that applied to a case on day: due_resolve once accepted
 * by then, else due_first. NULL: none. */
static const char *due_on(const json_t *row, const char *day)
{
	const char *accepted = str(row, "accepted_on"), *resolve = str(row, "due_resolve");

	if (resolve && accepted && strcmp(accepted, day) <= 0)
		return resolve;
	return str(row, "due_first");
}

/* Works out the figures of a case row; false when the period does not
 * concern it (closed before it began). Overdue is judged on asof: the
 * period's last day, or today while it has not ended. */
static bool case_figures(const json_t *row, const struct report_query *q, const char *asof,
			 struct case_fig *f)
{
	const char *received = str(row, "received_on"), *end = str(row, "status_end");
	const char *left = str(row, "left_on"), *due;

	memset(f, 0, sizeof(*f));
	f->received = strcmp(received, q->from) >= 0;
	f->carried = !f->received && open_status(str(row, "status_start"));
	if (!f->received && !f->carried)
		return false;
	if (open_status(end)) {
		f->pending = true;
		due = due_on(row, asof);
		f->overdue = due && strcmp(asof, due) > 0;
	} else if (!strcmp(end, "resolved") || !strcmp(end, "closed")) {
		f->resolved = true;
		due = left ? due_on(row, left) : NULL;
		f->on_time = !due || !left || strcmp(left, due) <= 0;
	} else if (!strcmp(end, "transferred")) {
		f->transferred = true;
	} else {
		f->other = true;
	}
	return true;
}

static void case_add(json_t *obj, const struct case_fig *f)
{
	bump(obj, "carried_over", f->carried);
	bump(obj, "received", f->received);
	bump(obj, "total", 1);
	bump(obj, "resolved", f->resolved);
	bump(obj, "on_time", f->on_time);
	bump(obj, "transferred", f->transferred);
	bump(obj, "other_closed", f->other);
	bump(obj, "pending", f->pending);
	bump(obj, "overdue", f->overdue);
}

/* Sets on_time_rate from on_time and resolved. */
static void rate_set(json_t *obj)
{
	long long resolved = json_integer_value(json_object_get(obj, "resolved"));
	long long on_time = json_integer_value(json_object_get(obj, "on_time"));

	json_object_set_new(obj, "on_time_rate",
			    resolved ? json_real(round(on_time * 1000.0 / resolved) / 10.0)
				     : json_null());
}

/* ------------------------------------------------------------------ */
/* Places */

/* Where records are added up. */
struct tally {
	struct store *st;
	const struct report_query *q;
	const struct unit_scope *scope;
	char today[CLOCK_DATE_LEN];
	const char *asof;  /* the day overdue is judged on */
	json_t *now_cache; /* place -> commune today (scope) */
	json_t *end_cache; /* place -> commune on the last day (by unit) */
	json_t *totals;
	json_t *by_unit; /* commune code ("" = not placed) -> figures */
};

/* The by-unit figures of row's place, or NULL when outside scope. */
static json_t *unit_figures(struct tally *t, const json_t *row)
{
	const char *place = str(row, "place");
	const char *commune;
	json_t *obj;

	if (t->scope && t->scope->n > 0 &&
	    !store_scope_has(t->scope, store_commune_cached(t->st, t->now_cache, place, t->today)))
		return NULL;
	commune = store_commune_cached(t->st, t->end_cache, place, t->q->to);
	if (!commune)
		commune = "";
	obj = json_object_get(t->by_unit, commune);
	if (!obj) {
		obj = figures_new(case_keys, meeting_keys);
		json_object_set_new(t->by_unit, commune, obj);
	}
	return obj;
}

static int tally_cases(struct tally *t, json_t *by_kind[3])
{
	json_t *rows = store_rows_json(t->st, cases_sql, STORE_TEXT(1, t->q->unit),
				       STORE_TEXT(2, t->q->from), STORE_TEXT(3, t->q->to));
	size_t i;
	json_t *row;

	if (!rows)
		return -1;
	json_array_foreach(rows, i, row)
	{
		struct case_fig f;
		json_t *unit;

		if (!case_figures(row, t->q, t->asof, &f) || !(unit = unit_figures(t, row)))
			continue;
		case_add(t->totals, &f);
		case_add(unit, &f);
		for (int k = 0; k < 3; k++)
			if (!strcmp(str(row, "kind"), kinds[k]))
				case_add(by_kind[k], &f);
	}
	json_decref(rows);
	return 0;
}

static int tally_meetings(struct tally *t)
{
	json_t *rows = store_rows_json(t->st, meetings_sql, STORE_TEXT(1, t->q->unit),
				       STORE_TEXT(2, t->q->from), STORE_TEXT(3, t->q->to));
	size_t i;
	json_t *row;

	if (!rows)
		return -1;
	json_array_foreach(rows, i, row)
	{
		json_t *unit = unit_figures(t, row);

		if (!unit)
			continue;
		for (const char *const *k = meeting_keys; *k; k++) {
			long long n = json_integer_value(json_object_get(row, *k));
			bump(t->totals, *k, n);
			bump(unit, *k, n);
		}
	}
	json_decref(rows);
	return 0;
}

static int key_cmp(const void *a, const void *b)
{
	const char *x = *(const char *const *)a, *y = *(const char *const *)b;

	/* "" (records not placed) last. */
	if (!*x || !*y)
		return !*x - !*y;
	return strcmp(x, y);
}

/* The by-unit figures as an array ordered by commune code, with names. */
static json_t *by_unit_array(struct tally *t)
{
	size_t n = json_object_size(t->by_unit), i = 0;
	const char **keys = calloc(n + 1, sizeof(*keys));
	json_t *out = json_array(), *v;
	const char *k;

	json_object_foreach(t->by_unit, k, v) keys[i++] = k;
	qsort(keys, n, sizeof(*keys), key_cmp);
	for (i = 0; i < n; i++) {
		json_t *obj = json_object_get(t->by_unit, keys[i]);
		json_t *names = store_rows_json(t->st, "SELECT name FROM unit WHERE code = ?1",
						STORE_TEXT(1, keys[i]));
		json_t *name = json_object_get(json_array_get(names, 0), "name");
		json_t *entry =
		    json_pack("{s:o, s:O}", "unit", *keys[i] ? json_string(keys[i]) : json_null(),
			      "name", name ? name : json_null());

		json_decref(names);
		rate_set(obj);
		json_object_update(entry, obj);
		json_array_append_new(out, entry);
	}
	free(keys);
	return out;
}

/* ------------------------------------------------------------------ */
/* The report */

int store_report_check(const struct report_query *q, struct tderr *e)
{
	if (!q->from || clock_parse_date(q->from, NULL) < 0)
		return tderr_set(e, TDERR_INVALID, M_BAD_DATE, q->from ? q->from : "", NULL);
	if (!q->to || clock_parse_date(q->to, NULL) < 0)
		return tderr_set(e, TDERR_INVALID, M_BAD_DATE, q->to ? q->to : "", NULL);
	if (strcmp(q->from, q->to) > 0)
		return tderr_set(e, TDERR_INVALID, M_BAD_DATES, q->to, q->from);
	return 0;
}

json_t *store_report_unit(struct store *st, const char *code, struct tderr *e)
{
	json_t *rows, *obj;

	if (!code)
		return json_null();
	rows = store_rows_json(st, "SELECT code, name, level FROM unit WHERE code = ?1",
			       STORE_TEXT(1, code));
	obj = json_incref(json_array_get(rows, 0));
	json_decref(rows);
	if (!obj)
		tderr_set(e, rows ? TDERR_NOT_FOUND : TDERR_INTERNAL,
			  rows ? M_UNKNOWN_UNIT : M_INTERNAL, rows ? code : store_errmsg(st), NULL);
	return obj;
}

json_t *store_report(struct store *st, const struct report_query *q, const struct unit_scope *scope,
		     struct tderr *e)
{
	struct tally t = {.st = st, .q = q, .scope = scope};
	json_t *by_kind[3], *kinds_out, *unit, *result = NULL;

	if (store_report_check(q, e) < 0 || !(unit = store_report_unit(st, q->unit, e)))
		return NULL;
	clock_today(t.today);
	t.asof = strcmp(q->to, t.today) < 0 ? q->to : t.today;
	t.now_cache = json_object();
	t.end_cache = json_object();
	t.totals = figures_new(case_keys, meeting_keys);
	t.by_unit = json_object();
	for (int k = 0; k < 3; k++)
		by_kind[k] = figures_new(case_keys, NULL);
	if (tally_cases(&t, by_kind) < 0 || tally_meetings(&t) < 0) {
		tderr_set(e, TDERR_INTERNAL, M_INTERNAL, store_errmsg(st), NULL);
		goto out;
	}
	kinds_out = json_array();
	for (int k = 0; k < 3; k++) {
		json_t *entry = json_pack("{s:s}", "kind", kinds[k]);
		rate_set(by_kind[k]);
		json_object_update(entry, by_kind[k]);
		json_array_append_new(kinds_out, entry);
	}
	rate_set(t.totals);
	result =
	    json_pack("{s:s, s:s, s:O, s:O, s:o, s:o}", "from", q->from, "to", q->to, "unit", unit,
		      "totals", t.totals, "by_kind", kinds_out, "by_unit", by_unit_array(&t));
	/* Notices sent and polls held: store_report_notices.c. */
	if (store_report_notices(st, q, scope, result) < 0) {
		json_decref(result);
		result = NULL;
		tderr_set(e, TDERR_INTERNAL, M_INTERNAL, store_errmsg(st), NULL);
	}
out:
	for (int k = 0; k < 3; k++)
		json_decref(by_kind[k]);
	json_decref(unit);
	json_decref(t.now_cache);
	json_decref(t.end_cache);
	json_decref(t.totals);
	json_decref(t.by_unit);
	return result;
}

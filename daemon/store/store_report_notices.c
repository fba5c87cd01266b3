/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Notices and polls in a report (store_report_notices.h): one query gives
 * each notice's recipients by village, added up here by commune; another
 * the polls, each with its tally.
 */
#include "store/store_report_notices.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/notice.h"
#include "store/store_casework.h"
#include "store/store_internal.h"
#include "store/store_notices.h"
#include "store/store_polls.h"
#include "util/clock.h"

#define SENT_IN_PERIOD " n.sent_at IS NOT NULL AND date(n.sent_at, 'localtime') BETWEEN ?2 AND ?3"

static const char notices_sql[] = STORE_REGION_CTE
    "SELECT r.notice_id, r.village AS place, n.want_ack, count(*) AS notice_recipients,"
    " sum(o.state IN ('sent', 'delivered')) AS notice_sent,"
    " sum(o.state = 'delivered') AS notice_delivered, sum(r.acked_at IS NOT NULL) AS acked"
    " FROM notice_recipient r JOIN notice n ON n.id = r.notice_id"
    " LEFT JOIN outbound o ON o.id = r.outbound_id WHERE" SENT_IN_PERIOD
    " AND (?1 IS NULL OR r.village IN (SELECT code FROM region))"
    " GROUP BY r.notice_id, r.village";

static const char polls_sql[] = STORE_REGION_CTE
    "SELECT n.id, n.scope, n.target_kind, n.target, u.name AS target_name,"
    " date(n.sent_at, 'localtime') AS sent_on FROM notice n LEFT JOIN unit u ON u.code = n.target"
    " WHERE n.kind = 'poll' AND" SENT_IN_PERIOD
    " AND (?1 IS NULL OR EXISTS (SELECT 1 FROM notice_village nv WHERE nv.notice_id = n.id"
    " AND nv.counts_as IN (SELECT code FROM region))) ORDER BY n.id";

/* The figures a notice row adds to its commune and to the totals. */
static const char *const sums[] = {"notice_recipients", "notice_sent", "notice_delivered"};
static const char *const keys[] = {"notices",	       "notice_recipients", "notice_sent",
				   "notice_delivered", "ack_asked",	    "acknowledged"};

struct ntally {
	struct store *st;
	const struct report_query *q;
	const struct unit_scope *scope;
	char today[CLOCK_DATE_LEN];
	json_t *now_cache; /* place -> commune today (scope) */
	json_t *end_cache; /* place -> commune on the last day */
	json_t *units;	   /* commune ("" = none) -> figures, with "ids": the notices */
	json_t *totals;
};

static long long num(const json_t *obj, const char *key)
{
	return json_integer_value(json_object_get(obj, key));
}

static void bump(json_t *obj, const char *key, long long n)
{
	json_object_set_new(obj, key, json_integer(num(obj, key) + n));
}

static json_t *figures_new(void)
{
	json_t *obj = json_object();

	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		json_object_set_new(obj, keys[i], json_integer(0));
	json_object_set_new(obj, "ids", json_object());
	return obj;
}

/* Adds one (notice, village) row to fig. */
static void figures_add(json_t *fig, const json_t *row)
{
	char id[32];
	bool asked = num(row, "want_ack") != 0;

	for (size_t i = 0; i < sizeof(sums) / sizeof(sums[0]); i++)
		bump(fig, sums[i], num(row, sums[i]));
	bump(fig, "ack_asked", asked ? num(row, "notice_recipients") : 0);
	bump(fig, "acknowledged", asked ? num(row, "acked") : 0);
	snprintf(id, sizeof(id), "%lld", num(row, "notice_id"));
	json_object_set_new(json_object_get(fig, "ids"), id, json_true());
}

/* Turns the set of notices into their count and sets ack_rate. */
static void figures_close(json_t *fig)
{
	long long asked = num(fig, "ack_asked"), acked = num(fig, "acknowledged");

	json_object_set_new(
	    fig, "notices",
	    json_integer((json_int_t)json_object_size(json_object_get(fig, "ids"))));
	json_object_del(fig, "ids");
	json_object_set_new(fig, "ack_rate",
			    asked ? json_real(round(acked * 1000.0 / asked) / 10.0) : json_null());
}

static int tally_notices(struct ntally *t)
{
	json_t *rows = store_rows_json(t->st, notices_sql, STORE_TEXT(1, t->q->unit),
				       STORE_TEXT(2, t->q->from), STORE_TEXT(3, t->q->to));
	size_t i;
	json_t *row;

	if (!rows)
		return -1;
	json_array_foreach(rows, i, row)
	{
		const char *place = json_string_value(json_object_get(row, "place"));
		const char *commune;
		json_t *fig;

		if (t->scope && t->scope->n > 0 &&
		    !store_scope_has(t->scope,
				     store_commune_cached(t->st, t->now_cache, place, t->today)))
			continue;
		commune = store_commune_cached(t->st, t->end_cache, place, t->q->to);
		if (!commune)
			commune = "";
		if (!(fig = json_object_get(t->units, commune))) {
			fig = figures_new();
			json_object_set_new(t->units, commune, fig);
		}
		figures_add(fig, row);
		figures_add(t->totals, row);
	}
	json_decref(rows);
	return 0;
}

/* The by_unit entry of commune ("" = not placed) in report, created in its
 * place (by code, not placed last) when missing, with the report's other
 * figures at zero (rates null) like the totals'. */
static json_t *unit_entry(struct ntally *t, json_t *report, const char *commune)
{
	json_t *by_unit = json_object_get(report, "by_unit"), *v;
	const char *key;
	size_t i, at = json_array_size(by_unit);
	json_t *e, *names, *name;

	json_array_foreach(by_unit, i, e)
	{
		const char *code = json_string_value(json_object_get(e, "unit"));
		int cmp = !code ? (*commune ? -1 : 0) : !*commune ? 1 : strcmp(commune, code);
		if (cmp == 0)
			return e;
		if (cmp < 0 && at == json_array_size(by_unit))
			at = i;
	}
	names =
	    store_rows_json(t->st, "SELECT name FROM unit WHERE code = ?1", STORE_TEXT(1, commune));
	name = json_object_get(json_array_get(names, 0), "name");
	e = json_pack("{s:o, s:O}", "unit", *commune ? json_string(commune) : json_null(), "name",
		      name ? name : json_null());
	json_decref(names);
	json_object_foreach(json_object_get(report, "totals"), key, v)
	    json_object_set_new(e, key, json_is_integer(v) ? json_integer(0) : json_null());
	json_array_insert_new(by_unit, at, e);
	return e;
}

/* Puts the figures into report: totals and every by_unit entry. */
static void merge(struct ntally *t, json_t *report)
{
	json_t *by_unit = json_object_get(report, "by_unit"), *fig, *e;
	const char *commune;
	size_t i;

	json_object_foreach(t->units, commune, fig)
	{
		figures_close(fig);
		json_object_update(unit_entry(t, report, commune), fig);
	}
	json_array_foreach(by_unit, i, e)
	{
		if (!json_object_get(e, "notices")) {
			json_t *zero = figures_new();
			figures_close(zero);
			json_object_update(e, zero);
			json_decref(zero);
		}
	}
	figures_close(t->totals);
	json_object_update(json_object_get(report, "totals"), t->totals);
}

/* ---------------------------------------------------------------- polls */

/* The polls of the period in the region and scope, each with its tally. */
static json_t *polls_list(struct ntally *t, long long *decided)
{
	json_t *rows = store_rows_json(t->st, polls_sql, STORE_TEXT(1, t->q->unit),
				       STORE_TEXT(2, t->q->from), STORE_TEXT(3, t->q->to));
	json_t *out, *row;
	size_t i;

	*decided = 0;
	if (!rows)
		return NULL;
	out = json_array();
	json_array_foreach(rows, i, row)
	{
		struct notice_info n = {0};
		const char *sc = json_string_value(json_object_get(row, "scope"));
		const char *tk = json_string_value(json_object_get(row, "target_kind"));
		const char *tv = json_string_value(json_object_get(row, "target"));
		struct tderr e = {0};
		char target[128];
		json_t *tally;

		snprintf(n.scope, sizeof(n.scope), "%s", sc ? sc : "");
		if (!store_notice_in_scope(&n, t->scope))
			continue;
		if (!(tally = store_poll_tally(t->st, num(row, "id"), &e))) {
			json_decref(rows);
			json_decref(out);
			return NULL;
		}
		snprintf(target, sizeof(target), "%s%s%s", tk ? tk : "", tv ? ":" : "",
			 tv ? tv : "");
		*decided += json_is_true(json_object_get(tally, "decided"));
		json_array_append_new(
		    out, json_pack("{s:O, s:O, s:s, s:O, s:O, s:O, s:O, s:O, s:O, s:O, s:O}",
				   "code", json_object_get(tally, "code"), "question",
				   json_object_get(tally, "question"), "target", target,
				   "target_name", json_object_get(row, "target_name"), "sent_on",
				   json_object_get(row, "sent_on"), "closed",
				   json_object_get(tally, "closed"), "households",
				   json_object_get(tally, "households"), "votes",
				   json_object_get(tally, "votes"), "decided",
				   json_object_get(tally, "decided"), "outcome",
				   json_object_get(tally, "outcome"), "choices",
				   json_object_get(tally, "choices")));
		json_decref(tally);
	}
	json_decref(rows);
	return out;
}

int store_report_notices(struct store *st, const struct report_query *q,
			 const struct unit_scope *scope, json_t *report)
{
	struct ntally t = {.st = st, .q = q, .scope = scope};
	json_t *polls = NULL;
	long long decided = 0;
	int rc = -1;

	if (!report)
		return -1;
	clock_today(t.today);
	t.now_cache = json_object();
	t.end_cache = json_object();
	t.units = json_object();
	t.totals = figures_new();
	if (tally_notices(&t) < 0 || !(polls = polls_list(&t, &decided)))
		goto out;
	merge(&t, report);
	json_object_set_new(json_object_get(report, "totals"), "polls",
			    json_integer((json_int_t)json_array_size(polls)));
	json_object_set_new(json_object_get(report, "totals"), "polls_decided",
			    json_integer(decided));
	json_object_set_new(report, "polls", polls);
	polls = NULL;
	rc = 0;
out:
	json_decref(polls);
	json_decref(t.now_cache);
	json_decref(t.end_cache);
	json_decref(t.units);
	json_decref(t.totals);
	return rc;
}

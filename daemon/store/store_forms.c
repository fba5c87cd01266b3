/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The forms filled from the register (store_forms.h): one query gives the
 * facts of each đơn the period concerns, another those of each reception
 * visit; core/forms.c adds them to the row of their unit and the total.
 */
#include "store/store_forms.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_casework.h"
#include "store/store_forms_internal.h"
#include "store/store_internal.h"
#include "store/store_units.h"
#include "util/clock.h"

/* ?1 unit (NULL: everything), ?2 first day, ?3 last day. The đơn of the
 * period in three index ranges (received in it; before it and open, or
 * closed on or after its first day). */
const char store_forms_don_sql[] = STORE_REGION_CTE
    "SELECT coalesce(c.matter_id, c.id) AS matter, c.kind, coalesce(c.village, c.unit) AS place,"
    " c.received_on < ?2 AS carried, c.satisfaction_asked, c.satisfaction, c.eligible, "
    "c.competent, c.repeated, c.field, c.status,"
    " c.accepted_on IS NOT NULL AND c.accepted_on <= ?3 AS accepted,"
    " c.closed_on IS NOT NULL AND c.closed_on <= ?3 AS closed, c.closed_on,"
    " CASE WHEN c.accepted_on IS NOT NULL AND c.accepted_on <= c.closed_on"
    "  AND c.due_resolve IS NOT NULL THEN c.due_resolve ELSE c.due_first END AS due,"
    " (SELECT h.action FROM case_handling h WHERE h.case_id = c.id AND h.on_date <= ?3"
    "  ORDER BY h.on_date DESC, h.id DESC LIMIT 1) AS action,"
    " (SELECT count(*) FROM case_handling h WHERE h.case_id = c.id"
    "  AND h.answer_on BETWEEN ?2 AND ?3) AS answers"
    " FROM cases c WHERE c.id IN (SELECT id FROM cases WHERE received_on BETWEEN ?2 AND ?3"
    "  UNION ALL SELECT id FROM cases WHERE closed_on IS NULL AND received_on < ?2"
    "  UNION ALL SELECT id FROM cases WHERE closed_on >= ?2 AND received_on < ?2)"
    " AND (?1 IS NULL OR coalesce(c.village, c.unit) IN (SELECT code FROM region))"
    " ORDER BY c.received_on, c.id";

const char store_forms_visit_sql[] = STORE_REGION_CTE
    "SELECT * FROM (SELECT rv.visit_date, rv.kind, rv.persons, rv.is_group,"
    " (SELECT coalesce(c.village, c.unit) FROM reception_case rc JOIN cases c"
    "  ON c.id = rc.case_id WHERE rc.reception_id = rv.id ORDER BY c.id LIMIT 1) AS place,"
    " (SELECT count(*) FROM reception_case rc WHERE rc.reception_id = rv.id"
    "  AND rc.repeated = 0) AS matters_new,"
    " (SELECT count(*) FROM reception_case rc WHERE rc.reception_id = rv.id"
    "  AND rc.repeated = 1) AS matters_old"
    " FROM reception rv WHERE rv.visit_date BETWEEN ?2 AND ?3) v"
    " WHERE ?1 IS NULL OR v.place IN (SELECT code FROM region) ORDER BY v.visit_date";

/* A row being added up. */
struct frow {
	char *key; /* unit code, "" not placed */
	long long vals[FORM_COLS_MAX];
	json_t *seen; /* matter ids / head days already counted */
};

/* The đơn within competence (eligible and competent): how they ended. */
struct outcome {
	long long competent, resolved, on_time, pending, pending_kind[3];
	long long asked, satisfied, dissatisfied; /* of the resolved ones */
};

struct ftally {
	struct outcome out;
	struct store *st;
	const struct form_def *f;
	const struct report_query *q;
	const struct unit_scope *scope;
	bool by_village;
	char today[CLOCK_DATE_LEN];
	json_t *now_cache, *end_cache, *village_cache;
	struct frow total;
	struct frow *rows;
	size_t n;
};

static const char *str(const json_t *row, const char *key)
{
	return json_string_value(json_object_get(row, key));
}

static long long num(const json_t *row, const char *key)
{
	return json_integer_value(json_object_get(row, key));
}

/* The row of place, or NULL when outside the caller's scope. */
static struct frow *row_of(struct ftally *t, const char *place)
{
	const char *key = "";

	if (t->scope && t->scope->n > 0 &&
	    !store_scope_has(t->scope, store_commune_cached(t->st, t->now_cache, place, t->today)))
		return NULL;
	if (t->by_village) {
		json_t *v = place ? json_object_get(t->village_cache, place) : NULL;
		if (place && !v) {
			v = json_boolean(store_unit_is_village(t->st, place, t->q->to) == 1);
			json_object_set_new(t->village_cache, place, v);
		}
		if (json_is_true(v))
			key = place;
	} else {
		const char *c = store_commune_cached(t->st, t->end_cache, place, t->q->to);
		key = c ? c : "";
	}
	for (size_t i = 0; i < t->n; i++)
		if (!strcmp(t->rows[i].key, key))
			return &t->rows[i];
	t->rows = realloc(t->rows, (t->n + 1) * sizeof(*t->rows));
	memset(&t->rows[t->n], 0, sizeof(*t->rows));
	t->rows[t->n].key = strdup(key);
	t->rows[t->n].seen = json_object();
	return &t->rows[t->n++];
}

/* Whether id is seen for the first time in r (and marks it). */
static bool first_in(struct frow *r, const char *id)
{
	if (json_object_get(r->seen, id))
		return false;
	json_object_set_new(r->seen, id, json_true());
	return true;
}

static enum form_kind kind_of(const char *s)
{
	return !strcmp(s, "complaint")	    ? FORM_COMPLAINT
	       : !strcmp(s, "denunciation") ? FORM_DENUNCIATION
					    : FORM_FEEDBACK;
}

static enum form_action action_of(const char *s)
{
	if (!s)
		return FORM_ACT_NONE;
	return !strcmp(s, "guide")	? FORM_ACT_GUIDE
	       : !strcmp(s, "transfer") ? FORM_ACT_TRANSFER
					: FORM_ACT_URGE;
}

/* The facts of a đơn row. */
static void don_facts(const json_t *row, struct form_don *d)
{
	const char *status = str(row, "status"), *due = str(row, "due");
	const char *closed_on = str(row, "closed_on");
	bool closed = num(row, "closed");

	memset(d, 0, sizeof(*d));
	d->kind = kind_of(str(row, "kind"));
	d->carried = num(row, "carried");
	d->eligible = num(row, "eligible");
	d->competent = num(row, "competent");
	d->repeated = num(row, "repeated");
	d->accepted = num(row, "accepted");
	d->action = action_of(str(row, "action"));
	d->handled = d->accepted || closed || d->action != FORM_ACT_NONE;
	d->resolved = closed && (!strcmp(status, "resolved") || !strcmp(status, "closed"));
	d->withdrawn = closed && !strcmp(status, "withdrawn");
	d->open_end = !closed;
	d->on_time = d->resolved && (!due || !closed_on || strcmp(closed_on, due) <= 0);
	d->field = form_field_index(str(row, "field"));
	d->answers = (int)num(row, "answers");
}

static int tally_dons(struct ftally *t)
{
	json_t *rows = store_rows_json(t->st, store_forms_don_sql, STORE_TEXT(1, t->q->unit),
				       STORE_TEXT(2, t->q->from), STORE_TEXT(3, t->q->to));
	json_t *row;
	size_t i;

	if (!rows)
		return -1;
	json_array_foreach(rows, i, row)
	{
		struct frow *r = row_of(t, str(row, "place"));
		char matter[24];
		struct form_don d;

		if (!r)
			continue;
		don_facts(row, &d);
		snprintf(matter, sizeof(matter), "%lld", num(row, "matter"));
		/* A vụ việc counts once per row, among the đơn the column counts:
		 * the eligible ones (02/XLD) or the form's kind (03, 04). */
		if (d.eligible &&
		    (t->f->code[1] == '2' ||
		     d.kind == (t->f->code[1] == '3' ? FORM_COMPLAINT : FORM_DENUNCIATION))) {
			d.new_matter = first_in(r, matter);
			form_add_don(t->f, &d, r->vals);
			d.new_matter = first_in(&t->total, matter);
		} else {
			form_add_don(t->f, &d, r->vals);
		}
		form_add_don(t->f, &d, t->total.vals);
		if (d.eligible && d.competent) {
			t->out.competent++;
			t->out.resolved += d.resolved;
			t->out.on_time += d.resolved && d.on_time;
			t->out.pending += d.open_end;
			t->out.pending_kind[d.kind] += d.open_end;
			if (d.resolved && num(row, "satisfaction_asked")) {
				t->out.asked++;
				t->out.satisfied += num(row, "satisfaction") == 1;
				t->out.dissatisfied += num(row, "satisfaction") == 2;
			}
		}
	}
	json_decref(rows);
	return 0;
}

static int tally_visits(struct ftally *t)
{
	json_t *rows = store_rows_json(t->st, store_forms_visit_sql, STORE_TEXT(1, t->q->unit),
				       STORE_TEXT(2, t->q->from), STORE_TEXT(3, t->q->to));
	json_t *row;
	size_t i;

	if (!rows)
		return -1;
	json_array_foreach(rows, i, row)
	{
		struct frow *r = row_of(t, str(row, "place"));
		struct form_visit v = {
		    .head = !strcmp(str(row, "kind"), "head"),
		    .persons = (int)num(row, "persons"),
		    .group = num(row, "is_group"),
		    .matters_new = (int)num(row, "matters_new"),
		    .matters_old = (int)num(row, "matters_old"),
		};

		if (!r)
			continue;
		v.new_session = v.head && first_in(r, str(row, "visit_date"));
		form_add_visit(t->f, &v, r->vals);
		v.new_session = v.head && first_in(&t->total, str(row, "visit_date"));
		form_add_visit(t->f, &v, t->total.vals);
	}
	json_decref(rows);
	return 0;
}

/* ------------------------------------------------------------ output */

static json_t *values_json(const struct form_def *f, const long long *vals)
{
	json_t *a = json_array();

	for (int c = 0; c < f->n_cols; c++)
		json_array_append_new(a, f->cols[c].unfilled ? json_null() : json_integer(vals[c]));
	return a;
}

static json_t *columns_json(const struct form_def *f)
{
	json_t *a = json_array();

	for (int c = 0; c < f->n_cols; c++) {
		json_t *head = json_array();
		for (int l = 0; l < FORM_HEAD_LEVELS && f->cols[c].head[l]; l++)
			json_array_append_new(head, json_string(f->cols[c].head[l]));
		json_array_append_new(a, json_pack("{s:i, s:s, s:o, s:b}", "n", c + 1, "key",
						   f->cols[c].key, "head", head, "unfilled",
						   f->cols[c].unfilled));
	}
	return a;
}

static json_t *meta_json(const struct form_def *f)
{
	json_t *sums = json_array(), *notes = json_array();
	char buf[128];

	for (int i = 0; i < f->n_sums; i++)
		json_array_append_new(sums,
				      json_string(form_sum_text(&f->sums[i], buf, sizeof(buf))));
	for (const char *const *n = f->notes; n && *n; n++)
		json_array_append_new(notes, json_string(*n));
	return json_pack("{s:o, s:o, s:o}", "columns", columns_json(f), "sums", sums, "notes",
			 notes);
}

/* {competent, resolved, on_time, on_time_rate, pending, pending_by_kind,
 * satisfaction}: the two ratios of Decision 766/QĐ-TTg, resolved by the
 * deadline ÷ within competence and satisfied ÷ asked, percent with one
 * decimal (null when none). */
static json_t *outcome_json(const struct outcome *o)
{
	json_t *sat =
	    json_pack("{s:I, s:I, s:I, s:I, s:o}", "asked", (json_int_t)o->asked, "satisfied",
		      (json_int_t)o->satisfied, "dissatisfied", (json_int_t)o->dissatisfied,
		      "unanswered", (json_int_t)(o->asked - o->satisfied - o->dissatisfied), "rate",
		      o->asked ? json_real(round(o->satisfied * 1000.0 / (double)o->asked) / 10.0)
			       : json_null());
	json_t *out = json_pack(
	    "{s:I, s:I, s:I, s:o, s:I, s:{s:I, s:I, s:I}}", "competent", (json_int_t)o->competent,
	    "resolved", (json_int_t)o->resolved, "on_time", (json_int_t)o->on_time, "on_time_rate",
	    o->competent ? json_real(round(o->on_time * 1000.0 / (double)o->competent) / 10.0)
			 : json_null(),
	    "pending", (json_int_t)o->pending, "pending_by_kind", "feedback",
	    (json_int_t)o->pending_kind[FORM_FEEDBACK], "complaint",
	    (json_int_t)o->pending_kind[FORM_COMPLAINT], "denunciation",
	    (json_int_t)o->pending_kind[FORM_DENUNCIATION]);

	json_object_set_new(out, "satisfaction", sat);
	return out;
}

static int row_cmp(const void *a, const void *b)
{
	const char *x = ((const struct frow *)a)->key, *y = ((const struct frow *)b)->key;

	if (!*x || !*y)
		return !*x - !*y;
	return strcmp(x, y);
}

static json_t *rows_json(struct ftally *t)
{
	json_t *out = json_array();

	if (t->n > 1)
		qsort(t->rows, t->n, sizeof(*t->rows), row_cmp);
	for (size_t i = 0; i < t->n; i++) {
		const char *k = t->rows[i].key;
		json_t *names = store_rows_json(t->st, "SELECT name FROM unit WHERE code = ?1",
						STORE_TEXT(1, k));
		json_t *name = json_object_get(json_array_get(names, 0), "name");

		json_array_append_new(out, json_pack("{s:o, s:O, s:o}", "unit",
						     *k ? json_string(k) : json_null(), "name",
						     name ? name : json_null(), "values",
						     values_json(t->f, t->rows[i].vals)));
		json_decref(names);
	}
	return out;
}

json_t *store_form(struct store *st, const struct form_def *f, const struct report_query *q,
		   const struct unit_scope *scope, struct tderr *e)
{
	struct ftally t = {.st = st, .f = f, .q = q, .scope = scope};
	json_t *unit, *result = NULL;
	const char *level;
	int rc;

	if (store_report_check(q, e) < 0 || !(unit = store_report_unit(st, q->unit, e)))
		return NULL;
	level = str(unit, "level");
	t.by_village = level && (!strcmp(level, "commune") || !strcmp(level, "village"));
	clock_today(t.today);
	t.now_cache = json_object();
	t.end_cache = json_object();
	t.village_cache = json_object();
	t.total.seen = json_object();
	rc = f->source == FORM_SRC_DON ? tally_dons(&t) : tally_visits(&t);
	if (rc < 0) {
		tderr_set(e, TDERR_INTERNAL, M_INTERNAL, store_errmsg(st), NULL);
	} else {
		result =
		    json_pack("{s:s, s:s, s:s, s:s, s:O, s:o, s:{s:o}}", "form", f->code, "title",
			      f->title, "from", q->from, "to", q->to, "unit", unit, "rows",
			      rows_json(&t), "total", "values", values_json(f, t.total.vals));
		json_object_update_new(result, meta_json(f));
		if (f->source == FORM_SRC_DON)
			json_object_set_new(result, "outcome", outcome_json(&t.out));
	}
	for (size_t i = 0; i < t.n; i++) {
		free(t.rows[i].key);
		json_decref(t.rows[i].seen);
	}
	free(t.rows);
	json_decref(t.total.seen);
	json_decref(t.now_cache);
	json_decref(t.end_cache);
	json_decref(t.village_cache);
	json_decref(unit);
	return result;
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The citizen reception register (sổ tiếp công dân) and the register's
 * figures for the commune's forms (store_register.h).
 */
#include "store/store_register.h"

#include <stdio.h>
#include <string.h>

#include "store/store_internal.h"

long long store_reception_add(struct store *st, const struct reception_new *v, struct tderr *e)
{
	long long id =
	    store_int(st,
		      "INSERT INTO reception (visit_date, kind, persons, is_group, name,"
		      " text, actor, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
		      " RETURNING id",
		      -1, STORE_TEXT(1, v->date), STORE_TEXT(2, v->kind), STORE_INT(3, v->persons),
		      STORE_INT(4, v->group), STORE_TEXT(5, v->name), STORE_TEXT(6, v->text),
		      STORE_TEXT(7, v->actor), STORE_NOW(8));

	if (id <= 0)
		return tderr_set(e, TDERR_INTERNAL, M_INTERNAL, store_errmsg(st), NULL);
	return id;
}

int store_reception_case(struct store *st, long long id, const struct case_info *c,
			 bool opened_here, struct tderr *e)
{
	/* Repeated (vụ việc cũ): the vụ việc already had a đơn by the visit's
	 * day, or an earlier visit; a đơn this visit opened is new. */
	static const char sql[] =
	    "INSERT OR IGNORE INTO reception_case (reception_id, case_id, repeated)"
	    " SELECT ?1, ?2, ?3 = 0 AND ((SELECT count(*) FROM cases x, cases me"
	    "  WHERE me.id = ?2 AND coalesce(x.matter_id, x.id) = coalesce(me.matter_id, me.id)"
	    "  AND x.received_on <= r.visit_date) + (SELECT count(*) FROM reception_case rc"
	    "  JOIN reception r2 ON r2.id = rc.reception_id JOIN cases y ON y.id = rc.case_id,"
	    "  cases me WHERE me.id = ?2 AND rc.reception_id <> ?1"
	    "  AND coalesce(y.matter_id, y.id) = coalesce(me.matter_id, me.id)"
	    "  AND r2.visit_date <= r.visit_date)) > 0 FROM reception r WHERE r.id = ?1";

	if (store_exec(st, sql, STORE_INT(1, id), STORE_INT(2, c->id), STORE_INT(3, opened_here)) <
	    0)
		return tderr_set(e, TDERR_INTERNAL, M_INTERNAL, store_errmsg(st), NULL);
	return 0;
}

json_t *store_reception_list(struct store *st, const char *from, const char *to, int limit)
{
	return store_rows_json(
	    st,
	    "SELECT r.id, r.visit_date, r.kind, r.persons, r.is_group, r.name, r.text,"
	    " (SELECT group_concat(c.code, ' ') FROM reception_case rc JOIN cases c"
	    "  ON c.id = rc.case_id WHERE rc.reception_id = r.id) AS cases"
	    " FROM reception r WHERE (?1 IS NULL OR r.visit_date >= ?1)"
	    " AND (?2 IS NULL OR r.visit_date <= ?2)"
	    " ORDER BY r.visit_date DESC, r.id DESC LIMIT CASE WHEN ?3 > 0 THEN ?3 ELSE -1 END",
	    STORE_TEXT(1, from), STORE_TEXT(2, to), STORE_INT(3, limit));
}

json_t *store_reception_show(struct store *st, long long id, struct tderr *e)
{
	json_t *rows = store_rows_json(st,
				       "SELECT id, visit_date, kind, persons, is_group, name, text,"
				       " actor, created_at FROM reception WHERE id = ?1",
				       STORE_INT(1, id));
	json_t *v, *cases;
	char num[24];

	if (!rows)
		return tderr_set(e, TDERR_INTERNAL, M_INTERNAL, store_errmsg(st), NULL), NULL;
	v = json_incref(json_array_get(rows, 0));
	json_decref(rows);
	if (!v) {
		snprintf(num, sizeof(num), "%lld", id);
		return tderr_set(e, TDERR_NOT_FOUND, M_NO_RECEPTION, num, NULL), NULL;
	}
	cases = store_rows_json(st,
				"SELECT c.code, c.kind, c.status, rc.repeated,"
				" coalesce(m.code, c.code) AS matter FROM reception_case rc"
				" JOIN cases c ON c.id = rc.case_id LEFT JOIN cases m"
				" ON m.id = c.matter_id WHERE rc.reception_id = ?1 ORDER BY c.id",
				STORE_INT(1, id));
	json_object_set_new(v, "cases", cases ? cases : json_array());
	return v;
}

/* ------------------------------------------------------------ figures */

/* The đơn a report over [?1, ?2] counts: received in the period, or
 * before it and still open on its first day (carried over). */
#define DON_CTE                                                                                    \
	"WITH don AS (SELECT c.*, c.received_on < ?1 AS carried FROM cases c"                      \
	" WHERE c.received_on <= ?2 AND (c.received_on >= ?1 OR c.closed_on IS NULL"               \
	" OR c.closed_on >= ?1)) "

static long long count1(struct store *st, const char *sql, const char *from, const char *to)
{
	return store_int(st, sql, -1, STORE_TEXT(1, from), STORE_TEXT(2, to));
}

static int put(json_t *o, struct store *st, const char *key, const char *sql, const char *from,
	       const char *to)
{
	long long n = count1(st, sql, from, to);

	if (n < 0)
		return -1;
	json_object_set_new(o, key, json_integer(n));
	return 0;
}

static const struct {
	const char *key, *sql;
} don_figures[] = {
    {"don", DON_CTE "SELECT count(*) FROM don"},
    {"carried_over", DON_CTE "SELECT count(*) FROM don WHERE carried"},
    {"in_period", DON_CTE "SELECT count(*) FROM don WHERE NOT carried"},
    {"vu_viec", DON_CTE "SELECT count(DISTINCT coalesce(matter_id, id)) FROM don"},
    {"competent", DON_CTE "SELECT count(*) FROM don WHERE competent = 1"},
    {"outside_competence", DON_CTE "SELECT count(*) FROM don WHERE competent = 0"},
    {"first_time", DON_CTE "SELECT count(*) FROM don WHERE repeated = 0"},
    {"repeated", DON_CTE "SELECT count(*) FROM don WHERE repeated = 1"},
    {"eligible", DON_CTE "SELECT count(*) FROM don WHERE eligible = 1"},
    {"resolved", DON_CTE "SELECT count(*) FROM don WHERE competent = 1 AND status IN"
			 " ('resolved', 'closed') AND closed_on <= ?2"},
    {"pending", DON_CTE "SELECT count(*) FROM don WHERE competent = 1 AND eligible = 1"
			" AND (closed_on IS NULL OR closed_on > ?2)"},
};

static const struct {
	const char *key, *sql;
} reception_figures[] = {
    {"luot", "SELECT count(*) FROM reception WHERE visit_date BETWEEN ?1 AND ?2"},
    {"nguoi", "SELECT coalesce(sum(persons), 0) FROM reception WHERE visit_date BETWEEN ?1 AND ?2"},
    {"vu_viec",
     "SELECT count(DISTINCT coalesce(c.matter_id, c.id)) FROM reception r"
     " JOIN reception_case rc ON rc.reception_id = r.id JOIN cases c ON c.id = rc.case_id"
     " WHERE r.visit_date BETWEEN ?1 AND ?2"},
    {"doan_dong_nguoi", "SELECT count(*) FROM reception WHERE is_group = 1 AND visit_date"
			" BETWEEN ?1 AND ?2"},
    {"head", "SELECT count(*) FROM reception WHERE kind = 'head' AND visit_date BETWEEN ?1 AND ?2"},
};

/* {key: count} of sql grouped by its first column (a text). */
static json_t *grouped(struct store *st, const char *sql, const char *from, const char *to)
{
	json_t *rows = store_rows_json(st, sql, STORE_TEXT(1, from), STORE_TEXT(2, to));
	json_t *o = json_object(), *row;
	size_t i;

	if (!rows) {
		json_decref(o);
		return NULL;
	}
	json_array_foreach(rows, i, row)
	{
		json_object_set(o, json_string_value(json_object_get(row, "k")),
				json_object_get(row, "n"));
	}
	json_decref(rows);
	return o;
}

json_t *store_register_counts(struct store *st, const char *from, const char *to)
{
	json_t *out = json_object(), *rec = json_object(), *by;

	for (size_t i = 0; i < sizeof(don_figures) / sizeof(don_figures[0]); i++)
		if (put(out, st, don_figures[i].key, don_figures[i].sql, from, to) < 0)
			goto fail;
	for (size_t i = 0; i < sizeof(reception_figures) / sizeof(reception_figures[0]); i++)
		if (put(rec, st, reception_figures[i].key, reception_figures[i].sql, from, to) < 0)
			goto fail;
	by = grouped(st, DON_CTE "SELECT channel AS k, count(*) AS n FROM don GROUP BY channel",
		     from, to);
	if (!by)
		goto fail;
	json_object_set_new(out, "by_channel", by);
	by =
	    grouped(st,
		    DON_CTE "SELECT kind AS k, count(*) AS n FROM don WHERE competent = 1 AND"
			    " eligible = 1 AND (closed_on IS NULL OR closed_on > ?2) GROUP BY kind",
		    from, to);
	if (!by)
		goto fail;
	json_object_set_new(out, "pending_by_kind", by);
	json_object_set_new(out, "reception", rec);
	return out;
fail:
	json_decref(rec);
	json_decref(out);
	return NULL;
}

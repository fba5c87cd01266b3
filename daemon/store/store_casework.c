/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Staff's work on cases (store_casework.h): listings filtered after the
 * roll-up of each case's village, one case with its history and messages,
 * and the changes staff make, each with its case_event row.
 */
#include "store/store_casework.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_internal.h"
#include "store/store_views.h"
#include "util/log.h"

#define OPEN_STATUSES "('received', 'accepted', 'in_progress')"

/* ------------------------------------------------------------------ */
/* Roll-up and scope */

/* Looks code up once in cache; commune: store_unit_commune, else
 * store_unit_current. A borrowed string or NULL. */
static const char *roll_cached(struct store *st, json_t *cache, const char *code, const char *at,
			       bool commune)
{
	char out[UNIT_CODE_MAX];
	json_t *v;
	int rc;

	if (!code)
		return NULL;
	v = json_object_get(cache, code);
	if (!v) {
		rc = commune ? store_unit_commune(st, code, at, out)
			     : store_unit_current(st, code, at, out);
		v = rc == 0 ? json_string(out) : json_null();
		json_object_set_new(cache, code, v);
	}
	return json_string_value(v);
}

const char *store_commune_cached(struct store *st, json_t *cache, const char *code, const char *at)
{
	return roll_cached(st, cache, code, at, true);
}

bool store_scope_has(const struct unit_scope *scope, const char *commune)
{
	if (!scope || scope->n == 0)
		return true;
	for (size_t i = 0; commune && i < scope->n; i++)
		if (strcmp(scope->communes[i], commune) == 0)
			return true;
	return false;
}

/* What a listing keeps: rows whose "place" (a village, or the unit a case
 * was assigned to) rolls up into commune and village, within scope. */
struct place_filter {
	const char *commune;
	const char *village;
	const struct unit_scope *scope;
	char today[CLOCK_DATE_LEN];
	json_t *communes; /* caches */
	json_t *currents;
};

static void place_filter_init(struct place_filter *p, const char *commune, const char *village,
			      const struct unit_scope *scope)
{
	p->commune = commune;
	p->village = village;
	p->scope = scope;
	clock_today(p->today);
	p->communes = json_object();
	p->currents = json_object();
}

static void place_filter_clear(struct place_filter *p)
{
	json_decref(p->communes);
	json_decref(p->currents);
}

/* Sets row's "commune" from its "place" (then removed) and says whether
 * the row passes. */
static bool place_keep(struct store *st, struct place_filter *p, json_t *row, const char *vkey)
{
	const char *place = json_string_value(json_object_get(row, "place"));
	const char *village = json_string_value(json_object_get(row, vkey));
	const char *commune = store_commune_cached(st, p->communes, place, p->today);
	bool keep = store_scope_has(p->scope, commune);

	json_object_set_new(row, "commune", commune ? json_string(commune) : json_null());
	json_object_del(row, "place");
	if (p->commune && (!commune || strcmp(commune, p->commune) != 0))
		keep = false;
	if (p->village) {
		const char *cur = roll_cached(st, p->currents, village, p->today, false);
		if (!village ||
		    (strcmp(village, p->village) != 0 && (!cur || strcmp(cur, p->village) != 0)))
			keep = false;
	}
	return keep;
}

/* Turns the 0/1 integer at key into a JSON boolean. */
static void row_bool(json_t *row, const char *key)
{
	json_t *v = json_object_get(row, key);

	if (v && !json_is_boolean(v))
		json_object_set_new(row, key, json_boolean(json_integer_value(v) != 0));
}

/* Keeps the rows of all that pass p (at most limit when > 0), with the
 * integer flags made booleans and the listing's key column dropped. Takes
 * all; returns the kept rows. */
static json_t *rows_keep(struct store *st, struct place_filter *p, json_t *all, const char *vkey,
			 const char *const *flags, int limit)
{
	json_t *kept = json_array(), *row;
	size_t i;

	json_array_foreach(all, i, row)
	{
		if (limit > 0 && json_array_size(kept) >= (size_t)limit)
			break;
		if (!place_keep(st, p, row, vkey))
			continue;
		json_object_del(row, "row_id");
		for (const char *const *f = flags; *f; f++)
			row_bool(row, *f);
		json_array_append(kept, row);
	}
	json_decref(all);
	return kept;
}

/* ------------------------------------------------------------------ */
/* Listing */

/* The first key of a listing newest first: above every date. */
#define KEY_TOP "9999-12-31"
#define PLACE_CHUNK 2000

/* A listing filtered on the place each row rolls up to: the rows are read
 * newest first in chunks (each from the key where the last stopped, on the
 * index), kept or not after the roll-up, until the page is full. */
static json_t *cases_by_place(struct store *st, const char *sql, const struct case_filter *f,
			      struct place_filter *p, const char *const *flags)
{
	char key_on[CLOCK_DATE_LEN + 4] = KEY_TOP;
	long long key_id = INT64_MAX;
	int skip = f->offset > 0 ? f->offset : 0;
	json_t *kept = json_array();

	for (;;) {
		json_t *rows = store_rows_json(
		    st, sql, STORE_TEXT(1, f->kind), STORE_TEXT(2, f->status),
		    STORE_TEXT(3, f->since), STORE_INT(4, f->overdue), STORE_TEXT(5, p->today),
		    STORE_INT(6, PLACE_CHUNK), STORE_INT(7, 0), STORE_TEXT(8, key_on),
		    STORE_INT(9, key_id), STORE_TEXT(10, f->assigned));
		size_t n = rows ? json_array_size(rows) : 0, i;
		json_t *row, *last;

		if (!rows) {
			json_decref(kept);
			return NULL;
		}
		last = json_array_get(rows, n ? n - 1 : 0);
		if (last) {
			snprintf(key_on, sizeof(key_on), "%s",
				 json_string_value(json_object_get(last, "received_on")));
			key_id = json_integer_value(json_object_get(last, "row_id"));
		}
		json_array_foreach(rows, i, row)
		{
			if (f->limit > 0 && json_array_size(kept) >= (size_t)f->limit)
				break;
			if (!place_keep(st, p, row, "village"))
				continue;
			if (skip > 0) {
				skip--;
				continue;
			}
			json_object_del(row, "row_id");
			for (const char *const *fl = flags; *fl; fl++)
				row_bool(row, *fl);
			json_array_append(kept, row);
		}
		json_decref(rows);
		if (n < PLACE_CHUNK || (f->limit > 0 && json_array_size(kept) >= (size_t)f->limit))
			return kept;
	}
}

/* The listing's columns and the filters every variant applies; each
 * variant leads with the condition an index serves (SQLite uses no index
 * for "?N IS NULL OR ..."), so that a filter on a million cases reads only
 * the rows it needs. */
#define CASES_LIST_SELECT                                                                          \
	"SELECT c.code, c.kind, c.status, c.received_on,"                                          \
	" coalesce(c.due_resolve, c.due_first) AS due,"                                            \
	" coalesce(c.status IN " OPEN_STATUSES                                                     \
	" AND ?5 > coalesce(c.due_resolve, c.due_first), 0)"                                       \
	" AS overdue, c.village, v.name AS village_name, c.unit, c.unkeyed, c.text,"               \
	" c.channel, c.office, o.name AS office_name, c.officer, p.name AS officer_name,"          \
	" coalesce(m.code, c.code) AS matter, lp.code AS link_proposed, c.repeated,"               \
	" c.competent, coalesce(c.village, c.unit) AS place, c.id AS row_id"                       \
	" FROM cases c LEFT JOIN unit v ON v.code = c.village"                                     \
	" LEFT JOIN office o ON o.code = c.office LEFT JOIN office p ON p.code = c.officer"        \
	" LEFT JOIN cases m ON m.id = c.matter_id LEFT JOIN cases lp ON lp.id = c.link_proposed"   \
	" WHERE "
#define CASES_LIST_REST                                                                            \
	" AND (?1 IS NULL OR c.kind = ?1) AND (?2 IS NULL OR c.status = ?2)"                       \
	" AND (?3 IS NULL OR c.received_on >= ?3)"                                                 \
	" AND (?10 IS NULL OR ?10 IN (c.unit, c.office, c.officer, o.name, p.name))"               \
	" AND (?4 = 0 OR (c.status IN " OPEN_STATUSES                                              \
	" AND ?5 > coalesce(c.due_resolve, c.due_first)))"                                         \
	" AND c.received_on <= ?8 AND (c.received_on < ?8 OR c.id < ?9)"                           \
	" ORDER BY c.received_on DESC, c.id DESC LIMIT ?6 OFFSET ?7"

json_t *store_cases_list(struct store *st, const struct case_filter *f,
			 const struct unit_scope *scope)
{
	static const char by_overdue[] =
	    CASES_LIST_SELECT "c.status IN " OPEN_STATUSES
			      " AND ?5 > coalesce(c.due_resolve, c.due_first)" CASES_LIST_REST;
	static const char by_status[] = CASES_LIST_SELECT "c.status = ?2" CASES_LIST_REST;
	static const char by_since[] = CASES_LIST_SELECT "c.received_on >= ?3" CASES_LIST_REST;
	static const char any[] = CASES_LIST_SELECT "1" CASES_LIST_REST;
	const char *sql = f->overdue  ? by_overdue
			  : f->status ? by_status
			  : f->since  ? by_since
				      : any;
	static const char *const flags[] = {"overdue", "unkeyed", "repeated", "competent", NULL};
	struct place_filter p;
	json_t *rows;
	/* Without a place to filter on, the database pages (and the index on
	 * received_on stops the scan at the page); else every row is read
	 * and the rows that roll up into the place are paged here. */
	bool by_place = f->commune || f->village || (scope && scope->n);
	long long sql_limit = !by_place && f->limit > 0 ? f->limit : -1;
	long long sql_offset = f->offset > 0 ? f->offset : 0;

	if (f->since && clock_parse_date(f->since, NULL) < 0) {
		log_warn("cases: bad date %s", f->since);
		return NULL;
	}
	place_filter_init(&p, f->commune, f->village, scope);
	if (by_place)
		rows = cases_by_place(st, sql, f, &p, flags);
	else
		rows = store_rows_json(st, sql, STORE_TEXT(1, f->kind), STORE_TEXT(2, f->status),
				       STORE_TEXT(3, f->since), STORE_INT(4, f->overdue),
				       STORE_TEXT(5, p.today), STORE_INT(6, sql_limit),
				       STORE_INT(7, sql_offset), STORE_TEXT(8, KEY_TOP),
				       STORE_INT(9, INT64_MAX), STORE_TEXT(10, f->assigned));
	if (rows && !by_place)
		rows = rows_keep(st, &p, rows, "village", flags, f->limit);
	place_filter_clear(&p);
	return rows;
}

json_t *store_meetings_list(struct store *st, const struct meeting_filter *f,
			    const struct unit_scope *scope)
{
	static const char sql[] =
	    "SELECT m.code, m.meeting_date, m.village, v.name AS village_name, m.present,"
	    /* the rounding rule of meeting_percent(), as in the receipt */
	    " m.total, CASE WHEN m.total > 0 THEN (m.present * 100 + m.total / 2) / m.total END"
	    " AS percent, m.opinions, m.topic, m.quorum, m.created_at, m.village AS place"
	    " FROM meeting m LEFT JOIN unit v ON v.code = m.village"
	    " WHERE (?1 IS NULL OR m.meeting_date >= ?1) AND (?2 IS NULL OR m.meeting_date <= ?2)"
	    " ORDER BY m.meeting_date DESC, m.id DESC";
	static const char *const flags[] = {"quorum", NULL};
	struct place_filter p;
	json_t *rows;

	if ((f->from && clock_parse_date(f->from, NULL) < 0) ||
	    (f->to && clock_parse_date(f->to, NULL) < 0)) {
		log_warn("meetings: bad date");
		return NULL;
	}
	place_filter_init(&p, f->commune, f->village, scope);
	rows = store_rows_json(st, sql, STORE_TEXT(1, f->from), STORE_TEXT(2, f->to));
	if (rows)
		rows = rows_keep(st, &p, rows, "village", flags, f->limit);
	place_filter_clear(&p);
	return rows;
}

/* ------------------------------------------------------------------ */
/* One case */

static void column_copy(sqlite3_stmt *stmt, int col, char *out, size_t n)
{
	const unsigned char *s = sqlite3_column_text(stmt, col);

	snprintf(out, n, "%s", s ? (const char *)s : "");
}

/* The name of unit code into out ("" when unknown). */
static void unit_name(struct store *st, const char *code, char *out, size_t n)
{
	json_t *rows =
	    store_rows_json(st, "SELECT name FROM unit WHERE code = ?1", STORE_TEXT(1, code));
	const char *name = json_string_value(json_object_get(json_array_get(rows, 0), "name"));

	snprintf(out, n, "%s", name ? name : "");
	json_decref(rows);
}

/* Reads the case with digits into out: 1, 0 when none, -1. */
static int case_read(struct store *st, const char *digits, struct case_info *out)
{
	static const char sql[] =
	    "SELECT c.id, c.code, c.kind, c.status, c.sender, c.village, c.unit, c.received_on,"
	    " c.accepted_on, c.due_first, c.due_resolve, c.remote, c.complex, u.name"
	    " FROM cases c LEFT JOIN unit u ON u.code = c.unit WHERE c.digits = ?1";
	struct {
		char *buf;
		size_t len;
	} cols[] = {
	    {out->code, sizeof(out->code)},
	    {out->kind, sizeof(out->kind)},
	    {out->status, sizeof(out->status)},
	    {out->sender, sizeof(out->sender)},
	    {out->village, sizeof(out->village)},
	    {out->unit, sizeof(out->unit)},
	    {out->received_on, sizeof(out->received_on)},
	    {out->accepted_on, sizeof(out->accepted_on)},
	    {out->due_first, sizeof(out->due_first)},
	    {out->due_resolve, sizeof(out->due_resolve)},
	};
	sqlite3_stmt *stmt = store_prepare(st, sql);
	int rc;

	if (!stmt)
		return -1;
	memset(out, 0, sizeof(*out));
	store_bind_text(stmt, 1, digits);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		out->id = sqlite3_column_int64(stmt, 0);
		for (size_t i = 0; i < sizeof(cols) / sizeof(cols[0]); i++)
			column_copy(stmt, (int)i + 1, cols[i].buf, cols[i].len);
		out->remote = sqlite3_column_int(stmt, 11) != 0;
		out->complex = sqlite3_column_int(stmt, 12) != 0;
		column_copy(stmt, 13, out->unit_name, sizeof(out->unit_name));
	} else if (rc != SQLITE_DONE) {
		log_error("database: case: %s", store_errmsg(st));
	}
	store_finish(st, stmt);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

int store_case_get(struct store *st, const char *digits, const struct unit_scope *scope,
		   struct case_info *out, struct tderr *e)
{
	const char *place;
	int rc = case_read(st, digits, out);

	if (rc < 0)
		return tderr_set(e, TDERR_INTERNAL, M_INTERNAL, store_errmsg(st), NULL);
	if (rc == 0)
		return tderr_set(e, TDERR_NOT_FOUND, M_NO_CASE, digits, NULL);
	place = out->village[0] ? out->village : out->unit[0] ? out->unit : NULL;
	if (!place || store_unit_commune(st, place, NULL, out->commune) < 0)
		out->commune[0] = '\0';
	if (!store_scope_has(scope, out->commune[0] ? out->commune : NULL))
		return tderr_set(e, TDERR_FORBIDDEN, M_OUT_OF_SCOPE, out->code, NULL);
	if (!out->unit_name[0] && out->commune[0])
		unit_name(st, out->commune, out->unit_name, sizeof(out->unit_name));
	return 0;
}

/* Opens or hides the case's sender (and the contact's name, which would
 * tell who it is) in obj. */
/* A sealed field of obj opened with reveal, else null. */
static void field_reveal(json_t *obj, const char *key, const struct seal *reveal)
{
	const char *v = json_string_value(json_object_get(obj, key));
	char *plain;

	if (!v || !seal_is_sealed(v))
		return;
	plain = reveal ? seal_decrypt(reveal, v) : NULL;
	json_object_set_new(obj, key, plain ? json_string(plain) : json_null());
	free(plain);
}

static void case_reveal(json_t *obj, const struct seal *reveal)
{
	const char *sender = json_string_value(json_object_get(obj, "sender"));
	bool sealed = sender && seal_is_sealed(sender);

	json_object_set_new(obj, "confidential", json_boolean(sealed));
	/* A staff-entered denunciation's name and address are sealed too. */
	field_reveal(obj, "citizen_name", reveal);
	field_reveal(obj, "address", reveal);
	if (!sealed)
		return;
	if (reveal) {
		field_reveal(obj, "sender", reveal);
		return;
	}
	json_object_set_new(obj, "sender", json_null());
	json_object_set_new(obj, "contact_name", json_null());
}

/* Adds the history and the messages of case id (opened by inbound_id) to
 * obj. 0 or -1. */
static int case_details(struct store *st, json_t *obj, long long id, json_t *inbound_id,
			const struct seal *reveal)
{
	long long in = json_is_integer(inbound_id) ? json_integer_value(inbound_id) : 0;
	json_t *events = store_rows_json(
	    st,
	    "SELECT at, actor, event, status_from, status_to, unit, note, reason, inbound_id,"
	    " outbound_id FROM case_event WHERE case_id = ?1 ORDER BY id",
	    STORE_INT(1, id));
	json_t *msgs_in = store_rows_json(
	    st,
	    "SELECT id, received_at, sender, sealed AS confidential, text FROM inbound"
	    " WHERE id = ?2 OR id IN (SELECT inbound_id FROM case_event WHERE case_id = ?1"
	    " AND event = 'message' AND inbound_id IS NOT NULL) ORDER BY id",
	    STORE_INT(1, id), STORE_INT(2, in));
	json_t *msgs_out = store_rows_json(
	    st,
	    "SELECT id, created_at, recipient, confidential, purpose, state, text FROM outbound"
	    " WHERE case_id = ?1 OR (?2 > 0 AND inbound_id = ?2) ORDER BY id",
	    STORE_INT(1, id), STORE_INT(2, in));

	if (!events || !msgs_in || !msgs_out) {
		json_decref(events);
		json_decref(msgs_in);
		json_decref(msgs_out);
		return -1;
	}
	store_rows_reveal(msgs_in, "sender", reveal);
	store_rows_reveal(msgs_out, "recipient", reveal);
	json_object_set_new(obj, "events", events);
	json_object_set_new(obj, "messages_in", msgs_in);
	json_object_set_new(obj, "messages_out", msgs_out);
	return 0;
}

json_t *store_case_show(struct store *st, const char *digits, const struct unit_scope *scope,
			const struct seal *reveal, struct tderr *e)
{
	static const char sql[] =
	    "SELECT c.code, c.kind, c.status, c.received_on,"
	    " coalesce(c.due_resolve, c.due_first) AS due,"
	    " coalesce(c.status IN " OPEN_STATUSES
	    " AND ?2 > coalesce(c.due_resolve, c.due_first), 0) AS overdue,"
	    " c.village, v.name AS village_name, c.unit, u.name AS unit_name, c.unkeyed, c.text,"
	    " c.sender, k.name AS contact_name, c.accepted_on, c.closed_on, c.due_first,"
	    " c.due_resolve, c.remote, c.complex, c.created_at, c.id, c.inbound_id,"
	    " c.channel, c.from_agency, c.citizen_name, c.address, c.repeated, c.eligible,"
	    " c.ineligible_reason, c.competent, c.field, c.office, c.officer,"
	    " c.decision_no, c.decision_date, c.extension_basis,"
	    " (SELECT code FROM cases m WHERE m.id = c.matter_id) AS matter,"
	    " (SELECT code FROM cases p WHERE p.id = c.link_proposed) AS link_proposed,"
	    " (SELECT json_group_array(json_object('action', h.action, 'agency', h.agency,"
	    " 'on_date', h.on_date, 'answer', h.answer, 'answer_on', h.answer_on))"
	    " FROM case_handling h WHERE h.case_id = c.id) AS handling, c.village_source"
	    " FROM cases c LEFT JOIN unit v ON v.code = c.village"
	    " LEFT JOIN unit u ON u.code = c.unit LEFT JOIN contact k ON k.id = c.contact_id"
	    " WHERE c.digits = ?1";
	static const char *const flags[] = {"overdue",	"unkeyed",  "remote",	"complex",
					    "repeated", "eligible", "competent"};
	struct case_info info;
	char today[CLOCK_DATE_LEN];
	json_t *rows, *obj;
	long long id;

	if (store_case_get(st, digits, scope, &info, e) < 0)
		return NULL;
	clock_today(today);
	rows = store_rows_json(st, sql, STORE_TEXT(1, digits), STORE_TEXT(2, today));
	obj = rows ? json_incref(json_array_get(rows, 0)) : NULL;
	json_decref(rows);
	if (!obj) {
		tderr_set(e, TDERR_INTERNAL, M_INTERNAL, store_errmsg(st), NULL);
		return NULL;
	}
	id = json_integer_value(json_object_get(obj, "id"));
	{
		const char *h = json_string_value(json_object_get(obj, "handling"));
		json_t *arr = h ? json_loads(h, 0, NULL) : NULL;
		json_object_set_new(obj, "handling", arr ? arr : json_array());
	}
	json_object_set_new(obj, "commune",
			    info.commune[0] ? json_string(info.commune) : json_null());
	for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++)
		row_bool(obj, flags[i]);
	case_reveal(obj, reveal);
	if (case_details(st, obj, id, json_object_get(obj, "inbound_id"), reveal) < 0) {
		json_decref(obj);
		tderr_set(e, TDERR_INTERNAL, M_INTERNAL, store_errmsg(st), NULL);
		return NULL;
	}
	json_object_del(obj, "id");
	json_object_del(obj, "inbound_id");
	return obj;
}

/* ------------------------------------------------------------------ */
/* Changes */

/* One row of case_event. */
struct event_row {
	const char *actor;
	const char *event; /* created, status, assign, note, reply, message */
	const char *from;
	const char *to;
	const char *unit;
	const char *note;
	long long outbound_id; /* 0: none */
};

static long long event_add(struct store *st, long long case_id, const struct event_row *ev,
			   struct tderr *e)
{
	long long id = store_int(
	    st,
	    "INSERT INTO case_event (case_id, at, actor, event, status_from, status_to, unit,"
	    " note, outbound_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, nullif(?9, 0))"
	    " RETURNING id",
	    -1, STORE_INT(1, case_id), STORE_NOW(2), STORE_TEXT(3, ev->actor),
	    STORE_TEXT(4, ev->event), STORE_TEXT(5, ev->from), STORE_TEXT(6, ev->to),
	    STORE_TEXT(7, ev->unit), STORE_TEXT(8, ev->note), STORE_INT(9, ev->outbound_id));

	if (id <= 0)
		return tderr_set(e, TDERR_INTERNAL, M_INTERNAL, store_errmsg(st), NULL);
	return id;
}

long long store_case_set_status(struct store *st, const struct case_info *c,
				const struct case_status_set *s, struct tderr *e)
{
	struct event_row ev = {.actor = s->actor,
			       .event = "status",
			       .from = c->status,
			       .to = s->to,
			       .note = s->note,
			       .outbound_id = s->outbound_id};
	long long ev_id;
	int n =
	    store_run(st,
		      "UPDATE cases SET status = ?3, accepted_on = coalesce(?4, accepted_on),"
		      " due_resolve = coalesce(?5, due_resolve),"
		      " complex = CASE WHEN ?6 < 0 THEN complex ELSE ?6 END,"
		      " closed_on = CASE WHEN ?7 IS NULL THEN closed_on ELSE nullif(?7, '') END,"
		      " decision_no = coalesce(?9, decision_no),"
		      " decision_date = coalesce(?10, decision_date),"
		      " updated_at = ?8 WHERE id = ?1 AND status = ?2",
		      STORE_INT(1, c->id), STORE_TEXT(2, c->status), STORE_TEXT(3, s->to),
		      STORE_TEXT(4, s->accepted_on), STORE_TEXT(5, s->due_resolve),
		      STORE_INT(6, s->complex), STORE_TEXT(7, s->closed_on), STORE_NOW(8),
		      STORE_TEXT(9, s->decision_no), STORE_TEXT(10, s->decision_date));

	if (n < 0)
		return tderr_set(e, TDERR_INTERNAL, M_INTERNAL, store_errmsg(st), NULL);
	if (n == 0)
		return tderr_set(e, TDERR_CONFLICT, M_STATUS_CHANGE, c->status, s->to);
	ev_id = event_add(st, c->id, &ev, e);
	if (ev_id > 0 && s->reason &&
	    store_exec(st, "UPDATE case_event SET reason = ?2 WHERE id = ?1", STORE_INT(1, ev_id),
		       STORE_TEXT(2, s->reason)) < 0)
		return tderr_set(e, TDERR_INTERNAL, M_INTERNAL, store_errmsg(st), NULL);
	return ev_id;
}

int store_case_extend(struct store *st, const struct case_info *c, bool complex, bool remote,
		      const char *due_resolve, const char *basis, const char *actor,
		      struct tderr *e)
{
	char note[512];
	struct event_row ev = {.actor = actor, .event = "note", .note = note};

	snprintf(note, sizeof(note), "Gia hạn (%s): %s",
		 complex ? "vụ việc phức tạp" : "vùng sâu, vùng xa", basis);
	if (store_exec(st,
		       "UPDATE cases SET complex = max(complex, ?2), remote = max(remote, ?3),"
		       " due_resolve = coalesce(?4, due_resolve), extension_basis = ?5,"
		       " updated_at = ?6 WHERE id = ?1",
		       STORE_INT(1, c->id), STORE_INT(2, complex), STORE_INT(3, remote),
		       STORE_TEXT(4, due_resolve), STORE_TEXT(5, basis), STORE_NOW(6)) < 0)
		return tderr_set(e, TDERR_INTERNAL, M_INTERNAL, store_errmsg(st), NULL);
	return event_add(st, c->id, &ev, e) < 0 ? -1 : 0;
}

int store_case_assign(struct store *st, const struct case_info *c, const char *unit,
		      const char *actor, const char *note, const struct unit_scope *scope,
		      struct tderr *e)
{
	struct event_row ev = {.actor = actor, .event = "assign", .unit = unit, .note = note};
	char today[CLOCK_DATE_LEN], commune[UNIT_CODE_MAX];
	long long in_force;

	clock_today(today);
	in_force = store_int(st,
			     "SELECT (valid_from IS NULL OR valid_from <= ?2)"
			     " AND (valid_to IS NULL OR valid_to >= ?2) FROM unit WHERE code = ?1",
			     -2, STORE_TEXT(1, unit), STORE_TEXT(2, today));
	if (in_force == -1)
		return tderr_set(e, TDERR_INTERNAL, M_INTERNAL, store_errmsg(st), NULL);
	if (in_force == -2)
		return tderr_set(e, TDERR_INVALID, M_UNKNOWN_UNIT, unit, NULL);
	if (in_force == 0)
		return tderr_set(e, TDERR_INVALID, M_BAD_VALUE, "unit", unit);
	if (scope && scope->n > 0 &&
	    (store_unit_commune(st, unit, today, commune) < 0 || !store_scope_has(scope, commune)))
		return tderr_set(e, TDERR_FORBIDDEN, M_OUT_OF_SCOPE, unit, NULL);
	if (store_exec(st, "UPDATE cases SET unit = ?2, updated_at = ?3 WHERE id = ?1",
		       STORE_INT(1, c->id), STORE_TEXT(2, unit), STORE_NOW(3)) < 0)
		return tderr_set(e, TDERR_INTERNAL, M_INTERNAL, store_errmsg(st), NULL);
	return event_add(st, c->id, &ev, e) < 0 ? -1 : 0;
}

long long store_case_note(struct store *st, const struct case_info *c, const char *actor,
			  const char *note, struct tderr *e)
{
	struct event_row ev = {.actor = actor, .event = "note", .note = note};

	if (store_exec(st, "UPDATE cases SET updated_at = ?2 WHERE id = ?1", STORE_INT(1, c->id),
		       STORE_NOW(2)) < 0)
		return tderr_set(e, TDERR_INTERNAL, M_INTERNAL, store_errmsg(st), NULL);
	return event_add(st, c->id, &ev, e);
}

long long store_case_sms(struct store *st, const struct case_sms *m, struct tderr *e)
{
	long long id = store_int(
	    st,
	    "INSERT INTO outbound (recipient, text, want_report, case_id, purpose, confidential,"
	    " created_at, updated_at, recipient_tag) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8)"
	    " RETURNING id",
	    -1, STORE_TEXT(1, m->recipient), STORE_TEXT(2, m->text), STORE_INT(3, m->want_report),
	    STORE_INT(4, m->case_id), STORE_TEXT(5, m->purpose), STORE_INT(6, m->confidential),
	    STORE_NOW(7), STORE_TEXT(8, m->recipient_tag));

	if (id <= 0)
		return tderr_set(e, TDERR_INTERNAL, M_INTERNAL, store_errmsg(st), NULL);
	return id;
}

long long store_case_reply_event(struct store *st, const struct case_info *c, const char *actor,
				 const char *text, long long outbound_id, struct tderr *e)
{
	struct event_row ev = {
	    .actor = actor, .event = "reply", .note = text, .outbound_id = outbound_id};

	if (store_exec(st, "UPDATE cases SET updated_at = ?2 WHERE id = ?1", STORE_INT(1, c->id),
		       STORE_NOW(2)) < 0)
		return tderr_set(e, TDERR_INTERNAL, M_INTERNAL, store_errmsg(st), NULL);
	return event_add(st, c->id, &ev, e);
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Cases and meeting reports as the processor creates them (store_cases.h).
 */
#include "store/store_cases.h"

#include <stdio.h>
#include <string.h>

#include "store/store_internal.h"
#include "util/log.h"

int store_code_taken(struct store *st, const char *digits)
{
	long long n = store_int(st,
				"SELECT (SELECT count(*) FROM cases WHERE digits = ?1) +"
				" (SELECT count(*) FROM meeting WHERE digits = ?1)",
				-1, STORE_TEXT(1, digits));

	return n < 0 ? -1 : n > 0;
}

long long store_case_insert(struct store *st, const struct case_new *c,
			    const struct tracking_code *code)
{
	static const char sql[] =
	    "INSERT INTO cases (code, digits, kind, unkeyed, text, sender, sender_tag, contact_id,"
	    " village, inbound_id, received_on, due_first, remote, created_at, updated_at,"
	    " channel, from_agency, citizen_name, address, village_source)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?14,"
	    " coalesce(?15, 'sms'), ?16, ?17, ?18, CASE WHEN ?9 IS NULL THEN NULL ELSE"
	    " coalesce(?19, CASE WHEN coalesce(?15, 'sms') = 'sms' THEN 'directory'"
	    " ELSE 'staff' END) END)";
	char text[CODE_MAX_LEN], now[32];
	sqlite3_stmt *stmt = store_prepare(st, sql);
	long long id = -1;

	if (!stmt)
		return -1;
	store_now(now, sizeof(now));
	snprintf(text, sizeof(text), "%s%s", code->prefix, code->digits);
	store_bind_text(stmt, 1, text);
	store_bind_text(stmt, 2, code->digits);
	store_bind_text(stmt, 3, c->kind);
	sqlite3_bind_int(stmt, 4, c->unkeyed);
	store_bind_text(stmt, 5, c->text);
	store_bind_text(stmt, 6, c->sender);
	store_bind_text(stmt, 7, c->sender_tag);
	if (c->contact_id > 0)
		sqlite3_bind_int64(stmt, 8, c->contact_id);
	store_bind_text(stmt, 9, c->village);
	if (c->inbound_id > 0)
		sqlite3_bind_int64(stmt, 10, c->inbound_id);
	store_bind_text(stmt, 11, c->received_on);
	store_bind_text(stmt, 12, c->due_first);
	sqlite3_bind_int(stmt, 13, c->remote);
	store_bind_text(stmt, 14, now);
	store_bind_text(stmt, 15, c->channel);
	store_bind_text(stmt, 16, c->from_agency);
	store_bind_text(stmt, 17, c->citizen_name);
	store_bind_text(stmt, 18, c->address);
	store_bind_text(stmt, 19, c->village_source);
	if (store_step_done(st, stmt) == 0)
		id = sqlite3_last_insert_rowid(st->db);
	store_finish(st, stmt);
	if (id > 0 &&
	    store_exec(
		st,
		"INSERT INTO case_event (case_id, at, actor, event, status_to,"
		" inbound_id) VALUES (?1, ?2, coalesce(?4, 'sms'), 'created', 'received', ?3)",
		STORE_INT(1, id), STORE_NOW(2), STORE_TEXT(4, c->actor),
		c->inbound_id > 0 ? STORE_INT(3, c->inbound_id) : STORE_TEXT(3, NULL)) < 0)
		return -1;
	if (id > 0 && !c->no_sender &&
	    store_exec(st,
		       "UPDATE cases SET link_proposed = (SELECT o.id FROM cases o WHERE"
		       " o.sender_tag = ?2 AND o.id <> ?1 AND o.status IN ('received', 'accepted',"
		       " 'in_progress') ORDER BY o.id DESC LIMIT 1) WHERE id = ?1",
		       STORE_INT(1, id), STORE_TEXT(2, c->sender_tag)) < 0)
		return -1;
	return id;
}

/* Copies column col (text) into out of size len ("" for NULL). */
static void column_copy(sqlite3_stmt *stmt, int col, char *out, size_t len)
{
	const unsigned char *s = sqlite3_column_text(stmt, col);

	snprintf(out, len, "%s", s ? (const char *)s : "");
}

int store_case_by_digits(struct store *st, const char *digits, struct case_row *out)
{
	/* The unit that answers: the one assigned, else the commune of the
	 * village (one level up), else nothing. */
	static const char sql[] =
	    "SELECT c.id, c.code, c.kind, c.status, c.sender_tag, coalesce(c.unit, ''),"
	    " coalesce(u.name, p.name, ''), c.updated_at, c.due_first, c.due_resolve"
	    " FROM cases c LEFT JOIN unit u ON u.code = c.unit"
	    " LEFT JOIN unit v ON v.code = c.village LEFT JOIN unit p ON p.code = v.parent"
	    " WHERE c.digits = ?1";
	sqlite3_stmt *stmt = store_prepare(st, sql);
	int rc;

	if (!stmt)
		return -1;
	store_bind_text(stmt, 1, digits);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		memset(out, 0, sizeof(*out));
		out->id = sqlite3_column_int64(stmt, 0);
		column_copy(stmt, 1, out->code, sizeof(out->code));
		column_copy(stmt, 2, out->kind, sizeof(out->kind));
		column_copy(stmt, 3, out->status, sizeof(out->status));
		column_copy(stmt, 4, out->sender_tag, sizeof(out->sender_tag));
		column_copy(stmt, 5, out->unit, sizeof(out->unit));
		column_copy(stmt, 6, out->unit_name, sizeof(out->unit_name));
		column_copy(stmt, 7, out->updated_on, sizeof(out->updated_on));
		column_copy(stmt, 8, out->due_first, sizeof(out->due_first));
		column_copy(stmt, 9, out->due_resolve, sizeof(out->due_resolve));
		rc = 1;
	} else {
		rc = rc == SQLITE_DONE ? 0 : -1;
		if (rc < 0)
			log_error("database: %s", sqlite3_errmsg(st->db));
	}
	store_finish(st, stmt);
	return rc;
}

long long store_meeting_insert(struct store *st, const struct meeting_new *m,
			       const struct tracking_code *code)
{
	static const char sql[] =
	    "INSERT INTO meeting (code, digits, village, contact_id, meeting_date, present, total,"
	    " opinions, topic, quorum, inbound_id, created_at)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)";
	sqlite3_stmt *stmt = store_prepare(st, sql);
	char text[CODE_MAX_LEN], now[32];
	long long id = -1;

	if (!stmt)
		return -1;
	store_now(now, sizeof(now));
	snprintf(text, sizeof(text), "%s%s", code->prefix, code->digits);
	store_bind_text(stmt, 1, text);
	store_bind_text(stmt, 2, code->digits);
	store_bind_text(stmt, 3, m->village);
	if (m->contact_id > 0)
		sqlite3_bind_int64(stmt, 4, m->contact_id);
	store_bind_text(stmt, 5, m->meeting_date);
	sqlite3_bind_int(stmt, 6, m->present);
	sqlite3_bind_int(stmt, 7, m->total);
	if (m->opinions >= 0)
		sqlite3_bind_int(stmt, 8, m->opinions);
	store_bind_text(stmt, 9, m->topic);
	sqlite3_bind_int(stmt, 10, m->quorum);
	if (m->inbound_id > 0)
		sqlite3_bind_int64(stmt, 11, m->inbound_id);
	store_bind_text(stmt, 12, now);
	if (store_step_done(st, stmt) == 0)
		id = sqlite3_last_insert_rowid(st->db);
	store_finish(st, stmt);
	return id;
}

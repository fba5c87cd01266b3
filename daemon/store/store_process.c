/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The processor's queries (store_process.h).
 */
#include "store/store_process.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_internal.h"
#include "util/log.h"
#include "util/xalloc.h"

/* ---------------------------------------------------------------- queue */

int store_process_next(struct store *st, long long after, struct inbound_msg *out, int max)
{
	static const char sql[] =
	    "SELECT id, modem, sender, sender_alpha, text, kind, received_at, promoted, sealed"
	    " FROM inbound WHERE processed_at IS NULL AND id > ?1 ORDER BY id LIMIT ?2";
	sqlite3_stmt *stmt = store_prepare(st, sql);
	int n = 0, rc;

	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, after);
	sqlite3_bind_int(stmt, 2, max);
	while (n < max && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct inbound_msg *m = &out[n++];
		memset(m, 0, sizeof(*m));
		m->id = sqlite3_column_int64(stmt, 0);
		m->modem = store_column_dup(stmt, 1);
		m->sender = store_column_dup(stmt, 2);
		m->sender_alpha = sqlite3_column_int(stmt, 3) != 0;
		m->text = store_column_dup(stmt, 4);
		m->kind = store_column_dup(stmt, 5);
		m->received_at = store_column_dup(stmt, 6);
		m->promoted = sqlite3_column_int(stmt, 7) != 0;
		m->sealed = sqlite3_column_int(stmt, 8) != 0;
	}
	store_finish(st, stmt);
	return n;
}

void inbound_msg_clear(struct inbound_msg *m)
{
	free(m->modem);
	free(m->sender);
	free(m->text);
	free(m->kind);
	free(m->received_at);
	memset(m, 0, sizeof(*m));
}

int store_process_mark(struct store *st, long long id, const struct process_mark *m)
{
	return store_exec(st,
			  "UPDATE inbound SET processed_at = ?2, command = ?3, outcome = ?4,"
			  " sender_tag = ?5, text_hash = ?6, throttled = ?7,"
			  " duplicate_of = nullif(?8, 0) WHERE id = ?1",
			  STORE_INT(1, id), STORE_NOW(2), STORE_TEXT(3, m->command),
			  STORE_TEXT(4, m->outcome), STORE_TEXT(5, m->sender_tag),
			  STORE_TEXT(6, m->text_hash), STORE_INT(7, m->throttled),
			  STORE_INT(8, m->duplicate_of));
}

/* ---------------------------------------------------------------- limits */

long long store_process_duplicate(struct store *st, long long id, const char *tag,
				  const char *text_hash, const char *since)
{
	return store_int(st,
			 "SELECT id FROM inbound WHERE sender_tag = ?2 AND text_hash = ?3"
			 " AND received_at >= ?4 AND id < ?1 AND throttled = 0"
			 " AND duplicate_of IS NULL AND processed_at IS NOT NULL"
			 " ORDER BY id LIMIT 1",
			 0, STORE_INT(1, id), STORE_TEXT(2, tag), STORE_TEXT(3, text_hash),
			 STORE_TEXT(4, since));
}

long long store_process_recent(struct store *st, long long id, const char *tag, const char *since,
			       long long *throttled)
{
	*throttled = store_int(st,
			       "SELECT count(*) FROM inbound WHERE sender_tag = ?2"
			       " AND received_at >= ?3 AND id < ?1 AND throttled = 1",
			       -1, STORE_INT(1, id), STORE_TEXT(2, tag), STORE_TEXT(3, since));
	return store_int(st,
			 "SELECT count(*) FROM inbound WHERE sender_tag = ?2 AND received_at >= ?3"
			 " AND id < ?1 AND duplicate_of IS NULL AND promoted = 0"
			 " AND processed_at IS NOT NULL AND coalesce(command, '') <> 'error'",
			 -1, STORE_INT(1, id), STORE_TEXT(2, tag), STORE_TEXT(3, since));
}

long long store_process_replied(struct store *st, long long id, const char *tag, const char *since,
				const char *purpose)
{
	return store_int(st,
			 "SELECT count(*) FROM inbound i JOIN outbound o ON o.inbound_id = i.id"
			 " WHERE i.sender_tag = ?2 AND i.received_at >= ?3 AND i.id < ?1"
			 " AND o.purpose = ?4",
			 -1, STORE_INT(1, id), STORE_TEXT(2, tag), STORE_TEXT(3, since),
			 STORE_TEXT(4, purpose));
}

/* ---------------------------------------------------------------- directory */

static void column_copy(sqlite3_stmt *stmt, int col, char *out, size_t len)
{
	const unsigned char *s = sqlite3_column_text(stmt, col);

	snprintf(out, len, "%s", s ? (const char *)s : "");
}

int store_sender_info(struct store *st, const char *phone, struct sender_info *out)
{
	sqlite3_stmt *stmt = store_prepare(
	    st, "SELECT id, role, coalesce(village, ''), opted_out FROM contact WHERE phone = ?1");
	int rc;

	memset(out, 0, sizeof(*out));
	snprintf(out->role, sizeof(out->role), "resident");
	if (!stmt)
		return -1;
	store_bind_text(stmt, 1, phone);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		out->contact_id = sqlite3_column_int64(stmt, 0);
		column_copy(stmt, 1, out->role, sizeof(out->role));
		column_copy(stmt, 2, out->village, sizeof(out->village));
		out->opted_out = sqlite3_column_int(stmt, 3) != 0;
	}
	store_finish(st, stmt);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

int store_contact_register(struct store *st, const char *phone, const char *village,
			   const char *name)
{
	return store_exec(
	    st,
	    "INSERT INTO contact (phone, name, village, role, source, created_at, updated_at)"
	    " VALUES (?1, coalesce(?3, ''), ?2, 'resident', 'sms', ?4, ?4)"
	    " ON CONFLICT (phone) DO UPDATE SET opted_out = 0, updated_at = ?4,"
	    " village = CASE WHEN role = 'resident' THEN ?2 ELSE village END,"
	    " name = CASE WHEN role = 'resident' AND ?3 IS NOT NULL THEN ?3 ELSE name END",
	    STORE_TEXT(1, phone), STORE_TEXT(2, village), STORE_TEXT(3, name), STORE_NOW(4));
}

int store_contact_optout(struct store *st, const char *phone)
{
	return store_exec(st,
			  "INSERT INTO contact (phone, name, role, opted_out, source, created_at,"
			  " updated_at) VALUES (?1, '', 'resident', 1, 'sms', ?2, ?2)"
			  " ON CONFLICT (phone) DO UPDATE SET opted_out = 1, updated_at = ?2",
			  STORE_TEXT(1, phone), STORE_NOW(2));
}

int store_unit_name(struct store *st, const char *code, char *out, size_t len)
{
	sqlite3_stmt *stmt = store_prepare(st, "SELECT name FROM unit WHERE code = ?1");
	int rc;

	out[0] = '\0';
	if (!stmt)
		return -1;
	store_bind_text(stmt, 1, code);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		column_copy(stmt, 0, out, len);
	store_finish(st, stmt);
	return rc == SQLITE_ROW ? 0 : -1;
}

int store_villages_each(struct store *st, const char *date,
			void (*fn)(void *ctx, const char *code, const char *name), void *ctx)
{
	sqlite3_stmt *stmt =
	    store_prepare(st, "SELECT code, name FROM unit WHERE level = 'village'"
			      " AND (valid_from IS NULL OR valid_from <= ?1)"
			      " AND (valid_to IS NULL OR valid_to >= ?1) ORDER BY code");
	int rc;

	if (!stmt)
		return -1;
	store_bind_text(stmt, 1, date);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		fn(ctx, (const char *)sqlite3_column_text(stmt, 0),
		   (const char *)sqlite3_column_text(stmt, 1));
	store_finish(st, stmt);
	return rc == SQLITE_DONE ? 0 : -1;
}

int store_meeting_by_digits(struct store *st, const char *digits, struct meeting_row *out)
{
	sqlite3_stmt *stmt = store_prepare(
	    st, "SELECT m.code, coalesce(u.name, m.village), m.meeting_date,"
		" coalesce(i.sender_tag, '') FROM meeting m LEFT JOIN unit u ON u.code = m.village"
		" LEFT JOIN inbound i ON i.id = m.inbound_id WHERE m.digits = ?1");
	int rc;

	if (!stmt)
		return -1;
	store_bind_text(stmt, 1, digits);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		column_copy(stmt, 0, out->code, sizeof(out->code));
		column_copy(stmt, 1, out->village_name, sizeof(out->village_name));
		column_copy(stmt, 2, out->meeting_date, sizeof(out->meeting_date));
		column_copy(stmt, 3, out->sender_tag, sizeof(out->sender_tag));
	}
	store_finish(st, stmt);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

/* ---------------------------------------------------------------- outbound */

int store_outbound_about(struct store *st, long long id, long long case_id, const char *purpose,
			 bool confidential)
{
	return store_exec(st,
			  "UPDATE outbound SET case_id = nullif(?2, 0), purpose = ?3,"
			  " confidential = ?4 WHERE id = ?1",
			  STORE_INT(1, id), STORE_INT(2, case_id), STORE_TEXT(3, purpose),
			  STORE_INT(4, confidential));
}

/* ---------------------------------------------------------------- sealing */

int store_inbound_seal(struct store *st, long long id, const char *sealed)
{
	if (store_exec(st,
		       "UPDATE inbound SET sender = ?2, sender_raw = ?2, sealed = 1 WHERE id = ?1",
		       STORE_INT(1, id), STORE_TEXT(2, sealed)) < 0)
		return -1;
	return store_exec(st,
			  "UPDATE inbound_part SET sender = ?2, sender_raw = ?2, smsc = NULL"
			  " WHERE inbound_id = ?1",
			  STORE_INT(1, id), STORE_TEXT(2, sealed));
}

int store_confidential_pending(struct store *st, long long *ids, char **recipients, int max)
{
	sqlite3_stmt *stmt =
	    store_prepare(st, "SELECT id, recipient FROM outbound WHERE confidential = 1"
			      " AND state IN ('sent', 'delivered', 'failed', 'unknown')"
			      " AND recipient NOT LIKE 'sealed:%' AND recipient <> ''"
			      " ORDER BY id LIMIT ?1");
	int n = 0;

	if (!stmt)
		return -1;
	sqlite3_bind_int(stmt, 1, max);
	while (n < max && sqlite3_step(stmt) == SQLITE_ROW) {
		ids[n] = sqlite3_column_int64(stmt, 0);
		recipients[n] = store_column_dup(stmt, 1);
		n++;
	}
	store_finish(st, stmt);
	return n;
}

char *store_outbound_recipient(struct store *st, long long id)
{
	sqlite3_stmt *stmt = store_prepare(st, "SELECT recipient FROM outbound WHERE id = ?1");
	char *r = NULL;

	if (!stmt)
		return NULL;
	sqlite3_bind_int64(stmt, 1, id);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		r = store_column_dup(stmt, 0);
	store_finish(st, stmt);
	return r;
}

int store_outbound_set_recipient(struct store *st, long long id, const char *recipient)
{
	return store_exec(st, "UPDATE outbound SET recipient = ?2 WHERE id = ?1", STORE_INT(1, id),
			  STORE_TEXT(2, recipient));
}

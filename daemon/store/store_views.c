/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Staff's view of the message ledger: messages in and out together, the
 * inbox (throttled messages and promoting them), the quarantine, the
 * outbox, and putting a message back in the queue by hand. Confidential
 * numbers are opened only for callers given the seal.
 */
#include "store/store_views.h"

#include <stdio.h>
#include <stdlib.h>

#include "store/store_internal.h"
#include "store/store_units.h"
#include "util/clock.h"
#include "util/log.h"

/* A LIMIT value: limit when positive, else none. */
static long long limit_or_all(int limit)
{
	return limit > 0 ? limit : -1;
}

void store_rows_reveal(json_t *rows, const char *key, const struct seal *reveal)
{
	size_t i;
	json_t *row;

	json_array_foreach(rows, i, row)
	{
		const char *number = json_string_value(json_object_get(row, key));
		bool sealed = number && seal_is_sealed(number);
		bool secret = sealed || json_integer_value(json_object_get(row, "confidential"));
		char *plain = NULL;

		json_object_set_new(row, "confidential", json_boolean(secret));
		if (!secret || (reveal && !sealed))
			continue;
		if (reveal)
			plain = seal_decrypt(reveal, number);
		json_object_set_new(row, key, plain ? json_string(plain) : json_null());
		free(plain);
	}
}

json_t *store_messages_list(struct store *st, const char *from, const char *since, int limit,
			    const struct seal *reveal)
{
	/* Each side filtered on its own, so the indexes on sender serve. */
	static const char sql[] =
	    "SELECT dir, id, at, number, confidential, text, state, modem FROM ("
	    " SELECT 'in' AS dir, id, received_at AS at, sender AS number,"
	    " sealed AS confidential, text,"
	    " kind || CASE WHEN processed_at IS NULL THEN '/unprocessed' ELSE '/processed' END"
	    " AS state, modem FROM inbound"
	    " WHERE (?1 IS NULL OR sender = ?1) AND (?2 IS NULL OR received_at >= ?2)"
	    " UNION ALL"
	    " SELECT 'out', id, created_at, recipient, confidential, text, state, modem"
	    " FROM outbound"
	    " WHERE (?1 IS NULL OR recipient = ?1) AND (?2 IS NULL OR created_at >= ?2))"
	    " ORDER BY at DESC, dir DESC, id DESC LIMIT ?3";
	char start[32];
	long long ms;
	json_t *rows;

	if (since) {
		if (clock_parse_date(since, &ms) < 0) {
			log_warn("messages: bad date %s", since);
			return NULL;
		}
		store_time(ms, start, sizeof(start));
	}
	rows = store_rows_json(st, sql, STORE_TEXT(1, from), STORE_TEXT(2, since ? start : NULL),
			       STORE_INT(3, limit_or_all(limit)));
	store_rows_reveal(rows, "number", reveal);
	return rows;
}

/* The integer at key of each row as a JSON boolean. */
static void rows_bool(json_t *rows, const char *key)
{
	size_t i;
	json_t *row;

	json_array_foreach(rows, i, row)
	{
		json_t *v = json_object_get(row, key);
		if (json_is_integer(v))
			json_object_set_new(row, key, json_boolean(json_integer_value(v) != 0));
	}
}

json_t *store_inbox_list(struct store *st, bool unprocessed, bool throttled, int limit,
			 const struct seal *reveal)
{
	return store_inbox_list_where(st, unprocessed, throttled, false, limit, reveal);
}

json_t *store_inbox_list_where(struct store *st, bool unprocessed, bool throttled, bool unclear,
			       int limit, const struct seal *reveal)
{
	json_t *rows = store_rows_json(
	    st,
	    "SELECT id, received_at, sender, sealed AS confidential, text, kind, parts,"
	    " incomplete, invalid_utf8, processed_at, modem, command, outcome, throttled,"
	    " promoted FROM inbound"
	    " WHERE (?1 = 0 OR processed_at IS NULL) AND (?2 = 0 OR throttled = 1)"
	    " AND (?4 = 0 OR outcome = 'unclear')"
	    " ORDER BY received_at DESC, id DESC LIMIT ?3",
	    STORE_INT(1, unprocessed), STORE_INT(2, throttled), STORE_INT(3, limit_or_all(limit)),
	    STORE_INT(4, unclear));

	store_rows_reveal(rows, "sender", reveal);
	rows_bool(rows, "throttled");
	rows_bool(rows, "promoted");
	return rows;
}

int store_inbox_promote(struct store *st, long long id, struct tderr *e)
{
	char num[24];
	long long known;
	int n =
	    store_run(st,
		      "UPDATE inbound SET throttled = 0, promoted = 1, processed_at = NULL,"
		      " outcome = NULL WHERE id = ?1 AND (throttled = 1 OR outcome = 'unclear')",
		      STORE_INT(1, id));

	if (n < 0)
		return tderr_set(e, TDERR_INTERNAL, M_INTERNAL, store_errmsg(st), NULL);
	if (n > 0)
		return 0;
	snprintf(num, sizeof(num), "%lld", id);
	known = store_int(st, "SELECT count(*) FROM inbound WHERE id = ?1", -1, STORE_INT(1, id));
	if (known < 0)
		return tderr_set(e, TDERR_INTERNAL, M_INTERNAL, store_errmsg(st), NULL);
	return tderr_set(e, known ? TDERR_CONFLICT : TDERR_NOT_FOUND,
			 known ? M_NOT_THROTTLED : M_NO_MESSAGE, num, NULL);
}

json_t *store_quarantine_list(struct store *st, int limit, const struct seal *reveal)
{
	/* The PDU holds the sender's number, who may be a denunciator: both
	 * are stored sealed and opened only for those who may see
	 * confidential numbers (a row from before sealing is hidden too). */
	json_t *rows =
	    store_rows_json(st,
			    "SELECT id, modem, location, attempts, state, error, sender, pdu,"
			    " 1 AS confidential, first_seen, last_seen FROM quarantine"
			    " ORDER BY last_seen DESC, id DESC LIMIT ?1",
			    STORE_INT(1, limit_or_all(limit)));

	store_rows_reveal(rows, "sender", reveal);
	store_rows_reveal(rows, "pdu", reveal);
	return rows;
}

json_t *store_outbox_list(struct store *st, bool failed, bool unknown, int limit,
			  const struct seal *reveal)
{
	json_t *rows = store_rows_json(
	    st,
	    "SELECT id, created_at, recipient, confidential, text, state, modem, attempts, error,"
	    " sent_at, delivered_at, purpose FROM outbound"
	    " WHERE (?1 = 0 AND ?2 = 0) OR (?1 AND state = 'failed')"
	    " OR (?2 AND state = 'unknown')"
	    " ORDER BY created_at DESC, id DESC LIMIT ?3",
	    STORE_INT(1, failed), STORE_INT(2, unknown), STORE_INT(3, limit_or_all(limit)));

	store_rows_reveal(rows, "recipient", reveal);
	return rows;
}

int store_outbox_resend(struct store *st, long long id, struct tderr *e)
{
	char num[24];
	json_t *rows;
	int n;

	/* Back to the queue for any modem, as an automatic retry would be. */
	n = store_run(st,
		      "UPDATE outbound SET state = 'queued', attempts = 0, error = NULL,"
		      " next_attempt_at = NULL, modem = NULL, updated_at = ?2"
		      " WHERE id = ?1 AND state IN ('unknown', 'failed')",
		      STORE_INT(1, id), STORE_NOW(2));
	if (n < 0)
		return tderr_set(e, TDERR_INTERNAL, M_INTERNAL, store_errmsg(st), NULL);
	if (n > 0)
		return 0;
	snprintf(num, sizeof(num), "%lld", id);
	rows = store_rows_json(st, "SELECT state FROM outbound WHERE id = ?1", STORE_INT(1, id));
	if (!rows)
		return tderr_set(e, TDERR_INTERNAL, M_INTERNAL, store_errmsg(st), NULL);
	if (json_array_size(rows) == 0)
		tderr_set(e, TDERR_NOT_FOUND, M_NO_MESSAGE, num, NULL);
	else
		tderr_set(e, TDERR_CONFLICT, M_NOT_RESENDABLE, num,
			  json_string_value(json_object_get(json_array_get(rows, 0), "state")));
	json_decref(rows);
	return -1;
}

int store_message_commune(struct store *st, bool outbound, long long id, char *out)
{
	static const char sql_in[] =
	    "SELECT coalesce(c.unit, c.village) FROM cases c WHERE c.inbound_id = ?1"
	    " ORDER BY c.id LIMIT 1";
	static const char sql_out[] =
	    "SELECT coalesce(c.unit, c.village) FROM outbound o JOIN cases c"
	    " ON c.id = o.case_id OR (o.case_id IS NULL AND c.inbound_id = o.inbound_id)"
	    " WHERE o.id = ?1 ORDER BY c.id LIMIT 1";
	sqlite3_stmt *stmt = store_prepare(st, outbound ? sql_out : sql_in);
	char *place = NULL;
	int rc;

	out[0] = '\0';
	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, id);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		place = store_column_dup(stmt, 0);
	store_finish(st, stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return -1;
	rc = place && store_unit_commune(st, place, NULL, out) == 0 ? 1 : 0;
	free(place);
	return rc;
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Requests to a modem and their answers (see store_modem_request.h); the
 * balance read by scheduled checks.
 */
#include "store/store_modem_request.h"

#include <stdlib.h>
#include <string.h>

#include "store/store_internal.h"
#include "util/log.h"

void modem_request_clear(struct modem_request *r)
{
	free(r->kind);
	free(r->request);
	memset(r, 0, sizeof(*r));
}

long long store_modem_request_add(struct store *st, const char *modem, const char *kind,
				  const char *request, const char *user)
{
	if (store_exec(st,
		       "INSERT INTO modem_request (modem, kind, request, requested_by, created_at)"
		       " VALUES (?1, ?2, ?3, ?4, ?5)",
		       STORE_TEXT(1, modem), STORE_TEXT(2, kind), STORE_TEXT(3, request),
		       STORE_TEXT(4, user), STORE_NOW(5)) < 0)
		return -1;
	return sqlite3_last_insert_rowid(st->db);
}

int store_modem_request_take(struct store *st, const char *modem, struct modem_request *r)
{
	static const char sql[] =
	    "UPDATE modem_request SET state = 'running' WHERE id = (SELECT id FROM modem_request"
	    " WHERE modem = ?1 AND state = 'pending' ORDER BY id LIMIT 1)"
	    " RETURNING id, kind, request";
	sqlite3_stmt *stmt = store_prepare(st, sql);
	int rc;

	memset(r, 0, sizeof(*r));
	if (!stmt)
		return -1;
	store_bind_text(stmt, 1, modem);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		r->id = sqlite3_column_int64(stmt, 0);
		r->kind = store_column_dup(stmt, 1);
		r->request = store_column_dup(stmt, 2);
		rc = sqlite3_step(stmt);
	}
	store_finish(st, stmt);
	if (rc != SQLITE_DONE) {
		log_error("database: modem request: %s", store_errmsg(st));
		modem_request_clear(r);
		return -1;
	}
	return r->id > 0 ? 1 : 0;
}

int store_modem_request_finish(struct store *st, long long id, bool ok, const char *answer,
			       const char *ussd_status, const char *error)
{
	return store_exec(st,
			  "UPDATE modem_request SET state = ?2, answer = ?3, ussd_status = ?4,"
			  " error = ?5, answered_at = ?6 WHERE id = ?1",
			  STORE_INT(1, id), STORE_TEXT(2, ok ? "done" : "failed"),
			  STORE_TEXT(3, answer), STORE_TEXT(4, ussd_status), STORE_TEXT(5, error),
			  STORE_NOW(6));
}

int store_modem_request_fail_all(struct store *st, const char *modem, const char *state,
				 const char *error)
{
	return store_run(st,
			 "UPDATE modem_request SET state = 'failed', error = ?2, answered_at = ?3"
			 " WHERE modem = ?1 AND state = ?4",
			 STORE_TEXT(1, modem), STORE_TEXT(2, error), STORE_NOW(3),
			 STORE_TEXT(4, state));
}

int store_modem_request_expire(struct store *st, long long id, const char *error)
{
	return store_run(st,
			 "UPDATE modem_request SET state = 'failed', error = ?2, answered_at = ?3"
			 " WHERE id = ?1 AND state = 'pending'",
			 STORE_INT(1, id), STORE_TEXT(2, error), STORE_NOW(3));
}

json_t *store_modem_request_get(struct store *st, long long id)
{
	json_t *rows =
	    store_rows_json(st,
			    "SELECT id, modem, kind, request, state, answer, ussd_status,"
			    " error, requested_by, created_at, answered_at"
			    " FROM modem_request WHERE id = ?1",
			    STORE_INT(1, id));
	json_t *row = rows ? json_incref(json_array_get(rows, 0)) : NULL;

	json_decref(rows);
	return row;
}

int store_modem_balance_asked(struct store *st, const char *modem, const char *since)
{
	long long n = store_int(st,
				"SELECT count(*) FROM modem_request WHERE modem = ?1"
				" AND kind = 'balance' AND created_at >= ?2",
				0, STORE_TEXT(1, modem), STORE_TEXT(2, since));

	return n < 0 ? -1 : n > 0;
}

int store_modem_balance(struct store *st, const char *modem, long long amount)
{
	return store_exec(st,
			  "UPDATE modem_state SET balance = ?2, balance_at = ?3 WHERE modem = ?1",
			  STORE_TEXT(1, modem), STORE_INT(2, amount), STORE_NOW(3));
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Alert rows and the alert SMS queued with them (see store_alert.h).
 */
#include "store/store_alert.h"

#include <string.h>

#include "store/store_internal.h"

int store_alert_get(struct store *st, const char *key, struct alert_row *r)
{
	sqlite3_stmt *stmt = store_prepare_args(
	    st,
	    "SELECT raised_at IS NOT NULL, coalesce(since_ms, 0), coalesce(sent_ms, 0), notified"
	    " FROM alert WHERE key = ?1",
	    (const struct store_arg[]){STORE_TEXT(1, key)}, 1);
	int rc;

	memset(r, 0, sizeof(*r));
	if (!stmt)
		return -1;
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		r->raised = sqlite3_column_int(stmt, 0) != 0;
		r->since = sqlite3_column_int64(stmt, 1);
		r->sent = sqlite3_column_int64(stmt, 2);
		r->notified = sqlite3_column_int(stmt, 3) != 0;
	}
	store_finish(st, stmt);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

int store_alert_set(struct store *st, const char *key, const struct alert_row *r,
		    const char *detail, char *const *to, size_t n, const char *text)
{
	char sent_at[32];

	store_time(r->sent, sent_at, sizeof(sent_at));
	if (store_begin(st) < 0)
		return -1;
	if (store_exec(st,
		       "INSERT INTO alert (key, raised_at, last_sent_at, detail, since_ms, sent_ms,"
		       " notified) VALUES (?1, CASE WHEN ?2 THEN ?3 END, CASE WHEN ?5 THEN ?4 END,"
		       " ?6, nullif(?7, 0), nullif(?5, 0), ?8) ON CONFLICT (key) DO UPDATE SET"
		       " raised_at = CASE WHEN ?2 THEN coalesce(raised_at, ?3) END,"
		       " last_sent_at = CASE WHEN ?5 THEN ?4 END, detail = coalesce(?6, detail),"
		       " since_ms = nullif(?7, 0), sent_ms = nullif(?5, 0), notified = ?8",
		       STORE_TEXT(1, key), STORE_INT(2, r->raised), STORE_NOW(3),
		       STORE_TEXT(4, sent_at), STORE_INT(5, r->sent), STORE_TEXT(6, detail),
		       STORE_INT(7, r->since), STORE_INT(8, r->notified)) < 0)
		goto fail;
	for (size_t i = 0; text && i < n; i++)
		if (store_exec(st,
			       "INSERT INTO outbound (recipient, text, created_at, updated_at,"
			       " purpose) VALUES (?1, ?2, ?3, ?3, 'alert')",
			       STORE_TEXT(1, to[i]), STORE_TEXT(2, text), STORE_NOW(3)) < 0)
			goto fail;
	return store_commit(st);
fail:
	store_rollback(st);
	return -1;
}

int store_alert_reset_pending(struct store *st)
{
	return store_run_args(st, "UPDATE alert SET since_ms = NULL WHERE raised_at IS NULL", NULL,
			      0) < 0
		   ? -1
		   : 0;
}

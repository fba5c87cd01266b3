/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The audit trail: one row appended per action through the control
 * socket, read back newest first. The table refuses edits by itself.
 */
#include "store/store_audit.h"

#include "store/store_internal.h"
#include "util/clock.h"
#include "util/log.h"

int store_audit_add(struct store *st, const struct audit_entry *a)
{
	return store_exec(st,
			  "INSERT INTO audit (at, uid, user, role, action, target, outcome, detail)"
			  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
			  STORE_NOW(1), STORE_INT(2, a->uid), STORE_TEXT(3, a->user),
			  STORE_TEXT(4, a->role), STORE_TEXT(5, a->action),
			  STORE_TEXT(6, a->target), STORE_TEXT(7, a->outcome),
			  STORE_TEXT(8, a->detail));
}

json_t *store_audit_list(struct store *st, const char *user, const char *since, int limit)
{
	char from[32];
	long long ms;

	if (since) {
		if (clock_parse_date(since, &ms) < 0) {
			log_warn("audit: bad date %s", since);
			return NULL;
		}
		store_time(ms, from, sizeof(from));
	}
	return store_rows_json(
	    st,
	    "SELECT id, at, uid, user, role, action, target, outcome, detail"
	    " FROM audit WHERE (?1 IS NULL OR user = ?1) AND (?2 IS NULL OR at >= ?2)"
	    " ORDER BY at DESC, id DESC LIMIT ?3",
	    STORE_TEXT(1, user), STORE_TEXT(2, since ? from : NULL),
	    STORE_INT(3, limit > 0 ? limit : -1));
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Confidential senders: the table of their keyed tags, and sealing a case's
 * sender after the fact (a staff-entered denunciation).
 */
#include "store/store_confidential.h"

#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>

#include "store/store_internal.h"

long long store_confidential_is(struct store *st, const char *tag)
{
	return store_int(st, "SELECT 1 FROM confidential_sender WHERE tag = ?1", 0,
			 STORE_TEXT(1, tag));
}

int store_confidential_add(struct store *st, const char *tag)
{
	return store_exec(st,
			  "INSERT OR IGNORE INTO confidential_sender (tag, since) VALUES (?1, ?2)",
			  STORE_TEXT(1, tag), STORE_NOW(2));
}

int store_case_seal_sender(struct store *st, long long case_id, const char *sealed, const char *tag)
{
	if (store_confidential_add(st, tag) < 0)
		return -1;
	return store_exec(
	    st,
	    "UPDATE cases SET sender = ?2, sender_tag = ?3, contact_id = NULL,"
	    " village = coalesce((SELECT u.parent FROM unit u WHERE u.code = cases.village"
	    " AND u.level = 'village'), village) WHERE id = ?1",
	    STORE_INT(1, case_id), STORE_TEXT(2, sealed), STORE_TEXT(3, tag));
}

int store_contact_optout_existing(struct store *st, const char *phone)
{
	return store_exec(st, "UPDATE contact SET opted_out = 1, updated_at = ?2 WHERE phone = ?1",
			  STORE_TEXT(1, phone), STORE_NOW(2));
}

/* ?1 the number, ?2 and ?3 its tags. */
static const char *const optout_erase_sql[] = {
    "UPDATE inbound_part SET sender = '', sender_raw = 'erased:' || id, smsc = NULL"
    " WHERE inbound_id IN (SELECT id FROM inbound WHERE processed_at IS NOT NULL"
    " AND (sender = ?1 OR sender_tag IN (?2, ?3)))",
    "UPDATE inbound SET sender = '', sender_raw = '' WHERE processed_at IS NOT NULL"
    " AND (sender = ?1 OR sender_tag IN (?2, ?3))",
    "UPDATE outbound SET recipient = '', recipient_tag = NULL WHERE (recipient = ?1"
    " OR recipient_tag IN (?2, ?3)) AND state NOT IN ('queued', 'sending')",
    "UPDATE cases SET sender = '' WHERE sender_tag IN (?2, ?3)",
};

int store_optout_erase(struct store *st, const char *phone, const char *tag, const char *alt_tag)
{
	long long open = store_int(st,
				   "SELECT count(*) FROM cases WHERE sender_tag IN (?1, ?2)"
				   " AND status IN ('received', 'accepted', 'in_progress')",
				   -1, STORE_TEXT(1, tag), STORE_TEXT(2, alt_tag));

	if (open != 0)
		return open < 0 ? -1 : 0;
	for (size_t i = 0; i < sizeof(optout_erase_sql) / sizeof(*optout_erase_sql); i++)
		if (store_run(st, optout_erase_sql[i], STORE_TEXT(1, phone), STORE_TEXT(2, tag),
			      STORE_TEXT(3, alt_tag)) < 0)
			return -1;
	return 1;
}

int store_outbound_set_tag(struct store *st, long long id, const char *tag)
{
	return store_exec(st, "UPDATE outbound SET recipient_tag = ?2 WHERE id = ?1",
			  STORE_INT(1, id), STORE_TEXT(2, tag));
}

int store_has_sealed(struct store *st)
{
	return (int)store_int_args(
	    st,
	    "SELECT EXISTS (SELECT 1 FROM confidential_sender)"
	    " OR EXISTS (SELECT 1 FROM inbound WHERE sealed = 1)"
	    " OR EXISTS (SELECT 1 FROM cases WHERE sender LIKE 'sealed:%')"
	    " OR EXISTS (SELECT 1 FROM outbound WHERE recipient LIKE 'sealed:%')",
	    0, NULL, 0);
}

/* Works on every schema that could hold sealed values (003 onwards). */
static const char file_sealed_sql[] =
    "SELECT EXISTS (SELECT 1 FROM inbound WHERE sealed = 1)"
    " OR EXISTS (SELECT 1 FROM cases WHERE sender LIKE 'sealed:%')"
    " OR EXISTS (SELECT 1 FROM outbound WHERE recipient LIKE 'sealed:%')";

int store_file_has_sealed(const char *path, char *err, size_t errlen)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *stmt = NULL;
	struct stat sb;
	int rc = -1;

	if (stat(path, &sb) < 0 && errno == ENOENT)
		return 0;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) !=
	    SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", path, db ? sqlite3_errmsg(db) : "cannot open");
		goto out;
	}
	sqlite3_busy_timeout(db, 5000);
	if (sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_master WHERE name = 'cases'", -1,
			       &stmt, NULL) != SQLITE_OK ||
	    sqlite3_step(stmt) != SQLITE_ROW) {
		snprintf(err, errlen, "%s: %s", path, sqlite3_errmsg(db));
		goto out;
	}
	rc = sqlite3_column_int(stmt, 0) == 0 ? 0 : -2; /* a schema before cases: nothing */
	sqlite3_finalize(stmt);
	stmt = NULL;
	if (rc == 0)
		goto out;
	if (sqlite3_prepare_v2(db, file_sealed_sql, -1, &stmt, NULL) != SQLITE_OK ||
	    sqlite3_step(stmt) != SQLITE_ROW) {
		snprintf(err, errlen, "%s: %s", path, sqlite3_errmsg(db));
		rc = -1;
		goto out;
	}
	rc = sqlite3_column_int(stmt, 0) != 0;
out:
	sqlite3_finalize(stmt);
	sqlite3_close(db);
	return rc;
}

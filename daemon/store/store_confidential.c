/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Confidential senders: the table of their keyed tags, and sealing a case's
 * sender after the fact (a staff-entered denunciation).
 */
#include "store/store_confidential.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

long long store_retag_clear(struct store *st, const struct seal *s)
{
	sqlite3_stmt *stmt =
	    store_prepare(st, "SELECT id, sender, sender_tag FROM cases WHERE sender <> ''"
			      " AND sender NOT LIKE 'sealed:%' AND sender_tag <> ''");
	long long *ids = NULL, n = 0, done = 0;
	char **tags = NULL;

	if (!stmt)
		return -1;
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		const char *sender = (const char *)sqlite3_column_text(stmt, 1);
		const char *tag = (const char *)sqlite3_column_text(stmt, 2);
		char old[SEAL_TAG_SIZE], clear[SEAL_TAG_SIZE];

		if (!sender || !tag || seal_tag(s, sender, old) < 0 || strcmp(old, tag) != 0 ||
		    seal_tag_domain(s, SEAL_DOMAIN_CLEAR, sender, clear) < 0)
			continue;
		ids = realloc(ids, (size_t)(n + 1) * sizeof(*ids));
		tags = realloc(tags, (size_t)(n + 1) * sizeof(*tags));
		if (!ids || !tags)
			break;
		ids[n] = sqlite3_column_int64(stmt, 0);
		tags[n++] = strdup(clear);
	}
	store_finish(st, stmt);
	if (store_begin(st) < 0)
		goto out;
	for (long long i = 0; i < n; i++)
		if (tags[i] && store_exec(st, "UPDATE cases SET sender_tag = ?2 WHERE id = ?1",
					  STORE_INT(1, ids[i]), STORE_TEXT(2, tags[i])) == 0)
			done++;
	if (store_run_args(st,
			   "UPDATE inbound SET sender_tag = NULL WHERE sealed = 0 AND sender_tag"
			   " IS NOT NULL AND sender_tag IN (SELECT sender_tag FROM cases"
			   " WHERE sender LIKE 'sealed:%' UNION SELECT sender_tag FROM inbound"
			   " WHERE sealed = 1 UNION SELECT tag FROM confidential_sender)",
			   NULL, 0) < 0 ||
	    store_commit(st) < 0) {
		store_rollback(st);
		done = -1;
	}
out:
	for (long long i = 0; i < n; i++)
		free(tags[i]);
	free(tags);
	free(ids);
	return done;
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

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Retention (see store_retention.h): the cases due are gathered in a
 * temporary table, a batch at a time, with the messages in and out that
 * belong to them; their texts and numbers are then blanked in place.
 */
#include "store/store_retention.h"

#include <stdlib.h>
#include <string.h>

#include "core/case_status.h"
#include "core/case_workflow.h"
#include "store/store_internal.h"
#include "util/log.h"

#define RETENTION_BATCH 500

/* The statuses a case never leaves, as a JSON array for json_each: not
 * open, and no change allowed from them. */
static char *final_statuses(void)
{
	json_t *a = json_array();
	char *s;

	for (int from = 0; from < CASE_N_STATUSES; from++) {
		bool final = !case_status_open((enum case_status)from);
		for (int to = 0; to < CASE_N_STATUSES && final; to++)
			final = !case_status_change_allowed((enum case_status)from,
							    (enum case_status)to);
		if (final)
			json_array_append_new(a, json_string(case_status_name(from)));
	}
	s = json_dumps(a, JSON_COMPACT);
	json_decref(a);
	return s;
}

static const char *const setup_sql[] = {
    "CREATE TEMP TABLE IF NOT EXISTS retention_case (id INTEGER PRIMARY KEY)",
    "CREATE TEMP TABLE IF NOT EXISTS retention_inbound (id INTEGER PRIMARY KEY)",
    "DELETE FROM retention_case",
    "DELETE FROM retention_inbound",
};

/* ?1 the cutoff (UTC), ?2 the final statuses, ?3 the batch size (-1: all). */
static const char pick_sql[] =
    "INSERT INTO retention_case (id) SELECT c.id FROM cases c"
    " WHERE c.erased_at IS NULL AND c.status IN (SELECT value FROM json_each(?2))"
    " AND coalesce((SELECT max(e.at) FROM case_event e WHERE e.case_id = c.id"
    " AND e.event = 'status'), c.created_at) < ?1"
    " AND NOT EXISTS (SELECT 1 FROM outbound o WHERE o.case_id = c.id"
    " AND o.state IN ('queued', 'sending'))"
    " ORDER BY c.id LIMIT ?3";

/* The messages in: the one that opened the case, those recorded on it,
 * those answered about it (status queries), and the duplicates of these. */
static const char *const gather_sql[] = {
    "INSERT OR IGNORE INTO retention_inbound (id) SELECT inbound_id FROM cases"
    " WHERE id IN (SELECT id FROM retention_case) AND inbound_id IS NOT NULL"
    " UNION SELECT inbound_id FROM case_event"
    " WHERE case_id IN (SELECT id FROM retention_case) AND inbound_id IS NOT NULL",
    "INSERT OR IGNORE INTO retention_inbound (id) SELECT inbound_id FROM outbound"
    " WHERE case_id IN (SELECT id FROM retention_case) AND inbound_id IS NOT NULL",
    "INSERT OR IGNORE INTO retention_inbound (id) SELECT id FROM inbound"
    " WHERE duplicate_of IN (SELECT id FROM retention_inbound)",
};

/* The delivery reports received before the cutoff (?1) from the senders
 * of these cases: by number, or by tag when sealed. */
static const char gather_reports_sql[] =
    "INSERT OR IGNORE INTO retention_inbound (id) SELECT i.id FROM inbound i"
    " WHERE i.kind = 'status_report' AND i.received_at < ?1 AND ("
    " i.sender IN (SELECT sender FROM cases WHERE id IN (SELECT id FROM retention_case)"
    " AND sender <> '' AND sender NOT LIKE 'sealed:%')"
    " OR (i.sealed = 1 AND i.sender_tag IN (SELECT sender_tag FROM cases"
    " WHERE id IN (SELECT id FROM retention_case) AND sender_tag <> '')))";
/* Staff notes and the texts of staff replies (a reply event's note). */
static const char erase_notes_sql[] =
    "UPDATE case_event SET note = '' WHERE note IS NOT NULL AND note <> ''"
    " AND case_id IN (SELECT id FROM retention_case)";
/* The numbers searched for before the cutoff (?1) that were these cases'
 * senders, or sealed (a confidential sender's). */
static const char erase_audit_sql[] =
    "UPDATE audit SET target = '' WHERE action = 'messages' AND target <> ''"
    " AND at < ?1 AND (target LIKE 'sealed:%' OR target IN (SELECT sender FROM cases"
    " WHERE id IN (SELECT id FROM retention_case) AND sender <> ''))";

static const char erase_cases_sql[] =
    "UPDATE cases SET text = '', sender = '', sender_tag = '', contact_id = NULL,"
    " citizen_name = NULL, address = NULL,"
    " erased_at = ?1 WHERE id IN (SELECT id FROM retention_case)";
static const char erase_inbound_sql[] =
    "UPDATE inbound SET text = '', sender = '', sender_raw = '', sender_tag = NULL,"
    " text_hash = NULL WHERE id IN (SELECT id FROM retention_inbound)";
/* text_hash is part of the parts' unique key: each erased part keeps a
 * value of its own. */
static const char erase_parts_sql[] =
    "UPDATE inbound_part SET text = '', sender = '', sender_raw = '',"
    " text_hash = 'erased:' || id WHERE inbound_id IN (SELECT id FROM retention_inbound)";
static const char erase_outbound_sql[] =
    "UPDATE outbound SET recipient = '', recipient_tag = NULL, text = ''"
    " WHERE state NOT IN ('queued', 'sending') AND (case_id IN (SELECT id FROM retention_case)"
    " OR inbound_id IN (SELECT id FROM retention_inbound)"
    " OR id IN (SELECT outbound_id FROM case_event"
    " WHERE case_id IN (SELECT id FROM retention_case)))";

/* One batch inside the caller's transaction: returns the cases erased
 * (adding to out), or -1. */
static long long erase_batch(struct store *st, const char *cutoff, const char *finals, int limit,
			     struct retention_counts *out)
{
	int n, in, parts, ob;

	for (size_t i = 0; i < sizeof(setup_sql) / sizeof(setup_sql[0]); i++)
		if (store_run_args(st, setup_sql[i], NULL, 0) < 0)
			return -1;
	n = store_run(st, pick_sql, STORE_TEXT(1, cutoff), STORE_TEXT(2, finals),
		      STORE_INT(3, limit));
	if (n <= 0)
		return n;
	for (size_t i = 0; i < sizeof(gather_sql) / sizeof(gather_sql[0]); i++)
		if (store_run_args(st, gather_sql[i], NULL, 0) < 0)
			return -1;
	if (store_run(st, gather_reports_sql, STORE_TEXT(1, cutoff)) < 0 ||
	    store_run_args(st, erase_notes_sql, NULL, 0) < 0 ||
	    store_run(st, erase_audit_sql, STORE_TEXT(1, cutoff)) < 0)
		return -1;
	/* Parts and replies first: they are found through the rows above. */
	parts = store_run_args(st, erase_parts_sql, NULL, 0);
	ob = store_run_args(st, erase_outbound_sql, NULL, 0);
	in = store_run_args(st, erase_inbound_sql, NULL, 0);
	if (parts < 0 || ob < 0 || in < 0 || store_run(st, erase_cases_sql, STORE_NOW(1)) < 0)
		return -1;
	out->cases += n;
	out->inbound += in;
	out->inbound_parts += parts;
	out->outbound += ob;
	return n;
}

int store_retention_run(struct store *st, int days, bool dry_run, struct retention_counts *out)
{
	char *finals = final_statuses();
	long long n;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	store_time(store_epoch_ms() - (long long)days * 86400000LL, out->cutoff,
		   sizeof(out->cutoff));
	if (days <= 0) {
		/* Keep forever: nothing is due. */
		out->cutoff[0] = '\0';
		free(finals);
		return 0;
	}
	do {
		if (store_begin(st) < 0)
			goto out;
		n = erase_batch(st, out->cutoff, finals, dry_run ? -1 : RETENTION_BATCH, out);
		if (n < 0 || dry_run) {
			store_rollback(st);
			if (n < 0)
				goto out;
			break;
		}
		if (store_commit(st) < 0)
			goto out;
	} while (n > 0);
	if (!dry_run && out->cases > 0)
		store_checkpoint(st);
	rc = 0;
out:
	free(finals);
	if (rc < 0)
		log_error("retention: %s", store_errmsg(st));
	return rc;
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Messages to send: the queue in the outbound table and its state machine
 * queued -> sending -> sent -> delivered, with failed and unknown, and each
 * modem's daily cap.
 */
#include "store/store_outbound.h"

#include <stdlib.h>
#include <string.h>

#include "store/store_internal.h"
#include "util/clock.h"
#include "util/log.h"
#include "util/xalloc.h"

void outbound_msg_clear(struct outbound_msg *m)
{
	free(m->recipient);
	free(m->text);
	memset(m, 0, sizeof(*m));
}

long long store_outbound_queue(struct store *st, const char *recipient, const char *text,
			       const char *route, bool want_report, long long inbound_id)
{
	static const char sql[] =
	    "INSERT INTO outbound (recipient, text, route, want_report, inbound_id, created_at,"
	    " updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)";
	sqlite3_stmt *stmt = store_prepare(st, sql);
	char now[32];
	long long id = -1;

	if (!stmt)
		return -1;
	store_now(now, sizeof(now));
	store_bind_text(stmt, 1, recipient);
	store_bind_text(stmt, 2, text);
	store_bind_text(stmt, 3, route);
	sqlite3_bind_int(stmt, 4, want_report);
	if (inbound_id > 0)
		sqlite3_bind_int64(stmt, 5, inbound_id);
	store_bind_text(stmt, 6, now);
	if (store_step_done(st, stmt) == 0)
		id = sqlite3_last_insert_rowid(st->db);
	store_finish(st, stmt);
	return id;
}

long long store_outbound_used_today(struct store *st, const char *modem)
{
	char today[CLOCK_DATE_LEN];

	clock_today(today);
	return store_int(st,
			 "SELECT coalesce((SELECT sent_today FROM modem_state WHERE modem = ?1"
			 " AND day = ?2), 0) + (SELECT count(*) FROM outbound"
			 " WHERE state = 'sending' AND modem = ?1)",
			 -1, STORE_TEXT(1, modem), STORE_TEXT(2, today));
}

/* The highest bulk value modem may claim now: 1 (anything), 0 (replies
 * only), -1 (nothing: the cap is reached), -2 on error. */
static int cmp_msg_id(const void *a, const void *b)
{
	long long x = ((const struct outbound_msg *)a)->id,
		  y = ((const struct outbound_msg *)b)->id;

	return (x > y) - (x < y);
}

static int claim_allowance(struct store *st, const char *modem, int daily_limit)
{
	long long used;

	if (daily_limit <= 0)
		return 1;
	used = store_outbound_used_today(st, modem);
	if (used < 0)
		return -2;
	if (used >= daily_limit)
		return -1;
	return used * 100 < (long long)daily_limit * STORE_BULK_SHARE ? 1 : 0;
}

int store_outbound_claim_many(struct store *st, const char *modem, int daily_limit,
			      struct outbound_msg *m, int max)
{
	static const char sql[] =
	    "UPDATE outbound SET state = 'sending', modem = ?1, attempts = attempts + 1,"
	    " updated_at = ?2 WHERE id IN (SELECT id FROM outbound WHERE state = 'queued'"
	    " AND bulk <= ?3 AND (route IS NULL OR route = ?1) AND (next_attempt_at IS NULL"
	    " OR next_attempt_at <= ?2)"
	    /* On-net: not a row whose recipient is on another connected
	     * modem's network, unless it is this modem's network too. */
	    " AND NOT EXISTS (SELECT 1 FROM network_prefix p JOIN modem_state s"
	    " ON s.sim_network = p.network AND s.connected = 1 AND s.modem <> ?1"
	    " WHERE outbound.recipient GLOB p.prefix || '*' AND p.network IS NOT"
	    " (SELECT sim_network FROM modem_state WHERE modem = ?1))"
	    " ORDER BY bulk, id LIMIT ?4)"
	    " RETURNING id, recipient, text, want_report, attempts";
	int allowed = claim_allowance(st, modem, daily_limit), n = 0, rc;
	sqlite3_stmt *stmt;
	char now[32];

	if (allowed < -1)
		return -1;
	if (allowed < 0 || max < 1)
		return 0;
	if (daily_limit > 0) {
		/* A batch never takes the SIM past its cap, nor broadcasts past
		 * their share of it. */
		long long used = store_outbound_used_today(st, modem);
		long long room = daily_limit - used;
		long long bulk_room = ((long long)daily_limit * STORE_BULK_SHARE + 99) / 100 - used;
		if (used < 0)
			return -1;
		if (allowed == 1 && bulk_room < room)
			room = bulk_room > 0 ? bulk_room : 1;
		if (room < max)
			max = (int)room;
	}
	if (!(stmt = store_prepare(st, sql)))
		return -1;
	store_now(now, sizeof(now));
	store_bind_text(stmt, 1, modem);
	store_bind_text(stmt, 2, now);
	sqlite3_bind_int(stmt, 3, allowed);
	sqlite3_bind_int(stmt, 4, max);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW && n < max) {
		memset(&m[n], 0, sizeof(m[n]));
		m[n].id = sqlite3_column_int64(stmt, 0);
		m[n].recipient = store_column_dup(stmt, 1);
		m[n].text = store_column_dup(stmt, 2);
		m[n].want_report = sqlite3_column_int(stmt, 3) != 0;
		m[n].attempts = sqlite3_column_int(stmt, 4);
		n++;
	}
	store_finish(st, stmt);
	if (rc != SQLITE_DONE) {
		log_error("database: claim: %s", store_errmsg(st));
		for (int i = 0; i < n; i++)
			outbound_msg_clear(&m[i]);
		return -1;
	}
	/* RETURNING comes in no set order: send the oldest first. */
	qsort(m, (size_t)n, sizeof(*m), cmp_msg_id);
	return n;
}

int store_outbound_claim(struct store *st, const char *modem, int daily_limit,
			 struct outbound_msg *m)
{
	int n;

	memset(m, 0, sizeof(*m));
	n = store_outbound_claim_many(st, modem, daily_limit, m, 1);
	return n < 0 ? -1 : n > 0;
}

int store_outbound_sent(struct store *st, long long id, int msg_ref, int parts)
{
	return store_exec(st,
			  "UPDATE outbound SET state = 'sent', sent_at = ?1, updated_at = ?1,"
			  " msg_ref = ?3, parts = ?4, error = NULL WHERE id = ?2"
			  " AND state = 'sending'",
			  STORE_NOW(1), STORE_INT(2, id), STORE_INT(3, msg_ref),
			  STORE_INT(4, parts));
}

int store_outbound_requeue(struct store *st, long long id)
{
	return store_exec(st,
			  "UPDATE outbound SET state = 'queued', modem = NULL,"
			  " attempts = max(attempts - 1, 0), updated_at = ?2"
			  " WHERE id = ?1 AND state = 'sending'",
			  STORE_INT(1, id), STORE_NOW(2));
}

int store_outbound_failed(struct store *st, long long id, int attempts, int max_attempts,
			  int retry_delay, const char *error)
{
	long long delay_ms = (long long)retry_delay * 1000;
	char next[32];

	if (attempts >= max_attempts)
		return store_exec(
		    st,
		    "UPDATE outbound SET state = 'failed', updated_at = ?1, error = ?3"
		    " WHERE id = ?2 AND state = 'sending'",
		    STORE_NOW(1), STORE_INT(2, id), STORE_TEXT(3, error));
	for (int i = 1; i < attempts && delay_ms < 86400000LL; i++)
		delay_ms *= 2;
	store_time(store_epoch_ms() + delay_ms, next, sizeof(next));
	/* Back to the queue for any modem: the next try may be on another. */
	return store_exec(st,
			  "UPDATE outbound SET state = 'queued', modem = NULL, updated_at = ?1,"
			  " error = ?3, next_attempt_at = ?4 WHERE id = ?2 AND state = 'sending'",
			  STORE_NOW(1), STORE_INT(2, id), STORE_TEXT(3, error),
			  STORE_TEXT(4, next));
}

int store_outbound_unknown(struct store *st, long long id, const char *error)
{
	return store_exec(st,
			  "UPDATE outbound SET state = 'unknown', updated_at = ?1, error = ?3"
			  " WHERE id = ?2 AND state = 'sending'",
			  STORE_NOW(1), STORE_INT(2, id), STORE_TEXT(3, error));
}

int store_outbound_reset_sending(struct store *st, const char *modem)
{
	return store_run(st,
			 "UPDATE outbound SET state = 'unknown', updated_at = ?1,"
			 " error = 'interrupted while sending' WHERE state = 'sending'"
			 " AND (?2 IS NULL OR modem = ?2)",
			 STORE_NOW(1), STORE_TEXT(2, modem));
}

/*
 * Per-modem state rows and the quarantine of undecodable SIM locations.
 */
#include "store/store_modem.h"

#include <stdio.h>

#include "store/store_internal.h"
#include "util/log.h"

/* Runs sql with ?1 = modem, ?2 = now, texts at ?3..?5 and an integer at ?6;
 * a statement uses those it names (binding an unused index is harmless:
 * SQLite reports SQLITE_RANGE, which is ignored). Returns 0 or -1. */
static int run(struct store *st, const char *sql, const char *modem, const char *a, const char *b,
	       const char *c, long long num)
{
	sqlite3_stmt *stmt = store_prepare(st, sql);
	char now[32];
	int rc;

	if (!stmt)
		return -1;
	store_now(now, sizeof(now));
	store_bind_text(stmt, 1, modem);
	store_bind_text(stmt, 2, now);
	store_bind_text(stmt, 3, a);
	store_bind_text(stmt, 4, b);
	store_bind_text(stmt, 5, c);
	sqlite3_bind_int64(stmt, 6, num);
	rc = store_step_done(st, stmt);
	sqlite3_finalize(stmt);
	return rc;
}

int store_modem_started(struct store *st, const char *modem, int pid)
{
	return run(st,
		   "INSERT INTO modem_state (modem, worker_pid, connected, updated_at)"
		   " VALUES (?1, ?6, 0, ?2) ON CONFLICT (modem) DO UPDATE SET"
		   " worker_pid = ?6, connected = 0, updated_at = ?2",
		   modem, NULL, NULL, NULL, pid);
}

int store_modem_connected(struct store *st, const char *modem, bool connected, const char *error)
{
	return run(st,
		   "UPDATE modem_state SET connected = ?6, last_error = coalesce(?3, last_error),"
		   " connected_at = CASE WHEN ?6 THEN ?2 ELSE connected_at END, updated_at = ?2"
		   " WHERE modem = ?1",
		   modem, error, NULL, NULL, connected);
}

int store_modem_identity(struct store *st, const char *modem, const char *manufacturer,
			 const char *model, const char *imei)
{
	return run(st,
		   "UPDATE modem_state SET manufacturer = ?3, model = ?4, imei = ?5,"
		   " updated_at = ?2 WHERE modem = ?1",
		   modem, manufacturer, model, imei, 0);
}

int store_modem_set_reading(struct store *st, const char *modem, bool reading)
{
	return run(st, "UPDATE modem_state SET reading = ?6, updated_at = ?2 WHERE modem = ?1",
		   modem, NULL, NULL, NULL, reading);
}

int store_modem_was_reading(struct store *st, const char *modem)
{
	sqlite3_stmt *stmt = store_prepare(st, "SELECT reading FROM modem_state WHERE modem = ?1");
	int v = -1;

	if (!stmt)
		return -1;
	store_bind_text(stmt, 1, modem);
	switch (sqlite3_step(stmt)) {
	case SQLITE_ROW:
		v = sqlite3_column_int(stmt, 0) != 0;
		break;
	case SQLITE_DONE:
		v = 0;
		break;
	default:
		log_error("database: %s", store_errmsg(st));
	}
	sqlite3_finalize(stmt);
	return v;
}

int store_modem_count(struct store *st, const char *modem, const char *day, int received, int sent)
{
	sqlite3_stmt *stmt = store_prepare(
	    st, "UPDATE modem_state SET"
		" received_today = CASE WHEN day IS ?2 THEN received_today ELSE 0 END + ?3,"
		" sent_today = CASE WHEN day IS ?2 THEN sent_today ELSE 0 END + ?4,"
		" day = ?2 WHERE modem = ?1");
	int rc;

	if (!stmt)
		return -1;
	store_bind_text(stmt, 1, modem);
	store_bind_text(stmt, 2, day);
	sqlite3_bind_int(stmt, 3, received);
	sqlite3_bind_int(stmt, 4, sent);
	rc = store_step_done(st, stmt);
	sqlite3_finalize(stmt);
	return rc;
}

int store_quarantine_attempts(struct store *st, const char *modem, int location)
{
	sqlite3_stmt *stmt = store_prepare(st, "SELECT attempts FROM quarantine WHERE modem = ?1"
					       " AND location = ?2 AND state = 'trying'");
	int n = -1;

	if (!stmt)
		return -1;
	store_bind_text(stmt, 1, modem);
	sqlite3_bind_int(stmt, 2, location);
	switch (sqlite3_step(stmt)) {
	case SQLITE_ROW:
		n = sqlite3_column_int(stmt, 0);
		break;
	case SQLITE_DONE:
		n = 0;
		break;
	default:
		log_error("database: %s", store_errmsg(st));
	}
	sqlite3_finalize(stmt);
	return n;
}

int store_quarantine_attempt(struct store *st, const char *modem, int location)
{
	if (run(st,
		"INSERT INTO quarantine (modem, location, attempts, first_seen, last_seen)"
		" VALUES (?1, ?6, 1, ?2, ?2) ON CONFLICT (modem, location) WHERE state = 'trying'"
		" DO UPDATE SET attempts = attempts + 1, last_seen = ?2",
		modem, NULL, NULL, NULL, location) < 0)
		return -1;
	return store_quarantine_attempts(st, modem, location);
}

int store_quarantine_clear(struct store *st, const char *modem, int location)
{
	return run(st,
		   "DELETE FROM quarantine WHERE modem = ?1 AND location = ?6 AND state = 'trying'",
		   modem, NULL, NULL, NULL, location);
}

int store_quarantine_give_up(struct store *st, const char *modem, int location)
{
	return run(st,
		   "UPDATE quarantine SET state = 'undecodable', last_seen = ?2 WHERE modem = ?1"
		   " AND location = ?6 AND state = 'trying'",
		   modem, NULL, NULL, NULL, location);
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Per-modem state rows and the quarantine of undecodable SIM locations.
 */
#include "store/store_modem.h"

#include "store/store_internal.h"

int store_modem_started(struct store *st, const char *modem, int pid)
{
	/* A worker_pid left behind is a worker that died without stopping. */
	return store_exec(st,
			  "INSERT INTO modem_state (modem, worker_pid, connected, updated_at)"
			  " VALUES (?1, ?3, 0, ?2) ON CONFLICT (modem) DO UPDATE SET"
			  " restarts = restarts + (worker_pid IS NOT NULL),"
			  " last_error = CASE WHEN worker_pid IS NOT NULL THEN 'the worker '"
			  " || worker_pid || ' died' ELSE last_error END,"
			  " worker_pid = ?3, connected = 0, updated_at = ?2",
			  STORE_TEXT(1, modem), STORE_NOW(2), STORE_INT(3, pid));
}

int store_modem_stopped(struct store *st, const char *modem)
{
	return store_exec(st,
			  "UPDATE modem_state SET worker_pid = NULL, connected = 0,"
			  " updated_at = ?2 WHERE modem = ?1",
			  STORE_TEXT(1, modem), STORE_NOW(2));
}

int store_modem_error(struct store *st, const char *modem, const char *error)
{
	return store_exec(st,
			  "UPDATE modem_state SET last_error = ?3, updated_at = ?2"
			  " WHERE modem = ?1",
			  STORE_TEXT(1, modem), STORE_NOW(2), STORE_TEXT(3, error));
}

int store_modem_connected(struct store *st, const char *modem, bool connected, const char *error)
{
	return store_exec(st,
			  "UPDATE modem_state SET connected = ?4,"
			  " last_error = coalesce(?3, last_error),"
			  " connected_at = CASE WHEN ?4 THEN ?2 ELSE connected_at END,"
			  " updated_at = ?2 WHERE modem = ?1",
			  STORE_TEXT(1, modem), STORE_NOW(2), STORE_TEXT(3, error),
			  STORE_INT(4, connected));
}

int store_modem_identity(struct store *st, const char *modem, const char *manufacturer,
			 const char *model, const char *imei)
{
	return store_exec(st,
			  "UPDATE modem_state SET manufacturer = ?3, model = ?4, imei = ?5,"
			  " updated_at = ?2 WHERE modem = ?1",
			  STORE_TEXT(1, modem), STORE_NOW(2), STORE_TEXT(3, manufacturer),
			  STORE_TEXT(4, model), STORE_TEXT(5, imei));
}

int store_modem_set_reading(struct store *st, const char *modem, bool reading)
{
	return store_exec(st,
			  "UPDATE modem_state SET reading = ?3, updated_at = ?2 WHERE modem = ?1",
			  STORE_TEXT(1, modem), STORE_NOW(2), STORE_INT(3, reading));
}

int store_modem_was_reading(struct store *st, const char *modem)
{
	long long v = store_int(st, "SELECT reading FROM modem_state WHERE modem = ?1", 0,
				STORE_TEXT(1, modem));

	return v < 0 ? -1 : v != 0;
}

int store_modem_count(struct store *st, const char *modem, const char *day, int received, int sent)
{
	return store_exec(
	    st,
	    "UPDATE modem_state SET"
	    " received_today = CASE WHEN day IS ?2 THEN received_today ELSE 0 END + ?3,"
	    " sent_today = CASE WHEN day IS ?2 THEN sent_today ELSE 0 END + ?4,"
	    " day = ?2 WHERE modem = ?1",
	    STORE_TEXT(1, modem), STORE_TEXT(2, day), STORE_INT(3, received), STORE_INT(4, sent));
}

int store_modem_network(struct store *st, const char *modem, const char *sim_network)
{
	return store_exec(st, "UPDATE modem_state SET sim_network = ?2 WHERE modem = ?1",
			  STORE_TEXT(1, modem), STORE_TEXT(2, sim_network));
}

int store_network_prefixes(struct store *st, const char *network, char *const *prefixes, size_t n)
{
	if (store_begin(st) < 0)
		return -1;
	if (store_exec(st, "DELETE FROM network_prefix WHERE network = ?1",
		       STORE_TEXT(1, network)) < 0)
		goto fail;
	for (size_t i = 0; i < n; i++)
		if (store_exec(st,
			       "INSERT INTO network_prefix (prefix, network) VALUES (?1, ?2)"
			       " ON CONFLICT (prefix) DO UPDATE SET network = ?2",
			       STORE_TEXT(1, prefixes[i]), STORE_TEXT(2, network)) < 0)
			goto fail;
	return store_commit(st);
fail:
	store_rollback(st);
	return -1;
}

int store_modem_status(struct store *st, const char *modem, const struct modem_status_rec *r)
{
	return store_exec(st,
			  "UPDATE modem_state SET signal_percent = nullif(?3, -1),"
			  " battery_percent = nullif(?4, -1), sim_used = nullif(?5, -1),"
			  " sim_size = nullif(?6, -1), network = nullif(?7, ''),"
			  " operator = nullif(?8, ''), updated_at = ?2 WHERE modem = ?1",
			  STORE_TEXT(1, modem), STORE_NOW(2), STORE_INT(3, r->signal_percent),
			  STORE_INT(4, r->battery_percent), STORE_INT(5, r->sim_used),
			  STORE_INT(6, r->sim_size), STORE_TEXT(7, r->network),
			  STORE_TEXT(8, r->operator));
}

json_t *store_modem_list(struct store *st)
{
	return store_rows_json_args(
	    st,
	    "SELECT modem, connected, last_error, manufacturer, model, imei, signal_percent,"
	    " network, operator, battery_percent, sim_used, sim_size, balance, balance_at,"
	    " CASE WHEN day = date('now', 'localtime') THEN sent_today ELSE 0 END AS sent_today,"
	    " CASE WHEN day = date('now', 'localtime') THEN received_today ELSE 0 END"
	    " AS received_today, worker_pid, restarts, connected_at, updated_at FROM modem_state"
	    " ORDER BY modem",
	    NULL, 0);
}

int store_quarantine_attempts(struct store *st, const char *modem, int location)
{
	return (int)store_int(st,
			      "SELECT attempts FROM quarantine WHERE modem = ?1 AND location = ?2"
			      " AND state = 'trying'",
			      0, STORE_TEXT(1, modem), STORE_INT(2, location));
}

int store_quarantine_attempt(struct store *st, const char *modem, int location)
{
	if (store_exec(st,
		       "INSERT INTO quarantine (modem, location, attempts, first_seen, last_seen)"
		       " VALUES (?1, ?3, 1, ?2, ?2) ON CONFLICT (modem, location)"
		       " WHERE state = 'trying' DO UPDATE SET attempts = attempts + 1,"
		       " last_seen = ?2",
		       STORE_TEXT(1, modem), STORE_NOW(2), STORE_INT(3, location)) < 0)
		return -1;
	return store_quarantine_attempts(st, modem, location);
}

int store_quarantine_clear(struct store *st, const char *modem, int location)
{
	return store_run(st,
			 "DELETE FROM quarantine WHERE modem = ?1 AND location = ?2"
			 " AND state = 'trying'",
			 STORE_TEXT(1, modem), STORE_INT(2, location));
}

int store_quarantine_give_up(struct store *st, const char *modem, int location)
{
	return store_exec(st,
			  "UPDATE quarantine SET state = 'undecodable', last_seen = ?2"
			  " WHERE modem = ?1 AND location = ?3 AND state = 'trying'",
			  STORE_TEXT(1, modem), STORE_NOW(2), STORE_INT(3, location));
}

int store_quarantine_raw(struct store *st, const char *modem, int location, const char *pdu,
			 const char *sender, const char *error)
{
	return store_exec(st,
			  "UPDATE quarantine SET pdu = coalesce(?3, pdu), sender = coalesce(?4,"
			  " sender), error = coalesce(?5, error) WHERE modem = ?1 AND location = ?2"
			  " AND state = 'trying'",
			  STORE_TEXT(1, modem), STORE_INT(2, location), STORE_TEXT(3, pdu),
			  STORE_TEXT(4, sender), STORE_TEXT(5, error));
}

int store_quarantine_undecodable(struct store *st, const char *modem, int location, const char *pdu,
				 const char *sender, const char *error)
{
	if (store_begin(st) < 0)
		return -1;
	if (store_exec(st,
		       "INSERT INTO quarantine (modem, location, attempts, first_seen, last_seen)"
		       " VALUES (?1, ?3, 1, ?2, ?2) ON CONFLICT (modem, location)"
		       " WHERE state = 'trying' DO UPDATE SET attempts = attempts + 1,"
		       " last_seen = ?2",
		       STORE_TEXT(1, modem), STORE_NOW(2), STORE_INT(3, location)) < 0 ||
	    store_quarantine_raw(st, modem, location, pdu, sender, error) < 0 ||
	    store_quarantine_give_up(st, modem, location) < 0) {
		store_rollback(st);
		return -1;
	}
	return store_commit(st);
}

int store_modem_pin_refused(struct store *st, const char *modem, bool refused)
{
	if (!modem)
		return store_exec(st, "UPDATE modem_state SET pin_refused = 0");
	return store_exec(st, "UPDATE modem_state SET pin_refused = ?2 WHERE modem = ?1",
			  STORE_TEXT(1, modem), STORE_INT(2, refused));
}

int store_modem_pin_was_refused(struct store *st, const char *modem)
{
	long long v = store_int(st, "SELECT pin_refused FROM modem_state WHERE modem = ?1", 0,
				STORE_TEXT(1, modem));

	return v < 0 ? -1 : v != 0;
}

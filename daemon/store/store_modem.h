/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Per-modem state kept in the database: what the worker last saw, the
 * "reading" mark that tells a restarted worker its predecessor died while
 * reading, and the quarantine of SIM locations that crash the decoder.
 */
#ifndef TIENGDAN_STORE_MODEM_H
#define TIENGDAN_STORE_MODEM_H

#include <jansson.h>
#include <stdbool.h>

#include "store/store.h"

/* A worker starts: creates the row if needed, records the pid. */
int store_modem_started(struct store *st, const char *modem, int pid);
/* Connected or not, with the last error (NULL clears it). */
int store_modem_connected(struct store *st, const char *modem, bool connected, const char *error);
/* Identity read after connecting (any may be NULL). */
int store_modem_identity(struct store *st, const char *modem, const char *manufacturer,
			 const char *model, const char *imei);
/* Sets the reading mark (committed at once). */
int store_modem_set_reading(struct store *st, const char *modem, bool reading);
/* 1 if the mark is set, 0 if not, -1 on error. */
int store_modem_was_reading(struct store *st, const char *modem);
/* Adds to the counters of the local day `day` (YYYY-MM-DD), resetting them
 * when the day changed. */
int store_modem_count(struct store *st, const char *modem, const char *day, int received, int sent);

/* What the modem last said about itself (-1 / NULL: unknown). */
struct modem_status_rec {
	int signal_percent;
	int battery_percent;
	int sim_used;
	int sim_size;
	const char *network;
	const char *operator;
};

/* Records the SIM's network (NULL: any) and replaces the prefixes of
 * network with the n given, for on-net routing (one transaction). */
int store_modem_network(struct store *st, const char *modem, const char *sim_network);
int store_network_prefixes(struct store *st, const char *network, char *const *prefixes, size_t n);

/* Records the modem's status (committed at once). */
int store_modem_status(struct store *st, const char *modem, const struct modem_status_rec *r);
/* Every modem's row of modem_state, as JSON objects (caller owns); NULL on
 * error. */
json_t *store_modem_list(struct store *st);
/* The worker stopped cleanly (a restart after it is not counted). */
int store_modem_stopped(struct store *st, const char *modem);
/* The SIM refused the configured PIN (modem NULL: clear every modem's
 * mark, as tiengdand does when it starts). 0 or -1. */
int store_modem_pin_refused(struct store *st, const char *modem, bool refused);
/* 1 when the SIM refused the PIN since tiengdand started, 0 if not, -1. */
int store_modem_pin_was_refused(struct store *st, const char *modem);
/* Sets the modem's last_error (NULL clears it). */
int store_modem_error(struct store *st, const char *modem, const char *error);

/* Records one more decoding attempt of (modem, location), committed at once.
 * Returns the number of attempts so far (including this one), -1 on error. */
int store_quarantine_attempt(struct store *st, const char *modem, int location);
/* The attempts recorded for (modem, location), 0 if none, -1 on error. */
int store_quarantine_attempts(struct store *st, const char *modem, int location);
/* The location decoded fine (or was stored): forget the attempts. */
int store_quarantine_clear(struct store *st, const char *modem, int location);
/* The location killed the worker too often: record it as undecodable. */
int store_quarantine_give_up(struct store *st, const char *modem, int location);
/* Keeps what is known of the trying location (NULL leaves a field). */
int store_quarantine_raw(struct store *st, const char *modem, int location, const char *pdu,
			 const char *sender, const char *error);
/* Records (modem, location) as undecodable at once, with its raw PDU (hex,
 * may be NULL), the sender read from its header (may be NULL) and the
 * decoder's error; one transaction, committed. 0 or -1. */
int store_quarantine_undecodable(struct store *st, const char *modem, int location, const char *pdu,
				 const char *sender, const char *error);

#endif

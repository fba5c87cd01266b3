/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Requests to a modem (USSD codes, menu replies, balance checks): the
 * console or the daemon adds a row, the modem's own worker takes it and
 * stores the answer. Every request and answer stays in modem_request.
 */
#ifndef TIENGDAN_STORE_MODEM_REQUEST_H
#define TIENGDAN_STORE_MODEM_REQUEST_H

#include <jansson.h>
#include <stdbool.h>

#include "store/store.h"

/* A request taken by a worker. Strings owned (modem_request_clear). */
struct modem_request {
	long long id;
	char *kind; /* "ussd", "ussd_reply", "balance" */
	char *request;
};

void modem_request_clear(struct modem_request *r);

/* Adds a pending request; returns its id, -1 on error. user may be NULL. */
long long store_modem_request_add(struct store *st, const char *modem, const char *kind,
				  const char *request, const char *user);
/* Takes the oldest pending request of modem (now 'running'). 1 taken, 0
 * none, -1 on error. */
int store_modem_request_take(struct store *st, const char *modem, struct modem_request *r);
/* Stores the outcome: ok (state 'done') or not ('failed'); answer, status
 * and error may be NULL. */
int store_modem_request_finish(struct store *st, long long id, bool ok, const char *answer,
			       const char *ussd_status, const char *error);
/* Fails every request of modem in state ("pending": the modem is not
 * connected; "running": a worker died holding them) with error. */
int store_modem_request_fail_all(struct store *st, const char *modem, const char *state,
				 const char *error);
/* Fails the request if it is still pending (nobody took it in time).
 * Returns 1 if it did, 0 if a worker had taken it, -1 on error. */
int store_modem_request_expire(struct store *st, long long id, const char *error);
/* The request's row as a JSON object (caller owns), NULL if none or on error. */
json_t *store_modem_request_get(struct store *st, long long id);
/* The day's last balance request of modem: 1 when one was made since
 * `since` (UTC ISO-8601), 0 if not, -1 on error. */
int store_modem_balance_asked(struct store *st, const char *modem, const char *since);
/* Records the balance read from a balance answer. */
int store_modem_balance(struct store *st, const char *modem, long long amount);

#endif

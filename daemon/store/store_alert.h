/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The alert rows (one per alert key, e.g. "modem-down:m1", "disk") and the
 * alert SMS queued to the admin phones with them, in one transaction.
 */
#ifndef TIENGDAN_STORE_ALERT_H
#define TIENGDAN_STORE_ALERT_H

#include <stdbool.h>
#include <stddef.h>

#include "store/store.h"

/* What an alert key remembers (times in ms since the epoch, 0: none). */
struct alert_row {
	bool raised;	 /* the condition held long enough: alerted */
	long long since; /* the condition was first seen (0: it does not hold) */
	long long sent;	 /* the alert was last queued by SMS */
	bool notified;	 /* the admins were told of the current raise */
};

/* Reads key's row into r (zeros when there is none). 0 or -1. */
int store_alert_get(struct store *st, const char *key, struct alert_row *r);
/* Writes key's row (detail may be NULL) and, when text is not NULL, queues
 * it to each of the n recipients with purpose 'alert'; one transaction.
 * Returns 0 or -1. */
int store_alert_set(struct store *st, const char *key, const struct alert_row *r,
		    const char *detail, char *const *to, size_t n, const char *text);
/* Forgets when unraised conditions were first seen (at daemon start: how
 * long a modem was down before is not known). Returns 0 or -1. */
int store_alert_reset_pending(struct store *st);

#endif

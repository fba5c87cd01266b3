/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Alerts to the admin phones (and the log): a modem down too long, a SIM
 * nearly full, a low balance, the database's disk nearly full; each at most
 * once per alert_repeat hours, with a recovery message when it clears.
 */
#ifndef TIENGDAN_ALERT_H
#define TIENGDAN_ALERT_H

#include "conf/conf.h"

struct alert;

/* Opens its own database connection. Caller frees with alert_free; NULL
 * with a message in err on failure. */
struct alert *alert_new(const struct conf *c, char *err, size_t errlen);
void alert_free(struct alert *a);

/* Evaluates every rule when a check is due. Sets *queued to the number of
 * SMS queued (the modems should be woken). Returns the milliseconds until
 * the next check is due. */
long long alert_tick(struct alert *a, int *queued);

#endif

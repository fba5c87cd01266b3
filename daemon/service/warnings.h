/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The working mornings' deadline warnings: at warn_time each console user
 * with a phone gets one SMS with the cases overdue and those due within
 * WARN_WITHIN working days ("3 qua han, 5 den han trong 3 ngay"): an
 * officer's own cases, a supervisor's communes'. Not on weekends nor
 * holidays; once a day, across restarts. Called from the main loop.
 */
#ifndef TIENGDAN_WARNINGS_H
#define TIENGDAN_WARNINGS_H

#include "conf/conf.h"

#define WARN_WITHIN 3 /* working days */

struct warnings;

/* Opens its own connection to the database; NULL with a message in err. */
struct warnings *warnings_new(const struct conf *c, char *err, size_t errlen);
void warnings_free(struct warnings *w);

/* Sends the day's warnings when their time has come; the SMS queued into
 * *queued. Returns the milliseconds until it should be called again. */
long long warnings_tick(struct warnings *w, int *queued);

#endif

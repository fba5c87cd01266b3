/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The daily retention run of the daemon: every night at 02:00 local time
 * the texts and phone numbers of cases closed more than retention_days ago
 * are erased (store_retention.h), and the run is audited.
 */
#ifndef TIENGDAN_RETENTION_H
#define TIENGDAN_RETENTION_H

#include <stddef.h>

#include "conf/conf.h"

#define RETENTION_HOUR 2 /* local hour of the daily run */

struct retention;

/* Opens its own database connection. c must outlive it. Returns NULL with
 * a message in err on failure; freed with retention_free. */
struct retention *retention_new(const struct conf *c, char *err, size_t errlen);
void retention_free(struct retention *r);

/* Runs the retention when its time has come (never with retention_days
 * 0); returns the milliseconds until it should be called again. */
long long retention_tick(struct retention *r);

/* The next RETENTION_HOUR:00 local time strictly after now_ms. */
long long retention_next_run(long long now_ms);

#endif

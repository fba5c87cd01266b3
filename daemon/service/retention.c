/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The daemon's nightly retention run (see retention.h), called from the
 * main loop like the alerts.
 */
#include "service/retention.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "store/store.h"
#include "store/store_audit.h"
#include "store/store_retention.h"
#include "util/clock.h"
#include "util/log.h"
#include "util/xalloc.h"

struct retention {
	const struct conf *conf;
	struct store *st;
	long long next_ms; /* clock time of the next run */
};

long long retention_next_run(long long now_ms)
{
	time_t secs = (time_t)(now_ms / 1000), at;
	struct tm tm;

	localtime_r(&secs, &tm);
	tm.tm_hour = RETENTION_HOUR;
	tm.tm_min = 0;
	tm.tm_sec = 0;
	tm.tm_isdst = -1;
	at = mktime(&tm);
	if ((long long)at * 1000 <= now_ms) {
		tm.tm_mday++;
		tm.tm_hour = RETENTION_HOUR;
		tm.tm_min = 0;
		tm.tm_sec = 0;
		tm.tm_isdst = -1;
		at = mktime(&tm);
	}
	return (long long)at * 1000;
}

struct retention *retention_new(const struct conf *c, char *err, size_t errlen)
{
	struct retention *r = xcalloc(1, sizeof(*r));

	r->conf = c;
	r->st = store_open_existing(c->database, err, errlen);
	if (!r->st) {
		free(r);
		return NULL;
	}
	r->next_ms = retention_next_run(clock_now_ms());
	return r;
}

void retention_free(struct retention *r)
{
	if (!r)
		return;
	store_close(r->st);
	free(r);
}

static void run(struct retention *r)
{
	struct retention_counts n;
	char detail[256];
	int rc = store_retention_run(r->st, r->conf->retention_days, false, &n);

	snprintf(detail, sizeof(detail),
		 "daily run, retention_days %d: %lld case(s), %lld inbound, %lld part(s), "
		 "%lld outbound",
		 r->conf->retention_days, n.cases, n.inbound, n.inbound_parts, n.outbound);
	store_audit_add(r->st, &(struct audit_entry){.uid = (long long)getuid(),
						     .user = "tiengdand",
						     .action = "retention",
						     .outcome = rc < 0 ? "failed" : "allowed",
						     .detail = detail});
	if (rc < 0)
		log_error("retention: the daily run failed");
	else
		log_info("retention: %s", detail);
}

long long retention_tick(struct retention *r)
{
	long long now = clock_now_ms();

	if (!r || r->conf->retention_days <= 0)
		return 3600 * 1000LL;
	if (now >= r->next_ms) {
		run(r);
		r->next_ms = retention_next_run(now);
	}
	return r->next_ms - now;
}

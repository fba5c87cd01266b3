/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Retention: the texts and phone numbers of the messages of cases closed
 * long enough ago are erased; kind, status, dates, units and everything
 * the reports count stay.
 */
#ifndef TIENGDAN_STORE_RETENTION_H
#define TIENGDAN_STORE_RETENTION_H

#include <stdbool.h>

#include "store/store.h"

/* What a run erased, or would erase (rows). */
struct retention_counts {
	long long cases;	 /* cases whose text and sender were erased */
	long long inbound;	 /* their messages in (the first, duplicates, queries) */
	long long inbound_parts; /* the SMS parts of those messages */
	long long outbound;	 /* replies and status SMS to them */
	char cutoff[32];	 /* UTC: cases whose last status change is before it */
};

/*
 * Erases, for every case in a final status (no change allowed from it:
 * closed, transferred, rejected, duplicate, withdrawn) whose last status
 * change is more than days days old, not erased yet and with nothing left
 * to send: the case's text, sender, sender tag and contact; the text and
 * numbers of its messages in (and their parts) and out; and marks it
 * erased. In transactions of a few hundred cases, then the WAL is
 * checkpointed. With dry_run nothing changes (the same work is rolled
 * back) and out says what would go. Returns 0 or -1 (logged).
 */
int store_retention_run(struct store *st, int days, bool dry_run, struct retention_counts *out);

#endif

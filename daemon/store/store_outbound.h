/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Messages to send: queueing, claiming by a modem worker, recording the
 * result. Sending is at most once: see ARCHITECTURE.md.
 */
#ifndef TIENGDAN_STORE_OUTBOUND_H
#define TIENGDAN_STORE_OUTBOUND_H

#include <stdbool.h>

#include "store/store.h"

struct outbound_msg {
	long long id;
	char *recipient;
	char *text;
	bool want_report;
	int attempts; /* including the current one */
};

void outbound_msg_clear(struct outbound_msg *m);

/* Queues a message; route is a modem id or NULL for any. Returns the new
 * row id or -1. Runs inside the caller's transaction if one is open. */
long long store_outbound_queue(struct store *st, const char *recipient, const char *text,
			       const char *route, bool want_report, long long inbound_id);

/*
 * Claims the oldest queued row that modem may send and that is due, replies
 * before broadcasts (bulk rows), marking it 'sending' (committed before the
 * modem sees it). The daily cap: with daily_limit > 0, nothing is claimed
 * once the modem's sent_today for today's local date (the clock seam) plus
 * its rows in 'sending' reach daily_limit, and no broadcast row once they
 * reach STORE_BULK_SHARE percent of it (the rest is kept for replies); such
 * rows stay queued for another modem with room or the next day. On-net
 * routing: a row whose recipient matches a network_prefix of another
 * connected modem's sim_network (and not this modem's own) is left to that
 * modem; rows on no modem's network go to any. Returns 1
 * with *m filled (caller clears), 0 when nothing is due (or the cap is
 * reached), -1 on error.
 */
/* The same for up to max rows in one statement (within the daily cap and
 * the broadcasts' share of it): the number claimed into m[0..n), oldest
 * first, or -1. The caller clears each. */
int store_outbound_claim_many(struct store *st, const char *modem, int daily_limit,
			      struct outbound_msg *m, int max);
int store_outbound_claim(struct store *st, const char *modem, int daily_limit,
			 struct outbound_msg *m);

/* The share of a modem's daily cap broadcasts may use, in percent. */
#define STORE_BULK_SHARE 90

/* The SMS modem has sent today (local date, clock seam) plus those it is
 * sending now: what counts against its daily cap. -1 on error. */
long long store_outbound_used_today(struct store *st, const char *modem);

/* Records that the modem accepted every part (msg_ref of the last part). */
int store_outbound_sent(struct store *st, long long id, int msg_ref, int parts);
/* Records a failure before any part was accepted: back to 'queued' for any
 * modem after retry_delay * 2^(attempts-1) seconds, or 'failed' once
 * attempts reach max_attempts. */
int store_outbound_failed(struct store *st, long long id, int attempts, int max_attempts,
			  int retry_delay, const char *error);
/* Records an outcome that cannot be known (a timeout after handing the
 * message over, some parts sent): 'unknown', never resent by itself. */
int store_outbound_unknown(struct store *st, long long id, const char *error);

/* A row claimed but never handed to the modem goes back to the queue, its
 * attempt not counted. */
int store_outbound_requeue(struct store *st, long long id);

/* Rows left in 'sending' by modem (or by any modem when NULL) become
 * 'unknown'. Returns how many, or -1. */
int store_outbound_reset_sending(struct store *st, const char *modem);

#endif

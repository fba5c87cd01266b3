/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Handling one inbound message: the checks every message goes through
 * (kind, sender, deny list, duplicates, hourly limit), then what its
 * command calls for (a case, a meeting report, a status answer, a
 * registration...) and the one reply, all written through the caller's
 * transaction so that the message, what it means and its reply are
 * committed together or not at all.
 */
#ifndef TIENGDAN_HANDLE_H
#define TIENGDAN_HANDLE_H

#include "service/service.h"
#include "store/store.h"
#include "store/store_process.h"

/* What a message became (inbound.outcome). */
#define OUTCOME_CASE "case"		/* opened a case */
#define OUTCOME_MEETING "meeting"	/* recorded a meeting report */
#define OUTCOME_ANSWERED "answered"	/* status, help, register, opt-out... answered */
#define OUTCOME_REFUSED "refused"	/* answered with the right form (an error) */
#define OUTCOME_UNCLEAR "unclear"	/* chatter: no case; help at most once a day */
#define OUTCOME_DUPLICATE "duplicate"	/* the same text again: no second case or reply */
#define OUTCOME_THROTTLED "throttled"	/* past the hourly limit: stored only */
#define OUTCOME_NOT_A_PERSON "no_reply" /* alphanumeric sender or short code */
#define OUTCOME_DENIED "denied"		/* on the deny list */
#define OUTCOME_NOT_TEXT "not_text"	/* binary or other data, not a text message */
#define OUTCOME_ERROR "error"		/* could not be handled; see the log */

struct handle_ctx;

/* A handler for one processor thread (st is its connection). */
struct handle_ctx *handle_new(const struct service *svc, struct store *st);
void handle_free(struct handle_ctx *h);

/* Marks what the handler caches from the database (the villages in force
 * today, for DK by name) to be read again when next needed. Call before
 * each batch. */
void handle_refresh(struct handle_ctx *h);

/* How many senders were sealed by the processor (not the worker) since the
 * last call: their clear bytes may be in the WAL, which the caller then
 * checkpoints once the transaction is committed. */
int handle_take_sealed(struct handle_ctx *h);

/* Handles m inside the caller's transaction and marks it processed.
 * Returns the number of SMS queued (0 or more), or -1 when it failed (the
 * caller rolls back what it wrote and records the error). */
int handle_message(struct handle_ctx *h, const struct inbound_msg *m);

#endif

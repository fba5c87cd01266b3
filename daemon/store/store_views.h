/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What staff see of the message ledger: messages in and out, the inbox,
 * the outbox, and resending a row whose fate is unknown.
 */
#ifndef TIENGDAN_STORE_VIEWS_H
#define TIENGDAN_STORE_VIEWS_H

#include <jansson.h>
#include <stdbool.h>

#include "store/store.h"
#include "util/seal.h"
#include "util/tderr.h"

/*
 * Confidential numbers in listings: every function below that shows a
 * number takes reveal, the seal when the caller's role may see the number
 * of a denunciation's sender (supervisor, admin), else NULL. A number that
 * is sealed, or that of a confidential message, is then opened (null when
 * it cannot be) or shown as null, and each row says "confidential": true.
 */
void store_rows_reveal(json_t *rows, const char *key, const struct seal *reveal);

/* Messages in and out, newest first, as a JSON array of {dir ("in"/"out"),
 * id, at, number, confidential, text, state (outbound state, or the
 * inbound kind with "processed"/"unprocessed"), modem}. from (E.164) and
 * since (YYYY-MM-DD, local) filter when not NULL. At most limit rows. */
json_t *store_messages_list(struct store *st, const char *from, const char *since, int limit,
			    const struct seal *reveal);

/* Inbound rows newest first: {id, received_at, sender, confidential, text,
 * kind, parts, incomplete, invalid_utf8, processed_at, modem, command,
 * outcome, throttled, promoted}; unprocessed keeps only those not yet
 * processed, throttled only those held back by the hourly limit. */
json_t *store_inbox_list(struct store *st, bool unprocessed, bool throttled, int limit,
			 const struct seal *reveal);

/* The same; unclear keeps only chatter (outcome 'unclear': no case). */
json_t *store_inbox_list_where(struct store *st, bool unprocessed, bool throttled, bool unclear,
			       int limit, const struct seal *reveal);

/* Lets a throttled message (or an unclear one: it becomes a case) through: throttled 0, promoted 1,
 * processed_at and outcome NULL, so the processor handles it again without the hourly limit. 0, or
 * -1 with e (M_NO_MESSAGE, M_NOT_THROTTLED). */
int store_inbox_promote(struct store *st, long long id, struct tderr *e);

/* Quarantined SIM locations: {id, modem, location, attempts, state, error,
 * sender, pdu, confidential, first_seen, last_seen}; sender and pdu are
 * stored sealed and opened with reveal, else null (they may name a
 * denunciator). */
json_t *store_quarantine_list(struct store *st, int limit, const struct seal *reveal);

/* Outbound rows newest first: {id, created_at, recipient, confidential,
 * text, state, modem, attempts, error, sent_at, delivered_at, purpose};
 * failed/unknown keep only rows in that state (both: either). */
json_t *store_outbox_list(struct store *st, bool failed, bool unknown, int limit,
			  const struct seal *reveal);

/* Puts an outbound row left 'unknown' or 'failed' back in the queue
 * (attempts reset, error cleared). 0, or -1 with e (M_NO_MESSAGE,
 * M_NOT_RESENDABLE). */
int store_outbox_resend(struct store *st, long long id, struct tderr *e);

/* The commune of the case an inbound message opened (outbound false) or an
 * outbound message is about (its case, or the case of the message it
 * answers), into out (UNIT_CODE_MAX bytes): 1, 0 when it is about no case
 * with a commune, -1 on error. */
int store_message_commune(struct store *st, bool outbound, long long id, char *out);

#endif

/*
 * What staff see of the message ledger: messages in and out, the inbox,
 * the outbox, and resending a row whose fate is unknown.
 */
#ifndef TIENGDAN_STORE_VIEWS_H
#define TIENGDAN_STORE_VIEWS_H

#include <jansson.h>
#include <stdbool.h>

#include "store/store.h"
#include "util/tderr.h"

/* Messages in and out, newest first, as a JSON array of {dir ("in"/"out"),
 * id, at, number, text, state (outbound state, or the inbound kind with
 * "processed"/"unprocessed"), modem}. from (E.164) and since (YYYY-MM-DD,
 * local) filter when not NULL. At most limit rows. */
json_t *store_messages_list(struct store *st, const char *from, const char *since, int limit);

/* Inbound rows newest first: {id, received_at, sender, text, kind, parts,
 * incomplete, invalid_utf8, processed_at, modem}; unprocessed keeps only
 * those not yet processed. */
json_t *store_inbox_list(struct store *st, bool unprocessed, int limit);

/* Quarantined SIM locations: {id, modem, location, attempts, state,
 * first_seen, last_seen}. */
json_t *store_quarantine_list(struct store *st, int limit);

/* Outbound rows newest first: {id, created_at, recipient, text, state,
 * modem, attempts, error, sent_at, delivered_at}; failed/unknown keep only
 * rows in that state (both: either). */
json_t *store_outbox_list(struct store *st, bool failed, bool unknown, int limit);

/* Puts an outbound row left 'unknown' or 'failed' back in the queue
 * (attempts reset, error cleared). 0, or -1 with e (M_NO_MESSAGE,
 * M_NOT_RESENDABLE). */
int store_outbox_resend(struct store *st, long long id, struct tderr *e);

#endif

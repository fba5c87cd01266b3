/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Confidential senders (ARCHITECTURE.md): the keyed tags of the numbers
 * whose every message is sealed, and sealing what is stored about one.
 */
#ifndef TIENGDAN_STORE_CONFIDENTIAL_H
#define TIENGDAN_STORE_CONFIDENTIAL_H

#include "store/store.h"
#include "util/seal.h"

/* 1 when tag (seal_tag of an E.164 number) is a confidential sender's, 0
 * if not, -1 on error. */
long long store_confidential_is(struct store *st, const char *tag);
/* Records tag as a confidential sender's (once). 0 or -1. */
int store_confidential_add(struct store *st, const char *tag);

/*
 * Makes case_id's sender confidential: its sender replaced by sealed, its
 * tag by tag (the sealed-row tag, seal_tag), its directory link dropped
 * and its village replaced by that village's commune; tag recorded in
 * confidential_sender so every later message from the number is sealed at
 * ingest. Inside the caller's transaction. 0 or -1.
 */
int store_case_seal_sender(struct store *st, long long case_id, const char *sealed,
			   const char *tag);

/* Gives outbound row id the keyed tag of its (sealed) recipient, so its
 * delivery report finds it. 0 or -1. */
int store_outbound_set_tag(struct store *st, long long id, const char *tag);

/* Marks phone opted out when it is in the directory (no row is made). */
int store_contact_optout_existing(struct store *st, const char *phone);

/*
 * After an opt-out (HUY): when no open case has tag or alt_tag as its
 * sender's, the number (E.164, in clear in memory) is erased from every
 * message in and out of that sender (by number, or by tag when sealed),
 * their parts, and their cases, which keep only the tag; rows waiting to
 * be sent keep theirs (the confirmation must reach the phone). Returns 1
 * when erased, 0 when an open case keeps it, -1 on error.
 */
int store_optout_erase(struct store *st, const char *phone, const char *tag, const char *alt_tag);

/*
 * Rows kept before this model carry, on clear senders' rows, the same tag
 * as a sealed row of the same number would: with s, each clear case whose
 * tag is that of its sender gets the clear domain's tag instead, and the
 * tags of clear messages are dropped (they served only the duplicate and
 * hourly windows). Idempotent; run at start. Returns how many cases were
 * retagged, or -1.
 */
long long store_retag_clear(struct store *st, const struct seal *s);

/* Is any value in the database sealed (a key must then open them)? 1, 0,
 * or -1 on error. */
int store_has_sealed(struct store *st);

/* The same for the database file at path, opened read-only (a missing
 * file holds nothing sealed): what a start or --check without the key
 * asks. 1, 0, or -1 with err when the file cannot be read. */
int store_file_has_sealed(const char *path, char *err, size_t errlen);

#endif

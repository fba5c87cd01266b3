/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Received SMS: parts as read from a SIM, reassembled into whole messages.
 */
#ifndef TIENGDAN_STORE_INBOUND_H
#define TIENGDAN_STORE_INBOUND_H

#include <stdbool.h>

#include "store/store.h"

/* One SMS part as read from a modem. Strings are borrowed. */
struct part_rec {
	const char *modem;
	const char *sender;	/* normalised (E.164) or as received */
	const char *sender_raw; /* as received */
	bool sender_alpha;
	const char *smsc;
	const char *smsc_time; /* UTC ISO-8601 or "" */
	const char *type;      /* "text", "binary", "status_report", "other" */
	const char *coding;
	int concat_ref; /* -1 when not concatenated */
	int part_no;
	int part_count;
	const char *text; /* UTF-8; hex for binary */
	bool invalid_utf8;
	int msg_ref;	     /* status reports, else -1 */
	int delivery_status; /* status reports, else -1 */
	int sim_location;
	const char *received_at;
	/* Confidentiality (ARCHITECTURE.md), filled by the worker when it
	 * holds the key and the sender is a person; all NULL/false otherwise
	 * (the part is then stored in clear, grouped by a clear key). */
	const char *tag;	   /* seal_tag of sender: who it is, keyed */
	const char *group_key;	   /* multipart: keyed key of its message */
	const char *part_key;	   /* keyed value that replaces sender_raw when sealed */
	const char *sealed_sender; /* sender sealed */
	const char *sealed_raw;	   /* sender_raw sealed */
	bool may_denounce;	   /* the text may be a denunciation */
};

/* Stores one part inside the caller's transaction. A part already stored
 * (same modem, sender, SMSC time, reference, part number and text) is
 * ignored. A part that completes a message (or a single-part message)
 * creates its inbound row; a status report also marks the matching
 * outbound row delivered. With p->tag, the part is sealed (sender and
 * sender_raw replaced by p->sealed_sender and p->part_key, SMSC dropped)
 * when it may be a denunciation (the tag is then recorded in
 * confidential_sender), when its sender is recorded there, or when its
 * message is; a later part stored before its first part is sealed until
 * the first part says what it is. A message with a confidential part is
 * stored sealed, with every part. Returns 1 if the part was new, 0 if a
 * duplicate, -1 on error. */
int store_part_add(struct store *st, const struct part_rec *p);

/* Stores as incomplete every multipart message of modem whose parts have
 * waited since before older_than (UTC ISO-8601). Returns the number of
 * messages stored, -1 on error. Runs its own transaction. */
int store_parts_flush_incomplete(struct store *st, const char *modem, const char *older_than);

/* Counts: rows of inbound; parts not yet part of a message. */
long long store_inbound_count(struct store *st);
long long store_parts_pending(struct store *st, const char *modem);

#endif

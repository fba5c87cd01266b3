/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The processor's queries: the next messages to handle, what each became,
 * the per-sender checks (duplicates, hourly limit), the directory as the
 * processor sees it (who is the sender, registering, opting out), meeting
 * lookups, and sealing confidential numbers.
 */
#ifndef TIENGDAN_STORE_PROCESS_H
#define TIENGDAN_STORE_PROCESS_H

#include <stdbool.h>
#include <stddef.h>

#include "store/store.h"

/* An inbound message to handle. */
struct inbound_msg {
	long long id;
	char *modem;
	char *sender; /* E.164, or as received for alphanumeric senders */
	bool sender_alpha;
	char *text;
	char *kind; /* text, binary, status_report, other */
	char *received_at;
	bool promoted; /* staff lifted the hourly limit */
	bool sealed;   /* sender is sealed (a denunciation's) */
};

/* Reads up to max unprocessed messages with id > after, oldest first, into
 * out (array of max). Returns how many, or -1. Caller frees each with
 * inbound_msg_clear. */
int store_process_next(struct store *st, long long after, struct inbound_msg *out, int max);
void inbound_msg_clear(struct inbound_msg *m);

/* What a message became; marks it processed. duplicate_of 0 = none. */
struct process_mark {
	const char *command; /* NULL if not parsed */
	const char *outcome;
	const char *sender_tag;
	const char *text_hash;
	bool throttled;
	long long duplicate_of;
};
int store_process_mark(struct store *st, long long id, const struct process_mark *m);

/* The earliest message before id with this sender tag and text hash
 * received at or after since that opened something (not throttled, not
 * itself a duplicate): its id, 0 if none, -1 on error. */
long long store_process_duplicate(struct store *st, long long id, const char *tag,
				  const char *text_hash, const char *since);
/* Messages before id from this sender tag received at or after since that
 * count against the hourly limit (not duplicates, not promoted, not a
 * head's refused meeting report: correcting one is no flood); and of
 * them, how many were throttled. -1 on error. */
long long store_process_recent(struct store *st, long long id, const char *tag, const char *since,
			       long long *throttled);

/* Messages before id from this sender tag received at or after since that
 * were answered with a reply of purpose ("unclear": the help reply to
 * chatter). -1 on error. */
long long store_process_replied(struct store *st, long long id, const char *tag, const char *since,
				const char *purpose);

/* The sender as the directory knows them. */
struct sender_info {
	long long contact_id; /* 0: not a contact */
	char role[16];	      /* resident, head, deputy */
	char village[64];     /* unit code or "" */
	bool opted_out;
};
/* Fills *out (contact_id 0 when unknown). 0 or -1. */
int store_sender_info(struct store *st, const char *phone, struct sender_info *out);

/* Registers the phone to village with name (NULL keeps the name) as a
 * resident, or updates an existing resident; heads and deputies keep their
 * staff-given village and role. Opting out is undone. Returns 0 or -1. */
int store_contact_register(struct store *st, const char *phone, const char *village,
			   const char *name);
/* Marks the phone opted out (a contact without a village when unknown). */
int store_contact_optout(struct store *st, const char *phone);

/* The name of a unit, into out (size len): 0, or -1 when unknown. */
int store_unit_name(struct store *st, const char *code, char *out, size_t len);

/* The villages in force on date: calls fn(ctx, code, name) for each. */
int store_villages_each(struct store *st, const char *date,
			void (*fn)(void *ctx, const char *code, const char *name), void *ctx);

/* A meeting report by its digits, for status queries: 1 with its code,
 * village name, meeting date and the sender tag of the message that made
 * it; 0 if none; -1. */
struct meeting_row {
	char code[16];
	char village_name[128];
	char meeting_date[16];
	char sender_tag[80];
};
int store_meeting_by_digits(struct store *st, const char *digits, struct meeting_row *out);

/* Sets what an outbound row is about. */
int store_outbound_about(struct store *st, long long id, long long case_id, const char *purpose,
			 bool confidential);

/* Replaces the sender of inbound id and of its parts by sealed. */
int store_inbound_seal(struct store *st, long long id, const char *sealed);

/* Confidential outbound rows that have left the queue (sent, delivered,
 * failed, unknown) with their recipient still in clear: up to max ids and
 * recipients (caller frees each recipient). Returns how many, or -1. */
int store_confidential_pending(struct store *st, long long *ids, char **recipients, int max);
/* An outbound row's recipient (caller frees), NULL if there is no row. */
char *store_outbound_recipient(struct store *st, long long id);
/* Replaces an outbound row's recipient. */
int store_outbound_set_recipient(struct store *st, long long id, const char *recipient);

#endif

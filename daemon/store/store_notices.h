/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Notices (thông báo): creating one, queuing it to every recipient in
 * chunks that never hold the database for long, acknowledgements (XN),
 * reminders to those who have not acknowledged, and the figures of
 * delivery and acknowledgement per village. Polls are in store_polls.h.
 */
#ifndef TIENGDAN_STORE_NOTICES_H
#define TIENGDAN_STORE_NOTICES_H

#include <jansson.h>
#include <stdbool.h>

#include "store/store.h"
#include "store/store_contacts.h"
#include "util/tderr.h"

/* Rows queued per transaction while sending or reminding: the workers'
 * and the processor's commits get in between. */
#define NOTICE_CHUNK 500

/* A notice as staff create it (state 'draft'). */
struct notice_new {
	const char *kind;	 /* "notice" or "poll" */
	const char *title;	 /* a poll's title is its question */
	const char *body;	 /* as staff wrote it */
	const char *target_kind; /* "village", "commune", "all", "role" */
	const char *target;	 /* the unit code or role; NULL for all */
	const char *scope;	 /* the communes it is limited to, "DR1,DR2"; NULL = all */
	bool want_ack;
	const char *created_by;
};

/* Inserts it with sms (the text every recipient will get). Runs in the
 * caller's transaction. Returns the new id (the code is TB<id>) or -1. */
long long store_notice_insert(struct store *st, const struct notice_new *n);
/* Sets the SMS of a draft (it names the notice's own code). 0 or -1. */
int store_notice_set_sms(struct store *st, long long id, const char *sms);

/* A notice as sending, reminding and the processor need it. */
struct notice_info {
	long long id;
	char kind[8];	     /* notice, poll */
	char state[8];	     /* draft, sending, sent */
	char target_kind[8]; /* village, commune, all, role */
	char target[64];     /* "" for all */
	char scope[256];     /* "" = all communes */
	char sms[512];
	bool want_ack;
};

/* 1 and *out, 0 when there is no notice id, -1 on error. */
int store_notice_get(struct store *st, long long id, struct notice_info *out);

/* Whether a caller limited to scope may act on notice n: an unlimited
 * caller always; a limited one when every commune of the notice's scope is
 * one of its own (a notice to all communes is for unlimited callers). */
bool store_notice_in_scope(const struct notice_info *n, const struct unit_scope *scope);

/* How a notice is queued. */
struct notice_send {
	const char *user;  /* who sends it, for the notice's sent_by */
	bool want_report;  /* ask for delivery reports */
	int chunk;	   /* rows per transaction; <= 0: NOTICE_CHUNK */
	const char *today; /* local date recipients are resolved on; NULL: today */
};

/*
 * Queues notice n to its recipients: every contact of its target (a
 * village: contacts whose village rolls up to it; a commune: every village
 * that rolls up to it; all or a role: within the notice's scope) who has
 * not opted out gets one SMS (route any modem, sent after replies). The
 * villages are fixed when sending starts, in a transaction of their own;
 * then up to chunk recipients per transaction; none is held while the next
 * chunk is read. Must be called outside a transaction. A send interrupted
 * (a crash) is resumed by calling it again: recipients already queued are
 * skipped. Returns the number queued now (in *queued) and 0, or -1 with e
 * (M_NOTICE_STATE: already sent).
 */
int store_notice_send(struct store *st, const struct notice_info *n, const struct notice_send *o,
		      long long *queued, struct tderr *e);

/*
 * Texts the notice again (with "Nhac lai: " when that still fits one SMS)
 * to each recipient who has not acknowledged it, is still a contact and has
 * not opted out, and whose notice or last reminder is not still waiting in
 * the queue; chunked like sending. Outside a transaction. 0 with *queued,
 * or -1 with e (M_NOTICE_STATE: not sent yet).
 */
int store_notice_remind(struct store *st, const struct notice_info *n, const char *text,
			const struct notice_send *o, long long *queued, struct tderr *e);

/* Records that phone acknowledged notice id (the message inbound_id; 0:
 * none); again is harmless, the first time is kept. Runs in the caller's
 * transaction. Returns 1 when phone is one of its recipients, 0 when not
 * (or the notice was never sent), -1 on error. */
int store_notice_ack(struct store *st, long long id, const char *phone, long long inbound_id);

/*
 * The notice as a JSON object: code, kind, title, body, sms, target
 * ("village:106"), target_name, want_ack, state, skipped_opted_out (the
 * target's contacts who opted out, when it was sent), created_by,
 * created_at, sent_by, sent_at, queued_at, reminders, reminded_at, the
 * totals recipients, waiting (still queued), sent (sent or delivered),
 * delivered, failed (failed or unknown), acknowledged, ack_rate (percent,
 * one decimal; null without recipients), and by_village: the same figures
 * per village it counted under when sent. NULL with e (M_NO_NOTICE).
 */
json_t *store_notice_show(struct store *st, long long id, struct tderr *e);

/* Notices newest first: {code, kind, title, target, want_ack, state,
 * created_at, sent_at, recipients, sent, acknowledged}; kind NULL for
 * both kinds; only those in scope (store_notice_in_scope). NULL on error. */
json_t *store_notices_list(struct store *st, const char *kind, int limit,
			   const struct unit_scope *scope);

#endif

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Staff's work on cases: listing them within the caller's communes, one
 * case with its history and messages, status changes, assignment, notes,
 * staff messages about a case, and the list of meeting reports. Reports
 * over a period are in store_report.h; the processor's side in
 * store_cases.h.
 */
#ifndef TIENGDAN_STORE_CASEWORK_H
#define TIENGDAN_STORE_CASEWORK_H

#include <jansson.h>
#include <stdbool.h>

#include "core/code.h"
#include "store/store.h"
#include "store/store_contacts.h"
#include "store/store_units.h"
#include "util/clock.h"
#include "util/seal.h"
#include "util/tderr.h"

/* Filters of a case listing; NULL / false: any. */
struct case_filter {
	const char *kind;     /* "feedback", "complaint", "denunciation" */
	const char *status;   /* a status name of core/case_status.h */
	const char *commune;  /* the commune the case's village rolls up to today */
	const char *village;  /* the case's village, or the village it rolled up to */
	bool overdue;	      /* open and past the due date that applies today */
	const char *since;    /* received on or after this local date */
	const char *assigned; /* the unit, office or officer (code or name) */
	int limit;	      /* at most this many rows; <= 0: all */
	int offset;	      /* skip this many matching rows first (paging) */
};

/*
 * Cases newest first as a JSON array of {code, kind, status, received_on,
 * due, overdue, village, village_name, commune, unit, unkeyed, text}: due
 * is the date that applies (due_resolve once set at acceptance, else
 * due_first), overdue is true when the case is open (received, accepted,
 * in progress) and today (clock_today) is after it. commune is the
 * village's commune after roll-up (a case made in a village of the old
 * commune DAKNANG is under DR1); a case outside scope is left out (one
 * without a village counts under the unit it was assigned to, and is seen
 * by unlimited callers only when it has neither). No sender. Caller owns
 * the result; NULL on error (a malformed date included).
 */
json_t *store_cases_list(struct store *st, const struct case_filter *f,
			 const struct unit_scope *scope);

/* A case as staff's changes need it. Empty strings for NULL columns. */
struct case_info {
	long long id;
	char code[CODE_MAX_LEN];
	char kind[16];
	char status[16];
	char sender[256]; /* E.164, or sealed (seal_is_sealed) for denunciations */
	char village[UNIT_CODE_MAX];
	char unit[UNIT_CODE_MAX];    /* the handling unit, "" = the commune */
	char commune[UNIT_CODE_MAX]; /* the village's (or unit's) commune today */
	char unit_name[128];	     /* the handling unit's name, else the commune's */
	char received_on[CLOCK_DATE_LEN];
	char accepted_on[CLOCK_DATE_LEN];
	char due_first[CLOCK_DATE_LEN];
	char due_resolve[CLOCK_DATE_LEN];
	bool remote;
	bool complex;
};

/* The case whose code has these digits (7), within scope. 0, or -1 with
 * e (M_NO_CASE, M_OUT_OF_SCOPE, M_INTERNAL). */
int store_case_get(struct store *st, const char *digits, const struct unit_scope *scope,
		   struct case_info *out, struct tderr *e);

/*
 * One case as a JSON object: the fields of store_cases_list plus sender,
 * confidential, contact_name, unit_name, accepted_on, closed_on,
 * due_first, due_resolve, remote, complex, created_at, and arrays events
 * ({at, actor, event, status_from, status_to, unit, note, inbound_id,
 * outbound_id}, oldest first), messages_in (the message that opened it and
 * those attached later: {id, received_at, sender, confidential, text}) and
 * messages_out ({id, created_at, recipient, confidential, purpose, state,
 * text}: what was sent about it, the first reply included).
 * A sealed sender (a denunciation's) and the recipient of a confidential
 * message are opened with reveal when it is not NULL (the caller's role
 * may see them), else shown as null with confidential true; the plain
 * number never leaves this function otherwise. NULL with e (M_NO_CASE,
 * M_OUT_OF_SCOPE, M_INTERNAL).
 */
json_t *store_case_show(struct store *st, const char *digits, const struct unit_scope *scope,
			const struct seal *reveal, struct tderr *e);

/* A status change of case c (already checked as allowed by the caller). */
struct case_status_set {
	const char *actor;	   /* the unix user */
	const char *to;		   /* the new status */
	const char *note;	   /* why, or NULL */
	const char *accepted_on;   /* set it (moving to accepted), NULL keeps */
	const char *due_resolve;   /* set it (with accepted_on), NULL keeps */
	int complex;		   /* 0 or 1 sets the flag, -1 keeps it */
	const char *closed_on;	   /* set it (leaving the open statuses); "" clears
				    * it (reopened); NULL keeps */
	long long outbound_id;	   /* the SMS telling the citizen, 0 if none */
	const char *decision_no;   /* resolution: the decision's number, NULL keeps */
	const char *decision_date; /* and its local date, NULL keeps */
	const char *reason;	   /* what the citizen was told why, or NULL */
};

/* Changes the status of c from c->status and records the event. Runs in
 * the caller's transaction. Returns the event id, or -1 with e
 * (M_STATUS_CHANGE when the case changed meanwhile). */
long long store_case_set_status(struct store *st, const struct case_info *c,
				const struct case_status_set *s, struct tderr *e);

/* Records an extension of c's resolution deadline: the complex or remote
 * flag set, due_resolve (may be NULL: keeps), the legal basis and the
 * event (a note saying so). 0 or -1 with e. */
int store_case_extend(struct store *st, const struct case_info *c, bool complex, bool remote,
		      const char *due_resolve, const char *basis, const char *actor,
		      struct tderr *e);

/* Assigns c to unit (which must exist and, for a limited caller, lie in
 * one of its communes) and records the event with note. 0 or -1 with e
 * (M_UNKNOWN_UNIT, M_OUT_OF_SCOPE). */
int store_case_assign(struct store *st, const struct case_info *c, const char *unit,
		      const char *actor, const char *note, const struct unit_scope *scope,
		      struct tderr *e);

/* Records a note on c. Returns the event id or -1 with e. */
long long store_case_note(struct store *st, const struct case_info *c, const char *actor,
			  const char *note, struct tderr *e);

/* A message about a case to queue. */
struct case_sms {
	long long case_id;
	const char *recipient;	   /* E.164, or sealed (the worker opens it to send) */
	const char *recipient_tag; /* a sealed recipient's keyed tag, else NULL */
	const char *text;
	const char *purpose; /* "status", "staff" */
	bool confidential;   /* a denunciation's: the recipient is sealed */
	bool want_report;
};

/* Queues it in outbound with case_id, purpose and confidential set. Runs
 * in the caller's transaction. Returns the outbound id, or -1 with e. */
long long store_case_sms(struct store *st, const struct case_sms *m, struct tderr *e);

/* Records that staff sent c the message outbound_id (event 'reply', the
 * text as its note). Returns the event id, or -1 with e. */
long long store_case_reply_event(struct store *st, const struct case_info *c, const char *actor,
				 const char *text, long long outbound_id, struct tderr *e);

/* Filters of the meeting list; NULL: any. */
struct meeting_filter {
	const char *commune; /* after roll-up, as for cases */
	const char *village; /* the meeting's village or the one it rolled up to */
	const char *from;    /* meeting_date on or after */
	const char *to;	     /* meeting_date on or before */
	int limit;	     /* <= 0: all */
};

/* Meeting reports, latest meeting first: {code, meeting_date, village,
 * village_name, commune, present, total, percent, opinions, topic, quorum,
 * created_at}, within scope. NULL on error. */
json_t *store_meetings_list(struct store *st, const struct meeting_filter *f,
			    const struct unit_scope *scope);

/* The commune code rolls up to on date at (store_unit_commune), looked up
 * once per code in cache (a JSON object the caller owns; one cache per
 * date). A borrowed string, or NULL when there is none. */
const char *store_commune_cached(struct store *st, json_t *cache, const char *code, const char *at);

/* Whether commune (may be NULL) is within scope (no scope: always). */
bool store_scope_has(const struct unit_scope *scope, const char *commune);

#endif

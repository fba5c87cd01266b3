/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Cases and meeting reports as the processor creates them, and the lookups
 * it needs: a code's digits unique across both, a case by its digits.
 * Staff's work on cases (lists, status changes, reports) is in
 * store_casework.h.
 */
#ifndef TIENGDAN_STORE_CASES_H
#define TIENGDAN_STORE_CASES_H

#include <stdbool.h>

#include "core/code.h"
#include "store/store.h"

/* A new case. Strings are borrowed. */
struct case_new {
	const char *kind;	    /* "feedback", "complaint", "denunciation" */
	const char *text;	    /* the body as written */
	const char *sender;	    /* E.164, or sealed */
	const char *sender_tag;	    /* keyed hash of the sender */
	long long contact_id;	    /* 0 if the sender is not in the directory */
	const char *village;	    /* unit code or NULL */
	const char *village_source; /* "text" (read from it); NULL: "directory" for an
				       SMS, "staff" for a đơn staff entered */
	long long inbound_id;
	const char *received_on; /* local date */
	const char *due_first;	 /* local date or NULL */
	bool unkeyed;
	bool remote;
	/* A đơn entered by staff (the processor leaves these NULL: an SMS). */
	const char *channel;	  /* "walkin", "letter", ...; NULL: "sms" */
	const char *actor;	  /* who entered it; NULL: "sms" */
	const char *from_agency;  /* transferred: the agency that sent it */
	const char *citizen_name; /* as written or told */
	const char *address;
	bool no_sender; /* staff entered no phone: sender_tag names no one */
};

/* A case as looked up by the processor (status queries). */
struct case_row {
	long long id;
	char code[CODE_MAX_LEN];
	char kind[16];
	char status[16];
	char sender_tag[80];
	char unit[64];	     /* the handling unit's code, or "" */
	char unit_name[128]; /* its name, or the village's commune's name, or "" */
	char updated_on[16]; /* local date of the last change */
	char due_first[16];  /* local dates, "" if none */
	char due_resolve[16];
};

/* Whether the digits are taken by a case or a meeting report: 1, 0, or -1
 * on error. */
int store_code_taken(struct store *st, const char *digits);

/* Inserts the case with code (its digits unique: check store_code_taken
 * first) and its 'created' event; when the same sender has an open case,
 * the newest is proposed as its vụ việc (link_proposed: staff confirm with
 * cases link). Runs in the caller's transaction. Returns the case id or
 * -1. */
long long store_case_insert(struct store *st, const struct case_new *c,
			    const struct tracking_code *code);

/* The case whose code has these digits: 1 and *out, 0 if none, -1. */
int store_case_by_digits(struct store *st, const char *digits, struct case_row *out);

/* A new meeting report. */
struct meeting_new {
	const char *village;
	long long contact_id;
	const char *meeting_date; /* local date */
	int present;
	int total;
	int opinions; /* -1 if not given */
	const char *topic;
	bool quorum;
	long long inbound_id;
};

/* Inserts it with code. Returns the id or -1. */
long long store_meeting_insert(struct store *st, const struct meeting_new *m,
			       const struct tracking_code *code);

#endif

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The commune's register beyond SMS: a đơn entered by staff from any
 * channel (walk-in, letter, phone, e-mail, portal, transferred by another
 * agency), with its tracking code, deadlines counted from the day it was
 * received, and the receipt SMS when the citizen gave a phone number.
 */
#ifndef TIENGDAN_REGISTER_H
#define TIENGDAN_REGISTER_H

#include <stdbool.h>

#include "core/code.h"
#include "service/service.h"
#include "store/store.h"
#include "util/clock.h"
#include "util/tderr.h"

/* A đơn as staff enter it. Strings are borrowed; optional ones NULL. */
struct register_case {
	const char *kind;     /* "feedback", "complaint", "denunciation" */
	const char *channel;  /* "walkin", "letter", "phone", "email", "portal", "transferred" */
	const char *received; /* local date, not after today */
	const char *text;
	const char *name;
	const char *phone; /* as typed; normalised to E.164 */
	const char *address;
	const char *village;	 /* a village's unit code */
	const char *from_agency; /* required for "transferred" */
	const char *actor;	 /* the unix user */
};

/* What was registered. */
struct register_result {
	long long case_id;
	char code[CODE_MAX_LEN];
	char due_first[CLOCK_DATE_LEN]; /* "" when the kind has none */
	long long receipt_id;		/* the receipt SMS queued, 0 if none */
};

/* value as it may be stored for a đơn of kind: sealed for a denunciation
 * (its citizen's name, address, number), else a copy. Caller frees; NULL
 * for NULL or out of memory. */
char *register_confidential(const struct service *svc, const char *kind, const char *value);

/* Whether name is a channel staff may enter ("sms" is the processor's). */
bool register_channel_valid(const char *name);

/*
 * Registers the đơn in the caller's transaction: checks the values (e:
 * M_BAD_KIND, M_BAD_CHANNEL, M_BAD_DATE, M_FUTURE_DATE, M_MISSING_ARG,
 * M_BAD_PHONE, M_NOT_A_VILLAGE), seals a denunciation's number exactly as
 * the processor does, and queues the receipt SMS of its kind when a
 * person's phone number is given. today is the local date. 0 or -1.
 */
int register_case_add(struct store *st, const struct service *svc, const struct register_case *in,
		      const char *today, struct register_result *out, struct tderr *e);

#endif

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The one place a status SMS is worded (SMS-LANGUAGE.md section 5a): the
 * answer to a status query and the SMS telling a citizen of a status
 * change name the status in words, the unit only when there is one, the
 * next deadline when there is one, and the reason staff give.
 */
#ifndef TIENGDAN_STATUS_SMS_H
#define TIENGDAN_STATUS_SMS_H

#include <stddef.h>

#include "service/service.h"

/* The placeholders' longest values (template_placeholders_default). */
#define STATUS_SMS_REASON_MAX 70 /* {reason}: " Ly do: " and the text */
#define STATUS_SMS_REASON_LEAD " Ly do: "

/* What a status SMS says. Dates are local "YYYY-MM-DD" or "" / NULL. */
struct status_sms {
	const char *code;
	int status;	       /* enum case_status */
	const char *label;     /* the status in words; NULL: case_status_sms(status) */
	const char *unit_name; /* the unit handling it; "" or NULL: none */
	const char *date;      /* of the change (or the last one) */
	const char *due_first;
	const char *due_resolve;
	const char *reason; /* what staff tell the citizen; NULL or "": none */
};

/* The next deadline of a case in status (enum case_status): the first one
 * while received, the resolution one (else the first) while accepted or in
 * progress, none after. NULL when there is none. */
const char *status_sms_next_due(int status, const char *due_first, const char *due_resolve);

/* Renders reply template tmpl ("status", "status_changed") for s. Caller
 * frees; NULL for an unknown template. */
char *status_sms_render(const struct service *svc, const char *tmpl, const struct status_sms *s);

/* How many characters a reason may have in template tmpl for s (the rest
 * of s as given) so that the SMS stays one segment; 0 or more. */
long status_sms_reason_room(const struct service *svc, const char *tmpl,
			    const struct status_sms *s);

/* The length of reason in the units of the reply encoding (septets, or
 * UTF-16 units with replies_ucs2). */
long status_sms_reason_length(const struct service *svc, const char *reason);

#endif

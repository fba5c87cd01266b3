/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Status SMS (status_sms.h): the optional parts are placeholders whose
 * values carry their own punctuation, so a template never shows an empty
 * "()" and the start-up check still counts their longest values.
 */
#include "service/status_sms.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/case_status.h"
#include "core/gsm7.h"

#define SEGMENT_GSM 160
#define SEGMENT_UCS2 70
#define UNIT_NAME_MAX 24 /* the {unit} placeholder's longest value */

const char *status_sms_next_due(int status, const char *due_first, const char *due_resolve)
{
	const char *due = NULL;

	if (status == CASE_RECEIVED)
		due = due_first;
	else if (status == CASE_ACCEPTED || status == CASE_IN_PROGRESS)
		due = due_resolve && due_resolve[0] ? due_resolve : due_first;
	return due && due[0] ? due : NULL;
}

/* UTF-16 units of s. */
static long utf16_units(const char *s)
{
	long n = 0;

	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if ((*p & 0xC0) != 0x80)
			n += *p >= 0xF0 ? 2 : 1;
	return n;
}

long status_sms_reason_length(const struct service *svc, const char *reason)
{
	char *t;
	long n;

	if (!reason)
		return 0;
	if (svc->conf->replies_ucs2)
		return utf16_units(reason);
	t = gsm7_translit(reason);
	n = t ? gsm7_septets(t) : -1;
	free(t);
	return n < 0 ? (long)strlen(reason) : n;
}

/* " (name)" with name cut to UNIT_NAME_MAX characters (transliterated
 * first for GSM replies) into out, so the bracket always closes. */
static void unit_part(const struct service *svc, const char *name, char *out, size_t len)
{
	char *t = svc->conf->replies_ucs2 ? NULL : gsm7_translit(name);
	const char *src = t ? t : name;
	size_t n = 0, chars = 0;

	while (src[n] && chars < UNIT_NAME_MAX) {
		n++;
		while (((unsigned char)src[n] & 0xC0) == 0x80)
			n++;
		chars++;
	}
	while (n > 0 && src[n - 1] == ' ')
		n--; /* cut at a word's end: no "(... )" */
	snprintf(out, len, " (%.*s)", (int)n, src);
	free(t);
}

/* Renders with reason (may be NULL). */
static char *render(const struct service *svc, const char *tmpl, const struct status_sms *s,
		    const char *reason)
{
	char ddmm[6], due_ddmm[6], in_unit[UNIT_NAME_MAX * 4 + 8] = "", next_due[24] = "";
	char reason_part[STATUS_SMS_REASON_MAX * 4 + 16] = "";
	const char *due = status_sms_next_due(s->status, s->due_first, s->due_resolve);
	const char *label = s->label ? s->label : case_status_sms(s->status);
	bool has_unit = s->unit_name && s->unit_name[0];

	service_ddmm(s->date, ddmm);
	if (has_unit)
		unit_part(svc, s->unit_name, in_unit, sizeof(in_unit));
	if (due) {
		service_ddmm(due, due_ddmm);
		snprintf(next_due, sizeof(next_due), " Han: %s.", due_ddmm);
	}
	if (reason && reason[0])
		snprintf(reason_part, sizeof(reason_part), "%s%s", STATUS_SMS_REASON_LEAD, reason);
	return service_reply(svc, tmpl,
			     (struct template_value[]){{"code", s->code},
						       {"status", label},
						       {"unit", has_unit ? s->unit_name : ""},
						       {"in_unit", in_unit},
						       {"date", ddmm},
						       {"next_due", next_due},
						       {"reason", reason_part}},
			     7);
}

char *status_sms_render(const struct service *svc, const char *tmpl, const struct status_sms *s)
{
	return render(svc, tmpl, s, s->reason);
}

long status_sms_reason_room(const struct service *svc, const char *tmpl, const struct status_sms *s)
{
	long limit = svc->conf->replies_ucs2 ? SEGMENT_UCS2 : SEGMENT_GSM;
	long lead = (long)strlen(STATUS_SMS_REASON_LEAD), used, room;
	char *text = render(svc, tmpl, s, NULL);

	if (!text)
		return 0;
	used = svc->conf->replies_ucs2 ? utf16_units(text) : gsm7_septets(text);
	free(text);
	room = limit - used - lead;
	if (room > STATUS_SMS_REASON_MAX - lead)
		room = STATUS_SMS_REASON_MAX - lead;
	return room < 0 ? 0 : room;
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A đơn entered by staff from any channel (register.h): checked, given a
 * tracking code and deadlines from the day it was received, its
 * denunciator's number sealed, the receipt SMS queued.
 */
#include "service/register.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/case_workflow.h"
#include "core/phone.h"
#include "core/register_data.h"
#include "store/store_cases.h"
#include "store/store_casework.h"
#include "store/store_units.h"
#include "util/log.h"
#include "util/seal.h"

static const char *const channels[] = {"walkin", "letter",	"phone", "email",
				       "portal", "transferred", NULL};

bool register_channel_valid(const char *name)
{
	for (const char *const *p = channels; name && *p; p++)
		if (strcmp(*p, name) == 0)
			return true;
	return false;
}

/*
 * The confidentiality of a staff-entered đơn, in one place: what is stored
 * as its sender (E.164, or sealed for a denunciation) and the keyed tag
 * that recognises the number again, of the clear domain for a clear sender
 * (so the database alone joins it to no sealed row). A denunciation's
 * sender is then made confidential by service_seal_case_sender, as the
 * worker does for an SMS. Caller frees *stored. 0 or -1.
 */
static int register_seal_sender(const struct service *svc, const char *kind, const char *e164,
				char **stored, char tag[SEAL_TAG_SIZE])
{
	bool confidential = strcmp(kind, "denunciation") == 0;

	*stored = register_confidential(svc, kind, e164);
	if (!*stored ||
	    (confidential ? seal_tag(svc->seal, e164, tag)
			  : seal_tag_domain(svc->seal, SEAL_DOMAIN_CLEAR, e164, tag)) < 0) {
		free(*stored);
		*stored = NULL;
		return -1;
	}
	return 0;
}

char *register_confidential(const struct service *svc, const char *kind, const char *value)
{
	if (!value)
		return NULL;
	return strcmp(kind, "denunciation") == 0 ? seal_encrypt(svc->seal, value) : strdup(value);
}

/* Checks what staff gave; the phone normalised into e164 ("" if none). */
static int check_input(struct store *st, const struct service *svc, const struct register_case *in,
		       const char *today, char *e164, size_t len, struct tderr *e)
{
	struct workdays_date d;

	if (case_kind_parse(in->kind) == CODE_KIND_NONE)
		return tderr_set(e, TDERR_INVALID, M_BAD_KIND, in->kind ? in->kind : "", NULL);
	if (!register_channel_valid(in->channel))
		return tderr_set(e, TDERR_INVALID, M_BAD_CHANNEL, in->channel ? in->channel : "",
				 NULL);
	if (!in->received)
		return tderr_set(e, TDERR_INVALID, M_MISSING_ARG, "--received", NULL);
	if (workdays_date_parse(in->received, &d) < 0)
		return tderr_set(e, TDERR_INVALID, M_BAD_DATE, in->received, NULL);
	if (strcmp(in->received, today) > 0)
		return tderr_set(e, TDERR_INVALID, M_FUTURE_DATE, in->received, today);
	if (!in->text || !in->text[0])
		return tderr_set(e, TDERR_INVALID, M_MISSING_ARG, "text", NULL);
	if (strcmp(in->channel, "transferred") == 0 && !(in->from_agency && in->from_agency[0]))
		return tderr_set(e, TDERR_INVALID, M_MISSING_ARG, "--from-agency", NULL);
	e164[0] = '\0';
	if (in->phone && in->phone[0] &&
	    phone_normalize(in->phone, svc->conf->country_code, e164, len) != PHONE_PERSON)
		return tderr_set(e, TDERR_INVALID, M_BAD_PHONE, in->phone, NULL);
	if (in->village && store_unit_is_village(st, in->village, today) != 1)
		return tderr_set(e, TDERR_INVALID, M_NOT_A_VILLAGE, in->village, NULL);
	return 0;
}

/* The first deadline of a đơn of kind received on received, into due. */
static void first_due(const struct service *svc, const char *kind, const char *received,
		      char due[CLOCK_DATE_LEN])
{
	struct workdays_date rec;
	struct workdays_due d;
	char buf[48];

	due[0] = '\0';
	if (workdays_date_parse(received, &rec) < 0 ||
	    workdays_due(svc->cal, service_rule(svc, kind), rec, NULL,
			 svc->conf->deadlines.remote_area ? WORKDAYS_REMOTE : 0, &d) < 0 ||
	    !d.has_first)
		return;
	snprintf(buf, sizeof(buf), "%04d-%02d-%02d", d.first.year, d.first.month, d.first.day);
	snprintf(due, CLOCK_DATE_LEN, "%.10s", buf);
}

/* The receipt of its kind to e164, as the processor answers an SMS. */
static long long receipt(struct store *st, const struct service *svc,
			 const struct register_case *in, const char *e164,
			 const struct register_result *out, struct tderr *e)
{
	bool confidential = strcmp(in->kind, "denunciation") == 0;
	char ddmm[6], days[8], tag[SEAL_TAG_SIZE];
	char *text, *sealed = NULL;
	long long id;

	service_ddmm(out->due_first, ddmm);
	snprintf(days, sizeof(days), "%d", svc->rules[1].first_days);
	text = service_reply(
	    svc, in->kind,
	    (struct template_value[]){{"code", out->code}, {"deadline", ddmm}, {"days", days}}, 3);
	if (!text)
		return tderr_set(e, TDERR_INTERNAL, M_NO_TEMPLATE, in->kind, NULL);
	/* A denunciator's receipt waits in the queue sealed; the worker opens
	 * it in memory to send, and its delivery report finds it by the tag. */
	if (confidential &&
	    (!(sealed = seal_encrypt(svc->seal, e164)) || seal_tag(svc->seal, e164, tag) < 0)) {
		free(text);
		free(sealed);
		return tderr_set(e, TDERR_INTERNAL, M_INTERNAL, "seal", NULL);
	}
	id = store_case_sms(st,
			    &(struct case_sms){.case_id = out->case_id,
					       .recipient = confidential ? sealed : e164,
					       .recipient_tag = confidential ? tag : NULL,
					       .text = text,
					       .purpose = "reply",
					       .confidential = confidential,
					       .want_report = svc->conf->delivery_reports},
			    e);
	free(sealed);
	free(text);
	return id;
}

int register_case_add(struct store *st, const struct service *svc, const struct register_case *in,
		      const char *today, struct register_result *out, struct tderr *e)
{
	char e164[32], tag[SEAL_TAG_SIZE];
	char *stored = NULL;
	struct tracking_code code;
	char *name = NULL, *address = NULL;

	memset(out, 0, sizeof(*out));
	if (check_input(st, svc, in, today, e164, sizeof(e164), e) < 0)
		return -1;
	if (service_new_code(st, case_kind_parse(in->kind), &code) < 0 ||
	    register_seal_sender(svc, in->kind, e164, &stored, tag) < 0)
		return tderr_set(e, TDERR_INTERNAL, M_INTERNAL, "code", NULL);
	/* A denunciator's name and address are as confidential as the number. */
	name = register_confidential(svc, in->kind, in->name);
	address = register_confidential(svc, in->kind, in->address);
	snprintf(out->code, sizeof(out->code), "%s%s", code.prefix, code.digits);
	first_due(svc, in->kind, in->received, out->due_first);
	out->case_id = store_case_insert(
	    st,
	    &(struct case_new){.kind = in->kind,
			       .text = in->text,
			       .sender = stored,
			       .sender_tag = tag,
			       .village = in->village,
			       .received_on = in->received,
			       .due_first = out->due_first[0] ? out->due_first : NULL,
			       .remote = svc->conf->deadlines.remote_area,
			       .channel = in->channel,
			       .actor = in->actor,
			       .from_agency = in->from_agency,
			       .citizen_name = name,
			       .address = address,
			       .no_sender = !e164[0]},
	    &code);
	free(stored);
	free(name);
	free(address);
	if (out->case_id < 0)
		return tderr_set(e, TDERR_INTERNAL, M_INTERNAL, "case", NULL);
	/* Every later message from a denunciator's number is sealed at ingest,
	 * the case keeps the commune, not the village, and no directory link. */
	if (strcmp(in->kind, "denunciation") == 0 && e164[0] &&
	    service_seal_case_sender(svc, st, out->case_id, e164) < 0)
		return tderr_set(e, TDERR_INTERNAL, M_INTERNAL, "seal", NULL);
	if (e164[0] && (out->receipt_id = receipt(st, svc, in, e164, out, e)) < 0)
		return -1;
	return 0;
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What each command of the SMS language calls for (SMS-LANGUAGE.md section
 * 3): a case with its tracking code and deadline, a meeting report, a status
 * answer to the phone that opened the case only, a registration, an
 * opt-out, help — each with exactly one reply.
 */
#include "service/handle_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/case_status.h"
#include "core/code.h"
#include "core/normalize.h"
#include "core/village.h"
#include "service/handle_notices.h"
#include "service/status_sms.h"
#include "store/store_cases.h"
#include "store/store_confidential.h"
#include "store/store_units.h"
#include "store/store_due.h"
#include "util/clock.h"
#include "util/log.h"
#include "util/xalloc.h"

/* The receipt's hint to a number with no village ({register}). */
#define REGISTER_HINT ". Dang ky thon: soan DK <ten thon>"

static void code_text(const struct tracking_code *code, char *out)
{
	snprintf(out, CODE_MAX_LEN, "%s%s", code->prefix, code->digits);
}

/* "YYYY-MM-DD" of a civil date (out: CLOCK_DATE_LEN; dates are valid). */
static void date_text(struct workdays_date d, char *out)
{
	char buf[48];

	snprintf(buf, sizeof(buf), "%04d-%02d-%02d", d.year, d.month, d.day);
	snprintf(out, CLOCK_DATE_LEN, "%.10s", buf);
}

/* ---------------------------------------------------------------- cases */

static const struct {
	enum sms_command command;
	const char *kind;
	enum code_kind code_kind;
	const char *reply;
} case_kinds[] = {
    {SMS_FEEDBACK, "feedback", CODE_KIND_FEEDBACK, "feedback"},
    {SMS_COMPLAINT, "complaint", CODE_KIND_COMPLAINT, "complaint"},
    {SMS_DENUNCIATION, "denunciation", CODE_KIND_DENUNCIATION, "denunciation"},
};

/* The commune of a confidential sender's directory village (into out,
 * UNIT_CODE_MAX bytes; "" when none): all a sealed case keeps of where it is from. */
static int confidential_village(struct msg_ctx *c, char *out)
{
	out[0] = '\0';
	if (!c->who.village[0])
		return 0;
	if (store_unit_commune(c->h->st, c->who.village, c->today, out) < 0)
		out[0] = '\0';
	return 0;
}

static int open_case(struct msg_ctx *c)
{
	const struct service *svc = c->h->svc;
	bool denunciation = c->r->command == SMS_DENUNCIATION;
	size_t k = 0;
	struct tracking_code code;
	struct workdays_date received;
	struct workdays_due due = {0};
	char code_str[CODE_MAX_LEN], due_first[CLOCK_DATE_LEN] = "", ddmm[6], days[8];
	char *sealed = NULL, commune[UNIT_CODE_MAX] = "";
	long long case_id;
	const char *tmpl, *village = c->who.village[0] ? c->who.village : NULL, *source = NULL;

	while (case_kinds[k].command != c->r->command)
		k++;
	if (service_new_code(c->h->st, case_kinds[k].code_kind, &code) < 0)
		return -1;
	code_text(&code, code_str);
	if (workdays_date_parse(c->today, &received) == 0 &&
	    workdays_due(svc->cal, service_rule(svc, case_kinds[k].kind), received, NULL,
			 svc->conf->deadlines.remote_area ? WORKDAYS_REMOTE : 0, &due) == 0 &&
	    due.has_first)
		date_text(due.first, due_first);
	/* Every case of a confidential sender is sealed, a denunciation's
	 * whatever the worker decided; it keeps the commune, not the village,
	 * and no directory link. */
	if ((denunciation || c->confidential) && !(sealed = seal_encrypt(svc->seal, c->sender)))
		return -1;
	if (sealed) {
		/* A confidential sender's case keeps the commune only. */
		if (confidential_village(c, commune) < 0)
			goto fail;
		village = commune[0] ? commune : NULL;
	} else if (!village && (village = handle_village_in_text(c->h, c->r->text))) {
		/* A number with no village: the village the text names. */
		source = "text";
	}
	case_id =
	    store_case_insert(c->h->st,
			      &(struct case_new){
				  .kind = case_kinds[k].kind,
				  .text = c->r->body && c->r->body[0] ? c->r->body : c->r->text,
				  .sender = sealed ? sealed : c->sender,
				  .sender_tag = c->tag,
				  .contact_id = sealed ? 0 : c->who.contact_id,
				  .village = village,
				  .village_source = source,
				  .inbound_id = c->m->id,
				  .received_on = c->today,
				  .due_first = due_first[0] ? due_first : NULL,
				  .unkeyed = c->r->unkeyed,
				  .remote = svc->conf->deadlines.remote_area,
			      },
			      &code);
	free(sealed);
	sealed = NULL;
	if (case_id < 0)
		return -1;
	service_ddmm(due_first, ddmm);
	snprintf(days, sizeof(days), "%d", svc->rules[1].first_days);
	/* A message that looked like a head's meeting report gets that hint;
	 * other feedback without a keyword the hint to write PA next time. */
	tmpl = !c->r->unkeyed				     ? case_kinds[k].reply
	       : c->r->hint && strstr(c->r->hint, "meeting") ? "feedback_hint"
							     : "feedback_unkeyed";
	c->outcome = OUTCOME_CASE;
	/* Without a village the receipt says how to register one (never to a
	 * confidential sender: registering would tie the number to a place). */
	return handle_reply(c, tmpl,
			    (struct template_value[]){
				{"code", code_str},
				{"deadline", ddmm},
				{"days", days},
				{"register",
				 village || c->confidential || denunciation ? "" : REGISTER_HINT}},
			    4, case_id, "reply", denunciation) < 0
		   ? -1
		   : 0;
fail:
	free(sealed);
	return -1;
}

/* ---------------------------------------------------------------- status */

/* Queues the status answer s (one segment, worded by status_sms). */
static int status_reply(struct msg_ctx *c, const struct status_sms *s, long long case_id,
			bool confidential)
{
	char *text = status_sms_render(c->h->svc, "status", s);
	long long id;

	if (!text)
		return -1;
	id = handle_queue_text(c, text, case_id, "reply", confidential);
	free(text);
	return id < 0 ? -1 : 0;
}

/* A status query: answered only to the phone that opened the case; to
 * anyone else the code does not exist. */
static int status_query(struct msg_ctx *c)
{
	struct parse_result *r = c->r;
	struct case_row cr;
	struct meeting_row mr;
	char code[CODE_MAX_LEN], date[CLOCK_DATE_LEN];
	int found;

	c->outcome = OUTCOME_REFUSED;
	if (!r->has_code)
		return handle_reply(c, "status_not_code", NULL, 0, 0, "reply", false) < 0 ? -1 : 0;
	code_text(&r->code, code);
	if (r->error)
		return handle_reply(c, "status_bad_check",
				    (struct template_value[]){{"code", code}}, 1, 0, "reply",
				    false) < 0
			   ? -1
			   : 0;
	found = store_case_by_digits(c->h->st, r->code.digits, &cr);
	if (found < 0)
		return -1;
	if (found && handle_is_sender(c, cr.sender_tag)) {
		int st = case_status_parse(cr.status);
		clock_date(handle_iso_ms(cr.updated_on), date);
		c->outcome = OUTCOME_ANSWERED;
		return status_reply(c,
				    &(struct status_sms){.code = cr.code,
							 .status = st < 0 ? CASE_RECEIVED : st,
							 .unit_name = cr.unit_name,
							 .date = date,
							 .due_first = cr.due_first,
							 .due_resolve = cr.due_resolve},
				    cr.id, strcmp(cr.kind, "denunciation") == 0);
	}
	found = found ? 0 : store_meeting_by_digits(c->h->st, r->code.digits, &mr);
	if (found < 0)
		return -1;
	if (found && handle_is_sender(c, mr.sender_tag)) {
		c->outcome = OUTCOME_ANSWERED;
		return status_reply(c,
				    &(struct status_sms){.code = mr.code,
							 .status = CASE_RECEIVED,
							 .label = "Da ghi nhan",
							 .unit_name = mr.village_name,
							 .date = mr.meeting_date},
				    0, false);
	}
	return handle_reply(c, "status_unknown_code", (struct template_value[]){{"code", code}}, 1,
			    0, "reply", false) < 0
		   ? -1
		   : 0;
}

/* ---------------------------------------------------------------- meetings */

static int meeting_report(struct msg_ctx *c)
{
	const struct meeting_report *mt = &c->r->meeting;
	struct tracking_code code;
	char code_str[CODE_MAX_LEN], date[CLOCK_DATE_LEN], ddmm[6], village[128];
	char present[12], total[12], percent[8], opinions[12];
	long long id;

	if (!c->who.village[0]) {
		/* A head without a village cannot say whose meeting it was. */
		char example[64];
		c->outcome = OUTCOME_REFUSED;
		meeting_example(mt, MEETING_OK, mt->date, example, sizeof(example));
		return handle_reply(c, "meeting_error",
				    (struct template_value[]){{"example", example}}, 1, 0, "reply",
				    false) < 0
			   ? -1
			   : 0;
	}
	if (service_new_code(c->h->st, CODE_KIND_MEETING, &code) < 0)
		return -1;
	code_text(&code, code_str);
	date_text((struct workdays_date){mt->date.year, mt->date.month, mt->date.day}, date);
	id = store_meeting_insert(c->h->st,
				  &(struct meeting_new){
				      .village = c->who.village,
				      .contact_id = c->who.contact_id,
				      .meeting_date = date,
				      .present = mt->present,
				      .total = mt->total,
				      .opinions = mt->opinions,
				      .topic = c->r->topic,
				      .quorum = mt->quorum,
				      .inbound_id = c->m->id,
				  },
				  &code);
	if (id < 0)
		return -1;
	if (store_unit_name(c->h->st, c->who.village, village, sizeof(village)) < 0)
		snprintf(village, sizeof(village), "%s", c->who.village);
	service_ddmm(date, ddmm);
	snprintf(present, sizeof(present), "%d", mt->present);
	snprintf(total, sizeof(total), "%d", mt->total);
	snprintf(percent, sizeof(percent), "%d", meeting_percent(mt->present, mt->total));
	snprintf(opinions, sizeof(opinions), "%d", mt->opinions < 0 ? 0 : mt->opinions);
	c->outcome = OUTCOME_MEETING;
	return handle_reply(c, "meeting",
			    (struct template_value[]){
				{"village", village},
				{"date", ddmm},
				{"households", present},
				{"total", total},
				{"percent", percent},
				{"opinions", opinions},
				{"code", code_str},
				{"quorum", mt->quorum ? ", du so ho" : ", chua du so ho"}},
			    8, 0, "reply", false) < 0
		   ? -1
		   : 0;
}

/* ---------------------------------------------------------------- directory */

static int do_register(struct msg_ctx *c)
{
	const char *code = c->r->village ? handle_village_code(c->h, c->r->village) : NULL;
	char name[128];

	if (!code) {
		/* "thon Xyz" is answered "Khong tim thay thon Xyz" */
		const char *as_read = c->r->village ? c->r->village : "";
		struct norm_text *t = NULL;
		int rc;
		if (norm_text_new(as_read, strlen(as_read), &t) != 0)
			return -1;
		if (t->n_tokens > 1 && village_is_marker(t->tokens[0].key))
			as_read += t->tokens[1].start;
		c->outcome = OUTCOME_REFUSED;
		rc = handle_reply(c, "register_error",
				  (struct template_value[]){{"village", as_read}}, 1, 0, "reply",
				  false) < 0
			 ? -1
			 : 0;
		norm_text_free(t);
		return rc;
	}
	if (store_contact_register(c->h->st, c->sender, code, c->r->name) < 0)
		return -1;
	/* Heads and deputies keep the village staff gave them. */
	if (strcmp(c->who.role, "resident") != 0 && c->who.village[0])
		code = c->who.village;
	if (store_unit_name(c->h->st, code, name, sizeof(name)) < 0)
		snprintf(name, sizeof(name), "%s", code);
	c->outcome = OUTCOME_ANSWERED;
	return handle_reply(c, "register", (struct template_value[]){{"village", name}}, 1, 0,
			    "reply", false) < 0
		   ? -1
		   : 0;
}

static int do_optout(struct msg_ctx *c)
{
	/* A confidential sender outside the directory gets no directory row
	 * holding the number; every sender with no open case has the number
	 * erased from what it sent and was sent (the cases keep the tag). */
	if ((c->confidential ? store_contact_optout_existing(c->h->st, c->sender)
			     : store_contact_optout(c->h->st, c->sender)) < 0 ||
	    store_optout_erase(c->h->st, c->sender, c->tag, c->alt_tag) < 0)
		return -1;
	c->outcome = OUTCOME_ANSWERED;
	return handle_reply(c, "optout", NULL, 0, 0, "reply", false) < 0 ? -1 : 0;
}

/* ---------------------------------------------------------------- help */

/* The right form of each command, with an example, for help on a topic. */
static const struct {
	const char *topic;
	const char *form;
	const char *example;
} forms[] = {
    {"PA", "PA <noi dung>", "PA duong thon 4 bi hong"},
    {"KNAI", "KNAI <noi dung>", "KNAI chua nhan tien ho tro"},
    {"TOCAO", "TOCAO <noi dung>", "TOCAO thu tien sai quy dinh"},
    {"XN", "XN <ma thong bao>", "XN TB12"},
    {"TT", "TT <ma>", "TT PA4829138"},
    {"HOP", "HOP <ngay> <co mat>/<so ho> [y kien] [noi dung]", "HOP 15/6 45/60 3 sua duong"},
    {"BQ", "BQ <ma> <lua chon>", "BQ 12 1"},
    {"DK", "DK <ma hoac ten thon> [ho ten]", "DK 106 Nguyen Van An"},
    {"HUY", "HUY", "HUY"},
    {"HL", "HL <ma> 1 (hai long) hoac 2 (khong)", "HL PA4829138 1"},
};

static int do_help(struct msg_ctx *c)
{
	const char *topic = c->r->help_topic;

	c->outcome = OUTCOME_ANSWERED;
	if (topic && strcmp(topic, "TC") == 0)
		return handle_reply(c, "tc_help", NULL, 0, 0, "reply", false) < 0 ? -1 : 0;
	for (size_t i = 0; topic && i < sizeof(forms) / sizeof(forms[0]); i++)
		if (strcmp(forms[i].topic, topic) == 0)
			return handle_reply(
				   c, "help_topic",
				   (struct template_value[]){{"form", forms[i].form},
							     {"example", forms[i].example}},
				   2, 0, "reply", false) < 0
				   ? -1
				   : 0;
	return handle_reply(c, "help", NULL, 0, 0, "reply", false) < 0 ? -1 : 0;
}

/* ---------------------------------------------------------------- notices */

/* XN and BQ: see handle_notices.c. */
static int do_ack(struct msg_ctx *c)
{
	return handle_notice_ack(c);
}

static int do_vote(struct msg_ctx *c)
{
	return handle_poll_vote(c);
}

/* ---------------------------------------------------------------- chatter */

/* Greetings and fillers only: no case; the help reply at most once a day
 * per number. Staff who promote it make it unkeyed feedback. */
static int do_unclear(struct msg_ctx *c)
{
	char since[32];
	long long helped;

	if (c->m->promoted) {
		c->r->command = SMS_FEEDBACK;
		c->r->unkeyed = true;
		return open_case(c);
	}
	c->outcome = OUTCOME_UNCLEAR;
	store_time(handle_iso_ms(c->m->received_at) - 86400 * 1000LL, since, sizeof(since));
	helped = store_process_replied(c->h->st, c->m->id, c->tag, since, "unclear");
	if (helped < 0)
		return -1;
	if (helped > 0)
		return 0;
	return handle_reply(c, "help", NULL, 0, 0, "unclear", false) < 0 ? -1 : 0;
}

/* ---------------------------------------------------------------- satisfaction */

/* HL <code> 1|2: the citizen of a resolved case says whether the result
 * satisfies; from anyone else the code does not exist. The last answer
 * counts. */
static int do_satisfaction(struct msg_ctx *c)
{
	struct parse_result *r = c->r;
	struct case_row cr;
	char code[CODE_MAX_LEN], today[CLOCK_DATE_LEN];
	bool confidential;
	int found;

	c->outcome = OUTCOME_REFUSED;
	code_text(&r->code, code);
	found = store_case_by_digits(c->h->st, r->code.digits, &cr);
	if (found < 0)
		return -1;
	if (!found || !handle_is_sender(c, cr.sender_tag))
		return handle_reply(c, "status_unknown_code",
				    (struct template_value[]){{"code", code}}, 1, 0, "reply",
				    false) < 0
			   ? -1
			   : 0;
	confidential = strcmp(cr.kind, "denunciation") == 0;
	if (strcmp(cr.status, "resolved") != 0 && strcmp(cr.status, "closed") != 0)
		return handle_reply(c, "satisfaction_not_resolved",
				    (struct template_value[]){{"code", cr.code}}, 1, cr.id, "reply",
				    confidential) < 0
			   ? -1
			   : 0;
	clock_today(today);
	if (store_case_satisfaction(c->h->st, cr.id, r->satisfaction, today) < 0)
		return -1;
	c->outcome = OUTCOME_ANSWERED;
	return handle_reply(c, "satisfaction",
			    (struct template_value[]){
				{"code", cr.code},
				{"choice", r->satisfaction == 1 ? "hai long" : "khong hai long"}},
			    2, cr.id, "reply", confidential) < 0
		   ? -1
		   : 0;
}

/* ---------------------------------------------------------------- dispatch */

/* A head's refused meeting report: one reply per fault, with the right
 * form built from what was sent. */
static const struct {
	enum meeting_error fault;
	const char *tmpl;
} meeting_errors[] = {
    {MEETING_OLD_DATE, "meeting_error_old"},	{MEETING_FUTURE_DATE, "meeting_error_future"},
    {MEETING_BAD_DATE, "meeting_error_date"},	{MEETING_PRESENT_GT_TOTAL, "meeting_error_counts"},
    {MEETING_ZERO_TOTAL, "meeting_error_zero"}, {MEETING_ZERO_PRESENT, "meeting_error_zero"},
};

static int do_error(struct msg_ctx *c)
{
	const struct meeting_report *m = &c->r->meeting;
	const char *tmpl = "meeting_error";
	char date[16], present[12], total[12];

	for (size_t i = 0; i < sizeof(meeting_errors) / sizeof(meeting_errors[0]); i++)
		if (meeting_errors[i].fault == c->r->meeting_fault)
			tmpl = meeting_errors[i].tmpl;
	meeting_date_format(m->date, false, date, sizeof(date));
	snprintf(present, sizeof(present), "%d", m->present);
	snprintf(total, sizeof(total), "%d", m->total);
	c->outcome = OUTCOME_REFUSED;
	return handle_reply(
		   c, tmpl,
		   (struct template_value[]){{"date", date},
					     {"households", present},
					     {"total", total},
					     {"example", c->r->example ? c->r->example : ""}},
		   4, 0, "reply", false) < 0
		   ? -1
		   : 0;
}

static int (*const handlers[SMS_N_COMMANDS])(struct msg_ctx *c) = {
    [SMS_FEEDBACK] = open_case, [SMS_COMPLAINT] = open_case,  [SMS_DENUNCIATION] = open_case,
    [SMS_ACK] = do_ack,		[SMS_STATUS] = status_query,  [SMS_MEETING] = meeting_report,
    [SMS_VOTE] = do_vote,	[SMS_REGISTER] = do_register, [SMS_OPTOUT] = do_optout,
    [SMS_HELP] = do_help,	[SMS_UNCLEAR] = do_unclear,   [SMS_SATISFACTION] = do_satisfaction,
    [SMS_ERROR] = do_error,
};

int handle_command(struct msg_ctx *c)
{
	if ((unsigned)c->r->command >= SMS_N_COMMANDS || !handlers[c->r->command])
		return -1;
	return handlers[c->r->command](c);
}

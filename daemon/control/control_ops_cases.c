/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Operations on cases and meetings: listing and showing cases, status
 * changes that tell the citizen by SMS, assignment, notes, staff replies
 * and what they cost, meeting reports, and the report over a period.
 */
#include "control/control_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/case_status.h"
#include "core/case_workflow.h"
#include "core/code.h"
#include "core/gsm7.h"
#include "core/phone.h"
#include "service/status_sms.h"
#include "store/store_case_village.h"
#include "store/store_case_counts.h"
#include "store/store_casework.h"
#include "store/store_register.h"
#include "store/store_report.h"
#include "util/clock.h"

#define LIST_DEFAULT 100
#define LIST_MAX 100000

/* One SMS segment alone, and each part of a longer message (the rest of a
 * part is its concatenation header). */
#define SEG_GSM 160
#define SEG_GSM_PART 153
#define SEG_UCS2 70
#define SEG_UCS2_PART 67

#define STATUS_NAMES                                                                               \
	"received, accepted, in_progress, resolved, closed, transferred, rejected, duplicate, "    \
	"withdrawn"

/* ---------------------------------------------------------------- arguments */

int case_named(struct request *r, const char *s, struct case_info *c, struct tderr *e)
{
	struct unit_scope scope = peer_scope(r->peer);
	struct tracking_code tc;
	enum code_status rc;

	snprintf(r->target, sizeof(r->target), "%s", s);
	rc = code_parse(s, strlen(s), &tc);
	if (rc == CODE_NOT_A_CODE)
		return tderr_set(e, TDERR_INVALID, M_NOT_A_CODE, s, NULL);
	if (rc == CODE_BAD_CHECK)
		return tderr_set(e, TDERR_INVALID, M_BAD_CHECK_DIGIT, s, NULL);
	if (store_case_get(r->st, tc.digits, &scope, c, e) < 0)
		return -1;
	snprintf(r->target, sizeof(r->target), "%s", c->code);
	return 0;
}

int arg_case_named(struct request *r, const char *key, struct case_info *c, struct tderr *e)
{
	const char *s = arg_req(r, key, e);

	return s ? case_named(r, s, c, e) : -1;
}

static int arg_case(struct request *r, struct case_info *c, struct tderr *e)
{
	return arg_case_named(r, "code", c, e);
}

/* A kind of case (core/case_workflow.h) or absent; else e. */
static const char *arg_kind(struct request *r, struct tderr *e)
{
	const char *s = arg_str(r, "kind", e);

	if (s && case_kind_parse(s) == CODE_KIND_NONE) {
		tderr_set(e, TDERR_INVALID, M_BAD_KIND, s, NULL);
		return NULL;
	}
	return s;
}

static const char *arg_status(struct request *r, const char *key, struct tderr *e)
{
	const char *s = arg_str(r, key, e);

	if (s && case_status_parse(s) < 0) {
		tderr_set(e, TDERR_INVALID, M_BAD_STATUS, s, STATUS_NAMES);
		return NULL;
	}
	return s;
}

/* ---------------------------------------------------------------- SMS */

/* Segments a text takes as the modem sends it: GSM 7-bit when it fits the
 * alphabet, else UCS-2. Writes the encoding and the length in its units. */
static int sms_segments(const char *text, const char **encoding, long *units)
{
	long n = gsm7_septets(text);
	long one = SEG_GSM, part = SEG_GSM_PART;

	*encoding = "gsm7";
	if (n < 0) {
		/* UTF-16 code units: two for a character outside the BMP. */
		n = 0;
		for (const unsigned char *p = (const unsigned char *)text; *p; p++)
			if ((*p & 0xC0) != 0x80)
				n += *p >= 0xF0 ? 2 : 1;
		*encoding = "ucs2";
		one = SEG_UCS2;
		part = SEG_UCS2_PART;
	}
	*units = n;
	return n <= one ? 1 : (int)((n + part - 1) / part);
}

/* {segments, encoding, characters, cost, cost_per_segment} of text. */
static json_t *sms_cost(struct request *r, const char *text)
{
	const char *encoding;
	long units;
	int segments = sms_segments(text, &encoding, &units);

	return json_pack("{s:i, s:s, s:I, s:I, s:i}", "segments", segments, "encoding", encoding,
			 "characters", (json_int_t)units, "cost",
			 (json_int_t)segments * r->conf->sms_cost, "cost_per_segment",
			 r->conf->sms_cost);
}

/* Whether the case's sender may be texted: a person's number not on the
 * deny list. */
static bool textable(struct request *r, const char *number)
{
	char norm[32];

	if (phone_normalize(number, r->conf->country_code, norm, sizeof(norm)) != PHONE_PERSON)
		return false;
	for (size_t i = 0; i < r->conf->deny.n; i++)
		if (strcmp(r->conf->deny.v[i], number) == 0 ||
		    strcmp(r->conf->deny.v[i], norm) == 0)
			return false;
	return true;
}

/* Queues text to the citizen of case c (the sealed number of a
 * denunciation opened for the modem, never logged or audited). Returns
 * the outbound id, 0 when the sender cannot be texted, -1 with e. */
long long case_text(struct request *r, const struct case_info *c, const char *text,
		    const char *purpose, struct tderr *e)
{
	bool sealed = seal_is_sealed(c->sender);
	char *plain = sealed ? seal_decrypt(r->svc->seal, c->sender) : NULL;
	char tag[SEAL_TAG_SIZE] = "";
	/* A sealed recipient stays sealed in the queue: the worker opens it
	 * in memory to send; its tag lets the delivery report find it. */
	struct case_sms m = {
	    .case_id = c->id,
	    .recipient = c->sender,
	    .recipient_tag = sealed ? tag : NULL,
	    .text = text,
	    .purpose = purpose,
	    .confidential = sealed || strcmp(c->kind, "denunciation") == 0,
	    .want_report = r->conf->delivery_reports,
	};
	long long id = 0;

	if (sealed && (!plain || seal_tag(r->svc->seal, plain, tag) < 0)) {
		free(plain);
		return tderr_set(e, TDERR_INTERNAL, M_SEALED, c->code, NULL);
	}
	if (textable(r, sealed ? plain : c->sender))
		id = store_case_sms(r->st, &m, e);
	if (plain) {
		explicit_bzero(plain, strlen(plain));
		free(plain);
	}
	return id;
}

/* What the SMS telling the citizen of c that it is now in status to (on
 * today, the resolution deadline due when it was just set) says. */
static struct status_sms status_of(const struct case_info *c, int to, const char *today,
				   const char *due, const char *reason)
{
	return (struct status_sms){.code = c->code,
				   .status = to,
				   .unit_name = c->unit_name,
				   .date = today,
				   .due_first = c->due_first,
				   .due_resolve = due && due[0] ? due : c->due_resolve,
				   .reason = reason};
}

/* Refuses a reason that cannot fit the status SMS, saying what fits. */
static int reason_fits(struct request *r, const struct status_sms *s, struct tderr *e)
{
	long room = status_sms_reason_room(r->svc, "status_changed", s);
	long len = status_sms_reason_length(r->svc, s->reason);
	char have[24], left[24];

	if (!s->reason || len <= room)
		return 0;
	snprintf(have, sizeof(have), "%ld", len);
	snprintf(left, sizeof(left), "%ld", room);
	return tderr_set(e, TDERR_INVALID, M_REASON_TOO_LONG, have, left);
}

/* Queues the SMS s to the citizen of c. */
static long long status_text(struct request *r, const struct case_info *c,
			     const struct status_sms *s, struct tderr *e)
{
	char *text = status_sms_render(r->svc, "status_changed", s);
	long long id;

	if (!text)
		return tderr_set(e, TDERR_INTERNAL, M_NO_TEMPLATE, "status_changed", NULL);
	id = case_text(r, c, text, "status", e);
	free(text);
	return id;
}

static bool notified(const struct conf *conf, const char *status)
{
	for (size_t i = 0; i < conf->notify_status.n; i++)
		if (strcmp(conf->notify_status.v[i], status) == 0)
			return true;
	return false;
}

/* ---------------------------------------------------------------- reading */

static json_t *op_cases_list(struct request *r, struct tderr *e)
{
	struct unit_scope scope = peer_scope(r->peer);
	struct case_filter f = {
	    .kind = arg_kind(r, e),
	    .status = arg_status(r, "status", e),
	    .commune = arg_str(r, "commune", e),
	    .village = arg_str(r, "village", e),
	    .overdue = arg_flag(r, "overdue"),
	    .since = arg_date(r, "since", e),
	    .assigned = arg_str(r, "assigned", e),
	    .limit = (int)arg_int(r, "limit", 0, 0, LIST_MAX, e),
	    .offset = (int)arg_int(r, "offset", 0, 0, 100000000, e),
	};

	if (e->cls)
		return NULL;
	return rows_result(store_cases_list(r->st, &f, &scope), e);
}

/* {rows: [{commune, kind, since, day}], deadlines: [{commune, unit,
 * overdue, due_soon}]}: cases received since a date by commune and kind
 * and those of one day (default today); with due_by, the open cases
 * overdue or due by then, by handling unit. */
static json_t *op_cases_counts(struct request *r, struct tderr *e)
{
	struct unit_scope scope = peer_scope(r->peer);
	const char *since = arg_date(r, "since", e), *day = arg_date(r, "day", e);
	const char *due_by = arg_date(r, "due_by", e);
	char today[CLOCK_DATE_LEN];
	json_t *out, *deadlines = NULL;

	if (e->cls)
		return NULL;
	if (!since)
		return tderr_set(e, TDERR_INVALID, M_MISSING_ARG, "since", NULL), NULL;
	clock_today(today);
	if (due_by && !(deadlines = store_case_deadlines(r->st, due_by, &scope)))
		return rows_result(NULL, e);
	out = rows_result(store_case_counts(r->st, since, day ? day : today, &scope), e);
	if (out && deadlines)
		json_object_set_new(out, "deadlines", deadlines);
	else
		json_decref(deadlines);
	return out;
}

static json_t *op_cases_show(struct request *r, struct tderr *e)
{
	struct unit_scope scope = peer_scope(r->peer);
	struct case_info c;

	if (arg_case(r, &c, e) < 0)
		return NULL;
	/* store_case_show refuses a case out of the caller's communes. */
	return store_case_show(r->st, c.code + strlen(c.code) - CODE_DIGITS, &scope,
			       peer_reveal_in_scope(r), e);
}

static json_t *op_meetings_list(struct request *r, struct tderr *e)
{
	struct unit_scope scope = peer_scope(r->peer);
	struct meeting_filter f = {
	    .commune = arg_str(r, "commune", e),
	    .village = arg_str(r, "village", e),
	    .from = arg_date(r, "from", e),
	    .to = arg_date(r, "to", e),
	    .limit = (int)arg_int(r, "limit", LIST_DEFAULT, 1, LIST_MAX, e),
	};

	if (e->cls)
		return NULL;
	return rows_result(store_meetings_list(r->st, &f, &scope), e);
}

static json_t *op_sms_cost(struct request *r, struct tderr *e)
{
	const char *text = arg_req(r, "text", e);

	return text ? sms_cost(r, text) : NULL;
}

static json_t *op_report(struct request *r, struct tderr *e)
{
	struct unit_scope scope = peer_scope(r->peer);
	json_t *result;
	struct report_query q = {
	    .from = arg_date(r, "from", e),
	    .to = arg_date(r, "to", e),
	    .unit = arg_str(r, "unit", e),
	};

	if (e->cls)
		return NULL;
	if (!q.from || !q.to)
		return tderr_set(e, TDERR_INVALID, M_MISSING_ARG, q.from ? "--to" : "--from", NULL),
		       NULL;
	if (strcmp(q.from, q.to) > 0)
		return tderr_set(e, TDERR_INVALID, M_BAD_DATES, q.to, q.from), NULL;
	snprintf(r->target, sizeof(r->target), "%s", q.unit ? q.unit : "");
	snprintf(r->detail, sizeof(r->detail), "%s..%s", q.from, q.to);
	result = store_report(r->st, &q, &scope, e);
	/* The register's figures cover the whole database: only for callers
	 * whose scope is every commune, and a report on no one unit. */
	if (result && scope.n == 0 && !q.unit) {
		json_t *reg = store_register_counts(r->st, q.from, q.to);
		if (!reg) {
			json_decref(result);
			return tderr_set(e, TDERR_INTERNAL, M_INTERNAL, "register", NULL), NULL;
		}
		json_object_set_new(result, "register", reg);
	}
	return result;
}

/* ---------------------------------------------------------------- changes */

/* The resolution deadline of c accepted on accepted (complex or not, in a
 * remote area or not) into
 * out, "" when its kind has none. 0 or -1. */
static int resolve_due(struct request *r, const struct case_info *c, const char *accepted,
		       bool complex, bool remote, char out[CLOCK_DATE_LEN])
{
	const struct workdays_rule *rule = service_rule(r->svc, c->kind);
	struct workdays_date rec, acc;
	struct workdays_due due;
	unsigned flags = 0;

	out[0] = '\0';
	if (remote || r->conf->deadlines.remote_area)
		flags |= WORKDAYS_REMOTE;
	if (complex)
		flags |= WORKDAYS_COMPLEX;
	if (!rule || workdays_date_parse(c->received_on, &rec) < 0 ||
	    workdays_date_parse(accepted, &acc) < 0 ||
	    workdays_due(r->svc->cal, rule, rec, &acc, flags, &due) < 0)
		return -1;
	if (due.has_resolution) {
		char buf[32];
		snprintf(buf, sizeof(buf), "%04d-%02d-%02d", due.resolution.year,
			 due.resolution.month, due.resolution.day);
		snprintf(out, CLOCK_DATE_LEN, "%.10s", buf);
	}
	return 0;
}

/* The operations that text citizens or count deadlines need the service
 * context; the daemon always gives it. */
static bool have_service(struct request *r, struct tderr *e)
{
	if (r->svc)
		return true;
	tderr_set(e, TDERR_INTERNAL, M_INTERNAL, "no service context", NULL);
	return false;
}

/* The workflow's check of c going to status to with the note and decision
 * staff give: the law's rule in e when refused. Kept apart from the SMS
 * that tells the citizen. 0 or -1. */
int workflow_allows(const struct case_info *c, int to, const char *note, bool has_decision,
		    struct tderr *e)
{
	char why[TDERR_ARG_MAX];

	if (case_workflow_check(case_kind_parse(c->kind), case_status_parse(c->status), to, note,
				has_decision, why, sizeof(why)))
		return 0;
	return tderr_set(e, TDERR_CONFLICT, M_WORKFLOW, why, NULL);
}

/* What a status change would send, changing nothing: {code, from,
 * status, notified, text, segments...}; text is null when the change
 * texts no one. The page shows it before the change is confirmed. */
static json_t *status_preview(struct request *r, const struct case_info *c, const char *to_name,
			      const struct status_sms *says, bool tells)
{
	char *text = tells ? status_sms_render(r->svc, "status_changed", says) : NULL;
	json_t *out;

	if (tells && !text)
		return NULL;
	out = text ? sms_cost(r, text) : json_object();
	json_object_set_new(out, "code", json_string(c->code));
	json_object_set_new(out, "from", json_string(c->status));
	json_object_set_new(out, "status", json_string(to_name));
	json_object_set_new(out, "preview", json_true());
	json_object_set_new(out, "notified", json_boolean(text != NULL));
	json_object_set_new(out, "text", text ? json_string(text) : json_null());
	snprintf(r->detail, sizeof(r->detail), "preview %s -> %s", c->status, to_name);
	free(text);
	return out;
}

static json_t *op_cases_status(struct request *r, struct tderr *e)
{
	const char *to_name = arg_status(r, "status", e), *note = arg_str(r, "note", e);
	const char *decision = arg_str(r, "decision", e);
	const char *decision_date = arg_date(r, "decision_date", e);
	const char *reason = arg_str(r, "reason", e);
	bool complex = arg_flag(r, "complex");
	struct status_sms sms_says;
	char today[CLOCK_DATE_LEN], due[CLOCK_DATE_LEN] = "";
	struct case_status_set s = {.complex = complex ? 1 : -1};
	struct case_info c;
	long long sms = 0;
	int from, to;

	if (!have_service(r, e) || e->cls || arg_case(r, &c, e) < 0)
		return NULL;
	if (!to_name)
		return tderr_set(e, TDERR_INVALID, M_MISSING_ARG, "status", NULL), NULL;
	from = case_status_parse(c.status);
	to = case_status_parse(to_name);
	clock_today(today);
	if (decision_date && strcmp(decision_date, today) > 0)
		return tderr_set(e, TDERR_INVALID, M_FUTURE_DATE, decision_date, today), NULL;
	/* A refusal or transfer must say why: staff's note or the reason the
	 * citizen is told. */
	if (workflow_allows(&c, to, note && note[0] ? note : reason,
			    decision && decision[0] && decision_date, e) < 0)
		return NULL;
	s.actor = r->peer->user;
	s.to = to_name;
	s.note = note;
	s.decision_no = decision;
	s.decision_date = decision_date;
	/* Accepting starts the resolution deadline; marking an accepted case
	 * complex lengthens it. */
	if (to == CASE_ACCEPTED || (complex && !c.complex && c.accepted_on[0])) {
		const char *accepted = to == CASE_ACCEPTED ? today : c.accepted_on;
		if (resolve_due(r, &c, accepted, complex || c.complex, c.remote, due) < 0)
			return tderr_set(e, TDERR_INTERNAL, M_INTERNAL, "deadline", NULL), NULL;
		s.accepted_on = to == CASE_ACCEPTED ? today : NULL;
		s.due_resolve = due[0] ? due : NULL;
	}
	if (case_status_open(from) && !case_status_open(to))
		s.closed_on = today;
	else if (!case_status_open(from) && case_status_open(to))
		s.closed_on = ""; /* reopened */
	if (reason && !reason[0])
		reason = NULL;
	sms_says = status_of(&c, to, today, due, reason);
	if (reason_fits(r, &sms_says, e) < 0)
		return NULL;
	if (arg_flag(r, "preview"))
		return status_preview(r, &c, to_name, &sms_says,
				      (notified(r->conf, to_name) || reason) &&
					  (seal_is_sealed(c.sender) || textable(r, c.sender)));
	/* A reason is for the citizen: it is sent whatever the status. */
	if ((notified(r->conf, to_name) || reason) && (sms = status_text(r, &c, &sms_says, e)) < 0)
		return NULL;
	s.outbound_id = sms;
	s.reason = reason;
	if (store_case_set_status(r->st, &c, &s, e) < 0)
		return NULL;
	/* The next SMS asks whether the result satisfies (Decision 766). */
	if (to == CASE_RESOLVED && sms > 0 && satisfaction_ask(r, &c, e) < 0)
		return NULL;
	snprintf(r->detail, sizeof(r->detail), "%s -> %s%s", c.status, to_name,
		 sms > 0 ? ", citizen told by SMS" : "");
	return json_pack("{s:s, s:s, s:s, s:s?, s:b, s:o}", "code", c.code, "from", c.status,
			 "status", to_name, "due_resolve", due[0] ? due : NULL, "notified", sms > 0,
			 "outbound_id", sms > 0 ? json_integer(sms) : json_null());
}

/* An extension of the resolution deadline for a complex case or a remote
 * area, with its legal basis (staff's text, else the article). */
static json_t *op_cases_extend(struct request *r, struct tderr *e)
{
	const char *reason = arg_req(r, "reason", e), *basis = arg_str(r, "basis", e);
	enum workflow_extension ext = case_workflow_extension_parse(reason);
	char due[CLOCK_DATE_LEN] = "", full[TDERR_ARG_MAX];
	const char *law;
	struct case_info c;

	if (!have_service(r, e) || !reason || e->cls || arg_case(r, &c, e) < 0)
		return NULL;
	if (!ext)
		return tderr_set(e, TDERR_INVALID, M_BAD_VALUE, "reason", reason), NULL;
	law = case_workflow_extension_basis(case_kind_parse(c.kind), ext);
	if (!law)
		return tderr_set(e, TDERR_CONFLICT, M_BAD_EXTENSION, c.code,
				 "chỉ khiếu nại, tố cáo được gia hạn"),
		       NULL;
	if (!case_status_open(case_status_parse(c.status)))
		return tderr_set(e, TDERR_CONFLICT, M_BAD_EXTENSION, c.code, c.status), NULL;
	snprintf(full, sizeof(full), "%s%s%s", law, basis && basis[0] ? "; " : "",
		 basis ? basis : "");
	if (c.accepted_on[0] &&
	    resolve_due(r, &c, c.accepted_on, ext == WORKFLOW_EXT_COMPLEX || c.complex,
			ext == WORKFLOW_EXT_REMOTE || c.remote, due) < 0)
		return tderr_set(e, TDERR_INTERNAL, M_INTERNAL, "deadline", NULL), NULL;
	if (store_case_extend(r->st, &c, ext == WORKFLOW_EXT_COMPLEX, ext == WORKFLOW_EXT_REMOTE,
			      due[0] ? due : NULL, full, r->peer->user, e) < 0)
		return NULL;
	snprintf(r->detail, sizeof(r->detail), "extended (%s)", reason);
	return json_pack("{s:s, s:s, s:s?, s:s}", "code", c.code, "reason",
			 ext == WORKFLOW_EXT_COMPLEX ? "complex" : "remote", "due_resolve",
			 due[0] ? due : NULL, "basis", full);
}

static json_t *op_cases_assign(struct request *r, struct tderr *e)
{
	struct unit_scope scope = peer_scope(r->peer);
	const char *unit = arg_req(r, "unit", e), *note = arg_str(r, "note", e);
	struct case_info c;

	char office[64], parent[64];
	bool officer = false;
	int found;

	if (!unit || e->cls || arg_case(r, &c, e) < 0)
		return NULL;
	/* One of the commune's offices or officers, else a unit. */
	found = store_office_find(r->st, unit, office, parent, &officer);
	if (found < 0)
		return tderr_set(e, TDERR_INTERNAL, M_INTERNAL, "office", NULL), NULL;
	if (found) {
		if (store_case_assign_office(r->st, &c, officer ? parent : office,
					     officer ? office : NULL, r->peer->user, e) < 0)
			return NULL;
		snprintf(r->detail, sizeof(r->detail), "office %s", office);
		return json_pack("{s:s, s:s}", "code", c.code, "office", office);
	}
	if (store_case_assign(r->st, &c, unit, r->peer->user, note, &scope, e) < 0)
		return NULL;
	snprintf(r->detail, sizeof(r->detail), "unit %s -> %s", c.unit[0] ? c.unit : "-", unit);
	return json_pack("{s:s, s:s}", "code", c.code, "unit", unit);
}

/* Staff set or correct the village a case counts under. */
static json_t *op_cases_village(struct request *r, struct tderr *e)
{
	struct unit_scope scope = peer_scope(r->peer);
	const char *village = arg_req(r, "village", e);
	char code[UNIT_CODE_MAX];
	struct case_info c;

	if (!village || e->cls || arg_case(r, &c, e) < 0)
		return NULL;
	if (store_case_set_village(r->st, &c, village, r->peer->user, &scope, code, e) < 0)
		return NULL;
	snprintf(r->detail, sizeof(r->detail), "village %s -> %s", c.village[0] ? c.village : "-",
		 code);
	return json_pack("{s:s, s:s, s:s?}", "code", c.code, "village", code, "village_before",
			 c.village[0] ? c.village : NULL);
}

static json_t *op_cases_note(struct request *r, struct tderr *e)
{
	const char *text = arg_req(r, "text", e);
	struct case_info c;

	if (!text || e->cls || arg_case(r, &c, e) < 0)
		return NULL;
	if (!text[0])
		return tderr_set(e, TDERR_INVALID, M_MISSING_ARG, "text", NULL), NULL;
	if (store_case_note(r->st, &c, r->peer->user, text, e) < 0)
		return NULL;
	return json_pack("{s:s}", "noted", c.code);
}

/* A reply over what a modem can concatenate would be cut short: refused,
 * with the limit, before anything is queued. */
static bool reply_too_long(const char *text, struct tderr *e)
{
	const char *encoding;
	long units;
	int segments = sms_segments(text, &encoding, &units);
	char have[16], max[16];

	if (segments <= GSM7_MAX_PARTS)
		return false;
	snprintf(have, sizeof(have), "%d", segments);
	snprintf(max, sizeof(max), "%d", GSM7_MAX_PARTS);
	tderr_set(e, TDERR_INVALID, M_REPLY_TOO_LONG, have, max);
	return true;
}

static json_t *op_cases_reply(struct request *r, struct tderr *e)
{
	const char *text = arg_req(r, "text", e);
	struct case_info c;
	json_t *result;
	long long id;

	if (!have_service(r, e) || !text || e->cls || arg_case(r, &c, e) < 0)
		return NULL;
	if (!text[0])
		return tderr_set(e, TDERR_INVALID, M_MISSING_ARG, "text", NULL), NULL;
	if (reply_too_long(text, e))
		return NULL;
	id = case_text(r, &c, text, "staff", e);
	if (id == 0)
		tderr_set(e, TDERR_INVALID, M_BAD_PHONE, c.code, NULL);
	if (id <= 0 || store_case_reply_event(r->st, &c, r->peer->user, text, id, e) < 0)
		return NULL;
	result = sms_cost(r, text);
	json_object_set_new(result, "code", json_string(c.code));
	json_object_set_new(result, "queued", json_integer(id));
	snprintf(r->detail, sizeof(r->detail), "outbound %lld, %lld segment(s)", id,
		 (long long)json_integer_value(json_object_get(result, "segments")));
	return result;
}

/* ---------------------------------------------------------------- table */

const struct op control_ops_cases[] = {
    {"cases.list", ROLE_VIEWER, false, op_cases_list},
    {"cases.show", ROLE_VIEWER, false, op_cases_show},
    {"cases.counts", ROLE_VIEWER, false, op_cases_counts},
    {"cases.status", ROLE_HANDLER, true, op_cases_status},
    {"cases.extend", ROLE_HANDLER, true, op_cases_extend},
    {"cases.assign", ROLE_SUPERVISOR, true, op_cases_assign},
    {"cases.note", ROLE_HANDLER, true, op_cases_note},
    {"cases.village", ROLE_HANDLER, true, op_cases_village},
    {"cases.reply", ROLE_HANDLER, true, op_cases_reply},
    {"sms.cost", ROLE_VIEWER, false, op_sms_cost},
    {"meetings.list", ROLE_VIEWER, false, op_meetings_list},
    {"report", ROLE_SUPERVISOR, false, op_report},
    {NULL, 0, false, NULL},
};

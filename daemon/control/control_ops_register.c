/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Operations of the commune's register beyond SMS: a đơn entered by staff
 * from any channel, đơn grouped into vụ việc, their classification, the
 * handling of a đơn outside competence (the citizen told in one SMS), the
 * offices and officers cases are assigned to, the fields of matters, and
 * the citizen reception register. The phone number is never audited.
 */
#include "control/control_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/case_status.h"
#include "core/case_workflow.h"
#include "core/register_data.h"
#include "service/register.h"
#include "store/store_casework.h"
#include "store/store_register.h"
#include "util/clock.h"
#include "util/seal.h"

#define RECEPTION_PERSONS_MAX 10000

/* A name of list, or absent; else e with the names. */
static const char *arg_term(struct request *r, const char *key, const struct register_term *list,
			    struct tderr *e)
{
	const char *s = arg_str(r, key, e);
	char names[256];

	if (s && !register_term_find(list, s)) {
		tderr_set(e, TDERR_INVALID, M_BAD_TERM, s,
			  register_term_names(list, names, sizeof(names)));
		return NULL;
	}
	return s;
}

/* A local date argument not after today, today when absent. */
static const char *arg_past_date(struct request *r, const char *key, const char *today,
				 struct tderr *e)
{
	const char *d = arg_date(r, key, e);

	if (d && strcmp(d, today) > 0) {
		tderr_set(e, TDERR_INVALID, M_FUTURE_DATE, d, today);
		return NULL;
	}
	return d ? d : today;
}

/* ---------------------------------------------------------------- đơn */

static json_t *op_cases_add(struct request *r, struct tderr *e)
{
	struct register_case in = {
	    .kind = arg_req(r, "kind", e),
	    .channel = arg_req(r, "channel", e),
	    .received = arg_str(r, "received", e),
	    .text = arg_req(r, "text", e),
	    .name = arg_str(r, "name", e),
	    .phone = arg_str(r, "phone", e),
	    .address = arg_str(r, "address", e),
	    .village = arg_str(r, "village", e),
	    .from_agency = arg_str(r, "from_agency", e),
	    .actor = r->peer->user,
	};
	struct register_result out;
	char today[CLOCK_DATE_LEN];

	if (e->cls)
		return NULL;
	if (!r->svc)
		return tderr_set(e, TDERR_INTERNAL, M_INTERNAL, "no service context", NULL), NULL;
	clock_today(today);
	if (register_case_add(r->st, r->svc, &in, today, &out, e) < 0)
		return NULL;
	snprintf(r->target, sizeof(r->target), "%s", out.code);
	snprintf(r->detail, sizeof(r->detail), "%s by %s, received %s%s", in.kind, in.channel,
		 in.received, out.receipt_id > 0 ? ", receipt SMS queued" : "");
	return json_pack("{s:s, s:s, s:s, s:s, s:s?, s:o}", "code", out.code, "kind", in.kind,
			 "channel", in.channel, "received_on", in.received, "due_first",
			 out.due_first[0] ? out.due_first : NULL, "receipt_id",
			 out.receipt_id > 0 ? json_integer(out.receipt_id) : json_null());
}

static json_t *op_cases_link(struct request *r, struct tderr *e)
{
	struct case_info c, to;
	char matter[CODE_MAX_LEN];

	if (arg_case_named(r, "to", &to, e) < 0 || arg_case_named(r, "code", &c, e) < 0)
		return NULL;
	if (store_case_link(r->st, &c, &to, r->peer->user, matter, e) < 0)
		return NULL;
	snprintf(r->detail, sizeof(r->detail), "vu viec %s", matter);
	return json_pack("{s:s, s:s}", "code", c.code, "matter", matter);
}

/* A tri-state flag pair: 1 for yes, 0 for no, -1 for neither. */
static int arg_pair(struct request *r, const char *yes, const char *no)
{
	return arg_flag(r, yes) ? 1 : arg_flag(r, no) ? 0 : -1;
}

static json_t *op_cases_classify(struct request *r, struct tderr *e)
{
	struct case_class k = {
	    .repeated = arg_pair(r, "repeated", "first_time"),
	    .eligible = arg_flag(r, "eligible") ? 1 : -1,
	    .ineligible_reason = arg_term(r, "ineligible", register_ineligible, e),
	    .competent = arg_pair(r, "competent", "outside"),
	    .field = arg_str(r, "field", e),
	};
	struct case_info c;

	if (e->cls || arg_case_named(r, "code", &c, e) < 0)
		return NULL;
	if (k.ineligible_reason)
		k.eligible = 0;
	if (store_case_classify(r->st, &c, &k, r->peer->user, e) < 0)
		return NULL;
	return json_pack("{s:s}", "code", c.code);
}

/* ---------------------------------------------------------------- handling */

/* Moves c to transferred (closing it) when the workflow allows. */
static int transfer_status(struct request *r, const struct case_info *c, const char *agency,
			   const char *today, struct tderr *e)
{
	char note[256];
	struct case_status_set s = {.actor = r->peer->user, .to = "transferred", .complex = -1};

	snprintf(note, sizeof(note), "Chuyển đơn đến %s", agency);
	if (workflow_allows(c, CASE_TRANSFERRED, note, false, e) < 0)
		return -1;
	s.note = note;
	s.closed_on = today;
	return store_case_set_status(r->st, c, &s, e) < 0 ? -1 : 0;
}

/* The one-segment SMS telling the citizen where the đơn went. */
static long long handling_text(struct request *r, const struct case_info *c, const char *action,
			       const char *agency, const char *date, struct tderr *e)
{
	char tmpl[32], ddmm[6];
	char *text;
	long long id;

	snprintf(tmpl, sizeof(tmpl), "handled_%s", action);
	service_ddmm(date, ddmm);
	text = service_reply(
	    r->svc, tmpl,
	    (struct template_value[]){{"code", c->code}, {"agency", agency}, {"date", ddmm}}, 3);
	if (!text)
		return tderr_set(e, TDERR_INTERNAL, M_NO_TEMPLATE, tmpl, NULL);
	id = case_text(r, c, text, "status", e);
	free(text);
	return id;
}

static json_t *op_cases_handle(struct request *r, struct tderr *e)
{
	const char *action = arg_term(r, "action", register_handlings, e);
	const char *agency = arg_req(r, "agency", e);
	char today[CLOCK_DATE_LEN];
	const char *date;
	struct case_info c;
	long long sms;

	clock_today(today);
	date = arg_past_date(r, "date", today, e);
	if (!r->svc || e->cls || arg_case_named(r, "code", &c, e) < 0)
		return NULL;
	if (!action)
		return tderr_set(e, TDERR_INVALID, M_MISSING_ARG, "guide|transfer|urge", NULL),
		       NULL;
	if (strcmp(action, "transfer") == 0 && strcmp(c.status, "transferred") != 0 &&
	    transfer_status(r, &c, agency, today, e) < 0)
		return NULL;
	if (store_case_handling_add(r->st, &c, action, agency, date, r->peer->user, e) < 0)
		return NULL;
	if ((sms = handling_text(r, &c, action, agency, date, e)) < 0)
		return NULL;
	snprintf(r->detail, sizeof(r->detail), "%s: %s%s", action, agency,
		 sms > 0 ? ", citizen told by SMS" : "");
	return json_pack("{s:s, s:s, s:s, s:s, s:b}", "code", c.code, "action", action, "agency",
			 agency, "date", date, "notified", sms > 0);
}

static json_t *op_cases_answer(struct request *r, struct tderr *e)
{
	const char *text = arg_req(r, "text", e);
	char today[CLOCK_DATE_LEN], agency[128];
	const char *date;
	struct case_info c;

	clock_today(today);
	date = arg_past_date(r, "date", today, e);
	if (!text || e->cls || arg_case_named(r, "code", &c, e) < 0)
		return NULL;
	if (store_case_handling_answer(r->st, &c, text, date, r->peer->user, agency, e) < 0)
		return NULL;
	return json_pack("{s:s, s:s, s:s}", "code", c.code, "agency", agency, "date", date);
}

/* ---------------------------------------------------------------- offices */

static json_t *op_offices_list(struct request *r, struct tderr *e)
{
	return rows_result(store_offices_list(r->st), e);
}

static json_t *op_offices_add(struct request *r, struct tderr *e)
{
	const char *code = arg_req(r, "code", e), *name = arg_req(r, "name", e);
	const char *office = arg_str(r, "office", e);

	if (e->cls || store_office_add(r->st, code, name, office, e) < 0)
		return NULL;
	snprintf(r->target, sizeof(r->target), "%s", code);
	return json_pack("{s:s}", "code", code);
}

static json_t *op_fields_list(struct request *r, struct tderr *e)
{
	return rows_result(store_fields_list(r->st), e);
}

static json_t *op_fields_add(struct request *r, struct tderr *e)
{
	const char *code = arg_req(r, "code", e), *name = arg_req(r, "name", e);

	if (e->cls || store_field_add(r->st, code, name, e) < 0)
		return NULL;
	snprintf(r->target, sizeof(r->target), "%s", code);
	return json_pack("{s:s}", "code", code);
}

/* ---------------------------------------------------------------- reception */

/* Opens the walk-in đơn a visit brings (--new-case), of --case-kind. */
static int reception_new_case(struct request *r, const struct reception_new *v, struct case_info *c,
			      struct tderr *e)
{
	struct register_case in = {
	    .kind = arg_str(r, "case_kind", e),
	    .channel = "walkin",
	    .received = v->date,
	    .text = v->text,
	    .name = v->name,
	    .phone = arg_str(r, "phone", e),
	    .actor = v->actor,
	};
	struct register_result out;
	char today[CLOCK_DATE_LEN];

	if (!in.kind)
		in.kind = "feedback";
	clock_today(today);
	if (e->cls || register_case_add(r->st, r->svc, &in, today, &out, e) < 0)
		return -1;
	return store_case_get(r->st, out.code + 2, NULL, c, e);
}

#define RECEPTION_CASES_MAX 32

/* The cases of the space- or comma-separated list into c (at most max);
 * their number, or -1 with e. */
static int reception_cases(struct request *r, const char *list, struct case_info *c, int max,
			   struct tderr *e)
{
	char buf[1024], *save = NULL;
	int n = 0;

	snprintf(buf, sizeof(buf), "%s", list ? list : "");
	for (char *tok = strtok_r(buf, " ,", &save); tok; tok = strtok_r(NULL, " ,", &save)) {
		if (n == max)
			return tderr_set(e, TDERR_INVALID, M_BAD_VALUE, "--case", tok);
		if (case_named(r, tok, &c[n], e) < 0)
			return -1;
		n++;
	}
	return n;
}

/* A sealed visitor's name (a visit about a denunciation) opened for the
 * roles that see denunciators, else null; in one visit or each row. */
static void reveal_names(json_t *v, const struct seal *reveal)
{
	size_t i;
	json_t *row;

	if (json_is_array(v)) {
		json_array_foreach(v, i, row) reveal_names(row, reveal);
		return;
	}
	const char *name = json_string_value(json_object_get(v, "name"));
	if (name && seal_is_sealed(name)) {
		char *plain = reveal ? seal_decrypt(reveal, name) : NULL;
		json_object_set_new(v, "name", plain ? json_string(plain) : json_null());
		free(plain);
	}
}

static json_t *op_reception_add(struct request *r, struct tderr *e)
{
	char today[CLOCK_DATE_LEN], num[24];
	struct reception_new v = {
	    .kind = arg_term(r, "kind", register_reception_kinds, e),
	    .persons = (int)arg_int(r, "persons", 1, 1, RECEPTION_PERSONS_MAX, e),
	    .group = arg_flag(r, "group"),
	    .text = arg_req(r, "text", e),
	    .actor = r->peer->user,
	};
	const char *name = arg_str(r, "name", e), *new_kind = arg_str(r, "case_kind", e);
	struct case_info c[RECEPTION_CASES_MAX + 1];
	bool new_case = arg_flag(r, "new_case"), denunciation;
	char *sealed_name = NULL;
	json_t *out = NULL;
	int n;
	long long id;

	clock_today(today);
	v.date = arg_past_date(r, "date", today, e);
	if (!r->svc || e->cls)
		return NULL;
	if (!v.kind)
		return tderr_set(e, TDERR_INVALID, M_MISSING_ARG, "--kind regular|head", NULL),
		       NULL;
	if ((n = reception_cases(r, arg_str(r, "case", e), c, RECEPTION_CASES_MAX, e)) < 0)
		return NULL;
	/* A visit about a denunciation keeps its visitor's name sealed. */
	denunciation = new_case && new_kind && strcmp(new_kind, "denunciation") == 0;
	for (int i = 0; i < n; i++)
		denunciation |= strcmp(c[i].kind, "denunciation") == 0;
	v.name = name;
	if (name && denunciation &&
	    !(v.name = sealed_name = register_confidential(r->svc, "denunciation", name)))
		return tderr_set(e, TDERR_INTERNAL, M_INTERNAL, "seal", NULL), NULL;
	if ((id = store_reception_add(r->st, &v, e)) < 0)
		goto out;
	v.name = name; /* the new case seals it itself */
	if (new_case && reception_new_case(r, &v, &c[n++], e) < 0)
		goto out;
	for (int i = 0; i < n; i++)
		if (store_reception_case(r->st, id, &c[i], new_case && i == n - 1, e) < 0)
			goto out;
	snprintf(num, sizeof(num), "%lld", id);
	snprintf(r->target, sizeof(r->target), "reception %s", num);
	if ((out = store_reception_show(r->st, id, e)))
		reveal_names(out, peer_reveal(r));
out:
	free(sealed_name);
	return out;
}

static json_t *op_reception_list(struct request *r, struct tderr *e)
{
	const char *from = arg_date(r, "from", e), *to = arg_date(r, "to", e);
	int limit = (int)arg_int(r, "limit", 0, 0, 100000, e);

	if (e->cls)
		return NULL;
	json_t *rows = store_reception_list(r->st, from, to, limit);

	if (rows)
		reveal_names(rows, peer_reveal(r));
	return rows_result(rows, e);
}

static json_t *op_reception_show(struct request *r, struct tderr *e)
{
	long long id = arg_int(r, "id", 0, 1, (long long)1 << 53, e);

	if (e->cls)
		return NULL;
	if (id <= 0)
		return tderr_set(e, TDERR_INVALID, M_MISSING_ARG, "id", NULL), NULL;
	json_t *v = store_reception_show(r->st, id, e);

	if (v)
		reveal_names(v, peer_reveal(r));
	return v;
}

/* ---------------------------------------------------------------- table */

const struct op control_ops_register[] = {
    {"cases.add", ROLE_HANDLER, true, op_cases_add},
    {"cases.link", ROLE_HANDLER, true, op_cases_link},
    {"cases.classify", ROLE_HANDLER, true, op_cases_classify},
    {"cases.handle", ROLE_HANDLER, true, op_cases_handle},
    {"cases.answer", ROLE_HANDLER, true, op_cases_answer},
    {"offices.list", ROLE_VIEWER, false, op_offices_list},
    {"offices.add", ROLE_ADMIN, true, op_offices_add},
    {"fields.list", ROLE_VIEWER, false, op_fields_list},
    {"fields.add", ROLE_ADMIN, true, op_fields_add},
    {"reception.add", ROLE_HANDLER, true, op_reception_add},
    {"reception.list", ROLE_VIEWER, false, op_reception_list},
    {"reception.show", ROLE_VIEWER, false, op_reception_show},
    {NULL, 0, false, NULL},
};

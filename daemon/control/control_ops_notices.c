/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Operations on notices and polls: creating them (the SMS checked to fit
 * one segment), sending and reminding (a chunk of recipients per
 * transaction, audited when done), the figures per village, tallies and
 * closing a poll. A caller limited to some communes reaches notices to
 * those communes only.
 */
#include "control/control_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/normalize.h"
#include "core/notice.h"
#include "store/store_notices.h"
#include "store/store_polls.h"
#include "store/store_units.h"
#include "util/clock.h"

#define LIST_DEFAULT 100
#define LIST_MAX 100000
#define HOUSEHOLDS_MAX 1000000
#define TARGET_FORMS "village:CODE, commune:CODE, all, role:head|deputy|resident"

/* ---------------------------------------------------------------- arguments */

/* The notice named by the "code" argument, within the caller's scope; its
 * code becomes the audit's target. 0 or -1 with e. */
static int arg_notice(struct request *r, struct notice_info *n, struct tderr *e)
{
	struct unit_scope scope = peer_scope(r->peer);
	const char *s = arg_req(r, "code", e);
	long long id;
	int found;

	if (!s)
		return -1;
	snprintf(r->target, sizeof(r->target), "%s", s);
	if ((id = notice_code_parse(s)) < 0)
		return tderr_set(e, TDERR_INVALID, M_NOT_A_NOTICE_CODE, s, NULL);
	notice_code(id, r->target);
	if ((found = store_notice_get(r->st, id, n)) < 0)
		return tderr_set(e, TDERR_INTERNAL, M_INTERNAL, store_errmsg(r->st), NULL);
	if (!found)
		return tderr_set(e, TDERR_NOT_FOUND, M_NO_NOTICE, r->target, NULL);
	if (!store_notice_in_scope(n, &scope))
		return tderr_set(e, TDERR_FORBIDDEN, M_OUT_OF_SCOPE, r->target, NULL);
	return 0;
}

/* The communes a notice to t reaches, comma-separated into scope (size
 * 256; "" = all), checked against the caller's. 0 or -1 with e. */
static int target_scope(struct request *r, const struct notice_target *t, char *scope,
			struct tderr *e)
{
	struct unit_scope mine = peer_scope(r->peer);
	char commune[UNIT_CODE_MAX];
	size_t used = 0;

	scope[0] = '\0';
	if (t->kind == NOTICE_TO_VILLAGE) {
		int v = store_unit_is_village(r->st, t->value, NULL);
		if (v <= 0 || store_unit_commune(r->st, t->value, NULL, commune) < 0)
			return tderr_set(e, v < 0 ? TDERR_INTERNAL : TDERR_INVALID,
					 v < 0 ? M_INTERNAL : M_NOT_A_VILLAGE, t->value, NULL);
	} else if (t->kind == NOTICE_TO_COMMUNE) {
		if (store_unit_commune(r->st, t->value, NULL, commune) < 0 ||
		    strcmp(commune, t->value) != 0)
			return tderr_set(e, TDERR_INVALID, M_NOT_A_COMMUNE, t->value, NULL);
	} else {
		/* Everyone, or a role: within the caller's own communes. */
		for (size_t i = 0; i < mine.n && used < 255; i++)
			used += (size_t)snprintf(scope + used, 256 - used, "%s%s", i ? "," : "",
						 mine.communes[i]);
		return 0;
	}
	if (mine.n > 0) {
		bool ok = false;
		for (size_t i = 0; i < mine.n && !ok; i++)
			ok = strcmp(mine.communes[i], commune) == 0;
		if (!ok)
			return tderr_set(e, TDERR_FORBIDDEN, M_OUT_OF_SCOPE, t->value, NULL);
	}
	snprintf(scope, 256, "%s", commune);
	return 0;
}

/* Composes the notice's SMS, checks it fits one segment, stores it.
 * Returns the create answer, or NULL with e. */
static json_t *finish_create(struct request *r, long long id, struct notice_sms *in,
			     struct tderr *e)
{
	char *sms;
	long units, limit;
	int segments;
	json_t *out;

	in->id = id;
	in->gateway = r->conf->gateway_number;
	in->ucs2 = r->conf->replies_ucs2;
	if (!(sms = notice_sms_text(in)))
		return tderr_set(e, TDERR_INTERNAL, M_INTERNAL, "out of memory", NULL), NULL;
	segments = notice_sms_segments(sms, &units, &limit);
	if (segments > 1) {
		char a[48], b[16];
		snprintf(a, sizeof(a), "%ld (%d SMS)", units, segments);
		snprintf(b, sizeof(b), "%ld", limit);
		free(sms);
		return tderr_set(e, TDERR_INVALID, M_NOTICE_TOO_LONG, a, b), NULL;
	}
	if (store_notice_set_sms(r->st, id, sms) < 0) {
		free(sms);
		return tderr_set(e, TDERR_INTERNAL, M_INTERNAL, store_errmsg(r->st), NULL), NULL;
	}
	notice_code(id, r->target);
	out = json_pack("{s:s, s:s, s:i, s:i, s:i}", "code", r->target, "sms", sms, "characters",
			(int)units, "limit", (int)limit, "segments", segments);
	free(sms);
	return out;
}

/* Reads --to into t and the communes it reaches into scope. 0 or -1. */
static int arg_target(struct request *r, struct notice_target *t, char *scope, struct tderr *e)
{
	const char *to = arg_req(r, "to", e);

	if (!to)
		return -1;
	if (notice_target_parse(to, t) < 0)
		return tderr_set(e, TDERR_INVALID, M_BAD_TARGET, to, TARGET_FORMS);
	return target_scope(r, t, scope, e);
}

/* ---------------------------------------------------------------- notices */

static json_t *op_notices_create(struct request *r, struct tderr *e)
{
	const char *title = arg_req(r, "title", e), *text = title ? arg_req(r, "text", e) : NULL;
	struct notice_target t;
	char scope[256];
	long long id;

	if (!text || arg_target(r, &t, scope, e) < 0)
		return NULL;
	id = store_notice_insert(r->st, &(struct notice_new){
					    .kind = "notice",
					    .title = title,
					    .body = text,
					    .target_kind = notice_target_kind_name(t.kind),
					    .target = t.value[0] ? t.value : NULL,
					    .scope = scope[0] ? scope : NULL,
					    .want_ack = arg_flag(r, "ack"),
					    .created_by = r->peer->user,
					});
	if (id < 0)
		return tderr_set(e, TDERR_INTERNAL, M_INTERNAL, store_errmsg(r->st), NULL), NULL;
	return finish_create(
	    r, id,
	    &(struct notice_sms){.title = title, .body = text, .want_ack = arg_flag(r, "ack")}, e);
}

/* Sending and reminding hold no transaction of their own for long: the
 * operations are not "writes" (the dispatcher would wrap them in one); the
 * audit row follows them. */
static json_t *op_notices_send(struct request *r, struct tderr *e)
{
	struct notice_info n;
	long long queued;

	if (arg_notice(r, &n, e) < 0 ||
	    store_notice_send(r->st, &n,
			      &(struct notice_send){.user = r->peer->user,
						    .want_report = r->conf->delivery_reports},
			      &queued, e) < 0)
		return NULL;
	snprintf(r->detail, sizeof(r->detail), "%lld SMS queued", queued);
	return json_pack("{s:s, s:I}", "code", r->target, "queued", (json_int_t)queued);
}

static json_t *op_notices_remind(struct request *r, struct tderr *e)
{
	struct notice_info n;
	long long queued;
	char *text;
	int rc;

	if (arg_notice(r, &n, e) < 0)
		return NULL;
	if (!(text = notice_reminder_text(n.sms)))
		return tderr_set(e, TDERR_INTERNAL, M_INTERNAL, "out of memory", NULL), NULL;
	rc = store_notice_remind(
	    r->st, &n, text,
	    &(struct notice_send){.user = r->peer->user, .want_report = r->conf->delivery_reports},
	    &queued, e);
	free(text);
	if (rc < 0)
		return NULL;
	snprintf(r->detail, sizeof(r->detail), "%lld reminder(s) queued", queued);
	return json_pack("{s:s, s:I}", "code", r->target, "queued", (json_int_t)queued);
}

static json_t *op_notices_show(struct request *r, struct tderr *e)
{
	struct notice_info n;

	return arg_notice(r, &n, e) < 0 ? NULL : store_notice_show(r->st, n.id, e);
}

static json_t *notices_list(struct request *r, const char *kind, struct tderr *e)
{
	struct unit_scope scope = peer_scope(r->peer);
	int limit = (int)arg_int(r, "limit", LIST_DEFAULT, 1, LIST_MAX, e);

	if (e->cls)
		return NULL;
	return rows_result(store_notices_list(r->st, kind, limit, &scope), e);
}

static json_t *op_notices_list(struct request *r, struct tderr *e)
{
	return notices_list(r, NULL, e);
}

/* ---------------------------------------------------------------- polls */

/* Reads --choices into labels and their folded forms (caller frees both
 * with notice_choices_free). Returns how many, -1 with e. */
static int arg_choices(struct request *r, char ***labels, char ***folded, struct tderr *e)
{
	const char *s = arg_req(r, "choices", e), *why = NULL;
	int n;

	*folded = NULL;
	if (!s)
		return -1;
	if ((n = notice_choices_parse(s, labels, &why)) < 0)
		return tderr_set(e, TDERR_INVALID, M_BAD_CHOICES, s, why);
	*folded = calloc((size_t)n, sizeof(char *));
	for (int i = 0; *folded && i < n; i++)
		if (!((*folded)[i] = norm_fold((*labels)[i], strlen((*labels)[i]))))
			break;
	if (!*folded || !(*folded)[n - 1]) {
		notice_choices_free(*labels, (size_t)n);
		notice_choices_free(*folded, (size_t)n);
		return tderr_set(e, TDERR_INTERNAL, M_INTERNAL, "out of memory", NULL);
	}
	return n;
}

/* Reads --closes (not before today) and writes it as dd/mm. */
static const char *arg_closes(struct request *r, char *ddmm, struct tderr *e)
{
	const char *closes = arg_date(r, "closes", e);
	char today[CLOCK_DATE_LEN];

	ddmm[0] = '\0';
	if (!closes)
		return NULL;
	clock_today(today);
	if (strcmp(closes, today) < 0) {
		tderr_set(e, TDERR_INVALID, M_BAD_DATES, closes, today);
		return NULL;
	}
	snprintf(ddmm, 6, "%.2s/%.2s", closes + 8, closes + 5);
	return closes;
}

static json_t *op_polls_create(struct request *r, struct tderr *e)
{
	const char *question = arg_req(r, "question", e), *closes;
	int households = (int)arg_int(r, "households", 0, 1, HOUSEHOLDS_MAX, e), n;
	char **labels = NULL, **folded = NULL, scope[256], ddmm[6];
	struct notice_target t;
	json_t *out = NULL;
	long long id;

	closes = arg_closes(r, ddmm, e);
	if (!question || e->cls || arg_target(r, &t, scope, e) < 0)
		return NULL;
	if (t.kind == NOTICE_TO_ROLE)
		return tderr_set(e, TDERR_INVALID, M_BAD_TARGET, "role",
				 "a poll is decided by households: village, commune or all"),
		       NULL;
	if ((n = arg_choices(r, &labels, &folded, e)) < 0)
		return NULL;
	id = store_notice_insert(r->st, &(struct notice_new){
					    .kind = "poll",
					    .title = question,
					    .body = question,
					    .target_kind = notice_target_kind_name(t.kind),
					    .target = t.value[0] ? t.value : NULL,
					    .scope = scope[0] ? scope : NULL,
					    .created_by = r->peer->user,
					});
	if (id < 0 ||
	    store_poll_insert(r->st, id, question, closes, households, (const char *const *)labels,
			      (const char *const *)folded, (size_t)n) < 0)
		tderr_set(e, TDERR_INTERNAL, M_INTERNAL, store_errmsg(r->st), NULL);
	else
		out = finish_create(r, id,
				    &(struct notice_sms){.body = question,
							 .choices = (const char *const *)labels,
							 .n_choices = (size_t)n,
							 .closes = closes ? ddmm : NULL},
				    e);
	notice_choices_free(labels, (size_t)n);
	notice_choices_free(folded, (size_t)n);
	return out;
}

/* The poll named by "code", in scope; NULL with e when it is no poll. */
static json_t *op_polls_show(struct request *r, struct tderr *e)
{
	struct notice_info n;

	return arg_notice(r, &n, e) < 0 ? NULL : store_poll_tally(r->st, n.id, e);
}

static json_t *op_polls_close(struct request *r, struct tderr *e)
{
	struct notice_info n;

	return arg_notice(r, &n, e) < 0 ? NULL : store_poll_close(r->st, n.id, r->peer->user, e);
}

static json_t *op_polls_list(struct request *r, struct tderr *e)
{
	return notices_list(r, "poll", e);
}

const struct op control_ops_notices[] = {
    {"notices.create", ROLE_HANDLER, true, op_notices_create},
    {"notices.send", ROLE_SUPERVISOR, false, op_notices_send},
    {"notices.remind", ROLE_SUPERVISOR, false, op_notices_remind},
    {"notices.show", ROLE_VIEWER, false, op_notices_show},
    {"notices.list", ROLE_VIEWER, false, op_notices_list},
    {"polls.create", ROLE_HANDLER, true, op_polls_create},
    {"polls.show", ROLE_VIEWER, false, op_polls_show},
    {"polls.close", ROLE_SUPERVISOR, true, op_polls_close},
    {"polls.list", ROLE_VIEWER, false, op_polls_list},
    {NULL, 0, false, NULL},
};

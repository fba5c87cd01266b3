/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The shared context of message handling (service.h).
 */
#include "service/service.h"

#include "core/case_workflow.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "store/store_cases.h"
#include "util/log.h"
#include "util/xalloc.h"

static const char *const rule_kinds[3] = {"feedback", "complaint", "denunciation"};

struct service *service_new(const struct conf *c, char *err, size_t errlen)
{
	struct service *s = xcalloc(1, sizeof(*s));
	const char *reason = NULL, *bad = NULL;

	s->conf = c;
	s->kw = keywords_new_default();
	if (!s->kw || keywords_add_conf(s->kw, c->keywords, c->n_keywords, &reason, &bad) != 0) {
		snprintf(err, errlen, "keyword '%s': %s", bad ? bad : "",
			 reason ? reason : "invalid");
		goto fail;
	}
	s->cal = workdays_new((const char *const *)c->holidays.v, c->holidays.n, err, errlen);
	if (!s->cal)
		goto fail;
	s->seal = seal_open(c->key_file, err, errlen);
	if (!s->seal)
		goto fail;
	s->rules[0] =
	    (struct workdays_rule){.kind = CODE_KIND_FEEDBACK, .first_days = c->deadlines.feedback};
	s->rules[1] = (struct workdays_rule){
	    .kind = CODE_KIND_COMPLAINT,
	    .first_days = c->deadlines.complaint_accept,
	    .resolution_days = c->deadlines.complaint_resolve,
	    .complex_days = c->deadlines.complaint_complex,
	    .remote_extra_days = c->deadlines.remote_extra,
	    .from_acceptance = true,
	};
	/* The Law on Denunciations fixes the resolution deadline (Art. 30). */
	s->rules[2] = (struct workdays_rule){
	    .kind = CODE_KIND_DENUNCIATION,
	    .first_days = c->deadlines.denunciation,
	    .resolution_days =
		case_workflow_deadline(CODE_KIND_DENUNCIATION, WORKFLOW_DUE_RESOLVE)->days,
	    .complex_days =
		case_workflow_deadline(CODE_KIND_DENUNCIATION, WORKFLOW_DUE_COMPLEX)->days,
	    .from_acceptance = true,
	};
	return s;
fail:
	service_free(s);
	return NULL;
}

void service_free(struct service *s)
{
	if (!s)
		return;
	keywords_free(s->kw);
	workdays_free(s->cal);
	seal_close(s->seal);
	free(s);
}

const struct workdays_rule *service_rule(const struct service *s, const char *kind)
{
	for (size_t i = 0; kind && i < 3; i++)
		if (strcmp(rule_kinds[i], kind) == 0)
			return &s->rules[i];
	return NULL;
}

char *service_reply(const struct service *s, const char *name, const struct template_value *values,
		    size_t n)
{
	const char *text = conf_reply_text(s->conf, name);
	struct template_value *all;
	char *out;

	if (!text)
		return NULL;
	all = xcalloc(n + 1, sizeof(*all));
	if (n)
		memcpy(all, values, n * sizeof(*all)); /* values may be NULL when n is 0 */
	all[n] = (struct template_value){"number",
					 s->conf->gateway_number ? s->conf->gateway_number : ""};
	out =
	    template_render(text, template_placeholders_default,
			    template_placeholders_default_count, all, n + 1, s->conf->replies_ucs2);
	free(all);
	return out;
}

void service_ddmm(const char *date, char *out)
{
	if (date && strlen(date) >= 10)
		snprintf(out, 6, "%.2s/%.2s", date + 8, date + 5);
	else
		snprintf(out, 6, "?");
}

/* ---------------------------------------------------------------- codes */

#define CODE_TRIES 20

static int random_bytes(void *ctx, uint8_t *buf, size_t n)
{
	(void)ctx;
	return getrandom(buf, n, 0) == (ssize_t)n ? 0 : -1;
}

int service_new_code(struct store *st, enum code_kind kind, struct tracking_code *code)
{
	for (int i = 0; i < CODE_TRIES; i++) {
		int taken;
		if (code_generate(kind, random_bytes, NULL, code) < 0)
			return -1;
		taken = store_code_taken(st, code->digits);
		if (taken <= 0)
			return taken;
	}
	log_error("no free tracking code after %d tries", CODE_TRIES);
	return -1;
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The console protocol's forms of Circular 06/2025/TT-TTCP: report.form
 * fills one form over a period from the register (store_forms.h).
 */
#include <stdio.h>
#include <string.h>

#include "control/control_internal.h"
#include "core/forms.h"
#include "store/store_forms.h"

static json_t *op_report_form(struct request *r, struct tderr *e)
{
	struct unit_scope scope = peer_scope(r->peer);
	const char *code = arg_str(r, "form", e);
	const struct form_def *f;
	struct report_query q = {
	    .from = arg_date(r, "from", e),
	    .to = arg_date(r, "to", e),
	    .unit = arg_str(r, "unit", e),
	};

	if (e->cls)
		return NULL;
	if (!code || !q.from || !q.to)
		return tderr_set(e, TDERR_INVALID, M_MISSING_ARG,
				 !code	  ? "--form"
				 : q.from ? "--to"
					  : "--from",
				 NULL),
		       NULL;
	f = form_find(code);
	if (!f)
		return tderr_set(e, TDERR_INVALID, M_BAD_VALUE, "--form", code), NULL;
	snprintf(r->target, sizeof(r->target), "%s", q.unit ? q.unit : "");
	snprintf(r->detail, sizeof(r->detail), "%s %s..%s", code, q.from, q.to);
	return store_form(r->st, f, &q, &scope, e);
}

const struct op control_ops_forms[] = {
    {"report.form", ROLE_SUPERVISOR, false, op_report_form},
    {NULL, 0, false, NULL},
};

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cases.due: what is overdue and what falls due within N working days
 * (default 3), by assignee, within the caller's communes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "control/control_internal.h"
#include "core/workdays.h"
#include "service/service.h"
#include "store/store_casework.h"
#include "store/store_due.h"
#include "util/clock.h"

#define DUE_WITHIN_DEFAULT 3
#define DUE_WITHIN_MAX 60

/* The row of assignee in rows (a JSON array), added when missing. */
static json_t *assignee_row(json_t *rows, const json_t *assignee)
{
	size_t i;
	json_t *row;

	json_array_foreach(rows, i, row)
	{
		if (json_equal(json_object_get(row, "assignee"), assignee))
			return row;
	}
	row = json_pack("{s:O, s:i, s:i, s:s}", "assignee", assignee, "overdue", 0, "due_soon", 0,
			"cases", "");
	json_array_append_new(rows, row);
	return row;
}

static void count_in(json_t *row, const json_t *c)
{
	const char *key =
	    json_integer_value(json_object_get(c, "overdue")) ? "overdue" : "due_soon";
	const char *codes = json_string_value(json_object_get(row, "cases"));
	char buf[4096];

	json_object_set_new(row, key,
			    json_integer(json_integer_value(json_object_get(row, key)) + 1));
	snprintf(buf, sizeof(buf), "%s%s%s", codes, *codes ? " " : "",
		 json_string_value(json_object_get(c, "code")));
	json_object_set_new(row, "cases", json_string(buf));
}

static json_t *op_cases_due(struct request *r, struct tderr *e)
{
	struct unit_scope scope = peer_scope(r->peer);
	int within = (int)arg_int(r, "within", DUE_WITHIN_DEFAULT, 0, DUE_WITHIN_MAX, e);
	char today[CLOCK_DATE_LEN], until[CLOCK_DATE_LEN];
	struct workdays_date t, u;
	json_t *cases, *rows, *cache, *c;
	size_t i;

	if (e->cls)
		return NULL;
	clock_today(today);
	if (workdays_date_parse(today, &t) < 0 || workdays_add(r->svc->cal, t, within, &u) < 0)
		return tderr_set(e, TDERR_INTERNAL, M_INTERNAL, "workdays", NULL), NULL;
	snprintf(until, sizeof(until), "%04d-%02d-%02d", u.year, u.month, u.day);
	cases = store_cases_due(r->st, today, until);
	if (!cases)
		return tderr_set(e, TDERR_INTERNAL, M_INTERNAL, store_errmsg(r->st), NULL), NULL;
	rows = json_array();
	cache = json_object();
	json_array_foreach(cases, i, c)
	{
		const char *place = json_string_value(json_object_get(c, "place"));
		if (scope.n > 0 &&
		    !store_scope_has(&scope, store_commune_cached(r->st, cache, place, today)))
			continue;
		count_in(assignee_row(rows, json_object_get(c, "assignee")), c);
	}
	json_decref(cache);
	json_decref(cases);
	snprintf(r->detail, sizeof(r->detail), "%d", within);
	return rows;
}

int satisfaction_ask(struct request *r, const struct case_info *c, struct tderr *e)
{
	char *text = service_reply(r->svc, "satisfaction_ask",
				   (struct template_value[]){{"code", c->code}}, 1);
	long long id;

	if (!text)
		return tderr_set(e, TDERR_INTERNAL, M_NO_TEMPLATE, "satisfaction_ask", NULL);
	id = case_text(r, c, text, "satisfaction", e);
	free(text);
	if (id < 0)
		return -1;
	if (id > 0 && store_case_satisfaction_asked(r->st, c->id) < 0)
		return tderr_set(e, TDERR_INTERNAL, M_INTERNAL, store_errmsg(r->st), NULL);
	return 0;
}

const struct op control_ops_due[] = {
    {"cases.due", ROLE_VIEWER, false, op_cases_due},
    {NULL, 0, false, NULL},
};

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Operations of the commune's register beyond SMS: a đơn entered by staff
 * from any channel (cases.add). The phone number is never audited.
 */
#include "control/control_internal.h"

#include <stdio.h>
#include <string.h>

#include "service/register.h"
#include "util/clock.h"

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

const struct op control_ops_register[] = {
    {"cases.add", ROLE_HANDLER, true, op_cases_add},
    {NULL, 0, false, NULL},
};

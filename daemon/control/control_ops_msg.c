/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Operations on the message ledger and the audit trail: messages in and
 * out, the inbox and promoting a throttled message, the outbox and
 * resending, reading the audit. Confidential numbers are shown to
 * supervisors and admins only (peer_reveal).
 */
#include "control/control_internal.h"

#include <stdio.h>
#include <stdlib.h>

#include "core/phone.h"
#include "store/store_audit.h"
#include "store/store_confidential.h"
#include "store/store_process.h"
#include "store/store_views.h"
#include "util/seal.h"

#define LIST_DEFAULT 100
#define LIST_MAX 100000

static int arg_limit(struct request *r, struct tderr *e)
{
	return (int)arg_int(r, "limit", LIST_DEFAULT, 1, LIST_MAX, e);
}

/* The audit names the number searched for, sealed when it is a
 * confidential sender's: the audit table must not hold it in clear. */
static void audit_searched(struct request *r, const char *number)
{
	char tag[SEAL_TAG_SIZE], *sealed = NULL;
	const struct seal *seal = r->svc ? r->svc->seal : NULL;
	long long known =
	    seal && seal_tag(seal, number, tag) == 0 ? store_confidential_is(r->st, tag) : -1;

	if (known != 0)
		sealed = seal_encrypt(seal, number);
	snprintf(r->target, sizeof(r->target), "%s",
		 known == 0 ? number
		 : sealed   ? sealed
			    : "(a number)");
	free(sealed);
}

static json_t *op_messages(struct request *r, struct tderr *e)
{
	const char *from = arg_str(r, "from", e);
	const char *since = arg_date(r, "since", e);
	int limit = arg_limit(r, e);
	char number[64];

	if (e->cls)
		return NULL;
	/* Any sender, a short code or "Viettel" included, written any way. */
	if (from) {
		phone_normalize(from, r->conf->country_code, number, sizeof(number));
		from = number;
		audit_searched(r, number);
	}
	return rows_result(store_messages_list(r->st, from, since, limit, peer_reveal(r)), e);
}

static json_t *op_inbox(struct request *r, struct tderr *e)
{
	int limit = arg_limit(r, e);

	if (e->cls)
		return NULL;
	if (arg_flag(r, "quarantined"))
		return rows_result(store_quarantine_list(r->st, limit, peer_reveal(r)), e);
	return rows_result(store_inbox_list_where(r->st, arg_flag(r, "unprocessed"),
						  arg_flag(r, "throttled"), arg_flag(r, "unclear"),
						  limit, peer_reveal(r)),
			   e);
}

/* A throttled message goes through the processor again, without the
 * hourly limit. */
static json_t *op_inbox_promote(struct request *r, struct tderr *e)
{
	long long id = arg_int(r, "id", -1, 1, (long long)1 << 62, e);

	if (e->cls)
		return NULL;
	if (id < 0)
		return tderr_set(e, TDERR_INVALID, M_MISSING_ARG, "id", NULL), NULL;
	snprintf(r->target, sizeof(r->target), "inbound %lld", id);
	/* Out of the caller's communes a message is as unknown as a missing one. */
	if (!peer_may_act_on(r, false, id))
		return tderr_set(e, TDERR_NOT_FOUND, M_NO_MESSAGE, r->target + 8, NULL), NULL;
	if (store_inbox_promote(r->st, id, e) < 0)
		return NULL;
	return json_pack("{s:I}", "promoted", (json_int_t)id);
}

static json_t *op_outbox(struct request *r, struct tderr *e)
{
	int limit = arg_limit(r, e);

	if (e->cls)
		return NULL;
	return rows_result(store_outbox_list(r->st, arg_flag(r, "failed"), arg_flag(r, "unknown"),
					     limit, peer_reveal(r)),
			   e);
}

static json_t *op_outbox_resend(struct request *r, struct tderr *e)
{
	long long id = arg_int(r, "id", -1, 1, (long long)1 << 62, e);

	if (e->cls)
		return NULL;
	if (id < 0)
		return tderr_set(e, TDERR_INVALID, M_MISSING_ARG, "id", NULL), NULL;
	snprintf(r->target, sizeof(r->target), "outbound %lld", id);
	if (!peer_may_act_on(r, true, id))
		return tderr_set(e, TDERR_NOT_FOUND, M_NO_MESSAGE, r->target + 9, NULL), NULL;
	/* A sealed recipient stays sealed: the worker opens it to send. */
	if (store_outbox_resend(r->st, id, e) < 0)
		return NULL;
	return json_pack("{s:I}", "queued", (json_int_t)id);
}

static json_t *op_audit(struct request *r, struct tderr *e)
{
	const char *user = arg_str(r, "user", e);
	const char *since = arg_date(r, "since", e);
	int limit = arg_limit(r, e);

	if (e->cls)
		return NULL;
	return rows_result(store_audit_list(r->st, user, since, limit), e);
}

const struct op control_ops_messages[] = {
    {"messages", ROLE_VIEWER, false, op_messages},
    {"inbox", ROLE_VIEWER, false, op_inbox},
    {"inbox.promote", ROLE_HANDLER, true, op_inbox_promote},
    {"outbox", ROLE_VIEWER, false, op_outbox},
    {"outbox.resend", ROLE_HANDLER, true, op_outbox_resend},
    {"audit", ROLE_SUPERVISOR, false, op_audit},
    {NULL, 0, false, NULL},
};

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The audit trail of the control socket: append and read, never edit (the
 * table's triggers refuse UPDATE and DELETE).
 */
#ifndef TIENGDAN_STORE_AUDIT_H
#define TIENGDAN_STORE_AUDIT_H

#include <jansson.h>

#include "store/store.h"

struct audit_entry {
	long long uid;
	const char *user;
	const char *role;    /* NULL if the caller has none */
	const char *action;  /* "contacts.add" */
	const char *target;  /* may be NULL */
	const char *outcome; /* "allowed", "refused", "failed" */
	const char *detail;  /* may be NULL */
};

/* Appends one entry (its own statement; runs inside the caller's
 * transaction if one is open). Returns 0 or -1. */
int store_audit_add(struct store *st, const struct audit_entry *a);

/* Entries newest first as a JSON array of {id, at, uid, user, role, action,
 * target, outcome, detail}; user and since (YYYY-MM-DD, local) filter when
 * not NULL; at most limit rows. Caller owns the result; NULL on error. */
json_t *store_audit_list(struct store *st, const char *user, const char *since, int limit);

#endif

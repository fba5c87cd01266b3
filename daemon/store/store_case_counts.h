/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Counts of cases by commune and kind (store_case_counts.c), for the first
 * screen of the Cockpit page. */
#ifndef TIENGDAN_STORE_CASE_COUNTS_H
#define TIENGDAN_STORE_CASE_COUNTS_H

#include <jansson.h>

#include "store/store.h"
#include "store/store_contacts.h"

/*
 * The cases received on or after since (local date), as a JSON array of
 * {commune, kind, since, day}: since counts them all, day those received
 * on day; commune is where the case's village (or assigned unit) rolls up
 * today (null: none); only communes within scope. NULL on a bad date or
 * error. Caller owns the result.
 */
json_t *store_case_counts(struct store *st, const char *since, const char *day,
			  const struct unit_scope *scope);

/*
 * The open cases overdue today and those due from today to due_by (local
 * dates), as a JSON array of {commune, unit, overdue, due_soon} (unit:
 * the handling unit, null for the commune itself), only rows with some,
 * within scope. NULL on a bad date or error. Caller owns the result.
 */
json_t *store_case_deadlines(struct store *st, const char *due_by, const struct unit_scope *scope);

#endif

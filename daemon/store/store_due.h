/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Deadlines coming and passed: the open cases whose due date (the
 * resolution deadline once accepted, else the first one) is on or before
 * a day, for the deadline warnings. No sender ever appears.
 */
#ifndef TIENGDAN_STORE_DUE_H
#define TIENGDAN_STORE_DUE_H

#include <jansson.h>

#include "store/store.h"

/* Open cases due on or before until, soonest first: {code, kind, status,
 * due, overdue (due before today: 1/0), assignee (officer, else office,
 * else the unit assigned; null), place (village or unit)}. NULL on error. */
json_t *store_cases_due(struct store *st, const char *today, const char *until);

/* Marks day's warning run done: 1 the first time, 0 if it was already,
 * -1 on error. In the caller's transaction, with the SMS it queues. */
int store_warning_day(struct store *st, const char *day, long long sent);

#endif

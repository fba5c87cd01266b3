/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Deadlines coming and passed: the open cases whose due date (the
 * resolution deadline once accepted, else the first one) is on or before
 * a day, for the deadline warnings; and the citizen's satisfaction with a
 * resolved case. No sender ever appears.
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

/* Satisfaction by SMS (Decision 766/QĐ-TTg): the question was sent for a
 * resolved case; the citizen's answer (1 satisfied, 2 not) on day, the
 * last one counting. 0 or -1. */
int store_case_satisfaction_asked(struct store *st, long long case_id);
int store_case_satisfaction(struct store *st, long long case_id, int value, const char *day);

#endif

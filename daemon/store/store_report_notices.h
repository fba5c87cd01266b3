/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What a report (store_report.h) says of notices and polls: notices sent
 * in the period and how many were delivered and acknowledged, by commune,
 * and the polls held with their outcomes.
 */
#ifndef TIENGDAN_STORE_REPORT_NOTICES_H
#define TIENGDAN_STORE_REPORT_NOTICES_H

#include <jansson.h>

#include "store/store.h"
#include "store/store_contacts.h"
#include "store/store_report.h"

/*
 * Adds to report (store_report's result, changed in place) the notices
 * and polls sent in q's period (their local date of sending), placed by
 * the village each recipient counted under when sent (same region, roll-up
 * to communes and scope as cases):
 *   totals and each by_unit entry gain notices (how many notices reached
 *   it), notice_recipients, notice_sent (sent or delivered),
 *   notice_delivered, ack_asked (recipients of notices that asked to be
 *   acknowledged), acknowledged (of those, who did), ack_rate (percent, one
 *   decimal, null when none was asked), and totals polls, polls_decided;
 *   a commune reached only by notices gets its own by_unit entry;
 *   polls: [{code, question, target, target_name, sent_on, closed,
 *   households, votes, decided, outcome, choices}] -- a poll counts when
 *   one of its villages lies in the region, and is within scope like a
 *   notice (store_notice_in_scope).
 * Returns 0, or -1 on a database error (report unchanged or partly filled).
 */
int store_report_notices(struct store *st, const struct report_query *q,
			 const struct unit_scope *scope, json_t *report);

#endif

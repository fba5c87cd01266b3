/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The figures of a report on grassroots democracy over a period, for any
 * unit (a commune, the former district, the province): cases carried
 * over, received, resolved, pending and overdue, by kind and by commune,
 * and the meetings held. No sender ever appears in a report.
 */
#ifndef TIENGDAN_STORE_REPORT_H
#define TIENGDAN_STORE_REPORT_H

#include <jansson.h>

#include "store/store.h"
#include "store/store_contacts.h"
#include "util/tderr.h"

/*
 * Which records a report on unit U counts (units roll up):
 *
 *   the records made in U and in every unit below it (children at any
 *   depth); in every unit that U or one of those replaced (predecessors,
 *   and what was below them); and in every unit that replaced one of
 *   those (successors, and what is below them) -- but not in the other
 *   predecessors of such a successor.
 *
 * So a report on Đam Rông 1 (DR1) counts its villages and the villages of
 * the old communes Đạ K'Nàng and Phi Liêng it took over (DAKNANG.DAKNANG
 * and village 108 alike); one on the former district DR counts its old
 * communes and everything in the communes that replaced them (DR1..DR4);
 * one on the province LD (or LD-OLD) counts everything. A report on an old
 * commune (DAKNANG) counts its own villages and the commune it became
 * (DR1) as a whole, since what was merged cannot be split, but not the
 * other commune merged with it (PHILIENG). A record is placed by its
 * village, or, without one, by the unit the case was assigned to; a case
 * with neither is counted only in a report on everything (no unit).
 *
 * By commune: each record under the commune its place rolls up to on the
 * period's last day (store_unit_commune), so a report on 2024 lists the
 * old communes and one on the second half of 2025 the new ones.
 *
 * The status of a case on a day is read from its history (case_event rows
 * of type 'status', their local date): received until the first change.
 */
struct report_query {
	const char *from; /* first day, local "YYYY-MM-DD" */
	const char *to;	  /* last day, inclusive */
	const char *unit; /* unit code, or NULL for everything */
};

/*
 * The figures of cases: carried_over (received before the period and
 * still open at its start), received (in the period), total (the two),
 * resolved (left the open statuses for resolved or closed within the
 * period and still so at its end), on_time (of those, resolved on or
 * before the due date that applied: due_resolve once accepted, else
 * due_first; none: on time), on_time_rate (percent, one decimal, null
 * when none resolved), transferred, other_closed (rejected, duplicate,
 * withdrawn), pending (open at the end) and overdue (pending and past the
 * due date that applied on the last day, or today while the period has
 * not ended: nothing is late before its time). total = resolved + transferred
 * + other_closed + pending.
 * The figures of meetings: meetings, households_present, households_total,
 * opinions (sum of those given), quorum_met (more than half present).
 *
 * Returns {from, to, unit ({code, name, level} or null), totals (cases and
 * meetings), by_kind ([{kind, cases...}] for feedback, complaint,
 * denunciation), by_unit ([{unit, name, cases..., meetings...}] by commune
 * code, null unit last: records not placed), and the figures of notices
 * and polls of store_report_notices.h}, within the caller's scope
 * (records whose commune today is one of its communes). NULL with e
 * (M_BAD_DATE, M_BAD_DATES, M_UNKNOWN_UNIT, M_INTERNAL).
 */
json_t *store_report(struct store *st, const struct report_query *q, const struct unit_scope *scope,
		     struct tderr *e);

/* Checks a query's period (real dates, from <= to): 0, or -1 with e. */
int store_report_check(const struct report_query *q, struct tderr *e);
/* {code, name, level} of unit code (json null for NULL: everything; caller
 * decrefs), NULL with e when there is no such unit. */
json_t *store_report_unit(struct store *st, const char *code, struct tderr *e);

#endif

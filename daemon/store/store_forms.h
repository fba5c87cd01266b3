/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The forms of Circular 06/2025/TT-TTCP (core/forms.h) filled from the
 * register over a period: one row per unit of the level below the one
 * asked, and a total row. No sender ever appears in a form.
 */
#ifndef TIENGDAN_STORE_FORMS_H
#define TIENGDAN_STORE_FORMS_H

#include <jansson.h>

#include "core/forms.h"
#include "store/store.h"
#include "store/store_contacts.h"
#include "store/store_report.h"
#include "util/tderr.h"

/*
 * Form f over q (the units roll up as store_report's do). A đơn is placed
 * by its village, or without one by the unit it was assigned to; a
 * reception visit by the place of the first đơn it concerned, and a visit
 * or đơn with no place only in a report on everything. Rows: by village
 * when q->unit is a commune or a village, else by commune on the period's
 * last day; the unplaced ones last (unit null).
 *
 * Returns {form, title, from, to, unit ({code, name, level} or null),
 * columns ([{n, key, head: [up to 3 texts], unfilled}]), sums (["1 = 2 +
 * 3", ...]), notes ([text]), rows ([{unit, name, values}]), total
 * ({values})}, values being one number per column, null for a column the
 * register cannot fill. A form of đơn adds "outcome": the đơn within
 * competence (eligible and competent) over every unit, {competent,
 * resolved, on_time, on_time_rate (Decision 766/QĐ-TTg: resolved by the
 * deadline ÷ within competence, percent, one decimal; null when none),
 * pending (open at the end), pending_by_kind {feedback, complaint,
 * denunciation}, satisfaction {asked, satisfied, dissatisfied,
 * unanswered, rate}: of the resolved ones whose citizen was asked by SMS,
 * satisfied ÷ asked, an unanswered one counting as asked and not
 * satisfied}. Within scope as store_report. NULL with e
 * (M_BAD_DATE, M_BAD_DATES, M_UNKNOWN_UNIT, M_INTERNAL).
 */
json_t *store_form(struct store *st, const struct form_def *f, const struct report_query *q,
		   const struct unit_scope *scope, struct tderr *e);

#endif

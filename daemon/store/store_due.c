/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The open cases by due date (store_due.h): read through the status
 * index, so the list grows with the open backlog, not the register.
 */
#include "store/store_due.h"

#include "store/store_internal.h"

json_t *store_cases_due(struct store *st, const char *today, const char *until)
{
	return store_rows_json(
	    st,
	    "SELECT code, kind, status, due, due < ?1 AS overdue,"
	    " coalesce(officer, office, unit) AS assignee, coalesce(village, unit) AS place"
	    " FROM (SELECT c.*, CASE WHEN c.accepted_on IS NOT NULL AND c.due_resolve IS NOT NULL"
	    "  THEN c.due_resolve ELSE c.due_first END AS due FROM cases c"
	    "  WHERE c.status IN ('received', 'accepted', 'in_progress'))"
	    " WHERE due <= ?2 ORDER BY due, code",
	    STORE_TEXT(1, today), STORE_TEXT(2, until));
}

int store_warning_day(struct store *st, const char *day, long long sent)
{
	long long n = store_int(st, "SELECT count(*) FROM warning_run WHERE day = ?1", -1,
				STORE_TEXT(1, day));

	if (n != 0)
		return n < 0 ? -1 : 0;
	return store_exec(st, "INSERT INTO warning_run (day, sent, at) VALUES (?1, ?2, ?3)",
			  STORE_TEXT(1, day), STORE_INT(2, sent), STORE_NOW(3)) < 0
		   ? -1
		   : 1;
}

int store_case_satisfaction_asked(struct store *st, long long case_id)
{
	return store_exec(st, "UPDATE cases SET satisfaction_asked = 1 WHERE id = ?1",
			  STORE_INT(1, case_id));
}

int store_case_satisfaction(struct store *st, long long case_id, int value, const char *day)
{
	return store_exec(st,
			  "UPDATE cases SET satisfaction = ?2, satisfaction_on = ?3,"
			  " satisfaction_asked = 1 WHERE id = ?1",
			  STORE_INT(1, case_id), STORE_INT(2, value), STORE_TEXT(3, day));
}

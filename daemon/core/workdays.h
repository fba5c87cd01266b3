/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Deadlines in working days: a calendar of weekly days off and holidays,
 * counting n working days from a date, and the per-kind deadline rules of
 * SMS-LANGUAGE.md section 6. Pure civil dates: no time zone, no clock.
 */
#ifndef TIENGDAN_WORKDAYS_H
#define TIENGDAN_WORKDAYS_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/code.h"

/* A civil date (proleptic Gregorian), independent of any time zone. */
struct workdays_date {
	int year;  /* 1..9999 */
	int month; /* 1..12 */
	int day;   /* 1..31 */
};

/* Days of the week as bits, for the weekly days off. */
enum workdays_weekday {
	WORKDAYS_MON = 1 << 0,
	WORKDAYS_TUE = 1 << 1,
	WORKDAYS_WED = 1 << 2,
	WORKDAYS_THU = 1 << 3,
	WORKDAYS_FRI = 1 << 4,
	WORKDAYS_SAT = 1 << 5,
	WORKDAYS_SUN = 1 << 6,
};
#define WORKDAYS_WEEKEND_DEFAULT (WORKDAYS_SAT | WORKDAYS_SUN)

/* Most working days workdays_add counts (about ten years). */
#define WORKDAYS_MAX_COUNT 2600
/* Longest holiday range accepted, in days (a typo guard: Tết is 9 days). */
#define WORKDAYS_MAX_RANGE 366

/* ------------------------------------------------------------ civil dates */

/* True if d is a real calendar day of the years 1..9999. */
bool workdays_date_valid(struct workdays_date d);

/* Parses exactly "YYYY-MM-DD" (a real calendar day) into *out; 0 or -1. */
int workdays_date_parse(const char *s, struct workdays_date *out);

/* Days since 1970-01-01 of a valid date (negative before), and back. */
long workdays_day_number(struct workdays_date d);
struct workdays_date workdays_from_day_number(long n);

/* <0, 0, >0 as a is before, on, after b. */
int workdays_date_cmp(struct workdays_date a, struct workdays_date b);

/* Day of the week of a valid date: 0 Monday .. 6 Sunday. */
int workdays_weekday(struct workdays_date d);

/* ------------------------------------------------------------- calendar */

struct workdays;

/*
 * Builds a calendar with Saturday and Sunday off and the given holidays,
 * each "YYYY-MM-DD" or an inclusive range "YYYY-MM-DD..YYYY-MM-DD" (spaces
 * around ".." allowed; at most WORKDAYS_MAX_RANGE days; overlaps merge).
 * holidays may be NULL when n is 0. On a bad entry returns NULL and writes
 * into err (errlen bytes; err may be NULL) which entry and why, e.g.
 * `holiday 2 "2025-02-30": no such date`. Also NULL when out of memory.
 * The caller frees the calendar with workdays_free.
 */
struct workdays *workdays_new(const char *const *holidays, size_t n, char *err, size_t errlen);
void workdays_free(struct workdays *cal);

/* Sets the weekly days off (a mask of enum workdays_weekday). Returns -1,
 * leaving the calendar unchanged, if the mask has other bits or leaves no
 * working day in the week. */
int workdays_set_weekend(struct workdays *cal, unsigned mask);

/* True if d is neither a weekly day off nor a holiday. */
bool workdays_is_workday(const struct workdays *cal, struct workdays_date d);

/*
 * The counting rule ("within n working days from receipt"): the start day
 * itself is never counted, whatever it is; the due date is the n-th working
 * day strictly after start. So a case received on Friday 2025-07-04 with 1
 * working day is due Monday 2025-07-07, and one received on Saturday or
 * Sunday counts from the next working day (Monday is day 1). The due date is
 * always a working day; n = 0 gives start itself.
 *
 * Writes the due date into *due and returns 0; -1 if start is not a valid
 * date, n is negative or above WORKDAYS_MAX_COUNT, or the result would
 * leave the year 9999.
 */
int workdays_add(const struct workdays *cal, struct workdays_date start, int n,
		 struct workdays_date *due);

/*
 * Working days in (from, to]: how many working days have passed since from
 * when it is to. Negative (minus the working days in (to, from]) when to is
 * before from; 0 when equal. For every n >= 0,
 * workdays_between(cal, s, due) == n where workdays_add(cal, s, n, &due).
 * A case is late by workdays_between(cal, due, today) working days when that
 * is positive (a due date that passed on a weekend is 0 days late until the
 * next working day ends). Returns WORKDAYS_BAD_DATE if a date is invalid.
 */
#define WORKDAYS_BAD_DATE LONG_MIN
long workdays_between(const struct workdays *cal, struct workdays_date from,
		      struct workdays_date to);

/* ------------------------------------------------------- deadline rules */

/* Options of one case that change its resolution deadline. */
enum workdays_case_flag {
	WORKDAYS_COMPLEX = 1 << 0, /* a complex case: complex_days */
	WORKDAYS_REMOTE = 1 << 1,  /* a remote area: + remote_extra_days */
};

/* The deadlines of one kind of case, in working days. Filled from the
 * configuration, or taken from workdays_rules_default. */
struct workdays_rule {
	enum code_kind kind;
	int first_days;	       /* receipt -> accepted / processed; 0: none */
	int resolution_days;   /* to resolve; 0: no resolution deadline */
	int complex_days;      /* instead of resolution_days when complex; 0: same */
	int remote_extra_days; /* added to the resolution deadline when remote */
	bool from_acceptance;  /* resolution counts from acceptance, not receipt */
};

/* Section 6: feedback 10 (resolution configurable, none by default);
 * complaint 10 to accept, 30 from acceptance (45 complex, +15 remote);
 * denunciation information 10, then 30 from acceptance (60 complex: Law on
 * Denunciations 2018 Art. 30; core/case_workflow.c holds the articles). */
extern const struct workdays_rule workdays_rules_default[];
extern const size_t workdays_rules_default_count;

/* The rule for kind in rules[0..n), or NULL. */
const struct workdays_rule *workdays_rule_find(const struct workdays_rule *rules, size_t n,
					       enum code_kind kind);

/* Due dates of one case; a date is meaningful only when its has_ is set. */
struct workdays_due {
	bool has_first;
	struct workdays_date first;
	bool has_resolution;
	struct workdays_date resolution;
};

/*
 * Computes the due dates of a case received on received (and accepted on
 * *accepted, NULL while it is not), with flags of enum workdays_case_flag.
 * The resolution date is left unset when the rule has none, or counts from
 * acceptance and the case is not accepted yet. Returns 0, or -1 for an
 * invalid date or a rule with negative or too large day counts.
 */
int workdays_due(const struct workdays *cal, const struct workdays_rule *rule,
		 struct workdays_date received, const struct workdays_date *accepted,
		 unsigned flags, struct workdays_due *out);

#endif

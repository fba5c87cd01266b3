/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Working-day arithmetic on civil dates held as day numbers: a calendar is
 * a weekend mask and a sorted list of merged holiday ranges; deadlines are
 * a table of per-kind rules applied to it.
 */
#include "core/workdays.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct range {
	long first; /* day numbers, inclusive */
	long last;
};

struct workdays {
	unsigned weekend; /* mask of enum workdays_weekday */
	struct range *holidays;
	size_t n_holidays;
};

#define ALL_DAYS 0x7Fu

const struct workdays_rule workdays_rules_default[] = {
    {.kind = CODE_KIND_FEEDBACK, .first_days = 10},
    {.kind = CODE_KIND_COMPLAINT,
     .first_days = 10,
     .resolution_days = 30,
     .complex_days = 45,
     .remote_extra_days = 15,
     .from_acceptance = true},
    {.kind = CODE_KIND_DENUNCIATION,
     .first_days = 10,
     .resolution_days = 30,
     .complex_days = 60,
     .from_acceptance = true},
};
const size_t workdays_rules_default_count =
    sizeof(workdays_rules_default) / sizeof(workdays_rules_default[0]);

/* ------------------------------------------------------------ civil dates */

static bool is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

bool workdays_date_valid(struct workdays_date d)
{
	static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	if (d.year < 1 || d.year > 9999 || d.month < 1 || d.month > 12 || d.day < 1)
		return false;
	return d.day <= mdays[d.month - 1] + (d.month == 2 && is_leap(d.year));
}

/* Reads n decimal digits at s; -1 if one is not a digit. */
static int digits(const char *s, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* Parses exactly 10 bytes "YYYY-MM-DD" at s (no terminator needed). */
static int parse_ymd(const char *s, struct workdays_date *out)
{
	struct workdays_date d;

	if (s[4] != '-' || s[7] != '-')
		return -1;
	d.year = digits(s, 4);
	d.month = digits(s + 5, 2);
	d.day = digits(s + 8, 2);
	if (d.year < 0 || d.month < 0 || d.day < 0 || !workdays_date_valid(d))
		return -1;
	*out = d;
	return 0;
}

int workdays_date_parse(const char *s, struct workdays_date *out)
{
	if (!s || strlen(s) != 10)
		return -1;
	return parse_ymd(s, out);
}

long workdays_day_number(struct workdays_date d)
{
	/* Howard Hinnant's days_from_civil. */
	long y = d.year - (d.month <= 2);
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long mp = (d.month + 9) % 12;
	long doy = (153 * mp + 2) / 5 + d.day - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

struct workdays_date workdays_from_day_number(long n)
{
	/* Howard Hinnant's civil_from_days. */
	long z = n + 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	long d = doy - (153 * mp + 2) / 5 + 1;
	long m = mp < 10 ? mp + 3 : mp - 9;

	return (struct workdays_date){(int)(yoe + era * 400 + (m <= 2)), (int)m, (int)d};
}

int workdays_date_cmp(struct workdays_date a, struct workdays_date b)
{
	long x = workdays_day_number(a), y = workdays_day_number(b);

	return (x > y) - (x < y);
}

/* 0 Monday .. 6 Sunday; day 0 (1970-01-01) was a Thursday. */
static int weekday_of(long n)
{
	long w = (n + 3) % 7;

	return (int)(w < 0 ? w + 7 : w);
}

int workdays_weekday(struct workdays_date d)
{
	return weekday_of(workdays_day_number(d));
}

/* --------------------------------------------------------- building one */

static int fail(char *err, size_t errlen, size_t i, const char *entry, const char *why)
{
	if (err && errlen)
		snprintf(err, errlen, "holiday %zu \"%.40s\": %s", i + 1, entry ? entry : "(null)",
			 why);
	return -1;
}

/* Parses one entry into r. Returns 0, or -1 with the reason in err. */
static int parse_entry(const char *s, size_t i, struct range *r, char *err, size_t errlen)
{
	static const char form[] = "not a date (YYYY-MM-DD or YYYY-MM-DD..YYYY-MM-DD)";
	struct workdays_date a, b;
	size_t len = s ? strlen(s) : 0;
	const char *p;

	if (len < 10)
		return fail(err, errlen, i, s, form);
	if (digits(s, 4) < 0 || s[4] != '-' || digits(s + 5, 2) < 0 || s[7] != '-' ||
	    digits(s + 8, 2) < 0)
		return fail(err, errlen, i, s, form);
	if (parse_ymd(s, &a) != 0)
		return fail(err, errlen, i, s, "no such date");
	b = a;
	p = s + 10;
	if (*p) {
		while (*p == ' ')
			p++;
		if (strncmp(p, "..", 2) != 0)
			return fail(err, errlen, i, s, form);
		p += 2;
		while (*p == ' ')
			p++;
		if (strlen(p) != 10 || digits(p, 4) < 0 || p[4] != '-' || digits(p + 5, 2) < 0 ||
		    p[7] != '-' || digits(p + 8, 2) < 0)
			return fail(err, errlen, i, s, form);
		if (parse_ymd(p, &b) != 0)
			return fail(err, errlen, i, s, "no such date at the end of the range");
	}
	r->first = workdays_day_number(a);
	r->last = workdays_day_number(b);
	if (r->last < r->first)
		return fail(err, errlen, i, s, "the range ends before it starts");
	if (r->last - r->first + 1 > WORKDAYS_MAX_RANGE)
		return fail(err, errlen, i, s, "the range is longer than a year");
	return 0;
}

static int range_cmp(const void *x, const void *y)
{
	const struct range *a = x, *b = y;

	return (a->first > b->first) - (a->first < b->first);
}

/* Sorts the ranges and merges those that overlap or touch. */
static size_t merge_ranges(struct range *r, size_t n)
{
	size_t out = 0;

	if (n == 0)
		return 0;
	qsort(r, n, sizeof(*r), range_cmp);
	for (size_t i = 1; i < n; i++) {
		if (r[i].first <= r[out].last + 1) {
			if (r[i].last > r[out].last)
				r[out].last = r[i].last;
		} else {
			r[++out] = r[i];
		}
	}
	return out + 1;
}

struct workdays *workdays_new(const char *const *holidays, size_t n, char *err, size_t errlen)
{
	struct workdays *cal = calloc(1, sizeof(*cal));

	if (err && errlen)
		err[0] = '\0';
	if (!cal)
		goto oom;
	cal->weekend = WORKDAYS_WEEKEND_DEFAULT;
	if (n == 0)
		return cal;
	cal->holidays = calloc(n, sizeof(*cal->holidays));
	if (!cal->holidays)
		goto oom;
	for (size_t i = 0; i < n; i++)
		if (parse_entry(holidays[i], i, &cal->holidays[i], err, errlen) != 0)
			goto fail;
	cal->n_holidays = merge_ranges(cal->holidays, n);
	return cal;
oom:
	if (err && errlen)
		snprintf(err, errlen, "out of memory");
fail:
	workdays_free(cal);
	return NULL;
}

void workdays_free(struct workdays *cal)
{
	if (!cal)
		return;
	free(cal->holidays);
	free(cal);
}

int workdays_set_weekend(struct workdays *cal, unsigned mask)
{
	if ((mask & ~ALL_DAYS) != 0 || mask == ALL_DAYS)
		return -1;
	cal->weekend = mask;
	return 0;
}

/* ------------------------------------------------------------- counting */

static bool is_holiday(const struct workdays *cal, long day)
{
	size_t lo = 0, hi = cal->n_holidays;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct range *r = &cal->holidays[mid];

		if (day < r->first)
			hi = mid;
		else if (day > r->last)
			lo = mid + 1;
		else
			return true;
	}
	return false;
}

static bool workday_n(const struct workdays *cal, long day)
{
	return !(cal->weekend & (1u << weekday_of(day))) && !is_holiday(cal, day);
}

bool workdays_is_workday(const struct workdays *cal, struct workdays_date d)
{
	return workdays_date_valid(d) && workday_n(cal, workdays_day_number(d));
}

int workdays_add(const struct workdays *cal, struct workdays_date start, int n,
		 struct workdays_date *due)
{
	static const struct workdays_date last_date = {9999, 12, 31};
	long day, end = workdays_day_number(last_date);

	if (!workdays_date_valid(start) || n < 0 || n > WORKDAYS_MAX_COUNT)
		return -1;
	day = workdays_day_number(start);
	while (n > 0) {
		if (++day > end)
			return -1;
		if (workday_n(cal, day))
			n--;
	}
	*due = workdays_from_day_number(day);
	return 0;
}

/* Days in [a, b] that are not weekly days off (0 if b < a). Counted by
 * whole weeks, not day by day, so it is a separate check of workdays_add. */
static long weekdays_in(unsigned weekend, long a, long b)
{
	long total, weeks, count;
	int open = 0;

	if (b < a)
		return 0;
	for (int i = 0; i < 7; i++)
		open += !(weekend & (1u << i));
	total = b - a + 1;
	weeks = total / 7;
	count = weeks * open;
	for (long d = a + weeks * 7; d <= b; d++)
		count += !(weekend & (1u << weekday_of(d)));
	return count;
}

/* Working days in [a, b]. */
static long workdays_in(const struct workdays *cal, long a, long b)
{
	long count = weekdays_in(cal->weekend, a, b);

	for (size_t i = 0; i < cal->n_holidays; i++) {
		const struct range *r = &cal->holidays[i];
		long lo = r->first > a ? r->first : a;
		long hi = r->last < b ? r->last : b;

		count -= weekdays_in(cal->weekend, lo, hi);
	}
	return count;
}

long workdays_between(const struct workdays *cal, struct workdays_date from,
		      struct workdays_date to)
{
	long a, b;

	if (!workdays_date_valid(from) || !workdays_date_valid(to))
		return WORKDAYS_BAD_DATE;
	a = workdays_day_number(from);
	b = workdays_day_number(to);
	if (b >= a)
		return workdays_in(cal, a + 1, b);
	return -workdays_in(cal, b + 1, a);
}

/* ------------------------------------------------------- deadline rules */

const struct workdays_rule *workdays_rule_find(const struct workdays_rule *rules, size_t n,
					       enum code_kind kind)
{
	for (size_t i = 0; i < n; i++)
		if (rules[i].kind == kind)
			return &rules[i];
	return NULL;
}

static bool days_ok(int n)
{
	return n >= 0 && n <= WORKDAYS_MAX_COUNT;
}

int workdays_due(const struct workdays *cal, const struct workdays_rule *rule,
		 struct workdays_date received, const struct workdays_date *accepted,
		 unsigned flags, struct workdays_due *out)
{
	struct workdays_date base = received;
	int days;

	*out = (struct workdays_due){0};
	if (!days_ok(rule->first_days) || !days_ok(rule->resolution_days) ||
	    !days_ok(rule->complex_days) || !days_ok(rule->remote_extra_days))
		return -1;
	if (!workdays_date_valid(received) || (accepted && !workdays_date_valid(*accepted)))
		return -1;
	if (rule->first_days > 0) {
		if (workdays_add(cal, received, rule->first_days, &out->first) != 0)
			return -1;
		out->has_first = true;
	}
	if (rule->resolution_days == 0)
		return 0;
	if (rule->from_acceptance) {
		if (!accepted)
			return 0;
		base = *accepted;
	}
	days = rule->resolution_days;
	if ((flags & WORKDAYS_COMPLEX) && rule->complex_days > 0)
		days = rule->complex_days;
	if (flags & WORKDAYS_REMOTE)
		days += rule->remote_extra_days;
	if (workdays_add(cal, base, days, &out->resolution) != 0)
		return -1;
	out->has_resolution = true;
	return 0;
}

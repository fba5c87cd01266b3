/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Meeting reports: the date forms a head types on a keypad, the attendance
 * "present/total", the optional number of opinions and the topic.
 */
#include "core/meeting.h"

#include <stdio.h>
#include <string.h>

/* Reasons, indexed by enum meeting_error. */
static const char *const error_reasons[] = {
    [MEETING_OK] = NULL,
    [MEETING_NO_DATE] = "missing date",
    [MEETING_BAD_DATE] = "invalid date",
    [MEETING_FUTURE_DATE] = "date in the future",
    [MEETING_OLD_DATE] = "date more than 60 days ago",
    [MEETING_NO_COUNT] = "missing present/total",
    [MEETING_PRESENT_GT_TOTAL] = "present>total",
    [MEETING_ZERO_TOTAL] = "total is zero",
    [MEETING_ZERO_PRESENT] = "nobody present",
};

/* Digits a count may have (households, opinions). */
#define MAX_COUNT_DIGITS 5

const char *meeting_error_reason(enum meeting_error e)
{
	if ((unsigned)e >= sizeof(error_reasons) / sizeof(error_reasons[0]))
		return "invalid";
	return error_reasons[e];
}

static bool is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

bool meeting_date_valid(int y, int m, int d)
{
	static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	if (y < 1900 || y > 9999 || m < 1 || m > 12 || d < 1)
		return false;
	return d <= mdays[m - 1] + (m == 2 && is_leap(y));
}

long meeting_day_number(struct meeting_date d)
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

char *meeting_date_format(struct meeting_date d, bool with_year, char *buf, size_t size)
{
	if (with_year)
		snprintf(buf, size, "%02d/%02d/%04d", d.day, d.month, d.year);
	else
		snprintf(buf, size, "%02d/%02d", d.day, d.month);
	return buf;
}

/* Reads 1..max digits at s[*i] (bounded by len); returns the number or -1. */
static int read_number(const char *s, size_t len, size_t *i, int max)
{
	int v = 0, n = 0;

	while (*i < len && s[*i] >= '0' && s[*i] <= '9') {
		if (++n > max)
			return -1;
		v = v * 10 + (s[*i] - '0');
		(*i)++;
	}
	return n ? v : -1;
}

/* Checks d against today: not in the future, not too old. */
static enum meeting_error check_age(struct meeting_date d, struct meeting_date today)
{
	long age = meeting_day_number(today) - meeting_day_number(d);

	if (age < 0)
		return MEETING_FUTURE_DATE;
	if (age > MEETING_MAX_AGE_DAYS)
		return MEETING_OLD_DATE;
	return MEETING_OK;
}

enum meeting_error meeting_parse_date(const char *s, size_t len, struct meeting_date today,
				      struct meeting_date *out, bool *year_given)
{
	size_t i = 0;
	int d = read_number(s, len, &i, 2), m, y = today.year;
	char sep;

	*year_given = false;
	if (d < 0 || i >= len || !strchr("/-.", s[i]))
		return MEETING_NO_DATE;
	sep = s[i++];
	if ((m = read_number(s, len, &i, 2)) < 0)
		return MEETING_NO_DATE;
	if (i < len && s[i] == sep) {
		size_t at = ++i;
		y = read_number(s, len, &i, 4);
		if (y < 0 || (i - at != 2 && i - at != 4))
			return MEETING_NO_DATE;
		y += i - at == 2 ? 2000 : 0;
		*year_given = true;
	}
	if (i != len)
		return MEETING_NO_DATE;
	*out = (struct meeting_date){y, m, d};
	if (*year_given) {
		if (!meeting_date_valid(y, m, d))
			return MEETING_BAD_DATE;
		return check_age(*out, today);
	}
	/* No year: this year's day, or last year's if that one is still to
	 * come (a report at the turn of the year). */
	if (!meeting_date_valid(y, m, d) && !meeting_date_valid(y - 1, m, d))
		return MEETING_BAD_DATE;
	if (meeting_date_valid(y, m, d) && check_age(*out, today) != MEETING_FUTURE_DATE)
		return check_age(*out, today);
	struct meeting_date last = {y - 1, m, d};
	if (meeting_date_valid(last.year, m, d) && check_age(last, today) == MEETING_OK) {
		*out = last;
		return MEETING_OK;
	}
	if (!meeting_date_valid(y, m, d) || !meeting_date_valid(last.year, m, d))
		return meeting_date_valid(y, m, d) ? MEETING_FUTURE_DATE : MEETING_OLD_DATE;
	/* Neither fits: name the nearer of the two readings. */
	long ahead = meeting_day_number(*out) - meeting_day_number(today);
	long back = meeting_day_number(today) - meeting_day_number(last);
	return ahead <= back ? MEETING_FUTURE_DATE : MEETING_OLD_DATE;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Skips white space and the punctuation people put between fields. */
static void skip_gap(const char *s, size_t len, size_t *i)
{
	while (*i < len && (is_space(s[*i]) || s[*i] == ',' || s[*i] == ';'))
		(*i)++;
}

/* End of the field starting at i: the next white space or comma. */
static size_t field_end(const char *s, size_t len, size_t i)
{
	while (i < len && !is_space(s[i]) && s[i] != ',' && s[i] != ';')
		i++;
	return i;
}

/* Skips "ho" or "hộ" (any case) at s[*i] and the blanks after it. */
static void skip_households(const char *s, size_t len, size_t *i)
{
	size_t j = *i;

	while (j < len && is_space(s[j]))
		j++;
	if (j + 1 < len && (s[j] == 'h' || s[j] == 'H') && (s[j + 1] == 'o' || s[j + 1] == 'O'))
		j += 2;
	else if (j + 3 < len && (s[j] == 'h' || s[j] == 'H') && (unsigned char)s[j + 1] == 0xe1 &&
		 (unsigned char)s[j + 2] == 0xbb &&
		 ((unsigned char)s[j + 3] == 0x99 || (unsigned char)s[j + 3] == 0x98))
		j += 4; /* ộ Ộ */
	else
		return;
	if (j < len && !is_space(s[j]) && s[j] != '/' && s[j] != ',' && s[j] != ';')
		return; /* "hoa", not "ho" */
	*i = j;
}

/* Reads "<present>[ ho] / <total>[ ho]" at *i; 0, or -1 (*i unchanged). */
static int read_counts(const char *s, size_t len, size_t *i, struct meeting_report *out)
{
	size_t j = *i;
	int present = read_number(s, len, &j, MAX_COUNT_DIGITS), total;

	if (present < 0)
		return -1;
	skip_households(s, len, &j);
	while (j < len && is_space(s[j]))
		j++;
	if (j >= len || s[j++] != '/')
		return -1;
	while (j < len && is_space(s[j]))
		j++;
	if ((total = read_number(s, len, &j, MAX_COUNT_DIGITS)) < 0)
		return -1;
	skip_households(s, len, &j);
	if (j < len && !is_space(s[j]) && s[j] != ',' && s[j] != ';')
		return -1;
	out->present = present;
	out->total = total;
	out->has_counts = true;
	*i = j;
	return 0;
}

enum meeting_error meeting_parse(const char *body, size_t len, struct meeting_date today,
				 struct meeting_report *out)
{
	size_t i = 0, end;
	enum meeting_error e;

	memset(out, 0, sizeof(*out));
	out->opinions = -1;
	skip_gap(body, len, &i);
	end = field_end(body, len, i);
	e = meeting_parse_date(body + i, end - i, today, &out->date, &out->year_given);
	if (e == MEETING_NO_DATE)
		return e;
	i = end;
	skip_gap(body, len, &i);
	if (read_counts(body, len, &i, out) < 0)
		return e != MEETING_OK ? e : MEETING_NO_COUNT;
	if (e != MEETING_OK)
		return e;
	if (out->total == 0)
		return MEETING_ZERO_TOTAL;
	if (out->present > out->total)
		return MEETING_PRESENT_GT_TOTAL;
	if (out->present == 0)
		return MEETING_ZERO_PRESENT;
	out->quorum = out->present * 2 > out->total;
	skip_gap(body, len, &i);
	end = field_end(body, len, i);
	size_t at = i;
	int op = read_number(body, end, &at, MAX_COUNT_DIGITS);
	if (op >= 0 && at == end) {
		out->opinions = op;
		i = end;
		skip_gap(body, len, &i);
	}
	end = len;
	while (end > i && is_space(body[end - 1]))
		end--;
	out->topic_off = i;
	out->topic_len = end - i;
	return MEETING_OK;
}

int meeting_percent(int present, int total)
{
	return total > 0 ? (int)(((long)present * 100 + total / 2) / total) : 0;
}

char *meeting_example(const struct meeting_report *m, enum meeting_error e,
		      struct meeting_date today, char *buf, size_t size)
{
	bool date_fault = e == MEETING_NO_DATE || e == MEETING_BAD_DATE ||
			  e == MEETING_FUTURE_DATE || e == MEETING_OLD_DATE;
	struct meeting_date d = date_fault ? today : m->date;
	char counts[32];

	if (!m->has_counts && e == MEETING_NO_DATE)
		snprintf(counts, sizeof(counts), "45/60 3 sua duong");
	else if (!m->has_counts || e == MEETING_ZERO_TOTAL)
		snprintf(counts, sizeof(counts), "<co mat>/<so ho>");
	else if (e == MEETING_ZERO_PRESENT)
		snprintf(counts, sizeof(counts), "<co mat>/%d", m->total);
	else if (m->present > m->total)
		snprintf(counts, sizeof(counts), "%d/%d", m->total, m->present);
	else
		snprintf(counts, sizeof(counts), "%d/%d", m->present, m->total);
	snprintf(buf, size, "HOP %d/%d %s", d.day, d.month, counts);
	return buf;
}

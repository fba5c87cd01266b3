/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Meeting reports from village heads: the body "<date> <present>/<total>
 * [<opinions>] [topic]" and its dates, read relative to a given today.
 * Pure: no clock is read here.
 */
#ifndef TIENGDAN_MEETING_H
#define TIENGDAN_MEETING_H

#include <stdbool.h>
#include <stddef.h>

/* Furthest back a meeting may be reported, in days. */
#define MEETING_MAX_AGE_DAYS 60

struct meeting_date {
	int year;
	int month; /* 1..12 */
	int day;   /* 1..31 */
};

enum meeting_error {
	MEETING_OK = 0,
	MEETING_NO_DATE,     /* the body does not start with a date */
	MEETING_BAD_DATE,    /* a date that does not exist (31/2) */
	MEETING_FUTURE_DATE, /* after today */
	MEETING_OLD_DATE,    /* more than MEETING_MAX_AGE_DAYS before today */
	MEETING_NO_COUNT,    /* no <present>/<total> after the date */
	MEETING_PRESENT_GT_TOTAL,
	MEETING_ZERO_TOTAL,
	MEETING_ZERO_PRESENT, /* nobody came: no meeting to report */
};

struct meeting_report {
	struct meeting_date date;
	bool year_given; /* the date was typed with a year */
	int present;
	int total;
	int opinions;	  /* -1 if not given */
	bool quorum;	  /* present * 2 > total */
	bool has_counts;  /* present and total were read (even with an error) */
	size_t topic_off; /* topic = body[topic_off, topic_off + topic_len) */
	size_t topic_len; /* 0 if none */
};

/* Reads a meeting report body (len bytes, typically NFC text) relative to
 * today: "15/6 45/60 3 topic"; the counts may name the households ("45
 * ho/60 ho", "45 hộ / 60"). Returns MEETING_OK and fills *out, or the
 * first thing wrong (*out then holds what was read: after a wrong date
 * the counts are still read). */
enum meeting_error meeting_parse(const char *body, size_t len, struct meeting_date today,
				 struct meeting_report *out);

/* Reads a date token ("15/6", "2/7/2025", "20-6", "1.7", "3/7/25") of len
 * bytes. Without a year, the latest such day not after today is meant
 * (so "20/12" on 2025-01-05 is 2024-12-20). Checks it is neither in the
 * future nor older than MEETING_MAX_AGE_DAYS. */
enum meeting_error meeting_parse_date(const char *s, size_t len, struct meeting_date today,
				      struct meeting_date *out, bool *year_given);

/* Short English reason of an error ("present>total", "date in the future"),
 * or NULL for MEETING_OK. Static text. */
const char *meeting_error_reason(enum meeting_error e);

/* The attendance in percent, the one rounding rule (half up) of every
 * reply and view; 0 when total is 0. */
int meeting_percent(int present, int total);

/* The right form of a report refused for e, built from what was sent
 * (m as meeting_parse left it): today's date for a date fault, the counts
 * swapped when present > total, "<co mat>/<so ho>" for counts missing or
 * zero. Writes "HOP 3/12 45/60 3" into buf; returns buf. */
char *meeting_example(const struct meeting_report *m, enum meeting_error e,
		      struct meeting_date today, char *buf, size_t size);

/* True if y-m-d is a real calendar day. */
bool meeting_date_valid(int y, int m, int d);

/* Days since 1970-01-01 of a valid date (negative before). */
long meeting_day_number(struct meeting_date d);

/* Writes "15/06" (or "02/07/2025" with the year) into buf; returns buf. */
char *meeting_date_format(struct meeting_date d, bool with_year, char *buf, size_t size);

#endif

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The clock seam of clock.h.
 */
#include "util/clock.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static long long offset_ms;

static long long real_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

long long clock_mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

long long clock_now_ms(void)
{
	return real_now_ms() + offset_ms;
}

void clock_set_offset_ms(long long off)
{
	offset_ms = off;
}

/* Reads "YYYY-MM-DD" with an optional "THH:MM:SS" as local time. */
static int parse_local(const char *s, long long *epoch_ms, int need_time_ok)
{
	struct tm tm = {0};
	int y, mo, d, h = 0, mi = 0, se = 0, n = 0;
	time_t t;

	if (sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3 || n != 10)
		return -1;
	if (s[10] != '\0') {
		int m = 0;
		if (!need_time_ok || sscanf(s + 10, "T%2d:%2d:%2d%n", &h, &mi, &se, &m) != 3 ||
		    s[10 + m] != '\0')
			return -1;
	}
	if (y < 1900 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 60)
		return -1;
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = se;
	tm.tm_isdst = -1;
	t = mktime(&tm);
	if (t == (time_t)-1 || tm.tm_mday != d || tm.tm_mon != mo - 1)
		return -1; /* 2025-02-30 normalised into March */
	if (epoch_ms)
		*epoch_ms = (long long)t * 1000;
	return 0;
}

int clock_parse_date(const char *s, long long *epoch_ms)
{
	return s ? parse_local(s, epoch_ms, 0) : -1;
}

int clock_init(void)
{
#ifdef TIENGDAN_TEST_HOOKS
	const char *fake = getenv("TIENGDAN_CLOCK");
	const char *off = getenv("TIENGDAN_CLOCK_OFFSET_MS");
	char buf[32];

	if (fake && *fake) {
		long long t;
		if (parse_local(fake, &t, 1) < 0)
			return -1;
		snprintf(buf, sizeof(buf), "%lld", t - real_now_ms());
		setenv("TIENGDAN_CLOCK_OFFSET_MS", buf, 1);
		unsetenv("TIENGDAN_CLOCK");
		off = getenv("TIENGDAN_CLOCK_OFFSET_MS");
	}
	if (off && *off)
		offset_ms = strtoll(off, NULL, 10);
#endif
	return 0;
}

void clock_date(long long t_ms, char *out)
{
	time_t t = (time_t)(t_ms / 1000);
	struct tm tm;

	localtime_r(&t, &tm);
	strftime(out, CLOCK_DATE_LEN, "%Y-%m-%d", &tm);
}

void clock_today(char *out)
{
	clock_date(clock_now_ms(), out);
}

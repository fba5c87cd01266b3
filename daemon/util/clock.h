/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The clock seam: every "now" and "today" of the daemon comes from here, so
 * tests can run it on another date. In builds with TIENGDAN_TEST_HOOKS the
 * environment may move the clock; production builds read the real time.
 */
#ifndef TIENGDAN_CLOCK_H
#define TIENGDAN_CLOCK_H

#include <stddef.h>

#define CLOCK_DATE_LEN 11 /* "YYYY-MM-DD" and NUL */

/* Milliseconds since the epoch, as the daemon sees them. */
long long clock_now_ms(void);

/* Milliseconds of CLOCK_MONOTONIC, for timeouts and intervals: never moved
 * by the test hooks, nor by the wall clock being set. */
long long clock_mono_ms(void);

/*
 * Test hooks only (a no-op returning 0 otherwise): reads TIENGDAN_CLOCK
 * ("YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SS", local time) and turns it into
 * TIENGDAN_CLOCK_OFFSET_MS in the environment, which child processes
 * inherit, so all of them agree; then applies TIENGDAN_CLOCK_OFFSET_MS.
 * Returns 0, or -1 when the value cannot be read.
 */
int clock_init(void);

/* Moves the clock by offset_ms from the real time (unit tests). */
void clock_set_offset_ms(long long offset_ms);

/* The local date of t_ms ("YYYY-MM-DD") into out (>= CLOCK_DATE_LEN). */
void clock_date(long long t_ms, char *out);
/* Today's local date. */
void clock_today(char *out);

/* Parses "YYYY-MM-DD" strictly (a real calendar date); 0 or -1. With
 * epoch_ms not NULL, stores local midnight of that date. */
int clock_parse_date(const char *s, long long *epoch_ms);

#endif

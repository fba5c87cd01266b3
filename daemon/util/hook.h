/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Test hooks: places where a test can stop the daemon dead, to prove that a
 * crash exactly there loses nothing and repeats nothing. Compiled only with
 * TIENGDAN_TEST_HOOKS (never in production builds).
 */
#ifndef TIENGDAN_HOOK_H
#define TIENGDAN_HOOK_H

#include <stdbool.h>

#ifdef TIENGDAN_TEST_HOOKS
/* When the environment variable TIENGDAN_HOOK_PAUSE names point, creates
 * the file named by TIENGDAN_HOOK_FILE (if set) and sleeps until killed. */
void hook_pause(const char *point);
/* True when the environment variable TIENGDAN_HOOK_FAIL names point and
 * text contains TIENGDAN_HOOK_FAIL_TEXT (any text when unset): the caller
 * then fails as if its work had gone wrong. */
bool hook_fail(const char *point, const char *text);
#else
static inline void hook_pause(const char *point)
{
	(void)point;
}
static inline bool hook_fail(const char *point, const char *text)
{
	(void)point;
	(void)text;
	return false;
}
#endif

#endif

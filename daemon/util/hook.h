/*
 * Test hooks: places where a test can stop the daemon dead, to prove that a
 * crash exactly there loses nothing and repeats nothing. Compiled only with
 * TIENGDAN_TEST_HOOKS (never in production builds).
 */
#ifndef TIENGDAN_HOOK_H
#define TIENGDAN_HOOK_H

#ifdef TIENGDAN_TEST_HOOKS
/* When the environment variable TIENGDAN_HOOK_PAUSE names point, creates
 * the file named by TIENGDAN_HOOK_FILE (if set) and sleeps until killed. */
void hook_pause(const char *point);
#else
static inline void hook_pause(const char *point)
{
	(void)point;
}
#endif

#endif

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Test hooks (hook.h): a process told to pause at a point announces it with
 * a file and waits there to be killed.
 */
#include "util/hook.h"

#ifdef TIENGDAN_TEST_HOOKS
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/log.h"

void hook_pause(const char *point)
{
	const char *want = getenv("TIENGDAN_HOOK_PAUSE");
	const char *file = getenv("TIENGDAN_HOOK_FILE");

	if (!want || strcmp(want, point) != 0)
		return;
	log_warn("test hook: pausing at %s until killed", point);
	if (file) {
		int fd = open(file, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
		if (fd >= 0)
			close(fd);
	}
	for (;;)
		pause();
}

bool hook_fail(const char *point, const char *text)
{
	const char *want = getenv("TIENGDAN_HOOK_FAIL");
	const char *match = getenv("TIENGDAN_HOOK_FAIL_TEXT");

	if (!want || strcmp(want, point) != 0)
		return false;
	if (match && (!text || !strstr(text, match)))
		return false;
	log_warn("test hook: failing at %s", point);
	return true;
}
#else
/* Keeps the translation unit non-empty in production builds. */
typedef int hook_unused;
#endif

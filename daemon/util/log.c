/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Logging to standard error in a form journald understands: "<N>" priority
 * prefixes when run by systemd, plain "level tag: message" otherwise.
 */
#include "util/log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

/* Per thread: the daemon's control and processor threads name themselves. */
static _Thread_local char log_tag[64] = "tiengdan";
static enum log_level log_min = LOG_LVL_INFO;
static int log_journal = -1;

static const char *const level_names[] = {"error", "warn", "info", "debug"};
static const int level_syslog[] = {3, 4, 6, 7};

void log_init(const char *tag, enum log_level level)
{
	log_set_tag(tag);
	log_min = level;
	log_journal = getenv("JOURNAL_STREAM") != NULL;
}

void log_set_tag(const char *tag)
{
	snprintf(log_tag, sizeof(log_tag), "%s", tag ? tag : "tiengdan");
}

void log_set_level(enum log_level level)
{
	log_min = level;
}

int log_level_parse(const char *name)
{
	for (size_t i = 0; i < sizeof(level_names) / sizeof(level_names[0]); i++)
		if (strcasecmp(name, level_names[i]) == 0)
			return (int)i;
	return -1;
}

void log_vmsg(enum log_level level, const char *fmt, va_list ap)
{
	char line[2048];
	int n;

	if (level > log_min)
		return;
	if (log_journal < 0)
		log_journal = getenv("JOURNAL_STREAM") != NULL;
	if (log_journal) {
		n = snprintf(line, sizeof(line), "<%d>%s: ", level_syslog[level], log_tag);
	} else {
		struct timespec ts;
		struct tm tm;

		clock_gettime(CLOCK_REALTIME, &ts);
		gmtime_r(&ts.tv_sec, &tm);
		n = snprintf(line, sizeof(line), "%02d:%02d:%02d.%03ld %-5s %s: ", tm.tm_hour,
			     tm.tm_min, tm.tm_sec, ts.tv_nsec / 1000000, level_names[level],
			     log_tag);
	}
	if (n < 0 || (size_t)n >= sizeof(line))
		n = 0;
	vsnprintf(line + n, sizeof(line) - (size_t)n, fmt, ap);
	/* One write per line so lines from several processes do not interleave. */
	size_t len = strlen(line);
	if (len + 1 < sizeof(line)) {
		line[len++] = '\n';
		line[len] = '\0';
	} else {
		line[sizeof(line) - 2] = '\n';
		len = sizeof(line) - 1;
	}
	ssize_t w = write(STDERR_FILENO, line, len);
	(void)w;
}

void log_msg(enum log_level level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vmsg(level, fmt, ap);
	va_end(ap);
}

void fatal(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vmsg(LOG_LVL_ERROR, fmt, ap);
	va_end(ap);
	exit(1);
}

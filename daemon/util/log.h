/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Logging for the daemon, its workers and the console: levels, printf-checked,
 * the process tag (e.g. the modem id of a worker) added by the logger.
 */
#ifndef TIENGDAN_LOG_H
#define TIENGDAN_LOG_H

#include <stdarg.h>

enum log_level { LOG_LVL_ERROR = 0, LOG_LVL_WARN, LOG_LVL_INFO, LOG_LVL_DEBUG };

/* Sets the minimum level printed and the tag shown on every line ("main",
 * "modem:m1"); tag is copied. */
void log_init(const char *tag, enum log_level level);
void log_set_tag(const char *tag);
void log_set_level(enum log_level level);
/* Parses "error", "warn", "info", "debug"; returns -1 if unknown. */
int log_level_parse(const char *name);

void log_msg(enum log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void log_vmsg(enum log_level level, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

#define log_error(...) log_msg(LOG_LVL_ERROR, __VA_ARGS__)
#define log_warn(...) log_msg(LOG_LVL_WARN, __VA_ARGS__)
#define log_info(...) log_msg(LOG_LVL_INFO, __VA_ARGS__)
#define log_debug(...) log_msg(LOG_LVL_DEBUG, __VA_ARGS__)

/* Start-up only: logs and exits with status 1. */
void fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

#endif

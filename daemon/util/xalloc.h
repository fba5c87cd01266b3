/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Allocation wrappers that abort on exhaustion (there is nothing sensible a
 * daemon can do without memory), and small string helpers.
 */
#ifndef TIENGDAN_XALLOC_H
#define TIENGDAN_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
/* Returns NULL for NULL. */
char *xstrdup_null(const char *s);
/* printf into a fresh string; caller frees. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Copies src into dst (size n), truncating; dst is always terminated. */
void str_copy(char *dst, size_t n, const char *src);

#endif

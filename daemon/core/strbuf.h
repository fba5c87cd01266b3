/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A growing NUL-terminated string that remembers an allocation failure, so
 * its builder checks once at the end: the one string buffer of the code.
 */
#ifndef TIENGDAN_STRBUF_H
#define TIENGDAN_STRBUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct strbuf {
	char *s;    /* NUL-terminated once anything was put; NULL before */
	size_t len; /* bytes in s, the NUL not counted */
	size_t cap;
	bool oom; /* an allocation failed: s stays as it was, puts do nothing */
};

/* Appends n bytes of s (may be 0: s is then allocated and ""). */
void strbuf_put(struct strbuf *b, const void *s, size_t n);
void strbuf_puts(struct strbuf *b, const char *s);
/* Appends the UTF-8 of code point cp. */
void strbuf_put_cp(struct strbuf *b, int32_t cp);
/* The string, which the caller frees: "" when nothing was put, NULL after
 * an allocation failure. b is empty again. */
char *strbuf_take(struct strbuf *b);
void strbuf_free(struct strbuf *b);

#endif

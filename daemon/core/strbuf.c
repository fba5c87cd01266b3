/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The string buffer of strbuf.h.
 */
#include "core/strbuf.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

void strbuf_put(struct strbuf *b, const void *s, size_t n)
{
	if (b->oom)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 64;
		char *p;

		while (cap < b->len + n + 1)
			cap *= 2;
		p = realloc(b->s, cap);
		if (!p) {
			b->oom = true;
			return;
		}
		b->s = p;
		b->cap = cap;
	}
	if (n)
		memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void strbuf_puts(struct strbuf *b, const char *s)
{
	strbuf_put(b, s, strlen(s));
}

void strbuf_put_cp(struct strbuf *b, int32_t cp)
{
	utf8proc_uint8_t tmp[4];
	utf8proc_ssize_t n = utf8proc_encode_char(cp, tmp);

	strbuf_put(b, tmp, (size_t)n);
}

char *strbuf_take(struct strbuf *b)
{
	char *s;

	strbuf_put(b, "", 0);
	s = b->oom ? NULL : b->s;
	if (b->oom)
		free(b->s);
	*b = (struct strbuf){0};
	return s;
}

void strbuf_free(struct strbuf *b)
{
	free(b->s);
	*b = (struct strbuf){0};
}

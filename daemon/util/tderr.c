/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The error catalogue of tderr.h: recording an error and formatting it in
 * the reader's language.
 */
#include "util/tderr.h"

#include <stdio.h>
#include <string.h>

struct tderr_text {
	const char *vi;
	const char *en;
};

static const struct tderr_text texts[M__COUNT] = {
#define TDERR_TEXT(id, vi, en) [id] = {vi, en},
    TDERR_MESSAGES(TDERR_TEXT)
#undef TDERR_TEXT
};

static const char *const class_names[] = {
    [TDERR_OK] = "ok",
    [TDERR_INVALID] = "invalid",
    [TDERR_NOT_FOUND] = "not_found",
    [TDERR_CONFLICT] = "conflict",
    [TDERR_FORBIDDEN] = "forbidden",
    [TDERR_BAD_REQUEST] = "bad_request",
    [TDERR_INTERNAL] = "internal",
};

int tderr_set(struct tderr *e, enum tderr_class cls, enum tderr_msg msg, const char *a0,
	      const char *a1)
{
	if (!e)
		return -1;
	e->wrapped = false;
	e->cls = cls;
	e->msg = msg;
	snprintf(e->arg[0], sizeof(e->arg[0]), "%s", a0 ? a0 : "");
	snprintf(e->arg[1], sizeof(e->arg[1]), "%s", a1 ? a1 : "");
	return -1;
}

int tderr_wrap(struct tderr *e, enum tderr_msg msg, const char *a0)
{
	if (!e)
		return -1;
	if (!e->wrapped) {
		e->inner = e->msg;
		memcpy(e->inner_arg, e->arg, sizeof(e->arg));
	}
	e->wrapped = true;
	e->msg = msg;
	snprintf(e->arg[0], sizeof(e->arg[0]), "%s", a0 ? a0 : "");
	e->arg[1][0] = '\0';
	return -1;
}

const char *tderr_text(enum tderr_msg msg, const char *lang)
{
	if ((unsigned)msg >= M__COUNT)
		msg = M_INTERNAL;
	return lang && strcmp(lang, "en") == 0 ? texts[msg].en : texts[msg].vi;
}

void tderr_format(const struct tderr *e, const char *lang, char *buf, size_t len)
{
	const char *fmt = tderr_text(e->msg, lang);
	const char *args[2] = {e->arg[0], e->arg[1]};
	char inner[2 * TDERR_ARG_MAX + 256];
	size_t used = 0;
	int next = 0;

	if (e->wrapped) {
		struct tderr in = {.cls = e->cls, .msg = e->inner};
		memcpy(in.arg, e->inner_arg, sizeof(in.arg));
		tderr_format(&in, lang, inner, sizeof(inner));
		args[1] = inner;
	}

	/* Substitute each %s in turn; the catalogue holds no other specifier,
	 * so no printf with a format read from a table. */
	if (!len)
		return;
	buf[0] = '\0';
	for (const char *p = fmt; *p && used + 1 < len; p++) {
		if (p[0] == '%' && p[1] == 's' && next < 2) {
			int n = snprintf(buf + used, len - used, "%s", args[next++]);
			used += n > 0 ? (size_t)n : 0;
			if (used >= len)
				used = len - 1;
			p++;
			continue;
		}
		buf[used++] = *p;
		buf[used] = '\0';
	}
}

const char *tderr_class_name(enum tderr_class cls)
{
	if ((unsigned)cls >= sizeof(class_names) / sizeof(class_names[0]))
		return "internal";
	return class_names[cls];
}

int tderr_class_parse(const char *name)
{
	for (size_t i = 0; i < sizeof(class_names) / sizeof(class_names[0]); i++)
		if (name && strcmp(name, class_names[i]) == 0)
			return (int)i;
	return -1;
}

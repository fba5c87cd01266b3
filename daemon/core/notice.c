/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Notices and polls as villagers see them (notice.h): codes, targets, the
 * SMS that carries them and the choice a vote names.
 */
#include "core/notice.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/gsm7.h"
#include "core/normalize.h"
#include "core/strbuf.h"

#define CODE_DIGITS_MAX 15
#define GSM_PART 153
#define UCS2_PART 67

/* ---------------------------------------------------------------- codes */

void notice_code(long long id, char out[NOTICE_CODE_MAX])
{
	snprintf(out, NOTICE_CODE_MAX, "TB%lld", id);
}

/* A digit, or a letter that looks like one (O o -> 0, I i l L -> 1). */
static int digit_of(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch == 'O' || ch == 'o')
		return 0;
	if (ch == 'I' || ch == 'i' || ch == 'l' || ch == 'L')
		return 1;
	return -1;
}

long long notice_code_parse(const char *s)
{
	long long id = 0;
	int digits = 0;

	if (!s)
		return -1;
	while (*s == ' ')
		s++;
	if (strncasecmp(s, "TB", 2) == 0 || strncasecmp(s, "BQ", 2) == 0) {
		s += 2;
		while (*s == ' ' || *s == '-')
			s++;
	}
	for (; *s && *s != ' '; s++) {
		int d = digit_of(*s);
		if (d < 0 || ++digits > CODE_DIGITS_MAX)
			return -1;
		id = id * 10 + d;
	}
	while (*s == ' ')
		s++;
	return digits > 0 && !*s && id > 0 ? id : -1;
}

/* ---------------------------------------------------------------- targets */

static const char *const target_kinds[] = {
    [NOTICE_TO_VILLAGE] = "village",
    [NOTICE_TO_COMMUNE] = "commune",
    [NOTICE_TO_ALL] = "all",
    [NOTICE_TO_ROLE] = "role",
};
static const char *const roles[] = {"resident", "head", "deputy"};

const char *notice_target_kind_name(enum notice_target_kind kind)
{
	return (unsigned)kind < sizeof(target_kinds) / sizeof(target_kinds[0]) ? target_kinds[kind]
									       : "?";
}

int notice_target_kind_parse(const char *name)
{
	for (size_t i = 0; name && i < sizeof(target_kinds) / sizeof(target_kinds[0]); i++)
		if (strcmp(target_kinds[i], name) == 0)
			return (int)i;
	return -1;
}

int notice_target_parse(const char *s, struct notice_target *out)
{
	const char *colon = s ? strchr(s, ':') : NULL;
	size_t klen = colon ? (size_t)(colon - s) : (s ? strlen(s) : 0);
	int kind = -1;

	memset(out, 0, sizeof(*out));
	for (size_t i = 0; s && i < sizeof(target_kinds) / sizeof(target_kinds[0]); i++)
		if (strlen(target_kinds[i]) == klen && strncasecmp(s, target_kinds[i], klen) == 0)
			kind = (int)i;
	if (kind < 0 || (kind == NOTICE_TO_ALL) != !colon)
		return -1;
	out->kind = (enum notice_target_kind)kind;
	if (kind == NOTICE_TO_ALL)
		return 0;
	if (!colon[1] || strlen(colon + 1) >= sizeof(out->value) || strchr(colon + 1, ' '))
		return -1;
	snprintf(out->value, sizeof(out->value), "%s", colon + 1);
	if (kind != NOTICE_TO_ROLE)
		return 0;
	for (size_t i = 0; i < sizeof(roles) / sizeof(roles[0]); i++)
		if (strcasecmp(roles[i], out->value) == 0) {
			snprintf(out->value, sizeof(out->value), "%s", roles[i]);
			return 0;
		}
	return -1;
}

/* ---------------------------------------------------------------- choices */

/* Characters (code points) of UTF-8 text. */
static size_t utf8_chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

void notice_choices_free(char **labels, size_t n)
{
	for (size_t i = 0; labels && i < n; i++)
		free(labels[i]);
	free(labels);
}

/* A copy of s[0..len) without the white space around it; NULL when out of
 * memory. */
static char *trimmed(const char *s, size_t len)
{
	char *out;

	while (len && isspace((unsigned char)*s))
		s++, len--;
	while (len && isspace((unsigned char)s[len - 1]))
		len--;
	if (!(out = malloc(len + 1)))
		return NULL;
	memcpy(out, s, len);
	out[len] = '\0';
	return out;
}

/* Checks the labels: none empty or too long, no two folding alike. */
static const char *choices_check(char **labels, size_t n)
{
	char *folded[NOTICE_CHOICES_MAX] = {NULL};
	const char *why = NULL;

	for (size_t i = 0; i < n && !why; i++) {
		if (!labels[i][0])
			why = "an empty choice";
		else if (utf8_chars(labels[i]) > NOTICE_CHOICE_CHARS)
			why = "a choice longer than 30 characters";
		else if (!(folded[i] = norm_fold(labels[i], strlen(labels[i]))) || !folded[i][0])
			why = folded[i] ? "a choice without letters or digits" : "out of memory";
		for (size_t j = 0; j < i && !why; j++)
			if (strcmp(folded[i], folded[j]) == 0)
				why = "two choices are the same";
	}
	for (size_t i = 0; i < n; i++)
		free(folded[i]);
	return why;
}

int notice_choices_parse(const char *s, char ***labels, const char **why)
{
	char **v = calloc(NOTICE_CHOICES_MAX + 1, sizeof(*v));
	size_t n = 0;

	*labels = NULL;
	*why = "out of memory";
	if (!v)
		return -1;
	for (const char *p = s ? s : ""; n <= NOTICE_CHOICES_MAX;) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);

		if (!(v[n++] = trimmed(p, len)))
			goto fail;
		if (!comma)
			break;
		p = comma + 1;
	}
	*why = n < NOTICE_CHOICES_MIN	? "fewer than 2 choices"
	       : n > NOTICE_CHOICES_MAX ? "more than 9 choices"
					: choices_check(v, n);
	if (*why)
		goto fail;
	*labels = v;
	return (int)n;
fail:
	notice_choices_free(v, n);
	return -1;
}

int notice_choice_match(const char *typed, const char *const *folded, size_t n)
{
	char *key = typed ? norm_fold(typed, strlen(typed)) : NULL;
	size_t best_len = 0, digits;
	int best = 0;

	if (!key)
		return 0;
	digits = strspn(key, "0123456789");
	if (digits > 0 && (key[digits] == ' ' || !key[digits])) {
		long no = digits <= 2 ? strtol(key, NULL, 10) : 0;
		free(key);
		return no >= 1 && (size_t)no <= n ? (int)no : 0;
	}
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(folded[i]);
		if (len > best_len && strncmp(key, folded[i], len) == 0 &&
		    (key[len] == ' ' || !key[len])) {
			best = (int)i + 1;
			best_len = len;
		}
	}
	free(key);
	return best;
}

char *notice_choices_line(const char *const *labels, size_t n)
{
	size_t len = 1;
	char *out, *p;

	for (size_t i = 0; i < n; i++)
		len += strlen(labels[i]) + 8;
	if (!(p = out = malloc(len)))
		return NULL;
	*p = '\0';
	for (size_t i = 0; i < n; i++)
		p += sprintf(p, "%s%zu=%s", i ? " " : "", i + 1, labels[i]);
	return out;
}

/* ---------------------------------------------------------------- SMS */

/* Appends s with each run of white space as one space, trimmed. */
static void put_squashed(struct strbuf *b, const char *s)
{
	bool space = false, any = false;

	for (; s && *s; s++) {
		if (isspace((unsigned char)*s)) {
			space = any;
			continue;
		}
		if (space)
			strbuf_put(b, " ", 1);
		strbuf_put(b, s, 1);
		space = false;
		any = true;
	}
}

char *notice_sms_text(const struct notice_sms *n)
{
	struct strbuf b = {0};
	char code[NOTICE_CODE_MAX], num[32];
	bool gw = n->gateway && n->gateway[0];
	char *out;

	notice_code(n->id, code);
	strbuf_puts(&b, code);
	if (n->n_choices > 0) {
		strbuf_puts(&b, " Bieu quyet: ");
		put_squashed(&b, n->body);
		for (size_t i = 0; i < n->n_choices; i++) {
			snprintf(num, sizeof(num), "%s%zu=", i ? ", " : " ", i + 1);
			strbuf_puts(&b, num);
			put_squashed(&b, n->choices[i]);
		}
		snprintf(num, sizeof(num), ". Soan BQ %lld <so>", n->id);
		strbuf_puts(&b, num);
		if (gw) {
			strbuf_puts(&b, " gui ");
			strbuf_puts(&b, n->gateway);
		}
		if (n->closes) {
			strbuf_puts(&b, ", han ");
			strbuf_puts(&b, n->closes);
		}
	} else {
		strbuf_puts(&b, " ");
		put_squashed(&b, n->title);
		strbuf_puts(&b, ": ");
		put_squashed(&b, n->body);
		if (n->want_ack) {
			/* The text ends a sentence before the request. */
			if (b.len && !strchr(".!?", b.s[b.len - 1]))
				strbuf_puts(&b, ".");
			strbuf_puts(&b, " Da doc xin soan XN ");
			strbuf_puts(&b, code);
			if (gw) {
				strbuf_puts(&b, " gui ");
				strbuf_puts(&b, n->gateway);
			}
		}
	}
	if (b.oom) {
		free(b.s);
		return NULL;
	}
	if (n->ucs2)
		return b.s;
	out = gsm7_translit(b.s);
	free(b.s);
	return out;
}

int notice_sms_segments(const char *text, long *units, long *limit)
{
	long n = gsm7_septets(text), part = GSM_PART;

	*limit = NOTICE_GSM_MAX;
	if (n < 0) {
		/* UTF-16 code units: two for a character outside the BMP. */
		n = 0;
		for (const unsigned char *p = (const unsigned char *)text; *p; p++)
			if ((*p & 0xC0) != 0x80)
				n += *p >= 0xF0 ? 2 : 1;
		*limit = NOTICE_UCS2_MAX;
		part = UCS2_PART;
	}
	*units = n;
	return n <= *limit ? 1 : (int)((n + part - 1) / part);
}

char *notice_reminder_text(const char *sms)
{
	static const char prefix[] = "Nhac lai: ";
	size_t len = strlen(sms);
	char *out = malloc(sizeof(prefix) + len);
	long units, limit;

	if (!out)
		return NULL;
	memcpy(out, prefix, sizeof(prefix) - 1);
	memcpy(out + sizeof(prefix) - 1, sms, len + 1);
	if (notice_sms_segments(out, &units, &limit) == 1)
		return out;
	memcpy(out, sms, len + 1);
	return out;
}

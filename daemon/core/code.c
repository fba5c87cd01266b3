/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Tracking codes: generation from a caller-supplied random source, the Damm
 * check digit, and a forgiving reader for codes typed on a keypad.
 */
#include "core/code.h"

#include <ctype.h>
#include <string.h>

/* The Damm quasigroup of order 10 (a weakly totally anti-symmetric one):
 * detects every single-digit error and every adjacent transposition. */
static const uint8_t damm_table[10][10] = {
    {0, 3, 1, 7, 5, 9, 8, 6, 4, 2}, {7, 0, 9, 2, 1, 5, 4, 8, 6, 3}, {4, 2, 0, 6, 8, 7, 1, 3, 5, 9},
    {1, 7, 5, 0, 9, 8, 3, 4, 2, 6}, {6, 1, 2, 3, 0, 4, 5, 9, 7, 8}, {3, 6, 7, 4, 2, 0, 9, 5, 8, 1},
    {5, 8, 6, 9, 7, 2, 0, 1, 3, 4}, {8, 9, 4, 5, 3, 6, 2, 0, 1, 7}, {9, 4, 3, 8, 6, 1, 7, 2, 0, 5},
    {2, 5, 8, 1, 4, 3, 6, 7, 9, 0},
};

/* Prefix of each kind, indexed by enum code_kind. */
static const char *const kind_prefixes[] = {
    [CODE_KIND_NONE] = "",	     [CODE_KIND_FEEDBACK] = "PA", [CODE_KIND_COMPLAINT] = "KN",
    [CODE_KIND_DENUNCIATION] = "TC", [CODE_KIND_MEETING] = "HT",
};

#define N_KINDS (sizeof(kind_prefixes) / sizeof(kind_prefixes[0]))

/* Fewest real digits (not look-alike letters) a code must contain, so that
 * a word such as "lol" is never read as digits. */
#define CODE_MIN_REAL_DIGITS 4

int code_damm(const char *s, size_t n)
{
	int interim = 0;

	for (size_t i = 0; i < n; i++)
		interim = damm_table[interim][s[i] - '0'];
	return interim;
}

const char *code_kind_prefix(enum code_kind kind)
{
	if ((size_t)kind >= N_KINDS)
		return "";
	return kind_prefixes[kind];
}

enum code_kind code_kind_from_prefix(const char *p)
{
	for (size_t k = 1; k < N_KINDS; k++)
		if (toupper((unsigned char)p[0]) == kind_prefixes[k][0] &&
		    toupper((unsigned char)p[1]) == kind_prefixes[k][1])
			return (enum code_kind)k;
	return CODE_KIND_NONE;
}

char code_fold_lookalike(char c)
{
	switch (c) {
	case 'O':
	case 'o':
		return '0';
	case 'I':
	case 'i':
	case 'l':
	case 'L':
		return '1';
	default:
		return c;
	}
}

int code_generate(enum code_kind kind, code_random_fn rnd, void *ctx, struct tracking_code *out)
{
	size_t have = 0;
	uint8_t buf[16];

	if (kind == CODE_KIND_NONE || (size_t)kind >= N_KINDS || !rnd)
		return -1;
	/* Rejection sampling keeps the digits uniform: 250 = 25 * 10. */
	while (have < CODE_DIGITS - 1) {
		if (rnd(ctx, buf, sizeof(buf)) != 0)
			return -1;
		for (size_t i = 0; i < sizeof(buf) && have < CODE_DIGITS - 1; i++)
			if (buf[i] < 250)
				out->digits[have++] = (char)('0' + buf[i] % 10);
	}
	out->digits[CODE_DIGITS - 1] = (char)('0' + code_damm(out->digits, CODE_DIGITS - 1));
	out->digits[CODE_DIGITS] = '\0';
	out->kind = kind;
	memcpy(out->prefix, kind_prefixes[kind], 3);
	return 0;
}

/* Copies s without spaces and dashes into buf (at most cap-1 bytes);
 * returns the length, or cap if it does not fit. */
static size_t compact(const char *s, size_t len, char *buf, size_t cap)
{
	size_t n = 0;

	for (size_t i = 0; i < len && s[i]; i++) {
		if (s[i] == ' ' || s[i] == '-' || s[i] == '\t')
			continue;
		if (n + 1 >= cap)
			return cap;
		buf[n++] = s[i];
	}
	buf[n] = '\0';
	return n;
}

enum code_status code_parse(const char *s, size_t len, struct tracking_code *out)
{
	char buf[16];
	const char *d = buf;
	size_t n = compact(s, len, buf, sizeof(buf));
	int real = 0;
	struct tracking_code c = {0};

	if (n == CODE_DIGITS + 2) {
		c.kind = code_kind_from_prefix(buf);
		if (c.kind == CODE_KIND_NONE)
			return CODE_NOT_A_CODE;
		memcpy(c.prefix, kind_prefixes[c.kind], 3);
		d = buf + 2;
	} else if (n != CODE_DIGITS) {
		return CODE_NOT_A_CODE;
	}
	for (size_t i = 0; i < CODE_DIGITS; i++) {
		char ch = code_fold_lookalike(d[i]);
		if (ch < '0' || ch > '9')
			return CODE_NOT_A_CODE;
		real += ch == d[i];
		c.digits[i] = ch;
	}
	if (real < CODE_MIN_REAL_DIGITS)
		return CODE_NOT_A_CODE;
	*out = c;
	return code_damm(c.digits, CODE_DIGITS) == 0 ? CODE_OK : CODE_BAD_CHECK;
}

char *code_format(const struct tracking_code *c, char buf[CODE_MAX_LEN])
{
	size_t p = strlen(c->prefix);

	memcpy(buf, c->prefix, p);
	memcpy(buf + p, c->digits, CODE_DIGITS + 1);
	return buf;
}

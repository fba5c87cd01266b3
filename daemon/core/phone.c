/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Phone number normalisation (E.164) for senders and recipients.
 */
#include "core/phone.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#define PHONE_SHORT_MAX 6

static void copy_raw(const char *raw, char *out, size_t outlen)
{
	snprintf(out, outlen, "%s", raw);
}

enum phone_kind phone_normalize(const char *raw, const char *country_code, char *out, size_t outlen)
{
	char digits[64];
	size_t n = 0;
	int plus = 0;
	const char *cc = country_code && *country_code ? country_code : "84";
	size_t cclen = strlen(cc);

	for (const char *p = raw; *p; p++) {
		unsigned char c = (unsigned char)*p;

		if (isdigit(c)) {
			if (n + 1 >= sizeof(digits))
				goto alpha;
			digits[n++] = (char)c;
		} else if (c == '+' && n == 0 && !plus) {
			plus = 1;
		} else if (c != ' ' && c != '-' && c != '.' && c != '(' && c != ')') {
			goto alpha;
		}
	}
	digits[n] = '\0';
	if (n == 0)
		goto alpha;
	if (plus) {
		snprintf(out, outlen, "+%s", digits);
		return PHONE_PERSON;
	}
	if (n <= PHONE_SHORT_MAX) {
		copy_raw(digits, out, outlen);
		return PHONE_SHORT;
	}
	if (strncmp(digits, "00", 2) == 0) {
		snprintf(out, outlen, "+%s", digits + 2);
		return PHONE_PERSON;
	}
	if (digits[0] == '0') {
		snprintf(out, outlen, "+%s%s", cc, digits + 1);
		return PHONE_PERSON;
	}
	if (strncmp(digits, cc, cclen) == 0 && n >= cclen + 8) {
		snprintf(out, outlen, "+%s", digits);
		return PHONE_PERSON;
	}
	snprintf(out, outlen, "+%s%s", cc, digits);
	return PHONE_PERSON;
alpha:
	copy_raw(raw, out, outlen);
	return PHONE_ALPHA;
}

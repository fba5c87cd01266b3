/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Phone numbers: normalisation to E.164 and telling a person's number from
 * an alphanumeric sender or a short code.
 */
#ifndef TIENGDAN_PHONE_H
#define TIENGDAN_PHONE_H

#include <stddef.h>

enum phone_kind {
	PHONE_PERSON = 0, /* a subscriber number, normalised to +<cc><number> */
	PHONE_SHORT,	  /* a short code (up to 6 digits): kept as received */
	PHONE_ALPHA,	  /* alphanumeric sender ("Viettel"): kept as received */
};

/* Normalises raw into out (size outlen) using country_code (digits, e.g.
 * "84") for national numbers: "0912 345 678" -> "+84912345678",
 * "84912345678" -> "+84912345678", "0084..." -> "+84...". Spaces, dots and
 * dashes are ignored. Alphanumeric senders and short codes are copied as
 * they are. Returns the kind. */
enum phone_kind phone_normalize(const char *raw, const char *country_code, char *out,
				size_t outlen);

#endif

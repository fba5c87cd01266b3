/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Tracking codes: a two-letter prefix for the kind of case, six random
 * digits and one Damm check digit (PA4829138). Pure: no I/O, no globals.
 */
#ifndef TIENGDAN_CODE_H
#define TIENGDAN_CODE_H

#include <stddef.h>
#include <stdint.h>

enum code_kind {
	CODE_KIND_NONE = 0,	/* no prefix typed */
	CODE_KIND_FEEDBACK,	/* PA */
	CODE_KIND_COMPLAINT,	/* KN */
	CODE_KIND_DENUNCIATION, /* TC */
	CODE_KIND_MEETING,	/* HT */
};

enum code_status {
	CODE_OK = 0,
	CODE_NOT_A_CODE, /* wrong shape: not a tracking code at all */
	CODE_BAD_CHECK,	 /* right shape, but the check digit fails */
};

#define CODE_DIGITS 7	/* six random digits and the check digit */
#define CODE_MAX_LEN 10 /* "PA4829138" and its NUL */

struct tracking_code {
	enum code_kind kind;	      /* CODE_KIND_NONE if no prefix was typed */
	char digits[CODE_DIGITS + 1]; /* "4829138" */
	char prefix[3];		      /* "PA", or "" if none was typed */
};

/* Fills buf with n random bytes; returns 0, or -1 on failure. The caller
 * supplies it (e.g. reading getrandom()), so this module does no I/O. */
typedef int (*code_random_fn)(void *ctx, uint8_t *buf, size_t n);

/* The Damm check digit (0..9) over the n ASCII digits of s. */
int code_damm(const char *s, size_t n);

/* Makes a new code of kind (not CODE_KIND_NONE) with digits from rnd. Returns
 * 0, or -1 if kind is invalid or rnd fails. */
int code_generate(enum code_kind kind, code_random_fn rnd, void *ctx, struct tracking_code *out);

/* Reads a code as a person types it: prefix optional (PA, KN, TC, HT), any
 * case, spaces and dashes anywhere, O/o read as 0 and I/i/l/L as 1 in the
 * digits. Reads at most len bytes of s (ASCII expected; anything else makes
 * it no code). On CODE_OK and CODE_BAD_CHECK, *out holds what was read. */
enum code_status code_parse(const char *s, size_t len, struct tracking_code *out);

/* Writes "PA4829138" (or "4829138" without prefix) into buf; returns buf. */
char *code_format(const struct tracking_code *c, char buf[CODE_MAX_LEN]);

/* The two-letter prefix of kind ("PA"), or "" for CODE_KIND_NONE. */
const char *code_kind_prefix(enum code_kind kind);

/* The kind named by a two-letter prefix in any case, or CODE_KIND_NONE. */
enum code_kind code_kind_from_prefix(const char *p);

/* Folds a look-alike letter to its digit ('O' -> '0', 'l' -> '1'); returns
 * c unchanged otherwise. */
char code_fold_lookalike(char c);

#endif

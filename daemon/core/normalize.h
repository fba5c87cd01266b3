/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Text normalisation for the SMS language: the NFC text that is stored, and
 * the folded key used for matching (no diacritics, lower case, ASCII for
 * full-width forms, split at separators), plus the Telex/VNI and look-alike
 * folds applied to keyword words and codes. Pure: libc and utf8proc only.
 */
#ifndef TIENGDAN_NORMALIZE_H
#define TIENGDAN_NORMALIZE_H

#include <stdbool.h>
#include <stddef.h>

/* One word of the folded key and where it came from in the NFC text. */
struct norm_token {
	char *key;    /* folded, NUL-terminated (ASCII unless the text was not) */
	size_t start; /* byte offset of the word in norm_text.nfc */
	size_t end;   /* byte offset just past the word */
};

struct norm_text {
	char *nfc; /* the text in NFC, invalid bytes replaced by U+FFFD */
	size_t nfc_len;
	bool invalid_utf8; /* true if anything had to be replaced */
	char *folded;	   /* the token keys joined by single spaces */
	struct norm_token *tokens;
	size_t n_tokens;
};

/* Returns the NFC of in (len bytes, need not be NUL-terminated) as a new
 * string the caller frees; invalid UTF-8 and NUL bytes become U+FFFD and set
 * *invalid (may be NULL). Returns NULL only when out of memory. */
char *norm_nfc(const char *in, size_t len, bool *invalid);

/* Normalises in (len bytes) into *out, which the caller frees with
 * norm_text_free. Returns 0, or -1 when out of memory (*out is NULL). */
int norm_text_new(const char *in, size_t len, struct norm_text **out);
void norm_text_free(struct norm_text *t);

/* Returns the folded key of in (tokens joined by one space), a new string
 * the caller frees, or NULL when out of memory. */
char *norm_fold(const char *in, size_t len);

/* True if the code point is a separator of the SMS language (white space
 * and . , ; : - _ # * + / \ | ( ) [ ] = !). */
bool norm_is_separator(long cp);

/* True if a folded token looks like a code: at most two letters, then only
 * digits and look-alike letters (o, i, l) with at least one digit ("tb12",
 * "pa4829i38", "12"). Keyword folds never touch such a token. */
bool norm_is_code_like(const char *key);

/* Folds typing-tool leftovers out of one folded keyword word: VNI digits
 * ("pha3n" -> "phan"), doubled-vowel Telex (aa ee oo dd aw ow uw) and one
 * Telex tone letter (s f r x j) at the end ("anhs" -> "anh"). A code-like
 * word is copied unchanged. Writes at most cap bytes with the NUL into out
 * and returns the length, or (size_t)-1 if it does not fit. */
size_t norm_fold_keyword_word(const char *key, char *out, size_t cap);

/* Folds look-alike letters to digits in place (O o -> 0, I i l L -> 1). */
void norm_fold_lookalikes(char *s);

#endif

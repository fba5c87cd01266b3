/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Text normalisation with utf8proc: NFC for storage, a folded and tokenised
 * key for matching, and the Telex/VNI and look-alike folds. Invalid UTF-8 is
 * replaced by U+FFFD and flagged, never trusted and never fatal.
 */
#include "core/normalize.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "core/strbuf.h"

/* Separators of the SMS language besides white space and control codes. */
static const char ascii_separators[] = ".,;:-_#*+/\\|()[]=!";

/* ------------------------------------------------------------------- NFC */

/* Copies in to b with every invalid sequence (and NUL) replaced by U+FFFD;
 * returns true if anything was replaced. */
static bool sanitize(const char *in, size_t len, struct strbuf *b)
{
	bool bad = false;
	size_t i = 0;

	strbuf_put(b, "", 0);
	while (i < len) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)in + i,
						      (utf8proc_ssize_t)(len - i), &cp);
		if (n <= 0 || cp == 0) {
			strbuf_put_cp(b, 0xFFFD);
			bad = true;
			i++;
			continue;
		}
		strbuf_put(b, in + i, (size_t)n);
		i += (size_t)n;
	}
	return bad;
}

char *norm_nfc(const char *in, size_t len, bool *invalid)
{
	struct strbuf b = {0};
	utf8proc_uint8_t *out = NULL;
	bool bad = sanitize(in, len, &b);

	if (invalid)
		*invalid = bad;
	if (b.oom)
		goto out;
	if (utf8proc_map((const utf8proc_uint8_t *)b.s, (utf8proc_ssize_t)b.len, &out,
			 UTF8PROC_STABLE | UTF8PROC_COMPOSE) < 0)
		out = NULL;
out:
	free(b.s);
	return (char *)out;
}

/* ---------------------------------------------------------------- folding */

bool norm_is_separator(long cp)
{
	if (cp < 0x80)
		return cp <= 0x20 || cp == 0x7F || (cp && strchr(ascii_separators, (int)cp));
	switch (utf8proc_category((utf8proc_int32_t)cp)) {
	case UTF8PROC_CATEGORY_ZS:
	case UTF8PROC_CATEGORY_ZL:
	case UTF8PROC_CATEGORY_ZP:
	case UTF8PROC_CATEGORY_CC:
		return true;
	default:
		return false;
	}
}

/* Folds one code point of NFC text into dst (cap entries): compatibility
 * decomposition (full-width -> ASCII), case fold, combining marks U+0300..
 * U+036F dropped, đ/Đ -> d. Returns the number of code points written. */
static size_t fold_cp(int32_t cp, int32_t *dst, size_t cap)
{
	utf8proc_int32_t tmp[32];
	utf8proc_ssize_t n;
	size_t out = 0;

	if (cp == 0x110 || cp == 0x111) {
		dst[0] = 'd';
		return 1;
	}
	n = utf8proc_decompose_char(cp, tmp, 32,
				    UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD, NULL);
	if (n <= 0 || n > 32) {
		dst[0] = 0xFFFD;
		return 1;
	}
	for (utf8proc_ssize_t i = 0; i < n && out < cap; i++) {
		if (tmp[i] >= 0x300 && tmp[i] <= 0x36F)
			continue;
		dst[out++] = (tmp[i] == 0x110 || tmp[i] == 0x111) ? 'd' : tmp[i];
	}
	return out;
}

/* Appends a token [start, end) whose key begins at byte key_at of keys. */
static int push_token(struct norm_text *t, size_t *cap, size_t key_at, size_t start, size_t end)
{
	if (t->n_tokens == *cap) {
		size_t ncap = *cap ? *cap * 2 : 8;
		struct norm_token *v = realloc(t->tokens, ncap * sizeof(*v));
		if (!v)
			return -1;
		t->tokens = v;
		*cap = ncap;
	}
	t->tokens[t->n_tokens++] =
	    (struct norm_token){.key = (char *)(uintptr_t)key_at, .start = start, .end = end};
	return 0;
}

/* Splits t->nfc into folded tokens: builds t->folded ("a b c") and points
 * each token's key into a NUL-separated copy of it. Returns 0 or -1. */
static int tokenize(struct norm_text *t)
{
	struct strbuf f = {0};
	size_t cap = 0, pos = 0, start = 0, end = 0, key_at = 0;
	bool open = false;

	strbuf_put(&f, "", 0);
	while (pos < t->nfc_len) {
		utf8proc_int32_t cp, dst[32];
		utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)t->nfc + pos,
						      (utf8proc_ssize_t)(t->nfc_len - pos), &cp);
		if (n <= 0) /* cannot happen after sanitize(); be safe anyway */
			n = 1, cp = 0xFFFD;
		size_t nd = fold_cp(cp, dst, 32);
		for (size_t i = 0; i < nd; i++) {
			if (norm_is_separator(dst[i])) {
				if (open && push_token(t, &cap, key_at, start, end) != 0)
					goto fail;
				open = false;
				continue;
			}
			if (!open) {
				if (f.len > 0)
					strbuf_put(&f, " ", 1);
				key_at = f.len;
				start = pos;
				open = true;
			}
			strbuf_put_cp(&f, dst[i]);
			end = pos + (size_t)n;
		}
		pos += (size_t)n;
	}
	if (open && push_token(t, &cap, key_at, start, end) != 0)
		goto fail;
	if (f.oom)
		goto fail;
	t->folded = f.s;
	return 0;
fail:
	free(f.s);
	return -1;
}

int norm_text_new(const char *in, size_t len, struct norm_text **out)
{
	struct norm_text *t = calloc(1, sizeof(*t));
	char *keys = NULL;

	*out = NULL;
	if (!t)
		return -1;
	t->nfc = norm_nfc(in, len, &t->invalid_utf8);
	if (!t->nfc)
		goto fail;
	t->nfc_len = strlen(t->nfc);
	if (tokenize(t) != 0)
		goto fail;
	/* Keys live in one NUL-separated copy of the folded string, stored
	 * after it in the same allocation. */
	size_t flen = strlen(t->folded);
	keys = realloc(t->folded, 2 * (flen + 1));
	if (!keys)
		goto fail;
	t->folded = keys;
	keys += flen + 1;
	memcpy(keys, t->folded, flen + 1);
	for (size_t i = 0; i < flen; i++)
		if (keys[i] == ' ')
			keys[i] = '\0';
	for (size_t i = 0; i < t->n_tokens; i++)
		t->tokens[i].key = keys + (uintptr_t)t->tokens[i].key;
	*out = t;
	return 0;
fail:
	norm_text_free(t);
	return -1;
}

void norm_text_free(struct norm_text *t)
{
	if (!t)
		return;
	free(t->nfc);
	free(t->folded);
	free(t->tokens);
	free(t);
}

char *norm_fold(const char *in, size_t len)
{
	struct norm_text *t = NULL;
	char *s;

	if (norm_text_new(in, len, &t) != 0)
		return NULL;
	s = strdup(t->folded);
	norm_text_free(t);
	return s;
}

/* ------------------------------------------------------ keywords and codes */

static bool is_lower(char c)
{
	return c >= 'a' && c <= 'z';
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

bool norm_is_code_like(const char *key)
{
	size_t i = 0;
	bool digit = false;

	while (i < 2 && is_lower(key[i]))
		i++;
	if (!key[i])
		return false;
	for (; key[i]; i++) {
		if (is_digit(key[i]))
			digit = true;
		else if (key[i] != 'o' && key[i] != 'i' && key[i] != 'l')
			return false;
	}
	return digit;
}

/* True if the Telex sequence "c next" stands for one letter: a doubled
 * vowel or d (â ê ô đ) or a vowel with w (ă ơ ư). */
static bool telex_pair(char c, char next)
{
	if (c == next)
		return c == 'a' || c == 'e' || c == 'o' || c == 'd';
	return next == 'w' && (c == 'a' || c == 'o' || c == 'u');
}

size_t norm_fold_keyword_word(const char *key, char *out, size_t cap)
{
	size_t n = 0, len = strlen(key);
	bool letters = false;

	if (len + 1 > cap)
		return (size_t)-1;
	if (norm_is_code_like(key)) {
		memcpy(out, key, len + 1);
		return len;
	}
	for (size_t i = 0; i < len; i++)
		letters |= is_lower(key[i]);
	for (size_t i = 0; i < len; i++) {
		if (letters && is_digit(key[i]))
			continue; /* VNI tone or vowel digit */
		if (n > 0 && telex_pair(out[n - 1], key[i]))
			continue;
		out[n++] = key[i];
	}
	if (n > 1 && strchr("sfrxj", out[n - 1]))
		n--; /* Telex tone letter left at the end */
	out[n] = '\0';
	return n;
}

void norm_fold_lookalikes(char *s)
{
	for (; *s; s++) {
		if (*s == 'O' || *s == 'o')
			*s = '0';
		else if (*s == 'I' || *s == 'i' || *s == 'l' || *s == 'L')
			*s = '1';
	}
}

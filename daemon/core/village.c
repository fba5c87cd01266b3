/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Village names as people write them: the key that makes "Da KNang",
 * "Đạ K’Nàng" and "Đạ K'Nàng" one name, and the matchers over a message's
 * tokens (village.h).
 */
#include "core/village.h"

#include <stdlib.h>
#include <string.h>

#define KEY_MAX 160

/* Words that may stand before a village's name. */
static const char *const markers[] = {"thon", "buon", "bon", "xa"};

/* Roman numerals villages are numbered with, I to XII. */
static const char *const romans[] = {"i",   "ii",   "iii", "iv", "v",  "vi",
				     "vii", "viii", "ix",  "x",	 "xi", "xii"};

bool village_is_marker(const char *key)
{
	for (size_t i = 0; i < sizeof(markers) / sizeof(markers[0]); i++)
		if (strcmp(markers[i], key) == 0)
			return true;
	return false;
}

/* Length of an apostrophe at s (' ` ´ ’ ‘ ʼ), 0 if none. */
static size_t apostrophe(const unsigned char *s)
{
	if (s[0] == '\'' || s[0] == '`')
		return 1;
	if (s[0] == 0xc2 && s[1] == 0xb4) /* ´ */
		return 2;
	if (s[0] == 0xca && s[1] == 0xbc) /* ʼ */
		return 2;
	if (s[0] == 0xe2 && s[1] == 0x80 && (s[2] == 0x98 || s[2] == 0x99)) /* ‘ ’ */
		return 3;
	return 0;
}

/* Appends the key of one folded word to buf (length *len); -1 if full. */
static int append_word(char *buf, size_t *len, const char *word)
{
	char tmp[KEY_MAX];
	size_t n = 0;

	for (const unsigned char *p = (const unsigned char *)word; *p;) {
		size_t a = apostrophe(p);
		if (a) {
			p += a;
			continue;
		}
		if (n + 1 >= sizeof(tmp))
			return -1;
		tmp[n++] = (char)*p++;
	}
	tmp[n] = '\0';
	for (size_t i = 0; i < sizeof(romans) / sizeof(romans[0]); i++)
		if (strcmp(romans[i], tmp) == 0) {
			n = (size_t)(i + 1 >= 10 ? 2 : 1);
			tmp[0] = (char)(i + 1 >= 10 ? '1' : '0' + (int)(i + 1));
			if (n == 2)
				tmp[1] = (char)('0' + (int)(i + 1 - 10));
			tmp[n] = '\0';
			break;
		}
	if (*len + n + 1 > KEY_MAX)
		return -1;
	memcpy(buf + *len, tmp, n + 1);
	*len += n;
	return 0;
}

/* The key of tokens first..first+n-1 (a leading marker dropped) into buf
 * (KEY_MAX); -1 when it does not fit. */
static int tokens_key(const struct norm_text *t, size_t first, size_t n, char *buf)
{
	size_t len = 0;

	buf[0] = '\0';
	if (n > 1 && village_is_marker(t->tokens[first].key)) {
		first++;
		n--;
	}
	for (size_t i = first; i < first + n; i++)
		if (append_word(buf, &len, t->tokens[i].key) < 0)
			return -1;
	return 0;
}

char *village_key(const char *name)
{
	struct norm_text *t = NULL;
	char buf[KEY_MAX];
	char *out;

	if (norm_text_new(name, strlen(name), &t) != 0)
		return NULL;
	if (t->n_tokens == 0 || tokens_key(t, 0, t->n_tokens, buf) < 0)
		buf[0] = '\0';
	out = strdup(buf);
	norm_text_free(t);
	return out;
}

int village_match(const char *const *keys, size_t n, const struct norm_text *t, size_t first,
		  size_t *n_tokens)
{
	char buf[KEY_MAX];

	for (size_t len = VILLAGE_MAX_WORDS; len >= 1; len--) {
		if (first + len > t->n_tokens || tokens_key(t, first, len, buf) < 0 || !buf[0])
			continue;
		for (size_t i = 0; i < n; i++)
			if (keys[i][0] && strcmp(keys[i], buf) == 0) {
				if (n_tokens)
					*n_tokens = len;
				return (int)i;
			}
	}
	return -1;
}

int village_in_text(const char *const *keys, size_t n, const struct norm_text *t)
{
	for (size_t i = 0; i + 1 < t->n_tokens; i++) {
		int v;
		if (!village_is_marker(t->tokens[i].key) || strcmp(t->tokens[i].key, "xa") == 0)
			continue;
		if ((v = village_match(keys, n, t, i, NULL)) >= 0)
			return v;
	}
	return -1;
}

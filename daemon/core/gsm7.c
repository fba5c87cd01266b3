/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * GSM 03.38 default alphabet and extension table, as Unicode code points,
 * and the transliteration of any UTF-8 text into it (utf8proc decomposes).
 */
#include "core/gsm7.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "core/strbuf.h"

/* The 128 characters of the default alphabet, by their Unicode values. */
static const uint16_t gsm7_basic[128] = {
    '@',    0x00a3, '$',    0x00a5, 0x00e8, 0x00e9, 0x00f9, 0x00ec, 0x00f2, 0x00c7, '\n',   0x00d8,
    0x00f8, '\r',   0x00c5, 0x00e5, 0x0394, '_',    0x03a6, 0x0393, 0x039b, 0x03a9, 0x03a0, 0x03a8,
    0x03a3, 0x0398, 0x039e, 0x00a0, 0x00c6, 0x00e6, 0x00df, 0x00c9, ' ',    '!',    '"',    '#',
    0x00a4, '%',    '&',    '\'',   '(',    ')',    '*',    '+',    ',',    '-',    '.',    '/',
    '0',    '1',    '2',    '3',    '4',    '5',    '6',    '7',    '8',    '9',    ':',    ';',
    '<',    '=',    '>',    '?',    0x00a1, 'A',    'B',    'C',    'D',    'E',    'F',    'G',
    'H',    'I',    'J',    'K',    'L',    'M',    'N',    'O',    'P',    'Q',    'R',    'S',
    'T',    'U',    'V',    'W',    'X',    'Y',    'Z',    0x00c4, 0x00d6, 0x00d1, 0x00dc, 0x00a7,
    0x00bf, 'a',    'b',    'c',    'd',    'e',    'f',    'g',    'h',    'i',    'j',    'k',
    'l',    'm',    'n',    'o',    'p',    'q',    'r',    's',    't',    'u',    'v',    'w',
    'x',    'y',    'z',    0x00e4, 0x00f6, 0x00f1, 0x00fc, 0x00e0,
};

/* Characters of the extension table (escape + one septet). */
static const uint16_t gsm7_ext[] = {0x000c, '^', '{', '}', '\\', '[', '~', ']', '|', 0x20ac};

int gsm7_char_septets(long cp)
{
	for (size_t i = 0; i < 128; i++)
		if (gsm7_basic[i] == cp)
			return 1;
	for (size_t i = 0; i < sizeof(gsm7_ext) / sizeof(gsm7_ext[0]); i++)
		if (gsm7_ext[i] == cp)
			return 2;
	return -1;
}

long gsm7_septets(const char *utf8)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)utf8;
	long total = 0;

	while (*p) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t len = utf8proc_iterate(p, -1, &cp);
		int n;

		if (len <= 0 || (n = gsm7_char_septets(cp)) < 0)
			return -1;
		total += n;
		p += len;
	}
	return total;
}

bool gsm7_fits(const char *utf8)
{
	return gsm7_septets(utf8) >= 0;
}

/* ------------------------------------------------------ transliteration */

/* Characters that decompose to nothing useful, by their GSM stand-in. */
static const struct {
	uint16_t cp;
	char to;
} translit_table[] = {
    {0x0110, 'D'},  {0x0111, 'd'}, /* Đ đ: no decomposition */
    {0x0060, '\''}, {0x00b4, '\''}, {0x02bc, '\''}, {0x2018, '\''}, {0x2019, '\''}, {0x201a, '\''},
    {0x201b, '\''}, {0x2032, '\''}, {0x00ab, '"'},  {0x00bb, '"'},  {0x201c, '"'},  {0x201d, '"'},
    {0x201e, '"'},  {0x2033, '"'},  {0x2010, '-'},  {0x2011, '-'},  {0x2012, '-'},  {0x2013, '-'},
    {0x2014, '-'},  {0x2015, '-'},  {0x2212, '-'},
};

/* The stand-in of one code point that needs no decomposition into out
 * (one byte and NUL, or "" when the character is dropped); false if it has
 * none. */
static bool simple_of(int32_t cp, char out[2])
{
	out[0] = out[1] = '\0';
	for (size_t i = 0; i < sizeof(translit_table) / sizeof(translit_table[0]); i++)
		if (translit_table[i].cp == cp) {
			out[0] = translit_table[i].to;
			return true;
		}
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_MN:
	case UTF8PROC_CATEGORY_ME:
	case UTF8PROC_CATEGORY_CF:
		return true; /* marks and invisible characters: dropped */
	case UTF8PROC_CATEGORY_ZS:
	case UTF8PROC_CATEGORY_ZL:
	case UTF8PROC_CATEGORY_ZP:
		out[0] = ' ';
		return true;
	case UTF8PROC_CATEGORY_CC:
		out[0] = (cp == '\n' || cp == '\r') ? (char)cp : ' ';
		return true;
	default:
		break;
	}
	if (cp < 0x80 && gsm7_char_septets(cp) > 0) {
		out[0] = (char)cp;
		return true;
	}
	return false;
}

/* True if part of a decomposition has a GSM form. */
static bool known(int32_t cp)
{
	char tmp[2];

	return simple_of(cp, tmp) || gsm7_char_septets(cp) > 0;
}

/* One code point: its stand-in, or its decomposition without marks with
 * each part in the alphabet kept and every other part written '?' (one '?'
 * for the whole character when no part is known, as in CJK or emoji). */
static void translit_cp(struct strbuf *b, int32_t cp)
{
	utf8proc_int32_t parts[32];
	utf8proc_ssize_t n;
	bool any = false;
	char s[2];

	if (simple_of(cp, s)) {
		strbuf_put(b, s, strlen(s));
		return;
	}
	n = utf8proc_decompose_char(cp, parts, 32, UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT, NULL);
	for (utf8proc_ssize_t i = 0; n > 0 && n <= 32 && i < n; i++)
		any = any || known(parts[i]);
	if (n <= 0 || n > 32 || !any) {
		strbuf_put(b, "?", 1);
		return;
	}
	for (utf8proc_ssize_t i = 0; i < n; i++) {
		if (simple_of(parts[i], s))
			strbuf_put(b, s, strlen(s));
		else if (gsm7_char_septets(parts[i]) > 0)
			strbuf_put_cp(b, parts[i]);
		else
			strbuf_put(b, "?", 1);
	}
}

char *gsm7_translit(const char *utf8)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)utf8;
	struct strbuf b = {0};

	while (*p) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t len = utf8proc_iterate(p, -1, &cp);

		if (len <= 0) {
			strbuf_put(&b, "?", 1);
			p++;
			continue;
		}
		translit_cp(&b, cp);
		p += len;
	}
	return strbuf_take(&b);
}

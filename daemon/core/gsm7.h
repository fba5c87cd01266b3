/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The GSM 03.38 default alphabet: whether a text can travel as 7-bit SMS,
 * how many septets it takes (extension characters take two), and how to
 * write any text in it (Vietnamese without diacritics).
 */
#ifndef TIENGDAN_GSM7_H
#define TIENGDAN_GSM7_H

#include <stdbool.h>
#include <stddef.h>

/* Septets needed for the UTF-8 text, or -1 if some character is outside
 * the default alphabet and its extension table (or the UTF-8 is invalid). */
long gsm7_septets(const char *utf8);

/* True when the whole text fits the GSM 7-bit alphabet. */
bool gsm7_fits(const char *utf8);

/* Septets of one code point: 1 in the default alphabet, 2 in the extension
 * table ({ } [ ] ~ ^ \ | € and form feed), -1 outside both. */
int gsm7_char_septets(long cp);

/*
 * Writes utf8 in the GSM 7-bit alphabet, without diacritics: letters are
 * decomposed (compatibility forms too: full-width, ligatures) and their
 * marks dropped, so "Đạ K'Nàng" becomes "Da K'Nang" (đ/Đ map to d/D
 * explicitly); typographic quotes, apostrophes and dashes become ' " -;
 * spaces of every kind become ' ', line feed and carriage return are kept,
 * other control characters become ' '; invisible format characters are
 * dropped; anything else, and every invalid UTF-8 byte, becomes '?'.
 * Returns a new string the caller frees (gsm7_fits is true of it), or NULL
 * when out of memory.
 */
char *gsm7_translit(const char *utf8);

/* The most parts one concatenated SMS may take: libgammu's
 * GSM_MAX_MULTI_SMS, beyond which it cuts the text without a word (a
 * static assertion in modem_gammu.c keeps the two equal). */
#define GSM7_MAX_PARTS 50

#endif

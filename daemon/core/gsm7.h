/*
 * The GSM 03.38 default alphabet: whether a text can travel as 7-bit SMS,
 * and how many septets it takes (extension characters take two).
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

#endif

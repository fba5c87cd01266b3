/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Village names as people write them (SMS-LANGUAGE.md, villages): one key
 * per name, folded, without apostrophes of any kind nor spaces nor a
 * leading thon/buon/bon/xa, Roman numerals as digits; and finding a known
 * name at a place in a message, or after "thon" anywhere in it. Pure.
 */
#ifndef TIENGDAN_VILLAGE_H
#define TIENGDAN_VILLAGE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/normalize.h"

/* Most words of a village name, its marker word included. */
#define VILLAGE_MAX_WORDS 8

/* True if the folded word may stand before a village's name (thon, buon,
 * bon, xa). */
bool village_is_marker(const char *key);

/* The key of name ("Đạ K’Nàng" -> "daknang", "Liêng K'Rắc I" ->
 * "liengkrac1", "thôn Pul" -> "pul"); a new string the caller frees, or
 * NULL when out of memory. "" when nothing is left. */
char *village_key(const char *name);

/* The known key (of keys[0..n)) that tokens first.. of t name, longest
 * first, a leading marker word (thon, buon, bon, xa) allowed: its index,
 * or -1; *n_tokens (may be NULL) the tokens it took. */
int village_match(const char *const *keys, size_t n, const struct norm_text *t, size_t first,
		  size_t *n_tokens);

/* The village the text names after a marker word ("... o thon Pul ...",
 * "thôn 4 Đạ Long"): the index of its key, or -1. */
int village_in_text(const char *const *keys, size_t n, const struct norm_text *t);

#endif

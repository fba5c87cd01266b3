/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Which texts make their sender confidential: anything that may be a
 * denunciation (SMS-LANGUAGE.md, section 6). Pure; decided at ingest.
 */
#ifndef TIENGDAN_CORE_CONFIDENTIAL_H
#define TIENGDAN_CORE_CONFIDENTIAL_H

#include <stdbool.h>
#include <stddef.h>

#include "core/keywords.h"

/*
 * True when text (len bytes, any normalisation) may be a denunciation: the
 * parser reads a denunciation keyword (TOCAO, TO CAO, an alias, or a fuzzy
 * match of one), even without a body; the first word is one of them; or
 * the message starts with the word TC (which villagers use for to cao; the
 * parser answers it with help). A text that cannot be read (no memory) is
 * taken as one: fail closed.
 */
bool confidential_text(const struct keywords *kw, const char *text, size_t len);

#endif

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Which texts make their sender confidential (confidential.h): the parser's
 * reading, plus the first word, so a denunciation the parser turns into a
 * help reply still counts.
 */
#include "core/confidential.h"

#include <string.h>

#include "core/normalize.h"
#include "core/parse.h"

/* The first word (or two) is a denunciation keyword, exactly or fuzzily. */
static bool starts_with_denunciation(const struct keywords *kw, const struct norm_text *t)
{
	struct keyword_match m;

	if (t->n_tokens == 0)
		return false;
	if (strcmp(t->tokens[0].key, "tc") == 0)
		return true;
	return keywords_match(kw, t, 0, &m) && m.command == SMS_DENUNCIATION;
}

bool confidential_text(const struct keywords *kw, const char *text, size_t len)
{
	const struct parse_options opt = {.keywords = kw};
	const struct meeting_date day = {.year = 2000, .month = 1, .day = 1};
	struct parse_result *r = NULL;
	struct norm_text *t = NULL;
	bool yes;

	if (!kw)
		return true;
	if (parse_message(&opt, text ? text : "", text ? len : 0, PARSE_ROLE_RESIDENT, day, &r) !=
	    0)
		return true;
	yes = r->command == SMS_DENUNCIATION || (r->command == SMS_HELP && r->help_topic &&
						 !r->keyword && strcmp(r->help_topic, "TC") == 0);
	parse_result_free(r);
	if (yes)
		return true;
	if (norm_text_new(text ? text : "", text ? len : 0, &t) != 0)
		return true;
	yes = starts_with_denunciation(kw, t);
	norm_text_free(t);
	return yes;
}

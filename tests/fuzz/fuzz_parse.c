/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer target: any bytes through the normaliser and the parser, as a
 * resident and as a head, on a fixed day and on a day at the turn of the year,
 * and as a reply in context to a notice and a poll.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/normalize.h"
#include "core/parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct meeting_date days[] = {{2025, 7, 10}, {2025, 1, 5}};
	static const enum parse_role roles[] = {PARSE_ROLE_RESIDENT, PARSE_ROLE_HEAD};
	struct keywords *kw = keywords_new_default();
	struct parse_options opt = {.keywords = kw};
	struct norm_text *t = NULL;
	char *s;

	if (!kw)
		abort();
	if (norm_text_new((const char *)data, size, &t) != 0)
		abort();
	/* every token lies inside the NFC text */
	for (size_t i = 0; i < t->n_tokens; i++)
		if (t->tokens[i].start >= t->tokens[i].end || t->tokens[i].end > t->nfc_len)
			abort();
	norm_text_free(t);
	s = norm_fold((const char *)data, size);
	free(s);
	for (size_t r = 0; r < 2; r++) {
		struct parse_result *res = NULL;
		if (parse_message(&opt, (const char *)data, size, roles[r], days[r], &res) != 0)
			abort();
		if (res->command == SMS_STATUS && res->has_code && !res->error &&
		    code_damm(res->code.digits, CODE_DIGITS) != 0)
			abort(); /* a code is only accepted with its check digit */
		parse_result_free(res);
	}
	{
		static const char *const labels[] = {"dong y", "khong dong y"};
		const struct parse_context ctx = {
		    .notice = "TB1", .poll = "TB2", .choices = labels, .n_choices = 2};
		struct parse_result *res = NULL;
		if (parse_message_in(&opt, &ctx, (const char *)data, size, PARSE_ROLE_RESIDENT,
				     days[0], &res) != 0)
			abort();
		/* a reply in context counts for the context's notice or poll only */
		if (res->in_context && res->command == SMS_ACK &&
		    (res->n_notices != 1 || strcmp(res->notices[0], "TB1") != 0))
			abort();
		if (res->in_context && res->command == SMS_VOTE &&
		    (!res->poll || strcmp(res->poll, "TB2") != 0 || !res->choice))
			abort();
		if (res->wants_context)
			abort(); /* it had one */
		parse_result_free(res);
	}
	keywords_free(kw);
	return 0;
}

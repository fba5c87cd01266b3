/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Shared by parse.c (the order of the tests, the keyword handlers) and
 * parse_words.c (the tests that need no keyword: replies in context,
 * opting out in words, chatter, and what comes before a keyword).
 */
#ifndef TIENGDAN_PARSE_INTERNAL_H
#define TIENGDAN_PARSE_INTERNAL_H

#include "core/parse.h"

/* Handler results. */
enum { FIT = 0, NO_FIT = 1, NO_MEMORY = -1 };

struct pctx {
	const struct parse_options *opt;
	const struct parse_context *ctx; /* NULL: none */
	const struct norm_text *t;
	enum parse_role role;
	struct meeting_date today;
	struct parse_result *r;
	size_t k;     /* first token after the keyword */
	size_t first; /* first token of the keyword (after leading words) */
};

/* The NFC text from byte start to the end, trimmed; NULL when nothing is
 * left (*oom set on allocation failure). Caller frees. */
char *parse_tail_from(const struct norm_text *t, size_t start, bool *oom);

/* Appends notice "TB<digits>" to r; FIT or NO_MEMORY. */
int parse_add_notice(struct parse_result *r, const char *digits);

/* Tests without a keyword, each FIT (r set), NO_FIT or NO_MEMORY. */
int parse_optout_words(struct pctx *c);
int parse_in_context(struct pctx *c);
int parse_chatter(struct pctx *c);
/* True if the message has something but no letter or digit ("?", "…"). */
bool parse_only_punctuation(const struct pctx *c);

/* An ack ("XN", "da doc") or vote ("BQ 1") keyword without its code, read
 * against the context from token k: FIT when the context supplied it,
 * NO_FIT when it did not (wants_context is then set without a context). */
int parse_ack_from_context(struct pctx *c);
int parse_vote_from_context(struct pctx *c);

/* The number of leading tokens that are lead words ("Toi", "Em xin",
 * "Kinh gui xa"), at most a few. */
size_t parse_lead_words(const struct pctx *c);

/* A copy of t with a status, ack or vote keyword glued to a code at its
 * first word split off ("ttpa5285525" -> "tt pa5285525"), or NULL when
 * there is none to split (*oom set on allocation failure). */
struct norm_text *parse_split_glued(const struct parse_options *opt, const struct norm_text *t,
				    bool *oom);

#endif

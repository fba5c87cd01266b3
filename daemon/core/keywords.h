/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The keyword table of the SMS language: the spec's default keywords plus
 * aliases from the configuration, and the matcher that finds the keyword at
 * the start of a normalised message (exact, joined words, or one typo away).
 */
#ifndef TIENGDAN_KEYWORDS_H
#define TIENGDAN_KEYWORDS_H

#include <stdbool.h>
#include <stddef.h>

#include "core/normalize.h"

/* What a message asks for. SMS_ERROR is never a keyword: it is the parse of
 * a head's malformed report. */
enum sms_command {
	SMS_FEEDBACK = 0,
	SMS_COMPLAINT,
	SMS_DENUNCIATION,
	SMS_ACK,
	SMS_STATUS,
	SMS_MEETING,
	SMS_VOTE,
	SMS_REGISTER,
	SMS_OPTOUT,
	SMS_HELP,
	SMS_UNCLEAR,	  /* chatter: greetings and fillers only; never a keyword */
	SMS_SATISFACTION, /* HL <code> 1|2: the citizen's view of a result */
	SMS_ERROR,
};

#define SMS_N_COMMANDS (SMS_ERROR + 1)

/* Keywords shorter than this (folded, spaces removed) match only exactly. */
#define KEYWORDS_FUZZY_MIN 5
/* Most words one keyword may have. */
#define KEYWORDS_MAX_WORDS 3

struct keywords;

/* A keyword list for one command of the SMS language, as the configuration
 * gives it; keywords are written as the villager types them, folding
 * happens in the matcher. */
struct keyword_list {
	char *command; /* "feedback", "complaint", ... */
	char **words;
	size_t n_words;
};

struct keyword_match {
	enum sms_command command;
	const char *word; /* the table's keyword, e.g. "PHAN ANH"; owned by the table */
	size_t n_tokens;  /* how many message tokens the keyword took */
	bool fuzzy;	  /* matched at distance 1 */
};

/* "feedback", "complaint", ..., "error"; "?" for an out-of-range value. */
const char *keywords_command_name(enum sms_command c);
/* The command named name (as in the configuration), or -1. */
int keywords_command_from_name(const char *name);
/* The command's first default keyword ("PA", "KNAI", "TOCAO", ...), used as
 * a help topic; NULL for SMS_ERROR. */
const char *keywords_command_topic(enum sms_command c);

/* A table holding the spec's default keywords; caller frees with
 * keywords_free. Returns NULL when out of memory. */
struct keywords *keywords_new_default(void);
void keywords_free(struct keywords *kw);

/* Adds word (as a villager types it: "PHAN ANH", "Góp ý") as a keyword of
 * the command named command. Adding a word the command already has is a
 * no-op. Returns 0, or -1 with *reason (static text, may be NULL) set for an
 * unknown command, an empty word, too many words, a word that looks like a
 * code, a word already taken by another command, or no memory. */
int keywords_add(struct keywords *kw, const char *command, const char *word, const char **reason);

/* Adds every word of n configured lists (a list named like a phrase list
 * adds phrases to it); stops at the first failure with
 * *reason set and *bad (may be NULL) naming the failing word. */
int keywords_add_conf(struct keywords *kw, const struct keyword_list *lists, size_t n,
		      const char **reason, const char **bad);

/* Looks for a keyword at tokens first.. of t. Returns true and fills *m if
 * one matches: the longest exact match wins; otherwise a keyword of at
 * least KEYWORDS_FUZZY_MIN letters at Damerau-Levenshtein distance 1, only
 * if exactly one command has such a keyword (then the match taking the
 * fewest tokens wins). */
bool keywords_match(const struct keywords *kw, const struct norm_text *t, size_t first,
		    struct keyword_match *m);

/* Word lists that need no keyword (SMS-LANGUAGE.md: replies in context,
 * chatter, opting out in words, what comes before a keyword or a code).
 * Configured under the same group as keywords, by the names below. */
enum phrase_list {
	PHRASE_ACK = 0, /* "ack_words": da biet, ok, vang ... */
	PHRASE_CHOICE,	/* "choice_words": dong y, khong dong y ... */
	PHRASE_CHATTER, /* "chatter_words": alo, xin chao, test ... */
	PHRASE_OPTOUT,	/* "optout_words": ko nhan tin nua, dung gui tin ... */
	PHRASE_LEAD,	/* "lead_words": toi, em xin, kinh gui xa ... */
	PHRASE_FILLER,	/* "code_fillers": ma, so, ma so (between keyword and code) */
	PHRASE_N
};

/* The configuration name of a list ("ack_words" ...), and back (-1). */
const char *keywords_phrase_list_name(enum phrase_list l);
int keywords_phrase_list_from_name(const char *name);

/* Adds phrase (as villagers type it) to list l. Adding one twice is a
 * no-op. 0, or -1 with *reason (static, may be NULL) set. */
int keywords_add_phrase(struct keywords *kw, enum phrase_list l, const char *phrase,
			const char **reason);

/* The number of tokens of t from first on taken by the longest phrase of
 * list l there; 0 when none matches. */
size_t keywords_phrase_at(const struct keywords *kw, enum phrase_list l, const struct norm_text *t,
			  size_t first);

/* The byte length of a one-word status, ack or vote keyword glued to a
 * code at the start of the folded token key ("ttpa5285525" -> 2,
 * "xntb12" -> 2, "bq6" -> 2), or 0 when key is no such thing. */
size_t keywords_glued_prefix(const struct keywords *kw, const char *key);

/* True if the two strings are at Damerau-Levenshtein distance exactly 1
 * (one insertion, deletion, substitution or adjacent transposition). */
bool keywords_distance_one(const char *a, const char *b);

#endif

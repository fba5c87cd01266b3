/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The SMS language parser: text + sender role + today -> what the message
 * asks for, with its fields. Follows SMS-LANGUAGE.md section 3: a bare
 * tracking code first, then a keyword, then unkeyed feedback. Pure: libc and
 * utf8proc only, no I/O, no clock, no globals.
 */
#ifndef TIENGDAN_PARSE_H
#define TIENGDAN_PARSE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/code.h"
#include "core/keywords.h"
#include "core/meeting.h"

enum parse_role {
	PARSE_ROLE_RESIDENT = 0,
	PARSE_ROLE_HEAD,
	PARSE_ROLE_DEPUTY, /* may report meetings like the head */
};

/* Immutable during parsing; one per daemon. */
struct parse_options {
	const struct keywords *keywords; /* required */
	/* Optional: byte length of the longest known village name at the
	 * start of body (0 if none), for `DK <village> [name]`. Without it the
	 * village is the first word. */
	size_t (*village_prefix)(void *ctx, const char *body, size_t len);
	void *village_ctx;
};

/* What the sender was sent lately (SMS-LANGUAGE.md, replies in context):
 * a message without a keyword is read against it first. */
struct parse_context {
	const char *notice;	    /* "TB12": the latest notice asking for an ack sent to
				       the number within reply_window, or NULL */
	const char *poll;	    /* "TB13": the latest open poll sent to it, or NULL */
	const char *const *choices; /* the poll's labels folded (norm_fold), or
				       NULL: choice words from the word list */
	size_t n_choices;
};

struct parse_result {
	enum sms_command command;
	char *text;	   /* the whole message, NFC (stored as received) */
	bool invalid_utf8; /* text had invalid bytes, replaced by U+FFFD */
	char *keyword;	   /* the keyword as in the table, NULL if none */
	bool fuzzy;	   /* the keyword was matched at distance 1 */

	char *body;	   /* NFC text after the keyword (or the whole text
			      when unkeyed), diacritics kept; NULL if none */
	bool unkeyed;	   /* feedback without a keyword */
	const char *hint;  /* static one-line hint for the reply, or NULL */
	const char *error; /* static reason ("invalid code", "check digit",
			      "present>total", ...), NULL if none */
	const char *form;  /* example of the right form with error: static, or
			      a head's refused report's own (r->example) */

	bool has_code;		   /* status: a code of the right shape was read */
	struct tracking_code code; /* check error->"check digit" before use */

	char **notices; /* ack: "TB12", ... */
	size_t n_notices;

	char *poll;   /* vote: poll code, upper case */
	char *choice; /* vote: the choice as typed (NFC) */

	char *village; /* register: village code (digits) or name */
	char *name;    /* register: full name or NULL */

	bool has_meeting;		  /* meeting: the fields below are set */
	struct meeting_report meeting;	  /* also what was read of a refused one */
	enum meeting_error meeting_fault; /* error: why a head's report was refused */
	char *example;			  /* error: the right form built from what was sent */
	char *topic;			  /* meeting: topic (NFC) or NULL */

	const char *help_topic; /* help: "PA", "TT", "TC", ...; NULL = general */

	bool in_context;    /* ack or vote read against the parse_context */
	bool wants_context; /* parsed without a context, and one could have
			       changed the result: parse again with it */
	int satisfaction;   /* satisfaction (with code): 1 satisfied, 2 not, 0 unread */
};

/* Parses len bytes of text (any bytes; invalid UTF-8 is replaced and
 * flagged) sent by someone of role, on the day today. On success returns 0
 * and *out, which the caller frees with parse_result_free. Returns -1 only
 * when out of memory or opt has no keyword table (*out is then NULL). */
int parse_message(const struct parse_options *opt, const char *text, size_t len,
		  enum parse_role role, struct meeting_date today, struct parse_result **out);

/* The same, reading a message without a keyword against ctx (may be
 * NULL: none) as SMS-LANGUAGE.md's test 3 says. */
int parse_message_in(const struct parse_options *opt, const struct parse_context *ctx,
		     const char *text, size_t len, enum parse_role role, struct meeting_date today,
		     struct parse_result **out);

void parse_result_free(struct parse_result *r);

/* "resident", "head", "deputy" -> role; returns -1 if unknown. */
int parse_role_from_name(const char *name);
const char *parse_role_name(enum parse_role role);

#endif

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Notices and polls as villagers see them: the code TB<n>, where a notice
 * goes, the one-segment SMS that carries a notice or a poll, and reading
 * the choice in a villager's vote. Pure: libc and utf8proc only.
 */
#ifndef TIENGDAN_NOTICE_H
#define TIENGDAN_NOTICE_H

#include <stdbool.h>
#include <stddef.h>

#define NOTICE_CODE_MAX 24
/* A poll has 2 to 9 choices (one digit each), each at most 30 characters. */
#define NOTICE_CHOICES_MIN 2
#define NOTICE_CHOICES_MAX 9
#define NOTICE_CHOICE_CHARS 30
/* One SMS segment: GSM 7-bit septets, or UTF-16 units in UCS-2. */
#define NOTICE_GSM_MAX 160
#define NOTICE_UCS2_MAX 70

/* "TB12" of id into out. */
void notice_code(long long id, char out[NOTICE_CODE_MAX]);
/* The id of "TB12", "tb 12", "12" or "BQ12" (look-alike letters folded
 * in the digits: "TB1O" is 10), or -1 when s is not a notice code. */
long long notice_code_parse(const char *s);

/* Who a notice goes to. */
enum notice_target_kind {
	NOTICE_TO_VILLAGE, /* "village:106": contacts whose village rolls up to it */
	NOTICE_TO_COMMUNE, /* "commune:DR1": every village that rolls up to it */
	NOTICE_TO_ALL,	   /* "all": every contact within the sender's communes */
	NOTICE_TO_ROLE,	   /* "role:head": every head (resident, deputy) */
};

struct notice_target {
	enum notice_target_kind kind;
	char value[64]; /* the unit code or role; "" for all */
};

/* Parses a target as written on the console. 0, or -1 when malformed
 * (an unknown kind, an empty code, an unknown role). */
int notice_target_parse(const char *s, struct notice_target *out);
/* "village", "commune", "all", "role". */
const char *notice_target_kind_name(enum notice_target_kind kind);
/* The inverse; -1 if unknown. */
int notice_target_kind_parse(const char *name);

/* Splits "Dong y, Khong dong y" at commas into trimmed labels (a new array
 * of new strings: notice_choices_free). Returns how many, or -1 with why
 * (a static English reason) when there are fewer than 2 or more than 9,
 * one is empty or longer than NOTICE_CHOICE_CHARS, or two fold alike. */
int notice_choices_parse(const char *s, char ***labels, const char **why);
void notice_choices_free(char **labels, size_t n);

/* The choice a villager typed ("1", "2 khong", "dong y", "Đồng ý"): its
 * number 1..n, or 0 when none matches. folded are the labels folded with
 * norm_fold; a text matches the label it equals or starts with (the longest
 * such label wins). */
int notice_choice_match(const char *typed, const char *const *folded, size_t n);

/* What a notice's SMS says. */
struct notice_sms {
	long long id;
	const char *title;	    /* a notice's title; NULL for a poll */
	const char *body;	    /* the notice's text, or the poll's question */
	bool want_ack;		    /* ask for "XN TB<id>" */
	const char *gateway;	    /* the number to text back, NULL or "" if none */
	const char *const *choices; /* a poll's choices; n_choices 0 for a notice */
	size_t n_choices;
	const char *closes; /* a poll's last day as "dd/mm", or NULL */
	bool ucs2;	    /* keep diacritics (UCS-2); else GSM 7-bit without */
};

/*
 * The SMS: "TB12 <title>: <text>[. Da doc xin soan XN TB12 gui <number>]",
 * or for a poll "TB12 Bieu quyet: <question> 1=<a>, 2=<b>. Soan BQ 12 <so>
 * gui <number>[, han <dd/mm>]". White space runs become one space; without
 * ucs2 the text is written without diacritics in the GSM 7-bit alphabet.
 * Returns a new string (caller frees), NULL when out of memory.
 */
char *notice_sms_text(const struct notice_sms *n);

/* The segments text takes as the modem sends it (GSM 7-bit when every
 * character fits that alphabet, else UCS-2), with its length in septets or
 * UTF-16 units in *units and the one-segment limit in *limit. */
int notice_sms_segments(const char *text, long *units, long *limit);

/* A reminder: "Nhac lai: " and the notice's SMS when that still fits one
 * segment, else the SMS itself. Caller frees; NULL when out of memory. */
char *notice_reminder_text(const char *sms);

/* One line, for a reply's {choices}: "1=Dong y 2=Khong dong y" (caller
 * frees). */
char *notice_choices_line(const char *const *labels, size_t n);

#endif

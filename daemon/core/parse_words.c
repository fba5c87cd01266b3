/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The SMS language's tests that need no keyword (SMS-LANGUAGE.md section 3):
 * replies in context (acknowledgement and choice words), opting out in
 * words, chatter, the words people put before a keyword, and keywords
 * glued to a code. The word lists are the keyword table's phrase lists.
 */
#include "core/parse_internal.h"

#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "core/notice.h"

/* Most leading words skipped before a keyword. */
#define LEAD_MAX 4

/* Words that may follow an acknowledgement or an opt-out without making
 * it say more ("Da nhan thong bao roi a", "Khong nhan tin nua nhe"). */
static const char *const tail_words[] = {
    "roi", "thong", "bao",  "tb",  "tin", "nay", "nua", "a",	 "nhe", "nha",	"oi",
    "ak",  "ah",    "luon", "xin", "cam", "on",	 "ca",	"nhieu", "ok",	"vang", "da"};

static bool is_tail_word(const char *key)
{
	for (size_t i = 0; i < sizeof(tail_words) / sizeof(tail_words[0]); i++)
		if (strcmp(tail_words[i], key) == 0)
			return true;
	return false;
}

/* True if the folded token has no letter or digit ("?", "...", "…"). */
static bool punctuation(const char *key)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)key;
	utf8proc_int32_t cp;
	utf8proc_ssize_t n;

	while (*p && (n = utf8proc_iterate(p, -1, &cp)) > 0) {
		utf8proc_category_t cat = utf8proc_category(cp);
		if (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_NO)
			return false;
		p += n;
	}
	return true;
}

/* The tokens from i on are only tail words, punctuation and chatter. */
static bool only_tail(const struct pctx *c, size_t i)
{
	const struct keywords *kw = c->opt->keywords;

	while (i < c->t->n_tokens) {
		size_t n = keywords_phrase_at(kw, PHRASE_CHATTER, c->t, i);
		if (n == 0 &&
		    (is_tail_word(c->t->tokens[i].key) || punctuation(c->t->tokens[i].key)))
			n = 1;
		if (n == 0)
			return false;
		i += n;
	}
	return true;
}

/* The tokens from i on say nothing more than a promise to comply: tail
 * words, or "[toi] se ..." ("Da nhan thong bao, toi se di hop"). */
static bool only_tail_or_promise(const struct pctx *c, size_t i)
{
	const struct norm_text *t = c->t;

	while (i < t->n_tokens && (is_tail_word(t->tokens[i].key) || punctuation(t->tokens[i].key)))
		i++;
	if (only_tail(c, i))
		return true;
	while (i < t->n_tokens && keywords_phrase_at(c->opt->keywords, PHRASE_LEAD, t, i) > 0)
		i += keywords_phrase_at(c->opt->keywords, PHRASE_LEAD, t, i);
	return i < t->n_tokens && strcmp(t->tokens[i].key, "se") == 0;
}

/* Sets r->body to the whole text; FIT or NO_MEMORY. */
static int whole_body(struct pctx *c)
{
	bool oom = false;

	free(c->r->body);
	c->r->body = parse_tail_from(c->t, 0, &oom);
	return oom ? NO_MEMORY : FIT;
}

/* ------------------------------------------------------------- opting out */

int parse_optout_words(struct pctx *c)
{
	const struct keywords *kw = c->opt->keywords;
	size_t i = parse_lead_words(c), n;

	n = keywords_phrase_at(kw, PHRASE_OPTOUT, c->t, i);
	if (n == 0) /* "toi khong nhan tin nua": the lead word may be chatter */
		n = keywords_phrase_at(kw, PHRASE_OPTOUT, c->t, i = 0);
	if (n == 0 || !only_tail(c, i + n))
		return NO_FIT;
	c->r->command = SMS_OPTOUT;
	return whole_body(c);
}

/* ------------------------------------------------------------ in context */

/* Acknowledges the context's notice; FIT or NO_MEMORY. */
static int ack_context(struct pctx *c)
{
	const char *code = c->ctx->notice;

	if (strncmp(code, "TB", 2) == 0)
		code += 2;
	c->r->command = SMS_ACK;
	c->r->in_context = true;
	if (parse_add_notice(c->r, code) != FIT)
		return NO_MEMORY;
	return whole_body(c);
}

/* Votes on the context's poll with the text from byte start; FIT or
 * NO_MEMORY. */
static int vote_context(struct pctx *c, size_t start)
{
	bool oom = false;

	c->r->command = SMS_VOTE;
	c->r->in_context = true;
	free(c->r->poll);
	free(c->r->choice);
	c->r->poll = strdup(c->ctx->poll);
	c->r->choice = parse_tail_from(c->t, start, &oom);
	if (!c->r->poll || oom)
		return NO_MEMORY;
	return whole_body(c);
}

/* True if tokens from i on are a choice: a number, one of the poll's
 * labels, or a choice word, with nothing more than tail words after. */
static bool is_choice(const struct pctx *c, size_t i)
{
	const struct norm_text *t = c->t;
	const char *key = t->tokens[i].key;
	size_t n;

	if (strspn(key, "0123456789") == strlen(key) && strlen(key) <= 2)
		return only_tail(c, i + 1);
	n = keywords_phrase_at(c->opt->keywords, PHRASE_CHOICE, t, i);
	if (n > 0 && only_tail(c, i + n))
		return true;
	if (c->ctx->choices && c->ctx->n_choices > 0) {
		bool oom = false;
		char *typed = parse_tail_from(t, t->tokens[i].start, &oom);
		int no = typed ? notice_choice_match(typed, c->ctx->choices, c->ctx->n_choices) : 0;
		free(typed);
		return no > 0;
	}
	return false;
}

int parse_in_context(struct pctx *c)
{
	const struct norm_text *t = c->t;
	size_t n;

	if (!c->ctx) {
		c->r->wants_context = true;
		return NO_FIT;
	}
	if (c->ctx->poll && is_choice(c, 0))
		return vote_context(c, t->tokens[0].start);
	n = keywords_phrase_at(c->opt->keywords, PHRASE_ACK, t, 0);
	if (c->ctx->notice && n > 0 && only_tail_or_promise(c, n))
		return ack_context(c);
	return NO_FIT;
}

int parse_ack_from_context(struct pctx *c)
{
	if (!c->ctx) {
		c->r->wants_context = true;
		return NO_FIT;
	}
	if (!c->ctx->notice || !only_tail_or_promise(c, c->k))
		return NO_FIT;
	free(c->r->keyword);
	c->r->keyword = NULL;
	return ack_context(c);
}

int parse_vote_from_context(struct pctx *c)
{
	if (!c->ctx) {
		c->r->wants_context = true;
		return NO_FIT;
	}
	if (!c->ctx->poll || c->k >= c->t->n_tokens || !is_choice(c, c->k))
		return NO_FIT;
	return vote_context(c, c->t->tokens[c->k].start);
}

/* --------------------------------------------------------------- chatter */

int parse_chatter(struct pctx *c)
{
	const struct keywords *kw = c->opt->keywords;

	for (size_t i = 0; i < c->t->n_tokens;) {
		size_t n = keywords_phrase_at(kw, PHRASE_CHATTER, c->t, i);
		if (n == 0)
			n = keywords_phrase_at(kw, PHRASE_ACK, c->t, i);
		if (n == 0 && punctuation(c->t->tokens[i].key))
			n = 1;
		if (n == 0)
			return NO_FIT;
		i += n;
	}
	c->r->command = SMS_UNCLEAR;
	return whole_body(c);
}

bool parse_only_punctuation(const struct pctx *c)
{
	bool something = false;

	for (size_t i = 0; i < c->t->n_tokens; i++)
		if (!punctuation(c->t->tokens[i].key))
			return false;
	for (size_t i = 0; i < c->t->nfc_len; i++)
		if (c->t->nfc[i] != ' ' && (c->t->nfc[i] < '\t' || c->t->nfc[i] > '\r'))
			something = true;
	return something;
}

/* ------------------------------------------------------- around keywords */

size_t parse_lead_words(const struct pctx *c)
{
	size_t i = 0, n;

	while (i < LEAD_MAX && i < c->t->n_tokens &&
	       (n = keywords_phrase_at(c->opt->keywords, PHRASE_LEAD, c->t, i)) > 0)
		i += n;
	return i < c->t->n_tokens ? i : 0;
}

struct norm_text *parse_split_glued(const struct parse_options *opt, const struct norm_text *t,
				    bool *oom)
{
	const struct norm_token *w;
	struct norm_text *out = NULL;
	size_t n;
	char *s;

	if (t->n_tokens == 0)
		return NULL;
	w = &t->tokens[0];
	n = keywords_glued_prefix(opt->keywords, w->key);
	/* only when the word is written as folded (ASCII): offsets agree */
	if (n == 0 || w->end - w->start != strlen(w->key))
		return NULL;
	if (!(s = malloc(t->nfc_len + 2))) {
		*oom = true;
		return NULL;
	}
	memcpy(s, t->nfc, w->start + n);
	s[w->start + n] = ' ';
	memcpy(s + w->start + n + 1, t->nfc + w->start + n, t->nfc_len - w->start - n + 1);
	if (norm_text_new(s, t->nfc_len + 1, &out) != 0)
		*oom = true;
	free(s);
	return out;
}

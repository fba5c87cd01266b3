/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The SMS language parser. One handler per command reads the body after the
 * keyword; a handler may decline (the body does not fit that command, e.g.
 * "Huy oi ..."), and the message is then unkeyed feedback.
 */
#include "core/parse_internal.h"
#include "core/village.h"

#include <stdlib.h>
#include <string.h>

/* Hints added to a reply, indexed by enum hint. */
enum hint { HINT_NO_KEYWORD = 0, HINT_MEETING_NOT_HEAD, HINT_NO_NOTICE };
static const char *const hints[] = {
    [HINT_NO_KEYWORD] = "no keyword: kept as feedback",
    [HINT_MEETING_NOT_HEAD] = "meeting reports come from village heads",
    [HINT_NO_NOTICE] = "no notice code after the keyword: kept as feedback",
};

/* Status query errors: reason and the right form, indexed by code_status. */
static const struct {
	const char *reason;
	const char *form;
} status_errors[] = {
    [CODE_OK] = {NULL, NULL},
    [CODE_NOT_A_CODE] = {"invalid code", "TT PA4829138"},
    [CODE_BAD_CHECK] = {"check digit", "TT PA4829138"},
};

static const char *const role_names[] = {"resident", "head", "deputy"};

/* --------------------------------------------------------------- helpers */

static char *dup_range(const char *s, size_t n)
{
	char *p = malloc(n + 1);

	if (p) {
		memcpy(p, s, n);
		p[n] = '\0';
	}
	return p;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

/* Copies NFC text from byte start to the end, without trailing white space;
 * NULL when nothing is left (*oom set on allocation failure). */
char *parse_tail_from(const struct norm_text *t, size_t start, bool *oom)
{
	size_t end = t->nfc_len;
	char *p;

	while (end > start && is_space(t->nfc[end - 1]))
		end--;
	while (start < end && is_space(t->nfc[start]))
		start++;
	if (end <= start)
		return NULL;
	p = dup_range(t->nfc + start, end - start);
	if (!p)
		*oom = true;
	return p;
}

/* Byte where the body starting at token k begins: the token itself, or an
 * opening bracket just before it (a separator, but part of what was said). */
static size_t body_start(const struct norm_text *t, size_t k)
{
	size_t s = t->tokens[k].start;

	if (s > 0 && (t->nfc[s - 1] == '(' || t->nfc[s - 1] == '['))
		s--;
	return s;
}

/* Sets r->body to the text from token k on; returns FIT or NO_MEMORY. */
static int set_body(struct pctx *c, size_t k)
{
	bool oom = false;

	if (k >= c->t->n_tokens)
		return FIT;
	c->r->body = parse_tail_from(c->t, body_start(c->t, k), &oom);
	return oom ? NO_MEMORY : FIT;
}

static void upcase(char *s)
{
	for (; *s; s++)
		if (*s >= 'a' && *s <= 'z')
			*s = (char)(*s - 'a' + 'A');
}

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

/* Reads a code from the joined keys of tokens first..first+n-1; returns the
 * status and fills *code. */
static enum code_status code_from_tokens(const struct norm_text *t, size_t first, size_t n,
					 struct tracking_code *code)
{
	char buf[24];
	size_t len = 0;

	for (size_t i = first; i < first + n; i++) {
		size_t l = strlen(t->tokens[i].key);
		if (len + l >= sizeof(buf))
			return CODE_NOT_A_CODE;
		memcpy(buf + len, t->tokens[i].key, l);
		len += l;
	}
	return code_parse(buf, len, code);
}

/* Turns the result into help on topic (NULL = general). */
static int to_help(struct pctx *c, const char *topic)
{
	c->r->command = SMS_HELP;
	c->r->help_topic = topic;
	free(c->r->body);
	c->r->body = NULL;
	return FIT;
}

/* -------------------------------------------------------------- handlers */

/* feedback, complaint, denunciation: free text, required. */
static int handle_text(struct pctx *c)
{
	if (c->k >= c->t->n_tokens)
		return to_help(c, keywords_command_topic(c->r->command));
	return set_body(c, c->k);
}

/* status: a tracking code, possibly followed by words. */
static int handle_status(struct pctx *c)
{
	enum code_status best = CODE_NOT_A_CODE;
	struct tracking_code code;
	size_t skip;

	/* "Tra cuu ma PA...", "TT ma so ...": the words before the code */
	while (c->k + 1 < c->t->n_tokens &&
	       (skip = keywords_phrase_at(c->opt->keywords, PHRASE_FILLER, c->t, c->k)) > 0 &&
	       c->k + skip < c->t->n_tokens)
		c->k += skip;
	for (size_t n = 1; c->k + n <= c->t->n_tokens; n++) {
		enum code_status s = code_from_tokens(c->t, c->k, n, &code);
		if (s == CODE_OK || (s == CODE_BAD_CHECK && best != CODE_OK)) {
			best = s;
			c->r->code = code;
			c->r->has_code = true;
		}
	}
	c->r->error = status_errors[best].reason;
	c->r->form = status_errors[best].form;
	return set_body(c, c->k);
}

/* Folds look-alike letters after a code's letter prefix ("tb1o" -> "tb10"). */
static void fold_code(char *s)
{
	size_t i = 0;

	while (i < 2 && s[i] >= 'a' && s[i] <= 'z' && s[i] != 'o' && s[i] != 'i' && s[i] != 'l')
		i++;
	norm_fold_lookalikes(s + i);
}

/* True if key is a number as typed on a keypad ("12", "1o"). */
static bool number_like(const char *key)
{
	return norm_is_code_like(key) && key[0] >= '0' && key[0] <= '9';
}

/* Appends notice "TB<digits>" to r; returns FIT or NO_MEMORY. */
int parse_add_notice(struct parse_result *r, const char *digits)
{
	size_t n = strlen(digits);
	char **v = realloc(r->notices, (r->n_notices + 1) * sizeof(*v));
	char *s;

	if (!v)
		return NO_MEMORY;
	r->notices = v;
	s = malloc(n + 3);
	if (!s)
		return NO_MEMORY;
	memcpy(s, "TB", 2);
	memcpy(s + 2, digits, n + 1);
	norm_fold_lookalikes(s + 2);
	r->notices[r->n_notices++] = s;
	return FIT;
}

/* ack: notice codes "TB12", "tb 12", "12", as many as given; stops at the
 * first word that is not one. */
static int handle_ack(struct pctx *c)
{
	const struct norm_text *t = c->t;

	for (size_t i = c->k; i < t->n_tokens; i++) {
		const char *key = t->tokens[i].key, *digits = NULL;
		if (strcmp(key, "tb") == 0 && i + 1 < t->n_tokens &&
		    number_like(t->tokens[i + 1].key))
			digits = t->tokens[++i].key;
		else if (strncmp(key, "tb", 2) == 0 && number_like(key + 2))
			digits = key + 2;
		else if (number_like(key))
			digits = key;
		if (!digits)
			break;
		if (parse_add_notice(c->r, digits) != FIT)
			return NO_MEMORY;
	}
	if (c->r->n_notices == 0) {
		int rc = parse_ack_from_context(c);
		if (rc != NO_FIT)
			return rc;
		return c->k >= t->n_tokens ? to_help(c, keywords_command_topic(SMS_ACK)) : NO_FIT;
	}
	return set_body(c, c->k);
}

/* meeting: only from a head or deputy; anyone else's is feedback. */
static int handle_meeting(struct pctx *c)
{
	struct parse_result *r = c->r;
	enum meeting_error e;
	bool oom = false;

	if (c->role == PARSE_ROLE_RESIDENT) {
		r->command = SMS_FEEDBACK;
		r->unkeyed = true;
		r->hint = hints[HINT_MEETING_NOT_HEAD];
		r->body = parse_tail_from(c->t, 0, &oom);
		return oom ? NO_MEMORY : FIT;
	}
	if (set_body(c, c->k) != FIT)
		return NO_MEMORY;
	e = meeting_parse(r->body ? r->body : "", r->body ? strlen(r->body) : 0, c->today,
			  &r->meeting);
	if (e != MEETING_OK) {
		char example[64];
		r->command = SMS_ERROR;
		r->error = meeting_error_reason(e);
		r->meeting_fault = e;
		r->example =
		    strdup(meeting_example(&r->meeting, e, c->today, example, sizeof(example)));
		r->form = r->example; /* the right form, built from what was sent */
		return r->example ? FIT : NO_MEMORY;
	}
	r->has_meeting = true;
	if (r->meeting.topic_len > 0) {
		r->topic = dup_range(r->body + r->meeting.topic_off, r->meeting.topic_len);
		if (!r->topic)
			return NO_MEMORY;
	}
	return FIT;
}

/* vote: "<poll code> <choice>". */
static int handle_vote(struct pctx *c)
{
	const struct norm_text *t = c->t;
	bool oom = false;

	if (c->k + 1 >= t->n_tokens || !norm_is_code_like(t->tokens[c->k].key)) {
		int rc = parse_vote_from_context(c);
		return rc != NO_FIT ? rc : to_help(c, keywords_command_topic(SMS_VOTE));
	}
	c->r->poll = strdup(t->tokens[c->k].key);
	if (!c->r->poll)
		return NO_MEMORY;
	fold_code(c->r->poll);
	upcase(c->r->poll);
	c->r->choice = parse_tail_from(t, t->tokens[c->k + 1].start, &oom);
	if (oom || set_body(c, c->k) != FIT)
		return NO_MEMORY;
	return FIT;
}

/* register: "<village code or name> [full name]". */
static int handle_register(struct pctx *c)
{
	const struct norm_text *t = c->t;
	struct parse_result *r = c->r;
	size_t vlen = 0;
	bool oom = false;

	if (c->k >= t->n_tokens)
		return to_help(c, keywords_command_topic(SMS_REGISTER));
	if (set_body(c, c->k) != FIT)
		return NO_MEMORY;
	if (!all_digits(t->tokens[c->k].key) && c->opt->village_prefix)
		vlen = c->opt->village_prefix(c->opt->village_ctx, r->body, strlen(r->body));
	if (vlen == 0 || vlen > strlen(r->body)) {
		/* unknown: its first word, with the word after "thon" */
		size_t last =
		    c->k + (village_is_marker(t->tokens[c->k].key) && c->k + 1 < t->n_tokens);
		vlen = t->tokens[last].end - body_start(t, c->k);
	}
	r->village = dup_range(r->body, vlen);
	if (!r->village)
		return NO_MEMORY;
	/* the name begins at the first word after the village */
	for (size_t i = c->k; i < t->n_tokens; i++)
		if (t->tokens[i].start >= body_start(t, c->k) + vlen) {
			r->name = parse_tail_from(t, body_start(t, i), &oom);
			break;
		}
	return oom ? NO_MEMORY : FIT;
}

/* optout: the keyword alone, or followed by "nhan tin". */
static int handle_optout(struct pctx *c)
{
	const struct norm_text *t = c->t;
	size_t left = t->n_tokens - c->k;

	if (left == 0)
		return FIT;
	if (left == 1 && strcmp(t->tokens[c->k].key, "nhantin") == 0)
		return FIT;
	if (left == 2 && strcmp(t->tokens[c->k].key, "nhan") == 0 &&
	    strcmp(t->tokens[c->k + 1].key, "tin") == 0)
		return FIT;
	return NO_FIT;
}

/* help: an optional command name. */
static int handle_help(struct pctx *c)
{
	struct keyword_match m;

	if (c->k < c->t->n_tokens) {
		if (keywords_match(c->opt->keywords, c->t, c->k, &m))
			c->r->help_topic = keywords_command_topic(m.command);
		else if (strcmp(c->t->tokens[c->k].key, "tc") == 0)
			c->r->help_topic = "TC";
	}
	return set_body(c, c->k);
}

/* The choice at the end of "HL <code> ...": "1", "2", "hai long",
 * "khong hai long" (written together or not). 1, 2, or 0 with *n_choice
 * the tokens it took. */
static int satisfaction_choice(const struct norm_text *t, size_t from, size_t *n_choice)
{
	size_t n = t->n_tokens;
	const char *last = n > from ? t->tokens[n - 1].key : "";

	*n_choice = 1;
	if (!strcmp(last, "1") || !strcmp(last, "hailong"))
		return 1;
	if (!strcmp(last, "2") || !strcmp(last, "khonghailong") || !strcmp(last, "khonghai"))
		return 2;
	if (n >= from + 2 && !strcmp(last, "long") && !strcmp(t->tokens[n - 2].key, "hai")) {
		bool no = n >= from + 3 && (!strcmp(t->tokens[n - 3].key, "khong") ||
					    !strcmp(t->tokens[n - 3].key, "ko"));
		*n_choice = no ? 3 : 2;
		return no ? 2 : 1;
	}
	return 0;
}

/* satisfaction: "<code> 1|2". Without a code or a choice: help on HL. */
static int handle_satisfaction(struct pctx *c)
{
	size_t n_choice;
	int choice = satisfaction_choice(c->t, c->k, &n_choice);
	struct tracking_code code;

	if (!choice || c->t->n_tokens < c->k + n_choice + 1)
		return to_help(c, keywords_command_topic(SMS_SATISFACTION));
	for (size_t n = 1; c->k + n + n_choice <= c->t->n_tokens; n++) {
		enum code_status s = code_from_tokens(c->t, c->k, n, &code);
		if (s == CODE_OK) {
			c->r->code = code;
			c->r->has_code = true;
			c->r->satisfaction = choice;
			return set_body(c, c->k);
		}
	}
	return to_help(c, keywords_command_topic(SMS_SATISFACTION));
}

typedef int (*handler_fn)(struct pctx *c);

static const handler_fn handlers[SMS_N_COMMANDS] = {
    [SMS_FEEDBACK] = handle_text,
    [SMS_COMPLAINT] = handle_text,
    [SMS_DENUNCIATION] = handle_text,
    [SMS_ACK] = handle_ack,
    [SMS_STATUS] = handle_status,
    [SMS_MEETING] = handle_meeting,
    [SMS_VOTE] = handle_vote,
    [SMS_REGISTER] = handle_register,
    [SMS_OPTOUT] = handle_optout,
    [SMS_HELP] = handle_help,
    [SMS_SATISFACTION] = handle_satisfaction,
};

/* ------------------------------------------------------------ the parser */

/* Test 1: the message is nothing but a valid tracking code. */
static bool only_a_code(struct pctx *c)
{
	struct tracking_code code;

	if (code_from_tokens(c->t, 0, c->t->n_tokens, &code) != CODE_OK)
		return false;
	c->r->command = SMS_STATUS;
	c->r->code = code;
	c->r->has_code = true;
	return true;
}

/* Test 2: a keyword, read by its command's handler. Returns FIT, NO_FIT
 * (no keyword, or the body does not fit) or NO_MEMORY. */
static int keyword(struct pctx *c)
{
	struct keyword_match m;
	int rc;

	c->first = 0;
	if (!keywords_match(c->opt->keywords, c->t, 0, &m)) {
		/* "Toi khieu nai ...", "Kinh gui xa, phan anh ..." */
		c->first = parse_lead_words(c);
		if (c->first == 0 || !keywords_match(c->opt->keywords, c->t, c->first, &m))
			return NO_FIT;
	}
	c->r->command = m.command;
	c->r->fuzzy = m.fuzzy;
	c->k = c->first + m.n_tokens;
	c->r->keyword = strdup(m.word);
	if (!c->r->keyword)
		return NO_MEMORY;
	rc = handlers[m.command](c);
	if (rc == NO_FIT) { /* undo what the handler may have set */
		free(c->r->keyword);
		free(c->r->body);
		c->r->keyword = c->r->body = NULL;
		c->r->fuzzy = false;
	}
	return rc;
}

/* Test 5: unkeyed feedback (or help for a bare "TC"). */
static int unkeyed(struct pctx *c, enum hint hint)
{
	bool oom = false;

	if (strcmp(c->t->tokens[0].key, "tc") == 0)
		return to_help(c, "TC");
	c->r->command = SMS_FEEDBACK;
	c->r->unkeyed = true;
	c->r->hint = hints[hint];
	c->r->body = parse_tail_from(c->t, 0, &oom);
	return oom ? NO_MEMORY : FIT;
}

/* Runs the tests in the spec's order on c->t. */
static int dispatch(struct pctx *c)
{
	enum hint hint;
	int rc;

	/* "…", "...": chatter (help, at most once a day), not a request */
	if (c->t->n_tokens == 0 && parse_only_punctuation(c)) {
		bool oom = false;
		c->r->command = SMS_UNCLEAR;
		c->r->body = parse_tail_from(c->t, 0, &oom);
		return oom ? NO_MEMORY : FIT;
	}
	if (c->t->n_tokens == 0)
		return to_help(c, NULL);
	if (only_a_code(c))
		return FIT;
	rc = keyword(c);
	if (rc != NO_FIT)
		return rc;
	hint = c->r->command == SMS_ACK ? HINT_NO_NOTICE : HINT_NO_KEYWORD;
	c->r->command = SMS_FEEDBACK;
	if ((rc = parse_optout_words(c)) != NO_FIT || (rc = parse_in_context(c)) != NO_FIT ||
	    (rc = parse_chatter(c)) != NO_FIT)
		return rc;
	return unkeyed(c, hint);
}

int parse_message(const struct parse_options *opt, const char *text, size_t len,
		  enum parse_role role, struct meeting_date today, struct parse_result **out)
{
	return parse_message_in(opt, NULL, text, len, role, today, out);
}

int parse_message_in(const struct parse_options *opt, const struct parse_context *ctx,
		     const char *text, size_t len, enum parse_role role, struct meeting_date today,
		     struct parse_result **out)
{
	struct norm_text *t = NULL, *split = NULL;
	struct parse_result *r = NULL;
	struct pctx c = {.opt = opt, .ctx = ctx, .role = role, .today = today};
	bool oom = false;

	*out = NULL;
	if (!opt || !opt->keywords)
		return -1;
	if (norm_text_new(text ? text : "", text ? len : 0, &t) != 0)
		goto fail;
	r = calloc(1, sizeof(*r));
	if (!r || !(r->text = strdup(t->nfc)))
		goto fail;
	r->invalid_utf8 = t->invalid_utf8;
	/* "ttpa5285525", "xntb12", "bq6 1": read as if the keyword stood apart */
	split = parse_split_glued(opt, t, &oom);
	if (oom)
		goto fail;
	c.t = split ? split : t;
	c.r = r;
	if (dispatch(&c) != FIT)
		goto fail;
	norm_text_free(split);
	norm_text_free(t);
	*out = r;
	return 0;
fail:
	norm_text_free(split);
	norm_text_free(t);
	parse_result_free(r);
	return -1;
}

void parse_result_free(struct parse_result *r)
{
	if (!r)
		return;
	free(r->text);
	free(r->keyword);
	free(r->body);
	for (size_t i = 0; i < r->n_notices; i++)
		free(r->notices[i]);
	free(r->notices);
	free(r->poll);
	free(r->choice);
	free(r->village);
	free(r->name);
	free(r->topic);
	free(r->example);
	free(r);
}

int parse_role_from_name(const char *name)
{
	for (size_t i = 0; i < sizeof(role_names) / sizeof(role_names[0]); i++)
		if (strcmp(role_names[i], name) == 0)
			return (int)i;
	return -1;
}

const char *parse_role_name(enum parse_role role)
{
	if ((unsigned)role >= sizeof(role_names) / sizeof(role_names[0]))
		return "?";
	return role_names[role];
}

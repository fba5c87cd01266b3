/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The keyword table: defaults from the spec, aliases from the configuration,
 * each stored with its folded key (Telex/VNI folded, spaces removed), and
 * the matcher used by the parser.
 */
#include "core/keywords.h"

#include <stdlib.h>
#include <string.h>

#define KEY_MAX 64

struct keyword {
	enum sms_command command;
	char *word;	   /* as configured */
	char key[KEY_MAX]; /* folded, words joined */
	size_t n_words;
};

/* A phrase: its folded words joined by single spaces. */
struct phrase {
	char *key;
	size_t n_words;
};

struct phrases {
	struct phrase *v;
	size_t n;
};

struct keywords {
	struct keyword *v;
	size_t n;
	size_t cap;
	struct phrases lists[PHRASE_N];
};

/* Names and help topics, indexed by enum sms_command. */
static const struct {
	const char *name;
	const char *topic;
} commands[SMS_N_COMMANDS] = {
    [SMS_FEEDBACK] = {"feedback", "PA"},
    [SMS_COMPLAINT] = {"complaint", "KNAI"},
    [SMS_DENUNCIATION] = {"denunciation", "TOCAO"},
    [SMS_ACK] = {"ack", "XN"},
    [SMS_STATUS] = {"status", "TT"},
    [SMS_MEETING] = {"meeting", "HOP"},
    [SMS_VOTE] = {"vote", "BQ"},
    [SMS_REGISTER] = {"register", "DK"},
    [SMS_OPTOUT] = {"optout", "HUY"},
    [SMS_HELP] = {"help", "HD"},
    [SMS_UNCLEAR] = {"unclear", NULL},
    [SMS_SATISFACTION] = {"satisfaction", "HL"},
    [SMS_ERROR] = {"error", NULL},
};

/* The spec's default keywords (SMS-LANGUAGE.md, section 3). */
static const struct {
	enum sms_command command;
	const char *word;
} default_keywords[] = {
    {SMS_FEEDBACK, "PA"},
    {SMS_FEEDBACK, "PHAN ANH"},
    {SMS_FEEDBACK, "KIEN NGHI"},
    {SMS_FEEDBACK, "GOP Y"},
    {SMS_FEEDBACK, "GY"},
    {SMS_COMPLAINT, "KNAI"},
    {SMS_COMPLAINT, "KN"}, /* after the only-a-code test: "KN 4418420" is a query */
    {SMS_COMPLAINT, "KHIEU NAI"},
    {SMS_DENUNCIATION, "TOCAO"},
    {SMS_DENUNCIATION, "TO CAO"},
    {SMS_ACK, "XN"},
    {SMS_ACK, "XAC NHAN"},
    {SMS_ACK, "DA DOC"},
    {SMS_STATUS, "TT"},
    {SMS_STATUS, "TRA CUU"},
    {SMS_STATUS, "KT"},
    {SMS_MEETING, "HOP"},
    {SMS_MEETING, "HOP THON"},
    {SMS_MEETING, "BC HOP"},
    {SMS_VOTE, "BQ"},
    {SMS_VOTE, "BIEU QUYET"},
    {SMS_REGISTER, "DK"},
    {SMS_REGISTER, "DANG KY"},
    {SMS_OPTOUT, "HUY"},
    {SMS_OPTOUT, "TU CHOI"},
    {SMS_OPTOUT, "STOP"},
    {SMS_HELP, "HD"},
    {SMS_HELP, "HUONG DAN"},
    {SMS_HELP, "HELP"},
    {SMS_HELP, "?"},
    {SMS_SATISFACTION, "HL"},
};

/* The word lists that need no keyword, indexed by enum phrase_list. */
static const char *const phrase_list_names[PHRASE_N] = {
    [PHRASE_ACK] = "ack_words",		[PHRASE_CHOICE] = "choice_words",
    [PHRASE_CHATTER] = "chatter_words", [PHRASE_OPTOUT] = "optout_words",
    [PHRASE_LEAD] = "lead_words",	[PHRASE_FILLER] = "code_fillers",
};

static const struct {
	enum phrase_list list;
	const char *phrase;
} default_phrases[] = {
    {PHRASE_ACK, "da biet"},
    {PHRASE_ACK, "biet roi"},
    {PHRASE_ACK, "ok"},
    {PHRASE_ACK, "oke"},
    {PHRASE_ACK, "okay"},
    {PHRASE_ACK, "dc"},
    {PHRASE_ACK, "duoc"},
    {PHRASE_ACK, "duoc roi"},
    {PHRASE_ACK, "da nhan"},
    {PHRASE_ACK, "da nhan duoc"},
    {PHRASE_ACK, "nhan duoc"},
    {PHRASE_ACK, "vang"},
    {PHRASE_ACK, "da doc"},
    {PHRASE_ACK, "da ro"},
    {PHRASE_ACK, "ro roi"},
    {PHRASE_ACK, "cam on"},
    {PHRASE_CHOICE, "dong y"},
    {PHRASE_CHOICE, "khong dong y"},
    {PHRASE_CHOICE, "ko dong y"},
    {PHRASE_CHOICE, "k dong y"},
    {PHRASE_CHOICE, "tan thanh"},
    {PHRASE_CHOICE, "khong tan thanh"},
    {PHRASE_CHATTER, "alo"},
    {PHRASE_CHATTER, "a lo"},
    {PHRASE_CHATTER, "allo"},
    {PHRASE_CHATTER, "xin chao"},
    {PHRASE_CHATTER, "chao"},
    {PHRASE_CHATTER, "hello"},
    {PHRASE_CHATTER, "hi"},
    {PHRASE_CHATTER, "can bo"},
    {PHRASE_CHATTER, "can bo xa"},
    {PHRASE_CHATTER, "xa"},
    {PHRASE_CHATTER, "co ai khong"},
    {PHRASE_CHATTER, "co ai"},
    {PHRASE_CHATTER, "ai do"},
    {PHRASE_CHATTER, "test"},
    {PHRASE_CHATTER, "thu"},
    {PHRASE_CHATTER, "oi"},
    {PHRASE_CHATTER, "a"},
    {PHRASE_CHATTER, "ah"},
    {PHRASE_CHATTER, "nhe"},
    {PHRASE_CHATTER, "nha"},
    {PHRASE_CHATTER, "em"},
    {PHRASE_CHATTER, "anh"},
    {PHRASE_CHATTER, "chi"},
    {PHRASE_CHATTER, "toi"},
    {PHRASE_CHATTER, "ban"},
    {PHRASE_OPTOUT, "ko nhan tin nua"},
    {PHRASE_OPTOUT, "k nhan tin nua"},
    {PHRASE_OPTOUT, "khong nhan tin nua"},
    {PHRASE_OPTOUT, "khong muon nhan tin"},
    {PHRASE_OPTOUT, "ko muon nhan tin"},
    {PHRASE_OPTOUT, "khong nhan nua"},
    {PHRASE_OPTOUT, "dung gui tin"},
    {PHRASE_OPTOUT, "dung gui"},
    {PHRASE_OPTOUT, "dung nhan tin"},
    {PHRASE_OPTOUT, "huy dang ky"},
    {PHRASE_OPTOUT, "huy dk"},
    {PHRASE_LEAD, "toi"},
    {PHRASE_LEAD, "em"},
    {PHRASE_LEAD, "chau"},
    {PHRASE_LEAD, "con"},
    {PHRASE_LEAD, "minh"},
    {PHRASE_LEAD, "xin"},
    {PHRASE_LEAD, "kinh gui"},
    {PHRASE_LEAD, "kinh"},
    {PHRASE_LEAD, "gui"},
    {PHRASE_LEAD, "xa"},
    {PHRASE_LEAD, "ubnd"},
    {PHRASE_LEAD, "can bo"},
    {PHRASE_LEAD, "muon"},
    {PHRASE_LEAD, "xin phep"},
    {PHRASE_FILLER, "ma"},
    {PHRASE_FILLER, "so"},
    {PHRASE_FILLER, "ma so"},
    {PHRASE_FILLER, "ma don"},
    {PHRASE_FILLER, "ho so"},
    {PHRASE_FILLER, "don"},
    {PHRASE_FILLER, "code"},
};

const char *keywords_command_name(enum sms_command c)
{
	if ((unsigned)c >= SMS_N_COMMANDS)
		return "?";
	return commands[c].name;
}

int keywords_command_from_name(const char *name)
{
	for (int c = 0; c < SMS_N_COMMANDS; c++)
		if (c != SMS_ERROR && c != SMS_UNCLEAR && strcmp(commands[c].name, name) == 0)
			return c;
	return -1;
}

const char *keywords_command_topic(enum sms_command c)
{
	if ((unsigned)c >= SMS_N_COMMANDS)
		return NULL;
	return commands[c].topic;
}

/* True if a folded message token may be part of a keyword. */
static bool word_like(const char *key)
{
	if (norm_is_code_like(key))
		return false;
	for (const char *p = key; *p; p++)
		if (*p < '0' || *p > '9')
			return true;
	return false;
}

/* Appends the keyword fold of token key to buf (length *len, capacity
 * KEY_MAX); returns -1 if it does not fit or is not word-like. */
static int append_word(char *buf, size_t *len, const char *key)
{
	size_t n;

	if (!word_like(key))
		return -1;
	n = norm_fold_keyword_word(key, buf + *len, KEY_MAX - *len);
	if (n == (size_t)-1)
		return -1;
	*len += n;
	return 0;
}

struct keywords *keywords_new_default(void)
{
	struct keywords *kw = calloc(1, sizeof(*kw));
	size_t n = sizeof(default_keywords) / sizeof(default_keywords[0]);

	if (!kw)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		const char *name = commands[default_keywords[i].command].name;
		if (keywords_add(kw, name, default_keywords[i].word, NULL) != 0) {
			keywords_free(kw);
			return NULL;
		}
	}
	for (size_t i = 0; i < sizeof(default_phrases) / sizeof(default_phrases[0]); i++)
		if (keywords_add_phrase(kw, default_phrases[i].list, default_phrases[i].phrase,
					NULL) != 0) {
			keywords_free(kw);
			return NULL;
		}
	return kw;
}

void keywords_free(struct keywords *kw)
{
	if (!kw)
		return;
	for (size_t i = 0; i < kw->n; i++)
		free(kw->v[i].word);
	free(kw->v);
	for (size_t l = 0; l < PHRASE_N; l++) {
		for (size_t i = 0; i < kw->lists[l].n; i++)
			free(kw->lists[l].v[i].key);
		free(kw->lists[l].v);
	}
	free(kw);
}

/* Builds the folded key of a configured word into k; returns 0 or -1 with
 * *reason set. */
static int fold_keyword(const char *word, struct keyword *k, const char **reason)
{
	struct norm_text *t = NULL;
	size_t len = 0;
	int rc = -1;

	*reason = "out of memory";
	if (norm_text_new(word, strlen(word), &t) != 0)
		goto out;
	*reason = "empty word";
	if (t->n_tokens == 0)
		goto out;
	*reason = "too many words";
	if (t->n_tokens > KEYWORDS_MAX_WORDS)
		goto out;
	*reason = "word looks like a code or is too long";
	k->key[0] = '\0';
	for (size_t i = 0; i < t->n_tokens; i++)
		if (append_word(k->key, &len, t->tokens[i].key) != 0)
			goto out;
	*reason = "empty word";
	if (len == 0)
		goto out;
	k->n_words = t->n_tokens;
	rc = 0;
out:
	norm_text_free(t);
	return rc;
}

int keywords_add(struct keywords *kw, const char *command, const char *word, const char **reason)
{
	const char *why = "unknown command";
	struct keyword k = {0};
	int c = command ? keywords_command_from_name(command) : -1;

	if (c < 0)
		goto fail;
	why = "empty word";
	if (!word || fold_keyword(word, &k, &why) != 0)
		goto fail;
	for (size_t i = 0; i < kw->n; i++) {
		if (strcmp(kw->v[i].key, k.key) != 0)
			continue;
		if (kw->v[i].command == (enum sms_command)c) {
			/* "TOCAO" and "TO CAO": one key, typed in one or two words */
			if (k.n_words > kw->v[i].n_words)
				kw->v[i].n_words = k.n_words;
			return 0;
		}
		why = "word already a keyword of another command";
		goto fail;
	}
	why = "out of memory";
	if (kw->n == kw->cap) {
		size_t cap = kw->cap ? kw->cap * 2 : 32;
		struct keyword *v = realloc(kw->v, cap * sizeof(*v));
		if (!v)
			goto fail;
		kw->v = v;
		kw->cap = cap;
	}
	k.command = (enum sms_command)c;
	k.word = strdup(word);
	if (!k.word)
		goto fail;
	kw->v[kw->n++] = k;
	return 0;
fail:
	if (reason)
		*reason = why;
	return -1;
}

int keywords_add_conf(struct keywords *kw, const struct keyword_list *lists, size_t n,
		      const char **reason, const char **bad)
{
	for (size_t i = 0; i < n; i++) {
		int l = keywords_phrase_list_from_name(lists[i].command);
		for (size_t j = 0; j < lists[i].n_words; j++) {
			if ((l >= 0 ? keywords_add_phrase(kw, (enum phrase_list)l,
							  lists[i].words[j], reason)
				    : keywords_add(kw, lists[i].command, lists[i].words[j],
						   reason)) == 0)
				continue;
			if (bad)
				*bad = lists[i].words[j];
			return -1;
		}
	}
	return 0;
}

/* ---------------------------------------------------------------- matching */

bool keywords_distance_one(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i = 0;

	if (la < lb) {
		const char *t = a;
		a = b, b = t;
		size_t tl = la;
		la = lb, lb = tl;
	}
	if (la - lb > 1)
		return false;
	while (i < lb && a[i] == b[i])
		i++;
	if (la != lb) /* one deletion from the longer */
		return strcmp(a + i + 1, b + i) == 0;
	if (i == la)
		return false; /* equal */
	if (strcmp(a + i + 1, b + i + 1) == 0)
		return true; /* substitution */
	return a[i + 1] && a[i] == b[i + 1] && a[i + 1] == b[i] &&
	       strcmp(a + i + 2, b + i + 2) == 0;
}

/* Fills cand[n] with the joined folds of tokens first..first+n-1 for
 * n = 1..KEYWORDS_MAX_WORDS; returns the largest n built. */
static size_t candidates(const struct norm_text *t, size_t first,
			 char cand[KEYWORDS_MAX_WORDS + 1][KEY_MAX])
{
	char buf[KEY_MAX] = "";
	size_t len = 0, n = 0;

	while (n < KEYWORDS_MAX_WORDS && first + n < t->n_tokens) {
		if (append_word(buf, &len, t->tokens[first + n].key) != 0)
			break;
		n++;
		memcpy(cand[n], buf, len + 1);
	}
	return n;
}

static void set_match(struct keyword_match *m, const struct keyword *k, size_t n, bool fuzzy)
{
	m->command = k->command;
	m->word = k->word;
	m->n_tokens = n;
	m->fuzzy = fuzzy;
}

bool keywords_match(const struct keywords *kw, const struct norm_text *t, size_t first,
		    struct keyword_match *m)
{
	char cand[KEYWORDS_MAX_WORDS + 1][KEY_MAX];
	size_t max = candidates(t, first, cand);
	const struct keyword *hit = NULL;
	size_t hit_n = 0;

	for (size_t n = max; n >= 1; n--)
		for (size_t i = 0; i < kw->n; i++)
			if (n <= kw->v[i].n_words && strcmp(cand[n], kw->v[i].key) == 0) {
				set_match(m, &kw->v[i], n, false);
				return true;
			}
	/* Fuzzy: the fewest tokens win ("toca dd" is TOCAO and a body, not
	 * "tocad"), but two commands within reach of any span is no match. */
	for (size_t n = 1; n <= max; n++) {
		for (size_t i = 0; i < kw->n; i++) {
			const struct keyword *k = &kw->v[i];
			if (n > k->n_words || strlen(k->key) < KEYWORDS_FUZZY_MIN ||
			    !keywords_distance_one(cand[n], k->key))
				continue;
			if (hit && hit->command != k->command)
				return false; /* two commands this close: no guess */
			if (!hit)
				hit = k, hit_n = n;
		}
	}
	if (!hit)
		return false;
	set_match(m, hit, hit_n, true);
	return true;
}

size_t keywords_glued_prefix(const struct keywords *kw, const char *key)
{
	if (!key)
		return 0;
	for (size_t i = 0; i < kw->n; i++) {
		const struct keyword *k = &kw->v[i];
		size_t n = strlen(k->key);
		if (k->n_words != 1 || n < 2 ||
		    (k->command != SMS_STATUS && k->command != SMS_ACK && k->command != SMS_VOTE))
			continue;
		if (strncmp(key, k->key, n) == 0 && norm_is_code_like(key + n))
			return n;
	}
	return 0;
}

/* ---------------------------------------------------------------- phrases */

const char *keywords_phrase_list_name(enum phrase_list l)
{
	return (unsigned)l < PHRASE_N ? phrase_list_names[l] : "?";
}

int keywords_phrase_list_from_name(const char *name)
{
	for (int l = 0; name && l < PHRASE_N; l++)
		if (strcmp(phrase_list_names[l], name) == 0)
			return l;
	return -1;
}

int keywords_add_phrase(struct keywords *kw, enum phrase_list l, const char *phrase,
			const char **reason)
{
	struct phrases *p = (unsigned)l < PHRASE_N ? &kw->lists[l] : NULL;
	struct norm_text *t = NULL;
	struct phrase *v;
	const char *why = "unknown list";

	if (!p)
		goto fail;
	why = "out of memory";
	if (!phrase || norm_text_new(phrase, strlen(phrase), &t) != 0)
		goto fail;
	why = "empty phrase";
	if (t->n_tokens == 0)
		goto fail;
	for (size_t i = 0; i < p->n; i++)
		if (strcmp(p->v[i].key, t->folded) == 0) {
			norm_text_free(t);
			return 0;
		}
	why = "out of memory";
	v = realloc(p->v, (p->n + 1) * sizeof(*v));
	if (!v)
		goto fail;
	p->v = v;
	if (!(v[p->n].key = strdup(t->folded)))
		goto fail;
	v[p->n++].n_words = t->n_tokens;
	norm_text_free(t);
	return 0;
fail:
	norm_text_free(t);
	if (reason)
		*reason = why;
	return -1;
}

/* True if the n words of key are tokens first..first+n-1 of t. */
static bool phrase_matches(const char *key, size_t n, const struct norm_text *t, size_t first)
{
	const char *p = key;

	if (first + n > t->n_tokens)
		return false;
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(t->tokens[first + i].key);
		if (strncmp(p, t->tokens[first + i].key, len) != 0 ||
		    (p[len] != ' ' && p[len] != '\0'))
			return false;
		p += len + (p[len] == ' ');
	}
	return *p == '\0';
}

size_t keywords_phrase_at(const struct keywords *kw, enum phrase_list l, const struct norm_text *t,
			  size_t first)
{
	size_t best = 0;

	if ((unsigned)l >= PHRASE_N)
		return 0;
	for (size_t i = 0; i < kw->lists[l].n; i++) {
		const struct phrase *p = &kw->lists[l].v[i];
		if (p->n_words > best && phrase_matches(p->key, p->n_words, t, first))
			best = p->n_words;
	}
	return best;
}

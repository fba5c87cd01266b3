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

struct keywords {
	struct keyword *v;
	size_t n;
	size_t cap;
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

const char *keywords_command_name(enum sms_command c)
{
	if ((unsigned)c >= SMS_N_COMMANDS)
		return "?";
	return commands[c].name;
}

int keywords_command_from_name(const char *name)
{
	for (int c = 0; c < SMS_N_COMMANDS; c++)
		if (c != SMS_ERROR && strcmp(commands[c].name, name) == 0)
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
	return kw;
}

void keywords_free(struct keywords *kw)
{
	if (!kw)
		return;
	for (size_t i = 0; i < kw->n; i++)
		free(kw->v[i].word);
	free(kw->v);
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
		for (size_t j = 0; j < lists[i].n_words; j++) {
			if (keywords_add(kw, lists[i].command, lists[i].words[j], reason) == 0)
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

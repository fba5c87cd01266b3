/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Handling one inbound message (handle.h): the checks every message goes
 * through before its command is looked at, and the reply helper.
 */
#include "service/handle_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/normalize.h"
#include "core/village.h"
#include "service/handle_notices.h"
#include "store/store_confidential.h"
#include "store/store_outbound.h"
#include "util/hook.h"
#include "util/log.h"
#include "util/xalloc.h"

/* ---------------------------------------------------------------- villages */

static void add_village(void *ctx, const char *code, const char *name)
{
	struct handle_ctx *h = ctx;
	char *key = village_key(name);

	if (!key)
		return;
	h->villages = xrealloc(h->villages, (h->n_villages + 1) * sizeof(*h->villages));
	h->village_keys = xrealloc(h->village_keys, (h->n_villages + 1) * sizeof(*h->village_keys));
	h->villages[h->n_villages].code = xstrdup(code);
	h->villages[h->n_villages].name = xstrdup(name);
	h->village_keys[h->n_villages++] = key;
}

static void villages_clear(struct handle_ctx *h)
{
	for (size_t i = 0; i < h->n_villages; i++) {
		free(h->villages[i].code);
		free(h->villages[i].name);
		free((char *)h->village_keys[i]);
	}
	free(h->villages);
	free(h->village_keys);
	h->villages = NULL;
	h->village_keys = NULL;
	h->n_villages = 0;
}

static void villages_load(struct handle_ctx *h);

/* The village whose name is the longest match of the start of body (as
 * people write it: "thon Pul", "Da KNang"); its byte length in body in
 * *len. */
static const struct village *village_at_start(struct handle_ctx *h, const char *body, size_t blen,
					      size_t *len)
{
	const struct village *best = NULL;
	struct norm_text *t = NULL;
	size_t n = 0;
	int i;

	*len = 0;
	villages_load(h);
	if (norm_text_new(body, blen, &t) != 0)
		return NULL;
	i = village_match(h->village_keys, h->n_villages, t, 0, &n);
	if (i >= 0) {
		/* Byte offsets are of the NFC text; the body is NFC already. */
		*len = t->tokens[n - 1].end;
		best = &h->villages[i];
	}
	norm_text_free(t);
	return best;
}

const char *handle_village_in_text(struct handle_ctx *h, const char *text)
{
	struct norm_text *t = NULL;
	int i;

	villages_load(h);
	if (!text || norm_text_new(text, strlen(text), &t) != 0)
		return NULL;
	i = village_in_text(h->village_keys, h->n_villages, t);
	norm_text_free(t);
	return i >= 0 ? h->villages[i].code : NULL;
}

static size_t village_prefix(void *ctx, const char *body, size_t len)
{
	size_t n = 0;

	village_at_start(ctx, body, len, &n);
	return n;
}

const char *handle_village_code(struct handle_ctx *h, const char *text)
{
	size_t len = 0;
	const struct village *v;

	villages_load(h);
	for (size_t i = 0; i < h->n_villages; i++)
		if (strcasecmp(h->villages[i].code, text) == 0)
			return h->villages[i].code;
	v = village_at_start(h, text, strlen(text), &len);
	return v && len >= strlen(text) ? v->code : NULL;
}

/* ---------------------------------------------------------------- context */

struct handle_ctx *handle_new(const struct service *svc, struct store *st)
{
	struct handle_ctx *h = xcalloc(1, sizeof(*h));

	h->svc = svc;
	h->st = st;
	h->popt.keywords = svc->kw;
	h->popt.village_prefix = village_prefix;
	h->popt.village_ctx = h;
	h->villages_stale = true;
	return h;
}

void handle_free(struct handle_ctx *h)
{
	if (!h)
		return;
	villages_clear(h);
	free(h);
}

void handle_refresh(struct handle_ctx *h)
{
	h->villages_stale = true;
}

/* Loads the villages in force today, once per batch and only when a
 * message needs them (DK): a batch of feedback folds no village names. */
static void villages_load(struct handle_ctx *h)
{
	char today[CLOCK_DATE_LEN];

	if (!h->villages_stale)
		return;
	h->villages_stale = false;
	clock_today(today);
	villages_clear(h);
	store_villages_each(h->st, today, add_village, h);
}

/* ---------------------------------------------------------------- replies */

long long handle_queue_text(struct msg_ctx *c, const char *text, long long case_id,
			    const char *purpose, bool confidential)
{
	const struct service *svc = c->h->svc;
	char *sealed = NULL;
	const char *to;
	long long id;

	confidential = confidential || c->confidential;
	to = handle_recipient(c, &sealed);
	id = to ? store_outbound_queue(c->h->st, to, text, NULL, svc->conf->delivery_reports,
				       c->m->id)
		: -1;
	free(sealed);
	if (id < 0 || store_outbound_about(c->h->st, id, case_id, purpose, confidential) < 0)
		return -1;
	/* A sealed reply is known to its delivery report by the tag. */
	if (c->confidential && store_outbound_set_tag(c->h->st, id, c->tag) < 0)
		return -1;
	c->queued++;
	return id;
}

long long handle_reply(struct msg_ctx *c, const char *tmpl, const struct template_value *values,
		       size_t n, long long case_id, const char *purpose, bool confidential)
{
	char *text = service_reply(c->h->svc, tmpl, values, n);
	long long id;

	if (!text) {
		log_error("no reply template '%s'", tmpl);
		return -1;
	}
	id = handle_queue_text(c, text, case_id, purpose, confidential);
	free(text);
	return id;
}

/* ---------------------------------------------------------------- checks */

long long handle_iso_ms(const char *s)
{
	struct tm tm = {0};
	int ms = 0;

	if (!s || sscanf(s, "%d-%d-%dT%d:%d:%d.%dZ", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
			 &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &ms) < 6)
		return clock_now_ms();
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return (long long)timegm(&tm) * 1000 + ms;
}

static bool denied(const struct conf *conf, const char *sender)
{
	for (size_t i = 0; i < conf->deny.n; i++)
		if (strcmp(conf->deny.v[i], sender) == 0)
			return true;
	return false;
}

/* The same text from the same number within the window, or past the
 * hourly limit: sets c->outcome (and queues the one "too many" reply).
 * Returns 1 when the message stops here, 0 to go on, -1 on error. */
static int limits(struct msg_ctx *c, const char *text_hash, struct process_mark *mark)
{
	const struct conf *conf = c->h->svc->conf;
	long long received = handle_iso_ms(c->m->received_at), dup, recent, throttled;
	char since[32];

	store_time(received - (long long)conf->duplicate_window * 1000, since, sizeof(since));
	dup = conf->duplicate_window > 0
		  ? store_process_duplicate(c->h->st, c->m->id, c->tag, text_hash, since)
		  : 0;
	if (dup < 0)
		return -1;
	if (dup > 0) {
		mark->duplicate_of = dup;
		c->outcome = OUTCOME_DUPLICATE;
		return 1;
	}
	if (c->m->promoted)
		return 0;
	store_time(received - 3600 * 1000LL, since, sizeof(since));
	recent = store_process_recent(c->h->st, c->m->id, c->tag, since, &throttled);
	if (recent < 0 || throttled < 0)
		return -1;
	if (recent < conf->hourly_limit)
		return 0;
	mark->throttled = true;
	c->outcome = OUTCOME_THROTTLED;
	if (throttled == 0 && handle_reply(c, "too_many", NULL, 0, 0, "too_many", false) < 0)
		return -1;
	return 1;
}

int handle_message(struct handle_ctx *h, const struct inbound_msg *m)
{
	const struct service *svc = h->svc;
	struct msg_ctx c = {.h = h, .m = m, .sender = m->sender};
	struct process_mark mark = {0};
	char text_hash[SEAL_TAG_SIZE], *clear = NULL;
	struct meeting_date today;
	int rc = -1, stop, role;

	/* A promoted message may have been sealed already. */
	if (m->sealed && !(c.sender = clear = seal_decrypt(svc->seal, m->sender)))
		return -1;
	clock_date(handle_iso_ms(m->received_at), c.today);
	/* Confidential (sealed now if the worker could not) before anything
	 * else is written about it. */
	if (handle_confidential(&c) < 0 ||
	    seal_tag(svc->seal, m->text ? m->text : "", text_hash) < 0)
		goto out;
	mark.sender_tag = c.tag;
	mark.text_hash = text_hash;
	if (strcmp(m->kind, "text") != 0) {
		c.outcome = OUTCOME_NOT_TEXT;
		goto mark;
	}
	if (m->sender_alpha) {
		c.outcome = OUTCOME_NOT_A_PERSON;
		goto mark;
	}
	if (store_sender_info(h->st, c.sender, &c.who) < 0)
		goto out;
	/* The directory may say how to read it (a head's role), but nothing
	 * taken from it is stored with a confidential sender's rows. */
	if (c.confidential)
		c.who.contact_id = 0;
	sscanf(c.today, "%d-%d-%d", &today.year, &today.month, &today.day);
	role = parse_role_from_name(c.who.role);
	if (parse_message(&h->popt, m->text, strlen(m->text),
			  (enum parse_role)(role < 0 ? 0 : role), today, &c.r) != 0 ||
	    handle_parse_in_context(&c, (enum parse_role)(role < 0 ? 0 : role), today) < 0)
		goto out;
	mark.command = keywords_command_name(c.r->command);
	if (denied(svc->conf, c.sender)) {
		c.outcome = OUTCOME_DENIED;
		goto mark;
	}
	stop = limits(&c, text_hash, &mark);
	if (stop < 0)
		goto out;
	if (stop)
		goto mark;
	if (hook_fail("handle", m->text) || handle_command(&c) < 0)
		goto out;
mark:
	mark.outcome = c.outcome ? c.outcome : OUTCOME_ERROR;
	rc = store_process_mark(h->st, m->id, &mark) < 0 ? -1 : c.queued;
out:
	parse_result_free(c.r);
	free(clear);
	return rc;
}

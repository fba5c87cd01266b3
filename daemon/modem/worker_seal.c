/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Confidential senders at ingest (ARCHITECTURE.md): before a part is
 * stored, the worker computes what the store needs to seal it in the same
 * transaction (the keyed tags, the sealed number), so a denunciation's
 * number is never committed in clear; and it opens a sealed recipient in
 * memory only, to send.
 */
#include "modem/worker_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "core/confidential.h"

void part_secrets_clear(struct part_secrets *s)
{
	free(s->sealed_sender);
	free(s->sealed_raw);
	sodium_memzero(s, sizeof(*s));
}

/* Tag of "a|b|..." built from fmt into out, in domain. */
static int tag_of(const struct seal *seal, const char *domain, char out[SEAL_TAG_SIZE],
		  const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static int tag_of(const struct seal *seal, const char *domain, char out[SEAL_TAG_SIZE],
		  const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	int n, rc;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(buf))
		return -1;
	rc = seal_tag_domain(seal, domain, buf, out);
	sodium_memzero(buf, sizeof(buf));
	return rc;
}

int worker_part_secure(const struct worker_keys *k, const char *modem_id, struct part_rec *r,
		       struct part_secrets *s)
{
	memset(s, 0, sizeof(*s));
	if (!k || !k->seal || r->sender_alpha)
		return 0; /* no key (tests, fuzzing) or not a person: nothing to seal */
	if (seal_tag(k->seal, r->sender, s->tag) < 0)
		return -1;
	/* The part's own key: the same part read twice is stored once, and it
	 * equals nothing else. The text's length stands for the text, whose
	 * hash the unique key holds already. */
	memcpy(s->part_key, "tag:", 4);
	if (tag_of(k->seal, SEAL_DOMAIN_PART, s->part_key + 4, "%s|%s|%s|%d|%d|%zu", modem_id,
		   r->sender_raw, r->smsc_time ? r->smsc_time : "", r->concat_ref, r->part_no,
		   strlen(r->text ? r->text : "")) < 0)
		return -1;
	if (r->concat_ref >= 0 && r->part_count > 1 &&
	    tag_of(k->seal, SEAL_DOMAIN_GROUP, s->group, "%s|%s|%d|%d", modem_id, r->sender_raw,
		   r->concat_ref, r->part_count) < 0)
		return -1;
	s->sealed_sender = seal_encrypt(k->seal, r->sender);
	s->sealed_raw = seal_encrypt(k->seal, r->sender_raw);
	if (!s->sealed_sender || !s->sealed_raw)
		return -1;
	r->tag = s->tag;
	r->part_key = s->part_key;
	r->group_key = s->group[0] ? s->group : NULL;
	r->sealed_sender = s->sealed_sender;
	r->sealed_raw = s->sealed_raw;
	/* Only a text part speaks; a later part follows its first one. */
	r->may_denounce =
	    strcmp(r->type, "text") == 0 && r->part_no <= 1 &&
	    confidential_text(k->kw, r->text ? r->text : "", strlen(r->text ? r->text : ""));
	return 0;
}

char *worker_recipient_open(const struct worker_keys *k, const char *recipient)
{
	if (!seal_is_sealed(recipient))
		return strdup(recipient ? recipient : "");
	return k && k->seal ? seal_decrypt(k->seal, recipient) : NULL;
}

int worker_keys_open(struct worker_keys *k, const struct conf *c, char *err, size_t errlen)
{
	const char *reason = NULL, *bad = NULL;

	memset(k, 0, sizeof(*k));
	k->seal = seal_open_existing(c->key_file, err, errlen);
	if (!k->seal)
		return -1;
	k->kw = keywords_new_default();
	if (!k->kw || keywords_add_conf(k->kw, c->keywords, c->n_keywords, &reason, &bad) != 0) {
		snprintf(err, errlen, "keyword '%s': %s", bad ? bad : "",
			 reason ? reason : "invalid");
		worker_keys_close(k);
		return -1;
	}
	return 0;
}

void worker_keys_close(struct worker_keys *k)
{
	seal_close(k->seal);
	keywords_free(k->kw);
	memset(k, 0, sizeof(*k));
}

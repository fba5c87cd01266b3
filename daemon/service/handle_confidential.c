/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Confidential senders in the processor (ARCHITECTURE.md): which tag a
 * message's sender carries, the backstop seal of a denunciation the worker
 * could not seal, and the sealed recipient of every reply to one.
 */
#include "service/handle_internal.h"

#include <stdlib.h>
#include <string.h>

#include "core/confidential.h"
#include "store/store_confidential.h"

int handle_seal_sender(struct msg_ctx *c)
{
	char *sealed;
	int rc;

	if (c->m->sealed)
		return 0;
	sealed = seal_encrypt(c->h->svc->seal, c->sender);
	if (!sealed)
		return -1;
	rc = store_inbound_seal(c->h->st, c->m->id, sealed);
	free(sealed);
	c->h->sealed_late++;
	if (rc < 0 || seal_tag(c->h->svc->seal, c->sender, c->tag) < 0)
		return -1;
	return store_confidential_add(c->h->st, c->tag);
}

int handle_confidential(struct msg_ctx *c)
{
	const struct service *svc = c->h->svc;
	const char *text = c->m->text ? c->m->text : "";

	long long known = 0;

	c->confidential = c->m->sealed;
	/* The worker seals what may be a denunciation, and every message of a
	 * confidential sender; one stored without the key (or before this
	 * model) is sealed here, in this message's transaction. */
	if (!c->confidential && !c->m->sender_alpha) {
		if (seal_tag(svc->seal, c->sender, c->tag) < 0)
			return -1;
		known = store_confidential_is(c->h->st, c->tag);
		if (known < 0)
			return -1;
		if (known || (strcmp(c->m->kind, "text") == 0 &&
			      confidential_text(svc->kw, text, strlen(text)))) {
			if (handle_seal_sender(c) < 0)
				return -1;
			c->confidential = true;
		}
	}
	if (seal_tag(svc->seal, c->sender, c->confidential ? c->tag : c->alt_tag) < 0 ||
	    seal_tag_domain(svc->seal, SEAL_DOMAIN_CLEAR, c->sender,
			    c->confidential ? c->alt_tag : c->tag) < 0)
		return -1;
	return 0;
}

const char *handle_recipient(struct msg_ctx *c, char **owned)
{
	*owned = NULL;
	if (!c->confidential)
		return c->sender;
	*owned = seal_encrypt(c->h->svc->seal, c->sender);
	return *owned;
}

bool handle_is_sender(const struct msg_ctx *c, const char *tag)
{
	return tag && tag[0] && (strcmp(tag, c->tag) == 0 || strcmp(tag, c->alt_tag) == 0);
}

int handle_take_sealed(struct handle_ctx *h)
{
	int n = h->sealed_late;

	h->sealed_late = 0;
	return n;
}

int service_seal_case_sender(const struct service *svc, struct store *st, long long case_id,
			     const char *phone)
{
	char tag[SEAL_TAG_SIZE];
	char *sealed;
	int rc;

	if (!phone || seal_tag(svc->seal, phone, tag) < 0)
		return -1;
	sealed = seal_encrypt(svc->seal, phone);
	if (!sealed)
		return -1;
	rc = store_case_seal_sender(st, case_id, sealed, tag);
	free(sealed);
	return rc;
}

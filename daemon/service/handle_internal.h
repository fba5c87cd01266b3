/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Shared by handle.c (the checks every message goes through) and
 * handle_commands.c (what each command calls for).
 */
#ifndef TIENGDAN_HANDLE_INTERNAL_H
#define TIENGDAN_HANDLE_INTERNAL_H

#include <stdbool.h>

#include "core/parse.h"
#include "service/handle.h"
#include "store/store_process.h"
#include "util/clock.h"
#include "util/seal.h"

struct village {
	char *code;
	char *name;
};

struct handle_ctx {
	const struct service *svc;
	struct store *st;
	struct parse_options popt;
	struct village *villages;
	const char **village_keys; /* village_key of each name, same order */
	size_t n_villages;
	bool villages_stale; /* reload before the next use */
	int sealed_late;     /* senders sealed here, not at ingest */
};

/* One message being handled. */
struct msg_ctx {
	struct handle_ctx *h;
	const struct inbound_msg *m;
	const char *sender; /* in clear (m->sender may be sealed) */
	struct parse_result *r;
	struct sender_info who;
	char tag[SEAL_TAG_SIZE]; /* keyed: seal_tag when confidential, else the clear domain's */
	char alt_tag[SEAL_TAG_SIZE]; /* the other one: cases opened before or after */
	bool confidential;	     /* every row about this message is sealed */
	char today[CLOCK_DATE_LEN];  /* local date the message was received */
	const char *outcome;
	int queued; /* SMS queued */
};

/* Queues the reply rendered from template tmpl with values to the sender;
 * links it to case_id (0: none) with purpose. Returns the outbound id or
 * -1. */
long long handle_reply(struct msg_ctx *c, const char *tmpl, const struct template_value *values,
		       size_t n, long long case_id, const char *purpose, bool confidential);

/* Queues text (rendered already) to the sender, like handle_reply. */
long long handle_queue_text(struct msg_ctx *c, const char *text, long long case_id,
			    const char *purpose, bool confidential);

/* Milliseconds of a stored time "YYYY-MM-DDTHH:MM:SS.mmmZ" (UTC); now when
 * it cannot be read. */
long long handle_iso_ms(const char *iso);

/* Handles the parsed command; sets c->outcome. 0 or -1. */
int handle_command(struct msg_ctx *c);

/* Seals the sender of the message (a denunciation the worker did not
 * seal) and records it confidential. 0 or -1. (handle_confidential.c) */
int handle_seal_sender(struct msg_ctx *c);
/* Sets c->confidential, c->tag and c->alt_tag for the message's sender,
 * sealing it first when its text may be a denunciation. 0 or -1. */
int handle_confidential(struct msg_ctx *c);
/* The recipient to queue a reply to c's sender with: c->sender, or when
 * confidential a sealed copy (*owned, caller frees). NULL on error. */
const char *handle_recipient(struct msg_ctx *c, char **owned);
/* True when tag (a case's or meeting's sender_tag) is c's sender's. */
bool handle_is_sender(const struct msg_ctx *c, const char *tag);

/* The code of the village named at the start of text (a code or a name),
 * or NULL. */
const char *handle_village_code(struct handle_ctx *h, const char *text);

/* The code of the village text names after "thon", "buon" ... ("duong
 * thon Pul hong"), or NULL. */
const char *handle_village_in_text(struct handle_ctx *h, const char *text);

#endif

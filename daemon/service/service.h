/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What handling messages and cases needs, built once at start-up from the
 * configuration and then shared read-only by the processor and control
 * threads: the keyword table, the working-day calendar, the reply
 * templates and the key that seals confidential numbers.
 */
#ifndef TIENGDAN_SERVICE_H
#define TIENGDAN_SERVICE_H

#include <stddef.h>

#include "conf/conf.h"
#include "core/code.h"
#include "core/keywords.h"
#include "core/template.h"
#include "core/workdays.h"
#include "store/store.h"
#include "util/seal.h"

struct service {
	const struct conf *conf;
	struct keywords *kw;
	struct workdays *cal;
	struct seal *seal;
	struct workdays_rule rules[3]; /* feedback, complaint, denunciation */
};

/* Builds it (creating the seal key at first start). NULL with a message in
 * err on failure. c must outlive it. */
struct service *service_new(const struct conf *c, char *err, size_t errlen);
void service_free(struct service *s);

/* The rule of a kind of case ("feedback", "complaint", "denunciation"), or
 * NULL. */
const struct workdays_rule *service_rule(const struct service *s, const char *kind);

/* Renders reply template name with values (the gateway's number is added
 * as {number}). Caller frees; NULL only for an unknown name. The result
 * fits one SMS (the templates were checked when the configuration was
 * loaded). */
char *service_reply(const struct service *s, const char *name, const struct template_value *values,
		    size_t n);

/* "dd/mm" of a "YYYY-MM-DD" date into out (size >= 6). */
void service_ddmm(const char *date, char *out);

/*
 * Before the daemon runs (and in --check): a missing key file while the
 * database holds sealed values is an error saying to restore the key from
 * a backup, never a new key; an existing key must belong to the
 * database's owner (ours when there is no database yet) and be readable by
 * no one else. 0, or -1 with err.
 */
int service_key_check(const struct conf *c, char *err, size_t errlen);

/*
 * Makes the sender of case_id confidential, for a case opened other than
 * by SMS (a staff-entered denunciation): phone (E.164, in clear in memory
 * only) is sealed into the case, its tag recorded so every later message
 * from the number is sealed at ingest, its directory link dropped and its
 * village replaced by the commune. Inside the caller's transaction. 0 or
 * -1. (handle_confidential.c)
 */
int service_seal_case_sender(const struct service *svc, struct store *st, long long case_id,
			     const char *phone);

/* A fresh tracking code of kind into code, whose digits no case or meeting
 * has (service.c). 0, or -1 after CODE_TRIES draws all taken or an error. */
int service_new_code(struct store *st, enum code_kind kind, struct tracking_code *code);

#endif

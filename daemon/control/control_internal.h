/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Shared inside daemon/control: the caller's identity, one request in
 * flight, and the table of operations.
 */
#ifndef TIENGDAN_CONTROL_INTERNAL_H
#define TIENGDAN_CONTROL_INTERNAL_H

#include <jansson.h>
#include <stdbool.h>
#include <sys/types.h>

#include "conf/conf.h"
#include "service/service.h"
#include "store/store.h"
#include "store/store_contacts.h"
#include "util/tderr.h"

/* Who is on the other end of a connection. */
struct peer {
	uid_t uid;
	gid_t gid;
	pid_t pid;
	char user[64];	   /* user name, or "#uid" */
	int role;	   /* enum conf_role, or -1: no role */
	char **communes;   /* the communes the role is limited to (owned) */
	size_t n_communes; /* 0: all */
};

/* Works out the peer's identity and role from its credentials. */
void peer_identify(struct peer *p, const struct conf *c, uid_t uid, gid_t gid, pid_t pid);
void peer_clear(struct peer *p);
/* The peer's communes as a store scope. */
struct unit_scope peer_scope(const struct peer *p);

/* One request being handled. */
struct request {
	const struct conf *conf;
	const struct service *svc; /* templates, calendar, seal (read-only) */
	struct store *st;
	const struct peer *peer;
	const char *lang;
	json_t *args;	  /* the request's "args" object (borrowed) */
	char target[128]; /* the record acted on, for the audit (set by handlers) */
	char detail[256]; /* anything else worth auditing */
};

/* Audits a request refused before it could be read (too long). */
void control_audit_refusal(struct store *st, const struct peer *p, const char *action,
			   const char *detail);

/* The seal when the caller may see the numbers of denunciation senders
 * (supervisor and admin), else NULL: what the store's listings take as
 * reveal. */
const struct seal *peer_reveal(const struct request *r);
/* The same for one record already checked to be in the caller's scope
 * (a case shown): any supervisor or admin. */
const struct seal *peer_reveal_in_scope(const struct request *r);
/* Whether the caller may act on an inbound (or outbound) message: always
 * without communes; else only on a message about a case in one of them. */
bool peer_may_act_on(struct request *r, bool outbound, long long id);

/* An operation: handlers return the result (a new reference) or NULL with
 * e set. */
struct op {
	const char *name;
	int min_role; /* enum conf_role */
	bool writes;  /* changes data: run in one transaction with its audit row */
	json_t *(*run)(struct request *r, struct tderr *e);
};

/* The table of operations (control_ops*.c), terminated by a NULL name. */
extern const struct op control_ops_directory[];
extern const struct op control_ops_messages[];
extern const struct op control_ops_cases[];
extern const struct op control_ops_register[];
extern const struct op control_ops_forms[];
extern const struct op control_ops_due[];
extern const struct op control_ops_modems[];
extern const struct op control_ops_notices[];
extern const struct op control_ops_admin[];

/* Finds an operation by name, NULL if none. */
const struct op *control_op_find(const char *name);

/* Runs one request line and returns the answer object (caller owns). */
json_t *control_dispatch(const struct conf *c, const struct service *svc, struct store *st,
			 const struct peer *p, const char *line, size_t len);

/* ---------------------------------------------------------------- args */

/* The string argument key, or NULL when absent or null; a non-string
 * value is an error (returns NULL and sets e, so check e->cls). */
const char *arg_str(struct request *r, const char *key, struct tderr *e);
/* The same, required: missing is M_MISSING_ARG. */
const char *arg_req(struct request *r, const char *key, struct tderr *e);
/* A boolean flag: absent or null is false. */
bool arg_flag(struct request *r, const char *key);
/* An integer (JSON integer or digits in a string), def when absent. Sets e
 * and returns def on a bad value. */
long long arg_int(struct request *r, const char *key, long long def, long long min, long long max,
		  struct tderr *e);
/* A date argument YYYY-MM-DD, checked; NULL when absent. */
const char *arg_date(struct request *r, const char *key, struct tderr *e);
/* A phone argument normalised to E.164 into out (size >= 32); returns out,
 * or NULL with e set (M_BAD_PHONE) / NULL when absent and not required. */
const char *arg_phone(struct request *r, const char *key, bool required, char *out,
		      struct tderr *e);
/* Wraps a list of rows as {"rows": rows} (steals the reference); NULL rows
 * is an internal error. */
json_t *rows_result(json_t *rows, struct tderr *e);

/* Shared by the case operations (control_ops_cases.c) and the register's
 * (control_ops_register.c). */
struct case_info;
/* The case named by argument key, within the caller's scope; its code
 * becomes the audit's target. 0 or -1 with e. */
int arg_case_named(struct request *r, const char *key, struct case_info *c, struct tderr *e);
/* The same for a code s as staff typed it. */
int case_named(struct request *r, const char *s, struct case_info *c, struct tderr *e);
/* Queues text to the citizen of c (a denunciation's sealed number opened
 * for the modem only). The outbound id, 0 when not textable, -1 with e. */
/* Asks the citizen of resolved case c by SMS whether the result satisfies
 * ("HL <code> 1|2"), after the status SMS (control_ops_due.c). 0 or -1. */
int satisfaction_ask(struct request *r, const struct case_info *c, struct tderr *e);
long long case_text(struct request *r, const struct case_info *c, const char *text,
		    const char *purpose, struct tderr *e);
/* The workflow's check of c going to status to (core/case_workflow.h): 0,
 * or -1 with the law's rule in e. */
int workflow_allows(const struct case_info *c, int to, const char *note, bool has_decision,
		    struct tderr *e);

#endif

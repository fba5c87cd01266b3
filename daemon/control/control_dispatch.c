/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * One request: parse the line, find the operation, check the caller's role,
 * run it (with its audit row in the same transaction when it writes) and
 * shape the answer. Every request, allowed or refused, is audited.
 */
#include "control/control_internal.h"

#include <string.h>

#include "store/store_audit.h"
#include "util/log.h"

static const struct op *const op_tables[] = {
    control_ops_directory, control_ops_messages, control_ops_cases,   control_ops_modems,
    control_ops_notices,   control_ops_admin,	 control_ops_register, control_ops_forms, control_ops_due};

const struct op *control_op_find(const char *name)
{
	for (size_t t = 0; t < sizeof(op_tables) / sizeof(op_tables[0]); t++)
		for (const struct op *o = op_tables[t]; o->name; o++)
			if (strcmp(o->name, name) == 0)
				return o;
	return NULL;
}

static json_t *answer_error(const struct tderr *e, const char *lang)
{
	char msg[1024];
	char *clean;
	json_t *a;

	/* The message may quote the request (a JSON parse error carries the
	 * bytes it stopped at), which need not be UTF-8: jansson refuses such
	 * a string, so invalid bytes become U+FFFD first. */
	tderr_format(e, lang, msg, sizeof(msg));
	clean = norm_nfc(msg, strlen(msg), NULL);
	a = json_pack("{s:b, s:s, s:s}", "ok", 0, "error", tderr_class_name(e->cls), "message",
		      clean ? clean : "?");
	free(clean);
	if (!a)
		a = json_pack("{s:b, s:s, s:s}", "ok", 0, "error", tderr_class_name(e->cls),
			      "message", tderr_class_name(e->cls));
	return a;
}

/* The record a refused request was about, for its audit row: the first
 * of the usual identifying arguments present. */
static const char *guess_target(const json_t *args)
{
	static const char *const keys[] = {"phone", "code", "id", "file", "village"};

	for (size_t i = 0; args && i < sizeof(keys) / sizeof(keys[0]); i++) {
		const char *s = json_string_value(json_object_get(args, keys[i]));
		if (s)
			return s;
	}
	return NULL;
}

/* Every audited field is bounded: a caller cannot grow the trail by more
 * than a few hundred bytes a request. Cut at a UTF-8 boundary. */
#define AUDIT_FIELD_MAX 256

static const char *bounded(const char *s, char *buf, size_t size)
{
	size_t n;

	if (!s || strlen(s) < size)
		return s;
	n = size - 4;
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	memcpy(buf, s, n);
	memcpy(buf + n, "...", 4);
	return buf;
}

static void audit(struct store *st, const struct peer *p, const char *action, const char *target,
		  const char *outcome, const char *detail)
{
	char act[64], tgt[AUDIT_FIELD_MAX], det[AUDIT_FIELD_MAX];
	struct audit_entry a = {
	    .uid = p->uid,
	    .user = p->user,
	    .role = p->role >= 0 ? conf_role_name(p->role) : NULL,
	    .action = bounded(action, act, sizeof(act)),
	    .target = target && target[0] ? bounded(target, tgt, sizeof(tgt)) : NULL,
	    .outcome = outcome,
	    .detail = detail && detail[0] ? bounded(detail, det, sizeof(det)) : NULL,
	};

	if (store_audit_add(st, &a) < 0)
		log_error("control: cannot write the audit row of %s by %s", a.action, p->user);
}

void control_audit_refusal(struct store *st, const struct peer *p, const char *action,
			   const char *detail)
{
	audit(st, p, action, NULL, "refused", detail);
}

/* Runs an operation the caller may run. */
static json_t *run_op(const struct op *o, struct request *r)
{
	struct tderr e = {0};
	char detail[1024];
	json_t *result;

	if (o->writes && store_begin(r->st) < 0) {
		tderr_set(&e, TDERR_INTERNAL, M_INTERNAL, store_errmsg(r->st), NULL);
		audit(r->st, r->peer, o->name, r->target, "failed", "database busy");
		return answer_error(&e, r->lang);
	}
	result = o->run(r, &e);
	if (result && o->writes) {
		audit(r->st, r->peer, o->name, r->target, "allowed", r->detail);
		if (store_commit(r->st) < 0) {
			store_rollback(r->st);
			json_decref(result);
			result = NULL;
			tderr_set(&e, TDERR_INTERNAL, M_INTERNAL, store_errmsg(r->st), NULL);
		}
	} else if (result) {
		audit(r->st, r->peer, o->name, r->target, "allowed", r->detail);
	}
	if (result) {
		json_t *a = json_pack("{s:b, s:o}", "ok", 1, "result", result);
		return a;
	}
	if (o->writes)
		store_rollback(r->st);
	if (e.cls == TDERR_OK)
		tderr_set(&e, TDERR_INTERNAL, M_INTERNAL, "no result", NULL);
	tderr_format(&e, "en", detail, sizeof(detail));
	audit(r->st, r->peer, o->name, r->target, e.cls == TDERR_FORBIDDEN ? "refused" : "failed",
	      detail);
	if (e.cls == TDERR_FORBIDDEN)
		log_warn("refused %s to %s: %s", o->name, r->peer->user, detail);
	return answer_error(&e, r->lang);
}

json_t *control_dispatch(const struct conf *c, const struct service *svc, struct store *st,
			 const struct peer *p, const char *line, size_t len)
{
	struct request r = {.conf = c, .svc = svc, .st = st, .peer = p, .lang = "vi"};
	struct tderr e = {0};
	json_error_t jerr;
	json_t *req = json_loadb(line, len, JSON_REJECT_DUPLICATES, &jerr), *answer;
	const char *cmd = NULL, *lang = NULL;
	const struct op *o;

	if (req && json_is_object(req)) {
		cmd = json_string_value(json_object_get(req, "cmd"));
		lang = json_string_value(json_object_get(req, "lang"));
		r.args = json_object_get(req, "args");
	}
	if (lang && strcmp(lang, "en") == 0)
		r.lang = "en";
	if (!cmd || (r.args && !json_is_object(r.args))) {
		/* jansson's parse error quotes the bytes it stopped at, which
		 * need not be UTF-8: clean them before they reach the answer
		 * and the audit. */
		char *why = !req ? norm_nfc(jerr.text, strlen(jerr.text), NULL) : NULL;

		tderr_set(&e, TDERR_BAD_REQUEST, M_BAD_REQUEST,
			  !req ? (why ? why : "not JSON")
			       : "expected {\"cmd\": \"...\", \"args\": {...}}",
			  NULL);
		free(why);
		audit(st, p, "(invalid)", NULL, "refused", e.arg[0]);
		answer = answer_error(&e, r.lang);
		goto out;
	}
	if (!r.args)
		r.args = json_object_get(req, "args"); /* stays NULL: no arguments */
	o = control_op_find(cmd);
	if (p->role < 0) {
		tderr_set(&e, TDERR_FORBIDDEN, M_NO_ROLE, p->user, NULL);
		log_warn("refused %s to %s (uid %u): no role", o ? o->name : "(unknown)", p->user,
			 (unsigned)p->uid);
		audit(st, p, o ? o->name : "(unknown)", guess_target(r.args), "refused", "no role");
		answer = answer_error(&e, r.lang);
		goto out;
	}
	if (!o) {
		tderr_set(&e, TDERR_BAD_REQUEST, M_UNKNOWN_COMMAND, cmd, NULL);
		audit(st, p, "(unknown)", NULL, "refused", "unknown command");
		answer = answer_error(&e, r.lang);
		goto out;
	}
	if (p->role < o->min_role) {
		tderr_set(&e, TDERR_FORBIDDEN, M_FORBIDDEN, conf_role_name(p->role), o->name);
		log_warn("refused %s to %s: role %s, needs %s", o->name, p->user,
			 conf_role_name(p->role), conf_role_name(o->min_role));
		audit(st, p, o->name, guess_target(r.args), "refused", "role too low");
		answer = answer_error(&e, r.lang);
		goto out;
	}
	answer = run_op(o, &r);
out:
	json_decref(req);
	return answer;
}

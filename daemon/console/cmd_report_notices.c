/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The report's paragraphs on notices and polls: how many notices went out,
 * reached phones and were acknowledged, by commune; each poll held and
 * whether more than half of all households decided it.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "console.h"
#include "util/xalloc.h"

/* The sentences, Vietnamese and English; printf formats of strings only. */
enum phrase {
	P_NO_NOTICES,
	P_NOTICES,
	P_ACKS,
	P_NO_ACKS,
	P_UNIT,
	P_NO_POLLS,
	P_POLLS,
	P_POLL_DECIDED,
	P_POLL_UNDECIDED,
	P_OPEN,
	P_CLOSED,
	P_COUNT,
};

static const char *const phrases[P_COUNT][2] = {
    [P_NO_NOTICES] = {"Trong kỳ không gửi thông báo nào.", "No notices sent in the period."},
    [P_NOTICES] = {"Thông báo: đã gửi %s thông báo đến %s người nhận, %s tin đã gửi đi, %s tin "
		   "đã đến máy",
		   "Notices: %s sent to %s recipients, %s SMS sent, %s delivered"},
    [P_ACKS] = {"; %s/%s người được yêu cầu đã xác nhận đã đọc (%s).",
		"; %s of %s asked acknowledged reading them (%s)."},
    [P_NO_ACKS] = {".", "."},
    [P_UNIT] = {"\n- %s: %s thông báo, %s người nhận, xác nhận %s/%s (%s).",
		"\n- %s: %s notice(s), %s recipients, %s of %s acknowledged (%s)."},
    [P_NO_POLLS] = {"Trong kỳ không có biểu quyết nào.", "No polls in the period."},
    [P_POLLS] = {"Biểu quyết: %s cuộc, %s cuộc được quá nửa tổng số hộ tán thành.",
		 "Polls: %s held, %s decided by more than half of all households."},
    [P_POLL_DECIDED] = {"\n- %s (%s): %s — quyết định: %s, %s/%s hộ (%s).",
			"\n- %s (%s): %s — decided: %s, %s of %s households (%s)."},
    [P_POLL_UNDECIDED] = {"\n- %s (%s): %s — chưa quá nửa số hộ, %s/%s hộ đã biểu quyết (%s).",
			  "\n- %s (%s): %s — not decided, %s of %s households voted (%s)."},
    [P_OPEN] = {"đang mở", "open"},
    [P_CLOSED] = {"đã đóng", "closed"},
};

struct text {
	char *buf;
	size_t len;
};

static void append(struct text *t, const char *s, size_t n)
{
	t->buf = xrealloc(t->buf, t->len + n + 1);
	memcpy(t->buf + t->len, s, n);
	t->len += n;
	t->buf[t->len] = '\0';
}

/* Appends phrase p with its %s filled from the strings given. */
static void say(struct text *t, int en, enum phrase p, ...)
{
	const char *s = phrases[p][en];
	va_list ap;

	va_start(ap, p);
	while (*s) {
		const char *pct = strstr(s, "%s");
		size_t n = pct ? (size_t)(pct - s) : strlen(s);
		const char *v = pct ? va_arg(ap, const char *) : "";

		append(t, s, n);
		append(t, v, strlen(v));
		s += n + (pct ? 2 : 0);
	}
	va_end(ap);
}

/* A number as the report writes it (Vietnamese: 01 .. 09). */
struct nums {
	char v[8][32];
};

static const char *num(struct nums *n, int i, int en, const json_t *obj, const char *key)
{
	long long x = json_integer_value(json_object_get(obj, key));

	snprintf(n->v[i], sizeof(n->v[i]), !en && x > 0 && x < 10 ? "%02lld" : "%lld", x);
	return n->v[i];
}

static const char *pct(struct nums *n, int i, int en, const json_t *v)
{
	char *dot;

	if (!json_is_number(v))
		return "-";
	snprintf(n->v[i], sizeof(n->v[i]), "%.1f%%", json_number_value(v));
	if (!en && (dot = strchr(n->v[i], '.')))
		*dot = ',';
	return n->v[i];
}

static void notices_text(struct text *t, int en, const json_t *r)
{
	const json_t *tot = json_object_get(r, "totals"), *u;
	struct nums n;
	size_t i;

	if (!json_integer_value(json_object_get(tot, "notices"))) {
		say(t, en, P_NO_NOTICES);
		return;
	}
	say(t, en, P_NOTICES, num(&n, 0, en, tot, "notices"),
	    num(&n, 1, en, tot, "notice_recipients"), num(&n, 2, en, tot, "notice_sent"),
	    num(&n, 3, en, tot, "notice_delivered"));
	if (json_integer_value(json_object_get(tot, "ack_asked")))
		say(t, en, P_ACKS, num(&n, 0, en, tot, "acknowledged"),
		    num(&n, 1, en, tot, "ack_asked"),
		    pct(&n, 2, en, json_object_get(tot, "ack_rate")));
	else
		say(t, en, P_NO_ACKS);
	json_array_foreach(json_object_get(r, "by_unit"), i, u)
	{
		const char *name = json_string_value(json_object_get(u, "name"));
		if (!json_integer_value(json_object_get(u, "notices")))
			continue;
		say(t, en, P_UNIT, name ? name : "-", num(&n, 0, en, u, "notices"),
		    num(&n, 1, en, u, "notice_recipients"), num(&n, 2, en, u, "acknowledged"),
		    num(&n, 3, en, u, "ack_asked"), pct(&n, 4, en, json_object_get(u, "ack_rate")));
	}
}

/* The votes of the outcome's choice. */
static const json_t *outcome_choice(const json_t *poll)
{
	const char *outcome = json_string_value(json_object_get(poll, "outcome"));
	const json_t *c;
	size_t i;

	json_array_foreach(json_object_get(poll, "choices"), i, c)
	{
		const char *label = json_string_value(json_object_get(c, "label"));
		if (outcome && label && !strcmp(outcome, label))
			return c;
	}
	return NULL;
}

static void polls_text(struct text *t, int en, const json_t *r)
{
	const json_t *tot = json_object_get(r, "totals"), *p;
	struct nums n;
	size_t i;

	if (!json_array_size(json_object_get(r, "polls"))) {
		say(t, en, P_NO_POLLS);
		return;
	}
	say(t, en, P_POLLS, num(&n, 0, en, tot, "polls"), num(&n, 1, en, tot, "polls_decided"));
	json_array_foreach(json_object_get(r, "polls"), i, p)
	{
		const char *where = json_string_value(json_object_get(p, "target_name"));
		const char *code = json_string_value(json_object_get(p, "code"));
		const char *q = json_string_value(json_object_get(p, "question"));
		const char *state =
		    phrases[json_is_true(json_object_get(p, "closed")) ? P_CLOSED : P_OPEN][en];
		const json_t *won = outcome_choice(p);

		if (!where)
			where = json_string_value(json_object_get(p, "target"));
		if (won)
			say(t, en, P_POLL_DECIDED, code ? code : "?", where ? where : "-",
			    q ? q : "", json_string_value(json_object_get(p, "outcome")),
			    num(&n, 0, en, won, "votes"), num(&n, 1, en, p, "households"), state);
		else
			say(t, en, P_POLL_UNDECIDED, code ? code : "?", where ? where : "-",
			    q ? q : "", num(&n, 0, en, p, "votes"), num(&n, 1, en, p, "households"),
			    state);
	}
}

char *report_notices_text(const json_t *report, bool en)
{
	struct text t = {0};

	notices_text(&t, en, report);
	append(&t, "\n", 1);
	polls_text(&t, en, report);
	return t.buf;
}

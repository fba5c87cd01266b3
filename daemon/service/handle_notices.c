/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Acknowledgements and votes by SMS (handle_notices.h): each message gets
 * exactly one reply, from the templates ack, ack_partial,
 * ack_unknown_notice, vote, vote_changed, vote_bad_choice,
 * vote_not_household, vote_closed and vote_unknown_poll.
 */
#include "service/handle_notices.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/notice.h"
#include "store/store_notices.h"
#include "store/store_polls.h"
#include "store/store_units.h"

/* A space-separated list of codes, cut where it would overflow. */
struct codes {
	char s[96];
	size_t len;
};

static void codes_add(struct codes *l, const char *code)
{
	int n = snprintf(l->s + l->len, sizeof(l->s) - l->len, "%s%s", l->len ? " " : "", code);

	if (n > 0 && l->len + (size_t)n < sizeof(l->s))
		l->len += (size_t)n;
	else
		l->s[l->len] = '\0';
}

static int reply(struct msg_ctx *c, const char *tmpl, const struct template_value *v, size_t n,
		 const char *outcome)
{
	c->outcome = outcome;
	return handle_reply(c, tmpl, v, n, 0, "reply", false) < 0 ? -1 : 0;
}

int handle_parse_in_context(struct msg_ctx *c, enum parse_role role, struct meeting_date today)
{
	const struct conf *conf = c->h->svc->conf;
	long long received = handle_iso_ms(c->m->received_at), notice_id, poll_id;
	char since[32], notice[NOTICE_CODE_MAX], poll[NOTICE_CODE_MAX];
	const char *folded[NOTICE_CHOICES_MAX];
	struct parse_context ctx = {0};
	struct parse_result *r = NULL;
	struct poll_info p;

	if (!c->r->wants_context || conf->reply_window <= 0)
		return 0;
	store_time(received - (long long)conf->reply_window * 86400 * 1000, since, sizeof(since));
	if (store_reply_context(c->h->st, c->sender, since, c->today, &notice_id, &poll_id) < 0)
		return -1;
	if (notice_id > 0) {
		notice_code(notice_id, notice);
		ctx.notice = notice;
	}
	if (poll_id > 0) {
		int found = store_poll_get(c->h->st, poll_id, &p);
		if (found < 0)
			return -1;
		notice_code(poll_id, poll);
		ctx.poll = poll;
		for (size_t i = 0; found && i < p.n_choices; i++)
			folded[i] = p.folded[i];
		ctx.choices = found ? folded : NULL;
		ctx.n_choices = found ? p.n_choices : 0;
	}
	if (!ctx.notice && !ctx.poll)
		return 0;
	if (parse_message_in(&c->h->popt, &ctx, c->m->text, strlen(c->m->text), role, today, &r) !=
	    0)
		return -1;
	parse_result_free(c->r);
	c->r = r;
	return 0;
}

int handle_notice_ack(struct msg_ctx *c)
{
	struct codes done = {0}, others = {0};

	for (size_t i = 0; i < c->r->n_notices; i++) {
		long long id = notice_code_parse(c->r->notices[i]);
		int rc = id > 0 ? store_notice_ack(c->h->st, id, c->sender, c->m->id) : 0;
		char code[NOTICE_CODE_MAX];

		if (rc < 0)
			return -1;
		if (rc > 0)
			notice_code(id, code);
		codes_add(rc > 0 ? &done : &others, rc > 0 ? code : c->r->notices[i]);
	}
	if (!done.len)
		return reply(c, "ack_unknown_notice",
			     (struct template_value[]){{"notices", others.s}}, 1, OUTCOME_REFUSED);
	if (others.len)
		return reply(c, "ack_partial",
			     (struct template_value[]){{"notices", done.s}, {"others", others.s}},
			     2, OUTCOME_ANSWERED);
	return reply(c, "ack", (struct template_value[]){{"notices", done.s}}, 1, OUTCOME_ANSWERED);
}

/* The choices of p as one line: "1=Dong y 2=Khong dong y" (caller frees). */
static char *choices_line(const struct poll_info *p)
{
	const char *labels[NOTICE_CHOICES_MAX];

	for (size_t i = 0; i < p->n_choices; i++)
		labels[i] = p->labels[i];
	return notice_choices_line(labels, p->n_choices);
}

/* Replies to a vote that cannot count. */
static int vote_refused(struct msg_ctx *c, const struct poll_info *p, const char *code)
{
	long long contact_id;
	char village[UNIT_CODE_MAX], ddmm[6];
	char *line;
	int rc;

	if (!store_poll_open(p, c->today)) {
		service_ddmm(p->closed_on[0] ? p->closed_on : p->closes_on, ddmm);
		return reply(c, "vote_closed",
			     (struct template_value[]){{"poll", code}, {"date", ddmm}}, 2,
			     OUTCOME_REFUSED);
	}
	rc = store_poll_voter(c->h->st, p->id, c->sender, &contact_id, village);
	if (rc < 0)
		return -1;
	if (rc == 0)
		return reply(c, "vote_not_household", (struct template_value[]){{"poll", code}}, 1,
			     OUTCOME_REFUSED);
	if (!(line = choices_line(p)))
		return -1;
	rc =
	    reply(c, "vote_bad_choice",
		  (struct template_value[]){{"poll", code}, {"choices", line}}, 2, OUTCOME_REFUSED);
	free(line);
	return rc;
}

int handle_poll_vote(struct msg_ctx *c)
{
	long long id = notice_code_parse(c->r->poll), contact_id;
	const char *folded[NOTICE_CHOICES_MAX];
	char code[NOTICE_CODE_MAX], village[UNIT_CODE_MAX];
	struct poll_info p;
	int found = id > 0 ? store_poll_get(c->h->st, id, &p) : 0, choice, prev;

	if (found < 0)
		return -1;
	if (!found || strcmp(p.state, "draft") == 0)
		return reply(c, "vote_unknown_poll",
			     (struct template_value[]){{"poll", c->r->poll ? c->r->poll : ""}}, 1,
			     OUTCOME_REFUSED);
	notice_code(id, code);
	for (size_t i = 0; i < p.n_choices; i++)
		folded[i] = p.folded[i];
	choice = notice_choice_match(c->r->choice, folded, p.n_choices);
	found = store_poll_open(&p, c->today)
		    ? store_poll_voter(c->h->st, id, c->sender, &contact_id, village)
		    : 0;
	if (found < 0)
		return -1;
	if (!found || choice == 0)
		return vote_refused(c, &p, code);
	prev = store_poll_vote(c->h->st, id, c->sender, contact_id, village, choice, c->m->id);
	/* A vote shows the poll was read. */
	if (prev < 0 || store_notice_ack(c->h->st, id, c->sender, c->m->id) < 0)
		return -1;
	return reply(c, prev > 0 && prev != choice ? "vote_changed" : "vote",
		     (struct template_value[]){{"poll", code}, {"choice", p.labels[choice - 1]}}, 2,
		     OUTCOME_ANSWERED);
}

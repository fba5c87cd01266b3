/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Polls (biểu quyết): a notice with numbered choices, one vote per
 * household (the last one counts until the poll closes), and the tally
 * judged against all households of the target, not only those who voted.
 */
#ifndef TIENGDAN_STORE_POLLS_H
#define TIENGDAN_STORE_POLLS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/notice.h"
#include "store/store.h"
#include "util/clock.h"
#include "util/tderr.h"

/* Adds the poll part of notice id: its question, last day (NULL: until
 * closed), the households staff declared (<= 0: none) and the choices
 * (labels as written, folded as norm_fold folds them). In the caller's
 * transaction. 0 or -1. */
int store_poll_insert(struct store *st, long long id, const char *question, const char *closes_on,
		      int households_declared, const char *const *labels, const char *const *folded,
		      size_t n);

/* A poll as a vote needs it. */
struct poll_info {
	long long id;
	char state[8];			/* the notice's: draft, sending, sent */
	char closes_on[CLOCK_DATE_LEN]; /* "" = until closed */
	char closed_on[CLOCK_DATE_LEN]; /* local date staff closed it, "" = open */
	size_t n_choices;
	char labels[NOTICE_CHOICES_MAX][128];
	char folded[NOTICE_CHOICES_MAX][128];
};

/* 1 and *out, 0 when id is no poll, -1 on error. */
int store_poll_get(struct store *st, long long id, struct poll_info *out);

/* Whether p takes votes on day (local date): sent, not closed by staff,
 * not past its last day. */
bool store_poll_open(const struct poll_info *p, const char *day);

/* The household representative phone is for poll id: a contact with
 * household = 1 in one of the villages the poll went to. 1 with its
 * contact id and village (size UNIT_CODE_MAX), 0 when phone may not vote,
 * -1 on error. */
int store_poll_voter(struct store *st, long long id, const char *phone, long long *contact_id,
		     char *village);

/* What phone was sent lately, for replies without a keyword: the latest
 * notice asking for an acknowledgement and the latest poll still open on
 * today (local date) queued to it at or after since (a stored time). Each
 * id 0 when there is none. 0 or -1. */
int store_reply_context(struct store *st, const char *phone, const char *since, const char *today,
			long long *notice_id, long long *poll_id);

/* Records the household's vote for choice (1..n), replacing its last one.
 * In the caller's transaction. Returns the choice it replaced (0: the
 * first vote), or -1. */
int store_poll_vote(struct store *st, long long id, const char *phone, long long contact_id,
		    const char *village, int choice, long long inbound_id);

/*
 * The tally of poll id: {code, question, state, closes_on, closed_at,
 * closed, households_registered (contacts with household = 1 in the
 * villages it went to; while it is open, as the directory is now),
 * households_declared, households (the larger of the two; fixed when
 * closed), majority (the votes a choice needs: more than half of
 * households), votes, turnout (percent), choices [{no, label, votes}],
 * decided (a choice has the majority), outcome (its label, or null)}.
 * NULL with e (M_NO_NOTICE, M_NOT_A_POLL).
 */
json_t *store_poll_tally(struct store *st, long long id, struct tderr *e);

/* Closes poll id: no vote counts after; the households and the outcome
 * are fixed. In the caller's transaction. Returns the tally, or NULL with
 * e (M_POLL_CLOSED when closed already). */
json_t *store_poll_close(struct store *st, long long id, const char *user, struct tderr *e);

#endif

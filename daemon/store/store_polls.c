/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Polls (store_polls.h): choices, household votes and the tally against
 * all households of the villages the poll went to.
 */
#include "store/store_polls.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "store/store_internal.h"
#include "store/store_units.h"
#include "util/log.h"

/* Contacts with household = 1 in the villages poll ?1 went to. */
#define HOUSEHOLDS_SQL                                                                             \
	"SELECT count(*) FROM contact c JOIN notice_village nv ON nv.notice_id = ?1"               \
	" AND nv.village = coalesce(c.village, '') WHERE c.household = 1"

int store_poll_insert(struct store *st, long long id, const char *question, const char *closes_on,
		      int households_declared, const char *const *labels, const char *const *folded,
		      size_t n)
{
	if (store_exec(st,
		       "INSERT INTO poll (notice_id, question, closes_on, households_declared)"
		       " VALUES (?1, ?2, ?3, ?4)",
		       STORE_INT(1, id), STORE_TEXT(2, question), STORE_TEXT(3, closes_on),
		       households_declared > 0 ? STORE_INT(4, households_declared)
					       : STORE_TEXT(4, NULL)) < 0)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (store_exec(st,
			       "INSERT INTO poll_choice (poll_id, no, label, folded)"
			       " VALUES (?1, ?2, ?3, ?4)",
			       STORE_INT(1, id), STORE_INT(2, (long long)i + 1),
			       STORE_TEXT(3, labels[i]), STORE_TEXT(4, folded[i])) < 0)
			return -1;
	return 0;
}

static void copy_col(sqlite3_stmt *stmt, int col, char *out, size_t len)
{
	const unsigned char *s = sqlite3_column_text(stmt, col);

	snprintf(out, len, "%s", s ? (const char *)s : "");
}

/* The choices of poll p->id into p. 0 or -1. */
static int choices_get(struct store *st, struct poll_info *p)
{
	sqlite3_stmt *stmt = store_prepare(
	    st, "SELECT label, folded FROM poll_choice WHERE poll_id = ?1 ORDER BY no");
	int rc;

	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, p->id);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW && p->n_choices < NOTICE_CHOICES_MAX) {
		copy_col(stmt, 0, p->labels[p->n_choices], sizeof(p->labels[0]));
		copy_col(stmt, 1, p->folded[p->n_choices], sizeof(p->folded[0]));
		p->n_choices++;
	}
	store_finish(st, stmt);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : -1;
}

int store_poll_get(struct store *st, long long id, struct poll_info *out)
{
	sqlite3_stmt *stmt = store_prepare(
	    st, "SELECT n.state, p.closes_on, date(p.closed_at, 'localtime') FROM poll p"
		" JOIN notice n ON n.id = p.notice_id WHERE p.notice_id = ?1");
	int rc;

	memset(out, 0, sizeof(*out));
	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, id);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		out->id = id;
		copy_col(stmt, 0, out->state, sizeof(out->state));
		copy_col(stmt, 1, out->closes_on, sizeof(out->closes_on));
		copy_col(stmt, 2, out->closed_on, sizeof(out->closed_on));
	}
	store_finish(st, stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		log_error("database: poll %lld: %s", id, store_errmsg(st));
		return -1;
	}
	if (rc == SQLITE_DONE)
		return 0;
	return choices_get(st, out) < 0 ? -1 : 1;
}

bool store_poll_open(const struct poll_info *p, const char *day)
{
	return strcmp(p->state, "draft") != 0 && !p->closed_on[0] &&
	       (!p->closes_on[0] || strcmp(day, p->closes_on) <= 0);
}

int store_poll_voter(struct store *st, long long id, const char *phone, long long *contact_id,
		     char *village)
{
	sqlite3_stmt *stmt = store_prepare(
	    st, "SELECT c.id, c.village FROM contact c JOIN notice_village nv ON nv.notice_id = ?1"
		" AND nv.village = coalesce(c.village, '') WHERE c.phone = ?2 AND c.household = 1");
	int rc;

	*contact_id = 0;
	village[0] = '\0';
	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, id);
	store_bind_text(stmt, 2, phone);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		*contact_id = sqlite3_column_int64(stmt, 0);
		copy_col(stmt, 1, village, UNIT_CODE_MAX);
	}
	store_finish(st, stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return -1;
	return rc == SQLITE_ROW;
}

int store_reply_context(struct store *st, const char *phone, const char *since, const char *today,
			long long *notice_id, long long *poll_id)
{
	*notice_id =
	    store_int(st,
		      "SELECT n.id FROM notice_recipient r JOIN notice n ON n.id = r.notice_id"
		      " WHERE r.phone = ?1 AND n.kind = 'notice' AND n.want_ack = 1"
		      " AND n.sent_at >= ?2 ORDER BY n.sent_at DESC, n.id DESC LIMIT 1",
		      0, STORE_TEXT(1, phone), STORE_TEXT(2, since));
	*poll_id =
	    store_int(st,
		      "SELECT n.id FROM notice_recipient r JOIN notice n ON n.id = r.notice_id"
		      " JOIN poll p ON p.notice_id = n.id WHERE r.phone = ?1"
		      " AND n.kind = 'poll' AND n.sent_at >= ?2 AND p.closed_at IS NULL"
		      " AND (p.closes_on IS NULL OR p.closes_on >= ?3)"
		      " ORDER BY n.sent_at DESC, n.id DESC LIMIT 1",
		      0, STORE_TEXT(1, phone), STORE_TEXT(2, since), STORE_TEXT(3, today));
	return *notice_id < 0 || *poll_id < 0 ? -1 : 0;
}

int store_poll_vote(struct store *st, long long id, const char *phone, long long contact_id,
		    const char *village, int choice, long long inbound_id)
{
	long long prev =
	    store_int(st, "SELECT choice FROM poll_vote WHERE poll_id = ?1 AND phone = ?2", 0,
		      STORE_INT(1, id), STORE_TEXT(2, phone));

	if (prev < 0)
		return -1;
	if (store_exec(
		st,
		"INSERT INTO poll_vote (poll_id, phone, contact_id, village, choice,"
		" inbound_id, voted_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
		" ON CONFLICT (poll_id, phone) DO UPDATE SET contact_id = excluded.contact_id,"
		" village = excluded.village, choice = excluded.choice,"
		" changes = changes + (choice <> excluded.choice),"
		" inbound_id = excluded.inbound_id, voted_at = excluded.voted_at",
		STORE_INT(1, id), STORE_TEXT(2, phone), STORE_INT(3, contact_id),
		STORE_TEXT(4, village && village[0] ? village : NULL), STORE_INT(5, choice),
		inbound_id > 0 ? STORE_INT(6, inbound_id) : STORE_TEXT(6, NULL), STORE_NOW(7)) < 0)
		return -1;
	return (int)prev;
}

/* ---------------------------------------------------------------- tally */

static long long num(const json_t *obj, const char *key)
{
	return json_integer_value(json_object_get(obj, key));
}

/* Adds households, majority, votes, turnout, decided and outcome to t,
 * from its choices and households_registered / households_declared (or the
 * households fixed at closing). */
static void tally_judge(json_t *t)
{
	json_t *choices = json_object_get(t, "choices"), *c, *fixed = json_object_get(t, "fixed");
	long long reg = num(t, "households_registered"), dec = num(t, "households_declared");
	long long households =
	    json_is_integer(fixed) ? json_integer_value(fixed) : (reg > dec ? reg : dec);
	long long votes = 0, best = 0;
	const char *outcome = NULL;
	size_t i;

	json_array_foreach(choices, i, c)
	{
		long long v = num(c, "votes");
		votes += v;
		if (households > 0 && v * 2 > households && v > best) {
			best = v;
			outcome = json_string_value(json_object_get(c, "label"));
		}
	}
	json_object_set_new(t, "households", json_integer(households));
	json_object_set_new(t, "majority", json_integer(households / 2 + 1));
	json_object_set_new(t, "votes", json_integer(votes));
	json_object_set_new(t, "turnout",
			    households ? json_real(round(votes * 1000.0 / households) / 10.0)
				       : json_null());
	json_object_set_new(t, "decided", json_boolean(outcome != NULL));
	json_object_set_new(t, "outcome", outcome ? json_string(outcome) : json_null());
	json_object_del(t, "fixed");
}

json_t *store_poll_tally(struct store *st, long long id, struct tderr *e)
{
	char code[NOTICE_CODE_MAX], today[CLOCK_DATE_LEN];
	json_t *rows, *t, *choices;
	const char *closes;
	bool closed;

	notice_code(id, code);
	rows = store_rows_json(
	    st,
	    "SELECT n.kind, n.state, p.question, p.closes_on, p.closed_at, p.closed_by,"
	    " p.households_declared, p.households AS fixed, (" HOUSEHOLDS_SQL
	    ") AS households_registered FROM notice n LEFT JOIN poll p ON p.notice_id = n.id"
	    " WHERE n.id = ?1",
	    STORE_INT(1, id));
	/* The code first, then the poll's columns. */
	t = json_array_get(rows, 0) ? json_pack("{s:s}", "code", code) : NULL;
	json_object_update(t, json_array_get(rows, 0));
	if (!t) {
		tderr_set(e, rows ? TDERR_NOT_FOUND : TDERR_INTERNAL,
			  rows ? M_NO_NOTICE : M_INTERNAL, rows ? code : store_errmsg(st), NULL);
		json_decref(rows);
		return NULL;
	}
	json_decref(rows);
	if (!json_is_string(json_object_get(t, "question"))) {
		json_decref(t);
		return tderr_set(e, TDERR_INVALID, M_NOT_A_POLL, code, NULL), NULL;
	}
	choices =
	    store_rows_json(st,
			    "SELECT ch.no, ch.label, count(v.phone) AS votes FROM poll_choice ch"
			    " LEFT JOIN poll_vote v ON v.poll_id = ch.poll_id AND v.choice = ch.no"
			    " WHERE ch.poll_id = ?1 GROUP BY ch.no ORDER BY ch.no",
			    STORE_INT(1, id));
	if (!choices) {
		json_decref(t);
		return tderr_set(e, TDERR_INTERNAL, M_INTERNAL, store_errmsg(st), NULL), NULL;
	}
	clock_today(today);
	closes = json_string_value(json_object_get(t, "closes_on"));
	closed =
	    !json_is_null(json_object_get(t, "closed_at")) || (closes && strcmp(today, closes) > 0);
	json_object_set_new(t, "choices", choices);
	json_object_set_new(t, "closed", json_boolean(closed));
	json_object_del(t, "kind");
	tally_judge(t);
	return t;
}

json_t *store_poll_close(struct store *st, long long id, const char *user, struct tderr *e)
{
	json_t *t = store_poll_tally(st, id, e), *choices;
	char code[NOTICE_CODE_MAX];
	long long outcome = 0;
	size_t i;
	json_t *c;

	if (!t)
		return NULL;
	notice_code(id, code);
	if (!json_is_null(json_object_get(t, "closed_at"))) {
		json_decref(t);
		return tderr_set(e, TDERR_CONFLICT, M_POLL_CLOSED, code, "closed"), NULL;
	}
	choices = json_object_get(t, "choices");
	json_array_foreach(choices, i, c)
	{
		const char *label = json_string_value(json_object_get(c, "label"));
		const char *won = json_string_value(json_object_get(t, "outcome"));
		if (won && label && strcmp(won, label) == 0)
			outcome = num(c, "no");
	}
	if (store_exec(st,
		       "UPDATE poll SET closed_at = ?2, closed_by = ?3, households = ?4,"
		       " outcome = ?5 WHERE notice_id = ?1 AND closed_at IS NULL",
		       STORE_INT(1, id), STORE_NOW(2), STORE_TEXT(3, user),
		       STORE_INT(4, num(t, "households")),
		       outcome ? STORE_INT(5, outcome) : STORE_TEXT(5, NULL)) < 0) {
		json_decref(t);
		return tderr_set(e, TDERR_INTERNAL, M_INTERNAL, store_errmsg(st), NULL), NULL;
	}
	json_decref(t);
	return store_poll_tally(st, id, e);
}

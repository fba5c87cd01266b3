/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The deadline warnings of the working mornings (warnings.h): counted from
 * the open cases by due date (store_due.h), one SMS per user with a phone,
 * queued with the day's mark in one transaction.
 */
#include "service/warnings.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/phone.h"
#include "core/workdays.h"
#include "store/store.h"
#include "store/store_casework.h"
#include "store/store_due.h"
#include "store/store_outbound.h"
#include "util/clock.h"
#include "util/log.h"
#include "util/xalloc.h"

#define CHECK_MS (60 * 1000LL)

struct warnings {
	const struct conf *conf;
	struct store *st;
	struct workdays *cal;
	int minutes; /* warn_time after midnight */
};

struct warnings *warnings_new(const struct conf *c, char *err, size_t errlen)
{
	struct warnings *w = xcalloc(1, sizeof(*w));
	const char *t = c->warn_time ? c->warn_time : "07:30";

	w->conf = c;
	w->minutes = atoi(t) * 60 + atoi(t + 3);
	w->cal = workdays_new((const char *const *)c->holidays.v, c->holidays.n, err, errlen);
	w->st = w->cal ? store_open_existing(c->database, err, errlen) : NULL;
	if (!w->st) {
		warnings_free(w);
		return NULL;
	}
	return w;
}

void warnings_free(struct warnings *w)
{
	if (!w)
		return;
	store_close(w->st);
	workdays_free(w->cal);
	free(w);
}

/* Whether a case row counts for user u: an officer's own (named like the
 * user), a supervisor's or admin's within its communes (none: all). */
static bool counts_for(struct warnings *w, const struct conf_user *u, const json_t *c,
		       json_t *cache, const char *today)
{
	const char *commune;

	if (u->role < ROLE_SUPERVISOR) {
		const char *who = json_string_value(json_object_get(c, "assignee"));
		return who && !strcmp(who, u->user);
	}
	if (!u->n_communes)
		return true;
	commune = store_commune_cached(w->st, cache, json_string_value(json_object_get(c, "place")),
				       today);
	for (size_t i = 0; commune && i < u->n_communes; i++)
		if (!strcmp(commune, u->communes[i]))
			return true;
	return false;
}

/* Queues the day's SMS; their number, or -1. */
static int queue_all(struct warnings *w, const json_t *cases, const char *today)
{
	json_t *cache = json_object();
	int queued = 0;

	for (size_t i = 0; i < w->conf->n_users; i++) {
		const struct conf_user *u = &w->conf->users[i];
		long long overdue = 0, soon = 0;
		char to[32], text[160];
		size_t k;
		json_t *c;

		if (!u->phone || !u->user)
			continue;
		json_array_foreach(cases, k, c)
		{
			if (!counts_for(w, u, c, cache, today))
				continue;
			if (json_integer_value(json_object_get(c, "overdue")))
				overdue++;
			else
				soon++;
		}
		if (!overdue && !soon)
			continue;
		phone_normalize(u->phone, w->conf->country_code, to, sizeof(to));
		snprintf(text, sizeof(text),
			 "Tiengdan %.2s/%.2s: %s%lld qua han, %lld den han trong %d ngay",
			 today + 8, today + 5, u->role >= ROLE_SUPERVISOR ? "toan xa " : "",
			 overdue, soon, WARN_WITHIN);
		if (store_outbound_queue(w->st, to, text, NULL, false, 0) < 0) {
			queued = -1;
			break;
		}
		queued++;
	}
	json_decref(cache);
	return queued;
}

/* The day's run: the cases, the SMS and the mark in one transaction. */
static int run(struct warnings *w, const char *today)
{
	struct workdays_date t, u;
	char until[CLOCK_DATE_LEN];
	json_t *cases = NULL;
	int queued = -1;

	if (workdays_date_parse(today, &t) < 0 || workdays_add(w->cal, t, WARN_WITHIN, &u) < 0)
		return -1;
	snprintf(until, sizeof(until), "%04d-%02d-%02d", u.year, u.month, u.day);
	if (store_begin(w->st) < 0)
		return -1;
	if (store_warning_day(w->st, today, 0) == 1 &&
	    (cases = store_cases_due(w->st, today, until)) &&
	    (queued = queue_all(w, cases, today)) >= 0 && store_commit(w->st) == 0) {
		json_decref(cases);
		log_info("warnings: %d deadline SMS queued for %s", queued, today);
		return queued;
	}
	json_decref(cases);
	store_rollback(w->st);
	return queued < 0 ? -1 : 0;
}

long long warnings_tick(struct warnings *w, int *queued)
{
	long long now = clock_now_ms();
	time_t secs = (time_t)(now / 1000);
	char today[CLOCK_DATE_LEN];
	struct workdays_date d;
	struct tm tm;
	int minute, n;

	*queued = 0;
	if (!w)
		return CHECK_MS;
	localtime_r(&secs, &tm);
	minute = tm.tm_hour * 60 + tm.tm_min;
	clock_today(today);
	if (minute < w->minutes)
		return (long long)(w->minutes - minute) * 60000 - tm.tm_sec * 1000LL;
	if (workdays_date_parse(today, &d) < 0 || !workdays_is_workday(w->cal, d))
		return CHECK_MS;
	n = run(w, today);
	if (n < 0)
		log_error("warnings: the morning run failed: %s", store_errmsg(w->st));
	else
		*queued = n;
	return CHECK_MS;
}

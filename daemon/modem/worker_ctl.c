/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The worker's dealings with the rest of the daemon: the heartbeat the
 * supervisor's watchdog listens for, the modem's status kept in
 * modem_state, and requests to the modem (USSD codes and menu replies,
 * balance checks).
 *
 * Requests travel as rows, not messages: the console (or the daemon) adds
 * a 'pending' row to modem_request and wakes the workers (SIGHUP to the
 * daemon, which writes to every worker's wake-up socket); the modem's own
 * worker takes it when woken or at its next one-second look at the queue,
 * runs it, and stores the answer in the same row, where the requester
 * reads it. A row survives any crash, every request and answer is kept,
 * and only the worker ever touches its modem.
 *
 * The scheduled balance check is such a request, of kind 'balance', added
 * by the worker itself once a local day (at its start when none was made
 * today); its answer is read with the modem's balance_pattern and the
 * amount stored in modem_state.balance, where the alerts look.
 */
#include "modem/worker_internal.h"

#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/store_modem.h"
#include "store/store_modem_request.h"
#include "util/clock.h"
#include "util/log.h"

#define BEAT_EVERY_MS 1000
/* How often a worker looks whether today's balance check was made. */
#define BALANCE_LOOK_MS 3600000LL

void worker_beat(struct worker *w)
{
	long long now = worker_now_ms();
	ssize_t n;

	if (now - w->last_beat_ms < BEAT_EVERY_MS)
		return;
	w->last_beat_ms = now;
	n = write(w->wake_fd, "h", 1);
	(void)n; /* a full socket means the supervisor has beats to read */
}

int worker_status(struct worker *w)
{
	struct modem_status ms;
	struct modem_status_rec r;
	char err[256];

	if (!w->ops->status)
		return 0;
	if (w->ops->status(w->modem, &ms, err, sizeof(err)) < 0) {
		log_warn("%s", err);
		return -1;
	}
	r.signal_percent = ms.signal_percent;
	r.battery_percent = ms.battery_percent;
	r.sim_used = ms.sim_used;
	r.sim_size = ms.sim_size;
	r.network = ms.network;
	r.operator= ms.operator;
	store_modem_status(w->st, w->mc->id, &r);
	if (ms.sim_size > 0 && ms.sim_used >= ms.sim_size)
		log_warn("the SIM is full (%d of %d)", ms.sim_used, ms.sim_size);
	return 0;
}

static const char *ussd_status_name(enum modem_ussd_status s)
{
	static const char *const names[] = {
	    [MODEM_USSD_DONE] = "done",
	    [MODEM_USSD_MENU] = "menu",
	    [MODEM_USSD_TERMINATED] = "terminated",
	    [MODEM_USSD_FAILED] = "failed",
	};

	return names[s];
}

/* Reads the amount from a balance answer with balance_pattern (its first
 * group; dots, commas and spaces in it ignored). 0, or -1 if it does not
 * match. */
static int balance_parse(const struct conf_modem *mc, const char *answer, long long *amount)
{
	regex_t re;
	regmatch_t m[2];
	char digits[32];
	size_t n = 0;
	int rc = -1;

	if (regcomp(&re, mc->balance_pattern, REG_EXTENDED) != 0)
		return -1;
	if (regexec(&re, answer, 2, m, 0) == 0 && m[1].rm_so >= 0) {
		for (regoff_t i = m[1].rm_so; i < m[1].rm_eo && n + 1 < sizeof(digits); i++)
			if (answer[i] >= '0' && answer[i] <= '9')
				digits[n++] = answer[i];
		digits[n] = '\0';
		if (n > 0 && n < 19) {
			*amount = strtoll(digits, NULL, 10);
			rc = 0;
		}
	}
	regfree(&re);
	return rc;
}

static void balance_store(struct worker *w, const char *answer)
{
	long long amount;

	if (balance_parse(w->mc, answer, &amount) < 0) {
		log_warn("balance answer not understood by balance_pattern: %s", answer);
		return;
	}
	log_info("balance: %lld dong", amount);
	store_modem_balance(w->st, w->mc->id, amount);
}

void worker_balance(struct worker *w)
{
	long long now = worker_now_ms(), midnight;
	char today[CLOCK_DATE_LEN], since[32];
	int asked;

	if (!w->mc->balance_code || now < w->next_balance_ms)
		return;
	w->next_balance_ms = now + BALANCE_LOOK_MS;
	clock_today(today);
	if (clock_parse_date(today, &midnight) < 0)
		return;
	store_time(midnight, since, sizeof(since));
	asked = store_modem_balance_asked(w->st, w->mc->id, since);
	if (asked != 0)
		return;
	log_info("asking the balance (%s)", w->mc->balance_code);
	store_modem_request_add(w->st, w->mc->id, "balance", w->mc->balance_code, NULL);
}

/* Runs one request; returns -1 when the link was lost. */
static int run_request(struct worker *w, const struct modem_request *rq)
{
	char answer[1024];
	bool lost = false;
	enum modem_ussd_status s;

	if (!w->ops->ussd) {
		store_modem_request_finish(w->st, rq->id, false, NULL, NULL,
					   "this modem cannot run USSD codes");
		return 0;
	}
	log_info("USSD request %lld: %s", rq->id, rq->request);
	s = w->ops->ussd(w->modem, rq->request, w->conf->ussd_timeout, answer, sizeof(answer),
			 &lost);
	worker_beat(w);
	if (s == MODEM_USSD_FAILED) {
		log_warn("USSD request %lld failed: %s", rq->id, answer);
		store_modem_request_finish(w->st, rq->id, false, NULL, ussd_status_name(s), answer);
	} else {
		log_info("USSD request %lld answered (%s)", rq->id, ussd_status_name(s));
		store_modem_request_finish(w->st, rq->id, true, answer, ussd_status_name(s), NULL);
		if (strcmp(rq->kind, "balance") == 0)
			balance_store(w, answer);
	}
	return lost ? -1 : 0;
}

int worker_requests(struct worker *w)
{
	struct modem_request rq;
	int n = 0, rc;

	while ((rc = store_modem_request_take(w->st, w->mc->id, &rq)) == 1) {
		int lost = run_request(w, &rq);

		modem_request_clear(&rq);
		n++;
		if (lost < 0)
			return -1;
	}
	return n;
}

void worker_requests_refuse(struct worker *w, const char *why)
{
	store_modem_request_fail_all(w->st, w->mc->id, "pending", why);
}

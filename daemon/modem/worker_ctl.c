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
 */
#include "modem/worker_internal.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "store/store_modem.h"
#include "store/store_modem_request.h"
#include "util/log.h"

#define BEAT_EVERY_MS 1000

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
	r.operator = ms.operator;
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

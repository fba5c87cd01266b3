/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Operations on the modems: every modem's state at a glance (viewer), and
 * USSD codes and menu replies run on one modem (admin). A USSD request is
 * a modem_request row; the daemon is woken (SIGHUP: the main loop wakes
 * every worker), the modem's worker runs it and stores the answer, and
 * this thread waits for that answer with a timeout. See
 * daemon/modem/worker_ctl.c for the worker's side.
 */
#include "control/control_internal.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "store/store_modem.h"
#include "store/store_modem_request.h"

#define WAIT_STEP_MS 50
/* Beyond ussd_timeout: the worker may be busy sending when the request comes. */
#define WAIT_SLACK_S 15

static json_t *op_modems(struct request *r, struct tderr *e)
{
	json_t *rows = store_modem_list(r->st);
	size_t i;
	json_t *row;

	if (!rows)
		return rows_result(NULL, e);
	/* Configured modems that never started a worker are listed too. */
	for (size_t m = 0; m < r->conf->n_modems; m++) {
		const char *id = r->conf->modems[m].id;
		bool seen = false;

		json_array_foreach(rows, i, row)
		{
			const char *name = json_string_value(json_object_get(row, "modem"));
			seen |= name && strcmp(name, id) == 0;
		}
		if (!seen)
			json_array_append_new(rows, json_pack("{s:s, s:i}", "modem", id,
							      "connected", 0));
	}
	return rows_result(rows, e);
}

static bool modem_known(const struct conf *c, const char *id)
{
	for (size_t i = 0; i < c->n_modems; i++)
		if (strcmp(c->modems[i].id, id) == 0)
			return true;
	return false;
}

static void sleep_ms(int ms)
{
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};

	nanosleep(&ts, NULL);
}

/* Waits for the worker's answer to request id; returns the row or NULL
 * with e set. */
static json_t *wait_answer(struct request *r, const char *modem, long long id, struct tderr *e)
{
	int limit_ms = (r->conf->ussd_timeout + WAIT_SLACK_S) * 1000;
	char secs[16];

	for (int waited = 0; waited < limit_ms; waited += WAIT_STEP_MS) {
		json_t *row = store_modem_request_get(r->st, id);
		const char *state = json_string_value(json_object_get(row, "state"));

		if (state && (strcmp(state, "done") == 0 || strcmp(state, "failed") == 0))
			return row;
		json_decref(row);
		sleep_ms(WAIT_STEP_MS);
	}
	store_modem_request_expire(r->st, id, "no worker took the request in time");
	snprintf(secs, sizeof(secs), "%d", limit_ms / 1000);
	tderr_set(e, TDERR_CONFLICT, M_MODEM_TIMEOUT, modem, secs);
	return NULL;
}

static json_t *op_modems_ussd(struct request *r, struct tderr *e)
{
	const char *modem = arg_req(r, "modem", e);
	const char *code = arg_str(r, "code", e);
	const char *reply = arg_str(r, "reply", e);
	const char *state, *error;
	long long id;
	json_t *row;

	if (e->cls)
		return NULL;
	if (!code == !reply)
		return tderr_set(e, TDERR_INVALID, M_MISSING_ARG, "CODE | --reply TEXT", NULL), NULL;
	if (!modem_known(r->conf, modem))
		return tderr_set(e, TDERR_NOT_FOUND, M_NO_MODEM, modem, NULL), NULL;
	snprintf(r->target, sizeof(r->target), "%s", modem);
	snprintf(r->detail, sizeof(r->detail), "%s %s", code ? "ussd" : "reply", code ? code : reply);
	id = store_modem_request_add(r->st, modem, code ? "ussd" : "ussd_reply", code ? code : reply,
				     r->peer->user);
	if (id < 0)
		return tderr_set(e, TDERR_INTERNAL, M_INTERNAL, store_errmsg(r->st), NULL), NULL;
	/* The main loop turns SIGHUP into a wake-up of every worker. */
	kill(getpid(), SIGHUP);
	row = wait_answer(r, modem, id, e);
	if (!row)
		return NULL;
	state = json_string_value(json_object_get(row, "state"));
	if (strcmp(state, "failed") == 0) {
		error = json_string_value(json_object_get(row, "error"));
		tderr_set(e, TDERR_CONFLICT, M_MODEM_FAILED, modem, error ? error : "?");
		json_decref(row);
		return NULL;
	}
	return row;
}

const struct op control_ops_modems[] = {
    {"modems", ROLE_VIEWER, false, op_modems},
    {"modems.ussd", ROLE_ADMIN, false, op_modems_ussd},
    {NULL, 0, false, NULL},
};

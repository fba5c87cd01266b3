/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The worker's quarantine of SIM locations no one can read: an SMS that
 * fails to decode, an empty record, or one that killed the worker while
 * libgammu decoded it (found in the capture the dead worker left). Each is
 * recorded with its raw PDU, committed, then deleted from the SIM.
 */
#include "modem/worker_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "modem/modem_pdu.h"
#include "store/store_modem.h"
#include "util/log.h"
#include "util/seal.h"

/* A fault that repeats logs one line, then a count at most this often. */
#define QUARANTINE_LOG_MS (3600 * 1000LL)

/* One line for the first quarantine, then at most one an hour. The
 * sender is never logged: it may be a denunciator. */
static void log_quarantine(struct worker *w, int location, const char *why)
{
	long long now = worker_now_ms();

	if (w->quarantine_log_ms && now - w->quarantine_log_ms < QUARANTINE_LOG_MS) {
		w->quarantine_unlogged++;
		return;
	}
	if (w->quarantine_unlogged > 0)
		log_error("%d more SMS could not be read and were quarantined in the last hour"
			  " (tiengdan inbox --quarantined)",
			  w->quarantine_unlogged);
	log_error("SMS at SIM location %d cannot be read (%s): quarantined with its PDU and"
		  " deleted from the SIM (tiengdan inbox --quarantined)",
		  location, why);
	w->quarantine_log_ms = now;
	w->quarantine_unlogged = 0;
}

/* The raw PDU of location and the sender in its header, when the capture
 * has them; pdu/sender "" otherwise. */
static void raw_of(struct worker *w, int location, char *pdu, size_t plen, char *sender,
		   size_t slen)
{
	pdu[0] = sender[0] = '\0';
	if (w->ops->raw_pdu && w->ops->raw_pdu(w->modem, location, pdu, plen) < 0)
		pdu[0] = '\0';
	if (pdu[0] && modem_pdu_sender(pdu, sender, slen) < 0)
		sender[0] = '\0';
}

/* The PDU and sender as stored: sealed, as no one can tell whether the
 * SMS no one could read was a denunciation (and its PDU holds the sender's
 * number). Caller frees both. Without the seal neither is kept (NULL). */
static void seal_raw(struct worker *w, const char *pdu, const char *sender, char **spdu,
		     char **ssender)
{
	*spdu = w->keys.seal && pdu[0] ? seal_encrypt(w->keys.seal, pdu) : NULL;
	*ssender = w->keys.seal && sender[0] ? seal_encrypt(w->keys.seal, sender) : NULL;
}

/* Deletes a quarantined location. A modem that refuses is told once in
 * the log; the quarantine row stays and the next scan tries again (the
 * row is not doubled: a given-up location is looked up first). */
static void forget(struct worker *w, int location)
{
	char err[256];

	int rc = w->ops->forget ? w->ops->forget(w->modem, location, err, sizeof(err))
				: w->ops->remove(w->modem, location, err, sizeof(err));

	if (rc < 0)
		log_warn("%s", err);
}

int worker_quarantine_location(struct worker *w, int location, const char *why)
{
	char pdu[1024], sender[64], *spdu, *ssender;
	int rc;

	raw_of(w, location, pdu, sizeof(pdu), sender, sizeof(sender));
	seal_raw(w, pdu, sender, &spdu, &ssender);
	explicit_bzero(sender, sizeof(sender));
	rc = store_quarantine_undecodable(w->st, w->mc->id, location, spdu, ssender, why);
	free(spdu);
	free(ssender);
	if (rc < 0)
		return -1;
	log_quarantine(w, location, why);
	forget(w, location);
	return 0;
}

int worker_crash_check(struct worker *w)
{
	char pdu[1024], sender[64], why[160], *spdu, *ssender;
	int location, tries;

	if (!w->ops->crashed_read || !w->ops->crashed_read(w->modem, &location, pdu, sizeof(pdu)))
		return 0;
	if (modem_pdu_sender(pdu, sender, sizeof(sender)) < 0)
		sender[0] = '\0';
	tries = store_quarantine_attempt(w->st, w->mc->id, location);
	if (tries < 0)
		return -1;
	snprintf(why, sizeof(why), "killed the worker while libgammu decoded it (%d time%s)", tries,
		 tries > 1 ? "s" : "");
	seal_raw(w, pdu, sender, &spdu, &ssender);
	explicit_bzero(sender, sizeof(sender));
	store_quarantine_raw(w->st, w->mc->id, location, spdu, ssender, why);
	free(spdu);
	free(ssender);
	snprintf(why + strlen(why), sizeof(why) - strlen(why), " at SIM location %d", location);
	store_modem_error(w->st, w->mc->id, why);
	if (tries < WORKER_QUARANTINE_TRIES) {
		log_warn("the worker died decoding the SMS at SIM location %d (attempt %d of %d)",
			 location, tries, WORKER_QUARANTINE_TRIES);
		return 0;
	}
	if (store_quarantine_give_up(w->st, w->mc->id, location) < 0)
		return -1;
	log_quarantine(w, location, "it killed the decoder");
	forget(w, location);
	return 1;
}

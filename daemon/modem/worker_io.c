/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The worker's traffic: reading the SIM (commit, then delete; careful
 * one-by-one reading with quarantine after a crash), and sending queued
 * rows of outbound at most once.
 */
#include "modem/worker_internal.h"

#include <errno.h>
#include <unistd.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/normalize.h"
#include "core/phone.h"
#include "store/store_inbound.h"
#include "store/store_modem.h"
#include "store/store_outbound.h"
#include "util/clock.h"
#include "util/hook.h"
#include "util/log.h"
#include "util/xalloc.h"

/* Parts read from the SIM and not yet committed. */
struct batch {
	struct modem_part *parts;
	size_t n, cap;
	int *locations;
	size_t n_loc, cap_loc;
};

static void batch_clear(struct batch *b)
{
	for (size_t i = 0; i < b->n; i++)
		modem_part_clear(&b->parts[i]);
	free(b->parts);
	free(b->locations);
	memset(b, 0, sizeof(*b));
}

static void batch_add(struct batch *b, struct modem_part *parts, int n, int location)
{
	if (b->n + (size_t)n > b->cap) {
		b->cap = (b->n + (size_t)n) * 2;
		b->parts = xrealloc(b->parts, b->cap * sizeof(*b->parts));
	}
	memcpy(b->parts + b->n, parts, (size_t)n * sizeof(*parts));
	b->n += (size_t)n;
	for (int i = 0; i <= n; i++) {
		int loc = i < n ? parts[i].location : location;
		bool seen = false;

		for (size_t j = 0; j < b->n_loc && !seen; j++)
			seen = b->locations[j] == loc;
		if (seen || loc <= 0)
			continue;
		if (b->n_loc == b->cap_loc) {
			b->cap_loc = b->cap_loc ? b->cap_loc * 2 : 64;
			b->locations = xrealloc(b->locations, b->cap_loc * sizeof(int));
		}
		b->locations[b->n_loc++] = loc;
	}
}

/* Today's local date through the clock seam, the day the daily cap of
 * store_outbound_claim counts. */
static void local_day(char *buf, size_t len)
{
	char day[CLOCK_DATE_LEN];

	clock_today(day);
	snprintf(buf, len, "%s", day);
}

/* Stores one decoded part inside the open transaction. */
int worker_part_store(struct store *st, const struct worker_keys *keys, const char *country_code,
		      const char *modem_id, const struct modem_part *mp, const char *now)
{
	struct part_rec r;
	struct part_secrets secrets;
	char sender[64];
	bool invalid = false;
	char *nfc = norm_nfc(mp->text, strlen(mp->text), &invalid);
	enum phone_kind kind = phone_normalize(mp->number, country_code, sender, sizeof(sender));
	int rc;

	memset(&r, 0, sizeof(r));
	r.modem = modem_id;
	r.sender = sender;
	r.sender_raw = mp->number;
	r.sender_alpha = kind != PHONE_PERSON;
	r.smsc = mp->smsc;
	r.smsc_time = mp->smsc_time;
	r.type = mp->type;
	r.coding = mp->coding;
	r.concat_ref = mp->concat_ref;
	r.part_no = mp->part_no;
	r.part_count = mp->part_count;
	r.text = nfc ? nfc : mp->text;
	r.invalid_utf8 = invalid;
	r.msg_ref = mp->msg_ref;
	r.delivery_status = mp->delivery_status;
	r.sim_location = mp->location;
	r.received_at = now;
	/* A possible denunciation is sealed before anything is stored. */
	rc = worker_part_secure(keys, modem_id, &r, &secrets) < 0 ? -1 : store_part_add(st, &r);
	part_secrets_clear(&secrets);
	if (invalid)
		log_warn("SMS at location %d had invalid text; replaced and flagged", mp->location);
	free(nfc);
	return rc;
}

static int store_part(struct worker *w, const struct modem_part *mp, const char *now)
{
	return worker_part_store(w->st, &w->keys, w->conf->country_code, w->mc->id, mp, now);
}

/* A modem that refuses to delete an SMS already stored: it stays on the
 * SIM and is read again at the next scan (stored once: the ledger knows
 * it). Said once an hour, and the modem keeps working. */
static void delete_refused(struct worker *w, const char *err)
{
	long long now = worker_now_ms();

	if (w->delete_warn_ms && now - w->delete_warn_ms < 3600 * 1000LL)
		return;
	w->delete_warn_ms = now;
	log_warn("%s: the SMS is stored; it stays on the SIM until the modem deletes it (said"
		 " once an hour)",
		 err);
}

/* Commits the batch, then deletes its messages from the SIM. Returns the
 * number of new parts stored, -1 on a database error, -2 on a link error. */
static int batch_commit(struct worker *w, struct batch *b)
{
	char now[32], day[16], err[256];
	int added = 0;

	if (b->n_loc == 0)
		return 0;
	store_now(now, sizeof(now));
	if (store_begin(w->st) < 0)
		return -1;
	for (size_t i = 0; i < b->n; i++) {
		int rc = store_part(w, &b->parts[i], now);
		if (rc < 0) {
			store_rollback(w->st);
			return -1;
		}
		added += rc;
	}
	local_day(day, sizeof(day));
	store_modem_count(w->st, w->mc->id, day, added, 0);
	if (store_commit(w->st) < 0)
		return -1;
	/* The processor handles them now rather than at its next look. */
	if (added > 0 && w->stored_fd >= 0 && write(w->stored_fd, "s", 1) < 0 && errno != EAGAIN)
		log_warn("cannot wake the processor: %s", strerror(errno));
	hook_pause("after-commit"); /* a power cut between the commit and the delete */
	/* Only now, with every part safe on disk, may the SIM forget them. */
	for (size_t i = 0; i < b->n_loc; i++) {
		int rc = w->ops->remove(w->modem, b->locations[i], err, sizeof(err));
		if (rc == -2) {
			log_warn("%s", err);
			return -2;
		}
		if (rc < 0)
			delete_refused(w, err);
	}
	return added;
}

/* Careful reading after a crash: decoding attempts are counted per location
 * before each decode, so a location that keeps killing the worker is
 * recorded as undecodable and deleted. Returns 1 when the location was
 * given up (nothing to decode), 0 to decode it, -1 on error. */
static int careful_check(struct worker *w, int location)
{
	char err[256];
	int tries = store_quarantine_attempts(w->st, w->mc->id, location);

	if (tries < 0)
		return -1;
	if (tries >= WORKER_QUARANTINE_TRIES) {
		log_error("SMS at SIM location %d killed the decoder %d times: recorded as"
			  " undecodable and deleted from the SIM",
			  location, tries);
		if (store_quarantine_give_up(w->st, w->mc->id, location) < 0)
			return -1;
		if (w->ops->remove(w->modem, location, err, sizeof(err)) < 0)
			log_warn("%s", err);
		return 1;
	}
	return store_quarantine_attempt(w->st, w->mc->id, location) < 0 ? -1 : 0;
}

/* Reads the SIM; *marked tells whether the database holds the "reading"
 * mark, which is set (and committed) before the first decode only, so an
 * empty SIM costs no write. */
static int receive_loop(struct worker *w, bool careful, bool *marked)
{
	struct batch b = {0};
	char err[256];
	int location = 0, stored = 0, rc;
	bool start = true;

	while ((rc = w->ops->read_next(w->modem, start, &location, err, sizeof(err))) == 1 ||
	       rc == MODEM_READ_UNDECODABLE) {
		struct modem_part *parts = NULL;
		int n, c;

		start = false;
		worker_beat(w);
		if (rc == MODEM_READ_UNDECODABLE) {
			if (worker_quarantine_location(w, location, err) < 0)
				goto fail;
			continue;
		}
		if (careful && (c = careful_check(w, location)) != 0) {
			if (c < 0)
				goto fail;
			continue;
		}
		if (!*marked) {
			if (store_modem_set_reading(w->st, w->mc->id, true) < 0)
				goto fail;
			*marked = true;
		}
		n = w->ops->decode(w->modem, &parts);
		batch_add(&b, parts, n, location);
		free(parts);
		if (careful || b.n_loc >= WORKER_BATCH) {
			int added = batch_commit(w, &b);
			if (added < 0)
				goto fail;
			if (careful)
				store_quarantine_clear(w->st, w->mc->id, location);
			stored += added;
			batch_clear(&b);
		}
	}
	if (rc < 0) {
		log_warn("%s", err);
		goto fail;
	}
	rc = batch_commit(w, &b);
	if (rc < 0)
		goto fail;
	batch_clear(&b);
	return stored + rc;
fail:
	batch_clear(&b);
	return -1;
}

int worker_receive(struct worker *w)
{
	int careful = store_modem_was_reading(w->st, w->mc->id);
	int n;

	if (careful < 0)
		return -1;
	if (careful)
		log_warn("the previous worker died while reading the SIM: reading one message"
			 " at a time");
	/* libgammu decodes an AT modem's SMS inside the read itself, before
	 * the worker sees a location: a worker it killed is found by the
	 * capture it left, looked at once, before this worker's first read. */
	if (!w->crash_checked) {
		w->crash_checked = true;
		if (worker_crash_check(w) < 0)
			return -1;
	}
	/* The mark is committed before decoding: if decoding kills this
	 * process, the next worker knows to read carefully. */
	bool marked = careful;
	n = receive_loop(w, careful, &marked);
	if (n < 0) {
		/* A lost link or a busy database is not a death: the next
		 * scan need not read carefully. */
		if (marked)
			store_modem_set_reading(w->st, w->mc->id, false);
		return -1;
	}
	if (marked)
		store_modem_set_reading(w->st, w->mc->id, false);
	if (n > 0)
		log_info("stored %d new SMS part(s)", n);
	return n;
}

/* ---------------------------------------------------------------- sending */

/* Records the result of one send (inside the caller's transaction). */
static void record_send(struct worker *w, const struct outbound_msg *m,
			const struct modem_send_result *r, const char *day)
{
	switch (r->status) {
	case MODEM_SEND_OK:
		log_info("outbound %lld sent (%d part(s), reference %d)", m->id, r->parts,
			 r->msg_ref);
		store_outbound_sent(w->st, m->id, r->msg_ref, r->parts);
		store_modem_count(w->st, w->mc->id, day, 0, 1);
		break;
	case MODEM_SEND_FAILED:
		log_warn("outbound %lld not sent (attempt %d): %s", m->id, m->attempts, r->error);
		store_outbound_failed(w->st, m->id, m->attempts, w->conf->send_retries + 1,
				      w->conf->send_retry_delay, r->error);
		break;
	case MODEM_SEND_UNKNOWN:
		log_warn("outbound %lld: outcome unknown, not resent: %s", m->id, r->error);
		store_outbound_unknown(w->st, m->id, r->error);
		break;
	}
}

/* Hands one row to the modem; a sealed recipient is opened in memory only
 * (never logged, wiped after). */
static void send_one(struct worker *w, const struct outbound_msg *m, bool report,
		     struct modem_send_result *r)
{
	char *to = worker_recipient_open(&w->keys, m->recipient);

	if (!to) {
		memset(r, 0, sizeof(*r));
		r->status = MODEM_SEND_FAILED;
		snprintf(r->error, sizeof(r->error), "the sealed recipient cannot be opened");
		return;
	}
	w->ops->send(w->modem, to, m->text, report, w->conf->send_timeout, r);
	explicit_bzero(to, strlen(to));
	free(to);
}

/* Claims up to max due rows in one transaction (committed before any is
 * handed to the modem). Returns how many. */
static int claim_batch(struct worker *w, struct outbound_msg *m, int max)
{
	int n = 0;

	if (store_begin(w->st) < 0)
		return 0;
	n = store_outbound_claim_many(w->st, w->mc->id, w->mc->daily_limit, m, max);
	if (n < 0)
		n = 0;
	if (store_commit(w->st) < 0) {
		for (int i = 0; i < n; i++)
			outbound_msg_clear(&m[i]);
		return 0;
	}
	return n;
}

int worker_send(struct worker *w)
{
	struct outbound_msg m[WORKER_SEND_BATCH];
	struct modem_send_result r[WORKER_SEND_BATCH];
	/* A modem that sends slowly (a real one: seconds per SMS) takes one
	 * message at a time, so a crash leaves at most one in doubt. */
	int batch = w->send_fast && w->mc->send_rate == 0 ? WORKER_SEND_BATCH : 1;
	int n = claim_batch(w, m, batch), sent = 0;
	bool lost = false;
	char day[16];

	for (; sent < n && !lost; sent++) {
		long long t0 = worker_now_ms();
		worker_beat(w);
		bool report = m[sent].want_report && w->conf->delivery_reports;
		send_one(w, &m[sent], report, &r[sent]);
		w->send_fast = worker_now_ms() - t0 < WORKER_FAST_SEND_MS;
		lost = r[sent].link_lost;
	}
	if (sent > 0)
		hook_pause("after-send"); /* a power cut between a send and its result */
	local_day(day, sizeof(day));
	if (n > 0 && store_begin(w->st) == 0) {
		for (int i = 0; i < n; i++) {
			if (i < sent)
				record_send(w, &m[i], &r[i], day);
			else /* never handed to the modem: back to the queue */
				store_outbound_requeue(w->st, m[i].id);
		}
		if (store_commit(w->st) < 0)
			log_error("the results of %d send(s) could not be stored: they will be"
				  " marked unknown at the next start",
				  n);
	}
	for (int i = 0; i < n; i++)
		outbound_msg_clear(&m[i]);
	return lost ? -1 : n;
}

void worker_flush_incomplete(struct worker *w)
{
	char cutoff[32];

	store_time(store_epoch_ms() - (long long)w->conf->multipart_timeout * 1000, cutoff,
		   sizeof(cutoff));
	if (store_parts_flush_incomplete(w->st, w->mc->id, cutoff) < 0)
		log_warn("could not store incomplete multipart messages");
}

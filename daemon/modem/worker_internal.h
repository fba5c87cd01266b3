/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The worker's state, shared by worker.c (the loop and connection) and
 * worker_io.c (receiving and sending). Not for use outside daemon/modem/.
 */
#ifndef TIENGDAN_WORKER_INTERNAL_H
#define TIENGDAN_WORKER_INTERNAL_H

/* Messages sent per turn of the loop, so receiving is never starved. */
#define WORKER_SEND_BATCH 50
/* A send quicker than this lets the next turn claim a whole batch. */
#define WORKER_FAST_SEND_MS 200

#include <signal.h>
#include <stdbool.h>

#include "conf/conf.h"
#include "modem/modem.h"
#include "core/keywords.h"
#include "store/store.h"
#include "store/store_inbound.h"
#include "util/seal.h"

/* At most this many SIM messages are committed per transaction. */
#define WORKER_BATCH 200
/* Decoding attempts of one location before it is given up. */
#define WORKER_QUARANTINE_TRIES 3

/* What the worker seals with (worker_seal.c): the key and the keywords
 * that tell a possible denunciation. */
struct worker_keys {
	struct seal *seal;
	struct keywords *kw;
};

/* Opens the existing key (never a new one: a missing key with sealed rows
 * must stop the worker, and the SMS stay on the SIM) and the configured
 * keywords. 0, or -1 with err. */
int worker_keys_open(struct worker_keys *k, const struct conf *c, char *err, size_t errlen);
void worker_keys_close(struct worker_keys *k);

/* The keyed values and sealed numbers of one part (worker_part_secure). */
struct part_secrets {
	char tag[SEAL_TAG_SIZE];
	char group[SEAL_TAG_SIZE];
	char part_key[SEAL_TAG_SIZE + 4];
	char *sealed_sender, *sealed_raw;
};

/* Fills r's confidentiality fields (store_inbound.h) from k for a person's
 * part, with s holding the values (part_secrets_clear afterwards). Nothing
 * without a key or for an alphanumeric sender. 0, or -1 when sealing
 * failed (the part is then not stored: fail closed). */
int worker_part_secure(const struct worker_keys *k, const char *modem_id, struct part_rec *r,
		       struct part_secrets *s);
void part_secrets_clear(struct part_secrets *s);

/* The recipient to hand the modem: a sealed one opened in memory (caller
 * frees, wipes). NULL when it cannot be opened. */
char *worker_recipient_open(const struct worker_keys *k, const char *recipient);

struct worker {
	const struct conf *conf;
	struct worker_keys keys;
	const struct conf_modem *mc;
	const struct modem_ops *ops;
	struct modem *modem;
	struct store *st;
	int wake_fd;
	int stored_fd; /* WORKER_STORED_FD when the daemon gave it, else -1 */
	int inotify_fd;
	int lock_fd;
	const char *dummy_dir; /* the SIM folder of a dummy modem, else NULL */
	bool connected;
	bool scan_now;
	bool send_fast; /* the last send was quick: claim a batch */
	int backoff_s;
	long long next_connect_ms;
	long long next_scan_ms;
	long long next_send_ms;
	long long next_flush_ms;
	long long next_status_ms;
	long long next_balance_ms;
	long long last_beat_ms;
	long long quarantine_log_ms; /* the last quarantine logged */
	int quarantine_unlogged;     /* quarantined since, not logged */
	bool crash_checked;	     /* worker_crash_check ran */
	long long delete_warn_ms;    /* a refused delete was logged */
};

/* Reads every SMS waiting on the SIM, commits it, then deletes it. Returns
 * the number of messages stored, -1 when the link to the modem failed. */
int worker_receive(struct worker *w);
/* Sends due outbound rows (a few per call). Returns -1 when the link to
 * the modem failed, else the number handled. */
int worker_send(struct worker *w);
/* Stores one decoded part as a worker does (sender normalised, text NFC,
 * invalid UTF-8 flagged) inside the caller's transaction; store_part_add's
 * result. Also the PDU fuzz target's way in. */
int worker_part_store(struct store *st, const struct worker_keys *keys, const char *country_code,
		      const char *modem_id, const struct modem_part *mp, const char *now);
/* Records the SMS at location as undecodable (why: the decoder's error)
 * with its raw PDU, commits, deletes it from the SIM. 0 or -1 (database).
 * (worker_quarantine.c) */
int worker_quarantine_location(struct worker *w, int location, const char *why);
/* After a worker died reading the SIM: counts the location it was
 * decoding (found in its capture), and quarantines it with its PDU and
 * deletes it after WORKER_QUARANTINE_TRIES deaths. 1 when quarantined, 0
 * when nothing was (yet), -1 on a database error. */
int worker_crash_check(struct worker *w);
/* Stores as incomplete the multipart messages that waited too long. */
void worker_flush_incomplete(struct worker *w);

long long worker_now_ms(void);

/* Tells the supervisor this worker is alive (at most once a second): a
 * worker silent for watchdog_timeout is killed and restarted. Call it
 * between calls into the modem library. */
void worker_beat(struct worker *w);
/* Reads and stores the modem's status. -1 when the modem did not answer. */
int worker_status(struct worker *w);
/* Runs the requests waiting for this modem (USSD). -1 when the link to
 * the modem failed, else the number handled. */
int worker_requests(struct worker *w);
/* Asks for the balance (a 'balance' request run by worker_requests) when
 * the modem has a balance_code and it was not asked yet today; looks again
 * every hour. */
void worker_balance(struct worker *w);
/* Refuses the waiting requests: the modem is not connected. */
void worker_requests_refuse(struct worker *w, const char *why);

#endif

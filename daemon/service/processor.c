/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The processor thread (processor.h). It watches the database for commits
 * of other connections (the modem workers) with PRAGMA data_version, so a
 * new message is handled within a poll interval without any message
 * passing, and handles messages in batches: one transaction per batch, one
 * savepoint per message, so a crash loses nothing and repeats nothing, and
 * one message that cannot be handled does not hold up the others.
 */
#include "service/processor.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "service/handle.h"
#include "store/store_process.h"
#include "util/clock.h"
#include "util/log.h"
#include "util/xalloc.h"

#define BATCH 64
/* A worker that stored messages says so on the wake pipe; other writers
 * (the console) are seen by PRAGMA data_version within POLL_MS. */
#define POLL_MS 500
/* Under a flood, rounds start at most every GATHER_MS: a worker commits a
 * batch every few milliseconds, and a round per batch would take the write
 * lock from it again and again (its next commit then waits in SQLite's
 * busy handler). A lone message is handled at once. */
#define GATHER_MS 50
/* The pause between two full batches (see processor_thread). */
#define YIELD_US 3000

#define SEAL_BATCH 64

struct processor {
	const struct service *svc;
	struct store *st;
	struct handle_ctx *h;
	int notify_fd;
	int stop_pipe[2];
	int wake_pipe[2]; /* [1]: written by the workers when they stored SMS */
	pthread_t thread;
	bool started;
	long long handled;
};

/* Handles one message inside the batch's transaction. Returns the SMS it
 * queued. */
static int process_one(struct processor *p, const struct inbound_msg *m)
{
	int queued;

	if (store_mark(p->st) < 0)
		return -1;
	queued = handle_message(p->h, m);
	if (queued >= 0) {
		store_mark_keep(p->st);
		return queued;
	}
	/* Undo what it wrote; keep the message, marked as not handled. */
	store_mark_undo(p->st);
	log_error("message %lld could not be handled; kept with outcome 'error'", m->id);
	store_process_mark(p->st, m->id, &(struct process_mark){.outcome = "error"});
	store_mark_keep(p->st);
	return 0;
}

/* Handles up to BATCH messages; returns how many were read (0: none left),
 * -1 on error. */
static int process_batch(struct processor *p, int *queued)
{
	struct inbound_msg msgs[BATCH];
	int n;

	if (store_begin(p->st) < 0)
		return -1;
	n = store_process_next(p->st, 0, msgs, BATCH);
	for (int i = 0; i < n; i++) {
		int q = process_one(p, &msgs[i]);
		*queued += q > 0 ? q : 0;
	}
	if (n < 0 || store_commit(p->st) < 0) {
		store_rollback(p->st);
		n = -1;
	} else {
		p->handled += n;
	}
	for (int i = 0; i < n; i++)
		inbound_msg_clear(&msgs[i]);
	return n;
}

/* Seals the recipients of confidential replies that have left the queue. */
static void seal_sent(struct processor *p)
{
	long long ids[SEAL_BATCH];
	char *to[SEAL_BATCH];
	int n = store_confidential_pending(p->st, ids, to, SEAL_BATCH);

	if (n <= 0)
		return;
	if (store_begin(p->st) == 0) {
		bool ok = true;
		for (int i = 0; i < n && ok; i++) {
			char *sealed = seal_encrypt(p->svc->seal, to[i]);
			ok = sealed && store_outbound_set_recipient(p->st, ids[i], sealed) == 0;
			free(sealed);
		}
		if (!ok || store_commit(p->st) < 0)
			store_rollback(p->st);
	}
	for (int i = 0; i < n; i++)
		free(to[i]);
	/* Old pages of the clear number leave the WAL file. */
	store_checkpoint(p->st);
}

static void notify(struct processor *p)
{
	if (p->notify_fd >= 0 && write(p->notify_fd, "w", 1) < 0 && errno != EAGAIN)
		log_warn("processor: cannot wake the modems: %s", strerror(errno));
}

static void *processor_thread(void *arg)
{
	struct processor *p = arg;
	long long seen = -1, last_round = 0;

	log_set_tag("processor");
	for (;;) {
		struct pollfd pfd[2] = {{.fd = p->stop_pipe[0], .events = POLLIN},
					{.fd = p->wake_pipe[0], .events = POLLIN}};
		char buf[64];
		long long version = store_data_version(p->st);
		int queued = 0, n;

		if (version != seen || seen < 0) {
			seen = version;
			handle_refresh(p->h);
			/* Between two full batches the write lock is left free for
			 * a moment: the workers wait for it in 1 ms sleeps (the
			 * store's busy handler), and a next batch begun at once
			 * would keep them from storing what they read for as long
			 * as a backlog lasts. */
			while ((n = process_batch(p, &queued)) == BATCH)
				usleep(YIELD_US);
			if (queued)
				notify(p);
			seal_sent(p);
			/* A number sealed here was in clear in the WAL until now. */
			if (handle_take_sealed(p->h) > 0)
				store_checkpoint(p->st);
			/* Our own commits change nothing for the next look. */
			seen = store_data_version(p->st);
			last_round = clock_mono_ms();
		}
		if (poll(pfd, 2, POLL_MS) > 0) {
			long long gather = last_round + GATHER_MS - clock_mono_ms();

			if (pfd[0].revents)
				break;
			while (read(p->wake_pipe[0], buf, sizeof(buf)) > 0)
				;
			if (gather > 0 && poll(pfd, 1, (int)gather) > 0)
				break;
		}
	}
	return NULL;
}

struct processor *processor_start(const struct service *svc, int notify_fd, char *err,
				  size_t errlen)
{
	struct processor *p = xcalloc(1, sizeof(*p));

	p->svc = svc;
	p->notify_fd = notify_fd;
	p->stop_pipe[0] = p->stop_pipe[1] = -1;
	p->wake_pipe[0] = p->wake_pipe[1] = -1;
	p->st = store_open_existing(svc->conf->database, err, errlen);
	if (!p->st)
		goto fail;
	/* Its commits need not wait for the disk: what a power cut takes
	 * back is redone from the stored SMS, and no reply leaves before a
	 * worker's synced commit has made its case durable too (store.h). */
	if (store_sync_normal(p->st) < 0) {
		snprintf(err, errlen, "cannot set the processor's database connection");
		goto fail;
	}
	p->h = handle_new(svc, p->st);
	if (pipe2(p->stop_pipe, O_CLOEXEC) < 0) {
		snprintf(err, errlen, "pipe: %s", strerror(errno));
		goto fail;
	}
	if (pipe2(p->wake_pipe, O_CLOEXEC | O_NONBLOCK) < 0) {
		snprintf(err, errlen, "pipe: %s", strerror(errno));
		goto fail;
	}
	if (pthread_create(&p->thread, NULL, processor_thread, p) != 0) {
		snprintf(err, errlen, "cannot start the processor thread");
		goto fail;
	}
	p->started = true;
	return p;
fail:
	processor_stop(p);
	return NULL;
}

int processor_wake_fd(const struct processor *p)
{
	return p ? p->wake_pipe[1] : -1;
}

void processor_stop(struct processor *p)
{
	if (!p)
		return;
	if (p->started) {
		if (write(p->stop_pipe[1], "x", 1) < 0)
			log_warn("processor: cannot signal the thread to stop");
		pthread_join(p->thread, NULL);
	}
	if (p->stop_pipe[0] >= 0) {
		close(p->stop_pipe[0]);
		close(p->stop_pipe[1]);
	}
	if (p->wake_pipe[0] >= 0) {
		close(p->wake_pipe[0]);
		close(p->wake_pipe[1]);
	}
	handle_free(p->h);
	store_close(p->st);
	free(p);
}

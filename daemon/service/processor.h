/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The processor: one thread of the daemon that takes each unprocessed
 * inbound message, handles it (handle.h) and marks it processed, in one
 * transaction with its case and reply; on start it finishes what a previous
 * run left. It also seals the recipients of confidential replies once they
 * have left the queue.
 */
#ifndef TIENGDAN_PROCESSOR_H
#define TIENGDAN_PROCESSOR_H

#include <stddef.h>

#include "service/service.h"

struct processor;

/* Starts the thread. After each commit that queued SMS it writes a byte to
 * notify_fd (non-blocking; -1 for none) so the daemon wakes its modems.
 * svc must outlive it. NULL with a message in err on failure. */
struct processor *processor_start(const struct service *svc, int notify_fd, char *err,
				  size_t errlen);
void processor_stop(struct processor *p);

/* The write end of the pipe that wakes the processor at once (a byte per
 * batch of stored SMS; non-blocking, close-on-exec): the supervisor hands
 * it to each worker as WORKER_STORED_FD. -1 for NULL. */
int processor_wake_fd(const struct processor *p);

#endif

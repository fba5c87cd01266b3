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

#endif

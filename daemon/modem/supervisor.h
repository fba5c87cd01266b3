/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The supervisor: starts one worker process per configured modem (fork and
 * exec of the daemon's own binary with --worker), restarts a dead worker
 * with backoff, wakes workers, and stops them.
 */
#ifndef TIENGDAN_SUPERVISOR_H
#define TIENGDAN_SUPERVISOR_H

#include "conf/conf.h"

struct supervisor;

/* exe is the daemon binary, conf_path the configuration it was given.
 * Caller frees with supervisor_free. */
struct supervisor *supervisor_new(const struct conf *c, const char *exe, const char *conf_path);
void supervisor_free(struct supervisor *s);
/* The fd each worker started from now on gets as WORKER_STORED_FD, to
 * say it stored SMS (the processor's wake pipe); -1: none. */
void supervisor_set_stored_fd(struct supervisor *s, int fd);

/* Starts every worker that is due (all at first; a dead one after its
 * backoff), reads the running workers' heartbeats and kills those silent
 * for longer than watchdog_timeout. Returns the milliseconds until the
 * next start or watchdog check is due, or -1 if none is. */
long long supervisor_tick(struct supervisor *s);
/* Reaps dead workers (call on SIGCHLD) and schedules their restart. */
void supervisor_reap(struct supervisor *s);
/* Wakes one worker (modem id) or all (NULL): there is something to send. */
void supervisor_wake(struct supervisor *s, const char *modem);
/* Asks every worker to stop; waits up to timeout_ms, then kills. */
void supervisor_stop(struct supervisor *s, int timeout_ms);

#endif

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A modem worker: one process per modem, started by the supervisor. It owns
 * the modem's libgammu state machine and its own database connection.
 */
#ifndef TIENGDAN_WORKER_H
#define TIENGDAN_WORKER_H

#include "conf/conf.h"
#include "modem/modem.h"

/* Runs the worker for modem_id until SIGTERM or until wake_fd (the
 * supervisor's end of a socketpair) closes. Returns the exit status:
 * 0 on a clean stop, WORKER_EXIT_LOCKED when another worker holds the
 * modem, 1 on other errors. */
int worker_main(const struct conf *c, const char *modem_id, int wake_fd,
		const struct modem_ops *ops);

#define WORKER_EXIT_LOCKED 75 /* EX_TEMPFAIL */
/* The fd on which a worker, after committing SMS it read, writes a byte
 * to wake the daemon's processor at once (a pipe; absent: not used). */
#define WORKER_STORED_FD 4

#endif

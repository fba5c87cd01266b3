/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The control socket: the daemon's side of the staff console. A thread
 * accepts connections on a unix socket, identifies each caller by
 * SO_PEERCRED, runs their requests against its own database connection
 * and audits every one of them.
 *
 * Protocol: UTF-8 JSON, one object per line, in both directions. A request
 *   {"cmd": "contacts.add", "args": {...}, "lang": "vi"}
 * is answered by
 *   {"ok": true, "result": ...}
 * or
 *   {"ok": false, "error": "forbidden", "message": "..."}
 * where "error" is a class of util/tderr.h and "message" is in the
 * request's language ("vi", the default, or "en"). A client may send
 * several requests on one connection, one at a time.
 */
#ifndef TIENGDAN_CONTROL_H
#define TIENGDAN_CONTROL_H

#include <stddef.h>

#include "conf/conf.h"

#define CONTROL_LINE_MAX (16 * 1024 * 1024) /* the longest request accepted */

struct control;
struct service;

/* Creates the socket at c->socket (mode 0660, group c->socket_group) and
 * starts the control thread. c and svc (the message-handling context the
 * case operations need: templates, calendar, seal) must outlive it.
 * Returns NULL with a message in err on failure. */
struct control *control_start(const struct conf *c, const struct service *svc, char *err,
			      size_t errlen);
/* Stops the thread, closes every connection and removes the socket. */
void control_stop(struct control *ctl);

#endif

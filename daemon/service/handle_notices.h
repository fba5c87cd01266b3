/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What XN (acknowledging notices) and BQ (voting in a poll) call for:
 * the processor's handlers for SMS-LANGUAGE.md's ack and vote commands.
 */
#ifndef TIENGDAN_HANDLE_NOTICES_H
#define TIENGDAN_HANDLE_NOTICES_H

#include "service/handle_internal.h"

/* XN TB12 [TB13 ...]: records the sender's acknowledgement of each notice
 * sent to them and replies which were acknowledged (and which are unknown
 * to this number). Sets c->outcome. 0 or -1. */
int handle_notice_ack(struct msg_ctx *c);

/* BQ <poll> <choice>: records the vote of a registered household
 * representative (replacing the household's last one while the poll is
 * open), or replies why it cannot count. Sets c->outcome. 0 or -1. */
int handle_poll_vote(struct msg_ctx *c);

/* A message parsed without a context that one could change (a reply
 * without a keyword): when the sender was sent a notice asking for an
 * acknowledgement or an open poll within reply_window days, parses it
 * again against them and replaces c->r. 0 (c->r kept when there is no
 * context) or -1. */
int handle_parse_in_context(struct msg_ctx *c, enum parse_role role, struct meeting_date today);

#endif

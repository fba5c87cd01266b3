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

#endif

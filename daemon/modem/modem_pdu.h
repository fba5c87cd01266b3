/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the worker reads from PDUs and from libgammu's debug text without
 * libgammu: a PDU's shape, the sender in its header, and the PDU a read
 * was decoding when it failed or killed the worker.
 */
#ifndef TIENGDAN_MODEM_PDU_H
#define TIENGDAN_MODEM_PDU_H

#include <stdbool.h>
#include <stddef.h>

/* The line the worker writes into the capture after each completed read. */
#define MODEM_CAPTURE_DONE "@@tiengdan read done"

/* Whether a PDU (with its SMSC prefix) has the shape of an SMS-DELIVER or
 * SMS-STATUS-REPORT that libgammu 1.42 decodes without overflowing. */
bool modem_pdu_shape_sane(const unsigned char *pdu, size_t len);

/* Hex of len bytes; caller frees. */
char *modem_pdu_hex(const unsigned char *data, size_t len);

/* The sender (SMS-DELIVER) or recipient (status report, SMS-SUBMIT) in the header of
 * a PDU given as hex with its SMSC prefix: "+84912..." or the digits, or
 * an alphanumeric sender's letters. Returns 0, -1 when the header cannot
 * be read that far. */
int modem_pdu_sender(const char *hex, char *out, size_t len);

/* Looks through text, libgammu's debug output at level "text" over one
 * scan of the SIM (listing, then reads from its cache), for the PDU it
 * took from the listing for location (location < 0: the last one it took).
 * Fills *found (the location), pdu (hex) and *done (a MODEM_CAPTURE_DONE
 * line follows it: the read completed). Returns 1 when found, 0 if not. */
int modem_capture_find(const char *text, int location, int *found, char *pdu, size_t len,
		       bool *done);

#endif

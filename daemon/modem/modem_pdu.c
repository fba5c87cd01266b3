/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * PDUs and libgammu's debug text read without libgammu (see modem_pdu.h):
 * the shape check that keeps libgammu's decoder from overflowing, the
 * sender of an undecodable PDU, and the PDU a failed read was decoding.
 */
#include "modem/modem_pdu.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

/* Whether a TP-DCS says the user data is in 7-bit septets. */
static bool dcs_septets(unsigned dcs)
{
	if ((dcs & 0xC0) == 0)
		return (dcs & 0x0C) == 0;
	if ((dcs & 0xF0) == 0xF0)
		return (dcs & 0x04) == 0;
	return (dcs & 0xF0) == 0xC0 || (dcs & 0xF0) == 0xD0;
}

/* GSM 03.40 limits: an SMS-DELIVER or SMS-STATUS-REPORT whose fields fit
 * in the bytes given, an SMSC address of at most 12 octets, a TP address
 * of at most 20 digits and user data of at most 140 octets (160 septets)
 * holding its header, a status report without optional fields. libgammu
 * 1.42's decoder overflows stack buffers on PDUs that break these limits
 * (found by fuzz_pdu: GSM_UnpackSemiOctetNumber, the user data, a status
 * report's optional part). On the modem path libgammu decodes the PDUs
 * itself; there a PDU that kills the worker is found in the capture and
 * quarantined (worker_io.c). */
bool modem_pdu_shape_sane(const unsigned char *pdu, size_t len)
{
	size_t pos, addr, need;
	unsigned mti, udl;

	if (len < 2 || pdu[0] > 12)
		return false;
	pos = (size_t)pdu[0] + 1;
	if (pos >= len)
		return false;
	mti = pdu[pos] & 3;
	if (mti != 0 && mti != 2)
		return false;
	pos += mti == 2 ? 2 : 1; /* first octet, and TP-MR in a status report */
	if (pos + 2 > len || (addr = pdu[pos]) > 20)
		return false;
	pos += 2 + (addr + 1) / 2; /* length, type of address, the digits */
	if (mti == 2)		   /* SCTS, discharge time, status; no optional fields */
		return pos + 7 + 7 + 1 == len;
	if (pos + 1 + 1 + 7 + 1 > len) /* PID, DCS, SCTS, UDL */
		return false;
	udl = pdu[pos + 9];
	need = dcs_septets(pdu[pos + 1]) ? (udl * 7 + 7) / 8 : udl;
	if (dcs_septets(pdu[pos + 1]) ? udl > 160 : udl > 140)
		return false;
	if (pos + 10 + need > len)
		return false;
	/* A user data header must fit in the user data. */
	return !(pdu[(size_t)pdu[0] + 1] & 0x40) || (udl > 0 && pdu[pos + 10] < need);
}

char *modem_pdu_hex(const unsigned char *data, size_t len)
{
	static const char digits[] = "0123456789ABCDEF";
	char *out = xmalloc(len * 2 + 1);

	for (size_t i = 0; i < len; i++) {
		out[2 * i] = digits[data[i] >> 4];
		out[2 * i + 1] = digits[data[i] & 15];
	}
	out[len * 2] = '\0';
	return out;
}

static int hex_nibble(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Octet i of a hex string, -1 past its end or on a non-hex digit. */
static int hex_octet(const char *hex, size_t n, size_t i)
{
	int hi, lo;

	if (2 * i + 1 >= n)
		return -1;
	hi = hex_nibble(hex[2 * i]);
	lo = hex_nibble(hex[2 * i + 1]);
	return hi < 0 || lo < 0 ? -1 : hi << 4 | lo;
}

/* An alphanumeric address: GSM 7-bit septets, printable ASCII kept. */
static void alpha_address(const char *hex, size_t n, size_t at, int digits, char *out, size_t len)
{
	size_t o = 0, septets = (size_t)digits * 4 / 7;
	unsigned acc = 0;
	int bits = 0;

	for (size_t i = 0; o < septets && o + 1 < len; i++) {
		int b = hex_octet(hex, n, at + i);
		if (b < 0)
			break;
		acc |= (unsigned)b << bits;
		bits += 8;
		while (bits >= 7 && o < septets && o + 1 < len) {
			char c = (char)(acc & 0x7F);
			out[o++] = c >= 0x20 && c < 0x7F ? c : '?';
			acc >>= 7;
			bits -= 7;
		}
	}
	out[o] = '\0';
}

int modem_pdu_sender(const char *hex, char *out, size_t len)
{
	size_t n = strlen(hex), pos, o = 0;
	int smsc = hex_octet(hex, n, 0), fo, digits, toa;

	out[0] = '\0';
	if (smsc < 0 || len < 2)
		return -1;
	pos = (size_t)smsc + 1;
	if ((fo = hex_octet(hex, n, pos)) < 0)
		return -1;
	/* TP-MR before the address of a status report or an SMS-SUBMIT. */
	pos += (fo & 3) == 1 || (fo & 3) == 2 ? 2 : 1;
	digits = hex_octet(hex, n, pos);
	toa = hex_octet(hex, n, pos + 1);
	if (digits <= 0 || digits > 20 || toa < 0)
		return -1;
	pos += 2;
	if ((toa & 0x70) == 0x50) {
		alpha_address(hex, n, pos, digits, out, len);
		return out[0] ? 0 : -1;
	}
	if ((toa & 0x70) == 0x10)
		out[o++] = '+';
	for (int d = 0; d < digits && o + 1 < len; d++) {
		int b = hex_octet(hex, n, pos + (size_t)d / 2);
		int v;
		if (b < 0)
			return -1;
		v = d % 2 ? b >> 4 : b & 15;
		if (v > 9)
			return -1;
		out[o++] = (char)('0' + v);
	}
	out[o] = '\0';
	return 0;
}

/* ---------------------------------------------------------------- capture */

struct capture_scan {
	int *locs; /* the locations of the current listing, in its order */
	size_t n, cap;
	bool listing;
	int current; /* the location libgammu took from its cache last */
};

static void scan_line(struct capture_scan *s, const char *line)
{
	int f1, i1, f2, loc, k;

	if (strcmp(line, "SMS listing received") == 0) {
		s->n = 0;
		s->listing = true;
	} else if (s->listing && sscanf(line,
					"ATGEN folder %d & location %d -> SMS folder %d &"
					" location %d",
					&f1, &i1, &f2, &loc) == 4) {
		if (s->n == s->cap) {
			s->cap = s->cap ? s->cap * 2 : 64;
			s->locs = xrealloc(s->locs, s->cap * sizeof(*s->locs));
		}
		s->locs[s->n++] = loc;
	} else if (strncmp(line, "Read ", 5) == 0 && strstr(line, " SMS locations")) {
		s->listing = false;
	} else if (sscanf(line, "Cache status: Found: %d", &k) == 1) {
		s->current = k >= 0 && (size_t)k < s->n ? s->locs[k] : -1;
	}
}

/* The text of a reply line as the AT driver prints it: 3 "text". */
static const char *reply_line(const char *line, size_t *n)
{
	const char *q = strchr(line, '"');
	size_t l;

	if (!q || q == line || (l = strlen(q + 1)) == 0 || q[l] != '"')
		return NULL;
	*n = l - 1;
	return q + 1;
}

/* How the PDU of the location being read comes: the line after "Getting
 * message from cache", or the reply line after "+CMGR:" when libgammu
 * reads the location itself (a PDU too long for its cache, or corrupted). */
enum capture_wait { WAIT_NONE, WAIT_CACHE_PDU, WAIT_CMGR, WAIT_CMGR_PDU };

int modem_capture_find(const char *text, int location, int *found, char *pdu, size_t len,
		       bool *done)
{
	struct capture_scan s = {.current = -1};
	enum capture_wait wait = WAIT_NONE;
	const char *p = text, *r;
	bool have = false;
	char line[1024];
	size_t n;
	int loc;

	*found = -1;
	*done = false;
	while (*p) {
		size_t l = strcspn(p, "\n");
		snprintf(line, sizeof(line), "%.*s", (int)(l < sizeof(line) ? l : sizeof(line) - 1),
			 p);
		p += l + (p[l] == '\n');
		if (wait == WAIT_CACHE_PDU || (wait == WAIT_CMGR_PDU && reply_line(line, &n))) {
			if (wait == WAIT_CACHE_PDU)
				snprintf(pdu, len, "%s", line);
			else
				snprintf(pdu, len, "%.*s", (int)n, reply_line(line, &n));
			wait = WAIT_NONE;
			*found = s.current;
			*done = false;
			have = true;
			continue;
		}
		if (wait == WAIT_CMGR && (r = reply_line(line, &n)) && strncmp(r, "+CMGR:", 6) == 0)
			wait = WAIT_CMGR_PDU;
		else if (strcmp(line, "Getting message from cache") == 0)
			wait = s.current >= 0 && (location < 0 || s.current == location)
				   ? WAIT_CACHE_PDU
				   : WAIT_NONE;
		else if (sscanf(line, "Reading next message on location %d", &loc) == 1) {
			s.current = loc;
			wait = location < 0 || loc == location ? WAIT_CMGR : WAIT_NONE;
		} else if (strncmp(line, MODEM_CAPTURE_DONE, strlen(MODEM_CAPTURE_DONE)) == 0)
			*done = have;
		else
			scan_line(&s, line);
	}
	free(s.locs);
	return have;
}

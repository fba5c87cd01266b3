/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The modem seam: what a worker needs from a GSM modem, as a struct of
 * function pointers. modem_gammu.c implements it with libgammu; tests may
 * put another backend behind it.
 */
#ifndef TIENGDAN_MODEM_H
#define TIENGDAN_MODEM_H

#include <stdbool.h>
#include <stddef.h>

#include "conf/conf.h"

struct modem;

/* One SMS part as read from the SIM. Strings are owned by the part. */
struct modem_part {
	int location;
	const char *type; /* "text", "binary", "status_report", "other" (static) */
	char number[64];  /* sender (or recipient, for a status report) as received */
	char smsc[64];
	char smsc_time[32]; /* UTC ISO-8601, "" when the SMS has none */
	char coding[24];
	int concat_ref; /* -1 when not part of a concatenated message */
	int part_no;
	int part_count;
	char *text;	     /* UTF-8 as decoded by the library; hex for binary */
	int msg_ref;	     /* status reports, else -1 */
	int delivery_status; /* status reports, else -1 */
};

void modem_part_clear(struct modem_part *p);

/* Decodes one SMS PDU (with its SMSC prefix, as a modem gives it in PDU
 * mode) with libgammu's decoder into *out, exactly as parts read from a
 * modem are decoded. Returns 0, or -1 when libgammu refuses the PDU. The
 * caller clears *out. */
int modem_gammu_decode_pdu(const unsigned char *pdu, size_t len, struct modem_part *out);

/* What a serial port answered when probed for a modem (tiengdan modems
 * probe); "" / -1 for what it did not say. */
struct modem_probe_info {
	char manufacturer[64];
	char model[64];
	char imei[64];
	char imsi[64];
	char sim[16];	    /* "ready", "pin", "puk", "no_sim", "" when unknown */
	char network[32];   /* registration, as in struct modem_status */
	char operator[96];  /* "Viettel Mobile (452 04)", or the code alone */
	int signal_percent; /* -1 unknown */
};

/* Connects to the AT modem on device (libgammu connection "at", or the
 * one given), reads what it says about itself, its SIM and its network,
 * and disconnects. It enters no PIN. Returns 0 (*out filled), or -1 with
 * err when nothing there answered AT. One state machine per process:
 * call it in a process of its own (daemon/modem/probe.c forks one per
 * port). */
int modem_gammu_probe(const char *device, const char *connection, struct modem_probe_info *out,
		      char *err, size_t errlen);

enum modem_send_status {
	MODEM_SEND_OK = 0,  /* every part accepted by the network */
	MODEM_SEND_FAILED,  /* nothing was sent: safe to retry */
	MODEM_SEND_UNKNOWN, /* some part may have left: never retry by itself */
};

struct modem_send_result {
	enum modem_send_status status;
	int msg_ref; /* reference of the last part */
	int parts;   /* parts in the message */
	int parts_sent;
	bool link_lost; /* the modem stopped answering: reconnect */
	char error[160];
};

/* What the modem says about itself; -1 / "" when it does not say. */
struct modem_status {
	int signal_percent;
	int battery_percent;
	int sim_used;
	int sim_size;
	char network[32];  /* registration: "home", "roaming", "searching", "denied", ... */
	char operator[64]; /* network code (MCC MNC) or name */
};

/* The answer to a USSD request. */
enum modem_ussd_status {
	MODEM_USSD_DONE = 0,   /* a final answer */
	MODEM_USSD_MENU,       /* a menu: the network waits for a reply */
	MODEM_USSD_TERMINATED, /* the network ended the session */
	MODEM_USSD_FAILED,     /* no answer, refused or not supported */
};

/* connect: the SIM refused the PIN, or asks for its PUK. */
#define MODEM_PIN_REFUSED (-2)
/* read_next: the SMS at *location cannot be decoded. */
#define MODEM_READ_UNDECODABLE 2

struct modem_ops {
	const char *name;
	/* Allocates a modem for mc (not connected). NULL + err on failure. */
	struct modem *(*open)(const struct conf_modem *mc, char *err, size_t errlen);
	/* Connects (entering the PIN when the SIM asks). 0, -1 + err, or
	 * MODEM_PIN_REFUSED + err when the SIM refused the configured PIN or
	 * wants its PUK (never to be tried again by itself: the SIM locks). */
	int (*connect)(struct modem *m, char *err, size_t errlen);
	void (*disconnect)(struct modem *m);
	void (*close)(struct modem *m);
	/* Identity after connecting; buffers of at least 64 bytes each. */
	int (*identity)(struct modem *m, char *manufacturer, char *model, char *imei);
	/* Reads the next stored SMS (start = true: the first). Returns 1 and its
	 * location, 0 when there is no more, -1 on a link error (err set),
	 * MODEM_READ_UNDECODABLE with the location (err says why) when the SMS
	 * there cannot be decoded (an empty record included): reading goes on
	 * after it. */
	int (*read_next)(struct modem *m, bool start, int *location, char *err, size_t errlen);
	/* Keeps what libgammu says while reading the SIM in the file path
	 * (0600, removed after each complete scan), so that the PDU of a
	 * location that failed, or that killed the worker, can be found.
	 * NULL path: no capture. */
	void (*capture_to)(struct modem *m, const char *path);
	/* The PDU (hex, as the modem gave it) of a location read in this
	 * scan. 0, or -1 when it was not captured. */
	int (*raw_pdu)(struct modem *m, int location, char *hex, size_t len);
	/* What a worker that died left in the capture: the location it was
	 * decoding and its PDU. 1 when there is one, else 0. Call it before
	 * the first read, which starts the capture again. */
	int (*crashed_read)(struct modem *m, int *location, char *hex, size_t len);
	/* Decodes the SMS read last into parts (caller frees each with
	 * modem_part_clear, then the array). Returns the number of parts. */
	int (*decode)(struct modem *m, struct modem_part **parts);
	/* Deletes the SMS at location. 0, -1 + err when the modem refused,
	 * -2 + err when it did not answer (a link error). */
	int (*remove)(struct modem *m, int location, char *err, size_t errlen);
	/* Deletes the SMS at location without reading it first (libgammu's
	 * delete reads it, and fails or dies on one it cannot decode). */
	int (*forget)(struct modem *m, int location, char *err, size_t errlen);
	/* Sends text to number, in as many parts as it needs. */
	void (*send)(struct modem *m, const char *number, const char *text, bool want_report,
		     int timeout_s, struct modem_send_result *r);
	/* Lets the library read what the modem said (incoming-SMS notices).
	 * Returns 1 when a new SMS was announced since the last call, 0 if not,
	 * -1 when the link is lost. */
	int (*poll)(struct modem *m);
	/* Reads signal, battery, SIM fill and network. 0, or -1 + err when the
	 * modem did not answer (a link error: reconnect). */
	int (*status)(struct modem *m, struct modem_status *st, char *err, size_t errlen);
	/* Sends a USSD code (or a reply to a menu) and waits up to timeout_s
	 * for the answer (UTF-8 into answer). Returns the status; *link_lost
	 * is set when the modem stopped answering. */
	enum modem_ussd_status (*ussd)(struct modem *m, const char *code, int timeout_s,
				       char *answer, size_t len, bool *link_lost);
};

extern const struct modem_ops modem_gammu_ops;

#endif

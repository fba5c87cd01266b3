/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Modem discovery (tiengdan modems probe): lists the serial ports, maps
 * each to its stable /dev/serial/by-id name and its USB device, skips the
 * ones a worker holds, asks the others for an AT modem in a child process
 * each, bounded by a deadline, and writes a ready `modems` block.
 */
#ifndef TIENGDAN_PROBE_H
#define TIENGDAN_PROBE_H

#include <stdbool.h>
#include <stddef.h>

#include "conf/conf.h"
#include "modem/modem.h"

#define PROBE_BY_ID_DIR "/dev/serial/by-id"
#define PROBE_DEFAULT_TIMEOUT 10 /* seconds a port may take to answer */

enum probe_result {
	PROBE_OK = 0,	 /* an AT modem answered */
	PROBE_NO_ANSWER, /* nothing answered AT before the deadline */
	PROBE_IN_USE,	 /* a worker holds its lock (F_OFD_SETLK): not opened */
	PROBE_BUSY,	 /* opened exclusively by another program (EBUSY) */
	PROBE_NO_ACCESS, /* permission denied: not root, not in dialout */
	PROBE_MISSING,	 /* no such device (unplugged, or not a serial port) */
	PROBE_FAILED,	 /* the probe itself failed */
};

struct probe_opts {
	/* The ports to try; NULL/0: /dev/ttyUSB*, /dev/ttyACM* and the
	 * entries of by_id_dir. */
	const char *const *ports;
	size_t n_ports;
	const char *by_id_dir;	/* NULL: PROBE_BY_ID_DIR */
	int timeout_s;		/* per port; <= 0: PROBE_DEFAULT_TIMEOUT */
	const char *connection; /* libgammu connection, NULL: "at" */
	/* The configuration, to name the modem holding a port and to keep
	 * proposed ids apart from configured ones; may be NULL. */
	const struct conf *conf;
};

struct probe_port {
	char *path;  /* the device (/dev/ttyUSB2), or the path given */
	char *by_id; /* its stable name (full path), NULL if none */
	char *usb;   /* the USB device: by-id name without -ifNN-portN */
	enum probe_result result;
	char *holder;	   /* the configured modem whose worker holds it, or NULL */
	char *proposed_id; /* the id given in the block (one port per device) */
	struct modem_probe_info info;
	char error[160];
	bool timed_out; /* killed at the deadline */
	int elapsed_ms;
};

struct probe_report {
	struct probe_port *ports; /* sorted by USB device, then name */
	size_t n;
};

/* Probes the ports (in parallel, each in its own process, none longer than
 * o->timeout_s) and fills *r (caller frees with probe_report_free).
 * Returns 0, or -1 when it could not run at all (err set). */
int probe_run(const struct probe_opts *o, struct probe_report *r, char *err, size_t errlen);
void probe_report_free(struct probe_report *r);

/* The ready configuration: `modems = ( ... );` naming, for each USB device
 * with an answering port, the first such port by its stable path; each
 * entry commented with its operator and IMEI. NULL when no modem answered.
 * Caller frees. */
char *probe_config_block(const struct probe_report *r);

/* "ok", "no_answer", "in_use", "busy", "no_access", "missing", "failed". */
const char *probe_result_name(enum probe_result res);

/* The USB device of a by-id name: the name without its interface suffix
 * ("-if02-port0", "-if00"); caller frees. */
char *probe_usb_of(const char *by_id_name);

#endif

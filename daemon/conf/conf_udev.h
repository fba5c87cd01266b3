/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * udev rules that keep ModemManager off the configured modems
 * (tiengdand --udev-rules): ModemManager probing a modem's serial port
 * while the daemon talks to it garbles both conversations.
 */
#ifndef TIENGDAN_CONF_UDEV_H
#define TIENGDAN_CONF_UDEV_H

#include <stdio.h>

#include "conf/conf.h"

/* Writes udev rules setting ENV{ID_MM_DEVICE_IGNORE}="1" for each serial
 * modem of C: matched by its /dev/serial/by-id (or by-path) link or its
 * kernel name, and, when the device is present, by the USB vendor, model
 * and serial number of the device behind it (so its other ports are left
 * alone too). Modems that are not serial ports (dummy, proxyat) get a
 * comment. ROOT is prepended to /dev and /sys paths: "" on a real system,
 * a folder in tests. Returns the number of modems matched by a rule. */
int conf_print_udev_rules(const struct conf *c, FILE *out, const char *root);

#endif

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * udev rules for the configured modems: ModemManager ignores a tty whose
 * udev environment has ID_MM_DEVICE_IGNORE=1. The rules are written for
 * /etc/udev/rules.d/61-tiengdan-modems.rules, after 60-serial.rules (which
 * makes the /dev/serial links and imports the USB ids) and before
 * ModemManager's own rules (77-mm-*).
 */
#include "conf/conf_udev.h"

#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define BY_ID "/dev/serial/by-id/"
#define BY_PATH "/dev/serial/by-path/"

/* True when S can stand between double quotes in a udev rule. */
static bool udev_safe(const char *s)
{
	if (!s[0])
		return false;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == '"' || *p == '\\' || *p == 0x7f)
			return false;
	return true;
}

/* Reads the first line of DIR/NAME into buf; false when absent or empty. */
static bool read_attr(const char *dir, const char *name, char *buf, size_t len)
{
	char path[PATH_MAX];
	FILE *f;
	bool ok;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "r");
	if (!f)
		return false;
	ok = fgets(buf, (int)len, f) != NULL;
	fclose(f);
	if (ok)
		buf[strcspn(buf, "\n")] = '\0';
	return ok && buf[0];
}

/* Finds the USB device behind DEVICE (a /dev path, under ROOT): the tty's
 * sysfs folder, then up to the first folder with idVendor and idProduct.
 * Fills vendor, product and serial ("" when the device has none); false
 * when the device is absent or not on USB. */
static bool usb_ids(const char *root, const char *device, char vendor[16], char product[16],
		    char serial[128])
{
	char path[PATH_MAX], real[PATH_MAX], sys[PATH_MAX];
	const char *tty;
	size_t rootlen;

	snprintf(path, sizeof(path), "%s%s", root, device);
	if (!realpath(path, real))
		return false;
	tty = strrchr(real, '/') + 1;
	snprintf(path, sizeof(path), "%s/sys/class/tty/%s/device", root, tty);
	if (!realpath(path, real))
		return false;
	snprintf(path, sizeof(path), "%s/sys", root);
	if (!realpath(path, sys))
		return false;
	rootlen = strlen(sys);
	while (strlen(real) > rootlen && strncmp(real, sys, rootlen) == 0) {
		if (read_attr(real, "idVendor", vendor, 16) &&
		    read_attr(real, "idProduct", product, 16)) {
			if (!read_attr(real, "serial", serial, 128) || !udev_safe(serial))
				serial[0] = '\0';
			return udev_safe(vendor) && udev_safe(product);
		}
		*strrchr(real, '/') = '\0';
	}
	return false;
}

/* True when M talks to a serial port (not the dummy driver nor a proxy
 * command). */
static bool is_serial(const struct conf_modem *m)
{
	const char *conn = conf_modem_gammu(m, "connection");
	const char *model = conf_modem_gammu(m, "model");
	const char *device = conf_modem_gammu(m, "device");

	if (model && strcmp(model, "dummy") == 0)
		return false;
	if (conn && (strcmp(conn, "none") == 0 || strncmp(conn, "proxy", 5) == 0))
		return false;
	return device && strncmp(device, "/dev/", 5) == 0;
}

static int print_modem(const struct conf_modem *m, FILE *out, const char *root)
{
	const char *device = conf_modem_gammu(m, "device");
	char vendor[16], product[16], serial[128];

	if (!is_serial(m)) {
		fprintf(out, "# %s: not a serial port (dummy or proxy connection): nothing to do\n",
			m->id);
		return 0;
	}
	if (!udev_safe(device)) {
		fprintf(out, "# %s: its device name cannot be written in a udev rule\n", m->id);
		return 0;
	}
	fprintf(out, "# %s: %s\n", m->id, device);
	if (strncmp(device, BY_ID, strlen(BY_ID)) == 0 ||
	    strncmp(device, BY_PATH, strlen(BY_PATH)) == 0)
		fprintf(out,
			"SUBSYSTEM==\"tty\", SYMLINK==\"%s\", ENV{ID_MM_DEVICE_IGNORE}=\"1\"\n",
			device + strlen("/dev/"));
	else
		fprintf(out,
			"# (a kernel name can change at boot: prefer /dev/serial/by-id/ in the "
			"configuration)\n"
			"SUBSYSTEM==\"tty\", KERNEL==\"%s\", ENV{ID_MM_DEVICE_IGNORE}=\"1\"\n",
			strrchr(device, '/') + 1);
	if (usb_ids(root, device, vendor, product, serial)) {
		fprintf(out, "# the USB device behind it, all its ports%s\n",
			serial[0] ? "" : " (it has no serial number: every device of this model)");
		fprintf(out,
			"SUBSYSTEM==\"tty\", ENV{ID_VENDOR_ID}==\"%s\", ENV{ID_MODEL_ID}==\"%s\", ",
			vendor, product);
		if (serial[0])
			fprintf(out, "ENV{ID_SERIAL_SHORT}==\"%s\", ", serial);
		fputs("ENV{ID_MM_DEVICE_IGNORE}=\"1\"\n", out);
	} else {
		fputs("# (not plugged in now, or not USB: matched by its name only)\n", out);
	}
	return 1;
}

int conf_print_udev_rules(const struct conf *c, FILE *out, const char *root)
{
	int n = 0;

	fprintf(out,
		"# ModemManager keeps off the modems of tiengdan. Written by\n"
		"#   tiengdand -c %s --udev-rules\n"
		"# Refresh after changing the modems:\n"
		"#   tiengdand --udev-rules > /etc/udev/rules.d/61-tiengdan-modems.rules\n"
		"#   udevadm control --reload && udevadm trigger --subsystem-match=tty\n",
		c->path);
	for (size_t i = 0; i < c->n_modems; i++)
		n += print_modem(&c->modems[i], out, root);
	if (c->n_modems == 0)
		fputs("# no modems configured\n", out);
	return n;
}

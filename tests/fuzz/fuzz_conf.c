/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer target: any bytes as the configuration file, through libconfig
 * and the validation of every key (reply templates, holidays, users...):
 * either a configuration or a message, never a crash or a leak.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf/conf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char path[64];
	char err[8192];
	struct conf *c;
	FILE *f;

	if (!path[0]) {
		snprintf(path, sizeof(path), "/tmp/tiengdan-fuzz-conf-%d.conf", (int)getpid());
		/* Includes, if any, resolve inside /tmp, never in the source tree. */
	}
	f = fopen(path, "wb");
	if (!f)
		abort();
	fwrite(data, 1, size, f);
	fclose(f);
	c = conf_load(path, err, sizeof(err));
	if (c) {
		/* A configuration that loads is usable: its modems (none is
		 * valid: a fresh install's) each with an id and a device, paths
		 * absolute, every template text present. */
		if ((c->n_modems == 0) != (c->modems == NULL) || !c->database ||
		    c->database[0] != '/')
			abort();
		for (size_t i = 0; i < c->n_modems; i++)
			if (!c->modems[i].id || !conf_modem_gammu(&c->modems[i], "device"))
				abort();
		if (!conf_reply_text(c, "feedback"))
			abort();
		conf_free(c);
	} else if (!err[0]) {
		abort(); /* refused without a word */
	}
	return 0;
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer target: any bytes as a line on the control socket, dispatched
 * for an admin (every operation allowed) against a real SQLite file: an
 * answer with "ok" true or an error class, never a crash, a leak or a
 * statement that fails to finalize.
 */
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "conf/conf.h"
#include "control/control_internal.h"
#include "service/service.h"
#include "store/store.h"
#include "util/tderr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct conf *conf;
static struct service *svc;
static struct store *st;
static struct peer admin;

static void setup(void)
{
	char dir[64], path[128], err[1024];
	FILE *f;

	snprintf(dir, sizeof(dir), "/tmp/tiengdan-fuzz-control-%d", (int)getpid());
	mkdir(dir, 0700);
	snprintf(path, sizeof(path), "%s/t.conf", dir);
	f = fopen(path, "w");
	if (!f)
		abort();
	fputs("database = \"t.db\";\nsocket = \"c.sock\";\n"
	      "modems = ( { id = \"m1\"; gammu = { model = \"dummy\"; connection = \"none\";"
	      " device = \"m1\"; }; } );\n",
	      f);
	fclose(f);
	conf = conf_load(path, err, sizeof(err));
	if (!conf || !(st = store_open(conf->database, err, sizeof(err))) ||
	    !(svc = service_new(conf, err, sizeof(err)))) {
		fprintf(stderr, "fuzz_control: %s\n", err);
		abort();
	}
	peer_identify(&admin, conf, 0, 0, 1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *answer;
	const char *error;

	if (!conf)
		setup();
	answer = control_dispatch(conf, svc, st, &admin, (const char *)data, size);
	if (!json_is_object(answer))
		abort();
	if (!json_is_true(json_object_get(answer, "ok"))) {
		error = json_string_value(json_object_get(answer, "error"));
		if (!error || tderr_class_parse(error) < 0 ||
		    !json_is_string(json_object_get(answer, "message")))
			abort();
	}
	json_decref(answer);
	/* No transaction may be left open by a request. */
	if (store_begin(st) != 0)
		abort();
	store_rollback(st);
	return 0;
}

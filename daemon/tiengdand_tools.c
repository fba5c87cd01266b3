/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * tiengdand's one-shot modes for the console commands whose work needs a
 * layer the console may not link: `tiengdand --restore DIR [--check-only]`
 * (the database: SQLite) and `tiengdand --probe [--port P]...` (serial ports
 * through libgammu). Each prints one JSON object, {ok, result} or {ok: false,
 * error, message}, which the console shows in its own language and form.
 */
#include <getopt.h>
#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf/conf.h"
#include "modem/probe.h"
#include "store/store_backup.h"
#include "tiengdand_tools.h"
#include "util/tderr.h"

#define MAX_PORTS 256

static int answer(json_t *obj)
{
	int ok = json_is_true(json_object_get(obj, "ok"));

	json_dumpf(obj, stdout, JSON_COMPACT);
	fputc('\n', stdout);
	json_decref(obj);
	return fflush(stdout) == 0 && ok ? 0 : 1;
}

static int answer_error(const struct tderr *e, const char *lang)
{
	char msg[1024];

	tderr_format(e, lang, msg, sizeof(msg));
	return answer(json_pack("{s:b, s:s, s:s}", "ok", 0, "error", tderr_class_name(e->cls),
				"message", msg));
}

static int answer_text(const char *cls, const char *msg)
{
	return answer(json_pack("{s:b, s:s, s:s}", "ok", 0, "error", cls, "message", msg));
}

/* ---------------------------------------------------------------- restore */

static json_t *check_figures(const char *dir, const struct backup_check *chk)
{
	return json_pack("{s:s, s:s, s:i, s:I, s:I, s:s, s:I}", "folder", dir, "created_at",
			 chk->created_at, "schema_version", chk->schema, "inbound", chk->inbound,
			 "cases", chk->cases, "key_fingerprint", chk->fingerprint, "sealed_checked",
			 chk->sealed_checked);
}

static int run_restore(const char *conf_path, const char *dir_arg, bool check_only,
		       const char *lang)
{
	struct backup_check chk;
	struct tderr e = {0};
	struct conf *c = NULL;
	char err[4096], aside[PATH_MAX + 64], full[PATH_MAX];
	const char *dir = realpath(dir_arg, full);
	json_t *figs;
	int rc;

	/* Named absolutely in what is printed and logged. */
	if (!dir)
		dir = dir_arg;
	if (store_backup_check(dir, &chk, &e) < 0)
		return answer_error(&e, lang);
	figs = check_figures(dir, &chk);
	if (check_only)
		return answer(json_pack("{s:b, s:o}", "ok", 1, "result", figs));
	c = conf_load(conf_path, err, sizeof(err));
	if (!c) {
		json_decref(figs);
		return answer_text("bad_request", err);
	}
	if (store_backup_restore(dir, c->database, c->key_file, aside, sizeof(aside), &e) < 0) {
		json_decref(figs);
		rc = answer_error(&e, lang);
	} else {
		json_object_set_new(figs, "database", json_string(c->database));
		json_object_set_new(figs, "previous", aside[0] ? json_string(aside) : json_null());
		rc = answer(json_pack("{s:b, s:o}", "ok", 1, "result", figs));
	}
	conf_free(c);
	return rc;
}

/* ---------------------------------------------------------------- probe */

static void set_text(json_t *row, const char *key, const char *value)
{
	json_object_set_new(row, key, value && value[0] ? json_string(value) : json_null());
}

/* What each port answered, as the probe found it (the console adds notes). */
static json_t *port_rows(const struct probe_report *r)
{
	json_t *rows = json_array();

	for (size_t i = 0; i < r->n; i++) {
		const struct probe_port *p = &r->ports[i];
		json_t *row = json_object();

		set_text(row, "device", p->path);
		set_text(row, "by_id", p->by_id);
		set_text(row, "usb", p->usb);
		set_text(row, "result", probe_result_name(p->result));
		set_text(row, "manufacturer", p->info.manufacturer);
		set_text(row, "model", p->info.model);
		set_text(row, "imei", p->info.imei);
		set_text(row, "imsi", p->info.imsi);
		set_text(row, "sim", p->info.sim);
		set_text(row, "network", p->info.network);
		set_text(row, "operator", p->info.operator);
		json_object_set_new(row, "signal_percent",
				    p->info.signal_percent >= 0
					? json_integer(p->info.signal_percent)
					: json_null());
		set_text(row, "holder", p->holder);
		set_text(row, "proposed_id", p->proposed_id);
		json_object_set_new(row, "elapsed_ms", json_integer(p->elapsed_ms));
		json_object_set_new(row, "timed_out", json_boolean(p->timed_out));
		set_text(row, "error", p->error);
		json_array_append_new(rows, row);
	}
	return rows;
}

static int run_probe(const char *conf_path, bool conf_explicit, const char *const *ports,
		     size_t n_ports, const char *by_id, int timeout_s)
{
	struct probe_report r;
	struct probe_opts o;
	char err[4096] = "", *block;
	struct conf *c = conf_load(conf_path, err, sizeof(err));
	json_t *res;

	/* The configuration only names the modems that hold ports; a missing
	 * one matters only when it was asked for. */
	if (!c && conf_explicit)
		fprintf(stderr, "tiengdan: %s\n", err);
	err[0] = '\0';
	o = (struct probe_opts){.ports = ports,
				.n_ports = n_ports,
				.by_id_dir = by_id,
				.timeout_s = timeout_s,
				.conf = c};
	if (probe_run(&o, &r, err, sizeof(err)) < 0)
		fprintf(stderr, "tiengdan: %s\n", err);
	block = probe_config_block(&r);
	res = json_pack("{s:o, s:s?}", "ports", port_rows(&r), "config", block);
	free(block);
	probe_report_free(&r);
	conf_free(c);
	return answer(json_pack("{s:b, s:o}", "ok", 1, "result", res));
}

/* ---------------------------------------------------------------- options */

int tools_main(int argc, char **argv, const char *default_conf)
{
	static const struct option lo[] = {{"restore", required_argument, NULL, 'r'},
					   {"check-only", no_argument, NULL, 'C'},
					   {"probe", no_argument, NULL, 'p'},
					   {"port", required_argument, NULL, 'P'},
					   {"by-id", required_argument, NULL, 'b'},
					   {"timeout", required_argument, NULL, 't'},
					   {"config", required_argument, NULL, 'c'},
					   {"lang", required_argument, NULL, 'l'},
					   {NULL, 0, NULL, 0}};
	const char *ports[MAX_PORTS], *conf_path = default_conf, *restore = NULL, *by_id = NULL;
	const char *lang = "vi";
	bool probe = false, check_only = false, conf_explicit = false;
	size_t n_ports = 0;
	int ch, timeout_s = PROBE_DEFAULT_TIMEOUT;
	char *end;

	optind = 0;
	while ((ch = getopt_long(argc, argv, "c:", lo, NULL)) != -1) {
		switch (ch) {
		case 'r':
			restore = optarg;
			break;
		case 'C':
			check_only = true;
			break;
		case 'p':
			probe = true;
			break;
		case 'P':
			if (n_ports == MAX_PORTS)
				return answer_text("bad_request", "too many ports");
			ports[n_ports++] = optarg;
			break;
		case 'b':
			by_id = optarg;
			break;
		case 't':
			timeout_s = (int)strtol(optarg, &end, 10);
			if (*end || timeout_s < 1 || timeout_s > 300)
				return answer_text("bad_request", "--timeout: 1 to 300 seconds");
			break;
		case 'c':
			conf_path = optarg;
			conf_explicit = true;
			break;
		case 'l':
			lang = strcmp(optarg, "en") == 0 ? "en" : "vi";
			break;
		default:
			return answer_text("bad_request", "unknown option");
		}
	}
	if (optind != argc || !!restore == probe)
		return answer_text("bad_request", "usage: --restore DIR [--check-only] | --probe");
	if (restore)
		return run_restore(conf_path, restore, check_only, lang);
	return run_probe(conf_path, conf_explicit, ports, n_ports, by_id, timeout_s);
}

bool tools_wanted(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], "--probe") == 0 || strcmp(argv[i], "--restore") == 0 ||
		    strncmp(argv[i], "--restore=", 10) == 0)
			return true;
	return false;
}

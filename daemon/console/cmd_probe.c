/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * tiengdan modems probe [--port PATH]... [--by-id DIR] [--timeout S]:
 * finds the AT modems on this machine's serial ports (daemon/modem/probe.c),
 * prints what each port answered and a ready `modems` block. It runs as the
 * invoking user, without the daemon: the probe itself is `tiengdand --probe`
 * (the console does not link libgammu).
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "console.h"
#include "util/xalloc.h"

#define PROBE_COLUMNS                                                                              \
	"port,device,result,manufacturer,model,imei,operator,signal_percent,proposed_id,note"
#define MAX_PORTS 256
#define PROBE_DEFAULT_TIMEOUT 10 /* seconds, as daemon/modem/probe.h */

struct probe_args {
	const char *ports[MAX_PORTS];
	size_t n_ports;
	const char *by_id;
	int timeout_s;
};

static bool en(const struct console *con)
{
	return con->lang && strcmp(con->lang, "en") == 0;
}

/* Reads the options; returns 0, 1 after --help, -1 on a usage error. */
static int read_args(struct console *con, const struct command *cmd, int argc, char **argv,
		     struct probe_args *a)
{
	static const struct option lo[] = {
	    {"port", required_argument, NULL, 'p'},    {"by-id", required_argument, NULL, 'b'},
	    {"timeout", required_argument, NULL, 't'}, {"json", no_argument, NULL, 'j'},
	    {"csv", no_argument, NULL, 'v'},	       {"lang", required_argument, NULL, 'l'},
	    {"help", no_argument, NULL, 'h'},	       {NULL, 0, NULL, 0}};
	int ch;
	char *end;

	optind = 0;
	while ((ch = getopt_long(argc, argv, "h", lo, NULL)) != -1) {
		switch (ch) {
		case 'p':
			if (a->n_ports == MAX_PORTS)
				goto usage;
			a->ports[a->n_ports++] = optarg;
			break;
		case 'b':
			a->by_id = optarg;
			break;
		case 't':
			a->timeout_s = (int)strtol(optarg, &end, 10);
			if (*end || a->timeout_s < 1 || a->timeout_s > 300)
				goto usage;
			break;
		case 'j':
			con->format = OUT_JSON;
			break;
		case 'v':
			con->format = OUT_CSV;
			break;
		case 'l':
			con->lang = strcmp(optarg, "en") == 0 ? "en" : "vi";
			break;
		case 'h':
			console_command_help(con, cmd, stdout);
			return 1;
		default:
			goto usage;
		}
	}
	if (optind == argc)
		return 0;
	fprintf(stderr, "tiengdan: %s\n", tr(con, "too_many_args"));
usage:
	console_command_help(con, cmd, stderr);
	return -1;
}

static const char *field(const json_t *row, const char *key)
{
	const char *v = json_string_value(json_object_get(row, key));

	return v ? v : "";
}

/* The note on a port, in the console's language (caller frees). */
static char *port_note(const struct console *con, const json_t *ports, const json_t *p,
		       int timeout_s)
{
	const char *result = field(p, "result"), *holder = field(p, "holder");
	bool e = en(con);
	size_t i;
	json_t *o;

	if (strcmp(result, "ok") == 0) {
		if (holder[0])
			return xasprintf(e ? "configured as %s" : "đã cấu hình là %s", holder);
		json_array_foreach(ports, i, o)
		{
			if (!field(p, "proposed_id")[0] && field(o, "proposed_id")[0] &&
			    strcmp(field(o, "usb"), field(p, "usb")) == 0)
				return xasprintf(e ? "another port of %s" : "cổng khác của %s",
						 field(o, "proposed_id"));
		}
		if (strcmp(field(p, "sim"), "pin") == 0)
			return xstrdup(e ? "the SIM asks for its PIN" : "SIM đòi mã PIN");
		return xstrdup("");
	}
	if (strcmp(result, "no_answer") == 0) {
		if (json_is_true(json_object_get(p, "timed_out")))
			return xasprintf(e ? "no AT answer within %d s"
					   : "không trả lời lệnh AT trong %d giây",
					 timeout_s);
		return xasprintf(e ? "no AT answer (%s)" : "không trả lời lệnh AT (%s)",
				 field(p, "error"));
	}
	if (strcmp(result, "in_use") == 0) {
		if (holder[0])
			return xasprintf(
			    e ? "in use by tiengdand (%s)" : "tiengdand đang dùng (%s)", holder);
		return xstrdup(e ? "locked by another process (a tiengdand worker?); not opened"
				 : "đang bị tiến trình khác khoá (tiengdand?); không mở");
	}
	if (strcmp(result, "busy") == 0)
		return xstrdup(e ? "held exclusively by another program (ModemManager?)"
				 : "chương trình khác đang giữ riêng cổng này (ModemManager?)");
	if (strcmp(result, "no_access") == 0)
		return xstrdup(e ? "permission denied: run as root or join the dialout group"
				 : "không có quyền: chạy bằng root hoặc vào nhóm dialout");
	if (strcmp(result, "missing") == 0)
		return xasprintf(e ? "no such serial port (%s)" : "không có cổng nối tiếp này (%s)",
				 field(p, "error"));
	return xstrdup(field(p, "error"));
}

/* The probe's rows with the port's short name and its note added. */
static void annotate(const struct console *con, json_t *ports, int timeout_s)
{
	size_t i;
	json_t *p;

	json_array_foreach(ports, i, p)
	{
		const char *by_id = field(p, "by_id"), *base = strrchr(by_id, '/');
		char *note = port_note(con, ports, p, timeout_s);

		json_object_set_new(p, "port", json_string(base ? base + 1 : field(p, "device")));
		json_object_set_new(p, "note", note[0] ? json_string(note) : json_null());
		json_object_del(p, "timed_out");
		free(note);
	}
}

int run_modems_probe(struct console *con, const struct command *cmd, int argc, char **argv)
{
	struct probe_args a = {.timeout_s = PROBE_DEFAULT_TIMEOUT};
	char *tool[2 * MAX_PORTS + 8], timeout[16];
	size_t n = 0;
	json_t *res = NULL, *rows;
	const char *block;
	int rc = read_args(con, cmd, argc, argv, &a);

	if (rc != 0)
		return rc > 0 ? EXIT_OK : EXIT_USAGE;
	tool[n++] = "--probe";
	for (size_t i = 0; i < a.n_ports; i++) {
		tool[n++] = "--port";
		tool[n++] = (char *)a.ports[i];
	}
	if (a.by_id) {
		tool[n++] = "--by-id";
		tool[n++] = (char *)a.by_id;
	}
	snprintf(timeout, sizeof(timeout), "%d", a.timeout_s);
	tool[n++] = "--timeout";
	tool[n++] = timeout;
	tool[n] = NULL;
	rc = console_daemon_tool(con, tool, &res);
	if (rc != EXIT_OK)
		return rc;
	rows = json_object_get(res, "ports");
	block = json_string_value(json_object_get(res, "config"));
	annotate(con, rows, a.timeout_s);
	if (con->format == OUT_JSON) {
		json_dumpf(res, stdout, JSON_INDENT(2));
		fputc('\n', stdout);
	} else {
		size_t np = json_array_size(rows);

		if (np || con->format == OUT_CSV)
			output_rows(con, rows, PROBE_COLUMNS, stdout);
		if (con->format == OUT_TABLE && block)
			printf("\n# %s\n%s", tr(con, "probe_paste"), block);
		else if (con->format == OUT_TABLE)
			printf("%s%s\n", np ? "\n" : "",
			       tr(con, np ? "probe_no_modem" : "probe_no_port"));
	}
	rc = block ? EXIT_OK : EXIT_FAILED;
	json_decref(res);
	return rc;
}

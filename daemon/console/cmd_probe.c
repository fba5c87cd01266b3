/*
 * tiengdan modems probe [--port PATH]... [--by-id DIR] [--timeout S]:
 * finds the AT modems on this machine's serial ports (daemon/modem/probe.c),
 * prints what each port answered and a ready `modems` block. It runs as the
 * invoking user, without the daemon.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "conf/conf.h"
#include "console.h"
#include "modem/probe.h"
#include "util/xalloc.h"

#define PROBE_COLUMNS                                                                              \
	"port,device,result,manufacturer,model,imei,operator,signal_percent,proposed_id,note"
#define MAX_PORTS 256

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

/* The note on a port, in the console's language (caller frees). */
static char *port_note(const struct console *con, const struct probe_report *r,
		       const struct probe_port *p, int timeout_s)
{
	bool e = en(con);

	switch (p->result) {
	case PROBE_OK:
		if (p->holder)
			return xasprintf(e ? "configured as %s" : "đã cấu hình là %s", p->holder);
		for (size_t i = 0; !p->proposed_id && i < r->n; i++)
			if (r->ports[i].proposed_id && strcmp(r->ports[i].usb, p->usb) == 0)
				return xasprintf(e ? "another port of %s" : "cổng khác của %s",
						 r->ports[i].proposed_id);
		if (strcmp(p->info.sim, "pin") == 0)
			return xstrdup(e ? "the SIM asks for its PIN" : "SIM đòi mã PIN");
		return xstrdup("");
	case PROBE_NO_ANSWER:
		if (p->timed_out)
			return xasprintf(e ? "no AT answer within %d s"
					   : "không trả lời lệnh AT trong %d giây",
					 timeout_s);
		return xasprintf(e ? "no AT answer (%s)" : "không trả lời lệnh AT (%s)", p->error);
	case PROBE_IN_USE:
		if (p->holder)
			return xasprintf(
			    e ? "in use by tiengdand (%s)" : "tiengdand đang dùng (%s)", p->holder);
		return xstrdup(e ? "locked by another process (a tiengdand worker?); not opened"
				 : "đang bị tiến trình khác khoá (tiengdand?); không mở");
	case PROBE_BUSY:
		return xstrdup(e ? "held exclusively by another program (ModemManager?)"
				 : "chương trình khác đang giữ riêng cổng này (ModemManager?)");
	case PROBE_NO_ACCESS:
		return xstrdup(e ? "permission denied: run as root or join the dialout group"
				 : "không có quyền: chạy bằng root hoặc vào nhóm dialout");
	case PROBE_MISSING:
		return xasprintf(e ? "no such serial port (%s)" : "không có cổng nối tiếp này (%s)",
				 p->error);
	default:
		return xstrdup(p->error);
	}
}

static void set_text(json_t *row, const char *key, const char *value)
{
	json_object_set_new(row, key, value && value[0] ? json_string(value) : json_null());
}

static json_t *port_rows(const struct console *con, const struct probe_report *r, int timeout_s)
{
	json_t *rows = json_array();

	for (size_t i = 0; i < r->n; i++) {
		const struct probe_port *p = &r->ports[i];
		const char *base = p->by_id ? strrchr(p->by_id, '/') : NULL;
		json_t *row = json_object();
		char *note = port_note(con, r, p, timeout_s);

		set_text(row, "port", base ? base + 1 : p->path);
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
		set_text(row, "error", p->error);
		set_text(row, "note", note);
		json_array_append_new(rows, row);
		free(note);
	}
	return rows;
}

/* The configuration, when readable: it names the modems whose workers hold
 * a port, and its ids are not proposed again. */
static struct conf *load_conf(const struct console *con)
{
	char err[1024];
	struct conf *c = conf_load(con->conf_path, err, sizeof(err));

	if (!c && con->conf_explicit)
		fprintf(stderr, "tiengdan: %s\n", err);
	return c;
}

int run_modems_probe(struct console *con, const struct command *cmd, int argc, char **argv)
{
	struct probe_args a = {.timeout_s = PROBE_DEFAULT_TIMEOUT};
	struct probe_report r;
	struct probe_opts o;
	struct conf *c;
	char err[256], *block;
	json_t *rows;
	int rc = read_args(con, cmd, argc, argv, &a);

	if (rc != 0)
		return rc > 0 ? EXIT_OK : EXIT_USAGE;
	c = load_conf(con);
	o = (struct probe_opts){.ports = a.ports,
				.n_ports = a.n_ports,
				.by_id_dir = a.by_id,
				.timeout_s = a.timeout_s,
				.conf = c};
	if (probe_run(&o, &r, err, sizeof(err)) < 0)
		fprintf(stderr, "tiengdan: %s\n", err);
	rows = port_rows(con, &r, a.timeout_s);
	block = probe_config_block(&r);
	if (con->format == OUT_JSON) {
		json_t *obj = json_pack("{s:O, s:s?}", "ports", rows, "config", block);
		json_dumpf(obj, stdout, JSON_INDENT(2));
		fputc('\n', stdout);
		json_decref(obj);
	} else {
		if (r.n || con->format == OUT_CSV)
			output_rows(con, rows, PROBE_COLUMNS, stdout);
		if (con->format == OUT_TABLE && block)
			printf("\n# %s\n%s", tr(con, "probe_paste"), block);
		else if (con->format == OUT_TABLE)
			printf("%s%s\n", r.n ? "\n" : "",
			       tr(con, r.n ? "probe_no_modem" : "probe_no_port"));
	}
	rc = block ? EXIT_OK : EXIT_FAILED;
	free(block);
	json_decref(rows);
	probe_report_free(&r);
	conf_free(c);
	return rc;
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * tiengdan: the staff console. Reads the global options, then runs one
 * command from the table in console/commands.c, or, with no command, reads
 * commands interactively.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "console.h"
#include "man.h"

#define DEFAULT_CONF "/etc/tiengdan/tiengdan.conf"

int main(int argc, char **argv)
{
	static const struct option opts[] = {{"config", required_argument, NULL, 'c'},
					     {"socket", required_argument, NULL, 's'},
					     {"json", no_argument, NULL, 'j'},
					     {"csv", no_argument, NULL, 'v'},
					     {"lang", required_argument, NULL, 'l'},
					     {"help", no_argument, NULL, 'h'},
					     {"version", no_argument, NULL, 'V'},
					     {"man", no_argument, NULL, 'M'},
					     {NULL, 0, NULL, 0}};
	struct console con = {.lang = "vi", .conf_path = DEFAULT_CONF, .fd = -1};
	bool man = false;
	int ch, rc;

	while ((ch = getopt_long(argc, argv, "+c:s:hV", opts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			con.conf_path = optarg;
			con.conf_explicit = true;
			break;
		case 's':
			con.socket = optarg;
			break;
		case 'j':
			con.format = OUT_JSON;
			break;
		case 'v':
			con.format = OUT_CSV;
			break;
		case 'l':
			con.lang = strcmp(optarg, "en") == 0 ? "en" : "vi";
			break;
		case 'h':
			console_usage(&con, stdout);
			return EXIT_OK;
		case 'V':
			printf("tiengdan %s\n", TIENGDAN_VERSION);
			return EXIT_OK;
		case 'M':
			/* After the loop: --lang may follow. */
			man = true;
			break;
		default:
			console_usage(&con, stderr);
			return EXIT_USAGE;
		}
	}
	if (man) {
		console_print_man(&con, stdout);
		return fflush(stdout) == 0 ? EXIT_OK : EXIT_FAILED;
	}
	if (optind < argc)
		rc = console_run(&con, argc - optind, argv + optind);
	else
		rc = console_interactive(&con);
	console_disconnect(&con);
	free(con.socket_owned);
	return rc;
}

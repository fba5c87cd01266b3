/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * tiengdan modems ussd MODEM CODE | MODEM --reply TEXT: runs a USSD code
 * (or answers the menu the last one opened) on one modem through the
 * daemon, and prints the network's answer; a menu waiting for a reply is
 * said so, with the command that answers it.
 */
#include <stdio.h>
#include <string.h>

#include "console.h"

int run_modems_ussd(struct console *con, const struct command *cmd, int argc, char **argv)
{
	json_t *args = json_object(), *result = NULL;
	int first = console_read_options(con, cmd, argc, argv, args), rc, left = argc - first;
	bool reply = json_object_get(args, "reply") != NULL;

	if (first < 0 || left != (reply ? 1 : 2)) {
		if (first >= 0) {
			fprintf(stderr, "tiengdan: %s\n",
				tr(con, left > (reply ? 1 : 2) ? "too_many_args" : "missing_args"));
			console_command_help(con, cmd, stderr);
		}
		json_decref(args);
		return first == -2 ? EXIT_OK : EXIT_USAGE;
	}
	json_object_set_new(args, "modem", json_string(argv[first]));
	if (!reply)
		json_object_set_new(args, "code", json_string(argv[first + 1]));
	rc = console_call(con, cmd->op, args, &result);
	if (rc == EXIT_OK) {
		const char *answer = json_string_value(json_object_get(result, "answer"));
		const char *status = json_string_value(json_object_get(result, "ussd_status"));

		if (con->format != OUT_TABLE) {
			output_object(con, result, stdout);
		} else {
			printf("%s: %s\n", argv[first], answer ? answer : "");
			if (status && strcmp(status, "menu") == 0) {
				const char *hint = tr(con, "ussd_menu_hint");
				const char *at = strstr(hint, "%s");
				printf("%.*s%s%s\n", (int)(at - hint), hint, argv[first], at + 2);
			}
		}
	}
	json_decref(result);
	json_decref(args);
	return rc;
}

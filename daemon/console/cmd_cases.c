/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cases reply: a free SMS from staff to the citizen of a case. What it
 * will cost (segments, GSM 7-bit or UCS-2, đồng) is shown first, and on a
 * terminal the sender confirms before it is queued (--yes skips that).
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "console.h"
#include "util/xalloc.h"

/* The words from first on, joined by spaces (caller frees). */
static char *join_words(int argc, char **argv, int first)
{
	size_t len = 1;
	char *out;

	for (int i = first; i < argc; i++)
		len += strlen(argv[i]) + 1;
	out = xcalloc(len, 1);
	for (int i = first; i < argc; i++) {
		if (i > first)
			strcat(out, " ");
		strcat(out, argv[i]);
	}
	return out;
}

static bool lang_en(const struct console *con)
{
	return con->lang && strcmp(con->lang, "en") == 0;
}

/* Prints what the text will cost, as the daemon counts it. */
static int preview(struct console *con, const char *text, FILE *out)
{
	json_t *args = json_pack("{s:s}", "text", text), *cost = NULL;
	int rc = console_call(con, "sms.cost", args, &cost);

	if (rc == EXIT_OK) {
		long long segments = json_integer_value(json_object_get(cost, "segments"));
		long long chars = json_integer_value(json_object_get(cost, "characters"));
		long long dong = json_integer_value(json_object_get(cost, "cost"));
		const char *encoding = json_string_value(json_object_get(cost, "encoding"));
		const char *alphabet =
		    encoding && !strcmp(encoding, "gsm7") ? "GSM 7-bit" : "UCS-2";

		if (lang_en(con))
			fprintf(out, "%lld SMS segment(s) (%s, %lld characters), cost %lld dong\n",
				segments, alphabet, chars, dong);
		else
			fprintf(out, "Tin nhắn gồm %lld phần (%s, %lld ký tự), chi phí %lld đồng\n",
				segments, alphabet, chars, dong);
	}
	json_decref(cost);
	json_decref(args);
	return rc;
}

/* Asks on the terminal; true for yes ("c", "có", "y", "yes"). */
static bool confirm(struct console *con)
{
	char line[64];

	fprintf(stdout, "%s ", tr(con, "reply_confirm"));
	fflush(stdout);
	if (!fgets(line, sizeof(line), stdin))
		return false;
	return line[0] == 'c' || line[0] == 'C' || line[0] == 'y' || line[0] == 'Y';
}

int run_cases_reply(struct console *con, const struct command *cmd, int argc, char **argv)
{
	json_t *args = json_object(), *result = NULL;
	int first = console_read_options(con, cmd, argc, argv, args), rc = EXIT_USAGE;
	bool yes = json_is_true(json_object_get(args, "yes"));
	FILE *info = con->format == OUT_TABLE ? stdout : stderr;
	char *text = NULL;

	if (first < 0) {
		rc = first == -2 ? EXIT_OK : EXIT_USAGE;
		goto out;
	}
	/* The text may be given unquoted: every word after the code. */
	if (argc - first < 2) {
		fprintf(stderr, "tiengdan: %s\n", tr(con, "missing_args"));
		console_command_help(con, cmd, stderr);
		goto out;
	}
	text = join_words(argc, argv, first + 1);
	json_object_del(args, "yes");
	json_object_set_new(args, "code", json_string(argv[first]));
	json_object_set_new(args, "text", json_string(text));
	rc = preview(con, text, info);
	if (rc != EXIT_OK)
		goto out;
	if (!yes && isatty(STDIN_FILENO) && !confirm(con)) {
		fprintf(info, "%s\n", tr(con, "reply_cancelled"));
		rc = EXIT_FAILED;
		goto out;
	}
	rc = console_call(con, cmd->op, args, &result);
	if (rc == EXIT_OK && con->format == OUT_JSON)
		output_object(con, result, stdout);
	else if (rc == EXIT_OK)
		fprintf(stdout,
			lang_en(con) ? "queued message %lld to the citizen of case %s\n"
				     : "Đã xếp hàng gửi tin %lld cho người gửi vụ việc %s\n",
			(long long)json_integer_value(json_object_get(result, "queued")),
			json_string_value(json_object_get(result, "code")));
out:
	free(text);
	json_decref(result);
	json_decref(args);
	return rc;
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The console's notices and polls: their table of commands, and creating
 * one with the SMS it will send shown (its length against one segment) and
 * the command that sends it.
 */
#include <stdlib.h>
#include <string.h>

#include "console.h"

static int run_created(struct console *con, const struct command *cmd, int argc, char **argv);

static const struct cmd_opt opts_notice_create[] = {{"title", required_argument, "title"},
						    {"text", required_argument, "text"},
						    {"to", required_argument, "to"},
						    {"ack", no_argument, "ack"},
						    {NULL, 0, NULL}};
static const struct cmd_opt opts_poll_create[] = {{"question", required_argument, "question"},
						  {"choices", required_argument, "choices"},
						  {"to", required_argument, "to"},
						  {"closes", required_argument, "closes"},
						  {"households", required_argument, "households"},
						  {NULL, 0, NULL}};
static const struct cmd_opt opts_limit[] = {{"limit", required_argument, "limit"}, {NULL, 0, NULL}};
static const char *const pos_code[] = {"code", NULL};

#define NOTICE_COLUMNS                                                                             \
	"code,kind,state,target,title,created_at,sent_at,recipients,sent,acknowledged"
#define HELP(vi, en) .help = {vi, en}
#define DONE(field, vi, en) .done_field = field, .done = {vi, en}

const struct command console_commands_notices[] = {
    {.name = "notices",
     .sub = "create",
     .op = "notices.create",
     .run = run_created,
     .opts = opts_notice_create,
     .usage = "--title T --text X --to village:CODE|commune:CODE|all|role:ROLE [--ack]",
     HELP("soạn một thông báo (một tin nhắn, không dấu); in ra mã TB<số>",
	  "draft a notice (one SMS, without diacritics); prints its code TB<n>")},
    {.name = "notices",
     .sub = "send",
     .op = "notices.send",
     .positional = pos_code,
     .usage = "TB<n>",
     HELP("gửi thông báo đến mọi người nhận chưa từ chối nhận tin",
	  "send a notice to every recipient who has not opted out"),
     DONE("queued", "Đã xếp hàng gửi %s tin nhắn", "queued %s SMS")},
    {.name = "notices",
     .sub = "remind",
     .op = "notices.remind",
     .positional = pos_code,
     .usage = "TB<n>",
     HELP("nhắc lại thông báo cho những người chưa xác nhận đã đọc",
	  "text the notice again to those who have not acknowledged it"),
     DONE("queued", "Đã xếp hàng gửi %s tin nhắc lại", "queued %s reminder(s)")},
    {.name = "notices",
     .sub = "show",
     .op = "notices.show",
     .positional = pos_code,
     .usage = "TB<n>",
     HELP("xem thông báo: đã gửi, đã đến, đã xác nhận theo từng thôn",
	  "show a notice: sent, delivered and acknowledged per village")},
    {.name = "notices",
     .sub = "list",
     .op = "notices.list",
     .opts = opts_limit,
     .columns = NOTICE_COLUMNS,
     .usage = "[--limit N]",
     HELP("các thông báo và biểu quyết, mới nhất trước", "notices and polls, newest first")},
    {.name = "polls",
     .sub = "create",
     .op = "polls.create",
     .run = run_created,
     .opts = opts_poll_create,
     .usage = "--question Q --choices \"Dong y,Khong dong y\" --to village:CODE|commune:CODE|all "
	      "[--closes YYYY-MM-DD] [--households N]",
     HELP("soạn một biểu quyết (gửi như thông báo); --households: tổng số hộ nếu lớn hơn số hộ "
	  "trong danh bạ",
	  "draft a poll (sent as a notice); --households: the households of the unit when more "
	  "than the directory's")},
    {.name = "polls",
     .sub = "send",
     .op = "notices.send",
     .positional = pos_code,
     .usage = "TB<n>",
     HELP("gửi biểu quyết đến các hộ", "send a poll to the households"),
     DONE("queued", "Đã xếp hàng gửi %s tin nhắn", "queued %s SMS")},
    {.name = "polls",
     .sub = "show",
     .op = "polls.show",
     .positional = pos_code,
     .usage = "TB<n>",
     HELP("kết quả biểu quyết: số phiếu từng lựa chọn, có quá nửa tổng số hộ tán thành không",
	  "a poll's tally, and whether more than half of all households chose one answer")},
    {.name = "polls",
     .sub = "close",
     .op = "polls.close",
     .positional = pos_code,
     .usage = "TB<n>",
     HELP("đóng biểu quyết: chốt số hộ và kết quả",
	  "close a poll: fix the households and outcome")},
    {.name = "polls",
     .sub = "list",
     .op = "polls.list",
     .opts = opts_limit,
     .columns = NOTICE_COLUMNS,
     .usage = "[--limit N]",
     HELP("các biểu quyết, mới nhất trước", "polls, newest first")},
    {.name = NULL},
};

/* notices create / polls create: the code, then the SMS and how to send. */
static int run_created(struct console *con, const struct command *cmd, int argc, char **argv)
{
	json_t *args = json_object(), *result = NULL;
	int first = console_read_options(con, cmd, argc, argv, args), rc;
	bool en = con->lang && !strcmp(con->lang, "en");

	if (first < 0 || console_read_positional(con, cmd, argc, argv, first, args) < 0) {
		json_decref(args);
		return first == -2 ? EXIT_OK : EXIT_USAGE;
	}
	rc = console_call(con, cmd->op, args, &result);
	if (rc == EXIT_OK && con->format != OUT_TABLE) {
		output_object(con, result, stdout);
	} else if (rc == EXIT_OK) {
		const char *code = json_string_value(json_object_get(result, "code"));
		long long chars = json_integer_value(json_object_get(result, "characters"));
		long long limit = json_integer_value(json_object_get(result, "limit"));

		printf("%s\n", code ? code : "?");
		printf(en ? "SMS (%lld of %lld characters): %s\n"
			  : "Tin nhắn (%lld/%lld ký tự): %s\n",
		       chars, limit, json_string_value(json_object_get(result, "sms")));
		printf(en ? "Send it: tiengdan %s send %s\n" : "Gửi đi: tiengdan %s send %s\n",
		       cmd->name, code ? code : "?");
	}
	json_decref(result);
	json_decref(args);
	return rc;
}

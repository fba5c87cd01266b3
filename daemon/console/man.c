/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * tiengdan(1) from the table of commands: `tiengdan --man` writes it (in
 * Vietnamese, or English with --lang en) and the build installs it, so a
 * command added to the table is documented without further work.
 */
#include "man.h"

#include <string.h>

#include "util/roff.h"

/* The frame of the page, Vietnamese then English. */
struct man_text {
	const char *vi;
	const char *en;
};

static const struct man_text t_header = {"\"Lệnh người dùng\"", "\"User commands\""};
static const struct man_text t_name = {
    "tiengdan \\- bảng điều khiển của cán bộ cho cổng SMS tiengdand",
    "tiengdan \\- the staff console of the tiengdan SMS gateway"};
static const struct man_text t_names = {"TÊN", "NAME"};
static const struct man_text t_synopsis = {"CÚ PHÁP", "SYNOPSIS"};
static const struct man_text t_description = {"MÔ TẢ", "DESCRIPTION"};
static const struct man_text t_desc_body = {
    "tiengdan nói chuyện với tiengdand qua socket điều khiển (không bao giờ mở thẳng cơ sở "
    "dữ liệu). tiengdand biết người gọi là ai (người dùng unix ở đầu kia của socket), "
    "cho phép theo vai trò trong tệp cấu hình và ghi nhật ký mọi thao tác. Không có lệnh: "
    "chế độ tương tác (lịch sử, gõ Tab để hoàn thành lệnh, tuỳ chọn, mã đơn vị, số điện "
    "thoại).",
    "tiengdan talks to tiengdand over its control socket (it never opens the database). "
    "The daemon knows who calls (the unix user at the other end of the socket), allows "
    "what the caller's role in the configuration allows, and audits every action. "
    "Without a command it reads commands interactively (history, Tab completes commands, "
    "options, unit codes and phone numbers)."};
static const struct man_text t_options = {"TUỲ CHỌN CHUNG", "GLOBAL OPTIONS"};
static const struct man_text t_commands = {"CÁC LỆNH", "COMMANDS"};
static const struct man_text t_cmd_options = {"Tuỳ chọn:", "Options:"};
static const struct man_text t_value = {"\\fIGIÁ_TRỊ\\fR", "\\fIVALUE\\fR"};
static const struct man_text t_exit = {"MÃ THOÁT", "EXIT STATUS"};
static const struct man_text t_files = {"TỆP", "FILES"};
static const struct man_text t_see_also = {"XEM THÊM", "SEE ALSO"};

static const struct {
	const char *opt;
	struct man_text what;
} global_opts[] = {
    {"-c, --config FILE",
     {"tệp cấu hình của tiengdand, để tìm socket (mặc định /etc/tiengdan/tiengdan.conf)",
      "tiengdand's configuration, to find the socket (default /etc/tiengdan/tiengdan.conf)"}},
    {"-s, --socket SOCKET", {"chỉ thẳng socket điều khiển", "the control socket itself"}},
    {"--json", {"kết quả dạng JSON", "results as JSON"}},
    {"--csv", {"bảng dạng CSV", "tables as CSV"}},
    {"--lang vi|en",
     {"ngôn ngữ: tiếng Việt (mặc định) hoặc tiếng Anh",
      "language: Vietnamese (the default) or English"}},
    {"--man", {"in trang hướng dẫn này (roff)", "print this manual page (roff)"}},
    {"-h, --help", {"các lệnh", "the commands"}},
    {"-V, --version", {"phiên bản", "the version"}},
};

static const struct {
	int code;
	struct man_text what;
} exit_codes[] = {
    {EXIT_OK, {"được", "done"}},
    {EXIT_FAILED,
     {"bị từ chối: sai, không có, trùng hoặc sai trạng thái",
      "refused: invalid, not found, conflict or wrong state"}},
    {EXIT_USAGE, {"sai cú pháp lệnh", "wrong arguments"}},
    {EXIT_UNAVAILABLE,
     {"không kết nối được tiengdand, hoặc nó trả lời sai giao thức",
      "cannot reach tiengdand, or it broke the protocol"}},
    {EXIT_FORBIDDEN, {"vai trò của bạn không được phép", "your role does not allow it"}},
    {EXIT_INTERNAL, {"lỗi của tiengdand (cơ sở dữ liệu)", "tiengdand failed (database)"}},
};

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

static const char *pick(const struct console *con, const struct man_text *t)
{
	return strcmp(con->lang, "en") == 0 ? t->en : t->vi;
}

static void section(const struct console *con, FILE *out, const struct man_text *t)
{
	fputs(".SH ", out);
	roff_line(out, pick(con, t), 0);
}

/* One command: its title and arguments in bold, its help, its options. */
static void print_command(const struct console *con, const struct command *c, FILE *out)
{
	bool en = strcmp(con->lang, "en") == 0;

	fputs(".TP\n.B tiengdan ", out);
	roff_put(out, c->name, 1);
	if (c->sub) {
		fputc(' ', out);
		roff_put(out, c->sub, 1);
	}
	fputc('\n', out);
	if (c->usage && c->usage[0]) {
		fputs(".I ", out);
		/* The usage as one argument of .I: quotes inside it cannot be
		 * written, so they go as \(dq. */
		fputc('"', out);
		for (const char *p = c->usage; *p; p++)
			if (*p == '"')
				fputs("\\(dq", out);
			else if (*p == '\\')
				fputs("\\e", out);
			else if (*p == '-')
				fputs("\\-", out);
			else
				fputc(*p, out);
		fputs("\"\n.br\n", out);
	}
	roff_line(out, c->help[en], 0);
	if (c->opts && c->opts[0].name) {
		fputs(".br\n", out);
		roff_put(out, pick(con, &t_cmd_options), 0);
		for (const struct cmd_opt *o = c->opts; o->name; o++) {
			fputs(o == c->opts ? " \\fB\\-\\-" : ", \\fB\\-\\-", out);
			roff_put(out, o->name, 1);
			fputs("\\fR", out);
			if (o->has_arg) {
				fputc(' ', out);
				fputs(pick(con, &t_value), out);
			}
		}
		fputs(".\n", out);
	}
}

void console_print_man(const struct console *con, FILE *out)
{
	fputs(".TH TIENGDAN 1 \"\" \"tiengdan " TIENGDAN_VERSION "\" ", out);
	fputs(pick(con, &t_header), out);
	fputc('\n', out);
	section(con, out, &t_names);
	fputs(pick(con, &t_name), out);
	fputc('\n', out);
	section(con, out, &t_synopsis);
	fputs(".B tiengdan\n[\\fB\\-c\\fR \\fIFILE\\fR | \\fB\\-s\\fR \\fISOCKET\\fR] "
	      "[\\fB\\-\\-json\\fR | \\fB\\-\\-csv\\fR] [\\fB\\-\\-lang\\fR vi|en] "
	      "[\\fICOMMAND\\fR [\\fIARGUMENTS\\fR]]\n",
	      out);
	section(con, out, &t_description);
	roff_line(out, pick(con, &t_desc_body), 0);
	section(con, out, &t_options);
	for (size_t i = 0; i < N_OF(global_opts); i++) {
		fputs(".TP\n.B ", out);
		roff_line(out, global_opts[i].opt, 1);
		roff_line(out, pick(con, &global_opts[i].what), 0);
	}
	section(con, out, &t_commands);
	for (const struct command *c = console_command_next(NULL); c; c = console_command_next(c))
		print_command(con, c, out);
	section(con, out, &t_exit);
	for (size_t i = 0; i < N_OF(exit_codes); i++)
		fprintf(out, ".TP\n.B %d\n%s\n", exit_codes[i].code,
			pick(con, &exit_codes[i].what));
	section(con, out, &t_files);
	fputs(".TP\n.I /etc/tiengdan/tiengdan.conf\n", out);
	roff_line(out,
		  strcmp(con->lang, "en") == 0
		      ? "tiengdand's configuration: the socket, and who may do what (users)"
		      : "cấu hình của tiengdand: socket, và ai được làm gì (users)",
		  0);
	fputs(".TP\n.I /run/tiengdan/control.sock\n", out);
	roff_line(out, strcmp(con->lang, "en") == 0 ? "the control socket" : "socket điều khiển",
		  0);
	section(con, out, &t_see_also);
	fputs(".BR tiengdand (8),\n.BR tiengdan.conf (5)\n", out);
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The table of console commands, and the generic runner most of them use:
 * options and arguments become a request to the daemon, its answer is
 * printed as a table, JSON or CSV. The same table serves one-shot use,
 * interactive mode and its completion.
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "console.h"
#include "util/csv.h"
#include "util/tderr.h"
#include "util/xalloc.h"

#define MAX_OPTS 32

/* ---------------------------------------------------------------- options */

static const struct cmd_opt opts_units_list[] = {
    {"at", required_argument, "at"}, {"all", no_argument, "all"}, {NULL, 0, NULL}};
static const struct cmd_opt opts_units_show[] = {{"at", required_argument, "at"}, {NULL, 0, NULL}};
static const struct cmd_opt opts_contact[] = {{"phone", required_argument, "phone"},
					      {"name", required_argument, "name"},
					      {"village", required_argument, "village"},
					      {"role", required_argument, "role"},
					      {"household", required_argument, "household"},
					      {"opted-out", required_argument, "opted_out"},
					      {NULL, 0, NULL}};
static const struct cmd_opt opts_contacts_list[] = {{"village", required_argument, "village"},
						    {"commune", required_argument, "commune"},
						    {"role", required_argument, "role"},
						    {NULL, 0, NULL}};
static const struct cmd_opt opts_messages[] = {{"from", required_argument, "from"},
					       {"since", required_argument, "since"},
					       {"limit", required_argument, "limit"},
					       {NULL, 0, NULL}};
static const struct cmd_opt opts_inbox[] = {
    {"unprocessed", no_argument, "unprocessed"}, {"quarantined", no_argument, "quarantined"},
    {"throttled", no_argument, "throttled"},	 {"unclear", no_argument, "unclear"},
    {"limit", required_argument, "limit"},	 {NULL, 0, NULL}};
static const struct cmd_opt opts_outbox[] = {{"failed", no_argument, "failed"},
					     {"unknown", no_argument, "unknown"},
					     {"limit", required_argument, "limit"},
					     {NULL, 0, NULL}};
static const struct cmd_opt opts_audit[] = {{"user", required_argument, "user"},
					    {"since", required_argument, "since"},
					    {"limit", required_argument, "limit"},
					    {NULL, 0, NULL}};

static const struct cmd_opt opts_cases_list[] = {{"kind", required_argument, "kind"},
						 {"status", required_argument, "status"},
						 {"commune", required_argument, "commune"},
						 {"village", required_argument, "village"},
						 {"overdue", no_argument, "overdue"},
						 {"since", required_argument, "since"},
						 {"assigned", required_argument, "assigned"},
						 {"limit", required_argument, "limit"},
						 {NULL, 0, NULL}};
static const struct cmd_opt opts_cases_due[] = {{"within", required_argument, "within"},
						{NULL, 0, NULL}};
static const struct cmd_opt opts_cases_status[] = {
    {"note", required_argument, "note"},
    {"reason", required_argument, "reason"},
    {"complex", no_argument, "complex"},
    {"decision", required_argument, "decision"},
    {"decision-date", required_argument, "decision_date"},
    {NULL, 0, NULL}};
static const struct cmd_opt opts_cases_add[] = {{"kind", required_argument, "kind"},
						{"channel", required_argument, "channel"},
						{"received", required_argument, "received"},
						{"name", required_argument, "name"},
						{"phone", required_argument, "phone"},
						{"address", required_argument, "address"},
						{"village", required_argument, "village"},
						{"from-agency", required_argument, "from_agency"},
						{NULL, 0, NULL}};
static const struct cmd_opt opts_cases_link[] = {{"to", required_argument, "to"}, {NULL, 0, NULL}};
static const struct cmd_opt opts_cases_classify[] = {
    {"first-time", no_argument, "first_time"}, {"repeated", no_argument, "repeated"},
    {"eligible", no_argument, "eligible"},     {"ineligible", required_argument, "ineligible"},
    {"competent", no_argument, "competent"},   {"outside", no_argument, "outside"},
    {"field", required_argument, "field"},     {NULL, 0, NULL}};
static const struct cmd_opt opts_cases_handle[] = {
    {"agency", required_argument, "agency"}, {"date", required_argument, "date"}, {NULL, 0, NULL}};
static const struct cmd_opt opts_date[] = {{"date", required_argument, "date"}, {NULL, 0, NULL}};
static const struct cmd_opt opts_offices_add[] = {{"office", required_argument, "office"},
						  {NULL, 0, NULL}};
static const struct cmd_opt opts_reception_add[] = {
    {"date", required_argument, "date"},       {"kind", required_argument, "kind"},
    {"persons", required_argument, "persons"}, {"group", no_argument, "group"},
    {"name", required_argument, "name"},       {"case", required_argument, "case"},
    {"new-case", no_argument, "new_case"},     {"case-kind", required_argument, "case_kind"},
    {"phone", required_argument, "phone"},     {NULL, 0, NULL}};
static const struct cmd_opt opts_reception_list[] = {{"from", required_argument, "from"},
						     {"to", required_argument, "to"},
						     {"limit", required_argument, "limit"},
						     {NULL, 0, NULL}};
static const struct cmd_opt opts_cases_extend[] = {{"basis", required_argument, "basis"},
						   {NULL, 0, NULL}};
static const struct cmd_opt opts_note[] = {{"note", required_argument, "note"}, {NULL, 0, NULL}};
static const struct cmd_opt opts_yes[] = {{"yes", no_argument, "yes"}, {NULL, 0, NULL}};
static const struct cmd_opt opts_meetings[] = {
    {"commune", required_argument, "commune"}, {"village", required_argument, "village"},
    {"from", required_argument, "from"},       {"to", required_argument, "to"},
    {"limit", required_argument, "limit"},     {NULL, 0, NULL}};
static const struct cmd_opt opts_report[] = {{"from", required_argument, "from"},
					     {"to", required_argument, "to"},
					     {"unit", required_argument, "unit"},
					     {"form", required_argument, "form"},
					     {"xlsx", required_argument, "xlsx"},
					     {"docx", required_argument, "docx"},
					     {NULL, 0, NULL}};

static const struct cmd_opt opts_ussd[] = {{"reply", required_argument, "reply"}, {NULL, 0, NULL}};
/* For completion only: modems probe reads its own options (--port repeats). */
static const struct cmd_opt opts_probe[] = {{"port", required_argument, "port"},
					    {"by-id", required_argument, "by_id"},
					    {"timeout", required_argument, "timeout"},
					    {NULL, 0, NULL}};

static const char *const pos_code[] = {"code", NULL};
static const char *const pos_code_status[] = {"code", "status", NULL};
static const char *const pos_text[] = {"text", NULL};
static const char *const pos_code_action[] = {"code", "action", NULL};
static const char *const pos_code_name[] = {"code", "name", NULL};
static const char *const pos_code_reason[] = {"code", "reason", NULL};
static const char *const pos_code_unit[] = {"code", "unit", NULL};
static const char *const pos_code_text[] = {"code", "text", NULL};
static const char *const pos_code_village[] = {"code", "village", NULL};
static const char *const pos_phone[] = {"phone", NULL};
static const char *const pos_id[] = {"id", NULL};
static const char *const pos_file[] = {"file", NULL};

static int run_generic(struct console *con, const struct command *cmd, int argc, char **argv);
static int run_import(struct console *con, const struct command *cmd, int argc, char **argv);
static int run_parse(struct console *con, const struct command *cmd, int argc, char **argv);
static int run_help(struct console *con, const struct command *cmd, int argc, char **argv);

#define CASE_COLUMNS "code,kind,status,received_on,due,overdue,village_name,commune,unit,text"
#define MEETING_COLUMNS                                                                            \
	"code,meeting_date,village_name,commune,present,total,percent,opinions,quorum,topic"
#define UNIT_COLUMNS "code,name,level,parent,valid_from,valid_to,successor"
#define CONTACT_COLUMNS "phone,name,village,village_name,commune,role,household,opted_out"

#define HELP(vi, en) .help = {vi, en}
#define DONE(field, vi, en) .done_field = field, .done = {vi, en}

const struct command console_commands[] = {
    {.name = "whoami",
     .op = "whoami",
     .usage = "",
     HELP("cho biết bạn là ai với tiengdan (người dùng, vai trò, phạm vi)",
	  "show who you are to tiengdan (user, role, communes)")},
    {.name = "units",
     .sub = "list",
     .op = "units.list",
     .opts = opts_units_list,
     .columns = UNIT_COLUMNS,
     .usage = "[--at YYYY-MM-DD | --all]",
     HELP("liệt kê các đơn vị hành chính có hiệu lực (hôm nay, ngày --at, hoặc tất cả)",
	  "list the administrative units in force (today, on --at, or all)")},
    {.name = "units",
     .sub = "show",
     .op = "units.show",
     .opts = opts_units_show,
     .positional = pos_code,
     .usage = "CODE [--at YYYY-MM-DD]",
     HELP("xem một đơn vị: trực thuộc, kế thừa, tính vào đơn vị nào",
	  "show a unit: where it lies, what replaced it, what it counts under")},
    {.name = "units",
     .sub = "import",
     .op = "units.import",
     .run = run_import,
     .positional = pos_file,
     .usage = "FILE.csv",
     HELP("nhập đơn vị từ tệp CSV (code,name,level,parent,valid_from,valid_to,successor,note)",
	  "import units from a CSV file (code,name,level,parent,valid_from,valid_to,successor,"
	  "note)"),
     DONE("imported", "Đã nhập %s đơn vị", "imported %s unit(s)")},
    {.name = "contacts",
     .sub = "list",
     .op = "contacts.list",
     .opts = opts_contacts_list,
     .columns = CONTACT_COLUMNS,
     .usage = "[--village V] [--commune C] [--role R]",
     HELP("liệt kê danh bạ", "list the contacts")},
    {.name = "contacts",
     .sub = "show",
     .op = "contacts.show",
     .positional = pos_phone,
     .usage = "PHONE",
     HELP("xem một liên hệ", "show a contact")},
    {.name = "contacts",
     .sub = "add",
     .op = "contacts.add",
     .opts = opts_contact,
     .usage = "--phone P --name N --village V [--role resident|head|deputy] "
	      "[--household yes|no] [--opted-out yes|no]",
     HELP("thêm một liên hệ (trưởng thôn, phó thôn chỉ do cán bộ đăng ký)",
	  "add a contact (village heads and deputies are registered by staff only)"),
     DONE("phone", "Đã thêm %s", "added %s")},
    {.name = "contacts",
     .sub = "edit",
     .op = "contacts.edit",
     .opts = opts_contact,
     .usage = "--phone P [--name N] [--village V] [--role R] [--household yes|no] "
	      "[--opted-out yes|no]",
     HELP("sửa một liên hệ", "change a contact"),
     DONE("phone", "Đã sửa %s", "changed %s")},
    {.name = "contacts",
     .sub = "remove",
     .op = "contacts.remove",
     .positional = pos_phone,
     .usage = "PHONE",
     HELP("xoá một liên hệ", "remove a contact"),
     DONE("removed", "Đã xoá %s", "removed %s")},
    {.name = "contacts",
     .sub = "import",
     .op = "contacts.import",
     .run = run_import,
     .positional = pos_file,
     .usage = "FILE.csv",
     HELP("nhập danh bạ từ tệp CSV (phone,name,village,role,household,opted_out)",
	  "import contacts from a CSV file (phone,name,village,role,household,opted_out)"),
     DONE("imported", "Đã nhập %s liên hệ", "imported %s contact(s)")},
    {.name = "messages",
     .op = "messages",
     .opts = opts_messages,
     .columns = "dir,id,at,number,state,text",
     .usage = "[--from NUMBER] [--since YYYY-MM-DD] [--limit N]",
     HELP("tin nhắn đến và đi, mới nhất trước", "messages in and out, newest first")},
    {.name = "inbox",
     .sub = "promote",
     .op = "inbox.promote",
     .positional = pos_id,
     .usage = "ID",
     HELP("cho một tin bị giới hạn (quá số tin mỗi giờ) được xử lý như tin thường, hoặc "
	  "biến một tin không rõ (chào hỏi) thành vụ việc",
	  "let a throttled message (past the hourly limit) be handled as usual, or make an "
	  "unclear one (chatter) a case"),
     DONE("promoted", "Tin %s sẽ được xử lý lại", "message %s will be handled again")},
    {.name = "inbox",
     .op = "inbox",
     .opts = opts_inbox,
     .usage = "[--unprocessed] [--throttled] [--unclear] [--quarantined] [--limit N]",
     HELP("tin nhắn đến (chưa xử lý, bị giới hạn, không rõ, hoặc các ô SIM bị cách ly)",
	  "messages received (unprocessed, throttled, unclear, or the quarantined SIM slots)")},
    {.name = "outbox",
     .sub = "resend",
     .op = "outbox.resend",
     .positional = pos_id,
     .usage = "ID",
     HELP("gửi lại một tin không rõ đã đi hay chưa (unknown) hoặc đã thất bại",
	  "send again a message left unknown or failed"),
     DONE("queued", "Đã xếp hàng gửi lại tin %s", "queued message %s again")},
    {.name = "outbox",
     .op = "outbox",
     .opts = opts_outbox,
     .columns = "id,created_at,recipient,state,attempts,modem,error,text",
     .usage = "[--failed] [--unknown] [--limit N]",
     HELP("tin nhắn đi", "messages sent and to send")},
    {.name = "audit",
     .op = "audit",
     .opts = opts_audit,
     .columns = "id,at,user,role,action,target,outcome,detail",
     .usage = "[--user U] [--since YYYY-MM-DD] [--limit N]",
     HELP("nhật ký thao tác qua bảng điều khiển", "the trail of every console action")},
    {.name = "cases",
     .sub = "list",
     .op = "cases.list",
     .opts = opts_cases_list,
     .columns = CASE_COLUMNS,
     .usage = "[--kind feedback|complaint|denunciation] [--status S] [--commune C] "
	      "[--village V] [--overdue] [--since YYYY-MM-DD] [--assigned UNIT|OFFICE|OFFICER] "
	      "[--limit N]",
     HELP("liệt kê vụ việc (phản ánh, khiếu nại, tố cáo), mới nhất trước",
	  "list cases (feedback, complaints, denunciations), newest first")},
    {.name = "cases",
     .sub = "show",
     .op = "cases.show",
     .positional = pos_code,
     .usage = "CODE",
     HELP("xem một vụ việc: diễn biến, thời hạn, tin nhắn đến và đi",
	  "show a case: its history, deadlines, messages in and out")},
    {.name = "cases",
     .sub = "status",
     .op = "cases.status",
     .opts = opts_cases_status,
     .positional = pos_code_status,
     .usage = "CODE accepted|in_progress|resolved|closed|transferred|rejected|duplicate|"
	      "withdrawn [--reason TEXT] [--note TEXT] [--complex] [--decision NUMBER "
	      "--decision-date YYYY-MM-DD]",
     HELP("chuyển trạng thái vụ việc theo quy trình luật định (người gửi được báo bằng tin "
	  "nhắn theo cấu hình; --reason gửi lý do cho người dân, --note chỉ ghi nội bộ)",
	  "change a case's status as the law's workflow allows (the citizen is told by SMS, as "
	  "configured; --reason is sent to the citizen, --note stays internal)")},
    {.name = "cases",
     .sub = "add",
     .op = "cases.add",
     .opts = opts_cases_add,
     .positional = pos_text,
     .usage = "--kind feedback|complaint|denunciation --channel walkin|letter|phone|email|"
	      "portal|transferred --received YYYY-MM-DD [--name N] [--phone P] [--address A] "
	      "[--village V] [--from-agency X] TEXT",
     HELP("ghi vào sổ một đơn nhận trực tiếp, qua thư, điện thoại, thư điện tử, cổng thông "
	  "tin hoặc do cơ quan khác chuyển đến (người gửi có số điện thoại được nhắn mã)",
	  "register a đơn received in person, by letter, phone, e-mail, the portal or "
	  "transferred by another agency (a citizen with a phone gets the receipt SMS)"),
     DONE("code", "Đã ghi vào sổ, mã %s", "registered as %s")},
    {.name = "cases",
     .sub = "due",
     .op = "cases.due",
     .opts = opts_cases_due,
     .columns = "assignee,overdue,due_soon,cases",
     .usage = "[--within N]",
     HELP("việc quá hạn và đến hạn trong N ngày làm việc (mặc định 3), theo người được giao",
	  "what is overdue and what falls due within N working days (default 3), by assignee")},
    {.name = "cases",
     .sub = "link",
     .op = "cases.link",
     .opts = opts_cases_link,
     .positional = pos_code,
     .usage = "CODE --to CODE",
     HELP("gộp đơn vào vụ việc của một đơn khác (cùng nội dung)",
	  "group a đơn into the vụ việc of another đơn (the same matter)"),
     DONE("matter", "Đã gộp vào vụ việc %s", "grouped into vụ việc %s")},
    {.name = "cases",
     .sub = "classify",
     .op = "cases.classify",
     .opts = opts_cases_classify,
     .positional = pos_code,
     .usage = "CODE [--first-time|--repeated] [--eligible|--ineligible REASON] "
	      "[--competent|--outside] [--field FIELD]",
     HELP("phân loại đơn: lần đầu hay tái diễn, đủ điều kiện xử lý, thẩm quyền, lĩnh vực",
	  "classify a đơn: first-time or repeated, eligible, competence, field"),
     DONE("code", "Đã phân loại đơn %s", "classified %s")},
    {.name = "cases",
     .sub = "handle",
     .op = "cases.handle",
     .opts = opts_cases_handle,
     .positional = pos_code_action,
     .usage = "CODE guide|transfer|urge --agency AGENCY [--date YYYY-MM-DD]",
     HELP("xử lý đơn không thuộc thẩm quyền: hướng dẫn, chuyển đơn, đôn đốc (người gửi được "
	  "báo bằng một tin nhắn)",
	  "handle a đơn outside competence: guide, transfer, urge (the citizen is told in one "
	  "SMS)"),
     DONE("agency", "Đã ghi: %s", "recorded: %s")},
    {.name = "cases",
     .sub = "answer",
     .op = "cases.answer",
     .opts = opts_date,
     .positional = pos_code_text,
     .usage = "CODE TEXT [--date YYYY-MM-DD]",
     HELP("ghi trả lời của cơ quan đã nhận đơn chuyển", "record the answer of the agency a "
							"đơn was transferred to"),
     DONE("agency", "Đã ghi trả lời của %s", "recorded the answer of %s")},
    {.name = "cases",
     .sub = "extend",
     .op = "cases.extend",
     .opts = opts_cases_extend,
     .positional = pos_code_reason,
     .usage = "CODE complex|remote [--basis TEXT]",
     HELP("gia hạn giải quyết (vụ việc phức tạp, vùng sâu vùng xa) với căn cứ pháp lý",
	  "extend the resolution deadline (complex case, remote area) with its legal basis"),
     DONE("code", "Đã gia hạn vụ việc %s", "extended case %s")},
    {.name = "cases",
     .sub = "assign",
     .op = "cases.assign",
     .opts = opts_note,
     .positional = pos_code_unit,
     .usage = "CODE UNIT [--note TEXT]",
     HELP("giao vụ việc cho một đơn vị xử lý", "assign a case to a unit"),
     DONE("code", "Đã giao vụ việc %s", "assigned case %s")},
    {.name = "cases",
     .sub = "village",
     .op = "cases.village",
     .positional = pos_code_village,
     .usage = "CODE VILLAGE",
     HELP("đặt hoặc sửa thôn của vụ việc (mã thôn hoặc tên thôn)",
	  "set or correct a case's village (its code or its name)"),
     DONE("code", "Đã đặt thôn cho vụ việc %s", "village set for case %s")},
    {.name = "cases",
     .sub = "note",
     .op = "cases.note",
     .positional = pos_code_text,
     .usage = "CODE TEXT",
     HELP("ghi chú vào diễn biến vụ việc", "add a note to a case's history"),
     DONE("noted", "Đã ghi chú vào vụ việc %s", "noted on case %s")},
    {.name = "cases",
     .sub = "reply",
     .op = "cases.reply",
     .run = run_cases_reply,
     .opts = opts_yes,
     .positional = pos_code_text,
     .usage = "CODE TEXT... [--yes]",
     HELP("nhắn tin trả lời người gửi (xem số tin và chi phí trước khi gửi)",
	  "text the citizen (segments and cost shown before it is queued)")},
    {.name = "offices",
     .sub = "list",
     .op = "offices.list",
     .columns = "code,name,office",
     .usage = "",
     HELP("các bộ phận, cán bộ xử lý của xã", "the commune's handling offices and officers")},
    {.name = "offices",
     .sub = "add",
     .op = "offices.add",
     .opts = opts_offices_add,
     .positional = pos_code_name,
     .usage = "CODE NAME [--office OFFICE]",
     HELP("thêm bộ phận xử lý (hoặc cán bộ của một bộ phận với --office)",
	  "add a handling office (or an officer of one with --office)"),
     DONE("code", "Đã thêm %s", "added %s")},
    {.name = "fields",
     .sub = "list",
     .op = "fields.list",
     .columns = "code,name",
     .usage = "",
     HELP("các lĩnh vực của đơn khiếu nại, tố cáo", "the fields of complaints and denunciations")},
    {.name = "fields",
     .sub = "add",
     .op = "fields.add",
     .positional = pos_code_name,
     .usage = "CODE NAME",
     HELP("thêm một lĩnh vực", "add a field"),
     DONE("code", "Đã thêm %s", "added %s")},
    {.name = "reception",
     .sub = "add",
     .op = "reception.add",
     .opts = opts_reception_add,
     .positional = pos_text,
     .usage = "--kind regular|head [--date YYYY-MM-DD] [--persons N] [--group] [--name N] "
	      "[--case CODE[,CODE…]] [--new-case [--case-kind K] [--phone P]] TEXT",
     HELP("ghi một lượt tiếp công dân vào sổ (số người, đoàn đông người, thủ trưởng tiếp, vụ "
	  "việc)",
	  "record a citizen reception visit (persons, large group, received by the chairman, "
	  "vụ việc)"),
     DONE("id", "Đã ghi lượt tiếp số %s", "recorded visit %s")},
    {.name = "reception",
     .sub = "list",
     .op = "reception.list",
     .opts = opts_reception_list,
     .columns = "id,visit_date,kind,persons,is_group,name,cases,text",
     .usage = "[--from YYYY-MM-DD] [--to YYYY-MM-DD] [--limit N]",
     HELP("sổ tiếp công dân", "the citizen reception register")},
    {.name = "reception",
     .sub = "show",
     .op = "reception.show",
     .positional = pos_id,
     .usage = "ID",
     HELP("xem một lượt tiếp công dân", "show a reception visit")},
    {.name = "meetings",
     .sub = "list",
     .op = "meetings.list",
     .opts = opts_meetings,
     .columns = MEETING_COLUMNS,
     .usage = "[--commune C] [--village V] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--limit N]",
     HELP("các cuộc họp thôn đã báo cáo, mới nhất trước",
	  "village meetings reported, latest first")},
    {.name = "report",
     .op = "report",
     .run = run_report,
     .opts = opts_report,
     .usage = "--from YYYY-MM-DD --to YYYY-MM-DD [--unit CODE] [--docx FILE | --form "
	      "01/TCD|02/XLD|03/GQKN|04/GQTC [--xlsx FILE]]",
     HELP("báo cáo trong kỳ: đơn tiếp nhận, đã giải quyết, tồn đọng, quá hạn; họp thôn",
	  "report on a period: cases received, resolved, pending, overdue; meetings")},
    {.name = "parse",
     .run = run_parse,
     .usage = "[--role resident|head|deputy] [--today YYYY-MM-DD] [--json] TEXT...|-",
     HELP("xem tiengdand hiểu một tin nhắn thế nào (không cần tiengdand)",
	  "show how the daemon would read an SMS (works offline)")},
    {.name = "setup",
     .run = cmd_setup_run,
     .usage = "[--gateway-number N] [--admin-phones N,N] [--geography FILE.csv] "
	      "[--user NAME:ROLE[:COMMUNE,...]]... [--group GROUP:ROLE[:COMMUNE,...]]... "
	      "[--modem DEVICE]... [--cockpit] [--yes] [--dry-run]",
     HELP("cài đặt lần đầu: số tổng đài, số nhận cảnh báo, địa giới, cán bộ, modem "
	  "(ghi vào tệp cấu hình, không cần tiengdand); --cockpit bật trang web Cockpit "
	  "(https://<máy>:9090)",
	  "first run: the gateway's number, alert phones, geography, staff, modems (written "
	  "into the configuration file; works without the daemon); --cockpit turns on the "
	  "Cockpit web console (https://<box>:9090)")},
    {.name = "modems",
     .sub = "ussd",
     .op = "modems.ussd",
     .run = run_modems_ussd,
     .opts = opts_ussd,
     .usage = "MODEM CODE | MODEM --reply TEXT",
     HELP("gửi mã USSD (ví dụ *101#) qua một modem và xem trả lời; --reply trả lời menu",
	  "run a USSD code (e.g. *101#) on a modem and show the answer; --reply answers a "
	  "menu")},
    {.name = "modems",
     .sub = "probe",
     .run = run_modems_probe,
     .opts = opts_probe,
     .usage = "[--port PATH]... [--by-id DIR] [--timeout SECONDS]",
     HELP("tìm modem trên các cổng nối tiếp, in sẵn khối modems (không cần tiengdand)",
	  "find the modems on the serial ports, print a ready modems block (works offline)")},
    {.name = "modems",
     .op = "modems",
     .columns = "modem,connected,signal_percent,network,operator,battery_percent,sim_used,"
		"sim_size,balance,sent_today,received_today,last_error",
     .usage = "",
     HELP("tình trạng các modem: kết nối, sóng, mạng, SIM, số tin hôm nay",
	  "the modems at a glance: link, signal, network, SIM, messages today")},
    {.name = "help", .run = run_help, .usage = "[COMMAND]", HELP("hướng dẫn", "help")},
    {.name = NULL},
};

static int lang_index(const struct console *con)
{
	return con->lang && strcmp(con->lang, "en") == 0;
}

/* ---------------------------------------------------------------- lookup */

/* Every table of commands: the ones above, then each family's own. */
static const struct command *const command_tables[] = {console_commands, console_commands_notices,
						       console_commands_admin};
#define N_TABLES (sizeof(command_tables) / sizeof(command_tables[0]))

const struct command *console_command_next(const struct command *c)
{
	size_t t = 0;

	/* The table holding c (equality only: the tables are separate arrays). */
	for (bool found = !c; !found && t < N_TABLES; t += !found)
		for (const struct command *p = command_tables[t]; p->name && !found; p++)
			found = p == c;
	if (c && t < N_TABLES && (++c)->name)
		return c;
	for (t += c != NULL; t < N_TABLES; t++)
		if (command_tables[t]->name)
			return command_tables[t];
	return NULL;
}

const struct command *console_find(int argc, char **argv, int *used)
{
	const struct command *plain = NULL;

	for (const struct command *c = console_command_next(NULL); c; c = console_command_next(c)) {
		if (strcmp(c->name, argv[0]) != 0)
			continue;
		if (c->sub && argc > 1 && strcmp(c->sub, argv[1]) == 0) {
			*used = 2;
			return c;
		}
		if (!c->sub && !plain)
			plain = c;
	}
	*used = 1;
	return plain;
}

static void command_title(const struct command *cmd, char *buf, size_t len)
{
	snprintf(buf, len, "%s%s%s", cmd->name, cmd->sub ? " " : "", cmd->sub ? cmd->sub : "");
}

void console_command_help(const struct console *con, const struct command *cmd, FILE *out)
{
	char title[64];

	command_title(cmd, title, sizeof(title));
	fprintf(out, "%s: tiengdan %s %s\n  %s\n", tr(con, "usage"), title, cmd->usage,
		cmd->help[lang_index(con)]);
}

void console_usage(const struct console *con, FILE *out)
{
	char title[64];

	fprintf(out,
		"%s: tiengdan [-c FILE | -s SOCKET] [--json|--csv] [--lang vi|en] COMMAND\n\n%s:\n",
		tr(con, "usage"), tr(con, "commands"));
	for (const struct command *c = console_command_next(NULL); c; c = console_command_next(c)) {
		command_title(c, title, sizeof(title));
		fprintf(out, "  %-16s %s\n", title, c->help[lang_index(con)]);
	}
	fprintf(out, "\n%s\n", tr(con, "global_options"));
}

/* ---------------------------------------------------------------- runners */

int console_read_options(struct console *con, const struct command *cmd, int argc, char **argv,
			 json_t *args)
{
	struct option lo[MAX_OPTS + 5];
	size_t n = 0;
	int ch, idx;

	for (const struct cmd_opt *o = cmd->opts; o && o->name && n < MAX_OPTS; o++, n++)
		lo[n] = (struct option){o->name, o->has_arg, NULL, (int)(n + 1)};
	lo[n++] = (struct option){"json", no_argument, NULL, 'j'};
	lo[n++] = (struct option){"csv", no_argument, NULL, 'v'};
	lo[n++] = (struct option){"lang", required_argument, NULL, 'l'};
	lo[n++] = (struct option){"help", no_argument, NULL, 'h'};
	lo[n] = (struct option){NULL, 0, NULL, 0};
	/* GNU: start afresh (interactive mode runs many commands); options may
	 * come after the arguments ("cases status CODE accepted --note ..."). */
	optind = 0;
	while ((ch = getopt_long(argc, argv, "h", lo, &idx)) != -1) {
		switch (ch) {
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
			return -2;
		case '?':
			console_command_help(con, cmd, stderr);
			return -1;
		default: {
			const struct cmd_opt *o = &cmd->opts[ch - 1];
			const char *alias = o->has_arg ? console_alias(o->key, optarg) : NULL;
			json_object_set_new(args, o->key,
					    o->has_arg ? json_string(alias ? alias : optarg)
						       : json_true());
		}
		}
	}
	return optind;
}

int console_read_positional(struct console *con, const struct command *cmd, int argc, char **argv,
			    int first, json_t *args)
{
	size_t want = 0;

	while (cmd->positional && cmd->positional[want])
		want++;
	if ((size_t)(argc - first) != want) {
		fprintf(stderr, "tiengdan: %s\n",
			tr(con, (size_t)(argc - first) > want ? "too_many_args" : "missing_args"));
		console_command_help(con, cmd, stderr);
		return -1;
	}
	for (size_t i = 0; i < want; i++) {
		const char *v = argv[first + (int)i];
		const char *alias = console_alias(cmd->positional[i], v);
		json_object_set_new(args, cmd->positional[i], json_string(alias ? alias : v));
	}
	return 0;
}

void console_print_result(const struct console *con, const struct command *cmd,
			  const json_t *result)
{
	json_t *rows = json_object_get(result, "rows");
	json_t *field = cmd->done_field ? json_object_get(result, cmd->done_field) : NULL;

	if (json_is_array(rows)) {
		output_rows(con, rows, cmd->columns, stdout);
	} else if (field && con->format != OUT_JSON) {
		char *text = json_is_string(field) ? xstrdup(json_string_value(field))
						   : json_dumps(field, JSON_ENCODE_ANY);
		/* done[] has exactly one %s: a table entry, not user text. */
		const char *fmt = cmd->done[lang_index(con)];
		const char *at = strstr(fmt, "%s");
		fprintf(stdout, "%.*s%s%s\n", (int)(at - fmt), fmt, text, at + 2);
		free(text);
	} else {
		output_object(con, result, stdout);
	}
}

static int call_and_print(struct console *con, const struct command *cmd, json_t *args)
{
	json_t *result = NULL;
	int rc = console_call(con, cmd->op, args, &result);

	if (rc == EXIT_OK)
		console_print_result(con, cmd, result);
	json_decref(result);
	return rc;
}

static int run_generic(struct console *con, const struct command *cmd, int argc, char **argv)
{
	json_t *args = json_object();
	int first = console_read_options(con, cmd, argc, argv, args), rc;

	if (first < 0 || console_read_positional(con, cmd, argc, argv, first, args) < 0) {
		json_decref(args);
		return first == -2 ? EXIT_OK : EXIT_USAGE;
	}
	rc = call_and_print(con, cmd, args);
	json_decref(args);
	return rc;
}

/* units import / contacts import: the file is read here (the daemon may
 * not be able to read the caller's files) and sent as rows. */
static int run_import(struct console *con, const struct command *cmd, int argc, char **argv)
{
	json_t *args = json_object(), *rows = NULL;
	struct tderr e = {0};
	const char *path;
	int first = console_read_options(con, cmd, argc, argv, args), rc = EXIT_USAGE;
	FILE *in;

	if (first < 0 || console_read_positional(con, cmd, argc, argv, first, args) < 0) {
		rc = first == -2 ? EXIT_OK : EXIT_USAGE;
		goto out;
	}
	path = json_string_value(json_object_get(args, "file"));
	in = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
	if (!in) {
		fprintf(stderr, "tiengdan: %s %s: %s\n", tr(con, "cannot_open"), path,
			strerror(errno));
		rc = EXIT_FAILED;
		goto out;
	}
	rows = csv_read_objects(in, &e);
	if (in != stdin)
		fclose(in);
	if (!rows) {
		char msg[512];
		tderr_format(&e, con->lang, msg, sizeof(msg));
		fprintf(stderr, "tiengdan: %s: %s\n", path, msg);
		rc = EXIT_FAILED;
		goto out;
	}
	json_object_set_new(args, "rows", rows);
	rc = call_and_print(con, cmd, args);
out:
	json_decref(args);
	return rc;
}

/* parse runs offline; the console's language, format and configuration
 * (for keyword aliases) are passed on to it. */
static int run_parse(struct console *con, const struct command *cmd, int argc, char **argv)
{
	char **av = xcalloc((size_t)argc + 8, sizeof(char *));
	int ac = 0, rc;

	av[ac++] = argv[0];
	av[ac++] = (char *)"--lang";
	av[ac++] = (char *)con->lang;
	if (con->format == OUT_JSON)
		av[ac++] = (char *)"--json";
	if (con->conf_explicit) {
		av[ac++] = (char *)"--config";
		av[ac++] = (char *)con->conf_path;
	}
	for (int i = 1; i < argc; i++)
		av[ac++] = argv[i];
	rc = cmd_parse(ac, av);
	free(av);
	return rc;
}

static int run_help(struct console *con, const struct command *cmd, int argc, char **argv)
{
	int used;
	const struct command *c = argc > 1 ? console_find(argc - 1, argv + 1, &used) : NULL;

	if (argc > 1 && c)
		console_command_help(con, c, stdout);
	else
		console_usage(con, stdout);
	return EXIT_OK;
}

int console_run(struct console *con, int argc, char **argv)
{
	int used;
	const struct command *cmd = console_find(argc, argv, &used);
	char title[64], **sub;
	int rc;

	if (!cmd) {
		bool family = false;
		/* "contacts" alone, or with a wrong second word: its commands. */
		for (const struct command *c = console_command_next(NULL); c;
		     c = console_command_next(c))
			if (strcmp(c->name, argv[0]) == 0) {
				console_command_help(con, c, stderr);
				family = true;
			}
		if (!family)
			fprintf(stderr, "tiengdan: %s '%s' (%s)\n", tr(con, "unknown_command"),
				argv[0], tr(con, "help_hint"));
		return EXIT_USAGE;
	}
	/* The command's own argv (a copy: the caller's stays as it was), its
	 * title in argv[0] for getopt's messages. */
	command_title(cmd, title, sizeof(title));
	sub = xcalloc((size_t)(argc - used + 2), sizeof(char *));
	sub[0] = title;
	for (int i = used; i < argc; i++)
		sub[i - used + 1] = argv[i];
	rc = (cmd->run ? cmd->run : run_generic)(con, cmd, argc - used + 1, sub);
	free(sub);
	return rc;
}

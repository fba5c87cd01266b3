/*
 * The console's words in Vietnamese (the default) and English: messages,
 * and the labels of every column the daemon sends.
 */
#include <string.h>

#include "console.h"

static const struct {
	const char *key;
	const char *vi;
	const char *en;
} words[] = {
    {"conf_unreadable", "(không đọc được cấu hình; dùng -s SOCKET để chỉ thẳng socket)",
     "(cannot read the configuration; use -s SOCKET to name the socket)"},
    {"no_daemon", "tiengdand có đang chạy không?", "is tiengdand running?"},
    {"connection_lost", "mất kết nối với tiengdand", "lost the connection to tiengdand"},
    {"bad_answer", "tiengdand trả lời không đúng giao thức", "tiengdand answered nonsense"},
    {"yes", "có", "yes"},
    {"no", "không", "no"},
    {"none", "(không có)", "(none)"},
    {"usage", "Cách dùng", "Usage"},
    {"commands", "Các lệnh", "Commands"},
    {"global_options",
     "Tuỳ chọn chung: -c TỆP (cấu hình, mặc định /etc/tiengdan/tiengdan.conf), -s SOCKET,\n"
     "  --json, --csv, --lang vi|en. Không có lệnh: chế độ tương tác.\n"
     "Mã thoát: 0 được, 1 bị từ chối (sai, không có, trùng), 2 sai cú pháp lệnh,\n"
     "  3 không kết nối được tiengdand, 4 không có quyền, 5 lỗi của tiengdand.",
     "Global options: -c FILE (configuration, default /etc/tiengdan/tiengdan.conf),\n"
     "  -s SOCKET, --json, --csv, --lang vi|en. No command: interactive mode.\n"
     "Exit codes: 0 done, 1 refused (invalid, not found, conflict), 2 usage,\n"
     "  3 cannot reach tiengdand, 4 not allowed, 5 tiengdand failed."},
    {"unknown_command", "không có lệnh", "no such command"},
    {"help_hint", "xem: tiengdan --help", "see: tiengdan --help"},
    {"too_many_args", "thừa tham số", "too many arguments"},
    {"missing_args", "thiếu tham số", "missing arguments"},
    {"cannot_open", "không mở được", "cannot open"},
    {"unbalanced_quotes", "thiếu dấu nháy đóng", "unbalanced quotes"},
    {"interactive_hello", "tiengdan — gõ help để xem các lệnh, quit để thoát.",
     "tiengdan — type help for the commands, quit to leave."},

    /* Column labels. */
    {"col.code", "Mã", "Code"},
    {"col.name", "Tên", "Name"},
    {"col.level", "Cấp", "Level"},
    {"col.parent", "Trực thuộc", "Parent"},
    {"col.valid_from", "Hiệu lực từ", "Valid from"},
    {"col.valid_to", "Hiệu lực đến", "Valid to"},
    {"col.successor", "Đơn vị kế thừa", "Successor"},
    {"col.note", "Ghi chú", "Note"},
    {"col.parents", "Thuộc", "Within"},
    {"col.children", "Đơn vị trực thuộc", "Units within"},
    {"col.predecessors", "Kế thừa từ", "Took over from"},
    {"col.current", "Tính vào đơn vị", "Counts under"},
    {"col.updated_at", "Cập nhật", "Updated"},
    {"col.id", "Số", "ID"},
    {"col.phone", "Số điện thoại", "Phone"},
    {"col.village", "Thôn", "Village"},
    {"col.village_name", "Tên thôn", "Village name"},
    {"col.commune", "Xã", "Commune"},
    {"col.role", "Vai trò", "Role"},
    {"col.household", "Đại diện hộ", "Household"},
    {"col.opted_out", "Từ chối nhận tin", "Opted out"},
    {"col.source", "Nguồn", "Source"},
    {"col.created_at", "Tạo lúc", "Created"},
    {"col.dir", "Chiều", "Dir"},
    {"col.at", "Thời điểm", "Time"},
    {"col.number", "Số", "Number"},
    {"col.text", "Nội dung", "Text"},
    {"col.state", "Trạng thái", "State"},
    {"col.modem", "Modem", "Modem"},
    {"col.received_at", "Nhận lúc", "Received"},
    {"col.sender", "Người gửi", "Sender"},
    {"col.kind", "Loại", "Kind"},
    {"col.parts", "Số phần", "Parts"},
    {"col.incomplete", "Thiếu phần", "Incomplete"},
    {"col.invalid_utf8", "Lỗi mã hoá", "Bad encoding"},
    {"col.processed_at", "Xử lý lúc", "Processed"},
    {"col.location", "Vị trí SIM", "SIM slot"},
    {"col.attempts", "Số lần thử", "Attempts"},
    {"col.first_seen", "Thấy lần đầu", "First seen"},
    {"col.last_seen", "Thấy lần cuối", "Last seen"},
    {"col.recipient", "Người nhận", "Recipient"},
    {"col.error", "Lỗi", "Error"},
    {"col.sent_at", "Gửi lúc", "Sent"},
    {"col.delivered_at", "Đã đến lúc", "Delivered"},
    {"col.uid", "UID", "UID"},
    {"col.user", "Người dùng", "User"},
    {"col.action", "Thao tác", "Action"},
    {"col.target", "Đối tượng", "Record"},
    {"col.outcome", "Kết quả", "Outcome"},
    {"col.detail", "Chi tiết", "Detail"},
    {"col.communes", "Giới hạn ở xã", "Limited to communes"},
    {"col.imported", "Đã nhập", "Imported"},
    {"col.removed", "Đã xoá", "Removed"},
    {"col.queued", "Đã xếp hàng gửi", "Queued"},
};

const char *tr(const struct console *con, const char *key)
{
	bool en = con && con->lang && strcmp(con->lang, "en") == 0;

	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strcmp(words[i].key, key) == 0)
			return en ? words[i].en : words[i].vi;
	return key;
}

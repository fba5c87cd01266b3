/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Errors that reach staff: a class (what a script sees: exit code and the
 * protocol's error word) and a message from one catalogue, in Vietnamese and
 * English, formatted in the reader's language at the last moment.
 */
#ifndef TIENGDAN_TDERR_H
#define TIENGDAN_TDERR_H

#include <stdbool.h>
#include <stddef.h>

/* Error classes. The names are the protocol's "error" field. */
enum tderr_class {
	TDERR_OK = 0,
	TDERR_INVALID,	   /* bad arguments or data ("invalid") */
	TDERR_NOT_FOUND,   /* no such record ("not_found") */
	TDERR_CONFLICT,	   /* exists already, or in the wrong state ("conflict") */
	TDERR_FORBIDDEN,   /* the caller's role does not allow it ("forbidden") */
	TDERR_BAD_REQUEST, /* the protocol itself was broken ("bad_request") */
	TDERR_INTERNAL,	   /* database or system failure ("internal") */
};

/*
 * The catalogue: X(id, Vietnamese, English). Each text is a printf format
 * taking up to two strings (%s) in order, and nothing else.
 */
#define TDERR_MESSAGES(X)                                                                                            \
	X(M_INTERNAL, "Lỗi nội bộ: %s", "internal error: %s")                                                        \
	X(M_BAD_REQUEST, "Yêu cầu không hợp lệ: %s", "bad request: %s")                                              \
	X(M_UNKNOWN_COMMAND, "Không có lệnh %s", "no such command: %s")                                              \
	X(M_NO_ROLE, "Người dùng %s không có quyền dùng tiengdan",                                                   \
	  "user %s has no role in tiengdan")                                                                         \
	X(M_FORBIDDEN, "Vai trò %s không được phép: %s", "role %s may not: %s")                                      \
	X(M_OUT_OF_SCOPE, "Ngoài phạm vi được giao: %s", "outside your communes: %s")                                \
	X(M_MISSING_ARG, "Thiếu %s", "missing %s")                                                                   \
	X(M_BAD_VALUE, "Giá trị không hợp lệ cho %s: %s", "invalid value for %s: %s")                                \
	X(M_BAD_DATE, "Ngày không hợp lệ: %s (dạng YYYY-MM-DD)", "invalid date: %s (YYYY-MM-DD)")                    \
	X(M_BAD_PHONE, "Số điện thoại không hợp lệ: %s", "invalid phone number: %s")                                 \
	X(M_BAD_ROLE, "Vai trò không hợp lệ: %s (resident, head, deputy)",                                           \
	  "invalid role: %s (resident, head, deputy)")                                                               \
	X(M_UNKNOWN_UNIT, "Không có đơn vị %s", "no unit %s")                                                        \
	X(M_NOT_A_VILLAGE, "%s không phải là thôn đang có hiệu lực",                                                 \
	  "%s is not a village in force")                                                                            \
	X(M_UNIT_CYCLE, "Vòng lặp ở đơn vị %s (%s)", "cycle at unit %s (%s)")                                        \
	X(M_CONTACT_EXISTS, "Số %s đã có trong danh bạ", "%s is already a contact")                                  \
	X(M_NO_CONTACT, "Không có số %s trong danh bạ", "%s is not a contact")                                       \
	X(M_CSV_LINE, "Dòng %s: %s", "line %s: %s")                                                                  \
	X(M_CSV_HEADER, "Thiếu cột %s trong dòng tiêu đề", "the header has no column %s")                            \
	X(M_NO_MESSAGE, "Không có tin nhắn số %s", "no message number %s")                                           \
	X(M_NOT_RESENDABLE, "Tin %s đang ở trạng thái %s, không gửi lại được",                                       \
	  "message %s is %s and cannot be resent")                                                                   \
	X(M_CSV_FIELDS, "Có %s trường, nhiều hơn %s cột của dòng tiêu đề",                                           \
	  "%s fields, more than the %s columns of the header")                                                       \
	X(M_CSV_SYNTAX, "Sai cú pháp CSV (dấu ngoặc kép)", "CSV syntax error (quotes)")                              \
	X(M_CSV_UTF8, "Văn bản không phải UTF-8 hợp lệ", "the text is not valid UTF-8")                              \
	X(M_CSV_COLUMN, "Tên cột trống hoặc bị lặp: %s", "empty or repeated column name: %s")                        \
	X(M_REPEATED, "%s xuất hiện hai lần trong tệp (dòng %s)",                                                    \
	  "%s appears twice in the file (line %s)")                                                                  \
	X(M_BAD_DATES, "Ngày kết thúc %s trước ngày bắt đầu %s",                                                     \
	  "end date %s is before start date %s")                                                                     \
	X(M_NO_CASE, "Không có vụ việc mã %s", "no case with code %s")                                               \
	X(M_NOT_A_CODE, "%s không phải là mã vụ việc (ví dụ PA4829138)",                                             \
	  "%s is not a case code (e.g. PA4829138)")                                                                  \
	X(M_BAD_CHECK_DIGIT, "Mã %s sai chữ số kiểm tra, hãy xem lại các chữ số",                                    \
	  "code %s fails its check digit: check the digits")                                                         \
	X(M_BAD_STATUS, "Trạng thái không hợp lệ: %s (%s)", "invalid status: %s (%s)")                               \
	X(M_REASON_TOO_LONG, "Lý do quá dài cho một tin nhắn: %s ký tự, chỉ còn chỗ cho %s ký tự",                   \
	  "reason too long for one SMS: %s characters, %s left")                                                     \
	X(M_STATUS_CHANGE, "Không thể chuyển vụ việc từ trạng thái %s sang %s",                                      \
	  "a case cannot go from %s to %s")                                                                          \
	X(M_WORKFLOW, "Luật không cho phép: %s", "the law does not allow it: %s")                                    \
	X(M_BAD_EXTENSION, "Không gia hạn được: %s (%s)", "no extension: %s (%s)")                                   \
	X(M_FUTURE_DATE, "Ngày %s ở tương lai (hôm nay là %s)",                                                      \
	  "date %s is in the future (today is %s)")                                                                  \
	X(M_BAD_CHANNEL,                                                                                             \
	  "Kênh tiếp nhận không hợp lệ: %s (walkin, letter, phone, email, portal, transferred)",                     \
	  "invalid channel: %s (walkin, letter, phone, email, portal, transferred)")                                 \
	X(M_BAD_LINK, "Không gộp được đơn %s vào chính vụ việc của nó",                                              \
	  "cannot link %s to itself")                                                                                \
	X(M_UNKNOWN_FIELD, "Không có lĩnh vực %s", "no field %s")                                                    \
	X(M_NO_TRANSFER, "Vụ việc %s chưa được chuyển đơn, không có nơi trả lời",                                    \
	  "case %s was not transferred: no agency to answer")                                                        \
	X(M_NO_RECEPTION, "Không có lượt tiếp công dân số %s", "no reception visit %s")                              \
	X(M_EXISTS, "Đã có %s", "%s exists already")                                                                 \
	X(M_BAD_TERM, "Giá trị không hợp lệ: %s (%s)", "invalid value: %s (%s)")                                     \
	X(M_BAD_KIND, "Loại vụ việc không hợp lệ: %s (feedback, complaint, denunciation)",                           \
	  "invalid kind of case: %s (feedback, complaint, denunciation)")                                            \
	X(M_NOT_THROTTLED,                                                                                           \
	  "Tin %s không bị giới hạn cũng không phải tin không rõ, không cần xử lý lại",                              \
	  "message %s was neither throttled nor unclear: nothing to promote")                                        \
	X(M_NO_TEMPLATE, "Không có mẫu tin trả lời %s", "no reply template %s")                                      \
	X(M_SEALED, "Không mở được số điện thoại được bảo mật của vụ việc %s",                                       \
	  "cannot open the confidential number of case %s")                                                          \
	X(M_NO_MODEM, "Không có modem %s", "no modem %s")                                                            \
	X(M_MODEM_FAILED, "Modem %s không thực hiện được: %s", "modem %s could not do it: %s")                       \
	X(M_MODEM_TIMEOUT, "Modem %s không trả lời trong %s giây",                                                   \
	  "modem %s did not answer within %s s")                                                                     \
	X(M_NO_NOTICE, "Không có thông báo %s", "no notice %s")                                                      \
	X(M_NOT_A_NOTICE_CODE, "%s không phải là mã thông báo (ví dụ TB12)",                                         \
	  "%s is not a notice code (e.g. TB12)")                                                                     \
	X(M_BAD_TARGET, "Nơi nhận không hợp lệ: %s (%s)", "invalid recipients: %s (%s)")                             \
	X(M_NOT_A_COMMUNE, "%s không phải là xã đang có hiệu lực", "%s is not a commune in force")                   \
	X(M_NOTICE_TOO_LONG,                                                                                         \
	  "Tin nhắn thông báo dài %s ký tự, quá %s ký tự của một tin nhắn: hãy rút gọn",                             \
	  "the notice SMS is %s characters, over the %s of one SMS: shorten it")                                     \
	X(M_NOTICE_STATE, "Thông báo %s đang ở trạng thái %s", "notice %s is %s")                                    \
	X(M_NOT_A_POLL, "%s không phải là biểu quyết", "%s is not a poll")                                           \
	X(M_BAD_CHOICES, "Lựa chọn không hợp lệ: %s (%s)", "invalid choices: %s (%s)")                               \
	X(M_POLL_CLOSED, "Biểu quyết %s đã đóng (%s)", "poll %s is closed (%s)")                                     \
	X(M_BACKUP_FAILED, "Không sao lưu được: %s", "backup failed: %s")                                            \
	X(M_BACKUP_MANIFEST, "Không đọc được manifest của bản sao lưu %s: %s",                                       \
	  "cannot read the manifest of backup %s: %s")                                                               \
	X(M_BACKUP_HASH, "Tệp %s của bản sao lưu không khớp với manifest (%s)",                                      \
	  "file %s of the backup does not match its manifest (%s)")                                                  \
	X(M_BACKUP_INTEGRITY, "Cơ sở dữ liệu trong bản sao lưu bị hỏng: %s",                                         \
	  "the backup's database is damaged: %s")                                                                    \
	X(M_BACKUP_SCHEMA,                                                                                           \
	  "Bản sao lưu có lược đồ phiên bản %s, mới hơn phiên bản tiengdan này (%s)",                                \
	  "the backup's schema version %s is newer than this tiengdan knows (%s)")                                   \
	X(M_BACKUP_KEY, "Khoá trong bản sao lưu không mở được số điện thoại được bảo mật: %s",                       \
	  "the key in the backup does not open its sealed numbers: %s")                                              \
	X(M_DAEMON_RUNNING, "tiengdand đang chạy (%s): hãy dừng tiengdand trước khi khôi phục",                      \
	  "tiengdand is running (%s): stop it before restoring")                                                     \
	X(M_REPLY_TOO_LONG,                                                                                          \
	  "Tin trả lời cần %s phần tin nhắn, quá %s phần mà modem ghép được: hãy rút gọn",                           \
	  "the reply takes %s SMS parts, over the %s a modem can concatenate: shorten it")                           \
	X(M_BACKUP_NEEDS_KEY,                                                                                        \
	  "Bản sao lưu này không chứa khoá; nó cần khoá có dấu vân tay %s (%s): khôi phục khoá " \
	  "trước bằng `tiengdan restore` từ bản sao lưu khoá (--key-only)",                                          \
	  "this backup holds no key; it needs the key with fingerprint %s (%s): restore that key "                   \
	  "first with `tiengdan restore` from a key backup (--key-only)")                                            \
	X(M_RESTORE_FAILED, "Không khôi phục được: %s", "restore failed: %s")

enum tderr_msg {
#define TDERR_ENUM(id, vi, en) id,
	TDERR_MESSAGES(TDERR_ENUM)
#undef TDERR_ENUM
	    M__COUNT
};

#define TDERR_ARG_MAX 200

/* An error as it travels: class, message and its arguments; a wrapped
 * error (tderr_wrap) keeps the inner message, formatted in the reader's
 * language as the outer message's second argument. */
struct tderr {
	enum tderr_class cls;
	enum tderr_msg msg;
	char arg[2][TDERR_ARG_MAX];
	bool wrapped;
	enum tderr_msg inner;
	char inner_arg[2][TDERR_ARG_MAX];
};

/* Records an error (a0/a1 may be NULL); returns -1 so callers can
 * `return tderr_set(...)`. e may be NULL. */
int tderr_set(struct tderr *e, enum tderr_class cls, enum tderr_msg msg, const char *a0,
	      const char *a1);
/* Wraps the error already in e as the second argument of msg (e.g.
 * M_CSV_LINE with a0 the line), keeping its class. Returns -1. */
int tderr_wrap(struct tderr *e, enum tderr_msg msg, const char *a0);
/* Formats e in lang ("vi" or "en"; anything else is "vi") into buf. */
void tderr_format(const struct tderr *e, const char *lang, char *buf, size_t len);
/* The protocol word of a class ("invalid", ...) and back (-1 if unknown). */
const char *tderr_class_name(enum tderr_class cls);
int tderr_class_parse(const char *name);
/* The message text of id in lang. */
const char *tderr_text(enum tderr_msg msg, const char *lang);

#endif

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The vocabularies of register_data.h: channels, reasons a đơn is not
 * handled (Circular 05/2021/TT-TTCP Art. 6, Law on Complaints 2011 Art. 11,
 * Law on Denunciations 2018 Art. 27), handling actions and reception kinds.
 */
#include "core/register_data.h"

#include <stdio.h>
#include <string.h>

#define TT05 "Thông tư 05/2021/TT-TTCP, Điều 6"

const struct register_term register_channels[] = {
    {"sms", "tin nhắn SMS", "SMS", NULL},
    {"walkin", "trực tiếp", "in person", NULL},
    {"letter", "qua bưu chính", "by letter", NULL},
    {"phone", "qua điện thoại", "by phone", NULL},
    {"email", "thư điện tử", "e-mail", NULL},
    {"portal", "cổng thông tin", "portal", NULL},
    {"transferred", "cơ quan khác chuyển đến", "transferred by another agency", NULL},
    {NULL, NULL, NULL, NULL},
};

const struct register_term register_ineligible[] = {
    {"anonymous", "đơn nặc danh, không rõ họ tên, địa chỉ", "anonymous", TT05},
    {"no_content", "đơn không rõ nội dung", "no clear content", TT05},
    {"duplicate", "đơn trùng, đã được xử lý hoặc hướng dẫn", "duplicate of a đơn handled", TT05},
    {"unsigned", "đơn không có chữ ký hoặc điểm chỉ", "not signed", TT05},
    {"expired", "hết thời hiệu khiếu nại", "past the time limit", "Luật Khiếu nại 2011, Điều 9"},
    {"resolved", "đã có quyết định giải quyết có hiệu lực pháp luật",
     "already decided with legal effect", "Luật Khiếu nại 2011, Điều 11"},
    {"not_accepted", "tố cáo thuộc trường hợp không thụ lý", "a denunciation not to accept",
     "Luật Tố cáo 2018, Điều 27"},
    {NULL, NULL, NULL, NULL},
};

const struct register_term register_handlings[] = {
    {"guide", "hướng dẫn", "guided", TT05},
    {"transfer", "chuyển đơn", "transferred", TT05},
    {"urge", "đôn đốc", "urged", TT05},
    {NULL, NULL, NULL, NULL},
};

const struct register_term register_reception_kinds[] = {
    {"regular", "tiếp thường xuyên", "regular reception", "Luật Tiếp công dân 2013, Điều 15"},
    {"head", "tiếp của thủ trưởng", "received by the chairman",
     "Luật Tiếp công dân 2013, Điều 15; Luật 136/2025/QH15"},
    {NULL, NULL, NULL, NULL},
};

const struct register_term *register_term_find(const struct register_term *list, const char *name)
{
	for (const struct register_term *t = list; name && t->name; t++)
		if (strcmp(t->name, name) == 0)
			return t;
	return NULL;
}

char *register_term_names(const struct register_term *list, char *buf, size_t len)
{
	size_t used = 0;

	if (len)
		buf[0] = '\0';
	for (const struct register_term *t = list; t->name && used < len; t++) {
		int n = snprintf(buf + used, len - used, "%s%s", used ? ", " : "", t->name);
		if (n < 0)
			break;
		used += (size_t)n;
	}
	return buf;
}

const char *register_term_label(const struct register_term *list, const char *name,
				const char *lang)
{
	const struct register_term *t = register_term_find(list, name);

	if (!t)
		return name;
	return lang && strcmp(lang, "en") == 0 ? t->en : t->vi;
}

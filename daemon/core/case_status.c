/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The table of case statuses of case_status.h.
 */
#include "core/case_status.h"

#include <string.h>

static const struct {
	const char *name;
	const char *vi;
	const char *en;
	const char *sms;
} statuses[CASE_N_STATUSES] = {
    [CASE_RECEIVED] = {"received", "Đã tiếp nhận", "received", "Da tiep nhan"},
    [CASE_ACCEPTED] = {"accepted", "Đã thụ lý", "accepted", "Da thu ly"},
    [CASE_IN_PROGRESS] = {"in_progress", "Đang xử lý", "in progress", "Dang xu ly"},
    [CASE_RESOLVED] = {"resolved", "Đã giải quyết", "resolved", "Da giai quyet"},
    [CASE_CLOSED] = {"closed", "Đã kết thúc", "closed", "Da ket thuc"},
    [CASE_TRANSFERRED] = {"transferred", "Đã chuyển cơ quan có thẩm quyền",
			  "transferred to the competent body", "Da chuyen co quan co tham quyen"},
    [CASE_REJECTED] = {"rejected", "Không đủ điều kiện xử lý", "not admissible",
		       "Khong du dieu kien xu ly"},
    [CASE_DUPLICATE] = {"duplicate", "Gộp vào vụ việc khác", "merged into another case",
			"Gop vao vu viec khac"},
    [CASE_WITHDRAWN] = {"withdrawn", "Đã rút đơn", "withdrawn", "Da rut don"},
};

const char *case_status_name(enum case_status s)
{
	return (unsigned)s < CASE_N_STATUSES ? statuses[s].name : "?";
}

int case_status_parse(const char *name)
{
	for (int i = 0; name && i < CASE_N_STATUSES; i++)
		if (strcmp(statuses[i].name, name) == 0)
			return i;
	return -1;
}

const char *case_status_label(enum case_status s, const char *lang)
{
	if ((unsigned)s >= CASE_N_STATUSES)
		return "?";
	return lang && strcmp(lang, "en") == 0 ? statuses[s].en : statuses[s].vi;
}

const char *case_status_sms(enum case_status s)
{
	return (unsigned)s < CASE_N_STATUSES ? statuses[s].sms : "?";
}

bool case_status_open(enum case_status s)
{
	return s == CASE_RECEIVED || s == CASE_ACCEPTED || s == CASE_IN_PROGRESS;
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The statuses of a case, mirroring the legal workflow (SMS-LANGUAGE.md
 * section 6): names, labels for staff (with diacritics) and for SMS (GSM
 * 7-bit), which are open, and which changes staff may make.
 */
#ifndef TIENGDAN_CASE_STATUS_H
#define TIENGDAN_CASE_STATUS_H

#include <stdbool.h>

enum case_status {
	CASE_RECEIVED = 0, /* Đã tiếp nhận */
	CASE_ACCEPTED,	   /* Đã thụ lý */
	CASE_IN_PROGRESS,  /* Đang xử lý */
	CASE_RESOLVED,	   /* Đã giải quyết / đã trả lời */
	CASE_CLOSED,	   /* Đã kết thúc */
	CASE_TRANSFERRED,  /* Đã chuyển cơ quan có thẩm quyền */
	CASE_REJECTED,	   /* Không đủ điều kiện xử lý */
	CASE_DUPLICATE,	   /* Gộp vào vụ việc khác */
	CASE_WITHDRAWN,	   /* Rút đơn */
	CASE_N_STATUSES,
};

/* "received", ... and back (-1 if unknown). */
const char *case_status_name(enum case_status s);
int case_status_parse(const char *name);
/* The label for staff, in Vietnamese with diacritics or English. */
const char *case_status_label(enum case_status s, const char *lang);
/* The label for an SMS: Vietnamese without diacritics. */
const char *case_status_sms(enum case_status s);
/* Still being worked on: received, accepted, in progress. */
bool case_status_open(enum case_status s);
/* Which changes each kind allows, and why: core/case_workflow.h. */

#endif

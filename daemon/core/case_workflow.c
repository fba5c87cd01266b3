/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The tables of case_workflow.h: the status changes each kind of case may
 * make and the article that allows each, the rule a refused change quotes,
 * and the legal deadlines with their extensions.
 */
#include "core/case_workflow.h"

#include <stdio.h>
#include <string.h>

#define KN "Luật Khiếu nại 2011"
#define TC "Luật Tố cáo 2018"
#define TT05 "Thông tư 05/2021/TT-TTCP"

#define F CODE_KIND_FEEDBACK
#define C CODE_KIND_COMPLAINT
#define D CODE_KIND_DENUNCIATION
#define R WORKFLOW_NEED_REASON
#define Q WORKFLOW_NEED_DECISION

/* ------------------------------------------------------------ transitions */

const struct workflow_row workflow_rows[] = {
    /* Feedback (kiến nghị, phản ánh): handled as the commune decides. */
    {F, CASE_RECEIVED, CASE_ACCEPTED, 0, TT05 ", Điều 9"},
    {F, CASE_RECEIVED, CASE_IN_PROGRESS, 0, TT05 ", Điều 9"},
    {F, CASE_RECEIVED, CASE_RESOLVED, 0, TT05 ", Điều 9"},
    {F, CASE_ACCEPTED, CASE_IN_PROGRESS, 0, TT05 ", Điều 9"},
    {F, CASE_ACCEPTED, CASE_RESOLVED, 0, TT05 ", Điều 9"},
    {F, CASE_IN_PROGRESS, CASE_RESOLVED, 0, TT05 ", Điều 9"},
    {F, CASE_RESOLVED, CASE_CLOSED, 0, TT05 ", Điều 9"},
    {F, CASE_RESOLVED, CASE_IN_PROGRESS, 0, TT05 ", Điều 9"},
    {F, CASE_RECEIVED, CASE_TRANSFERRED, R, TT05 ", Điều 9"},
    {F, CASE_ACCEPTED, CASE_TRANSFERRED, R, TT05 ", Điều 9"},
    {F, CASE_IN_PROGRESS, CASE_TRANSFERRED, R, TT05 ", Điều 9"},
    {F, CASE_RECEIVED, CASE_REJECTED, R, TT05 ", Điều 6"},
    {F, CASE_ACCEPTED, CASE_REJECTED, R, TT05 ", Điều 6"},
    {F, CASE_IN_PROGRESS, CASE_REJECTED, R, TT05 ", Điều 6"},
    {F, CASE_RECEIVED, CASE_DUPLICATE, 0, TT05 ", Điều 6"},
    {F, CASE_ACCEPTED, CASE_DUPLICATE, 0, TT05 ", Điều 6"},
    {F, CASE_IN_PROGRESS, CASE_DUPLICATE, 0, TT05 ", Điều 6"},
    {F, CASE_RECEIVED, CASE_WITHDRAWN, 0, TT05 ", Điều 9"},
    {F, CASE_ACCEPTED, CASE_WITHDRAWN, 0, TT05 ", Điều 9"},
    {F, CASE_IN_PROGRESS, CASE_WITHDRAWN, 0, TT05 ", Điều 9"},

    /* Complaints: accepted (thụ lý) or refused with a reason first. */
    {C, CASE_RECEIVED, CASE_ACCEPTED, 0, KN ", Điều 27"},
    {C, CASE_RECEIVED, CASE_REJECTED, R, KN ", Điều 11 và Điều 27"},
    {C, CASE_RECEIVED, CASE_TRANSFERRED, R, TT05 ", Điều 7"},
    {C, CASE_RECEIVED, CASE_DUPLICATE, 0, TT05 ", Điều 6"},
    {C, CASE_RECEIVED, CASE_WITHDRAWN, 0, KN ", Điều 10"},
    {C, CASE_ACCEPTED, CASE_IN_PROGRESS, 0, KN ", Điều 29"},
    {C, CASE_ACCEPTED, CASE_RESOLVED, Q, KN ", Điều 28 và Điều 31"},
    {C, CASE_ACCEPTED, CASE_WITHDRAWN, 0, KN ", Điều 10"},
    {C, CASE_IN_PROGRESS, CASE_RESOLVED, Q, KN ", Điều 28 và Điều 31"},
    {C, CASE_IN_PROGRESS, CASE_WITHDRAWN, 0, KN ", Điều 10"},
    {C, CASE_RESOLVED, CASE_CLOSED, 0, KN ", Điều 44"},

    /* Denunciations: accepted or refused, verified, concluded. */
    {D, CASE_RECEIVED, CASE_ACCEPTED, 0, TC ", Điều 24 và Điều 29"},
    {D, CASE_RECEIVED, CASE_REJECTED, R, TC ", Điều 27"},
    {D, CASE_RECEIVED, CASE_TRANSFERRED, R, TC ", Điều 24"},
    {D, CASE_RECEIVED, CASE_DUPLICATE, 0, TC ", Điều 24"},
    {D, CASE_RECEIVED, CASE_WITHDRAWN, 0, TC ", Điều 33"},
    {D, CASE_ACCEPTED, CASE_IN_PROGRESS, 0, TC ", Điều 31"},
    {D, CASE_ACCEPTED, CASE_RESOLVED, Q, TC ", Điều 30 và Điều 35"},
    {D, CASE_ACCEPTED, CASE_WITHDRAWN, 0, TC ", Điều 33"},
    {D, CASE_IN_PROGRESS, CASE_RESOLVED, Q, TC ", Điều 30 và Điều 35"},
    {D, CASE_IN_PROGRESS, CASE_WITHDRAWN, 0, TC ", Điều 33"},
    {D, CASE_RESOLVED, CASE_CLOSED, 0, TC ", Điều 36"},
    {0, 0, 0, 0, NULL},
};

/* ------------------------------------------------------------ rules */

const struct workflow_rule workflow_rules[] = {
    {C, CASE_ACCEPTED, "chỉ thụ lý khiếu nại vừa tiếp nhận, trong 10 ngày", KN ", Điều 27"},
    {C, CASE_IN_PROGRESS, "chỉ xác minh khiếu nại đã thụ lý", KN ", Điều 29"},
    {C, CASE_RESOLVED,
     "khiếu nại phải được thụ lý trước khi giải quyết; quyết định giải quyết ghi số và ngày",
     KN ", Điều 27, 28 và 31"},
    {C, CASE_CLOSED, "chỉ kết thúc khiếu nại đã có quyết định giải quyết", KN ", Điều 44"},
    {C, CASE_REJECTED, "chỉ từ chối thụ lý khiếu nại chưa thụ lý, nêu rõ lý do",
     KN ", Điều 11 và Điều 27"},
    {C, CASE_TRANSFERRED, "chỉ chuyển khiếu nại chưa thụ lý, ghi rõ nơi chuyển", TT05 ", Điều 7"},
    {C, CASE_DUPLICATE, "chỉ gộp khiếu nại chưa thụ lý", TT05 ", Điều 6"},
    {C, CASE_WITHDRAWN, "chỉ rút khiếu nại trước khi có quyết định giải quyết", KN ", Điều 10"},
    {C, CASE_RECEIVED,
     "khiếu nại quyết định giải quyết là khiếu nại lần hai, một đơn mới; không mở lại",
     KN ", Điều 33"},
    {D, CASE_ACCEPTED, "chỉ thụ lý tố cáo vừa tiếp nhận", TC ", Điều 24 và Điều 29"},
    {D, CASE_IN_PROGRESS, "chỉ xác minh tố cáo đã thụ lý", TC ", Điều 31"},
    {D, CASE_RESOLVED, "tố cáo phải được thụ lý trước khi kết luận; kết luận ghi số và ngày",
     TC ", Điều 29, 30 và 35"},
    {D, CASE_CLOSED, "chỉ kết thúc tố cáo đã có kết luận", TC ", Điều 36"},
    {D, CASE_REJECTED, "chỉ không thụ lý tố cáo chưa thụ lý, nêu rõ lý do", TC ", Điều 27"},
    {D, CASE_TRANSFERRED, "chỉ chuyển tố cáo chưa thụ lý, ghi rõ nơi chuyển", TC ", Điều 24"},
    {D, CASE_DUPLICATE, "chỉ gộp tố cáo chưa thụ lý", TC ", Điều 24"},
    {D, CASE_WITHDRAWN, "chỉ rút tố cáo trước khi có kết luận", TC ", Điều 33"},
    {D, CASE_RECEIVED, "tố cáo đã kết luận không mở lại; tố cáo tiếp là đơn mới", TC ", Điều 37"},
    {F, CASE_REJECTED, "từ chối xử lý phải nêu rõ lý do", TT05 ", Điều 6"},
    {F, CASE_TRANSFERRED, "chuyển đơn phải ghi rõ nơi chuyển", TT05 ", Điều 9"},
    {0, 0, NULL, NULL},
};

/* ------------------------------------------------------------ deadlines */

const struct workflow_deadline workflow_deadlines[] = {
    {F, WORKFLOW_DUE_FIRST, 10, TT05 ", Điều 9"},
    {C, WORKFLOW_DUE_FIRST, 10, KN ", Điều 27"},
    {C, WORKFLOW_DUE_RESOLVE, 30, KN ", Điều 28"},
    {C, WORKFLOW_DUE_COMPLEX, 45, KN ", Điều 28"},
    {C, WORKFLOW_DUE_REMOTE_ADD, 15, KN ", Điều 28"},
    {D, WORKFLOW_DUE_FIRST, 10, TC ", Điều 24"},
    {D, WORKFLOW_DUE_RESOLVE, 30, TC ", Điều 30"},
    {D, WORKFLOW_DUE_COMPLEX, 60, TC ", Điều 30"},
    {0, 0, 0, NULL},
};

/* ------------------------------------------------------------ kinds */

static const struct {
	enum code_kind kind;
	const char *name, *vi, *en;
} kinds[] = {
    {F, "feedback", "Phản ánh, kiến nghị", "feedback"},
    {C, "complaint", "Khiếu nại", "complaint"},
    {D, "denunciation", "Tố cáo", "denunciation"},
};
#define N_KINDS (sizeof(kinds) / sizeof(kinds[0]))

const char *case_kind_name(enum code_kind kind)
{
	for (size_t i = 0; i < N_KINDS; i++)
		if (kinds[i].kind == kind)
			return kinds[i].name;
	return "?";
}

enum code_kind case_kind_parse(const char *name)
{
	for (size_t i = 0; name && i < N_KINDS; i++)
		if (strcmp(kinds[i].name, name) == 0)
			return kinds[i].kind;
	return CODE_KIND_NONE;
}

const char *case_kind_label(enum code_kind kind, const char *lang)
{
	bool en = lang && strcmp(lang, "en") == 0;

	for (size_t i = 0; i < N_KINDS; i++)
		if (kinds[i].kind == kind)
			return en ? kinds[i].en : kinds[i].vi;
	return "?";
}

/* ------------------------------------------------------------ checks */

const struct workflow_row *case_workflow_find(enum code_kind kind, enum case_status from,
					      enum case_status to)
{
	for (const struct workflow_row *r = workflow_rows; r->basis; r++)
		if (r->kind == kind && r->from == from && r->to == to)
			return r;
	return NULL;
}

static const struct workflow_rule *rule_for(enum code_kind kind, enum case_status to)
{
	for (const struct workflow_rule *r = workflow_rules; r->basis; r++)
		if (r->kind == kind && r->to == to)
			return r;
	return NULL;
}

const struct workflow_row *case_workflow_check(enum code_kind kind, enum case_status from,
					       enum case_status to, const char *reason,
					       bool has_decision, char *why, size_t len)
{
	const struct workflow_row *row = case_workflow_find(kind, from, to);
	const struct workflow_rule *rule = rule_for(kind, to);

	if (row && (row->needs & WORKFLOW_NEED_REASON) && !(reason && reason[0]))
		snprintf(why, len,
			 "phải ghi lý do (--note hoặc --reason) khi chuyển sang «%s» (%s)",
			 case_status_label(to, "vi"), row->basis);
	else if (row && (row->needs & WORKFLOW_NEED_DECISION) && !has_decision)
		snprintf(why, len,
			 "phải ghi số và ngày của quyết định, kết luận (--decision, "
			 "--decision-date) (%s)",
			 row->basis);
	else if (row)
		return row;
	else if (rule)
		snprintf(why, len, "%s: %s (%s)", case_kind_label(kind, "vi"), rule->rule_vi,
			 rule->basis);
	else
		snprintf(why, len, "%s không chuyển từ «%s» sang «%s»", case_kind_label(kind, "vi"),
			 case_status_label(from, "vi"), case_status_label(to, "vi"));
	return NULL;
}

bool case_status_change_allowed(enum case_status from, enum case_status to)
{
	for (const struct workflow_row *r = workflow_rows; r->basis; r++)
		if (r->from == from && r->to == to)
			return true;
	return false;
}

const struct workflow_deadline *case_workflow_deadline(enum code_kind kind,
						       enum workflow_deadline_what what)
{
	for (const struct workflow_deadline *d = workflow_deadlines; d->basis; d++)
		if (d->kind == kind && d->what == what)
			return d;
	return NULL;
}

/* ------------------------------------------------------------ extensions */

enum workflow_extension case_workflow_extension_parse(const char *name)
{
	if (!name)
		return 0;
	if (!strcmp(name, "complex") || !strcmp(name, "phuc-tap") || !strcmp(name, "phức-tạp"))
		return WORKFLOW_EXT_COMPLEX;
	if (!strcmp(name, "remote") || !strcmp(name, "vung-sau") || !strcmp(name, "vùng-sâu"))
		return WORKFLOW_EXT_REMOTE;
	return 0;
}

const char *case_workflow_extension_basis(enum code_kind kind, enum workflow_extension ext)
{
	const struct workflow_deadline *d = NULL;

	if (ext == WORKFLOW_EXT_COMPLEX)
		d = case_workflow_deadline(kind, WORKFLOW_DUE_COMPLEX);
	else if (ext == WORKFLOW_EXT_REMOTE)
		d = case_workflow_deadline(kind, WORKFLOW_DUE_REMOTE_ADD);
	return d ? d->basis : NULL;
}

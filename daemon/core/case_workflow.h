/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The legal workflow of each kind of case as data: which status changes the
 * Law on Complaints (2011), the Law on Denunciations (2018), their
 * amendments in Law 136/2025/QH15 and Circular 05/2021/TT-TTCP allow, what
 * each change must record (a reason, a decision), the deadlines and their
 * extensions, each row with the article it follows. Pure: no I/O.
 */
#ifndef TIENGDAN_CASE_WORKFLOW_H
#define TIENGDAN_CASE_WORKFLOW_H

#include <stdbool.h>
#include <stddef.h>

#include "core/case_status.h"
#include "core/code.h"

/* What a change must record, as bits. */
enum workflow_need {
	WORKFLOW_NEED_REASON = 1 << 0,	 /* a reason (refusal, transfer, withdrawal) */
	WORKFLOW_NEED_DECISION = 1 << 1, /* a decision's number and date */
};

/* One allowed status change of one kind of case. */
struct workflow_row {
	enum code_kind kind;
	enum case_status from;
	enum case_status to;
	unsigned needs;	   /* enum workflow_need */
	const char *basis; /* the article it follows, in Vietnamese */
};

/* Why a kind of case may enter a status: the rule a refusal quotes. */
struct workflow_rule {
	enum code_kind kind;
	enum case_status to;
	const char *rule_vi; /* the rule in Vietnamese with diacritics */
	const char *basis;   /* the article */
};

/* A legal deadline in working days, with its article. */
enum workflow_deadline_what {
	WORKFLOW_DUE_FIRST,	 /* receipt -> accepted / processed */
	WORKFLOW_DUE_RESOLVE,	 /* to resolve (from acceptance for complaints) */
	WORKFLOW_DUE_COMPLEX,	 /* to resolve a complex case */
	WORKFLOW_DUE_REMOTE_ADD, /* added in a remote area */
};

struct workflow_deadline {
	enum code_kind kind;
	enum workflow_deadline_what what;
	int days;
	const char *basis;
};

/* The reasons an extension may be granted. */
enum workflow_extension {
	WORKFLOW_EXT_COMPLEX = 1, /* vụ việc phức tạp */
	WORKFLOW_EXT_REMOTE,	  /* vùng sâu, vùng xa đi lại khó khăn */
};

/* The tables, for tests and the README (terminated by a row whose basis is
 * NULL). */
extern const struct workflow_row workflow_rows[];
extern const struct workflow_rule workflow_rules[];
extern const struct workflow_deadline workflow_deadlines[];

/* The kinds of case: "feedback", "complaint", "denunciation" and back
 * (CODE_KIND_NONE if unknown); labels for staff ("vi" or "en"). */
const char *case_kind_name(enum code_kind kind);
enum code_kind case_kind_parse(const char *name);
const char *case_kind_label(enum code_kind kind, const char *lang);

/* The row allowing kind to go from -> to, or NULL when the law does not
 * allow it. */
const struct workflow_row *case_workflow_find(enum code_kind kind, enum case_status from,
					      enum case_status to);

/*
 * Checks a change of a case of kind from -> to with what staff give
 * (reason may be NULL or empty; has_decision when both the decision's
 * number and date are given). Returns the row on success; NULL when it is
 * refused, with the rule (Vietnamese, the article in brackets) written
 * into why (len bytes).
 */
const struct workflow_row *case_workflow_check(enum code_kind kind, enum case_status from,
					       enum case_status to, const char *reason,
					       bool has_decision, char *why, size_t len);

/* Whether some kind allows from -> to (retention's final statuses). */
bool case_status_change_allowed(enum case_status from, enum case_status to);

/* The legal deadline of kind for what, or NULL. */
const struct workflow_deadline *case_workflow_deadline(enum code_kind kind,
						       enum workflow_deadline_what what);

/* The extension named "complex" / "remote" (or Vietnamese "phuc-tap",
 * "vung-sau"), 0 if unknown; whether kind may be extended for it, and the
 * article allowing it. */
enum workflow_extension case_workflow_extension_parse(const char *name);
const char *case_workflow_extension_basis(enum code_kind kind, enum workflow_extension ext);

#endif

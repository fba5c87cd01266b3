/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The register's tables: đơn grouped into vụ việc, their classification
 * (first-time or repeated, eligible, within competence, field), what was
 * done with a đơn outside competence and the agency's answer, the
 * commune's offices and officers, the fields of matters, and the citizen
 * reception register. Runs in the caller's transaction.
 */
#ifndef TIENGDAN_STORE_REGISTER_H
#define TIENGDAN_STORE_REGISTER_H

#include <jansson.h>
#include <stdbool.h>

#include "store/store.h"
#include "store/store_casework.h"
#include "util/tderr.h"

/* Groups đơn c into the vụ việc of đơn to (the vụ việc's first đơn, or to
 * itself), carrying along the đơn already grouped under c; c becomes
 * repeated when the vụ việc had an earlier đơn. The matter's code into
 * matter. 0 or -1 with e (M_BAD_LINK for a đơn linked to itself). */
int store_case_link(struct store *st, const struct case_info *c, const struct case_info *to,
		    const char *actor, char matter[CODE_MAX_LEN], struct tderr *e);

/* A classification; -1 / NULL keep the current value. */
struct case_class {
	int repeated;
	int eligible;
	const char *ineligible_reason; /* a name of register_ineligible */
	int competent;
	const char *field; /* a code of the field table */
};

/* Applies it and records a note of what changed. 0 or -1 with e
 * (M_UNKNOWN_FIELD). */
int store_case_classify(struct store *st, const struct case_info *c, const struct case_class *k,
			const char *actor, struct tderr *e);

/* Records a handling action (guide, transfer, urge) to agency on on_date;
 * the đơn is outside competence from then on. The row id or -1. */
long long store_case_handling_add(struct store *st, const struct case_info *c, const char *action,
				  const char *agency, const char *on_date, const char *actor,
				  struct tderr *e);

/* Records the agency's answer to c's latest unanswered transfer. The
 * agency's name into agency (128 bytes). 0 or -1 with e (M_NO_TRANSFER). */
int store_case_handling_answer(struct store *st, const struct case_info *c, const char *answer,
			       const char *on_date, const char *actor, char agency[128],
			       struct tderr *e);

/* The office or officer named by what (its code, or its exact name): 1
 * with its code in code (64 bytes) and whether it is an officer (with its
 * office in office, 64 bytes), 0 if none, -1. */
int store_office_find(struct store *st, const char *what, char code[64], char office[64],
		      bool *officer);

/* Assigns c to an office (officer NULL) or an officer of office. 0 or -1. */
int store_case_assign_office(struct store *st, const struct case_info *c, const char *office,
			     const char *officer, const char *actor, struct tderr *e);

/* Offices and officers: {code, name, office}. Adds one (office NULL: an
 * office; else an officer of that office). */
json_t *store_offices_list(struct store *st);
int store_office_add(struct store *st, const char *code, const char *name, const char *office,
		     struct tderr *e);

/* Fields of matters: {code, name}; adds one. */
json_t *store_fields_list(struct store *st);
int store_field_add(struct store *st, const char *code, const char *name, struct tderr *e);

/* A reception visit (lượt). */
struct reception_new {
	const char *date; /* local date */
	const char *kind; /* "regular", "head" */
	int persons;
	bool group;
	const char *name;
	const char *text;
	const char *actor;
};

/* Inserts it; the visit's id or -1. */
long long store_reception_add(struct store *st, const struct reception_new *v, struct tderr *e);

/* Records that visit id concerned c's vụ việc: repeated (vụ việc cũ) when
 * the vụ việc already had a đơn by the visit's day or an earlier visit,
 * new when the visit opened c (opened_here). 0 or -1. */
int store_reception_case(struct store *st, long long id, const struct case_info *c,
			 bool opened_here, struct tderr *e);

/* Visits between from and to (NULL: any), newest first: {id, visit_date,
 * kind, persons, is_group, name, text, cases}. */
json_t *store_reception_list(struct store *st, const char *from, const char *to, int limit);

/* One visit with its cases ({code, kind, status, repeated}); NULL with e
 * (M_NO_RECEPTION). */
json_t *store_reception_show(struct store *st, long long id, struct tderr *e);

/* The register's figures for the forms over [from, to]: đơn received (by
 * channel, carried over from before from), vụ việc, within competence,
 * first-time and repeated, eligible, and the reception's lượt, người, vụ
 * việc and đoàn đông người. NULL on error. */
json_t *store_register_counts(struct store *st, const char *from, const char *to);

#endif

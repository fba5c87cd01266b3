/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The forms a commune files under Circular 06/2025/TT-TTCP as data: each
 * form's numbered columns with their multi-level Vietnamese headers, the
 * sum relations between columns ("1 = 2 + 3"), the columns the register
 * cannot fill, and how one đơn or one reception visit adds to a row.
 * Pure: no I/O.
 */
#ifndef TIENGDAN_FORMS_H
#define TIENGDAN_FORMS_H

#include <stdbool.h>

#define FORM_COLS_MAX 32
#define FORM_HEAD_LEVELS 3
#define FORM_PARTS_MAX 8

/* A numbered column. head[0] is the top header, head[1] and head[2] the
 * levels below it (NULL: the level above spans down to the numbers). */
struct form_col {
	const char *key;		    /* "carried_over": JSON and CSV */
	const char *head[FORM_HEAD_LEVELS]; /* Vietnamese, with diacritics */
	bool unfilled;			    /* the register does not record it */
};

/* total = parts[0] + parts[1] + ... (column numbers, 1-based; 0 ends). */
struct form_sum {
	int total;
	int parts[FORM_PARTS_MAX];
};

enum form_source { FORM_SRC_DON, FORM_SRC_RECEPTION };

struct form_def {
	const char *code;  /* "02/XLD" */
	const char *title; /* "BÁO CÁO KẾT QUẢ XỬ LÝ ĐƠN" */
	enum form_source source;
	const struct form_col *cols; /* column n is cols[n - 1] */
	int n_cols;
	const struct form_sum *sums;
	int n_sums;
	const char *const *notes; /* NULL-terminated: how the columns are counted */
};

/* The form of code ("01/TCD", "02/XLD", "03/GQKN", "04/GQTC"), or NULL. */
const struct form_def *form_find(const char *code);

/* The four forms in order; NULL after the last (i from 0). */
const struct form_def *form_at(int i);

/* The "1 = 2 + 3" text of sum s into buf (len bytes); returns buf. */
char *form_sum_text(const struct form_sum *s, char *buf, unsigned len);

/* The number of the first sum relation vals (n_cols values, column n in
 * vals[n - 1]) breaks, or -1 when all hold. Unfilled columns count as 0. */
int form_check(const struct form_def *f, const long long *vals);

/* ------------------------------------------------------------ counting */

enum form_kind { FORM_FEEDBACK, FORM_COMPLAINT, FORM_DENUNCIATION };
enum form_action { FORM_ACT_NONE, FORM_ACT_GUIDE, FORM_ACT_TRANSFER, FORM_ACT_URGE };

/* The facts of one đơn the period concerns (received in it, or before it
 * and still open on its first day), as of the period's last day. */
struct form_don {
	enum form_kind kind;
	bool carried;		 /* received before the period */
	bool new_matter;	 /* the first đơn of its vụ việc counted in this row */
	bool eligible;		 /* đủ điều kiện xử lý */
	bool competent;		 /* thuộc thẩm quyền */
	bool repeated;		 /* the vụ việc had an earlier đơn */
	bool handled;		 /* accepted, closed or handled outside competence by the end */
	bool accepted;		 /* thụ lý by the end */
	bool resolved;		 /* resolved or closed by the end */
	bool on_time;		 /* resolved by the deadline that applied */
	bool withdrawn;		 /* withdrawn by the end */
	bool open_end;		 /* still open at the end */
	int field;		 /* index of form_fields, the last one for any other */
	enum form_action action; /* the latest handling outside competence */
	int answers;		 /* transfer answers received in the period */
};

/* The fields of matters the forms have a column for (the defaults of the
 * register's field table); NULL-terminated. */
extern const char *const form_fields[];

/* The index in form_fields of code (NULL or unknown: the last, "other"). */
int form_field_index(const char *code);

/* One reception visit (lượt) in the period. */
struct form_visit {
	bool head;	  /* received by the head of the commune */
	bool new_session; /* the first head visit of its day in this row */
	int persons;
	bool group;	 /* đoàn đông người */
	int matters_new; /* vụ việc it concerned, first time */
	int matters_old; /* and already seen */
};

/* Adds a đơn / a visit to a row of f (n_cols values); a form of the
 * other source is left alone. */
void form_add_don(const struct form_def *f, const struct form_don *d, long long *vals);
void form_add_visit(const struct form_def *f, const struct form_visit *v, long long *vals);

#endif

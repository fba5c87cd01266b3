/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * report --form --xlsx: a form of Circular 06/2025/TT-TTCP as a spreadsheet
 * (libxlsxwriter): the form's title, unit and period, merged multi-level
 * headers, column numbers, one row per unit and a total row whose sum
 * relations are formulas, notes; A4 landscape, Times New Roman.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "console.h"

#define HEAD_ROW 5  /* first header row (0-based) */
#define FIRST_COL 2 /* A: STT, B: the unit */
#define LEVELS 3

struct xfmt {
	lxw_format *title, *text, *head, *num, *bold_num, *bold;
};

static lxw_format *fmt_new(lxw_workbook *wb, bool bold, bool border, bool center)
{
	lxw_format *f = workbook_add_format(wb);

	format_set_font_name(f, "Times New Roman");
	format_set_font_size(f, 12);
	if (bold)
		format_set_bold(f);
	if (border)
		format_set_border(f, LXW_BORDER_THIN);
	if (center) {
		format_set_align(f, LXW_ALIGN_CENTER);
		format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
		format_set_text_wrap(f);
	}
	return f;
}

/* The header text of column c at level l, or NULL. */
static const char *head_at(const json_t *cols, size_t c, int l)
{
	return json_string_value(
	    json_array_get(json_object_get(json_array_get(cols, c), "head"), l));
}

/* Whether columns a and b share their headers down to level l. */
static bool same_head(const json_t *cols, size_t a, size_t b, int l)
{
	for (int k = 0; k <= l; k++) {
		const char *x = head_at(cols, a, k), *y = head_at(cols, b, k);
		if (!x || !y || strcmp(x, y))
			return false;
	}
	return true;
}

static void put(lxw_worksheet *ws, int r1, int c1, int r2, int c2, const char *s, lxw_format *f)
{
	if (r1 == r2 && c1 == c2)
		worksheet_write_string(ws, (lxw_row_t)r1, (lxw_col_t)c1, s, f);
	else
		worksheet_merge_range(ws, (lxw_row_t)r1, (lxw_col_t)c1, (lxw_row_t)r2,
				      (lxw_col_t)c2, s, f);
}

/* The headers: each run of columns with the same text at a level is one
 * merged cell, spanning down when nothing is below it; then the numbers. */
static void write_heads(lxw_worksheet *ws, const json_t *cols, const struct xfmt *x, int en)
{
	size_t n = json_array_size(cols);
	char num[24];

	put(ws, HEAD_ROW, 0, HEAD_ROW + LEVELS - 1, 0, "STT", x->head);
	put(ws, HEAD_ROW, 1, HEAD_ROW + LEVELS - 1, 1, en ? "Unit" : "Đơn vị", x->head);
	for (int l = 0; l < LEVELS; l++) {
		for (size_t c = 0; c < n;) {
			size_t end = c;
			bool leaf = true;

			if (!head_at(cols, c, l)) {
				c++;
				continue;
			}
			while (end + 1 < n && same_head(cols, c, end + 1, l))
				end++;
			for (size_t k = c; k <= end; k++)
				leaf = leaf && (l + 1 >= LEVELS || !head_at(cols, k, l + 1));
			put(ws, HEAD_ROW + l, FIRST_COL + (int)c,
			    leaf ? HEAD_ROW + LEVELS - 1 : HEAD_ROW + l, FIRST_COL + (int)end,
			    head_at(cols, c, l), x->head);
			c = end + 1;
		}
	}
	worksheet_write_string(ws, HEAD_ROW + LEVELS, 0, "A", x->head);
	worksheet_write_string(ws, HEAD_ROW + LEVELS, 1, "B", x->head);
	for (size_t c = 0; c < n; c++) {
		snprintf(num, sizeof(num), "%zu", c + 1);
		worksheet_write_string(ws, HEAD_ROW + LEVELS, (lxw_col_t)(FIRST_COL + c), num,
				       x->head);
	}
}

/* The first sum relation whose total is column n (1-based), or NULL:
 * "1 = 2 + 3". */
static const char *sum_of(const json_t *sums, size_t n)
{
	size_t i;
	const json_t *s;

	json_array_foreach(sums, i, s)
	{
		const char *t = json_string_value(s);
		if (t && (size_t)atoll(t) == n)
			return t;
	}
	return NULL;
}

/* "=C10+D10" for sum "1 = 2 + 3" on sheet row r into buf. */
static void sum_formula(const char *sum, int r, char *buf, size_t len)
{
	const char *p = strchr(sum, '=');
	size_t used = (size_t)snprintf(buf, len, "=");

	while (p && *++p) {
		char cell[16];
		long col = strtol(p, (char **)&p, 10);
		if (col <= 0)
			break;
		lxw_rowcol_to_cell(cell, (lxw_row_t)r, (lxw_col_t)(FIRST_COL + col - 1));
		used += (size_t)snprintf(buf + used, used < len ? len - used : 0, "%s%s",
					 used > 1 ? "+" : "", cell);
		p = strchr(p, '+');
	}
}

/* One row of values at sheet row r; sum columns as formulas with their
 * value cached. */
static void write_values(lxw_worksheet *ws, int r, const json_t *r_json, const json_t *vals,
			 const struct xfmt *x, bool bold)
{
	const json_t *sums = json_object_get(r_json, "sums");
	char formula[256];

	for (size_t c = 0; c < json_array_size(vals); c++) {
		const json_t *v = json_array_get(vals, c);
		const char *sum = sum_of(sums, c + 1);
		lxw_col_t col = (lxw_col_t)(FIRST_COL + c);

		if (!json_is_integer(v)) {
			worksheet_write_blank(ws, (lxw_row_t)r, col, bold ? x->bold_num : x->num);
		} else if (sum) {
			sum_formula(sum, r, formula, sizeof(formula));
			worksheet_write_formula_num(ws, (lxw_row_t)r, col, formula,
						    bold ? x->bold_num : x->num,
						    (double)json_integer_value(v));
		} else {
			worksheet_write_number(ws, (lxw_row_t)r, col, (double)json_integer_value(v),
					       bold ? x->bold_num : x->num);
		}
	}
}

/* The total row: each filled column the sum of the unit rows above. */
static void write_total(lxw_worksheet *ws, int r, int first, const json_t *vals,
			const struct xfmt *x, int en)
{
	char formula[64], a[16], b[16];

	worksheet_write_blank(ws, (lxw_row_t)r, 0, x->bold);
	worksheet_write_string(ws, (lxw_row_t)r, 1, en ? "Total" : "Tổng cộng", x->bold);
	for (size_t c = 0; c < json_array_size(vals); c++) {
		const json_t *v = json_array_get(vals, c);
		lxw_col_t col = (lxw_col_t)(FIRST_COL + c);

		if (!json_is_integer(v) || r == first) {
			if (json_is_integer(v))
				worksheet_write_number(ws, (lxw_row_t)r, col,
						       (double)json_integer_value(v), x->bold_num);
			else
				worksheet_write_blank(ws, (lxw_row_t)r, col, x->bold_num);
			continue;
		}
		lxw_rowcol_to_cell(a, (lxw_row_t)first, col);
		lxw_rowcol_to_cell(b, (lxw_row_t)(r - 1), col);
		snprintf(formula, sizeof(formula), "=SUM(%s:%s)", a, b);
		worksheet_write_formula_num(ws, (lxw_row_t)r, col, formula, x->bold_num,
					    (double)json_integer_value(v));
	}
}

static void write_top(lxw_worksheet *ws, const json_t *r, size_t n, const struct xfmt *x, int en)
{
	const json_t *unit = json_object_get(r, "unit");
	const char *from = json_string_value(json_object_get(r, "from"));
	const char *to = json_string_value(json_object_get(r, "to"));
	char line[512];
	int last = FIRST_COL + (int)n - 1;

	snprintf(line, sizeof(line), "%s %s", en ? "Form" : "Biểu số",
		 json_string_value(json_object_get(r, "form")));
	worksheet_write_string(ws, 0, 0, line, x->bold);
	put(ws, 1, 0, 1, last, json_string_value(json_object_get(r, "title")), x->title);
	snprintf(line, sizeof(line), "%s: %s", en ? "Unit" : "Đơn vị báo cáo",
		 json_is_object(unit) ? json_string_value(json_object_get(unit, "name"))
		 : en		      ? "all units"
				      : "Toàn địa bàn");
	put(ws, 2, 0, 2, last, line, x->text);
	snprintf(line, sizeof(line), "%s %.2s/%.2s/%.4s %s %.2s/%.2s/%.4s",
		 en ? "Period: from" : "Kỳ báo cáo: từ ngày", from + 8, from + 5, from,
		 en ? "to" : "đến ngày", to + 8, to + 5, to);
	put(ws, 3, 0, 3, last, line, x->text);
}

/* The notes under the table: sum relations, unfilled columns, the form's. */
static void write_notes(lxw_worksheet *ws, int r, const json_t *res, const struct xfmt *x, int en)
{
	const json_t *v, *cols = json_object_get(res, "columns");
	char line[1024];
	size_t i, used;

	worksheet_write_string(ws, (lxw_row_t)r++, 0, en ? "Notes:" : "Ghi chú:", x->bold);
	used = (size_t)snprintf(line, sizeof(line), "%s",
				en ? "Sum relations: " : "Quan hệ giữa các cột: ");
	json_array_foreach(json_object_get(res, "sums"), i, v) used +=
	    (size_t)snprintf(line + used, used < sizeof(line) ? sizeof(line) - used : 0, "%s%s",
			     i ? "; " : "", json_string_value(v));
	worksheet_write_string(ws, (lxw_row_t)r++, 0, line, x->text);
	used = 0;
	line[0] = '\0';
	json_array_foreach(cols, i, v)
	{
		if (json_is_true(json_object_get(v, "unfilled")))
			used += (size_t)snprintf(line + used,
						 used < sizeof(line) ? sizeof(line) - used : 0,
						 "%s%zu", used ? ", " : "", i + 1);
	}
	if (used) {
		char full[1200];
		snprintf(full, sizeof(full), "%s %s%s", en ? "Columns" : "Cột", line,
			 en ? ": not recorded in the register, left empty."
			    : ": sổ không ghi nhận, để trống.");
		worksheet_write_string(ws, (lxw_row_t)r++, 0, full, x->text);
	}
	json_array_foreach(json_object_get(res, "notes"), i, v)
	    worksheet_write_string(ws, (lxw_row_t)r++, 0, json_string_value(v), x->text);
}

int report_form_xlsx(const struct console *con, const json_t *r, const char *path)
{
	int en = con->lang && !strcmp(con->lang, "en");
	const json_t *cols = json_object_get(r, "columns"), *rows = json_object_get(r, "rows");
	const json_t *row;
	lxw_workbook *wb = workbook_new(path);
	lxw_worksheet *ws;
	struct xfmt x;
	char name[32];
	int first = HEAD_ROW + LEVELS + 1, at = first;
	size_t i;

	if (!wb) {
		fprintf(stderr, "tiengdan: %s %s\n", tr(con, "cannot_open"), path);
		return EXIT_FAILED;
	}
	snprintf(name, sizeof(name), "%s", json_string_value(json_object_get(r, "form")));
	for (char *p = name; *p; p++)
		if (*p == '/')
			*p = '-';
	ws = workbook_add_worksheet(wb, name);
	x = (struct xfmt){fmt_new(wb, true, false, true), fmt_new(wb, false, false, false),
			  fmt_new(wb, true, true, true),  fmt_new(wb, false, true, false),
			  fmt_new(wb, true, true, false), fmt_new(wb, true, true, false)};
	format_set_font_size(x.title, 14);
	worksheet_set_landscape(ws);
	worksheet_set_paper(ws, 9); /* A4 */
	worksheet_fit_to_pages(ws, 1, 0);
	worksheet_set_column(ws, 0, 0, 5, NULL);
	worksheet_set_column(ws, 1, 1, 24, NULL);
	worksheet_set_column(ws, FIRST_COL, (lxw_col_t)(FIRST_COL + json_array_size(cols)), 9,
			     NULL);
	write_top(ws, r, json_array_size(cols), &x, en);
	write_heads(ws, cols, &x, en);
	json_array_foreach(rows, i, row)
	{
		const char *uname = json_string_value(json_object_get(row, "name"));
		worksheet_write_number(ws, (lxw_row_t)at, 0, (double)(i + 1), x.num);
		worksheet_write_string(ws, (lxw_row_t)at, 1,
				       uname ? uname
				       : en  ? "No unit"
					     : "Chưa rõ đơn vị",
				       x.num);
		write_values(ws, at++, r, json_object_get(row, "values"), &x, false);
	}
	write_total(ws, at, first, json_object_get(json_object_get(r, "total"), "values"), &x, en);
	write_notes(ws, at + 2, r, &x, en);
	if (workbook_close(wb) != LXW_NO_ERROR) {
		fprintf(stderr, "tiengdan: %s %s\n", tr(con, "xlsx_failed"), path);
		return EXIT_FAILED;
	}
	return EXIT_OK;
}

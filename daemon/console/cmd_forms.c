/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * report --form: a form of Circular 06/2025/TT-TTCP the daemon filled,
 * printed as a table of numbered columns, CSV rows (one per unit and the
 * total) or its JSON, or written as a spreadsheet (cmd_forms_xlsx.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "console.h"
#include "util/csv.h"

/* "12" or "" (a column the register cannot fill) into buf. */
static const char *cell(const json_t *v, char buf[32])
{
	if (json_is_integer(v))
		snprintf(buf, 32, "%lld", (long long)json_integer_value(v));
	else
		buf[0] = '\0';
	return buf;
}

static const char *row_name(const json_t *row, int en)
{
	const char *name = json_string_value(json_object_get(row, "name"));

	return name ? name : en ? "No unit" : "Chưa rõ đơn vị";
}

/* unit, name, then the columns by number. */
static int print_csv(const json_t *r, int en)
{
	const json_t *cols = json_object_get(r, "columns"), *row;
	size_t n = json_array_size(cols), i;
	const char **f = calloc(n + 2, sizeof(*f));
	char(*bufs)[32] = calloc(n + 2, sizeof(*bufs));
	int rc = 0;

	f[0] = "unit";
	f[1] = "name";
	for (i = 0; i < n; i++) {
		snprintf(bufs[i], 32, "%zu_%s", i + 1,
			 json_string_value(json_object_get(json_array_get(cols, i), "key")));
		f[i + 2] = bufs[i];
	}
	rc |= csv_write_row(stdout, f, n + 2);
	for (size_t k = 0; k <= json_array_size(json_object_get(r, "rows")); k++) {
		const json_t *vals;
		row = k < json_array_size(json_object_get(r, "rows"))
			  ? json_array_get(json_object_get(r, "rows"), k)
			  : json_object_get(r, "total");
		vals = json_object_get(row, "values");
		f[0] = json_object_get(row, "unit")
			   ? json_string_value(json_object_get(row, "unit"))
			   : "total";
		f[1] = json_object_get(row, "unit") ? row_name(row, en)
		       : en			    ? "Total"
						    : "Tổng cộng";
		for (i = 0; i < n; i++)
			f[i + 2] = cell(json_array_get(vals, i), bufs[i]);
		rc |= csv_write_row(stdout, f, n + 2);
	}
	free(f);
	free(bufs);
	return rc;
}

/* The title, the period, then each column: its number, headers, total. */
static void print_text(const json_t *r, int en)
{
	const json_t *cols = json_object_get(r, "columns"), *col,
		     *unit = json_object_get(r, "unit");
	const json_t *tot = json_object_get(json_object_get(r, "total"), "values"), *row;
	const char *from = json_string_value(json_object_get(r, "from"));
	const char *to = json_string_value(json_object_get(r, "to"));
	char buf[32];
	size_t i, k;

	printf("%s (%s)\n%s: %s\n%s %s %s %s\n", json_string_value(json_object_get(r, "title")),
	       json_string_value(json_object_get(r, "form")), en ? "Unit" : "Đơn vị",
	       json_is_object(unit) ? json_string_value(json_object_get(unit, "name"))
	       : en		    ? "all units"
				    : "toàn địa bàn",
	       en ? "From" : "Từ ngày", from, en ? "to" : "đến ngày", to);
	json_array_foreach(cols, i, col)
	{
		const json_t *head = json_object_get(col, "head"), *h;
		size_t l;

		printf("(%zu)", i + 1);
		json_array_foreach(head, l, h) printf("%s %s", l ? " /" : "", json_string_value(h));
		printf(": %s\n", json_is_true(json_object_get(col, "unfilled"))
				     ? (en ? "(not recorded)" : "(sổ không ghi nhận)")
				     : cell(json_array_get(tot, i), buf));
	}
	json_array_foreach(json_object_get(r, "rows"), k, row)
	{
		printf("- %s:", row_name(row, en));
		json_array_foreach(json_object_get(row, "values"), i, col)
		    printf(" %s", json_is_null(col) ? "-" : cell(col, buf));
		printf("\n");
	}
	json_array_foreach(json_object_get(r, "sums"), i, col)
	    printf("%s%s", i ? "; " : (en ? "Sums: " : "Quan hệ: "), json_string_value(col));
	printf("\n");
	json_array_foreach(json_object_get(r, "notes"), i, col)
	    printf("* %s\n", json_string_value(col));
}

int run_report_form(struct console *con, json_t *args)
{
	json_t *result = NULL;
	char *xlsx = NULL;
	int en = con->lang && !strcmp(con->lang, "en"), rc;

	if (json_object_get(args, "docx")) {
		/* A form is a table: a spreadsheet, not a Word document. */
		fprintf(stderr, "tiengdan: --docx: %s\n", tr(con, "docx_no_form"));
		return EXIT_USAGE;
	}
	if (json_is_string(json_object_get(args, "xlsx")))
		xlsx = strdup(json_string_value(json_object_get(args, "xlsx")));
	json_object_del(args, "xlsx");
	rc = console_call(con, "report.form", args, &result);
	if (rc == EXIT_OK) {
		if (xlsx)
			rc = report_form_xlsx(con, result, xlsx);
		else if (con->format == OUT_JSON)
			output_object(con, result, stdout);
		else if (con->format == OUT_CSV)
			rc = print_csv(result, en) ? EXIT_FAILED : EXIT_OK;
		else
			print_text(result, en);
	}
	free(xlsx);
	json_decref(result);
	return rc;
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The console's output forms: aligned tables for people (widths measured in
 * terminal columns, so Vietnamese lines up), JSON and CSV for scripts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <utf8proc.h>

#include "console.h"
#include "core/case_status.h"
#include "util/csv.h"
#include "util/xalloc.h"

#define CELL_MAX_COLS 60 /* a longer cell is cut in the table form */

static char *cell_text(const struct console *con, const json_t *v);

/* The terminal columns of s. */
static size_t text_width(const char *s)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	size_t w = 0;

	while (*p) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate(p, -1, &cp);
		if (n <= 0) {
			p++;
			w++;
			continue;
		}
		w += (size_t)(utf8proc_charwidth(cp) > 0 ? utf8proc_charwidth(cp) : 0);
		p += n;
	}
	return w;
}

/* Columns the daemon sends as 0/1 that mean no/yes. */
static const char *const yes_no_columns[] = {"household",    "opted_out", "incomplete",
					     "invalid_utf8", "connected", "is_group",
					     "repeated",     "competent", "eligible"};

static bool is_yes_no(const char *key)
{
	for (size_t i = 0; key && i < sizeof(yes_no_columns) / sizeof(yes_no_columns[0]); i++)
		if (strcmp(key, yes_no_columns[i]) == 0)
			return true;
	return false;
}

/* Columns holding a rate in percent, shown with one decimal and the
 * reader's separator: 66,7% (vi), 66.7% (en). */
static const char *const rate_columns[] = {"ack_rate", "on_time_rate", "turnout", "percent"};

static char *rate_text(const struct console *con, const char *key, const json_t *v)
{
	bool en = con->lang && strcmp(con->lang, "en") == 0;
	char *s, *dot;

	for (size_t i = 0;
	     key && json_is_number(v) && i < sizeof(rate_columns) / sizeof(rate_columns[0]); i++)
		if (strcmp(key, rate_columns[i]) == 0) {
			s = xasprintf("%.1f%%", json_number_value(v));
			if (!en && (dot = strchr(s, '.')))
				*dot = ',';
			return s;
		}
	return NULL;
}

/* Columns holding a case status, shown with its label. */
static const char *const status_columns[] = {"status", "status_from", "status_to", "from"};

/* The label of value v of column key for people ("Đã thụ lý" for the
 * status accepted, "Phản ánh" for the kind feedback), or NULL. */
static const char *value_label(const struct console *con, const char *key, const char *v)
{
	char name[96];
	const char *label;
	int s;

	for (size_t i = 0; key && v && i < sizeof(status_columns) / sizeof(status_columns[0]); i++)
		if (strcmp(key, status_columns[i]) == 0 && (s = case_status_parse(v)) >= 0)
			return case_status_label((enum case_status)s, con->lang);
	if (!key || !v)
		return NULL;
	snprintf(name, sizeof(name), "val.%s.%s", key, v);
	label = tr(con, name);
	return strcmp(label, name) ? label : NULL;
}

/* A UTC time the daemon sends ("2026-03-18T02:00:00.123Z") as the
 * commune's local time ("2026-03-18 09:00"), into out; false if v is no
 * such time. The zone is the configuration's (client.c sets TZ), else
 * the default Asia/Ho_Chi_Minh. */
static bool local_time(const char *v, char *out, size_t len)
{
	struct tm tm = {0}, lt;
	size_t n = v ? strlen(v) : 0;
	time_t t;

	if (n < 20 || v[n - 1] != 'Z' || v[10] != 'T' ||
	    sscanf(v, "%4d-%2d-%2dT%2d:%2d:%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
		   &tm.tm_min, &tm.tm_sec) != 6)
		return false;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	if (!getenv("TZ"))
		setenv("TZ", "Asia/Ho_Chi_Minh", 1);
	tzset();
	t = timegm(&tm);
	if (t == (time_t)-1 || !localtime_r(&t, &lt))
		return false;
	return strftime(out, len, "%Y-%m-%d %H:%M", &lt) > 0;
}

/* A cell's text (caller frees): strings as they are with control
 * characters shown as spaces, numbers, yes/no, "-" for null. key (may be
 * NULL) names the column. */
static char *cell_text_of(const struct console *con, const char *key, const json_t *v)
{
	const char *label;
	char *rate = rate_text(con, key, v);

	if (rate)
		return rate;
	if (is_yes_no(key) && json_is_integer(v))
		return xstrdup(tr(con, json_integer_value(v) ? "yes" : "no"));
	label = value_label(con, key, json_string_value(v));
	if (label)
		return xstrdup(label);
	{
		char local[32];
		if (local_time(json_string_value(v), local, sizeof(local)))
			return xstrdup(local);
	}
	return cell_text(con, v);
}

/* s as the terminal may show it (caller frees): C0 controls as spaces (a
 * newline in an SMS), DEL and the C1 controls (U+0080..U+009F, which
 * terminals obey as escape sequences) written out as \x7f, \u0080.. */
static char *terminal_text(const char *s)
{
	size_t len = strlen(s), o = 0;
	char *out = xmalloc(len * 6 + 1); /* a 2-byte C1 becomes 6 */

	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == 0x7f) {
			memcpy(out + o, "\\x7f", 4);
			o += 4;
		} else if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) {
			o += (size_t)sprintf(out + o, "\\u%04x", p[1]);
			p++;
		} else {
			out[o++] = *p < 0x20 ? ' ' : (char)*p;
		}
	}
	out[o] = '\0';
	return out;
}

static char *cell_text(const struct console *con, const json_t *v)
{
	if (!v || json_is_null(v))
		return xstrdup("-");
	if (json_is_string(v))
		return terminal_text(json_string_value(v));
	if (json_is_integer(v))
		return xasprintf("%lld", (long long)json_integer_value(v));
	if (json_is_boolean(v))
		return xstrdup(tr(con, json_is_true(v) ? "yes" : "no"));
	return json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
}

/* Cuts s to at most max terminal columns, ending in "…" when cut. */
static void cut_cell(char *s, size_t max)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	size_t w = 0;

	if (text_width(s) <= max)
		return;
	while (*p) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate(p, -1, &cp);
		size_t cw;
		if (n <= 0)
			n = 1, cp = '?';
		cw = (size_t)(utf8proc_charwidth(cp) > 0 ? utf8proc_charwidth(cp) : 0);
		if (w + cw > max - 1)
			break;
		w += cw;
		p += n;
	}
	strcpy((char *)p, "…");
}

/* Splits "a,b,c" into keys (caller frees keys[0] and keys). */
static size_t split_columns(const char *columns, const json_t *first, char ***keys)
{
	size_t n = 0;

	if (!columns) {
		const char *k;
		json_t *v;
		size_t len = 0, i = 0;
		char *buf;
		json_object_foreach((json_t *)first, k, v) len += strlen(k) + 1;
		buf = xmalloc(len + 1);
		*keys = xcalloc(json_object_size(first) + 1, sizeof(char *));
		json_object_foreach((json_t *)first, k, v)
		{
			strcpy(buf + i, k);
			(*keys)[n++] = buf + i;
			i += strlen(k) + 1;
		}
		if (n == 0)
			free(buf);
		return n;
	}
	char *copy = xstrdup(columns);
	*keys = xcalloc(strlen(columns) + 2, sizeof(char *));
	for (char *tok = strtok(copy, ","); tok; tok = strtok(NULL, ","))
		(*keys)[n++] = tok;
	if (n == 0)
		free(copy);
	return n;
}

static void table_rows(const struct console *con, const json_t *rows, char **keys, size_t nk,
		       FILE *out)
{
	size_t nr = json_array_size(rows);
	char **cells = xcalloc((nr + 1) * nk, sizeof(char *));
	size_t *width = xcalloc(nk, sizeof(size_t));

	for (size_t c = 0; c < nk; c++) {
		char key[96];
		snprintf(key, sizeof(key), "col.%s", keys[c]);
		cells[c] = xstrdup(strcmp(tr(con, key), key) ? tr(con, key) : keys[c]);
	}
	for (size_t r = 0; r < nr; r++)
		for (size_t c = 0; c < nk; c++) {
			char *s = cell_text_of(con, keys[c],
					       json_object_get(json_array_get(rows, r), keys[c]));
			cut_cell(s, CELL_MAX_COLS);
			cells[(r + 1) * nk + c] = s;
		}
	for (size_t i = 0; i < (nr + 1) * nk; i++) {
		size_t w = text_width(cells[i]);
		if (w > width[i % nk])
			width[i % nk] = w;
	}
	for (size_t r = 0; r <= nr; r++) {
		for (size_t c = 0; c < nk; c++) {
			const char *s = cells[r * nk + c];
			fputs(s, out);
			if (c + 1 < nk)
				fprintf(out, "%*s", (int)(width[c] - text_width(s) + 2), "");
		}
		fputc('\n', out);
	}
	for (size_t i = 0; i < (nr + 1) * nk; i++)
		free(cells[i]);
	free(cells);
	free(width);
}

static void csv_rows(const struct console *con, const json_t *rows, char **keys, size_t nk,
		     FILE *out)
{
	char **fields = xcalloc(nk, sizeof(char *));
	size_t i;
	json_t *row;

	csv_write_row(out, (const char *const *)keys, nk);
	json_array_foreach(rows, i, row)
	{
		for (size_t c = 0; c < nk; c++) {
			json_t *v = json_object_get(row, keys[c]);
			fields[c] = json_is_null(v) || !v ? xstrdup("")
				    : json_is_boolean(v)  ? xstrdup(json_is_true(v) ? "1" : "0")
							  : cell_text(con, v);
		}
		csv_write_row(out, (const char *const *)fields, nk);
		for (size_t c = 0; c < nk; c++)
			free(fields[c]);
	}
	free(fields);
}

void output_rows(const struct console *con, const json_t *rows, const char *columns, FILE *out)
{
	char **keys = NULL;
	size_t nk;

	if (con->format == OUT_JSON) {
		json_dumpf(rows, out, JSON_INDENT(2));
		fputc('\n', out);
		return;
	}
	if (json_array_size(rows) == 0 && (!columns || con->format == OUT_TABLE)) {
		if (con->format == OUT_TABLE)
			fprintf(out, "%s\n", tr(con, "none"));
		else if (columns)
			fprintf(out, "%s\n", columns);
		return;
	}
	nk = split_columns(columns, json_array_get(rows, 0), &keys);
	if (con->format == OUT_CSV)
		csv_rows(con, rows, keys, nk, out);
	else
		table_rows(con, rows, keys, nk, out);
	if (nk)
		free(keys[0]);
	free(keys);
}

/* Prints "label: value", nested arrays of objects as indented tables. */
void output_object(const struct console *con, const json_t *obj, FILE *out)
{
	const char *k;
	json_t *v;
	size_t w = 0;

	if (con->format == OUT_JSON || !json_is_object(obj)) {
		json_dumpf(obj, out, JSON_INDENT(2) | JSON_ENCODE_ANY);
		fputc('\n', out);
		return;
	}
	json_object_foreach((json_t *)obj, k, v)
	{
		char key[96];
		snprintf(key, sizeof(key), "col.%s", k);
		if (!json_is_array(v) && text_width(tr(con, key)) > w)
			w = text_width(tr(con, key));
	}
	json_object_foreach((json_t *)obj, k, v)
	{
		char key[96];
		char *s;
		snprintf(key, sizeof(key), "col.%s", k);
		if (json_is_array(v))
			continue;
		s = cell_text_of(con, k, v);
		fprintf(out, "%s:%*s %s\n", tr(con, key), (int)(w - text_width(tr(con, key))), "",
			s);
		free(s);
	}
	json_object_foreach((json_t *)obj, k, v)
	{
		char key[96];
		if (!json_is_array(v))
			continue;
		snprintf(key, sizeof(key), "col.%s", k);
		fprintf(out, "\n%s:\n", tr(con, key));
		if (json_array_size(v) && json_is_object(json_array_get(v, 0))) {
			struct console flat = *con;
			flat.format = OUT_TABLE;
			output_rows(&flat, v, NULL, out);
		} else {
			for (size_t i = 0; i < json_array_size(v); i++) {
				char *s = cell_text(con, json_array_get(v, i));
				fprintf(out, "  %s\n", s);
				free(s);
			}
			if (!json_array_size(v))
				fprintf(out, "  %s\n", tr(con, "none"));
		}
	}
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Reading and writing the CSV files of csv.h with libcsv. The reader feeds
 * libcsv byte by byte so that every record knows the line it starts on.
 */
#include "util/csv.h"

#include <csv.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

#define CSV_OPTIONS (CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL)

static const unsigned char utf8_bom[3] = {0xef, 0xbb, 0xbf};

/* The reader's state between libcsv's callbacks. */
struct reader {
	json_t *header; /* column names; NULL until the first record */
	json_t *fields; /* the fields of the record being read */
	json_t *rows;
	long long line;	 /* the line being read, from 1 */
	long long start; /* the line the current record started on */
	bool between;	 /* no record begun since the last one ended */
	bool failed;
	struct tderr *e;
};

int csv_error_at_line(struct tderr *e, long long line)
{
	char num[24];

	snprintf(num, sizeof(num), "%lld", line);
	return tderr_wrap(e, M_CSV_LINE, num);
}

/* Records an error of the current record; later callbacks do nothing. */
static void reader_fail(struct reader *r, enum tderr_msg msg, const char *a0, const char *a1)
{
	if (r->failed)
		return;
	r->failed = true;
	tderr_set(r->e, TDERR_INVALID, msg, a0, a1);
	csv_error_at_line(r->e, r->start);
}

/* libcsv's field callback: one field of the current record. */
static void reader_field(void *data, size_t len, void *ctx)
{
	struct reader *r = ctx;
	json_t *v;

	if (r->failed)
		return;
	v = data && memchr(data, '\0', len) ? NULL : json_stringn(data ? data : "", len);
	if (!v) {
		reader_fail(r, M_CSV_UTF8, NULL, NULL);
		return;
	}
	json_array_append_new(r->fields, v);
}

/* True when every field of the record is empty (a line of commas). */
static bool record_blank(const json_t *fields)
{
	size_t i;
	json_t *v;

	json_array_foreach(fields, i, v)
	{
		if (json_string_length(v) > 0)
			return false;
	}
	return true;
}

/* Takes the header from the first record: trimmed, lowercased names. */
static void reader_header(struct reader *r)
{
	size_t i;
	json_t *v;

	r->header = json_array();
	json_array_foreach(r->fields, i, v)
	{
		const char *s = json_string_value(v);
		size_t len = json_string_length(v);
		char *name;
		bool repeated = false;
		size_t j;
		json_t *prev;

		while (len && (*s == ' ' || *s == '\t')) {
			s++;
			len--;
		}
		while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
			len--;
		name = xmalloc(len + 1);
		memcpy(name, s, len);
		name[len] = '\0';
		for (char *p = name; *p; p++)
			if (*p >= 'A' && *p <= 'Z')
				*p = (char)(*p - 'A' + 'a');
		json_array_foreach(r->header, j, prev)
		{
			repeated = repeated || strcmp(json_string_value(prev), name) == 0;
		}
		if (!*name || repeated || strcmp(name, "line") == 0)
			reader_fail(r, M_CSV_COLUMN, name, NULL);
		else
			json_array_append_new(r->header, json_string(name));
		free(name);
		if (r->failed)
			return;
	}
}

/* libcsv's record callback: the current record is complete. */
static void reader_record(int c, void *ctx)
{
	struct reader *r = ctx;
	size_t n = json_array_size(r->fields);

	r->between = true;
	if (r->failed)
		return;
	if (n == 0 || record_blank(r->fields)) {
		/* A blank line: nothing to read. */
	} else if (!r->header) {
		reader_header(r);
	} else if (n > json_array_size(r->header)) {
		char got[24], want[24];

		snprintf(got, sizeof(got), "%zu", n);
		snprintf(want, sizeof(want), "%zu", json_array_size(r->header));
		reader_fail(r, M_CSV_FIELDS, got, want);
	} else {
		json_t *obj = json_object();

		for (size_t i = 0; i < n; i++)
			json_object_set(obj, json_string_value(json_array_get(r->header, i)),
					json_array_get(r->fields, i));
		json_object_set_new(obj, "line", json_integer(r->start));
		json_array_append_new(r->rows, obj);
	}
	json_array_clear(r->fields);
}

/* Feeds one byte to the parser, keeping the line count. 0 or -1. */
static int reader_byte(struct reader *r, struct csv_parser *p, unsigned char b)
{
	if (r->between && b != '\r' && b != '\n') {
		r->start = r->line;
		r->between = false;
	}
	if (csv_parse(p, &b, 1, reader_field, reader_record, r) != 1) {
		r->start = r->line;
		reader_fail(r, M_CSV_SYNTAX, NULL, NULL);
	}
	if (b == '\n')
		r->line++;
	return r->failed ? -1 : 0;
}

/* Reads the whole of in through the parser. 0 or -1 with r->e set. */
static int reader_run(struct reader *r, struct csv_parser *p, FILE *in)
{
	unsigned char buf[4096];
	size_t n, i = 0;

	n = fread(buf, 1, sizeof(buf), in);
	if (n >= sizeof(utf8_bom) && memcmp(buf, utf8_bom, sizeof(utf8_bom)) == 0)
		i = sizeof(utf8_bom);
	while (n > 0) {
		for (; i < n; i++)
			if (reader_byte(r, p, buf[i]) < 0)
				return -1;
		n = fread(buf, 1, sizeof(buf), in);
		i = 0;
	}
	if (ferror(in))
		return tderr_set(r->e, TDERR_INTERNAL, M_INTERNAL, "read error", NULL);
	if (csv_fini(p, reader_field, reader_record, r) != 0)
		reader_fail(r, M_CSV_SYNTAX, NULL, NULL);
	return r->failed ? -1 : 0;
}

json_t *csv_read_objects(FILE *in, struct tderr *e)
{
	struct reader r = {.line = 1, .start = 1, .between = true, .e = e};
	struct csv_parser p;
	int rc;

	if (csv_init(&p, CSV_OPTIONS) != 0) {
		tderr_set(e, TDERR_INTERNAL, M_INTERNAL, "csv_init", NULL);
		return NULL;
	}
	r.fields = json_array();
	r.rows = json_array();
	rc = reader_run(&r, &p, in);
	csv_free(&p);
	json_decref(r.fields);
	json_decref(r.header);
	if (rc < 0) {
		json_decref(r.rows);
		return NULL;
	}
	return r.rows;
}

/* True when s must be quoted to read back the same. */
static bool needs_quotes(const char *s, size_t len)
{
	if (len && (s[0] == ' ' || s[0] == '\t' || s[len - 1] == ' ' || s[len - 1] == '\t'))
		return true;
	return strpbrk(s, ",\"\r\n") != NULL;
}

/* True when a spreadsheet would read s as a formula: it starts with =, +,
 * -, @, a tab or a carriage return and is not simply a number (a phone
 * number +84…, an amount -5). */
static bool formula_like(const char *s)
{
	const char *p = s + 1;

	if (!strchr("=+-@\t\r", s[0]) || s[0] == '\0')
		return false;
	if (s[0] != '+' && s[0] != '-')
		return true;
	if (*p == '\0')
		return true;
	for (; *p; p++)
		if ((*p < '0' || *p > '9') && *p != '.')
			return true;
	return false;
}

/* Writes a formula-like field as spreadsheets expect text: quoted, with a
 * leading apostrophe. */
static int write_text_field(FILE *out, const char *s, size_t len)
{
	char *buf = malloc(len + 2);
	int rc;

	if (!buf)
		return -1;
	buf[0] = '\'';
	memcpy(buf + 1, s, len + 1);
	rc = csv_fwrite(out, buf, len + 1);
	free(buf);
	return rc;
}

int csv_write_row(FILE *out, const char *const *fields, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const char *s = fields[i] ? fields[i] : "";
		size_t len = strlen(s);

		if (i > 0 && fputc(',', out) == EOF)
			return -1;
		if (formula_like(s)) {
			if (write_text_field(out, s, len) != 0)
				return -1;
		} else if (needs_quotes(s, len)) {
			if (csv_fwrite(out, s, len) != 0)
				return -1;
		} else if (len && fwrite(s, 1, len, out) != len) {
			return -1;
		}
	}
	if (fputc('\n', out) == EOF)
		return -1;
	return ferror(out) ? -1 : 0;
}

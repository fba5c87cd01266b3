/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * CSV files of staff (units, contacts): reading RFC 4180 records into JSON
 * objects named by the header, and writing rows. Parsing is libcsv's.
 */
#ifndef TIENGDAN_CSV_H
#define TIENGDAN_CSV_H

#include <jansson.h>
#include <stdio.h>

#include "util/tderr.h"

/*
 * Reads in to its end. The first record is the header: column names,
 * trimmed and lowercased (ASCII); a name may not be empty, repeated or
 * "line". Each further record becomes an object {column: "value", ...}
 * plus "line": the 1-based line the record starts on. Quoted fields may
 * hold commas, newlines and "" (RFC 4180); a UTF-8 byte order mark, CRLF
 * line ends and blank lines are accepted; unquoted fields are trimmed.
 * A record with fewer fields than the header lacks the last columns; one
 * with more is an error, as are broken quotes and invalid UTF-8 (all
 * M_CSV_LINE). Empty input gives an empty array. Returns the array
 * (caller owns it) or NULL with e set.
 */
json_t *csv_read_objects(FILE *in, struct tderr *e);

/* Writes one row of n fields (NULL = empty), quoted where needed, ending
 * in "\n". Returns 0 or -1 (write error). */
int csv_write_row(FILE *out, const char *const *fields, size_t n);

/* Wraps the error in e into M_CSV_LINE for this line, keeping its class;
 * the inner message is formatted in Vietnamese (the catalogue's default
 * language), since an error carries only two plain strings. Returns -1. */
int csv_error_at_line(struct tderr *e, long long line);

#endif

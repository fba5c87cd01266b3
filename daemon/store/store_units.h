/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Administrative units: import, listing and the roll-up of a unit that was
 * replaced to the unit that took it over (and up to its commune).
 */
#ifndef TIENGDAN_STORE_UNITS_H
#define TIENGDAN_STORE_UNITS_H

#include <jansson.h>
#include <stddef.h>

#include "store/store.h"
#include "util/tderr.h"

#define UNIT_CODE_MAX 64

/*
 * Imports units: rows is a JSON array of objects with the columns of
 * geo-damrong.csv (code, name, level, parent, valid_from, valid_to,
 * successor, note; empty string or absent = NULL) and "line" (the CSV
 * line, for messages). Existing codes are updated, new ones inserted.
 * Checks: code, name and level present; dates YYYY-MM-DD, valid_to not
 * before valid_from; parent and successor exist (in the file or the
 * database); no unit is its own ancestor or successor (no cycles).
 * All or nothing, in one transaction. Returns the number of rows imported,
 * or -1 with the first problem in e (M_CSV_LINE wrapping it when the row
 * has a line).
 * A code given twice in rows is an error (M_REPEATED). When the caller
 * has a transaction open the import is a savepoint inside it.
 */
int store_units_import(struct store *st, const json_t *rows, struct tderr *e);

/* The number of units in the directory, or -1 on a database error. */
long long store_units_count(struct store *st);

/*
 * Units as a JSON array of objects {code, name, level, parent, valid_from,
 * valid_to, successor, note}, ordered as a tree (each unit after its parent,
 * siblings by code). at (YYYY-MM-DD or NULL for all) keeps the units valid
 * that day. Caller owns the result (json_decref); NULL on error (or a
 * malformed at).
 */
json_t *store_units_list(struct store *st, const char *at);

/*
 * One unit with its context: the fields above plus "parents" (array of
 * {code,name,level}, nearest first), "children" (array of {code,name,
 * level}), "predecessors" (units whose successor it is) and "current" (the
 * unit it rolls up to on date at, itself when in force). NULL with e set
 * (M_UNKNOWN_UNIT) when there is no such unit.
 * Also "commune" (store_unit_commune on at, or null). at NULL is today; a
 * malformed at fails with M_BAD_DATE.
 */
json_t *store_unit_show(struct store *st, const char *code, const char *at, struct tderr *e);

/*
 * The unit a record made in code counts under on date at: follow successors
 * while the unit's valid_to is before at. Writes it into out (size
 * UNIT_CODE_MAX). Returns 0, or -1 when code is unknown.
 */
int store_unit_current(struct store *st, const char *code, const char *at, char *out);

/*
 * The commune a unit belongs to on date at: the unit rolled up (as above),
 * then its ancestors until one of level 'commune' (itself if a commune).
 * Returns 0 and the code in out, or -1 when there is none.
 * A commune so found that was replaced by then (a unit whose own row was
 * not given a successor) gives its successor when that is a commune.
 * For all these roll-ups at NULL means today.
 */
int store_unit_commune(struct store *st, const char *code, const char *at, char *out);

/* True (1) when code is a unit of level 'village' in force on date at;
 * 0 if not; -1 on error. */
int store_unit_is_village(struct store *st, const char *code, const char *at);

#endif

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Contacts of the directory: adding, editing, removing, listing and
 * importing them, each within the communes the caller is given.
 */
#include "store/store_contacts.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "store/store_internal.h"
#include "store/store_units.h"
#include "util/clock.h"
#include "util/csv.h"

#define PHONE_DIGITS_MIN 8
#define PHONE_DIGITS_MAX 15

/* Every contact with its village's name; ?1 village, ?2 role, ?3 phone
 * filter when not NULL. The commune is added in C (a roll-up). */
static const char contacts_sql[] =
    "SELECT c.id, c.phone, c.name, c.village, u.name AS village_name, c.role, c.household,"
    " c.opted_out, c.source, c.created_at, c.updated_at FROM contact c"
    " LEFT JOIN unit u ON u.code = c.village"
    " WHERE (?1 IS NULL OR c.village = ?1) AND (?2 IS NULL OR c.role = ?2)"
    " AND (?3 IS NULL OR c.phone = ?3)"
    " ORDER BY c.village, c.name, c.phone";

static const char *const roles[] = {"resident", "head", "deputy"};
static const char *const sources[] = {"staff", "import", "sms"};

/* Spellings of yes and no in an import file (ASCII case ignored). */
static const char *const yes_words[] = {"1", "yes", "y", "true", "x", "có", "co"};
static const char *const no_words[] = {"0", "no", "n", "false", "không", "khong"};

/* ------------------------------------------------------------------ */
/* Checks */

static bool in_list(const char *s, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(s, list[i]) == 0)
			return true;
	return false;
}

/* '+' and 8 to 15 digits. */
static bool phone_valid(const char *s)
{
	size_t n = 0;

	if (!s || *s++ != '+')
		return false;
	for (; *s; s++, n++)
		if (*s < '0' || *s > '9')
			return false;
	return n >= PHONE_DIGITS_MIN && n <= PHONE_DIGITS_MAX;
}

static bool scope_has(const struct unit_scope *scope, const char *commune)
{
	if (!scope || scope->n == 0)
		return true;
	for (size_t i = 0; commune && i < scope->n; i++)
		if (strcmp(scope->communes[i], commune) == 0)
			return true;
	return false;
}

/* Whether a contact in village (may be NULL) is within scope today. */
static bool village_in_scope(struct store *st, const char *village, const struct unit_scope *scope)
{
	char commune[UNIT_CODE_MAX];

	if (!scope || scope->n == 0)
		return true;
	return village && store_unit_commune(st, village, NULL, commune) == 0 &&
	       scope_has(scope, commune);
}

/* Checks the fields given in c; add requires name and village. */
static int fields_check(struct store *st, const struct contact_fields *c, bool add,
			const struct unit_scope *scope, struct tderr *e)
{
	int village;

	if (!phone_valid(c->phone))
		return tderr_set(e, TDERR_INVALID, M_BAD_PHONE, c->phone ? c->phone : "", NULL);
	if (add && !c->name)
		return tderr_set(e, TDERR_INVALID, M_MISSING_ARG, "name", NULL);
	if (c->name && !*c->name)
		return tderr_set(e, TDERR_INVALID, M_BAD_VALUE, "name", "");
	if (c->role && !in_list(c->role, roles, sizeof(roles) / sizeof(roles[0])))
		return tderr_set(e, TDERR_INVALID, M_BAD_ROLE, c->role, NULL);
	if (c->household < -1 || c->household > 1)
		return tderr_set(e, TDERR_INVALID, M_BAD_VALUE, "household", "?");
	if (c->opted_out < -1 || c->opted_out > 1)
		return tderr_set(e, TDERR_INVALID, M_BAD_VALUE, "opted_out", "?");
	if (c->source && !in_list(c->source, sources, sizeof(sources) / sizeof(sources[0])))
		return tderr_set(e, TDERR_INVALID, M_BAD_VALUE, "source", c->source);
	if (add && !c->village)
		return tderr_set(e, TDERR_INVALID, M_MISSING_ARG, "village", NULL);
	if (!c->village)
		return 0;
	village = store_unit_is_village(st, c->village, NULL);
	if (village < 0)
		return tderr_set(e, TDERR_INTERNAL, M_INTERNAL, store_errmsg(st), NULL);
	if (!village)
		return tderr_set(e, TDERR_INVALID, M_NOT_A_VILLAGE, c->village, NULL);
	if (!village_in_scope(st, c->village, scope))
		return tderr_set(e, TDERR_FORBIDDEN, M_OUT_OF_SCOPE, c->village, NULL);
	return 0;
}

/* The village of the contact with phone into out: 0, 1 when there is no
 * such contact (e set), -1 on error (e set). *has_village is false when
 * the contact has none. */
static int contact_village(struct store *st, const char *phone, char *out, bool *has_village,
			   struct tderr *e)
{
	sqlite3_stmt *stmt = store_prepare(st, "SELECT village FROM contact WHERE phone = ?1");
	int rc;

	if (!stmt)
		return tderr_set(e, TDERR_INTERNAL, M_INTERNAL, store_errmsg(st), NULL);
	store_bind_text(stmt, 1, phone);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		const unsigned char *v = sqlite3_column_text(stmt, 0);

		*has_village = v != NULL;
		snprintf(out, UNIT_CODE_MAX, "%s", v ? (const char *)v : "");
	}
	store_finish(st, stmt);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc == SQLITE_DONE) {
		tderr_set(e, TDERR_NOT_FOUND, M_NO_CONTACT, phone, NULL);
		return 1;
	}
	return tderr_set(e, TDERR_INTERNAL, M_INTERNAL, store_errmsg(st), NULL);
}

/* Finds the contact with phone and checks it is within scope. 0 or -1. */
static int contact_reach(struct store *st, const char *phone, const struct unit_scope *scope,
			 struct tderr *e)
{
	char village[UNIT_CODE_MAX];
	bool has_village = false;

	if (!phone_valid(phone))
		return tderr_set(e, TDERR_INVALID, M_BAD_PHONE, phone ? phone : "", NULL);
	if (contact_village(st, phone, village, &has_village, e) != 0)
		return -1;
	if (!village_in_scope(st, has_village ? village : NULL, scope))
		return tderr_set(e, TDERR_FORBIDDEN, M_OUT_OF_SCOPE, phone, NULL);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Changes */

long long store_contact_add(struct store *st, const struct contact_fields *c,
			    const struct unit_scope *scope, struct tderr *e)
{
	long long id;

	if (fields_check(st, c, true, scope, e) < 0)
		return -1;
	id =
	    store_int(st,
		      "INSERT INTO contact (phone, name, village, role, household, opted_out,"
		      " source, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)"
		      " ON CONFLICT (phone) DO NOTHING RETURNING id",
		      0, STORE_TEXT(1, c->phone), STORE_TEXT(2, c->name), STORE_TEXT(3, c->village),
		      STORE_TEXT(4, c->role ? c->role : "resident"), STORE_INT(5, c->household > 0),
		      STORE_INT(6, c->opted_out > 0),
		      STORE_TEXT(7, c->source ? c->source : "staff"), STORE_NOW(8));
	if (id < 0)
		return tderr_set(e, TDERR_INTERNAL, M_INTERNAL, store_errmsg(st), NULL);
	if (id == 0)
		return tderr_set(e, TDERR_CONFLICT, M_CONTACT_EXISTS, c->phone, NULL);
	return id;
}

int store_contact_edit(struct store *st, const struct contact_fields *c,
		       const struct unit_scope *scope, struct tderr *e)
{
	if (contact_reach(st, c->phone, scope, e) < 0 || fields_check(st, c, false, scope, e) < 0)
		return -1;
	if (store_exec(
		st,
		"UPDATE contact SET name = coalesce(?2, name), village = coalesce(?3, village),"
		" role = coalesce(?4, role),"
		" household = CASE WHEN ?5 < 0 THEN household ELSE ?5 END,"
		" opted_out = CASE WHEN ?6 < 0 THEN opted_out ELSE ?6 END,"
		" source = coalesce(?7, source), updated_at = ?8 WHERE phone = ?1",
		STORE_TEXT(1, c->phone), STORE_TEXT(2, c->name), STORE_TEXT(3, c->village),
		STORE_TEXT(4, c->role), STORE_INT(5, c->household), STORE_INT(6, c->opted_out),
		STORE_TEXT(7, c->source), STORE_NOW(8)) < 0)
		return tderr_set(e, TDERR_INTERNAL, M_INTERNAL, store_errmsg(st), NULL);
	return 0;
}

int store_contact_remove(struct store *st, const char *phone, const struct unit_scope *scope,
			 struct tderr *e)
{
	if (contact_reach(st, phone, scope, e) < 0)
		return -1;
	if (store_exec(st, "DELETE FROM contact WHERE phone = ?1", STORE_TEXT(1, phone)) < 0)
		return tderr_set(e, TDERR_INTERNAL, M_INTERNAL, store_errmsg(st), NULL);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Reading */

/* The commune of a contact's village today, looked up once per village
 * in cache (village -> commune or null). */
static json_t *commune_of(struct store *st, json_t *cache, const char *village)
{
	char commune[UNIT_CODE_MAX];
	json_t *v;

	if (!village)
		return json_null();
	v = json_object_get(cache, village);
	if (!v) {
		v = store_unit_commune(st, village, NULL, commune) == 0 ? json_string(commune)
									: json_null();
		json_object_set_new(cache, village, v);
	}
	return json_incref(v);
}

/* Contacts by the filters of contacts_sql, each with its commune, kept
 * when within scope and in commune (when not NULL). NULL on error. */
static json_t *contacts_query(struct store *st, const char *village, const char *role,
			      const char *phone, const char *commune,
			      const struct unit_scope *scope)
{
	json_t *rows = store_rows_json(st, contacts_sql, STORE_TEXT(1, village),
				       STORE_TEXT(2, role), STORE_TEXT(3, phone));
	json_t *kept, *cache, *row;
	size_t i;

	if (!rows)
		return NULL;
	kept = json_array();
	cache = json_object();
	json_array_foreach(rows, i, row)
	{
		json_t *com =
		    commune_of(st, cache, json_string_value(json_object_get(row, "village")));
		const char *name = json_string_value(com);

		json_object_set_new(row, "commune", com);
		if (scope && scope->n > 0 && !scope_has(scope, name))
			continue;
		if (commune && (!name || strcmp(commune, name) != 0))
			continue;
		json_array_append(kept, row);
	}
	json_decref(cache);
	json_decref(rows);
	return kept;
}

json_t *store_contacts_list(struct store *st, const char *village, const char *role,
			    const char *commune, const struct unit_scope *scope)
{
	return contacts_query(st, village, role, NULL, commune, scope);
}

json_t *store_contact_get(struct store *st, const char *phone, const struct unit_scope *scope,
			  struct tderr *e)
{
	json_t *rows, *row;

	if (contact_reach(st, phone, scope, e) < 0)
		return NULL;
	rows = contacts_query(st, NULL, NULL, phone, NULL, NULL);
	row = rows ? json_incref(json_array_get(rows, 0)) : NULL;
	json_decref(rows);
	if (!row)
		tderr_set(e, TDERR_INTERNAL, M_INTERNAL, store_errmsg(st), NULL);
	return row;
}

/* ------------------------------------------------------------------ */
/* Import */

/* A yes/no cell: 1, 0, -1 when empty or absent; -2 when unreadable. */
static int yes_no(const char *s)
{
	if (!s || !*s)
		return -1;
	for (size_t i = 0; i < sizeof(yes_words) / sizeof(yes_words[0]); i++)
		if (strcasecmp(s, yes_words[i]) == 0)
			return 1;
	for (size_t i = 0; i < sizeof(no_words) / sizeof(no_words[0]); i++)
		if (strcasecmp(s, no_words[i]) == 0)
			return 0;
	return -2;
}

/* A text cell, NULL when empty or absent; *bad when not a string. */
static const char *cell(const json_t *row, const char *key, bool *bad)
{
	json_t *v = json_object_get(row, key);

	if (v && !json_is_string(v) && !json_is_null(v))
		*bad = true;
	return json_string_length(v) > 0 ? json_string_value(v) : NULL;
}

/* Fails when the phone of row i appeared in an earlier row. */
static int phone_repeated(const json_t *rows, size_t i, const char *phone, struct tderr *e)
{
	for (size_t j = 0; j < i; j++) {
		json_t *row = json_array_get(rows, j);
		const char *other = json_string_value(json_object_get(row, "phone"));
		char line[24];

		if (!other || strcmp(other, phone) != 0)
			continue;
		snprintf(line, sizeof(line), "%lld",
			 (long long)json_integer_value(json_object_get(row, "line")));
		return tderr_set(e, TDERR_INVALID, M_REPEATED, phone, line);
	}
	return 0;
}

/* Adds or updates the contact of one import row. 0 or -1 with e. */
static int import_row(struct store *st, const json_t *rows, size_t i,
		      const struct unit_scope *scope, struct tderr *e)
{
	const json_t *row = json_array_get(rows, i);
	bool bad = false;
	const char *household = cell(row, "household", &bad);
	const char *opted_out = cell(row, "opted_out", &bad);
	struct contact_fields c = {
	    .phone = cell(row, "phone", &bad),
	    .name = cell(row, "name", &bad),
	    .village = cell(row, "village", &bad),
	    .role = cell(row, "role", &bad),
	    .household = yes_no(household),
	    .opted_out = yes_no(opted_out),
	};
	int exists;

	if (!json_is_object(row) || bad)
		return tderr_set(e, TDERR_INVALID, M_BAD_VALUE, "row", "?");
	if (c.household == -2)
		return tderr_set(e, TDERR_INVALID, M_BAD_VALUE, "household", household);
	if (c.opted_out == -2)
		return tderr_set(e, TDERR_INVALID, M_BAD_VALUE, "opted_out", opted_out);
	if (!c.phone)
		return tderr_set(e, TDERR_INVALID, M_MISSING_ARG, "phone", NULL);
	if (phone_repeated(rows, i, c.phone, e) < 0)
		return -1;
	exists = (int)store_int(st, "SELECT count(*) FROM contact WHERE phone = ?1", 0,
				STORE_TEXT(1, c.phone));
	if (exists < 0)
		return tderr_set(e, TDERR_INTERNAL, M_INTERNAL, store_errmsg(st), NULL);
	if (exists)
		return store_contact_edit(st, &c, scope, e);
	c.source = "import";
	return store_contact_add(st, &c, scope, e) < 0 ? -1 : 0;
}

int store_contacts_import(struct store *st, const json_t *rows, const struct unit_scope *scope,
			  struct tderr *e)
{
	struct store_tx tx;
	size_t i;
	json_t *row;

	if (!json_is_array(rows))
		return tderr_set(e, TDERR_INVALID, M_BAD_VALUE, "rows", "?");
	if (store_tx_begin(st, &tx) < 0)
		return tderr_set(e, TDERR_INTERNAL, M_INTERNAL, store_errmsg(st), NULL);
	json_array_foreach(rows, i, row)
	{
		long long line = json_integer_value(json_object_get(row, "line"));

		if (import_row(st, rows, i, scope, e) < 0) {
			store_tx_rollback(st, &tx);
			return line > 0 ? csv_error_at_line(e, line) : -1;
		}
	}
	if (store_tx_commit(st, &tx) < 0)
		return tderr_set(e, TDERR_INTERNAL, M_INTERNAL, store_errmsg(st), NULL);
	return (int)json_array_size(rows);
}

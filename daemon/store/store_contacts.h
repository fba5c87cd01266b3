/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Contacts: the people of the directory, their village and role.
 */
#ifndef TIENGDAN_STORE_CONTACTS_H
#define TIENGDAN_STORE_CONTACTS_H

#include <jansson.h>
#include <stdbool.h>

#include "store/store.h"
#include "util/tderr.h"

/* A contact as given by staff. Fields left NULL / -1 are not set (edit) or
 * take their default (add: role resident, household 0, opted_out 0). */
struct contact_fields {
	const char *phone; /* E.164, already normalised by the caller */
	const char *name;
	const char *village; /* unit code of a village in force */
	const char *role;    /* "resident", "head", "deputy" */
	int household;	     /* 0, 1, or -1 */
	int opted_out;	     /* 0, 1, or -1 */
	const char *source;  /* "staff", "import", "sms"; NULL = "staff" */
};

/* Communes a caller may see and change; NULL or n == 0 means all. */
struct unit_scope {
	const char *const *communes;
	size_t n;
};

/*
 * Adds a contact. The village must be a village in force today (local
 * date), within scope; role must be valid. Returns the new id, or -1 with
 * e set (M_CONTACT_EXISTS, M_NOT_A_VILLAGE, M_BAD_ROLE, M_OUT_OF_SCOPE...).
 */
long long store_contact_add(struct store *st, const struct contact_fields *c,
			    const struct unit_scope *scope, struct tderr *e);

/* Changes the fields given of the contact with c->phone (the contact's
 * current village and the new one must both be within scope). Returns 0,
 * or -1 with e set (M_NO_CONTACT, ...). */
int store_contact_edit(struct store *st, const struct contact_fields *c,
		       const struct unit_scope *scope, struct tderr *e);

/* Removes the contact with this phone (within scope). 0 or -1 with e. */
int store_contact_remove(struct store *st, const char *phone, const struct unit_scope *scope,
			 struct tderr *e);

/*
 * Contacts as a JSON array of {id, phone, name, village, village_name,
 * commune, role, household, opted_out, source, created_at, updated_at},
 * ordered by village then name; village/role/commune filter when not NULL
 * (commune: the village's commune after roll-up), and only within scope.
 * Caller owns the result; NULL on error.
 */
json_t *store_contacts_list(struct store *st, const char *village, const char *role,
			    const char *commune, const struct unit_scope *scope);

/* One contact by phone as the object above, or NULL with e (M_NO_CONTACT;
 * M_OUT_OF_SCOPE when the contact's commune is outside scope, as for
 * edit and remove). */
json_t *store_contact_get(struct store *st, const char *phone, const struct unit_scope *scope,
			  struct tderr *e);

/*
 * Imports contacts: rows is a JSON array of objects {line, phone, name,
 * village, role, household, opted_out} (strings; phone already E.164;
 * household/opted_out "1"/"0"/"yes"/"no"/""). Existing phones are updated,
 * new ones added, all within scope. All or nothing. Returns the number of
 * rows imported, or -1 with the first problem in e (wrapped in M_CSV_LINE).
 * For a phone already known an empty cell keeps the field as it is; a new
 * one needs name and village and gets source "import". A phone given twice
 * in rows is an error (M_REPEATED); yes/no also read "y", "true", "x",
 * "có"/"co" and "n", "false", "không"/"khong". Nests inside the caller's
 * transaction (a savepoint) when one is open.
 */
int store_contacts_import(struct store *st, const json_t *rows, const struct unit_scope *scope,
			  struct tderr *e);

#endif

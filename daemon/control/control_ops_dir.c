/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Operations on the directory: who am I, administrative units, contacts.
 */
#include "control/control_internal.h"

#include <stdio.h>
#include <string.h>

#include "core/phone.h"
#include "store/store_contacts.h"
#include "store/store_units.h"
#include "util/clock.h"

/* ---------------------------------------------------------------- whoami */

static json_t *op_whoami(struct request *r, struct tderr *e)
{
	/* null: not limited to any communes. */
	json_t *communes = r->peer->n_communes ? json_array() : json_null();

	for (size_t i = 0; i < r->peer->n_communes; i++)
		json_array_append_new(communes, json_string(r->peer->communes[i]));
	return json_pack("{s:s, s:I, s:s, s:o}", "user", r->peer->user, "uid",
			 (json_int_t)r->peer->uid, "role", conf_role_name(r->peer->role),
			 "communes", communes);
}

/* ---------------------------------------------------------------- units */

/* The "rows" argument of an import: an array of objects. */
static json_t *import_rows(struct request *r, struct tderr *e)
{
	json_t *rows = r->args ? json_object_get(r->args, "rows") : NULL;

	if (!json_is_array(rows)) {
		tderr_set(e, TDERR_INVALID, M_MISSING_ARG, "rows", NULL);
		return NULL;
	}
	return rows;
}

static json_t *op_units_import(struct request *r, struct tderr *e)
{
	json_t *rows = import_rows(r, e);
	const char *file = arg_str(r, "file", e);
	int n;

	if (!rows || e->cls)
		return NULL;
	snprintf(r->target, sizeof(r->target), "%s", file ? file : "");
	n = store_units_import(r->st, rows, e);
	if (n < 0)
		return NULL;
	snprintf(r->detail, sizeof(r->detail), "%d unit(s)", n);
	return json_pack("{s:i}", "imported", n);
}

static json_t *op_units_list(struct request *r, struct tderr *e)
{
	const char *at = arg_date(r, "at", e);
	char today[CLOCK_DATE_LEN];

	if (e->cls)
		return NULL;
	if (!at && !arg_flag(r, "all")) {
		clock_today(today);
		at = today;
	}
	return rows_result(store_units_list(r->st, at), e);
}

static json_t *op_units_show(struct request *r, struct tderr *e)
{
	const char *code = arg_req(r, "code", e);
	const char *at = arg_date(r, "at", e);
	char today[CLOCK_DATE_LEN];

	if (!code || e->cls)
		return NULL;
	snprintf(r->target, sizeof(r->target), "%s", code);
	if (!at) {
		clock_today(today);
		at = today;
	}
	return store_unit_show(r->st, code, at, e);
}

/* ---------------------------------------------------------------- contacts */

/* A yes/no argument as 0/1, -1 when absent; sets e on another value. */
static int arg_yesno(struct request *r, const char *key, struct tderr *e)
{
	json_t *v = r->args ? json_object_get(r->args, key) : NULL;
	const char *s;

	if (!v || json_is_null(v))
		return -1;
	if (json_is_boolean(v))
		return json_is_true(v);
	s = json_string_value(v);
	if (s && (!strcmp(s, "yes") || !strcmp(s, "1") || !strcmp(s, "true") || !strcmp(s, "co")))
		return 1;
	if (s &&
	    (!strcmp(s, "no") || !strcmp(s, "0") || !strcmp(s, "false") || !strcmp(s, "khong")))
		return 0;
	tderr_set(e, TDERR_INVALID, M_BAD_VALUE, key, s ? s : "?");
	return -1;
}

/* Reads the fields of a contact (add and edit share them). */
static int contact_args(struct request *r, struct contact_fields *c, char *phone, struct tderr *e)
{
	memset(c, 0, sizeof(*c));
	c->phone = arg_phone(r, "phone", true, phone, e);
	c->name = arg_str(r, "name", e);
	c->village = arg_str(r, "village", e);
	c->role = arg_str(r, "role", e);
	c->household = arg_yesno(r, "household", e);
	c->opted_out = arg_yesno(r, "opted_out", e);
	if (c->phone)
		snprintf(r->target, sizeof(r->target), "%s", c->phone);
	return c->phone && !e->cls ? 0 : -1;
}

static json_t *op_contacts_add(struct request *r, struct tderr *e)
{
	struct unit_scope scope = peer_scope(r->peer);
	struct contact_fields c;
	char phone[32];

	if (contact_args(r, &c, phone, e) < 0)
		return NULL;
	if (!c.name || !c.name[0])
		return tderr_set(e, TDERR_INVALID, M_MISSING_ARG, "name", NULL), NULL;
	if (!c.village)
		return tderr_set(e, TDERR_INVALID, M_MISSING_ARG, "village", NULL), NULL;
	if (store_contact_add(r->st, &c, &scope, e) < 0)
		return NULL;
	return store_contact_get(r->st, c.phone, &scope, e);
}

static json_t *op_contacts_edit(struct request *r, struct tderr *e)
{
	struct unit_scope scope = peer_scope(r->peer);
	struct contact_fields c;
	char phone[32];

	if (contact_args(r, &c, phone, e) < 0)
		return NULL;
	if (c.name && !c.name[0])
		return tderr_set(e, TDERR_INVALID, M_BAD_VALUE, "name", ""), NULL;
	if (store_contact_edit(r->st, &c, &scope, e) < 0)
		return NULL;
	return store_contact_get(r->st, c.phone, &scope, e);
}

static json_t *op_contacts_remove(struct request *r, struct tderr *e)
{
	struct unit_scope scope = peer_scope(r->peer);
	char phone[32];

	if (!arg_phone(r, "phone", true, phone, e))
		return NULL;
	snprintf(r->target, sizeof(r->target), "%s", phone);
	if (store_contact_remove(r->st, phone, &scope, e) < 0)
		return NULL;
	return json_pack("{s:s}", "removed", phone);
}

static json_t *op_contacts_show(struct request *r, struct tderr *e)
{
	struct unit_scope scope = peer_scope(r->peer);
	char phone[32];

	if (!arg_phone(r, "phone", true, phone, e))
		return NULL;
	snprintf(r->target, sizeof(r->target), "%s", phone);
	return store_contact_get(r->st, phone, &scope, e);
}

static json_t *op_contacts_list(struct request *r, struct tderr *e)
{
	struct unit_scope scope = peer_scope(r->peer);
	const char *village = arg_str(r, "village", e);
	const char *role = arg_str(r, "role", e);
	const char *commune = arg_str(r, "commune", e);

	if (e->cls)
		return NULL;
	return rows_result(store_contacts_list(r->st, village, role, commune, &scope), e);
}

/* Normalises each row's phone to E.164 in place; a bad one fails the
 * import with its line. */
static int normalise_phones(struct request *r, json_t *rows, struct tderr *e)
{
	size_t i;
	json_t *row;

	json_array_foreach(rows, i, row)
	{
		const char *raw = json_string_value(json_object_get(row, "phone"));
		char phone[32], line[24];
		if (raw && phone_normalize(raw, r->conf->country_code, phone, sizeof(phone)) ==
			       PHONE_PERSON) {
			json_object_set_new(row, "phone", json_string(phone));
			continue;
		}
		snprintf(line, sizeof(line), "%lld",
			 (long long)json_integer_value(json_object_get(row, "line")));
		tderr_set(e, TDERR_INVALID, M_BAD_PHONE, raw ? raw : "", NULL);
		return tderr_wrap(e, M_CSV_LINE, line);
	}
	return 0;
}

static json_t *op_contacts_import(struct request *r, struct tderr *e)
{
	struct unit_scope scope = peer_scope(r->peer);
	json_t *rows = import_rows(r, e);
	const char *file = arg_str(r, "file", e);
	int n;

	if (!rows || e->cls)
		return NULL;
	snprintf(r->target, sizeof(r->target), "%s", file ? file : "");
	if (normalise_phones(r, rows, e) < 0)
		return NULL;
	n = store_contacts_import(r->st, rows, &scope, e);
	if (n < 0)
		return NULL;
	snprintf(r->detail, sizeof(r->detail), "%d contact(s)", n);
	return json_pack("{s:i}", "imported", n);
}

/* ---------------------------------------------------------------- table */

const struct op control_ops_directory[] = {
    {"whoami", ROLE_VIEWER, false, op_whoami},
    {"units.list", ROLE_VIEWER, false, op_units_list},
    {"units.show", ROLE_VIEWER, false, op_units_show},
    {"units.import", ROLE_ADMIN, true, op_units_import},
    {"contacts.list", ROLE_VIEWER, false, op_contacts_list},
    {"contacts.show", ROLE_VIEWER, false, op_contacts_show},
    {"contacts.add", ROLE_ADMIN, true, op_contacts_add},
    {"contacts.edit", ROLE_ADMIN, true, op_contacts_edit},
    {"contacts.remove", ROLE_ADMIN, true, op_contacts_remove},
    {"contacts.import", ROLE_ADMIN, true, op_contacts_import},
    {NULL, 0, false, NULL},
};

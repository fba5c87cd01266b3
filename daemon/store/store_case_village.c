/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Staff setting or correcting a case's village (store_case_village.h):
 * the name is matched as the processor matches it (core/village.h).
 */
#include "store/store_case_village.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/village.h"
#include "store/store_internal.h"
#include "store/store_process.h"
#include "store/store_units.h"
#include "util/clock.h"

/* The villages in force, their codes and keys. */
struct villages {
	char **codes;
	char **keys;
	size_t n;
};

static void add(void *ctx, const char *code, const char *name)
{
	struct villages *v = ctx;
	char *key = village_key(name);
	char **codes = realloc(v->codes, (v->n + 1) * sizeof(*codes));
	char **keys;

	if (codes)
		v->codes = codes;
	keys = realloc(v->keys, (v->n + 1) * sizeof(*keys));
	if (keys)
		v->keys = keys;
	if (!key || !codes || !keys || !(v->codes[v->n] = strdup(code))) {
		free(key);
		return;
	}
	v->keys[v->n++] = key;
}

static void villages_free(struct villages *v)
{
	for (size_t i = 0; i < v->n; i++) {
		free(v->codes[i]);
		free(v->keys[i]);
	}
	free(v->codes);
	free(v->keys);
}

/* The code of the village named village (a code or a name) into out, or
 * -1 (not found) / -2 (error). */
static int resolve(struct store *st, const char *village, const char *today, char *out)
{
	struct villages v = {0};
	struct norm_text *t = NULL;
	size_t n = 0;
	int i = -1, rc = -1;

	if (store_villages_each(st, today, add, &v) < 0)
		return -2;
	for (size_t k = 0; k < v.n && i < 0; k++)
		if (strcasecmp(v.codes[k], village) == 0)
			i = (int)k;
	if (i < 0 && norm_text_new(village, strlen(village), &t) == 0) {
		i = village_match((const char *const *)v.keys, v.n, t, 0, &n);
		if (i >= 0 && n != t->n_tokens)
			i = -1; /* the whole argument must be the name */
		norm_text_free(t);
	}
	if (i >= 0) {
		snprintf(out, UNIT_CODE_MAX, "%s", v.codes[i]);
		rc = 0;
	}
	villages_free(&v);
	return rc;
}

int store_case_set_village(struct store *st, const struct case_info *c, const char *village,
			   const char *actor, const struct unit_scope *scope, char *code_out,
			   struct tderr *e)
{
	char today[CLOCK_DATE_LEN], commune[UNIT_CODE_MAX], note[160];
	int rc;

	clock_today(today);
	rc = resolve(st, village, today, code_out);
	if (rc == -2)
		return tderr_set(e, TDERR_INTERNAL, M_INTERNAL, store_errmsg(st), NULL);
	if (rc < 0)
		return tderr_set(e, TDERR_INVALID, M_UNKNOWN_UNIT, village, NULL);
	if (scope && scope->n > 0 &&
	    (store_unit_commune(st, code_out, today, commune) < 0 ||
	     !store_scope_has(scope, commune)))
		return tderr_set(e, TDERR_FORBIDDEN, M_OUT_OF_SCOPE, code_out, NULL);
	snprintf(note, sizeof(note), "village %s -> %s", c->village[0] ? c->village : "-",
		 code_out);
	if (store_exec(st,
		       "UPDATE cases SET village = ?2, village_source = 'staff', updated_at = ?3"
		       " WHERE id = ?1",
		       STORE_INT(1, c->id), STORE_TEXT(2, code_out), STORE_NOW(3)) < 0 ||
	    store_exec(st,
		       "INSERT INTO case_event (case_id, at, actor, event, note)"
		       " VALUES (?1, ?2, ?3, 'note', ?4)",
		       STORE_INT(1, c->id), STORE_NOW(2), STORE_TEXT(3, actor),
		       STORE_TEXT(4, note)) < 0)
		return tderr_set(e, TDERR_INTERNAL, M_INTERNAL, store_errmsg(st), NULL);
	return 0;
}

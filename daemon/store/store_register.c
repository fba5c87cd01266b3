/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The register's tables (store_register.h): vụ việc, classification,
 * handling outside competence, offices, fields, the reception register and
 * the figures the commune's forms need.
 */
#include "store/store_register.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_internal.h"
#include "util/clock.h"

static int internal(struct store *st, struct tderr *e)
{
	return tderr_set(e, TDERR_INTERNAL, M_INTERNAL, store_errmsg(st), NULL);
}

/* The text of the first column of sql run on id (caller frees), or NULL. */
static char *text_of(struct store *st, const char *sql, long long id)
{
	sqlite3_stmt *stmt = store_prepare(st, sql);
	char *out = NULL;

	if (!stmt)
		return NULL;
	sqlite3_bind_int64(stmt, 1, id);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		out = store_column_dup(stmt, 0);
	store_finish(st, stmt);
	return out;
}

/* ------------------------------------------------------------ vụ việc */

int store_case_link(struct store *st, const struct case_info *c, const struct case_info *to,
		    const char *actor, char matter[CODE_MAX_LEN], struct tderr *e)
{
	long long m = store_int(st, "SELECT coalesce(matter_id, id) FROM cases WHERE id = ?1", -1,
				STORE_INT(1, to->id));
	char *code, note[128];

	if (m < 0)
		return internal(st, e);
	if (m == c->id)
		return tderr_set(e, TDERR_INVALID, M_BAD_LINK, c->code, NULL);
	/* Earlier đơn of the matter (by the day received, then entry). */
	long long earlier =
	    store_int(st,
		      "SELECT count(*) FROM cases WHERE (id = ?1 OR matter_id = ?1)"
		      " AND id <> ?2 AND (received_on < ?3 OR"
		      " (received_on = ?3 AND id < ?2))",
		      -1, STORE_INT(1, m), STORE_INT(2, c->id), STORE_TEXT(3, c->received_on));
	if (earlier < 0 ||
	    store_exec(st, "UPDATE cases SET matter_id = ?1, updated_at = ?3 WHERE matter_id = ?2",
		       STORE_INT(1, m), STORE_INT(2, c->id), STORE_NOW(3)) < 0 ||
	    store_exec(st,
		       "UPDATE cases SET matter_id = ?1, link_proposed = NULL,"
		       " repeated = max(repeated, ?3), updated_at = ?4 WHERE id = ?2",
		       STORE_INT(1, m), STORE_INT(2, c->id), STORE_INT(3, earlier > 0),
		       STORE_NOW(4)) < 0)
		return internal(st, e);
	code = text_of(st, "SELECT code FROM cases WHERE id = ?1", m);
	snprintf(matter, CODE_MAX_LEN, "%s", code ? code : "");
	free(code);
	snprintf(note, sizeof(note), "Gộp vào vụ việc %s", matter);
	return store_case_note(st, c, actor, note, e) < 0 ? -1 : 0;
}

int store_case_classify(struct store *st, const struct case_info *c, const struct case_class *k,
			const char *actor, struct tderr *e)
{
	char note[256];

	if (k->field && store_int(st, "SELECT count(*) FROM field WHERE code = ?1", -1,
				  STORE_TEXT(1, k->field)) != 1)
		return tderr_set(e, TDERR_INVALID, M_UNKNOWN_FIELD, k->field, NULL);
	if (store_exec(st,
		       "UPDATE cases SET repeated = CASE WHEN ?2 < 0 THEN repeated ELSE ?2 END,"
		       " eligible = CASE WHEN ?3 < 0 THEN eligible ELSE ?3 END,"
		       " ineligible_reason = CASE WHEN ?3 < 0 THEN ineligible_reason"
		       " WHEN ?3 = 1 THEN NULL ELSE ?4 END,"
		       " competent = CASE WHEN ?5 < 0 THEN competent ELSE ?5 END,"
		       " field = coalesce(?6, field), updated_at = ?7 WHERE id = ?1",
		       STORE_INT(1, c->id), STORE_INT(2, k->repeated), STORE_INT(3, k->eligible),
		       STORE_TEXT(4, k->ineligible_reason), STORE_INT(5, k->competent),
		       STORE_TEXT(6, k->field), STORE_NOW(7)) < 0)
		return internal(st, e);
	snprintf(note, sizeof(note), "Phân loại:%s%s%s%s%s%s%s",
		 k->repeated < 0 ? ""
		 : k->repeated	 ? " đơn tái diễn"
				 : " đơn lần đầu",
		 k->eligible < 0 ? ""
		 : k->eligible	 ? "; đủ điều kiện xử lý"
				 : "; không đủ điều kiện: ",
		 k->eligible == 0 && k->ineligible_reason ? k->ineligible_reason : "",
		 k->competent < 0 ? ""
		 : k->competent	  ? "; thuộc thẩm quyền"
				  : "; không thuộc thẩm quyền",
		 k->field ? "; lĩnh vực " : "", k->field ? k->field : "", "");
	return store_case_note(st, c, actor, note, e) < 0 ? -1 : 0;
}

/* ------------------------------------------------------------ handling */

long long store_case_handling_add(struct store *st, const struct case_info *c, const char *action,
				  const char *agency, const char *on_date, const char *actor,
				  struct tderr *e)
{
	long long id =
	    store_int(st,
		      "INSERT INTO case_handling (case_id, action, agency, on_date, actor,"
		      " at) VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id",
		      -1, STORE_INT(1, c->id), STORE_TEXT(2, action), STORE_TEXT(3, agency),
		      STORE_TEXT(4, on_date), STORE_TEXT(5, actor), STORE_NOW(6));

	if (id <= 0 ||
	    store_exec(st, "UPDATE cases SET competent = 0, updated_at = ?2 WHERE id = ?1",
		       STORE_INT(1, c->id), STORE_NOW(2)) < 0)
		return internal(st, e);
	return id;
}

int store_case_handling_answer(struct store *st, const struct case_info *c, const char *answer,
			       const char *on_date, const char *actor, char agency[128],
			       struct tderr *e)
{
	long long id = store_int(st,
				 "SELECT id FROM case_handling WHERE case_id = ?1 AND"
				 " action = 'transfer' AND answer IS NULL ORDER BY id DESC LIMIT 1",
				 0, STORE_INT(1, c->id));
	char *name, note[512];

	if (id < 0)
		return internal(st, e);
	if (id == 0)
		return tderr_set(e, TDERR_CONFLICT, M_NO_TRANSFER, c->code, NULL);
	if (store_exec(st, "UPDATE case_handling SET answer = ?2, answer_on = ?3 WHERE id = ?1",
		       STORE_INT(1, id), STORE_TEXT(2, answer), STORE_TEXT(3, on_date)) < 0)
		return internal(st, e);
	name = text_of(st, "SELECT agency FROM case_handling WHERE id = ?1", id);
	snprintf(agency, 128, "%s", name ? name : "");
	free(name);
	snprintf(note, sizeof(note), "Trả lời của %s (%s): %s", agency, on_date, answer);
	return store_case_note(st, c, actor, note, e) < 0 ? -1 : 0;
}

/* ------------------------------------------------------------ offices */

int store_office_find(struct store *st, const char *what, char code[64], char office[64],
		      bool *officer)
{
	json_t *rows =
	    store_rows_json(st,
			    "SELECT code, office FROM office WHERE code = ?1 OR name = ?1"
			    " ORDER BY code = ?1 DESC LIMIT 1",
			    STORE_TEXT(1, what));
	json_t *row;
	int rc;

	if (!rows)
		return -1;
	row = json_array_get(rows, 0);
	rc = row ? 1 : 0;
	if (row) {
		const char *o = json_string_value(json_object_get(row, "office"));
		snprintf(code, 64, "%s", json_string_value(json_object_get(row, "code")));
		snprintf(office, 64, "%s", o ? o : "");
		*officer = o != NULL;
	}
	json_decref(rows);
	return rc;
}

int store_case_assign_office(struct store *st, const struct case_info *c, const char *office,
			     const char *officer, const char *actor, struct tderr *e)
{
	char note[160];

	if (store_exec(st,
		       "UPDATE cases SET office = ?2, officer = ?3, updated_at = ?4 WHERE id = ?1",
		       STORE_INT(1, c->id), STORE_TEXT(2, office), STORE_TEXT(3, officer),
		       STORE_NOW(4)) < 0)
		return internal(st, e);
	snprintf(note, sizeof(note), "Giao %s%s%s", office, officer ? ", cán bộ " : "",
		 officer ? officer : "");
	return store_case_note(st, c, actor, note, e) < 0 ? -1 : 0;
}

json_t *store_offices_list(struct store *st)
{
	return store_rows_json_args(st,
				    "SELECT code, name, office FROM office"
				    " ORDER BY coalesce(office, code), office IS NOT NULL, code",
				    NULL, 0);
}

int store_office_add(struct store *st, const char *code, const char *name, const char *office,
		     struct tderr *e)
{
	if (store_int(st, "SELECT count(*) FROM office WHERE code = ?1", -1, STORE_TEXT(1, code)) >
	    0)
		return tderr_set(e, TDERR_CONFLICT, M_EXISTS, code, NULL);
	if (office &&
	    store_int(st, "SELECT count(*) FROM office WHERE code = ?1 AND office IS NULL", -1,
		      STORE_TEXT(1, office)) != 1)
		return tderr_set(e, TDERR_INVALID, M_BAD_VALUE, "--office", office);
	if (store_exec(
		st, "INSERT INTO office (code, name, office, created_at) VALUES (?1, ?2, ?3, ?4)",
		STORE_TEXT(1, code), STORE_TEXT(2, name), STORE_TEXT(3, office), STORE_NOW(4)) < 0)
		return internal(st, e);
	return 0;
}

json_t *store_fields_list(struct store *st)
{
	return store_rows_json_args(st, "SELECT code, name FROM field ORDER BY position, code",
				    NULL, 0);
}

int store_field_add(struct store *st, const char *code, const char *name, struct tderr *e)
{
	if (store_int(st, "SELECT count(*) FROM field WHERE code = ?1", -1, STORE_TEXT(1, code)) >
	    0)
		return tderr_set(e, TDERR_CONFLICT, M_EXISTS, code, NULL);
	if (store_exec(st,
		       "INSERT INTO field (code, name, position)"
		       " VALUES (?1, ?2, (SELECT coalesce(max(position), 0) + 1 FROM field))",
		       STORE_TEXT(1, code), STORE_TEXT(2, name)) < 0)
		return internal(st, e);
	return 0;
}

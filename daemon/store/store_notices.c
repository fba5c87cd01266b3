/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Notices (store_notices.h): the villages a notice goes to, fixed when it
 * is sent; recipients queued a chunk per transaction; acknowledgements,
 * reminders and the figures per village.
 */
#include "store/store_notices.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/notice.h"
#include "store/store_internal.h"
#include "store/store_units.h"
#include "util/clock.h"
#include "util/log.h"
#include "util/xalloc.h"

/* A pause after each chunk's commit, so writers waiting for the lock (the
 * workers, the processor) get it before the next chunk does. */
#define CHUNK_PAUSE_NS 2000000L

/* ---------------------------------------------------------------- notices */

long long store_notice_insert(struct store *st, const struct notice_new *n)
{
	if (store_exec(st,
		       "INSERT INTO notice (kind, title, body, sms, target_kind, target, scope,"
		       " want_ack, created_by, created_at) VALUES (?1, ?2, ?3, '', ?4, ?5, ?6, ?7,"
		       " ?8, ?9)",
		       STORE_TEXT(1, n->kind), STORE_TEXT(2, n->title), STORE_TEXT(3, n->body),
		       STORE_TEXT(4, n->target_kind), STORE_TEXT(5, n->target),
		       STORE_TEXT(6, n->scope), STORE_INT(7, n->want_ack),
		       STORE_TEXT(8, n->created_by), STORE_NOW(9)) < 0)
		return -1;
	return sqlite3_last_insert_rowid(st->db);
}

int store_notice_set_sms(struct store *st, long long id, const char *sms)
{
	return store_exec(st, "UPDATE notice SET sms = ?2 WHERE id = ?1 AND state = 'draft'",
			  STORE_INT(1, id), STORE_TEXT(2, sms));
}

static void copy_col(sqlite3_stmt *stmt, int col, char *out, size_t len)
{
	const unsigned char *s = sqlite3_column_text(stmt, col);

	snprintf(out, len, "%s", s ? (const char *)s : "");
}

int store_notice_get(struct store *st, long long id, struct notice_info *out)
{
	sqlite3_stmt *stmt =
	    store_prepare(st, "SELECT id, kind, state, target_kind, target, scope, sms, want_ack"
			      " FROM notice WHERE id = ?1");
	int rc;

	memset(out, 0, sizeof(*out));
	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, id);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		out->id = sqlite3_column_int64(stmt, 0);
		copy_col(stmt, 1, out->kind, sizeof(out->kind));
		copy_col(stmt, 2, out->state, sizeof(out->state));
		copy_col(stmt, 3, out->target_kind, sizeof(out->target_kind));
		copy_col(stmt, 4, out->target, sizeof(out->target));
		copy_col(stmt, 5, out->scope, sizeof(out->scope));
		copy_col(stmt, 6, out->sms, sizeof(out->sms));
		out->want_ack = sqlite3_column_int(stmt, 7) != 0;
	}
	store_finish(st, stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		log_error("database: notice %lld: %s", id, store_errmsg(st));
		return -1;
	}
	return rc == SQLITE_ROW;
}

/* Whether commune is one of the comma-separated list csv. */
static bool csv_has(const char *csv, const char *commune)
{
	size_t len = strlen(commune);

	for (const char *p = csv; p && *p;) {
		const char *end = strchr(p, ',');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		if (n == len && strncmp(p, commune, n) == 0)
			return true;
		p = end ? end + 1 : NULL;
	}
	return false;
}

bool store_notice_in_scope(const struct notice_info *n, const struct unit_scope *scope)
{
	if (!scope || scope->n == 0)
		return true;
	if (!n->scope[0])
		return false;
	for (const char *p = n->scope; p && *p;) {
		const char *end = strchr(p, ',');
		char commune[UNIT_CODE_MAX];
		bool found = false;

		snprintf(commune, sizeof(commune), "%.*s", (int)(end ? end - p : (long)strlen(p)),
			 p);
		for (size_t i = 0; i < scope->n && !found; i++)
			found = strcmp(scope->communes[i], commune) == 0;
		if (!found)
			return false;
		p = end ? end + 1 : NULL;
	}
	return true;
}

/* ---------------------------------------------------------------- villages */

/* Whether contacts of village v (code "" for none) belong to notice n on
 * today; *counts_as gets the village they count under. */
static bool village_targeted(struct store *st, const struct notice_info *n, const char *v,
			     const char *today, char *counts_as)
{
	char commune[UNIT_CODE_MAX];
	bool has_commune;

	counts_as[0] = '\0';
	if (!v[0]) /* contacts without a village: only a notice to every commune */
		return strcmp(n->target_kind, "village") != 0 &&
		       strcmp(n->target_kind, "commune") != 0 && !n->scope[0];
	if (store_unit_current(st, v, today, counts_as) < 0)
		return false;
	has_commune = store_unit_commune(st, v, today, commune) == 0;
	if (strcmp(n->target_kind, "village") == 0)
		return strcmp(counts_as, n->target) == 0 || strcmp(v, n->target) == 0;
	if (strcmp(n->target_kind, "commune") == 0)
		return has_commune && strcmp(commune, n->target) == 0;
	return !n->scope[0] || (has_commune && csv_has(n->scope, commune));
}

/* Fixes the villages of notice n (every village code contacts carry that
 * its target takes in) and marks it 'sending'. In the caller's
 * transaction. 0 or -1. */
static int fix_villages(struct store *st, const struct notice_info *n, const struct notice_send *o)
{
	json_t *rows = store_rows_json_args(
	    st, "SELECT DISTINCT coalesce(village, '') AS village FROM contact", NULL, 0);
	const char *role = strcmp(n->target_kind, "role") == 0 ? n->target : NULL;
	char today[CLOCK_DATE_LEN], counts_as[UNIT_CODE_MAX];
	size_t i;
	json_t *row;
	int rc = 0;

	if (!rows)
		return -1;
	if (o->today)
		snprintf(today, sizeof(today), "%s", o->today);
	else
		clock_today(today);
	json_array_foreach(rows, i, row)
	{
		const char *v = json_string_value(json_object_get(row, "village"));
		if (rc == 0 && v && village_targeted(st, n, v, today, counts_as))
			rc = store_exec(st,
					"INSERT OR IGNORE INTO notice_village (notice_id, village,"
					" counts_as) VALUES (?1, ?2, ?3)",
					STORE_INT(1, n->id), STORE_TEXT(2, v),
					STORE_TEXT(3, counts_as[0] ? counts_as : NULL));
	}
	json_decref(rows);
	if (rc < 0)
		return -1;
	return store_exec(st,
			  "UPDATE notice SET state = 'sending', sent_at = ?2, sent_by = ?3,"
			  " opted_out = (SELECT count(*) FROM contact c JOIN notice_village nv"
			  " ON nv.notice_id = ?1 AND nv.village = coalesce(c.village, '')"
			  " WHERE c.opted_out = 1 AND (?4 IS NULL OR c.role = ?4))"
			  " WHERE id = ?1 AND state = 'draft'",
			  STORE_INT(1, n->id), STORE_NOW(2), STORE_TEXT(3, o->user),
			  STORE_TEXT(4, role));
}

/* ---------------------------------------------------------------- chunks */

/* One row to queue: a recipient of a notice, or of a reminder. */
struct pending {
	long long id; /* contact id (sending) or recipient id (reminding) */
	char phone[32];
	char village[UNIT_CODE_MAX];
	int household;
};

/* The statements of a chunked queuing: sel reads the next rows (?1 notice,
 * ?2 role, ?3 after id, ?4 limit), out queues an SMS, mark records it. */
struct chunker {
	struct store *st;
	const struct notice_info *n;
	const char *text;
	const char *purpose;
	const char *role;
	bool want_report;
	int chunk;
	sqlite3_stmt *sel, *out, *mark;
	struct pending *rows;
};

static void pause_briefly(void)
{
	struct timespec ts = {0, CHUNK_PAUSE_NS};

	nanosleep(&ts, NULL);
}

/* Reads up to k->chunk rows after *last. Returns how many, -1 on error. */
static int chunk_read(struct chunker *k, long long last)
{
	int n = 0, rc;

	sqlite3_reset(k->sel);
	sqlite3_bind_int64(k->sel, 1, k->n->id);
	store_bind_text(k->sel, 2, k->role);
	sqlite3_bind_int64(k->sel, 3, last);
	sqlite3_bind_int(k->sel, 4, k->chunk);
	while ((rc = sqlite3_step(k->sel)) == SQLITE_ROW) {
		struct pending *p = &k->rows[n++];
		p->id = sqlite3_column_int64(k->sel, 0);
		copy_col(k->sel, 1, p->phone, sizeof(p->phone));
		copy_col(k->sel, 2, p->village, sizeof(p->village));
		p->household = sqlite3_column_int(k->sel, 3);
	}
	sqlite3_reset(k->sel);
	return rc == SQLITE_DONE ? n : -1;
}

/* Queues one SMS to p and records it. 0 or -1. */
static int chunk_queue(struct chunker *k, const struct pending *p, const char *now)
{
	long long out;

	sqlite3_reset(k->out);
	store_bind_text(k->out, 1, p->phone);
	store_bind_text(k->out, 2, k->text);
	sqlite3_bind_int(k->out, 3, k->want_report);
	store_bind_text(k->out, 4, now);
	store_bind_text(k->out, 5, k->purpose);
	if (sqlite3_step(k->out) != SQLITE_DONE)
		return -1;
	out = sqlite3_last_insert_rowid(k->st->db);
	sqlite3_reset(k->mark);
	sqlite3_bind_int64(k->mark, 1, k->n->id);
	sqlite3_bind_int64(k->mark, 2, p->id);
	sqlite3_bind_int64(k->mark, 3, out);
	store_bind_text(k->mark, 4, p->phone);
	store_bind_text(k->mark, 5, p->village[0] ? p->village : NULL);
	sqlite3_bind_int(k->mark, 6, p->household);
	return sqlite3_step(k->mark) == SQLITE_DONE ? 0 : -1;
}

/* Queues every row sel finds, a chunk per transaction. Returns how many
 * were queued, -1 on error (the chunks committed stay). */
static long long chunk_run(struct chunker *k)
{
	long long total = 0, last = 0;
	char now[32];
	int n, i;

	k->rows = xcalloc((size_t)k->chunk, sizeof(*k->rows));
	do {
		if (store_begin(k->st) < 0)
			goto fail;
		store_now(now, sizeof(now));
		n = chunk_read(k, last);
		for (i = 0; i < n && chunk_queue(k, &k->rows[i], now) == 0; i++)
			;
		if (n < 0 || i < n) {
			log_error("database: queuing notice TB%lld: %s", k->n->id,
				  store_errmsg(k->st));
			store_rollback(k->st);
			goto fail;
		}
		if (store_commit(k->st) < 0)
			goto fail;
		total += n;
		if (n > 0)
			last = k->rows[n - 1].id;
		pause_briefly();
	} while (n == k->chunk);
	free(k->rows);
	return total;
fail:
	free(k->rows);
	return -1;
}

static void chunker_close(struct chunker *k)
{
	store_finish(k->st, k->sel);
	store_finish(k->st, k->out);
	store_finish(k->st, k->mark);
}

static const char outbound_sql[] =
    "INSERT INTO outbound (recipient, text, want_report, created_at, updated_at, purpose, bulk)"
    " VALUES (?1, ?2, ?3, ?4, ?4, ?5, 1)";

/* ---------------------------------------------------------------- sending */

int store_notice_send(struct store *st, const struct notice_info *n, const struct notice_send *o,
		      long long *queued, struct tderr *e)
{
	char code[NOTICE_CODE_MAX];
	struct chunker k = {
	    .st = st,
	    .n = n,
	    .text = n->sms,
	    .purpose = "notice",
	    .role = strcmp(n->target_kind, "role") == 0 ? n->target : NULL,
	    .want_report = o->want_report,
	    .chunk = o->chunk > 0 ? o->chunk : NOTICE_CHUNK,
	};
	long long got;

	*queued = 0;
	notice_code(n->id, code);
	if (strcmp(n->state, "sent") == 0)
		return tderr_set(e, TDERR_CONFLICT, M_NOTICE_STATE, code, n->state);
	if (strcmp(n->state, "draft") == 0) {
		if (store_begin(st) < 0)
			goto fail;
		if (fix_villages(st, n, o) < 0) {
			store_rollback(st);
			goto fail;
		}
		if (store_commit(st) < 0)
			goto fail;
	}
	k.sel = store_prepare(
	    st,
	    "SELECT c.id, c.phone, nv.counts_as, c.household FROM contact c"
	    " JOIN notice_village nv ON nv.notice_id = ?1 AND nv.village = coalesce(c.village, '')"
	    " WHERE c.opted_out = 0 AND (?2 IS NULL OR c.role = ?2) AND c.id > ?3"
	    " AND NOT EXISTS (SELECT 1 FROM notice_recipient r WHERE r.notice_id = ?1"
	    " AND r.phone = c.phone) ORDER BY c.id LIMIT ?4");
	k.out = store_prepare(st, outbound_sql);
	k.mark = store_prepare(st, "INSERT INTO notice_recipient (notice_id, contact_id,"
				   " outbound_id, phone, village, household)"
				   " VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
	got = k.sel && k.out && k.mark ? chunk_run(&k) : -1;
	chunker_close(&k);
	if (got < 0)
		goto fail;
	*queued = got;
	if (store_exec(st,
		       "UPDATE notice SET state = 'sent', queued_at = ?2 WHERE id = ?1"
		       " AND state = 'sending'",
		       STORE_INT(1, n->id), STORE_NOW(2)) < 0)
		goto fail;
	log_info("notice %s: %lld SMS queued", code, got);
	return 0;
fail:
	return tderr_set(e, TDERR_INTERNAL, M_INTERNAL, store_errmsg(st), NULL);
}

int store_notice_remind(struct store *st, const struct notice_info *n, const char *text,
			const struct notice_send *o, long long *queued, struct tderr *e)
{
	char code[NOTICE_CODE_MAX];
	struct chunker k = {
	    .st = st,
	    .n = n,
	    .text = text,
	    .purpose = "reminder",
	    .want_report = o->want_report,
	    .chunk = o->chunk > 0 ? o->chunk : NOTICE_CHUNK,
	};
	long long got;

	*queued = 0;
	notice_code(n->id, code);
	if (strcmp(n->state, "sent") != 0)
		return tderr_set(e, TDERR_CONFLICT, M_NOTICE_STATE, code, n->state);
	/* The recipients are known: sel leaves ?2 (the role) unused, mark
	 * ?4..?6 (binding a parameter a statement lacks does nothing). */
	k.sel = store_prepare(
	    st, "SELECT r.id, r.phone, r.village, r.household FROM notice_recipient r"
		" JOIN contact c ON c.phone = r.phone AND c.opted_out = 0"
		" LEFT JOIN outbound o ON o.id = r.outbound_id"
		" LEFT JOIN outbound m ON m.id = r.remind_outbound_id"
		" WHERE r.notice_id = ?1 AND r.id > ?3 AND r.acked_at IS NULL"
		" AND coalesce(o.state, '') NOT IN ('queued', 'sending')"
		" AND coalesce(m.state, '') NOT IN ('queued', 'sending') ORDER BY r.id LIMIT ?4");
	k.out = store_prepare(st, outbound_sql);
	k.mark = store_prepare(st, "UPDATE notice_recipient SET reminders = reminders + 1,"
				   " remind_outbound_id = ?3 WHERE id = ?2 AND notice_id = ?1");
	got = k.sel && k.out && k.mark ? chunk_run(&k) : -1;
	chunker_close(&k);
	if (got < 0 || store_exec(st,
				  "UPDATE notice SET reminders = reminders + 1, reminded_at = ?2"
				  " WHERE id = ?1",
				  STORE_INT(1, n->id), STORE_NOW(2)) < 0)
		return tderr_set(e, TDERR_INTERNAL, M_INTERNAL, store_errmsg(st), NULL);
	*queued = got;
	log_info("notice %s: %lld reminder(s) queued", code, got);
	return 0;
}

int store_notice_ack(struct store *st, long long id, const char *phone, long long inbound_id)
{
	return store_run(st,
			 "UPDATE notice_recipient SET acked_at = coalesce(acked_at, ?3),"
			 " ack_inbound_id = coalesce(ack_inbound_id, ?4)"
			 " WHERE notice_id = ?1 AND phone = ?2",
			 STORE_INT(1, id), STORE_TEXT(2, phone), STORE_NOW(3),
			 inbound_id > 0 ? STORE_INT(4, inbound_id) : STORE_TEXT(4, NULL));
}

/* ---------------------------------------------------------------- figures */

#define FIGURES                                                                                    \
	"count(*) AS recipients, sum(o.state IN ('queued', 'sending')) AS waiting,"                \
	" sum(o.state IN ('sent', 'delivered')) AS sent, sum(o.state = 'delivered') AS delivered," \
	" sum(o.state IN ('failed', 'unknown')) AS failed,"                                        \
	" sum(r.acked_at IS NOT NULL) AS acknowledged"

static const char *const figure_keys[] = {"recipients", "waiting", "sent",
					  "delivered",	"failed",  "acknowledged"};

/* Sets ack_rate (percent, one decimal) from acknowledged and recipients;
 * null figures (no rows) become 0. */
static void ack_rate_set(json_t *obj)
{
	long long n, acked;

	for (size_t i = 0; i < sizeof(figure_keys) / sizeof(figure_keys[0]); i++)
		if (!json_is_integer(json_object_get(obj, figure_keys[i])))
			json_object_set_new(obj, figure_keys[i], json_integer(0));
	n = json_integer_value(json_object_get(obj, "recipients"));
	acked = json_integer_value(json_object_get(obj, "acknowledged"));
	json_object_set_new(obj, "ack_rate",
			    n ? json_real(round(acked * 1000.0 / n) / 10.0) : json_null());
}

json_t *store_notice_show(struct store *st, long long id, struct tderr *e)
{
	json_t *rows = store_rows_json(
	    st,
	    "SELECT n.kind, n.title, n.body, n.sms, n.target_kind || coalesce(':' || n.target, '')"
	    " AS target, u.name AS target_name, n.want_ack, n.state,"
	    " n.opted_out AS skipped_opted_out, n.created_by, n.created_at, n.sent_by, n.sent_at,"
	    " n.queued_at, n.reminders, n.reminded_at FROM notice n"
	    " LEFT JOIN unit u ON u.code = n.target WHERE n.id = ?1",
	    STORE_INT(1, id));
	json_t *row = json_array_get(rows, 0), *obj, *totals, *by;
	bool read = rows != NULL;
	char code[NOTICE_CODE_MAX];

	notice_code(id, code);
	/* The code first, then the notice's columns. */
	obj = row ? json_pack("{s:s}", "code", code) : NULL;
	json_object_update(obj, row);
	json_decref(rows);
	if (!obj)
		return tderr_set(e, read ? TDERR_NOT_FOUND : TDERR_INTERNAL,
				 read ? M_NO_NOTICE : M_INTERNAL, read ? code : store_errmsg(st),
				 NULL),
		       NULL;
	rows =
	    store_rows_json(st,
			    "SELECT " FIGURES " FROM notice_recipient r"
			    " LEFT JOIN outbound o ON o.id = r.outbound_id WHERE r.notice_id = ?1",
			    STORE_INT(1, id));
	by = store_rows_json(st,
			     "SELECT r.village, u.name AS village_name, " FIGURES
			     " FROM notice_recipient r LEFT JOIN outbound o ON o.id = r.outbound_id"
			     " LEFT JOIN unit u ON u.code = r.village WHERE r.notice_id = ?1"
			     " GROUP BY r.village ORDER BY r.village",
			     STORE_INT(1, id));
	totals = json_array_get(rows, 0);
	if (!totals || !by) {
		json_decref(rows);
		json_decref(by);
		json_decref(obj);
		return tderr_set(e, TDERR_INTERNAL, M_INTERNAL, store_errmsg(st), NULL), NULL;
	}
	ack_rate_set(totals);
	json_object_update(obj, totals);
	json_decref(rows);
	for (size_t i = 0; i < json_array_size(by); i++)
		ack_rate_set(json_array_get(by, i));
	json_object_set_new(obj, "by_village", by);
	json_object_set_new(obj, "want_ack",
			    json_boolean(json_integer_value(json_object_get(obj, "want_ack"))));
	return obj;
}

json_t *store_notices_list(struct store *st, const char *kind, int limit,
			   const struct unit_scope *scope)
{
	json_t *rows = store_rows_json(
	    st,
	    "SELECT n.id, n.kind, n.title, n.target_kind, n.target, n.scope, n.want_ack, n.state,"
	    " n.created_at, n.sent_at, (SELECT count(*) FROM notice_recipient r"
	    " WHERE r.notice_id = n.id) AS recipients, (SELECT count(*) FROM notice_recipient r"
	    " JOIN outbound o ON o.id = r.outbound_id WHERE r.notice_id = n.id"
	    " AND o.state IN ('sent', 'delivered')) AS sent, (SELECT count(*)"
	    " FROM notice_recipient r WHERE r.notice_id = n.id AND r.acked_at IS NOT NULL)"
	    " AS acknowledged FROM notice n WHERE (?1 IS NULL OR n.kind = ?1)"
	    " ORDER BY n.id DESC LIMIT ?2",
	    STORE_TEXT(1, kind), STORE_INT(2, limit > 0 ? limit : -1));
	json_t *kept, *row;
	size_t i;

	if (!rows)
		return NULL;
	kept = json_array();
	json_array_foreach(rows, i, row)
	{
		struct notice_info n = {0};
		char code[NOTICE_CODE_MAX], target[128];
		const char *tk = json_string_value(json_object_get(row, "target_kind"));
		const char *tv = json_string_value(json_object_get(row, "target"));
		const char *sc = json_string_value(json_object_get(row, "scope"));

		snprintf(n.scope, sizeof(n.scope), "%s", sc ? sc : "");
		if (!store_notice_in_scope(&n, scope))
			continue;
		n.id = json_integer_value(json_object_get(row, "id"));
		notice_code(n.id, code);
		snprintf(target, sizeof(target), "%s%s%s", tk ? tk : "", tv ? ":" : "",
			 tv ? tv : "");
		json_object_set_new(row, "code", json_string(code));
		json_object_set_new(row, "target", json_string(target));
		json_object_set_new(
		    row, "want_ack",
		    json_boolean(json_integer_value(json_object_get(row, "want_ack"))));
		json_object_del(row, "id");
		json_object_del(row, "target_kind");
		json_object_del(row, "scope");
		json_array_append(kept, row);
	}
	json_decref(rows);
	return kept;
}

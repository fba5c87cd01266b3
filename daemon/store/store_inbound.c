/*
 * Received SMS: storing parts exactly once and reassembling multipart
 * messages from the stored parts, so any number of incomplete messages
 * survive restarts.
 */
#include "store/store_inbound.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_internal.h"
#include "util/log.h"
#include "util/xalloc.h"

/* Delivered, in TP-Status terms: 0x00-0x1F "transaction completed". */
#define TP_STATUS_COMPLETED_MAX 0x1f

static void text_hash(const char *text, char out[17])
{
	uint64_t h = 1469598103934665603ULL;

	for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
		h ^= *p;
		h *= 1099511628211ULL;
	}
	snprintf(out, 17, "%016llx", (unsigned long long)h);
}

/* Inserts an inbound row from the fields of p with the given text.
 * Returns the new row id or -1. */
static long long insert_inbound(struct store *st, const struct part_rec *p, const char *text,
				int parts, int expected, bool incomplete, bool invalid)
{
	static const char sql[] =
	    "INSERT INTO inbound (modem, sender, sender_raw, sender_alpha, text, kind, parts,"
	    " parts_expected, incomplete, invalid_utf8, sent_at, received_at, processed_at)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12,"
	    " CASE WHEN ?6 = 'status_report' THEN ?12 END)";
	sqlite3_stmt *stmt = store_prepare(st, sql);
	long long id = -1;

	if (!stmt)
		return -1;
	store_bind_text(stmt, 1, p->modem);
	store_bind_text(stmt, 2, p->sender);
	store_bind_text(stmt, 3, p->sender_raw);
	sqlite3_bind_int(stmt, 4, p->sender_alpha);
	store_bind_text(stmt, 5, text);
	store_bind_text(stmt, 6, p->type);
	sqlite3_bind_int(stmt, 7, parts);
	sqlite3_bind_int(stmt, 8, expected);
	sqlite3_bind_int(stmt, 9, incomplete);
	sqlite3_bind_int(stmt, 10, invalid);
	store_bind_text(stmt, 11, p->smsc_time && *p->smsc_time ? p->smsc_time : NULL);
	store_bind_text(stmt, 12, p->received_at);
	if (store_step_done(st, stmt) == 0)
		id = sqlite3_last_insert_rowid(st->db);
	store_finish(st, stmt);
	return id;
}

static int mark_delivered(struct store *st, const struct part_rec *p)
{
	int changed;

	if (p->delivery_status < 0 || p->delivery_status > TP_STATUS_COMPLETED_MAX)
		return 0;
	changed = store_run(st,
			    "UPDATE outbound SET state = 'delivered', delivered_at = ?1,"
			    " updated_at = ?1 WHERE id = (SELECT id FROM outbound WHERE modem = ?2"
			    " AND msg_ref = ?3 AND recipient = ?4 AND state = 'sent'"
			    " ORDER BY id DESC LIMIT 1)",
			    STORE_TEXT(1, p->received_at), STORE_TEXT(2, p->modem),
			    STORE_INT(3, p->msg_ref), STORE_TEXT(4, p->sender));
	if (changed == 0)
		log_info("status report for unknown message (reference %d)", p->msg_ref);
	return changed < 0 ? -1 : 0;
}

/* The group key (modem, sender_raw, concat_ref, part_count) at ?1..?4. */
#define GROUP_ARGS(p)                                                                              \
	STORE_TEXT(1, (p)->modem), STORE_TEXT(2, (p)->sender_raw), STORE_INT(3, (p)->concat_ref),  \
	    STORE_INT(4, (p)->part_count)

/* Binds the group key to a statement of its own. */
static void bind_group(sqlite3_stmt *stmt, const struct part_rec *p)
{
	store_bind_text(stmt, 1, p->modem);
	store_bind_text(stmt, 2, p->sender_raw);
	sqlite3_bind_int(stmt, 3, p->concat_ref);
	sqlite3_bind_int(stmt, 4, p->part_count);
}

#define GROUP_WHERE                                                                                \
	" inbound_id IS NULL AND modem = ?1 AND sender_raw = ?2 AND concat_ref = ?3"               \
	" AND part_count = ?4"

/* Joins the stored parts of p's group in part order (one text per part
 * number) into a fresh string; *n receives the number of distinct parts.
 * When gaps is true, a missing part is shown as "[...]". */
static char *join_parts(struct store *st, const struct part_rec *p, int *n, bool *invalid,
			bool gaps)
{
	sqlite3_stmt *stmt = store_prepare(
	    st, "SELECT part_no, text, invalid_utf8 FROM inbound_part WHERE" GROUP_WHERE
		" ORDER BY part_no, id");
	size_t len = 0, cap = 256;
	char *out = xmalloc(cap);
	int last = 0;

	out[0] = '\0';
	*n = 0;
	*invalid = false;
	if (!stmt) {
		free(out);
		return NULL;
	}
	bind_group(stmt, p);
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		int no = sqlite3_column_int(stmt, 0);
		const char *t = (const char *)sqlite3_column_text(stmt, 1);
		size_t tl = t ? strlen(t) : 0;

		if (no == last)
			continue;
		if (gaps && no != last + 1) {
			const char gap[] = "[...]";
			if (len + sizeof(gap) >= cap)
				out = xrealloc(out, cap = (len + sizeof(gap)) * 2);
			memcpy(out + len, gap, sizeof(gap));
			len += sizeof(gap) - 1;
		}
		if (len + tl + 1 >= cap)
			out = xrealloc(out, cap = (len + tl + 1) * 2);
		memcpy(out + len, t ? t : "", tl + 1);
		len += tl;
		*invalid |= sqlite3_column_int(stmt, 2) != 0;
		last = no;
		(*n)++;
	}
	store_finish(st, stmt);
	return out;
}

static int attach_group(struct store *st, const struct part_rec *p, long long inbound_id)
{
	return store_exec(st, "UPDATE inbound_part SET inbound_id = ?5 WHERE" GROUP_WHERE,
			  GROUP_ARGS(p), STORE_INT(5, inbound_id));
}

static int count_group(struct store *st, const struct part_rec *p)
{
	return (int)store_int(st,
			      "SELECT count(DISTINCT part_no) FROM inbound_part WHERE" GROUP_WHERE,
			      0, GROUP_ARGS(p));
}

/* Creates the inbound row of p's group when all its parts are stored. */
static int reassemble(struct store *st, const struct part_rec *p, bool incomplete)
{
	int have = count_group(st, p), n = 0;
	bool invalid = false;
	char *text;
	long long id;

	if (have < 0)
		return -1;
	if (have < p->part_count && !incomplete)
		return 0;
	text = join_parts(st, p, &n, &invalid, incomplete);
	if (!text)
		return -1;
	id = insert_inbound(st, p, text, n, p->part_count, have < p->part_count, invalid);
	free(text);
	if (id < 0)
		return -1;
	return attach_group(st, p, id);
}

static int insert_part(struct store *st, const struct part_rec *p, const char *hash)
{
	static const char sql[] =
	    "INSERT OR IGNORE INTO inbound_part (modem, sender, sender_raw, sender_alpha, smsc,"
	    " smsc_time, type, coding, concat_ref, part_no, part_count, text, text_hash,"
	    " invalid_utf8, msg_ref, delivery_status, sim_location, received_at)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,"
	    " ?17, ?18)";
	sqlite3_stmt *stmt = store_prepare(st, sql);
	int rc;

	if (!stmt)
		return -1;
	store_bind_text(stmt, 1, p->modem);
	store_bind_text(stmt, 2, p->sender);
	store_bind_text(stmt, 3, p->sender_raw);
	sqlite3_bind_int(stmt, 4, p->sender_alpha);
	store_bind_text(stmt, 5, p->smsc);
	store_bind_text(stmt, 6, p->smsc_time ? p->smsc_time : "");
	store_bind_text(stmt, 7, p->type);
	store_bind_text(stmt, 8, p->coding);
	sqlite3_bind_int(stmt, 9, p->concat_ref);
	sqlite3_bind_int(stmt, 10, p->part_no);
	sqlite3_bind_int(stmt, 11, p->part_count);
	store_bind_text(stmt, 12, p->text ? p->text : "");
	store_bind_text(stmt, 13, hash);
	sqlite3_bind_int(stmt, 14, p->invalid_utf8);
	if (p->msg_ref >= 0)
		sqlite3_bind_int(stmt, 15, p->msg_ref);
	if (p->delivery_status >= 0)
		sqlite3_bind_int(stmt, 16, p->delivery_status);
	sqlite3_bind_int(stmt, 17, p->sim_location);
	store_bind_text(stmt, 18, p->received_at);
	rc = store_step_done(st, stmt);
	store_finish(st, stmt);
	if (rc < 0)
		return -1;
	return sqlite3_changes(st->db) > 0 ? 1 : 0;
}

int store_part_add(struct store *st, const struct part_rec *p)
{
	char hash[17];
	int added;

	text_hash(p->text ? p->text : "", hash);
	added = insert_part(st, p, hash);
	if (added <= 0)
		return added;
	if (strcmp(p->type, "status_report") == 0 && mark_delivered(st, p) < 0)
		return -1;
	if (p->concat_ref < 0 || p->part_count <= 1) {
		struct part_rec single = *p;

		single.concat_ref = p->concat_ref < 0 ? -1 : p->concat_ref;
		single.part_count = p->part_count < 1 ? 1 : p->part_count;
		return reassemble(st, &single, false) < 0 ? -1 : 1;
	}
	return reassemble(st, p, false) < 0 ? -1 : 1;
}

/* A multipart message still waiting for parts, as a part_rec whose strings
 * it owns. */
struct pending_group {
	struct part_rec key;
	char *strs[5];
};

/* Collects the groups of modem whose newest part is older than older_than.
 * Returns how many (*out to free with free_groups), -1 on error. */
static int collect_stale(struct store *st, const char *modem, const char *older_than,
			 struct pending_group **out)
{
	static const char sql[] =
	    "SELECT sender, sender_raw, sender_alpha, concat_ref, part_count, type,"
	    " min(smsc_time), min(received_at) FROM inbound_part WHERE inbound_id IS NULL"
	    " AND modem = ?1 GROUP BY sender_raw, concat_ref, part_count"
	    " HAVING max(received_at) < ?2";
	sqlite3_stmt *stmt = store_prepare(st, sql);
	struct pending_group *groups = NULL;
	int n = 0;

	*out = NULL;
	if (!stmt)
		return -1;
	store_bind_text(stmt, 1, modem);
	store_bind_text(stmt, 2, older_than);
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		struct pending_group *g;

		groups = xrealloc(groups, (size_t)(n + 1) * sizeof(*groups));
		g = &groups[n++];
		memset(g, 0, sizeof(*g));
		g->key.modem = modem;
		g->key.sender = g->strs[0] = store_column_dup(stmt, 0);
		g->key.sender_raw = g->strs[1] = store_column_dup(stmt, 1);
		g->key.sender_alpha = sqlite3_column_int(stmt, 2);
		g->key.concat_ref = sqlite3_column_int(stmt, 3);
		g->key.part_count = sqlite3_column_int(stmt, 4);
		g->key.type = g->strs[2] = store_column_dup(stmt, 5);
		g->key.smsc_time = g->strs[3] = store_column_dup(stmt, 6);
		g->key.received_at = g->strs[4] = store_column_dup(stmt, 7);
	}
	store_finish(st, stmt);
	*out = groups;
	return n;
}

static void free_groups(struct pending_group *groups, int n)
{
	for (int i = 0; i < n; i++)
		for (int j = 0; j < 5; j++)
			free(groups[i].strs[j]);
	free(groups);
}

int store_parts_flush_incomplete(struct store *st, const char *modem, const char *older_than)
{
	struct pending_group *groups = NULL;
	int n, rc = 0;

	if (store_begin(st) < 0)
		return -1;
	/* Collected first: reassembly updates the rows being read. */
	n = collect_stale(st, modem, older_than, &groups);
	for (int i = 0; i < n && rc == 0; i++) {
		rc = reassemble(st, &groups[i].key, true);
		if (rc == 0)
			log_warn("multipart message from %s (reference %d) stored incomplete",
				 groups[i].key.sender, groups[i].key.concat_ref);
	}
	free_groups(groups, n);
	if (n < 0 || rc < 0) {
		store_rollback(st);
		return -1;
	}
	return store_commit(st) < 0 ? -1 : n;
}

long long store_inbound_count(struct store *st)
{
	return store_int_args(st, "SELECT count(*) FROM inbound", 0, NULL, 0);
}

long long store_parts_pending(struct store *st, const char *modem)
{
	return store_int(
	    st, "SELECT count(*) FROM inbound_part WHERE inbound_id IS NULL AND modem = ?1", 0,
	    STORE_TEXT(1, modem));
}

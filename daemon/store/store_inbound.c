/* SPDX-License-Identifier: GPL-2.0-or-later */
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

#include "store/store_confidential.h"
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

/* Who an inbound row is from: in clear, or sealed (sender_raw sealed too;
 * tag the keyed tag, or NULL to leave it to the processor). */
struct from {
	const char *sender, *raw, *tag;
	bool sealed;
};

static struct from from_clear(const struct part_rec *p)
{
	return (struct from){.sender = p->sender, .raw = p->sender_raw};
}

static struct from from_sealed(const struct part_rec *p)
{
	return (struct from){.sender = p->sealed_sender,
			     .raw = p->sealed_raw ? p->sealed_raw : p->sealed_sender,
			     .tag = p->tag,
			     .sealed = true};
}

/* Inserts an inbound row from the fields of p with the given text and
 * sender. Returns the new row id or -1. */
static long long insert_inbound(struct store *st, const struct part_rec *p, const struct from *f,
				const char *text, int parts, int expected, bool incomplete,
				bool invalid)
{
	static const char sql[] =
	    "INSERT INTO inbound (modem, sender, sender_raw, sender_alpha, text, kind, parts,"
	    " parts_expected, incomplete, invalid_utf8, sent_at, received_at, processed_at,"
	    " sealed, sender_tag)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12,"
	    " CASE WHEN ?6 = 'status_report' THEN ?12 END, ?13, ?14)";
	sqlite3_stmt *stmt = store_prepare(st, sql);
	long long id = -1;

	if (!stmt)
		return -1;
	store_bind_text(stmt, 1, p->modem);
	store_bind_text(stmt, 2, f->sender);
	store_bind_text(stmt, 3, f->raw);
	sqlite3_bind_int(stmt, 4, p->sender_alpha);
	store_bind_text(stmt, 5, text);
	store_bind_text(stmt, 6, p->type);
	sqlite3_bind_int(stmt, 7, parts);
	sqlite3_bind_int(stmt, 8, expected);
	sqlite3_bind_int(stmt, 9, incomplete);
	sqlite3_bind_int(stmt, 10, invalid);
	store_bind_text(stmt, 11, p->smsc_time && *p->smsc_time ? p->smsc_time : NULL);
	store_bind_text(stmt, 12, p->received_at);
	sqlite3_bind_int(stmt, 13, f->sealed);
	store_bind_text(stmt, 14, f->tag);
	if (store_step_done(st, stmt) == 0)
		id = sqlite3_last_insert_rowid(st->db);
	store_finish(st, stmt);
	return id;
}

/* A status report marks the reply it reports on delivered: found by its
 * clear recipient, or by its keyed tag when the reply was confidential. */
static int mark_delivered(struct store *st, const struct part_rec *p)
{
	int changed;

	if (p->delivery_status < 0 || p->delivery_status > TP_STATUS_COMPLETED_MAX)
		return 0;
	changed =
	    store_run(st,
		      "UPDATE outbound SET state = 'delivered', delivered_at = ?1,"
		      " updated_at = ?1 WHERE id = (SELECT id FROM outbound WHERE modem = ?2"
		      " AND msg_ref = ?3 AND (recipient = ?4 OR recipient_tag = ?5)"
		      " AND state = 'sent' ORDER BY id DESC LIMIT 1)",
		      STORE_TEXT(1, p->received_at), STORE_TEXT(2, p->modem),
		      STORE_INT(3, p->msg_ref), STORE_TEXT(4, p->sender), STORE_TEXT(5, p->tag));
	if (changed == 0)
		log_info("status report for unknown message (reference %d)", p->msg_ref);
	return changed < 0 ? -1 : 0;
}

/* The pending parts of one message: (modem, group_key) at ?1, ?2. */
#define GROUP_WHERE " inbound_id IS NULL AND modem = ?1 AND group_key = ?2"
#define GROUP_ARGS(modem, key) STORE_TEXT(1, (modem)), STORE_TEXT(2, (key))

/* Joins the stored parts of a group in part order (one text per part
 * number) into a fresh string; *n receives the number of distinct parts.
 * When gaps is true, a missing part is shown as "[...]". */
static char *join_parts(struct store *st, const char *modem, const char *key, int *n, bool *invalid,
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
	store_bind_text(stmt, 1, modem);
	store_bind_text(stmt, 2, key);
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

/* Attaches the group's parts to inbound_id; the group key goes with them
 * (a reassembled message needs no key that would relate it to anything). */
static int attach_group(struct store *st, const char *modem, const char *key, long long inbound_id)
{
	return store_exec(
	    st, "UPDATE inbound_part SET inbound_id = ?3, group_key = NULL WHERE" GROUP_WHERE,
	    GROUP_ARGS(modem, key), STORE_INT(3, inbound_id));
}

/* A sealed message's parts stored in clear (from before its sender became
 * confidential) are sealed with it. */
static int seal_group(struct store *st, const char *modem, const char *key, const char *sealed)
{
	return store_exec(st,
			  "UPDATE inbound_part SET sender = ?3, sender_raw = 'sealed-part:' || id,"
			  " smsc = NULL, sealed = 1 WHERE" GROUP_WHERE " AND sealed = 0",
			  GROUP_ARGS(modem, key), STORE_TEXT(3, sealed));
}

/* What the stored parts of a group are: distinct parts, whether one is
 * confidential (sealed = 1), whether one is sealed at all, whether the
 * first part is there. 0 or -1. */
struct group_state {
	int have;
	bool confidential, any_sealed, has_first;
};

static int group_state(struct store *st, const char *modem, const char *key, struct group_state *g)
{
	sqlite3_stmt *stmt =
	    store_prepare(st, "SELECT count(DISTINCT part_no), coalesce(max(sealed = 1), 0),"
			      " coalesce(max(sealed <> 0), 0), coalesce(max(part_no = 1), 0)"
			      " FROM inbound_part WHERE" GROUP_WHERE);
	int rc = -1;

	memset(g, 0, sizeof(*g));
	if (!stmt)
		return -1;
	store_bind_text(stmt, 1, modem);
	store_bind_text(stmt, 2, key);
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		g->have = sqlite3_column_int(stmt, 0);
		g->confidential = sqlite3_column_int(stmt, 1) != 0;
		g->any_sealed = sqlite3_column_int(stmt, 2) != 0;
		g->has_first = sqlite3_column_int(stmt, 3) != 0;
		rc = 0;
	}
	store_finish(st, stmt);
	return rc;
}

/* Creates the inbound row of a multipart group when all its parts are
 * stored (or, incomplete, whatever is there). The row is sealed when a
 * part is confidential, or, incomplete, when any part is sealed (a part
 * whose first part never came stays sealed: fail closed); f_sealed then
 * gives the sealed sender, f_clear the clear one. */
static int reassemble(struct store *st, const struct part_rec *p, const char *key,
		      const struct from *f_clear, const struct from *f_sealed, bool incomplete)
{
	struct group_state g;
	int n = 0;
	bool invalid = false, sealed;
	char *text;
	long long id;

	if (group_state(st, p->modem, key, &g) < 0)
		return -1;
	if (g.have < p->part_count && !incomplete)
		return 0;
	sealed = f_sealed && (g.confidential || (incomplete && g.any_sealed));
	text = join_parts(st, p->modem, key, &n, &invalid, incomplete);
	if (!text)
		return -1;
	id = insert_inbound(st, p, sealed ? f_sealed : f_clear, text, n, p->part_count,
			    g.have < p->part_count, invalid);
	free(text);
	if (id < 0)
		return -1;
	if (sealed && seal_group(st, p->modem, key, f_sealed->sender) < 0)
		return -1;
	return attach_group(st, p->modem, key, id);
}

static bool multipart(const struct part_rec *p)
{
	return p->concat_ref >= 0 && p->part_count > 1;
}

/*
 * Decides how p is stored: 0 in clear, 1 confidential, 2 sealed until its
 * first part comes (a later part stored first). Records a sender that may
 * denounce in confidential_sender. -1 on error.
 */
static int decide_sealed(struct store *st, const struct part_rec *p, const char *key)
{
	struct group_state g;
	long long known;

	if (!p->tag || !p->sealed_sender || !p->part_key)
		return 0;
	if (p->may_denounce)
		return store_confidential_add(st, p->tag) < 0 ? -1 : 1;
	known = store_confidential_is(st, p->tag);
	if (known != 0)
		return known < 0 ? -1 : 1;
	if (!key)
		return 0;
	if (group_state(st, p->modem, key, &g) < 0)
		return -1;
	if (g.confidential)
		return 1;
	return p->part_no != 1 && !g.has_first ? 2 : 0;
}

static int insert_part(struct store *st, const struct part_rec *p, const char *hash,
		       const char *key, int sealed)
{
	static const char sql[] =
	    "INSERT OR IGNORE INTO inbound_part (modem, sender, sender_raw, sender_alpha, smsc,"
	    " smsc_time, type, coding, concat_ref, part_no, part_count, text, text_hash,"
	    " invalid_utf8, msg_ref, delivery_status, sim_location, received_at, group_key,"
	    " sealed)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,"
	    " ?17, ?18, ?19, ?20)";
	sqlite3_stmt *stmt = store_prepare(st, sql);
	int rc;

	if (!stmt)
		return -1;
	store_bind_text(stmt, 1, p->modem);
	store_bind_text(stmt, 2, sealed ? p->sealed_sender : p->sender);
	store_bind_text(stmt, 3, sealed ? p->part_key : p->sender_raw);
	sqlite3_bind_int(stmt, 4, p->sender_alpha);
	store_bind_text(stmt, 5, sealed ? NULL : p->smsc);
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
	store_bind_text(stmt, 19, key);
	sqlite3_bind_int(stmt, 20, sealed);
	rc = store_step_done(st, stmt);
	store_finish(st, stmt);
	if (rc < 0)
		return -1;
	return sqlite3_changes(st->db) > 0 ? 1 : 0;
}

/* A single-part message: its inbound row at once, the part attached. */
static int store_single(struct store *st, const struct part_rec *p, long long part_id, int sealed)
{
	struct from f = sealed ? from_sealed(p) : from_clear(p);
	long long id =
	    insert_inbound(st, p, &f, p->text ? p->text : "", 1, 1, false, p->invalid_utf8);

	if (id < 0)
		return -1;
	return store_exec(st, "UPDATE inbound_part SET inbound_id = ?2 WHERE id = ?1",
			  STORE_INT(1, part_id), STORE_INT(2, id));
}

int store_part_add(struct store *st, const struct part_rec *p)
{
	char hash[17], clear_key[512];
	const char *key = NULL;
	struct from f_clear = from_clear(p), f_sealed = from_sealed(p);
	int added, sealed;

	text_hash(p->text ? p->text : "", hash);
	if (multipart(p)) {
		/* Without the key (tests, the PDU fuzz target) the key is clear. */
		snprintf(clear_key, sizeof(clear_key), "%s|%s|%d|%d", p->modem, p->sender_raw,
			 p->concat_ref, p->part_count);
		key = p->group_key ? p->group_key : clear_key;
	}
	sealed = decide_sealed(st, p, key);
	if (sealed < 0)
		return -1;
	added = insert_part(st, p, hash, key, sealed);
	if (added <= 0)
		return added;
	/* Parts sealed until their first part came are now known confidential. */
	if (sealed == 1 && key &&
	    store_exec(st, "UPDATE inbound_part SET sealed = 1 WHERE" GROUP_WHERE " AND sealed = 2",
		       GROUP_ARGS(p->modem, key)) < 0)
		return -1;
	if (strcmp(p->type, "status_report") == 0 && mark_delivered(st, p) < 0)
		return -1;
	if (!key)
		return store_single(st, p, sqlite3_last_insert_rowid(st->db), sealed) < 0 ? -1 : 1;
	return reassemble(st, p, key, &f_clear, p->sealed_sender ? &f_sealed : NULL, false) < 0 ? -1
												: 1;
}

/* A multipart message still waiting for parts, as a part_rec whose strings
 * it owns. */
struct pending_group {
	struct part_rec key;
	char *group_key;
	bool sealed;
	char *strs[5];
};

/* Collects the groups of modem whose newest part is older than older_than.
 * A group with a sealed part gives the sealed sender. Returns how many
 * (*out to free with free_groups), -1 on error. */
static int collect_stale(struct store *st, const char *modem, const char *older_than,
			 struct pending_group **out)
{
	static const char sql[] =
	    "SELECT coalesce(max(CASE WHEN sealed <> 0 THEN sender END), max(sender)),"
	    " coalesce(max(CASE WHEN sealed <> 0 THEN sender END), max(sender_raw)),"
	    " max(sender_alpha), max(concat_ref), max(part_count), max(type),"
	    " min(smsc_time), min(received_at), group_key, max(sealed <> 0)"
	    " FROM inbound_part WHERE inbound_id IS NULL AND modem = ?1"
	    " AND group_key IS NOT NULL GROUP BY group_key HAVING max(received_at) < ?2";
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
		g->group_key = store_column_dup(stmt, 8);
		g->sealed = sqlite3_column_int(stmt, 9) != 0;
	}
	store_finish(st, stmt);
	*out = groups;
	return n;
}

static void free_groups(struct pending_group *groups, int n)
{
	for (int i = 0; i < n; i++) {
		for (int j = 0; j < 5; j++)
			free(groups[i].strs[j]);
		free(groups[i].group_key);
	}
	free(groups);
}

/* Stores one stale group as an incomplete message. */
static int flush_group(struct store *st, struct pending_group *g)
{
	struct from f = {.sender = g->key.sender, .raw = g->key.sender_raw, .sealed = g->sealed};

	return reassemble(st, &g->key, g->group_key, &f, g->sealed ? &f : NULL, true);
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
		rc = flush_group(st, &groups[i]);
		if (rc == 0) /* never the number: it may be a confidential sender's */
			log_warn("a multipart message (reference %d) stored incomplete",
				 groups[i].key.concat_ref);
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

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Confidential senders: the table of their keyed tags, and sealing a case's
 * sender after the fact (a staff-entered denunciation).
 */
#include "store/store_confidential.h"

#include "store/store_internal.h"

long long store_confidential_is(struct store *st, const char *tag)
{
	return store_int(st, "SELECT 1 FROM confidential_sender WHERE tag = ?1", 0,
			 STORE_TEXT(1, tag));
}

int store_confidential_add(struct store *st, const char *tag)
{
	return store_exec(st,
			  "INSERT OR IGNORE INTO confidential_sender (tag, since) VALUES (?1, ?2)",
			  STORE_TEXT(1, tag), STORE_NOW(2));
}

int store_case_seal_sender(struct store *st, long long case_id, const char *sealed, const char *tag)
{
	if (store_confidential_add(st, tag) < 0)
		return -1;
	return store_exec(
	    st,
	    "UPDATE cases SET sender = ?2, sender_tag = ?3, contact_id = NULL,"
	    " village = coalesce((SELECT u.parent FROM unit u WHERE u.code = cases.village"
	    " AND u.level = 'village'), village) WHERE id = ?1",
	    STORE_INT(1, case_id), STORE_TEXT(2, sealed), STORE_TEXT(3, tag));
}

int store_outbound_set_tag(struct store *st, long long id, const char *tag)
{
	return store_exec(st, "UPDATE outbound SET recipient_tag = ?2 WHERE id = ?1",
			  STORE_INT(1, id), STORE_TEXT(2, tag));
}

int store_has_sealed(struct store *st)
{
	return (int)store_int_args(
	    st,
	    "SELECT EXISTS (SELECT 1 FROM confidential_sender)"
	    " OR EXISTS (SELECT 1 FROM inbound WHERE sealed = 1)"
	    " OR EXISTS (SELECT 1 FROM cases WHERE sender LIKE 'sealed:%')"
	    " OR EXISTS (SELECT 1 FROM outbound WHERE recipient LIKE 'sealed:%')",
	    0, NULL, 0);
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Administration of the data: an online backup of the database with its
 * key (the daemon owns the database, so it makes the copy) and the
 * retention run that erases the texts and numbers of cases closed long
 * ago. Both admin only; both audited by the dispatcher.
 */
#include "control/control_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_backup.h"
#include "store/store_retention.h"
#include "util/xalloc.h"

/* backup [--to DIR] [--with-key | --key-only]: a new folder <DIR or
 * backup_dir>/<UTC time>/ with the database, the database and the key, or
 * the key alone (to keep on another medium). */
static json_t *op_backup(struct request *r, struct tderr *e)
{
	const char *to = arg_str(r, "to", e);
	char *parent;
	json_t *manifest;

	if (e->cls)
		return NULL;
	if (to && to[0] != '/')
		return tderr_set(e, TDERR_INVALID, M_BAD_VALUE, "--to", to), NULL;
	parent = to		       ? xstrdup(to)
		 : r->conf->backup_dir ? xstrdup(r->conf->backup_dir)
				       : store_backup_default_dir(r->conf->database);
	manifest = store_backup_make(r->st, parent, r->conf->key_file,
				     arg_flag(r, "key_only")   ? BACKUP_KEY_ONLY
				     : arg_flag(r, "with_key") ? BACKUP_DATABASE_AND_KEY
							       : BACKUP_DATABASE,
				     e);
	free(parent);
	if (!manifest)
		return NULL;
	snprintf(r->target, sizeof(r->target), "%s",
		 json_string_value(json_object_get(manifest, "dir")));
	snprintf(
	    r->detail, sizeof(r->detail), "schema %d, %lld inbound, %lld cases",
	    (int)json_integer_value(json_object_get(manifest, "schema_version")),
	    json_integer_value(json_object_get(json_object_get(manifest, "counts"), "inbound")),
	    json_integer_value(json_object_get(json_object_get(manifest, "counts"), "cases")));
	return manifest;
}

/* retention [--dry-run]: what retention_days lets go, erased or counted. */
static json_t *op_retention(struct request *r, struct tderr *e)
{
	bool dry = arg_flag(r, "dry_run");
	struct retention_counts n;

	if (store_retention_run(r->st, r->conf->retention_days, dry, &n) < 0)
		return tderr_set(e, TDERR_INTERNAL, M_INTERNAL, store_errmsg(r->st), NULL), NULL;
	snprintf(r->detail, sizeof(r->detail),
		 "%sretention_days %d: %lld case(s), %lld inbound, %lld part(s), %lld outbound",
		 dry ? "dry run, " : "", r->conf->retention_days, n.cases, n.inbound,
		 n.inbound_parts, n.outbound);
	return json_pack("{s:b, s:i, s:s?, s:I, s:I, s:I, s:I}", "dry_run", dry, "retention_days",
			 r->conf->retention_days, "cutoff", n.cutoff[0] ? n.cutoff : NULL, "cases",
			 n.cases, "inbound", n.inbound, "inbound_parts", n.inbound_parts,
			 "outbound", n.outbound);
}

const struct op control_ops_admin[] = {
    {"backup", ROLE_ADMIN, false, op_backup},
    {"retention", ROLE_ADMIN, false, op_retention},
    {NULL, 0, false, NULL},
};

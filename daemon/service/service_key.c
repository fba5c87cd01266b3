/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The key that seals confidential numbers, checked before the daemon runs
 * (service.h): never replaced silently when the database needs it, and
 * owned by whoever owns the database.
 */
#include "service/service.h"

#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/store_confidential.h"

/* The uid the key must belong to: the database's owner, else ours. */
static uid_t key_owner(const struct conf *c)
{
	struct stat sb;

	return stat(c->database, &sb) == 0 ? sb.st_uid : geteuid();
}

int service_key_check(const struct conf *c, char *err, size_t errlen)
{
	struct stat sb;
	uid_t want;
	int sealed;

	if (stat(c->key_file, &sb) < 0) {
		if (errno != ENOENT) {
			snprintf(err, errlen, "key file %s: %s", c->key_file, strerror(errno));
			return -1;
		}
		sealed = store_file_has_sealed(c->database, err, errlen);
		if (sealed < 0)
			return -1;
		if (sealed) {
			snprintf(err, errlen,
				 "the key file %s is missing and the database %s holds sealed"
				 " numbers: restore the key from a backup (`tiengdan restore"
				 " --key-only DIR`); a new key would make them unreadable",
				 c->key_file, c->database);
			return -1;
		}
		return 0; /* created at the first start */
	}
	want = key_owner(c);
	if (sb.st_uid != want) {
		struct passwd *pw = getpwuid(want);
		snprintf(err, errlen,
			 "key file %s belongs to uid %u, not to %s (uid %u): `chown %s %s`",
			 c->key_file, (unsigned)sb.st_uid, pw ? pw->pw_name : "?", (unsigned)want,
			 pw ? pw->pw_name : "?", c->key_file);
		return -1;
	}
	if ((sb.st_mode & 077) != 0) {
		snprintf(err, errlen,
			 "key file %s can be read by others (mode %04o): `chmod 600 %s`",
			 c->key_file, (unsigned)(sb.st_mode & 07777), c->key_file);
		return -1;
	}
	return 0;
}

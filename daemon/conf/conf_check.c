/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What `tiengdand --check` says beyond the file's syntax: whether the
 * machine is ready for the configuration it read (folders, devices,
 * accounts, the key), each finding in plain words with what to do.
 */
#include "conf/conf.h"

#include <errno.h>
#include <grp.h>
#include <libgen.h>
#include <limits.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/xalloc.h"

/* How much a finding matters: an error stops the daemon from running,
 * a warning disables part of it, a note is advice. */
enum level { NOTE, WARNING, ERROR };

struct findings {
	FILE *out;
	int errors;
	const char *who; /* the user running the check */
};

static void __attribute__((format(printf, 3, 4)))
say(struct findings *f, enum level level, const char *fmt, ...)
{
	static const char *const label[] = {"note: ", "warning: ", "error: "};
	va_list ap;

	fputs(label[level], f->out);
	va_start(ap, fmt);
	vfprintf(f->out, fmt, ap);
	va_end(ap);
	fputc('\n', f->out);
	if (level == ERROR)
		f->errors++;
}

/* The folder of path (a copy the caller frees). */
static char *folder_of(const char *path)
{
	char *copy = xstrdup(path), *dir = xstrdup(dirname(copy));

	free(copy);
	return dir;
}

/* A folder the daemon must create files in. */
static void check_folder(struct findings *f, enum level level, const char *what, const char *path)
{
	char *dir = folder_of(path);
	struct stat st;

	if (stat(dir, &st) < 0)
		say(f, level,
		    "the folder of the %s, %s, does not exist (%s): create it, owned by "
		    "the user the daemon runs as (the package's tmpfiles.d does)",
		    what, dir, strerror(errno));
	else if (!S_ISDIR(st.st_mode))
		say(f, level, "%s, meant to hold the %s, is not a folder", dir, what);
	else if (access(dir, W_OK | X_OK) < 0)
		say(f, level,
		    "user %s cannot create the %s in %s (%s): run the check as the "
		    "daemon's user (`sudo -u tiengdan tiengdand --check`) or fix the "
		    "folder's owner",
		    f->who, what, dir, strerror(errno));
	free(dir);
}

static void check_modem(struct findings *f, const struct conf_modem *m)
{
	const char *dev = conf_modem_gammu(m, "device");
	const char *model = conf_modem_gammu(m, "model");
	const char *conn = conf_modem_gammu(m, "connection");
	struct stat st;

	if (!dev)
		return; /* the loader has already refused it */
	if (model && strcmp(model, "dummy") == 0) {
		if (stat(dev, &st) < 0 || !S_ISDIR(st.st_mode))
			say(f, NOTE,
			    "modem %s is an emulated SIM folder, %s, which does not exist yet "
			    "(it is created at start)",
			    m->id, dev);
		return;
	}
	if (conn && strncmp(conn, "proxy", 5) == 0)
		return; /* a command line, not a device */
	if (stat(dev, &st) < 0) {
		say(f, WARNING,
		    "modem %s: %s does not exist: is the modem plugged in? `tiengdan modems "
		    "probe` lists the ports that answer (the daemon keeps retrying meanwhile)",
		    m->id, dev);
		return;
	}
	if (!S_ISCHR(st.st_mode))
		say(f, WARNING, "modem %s: %s is not a serial device", m->id, dev);
	else if (access(dev, R_OK | W_OK) < 0)
		say(f, WARNING,
		    "modem %s: user %s cannot open %s (%s): the daemon's user must be in the "
		    "device's group (usually dialout)",
		    m->id, f->who, dev, strerror(errno));
	if (strncmp(dev, "/dev/serial/by-id/", 18) != 0)
		say(f, NOTE,
		    "modem %s: %s may get another name at the next boot or replug; its "
		    "/dev/serial/by-id/ name does not (`tiengdan modems probe` prints it)",
		    m->id, dev);
}

static void check_key(struct findings *f, const struct conf *c)
{
	struct stat st;

	if (stat(c->key_file, &st) < 0) {
		say(f, NOTE,
		    "the key %s does not exist yet: the daemon creates it at first start; "
		    "back it up with the database (`tiengdan backup`), without it the senders "
		    "of denunciations cannot be read",
		    c->key_file);
		return;
	}
	if ((st.st_mode & 077) != 0)
		say(f, ERROR, "the key %s can be read by others (mode %04o): `chmod 600 %s`",
		    c->key_file, (unsigned)(st.st_mode & 07777), c->key_file);
	if (access(c->key_file, R_OK) < 0)
		say(f, ERROR, "user %s cannot read the key %s (%s)", f->who, c->key_file,
		    strerror(errno));
}

static void check_accounts(struct findings *f, const struct conf *c)
{
	if (c->socket_group && !getgrnam(c->socket_group))
		say(f, WARNING,
		    "socket_group: there is no group '%s' on this machine, so staff cannot "
		    "reach the console: `addgroup --system %s`",
		    c->socket_group, c->socket_group);
	for (size_t i = 0; i < c->n_users; i++) {
		const struct conf_user *u = &c->users[i];

		if (u->user && !getpwnam(u->user))
			say(f, WARNING, "users[%zu]: there is no user '%s' on this machine", i,
			    u->user);
		if (u->group && !getgrnam(u->group))
			say(f, WARNING, "users[%zu]: there is no group '%s' on this machine", i,
			    u->group);
	}
	if (c->n_users == 0)
		say(f, NOTE,
		    "no users are listed: only root can use the console (`tiengdan setup "
		    "--user NAME:ROLE` adds staff)");
}

int conf_check_machine(const struct conf *c, FILE *out)
{
	struct passwd *pw = getpwuid(geteuid());
	struct findings f = {.out = out, .who = pw ? pw->pw_name : "?"};
	char zone[PATH_MAX];

	if (c->n_modems == 0)
		say(&f, NOTE,
		    "no modem is named yet, so the daemon will not start: plug one in, run "
		    "`tiengdan modems probe` and `tiengdan setup --modem PORT`");
	for (size_t i = 0; i < c->n_modems; i++)
		check_modem(&f, &c->modems[i]);
	check_folder(&f, ERROR, "database", c->database);
	check_folder(&f, WARNING, "control socket", c->socket);
	check_key(&f, c);
	check_accounts(&f, c);
	if (c->geography && access(c->geography, R_OK) < 0)
		say(&f, ERROR, "geography: cannot read %s (%s)", c->geography, strerror(errno));
	if (c->timezone) {
		snprintf(zone, sizeof(zone), "/usr/share/zoneinfo/%s", c->timezone);
		if (access(zone, R_OK) < 0)
			say(&f, WARNING,
			    "timezone: %s is not a time zone of this machine (no %s; is the "
			    "tzdata package installed?)",
			    c->timezone, zone);
	}
	if (c->admin_phones.n == 0)
		say(&f, NOTE,
		    "no admin_phones: alerts (modem down, SIM full, disk low, balance low) "
		    "are only logged");
	if (!c->gateway_number)
		say(&f, NOTE,
		    "no gateway_number: replies cannot tell villagers which number "
		    "to text");
	return f.errors;
}

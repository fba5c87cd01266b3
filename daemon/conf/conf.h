/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The daemon's configuration (libconfig): read once, validated against one
 * table of keys, then immutable. Runtime state lives elsewhere.
 */
#ifndef TIENGDAN_CONF_H
#define TIENGDAN_CONF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "core/keywords.h"

/* One key of a modem's `gammu` group, kept as text: the modem layer hands
 * the pairs to libgammu's own gammurc reader, so they mean exactly what
 * they mean in a gammurc [gammu] section. */
struct conf_kv {
	char *key;
	char *value;
};

/* The networks a SIM may be on, for sending on-net (conf keys "network",
 * "*_prefixes"); CONF_NET_ANY: not said. */
enum conf_network {
	CONF_NET_ANY = 0,
	CONF_NET_VIETTEL,
	CONF_NET_VINAPHONE,
	CONF_NET_MOBIFONE,
	CONF_NETWORKS
};

struct conf_modem {
	char *id;	       /* unique, [A-Za-z0-9_-]{1,32} */
	char *pin;	       /* SIM PIN or NULL */
	char *smsc;	       /* SMSC number or NULL (the SIM's own) */
	struct conf_kv *gammu; /* device, connection, model, ... */
	size_t n_gammu;
	int scan_interval;     /* seconds between SIM scans (safety net) */
	int status_interval;   /* seconds between status reads (and probes) */
	int network;	       /* enum conf_network of its SIM */
	int send_rate;	       /* SMS per minute at most, 0 = no limit */
	int daily_limit;       /* SMS the SIM may send per local day, 0 = no limit */
	char *balance_code;    /* USSD code telling the balance, NULL: no check */
	char *balance_pattern; /* POSIX extended regex, group 1 the amount */
	int balance_min;       /* đồng: below it the admins are warned */
};

/* A list of strings from the configuration. */
struct conf_strv {
	char **v;
	size_t n;
};

/* A reply template given in the configuration (replaces the default). */
struct conf_reply {
	char *name; /* one of template_defaults[] */
	char *text;
};

/* Working-day deadlines per kind of case (SMS-LANGUAGE.md section 6). */
struct conf_deadlines {
	int feedback;	       /* days to process feedback */
	int complaint_accept;  /* days to accept (thụ lý) a complaint */
	int complaint_resolve; /* days to resolve it, from acceptance */
	int complaint_complex; /* the same for a complex complaint */
	int denunciation;      /* days to process denunciation information */
	int remote_extra;      /* added for remote areas */
	bool remote_area;      /* the commune is a remote area */
};

/* Console roles, in increasing power: each includes the ones before. */
enum conf_role { ROLE_VIEWER = 0, ROLE_HANDLER, ROLE_SUPERVISOR, ROLE_ADMIN };

/* Who may use the console: a unix user or a unix group, its role, and the
 * communes it is limited to (none: all). */
struct conf_user {
	char *user;  /* unix user name, or NULL */
	char *group; /* unix group name, or NULL (exactly one of the two is set) */
	int role;    /* enum conf_role */
	char **communes;
	size_t n_communes;
	char *phone; /* the morning deadline warnings go there; NULL: none */
};

struct conf {
	char *path; /* the file read (absolute) */
	char *dir;  /* its folder: relative paths are relative to it */

	char *database;	    /* absolute path */
	char *geography;    /* units CSV imported when the directory is empty; NULL */
	char *socket;	    /* absolute path of the control socket */
	char *socket_group; /* group owning the socket, NULL = process group */
	char *timezone;	    /* e.g. "Asia/Ho_Chi_Minh" */
	char *country_code; /* "84": for E.164 normalisation of national numbers */
	int log_level;	    /* enum log_level */

	int multipart_timeout; /* seconds before an incomplete message is stored as such */
	int send_retries;      /* attempts before an outbound row is failed */
	int send_retry_delay;  /* seconds before the first retry, doubled each time */
	int send_timeout;      /* seconds to wait for a send result */
	bool delivery_reports;
	int worker_restart_max; /* seconds, the cap of the worker restart backoff */
	int watchdog_timeout;	/* seconds of worker silence before it is killed */
	int ussd_timeout;	/* seconds to wait for a USSD answer */
	/* E.164 prefixes of each network's numbers ([CONF_NET_ANY] unused). */
	struct conf_strv prefixes[CONF_NETWORKS];

	/* Alerts to the admin phones (daemon/modem/alert.c). */
	struct conf_strv admin_phones; /* as configured; may be empty: log only */
	int alert_modem_down;	       /* minutes a modem may stay down */
	int alert_sim_full;	       /* percent of the SIM used */
	int alert_disk_free;	       /* MB free under the database's folder */
	int alert_repeat;	       /* hours between two alerts of one kind */

	struct conf_modem *modems;
	size_t n_modems;

	/* Processing and replies. */
	char *gateway_number;		/* the number villagers text, shown in replies; NULL */
	char *key_file;			/* the key sealing confidential numbers */
	char *backup_dir;		/* backups; NULL: a folder "backup" beside the database */
	int retention_days;		/* closed cases' texts and numbers kept; 0 = forever */
	int hourly_limit;		/* messages an hour from one number before throttling */
	int duplicate_window;		/* seconds: the same text again is the same message */
	int reply_window;		/* days a notice or poll is replied to without a keyword */
	struct conf_strv deny;		/* numbers never answered (E.164 or as received) */
	struct conf_strv holidays;	/* "YYYY-MM-DD" or "YYYY-MM-DD..YYYY-MM-DD" */
	struct conf_strv notify_status; /* statuses the citizen is told about by SMS */
	struct conf_deadlines deadlines;
	bool replies_ucs2; /* replies with diacritics (70 characters) */
	int sms_cost;	   /* đồng per SMS segment, for the cost shown before staff send */
	char *warn_time;   /* "HH:MM" local: the working mornings' deadline warnings */
	struct conf_reply *replies;
	size_t n_replies;

	/* Console users and groups with their roles (may be empty: root only). */
	struct conf_user *users;
	size_t n_users;

	/* Keyword aliases added on top of the spec's defaults (may be empty). */
	struct keyword_list *keywords;
	size_t n_keywords;
};

/* Reads and validates FILE. On success returns the configuration (caller
 * frees with conf_free). On failure returns NULL and writes one or more
 * lines "file:line: message" into err (size errlen). */
struct conf *conf_load(const char *file, char *err, size_t errlen);
void conf_free(struct conf *c);

/* Returns the value of a modem's gammu key, or NULL. */
const char *conf_modem_gammu(const struct conf_modem *m, const char *key);

/*
 * Checks that this machine is ready for c (conf_check.c): the database's
 * and socket's folders, the modems' devices and their access, the key's
 * mode, the accounts named, the time zone. Prints each finding to out in
 * plain words ("error: ", "warning: " or "note: " and what to do) and
 * returns the number of errors: findings that stop the daemon from running.
 */
int conf_check_machine(const struct conf *c, FILE *out);

/* The text of reply template name: the configuration's, else the default;
 * NULL for an unknown name. */
const char *conf_reply_text(const struct conf *c, const char *name);

/* The name of a network ("viettel" ...; "any" for CONF_NET_ANY). */
const char *conf_network_name(int network);

/* The name of a role ("viewer" ...) and back (-1 if unknown). */
const char *conf_role_name(int role);
int conf_role_parse(const char *name);

/* Prints the table of keys (name, type, range, default, description) as
 * text; used by `tiengdand --keys` and documentation. */
void conf_print_keys(FILE *out);

#endif

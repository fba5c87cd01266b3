/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The table of configuration keys: the one place that says which keys exist,
 * their type, range, default and meaning. The loader validates against it and
 * conf_print_keys() prints it (tiengdand --keys, the man page).
 */
#include "conf/conf_internal.h"

#include "core/case_status.h"

#include <ctype.h>
#include <regex.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#define ZONEINFO_DIR "/usr/share/zoneinfo"

/* ---------------------------------------------------------------- checks */

/* True when S is MIN to MAX characters, each in SET (or a digit when SET is
 * NULL). */
static bool chars_in(const char *s, size_t min, size_t max, const char *set)
{
	size_t n = strlen(s);

	if (n < min || n > max)
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		if (set ? !(isalnum(ch) || strchr(set, ch)) : !isdigit(ch))
			return false;
	}
	return true;
}

static bool check_nonempty(const char *s)
{
	return s[0] != '\0';
}

static bool check_modem_id(const char *s)
{
	return chars_in(s, 1, 32, "_-");
}

/* The gateway's number as villagers dial it. */
static bool check_gateway_number(const char *s)
{
	return chars_in(s[0] == '+' ? s + 1 : s, 3, 15, NULL);
}

/* A time of day "HH:MM". */
static bool check_hhmm(const char *s)
{
	return strlen(s) == 5 && isdigit((unsigned char)s[0]) && isdigit((unsigned char)s[1]) &&
	       s[2] == ':' && isdigit((unsigned char)s[3]) && isdigit((unsigned char)s[4]) &&
	       atoi(s) < 24 && atoi(s + 3) < 60;
}

static bool check_case_status(const char *s)
{
	return case_status_parse(s) >= 0;
}

/* A unix user or group name as useradd accepts it. */
static bool check_account(const char *s)
{
	return s[0] != '-' && chars_in(s, 1, 32, "_-.$");
}

/* A USSD code: digits, * and #, e.g. "*101#". */
static bool check_ussd_code(const char *s)
{
	return s[strspn(s, "0123456789*#")] == '\0' && strlen(s) >= 2 && strlen(s) <= 32;
}

/* A POSIX extended regular expression with at least one group. */
static bool check_regex(const char *s)
{
	regex_t re;
	bool ok;

	if (s[0] == '\0' || regcomp(&re, s, REG_EXTENDED) != 0)
		return false;
	ok = re.re_nsub >= 1;
	regfree(&re);
	return ok;
}

static bool check_pin(const char *s)
{
	return chars_in(s, 4, 8, NULL);
}

static bool check_smsc(const char *s)
{
	return s[0] == '+' && chars_in(s + 1, 3, 20, NULL);
}

static bool check_country_code(const char *s)
{
	return s[0] != '0' && chars_in(s, 1, 3, NULL);
}

/* A zone name like "Asia/Ho_Chi_Minh" naming a file of the system's tz
 * database; no absolute path and no "..", so it cannot leave the folder. */
static bool check_timezone(const char *s)
{
	char path[512];
	struct stat st;

	if (!chars_in(s, 1, 128, "_-+/") || s[0] == '/' || strstr(s, ".."))
		return false;
	snprintf(path, sizeof(path), "%s/%s", ZONEINFO_DIR, s);
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* ---------------------------------------------------------------- table */

/* In the order of enum log_level (LOG_LVL_ERROR = 0 ...): stored as index. */
static const char *const log_levels[] = {"error", "warn", "info", "debug", NULL};
/* In the order of enum conf_role. */
static const char *const networks[] = {"any", "viettel", "vinaphone", "mobifone", NULL};
static const char *const roles[] = {"viewer", "handler", "supervisor", "admin", NULL};
static const char *const log_formats[] = {"nothing", "text",	   "textall", "textalldate",
					  "errors",  "errorsdate", "binary",  NULL};

#define TOP(field) offsetof(struct conf, field)
#define MODEM(field) offsetof(struct conf_modem, field)
#define USER(field) offsetof(struct conf_user, field)
#define DEADLINE(field) offsetof(struct conf_deadlines, field)
#define DAYS(key, dflt, what)                                                                      \
	{                                                                                          \
		CONF_SCOPE_DEADLINES, #key, CONF_T_INT, .min = 1, .max = 365, .def = dflt,         \
							.offset = DEADLINE(key), .desc = what      \
	}
#define NONEMPTY .check = check_nonempty, .range = "not empty"
#define KEYWORD(cmd)                                                                               \
	{                                                                                          \
		CONF_SCOPE_KEYWORDS, cmd, CONF_T_WORDS,                                            \
		    .desc = "extra keywords for the '" cmd "' command, as villagers type them"     \
	}

static const struct conf_key keys[] = {
    /* The top level. */
    {CONF_SCOPE_TOP, "database", CONF_T_STRING, CONF_F_PATH, NONEMPTY,
     .def = "/var/lib/tiengdan/tiengdan.db", .offset = TOP(database),
     .desc = "SQLite database file (relative: to the configuration's folder)"},
    {CONF_SCOPE_TOP, "socket", CONF_T_STRING, CONF_F_PATH, NONEMPTY,
     .def = "/run/tiengdan/control.sock", .offset = TOP(socket),
     .desc = "unix socket of the staff console (relative: to the configuration's folder)"},
    {CONF_SCOPE_TOP, "socket_group", CONF_T_STRING, 0, NONEMPTY, .offset = TOP(socket_group),
     .desc = "group owning the control socket; absent: the daemon's group"},
    {CONF_SCOPE_TOP, "timezone", CONF_T_STRING, 0, .check = check_timezone,
     .range = "a zone under " ZONEINFO_DIR, .def = "Asia/Ho_Chi_Minh", .offset = TOP(timezone),
     .desc = "time zone for display, deadlines and SMS dates"},
    {CONF_SCOPE_TOP, "country_code", CONF_T_STRING, 0, .check = check_country_code,
     .range = "1 to 3 digits", .def = "84", .offset = TOP(country_code),
     .desc = "country calling code for turning national numbers into E.164"},
    {CONF_SCOPE_TOP, "log_level", CONF_T_ENUM, .values = log_levels, .def = "info",
     .offset = TOP(log_level), .desc = "least important messages logged"},
    {CONF_SCOPE_TOP, "multipart_timeout", CONF_T_INT, .min = 60, .max = 604800, .def = "86400",
     .offset = TOP(multipart_timeout),
     .desc = "seconds to wait for the missing parts of a long SMS before storing it as is"},
    {CONF_SCOPE_TOP, "send_retries", CONF_T_INT, .min = 0, .max = 20, .def = "3",
     .offset = TOP(send_retries), .desc = "retries of a failed send before giving up"},
    {CONF_SCOPE_TOP, "send_retry_delay", CONF_T_INT, .min = 1, .max = 86400, .def = "60",
     .offset = TOP(send_retry_delay),
     .desc = "seconds before the first retry of a send, doubled at each retry"},
    {CONF_SCOPE_TOP, "send_timeout", CONF_T_INT, .min = 5, .max = 600, .def = "60",
     .offset = TOP(send_timeout), .desc = "seconds to wait for the modem's send result"},
    {CONF_SCOPE_TOP, "delivery_reports", CONF_T_BOOL, .def = "true",
     .offset = TOP(delivery_reports), .desc = "ask the network for delivery reports"},
    {CONF_SCOPE_TOP, "worker_restart_max", CONF_T_INT, .min = 1, .max = 3600, .def = "60",
     .offset = TOP(worker_restart_max),
     .desc = "seconds, the longest wait before restarting a failed modem worker"},
    {CONF_SCOPE_TOP, "watchdog_timeout", CONF_T_INT, .min = 5, .max = 3600, .def = "90",
     .offset = TOP(watchdog_timeout),
     .desc = "seconds a modem worker may stay silent (stuck in the modem library) before it"
	     " is killed and restarted; keep it above send_timeout and ussd_timeout"},
    {CONF_SCOPE_TOP, "ussd_timeout", CONF_T_INT, .min = 5, .max = 300, .def = "30",
     .offset = TOP(ussd_timeout), .desc = "seconds to wait for the answer to a USSD code"},
    {CONF_SCOPE_TOP, "viettel_prefixes", CONF_T_STRINGS, .check = check_nonempty,
     .range = "E.164 number prefixes", .offset = TOP(prefixes[CONF_NET_VIETTEL]),
     .def = "+8432,+8433,+8434,+8435,+8436,+8437,+8438,+8439,+8486,+8496,+8497,+8498",
     .desc = "numbers on Viettel's network, for sending on-net"},
    {CONF_SCOPE_TOP, "vinaphone_prefixes", CONF_T_STRINGS, .check = check_nonempty,
     .range = "E.164 number prefixes", .offset = TOP(prefixes[CONF_NET_VINAPHONE]),
     .def = "+8481,+8482,+8483,+8484,+8485,+8488,+8491,+8494",
     .desc = "numbers on VinaPhone's network, for sending on-net"},
    {CONF_SCOPE_TOP, "mobifone_prefixes", CONF_T_STRINGS, .check = check_nonempty,
     .range = "E.164 number prefixes", .offset = TOP(prefixes[CONF_NET_MOBIFONE]),
     .def = "+8470,+8476,+8477,+8478,+8479,+8489,+8490,+8493",
     .desc = "numbers on MobiFone's network, for sending on-net"},
    {CONF_SCOPE_TOP, "admin_phones", CONF_T_STRINGS, .check = check_gateway_number,
     .range = "phone numbers", .offset = TOP(admin_phones),
     .desc = "numbers that get the alerts by SMS (modem down, SIM or disk full, low balance)"},
    {CONF_SCOPE_TOP, "alert_modem_down", CONF_T_INT, .min = 1, .max = 1440, .def = "10",
     .offset = TOP(alert_modem_down),
     .desc = "minutes a modem may stay disconnected before the admins are alerted"},
    {CONF_SCOPE_TOP, "alert_sim_full", CONF_T_INT, .min = 1, .max = 100, .def = "80",
     .offset = TOP(alert_sim_full),
     .desc = "percent of a SIM's message slots in use that raises an alert"},
    {CONF_SCOPE_TOP, "alert_disk_free", CONF_T_INT, .min = 1, .max = 100000000, .def = "500",
     .offset = TOP(alert_disk_free),
     .desc = "MB free on the database's disk below which the admins are alerted"},
    {CONF_SCOPE_TOP, "alert_repeat", CONF_T_INT, .min = 1, .max = 720, .def = "24",
     .offset = TOP(alert_repeat),
     .desc = "hours before an alert of the same kind (and modem) is sent again"},
    {CONF_SCOPE_TOP, "modems", CONF_T_MODEMS, CONF_F_REQUIRED,
     .desc = "the modems, a list of groups ( { ... }, { ... } ); the daemon starts only once it "
	     "names one"},
    {CONF_SCOPE_TOP, "gateway_number", CONF_T_STRING, 0, .check = check_gateway_number,
     .range = "the number as villagers dial it: digits, optionally + first",
     .offset = TOP(gateway_number), .desc = "the number villagers text, shown in replies"},
    {CONF_SCOPE_TOP, "geography", CONF_T_STRING, CONF_F_PATH, NONEMPTY, .offset = TOP(geography),
     .desc = "a units CSV (as config/geo-damrong.csv) imported when the daemon starts with "
	     "no units in its directory; later changes go through `tiengdan units import`"},
    {CONF_SCOPE_TOP, "key_file", CONF_T_STRING, CONF_F_PATH, NONEMPTY, .offset = TOP(key_file),
     .desc = "key sealing the numbers of denunciation senders, created at first start "
	     "(default: the database's path + .key); back it up with the database"},
    {CONF_SCOPE_TOP, "backup_dir", CONF_T_STRING, CONF_F_PATH, NONEMPTY, .offset = TOP(backup_dir),
     .desc = "folder of the backups (tiengdan backup, and one before each schema upgrade); "
	     "absent: a folder backup beside the database"},
    {CONF_SCOPE_TOP, "retention_days", CONF_T_INT, .min = 0, .max = 36500, .def = "0",
     .offset = TOP(retention_days),
     .desc = "days after a case is closed before the texts and phone numbers of its messages "
	     "are erased (the report's figures stay); 0 = keep them forever"},
    {CONF_SCOPE_TOP, "hourly_limit", CONF_T_INT, .min = 1, .max = 10000, .def = "10",
     .offset = TOP(hourly_limit),
     .desc = "messages an hour from one number before further ones are only stored"},
    {CONF_SCOPE_TOP, "reply_window", CONF_T_INT, .min = 0, .max = 90, .def = "7",
     .offset = TOP(reply_window),
     .desc = "days after a notice or poll during which a reply without a keyword from a number "
	     "it went to (ok, da biet, 1, dong y) is read as its acknowledgement or vote; "
	     "0 = never"},
    {CONF_SCOPE_TOP, "duplicate_window", CONF_T_INT, .min = 0, .max = 86400, .def = "600",
     .offset = TOP(duplicate_window),
     .desc = "seconds within which the same text from the same number is one message"},
    {CONF_SCOPE_TOP, "deny", CONF_T_STRINGS, .check = check_nonempty, .range = "phone numbers",
     .offset = TOP(deny), .desc = "numbers that never get an automatic reply nor open a case"},
    {CONF_SCOPE_TOP, "holidays", CONF_T_STRINGS, .check = check_nonempty,
     .range = "\"YYYY-MM-DD\" or \"YYYY-MM-DD..YYYY-MM-DD\"", .offset = TOP(holidays),
     .desc = "days off besides weekends (Tết, national holidays), for deadlines"},
    {CONF_SCOPE_TOP, "notify_status", CONF_T_STRINGS, .check = check_case_status,
     .range = "case statuses", .offset = TOP(notify_status),
     .def = "accepted,in_progress,resolved,transferred,rejected",
     .desc = "statuses the citizen is told about by SMS when staff set them"},
    {CONF_SCOPE_TOP, "sms_cost", CONF_T_INT, .min = 0, .max = 100000, .def = "350",
     .offset = TOP(sms_cost),
     .desc = "price of one SMS segment in dong, shown before staff send a message"},
    {CONF_SCOPE_TOP, "warn_time", CONF_T_STRING, .check = check_hhmm, .range = "\"HH:MM\"",
     .def = "07:30", .offset = TOP(warn_time),
     .desc = "local time of the working mornings' SMS to staff with a phone: cases overdue and "
	     "due within 3 working days"},
    {CONF_SCOPE_TOP, "deadlines", CONF_T_DEADLINES,
     .desc = "working days allowed per kind of case"},
    {CONF_SCOPE_TOP, "replies", CONF_T_REPLIES,
     .desc = "reply templates by name, replacing the defaults; ucs2 for diacritics"},
    {CONF_SCOPE_TOP, "users", CONF_T_USERS,
     .desc = "who may use the console: a list of groups { user or group; role; communes }"},
    {CONF_SCOPE_TOP, "keywords", CONF_T_KEYWORDS,
     .desc = "extra keywords per command, added to the built-in ones"},

    /* One modem. */
    {CONF_SCOPE_MODEM, "id", CONF_T_STRING, CONF_F_REQUIRED, .check = check_modem_id,
     .range = "1 to 32 of A-Z a-z 0-9 _ -", .offset = MODEM(id),
     .desc = "the modem's name in logs, the console and the database; unique"},
    {CONF_SCOPE_MODEM, "pin", CONF_T_STRING, CONF_F_SECRET, .check = check_pin,
     .range = "4 to 8 digits", .offset = MODEM(pin),
     .desc = "SIM PIN, entered when the SIM asks for it"},
    {CONF_SCOPE_MODEM, "smsc", CONF_T_STRING, 0, .check = check_smsc,
     .range = "+ then 3 to 20 digits", .offset = MODEM(smsc),
     .desc = "SMS centre number; absent: the one stored on the SIM"},
    {CONF_SCOPE_MODEM, "scan_interval", CONF_T_INT, .min = 1, .max = 3600, .def = "5",
     .offset = MODEM(scan_interval),
     .desc = "seconds between SIM scans for new SMS (a safety net for missed notices)"},
    {CONF_SCOPE_MODEM, "daily_limit", CONF_T_INT, .min = 0, .max = 1000000, .def = "200",
     .offset = MODEM(daily_limit),
     .desc = "SMS the SIM may send per day (0: no limit); broadcasts stop at 90% of it"},
    {CONF_SCOPE_MODEM, "network", CONF_T_ENUM, .values = networks, .def = "any",
     .offset = MODEM(network),
     .desc = "the SIM's network: replies to numbers on it go out through this modem"
	     " while it is up (on-net SMS cost less)"},
    {CONF_SCOPE_MODEM, "send_rate", CONF_T_INT, .min = 0, .max = 6000, .def = "0",
     .offset = MODEM(send_rate), .desc = "most SMS sent per minute, 0 = as fast as it can"},
    {CONF_SCOPE_MODEM, "status_interval", CONF_T_INT, .min = 1, .max = 3600, .def = "60",
     .offset = MODEM(status_interval),
     .desc = "seconds between reads of the modem's signal, network, battery and SIM fill"
	     " (also a probe of a silent modem)"},
    {CONF_SCOPE_MODEM, "balance_code", CONF_T_STRING, 0, .check = check_ussd_code,
     .range = "a USSD code: digits, * and #", .offset = MODEM(balance_code),
     .desc = "USSD code telling the SIM's balance, asked once a day; absent: no check"},
    {CONF_SCOPE_MODEM, "balance_pattern", CONF_T_STRING, 0, .check = check_regex,
     .range = "a POSIX extended regex with a group", .offset = MODEM(balance_pattern),
     .def = "([0-9][0-9.,]*) ?(đồng|đ|dong|d|VND)",
     .desc = "reads the balance from the USSD answer: its first group is the amount"},
    {CONF_SCOPE_MODEM, "balance_min", CONF_T_INT, .min = 0, .max = 100000000, .def = "10000",
     .offset = MODEM(balance_min),
     .desc = "dong: a balance below it alerts the admins (at most once a day)"},
    {CONF_SCOPE_MODEM, "gammu", CONF_T_GAMMU, CONF_F_REQUIRED,
     .desc = "libgammu settings, as in a gammurc [gammu] section"},

    /* The deadlines group. */
    DAYS(feedback, "10", "working days to process feedback"),
    DAYS(complaint_accept, "10", "working days to accept (thụ lý) a complaint"),
    DAYS(complaint_resolve, "30", "working days to resolve a complaint, from acceptance"),
    DAYS(complaint_complex, "45", "the same for a complex complaint"),
    DAYS(denunciation, "10", "working days to process denunciation information"),
    {CONF_SCOPE_DEADLINES, "remote_extra", CONF_T_INT, .min = 0, .max = 365, .def = "15",
     .offset = DEADLINE(remote_extra), .desc = "working days added in remote areas"},
    {CONF_SCOPE_DEADLINES, "remote_area", CONF_T_BOOL, .def = "false",
     .offset = DEADLINE(remote_area),
     .desc = "the commune is a remote area: complaints get remote_extra more days"},

    /* The replies group (the template names are checked by conf_load_replies). */
    {CONF_SCOPE_REPLIES, "ucs2", CONF_T_BOOL, .def = "false",
     .desc = "replies with diacritics (UCS-2, 70 characters) instead of GSM 7-bit (160)"},
    {CONF_SCOPE_REPLIES, "<name>", CONF_T_STRING,
     .desc = "a reply template: feedback, complaint, denunciation, status, meeting, help, ..."},

    /* One console user or group. */
    {CONF_SCOPE_USER, "user", CONF_T_STRING, 0, .check = check_account, .range = "a unix user name",
     .offset = USER(user), .desc = "the unix user this entry is for (or give group)"},
    {CONF_SCOPE_USER, "group", CONF_T_STRING, 0, .check = check_account,
     .range = "a unix group name", .offset = USER(group),
     .desc = "the unix group whose members this entry is for (or give user)"},
    {CONF_SCOPE_USER, "role", CONF_T_ENUM, CONF_F_REQUIRED, .values = roles, .offset = USER(role),
     .desc = "viewer (read), handler (work cases), supervisor (also confidential senders, "
	     "reports), admin (directory, modems)"},
    {CONF_SCOPE_USER, "communes", CONF_T_CODES,
     .desc = "codes of the communes the role is limited to; absent: all"},
    {CONF_SCOPE_USER, "phone", CONF_T_STRING, 0, .check = check_gateway_number,
     .range = "a phone number", .offset = USER(phone),
     .desc = "where the morning deadline warnings go: the cases of the officer named like the "
	     "user; supervisors get their communes'"},

    /* A modem's gammu group: the keys of a gammurc [gammu] section. */
    {CONF_SCOPE_GAMMU, "device", CONF_T_STRING, CONF_F_REQUIRED, NONEMPTY,
     .desc = "serial device; a folder for the dummy driver; a command line for proxyat"},
    {CONF_SCOPE_GAMMU, "connection", CONF_T_STRING, 0, NONEMPTY, .def = "at",
     .desc = "gammu connection type: at, at115200, none (dummy), proxyat, ..."},
    {CONF_SCOPE_GAMMU, "model", CONF_T_STRING, 0,
     .desc = "phone model override; \"dummy\" for the emulated SIM folder"},
    {CONF_SCOPE_GAMMU, "synchronizetime", CONF_T_YESNO,
     .desc = "set the modem's clock from the computer's at connection"},
    {CONF_SCOPE_GAMMU, "logfile", CONF_T_STRING, 0, NONEMPTY,
     .desc = "file for libgammu's protocol log"},
    {CONF_SCOPE_GAMMU, "logformat", CONF_T_ENUM, .values = log_formats,
     .desc = "what libgammu writes to logfile"},
    {CONF_SCOPE_GAMMU, "use_locking", CONF_T_YESNO,
     .desc = "lock the serial device with a lock file"},
    {CONF_SCOPE_GAMMU, "gammuloc", CONF_T_STRING, 0, .desc = "libgammu's translation file"},
    {CONF_SCOPE_GAMMU, "features", CONF_T_STRING, 0,
     .desc = "phone feature overrides, comma separated"},
    {CONF_SCOPE_GAMMU, "gammucoding", CONF_T_STRING, 0,
     .desc = "character set of libgammu's messages"},

    /* The keywords group: one array per command of the SMS language. */
    KEYWORD("feedback"),
    KEYWORD("complaint"),
    KEYWORD("denunciation"),
    KEYWORD("ack"),
    KEYWORD("status"),
    KEYWORD("meeting"),
    KEYWORD("vote"),
    KEYWORD("register"),
    KEYWORD("optout"),
    KEYWORD("help"),
    /* Word lists that need no keyword (SMS-LANGUAGE.md section 3). */
    {CONF_SCOPE_KEYWORDS, "ack_words", CONF_T_WORDS,
     .desc = "extra words acknowledging the latest notice sent to the number (da biet, ok)"},
    {CONF_SCOPE_KEYWORDS, "choice_words", CONF_T_WORDS,
     .desc = "extra words voting on the latest open poll sent to the number (dong y)"},
    {CONF_SCOPE_KEYWORDS, "chatter_words", CONF_T_WORDS,
     .desc = "extra greetings and fillers: a message of only these is unclear, no case"},
    {CONF_SCOPE_KEYWORDS, "optout_words", CONF_T_WORDS,
     .desc = "extra phrases that opt out when they are the whole message (dung gui tin)"},
    {CONF_SCOPE_KEYWORDS, "lead_words", CONF_T_WORDS,
     .desc = "extra words skipped before a keyword (toi, em xin, kinh gui xa)"},
    {CONF_SCOPE_KEYWORDS, "code_fillers", CONF_T_WORDS,
     .desc = "extra words skipped between a status keyword and the code (ma, ma so)"},
};

#define N_KEYS (sizeof(keys) / sizeof(keys[0]))

/* ---------------------------------------------------------------- lookup */

const struct conf_key *conf_key_next(enum conf_scope scope, const struct conf_key *prev)
{
	for (size_t i = prev ? (size_t)(prev - keys) + 1 : 0; i < N_KEYS; i++)
		if (keys[i].scope == scope)
			return &keys[i];
	return NULL;
}

const struct conf_key *conf_key_find(enum conf_scope scope, const char *name)
{
	for (const struct conf_key *k = conf_key_next(scope, NULL); k; k = conf_key_next(scope, k))
		if (strcmp(k->name, name) == 0)
			return k;
	return NULL;
}

/* Levenshtein distance, case-insensitive; SIZE_MAX when a word is too long
 * to be a typo of a key. */
static size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	size_t row[65];

	if (lb >= sizeof(row) / sizeof(row[0]) || la > 64)
		return (size_t)-1;
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t cost =
			    tolower((unsigned char)a[i - 1]) != tolower((unsigned char)b[j - 1]);
			size_t best = diag + cost;
			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[lb];
}

const struct conf_key *conf_key_suggest(enum conf_scope scope, const char *name)
{
	const struct conf_key *best = NULL;
	size_t best_d = 3; /* at most two edits */
	size_t len = strlen(name);

	for (const struct conf_key *k = conf_key_next(scope, NULL); k;
	     k = conf_key_next(scope, k)) {
		size_t d = edit_distance(name, k->name);
		if (d < best_d && d < len) {
			best = k;
			best_d = d;
		}
	}
	return best;
}

const struct conf_key *conf_key_elsewhere(enum conf_scope scope, const char *name)
{
	for (size_t i = 0; i < N_KEYS; i++)
		if (keys[i].scope != scope && strcmp(keys[i].name, name) == 0)
			return &keys[i];
	return NULL;
}

int conf_key_enum_index(const struct conf_key *k, const char *value)
{
	for (int i = 0; k->values && k->values[i]; i++)
		if (strcmp(k->values[i], value) == 0)
			return i;
	return -1;
}

/* ---------------------------------------------------------------- text */

/* Writes K's values joined by SEP, each between QUOTE, into buf. */
static void join_values(const struct conf_key *k, const char *sep, const char *quote, char *buf,
			size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (int i = 0; k->values[i] && used < len; i++) {
		int n = snprintf(buf + used, len - used, "%s%s%s%s", i ? sep : "", quote,
				 k->values[i], quote);
		if (n < 0)
			break;
		used += (size_t)n;
	}
}

void conf_key_expected(const struct conf_key *k, char *buf, size_t len)
{
	char values[256];

	switch (k->type) {
	case CONF_T_STRING:
		snprintf(buf, len, "a string%s%s%s", k->range ? " (" : "", k->range ? k->range : "",
			 k->range ? ")" : "");
		break;
	case CONF_T_INT:
		snprintf(buf, len, "an integer from %lld to %lld", k->min, k->max);
		break;
	case CONF_T_BOOL:
		snprintf(buf, len, "a boolean (true or false)");
		break;
	case CONF_T_YESNO:
		snprintf(buf, len, "a boolean or \"yes\"/\"no\"");
		break;
	case CONF_T_ENUM:
		join_values(k, ", ", "\"", values, sizeof(values));
		snprintf(buf, len, "one of %s", values);
		break;
	case CONF_T_MODEMS:
		snprintf(buf, len, "a list of modem groups ( { id = \"...\"; gammu = { ... }; } )");
		break;
	case CONF_T_GAMMU:
		snprintf(buf, len, "a group { device = \"...\"; ... }");
		break;
	case CONF_T_KEYWORDS:
		snprintf(buf, len, "a group { command = [ \"alias\", ... ]; ... }");
		break;
	case CONF_T_WORDS:
		snprintf(buf, len, "an array of strings [ \"alias\", ... ]");
		break;
	case CONF_T_USERS:
		snprintf(buf, len, "a list of groups ( { user = \"...\"; role = \"...\"; } )");
		break;
	case CONF_T_CODES:
		snprintf(buf, len, "an array of unit codes [ \"DR1\", ... ]");
		break;
	case CONF_T_STRINGS:
		snprintf(buf, len, "an array of strings [ \"...\", ... ]%s%s%s",
			 k->range ? " (" : "", k->range ? k->range : "", k->range ? ")" : "");
		break;
	case CONF_T_DEADLINES:
	case CONF_T_REPLIES:
		snprintf(buf, len, "a group { name = value; ... }");
		break;
	}
}

static const char *const type_names[] = {
    [CONF_T_STRING] = "string",	  [CONF_T_INT] = "integer",    [CONF_T_BOOL] = "boolean",
    [CONF_T_YESNO] = "yes/no",	  [CONF_T_ENUM] = "enum",      [CONF_T_MODEMS] = "list",
    [CONF_T_GAMMU] = "group",	  [CONF_T_KEYWORDS] = "group", [CONF_T_WORDS] = "strings",
    [CONF_T_USERS] = "list",	  [CONF_T_CODES] = "strings",  [CONF_T_STRINGS] = "strings",
    [CONF_T_DEADLINES] = "group", [CONF_T_REPLIES] = "group",
};

static const char *const scope_prefixes[] = {
    [CONF_SCOPE_TOP] = "",
    [CONF_SCOPE_MODEM] = "modems[].",
    [CONF_SCOPE_GAMMU] = "modems[].gammu.",
    [CONF_SCOPE_KEYWORDS] = "keywords.",
    [CONF_SCOPE_USER] = "users[].",
    [CONF_SCOPE_DEADLINES] = "deadlines.",
    [CONF_SCOPE_REPLIES] = "replies.",
};

void conf_key_fullname(const struct conf_key *k, char *buf, size_t len)
{
	snprintf(buf, len, "%s%s", scope_prefixes[k->scope], k->name);
}

/* The key listing's range column for K. */
static void key_range(const struct conf_key *k, char *buf, size_t len)
{
	if (k->type == CONF_T_INT)
		snprintf(buf, len, "%lld..%lld", k->min, k->max);
	else if (k->type == CONF_T_ENUM)
		join_values(k, "|", "", buf, len);
	else if (k->type == CONF_T_YESNO)
		snprintf(buf, len, "yes|no");
	else
		snprintf(buf, len, "%s", k->range ? k->range : "-");
}

/* The key listing's default column for K. */
static void key_default(const struct conf_key *k, char *buf, size_t len)
{
	if (k->flags & CONF_F_REQUIRED)
		snprintf(buf, len, "(required)");
	else if (!k->def)
		snprintf(buf, len, "-");
	else if (k->type == CONF_T_STRING || k->type == CONF_T_ENUM)
		snprintf(buf, len, "\"%s\"", k->def);
	else
		snprintf(buf, len, "%s", k->def);
}

void conf_print_keys(FILE *out)
{
	char name[64], range[256], def[64];
	int wname = 4, wrange = 5, wdef = 7;

	/* Two passes: measure the columns, then print them aligned. */
	for (int pass = 0; pass < 2; pass++) {
		if (pass == 1)
			fprintf(out, "%-*s  %-7s  %-*s  %-*s  %s\n", wname, "KEY", "TYPE", wrange,
				"RANGE", wdef, "DEFAULT", "DESCRIPTION");
		for (size_t i = 0; i < N_KEYS; i++) {
			const struct conf_key *k = &keys[i];
			int n =
			    snprintf(name, sizeof(name), "%s%s", scope_prefixes[k->scope], k->name);
			key_range(k, range, sizeof(range));
			key_default(k, def, sizeof(def));
			if (pass == 0) {
				wname = n > wname ? n : wname;
				wrange = (int)strlen(range) > wrange ? (int)strlen(range) : wrange;
				wdef = (int)strlen(def) > wdef ? (int)strlen(def) : wdef;
				continue;
			}
			fprintf(out, "%-*s  %-7s  %-*s  %-*s  %s\n", wname, name,
				type_names[k->type], wrange, range, wdef, def, k->desc);
		}
	}
}

const char *conf_network_name(int network)
{
	return network >= 0 && network < CONF_NETWORKS ? networks[network] : "any";
}

const char *conf_role_name(int role)
{
	return role >= 0 && role < (int)(sizeof(roles) / sizeof(roles[0])) - 1 ? roles[role] : "?";
}

int conf_role_parse(const char *name)
{
	for (int i = 0; name && roles[i]; i++)
		if (strcmp(roles[i], name) == 0)
			return i;
	return -1;
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Private to daemon/conf: the table of keys (conf_keys.c) and the loader's
 * context shared by conf.c (top level, values, errors) and conf_modem.c
 * (modems, their gammu group, keywords). Not for use outside daemon/conf.
 */
#ifndef TIENGDAN_CONF_INTERNAL_H
#define TIENGDAN_CONF_INTERNAL_H

#include "conf/conf.h"

#include <libconfig.h>
#include <stdbool.h>
#include <stddef.h>

/* ---------------------------------------------------------------- table */

/* Where a key lives: each scope is one libconfig group shape. */
enum conf_scope {
	CONF_SCOPE_TOP,	     /* the file's root group -> struct conf */
	CONF_SCOPE_MODEM,    /* one group of the modems list -> struct conf_modem */
	CONF_SCOPE_GAMMU,    /* a modem's gammu group -> struct conf_modem.gammu (text) */
	CONF_SCOPE_KEYWORDS, /* the keywords group -> struct conf.keywords */
	CONF_SCOPE_USER,     /* one group of the users list -> struct conf_user */
	CONF_SCOPE_DEADLINES, /* the deadlines group -> struct conf_deadlines */
	CONF_SCOPE_REPLIES,   /* the replies group -> struct conf (ucs2, replies) */
};

enum conf_type {
	CONF_T_STRING,	 /* char *, optionally checked by conf_key.check */
	CONF_T_INT,	 /* int within [min, max] */
	CONF_T_BOOL,	 /* bool (CONFIG_TYPE_BOOL) */
	CONF_T_YESNO,	 /* a boolean or "yes"/"no"/"true"/"false": gammu text "yes"/"no" */
	CONF_T_ENUM,	 /* a string among conf_key.values; stored as its index (int) or text */
	CONF_T_MODEMS,	 /* the list of modem groups */
	CONF_T_GAMMU,	 /* a modem's gammu group */
	CONF_T_KEYWORDS, /* the keywords group */
	CONF_T_WORDS,	 /* an array of strings (keyword aliases) */
	CONF_T_USERS,	 /* the list of console users */
	CONF_T_CODES,	 /* an array of unit codes: a user's communes */
	CONF_T_STRINGS,	 /* an array of strings -> struct conf_strv, each checked */
	CONF_T_DEADLINES, /* the deadlines group */
	CONF_T_REPLIES,	 /* the replies group: ucs2 and templates by name */
};

enum {
	CONF_F_REQUIRED = 1 << 0, /* an error when absent */
	CONF_F_PATH = 1 << 1,	  /* a path: relative ones are resolved against conf->dir */
	CONF_F_SECRET = 1 << 2,	  /* never echo the value in an error */
};

struct conf_key {
	enum conf_scope scope;
	const char *name; /* the member name inside its scope */
	enum conf_type type;
	unsigned flags;		   /* CONF_F_* */
	long long min, max;	   /* CONF_T_INT */
	const char *const *values; /* CONF_T_ENUM: NULL-terminated */
	/* CONF_T_STRING: returns true when the value is acceptable; range says
	 * what is accepted, for messages and the key listing. */
	bool (*check)(const char *value);
	const char *range;
	const char *def;  /* the default as text, NULL = none (the field stays NULL) */
	size_t offset;	  /* scopes TOP and MODEM: where the value is stored */
	const char *desc; /* one line, for the key listing and the man page */
};

/* Returns the key NAME of SCOPE, or NULL. */
const struct conf_key *conf_key_find(enum conf_scope scope, const char *name);
/* Iterates the keys of SCOPE: pass NULL first, then the previous result;
 * returns NULL after the last. */
const struct conf_key *conf_key_next(enum conf_scope scope, const struct conf_key *prev);
/* Returns the key of SCOPE closest to NAME if it is a likely typo, or NULL. */
const struct conf_key *conf_key_suggest(enum conf_scope scope, const char *name);
/* Returns a key named NAME in a scope other than SCOPE, or NULL. */
const struct conf_key *conf_key_elsewhere(enum conf_scope scope, const char *name);
/* Writes K's full name ("modems[].gammu.device") into buf. */
void conf_key_fullname(const struct conf_key *k, char *buf, size_t len);
/* Writes what K accepts ("an integer from 0 to 20", "one of a, b") into buf. */
void conf_key_expected(const struct conf_key *k, char *buf, size_t len);
/* Returns the index of VALUE in K's values, or -1. */
int conf_key_enum_index(const struct conf_key *k, const char *value);

/* ---------------------------------------------------------------- loader */

struct conf_ctx {
	struct conf *c;	  /* being filled; freed by conf_load on failure */
	const char *file; /* the name given to conf_load, for file-level messages */
	char *err;	  /* caller's buffer */
	size_t errlen;
	size_t used;
	int n_errors;
	const char *modem; /* id of the modem being read, for messages, or NULL */
};

/* Appends "file:line: message\n" to the error buffer (the line of S, or no
 * line when S is NULL or the root). */
void conf_error(struct conf_ctx *x, const config_setting_t *s, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Reports that setting S (key K, written NAME in messages) is not what K
 * accepts; GOT describes the value, NULL to name its type ("not a string"). */
void conf_error_expected(struct conf_ctx *x, const config_setting_t *s, const struct conf_key *k,
			 const char *name, const char *got);

/* Validates every member of GROUP against the keys of SCOPE and stores the
 * values into DEST (struct conf for TOP, struct conf_modem for MODEM and
 * GAMMU, struct conf for KEYWORDS), then applies defaults and reports missing
 * required keys. WHERE names the group in messages ("" for the top level,
 * "modems[0]"). Returns 0, or -1 after reporting errors. */
int conf_load_group(struct conf_ctx *x, const config_setting_t *group, enum conf_scope scope,
		    void *dest, const char *where);

/* Returns a fresh absolute path: PATH itself when absolute, else PATH
 * resolved against DIR (leading "./" and "../" folded). Caller frees. */
char *conf_path_resolve(const char *dir, const char *path);

/* The composite values (conf_modem.c); same contract as conf_load_group. */
int conf_load_modems(struct conf_ctx *x, const config_setting_t *list);
int conf_load_gammu(struct conf_ctx *x, const config_setting_t *group, struct conf_modem *m,
		    const char *where);
int conf_load_words(struct conf_ctx *x, const config_setting_t *s, const struct conf_key *k,
		    const char *where);
/* Stores the default of every key of SCOPE into DEST (a group left out). */
void conf_apply_defaults(struct conf_ctx *x, enum conf_scope scope, void *dest);

/* Arrays of strings, the deadlines and replies groups and the checks that
 * need the core modules (conf_service.c); same contract as above. */
int conf_load_strings(struct conf_ctx *x, const config_setting_t *s, const struct conf_key *k,
		      void *dest, const char *where);
int conf_load_replies(struct conf_ctx *x, const config_setting_t *group);
/* Checks across keys once everything is read: holidays, every reply template
 * fitting one SMS, the key file's default. */
int conf_check_service(struct conf_ctx *x, const config_setting_t *root);

/* The console users (conf_users.c); same contract as conf_load_group. */
int conf_load_users(struct conf_ctx *x, const config_setting_t *list);
int conf_load_codes(struct conf_ctx *x, const config_setting_t *s, const struct conf_key *k,
		    struct conf_user *u, const char *where);

/* Appends KEY=VALUE (copied) to M's gammu pairs. */
void conf_modem_gammu_add(struct conf_modem *m, const char *key, const char *value);

#endif

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Loading the configuration: read the file with libconfig, check every
 * setting against the table of keys (conf_keys.c), store the values and the
 * defaults, and collect every problem as "file:line: message".
 */
#include "conf/conf_internal.h"

#include "core/phone.h"
#include "util/xalloc.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---------------------------------------------------------------- errors */

/* Appends "FILE:LINE: " (or "FILE: " when LINE is 0), the message and a
 * newline to the error buffer, truncating when it is full. */
static void __attribute__((format(printf, 4, 0)))
error_at(struct conf_ctx *x, const char *file, unsigned line, const char *fmt, va_list ap)
{
	int n;

	x->n_errors++;
	if (!x->err || x->used + 1 >= x->errlen)
		return;
	if (line > 0)
		n = snprintf(x->err + x->used, x->errlen - x->used, "%s:%u: ", file, line);
	else
		n = snprintf(x->err + x->used, x->errlen - x->used, "%s: ", file);
	if (n > 0)
		x->used += (size_t)n;
	if (x->used + 1 < x->errlen) {
		n = vsnprintf(x->err + x->used, x->errlen - x->used, fmt, ap);
		if (n > 0)
			x->used += (size_t)n;
	}
	if (x->used + 1 >= x->errlen) {
		x->used = x->errlen - 1; /* truncated; the buffer stays terminated */
		return;
	}
	x->err[x->used++] = '\n';
	x->err[x->used] = '\0';
}

/* printf wrapper of error_at, for the syntax error that has no setting. */
static void __attribute__((format(printf, 4, 5)))
error_at_line(struct conf_ctx *x, const char *file, unsigned line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	error_at(x, file, line, fmt, ap);
	va_end(ap);
}

void conf_error(struct conf_ctx *x, const config_setting_t *s, const char *fmt, ...)
{
	const char *file = s ? config_setting_source_file(s) : NULL;
	unsigned line = s ? config_setting_source_line(s) : 0;
	va_list ap;

	va_start(ap, fmt);
	error_at(x, file ? file : x->file, line, fmt, ap);
	va_end(ap);
}

/* What a libconfig value is, for "... not a string". */
static const char *type_article(const config_setting_t *s)
{
	switch (config_setting_type(s)) {
	case CONFIG_TYPE_INT:
	case CONFIG_TYPE_INT64:
		return "an integer";
	case CONFIG_TYPE_FLOAT:
		return "a number with a fraction";
	case CONFIG_TYPE_STRING:
		return "a string";
	case CONFIG_TYPE_BOOL:
		return "a boolean";
	case CONFIG_TYPE_ARRAY:
		return "an array";
	case CONFIG_TYPE_LIST:
		return "a list";
	case CONFIG_TYPE_GROUP:
		return "a group";
	}
	return "something else";
}

void conf_error_expected(struct conf_ctx *x, const config_setting_t *s, const struct conf_key *k,
			 const char *name, const char *got)
{
	char expected[320];

	conf_key_expected(k, expected, sizeof(expected));
	conf_error(x, s, "'%s' must be %s, not %s", name, expected, got ? got : type_article(s));
}

/* ---------------------------------------------------------------- paths */

char *conf_path_resolve(const char *dir, const char *path)
{
	size_t dlen = strlen(dir);

	if (path[0] == '/')
		return xstrdup(path);
	/* dir is a real path (no symlinks), so a leading ".." is its parent. */
	for (;;) {
		if (strncmp(path, "./", 2) == 0) {
			path += 2;
		} else if (strncmp(path, "../", 3) == 0 || strcmp(path, "..") == 0) {
			while (dlen > 1 && dir[dlen - 1] != '/')
				dlen--;
			if (dlen > 1)
				dlen--; /* the slash, unless it is the root */
			path += path[2] ? 3 : 2;
		} else {
			break;
		}
		while (path[0] == '/')
			path++;
	}
	if (path[0] == '\0')
		return xasprintf("%.*s", (int)dlen, dir);
	return xasprintf("%.*s%s%s", (int)dlen, dir, dlen > 0 && dir[dlen - 1] == '/' ? "" : "/",
			 path);
}

/* Sets c->path (absolute, the name as given) and c->dir (its folder with
 * symlinks resolved). Returns 0, or -1 with errno set. */
static int set_location(struct conf *c, const char *file)
{
	char cwd[PATH_MAX], real[PATH_MAX];
	const char *slash;
	char *dir = NULL;
	int ret = -1;

	if (file[0] == '/') {
		c->path = xstrdup(file);
	} else {
		if (!getcwd(cwd, sizeof(cwd)))
			goto out;
		c->path = xasprintf("%s/%s", cwd, file);
	}
	slash = strrchr(c->path, '/');
	dir = xasprintf("%.*s", (int)(slash - c->path), c->path);
	if (!realpath(dir[0] ? dir : "/", real))
		goto out;
	c->dir = xstrdup(real);
	ret = 0;
out:
	free(dir);
	return ret;
}

/* ---------------------------------------------------------------- values */

/* A scalar value checked against its key. */
struct value {
	long long i;   /* CONF_T_INT, CONF_T_BOOL, CONF_T_YESNO, CONF_T_ENUM (index) */
	const char *s; /* CONF_T_STRING, CONF_T_ENUM: borrowed from libconfig or the table */
};

/* Reads setting S as key K into v. Returns 0, or -1 after reporting. */
static int value_read(struct conf_ctx *x, const config_setting_t *s, const struct conf_key *k,
		      const char *name, struct value *v)
{
	int type = config_setting_type(s);
	char got[160];

	if (k->type == CONF_T_INT && (type == CONFIG_TYPE_INT || type == CONFIG_TYPE_INT64)) {
		v->i = config_setting_get_int64(s);
		if (v->i >= k->min && v->i <= k->max)
			return 0;
		snprintf(got, sizeof(got), "%lld", v->i);
		conf_error_expected(x, s, k, name, got);
		return -1;
	}
	if ((k->type == CONF_T_BOOL || k->type == CONF_T_YESNO) && type == CONFIG_TYPE_BOOL) {
		v->i = config_setting_get_bool(s);
		return 0;
	}
	if (type != CONFIG_TYPE_STRING ||
	    !(k->type == CONF_T_STRING || k->type == CONF_T_ENUM || k->type == CONF_T_YESNO)) {
		conf_error_expected(x, s, k, name, NULL);
		return -1;
	}
	v->s = config_setting_get_string(s);
	if (k->type == CONF_T_STRING && (!k->check || k->check(v->s)))
		return 0;
	if (k->type == CONF_T_ENUM && (v->i = conf_key_enum_index(k, v->s)) >= 0)
		return 0;
	if (k->type == CONF_T_YESNO) {
		v->i = !strcasecmp(v->s, "yes") || !strcasecmp(v->s, "true");
		if (v->i || !strcasecmp(v->s, "no") || !strcasecmp(v->s, "false"))
			return 0;
	}
	if (k->flags & CONF_F_SECRET)
		snprintf(got, sizeof(got), "this value");
	else
		snprintf(got, sizeof(got), "\"%.140s\"", v->s);
	conf_error_expected(x, s, k, name, got);
	return -1;
}

/* Parses the table's default text of K into v (the table is trusted). */
static void value_default(const struct conf_key *k, struct value *v)
{
	v->s = k->def;
	if (k->type == CONF_T_INT)
		v->i = strtoll(k->def, NULL, 10);
	else if (k->type == CONF_T_BOOL || k->type == CONF_T_YESNO)
		v->i = strcmp(k->def, "true") == 0 || strcmp(k->def, "yes") == 0;
	else if (k->type == CONF_T_ENUM)
		v->i = conf_key_enum_index(k, k->def);
}

/* Stores v (key K) into DEST: a field of struct conf or conf_modem, or a
 * gammu pair of the modem DEST (copied as text). */
static void value_store(struct conf_ctx *x, const struct conf_key *k, const struct value *v,
			void *dest)
{
	char *field = (char *)dest + k->offset;
	char num[32];

	if (k->scope == CONF_SCOPE_GAMMU) {
		const char *text = v->s;
		if (k->type == CONF_T_YESNO || k->type == CONF_T_BOOL) {
			text = v->i ? "yes" : "no";
		} else if (k->type == CONF_T_INT) {
			snprintf(num, sizeof(num), "%lld", v->i);
			text = num;
		}
		conf_modem_gammu_add(dest, k->name, text);
		return;
	}
	switch (k->type) {
	case CONF_T_STRING:
		free(*(char **)field);
		*(char **)field =
		    k->flags & CONF_F_PATH ? conf_path_resolve(x->c->dir, v->s) : xstrdup(v->s);
		break;
	case CONF_T_INT:
	case CONF_T_ENUM:
		*(int *)field = (int)v->i;
		break;
	case CONF_T_BOOL:
	case CONF_T_YESNO:
		*(bool *)field = v->i != 0;
		break;
	case CONF_T_STRINGS: {
		/* Only defaults come here: "a,b,c". */
		struct conf_strv *sv = (struct conf_strv *)field;
		char *copy = xstrdup(v->s);
		for (char *tok = strtok(copy, ","); tok; tok = strtok(NULL, ",")) {
			sv->v = xrealloc(sv->v, (sv->n + 1) * sizeof(*sv->v));
			sv->v[sv->n++] = xstrdup(tok);
		}
		free(copy);
		break;
	}
	default:
		break;
	}
}

void conf_apply_defaults(struct conf_ctx *x, enum conf_scope scope, void *dest)
{
	for (const struct conf_key *k = conf_key_next(scope, NULL); k;
	     k = conf_key_next(scope, k)) {
		struct value v = {0};
		if (!k->def)
			continue;
		value_default(k, &v);
		value_store(x, k, &v, dest);
	}
}

/* ---------------------------------------------------------------- groups */

/* Handles one member S (key K) of a group; composite keys recurse. */
static int load_member(struct conf_ctx *x, const config_setting_t *s, const struct conf_key *k,
		       void *dest, const char *name)
{
	struct value v = {0};

	switch (k->type) {
	case CONF_T_MODEMS:
		return conf_load_modems(x, s);
	case CONF_T_GAMMU:
		return conf_load_gammu(x, s, dest, name);
	case CONF_T_KEYWORDS:
		if (!config_setting_is_group(s)) {
			conf_error_expected(x, s, k, name, NULL);
			return -1;
		}
		return conf_load_group(x, s, CONF_SCOPE_KEYWORDS, dest, name);
	case CONF_T_WORDS:
		return conf_load_words(x, s, k, name);
	case CONF_T_USERS:
		return conf_load_users(x, s);
	case CONF_T_CODES:
		return conf_load_codes(x, s, k, dest, name);
	case CONF_T_STRINGS:
		return conf_load_strings(x, s, k, dest, name);
	case CONF_T_DEADLINES:
		if (!config_setting_is_group(s)) {
			conf_error_expected(x, s, k, name, NULL);
			return -1;
		}
		return conf_load_group(x, s, CONF_SCOPE_DEADLINES, &x->c->deadlines, name);
	case CONF_T_REPLIES:
		return conf_load_replies(x, s);
	default:
		if (value_read(x, s, k, name, &v) < 0)
			return -1;
		value_store(x, k, &v, dest);
		return 0;
	}
}

/* Reports member S of a group of SCOPE that is no key there, with the key
 * it was probably meant to be. */
static void error_unknown(struct conf_ctx *x, const config_setting_t *s, enum conf_scope scope,
			  const char *where)
{
	const char *member = config_setting_name(s);
	const struct conf_key *near = conf_key_suggest(scope, member);
	char hint[96];

	if (!near)
		near = conf_key_elsewhere(scope, member);
	hint[0] = '\0';
	if (near) {
		if (near->scope == scope)
			snprintf(hint, sizeof(hint), "%s", near->name);
		else
			conf_key_fullname(near, hint, sizeof(hint));
	}
	conf_error(x, s, "unknown key '%s' %s%s%s%s%s", member,
		   where[0] ? "in " : "at the top level", where, hint[0] ? " (did you mean '" : "",
		   hint, hint[0] ? "'?)" : "");
}

int conf_load_group(struct conf_ctx *x, const config_setting_t *group, enum conf_scope scope,
		    void *dest, const char *where)
{
	const char *sep = where[0] ? "." : "";
	char name[160];
	int ret = 0;

	for (int i = 0; i < config_setting_length(group); i++) {
		const config_setting_t *s = config_setting_get_elem(group, (unsigned)i);
		const char *member = config_setting_name(s);
		const struct conf_key *k = conf_key_find(scope, member);
		if (!k) {
			error_unknown(x, s, scope, where);
			ret = -1;
			continue;
		}
		snprintf(name, sizeof(name), "%s%s%s", where, sep, member);
		if (load_member(x, s, k, dest, name) < 0)
			ret = -1;
	}
	/* Absent keys: required ones are errors, the others take their default. */
	for (const struct conf_key *k = conf_key_next(scope, NULL); k;
	     k = conf_key_next(scope, k)) {
		struct value v = {0};
		if (config_setting_get_member(group, k->name))
			continue;
		if (k->flags & CONF_F_REQUIRED) {
			conf_error(x, group, "missing required key '%s'%s%s%s%s%s", k->name,
				   where[0] ? " in " : "", where, x->modem ? " (modem '" : "",
				   x->modem ? x->modem : "", x->modem ? "')" : "");
			ret = -1;
		} else if (k->def) {
			value_default(k, &v);
			value_store(x, k, &v, dest);
		}
	}
	return ret;
}

/* ---------------------------------------------------------------- load */

/* Reads FILE into cfg; reports a syntax or I/O error. Returns 0 or -1. */
static int read_file(struct conf_ctx *x, config_t *cfg, const char *file)
{
	const char *efile;

	config_set_include_dir(cfg, x->c->dir);
	if (config_read_file(cfg, file) == CONFIG_TRUE)
		return 0;
	if (config_error_type(cfg) == CONFIG_ERR_FILE_IO) {
		conf_error(x, NULL, "cannot read the file: %s", strerror(errno));
		return -1;
	}
	/* A syntax error: there is no setting to take the line from. */
	efile = config_error_file(cfg) ? config_error_file(cfg) : file;
	error_at_line(x, efile, (unsigned)config_error_line(cfg), "%s", config_error_text(cfg));
	return -1;
}

/* Numbers written as staff write them (0912 345 678) are compared with
 * normalised senders: the deny list is normalised once, at load. */
static void normalize_numbers(struct conf *c)
{
	char out[64];

	for (size_t i = 0; i < c->deny.n; i++) {
		phone_normalize(c->deny.v[i], c->country_code, out, sizeof(out));
		free(c->deny.v[i]);
		c->deny.v[i] = xstrdup(out);
	}
}

struct conf *conf_load(const char *file, char *err, size_t errlen)
{
	struct conf_ctx x = {.file = file, .err = errlen ? err : NULL, .errlen = errlen};
	config_t cfg;

	config_init(&cfg);
	if (x.err)
		x.err[0] = '\0';
	x.c = xcalloc(1, sizeof(*x.c));
	if (set_location(x.c, file) < 0) {
		conf_error(&x, NULL, "cannot find the file's folder: %s", strerror(errno));
		goto out;
	}
	if (read_file(&x, &cfg, file) < 0)
		goto out;
	if (conf_load_group(&x, config_root_setting(&cfg), CONF_SCOPE_TOP, x.c, "") == 0)
		conf_check_service(&x, config_root_setting(&cfg));
	if (x.n_errors == 0)
		normalize_numbers(x.c);
out:
	config_destroy(&cfg);
	if (x.n_errors > 0) {
		conf_free(x.c);
		return NULL;
	}
	return x.c;
}

/* ---------------------------------------------------------------- access */

const char *conf_modem_gammu(const struct conf_modem *m, const char *key)
{
	for (size_t i = 0; i < m->n_gammu; i++)
		if (strcmp(m->gammu[i].key, key) == 0)
			return m->gammu[i].value;
	return NULL;
}

static void conf_strv_free(struct conf_strv *v)
{
	for (size_t i = 0; i < v->n; i++)
		free(v->v[i]);
	free(v->v);
}

void conf_free(struct conf *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->n_modems; i++) {
		struct conf_modem *m = &c->modems[i];
		for (size_t j = 0; j < m->n_gammu; j++) {
			free(m->gammu[j].key);
			free(m->gammu[j].value);
		}
		free(m->gammu);
		free(m->id);
		if (m->pin)
			explicit_bzero(m->pin, strlen(m->pin));
		free(m->pin);
		free(m->smsc);
		free(m->balance_code);
		free(m->balance_pattern);
	}
	free(c->modems);
	for (size_t i = 0; i < c->n_keywords; i++) {
		for (size_t j = 0; j < c->keywords[i].n_words; j++)
			free(c->keywords[i].words[j]);
		free(c->keywords[i].words);
		free(c->keywords[i].command);
	}
	free(c->keywords);
	for (size_t i = 0; i < c->n_users; i++) {
		for (size_t j = 0; j < c->users[i].n_communes; j++)
			free(c->users[i].communes[j]);
		free(c->users[i].communes);
		free(c->users[i].user);
		free(c->users[i].group);
		free(c->users[i].phone);
	}
	free(c->users);
	for (size_t i = 0; i < c->n_replies; i++) {
		free(c->replies[i].name);
		free(c->replies[i].text);
	}
	free(c->replies);
	conf_strv_free(&c->deny);
	conf_strv_free(&c->admin_phones);
	conf_strv_free(&c->holidays);
	conf_strv_free(&c->notify_status);
	for (int i = 0; i < CONF_NETWORKS; i++)
		conf_strv_free(&c->prefixes[i]);
	free(c->gateway_number);
	free(c->key_file);
	free(c->backup_dir);
	free(c->path);
	free(c->dir);
	free(c->database);
	free(c->socket);
	free(c->geography);
	free(c->socket_group);
	free(c->timezone);
	free(c->country_code);
	free(c->warn_time);
	free(c);
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The composite parts of the configuration: the list of modems, each modem's
 * gammu group (kept as ordered text pairs for libgammu's gammurc reader, with
 * its device resolved), and the keyword aliases; plus the checks across them.
 */
#include "conf/conf_internal.h"

#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- gammu */

void conf_modem_gammu_add(struct conf_modem *m, const char *key, const char *value)
{
	m->gammu = xrealloc(m->gammu, (m->n_gammu + 1) * sizeof(*m->gammu));
	m->gammu[m->n_gammu].key = xstrdup(key);
	m->gammu[m->n_gammu].value = xstrdup(value);
	m->n_gammu++;
}

/* True when S can be given to /bin/sh as one word without quotes. */
static bool shell_safe(const char *s)
{
	return s[strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
			   "_-+=.,:/@%")] == '\0';
}

/* Returns S single-quoted for /bin/sh. Caller frees. */
static char *shell_quote(const char *s)
{
	char *out = xmalloc(strlen(s) * 4 + 3);
	char *p = out;

	*p++ = '\'';
	for (; *s; s++) {
		if (*s == '\'') {
			memcpy(p, "'\\''", 4);
			p += 4;
		} else {
			*p++ = *s;
		}
	}
	*p++ = '\'';
	*p = '\0';
	return out;
}

/* A proxyat device is a command line run by "/bin/sh -c 'exec DEVICE'".
 * Returns it with a relative program path (one with a slash; a bare name is
 * looked up in PATH) made absolute against DIR. Caller frees. */
static char *resolve_command(const char *dir, const char *cmd)
{
	size_t n = strcspn(cmd, " \t");
	char *word = NULL, *abs = NULL, *quoted = NULL, *ret = NULL;

	if (cmd[0] == '/' || cmd[0] == '\'' || cmd[0] == '"' || !memchr(cmd, '/', n))
		return xstrdup(cmd);
	word = xasprintf("%.*s", (int)n, cmd);
	abs = conf_path_resolve(dir, word);
	quoted = shell_safe(abs) ? xstrdup(abs) : shell_quote(abs);
	ret = xasprintf("%s%s", quoted, cmd + n);
	free(quoted);
	free(abs);
	free(word);
	return ret;
}

/* Makes M's device absolute where it names a file: the dummy driver's folder
 * (model dummy or connection none) or the program of a proxyat command.
 * Serial devices are absolute already. */
static void resolve_device(const char *dir, struct conf_modem *m)
{
	const char *model = conf_modem_gammu(m, "model");
	const char *connection = conf_modem_gammu(m, "connection");
	char *resolved = NULL;

	for (size_t i = 0; i < m->n_gammu; i++) {
		struct conf_kv *kv = &m->gammu[i];
		if (strcmp(kv->key, "device") != 0)
			continue;
		if ((model && strcmp(model, "dummy") == 0) ||
		    (connection && strcmp(connection, "none") == 0))
			resolved = conf_path_resolve(dir, kv->value);
		else if (connection && strcmp(connection, "proxyat") == 0)
			resolved = resolve_command(dir, kv->value);
		else
			continue;
		free(kv->value);
		kv->value = resolved;
	}
}

int conf_load_gammu(struct conf_ctx *x, const config_setting_t *group, struct conf_modem *m,
		    const char *where)
{
	if (!config_setting_is_group(group)) {
		conf_error_expected(x, group, conf_key_find(CONF_SCOPE_MODEM, "gammu"), where,
				    NULL);
		return -1;
	}
	if (conf_load_group(x, group, CONF_SCOPE_GAMMU, m, where) < 0)
		return -1;
	resolve_device(x->c->dir, m);
	return 0;
}

/* ---------------------------------------------------------------- modems */

/* Returns member KEY of modem I of LIST, or its gammu member KEY when GAMMU
 * is true; NULL if absent. */
static const config_setting_t *modem_member(const config_setting_t *list, size_t i, bool gammu,
					    const char *key)
{
	const config_setting_t *s = config_setting_get_elem(list, (unsigned)i);

	if (s && gammu)
		s = config_setting_get_member(s, "gammu");
	return s ? config_setting_get_member(s, key) : NULL;
}

/* The source line of modem_member(), 0 if absent. */
static unsigned member_line(const config_setting_t *list, size_t i, bool gammu, const char *key)
{
	const config_setting_t *s = modem_member(list, i, gammu, key);

	return s ? config_setting_source_line(s) : 0;
}

/* Reports two modems with the same id or the same device. */
static int check_modems_unique(struct conf_ctx *x, const config_setting_t *list)
{
	const struct conf *c = x->c;
	int ret = 0;

	for (size_t j = 1; j < c->n_modems; j++) {
		const char *id = c->modems[j].id;
		const char *dev = conf_modem_gammu(&c->modems[j], "device");
		for (size_t i = 0; i < j; i++) {
			const char *other = conf_modem_gammu(&c->modems[i], "device");
			if (id && c->modems[i].id && strcmp(id, c->modems[i].id) == 0) {
				conf_error(x, modem_member(list, j, false, "id"),
					   "duplicate modem id '%s' (modems[%zu] and modems[%zu], "
					   "line %u)",
					   id, j, i, member_line(list, i, false, "id"));
				ret = -1;
			}
			if (dev && other && strcmp(dev, other) == 0) {
				conf_error(x, modem_member(list, j, true, "device"),
					   "modems[%zu] uses the device '%s' of modems[%zu] (line "
					   "%u): two modems cannot share a device",
					   j, dev, i, member_line(list, i, true, "device"));
				ret = -1;
			}
		}
	}
	return ret;
}

int conf_load_modems(struct conf_ctx *x, const config_setting_t *list)
{
	const struct conf_key *k = conf_key_find(CONF_SCOPE_TOP, "modems");
	struct conf *c = x->c;
	char where[32];
	int ret = 0;

	if (!config_setting_is_list(list)) {
		conf_error_expected(x, list, k, "modems", NULL);
		return -1;
	}
	/* An empty list is valid: a fresh install names no modem until one is
	 * plugged in and probed; the daemon refuses to start without one. */
	c->n_modems = (size_t)config_setting_length(list);
	if (c->n_modems == 0)
		return 0;
	c->modems = xcalloc(c->n_modems, sizeof(*c->modems));
	for (size_t i = 0; i < c->n_modems; i++) {
		const config_setting_t *s = config_setting_get_elem(list, (unsigned)i);
		snprintf(where, sizeof(where), "modems[%zu]", i);
		if (!config_setting_is_group(s)) {
			conf_error(
			    x, s, "%s must be a group { id = \"...\"; gammu = { ... }; }, not %s",
			    where, config_setting_is_aggregate(s) ? "a list or array" : "a value");
			ret = -1;
			continue;
		}
		/* Name the modem in messages about its keys, whatever their order. */
		x->modem = NULL;
		config_setting_lookup_string(s, "id", &x->modem);
		if (conf_load_group(x, s, CONF_SCOPE_MODEM, &c->modems[i], where) < 0)
			ret = -1;
		x->modem = NULL;
	}
	if (check_modems_unique(x, list) < 0)
		ret = -1;
	return ret;
}

/* ---------------------------------------------------------------- keywords */

/* Reports a word of list KW already given earlier (in KW or another list). */
static int check_word_unique(struct conf_ctx *x, const config_setting_t *s,
			     const struct keyword_list *kw, size_t w)
{
	const struct conf *c = x->c;

	for (size_t i = 0; i < c->n_keywords; i++) {
		const struct keyword_list *other = &c->keywords[i];
		size_t n = other == kw ? w : other->n_words;
		for (size_t j = 0; j < n; j++) {
			if (strcmp(other->words[j], kw->words[w]) != 0)
				continue;
			conf_error(x, s, "keyword '%s' is given twice (for '%s' and '%s')",
				   kw->words[w], other->command, kw->command);
			return -1;
		}
	}
	return 0;
}

int conf_load_words(struct conf_ctx *x, const config_setting_t *s, const struct conf_key *k,
		    const char *where)
{
	struct conf *c = x->c;
	struct keyword_list *kw;
	int n = config_setting_length(s);
	int ret = 0;

	if (!config_setting_is_array(s) ||
	    (n > 0 && config_setting_type(config_setting_get_elem(s, 0)) != CONFIG_TYPE_STRING)) {
		conf_error_expected(x, s, k, where, NULL);
		return -1;
	}
	c->keywords = xrealloc(c->keywords, (c->n_keywords + 1) * sizeof(*c->keywords));
	kw = &c->keywords[c->n_keywords++];
	kw->command = xstrdup(k->name);
	kw->words = xcalloc((size_t)n, sizeof(*kw->words));
	kw->n_words = 0;
	for (int i = 0; i < n; i++) {
		const char *word = config_setting_get_string_elem(s, i);
		if (word[strspn(word, " \t")] == '\0') {
			conf_error(x, s, "'%s' has an empty keyword", where);
			ret = -1;
			continue;
		}
		kw->words[kw->n_words] = xstrdup(word);
		if (check_word_unique(x, s, kw, kw->n_words) < 0)
			ret = -1;
		kw->n_words++;
	}
	return ret;
}

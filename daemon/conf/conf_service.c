/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The configuration of message processing: arrays of strings (deny list,
 * holidays, statuses), reply templates by name, and the checks that need the
 * core modules: holidays parse, every template fits one SMS with its longest
 * values, the key file's default.
 */
#include "conf/conf_internal.h"

#include <stdlib.h>
#include <string.h>

#include "core/template.h"
#include "core/workdays.h"
#include "util/xalloc.h"

int conf_load_strings(struct conf_ctx *x, const config_setting_t *s, const struct conf_key *k,
		      void *dest, const char *where)
{
	struct conf_strv *sv = (struct conf_strv *)((char *)dest + k->offset);
	int n = config_setting_length(s), ret = 0;

	if (!config_setting_is_array(s) ||
	    (n > 0 && config_setting_type(config_setting_get_elem(s, 0)) != CONFIG_TYPE_STRING)) {
		conf_error_expected(x, s, k, where, NULL);
		return -1;
	}
	for (size_t i = 0; i < sv->n; i++)
		free(sv->v[i]);
	free(sv->v);
	sv->v = xcalloc((size_t)n + 1, sizeof(*sv->v));
	sv->n = 0;
	for (int i = 0; i < n; i++) {
		const char *v = config_setting_get_string_elem(s, i);
		if (k->check && !k->check(v)) {
			conf_error(x, s, "%s: \"%.100s\" is not %s", where, v,
				   k->range ? k->range : "valid");
			ret = -1;
			continue;
		}
		sv->v[sv->n++] = xstrdup(v);
	}
	return ret;
}

/* The template name closest to name (a typo), or NULL. */
static const char *near_template(const char *name)
{
	size_t len = strlen(name);

	for (size_t i = 0; i < template_defaults_count; i++) {
		const char *t = template_defaults[i].name;
		if (strncmp(t, name, len < 4 ? len : 4) == 0)
			return t;
	}
	return NULL;
}

int conf_load_replies(struct conf_ctx *x, const config_setting_t *group)
{
	struct conf *c = x->c;
	int ret = 0;

	if (!config_setting_is_group(group)) {
		conf_error(x, group, "replies must be a group { name = \"text\"; ... }");
		return -1;
	}
	for (int i = 0; i < config_setting_length(group); i++) {
		const config_setting_t *s = config_setting_get_elem(group, (unsigned)i);
		const char *name = config_setting_name(s);
		if (strcmp(name, "ucs2") == 0) {
			if (config_setting_type(s) != CONFIG_TYPE_BOOL) {
				conf_error(x, s, "replies.ucs2 must be true or false");
				ret = -1;
				continue;
			}
			c->replies_ucs2 = config_setting_get_bool(s);
			continue;
		}
		if (!template_default(name)) {
			const char *near = near_template(name);
			conf_error(x, s, "replies: no reply template named '%s'%s%s%s", name,
				   near ? " (did you mean '" : "", near ? near : "",
				   near ? "'?)" : "");
			ret = -1;
			continue;
		}
		if (config_setting_type(s) != CONFIG_TYPE_STRING) {
			conf_error(x, s, "replies.%s must be a string", name);
			ret = -1;
			continue;
		}
		c->replies = xrealloc(c->replies, (c->n_replies + 1) * sizeof(*c->replies));
		c->replies[c->n_replies].name = xstrdup(name);
		c->replies[c->n_replies].text = xstrdup(config_setting_get_string(s));
		c->n_replies++;
	}
	return ret;
}

const char *conf_reply_text(const struct conf *c, const char *name)
{
	for (size_t i = 0; i < c->n_replies; i++)
		if (strcmp(c->replies[i].name, name) == 0)
			return c->replies[i].text;
	return template_default(name);
}

/* The line of root's member key (or of the root when absent). */
static const config_setting_t *member(const config_setting_t *root, const char *key)
{
	const config_setting_t *s = config_setting_get_member(root, key);

	return s ? s : root;
}

int conf_check_service(struct conf_ctx *x, const config_setting_t *root)
{
	struct conf *c = x->c;
	struct workdays *cal;
	char err[512];
	int ret = 0;

	if (!config_setting_get_member(root, "deadlines"))
		conf_apply_defaults(x, CONF_SCOPE_DEADLINES, &c->deadlines);
	if (!c->key_file && c->database)
		c->key_file = xasprintf("%s.key", c->database);
	cal = workdays_new((const char *const *)c->holidays.v, c->holidays.n, err, sizeof(err));
	if (!cal) {
		conf_error(x, member(root, "holidays"), "holidays: %s", err);
		ret = -1;
	}
	workdays_free(cal);
	/* Every template, configured or default, must fit one SMS. */
	for (size_t i = 0; i < template_defaults_count; i++) {
		const char *name = template_defaults[i].name;
		const char *text = conf_reply_text(c, name);
		if (template_check(name, text, template_placeholders_default,
				   template_placeholders_default_count, c->replies_ucs2, err,
				   sizeof(err)) < 0) {
			const config_setting_t *r = config_setting_get_member(root, "replies");
			conf_error(x, r ? member(r, name) : root, "replies.%s: %s", name, err);
			ret = -1;
		}
	}
	return ret;
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The console users of the configuration: a list of groups, each naming a
 * unix user or a unix group, its role and the communes it is limited to.
 */
#include "conf/conf_internal.h"

#include <string.h>

#include "util/xalloc.h"

int conf_load_codes(struct conf_ctx *x, const config_setting_t *s, const struct conf_key *k,
		    struct conf_user *u, const char *where)
{
	int n = config_setting_length(s);

	if (!config_setting_is_array(s) || n == 0 ||
	    config_setting_type(config_setting_get_elem(s, 0)) != CONFIG_TYPE_STRING) {
		conf_error_expected(x, s, k, where, n == 0 ? "an empty array" : NULL);
		return -1;
	}
	u->communes = xcalloc((size_t)n, sizeof(*u->communes));
	for (int i = 0; i < n; i++) {
		const char *code = config_setting_get_string_elem(s, i);
		if (!code[0] || strlen(code) > 64) {
			conf_error(x, s, "'%s' has an empty or overlong code", where);
			return -1;
		}
		u->communes[u->n_communes++] = xstrdup(code);
	}
	return 0;
}

int conf_load_users(struct conf_ctx *x, const config_setting_t *list)
{
	const struct conf_key *k = conf_key_find(CONF_SCOPE_TOP, "users");
	struct conf *c = x->c;
	char where[32];
	int ret = 0;

	if (!config_setting_is_list(list)) {
		conf_error_expected(x, list, k, "users", NULL);
		return -1;
	}
	c->n_users = (size_t)config_setting_length(list);
	c->users = xcalloc(c->n_users ? c->n_users : 1, sizeof(*c->users));
	for (size_t i = 0; i < c->n_users; i++) {
		const config_setting_t *s = config_setting_get_elem(list, (unsigned)i);
		struct conf_user *u = &c->users[i];
		snprintf(where, sizeof(where), "users[%zu]", i);
		if (!config_setting_is_group(s)) {
			conf_error(x, s, "%s must be a group { user = \"...\"; role = \"...\"; }",
				   where);
			ret = -1;
			continue;
		}
		if (conf_load_group(x, s, CONF_SCOPE_USER, u, where) < 0) {
			ret = -1;
			continue;
		}
		if (!u->user == !u->group) {
			conf_error(x, s, "%s must name either a user or a group (one of the two)",
				   where);
			ret = -1;
		}
	}
	return ret;
}

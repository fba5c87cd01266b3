/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Reading a request's arguments: strings, flags, integers, dates and phone
 * numbers, each checked, with the error a caller can show.
 */
#include "control/control_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/phone.h"
#include "util/clock.h"

static json_t *arg(struct request *r, const char *key)
{
	json_t *v = r->args ? json_object_get(r->args, key) : NULL;

	return json_is_null(v) ? NULL : v;
}

const char *arg_str(struct request *r, const char *key, struct tderr *e)
{
	json_t *v = arg(r, key);

	if (!v)
		return NULL;
	if (!json_is_string(v)) {
		tderr_set(e, TDERR_INVALID, M_BAD_VALUE, key, "not a string");
		return NULL;
	}
	return json_string_value(v);
}

const char *arg_req(struct request *r, const char *key, struct tderr *e)
{
	const char *s = arg_str(r, key, e);

	if (!s && e->cls == TDERR_OK)
		tderr_set(e, TDERR_INVALID, M_MISSING_ARG, key, NULL);
	return s;
}

bool arg_flag(struct request *r, const char *key)
{
	json_t *v = arg(r, key);

	return v && (json_is_true(v) || (json_is_integer(v) && json_integer_value(v) != 0));
}

long long arg_int(struct request *r, const char *key, long long def, long long min, long long max,
		  struct tderr *e)
{
	json_t *v = arg(r, key);
	long long n;

	if (!v)
		return def;
	if (json_is_integer(v)) {
		n = json_integer_value(v);
	} else if (json_is_string(v)) {
		const char *s = json_string_value(v);
		char *end = NULL;
		n = strtoll(s, &end, 10);
		if (!*s || *end) {
			tderr_set(e, TDERR_INVALID, M_BAD_VALUE, key, s);
			return def;
		}
	} else {
		tderr_set(e, TDERR_INVALID, M_BAD_VALUE, key, "not a number");
		return def;
	}
	if (n < min || n > max) {
		char num[32];
		snprintf(num, sizeof(num), "%lld", n);
		tderr_set(e, TDERR_INVALID, M_BAD_VALUE, key, num);
		return def;
	}
	return n;
}

const char *arg_date(struct request *r, const char *key, struct tderr *e)
{
	const char *s = arg_str(r, key, e);

	if (s && clock_parse_date(s, NULL) < 0) {
		tderr_set(e, TDERR_INVALID, M_BAD_DATE, s, NULL);
		return NULL;
	}
	return s;
}

const char *arg_phone(struct request *r, const char *key, bool required, char *out, struct tderr *e)
{
	const char *s = required ? arg_req(r, key, e) : arg_str(r, key, e);

	if (!s)
		return NULL;
	if (phone_normalize(s, r->conf->country_code, out, 32) != PHONE_PERSON) {
		tderr_set(e, TDERR_INVALID, M_BAD_PHONE, s, NULL);
		return NULL;
	}
	return out;
}

json_t *rows_result(json_t *rows, struct tderr *e)
{
	if (!rows) {
		if (e->cls == TDERR_OK)
			tderr_set(e, TDERR_INTERNAL, M_INTERNAL, "query failed", NULL);
		return NULL;
	}
	return json_pack("{s:o}", "rows", rows);
}

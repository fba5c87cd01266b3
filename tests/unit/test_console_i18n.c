/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Every text the console can print has a Vietnamese and an English form:
 * each message key its sources pass to tr(), each column of each
 * command's table, each command's help and confirmation, and the label of
 * every value of the closed vocabularies shown in tables (roles, levels,
 * message states, channels, handling actions, reception kinds).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "console.h"
#include "core/register_data.h"

#define CONSOLE_DIR TIENGDAN_SOURCE_DIR "/daemon/console"

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = malloc((size_t)n + 1);
	if (fread(buf, 1, (size_t)n, f) != (size_t)n)
		n = 0;
	buf[n] = '\0';
	fclose(f);
	return buf;
}

/* Each literal key in tr(con, "key") in the console's sources. */
static void test_every_tr_key(void **state)
{
	DIR *d = opendir(CONSOLE_DIR);
	struct dirent *de;
	int keys = 0, missing = 0;

	(void)state;
	assert_non_null(d);
	while ((de = readdir(d))) {
		char path[1024], *src, *p;
		size_t len = strlen(de->d_name);
		if (len < 3 || strcmp(de->d_name + len - 2, ".c") != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", CONSOLE_DIR, de->d_name);
		src = slurp(path);
		assert_non_null(src);
		for (p = src; (p = strstr(p, "tr(con, \"")); p++) {
			char key[128];
			const char *q = p + strlen("tr(con, \"");
			size_t n = strcspn(q, "\"");
			if (p > src && (p[-1] == '_' || (p[-1] >= 'a' && p[-1] <= 'z')))
				continue; /* another function ending in "tr" */
			snprintf(key, sizeof(key), "%.*s", (int)n, q);
			keys++;
			if (!i18n_has(key)) {
				print_error("%s: key \"%s\" has no text\n", de->d_name, key);
				missing++;
			}
		}
		free(src);
	}
	closedir(d);
	assert_true(keys > 20);
	assert_int_equal(missing, 0);
}

/* Each column of each command, its help and its confirmation. */
static void test_every_command(void **state)
{
	int missing = 0, columns = 0;

	(void)state;
	for (const struct command *c = console_command_next(NULL); c; c = console_command_next(c)) {
		assert_true(c->help[0] && c->help[0][0] && c->help[1] && c->help[1][0]);
		if (c->done_field)
			assert_true(c->done[0] && strstr(c->done[0], "%s") && c->done[1] &&
				    strstr(c->done[1], "%s"));
		if (!c->columns)
			continue;
		char buf[512], *save = NULL;
		snprintf(buf, sizeof(buf), "%s", c->columns);
		for (char *k = strtok_r(buf, ",", &save); k; k = strtok_r(NULL, ",", &save)) {
			char key[160];
			snprintf(key, sizeof(key), "col.%s", k);
			columns++;
			if (!i18n_has(key)) {
				print_error("%s %s: column %s has no label\n", c->name,
					    c->sub ? c->sub : "", k);
				missing++;
			}
		}
	}
	assert_true(columns > 30);
	assert_int_equal(missing, 0);
}

static void vocabulary(const char *column, const char *const *values, int *missing)
{
	for (; *values; values++) {
		char key[160];
		snprintf(key, sizeof(key), "val.%s.%s", column, *values);
		if (!i18n_has(key)) {
			print_error("value %s has no label\n", key);
			(*missing)++;
		}
	}
}

static void terms(const char *column, const struct register_term *t, int *missing)
{
	for (; t->name; t++) {
		const char *one[] = {t->name, NULL};
		vocabulary(column, one, missing);
	}
}

/* The values staff read in tables are Vietnamese words, not codes. */
static void test_every_value(void **state)
{
	int missing = 0;

	(void)state;
	vocabulary("role", (const char *const[]){"resident", "head", "deputy", NULL}, &missing);
	vocabulary("level", (const char *const[]){"province", "commune", "village", NULL},
		   &missing);
	vocabulary("state",
		   (const char *const[]){"queued", "sending", "sent", "delivered", "failed",
					 "unknown", NULL},
		   &missing);
	vocabulary("kind", (const char *const[]){"feedback", "complaint", "denunciation", NULL},
		   &missing);
	terms("channel", register_channels, &missing);
	terms("action", register_handlings, &missing);
	terms("kind", register_reception_kinds, &missing);
	assert_int_equal(missing, 0);
}

/* The table form as staff read it: Vietnamese values, rates with one
 * decimal and the reader's separator, times in the commune's zone. */
static char *table_of(const char *lang, const char *columns, json_t *rows)
{
	struct console con = {.lang = lang, .format = OUT_TABLE, .fd = -1};
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);

	assert_non_null(out);
	output_rows(&con, rows, columns, out);
	fclose(out);
	return buf;
}

static void test_table_values(void **state)
{
	json_t *rows = json_pack("[{s:s, s:s, s:s, s:f, s:s, s:s}]", "role", "head", "level",
				 "village", "state", "sent", "ack_rate", 66.7, "created_at",
				 "2026-03-18T02:05:00.000Z", "channel", "walkin");
	const char *cols = "role,level,state,ack_rate,created_at,channel";
	char *vi, *en;

	(void)state;
	setenv("TZ", "Asia/Ho_Chi_Minh", 1);
	vi = table_of("vi", cols, rows);
	en = table_of("en", cols, rows);
	if (!strstr(vi, "trưởng thôn") || !strstr(vi, "thôn") || !strstr(vi, "đã gửi") ||
	    !strstr(vi, "66,7%") || !strstr(vi, "2026-03-18 09:05") || !strstr(vi, "trực tiếp") ||
	    strstr(vi, "02:05"))
		fail_msg("vi table:\n%s", vi);
	if (!strstr(en, "village head") || !strstr(en, "66.7%") || !strstr(en, "2026-03-18 09:05"))
		fail_msg("en table:\n%s", en);
	free(vi);
	free(en);
	json_decref(rows);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_every_tr_key),
	    cmocka_unit_test(test_every_command),
	    cmocka_unit_test(test_every_value),
	    cmocka_unit_test(test_table_values),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

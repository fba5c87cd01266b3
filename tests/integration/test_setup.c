/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The first run: `tiengdan setup` writes the gateway's number, the admin
 * phones, the geography, the staff and the modems into a copy of the
 * shipped configuration, keeping its comments, validated by the daemon's
 * own loader (a bad value leaves the file as it was); then the daemon,
 * started on such a file, imports the geography into its empty directory
 * once, audited.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "conf/conf.h"
#include "fixture.h"

static char *slurp(const char *path)
{
	FILE *in = fopen(path, "r");
	char *s = NULL;
	size_t cap = 0;

	if (!in)
		return NULL;
	if (getdelim(&s, &cap, '\0', in) < 0) {
		free(s);
		s = NULL;
	}
	fclose(in);
	return s;
}

static void copy_shipped(const char *to)
{
	char from[PATH_MAX], *text;
	FILE *out;

	snprintf(from, sizeof(from), "%s/config/tiengdan.conf", TIENGDAN_SOURCE_DIR);
	assert_non_null(text = slurp(from));
	assert_non_null(out = fopen(to, "w"));
	fputs(text, out);
	fclose(out);
	free(text);
}

/* Counts the occurrences of needle in hay. */
static int count(const char *hay, const char *needle)
{
	int n = 0;

	for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

static void test_setup_writes_and_keeps_comments(void **state)
{
	struct fx f;
	struct fx_run r;
	char geo[PATH_MAX], bak[PATH_MAX + 8], err[4096], *text, *before;
	struct conf *c;

	(void)state;
	assert_int_equal(fx_setup(&f, 1, NULL), 0);
	snprintf(f.conf, sizeof(f.conf), "%s/site.conf", f.dir);
	copy_shipped(f.conf);
	assert_int_equal(chmod(f.conf, 0640), 0);
	snprintf(geo, sizeof(geo), "%s/config/geo-damrong.csv", TIENGDAN_SOURCE_DIR);

	const char *args[] = {"--lang",
			      "en",
			      "setup",
			      "--yes",
			      "--gateway-number",
			      "0912345678",
			      "--admin-phones",
			      "0987654321, 0911222333",
			      "--geography",
			      geo,
			      "--user",
			      "root:admin",
			      "--group",
			      "daemon:handler:DR1,DR2",
			      "--modem",
			      "/dev/serial/by-id/usb-Test_Modem_1-if00-port0",
			      NULL};
	assert_int_equal(fx_console(&f, NULL, NULL, &r, args), 0);
	if (r.status != 0)
		fail_msg("setup: %s", r.err);
	assert_non_null(strstr(r.out, "Wrote"));
	assert_non_null(strstr(r.out, "5 setting(s)"));
	fx_run_free(&r);

	/* The daemon's loader reads what setup wrote. */
	c = conf_load(f.conf, err, sizeof(err));
	if (!c)
		fail_msg("%s", err);
	assert_string_equal(c->gateway_number, "0912345678");
	assert_int_equal(c->admin_phones.n, 2);
	assert_string_equal(c->admin_phones.v[1], "0911222333");
	assert_non_null(c->geography);
	assert_non_null(strstr(c->geography, "geo-damrong.csv"));
	assert_int_equal(c->n_users, 2);
	assert_string_equal(c->users[0].user, "root");
	assert_string_equal(c->users[1].group, "daemon");
	assert_int_equal(c->users[1].n_communes, 2);
	assert_string_equal(c->users[1].communes[1], "DR2");
	assert_int_equal(c->n_modems, 1);
	assert_string_equal(c->modems[0].id, "usb1");
	assert_string_equal(conf_modem_gammu(&c->modems[0], "device"),
			    "/dev/serial/by-id/usb-Test_Modem_1-if00-port0");
	conf_free(c);

	/* Comments stay, each key is set once, the mode is kept, the old
	 * file is kept beside it. */
	assert_non_null(text = slurp(f.conf));
	assert_non_null(strstr(text, "# users: who may use the staff console"));
	assert_non_null(strstr(text, "#modems = (")); /* the commented example */
	assert_int_equal(count(text, "\ngateway_number = "), 1);
	snprintf(bak, sizeof(bak), "%s.bak", f.conf);
	assert_non_null(before = slurp(bak));
	assert_null(strstr(before, "\ngateway_number = "));
	free(before);
	{
		struct stat st;
		assert_int_equal(stat(f.conf, &st), 0);
		assert_int_equal(st.st_mode & 07777, 0640);
	}

	/* A second run replaces in place: one setting each, the new value. */
	const char *again[] = {"setup", "--yes", "--gateway-number", "0999888777", NULL};
	assert_int_equal(fx_console(&f, NULL, NULL, &r, again), 0);
	assert_int_equal(r.status, 0);
	fx_run_free(&r);
	free(text);
	assert_non_null(text = slurp(f.conf));
	assert_int_equal(count(text, "\ngateway_number = "), 1);
	assert_non_null(strstr(text, "gateway_number = \"0999888777\";"));
	assert_int_equal(count(text, "\nusers = ("), 1);

	/* A value the loader refuses leaves the file exactly as it was, and
	 * the message names the file and line. */
	const char *bad[] = {"--lang", "en", "setup", "--yes", "--admin-phones", "abc", NULL};
	assert_int_equal(fx_console(&f, NULL, NULL, &r, bad), 0);
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.err, "not valid"));
	assert_non_null(strstr(r.err, f.conf));
	assert_non_null(strstr(r.err, "was not changed"));
	fx_run_free(&r);
	before = text;
	assert_non_null(text = slurp(f.conf));
	assert_string_equal(text, before);
	free(before);

	/* Unknown accounts and roles are refused before anything is written. */
	const char *nouser[] = {
	    "--lang", "en", "setup", "--yes", "--user", "no-such-user-td:viewer", NULL};
	assert_int_equal(fx_console(&f, NULL, NULL, &r, nouser), 0);
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.err, "no user 'no-such-user-td'"));
	fx_run_free(&r);
	const char *norole[] = {"--lang", "en", "setup", "--yes", "--user", "root:boss", NULL};
	assert_int_equal(fx_console(&f, NULL, NULL, &r, norole), 0);
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.err, "no role 'boss'"));
	fx_run_free(&r);
	before = text;
	assert_non_null(text = slurp(f.conf));
	assert_string_equal(text, before);
	free(before);
	free(text);
	fx_teardown(&f);
}

/* A geography that is not a units CSV is refused by name. */
static void test_setup_bad_geography(void **state)
{
	struct fx f;
	struct fx_run r;
	char geo[PATH_MAX];
	FILE *out;

	(void)state;
	assert_int_equal(fx_setup(&f, 1, NULL), 0);
	snprintf(f.conf, sizeof(f.conf), "%s/site.conf", f.dir);
	copy_shipped(f.conf);
	snprintf(geo, sizeof(geo), "%s/people.csv", f.dir);
	assert_non_null(out = fopen(geo, "w"));
	fputs("phone,name\n0912345678,Lan\n", out);
	fclose(out);
	const char *args[] = {"--lang", "en", "setup", "--yes", "--geography", geo, NULL};
	assert_int_equal(fx_console(&f, NULL, NULL, &r, args), 0);
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.err, "geography file"));
	assert_non_null(strstr(r.err, "people.csv"));
	fx_run_free(&r);
	fx_teardown(&f);
}

/* The daemon imports the configured geography into an empty directory at
 * start, once, in the audit; a restart does not import it again. */
static void test_geography_first_start(void **state)
{
	struct fx f;
	char extra[PATH_MAX + 64];
	long long lines;

	(void)state;
	snprintf(extra, sizeof(extra), "geography = \"%s/config/geo-damrong.csv\";\n",
		 TIENGDAN_SOURCE_DIR);
	assert_int_equal(fx_setup(&f, 1, extra), 0);
	assert_int_equal(fx_daemon_start(&f), 0);
	assert_true(fx_wait_socket(&f, 10000));
	{
		char path[PATH_MAX], *text;
		snprintf(path, sizeof(path), "%s/config/geo-damrong.csv", TIENGDAN_SOURCE_DIR);
		assert_non_null(text = slurp(path));
		lines = count(text, "\n") - 1; /* the header */
		free(text);
	}
	assert_int_equal(fx_query_int(&f, "SELECT count(*) FROM unit"), lines);
	assert_int_equal(
	    fx_query_int(&f, "SELECT count(*) FROM unit WHERE code = 'DAKNANG.PANGPA'"), 1);
	assert_int_equal(fx_query_int(&f, "SELECT count(*) FROM audit WHERE action = 'units.import'"
					  " AND user = 'tiengdand' AND detail LIKE '% unit(s)'"),
			 1);
	assert_int_equal(fx_daemon_stop(&f), 0);
	/* Staff change the directory; a restart keeps their change. */
	assert_int_equal(fx_exec(&f, "UPDATE unit SET name = 'Pang Pá (renamed)' "
				     "WHERE code = 'DAKNANG.PANGPA'"),
			 0);
	assert_int_equal(fx_daemon_start(&f), 0);
	assert_true(fx_wait_socket(&f, 10000));
	assert_int_equal(
	    fx_query_int(&f, "SELECT count(*) FROM audit WHERE action = 'units.import'"), 1);
	assert_int_equal(
	    fx_query_int(&f, "SELECT count(*) FROM unit WHERE name = 'Pang Pá (renamed)'"), 1);
	assert_int_equal(fx_daemon_stop(&f), 0);
	fx_teardown(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_setup_writes_and_keeps_comments),
	    cmocka_unit_test(test_setup_bad_geography),
	    cmocka_unit_test(test_geography_first_start),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * tiengdand --check on broken configurations: each is refused with exit
 * status 1 and a message naming the file, the line and the key. Then the
 * machine behind a valid file: what stops the daemon (a missing database
 * folder, a key others can read) exits 1 with an error in plain words;
 * what only disables part of it (an absent modem, an unknown account) is
 * a warning, and advice is a note, both exiting 0.
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
#include <sys/wait.h>

#include "fixture.h"

/* Writes body to DIR/name, runs tiengdand --check on it; returns the exit
 * status and the output (caller frees) in *out. */
static int run_check(struct fx *f, const char *name, const char *body, char **out)
{
	char path[PATH_MAX], cmd[PATH_MAX * 2];
	FILE *fp;
	size_t cap = 8192, len = 0;
	int status;

	snprintf(path, sizeof(path), "%s/%s", f->dir, name);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(body, fp);
	fclose(fp);
	snprintf(cmd, sizeof(cmd), "%s/tiengdand -c '%s' --check 2>&1", TIENGDAN_BUILD_DIR, path);
	fp = popen(cmd, "r");
	assert_non_null(fp);
	*out = calloc(1, cap);
	len = fread(*out, 1, cap - 1, fp);
	(*out)[len] = '\0';
	status = pclose(fp);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

#define MODEM_OK                                                                                   \
	"modems = ( { id = \"m1\";\n"                                                              \
	"  gammu = { model = \"dummy\"; connection = \"none\"; device = \"sim\"; }; } );\n"

static void test_valid(void **state)
{
	struct fx f;
	char *out;

	assert_int_equal(fx_setup(&f, 1, NULL), 0);
	assert_int_equal(run_check(&f, "ok.conf", "database = \"x.db\";\n" MODEM_OK, &out), 0);
	assert_non_null(strstr(out, "valid"));
	free(out);
	fx_teardown(&f);
}

static void test_unknown_key(void **state)
{
	struct fx f;
	char *out;

	assert_int_equal(fx_setup(&f, 1, NULL), 0);
	assert_int_equal(
	    run_check(&f, "a.conf", "database = \"x.db\";\nsend_retrys = 3;\n" MODEM_OK, &out), 1);
	assert_non_null(strstr(out, "a.conf:2:"));
	assert_non_null(strstr(out, "send_retrys"));
	free(out);
	fx_teardown(&f);
}

static void test_wrong_type(void **state)
{
	struct fx f;
	char *out;

	assert_int_equal(fx_setup(&f, 1, NULL), 0);
	assert_int_equal(run_check(&f, "b.conf",
				   "database = \"x.db\";\n\nsend_retries = \"three\";\n" MODEM_OK,
				   &out),
			 1);
	assert_non_null(strstr(out, "b.conf:3:"));
	assert_non_null(strstr(out, "send_retries"));
	assert_non_null(strstr(out, "integer"));
	free(out);
	fx_teardown(&f);
}

static void test_missing_device(void **state)
{
	struct fx f;
	char *out;

	assert_int_equal(fx_setup(&f, 1, NULL), 0);
	assert_int_equal(run_check(&f, "c.conf",
				   "database = \"x.db\";\nmodems = ( { id = \"usb1\";\n"
				   "  gammu = { connection = \"at\"; }; } );\n",
				   &out),
			 1);
	assert_non_null(strstr(out, "c.conf:3:"));
	assert_non_null(strstr(out, "device"));
	assert_non_null(strstr(out, "usb1"));
	free(out);
	fx_teardown(&f);
}

/* A valid file whose database folder does not exist: an error, exit 1. */
static void test_machine_database_folder(void **state)
{
	struct fx f;
	char *out;

	assert_int_equal(fx_setup(&f, 1, NULL), 0);
	assert_int_equal(run_check(&f, "d.conf", "database = \"nowhere/x.db\";\n" MODEM_OK, &out),
			 1);
	assert_non_null(strstr(out, "configuration is valid"));
	assert_non_null(strstr(out, "error: the folder of the database"));
	assert_non_null(strstr(out, "/nowhere, does not exist"));
	assert_non_null(strstr(out, "1 error(s)"));
	free(out);
	fx_teardown(&f);
}

/* A key file others may read: the daemon would refuse it, so an error
 * that says how to fix it; after chmod 600 the same file passes. */
static void test_machine_key_mode(void **state)
{
	struct fx f;
	char key[PATH_MAX], *out;
	FILE *fp;

	assert_int_equal(fx_setup(&f, 1, NULL), 0);
	snprintf(key, sizeof(key), "%s/k.key", f.dir);
	assert_non_null(fp = fopen(key, "w"));
	fputs("0123456789abcdef0123456789abcdef", fp);
	fclose(fp);
	assert_int_equal(chmod(key, 0644), 0);
	assert_int_equal(
	    run_check(&f, "k.conf", "database = \"x.db\";\nkey_file = \"k.key\";\n" MODEM_OK, &out),
	    1);
	assert_non_null(strstr(out, "error: the key"));
	assert_non_null(strstr(out, "chmod 600"));
	free(out);
	assert_int_equal(chmod(key, 0600), 0);
	assert_int_equal(
	    run_check(&f, "k.conf", "database = \"x.db\";\nkey_file = \"k.key\";\n" MODEM_OK, &out),
	    0);
	assert_null(strstr(out, "error:"));
	free(out);
	fx_teardown(&f);
}

/* An absent serial device, an unknown user and a group that does not
 * exist are warnings; no modem at all is a note; all exit 0. */
static void test_machine_warnings(void **state)
{
	struct fx f;
	char *out;

	assert_int_equal(fx_setup(&f, 1, NULL), 0);
	assert_int_equal(
	    run_check(&f, "w.conf",
		      "database = \"x.db\";\n"
		      "socket_group = \"no-such-group-td\";\n"
		      "users = ( { user = \"no-such-user-td\"; role = \"viewer\"; } );\n"
		      "modems = ( { id = \"usb1\";\n"
		      "  gammu = { device = \"/dev/ttyUSB-td-absent\"; }; } );\n",
		      &out),
	    0);
	assert_non_null(strstr(out, "warning: modem usb1: /dev/ttyUSB-td-absent does not exist"));
	assert_non_null(strstr(out, "tiengdan modems probe"));
	assert_non_null(strstr(out, "warning: socket_group: there is no group 'no-such-group-td'"));
	assert_non_null(strstr(out, "warning: users[0]: there is no user 'no-such-user-td'"));
	assert_null(strstr(out, "error:"));
	free(out);
	assert_int_equal(run_check(&f, "n.conf", "database = \"x.db\";\nmodems = ();\n", &out), 0);
	assert_non_null(strstr(out, "0 modem(s)"));
	assert_non_null(strstr(out, "note: no modem is named yet"));
	free(out);
	fx_teardown(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_valid),
	    cmocka_unit_test(test_unknown_key),
	    cmocka_unit_test(test_wrong_type),
	    cmocka_unit_test(test_missing_device),
	    cmocka_unit_test(test_machine_database_folder),
	    cmocka_unit_test(test_machine_key_mode),
	    cmocka_unit_test(test_machine_warnings),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

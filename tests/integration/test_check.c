/*
 * tiengdand --check on broken configurations: each is refused with exit
 * status 1 and a message naming the file, the line and the key.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
	assert_int_equal(run_check(&f, "a.conf", "database = \"x.db\";\nsend_retrys = 3;\n" MODEM_OK,
				   &out),
			 1);
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_unknown_key),
		cmocka_unit_test(test_wrong_type),
		cmocka_unit_test(test_missing_device),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

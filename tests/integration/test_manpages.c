/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the package runs of the built programs: tiengdan --man documents
 * every command the console lists (its usage and help, in English and in
 * Vietnamese), the generated pages render without groff warnings,
 * tiengdand --has-modems answers the unit's ExecCondition (0 a modem, 1
 * none, 255 an invalid file) and tiengdand --udev-rules writes the rules
 * postinst installs.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* Runs CMD through the shell; returns its exit status and its standard
 * output (caller frees) in *out. */
static int run(const char *cmd, char **out)
{
	FILE *fp = popen(cmd, "r");
	size_t cap = 1 << 16, len = 0, n;
	int status;

	assert_non_null(fp);
	*out = malloc(cap);
	assert_non_null(*out);
	while ((n = fread(*out + len, 1, cap - len - 1, fp)) > 0) {
		len += n;
		if (len + 1 == cap) {
			cap *= 2;
			*out = realloc(*out, cap);
			assert_non_null(*out);
		}
	}
	(*out)[len] = '\0';
	status = pclose(fp);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* TEXT as the page writes a command line: dashes as \-, double quotes
 * as \(dq. */
static char *dashes(const char *text)
{
	char *r = malloc(strlen(text) * 4 + 1), *w = r;

	assert_non_null(r);
	for (const char *p = text; *p; p++) {
		if (*p == '"') {
			memcpy(w, "\\(dq", 4);
			w += 4;
			continue;
		}
		if (*p == '-')
			*w++ = '\\';
		*w++ = *p;
	}
	*w = '\0';
	return r;
}

/* Runs `tiengdan --lang LANG help TITLE`; returns its output (caller
 * frees) when its usage line names TITLE itself, else NULL. */
static char *help_for(const char *lang, const char *title)
{
	char cmd[PATH_MAX + 128], want[96], *help;

	snprintf(cmd, sizeof(cmd), "%s/tiengdan --lang %s help %s", TIENGDAN_BUILD_DIR, lang,
		 title);
	assert_int_equal(run(cmd, &help), 0);
	/* "Usage: tiengdan TITLE USAGE\n  HELP\n" (USAGE may be empty). */
	snprintf(want, sizeof(want), ": tiengdan %s ", title);
	if (strstr(help, want) && strstr(help, want) < strchr(help, '\n'))
		return help;
	free(help);
	return NULL;
}

/* The commands `tiengdan --help` lists: a line "  NAME [SUB]   help" each,
 * after the heading; whether the second word is a sub-command is asked of
 * `tiengdan help`. Fills titles and the matching help outputs (caller
 * frees); returns their number. */
static int commands(const char *lang, char list[][64], char **helps, int max)
{
	char cmd[PATH_MAX + 64], *out, *save = NULL;
	bool in_list = false;
	int n = 0;

	snprintf(cmd, sizeof(cmd), "%s/tiengdan --lang %s --help", TIENGDAN_BUILD_DIR, lang);
	assert_int_equal(run(cmd, &out), 0);
	for (char *line = strtok_r(out, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char a[32] = "", b[32] = "";
		if (strncmp(line, "  ", 2) != 0) {
			/* "Commands:" opens the list, a blank line or the options
			 * close it (strtok skips blank lines: any other heading). */
			in_list = line[strlen(line) - 1] == ':';
			continue;
		}
		if (!in_list || n == max || sscanf(line, "%31s %31s", a, b) < 1)
			continue;
		snprintf(list[n], 64, "%s %s", a, b);
		helps[n] = b[0] ? help_for(lang, list[n]) : NULL;
		if (!helps[n]) {
			snprintf(list[n], 64, "%s", a);
			helps[n] = help_for(lang, a);
		}
		if (!helps[n])
			fail_msg("tiengdan help %s does not describe %s", list[n], list[n]);
		n++;
	}
	free(out);
	return n;
}

/* Each command `tiengdan help TITLE` describes is an entry of the page,
 * with its usage and its help line. */
static void check_page(const char *lang)
{
	char list[64][64], cmd[PATH_MAX + 128], *man, *helps[64];
	int n = commands(lang, list, helps, 64);

	assert_true(n >= 20);
	snprintf(cmd, sizeof(cmd), "%s/tiengdan --lang %s --man", TIENGDAN_BUILD_DIR, lang);
	assert_int_equal(run(cmd, &man), 0);
	assert_int_equal(strncmp(man, ".TH TIENGDAN 1 ", 15), 0);
	for (int i = 0; i < n; i++) {
		char *entry, *help_line, *usage, *esc;
		help_line = strchr(helps[i], '\n');
		*help_line++ = '\0';
		help_line += strspn(help_line, " ");
		help_line[strcspn(help_line, "\n")] = '\0';
		assert_true(asprintf(&entry, "\n.B tiengdan %s\n", list[i]) > 0);
		esc = dashes(entry);
		if (!strstr(man, esc))
			fail_msg("tiengdan(1) [%s] has no entry for %s", lang, list[i]);
		free(esc);
		free(entry);
		usage = strstr(helps[i], list[i]) + strlen(list[i]);
		usage += strspn(usage, " ");
		if (*usage) {
			esc = dashes(usage);
			if (!strstr(man, esc))
				fail_msg("tiengdan(1) [%s]: %s's usage '%s' is missing", lang,
					 list[i], usage);
			free(esc);
		}
		if (!strstr(man, help_line))
			fail_msg("tiengdan(1) [%s]: %s's help '%s' is missing", lang, list[i],
				 help_line);
		free(helps[i]);
	}
	free(man);
}

static void test_console_page_en(void **state)
{
	check_page("en");
}

static void test_console_page_vi(void **state)
{
	char cmd[PATH_MAX + 64], *man;

	check_page("vi");
	snprintf(cmd, sizeof(cmd), "%s/tiengdan --man", TIENGDAN_BUILD_DIR);
	assert_int_equal(run(cmd, &man), 0);
	assert_non_null(strstr(man, "CÁC LỆNH"));
	free(man);
}

/* The pages as the build generated them render without a warning. */
static void test_groff_clean(void **state)
{
	static const char *const pages[] = {"tiengdan.1.gz", "vi/tiengdan.1.gz",
					    "tiengdan.conf.5.gz", "tiengdand.8.gz"};
	char cmd[PATH_MAX + 128], *out;

	if (system("command -v groff >/dev/null 2>&1") != 0)
		skip();
	for (size_t i = 0; i < sizeof(pages) / sizeof(pages[0]); i++) {
		snprintf(cmd, sizeof(cmd), "%s/man/%s", TIENGDAN_BUILD_DIR, pages[i]);
		if (access(cmd, R_OK) != 0)
			fail_msg("%s was not generated by the build", cmd);
		snprintf(cmd, sizeof(cmd),
			 "zcat %s/man/%s | groff -k -man -Tutf8 -ww -z 2>&1 && echo rendered",
			 TIENGDAN_BUILD_DIR, pages[i]);
		assert_int_equal(run(cmd, &out), 0);
		if (strcmp(out, "rendered\n") != 0)
			fail_msg("%s: %s", pages[i], out);
		free(out);
	}
}

/* ---------------------------------------------------------------- daemon */

struct tmp {
	char dir[64];
};

static int tmp_setup(void **state)
{
	struct tmp *t = calloc(1, sizeof(*t));

	assert_non_null(t);
	snprintf(t->dir, sizeof(t->dir), "/tmp/test_manpages.XXXXXX");
	assert_non_null(mkdtemp(t->dir));
	*state = t;
	return 0;
}

static int tmp_teardown(void **state)
{
	struct tmp *t = *state;
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", t->dir);
	assert_int_equal(system(cmd), 0);
	free(t);
	return 0;
}

/* Writes BODY as DIR/t.conf and runs tiengdand -c it with ARGS. */
static int run_daemon(struct tmp *t, const char *body, const char *args, char **out)
{
	char path[128], cmd[PATH_MAX + 256];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/t.conf", t->dir);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(body, fp);
	assert_int_equal(fclose(fp), 0);
	snprintf(cmd, sizeof(cmd), "%s/tiengdand -c %s %s 2>&1", TIENGDAN_BUILD_DIR, path, args);
	return run(cmd, out);
}

#define DUMMY_MODEM                                                                                \
	"modems = ( { id = \"m1\";\n"                                                              \
	"  gammu = { model = \"dummy\"; connection = \"none\"; device = \"sim\"; }; } );\n"
#define BY_ID_MODEM                                                                                \
	"modems = ( { id = \"usb1\";\n"                                                            \
	"  gammu = { device = \"/dev/serial/by-id/usb-ZTE_Modem-if02-port0\"; }; } );\n"

static void test_has_modems(void **state)
{
	struct tmp *t = *state;
	char *out;

	assert_int_equal(run_daemon(t, DUMMY_MODEM, "--has-modems", &out), 0);
	assert_non_null(strstr(out, "1 modem(s) configured"));
	free(out);
	assert_int_equal(run_daemon(t, "modems = ();\n", "--has-modems", &out), 1);
	assert_non_null(strstr(out, "no modem configured"));
	free(out);
	/* An invalid file fails the unit (255) rather than skipping it. */
	assert_int_equal(run_daemon(t, DUMMY_MODEM "send_retries = 99;\n", "--has-modems", &out),
			 255);
	assert_non_null(strstr(out, "send_retries"));
	assert_non_null(strstr(out, "NOT valid"));
	free(out);
}

static void test_udev_rules(void **state)
{
	struct tmp *t = *state;
	char *out;

	/* An invalid file: no rules, exit 1. */
	assert_int_equal(run_daemon(t, BY_ID_MODEM "send_retries = 99;\n", "--udev-rules", &out),
			 1);
	assert_null(strstr(out, "ID_MM_DEVICE_IGNORE"));
	free(out);
	assert_int_equal(run_daemon(t, BY_ID_MODEM, "--udev-rules", &out), 0);
	assert_non_null(strstr(out, "SUBSYSTEM==\"tty\", "
				    "SYMLINK==\"serial/by-id/usb-ZTE_Modem-if02-port0\", "
				    "ENV{ID_MM_DEVICE_IGNORE}=\"1\"\n"));
	assert_non_null(strstr(out, "# usb1: /dev/serial/by-id/usb-ZTE_Modem-if02-port0\n"));
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_console_page_en),
	    cmocka_unit_test(test_console_page_vi),
	    cmocka_unit_test(test_groff_clean),
	    cmocka_unit_test_setup_teardown(test_has_modems, tmp_setup, tmp_teardown),
	    cmocka_unit_test_setup_teardown(test_udev_rules, tmp_setup, tmp_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

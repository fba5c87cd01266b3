/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Tests of the configuration loader: the shipped files load, relative paths
 * follow the file, defaults apply, gammu pairs keep their order, and every
 * kind of mistake is refused with its file:line and the key's name.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "conf/conf.h"
#include "util/log.h"

#include <ctype.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---------------------------------------------------------------- fixture */

struct fixture {
	char dir[64];	/* a fresh temp folder (real path) */
	char path[128]; /* dir/t.conf */
	char err[4096];
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	char real[PATH_MAX];

	assert_non_null(f);
	snprintf(f->dir, sizeof(f->dir), "/tmp/test_conf.XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	assert_non_null(realpath(f->dir, real));
	assert_true(strlen(real) < sizeof(f->dir));
	memcpy(f->dir, real, strlen(real) + 1);
	snprintf(f->path, sizeof(f->path), "%s/t.conf", f->dir);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	unlink(f->path);
	rmdir(f->dir);
	free(f);
	return 0;
}

/* Writes TEXT as the fixture's configuration and loads it. */
static struct conf *load_text(struct fixture *f, const char *text)
{
	FILE *fp = fopen(f->path, "w");

	assert_non_null(fp);
	assert_int_equal(fputs(text, fp) >= 0, 1);
	assert_int_equal(fclose(fp), 0);
	f->err[0] = '\0';
	return conf_load(f->path, f->err, sizeof(f->err));
}

/* Asserts that TEXT is refused with a line "path:LINE: ..." (or "path: ..."
 * when LINE is 0) that contains NEEDLE. */
static void assert_refused(struct fixture *f, const char *text, int line, const char *needle)
{
	char prefix[160];
	const char *p, *end;

	assert_null(load_text(f, text));
	if (line > 0)
		snprintf(prefix, sizeof(prefix), "%s:%d: ", f->path, line);
	else
		snprintf(prefix, sizeof(prefix), "%s: ", f->path);
	for (p = f->err; (p = strstr(p, prefix)); p = end) {
		end = strchr(p, '\n');
		assert_non_null(end);
		if (memmem(p, (size_t)(end - p), needle, strlen(needle)))
			return;
	}
	fail_msg("expected \"%s...%s\" in:\n%s", prefix, needle, f->err);
}

#define MODEM(id, dev) "{ id = \"" id "\"; gammu = { device = \"" dev "\"; }; }"
#define ONE_MODEM "modems = ( " MODEM("m1", "/dev/ttyUSB0") " );\n"

/* ---------------------------------------------------------------- shipped */

static void test_shipped_default(void **state)
{
	char err[1024] = "";
	char *file = NULL;
	struct conf *c;

	assert_true(asprintf(&file, "%s/config/tiengdan.conf", TIENGDAN_SOURCE_DIR) > 0);
	c = conf_load(file, err, sizeof(err));
	if (!c)
		fail_msg("%s", err);
	assert_string_equal(c->database, "/var/lib/tiengdan/tiengdan.db");
	assert_string_equal(c->socket, "/run/tiengdan/control.sock");
	/* A fresh install names no modem until one is probed. */
	assert_int_equal(c->n_modems, 0);
	assert_null(c->geography);
	assert_int_equal(c->n_keywords, 0);
	conf_free(c);
	free(file);
}

static void test_shipped_demo(void **state)
{
	char err[1024] = "", src[PATH_MAX], *file = NULL, *want = NULL;
	struct conf *c;

	assert_non_null(realpath(TIENGDAN_SOURCE_DIR, src));
	assert_true(asprintf(&file, "%s/config/demo.conf", TIENGDAN_SOURCE_DIR) > 0);
	c = conf_load(file, err, sizeof(err));
	if (!c)
		fail_msg("%s", err);
	assert_true(asprintf(&want, "%s/config", src) > 0);
	assert_string_equal(c->dir, want);
	free(want);
	assert_true(asprintf(&want, "%s/var/demo/tiengdan.db", src) > 0);
	assert_string_equal(c->database, want);
	free(want);
	assert_true(asprintf(&want, "%s/var/demo/control.sock", src) > 0);
	assert_string_equal(c->socket, want);
	free(want);
	assert_true(asprintf(&want, "%s/var/demo/modem1", src) > 0);
	assert_string_equal(conf_modem_gammu(&c->modems[0], "device"), want);
	free(want);
	assert_string_equal(c->modems[0].id, "demo1");
	assert_int_equal(c->modems[0].scan_interval, 2);
	assert_int_equal(c->log_level, LOG_LVL_INFO);
	assert_string_equal(conf_modem_gammu(&c->modems[0], "model"), "dummy");
	conf_free(c);
	free(file);
}

/* True when WORD occurs in TEXT as a whole word (not inside "feedback"). */
static bool has_word(const char *text, const char *word)
{
	size_t n = strlen(word);

	for (const char *p = text; (p = strstr(p, word)); p += n) {
		bool start = p == text || !(isalnum((unsigned char)p[-1]) || p[-1] == '_');
		bool end = !(isalnum((unsigned char)p[n]) || p[n] == '_');
		if (start && end)
			return true;
	}
	return false;
}

/* Every key of the table is documented in the shipped configuration. */
static void test_keys_documented(void **state)
{
	char *list = NULL, *doc = NULL, *file = NULL, *line, *save = NULL;
	size_t list_len = 0, doc_len = 0;
	FILE *out = open_memstream(&list, &list_len), *in;
	int n = 0;

	assert_non_null(out);
	conf_print_keys(out);
	assert_int_equal(fclose(out), 0);
	assert_non_null(strstr(list, "0..20"));
	assert_true(asprintf(&file, "%s/config/tiengdan.conf", TIENGDAN_SOURCE_DIR) > 0);
	assert_non_null(in = fopen(file, "r"));
	assert_true(getdelim(&doc, &doc_len, '\0', in) > 0);
	fclose(in);
	for (line = strtok_r(list, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char name[64];
		const char *leaf;
		if (sscanf(line, "%63s", name) != 1 || strcmp(name, "KEY") == 0)
			continue;
		leaf = strrchr(name, '.') ? strrchr(name, '.') + 1 : name;
		if (!has_word(doc, leaf))
			fail_msg("key %s is not documented in %s", name, file);
		n++;
	}
	assert_true(n >= 35);
	free(list);
	free(doc);
	free(file);
}

/* ---------------------------------------------------------------- values */

static void test_defaults(void **state)
{
	struct fixture *f = *state;
	struct conf *c = load_text(f, ONE_MODEM);

	if (!c)
		fail_msg("%s", f->err);
	assert_string_equal(c->database, "/var/lib/tiengdan/tiengdan.db");
	assert_string_equal(c->socket, "/run/tiengdan/control.sock");
	assert_null(c->socket_group);
	assert_string_equal(c->timezone, "Asia/Ho_Chi_Minh");
	assert_string_equal(c->country_code, "84");
	assert_int_equal(c->log_level, LOG_LVL_INFO);
	assert_int_equal(c->multipart_timeout, 86400);
	assert_int_equal(c->send_retries, 3);
	assert_int_equal(c->send_retry_delay, 60);
	assert_int_equal(c->send_timeout, 60);
	assert_true(c->delivery_reports);
	assert_int_equal(c->worker_restart_max, 60);
	assert_string_equal(c->path, f->path);
	assert_string_equal(c->dir, f->dir);
	assert_int_equal(c->n_modems, 1);
	assert_null(c->modems[0].pin);
	assert_null(c->modems[0].smsc);
	assert_int_equal(c->modems[0].scan_interval, 5);
	assert_int_equal(c->modems[0].n_gammu, 2);
	assert_string_equal(c->modems[0].gammu[1].key, "connection");
	assert_string_equal(c->modems[0].gammu[1].value, "at");
	assert_null(conf_modem_gammu(&c->modems[0], "model"));
	conf_free(c);
	conf_free(NULL);
}

/* Deny entries written as staff write them match normalised senders. */
static void test_deny_normalised(void **state)
{
	struct fixture *f = *state;
	struct conf *c = load_text(f, ONE_MODEM "deny = [ \"0912 345 678\", \"84987000111\","
						" \"+84911000222\", \"Viettel\" ];\n");

	assert_non_null(c);
	assert_int_equal(c->deny.n, 4);
	assert_string_equal(c->deny.v[0], "+84912345678");
	assert_string_equal(c->deny.v[1], "+84987000111");
	assert_string_equal(c->deny.v[2], "+84911000222");
	assert_string_equal(c->deny.v[3], "Viettel");
	conf_free(c);
}

static void test_values(void **state)
{
	struct fixture *f = *state;
	struct conf *c = load_text(
	    f,
	    "send_retries = 0; log_level = \"debug\";\n"
	    "delivery_reports = false; socket_group = \"staff\";\n"
	    "country_code = \"1\"; timezone = \"UTC\";\n"
	    "modems = ( { id = \"a-1\"; pin = \"0000\"; smsc = \"+84980200030\";"
	    " gammu = { device = \"/dev/ttyUSB0\"; }; },\n" MODEM(
		"B_2",
		"/dev/ttyUSB1") " );\n"
				"keywords = { feedback = [ \"gop y\", \"gy\" ]; help = []; };\n");

	if (!c)
		fail_msg("%s", f->err);
	assert_int_equal(c->send_retries, 0);
	assert_int_equal(c->log_level, LOG_LVL_DEBUG);
	assert_false(c->delivery_reports);
	assert_string_equal(c->socket_group, "staff");
	assert_string_equal(c->timezone, "UTC");
	assert_string_equal(c->modems[0].pin, "0000");
	assert_string_equal(c->modems[0].smsc, "+84980200030");
	assert_string_equal(c->modems[1].id, "B_2");
	assert_int_equal(c->n_keywords, 2);
	assert_string_equal(c->keywords[0].command, "feedback");
	assert_int_equal(c->keywords[0].n_words, 2);
	assert_string_equal(c->keywords[0].words[1], "gy");
	assert_string_equal(c->keywords[1].command, "help");
	assert_int_equal(c->keywords[1].n_words, 0);
	conf_free(c);
}

static void test_gammu_order(void **state)
{
	static const char *const want[][2] = {
	    {"device", "/dev/ttyUSB1"}, {"synchronizetime", "yes"}, {"logformat", "textall"},
	    {"use_locking", "no"},	{"connection", "at115200"}, {"features", "NO_ATSYNCML"},
	    {"gammucoding", "utf8"},
	};
	struct fixture *f = *state;
	struct conf *c = load_text(f, "modems = ( { id = \"m\"; gammu = {\n"
				      "device = \"/dev/ttyUSB1\"; synchronizetime = true;\n"
				      "logformat = \"textall\"; use_locking = \"No\";\n"
				      "connection = \"at115200\"; features = \"NO_ATSYNCML\";\n"
				      "gammucoding = \"utf8\"; }; } );\n");

	if (!c)
		fail_msg("%s", f->err);
	assert_int_equal(c->modems[0].n_gammu, 7);
	for (size_t i = 0; i < 7; i++) {
		assert_string_equal(c->modems[0].gammu[i].key, want[i][0]);
		assert_string_equal(c->modems[0].gammu[i].value, want[i][1]);
	}
	conf_free(c);
}

/* ---------------------------------------------------------------- paths */

static void test_relative_paths(void **state)
{
	struct fixture *f = *state;
	char cwd[PATH_MAX], want[256];
	struct conf *c;

	c = load_text(
	    f, "database = \"db/t.db\"; socket = \"./run/../c.sock\";\n"
	       "modems = (\n"
	       "{ id = \"d\"; gammu = { model = \"dummy\"; device = \"../sim\"; }; },\n"
	       "{ id = \"p\"; gammu = { connection = \"proxyat\";"
	       " device = \"bin/sim --x y\"; }; },\n"
	       "{ id = \"q\"; gammu = { connection = \"proxyat\"; device = \"modemsim\"; }; },\n"
	       "{ id = \"n\"; gammu = { device = \"s2\"; connection = \"none\"; }; },\n" MODEM(
		   "r", "/dev/ttyACM0") ");\n");
	if (!c)
		fail_msg("%s", f->err);
	snprintf(want, sizeof(want), "%s/db/t.db", f->dir);
	assert_string_equal(c->database, want);
	/* Only leading ./ and ../ are folded; the rest is kept as written. */
	snprintf(want, sizeof(want), "%s/run/../c.sock", f->dir);
	assert_string_equal(c->socket, want);
	assert_string_equal(conf_modem_gammu(&c->modems[0], "device"), "/tmp/sim");
	snprintf(want, sizeof(want), "%s/bin/sim --x y", f->dir);
	assert_string_equal(conf_modem_gammu(&c->modems[1], "device"), want);
	assert_string_equal(conf_modem_gammu(&c->modems[2], "device"), "modemsim");
	snprintf(want, sizeof(want), "%s/s2", f->dir);
	assert_string_equal(conf_modem_gammu(&c->modems[3], "device"), want);
	assert_string_equal(conf_modem_gammu(&c->modems[4], "device"), "/dev/ttyACM0");
	conf_free(c);

	/* A file named relative to the working folder still gets absolute paths. */
	assert_non_null(getcwd(cwd, sizeof(cwd)));
	assert_int_equal(chdir(f->dir), 0);
	c = conf_load("t.conf", f->err, sizeof(f->err));
	assert_int_equal(chdir(cwd), 0);
	if (!c)
		fail_msg("%s", f->err);
	assert_string_equal(c->path, f->path);
	snprintf(want, sizeof(want), "%s/db/t.db", f->dir);
	assert_string_equal(c->database, want);
	conf_free(c);
}

/* ---------------------------------------------------------------- errors */

static void test_unknown_keys(void **state)
{
	struct fixture *f = *state;

	assert_refused(f, "\nsend_retrys = 3;\n" ONE_MODEM, 2,
		       "unknown key 'send_retrys' at the top level (did you mean 'send_retries'?)");
	assert_refused(f,
		       "modems = ( { id = \"m1\";\n scan_intervall = 5;\n"
		       " gammu = { device = \"/dev/ttyUSB0\"; }; } );\n",
		       2,
		       "unknown key 'scan_intervall' in modems[0] (did you mean 'scan_interval'?)");
	assert_refused(f,
		       "modems = ( { id = \"m1\"; gammu = {\n device = \"/dev/ttyUSB0\";\n"
		       " baudrate = 9600; }; } );\n",
		       3, "unknown key 'baudrate' in modems[0].gammu");
	assert_refused(f, ONE_MODEM "scan_interval = 3;\n", 2,
		       "unknown key 'scan_interval' at the top level (did you mean "
		       "'modems[].scan_interval'?)");
	assert_refused(f, ONE_MODEM "keywords = {\n complain = [ \"kn\" ]; };\n", 3,
		       "unknown key 'complain' in keywords (did you mean 'complaint'?)");
}

static void test_bad_values(void **state)
{
	struct fixture *f = *state;

	assert_refused(f, ONE_MODEM "send_retries = \"3\";\n", 2,
		       "'send_retries' must be an integer from 0 to 20, not a string");
	assert_refused(f, ONE_MODEM "\nsend_timeout = 601;\n", 3,
		       "'send_timeout' must be an integer from 5 to 600, not 601");
	assert_refused(f, ONE_MODEM "multipart_timeout = 1.5;\n", 2,
		       "'multipart_timeout' must be an integer");
	assert_refused(f, ONE_MODEM "delivery_reports = \"yes\";\n", 2,
		       "'delivery_reports' must be a boolean");
	assert_refused(f, ONE_MODEM "log_level = \"verbose\";\n", 2,
		       "'log_level' must be one of \"error\", \"warn\", \"info\", \"debug\", not "
		       "\"verbose\"");
	assert_refused(f, ONE_MODEM "timezone = \"Asia/Atlantis\";\n", 2, "'timezone'");
	assert_refused(f, ONE_MODEM "timezone = \"../../etc/passwd\";\n", 2, "'timezone'");
	assert_refused(f, ONE_MODEM "country_code = \"084\";\n", 2, "'country_code'");
	assert_refused(f, ONE_MODEM "database = \"\";\n", 2, "'database' must be a string");
	assert_refused(f,
		       "modems = ( { id = \"m1\";\nscan_interval = 0;\n"
		       "gammu = { device = \"/dev/ttyUSB0\"; }; } );\n",
		       2, "'modems[0].scan_interval' must be an integer from 1 to 3600, not 0");
	assert_refused(f,
		       "modems = ( { id = \"m1\"; gammu = { device = \"/dev/ttyUSB0\";\n"
		       "logformat = \"all\"; }; } );\n",
		       2, "'modems[0].gammu.logformat' must be one of \"nothing\"");
	assert_refused(f,
		       "modems = ( { id = \"m1\"; gammu = { device = \"/dev/ttyUSB0\";\n"
		       "use_locking = \"maybe\"; }; } );\n",
		       2, "'modems[0].gammu.use_locking' must be a boolean or \"yes\"/\"no\"");
	assert_refused(f, ONE_MODEM "keywords = {\nfeedback = \"gy\"; };\n", 3,
		       "'keywords.feedback' must be an array of strings");
	assert_refused(
	    f, ONE_MODEM "keywords = { feedback = [ \"gy\" ];\ncomplaint = [ \"gy\" ]; };\n", 3,
	    "keyword 'gy' is given twice (for 'feedback' and 'complaint')");
}

static void test_bad_modems(void **state)
{
	struct fixture *f = *state;
	struct conf *c;

	/* An empty list is a fresh install's: valid, with no modem. */
	c = load_text(f, "modems = ( );\n");
	if (!c)
		fail_msg("%s", f->err);
	assert_int_equal(c->n_modems, 0);
	conf_free(c);

	assert_refused(f, "send_retries = 3;\n", 0, "missing required key 'modems'");
	assert_refused(f, "\nmodems = [ ];\n", 2, "'modems' must be a list of modem groups");
	assert_refused(f, "modems = { id = \"m1\"; };\n", 1, "'modems' must be a list");
	assert_refused(f, "modems = ( { id = \"m1\";\n gammu = {\n model = \"x\"; }; } );\n", 2,
		       "missing required key 'device' in modems[0].gammu (modem 'm1')");
	assert_refused(f, "modems = (\n{ id = \"m1\"; } );\n", 2,
		       "missing required key 'gammu' in modems[0] (modem 'm1')");
	assert_refused(f, "modems = (\n{ gammu = { device = \"/dev/ttyUSB0\"; }; } );\n", 2,
		       "missing required key 'id' in modems[0]");
	assert_refused(
	    f, "modems = ( " MODEM("m1", "/dev/ttyUSB0") ",\n" MODEM("m1", "/dev/ttyUSB1") " );\n",
	    2, "duplicate modem id 'm1' (modems[1] and modems[0], line 1)");
	assert_refused(
	    f, "modems = ( " MODEM("m1", "/dev/ttyUSB0") ",\n" MODEM("m2", "/dev/ttyUSB0") " );\n",
	    2, "modems[1] uses the device '/dev/ttyUSB0' of modems[0]");
	assert_refused(
	    f, "modems = ( { id = \"bad id\";\ngammu = { device = \"/dev/ttyUSB0\"; }; } );\n", 1,
	    "'modems[0].id' must be a string (1 to 32 of A-Z a-z 0-9 _ -)");
	assert_refused(f,
		       "modems = ( { id = \"m1\";\npin = \"12a4\"; gammu = { device = "
		       "\"/dev/ttyUSB0\"; }; } );\n",
		       2, "'modems[0].pin' must be a string (4 to 8 digits), not this value");
	assert_false(strstr(f->err, "12a4"));
	assert_refused(
	    f,
	    "modems = ( { id = \"m1\";\npin = 1234; gammu = { device = \"/dev/ttyUSB0\"; }; } );\n",
	    2, "'modems[0].pin' must be a string (4 to 8 digits), not an integer");
	assert_refused(f,
		       "modems = ( { id = \"m1\";\nsmsc = \"0912\"; gammu = { device = "
		       "\"/dev/ttyUSB0\"; }; } );\n",
		       2, "'modems[0].smsc'");
	assert_refused(f, "modems = ( { id = \"m1\";\ngammu = \"/dev/ttyUSB0\"; } );\n", 2,
		       "'modems[0].gammu' must be a group");
	assert_refused(f, "modems = ( " MODEM("m1", "/dev/ttyUSB0") ",\n\"m2\" );\n", 2,
		       "modems[1] must be a group");
}

static void test_syntax_and_io(void **state)
{
	struct fixture *f = *state;
	char small[24];

	assert_refused(f, ONE_MODEM "send_retries = 3;\nsend_timeout = = 5;\n", 3, "syntax error");
	assert_refused(f, ONE_MODEM "send_retries = 3;\n}\n", 3, "syntax error");
	f->err[0] = '\0';
	assert_null(conf_load("/nonexistent/dir/t.conf", f->err, sizeof(f->err)));
	assert_non_null(strstr(f->err, "/nonexistent/dir/t.conf: "));
	snprintf(f->path + strlen(f->dir), sizeof(f->path) - strlen(f->dir), "/missing.conf");
	assert_null(conf_load(f->path, f->err, sizeof(f->err)));
	assert_non_null(strstr(f->err, "missing.conf: cannot read the file: No such file"));
	snprintf(f->path, sizeof(f->path), "%s/t.conf", f->dir);

	/* A small buffer is truncated and stays terminated. */
	load_text(f, "x = 1;\n" ONE_MODEM);
	assert_null(conf_load(f->path, small, sizeof(small)));
	assert_int_equal(strlen(small), sizeof(small) - 1);
	assert_null(conf_load(f->path, NULL, 0));
}

/* All problems are reported, not only the first. */
static void test_all_errors(void **state)
{
	struct fixture *f = *state;

	assert_refused(f,
		       "send_retries = 99;\nfoo = 1;\nmodems = ( { id = \"m1\";\n"
		       "gammu = { device = \"/dev/ttyUSB0\"; bar = 2; }; } );\n",
		       1, "'send_retries'");
	assert_non_null(strstr(f->err, ":2: unknown key 'foo'"));
	assert_non_null(strstr(f->err, ":4: unknown key 'bar'"));
}

/* ---------------------------------------------------------------- service */

static void test_users(void **state)
{
	struct fixture *f = *state;
	struct conf *c =
	    load_text(f, ONE_MODEM "users = (\n"
				   "  { user = \"lan\"; role = \"handler\";"
				   " communes = [ \"DR1\", \"DR2\" ]; },\n"
				   "  { group = \"staff\"; role = \"viewer\"; }\n);\n");

	assert_non_null(c);
	assert_int_equal(c->n_users, 2);
	assert_string_equal(c->users[0].user, "lan");
	assert_int_equal(c->users[0].role, ROLE_HANDLER);
	assert_int_equal(c->users[0].n_communes, 2);
	assert_string_equal(c->users[0].communes[1], "DR2");
	assert_string_equal(c->users[1].group, "staff");
	assert_int_equal(c->users[1].n_communes, 0);
	conf_free(c);
	assert_refused(
	    f, ONE_MODEM "users = ( { user = \"a\"; group = \"b\"; role = \"admin\"; } );\n", 2,
	    "either a user or a group");
	assert_refused(f, ONE_MODEM "users = ( { user = \"a\"; role = \"boss\"; } );\n", 2,
		       "viewer");
	assert_refused(f, ONE_MODEM "users = ( { user = \"a\"; } );\n", 2, "'role'");
}

static void test_processing_keys(void **state)
{
	struct fixture *f = *state;
	struct conf *c =
	    load_text(f, ONE_MODEM
		      "gateway_number = \"0912345678\";\nhourly_limit = 5;\n"
		      "holidays = [ \"2026-01-01\", \"2026-02-14..2026-02-22\" ];\n"
		      "notify_status = [ \"resolved\" ];\n"
		      "deadlines = { feedback = 15; remote_area = true; };\n"
		      "replies = { ucs2 = false; help = \"Soan PA <noi dung> gui {number}\"; };\n");

	assert_non_null(c);
	assert_string_equal(c->gateway_number, "0912345678");
	assert_int_equal(c->hourly_limit, 5);
	assert_int_equal(c->duplicate_window, 600);
	assert_int_equal(c->holidays.n, 2);
	assert_int_equal(c->notify_status.n, 1);
	/* The deadlines group keeps the defaults of the keys it leaves out. */
	assert_int_equal(c->deadlines.feedback, 15);
	assert_int_equal(c->deadlines.complaint_resolve, 30);
	assert_true(c->deadlines.remote_area);
	assert_string_equal(conf_reply_text(c, "help"), "Soan PA <noi dung> gui {number}");
	assert_non_null(strstr(conf_reply_text(c, "feedback"), "{code}"));
	/* The key file defaults to the database's path + ".key". */
	assert_non_null(strstr(c->key_file, ".db.key"));
	conf_free(c);

	/* Without a deadlines group every default applies. */
	c = load_text(f, ONE_MODEM);
	assert_non_null(c);
	assert_int_equal(c->deadlines.complaint_accept, 10);
	assert_int_equal(c->deadlines.remote_extra, 15);
	assert_int_equal(c->notify_status.n, 5);
	conf_free(c);
}

static void test_processing_refusals(void **state)
{
	struct fixture *f = *state;

	/* Exactly one SMS with its longest values fits... */
	struct conf *c = load_text(
	    f, ONE_MODEM "replies = {\n feedback = \"Da nhan phan anh cua ban ve viec "
			 "xay dung duong lien thon. Ma so: {code}. Han tra loi: {deadline}. "
			 "Tra cuu bang cach soan TT {code} gui so {number} nhe.\"; };\n");
	assert_non_null(c);
	conf_free(c);
	/* ...a template that cannot fit one SMS is refused with its name. */
	assert_refused(f,
		       ONE_MODEM
		       "replies = {\n feedback = \"Da nhan phan anh cua ban ve viec "
		       "xay dung duong lien thon. Ma so: {code}. Han tra loi: {deadline}. "
		       "Tra cuu bang cach soan TT {code} gui so {number} nhe ban.\"; };\n",
		       3, "replies.feedback");
	/* With diacritics the limit is 70. */
	assert_refused(f, ONE_MODEM "replies = { ucs2 = true; };\n", 2,
		       "replies.feedback: template feedback: 133 UTF-16 units");
	assert_refused(f, ONE_MODEM "replies = { feedbak = \"x\"; };\n", 2, "'feedback'");
	assert_refused(f, ONE_MODEM "replies = { help = \"Gui {nothing}\"; };\n", 2,
		       "replies.help");
	assert_refused(f, ONE_MODEM "holidays = [ \"2026-02-30\" ];\n", 2, "2026-02-30");
	assert_refused(f, ONE_MODEM "holidays = [ \"2026-03-01..2026-02-01\" ];\n", 2, "holidays");
	assert_refused(f, ONE_MODEM "notify_status = [ \"done\" ];\n", 2, "done");
	assert_refused(f, ONE_MODEM "deadlines = { feedback = 0; };\n", 2, "feedback");
	assert_refused(f, ONE_MODEM "gateway_number = \"call me\";\n", 2, "gateway_number");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_shipped_default),
	    cmocka_unit_test(test_shipped_demo),
	    cmocka_unit_test(test_keys_documented),
	    cmocka_unit_test_setup_teardown(test_defaults, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_values, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_deny_normalised, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_gammu_order, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_relative_paths, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_unknown_keys, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_bad_values, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_bad_modems, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_syntax_and_io, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_all_errors, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_users, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_processing_keys, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_processing_refusals, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

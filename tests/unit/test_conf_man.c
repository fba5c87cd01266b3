/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Tests of what the package installs from the configuration's key table:
 * tiengdan.conf(5) names every key the loader knows (with its default and
 * range), roff escaping keeps text as written, and the udev rules for the
 * configured modems keep ModemManager off each serial modem, by its
 * /dev/serial/by-id link, its kernel name, and the USB ids of the device
 * behind it (a sysfs tree built in a temp folder).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "conf/conf.h"
#include "conf/conf_man.h"
#include "conf/conf_udev.h"
#include "util/roff.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Occurrences of NEEDLE in HAY. */
static int count(const char *hay, const char *needle)
{
	int n = 0;

	for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

/* tiengdan.conf(5) as a string (caller frees). */
static char *capture_man(void)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);

	assert_non_null(out);
	conf_print_man(out, "9.9.9");
	assert_int_equal(fclose(out), 0);
	return text;
}

/* tiengdand --keys as a string (caller frees). */
static char *capture_keys(void)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);

	assert_non_null(out);
	conf_print_keys(out);
	assert_int_equal(fclose(out), 0);
	return text;
}

/* ---------------------------------------------------------------- man page */

/* Every key of `tiengdand --keys` is an entry of the page (".B name"), and
 * the page says its default where the listing has one. */
static void test_man_has_every_key(void **state)
{
	char *man = capture_man(), *keys = capture_keys(), *save = NULL;
	int n = 0;

	assert_non_null(strstr(man, ".TH TIENGDAN.CONF 5 \"\" \"tiengdan 9.9.9\""));
	for (char *line = strtok_r(keys, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char name[96], entry[128];
		if (sscanf(line, "%95s", name) != 1 || strcmp(name, "KEY") == 0)
			continue;
		snprintf(entry, sizeof(entry), "\n.B %s\n", name);
		if (!strstr(man, entry))
			fail_msg("tiengdan.conf(5) has no entry for %s", name);
		n++;
	}
	assert_true(n >= 60);
	/* A default, an integer range, an enum's values, a required key. */
	assert_non_null(strstr(man, "default: \"/var/lib/tiengdan/tiengdan.db\""));
	assert_non_null(strstr(man, "an integer from 0 to 20; default: 3."));
	assert_non_null(strstr(man, "one of \"error\", \"warn\", \"info\", \"debug\""));
	assert_non_null(strstr(man, "\n.B modems[].gammu.device\n"));
	assert_non_null(strstr(man, "; required"));
	/* List defaults can break between their items. */
	assert_non_null(strstr(man, "+8432, +8433"));
	free(man);
	free(keys);
}

/* Every description of the table is on the page, in the order of its
 * scope's section. */
static void test_man_sections(void **state)
{
	char *man = capture_man();
	const char *top = strstr(man, ".SH TOP-LEVEL KEYS"), *modems = strstr(man, ".SH MODEMS");
	const char *gammu = strstr(man, ".SH A MODEM'S GAMMU GROUP"), *see = strstr(man, ".SH SEE");

	assert_non_null(top);
	assert_non_null(modems);
	assert_non_null(gammu);
	assert_non_null(see);
	assert_true(top < modems && modems < gammu && gammu < see);
	/* database is a top-level key, scan_interval a modem's. */
	assert_true(strstr(man, "\n.B database\n") > top &&
		    strstr(man, "\n.B database\n") < modems);
	assert_true(strstr(man, "\n.B modems[].scan_interval\n") > modems);
	free(man);
}

/* ---------------------------------------------------------------- roff */

static void test_roff_escapes(void **state)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);

	assert_non_null(out);
	roff_line(out, ".not a macro\n'nor this\\n a-b", 0);
	roff_line(out, "--has-modems", 1);
	assert_int_equal(fclose(out), 0);
	assert_string_equal(text, "\\&.not a macro\n\\&'nor this\\en a-b\n\\-\\-has\\-modems\n");
	free(text);
}

/* ---------------------------------------------------------------- udev */

struct udev_fx {
	char dir[64]; /* temp folder: the configuration and a fake /dev, /sys */
	char conf[128];
	char err[4096];
};

static void put_file(const char *dir, const char *name, const char *text)
{
	char path[PATH_MAX];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

static void make_dirs(const char *root, const char *rel)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	for (char *p = path + strlen(root) + 1; (p = strchr(p, '/')); p++) {
		*p = '\0';
		mkdir(path, 0755);
		*p = '/';
	}
	mkdir(path, 0755);
}

/* A root with what udev and the kernel show for one plugged USB modem:
 * /dev/serial/by-id/usb-HUAWEI_Mobile-if00-port0 -> ../../ttyUSB3, and
 * /sys/class/tty/ttyUSB3/device inside the USB device 12d1:1506, serial
 * ABC123. */
static void make_tree(const char *root)
{
	char path[PATH_MAX], target[PATH_MAX];

	make_dirs(root, "dev/serial/by-id");
	put_file(root, "dev/ttyUSB3", "");
	snprintf(path, sizeof(path), "%s/dev/serial/by-id/usb-HUAWEI_Mobile-if00-port0", root);
	assert_int_equal(symlink("../../ttyUSB3", path), 0);
	make_dirs(root, "sys/devices/pci0000:00/usb1/1-1/1-1:1.0/ttyUSB3/tty/ttyUSB3");
	make_dirs(root, "sys/class/tty/ttyUSB3");
	put_file(root, "sys/devices/pci0000:00/usb1/1-1/idVendor", "12d1\n");
	put_file(root, "sys/devices/pci0000:00/usb1/1-1/idProduct", "1506\n");
	put_file(root, "sys/devices/pci0000:00/usb1/1-1/serial", "ABC123\n");
	/* The root hub above it has ids too: the walk must stop at the first. */
	put_file(root, "sys/devices/pci0000:00/usb1/idVendor", "1d6b\n");
	put_file(root, "sys/devices/pci0000:00/usb1/idProduct", "0002\n");
	snprintf(path, sizeof(path), "%s/sys/class/tty/ttyUSB3/device", root);
	snprintf(target, sizeof(target), "%s/sys/devices/pci0000:00/usb1/1-1/1-1:1.0/ttyUSB3",
		 root);
	assert_int_equal(symlink(target, path), 0);
}

static int udev_setup(void **state)
{
	struct udev_fx *f = calloc(1, sizeof(*f));
	char real[PATH_MAX];

	assert_non_null(f);
	snprintf(f->dir, sizeof(f->dir), "/tmp/test_conf_man.XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	assert_non_null(realpath(f->dir, real));
	assert_true(strlen(real) < sizeof(f->dir));
	memcpy(f->dir, real, strlen(real) + 1);
	snprintf(f->conf, sizeof(f->conf), "%s/t.conf", f->dir);
	*state = f;
	return 0;
}

static int udev_teardown(void **state)
{
	struct udev_fx *f = *state;
	char cmd[256];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
	assert_int_equal(system(cmd), 0);
	free(f);
	return 0;
}

/* Loads TEXT as a configuration and returns the rules written for it with
 * ROOT, and in *n what conf_print_udev_rules returned. */
static char *rules_for(struct udev_fx *f, const char *text, const char *root, int *n)
{
	struct conf *c;
	char *rules = NULL;
	size_t len = 0;
	FILE *out;

	put_file(f->dir, "t.conf", text);
	c = conf_load(f->conf, f->err, sizeof(f->err));
	if (!c)
		fail_msg("%s", f->err);
	out = open_memstream(&rules, &len);
	assert_non_null(out);
	*n = conf_print_udev_rules(c, out, root);
	assert_int_equal(fclose(out), 0);
	conf_free(c);
	return rules;
}

#define MODEMS_3                                                                                   \
	"modems = (\n"                                                                             \
	" { id = \"usb1\"; gammu = { device = "                                                    \
	"\"/dev/serial/by-id/usb-HUAWEI_Mobile-if00-port0\"; }; },\n"                              \
	" { id = \"usb2\"; gammu = { device = \"/dev/ttyUSB5\"; connection = \"at115200\"; }; "    \
	"},\n"                                                                                     \
	" { id = \"emu\"; gammu = { device = \"sim\"; model = \"dummy\"; connection = \"none\"; "  \
	"}; }\n"                                                                                   \
	");\n"

/* Modems not plugged in: matched by their names only. */
static void test_udev_by_name(void **state)
{
	struct udev_fx *f = *state;
	int n;
	char *rules = rules_for(f, MODEMS_3, f->dir, &n);

	assert_int_equal(n, 2);
	assert_non_null(strstr(rules, "SUBSYSTEM==\"tty\", "
				      "SYMLINK==\"serial/by-id/usb-HUAWEI_Mobile-if00-port0\", "
				      "ENV{ID_MM_DEVICE_IGNORE}=\"1\"\n"));
	assert_non_null(strstr(
	    rules, "SUBSYSTEM==\"tty\", KERNEL==\"ttyUSB5\", ENV{ID_MM_DEVICE_IGNORE}=\"1\"\n"));
	assert_non_null(strstr(rules, "# emu: not a serial port"));
	assert_null(strstr(rules, "ID_VENDOR_ID"));
	/* Every line is a comment or a rule setting the flag. */
	for (char *line = rules, *end; *line; line = end + 1) {
		end = strchr(line, '\n');
		assert_non_null(end);
		if (line[0] != '#')
			assert_true(strstr(line, "ENV{ID_MM_DEVICE_IGNORE}=\"1\"") &&
				    strstr(line, "ENV{ID_MM_DEVICE_IGNORE}=\"1\"") < end);
	}
	free(rules);
}

/* A plugged modem: also its USB device's vendor, model and serial, so its
 * other ports (if01, if02) are left alone too. */
static void test_udev_usb_ids(void **state)
{
	struct udev_fx *f = *state;
	int n;
	char *rules;

	make_tree(f->dir);
	rules = rules_for(f, MODEMS_3, f->dir, &n);
	assert_int_equal(n, 2);
	assert_non_null(strstr(rules,
			       "SUBSYSTEM==\"tty\", ENV{ID_VENDOR_ID}==\"12d1\", "
			       "ENV{ID_MODEL_ID}==\"1506\", ENV{ID_SERIAL_SHORT}==\"ABC123\", "
			       "ENV{ID_MM_DEVICE_IGNORE}=\"1\"\n"));
	assert_null(strstr(rules, "1d6b"));
	/* ttyUSB5 is not in the tree: by name only; one USB rule in all. */
	assert_int_equal(count(rules, "ENV{ID_VENDOR_ID}"), 1);
	assert_non_null(strstr(rules, "# usb2: /dev/ttyUSB5\n"));
	assert_non_null(strstr(strstr(rules, "# usb2:"), "# (not plugged in now"));
	free(rules);
}

/* No modem: a valid file for the rules folder that matches nothing. */
static void test_udev_no_modem(void **state)
{
	struct udev_fx *f = *state;
	int n;
	char *rules = rules_for(f, "modems = ();\n", f->dir, &n);

	assert_int_equal(n, 0);
	assert_non_null(strstr(rules, "# no modems configured\n"));
	for (char *line = rules; *line; line = strchr(line, '\n') + 1)
		assert_int_equal(line[0], '#');
	free(rules);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_man_has_every_key),
	    cmocka_unit_test(test_man_sections),
	    cmocka_unit_test(test_roff_escapes),
	    cmocka_unit_test_setup_teardown(test_udev_by_name, udev_setup, udev_teardown),
	    cmocka_unit_test_setup_teardown(test_udev_usb_ids, udev_setup, udev_teardown),
	    cmocka_unit_test_setup_teardown(test_udev_no_modem, udev_setup, udev_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Modem discovery without ports: the USB device a by-id name belongs to,
 * and the modems block written from a report (one entry per device, its
 * stable path, quoting, the comments), read back by the configuration
 * reader.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf/conf.h"
#include "modem/probe.h"

static void expect_usb(const char *name, const char *usb)
{
	char *got = probe_usb_of(name);

	assert_string_equal(got, usb);
	free(got);
}

static void test_usb_of(void **state)
{
	expect_usb("usb-SIMCOM_SIM7600E-H_0123-if02-port0", "usb-SIMCOM_SIM7600E-H_0123");
	expect_usb("usb-SIMCOM_SIM7600E-H_0123-if00-port0", "usb-SIMCOM_SIM7600E-H_0123");
	expect_usb("usb-HUAWEI_Technology_HUAWEI_Mobile-if00-port0",
		   "usb-HUAWEI_Technology_HUAWEI_Mobile");
	expect_usb("usb-Telit_LE910-if10-port3", "usb-Telit_LE910");
	expect_usb("usb-Quectel_EC25-if03", "usb-Quectel_EC25"); /* ttyACM: no port */
	expect_usb("usb-FTDI_FT232R_A50285BI-port0", "usb-FTDI_FT232R_A50285BI-port0"); /* no -if */
	expect_usb("usb-ZTE-if-port0", "usb-ZTE-if-port0");
	expect_usb("usb-ZTE-ifx00", "usb-ZTE-ifx00");
	expect_usb("", "");
}

static struct probe_port port(const char *path, const char *by_id, const char *id,
			      const char *operator, const char * imei, const char *sim)
{
	struct probe_port p;

	memset(&p, 0, sizeof(p));
	p.path = (char *)path;
	p.by_id = (char *)by_id;
	p.proposed_id = (char *)id;
	p.result = id ? PROBE_OK : PROBE_NO_ANSWER;
	snprintf(p.info.operator, sizeof(p.info.operator), "%s", operator);
	snprintf(p.info.imei, sizeof(p.info.imei), "%s", imei);
	snprintf(p.info.sim, sizeof(p.info.sim), "%s", sim);
	return p;
}

static void test_block(void **state)
{
	struct probe_port ports[] = {
	    port("/dev/ttyUSB0", "/dev/serial/by-id/usb-A_1-if00-port0", NULL, "", "", ""),
	    port("/dev/ttyUSB2", "/dev/serial/by-id/usb-A_1-if02-port0", "usb1",
		 "Viettel Mobile (452 04)", "356938035643809", "ready"),
	    port("/dev/ttyUSB5", "/dev/serial/by-id/usb-B \"x\"-if00-port0", "usb2", "", "", "pin"),
	    port("/dev/ttyACM0", NULL, "usb3", "452 02", "490154203237518", "ready"),
	};
	struct probe_report r = {ports, sizeof(ports) / sizeof(ports[0])};
	char path[] = "/tmp/tiengdan-probe-XXXXXX", err[1024];
	char *block = probe_config_block(&r);
	struct conf *c;
	FILE *out;
	int fd;

	assert_non_null(block);
	assert_null(strstr(block, "usb-A_1-if00"));
	assert_non_null(strstr(block,
			       "  { id = \"usb1\"; gammu = { device = "
			       "\"/dev/serial/by-id/usb-A_1-if02-port0\"; connection = \"at\"; "
			       "}; }, # Viettel Mobile (452 04), IMEI 356938035643809\n"));
	assert_non_null(strstr(block, "device = \"/dev/serial/by-id/usb-B \\\"x\\\"-if00-port0\""));
	assert_non_null(strstr(block, "the SIM asks for its PIN"));
	assert_non_null(strstr(block, "device = \"/dev/ttyACM0\"; connection = \"at\"; }; } # 452 "
				      "02, IMEI 490154203237518; no /dev/serial/by-id name"));
	assert_non_null(strstr(block, "\n);\n"));

	/* The configuration reader takes it as it is. */
	fd = mkstemp(path);
	assert_true(fd >= 0);
	out = fdopen(fd, "w");
	fprintf(out, "database = \"/tmp/x.db\";\nsocket = \"/tmp/x.sock\";\n%s", block);
	fclose(out);
	c = conf_load(path, err, sizeof(err));
	unlink(path);
	if (!c)
		fail_msg("%s\n%s", err, block);
	assert_int_equal(c->n_modems, 3);
	assert_string_equal(c->modems[0].id, "usb1");
	assert_string_equal(conf_modem_gammu(&c->modems[1], "device"),
			    "/dev/serial/by-id/usb-B \"x\"-if00-port0");
	assert_string_equal(conf_modem_gammu(&c->modems[2], "device"), "/dev/ttyACM0");
	conf_free(c);
	free(block);

	/* Nothing answered: no block. */
	r.n = 1;
	assert_null(probe_config_block(&r));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_usb_of),
	    cmocka_unit_test(test_block),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

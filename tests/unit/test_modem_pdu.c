/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Reading without libgammu what the worker needs from a PDU (its sender)
 * and from libgammu's debug text (the PDU of a location that failed, or
 * that a dead worker was decoding). The capture lines are libgammu
 * 1.42's, as its AT driver writes them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "modem/modem_pdu.h"

#define PDU_1 "0791361907001003B17A0C913619397750320000AD11CD701E340FB3C3F23CC81D0689C3BF"
#define PDU_2 "0791246030500200110481643000007030427132500047D6B0"

static const char listing[] = "SMS listing received\n"
			      "Parsing +CMGL: 1,1,,29 with +CMGL: @i, @0\n"
			      "ATGEN folder 1 & location 1 -> SMS folder 0 & location 1\n"
			      "Parsing +CMGL: 2,1,,78 with +CMGL: @i, @0\n"
			      "ATGEN folder 1 & location 7 -> SMS folder 0 & location 7\n"
			      "Read 2 SMS locations\n"
			      "Cache status: Found: 0, count: 2\n"
			      "Getting message from cache\n" PDU_1 "\n" MODEM_CAPTURE_DONE " 1\n"
			      "Cache status: Found: 1, count: 2\n"
			      "Getting message from cache\n" PDU_2 "\n";

static void test_capture_failed_and_crashed(void **state)
{
	char pdu[256];
	int found;
	bool done;

	/* The location that failed to decode: its PDU. */
	assert_int_equal(modem_capture_find(listing, 7, &found, pdu, sizeof(pdu), &done), 1);
	assert_int_equal(found, 7);
	assert_string_equal(pdu, PDU_2);
	assert_int_equal(modem_capture_find(listing, 1, &found, pdu, sizeof(pdu), &done), 1);
	assert_string_equal(pdu, PDU_1);
	assert_int_equal(modem_capture_find(listing, 3, &found, pdu, sizeof(pdu), &done), 0);
	/* The last read has no done line: the worker died in it. */
	assert_int_equal(modem_capture_find(listing, -1, &found, pdu, sizeof(pdu), &done), 1);
	assert_int_equal(found, 7);
	assert_false(done);
}

static void test_capture_completed_and_cmgr(void **state)
{
	char text[2048], pdu[256];
	int found;
	bool done;

	/* Every read completed: nothing died. */
	snprintf(text, sizeof(text), "%s" MODEM_CAPTURE_DONE " 7\n", listing);
	assert_int_equal(modem_capture_find(text, -1, &found, pdu, sizeof(pdu), &done), 1);
	assert_true(done);
	/* A PDU too long for libgammu's cache is read with AT+CMGR. */
	snprintf(text, sizeof(text),
		 "Cache status: Found: 0, count: 1\n"
		 "Reading next message on location 100\n"
		 "1 \"AT+CMGR=100\"\n"
		 "2 \"+CMGR: 1,,265\"\n"
		 "3 \"%s\"\n"
		 "4 \"OK\"\n",
		 PDU_1);
	assert_int_equal(modem_capture_find(text, -1, &found, pdu, sizeof(pdu), &done), 1);
	assert_int_equal(found, 100);
	assert_string_equal(pdu, PDU_1);
	assert_false(done);
	assert_int_equal(modem_capture_find("", -1, &found, pdu, sizeof(pdu), &done), 0);
}

static void test_sender(void **state)
{
	char out[64];

	assert_int_equal(modem_pdu_sender(PDU_1, out, sizeof(out)), 0);
	assert_string_equal(out, "+639193770523");
	/* A status report: TP-MR comes before the recipient. */
	assert_int_equal(modem_pdu_sender("0006010B914819000001F0112030123456001120301234560000",
					  out, sizeof(out)),
			 0);
	assert_string_equal(out, "+84910000100");
	/* Alphanumeric: "Viettel" in GSM 7-bit. */
	assert_int_equal(modem_pdu_sender("00040DD0D674994E2FB3010000", out, sizeof(out)), 0);
	assert_string_equal(out, "Viettel");
	assert_int_equal(modem_pdu_sender("00", out, sizeof(out)), -1);
	assert_int_equal(modem_pdu_sender("0004", out, sizeof(out)), -1);
	assert_int_equal(modem_pdu_sender("0BD04259303784=96p3", out, sizeof(out)), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_capture_failed_and_crashed),
	    cmocka_unit_test(test_capture_completed_and_cmgr),
	    cmocka_unit_test(test_sender),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Decoding what libgammu read into the modem seam's parts: numbers, times in
 * UTC, the coding, text as UTF-8 (binary as hex), concatenation and status
 * reports; and a raw PDU decoded by libgammu's own PDU codec.
 */
#include "modem/modem_gammu_internal.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "modem/modem_pdu.h"
#include "util/log.h"
#include "util/xalloc.h"

#ifdef TIENGDAN_TEST_HOOKS
/* A text containing this marker makes the decoder crash (tests only). */
#define TEST_HOOK_CRASH_MARKER "@@TIENGDAN-CRASH@@"
#endif

static void datetime_utc(const GSM_DateTime *dt, char *out, size_t len)
{
	struct tm tm;
	time_t t;

	if (dt->Year == 0) {
		out[0] = '\0';
		return;
	}
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = dt->Year - 1900;
	tm.tm_mon = dt->Month - 1;
	tm.tm_mday = dt->Day;
	tm.tm_hour = dt->Hour;
	tm.tm_min = dt->Minute;
	tm.tm_sec = dt->Second;
	t = timegm(&tm) - dt->Timezone;
	gmtime_r(&t, &tm);
	strftime(out, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static const char *coding_name(GSM_Coding_Type c)
{
	switch (c) {
	case SMS_Coding_Unicode_No_Compression:
		return "ucs2";
	case SMS_Coding_Default_No_Compression:
		return "gsm7";
	case SMS_Coding_8bit:
		return "8bit";
	default:
		return "other";
	}
}

/* UCS-2 (as libgammu keeps text) to a fresh UTF-8 string. */
char *gammu_utf8(const unsigned char *ucs2)
{
	size_t n = UnicodeLength(ucs2);
	char *out = xmalloc(n * 4 + 4);

	out[0] = '\0';
	EncodeUTF8(out, ucs2);
	return out;
}

void gammu_decode_one(const GSM_SMSMessage *sms, struct modem_part *p)
{
	memset(p, 0, sizeof(*p));
	p->location = sms->Location;
	p->msg_ref = -1;
	p->delivery_status = -1;
	p->concat_ref = -1;
	p->part_no = 1;
	p->part_count = 1;
	str_copy(p->number, sizeof(p->number), DecodeUnicodeString(sms->Number));
	str_copy(p->smsc, sizeof(p->smsc), DecodeUnicodeString(sms->SMSC.Number));
	str_copy(p->coding, sizeof(p->coding), coding_name(sms->Coding));
	datetime_utc(&sms->DateTime, p->smsc_time, sizeof(p->smsc_time));
	if (sms->PDU == SMS_Status_Report) {
		p->type = "status_report";
		p->msg_ref = sms->MessageReference;
		p->delivery_status = sms->DeliveryStatus;
		p->text = xasprintf("delivery report: reference %d, status %d",
				    sms->MessageReference, sms->DeliveryStatus);
		return;
	}
	if (sms->UDH.AllParts > 1 && sms->UDH.PartNumber >= 1) {
		p->concat_ref = sms->UDH.ID16bit >= 0 ? sms->UDH.ID16bit : sms->UDH.ID8bit;
		p->part_no = sms->UDH.PartNumber;
		p->part_count = sms->UDH.AllParts;
	}
	if (sms->Coding == SMS_Coding_8bit) {
		p->type = "binary";
		p->text = modem_pdu_hex(sms->Text, (size_t)(sms->Length > 0 ? sms->Length : 0));
	} else if (sms->PDU == SMS_Deliver) {
		p->type = "text";
		p->text = gammu_utf8(sms->Text);
	} else {
		p->type = "other";
		p->text = gammu_utf8(sms->Text);
	}
#ifdef TIENGDAN_TEST_HOOKS
	if (strstr(p->text, TEST_HOOK_CRASH_MARKER)) {
		log_warn("test hook: crashing the decoder at location %d", p->location);
		raise(SIGSEGV);
	}
#endif
}

int modem_gammu_decode_pdu(const unsigned char *pdu, size_t len, struct modem_part *out)
{
	GSM_SMSMessage sms;
	size_t pos = 0;

	memset(out, 0, sizeof(*out));
	memset(&sms, 0, sizeof(sms));
	if (!modem_pdu_shape_sane(pdu, len))
		return -1;
	GSM_SetDefaultSMSData(&sms);
	if (GSM_DecodePDUFrame(NULL, &sms, pdu, len, &pos, TRUE) != ERR_NONE)
		return -1;
	gammu_decode_one(&sms, out);
	return 0;
}

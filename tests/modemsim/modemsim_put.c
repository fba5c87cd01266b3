/* SPDX-License-Identifier: GPL-2.0-or-later */
/* modemsim-put: the villager's phone for modemsim. Encodes an SMS with
 * libgammu (multipart, GSM 7-bit or UCS-2) as SMS-DELIVER PDUs and stores
 * each part as a SIM file DIR/sms/<index> ("<stat> <PDU hex>"), written
 * under a temporary name and renamed so modemsim never reads half a file.
 * Usage: modemsim-put [--ucs2] [--reverse] DIR NUMBER TEXT
 *        modemsim-put [--ucs2] --stdin DIR     (lines "NUMBER<TAB>TEXT")
 */
#include <gammu.h>

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define SIM_SLOTS 256 /* as modemsim.c */
#define PUT_SMSC "+84900000000"

struct put {
	const char *dir;
	bool ucs2;
	bool reverse;
	int next; /* the lowest index that may be free */
	GSM_Debug_Info *di;
};

static int free_slot(struct put *p)
{
	char path[4096];
	struct stat st;

	for (; p->next < SIM_SLOTS; p->next++) {
		snprintf(path, sizeof(path), "%s/sms/%d", p->dir, p->next);
		if (stat(path, &st) < 0)
			return p->next++;
	}
	return -1;
}

static size_t put_bytes(char *out, size_t at, const unsigned char *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		at += (size_t)sprintf(out + at, "%02X", b[i]);
	return at;
}

/* Lays the fields of libgammu's frame out as a standard SMS-DELIVER PDU
 * (SMSC, first octet, sender, PID, DCS, time stamp, UDL, UD) in hex; out
 * holds at least 2 * 400 + 1 characters. */
static void pdu_hex(const GSM_SMSMessage *sms, const unsigned char *fr, char *out)
{
	const GSM_SMSMessageLayout *L = &PHONE_SMSDeliver;
	size_t at = 0, ud = fr[L->TPUDL];

	at = put_bytes(out, at, fr + L->SMSCNumber, (size_t)fr[L->SMSCNumber] + 1);
	at = put_bytes(out, at, fr + L->firstbyte, 1);
	at = put_bytes(out, at, fr + L->Number, 2 + ((size_t)fr[L->Number] + 1) / 2);
	at = put_bytes(out, at, fr + L->TPPID, 1);
	at = put_bytes(out, at, fr + L->TPDCS, 1);
	at = put_bytes(out, at, fr + L->DateTime, 7);
	at = put_bytes(out, at, fr + L->TPUDL, 1);
	if (sms->Coding == SMS_Coding_Default_No_Compression)
		ud = (ud * 7 + 7) / 8;
	put_bytes(out, at, fr + L->Text, ud);
}

static int write_part(struct put *p, GSM_SMSMessage *sms)
{
	unsigned char frame[1024];
	char tmp[4096], path[4096], hex[2048];
	int len = 0, slot;
	FILE *f;

	sms->PDU = SMS_Deliver;
	memset(frame, 0, sizeof(frame));
	if (GSM_EncodeSMSFrame(p->di, sms, frame, PHONE_SMSDeliver, &len, TRUE) != ERR_NONE)
		return -1;
	pdu_hex(sms, frame, hex);
	slot = free_slot(p);
	if (slot < 0) {
		fprintf(stderr, "modemsim-put: the SIM is full\n");
		return -1;
	}
	snprintf(tmp, sizeof(tmp), "%s/sms/.tmp%d", p->dir, (int)getpid());
	snprintf(path, sizeof(path), "%s/sms/%d", p->dir, slot);
	f = fopen(tmp, "w");
	if (!f)
		return -1;
	fprintf(f, "0 %s\n", hex);
	if (fclose(f) != 0 || rename(tmp, path) < 0)
		return -1;
	return 0;
}

static int put_one(struct put *p, const char *number, const char *text)
{
	size_t len = strlen(text);
	unsigned char *ucs2 = calloc(len + 1, 4);
	GSM_MultiPartSMSInfo info;
	GSM_MultiSMSMessage out;
	int rc = -1;

	if (!ucs2)
		return -1;
	DecodeUTF8(ucs2, text, len);
	GSM_ClearMultiPartSMSInfo(&info);
	info.Class = -1;
	info.EntriesNum = 1;
	info.UnicodeCoding = p->ucs2 ? TRUE : FALSE;
	info.Entries[0].ID = SMS_ConcatenatedTextLong;
	info.Entries[0].Buffer = ucs2;
	memset(&out, 0, sizeof(out));
	if (GSM_EncodeMultiPartSMS(p->di, &info, &out) != ERR_NONE)
		goto out;
	for (int k = 0; k < out.Number; k++) {
		int i = p->reverse ? out.Number - 1 - k : k;
		GSM_SMSMessage *sms = &out.SMS[i];

		EncodeUnicode(sms->Number, number, strlen(number));
		EncodeUnicode(sms->SMSC.Number, PUT_SMSC, strlen(PUT_SMSC));
		GSM_GetCurrentDateTime(&sms->DateTime);
		sms->DateTime.Timezone = 7 * 3600;
		if (write_part(p, sms) < 0)
			goto out;
	}
	rc = 0;
out:
	free(ucs2);
	return rc;
}

static int put_lines(struct put *p)
{
	char line[4096];

	while (fgets(line, sizeof(line), stdin)) {
		char *tab = strchr(line, '\t');

		line[strcspn(line, "\r\n")] = '\0';
		if (!tab)
			continue;
		*tab = '\0';
		if (put_one(p, line, tab + 1) < 0)
			return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {{"ucs2", no_argument, NULL, 'u'},
					     {"reverse", no_argument, NULL, 'r'},
					     {"stdin", no_argument, NULL, 's'},
					     {NULL, 0, NULL, 0}};
	struct put p = {.next = 1};
	bool lines = false;
	char path[4096];
	int opt;

	while ((opt = getopt_long(argc, argv, "urs", opts, NULL)) != -1) {
		if (opt == 'u')
			p.ucs2 = true;
		else if (opt == 'r')
			p.reverse = true;
		else if (opt == 's')
			lines = true;
		else
			return 2;
	}
	if (argc - optind != (lines ? 1 : 3)) {
		fprintf(stderr, "usage: modemsim-put [--ucs2] [--reverse] DIR NUMBER TEXT\n"
				"       modemsim-put [--ucs2] --stdin DIR\n");
		return 2;
	}
	p.dir = argv[optind];
	snprintf(path, sizeof(path), "%s/sms", p.dir);
	mkdir(p.dir, 0700);
	mkdir(path, 0700);
	GSM_InitLocales(NULL);
	p.di = GSM_GetGlobalDebug();
	if (lines)
		return put_lines(&p) < 0 ? 1 : 0;
	return put_one(&p, argv[optind + 1], argv[optind + 2]) < 0 ? 1 : 0;
}

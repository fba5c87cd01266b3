/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The modem seam implemented with libgammu: connecting, reading, sending,
 * status and USSD. The files modem_gammu*.c are the only ones of the daemon
 * that include gammu.h (decoding and the port probe have files of their
 * own). One state machine per process (see ARCHITECTURE.md).
 */
#include "modem/modem_gammu_internal.h"

#include <gammu.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <string.h>
#include <time.h>

#include "core/gsm7.h"
#include "modem/modem_pdu.h"
#include "util/log.h"
#include "util/xalloc.h"

static bool locales_done;

/* ---------------------------------------------------------------- config */

static INI_Entry *ini_entry(const char *key, const char *value, INI_Entry *next)
{
	INI_Entry *e = xcalloc(1, sizeof(*e));

	e->EntryName = (unsigned char *)xstrdup(key);
	e->EntryValue = (unsigned char *)xstrdup(value);
	e->Next = next;
	if (next)
		next->Prev = e;
	return e;
}

/* Builds the [gammu] section from the configured pairs, so libgammu's own
 * reader gives each key its gammurc meaning. */
static INI_Section *ini_from_conf(const struct conf_modem *mc)
{
	INI_Section *sec = xcalloc(1, sizeof(*sec));
	INI_Entry *head = NULL;

	sec->SectionName = (unsigned char *)xstrdup("gammu");
	for (size_t i = mc->n_gammu; i-- > 0;)
		head = ini_entry(mc->gammu[i].key, mc->gammu[i].value, head);
	sec->SubEntries = head;
	return sec;
}

static void ini_free(INI_Section *sec)
{
	if (!sec)
		return;
	for (INI_Entry *e = sec->SubEntries, *next; e; e = next) {
		next = e->Next;
		free(e->EntryName);
		free(e->EntryValue);
		free(e);
	}
	free(sec->SectionName);
	free(sec);
}

static bool link_error(GSM_Error e);

/* ---------------------------------------------------------------- callbacks */

static void on_send_status(GSM_StateMachine *sm, int status, int ref, void *data)
{
	struct modem *m = data;

	m->send_done = true;
	m->send_status = status;
	m->send_ref = ref;
}

static void on_incoming_sms(GSM_StateMachine *sm, GSM_SMSMessage *sms, void *data)
{
	struct modem *m = data;

	m->incoming = true;
}

static void on_incoming_ussd(GSM_StateMachine *sm, GSM_USSDMessage *ussd, void *data)
{
	struct modem *m = data;
	char *text = gammu_utf8(ussd->Text);

	str_copy(m->ussd_text, sizeof(m->ussd_text), text);
	free(text);
	m->ussd_status = ussd->Status;
	m->ussd_done = true;
}

/* ---------------------------------------------------------------- life */

/* tiengdan-atfilter beside the running program (tiengdand: the build
 * folder, or sbin where it is installed); NULL when it is not there. */
static const char *atfilter_path(void)
{
	static char path[4096];
	static bool looked;
	ssize_t n;
	char *slash;

	if (looked)
		return path[0] ? path : NULL;
	looked = true;
	n = readlink("/proc/self/exe", path, sizeof(path) - 32);
	if (n <= 0 || !(slash = memrchr(path, '/', (size_t)n))) {
		path[0] = '\0';
		return NULL;
	}
	strcpy(slash + 1, "tiengdan-atfilter");
	if (access(path, X_OK) != 0) {
		log_warn("%s not found: unsolicited lines the AT driver does not know may"
			 " wedge it",
			 path);
		path[0] = '\0';
		return NULL;
	}
	return path;
}

/* Puts tiengdan-atfilter between libgammu's AT driver and the modem (see
 * daemon/tiengdan-atfilter.c): a serial port becomes a proxyat connection
 * running the filter on it, a proxyat command runs behind the filter. */
static void filter_connection(GSM_Config *cfg)
{
	const char *filter, *speed;
	char *device = NULL;

	if (!cfg->Device || !cfg->Connection || !(filter = atfilter_path()))
		return;
	if (strcmp(cfg->Connection, "proxyat") == 0) {
		device = xasprintf("%s --exec %s", filter, cfg->Device);
	} else if (strncmp(cfg->Connection, "at", 2) == 0 &&
		   strspn(cfg->Connection + 2, "0123456789") == strlen(cfg->Connection + 2) &&
		   strncmp(cfg->Device, "/dev/", 5) == 0 &&
		   !strpbrk(cfg->Device, " \t'\"\\$`;&|")) {
		speed = cfg->Connection[2] ? cfg->Connection + 2 : "19200"; /* gammu's "at" */
		device = xasprintf("%s --serial %s --speed %s", filter, cfg->Device, speed);
	}
	if (!device)
		return;
	free(cfg->Device);
	cfg->Device = device;
	free(cfg->Connection);
	cfg->Connection = xstrdup("proxyat");
}

struct modem *gammu_open(const struct conf_modem *mc, bool filter, char *err, size_t errlen)
{
	struct modem *m = xcalloc(1, sizeof(*m));
	GSM_Config *cfg;
	GSM_Error e;

	if (!locales_done) {
		GSM_InitLocales(NULL);
		locales_done = true;
	}
	m->id = xstrdup(mc->id);
	m->pin = xstrdup_null(mc->pin);
	m->smsc = xstrdup_null(mc->smsc);
	m->ini = ini_from_conf(mc);
	m->sm = GSM_AllocStateMachine();
	if (!m->sm) {
		snprintf(err, errlen, "cannot allocate a libgammu state machine");
		goto fail;
	}
	cfg = GSM_GetConfig(m->sm, 0);
	e = GSM_ReadConfig(m->ini, cfg, 0);
	if (e != ERR_NONE) {
		snprintf(err, errlen, "gammu settings: %s", GSM_ErrorString(e));
		goto fail;
	}
	if (filter)
		filter_connection(cfg);
	GSM_SetConfigNum(m->sm, 1);
	{
		const char *model = conf_modem_gammu(mc, "model");
		const char *device = conf_modem_gammu(mc, "device");
		if (model && strcmp(model, "dummy") == 0 && device)
			m->dummy_inbox = xasprintf("%s/sms/1", device);
	}
	return m;
fail:
	modem_gammu_ops.close(m);
	return NULL;
}

/* A worker's modem: behind tiengdan-atfilter when it is an AT modem. */
static struct modem *gm_open(const struct conf_modem *mc, char *err, size_t errlen)
{
	return gammu_open(mc, true, err, errlen);
}

void gammu_close(struct modem *m)
{
	if (!m)
		return;
	if (m->sm) {
		if (m->connected)
			GSM_TerminateConnection(m->sm);
		GSM_FreeStateMachine(m->sm);
	}
	ini_free(m->ini);
	if (m->capture)
		fclose(m->capture);
	free(m->capture_path);
	free(m->dummy_inbox);
	free(m->locations);
	free(m->id);
	free(m->pin);
	free(m->smsc);
	free(m);
}

static int enter_pin(struct modem *m, char *err, size_t errlen)
{
	GSM_SecurityCodeType status;
	GSM_SecurityCode code;
	GSM_Error e = GSM_GetSecurityStatus(m->sm, &status);

	if (e == ERR_NOTSUPPORTED || e == ERR_NOTIMPLEMENTED ||
	    (e == ERR_NONE && status == SEC_None))
		return 0;
	if (e != ERR_NONE) {
		snprintf(err, errlen, "SIM status: %s", GSM_ErrorString(e));
		return -1;
	}
	if (status == SEC_Puk || status == SEC_Puk2) {
		snprintf(err, errlen,
			 "the SIM is locked and asks for its PUK: enter it in a phone"
			 " (tiengdan never guesses one)");
		return MODEM_PIN_REFUSED;
	}
	if (status != SEC_Pin) {
		snprintf(err, errlen, "the SIM asks for a code other than its PIN (type %d)",
			 (int)status);
		return -1;
	}
	if (!m->pin) {
		snprintf(err, errlen, "the SIM asks for a PIN and none is configured");
		return -1;
	}
	memset(&code, 0, sizeof(code));
	code.Type = SEC_Pin;
	snprintf(code.Code, sizeof(code.Code), "%s", m->pin);
	e = GSM_EnterSecurityCode(m->sm, &code);
	if (e == ERR_SECURITYERROR || e == ERR_PERMISSION) {
		snprintf(err, errlen,
			 "the SIM refused the configured PIN (%s): not tried again"
			 " until tiengdand restarts; a SIM locks after three wrong PINs",
			 GSM_ErrorString(e));
		return MODEM_PIN_REFUSED;
	}
	if (e != ERR_NONE) {
		snprintf(err, errlen, "PIN refused: %s", GSM_ErrorString(e));
		return -1;
	}
	log_info("SIM PIN entered");
	return 0;
}

static int gm_connect(struct modem *m, char *err, size_t errlen)
{
	GSM_Error e;
	int rc;

	e = GSM_InitConnection(m->sm, 1);
	if (e != ERR_NONE) {
		snprintf(err, errlen, "connect: %s", GSM_ErrorString(e));
		return -1;
	}
	m->connected = true;
	/* After connecting: the connection resets them. The dummy driver
	 * crashes in GSM_SendSMS without a send-status callback. */
	GSM_SetSendSMSStatusCallback(m->sm, on_send_status, m);
	GSM_SetIncomingSMSCallback(m->sm, on_incoming_sms, m);
	GSM_SetIncomingUSSDCallback(m->sm, on_incoming_ussd, m);
	if ((rc = enter_pin(m, err, errlen)) < 0) {
		GSM_TerminateConnection(m->sm);
		m->connected = false;
		return rc;
	}
	/* Not every driver can announce new SMS; the SIM scan covers those. */
	e = GSM_SetIncomingSMS(m->sm, TRUE);
	if (e != ERR_NONE && e != ERR_NOTSUPPORTED && e != ERR_NOTIMPLEMENTED)
		log_debug("incoming SMS notices unavailable: %s", GSM_ErrorString(e));
	return 0;
}

static void capture_end(struct modem *m, bool remove);

static void gm_disconnect(struct modem *m)
{
	capture_end(m, true);
	if (m->connected)
		GSM_TerminateConnection(m->sm);
	m->connected = false;
}

int gammu_identity(struct modem *m, char *manufacturer, char *model, char *imei)
{
	char buf[GSM_MAX_INFO_LENGTH + 1];

	manufacturer[0] = model[0] = imei[0] = '\0';
	memset(buf, 0, sizeof(buf));
	if (GSM_GetManufacturer(m->sm, buf) == ERR_NONE)
		str_copy(manufacturer, 64, buf);
	memset(buf, 0, sizeof(buf));
	if (GSM_GetModel(m->sm, buf) == ERR_NONE)
		str_copy(model, 64, buf);
	memset(buf, 0, sizeof(buf));
	if (GSM_GetIMEI(m->sm, buf) == ERR_NONE)
		str_copy(imei, 64, buf);
	return 0;
}

/* ---------------------------------------------------------------- reading */

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

/* Lists the locations (file names) in the dummy SIM inbox, ascending. */
static int list_dummy_inbox(struct modem *m, char *err, size_t errlen)
{
	DIR *d = opendir(m->dummy_inbox);
	struct dirent *de;
	size_t cap = 0;

	m->n_locations = m->next_location = 0;
	if (!d) {
		snprintf(err, errlen, "reading SMS: %s: %s", m->dummy_inbox, strerror(errno));
		return -1;
	}
	while ((de = readdir(d))) {
		char *end = NULL;
		long n = strtol(de->d_name, &end, 10);
		if (!de->d_name[0] || *end || n < 1 || n > DUMMY_SIM_SIZE)
			continue;
		if (m->n_locations == cap) {
			cap = cap ? cap * 2 : 256;
			m->locations = xrealloc(m->locations, cap * sizeof(*m->locations));
		}
		m->locations[m->n_locations++] = (int)n;
	}
	closedir(d);
	if (m->n_locations > 1)
		qsort(m->locations, m->n_locations, sizeof(*m->locations), cmp_int);
	return 0;
}

/* The locations (numbered files) in one folder of a dummy modem's SIM;
 * -1 when it cannot be read. */
static int count_dummy_folder(const char *inbox, int folder)
{
	size_t len = strlen(inbox);
	char *path = xasprintf("%.*s%d", (int)(len - 1), inbox, folder); /* ".../sms/N" */
	DIR *d = opendir(path);
	struct dirent *de;
	int n = 0;

	free(path);
	if (!d)
		return -1;
	while ((de = readdir(d))) {
		char *end = NULL;
		long loc = strtol(de->d_name, &end, 10);
		if (de->d_name[0] && !*end && loc >= 1 && loc <= DUMMY_SIM_SIZE)
			n++;
	}
	closedir(d);
	return n;
}

/* A dummy modem's SIM is a folder: its messages are read by location with
 * GSM_GetSMS, the locations listed from the folder. libgammu's GetNextSMS
 * on the dummy driver tries to open every possible location of every
 * folder (50,000 open() calls) to find that there is no next message; a
 * real modem lists its messages at once (AT+CMGL). Same libgammu decoding,
 * without the cost that only the emulation has. */
static int read_dummy_next(struct modem *m, bool start, int *location, char *err, size_t errlen)
{
	if (start && list_dummy_inbox(m, err, errlen) < 0)
		return -1;
	while (m->next_location < m->n_locations) {
		GSM_Error e;
		memset(&m->last, 0, sizeof(m->last));
		m->last.SMS[0].Folder = 1;
		m->last.SMS[0].Location = m->locations[m->next_location++];
		e = GSM_GetSMS(m->sm, &m->last);
		if (e == ERR_EMPTY)
			continue; /* gone since the listing */
		if (e != ERR_NONE) {
			/* A file the driver cannot parse: Location = folder x
			 * DUMMY_SIM_SIZE + N, as the driver numbers them. */
			*location = DUMMY_SIM_SIZE + m->locations[m->next_location - 1];
			snprintf(err, errlen, "%s", GSM_ErrorString(e));
			return MODEM_READ_UNDECODABLE;
		}
		*location = m->last.SMS[0].Location;
		return 1;
	}
	return 0;
}

/* ---------------------------------------------------------------- capture */

static void gm_capture_to(struct modem *m, const char *path)
{
	free(m->capture_path);
	m->capture_path = xstrdup_null(path);
}

/* Starts keeping libgammu's debug text (level "text": the AT listing and
 * each PDU taken from it, written and flushed line by line) in the capture
 * file, truncated; it survives the worker if a decode kills it. */
static void capture_begin(struct modem *m)
{
	GSM_Debug_Info *di = GSM_GetDebug(m->sm);
	int fd;

	if (m->capture)
		capture_end(m, false);
	if (!m->capture_path)
		return;
	fd = open(m->capture_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0 || !(m->capture = fdopen(fd, "w"))) {
		log_warn("cannot capture the SIM read in %s: %s", m->capture_path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return;
	}
	GSM_SetDebugGlobal(FALSE, di);
	GSM_SetDebugFileDescriptor(m->capture, FALSE, di);
	GSM_SetDebugLevel("text", di);
}

/* Stops the capture; a complete scan leaves no PDU on disk. */
static void capture_end(struct modem *m, bool remove)
{
	GSM_Debug_Info *di = GSM_GetDebug(m->sm);

	if (m->capture) {
		GSM_SetDebugLevel("nothing", di);
		GSM_SetDebugFileDescriptor(NULL, FALSE, di);
		fclose(m->capture);
		m->capture = NULL;
	}
	if (remove && m->capture_path)
		unlink(m->capture_path);
}

/* The capture file's text (caller frees), NULL when there is none. */
static char *capture_text(const struct modem *m)
{
	FILE *in;
	char *text;
	long size;

	if (!m->capture_path)
		return NULL;
	if (m->capture)
		fflush(m->capture);
	in = fopen(m->capture_path, "re");
	if (!in)
		return NULL;
	if (fseek(in, 0, SEEK_END) < 0 || (size = ftell(in)) < 0 || fseek(in, 0, SEEK_SET) < 0) {
		fclose(in);
		return NULL;
	}
	text = xmalloc((size_t)size + 1);
	text[fread(text, 1, (size_t)size, in)] = '\0';
	fclose(in);
	return text;
}

static int gm_raw_pdu(struct modem *m, int location, char *hex, size_t len)
{
	char *text = capture_text(m);
	int found;
	bool done;
	int rc = text && modem_capture_find(text, location, &found, hex, len, &done) ? 0 : -1;

	free(text);
	return rc;
}

static int gm_crashed_read(struct modem *m, int *location, char *hex, size_t len)
{
	char *text = m->capture ? NULL : capture_text(m);
	bool done = true;
	int rc = text && modem_capture_find(text, -1, location, hex, len, &done) && !done;

	free(text);
	return rc;
}

static int gm_read_next(struct modem *m, bool start, int *location, char *err, size_t errlen)
{
	GSM_Error e;
	int before;

	if (m->dummy_inbox)
		return read_dummy_next(m, start, location, err, errlen);
	if (start) {
		memset(&m->last, 0, sizeof(m->last));
		capture_begin(m);
	}
	/* GetNextSMS continues after the location in m->last.SMS[0]; when
	 * it fails to decode one, it leaves that location there, and the
	 * next call goes on after it. */
	before = m->last.SMS[0].Location;
	m->last.SMS[0].Folder = 0;
	e = GSM_GetNextSMS(m->sm, &m->last, start ? TRUE : FALSE);
	if (e == ERR_NONE) {
		*location = m->last.SMS[0].Location;
		if (m->capture) {
			fprintf(m->capture, MODEM_CAPTURE_DONE " %d\n", *location);
			fflush(m->capture);
		}
		return 1;
	}
	if (!link_error(e) && m->last.SMS[0].Location > 0 && m->last.SMS[0].Location != before) {
		*location = m->last.SMS[0].Location;
		snprintf(err, errlen, "%s",
			 e == ERR_EMPTY ? "an empty record" : GSM_ErrorString(e));
		return MODEM_READ_UNDECODABLE;
	}
	capture_end(m, true);
	if (e == ERR_EMPTY)
		return 0;
	snprintf(err, errlen, "reading SMS: %s", GSM_ErrorString(e));
	return -1;
}

static int gm_decode(struct modem *m, struct modem_part **parts)
{
	int n = m->last.Number;

	*parts = xcalloc((size_t)(n > 0 ? n : 1), sizeof(**parts));
	for (int i = 0; i < n; i++)
		gammu_decode_one(&m->last.SMS[i], &(*parts)[i]);
	return n;
}

static int gm_remove(struct modem *m, int location, char *err, size_t errlen)
{
	GSM_SMSMessage sms;
	GSM_Error e;

	memset(&sms, 0, sizeof(sms));
	sms.Location = location;
	sms.Folder = 0; /* the location already encodes the folder */
	e = GSM_DeleteSMS(m->sm, &sms);
	if (e != ERR_NONE && e != ERR_EMPTY) {
		snprintf(err, errlen, "deleting SMS %d: %s", location, GSM_ErrorString(e));
		return link_error(e) ? -2 : -1;
	}
	return 0;
}

/* Two functions of libgammu's AT driver that libGammu 1.42 exports without
 * declaring them in its public headers (libgammu/phone/at/atgen.h,
 * at-sms.h), and the id of its deletion request (gsmreply.h,
 * ID_DeleteSMSMessage). GSM_DeleteSMS reads an SMS before deleting it, so
 * it can delete neither one it cannot decode nor one whose decoding kills
 * the process: these two delete it as GSM_DeleteSMS does after reading. */
GSM_Error ATGEN_GetSMSLocation(GSM_StateMachine *s, GSM_SMSMessage *sms, unsigned char *folderid,
			       int *location, gboolean for_write);
GSM_Error ATGEN_WaitFor(GSM_StateMachine *s, const char *cmd, size_t len, int type, int timeout,
			int request);
#define GAMMU_ID_DELETE_SMS 49

static bool at_driver(struct modem *m)
{
	GSM_ConnectionType c = GSM_GetUsedConnection(m->sm);

	return !m->dummy_inbox && (c == GCT_AT || c == GCT_PROXYAT || c == GCT_BLUEAT);
}

static int gm_forget(struct modem *m, int location, char *err, size_t errlen)
{
	GSM_SMSMessage sms;
	unsigned char folder = 0;
	char req[32];
	int index = 0, len;
	GSM_Error e;

	if (!at_driver(m))
		return gm_remove(m, location, err, errlen);
	memset(&sms, 0, sizeof(sms));
	sms.Location = location;
	sms.Folder = 0;
	/* Selects the memory the location is in (AT+CPMS), as libgammu
	 * does before its own AT+CMGD. */
	e = ATGEN_GetSMSLocation(m->sm, &sms, &folder, &index, FALSE);
	if (e == ERR_NONE) {
		len = snprintf(req, sizeof(req), "AT+CMGD=%d\r", index);
		e = ATGEN_WaitFor(m->sm, req, (size_t)len, 0x00, 5, GAMMU_ID_DELETE_SMS);
	}
	if (e != ERR_NONE && e != ERR_EMPTY) {
		snprintf(err, errlen, "deleting SMS %d: %s", location, GSM_ErrorString(e));
		return -1;
	}
	return 0;
}

static int gm_poll(struct modem *m)
{
	bool seen;

	if (!m->connected)
		return -1;
	GSM_ReadDevice(m->sm, FALSE);
	if (!GSM_IsConnected(m->sm))
		return -1;
	seen = m->incoming;
	m->incoming = false;
	return seen ? 1 : 0;
}

/* ---------------------------------------------------------------- sending */

static bool link_error(GSM_Error e)
{
	return e == ERR_TIMEOUT || e == ERR_DEVICENOTEXIST || e == ERR_DEVICEOPENERROR ||
	       e == ERR_DEVICEREADERROR || e == ERR_DEVICEWRITEERROR || e == ERR_NOTCONNECTED;
}

/* Sends one part and waits for its status callback. Returns 0 sent, 1 not
 * sent (an error the modem reported), 2 unknown (no answer in time). */
static int send_part(struct modem *m, GSM_SMSMessage *sms, int timeout_s,
		     struct modem_send_result *r)
{
	struct timespec start, now;
	GSM_Error e;

	m->send_done = false;
	e = GSM_SendSMS(m->sm, sms);
	if (e != ERR_NONE) {
		snprintf(r->error, sizeof(r->error), "send: %s", GSM_ErrorString(e));
		r->link_lost = link_error(e);
		return 1;
	}
	clock_gettime(CLOCK_MONOTONIC, &start);
	while (!m->send_done) {
		GSM_ReadDevice(m->sm, TRUE);
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (now.tv_sec - start.tv_sec >= timeout_s || !GSM_IsConnected(m->sm)) {
			snprintf(r->error, sizeof(r->error), "no send result within %d s",
				 timeout_s);
			r->link_lost = true;
			return 2;
		}
	}
	if (m->send_status != 0) {
		snprintf(r->error, sizeof(r->error), "the network refused the message (status %d)",
			 m->send_status);
		return 1;
	}
	r->msg_ref = m->send_ref;
	return 0;
}

_Static_assert(GSM_MAX_MULTI_SMS == GSM7_MAX_PARTS, "GSM7_MAX_PARTS is libgammu's limit");

static void gm_send(struct modem *m, const char *number, const char *text, bool want_report,
		    int timeout_s, struct modem_send_result *r)
{
	size_t len = strlen(text);
	unsigned char *ucs2 = xcalloc(len + 1, 4);
	GSM_MultiPartSMSInfo info;
	GSM_MultiSMSMessage out;
	GSM_Error e;

	memset(r, 0, sizeof(*r));
	r->status = MODEM_SEND_FAILED;
	DecodeUTF8(ucs2, text, len);
	GSM_ClearMultiPartSMSInfo(&info);
	info.Class = -1;
	info.EntriesNum = 1;
	info.UnicodeCoding = gsm7_fits(text) ? FALSE : TRUE;
	info.Entries[0].ID = SMS_ConcatenatedTextLong;
	info.Entries[0].Buffer = ucs2;
	memset(&out, 0, sizeof(out));
	e = GSM_EncodeMultiPartSMS(GSM_GetDebug(m->sm), &info, &out);
	if (e != ERR_NONE) {
		snprintf(r->error, sizeof(r->error), "encode: %s", GSM_ErrorString(e));
		goto done;
	}
	r->parts = out.Number;
	for (int i = 0; i < out.Number; i++) {
		GSM_SMSMessage *sms = &out.SMS[i];
		int rc;

		EncodeUnicode(sms->Number, number, strlen(number));
		sms->PDU = want_report ? SMS_Status_Report : SMS_Submit;
		if (m->smsc) {
			sms->SMSC.Location = 0;
			EncodeUnicode(sms->SMSC.Number, m->smsc, strlen(m->smsc));
		} else {
			sms->SMSC.Location = 1;
		}
		rc = send_part(m, sms, timeout_s, r);
		if (rc != 0) {
			/* A part already accepted makes a retry a double send. */
			r->status = (rc == 2 || i > 0) ? MODEM_SEND_UNKNOWN : MODEM_SEND_FAILED;
			goto done;
		}
		r->parts_sent++;
	}
	r->status = MODEM_SEND_OK;
done:
	free(ucs2);
}

/* ---------------------------------------------------------------- status */

const char *gammu_network_state(GSM_NetworkInfo_State st)
{
	static const char *const names[] = {
	    [GSM_HomeNetwork] = "home",
	    [GSM_NoNetwork] = "none",
	    [GSM_RoamingNetwork] = "roaming",
	    [GSM_RegistrationDenied] = "denied",
	    [GSM_NetworkStatusUnknown] = "unknown",
	    [GSM_RequestingNetwork] = "searching",
	};

	return (size_t)st < sizeof(names) / sizeof(names[0]) && names[st] ? names[st] : "unknown";
}

static int gm_status(struct modem *m, struct modem_status *st, char *err, size_t errlen)
{
	GSM_SignalQuality sig;
	GSM_BatteryCharge bat;
	GSM_SMSMemoryStatus mem;
	GSM_NetworkInfo net;
	GSM_Error e;

	memset(st, 0, sizeof(*st));
	st->signal_percent = st->battery_percent = st->sim_used = st->sim_size = -1;
	memset(&sig, 0, sizeof(sig));
	e = GSM_GetSignalQuality(m->sm, &sig);
	if (link_error(e)) {
		snprintf(err, errlen, "signal quality: %s", GSM_ErrorString(e));
		return -1;
	}
	if (e == ERR_NONE)
		st->signal_percent = sig.SignalPercent;
	memset(&bat, 0, sizeof(bat));
	if (GSM_GetBatteryCharge(m->sm, &bat) == ERR_NONE)
		st->battery_percent = bat.BatteryPercent;
	memset(&mem, 0, sizeof(mem));
	if (m->dummy_inbox) {
		/* What the dummy driver's GetSMSStatus answers (folders 1 and 2
		 * of DUMMY_SIM_SIZE), counted from the listings: the driver
		 * itself tries to open all 50,000 possible locations, which
		 * took a third of a second in the middle of a flood. */
		int inbox = count_dummy_folder(m->dummy_inbox, 1);
		int outbox = count_dummy_folder(m->dummy_inbox, 2);
		if (inbox >= 0) {
			st->sim_used = inbox + (outbox > 0 ? outbox : 0);
			st->sim_size = DUMMY_SIM_SIZE;
		}
	} else if (GSM_GetSMSStatus(m->sm, &mem) == ERR_NONE) {
		st->sim_used = mem.SIMUsed;
		st->sim_size = mem.SIMSize;
	}
	memset(&net, 0, sizeof(net));
	e = GSM_GetNetworkInfo(m->sm, &net);
	if (link_error(e)) {
		snprintf(err, errlen, "network: %s", GSM_ErrorString(e));
		return -1;
	}
	if (e == ERR_NONE) {
		str_copy(st->network, sizeof(st->network), gammu_network_state(net.State));
		str_copy(st->operator, sizeof(st->operator), net.NetworkCode);
	}
	return 0;
}

/* ---------------------------------------------------------------- USSD */

static enum modem_ussd_status ussd_status_of(int st)
{
	switch (st) {
	case USSD_NoActionNeeded:
		return MODEM_USSD_DONE;
	case USSD_ActionNeeded:
		return MODEM_USSD_MENU;
	case USSD_Terminated:
		return MODEM_USSD_TERMINATED;
	default:
		return MODEM_USSD_FAILED;
	}
}

static enum modem_ussd_status gm_ussd(struct modem *m, const char *code, int timeout_s,
				      char *answer, size_t len, bool *link_lost)
{
	struct timespec start, now;
	char number[GSM_MAX_USSD_LENGTH + 1];
	GSM_Error e;

	*link_lost = false;
	answer[0] = '\0';
	m->ussd_done = false;
	e = GSM_SetIncomingUSSD(m->sm, TRUE);
	if (e == ERR_NONE) {
		str_copy(number, sizeof(number), code);
		e = GSM_DialService(m->sm, number);
	}
	if (e != ERR_NONE) {
		snprintf(answer, len, "%s", GSM_ErrorString(e));
		*link_lost = link_error(e);
		return MODEM_USSD_FAILED;
	}
	clock_gettime(CLOCK_MONOTONIC, &start);
	while (!m->ussd_done) {
		GSM_ReadDevice(m->sm, TRUE);
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (!GSM_IsConnected(m->sm)) {
			*link_lost = true;
			break;
		}
		if (now.tv_sec - start.tv_sec >= timeout_s)
			break;
	}
	if (!m->ussd_done) {
		snprintf(answer, len, "no answer within %d s", timeout_s);
		return MODEM_USSD_FAILED;
	}
	str_copy(answer, len, m->ussd_text);
	return ussd_status_of(m->ussd_status);
}

void modem_part_clear(struct modem_part *p)
{
	free(p->text);
	memset(p, 0, sizeof(*p));
}

const struct modem_ops modem_gammu_ops = {
    .name = "gammu",
    .open = gm_open,
    .connect = gm_connect,
    .disconnect = gm_disconnect,
    .close = gammu_close,
    .identity = gammu_identity,
    .read_next = gm_read_next,
    .capture_to = gm_capture_to,
    .raw_pdu = gm_raw_pdu,
    .crashed_read = gm_crashed_read,
    .decode = gm_decode,
    .remove = gm_remove,
    .forget = gm_forget,
    .send = gm_send,
    .poll = gm_poll,
    .status = gm_status,
    .ussd = gm_ussd,
};

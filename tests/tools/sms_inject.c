/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sms_inject.c - the emulated villager: writes SMS into a Gammu dummy-modem
 * folder (DIR/sms/1/N) exactly as a phone would deliver them, one message part
 * per file, encoded and written by libgammu itself (multipart encoder, UDH,
 * SMS-backup writer). Each file is written under a temporary name and renamed
 * into place, so a reader never sees half a file. */

#include <gammu.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MAX_SLOT 9999	    /* the dummy driver reads sms/<folder>/1..9999 */
#define MAX_TEXT_UNITS 7650 /* 50 parts of 153 GSM characters */
#define DEFAULT_SMSC "+84900000000"
#define EXIT_USAGE 2

enum order { ORDER_FORWARD, ORDER_REVERSE, ORDER_SHUFFLE };

/* Settings from the command line; immutable once parsed. */
struct options {
	const char *dir;
	const char *number;
	const char *text;
	const char *smsc;
	GSM_DateTime when;
	int ref; /* concatenation reference, -1 = random */
	enum order order;
	bool want_part[GSM_MAX_MULTI_SMS + 1];
	bool some_parts;
	bool unicode;
	const char *binary_hex;
	int status_ref; /* -1 = a normal message */
	long count;	/* 0 = one message without a suffix */
	bool from_stdin;
	bool print;
	int part_no; /* --part I/N: one part of a concatenated message, 0 = off */
	int part_count;
};

/* Runtime state: the inbox folder, which numbers are taken, the writer. */
struct inbox {
	char path[PATH_MAX];	 /* DIR/sms/1 */
	char tmp[PATH_MAX + 32]; /* our temporary file in it */
	bool used[MAX_SLOT + 1];
	int lowest; /* no free number below this one */
	GSM_SMS_Backup *backup;
	bool print;
};

static void usage(FILE *out)
{
	fputs("usage: tiengdan-sms-inject [options] DIR NUMBER TEXT\n"
	      "       tiengdan-sms-inject [options] --binary HEX DIR NUMBER\n"
	      "       tiengdan-sms-inject [options] --stdin DIR   (lines NUMBER<TAB>TEXT)\n"
	      "Writes an incoming SMS into the Gammu dummy-modem folder DIR/sms/1.\n"
	      "  --smsc NUM          SMSC number (default " DEFAULT_SMSC ")\n"
	      "  --time YYYYMMDDTHHMMSS  SMSC timestamp, UTC (default: now)\n"
	      "  --ref N             concatenation reference 0..255 (default: random)\n"
	      "  --part I/N          TEXT is part I of a message of N parts (up to 255,\n"
	      "                      beyond libgammu's 50), with the reference of --ref\n"
	      "  --order forward|reverse|shuffle   order in which parts are written\n"
	      "  --parts LIST        write only these parts, e.g. 2 or 1,3\n"
	      "  --unicode           force UCS-2 (default: GSM 7-bit when possible)\n"
	      "  --binary HEX        an 8-bit data SMS instead of TEXT\n"
	      "  --status-report REF a delivery report for message REF sent to NUMBER\n"
	      "                      (TEXT, optional: Delivered|Failed|Pending)\n"
	      "  --count N           write N copies, texts suffixed \" #i\"\n"
	      "  --stdin             read messages from standard input\n"
	      "  --print             print the file numbers written\n",
	      out);
}

/* ------------------------------------------------------------------------ */
/* Argument parsing                                                         */

static bool parse_long(const char *s, long min, long max, long *out)
{
	char *end = NULL;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < min || v > max)
		return false;
	*out = v;
	return true;
}

/* "2" or "1,3": marks the wanted part numbers (1-based). */
static bool parse_parts(const char *s, struct options *o)
{
	char *copy = strdup(s), *save = NULL, *tok;
	bool ok = copy != NULL;
	long n;

	for (tok = strtok_r(copy, ",", &save); ok && tok != NULL;
	     tok = strtok_r(NULL, ",", &save)) {
		ok = parse_long(tok, 1, GSM_MAX_MULTI_SMS, &n);
		if (ok)
			o->want_part[n] = true;
	}
	free(copy);
	o->some_parts = true;
	return ok;
}

/* The current time in UTC (Timezone 0): the backup writer then stores it with
 * a "Z"; a local time would be written without its offset and read back
 * hours off. */
static void now_utc(GSM_DateTime *dt)
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	memset(dt, 0, sizeof(*dt));
	dt->Year = tm.tm_year + 1900;
	dt->Month = tm.tm_mon + 1;
	dt->Day = tm.tm_mday;
	dt->Hour = tm.tm_hour;
	dt->Minute = tm.tm_min;
	dt->Second = tm.tm_sec;
}

/* YYYYMMDDTHHMMSS, in UTC. */
static bool parse_time(const char *s, GSM_DateTime *dt)
{
	char tail;

	memset(dt, 0, sizeof(*dt));
	if (strlen(s) != 15 || sscanf(s, "%4d%2d%2dT%2d%2d%2d%c", &dt->Year, &dt->Month, &dt->Day,
				      &dt->Hour, &dt->Minute, &dt->Second, &tail) != 6)
		return false;
	return dt->Month >= 1 && dt->Month <= 12 && dt->Day >= 1 && dt->Day <= 31 &&
	       dt->Hour <= 23 && dt->Minute <= 59 && dt->Second <= 59 && dt->Year >= 1970;
}

/* clang-format off */
static const struct option long_options[] = {
	{"smsc", required_argument, NULL, 's'},   {"time", required_argument, NULL, 't'},
	{"ref", required_argument, NULL, 'r'},    {"order", required_argument, NULL, 'o'},
	{"parts", required_argument, NULL, 'p'},  {"unicode", no_argument, NULL, 'u'},
	{"binary", required_argument, NULL, 'b'}, {"status-report", required_argument, NULL, 'S'},
	{"count", required_argument, NULL, 'c'},  {"stdin", no_argument, NULL, 'i'},
	{"print", no_argument, NULL, 'P'},        {"help", no_argument, NULL, 'h'},
	{"part", required_argument, NULL, 'q'},
	{NULL, 0, NULL, 0}};
/* clang-format on */

/* --order names, indexed by enum order. */
static const char *const order_names[] = {"forward", "reverse", "shuffle"};

/* One option; returns an error text, or NULL when it is fine. */
static const char *parse_option(int c, const char *arg, struct options *o)
{
	long n;

	switch (c) {
	case 's':
		o->smsc = arg;
		return NULL;
	case 't':
		return parse_time(arg, &o->when) ? NULL : "--time wants YYYYMMDDTHHMMSS";
	case 'r':
		o->ref = parse_long(arg, 0, 255, &n) ? (int)n : -2;
		return o->ref >= 0 ? NULL : "--ref wants a number 0..255";
	case 'o':
		for (n = 0; n < (long)(sizeof(order_names) / sizeof(order_names[0])); n++)
			if (strcmp(arg, order_names[n]) == 0) {
				o->order = (enum order)n;
				return NULL;
			}
		return "--order wants forward, reverse or shuffle";
	case 'p':
		return parse_parts(arg, o) ? NULL : "--parts wants a list like 2 or 1,3";
	case 'u':
		o->unicode = true;
		return NULL;
	case 'b':
		o->binary_hex = arg;
		return NULL;
	case 'S':
		o->status_ref = parse_long(arg, 0, 255, &n) ? (int)n : -2;
		return o->status_ref >= 0 ? NULL : "--status-report wants a reference 0..255";
	case 'c':
		return parse_long(arg, 1, MAX_SLOT, &o->count) ? NULL : "--count wants 1..9999";
	case 'i':
		o->from_stdin = true;
		return NULL;
	case 'P':
		o->print = true;
		return NULL;
	case 'q': {
		int i = 0, nn = 0, used = 0;
		if (sscanf(arg, "%d/%d%n", &i, &nn, &used) != 2 || arg[used] || i < 1 || nn < 2 ||
		    nn > 255 || i > nn)
			return "--part wants I/N with 1 <= I <= N <= 255";
		o->part_no = i;
		o->part_count = nn;
		return NULL;
	}
	default:
		return "unknown option";
	}
}

/* Fills *o from argv; returns 0, or -1 after printing what is wrong. */
static int parse_options(int argc, char **argv, struct options *o)
{
	const char *err = NULL;
	int c, want;

	memset(o, 0, sizeof(*o));
	o->smsc = DEFAULT_SMSC;
	o->ref = -1;
	o->status_ref = -1;
	now_utc(&o->when);
	while ((c = getopt_long(argc, argv, "h", long_options, NULL)) != -1) {
		if (c == 'h') {
			usage(stdout);
			exit(0);
		}
		if (c == '?' || (err = parse_option(c, optarg, o)) != NULL)
			goto bad;
	}
	want = o->from_stdin ? 1 : 3;
	if (o->binary_hex != NULL || (o->status_ref >= 0 && argc - optind == 2))
		want = o->from_stdin ? 1 : 2; /* no TEXT; a report's is optional */
	if (argc - optind != want) {
		err = o->from_stdin	      ? "--stdin takes only DIR"
		      : o->binary_hex != NULL ? "--binary wants DIR NUMBER"
					      : "wants DIR NUMBER TEXT";
		goto bad;
	}
	o->dir = argv[optind];
	o->number = o->from_stdin ? NULL : argv[optind + 1];
	o->text = want == 3 ? argv[optind + 2] : NULL;
	if (o->from_stdin && o->count > 0)
		err = "--stdin and --count exclude each other";
	else if (o->binary_hex != NULL && o->status_ref >= 0)
		err = "--binary and --status-report exclude each other";
	if (err != NULL)
		goto bad;
	return 0;
bad:
	if (err != NULL)
		fprintf(stderr, "sms-inject: %s\n", err);
	usage(stderr);
	return -1;
}

/* ------------------------------------------------------------------------ */
/* The inbox folder: free numbers and atomic placement                      */

static int mkdir_if_missing(const char *path)
{
	if (mkdir(path, 0755) == 0 || errno == EEXIST)
		return 0;
	fprintf(stderr, "sms-inject: cannot create %s: %s\n", path, strerror(errno));
	return -1;
}

/* Creates DIR, DIR/sms and DIR/sms/1 if missing and notes which numbers are
 * taken. Returns 0 or -1. */
static int inbox_open(struct inbox *in, const char *dir, bool print)
{
	char sms[PATH_MAX];
	struct dirent *de;
	DIR *d;
	long n;

	memset(in, 0, sizeof(*in));
	in->lowest = 1;
	in->print = print;
	if ((size_t)snprintf(sms, sizeof(sms), "%s/sms", dir) >= sizeof(sms) ||
	    (size_t)snprintf(in->path, sizeof(in->path), "%s/sms/1", dir) >= sizeof(in->path)) {
		fprintf(stderr, "sms-inject: path too long: %s\n", dir);
		return -1;
	}
	snprintf(in->tmp, sizeof(in->tmp), "%s/.inject-%ld.tmp", in->path, (long)getpid());
	if (mkdir_if_missing(dir) < 0 || mkdir_if_missing(sms) < 0 ||
	    mkdir_if_missing(in->path) < 0)
		return -1;
	d = opendir(in->path);
	if (d == NULL) {
		fprintf(stderr, "sms-inject: cannot read %s: %s\n", in->path, strerror(errno));
		return -1;
	}
	while ((de = readdir(d)) != NULL) /* the dummy opens "%d" names only */
		if (de->d_name[0] >= '1' && de->d_name[0] <= '9' &&
		    parse_long(de->d_name, 1, MAX_SLOT, &n))
			in->used[n] = true;
	closedir(d);
	in->backup = calloc(1, sizeof(*in->backup));
	if (in->backup == NULL) {
		fputs("sms-inject: out of memory\n", stderr);
		return -1;
	}
	return 0;
}

static void inbox_close(struct inbox *in)
{
	unlink(in->tmp);
	free(in->backup);
}

static int inbox_free_count(const struct inbox *in)
{
	int n, free_slots = 0;

	for (n = in->lowest; n <= MAX_SLOT; n++)
		free_slots += !in->used[n];
	return free_slots;
}

/* Moves the temporary file to DIR/sms/1/<n> without replacing a file that
 * another writer put there first. Returns 0, 1 when <n> exists, -1 on error. */
static int place_file(const char *tmp, const char *dest)
{
	if (renameat2(AT_FDCWD, tmp, AT_FDCWD, dest, RENAME_NOREPLACE) == 0)
		return 0;
	if (errno == EEXIST)
		return 1;
	if (errno != EINVAL && errno != ENOSYS)
		return -1;
	/* File systems without RENAME_NOREPLACE: link() also refuses to replace. */
	if (link(tmp, dest) < 0)
		return errno == EEXIST ? 1 : -1;
	unlink(tmp);
	return 0;
}

/* Writes one message part into the first free number. Returns the number,
 * or -1 (folder full or I/O error, already reported). */
static int inbox_write(struct inbox *in, GSM_SMSMessage *sms)
{
	char dest[PATH_MAX + 16];
	GSM_Error gerr;
	int n, rc;

	unlink(in->tmp); /* GSM_AddSMSBackupFile appends */
	in->backup->SMS[0] = sms;
	in->backup->SMS[1] = NULL;
	gerr = GSM_AddSMSBackupFile(in->tmp, in->backup);
	if (gerr != ERR_NONE) {
		fprintf(stderr, "sms-inject: cannot write %s: %s\n", in->tmp,
			GSM_ErrorString(gerr));
		return -1;
	}
	for (n = in->lowest; n <= MAX_SLOT; n++) {
		if (in->used[n])
			continue;
		snprintf(dest, sizeof(dest), "%s/%d", in->path, n);
		rc = place_file(in->tmp, dest);
		in->used[n] = true;
		in->lowest = n + 1;
		if (rc == 0) {
			if (in->print)
				printf("%d\n", n);
			return n;
		}
		if (rc < 0) {
			fprintf(stderr, "sms-inject: cannot rename to %s: %s\n", dest,
				strerror(errno));
			return -1;
		}
	}
	fprintf(stderr, "sms-inject: %s is full (%d messages)\n", in->path, MAX_SLOT);
	return -1;
}

/* ------------------------------------------------------------------------ */
/* Building messages with libgammu                                          */

/* The fields every incoming part shares: a DELIVER from NUMBER, unread, in
 * the SIM inbox. */
static void set_delivered(GSM_SMSMessage *sms, const struct options *o, const char *number)
{
	sms->PDU = SMS_Deliver;
	EncodeUnicode(sms->Number, number, strlen(number));
	sms->SMSC.Location = 0;
	EncodeUnicode(sms->SMSC.Number, o->smsc, strlen(o->smsc));
	sms->DateTime = o->when;
	sms->SMSCTime = sms->DateTime;
	sms->State = SMS_UnRead;
	sms->Folder = 1;
	sms->InboxFolder = TRUE;
	sms->Memory = MEM_SM;
	sms->Location = 0;
}

/* Sets the 8-bit concatenation reference of every part and re-encodes the
 * UDH (libgammu's own choice derives from the clock: equal within a second). */
static void set_reference(GSM_MultiSMSMessage *multi, int ref)
{
	int i;

	for (i = 0; i < multi->Number; i++) {
		GSM_UDHHeader *udh = &multi->SMS[i].UDH;

		if (udh->Type != UDH_ConcatenatedMessages)
			continue;
		udh->ID8bit = ref;
		GSM_EncodeUDHHeader(GSM_GetGlobalDebug(), udh);
	}
}

/* Encodes UTF-8 TEXT into parts: GSM 7-bit (with the extension table) when
 * every character fits, UCS-2 otherwise or when forced. Returns 0 or -1. */
static int encode_text(const struct options *o, const char *text, GSM_MultiSMSMessage *out)
{
	size_t len = strlen(text);
	unsigned char *ucs2 = malloc((len + 2) * 2);
	GSM_MultiPartSMSInfo info;
	GSM_Error gerr;
	int rc = -1;

	if (ucs2 == NULL)
		return -1;
	DecodeUTF8(ucs2, text, len);
	if (UnicodeLength(ucs2) > MAX_TEXT_UNITS) {
		fprintf(stderr, "sms-inject: text too long (%zu characters)\n",
			UnicodeLength(ucs2));
		goto out;
	}
	GSM_ClearMultiPartSMSInfo(&info);
	info.EntriesNum = 1;
	info.Class = -1;
	info.UnicodeCoding = o->unicode;
	/* The Auto variant is libgammu's own test (encode to the default
	 * alphabet and back); it then proceeds exactly as ConcatenatedTextLong. */
	info.Entries[0].ID = o->unicode ? SMS_ConcatenatedTextLong : SMS_ConcatenatedAutoTextLong;
	info.Entries[0].Buffer = ucs2;
	gerr = GSM_EncodeMultiPartSMS(GSM_GetGlobalDebug(), &info, out);
	info.Entries[0].Buffer = NULL;
	if (gerr != ERR_NONE || out->Number < 1) {
		fprintf(stderr, "sms-inject: cannot encode text: %s\n", GSM_ErrorString(gerr));
		goto out;
	}
	rc = 0;
out:
	free(ucs2);
	return rc;
}

/* A single 8-bit data SMS from HEX (at most 140 octets, no UDH). */
static int encode_binary(const char *hex, GSM_MultiSMSMessage *out)
{
	size_t hexlen = strlen(hex);
	GSM_SMSMessage *sms = &out->SMS[0];

	memset(out, 0, sizeof(*out));
	out->Number = 1;
	GSM_SetDefaultSMSData(sms);
	sms->Class = -1;
	sms->Coding = SMS_Coding_8bit;
	sms->Length = (int)(hexlen / 2);
	if (hexlen == 0 || hexlen % 2 != 0 || hexlen / 2 > GSM_MAX_8BIT_SMS_LENGTH ||
	    !DecodeHexBin(sms->Text, (const unsigned char *)hex, hexlen)) {
		fprintf(stderr, "sms-inject: --binary wants 1..%d bytes as hex digits\n",
			GSM_MAX_8BIT_SMS_LENGTH);
		return -1;
	}
	return 0;
}

/* A delivery report for message REF that was sent to NUMBER, as libgammu's
 * PDU decoder would present it: text "Delivered" (UCS-2), TP-Status 0. */
static void encode_status_report(const struct options *o, const char *text,
				 GSM_MultiSMSMessage *out)
{
	GSM_SMSMessage *sms = &out->SMS[0];
	const char *status = text != NULL ? text : "Delivered";

	memset(out, 0, sizeof(*out));
	out->Number = 1;
	GSM_SetDefaultSMSData(sms);
	sms->Class = -1;
	sms->MessageReference = (unsigned char)o->status_ref;
	sms->DeliveryStatus = 0; /* not kept by the SMS-backup format */
	sms->Coding = SMS_Coding_Unicode_No_Compression;
	EncodeUnicode(sms->Text, status, strlen(status));
	sms->Length = (int)UnicodeLength(sms->Text);
}

/* ------------------------------------------------------------------------ */
/* Writing                                                                  */

static unsigned random_below(unsigned n)
{
	unsigned r = 0;

	if (getrandom(&r, sizeof(r), 0) != sizeof(r))
		r = (unsigned)rand();
	return r % n;
}

/* Fills idx[] with the part indexes to write, in the order asked for.
 * Returns how many, or -1 when --parts names a part that does not exist. */
static int pick_parts(const struct options *o, int total, int *idx)
{
	int i, n = 0, j, t;

	for (i = 1; i <= GSM_MAX_MULTI_SMS; i++) {
		if (o->some_parts && o->want_part[i] && i > total) {
			fprintf(stderr, "sms-inject: --parts: the message has only %d part(s)\n",
				total);
			return -1;
		}
		if (i <= total && (!o->some_parts || o->want_part[i]))
			idx[n++] = i - 1;
	}
	for (i = 0; o->order == ORDER_REVERSE && i < n / 2; i++) {
		t = idx[i], idx[i] = idx[n - 1 - i], idx[n - 1 - i] = t;
	}
	for (i = n - 1; o->order == ORDER_SHUFFLE && i > 0; i--) {
		j = (int)random_below((unsigned)i + 1);
		t = idx[i], idx[i] = idx[j], idx[j] = t;
	}
	return n;
}

/* Builds one message (text, binary or report) from NUMBER and writes the
 * chosen parts. Returns 0 or -1. */
static int inject_one(struct inbox *in, const struct options *o, const char *number,
		      const char *text, int ref, GSM_MultiSMSMessage *multi)
{
	int idx[GSM_MAX_MULTI_SMS], n, i;

	if (o->status_ref >= 0)
		encode_status_report(o, text, multi);
	else if (o->binary_hex != NULL ? encode_binary(o->binary_hex, multi) < 0
				       : encode_text(o, text, multi) < 0)
		return -1;
	if (o->part_no > 0) {
		/* One part of a longer message, its UDH made here: libgammu's
		 * encoder stops at GSM_MAX_MULTI_SMS parts, phones do not. */
		GSM_UDHHeader *udh = &multi->SMS[0].UDH;
		if (multi->Number != 1 || multi->SMS[0].UDH.Type != UDH_NoUDH) {
			fprintf(stderr, "sms-inject: --part wants the text of one part\n");
			return -1;
		}
		udh->Type = UDH_ConcatenatedMessages;
		udh->ID8bit = ref;
		udh->PartNumber = o->part_no;
		udh->AllParts = o->part_count;
		GSM_EncodeUDHHeader(GSM_GetGlobalDebug(), udh);
	}
	set_reference(multi, ref);
	n = pick_parts(o, multi->Number, idx);
	if (n < 0)
		return -1;
	if (inbox_free_count(in) < n) {
		fprintf(stderr,
			"sms-inject: %s is full: no room for %d part(s) (at most %d files)\n",
			in->path, n, MAX_SLOT);
		return -1;
	}
	for (i = 0; i < n; i++) {
		GSM_SMSMessage *sms = &multi->SMS[idx[i]];

		set_delivered(sms, o, number);
		if (o->status_ref >= 0)
			sms->PDU = SMS_Status_Report;
		if (inbox_write(in, sms) < 0)
			return -1;
	}
	return 0;
}

/* --count N: N copies of TEXT suffixed " #i", with consecutive references. */
static int inject_count(struct inbox *in, const struct options *o, int ref,
			GSM_MultiSMSMessage *multi)
{
	size_t size = strlen(o->text) + 16;
	char *text = malloc(size);
	long i;
	int rc = 0;

	if (text == NULL)
		return -1;
	for (i = 1; i <= o->count && rc == 0; i++) {
		snprintf(text, size, "%s #%ld", o->text, i);
		rc = inject_one(in, o, o->number, text, (ref + (int)i - 1) % 256, multi);
	}
	free(text);
	return rc;
}

/* --stdin: one message per line, NUMBER<TAB>TEXT; empty lines are skipped. */
static int inject_stdin(struct inbox *in, const struct options *o, int ref,
			GSM_MultiSMSMessage *multi)
{
	char *line = NULL, *tab;
	size_t cap = 0;
	ssize_t len;
	long lineno = 0;
	int rc = 0;

	while (rc == 0 && (len = getline(&line, &cap, stdin)) >= 0) {
		lineno++;
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		if (len == 0)
			continue;
		tab = strchr(line, '\t');
		if (tab == NULL || tab == line) {
			fprintf(stderr, "sms-inject: stdin line %ld: want NUMBER<TAB>TEXT\n",
				lineno);
			rc = -1;
			break;
		}
		*tab = '\0';
		rc = inject_one(in, o, line, tab + 1, (ref + (int)lineno - 1) % 256, multi);
	}
	free(line);
	return rc;
}

int main(int argc, char **argv)
{
	struct options o;
	struct inbox *in = NULL;
	GSM_MultiSMSMessage *multi = NULL;
	int ref, rc = 1;

	if (parse_options(argc, argv, &o) < 0)
		return EXIT_USAGE;
	GSM_InitLocales(NULL);
	in = malloc(sizeof(*in));
	multi = malloc(sizeof(*multi));
	if (in == NULL || multi == NULL) {
		fputs("sms-inject: out of memory\n", stderr);
		goto out;
	}
	if (inbox_open(in, o.dir, o.print) < 0)
		goto out;
	ref = o.ref >= 0 ? o.ref : (int)random_below(256);
	if (o.from_stdin)
		rc = inject_stdin(in, &o, ref, multi) < 0;
	else if (o.count > 0)
		rc = inject_count(in, &o, ref, multi) < 0;
	else
		rc = inject_one(in, &o, o.number, o.text, ref, multi) < 0;
	inbox_close(in);
out:
	free(in);
	free(multi);
	if (fflush(stdout) != 0)
		rc = 1;
	return rc;
}

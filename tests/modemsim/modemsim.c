/* SPDX-License-Identifier: GPL-2.0-or-later */
/* modemsim: a GSM modem simulator speaking AT commands on stdin/stdout.
 * libgammu starts it with `connection = proxyat`; the SIM lives in a folder
 * (messages in DIR/sms/<index>, faults in DIR/faults, sent PDUs in DIR/sent).
 * With --pty LINK it speaks on a pseudo-terminal instead, like a serial
 * modem: LINK becomes a symbolic link to the terminal's device (/dev/pts/N).
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define SIM_SLOTS 256	/* highest index + 1 a message file may have */
#define SIM_CAPACITY 50 /* what AT+CPMS reports as total */
#define LINE_MAX_LEN 4096
#define PDU_MAX 1023 /* hex digits of a stored PDU */

/* Faults read from DIR/faults before each command. */
struct faults {
	int hang;
	int garbage;
	int cms_error;
	int sim_full;
	int sim_used; /* "sim-used N": report at least N messages stored */
	int exit_now;
	char pin[16];
	int send_delay_ms;
	char operator[16];     /* "operator 45202": what AT+COPS? reports */
	long balance;	       /* "balance N": the balance USSD answers tell */
	char balance_say[128]; /* "balance-say TEXT": the whole balance answer (UTF-8) */
	int rssi;	       /* "signal N": what AT+CSQ reports (0-31, 99 unknown) */
	char noise[8][64];     /* "noise LINE": unsolicited lines sent at random moments */
	int n_noise;
	int reboot;	/* "reboot": restart once (boot lines, state reset) */
	int cmgd_error; /* "cmgd-error": AT+CMGD is refused (+CMS ERROR: 321) */
};

/* The simulator's state, handed to every command handler. */
struct sim {
	const char *dir;
	int echo;
	int ucs2;      /* AT+CSCS="UCS2" selected */
	int cnmi;      /* AT+CNMI set: unsolicited +CMTI enabled */
	int unlocked;  /* the right PIN was entered */
	int pdu_len;   /* >0 while reading a PDU after AT+CMGS */
	int ussd_menu; /* a USSD menu waits for a reply */
	char known[SIM_SLOTS];
	struct faults f;
	char line[LINE_MAX_LEN];
	size_t line_len;
};

enum result { RES_OK, RES_ERROR, RES_DONE };

/* Where commands come from and answers go: standard input and output, or
 * a pseudo-terminal's master side (--pty). */
static int in_fd = STDIN_FILENO;
static int out_fd = STDOUT_FILENO;

/* ---- output ---- */

static void out_raw(const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = write(out_fd, buf, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			exit(0);
		buf += n;
		len -= (size_t)n;
	}
}

/* One response line framed as "\r\n<text>\r\n". */
__attribute__((format(printf, 1, 2))) static void reply(const char *fmt, ...)
{
	char buf[LINE_MAX_LEN];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf + 2, sizeof(buf) - 4, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	size_t len = strlen(buf + 2);
	buf[0] = '\r';
	buf[1] = '\n';
	memcpy(buf + 2 + len, "\r\n", 2);
	out_raw(buf, len + 4);
}

static void sim_path(const struct sim *s, char *buf, size_t size, const char *name)
{
	snprintf(buf, size, "%s/%s", s->dir, name);
}

__attribute__((format(printf, 3, 4))) static void append_file(const struct sim *s, const char *name,
							      const char *fmt, ...)
{
	char path[1024];
	sim_path(s, path, sizeof(path), name);
	FILE *f = fopen(path, "a");
	if (!f)
		return;
	va_list ap;
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	fclose(f);
}

/* ---- SIM storage ---- */

/* Reads DIR/sms/<index>: fills stat and pdu (a buffer of PDU_MAX + 1 bytes). */
static int sms_read(const struct sim *s, int index, int *stat, char *pdu)
{
	char path[1024];
	snprintf(path, sizeof(path), "%s/sms/%d", s->dir, index);
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	int ok = fscanf(f, "%d %1023s", stat, pdu) == 2;
	fclose(f);
	return ok ? 0 : -1;
}

/* TPDU length as +CMGL/+CMGR report it: the PDU without its SMSC part. */
static int tpdu_len(const char *pdu)
{
	unsigned smsc = 0;
	if (sscanf(pdu, "%2x", &smsc) != 1)
		return 0;
	return (int)(strlen(pdu) / 2) - (int)smsc - 1;
}

/* Fills present[i] for every DIR/sms/<i>; returns the number of messages. */
static int sms_scan(const struct sim *s, char *present)
{
	char path[1024];
	int count = 0;
	memset(present, 0, SIM_SLOTS);
	snprintf(path, sizeof(path), "%s/sms", s->dir);
	DIR *d = opendir(path);
	if (!d)
		return 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		char *end;
		long i = strtol(e->d_name, &end, 10);
		if (end == e->d_name || *end || i < 0 || i >= SIM_SLOTS)
			continue;
		present[i] = 1;
		count++;
	}
	closedir(d);
	return count;
}

/* Announces with +CMTI every message file that appeared since last time. */
static void sms_notify_new(struct sim *s)
{
	char present[SIM_SLOTS];
	sms_scan(s, present);
	for (int i = 0; i < SIM_SLOTS; i++) {
		if (present[i] && !s->known[i] && s->cnmi)
			reply("+CMTI: \"SM\",%d", i);
		s->known[i] = present[i];
	}
}

/* ---- faults ---- */

static void faults_load(struct sim *s)
{
	char path[1024], line[256];
	memset(&s->f, 0, sizeof(s->f));
	snprintf(s->f.operator, sizeof(s->f.operator), "45204");
	s->f.balance = 50000;
	s->f.rssi = 20;
	sim_path(s, path, sizeof(path), "faults");
	FILE *f = fopen(path, "r");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\r\n")] = '\0';
		if (!strcmp(line, "hang"))
			s->f.hang = 1;
		else if (!strcmp(line, "garbage"))
			s->f.garbage = 1;
		else if (!strcmp(line, "sim-full"))
			s->f.sim_full = 1;
		else if (!strcmp(line, "exit"))
			s->f.exit_now = 1;
		else if (!strncmp(line, "cms-error ", 10))
			s->f.cms_error = atoi(line + 10);
		else if (!strncmp(line, "send-delay ", 11))
			s->f.send_delay_ms = atoi(line + 11);
		else if (!strncmp(line, "operator ", 9))
			sscanf(line + 9, "%15s", s->f.operator);
		else if (!strncmp(line, "sim-used ", 9))
			s->f.sim_used = atoi(line + 9);
		else if (!strncmp(line, "signal ", 7))
			s->f.rssi = atoi(line + 7);
		else if (!strncmp(line, "balance ", 8))
			s->f.balance = atol(line + 8);
		else if (!strncmp(line, "balance-say ", 12))
			snprintf(s->f.balance_say, sizeof(s->f.balance_say), "%.127s", line + 12);
		else if (!strncmp(line, "pin ", 4))
			sscanf(line + 4, "%15s", s->f.pin);
		else if (!strncmp(line, "noise ", 6) && s->f.n_noise < 8)
			snprintf(s->f.noise[s->f.n_noise++], sizeof(s->f.noise[0]), "%.63s",
				 line + 6);
		else if (!strcmp(line, "reboot"))
			s->f.reboot = 1;
		else if (!strcmp(line, "cmgd-error"))
			s->f.cmgd_error = 1;
	}
	fclose(f);
}

static void answer_garbage(void)
{
	char buf[64];
	size_t n = 8 + (size_t)(rand() % 56);
	for (size_t i = 0; i < n; i++)
		buf[i] = (char)(rand() & 0xff);
	out_raw(buf, n);
}

/* ---- command handlers: arg is the text after the table's prefix ---- */

static enum result cmd_ok(struct sim *s, const char *arg)
{
	return RES_OK;
}

static enum result cmd_echo(struct sim *s, const char *arg)
{
	s->echo = arg[0] != '0';
	return RES_OK;
}

static enum result cmd_cscs_get(struct sim *s, const char *arg)
{
	reply("+CSCS: \"%s\"", s->ucs2 ? "UCS2" : "GSM");
	return RES_OK;
}

static enum result cmd_cscs_set(struct sim *s, const char *arg)
{
	s->ucs2 = strncasecmp(arg, "\"UCS2\"", 6) == 0;
	return RES_OK;
}

static enum result cmd_cpin_get(struct sim *s, const char *arg)
{
	reply("+CPIN: %s", s->f.pin[0] && !s->unlocked ? "SIM PIN" : "READY");
	return RES_OK;
}

static enum result cmd_cpin_set(struct sim *s, const char *arg)
{
	char pin[32];
	if (sscanf(arg, "\"%31[^\"]\"", pin) != 1)
		return RES_ERROR;
	if (s->f.pin[0] && strcmp(pin, s->f.pin) != 0) {
		reply("+CME ERROR: 16");
		return RES_DONE;
	}
	s->unlocked = 1;
	return RES_OK;
}

static enum result cmd_cpms_set(struct sim *s, const char *arg)
{
	char present[SIM_SLOTS];
	int used = sms_scan(s, present);
	int total = s->f.sim_full ? used : SIM_CAPACITY;
	if (used < s->f.sim_used)
		used = s->f.sim_used;
	reply("+CPMS: %d,%d,%d,%d,%d,%d", used, total, used, total, used, total);
	return RES_OK;
}

static enum result cmd_cpms_get(struct sim *s, const char *arg)
{
	char present[SIM_SLOTS];
	int used = sms_scan(s, present);
	int total = s->f.sim_full ? used : SIM_CAPACITY;
	if (used < s->f.sim_used)
		used = s->f.sim_used;
	reply("+CPMS: \"SM\",%d,%d,\"SM\",%d,%d,\"SM\",%d,%d", used, total, used, total, used,
	      total);
	return RES_OK;
}

static enum result cmd_cmgf(struct sim *s, const char *arg)
{
	return arg[0] == '0' ? RES_OK : RES_ERROR;
}

static enum result cmd_cmgl(struct sim *s, const char *arg)
{
	char present[SIM_SLOTS], pdu[PDU_MAX + 1];
	int want = atoi(arg), stat;
	sms_scan(s, present);
	for (int i = 0; i < SIM_SLOTS; i++) {
		if (!present[i] || sms_read(s, i, &stat, pdu) < 0)
			continue;
		if (want != 4 && want != stat)
			continue;
		reply("+CMGL: %d,%d,,%d", i, stat, tpdu_len(pdu));
		out_raw(pdu, strlen(pdu));
		out_raw("\r\n", 2);
	}
	return RES_OK;
}

static enum result cmd_cmgr(struct sim *s, const char *arg)
{
	char pdu[PDU_MAX + 1];
	int stat, index = atoi(arg);
	if (index < 0 || index >= SIM_SLOTS || sms_read(s, index, &stat, pdu) < 0) {
		reply("+CMS ERROR: 321");
		return RES_DONE;
	}
	reply("+CMGR: %d,,%d", stat, tpdu_len(pdu));
	out_raw(pdu, strlen(pdu));
	out_raw("\r\n", 2);
	return RES_OK;
}

static enum result cmd_cmgd(struct sim *s, const char *arg)
{
	char path[1024];
	int index = atoi(arg);
	if (s->f.cmgd_error) {
		reply("+CMS ERROR: 321");
		return RES_DONE;
	}
	snprintf(path, sizeof(path), "%s/sms/%d", s->dir, index);
	if (unlink(path) < 0 && errno != ENOENT)
		return RES_ERROR;
	if (index >= 0 && index < SIM_SLOTS)
		s->known[index] = 0;
	return RES_OK;
}

static enum result cmd_cnmi_set(struct sim *s, const char *arg)
{
	s->cnmi = atoi(arg) > 0;
	return RES_OK;
}

static enum result cmd_cmgs(struct sim *s, const char *arg)
{
	s->pdu_len = atoi(arg);
	if (s->pdu_len <= 0) {
		s->pdu_len = 0;
		return RES_ERROR;
	}
	out_raw("\r\n> ", 4);
	return RES_DONE;
}

/* The code of AT+CUSD=1,"<code>",15 as text (hex UCS-2 when AT+CSCS="UCS2"). */
static void ussd_code(const struct sim *s, const char *arg, char *code, size_t size)
{
	char raw[256];
	size_t n = 0;
	if (sscanf(arg, "%*[^\"]\"%255[^\"]\"", raw) != 1)
		raw[0] = '\0';
	if (!s->ucs2) {
		snprintf(code, size, "%s", raw);
		return;
	}
	for (const char *p = raw; p[0] && p[1] && p[2] && p[3] && n + 1 < size; p += 4) {
		unsigned u = 0;
		sscanf(p, "%4x", &u);
		code[n++] = (char)(u < 128 ? u : '?');
	}
	code[n] = '\0';
}

/* UTF-8 (up to 3-byte sequences) as UCS-2 hex, as a modem gives text
 * after AT+CSCS="UCS2". */
static void utf8_to_ucs2_hex(const char *in, char *out, size_t size)
{
	const unsigned char *p = (const unsigned char *)in;
	size_t o = 0;

	while (*p && o + 5 <= size) {
		unsigned u = *p++;
		if (u >= 0xE0 && p[0] && p[1]) {
			u = (u & 0x0F) << 12 | (p[0] & 0x3Fu) << 6 | (p[1] & 0x3Fu);
			p += 2;
		} else if (u >= 0xC0 && p[0]) {
			u = (u & 0x1F) << 6 | (p[0] & 0x3Fu);
			p += 1;
		}
		snprintf(out + o, 5, "%04X", u);
		o += 4;
	}
	out[o] = '\0';
}

/* Answers a USSD request as an unsolicited +CUSD (in UCS-2 hex when
 * selected): *100# opens a two-step menu, anything else tells the balance. */
static enum result cmd_cusd(struct sim *s, const char *arg)
{
	char code[128], answer[256], text[4 * sizeof(answer) + 1];
	int status = 0;
	if (!strchr(arg, '"'))
		return RES_OK;
	ussd_code(s, arg, code, sizeof(code));
	if (s->ussd_menu) {
		snprintf(answer, sizeof(answer), "Ban chon %s. Tai khoan goc: %ldd", code,
			 s->f.balance);
		s->ussd_menu = 0;
	} else if (!strcmp(code, "*100#")) {
		snprintf(answer, sizeof(answer), "1. Tai khoan 2. Khuyen mai");
		s->ussd_menu = 1;
		status = 1;
	} else {
		if (s->f.balance_say[0])
			snprintf(answer, sizeof(answer), "%s", s->f.balance_say);
		else
			snprintf(answer, sizeof(answer), "Tai khoan goc: %ldd", s->f.balance);
	}
	if (s->ucs2) {
		utf8_to_ucs2_hex(answer, text, sizeof(text));
	} else {
		snprintf(text, sizeof(text), "%s", answer);
	}
	reply("OK");
	reply("+CUSD: %d,\"%s\",15", status, text);
	return RES_DONE;
}

static enum result cmd_csq(struct sim *s, const char *arg)
{
	reply("+CSQ: %d,99", s->f.rssi);
	return RES_OK;
}

static enum result cmd_cops_get(struct sim *s, const char *arg)
{
	reply("+COPS: 0,2,\"%s\"", s->f.operator);
	return RES_OK;
}

/* ---- command table ---- */

struct command {
	const char *prefix;
	int exact; /* the whole line must match, not only its beginning */
	enum result (*fn)(struct sim *s, const char *arg);
	const char *answer; /* a fixed answer line, for commands without fn */
};

/* First match wins: exact forms come before the prefixes that contain them. */
static const struct command commands[] = {
    {"AT", 1, cmd_ok, NULL},
    {"ATZ", 1, cmd_ok, NULL},
    {"ATE", 0, cmd_echo, NULL},
    {"AT+CMEE=", 0, cmd_ok, NULL},
    {"AT+CSCS?", 1, cmd_cscs_get, NULL},
    {"AT+CSCS=?", 1, NULL, "+CSCS: (\"GSM\",\"UCS2\",\"IRA\")"},
    {"AT+CSCS=", 0, cmd_cscs_set, NULL},
    {"AT+CGMI", 1, NULL, "tiengdan"},
    {"AT+CGMM", 1, NULL, "modemsim"},
    {"AT+CGMR", 1, NULL, "1.0"},
    {"AT+CGSN", 1, NULL, "356938035643809"},
    {"AT+CIMI", 1, NULL, "452040000000001"},
    {"AT+CPIN?", 1, cmd_cpin_get, NULL},
    {"AT+CPIN=", 0, cmd_cpin_set, NULL},
    {"AT+CFUN=", 0, cmd_ok, NULL},
    {"AT+CPMS=?", 1, NULL, "+CPMS: (\"SM\"),(\"SM\"),(\"SM\")"},
    {"AT+CPMS?", 1, cmd_cpms_get, NULL},
    {"AT+CPMS=", 0, cmd_cpms_set, NULL},
    {"AT+CMGF=", 0, cmd_cmgf, NULL},
    {"AT+CMGL=", 0, cmd_cmgl, NULL},
    {"AT+CMGR=", 0, cmd_cmgr, NULL},
    {"AT+CMGD=", 0, cmd_cmgd, NULL},
    {"AT+CNMI=?", 1, NULL, "+CNMI: (0-2),(0-3),(0-3),(0-2),(0,1)"},
    {"AT+CNMI=", 0, cmd_cnmi_set, NULL},
    {"AT+CSCA?", 1, NULL, "+CSCA: \"+84900000000\",145"},
    {"AT+CMGS=", 0, cmd_cmgs, NULL},
    {"AT+CSQ", 1, cmd_csq, NULL},
    {"AT+CBC", 1, NULL, "+CBC: 0,100"},
    {"AT+CREG=", 0, cmd_ok, NULL},
    {"AT+CREG?", 1, NULL, "+CREG: 2,1,\"1A2B\",\"00C3D4E5\""},
    {"AT+CGREG=", 0, cmd_ok, NULL},
    {"AT+CGATT?", 1, NULL, "+CGATT: 1"},
    {"AT+CGREG?", 1, NULL, "+CGREG: 2,1,\"1A2B\",\"00C3D4E5\""},
    {"AT+COPS?", 1, cmd_cops_get, NULL},
    {"AT+COPS=", 0, cmd_ok, NULL},
    {"AT+CUSD=", 0, cmd_cusd, NULL},
};

static void dispatch(struct sim *s, const char *cmd)
{
	enum result r = RES_ERROR;
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		const struct command *c = &commands[i];
		size_t n = strlen(c->prefix);
		if (strncasecmp(cmd, c->prefix, n) != 0 || (c->exact && cmd[n] != '\0'))
			continue;
		if (c->fn) {
			r = c->fn(s, cmd + n);
		} else {
			reply("%s", c->answer);
			r = RES_OK;
		}
		break;
	}
	if (r == RES_OK)
		reply("OK");
	else if (r == RES_ERROR)
		reply("ERROR");
}

/* ---- input ---- */

/* The PDU after AT+CMGS has ended with Ctrl-Z: record it, answer +CMGS. */
static void finish_send(struct sim *s, const char *pdu)
{
	static int mr;
	s->pdu_len = 0;
	if (s->f.send_delay_ms > 0) {
		struct timespec ts = {s->f.send_delay_ms / 1000,
				      (long)(s->f.send_delay_ms % 1000) * 1000000L};
		nanosleep(&ts, NULL);
	}
	if (s->f.cms_error) {
		reply("+CMS ERROR: %d", s->f.cms_error);
		return;
	}
	mr = (mr + 1) % 256;
	append_file(s, "sent", "%s %d\n", pdu, mr);
	reply("+CMGS: %d", mr);
	reply("OK");
}

/* One of the configured unsolicited lines, at random (about one call in
 * every `one_in`), as a modem sends them between or right before answers. */
static void maybe_noise(struct sim *s, int one_in)
{
	if (s->f.n_noise > 0 && s->pdu_len == 0 && rand() % one_in == 0)
		reply("%s", s->f.noise[rand() % s->f.n_noise]);
}

/* "reboot": the modem restarts once, as after a power glitch: its settings
 * are lost (echo, +CNMI, the PIN) and it says so with its boot lines. The
 * fault is consumed (removed from the file). */
static void maybe_reboot(struct sim *s)
{
	char path[1024];

	if (!s->f.reboot)
		return;
	sim_path(s, path, sizeof(path), "faults");
	unlink(path);
	s->f.reboot = 0;
	s->echo = 1;
	s->cnmi = 0;
	s->unlocked = 0;
	s->ucs2 = 0;
	reply("RDY");
	reply("+CFUN: 1");
	reply("+CPIN: %s", s->f.pin[0] ? "SIM PIN" : "READY");
	reply("Call Ready");
	reply("SMS Ready");
}

/* A complete command line (without its terminator) arrived. */
static void handle_line(struct sim *s, char *line)
{
	append_file(s, "log", "%s\n", line);
	faults_load(s);
	if (s->f.exit_now)
		exit(0);
	if (s->f.hang)
		return;
	maybe_reboot(s);
	maybe_noise(s, 4);
	if (s->echo) {
		out_raw(line, strlen(line));
		out_raw("\r", 1);
	}
	if (s->f.garbage) {
		answer_garbage();
		return;
	}
	dispatch(s, line);
}

/* Feeds one input byte: builds command lines, or the PDU after AT+CMGS. */
static void feed(struct sim *s, char c)
{
	if (s->pdu_len > 0) {
		if (c == 0x1b) { /* ESC cancels the message */
			s->pdu_len = 0;
			s->line_len = 0;
			reply("OK");
		} else if (c == 0x1a) {
			s->line[s->line_len] = '\0';
			append_file(s, "log", "<PDU> %s\n", s->line);
			s->line_len = 0;
			finish_send(s, s->line);
		} else if (isxdigit((unsigned char)c) && s->line_len < sizeof(s->line) - 1) {
			s->line[s->line_len++] = c;
		}
		return;
	}
	if (c == '\r' || c == '\n') {
		s->line[s->line_len] = '\0';
		s->line_len = 0;
		if (s->line[0])
			handle_line(s, s->line);
		return;
	}
	if (s->line_len < sizeof(s->line) - 1)
		s->line[s->line_len++] = c;
}

static void usage(const char *argv0)
{
	fprintf(stderr, "usage: %s --sim DIR [--pty LINK]\n", argv0);
	exit(2);
}

/* Opens a pseudo-terminal, makes its device raw (a serial line, no echo by
 * the terminal itself) and links LINK to it. The simulator keeps the device
 * open too, so a program closing it (a probe, libgammu between connections)
 * leaves the line up for the next one. Returns the master descriptor. */
static int open_pty(const char *link)
{
	char tmp[1024];
	struct termios t;
	const char *name;
	int master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC), slave;

	if (master < 0 || grantpt(master) < 0 || unlockpt(master) < 0 ||
	    !(name = ptsname(master))) {
		perror("modemsim: pseudo-terminal");
		exit(1);
	}
	slave = open(name, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (slave < 0 || tcgetattr(slave, &t) < 0) {
		perror(name);
		exit(1);
	}
	cfmakeraw(&t);
	tcsetattr(slave, TCSANOW, &t);
	snprintf(tmp, sizeof(tmp), "%s.tmp", link);
	unlink(tmp);
	if (symlink(name, tmp) < 0 || rename(tmp, link) < 0) {
		perror(link);
		exit(1);
	}
	return master; /* the slave stays open for the life of the process */
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {{"sim", required_argument, NULL, 's'},
					     {"pty", required_argument, NULL, 'p'},
					     {NULL, 0, NULL, 0}};
	struct sim s = {.echo = 1};
	char present[SIM_SLOTS];
	const char *pty_link = NULL;
	int opt;
	while ((opt = getopt_long(argc, argv, "s:p:", opts, NULL)) != -1) {
		if (opt == 's')
			s.dir = optarg;
		else if (opt == 'p')
			pty_link = optarg;
		else
			usage(argv[0]);
	}
	if (!s.dir)
		usage(argv[0]);
	if (pty_link)
		in_fd = out_fd = open_pty(pty_link);
	srand((unsigned)getpid());
	sms_scan(&s, present);
	memcpy(s.known, present, sizeof(s.known));

	for (;;) {
		struct pollfd p = {.fd = in_fd, .events = POLLIN};
		int n = poll(&p, 1, 200);
		if (n < 0 && errno != EINTR)
			return 1;
		if (n > 0) {
			char buf[512];
			ssize_t got = read(in_fd, buf, sizeof(buf));
			if (got <= 0)
				return 0;
			for (ssize_t i = 0; i < got; i++)
				feed(&s, buf[i]);
		}
		if (s.pdu_len == 0) {
			sms_notify_new(&s);
			faults_load(&s);
			maybe_noise(&s, 8);
		}
	}
}

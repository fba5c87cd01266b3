/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * tiengdan-atfilter: stands between libgammu's AT driver (its proxyat
 * connection, on standard input and output) and a modem (a serial port, or
 * a command such as the AT simulator). Unsolicited lines the driver does
 * not know (+CIEV, SMS Ready, +CTZV, ^SMMEMFULL, ...) would sit in its
 * reply buffer and wedge it until the watchdog: they are dropped here. A
 * modem's boot lines (RDY, +CFUN: 1, Call Ready) mean it restarted and
 * lost its settings: they are dropped too, and the worker (the process
 * that started libgammu's proxy, our parent) gets SIGUSR1 and connects
 * again (PIN, new-SMS notices, a scan of the SIM).
 * Usage: tiengdan-atfilter --serial DEVICE [--speed N] | --exec COMMAND [ARGS...]
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define LINE_MAX_LEN 4096
/* A partial line that might still become noise is held at most this long. */
#define HOLD_MS 150

/* Lines libgammu 1.42's AT driver does not expect and cannot skip. */
static const char *const noise[] = {
    "+CIEV:", "SMS Ready", "+CTZV:", "+CTZE:", "*PSUTTZ:", "^SMMEMFULL", "+QIND:", "+CGEV:",
    "+PACSP", "^CEND:",	   "^ORIG:", "^CONF:", "^CONN:",   "+STIN:",	 NULL,
};
/* Lines a modem sends when it has just started. */
static const char *const boot[] = {"RDY", "+CFUN: 1", "Call Ready", NULL};

static int to_modem = -1, from_modem = -1;
/* The start of the last command libgammu sent: "+CPIN: READY" answers
 * AT+CPIN?, and after a restart comes unasked. */
static char last_cmd[16];
static size_t last_cmd_len;
static bool cmd_line_start = true;

static void note_command(const char *buf, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (buf[i] == '\r' || buf[i] == '\n') {
			cmd_line_start = true;
			continue;
		}
		if (cmd_line_start) {
			last_cmd_len = 0;
			cmd_line_start = false;
		}
		if (last_cmd_len < sizeof(last_cmd) - 1)
			last_cmd[last_cmd_len++] = buf[i];
		last_cmd[last_cmd_len] = '\0';
	}
}

/* An unasked +CPIN: line (after a restart the modem tells its SIM state). */
static bool unasked_cpin(const char *line, size_t len)
{
	return len >= 6 && memcmp(line, "+CPIN:", 6) == 0 &&
	       strncasecmp(last_cmd, "AT+CPIN?", 8) != 0;
}

static void out_all(int fd, const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, buf, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			exit(0);
		buf += n;
		len -= (size_t)n;
	}
}

static bool starts(const char *line, size_t len, const char *const *table)
{
	for (size_t i = 0; table[i]; i++)
		if (len >= strlen(table[i]) && memcmp(line, table[i], strlen(table[i])) == 0)
			return true;
	return false;
}

/* Whether the text so far could still become a line of a table. */
static bool may_become(const char *text, size_t len, const char *const *table)
{
	for (size_t i = 0; table[i]; i++) {
		size_t n = strlen(table[i]);
		if (memcmp(text, table[i], len < n ? len : n) == 0)
			return true;
	}
	return false;
}

/* The modem's output as lines: "\r\n<text>\r\n". */
struct lines {
	char buf[LINE_MAX_LEN];
	size_t len;	 /* bytes held: the current line, not yet passed on */
	long long since; /* when the held bytes started waiting */
	bool dropped;	 /* a line was dropped: its line end goes with it */
	bool told;	 /* the worker was told the modem restarted */
};

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void flush_held(struct lines *l)
{
	out_all(STDOUT_FILENO, l->buf, l->len);
	l->len = 0;
}

/* A whole line (without its end) arrived: drop it, or pass it on. */
static void line_done(struct lines *l, const char *end, size_t end_len)
{
	bool booted = starts(l->buf, l->len, boot);

	if (booted && !l->told) {
		fprintf(stderr, "tiengdan-atfilter: the modem restarted (%.*s): connecting again\n",
			(int)l->len, l->buf);
		kill(getppid(), SIGUSR1);
		l->told = true; /* once: the worker connects again through a new filter */
	}
	if (booted || starts(l->buf, l->len, noise) || unasked_cpin(l->buf, l->len)) {
		l->len = 0;
		l->dropped = true;
		return;
	}
	if (l->len == 0 && l->dropped)
		return;
	flush_held(l);
	out_all(STDOUT_FILENO, end, end_len);
}

static void from_modem_bytes(struct lines *l, const char *buf, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char c = buf[i];
		if (c == '\r' || c == '\n') {
			line_done(l, &c, 1);
			continue;
		}
		l->dropped = false;
		if (l->len == 0)
			l->since = now_ms();
		if (l->len == sizeof(l->buf))
			flush_held(l);
		l->buf[l->len++] = c;
	}
	/* What cannot be noise (an answer, the "> " prompt) goes on at once. */
	if (l->len > 0 && !may_become(l->buf, l->len, noise) && !may_become(l->buf, l->len, boot) &&
	    !(memcmp(l->buf, "+CPIN:", l->len < 6 ? l->len : 6) == 0 && unasked_cpin("+CPIN:", 6)))
		flush_held(l);
}

static speed_t speed_of(long n)
{
	switch (n) {
	case 9600:
		return B9600;
	case 19200:
		return B19200;
	case 38400:
		return B38400;
	case 57600:
		return B57600;
	case 230400:
		return B230400;
	case 460800:
		return B460800;
	case 921600:
		return B921600;
	default:
		return B115200;
	}
}

static void open_serial(const char *device, long speed)
{
	struct termios t;
	int fd = open(device, O_RDWR | O_NOCTTY | O_CLOEXEC);

	if (fd < 0 || tcgetattr(fd, &t) < 0) {
		fprintf(stderr, "tiengdan-atfilter: %s: %s\n", device, strerror(errno));
		exit(1);
	}
	cfmakeraw(&t);
	t.c_cflag |= CLOCAL | CREAD;
	cfsetispeed(&t, speed_of(speed));
	cfsetospeed(&t, speed_of(speed));
	tcsetattr(fd, TCSANOW, &t);
	to_modem = from_modem = fd;
}

static void start_command(char **argv)
{
	int in[2], out[2];
	pid_t pid;

	if (pipe(in) < 0 || pipe(out) < 0) {
		perror("tiengdan-atfilter: pipe");
		exit(1);
	}
	pid = fork();
	if (pid < 0) {
		perror("tiengdan-atfilter: fork");
		exit(1);
	}
	if (pid == 0) {
		dup2(in[0], STDIN_FILENO);
		dup2(out[1], STDOUT_FILENO);
		close(in[0]);
		close(in[1]);
		close(out[0]);
		close(out[1]);
		execvp(argv[0], argv);
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	to_modem = in[1];
	from_modem = out[0];
}

static void usage(void)
{
	fprintf(stderr, "usage: tiengdan-atfilter --serial DEVICE [--speed N]\n"
			"       tiengdan-atfilter --exec COMMAND [ARGS...]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	struct lines l = {.len = 0};
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_IGN;
	sa.sa_flags = SA_NOCLDWAIT; /* the command is never left a zombie */
	sigaction(SIGCHLD, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	if (argc >= 3 && strcmp(argv[1], "--serial") == 0)
		open_serial(argv[2], argc >= 5 && strcmp(argv[3], "--speed") == 0
					 ? strtol(argv[4], NULL, 10)
					 : 115200);
	else if (argc >= 3 && strcmp(argv[1], "--exec") == 0)
		start_command(argv + 2);
	else
		usage();
	for (;;) {
		struct pollfd p[2] = {{.fd = STDIN_FILENO, .events = POLLIN},
				      {.fd = from_modem, .events = POLLIN}};
		char buf[4096];
		ssize_t n;
		int wait = l.len > 0 ? HOLD_MS : -1;

		if (poll(p, 2, wait) < 0 && errno != EINTR)
			return 1;
		if (p[0].revents) {
			n = read(STDIN_FILENO, buf, sizeof(buf));
			if (n <= 0)
				return 0; /* libgammu closed the connection */
			note_command(buf, (size_t)n);
			out_all(to_modem, buf, (size_t)n);
		}
		if (p[1].revents) {
			n = read(from_modem, buf, sizeof(buf));
			if (n <= 0)
				return 0; /* the modem (or the command) is gone */
			from_modem_bytes(&l, buf, (size_t)n);
		}
		if (l.len > 0 && now_ms() - l.since >= HOLD_MS)
			flush_held(&l);
	}
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The console's side of the control socket: finding and connecting to it,
 * sending one request line and reading one answer line, turning the
 * daemon's error classes into exit codes.
 */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "conf/conf.h"
#include "console.h"
#include "util/tderr.h"
#include "util/xalloc.h"

#define ANSWER_TIMEOUT_MS 300000
#define ANSWER_MAX (256 * 1024 * 1024)

/* Finds the socket: -s, or the configuration's "socket". */
static const char *socket_path(struct console *con)
{
	char err[4096];
	struct conf *c;

	if (con->socket)
		return con->socket;
	c = conf_load(con->conf_path, err, sizeof(err));
	if (!c) {
		if (!con->quiet)
			fprintf(stderr, "%s%s\n", err, tr(con, "conf_unreadable"));
		return NULL;
	}
	/* Times are shown in the commune's zone (output.c). */
	if (c->timezone && c->timezone[0])
		setenv("TZ", c->timezone, 1);
	con->socket_owned = xstrdup(c->socket);
	con->socket = con->socket_owned;
	conf_free(c);
	return con->socket;
}

static int connect_daemon(struct console *con)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	const char *path = socket_path(con);
	int fd;

	if (!path)
		return -1;
	if (strlen(path) >= sizeof(sa.sun_path)) {
		fprintf(stderr, "tiengdan: %s: %s\n", path, strerror(ENAMETOOLONG));
		return -1;
	}
	strcpy(sa.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		if (!con->quiet)
			fprintf(stderr, "tiengdan: %s: %s (%s)\n", path, strerror(errno),
				tr(con, "no_daemon"));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	con->fd = fd;
	return 0;
}

void console_disconnect(struct console *con)
{
	if (con->fd >= 0)
		close(con->fd);
	con->fd = -1;
}

static int send_all(int fd, const char *buf, size_t len)
{
	while (len) {
		ssize_t n = send(fd, buf, len, MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Reads one line (without its newline); caller frees. NULL on error. */
static char *read_line(int fd)
{
	size_t len = 0, cap = 65536;
	char *buf = xmalloc(cap);

	for (;;) {
		struct pollfd pfd = {.fd = fd, .events = POLLIN};
		char *nl;
		ssize_t n;

		if (poll(&pfd, 1, ANSWER_TIMEOUT_MS) <= 0)
			break;
		if (cap - len < 4096) {
			if (cap >= ANSWER_MAX)
				break;
			cap *= 2;
			buf = xrealloc(buf, cap);
		}
		n = read(fd, buf + len, cap - len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
		buf[len] = '\0';
		nl = memchr(buf, '\n', len);
		if (nl) {
			*nl = '\0';
			return buf;
		}
	}
	free(buf);
	return NULL;
}

static int exit_code(const char *error)
{
	switch (tderr_class_parse(error)) {
	case TDERR_FORBIDDEN:
		return EXIT_FORBIDDEN;
	case TDERR_INTERNAL:
		return EXIT_INTERNAL;
	case TDERR_BAD_REQUEST:
		return EXIT_UNAVAILABLE;
	default:
		return EXIT_FAILED;
	}
}

int console_call(struct console *con, const char *op, json_t *args, json_t **result)
{
	json_t *req = json_pack("{s:s, s:O?, s:s}", "cmd", op, "args", args, "lang", con->lang);
	json_t *answer = NULL;
	char *text = NULL, *line = NULL;
	int rc = EXIT_UNAVAILABLE;

	*result = NULL;
	if (con->fd < 0 && connect_daemon(con) < 0)
		goto out;
	text = json_dumps(req, JSON_COMPACT);
	if (!text || send_all(con->fd, text, strlen(text)) < 0 || send_all(con->fd, "\n", 1) < 0 ||
	    !(line = read_line(con->fd))) {
		if (!con->quiet)
			fprintf(stderr, "tiengdan: %s\n", tr(con, "connection_lost"));
		console_disconnect(con);
		goto out;
	}
	answer = json_loads(line, 0, NULL);
	if (!json_is_object(answer)) {
		fprintf(stderr, "tiengdan: %s\n", tr(con, "bad_answer"));
		console_disconnect(con);
		goto out;
	}
	if (json_is_true(json_object_get(answer, "ok"))) {
		*result = json_incref(json_object_get(answer, "result"));
		rc = EXIT_OK;
	} else {
		const char *msg = json_string_value(json_object_get(answer, "message"));
		if (!con->quiet)
			fprintf(stderr, "tiengdan: %s\n", msg ? msg : "?");
		rc = exit_code(json_string_value(json_object_get(answer, "error")));
	}
out:
	free(line);
	free(text);
	json_decref(answer);
	json_decref(req);
	return rc;
}

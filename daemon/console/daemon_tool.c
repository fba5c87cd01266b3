/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Runs one of tiengdand's one-shot modes (--restore, --probe) for a console
 * command whose work needs the database or a modem, which the console does
 * not link, and reads its one-line JSON answer.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "console.h"
#include "util/xalloc.h"

#ifndef TIENGDAN_SBINDIR
#define TIENGDAN_SBINDIR "/usr/sbin"
#endif

/* The daemon's binary: $TIENGDAN_DAEMON, beside this program (a build tree),
 * ../sbin beside it (an install under a prefix), then the configured sbin
 * folder. Caller frees. */
static char *daemon_path(void)
{
	const char *env = getenv("TIENGDAN_DAEMON");
	char self[PATH_MAX], *dir, *path;
	ssize_t n;

	if (env && env[0])
		return xstrdup(env);
	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n > 0) {
		self[n] = '\0';
		dir = dirname(self);
		path = xasprintf("%s/tiengdand", dir);
		if (access(path, X_OK) == 0)
			return path;
		free(path);
		path = xasprintf("%s/../sbin/tiengdand", dir);
		if (access(path, X_OK) == 0)
			return path;
		free(path);
	}
	return xstrdup(TIENGDAN_SBINDIR "/tiengdand");
}

/* Reads fd to its end; returns the text (caller frees), NULL on error. */
static char *read_all(int fd)
{
	size_t len = 0, cap = 4096;
	char *buf = xmalloc(cap);

	for (;;) {
		ssize_t n;

		if (len + 1 == cap)
			buf = xrealloc(buf, cap *= 2);
		n = read(fd, buf + len, cap - len - 1);
		if (n == 0)
			break;
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			free(buf);
			return NULL;
		}
		len += (size_t)n;
	}
	buf[len] = '\0';
	return buf;
}

int console_daemon_tool(struct console *con, char *const *args, json_t **result)
{
	char *path = daemon_path(), *out = NULL;
	size_t n = 0;
	char **argv;
	int pipefd[2], status = 0, rc = EXIT_UNAVAILABLE;
	json_t *answer = NULL;
	json_error_t jerr;
	pid_t pid;

	*result = NULL;
	while (args[n])
		n++;
	argv = xcalloc(n + 6, sizeof(*argv));
	argv[0] = path;
	memcpy(argv + 1, args, n * sizeof(*argv));
	argv[n + 1] = "--lang";
	argv[n + 2] = (char *)(con->lang ? con->lang : "vi");
	if (con->conf_explicit) {
		argv[n + 3] = "--config";
		argv[n + 4] = (char *)con->conf_path;
	}
	fflush(NULL);
	if (pipe2(pipefd, O_CLOEXEC) < 0 || (pid = fork()) < 0) {
		fprintf(stderr, "tiengdan: %s: %s\n", path, strerror(errno));
		goto out;
	}
	if (pid == 0) {
		dup2(pipefd[1], STDOUT_FILENO);
		execv(path, argv);
		fprintf(stderr, "tiengdan: %s: %s\n", path, strerror(errno));
		_exit(127);
	}
	close(pipefd[1]);
	out = read_all(pipefd[0]);
	close(pipefd[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	answer = out ? json_loads(out, 0, &jerr) : NULL;
	if (!json_is_object(answer)) {
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 127)
			fprintf(stderr, "tiengdan: %s gave no answer\n", path);
		goto out;
	}
	if (json_is_true(json_object_get(answer, "ok"))) {
		*result = json_incref(json_object_get(answer, "result"));
		rc = EXIT_OK;
	} else {
		const char *cls = json_string_value(json_object_get(answer, "error"));

		fprintf(stderr, "tiengdan: %s\n",
			json_string_value(json_object_get(answer, "message")));
		rc = cls && strcmp(cls, "internal") == 0 ? EXIT_INTERNAL : EXIT_FAILED;
	}
out:
	json_decref(answer);
	free(out);
	free(argv);
	free(path);
	return rc;
}

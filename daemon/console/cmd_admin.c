/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The console's data administration: backup and retention (run by the
 * daemon, which owns the database) and restore, which runs here, with the
 * daemon stopped, on the files the configuration names.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "conf/conf.h"
#include "console.h"
#include "util/tderr.h"
#include "util/xalloc.h"

static int run_backup(struct console *con, const struct command *cmd, int argc, char **argv);
static int run_restore(struct console *con, const struct command *cmd, int argc, char **argv);
static int run_retention(struct console *con, const struct command *cmd, int argc, char **argv);

static const struct cmd_opt opts_backup[] = {{"to", required_argument, "to"},
					     {"with-key", no_argument, "with_key"},
					     {"key-only", no_argument, "key_only"},
					     {NULL, 0, NULL}};
static const struct cmd_opt opts_restore[] = {{"check-only", no_argument, "check_only"},
					      {NULL, 0, NULL}};
static const struct cmd_opt opts_retention[] = {{"dry-run", no_argument, "dry_run"},
						{NULL, 0, NULL}};
static const char *const pos_dir[] = {"dir", NULL};

#define HELP(vi, en) .help = {vi, en}

const struct command console_commands_admin[] = {
    {.name = "backup",
     .op = "backup",
     .run = run_backup,
     .opts = opts_backup,
     .usage = "[--to DIR] [--with-key | --key-only]",
     HELP("sao lưu cơ sở dữ liệu khi tiengdand đang chạy, vào một thư mục mới (mặc định "
	  "trong backup_dir); khoá bảo mật chỉ kèm theo khi có --with-key, hoặc riêng khoá "
	  "với --key-only (cất ở nơi khác)",
	  "back up the database while tiengdand runs, into a new folder (in backup_dir "
	  "unless --to); the key goes with it only with --with-key, or alone with "
	  "--key-only (keep it on another medium)")},
    {.name = "restore",
     .run = run_restore,
     .opts = opts_restore,
     .positional = pos_dir,
     .usage = "DIR [--check-only]",
     HELP("kiểm tra rồi khôi phục một bản sao lưu (dừng tiengdand trước; cơ sở dữ liệu "
	  "hiện tại được giữ lại bên cạnh)",
	  "check, then restore a backup (stop tiengdand first; the current database is kept "
	  "aside)")},
    {.name = "retention",
     .op = "retention",
     .run = run_retention,
     .opts = opts_retention,
     .usage = "[--dry-run]",
     HELP("xoá nội dung và số điện thoại của các vụ việc đã kết thúc quá retention_days "
	  "ngày (--dry-run: chỉ đếm)",
	  "erase the texts and numbers of cases closed more than retention_days ago "
	  "(--dry-run: only count)")},
    {.name = NULL},
};

/* Options and positional arguments into args: EXIT_OK to go on (unless
 * *help: --help was printed), else the exit code to return. */
static int read_args(struct console *con, const struct command *cmd, int argc, char **argv,
		     json_t *args, bool *help)
{
	int first = console_read_options(con, cmd, argc, argv, args);

	*help = first == -2;
	if (first < 0)
		return first == -2 ? EXIT_OK : EXIT_USAGE;
	if (console_read_positional(con, cmd, argc, argv, first, args) < 0)
		return EXIT_USAGE;
	return EXIT_OK;
}

/* Prints obj as labelled lines (or JSON). */
static void print_figures(struct console *con, json_t *obj)
{
	output_object(con, obj, stdout);
}

static int run_backup(struct console *con, const struct command *cmd, int argc, char **argv)
{
	json_t *args = json_object(), *result = NULL, *figs;
	const char *to;
	bool help;
	int rc = read_args(con, cmd, argc, argv, args, &help);

	if (rc != EXIT_OK || help)
		goto out;
	/* The daemon's folder is not the caller's: a relative --to is made
	 * absolute here. */
	to = json_string_value(json_object_get(args, "to"));
	if (to && to[0] != '/') {
		char cwd[PATH_MAX];
		if (!getcwd(cwd, sizeof(cwd))) {
			fprintf(stderr, "tiengdan: %s\n", strerror(errno));
			rc = EXIT_FAILED;
			goto out;
		}
		json_object_set_new(args, "to", json_sprintf("%s/%s", cwd, to));
	}
	rc = console_call(con, cmd->op, args, &result);
	if (rc != EXIT_OK)
		goto out;
	if (con->format == OUT_JSON) {
		output_object(con, result, stdout);
		goto out;
	}
	printf("%s %s\n", tr(con, "backup_done"),
	       json_string_value(json_object_get(result, "dir")));
	figs = json_deep_copy(json_object_get(result, "counts"));
	json_object_set(figs, "schema_version", json_object_get(result, "schema_version"));
	json_object_set(figs, "key_fingerprint", json_object_get(result, "key_fingerprint"));
	print_figures(con, figs);
	json_decref(figs);
out:
	json_decref(result);
	json_decref(args);
	return rc;
}

static int run_retention(struct console *con, const struct command *cmd, int argc, char **argv)
{
	json_t *args = json_object(), *result = NULL;
	bool help;
	int rc = read_args(con, cmd, argc, argv, args, &help);

	if (rc != EXIT_OK || help)
		goto out;
	rc = console_call(con, cmd->op, args, &result);
	if (rc != EXIT_OK)
		goto out;
	if (con->format != OUT_JSON) {
		if (json_integer_value(json_object_get(result, "retention_days")) == 0)
			printf("%s\n", tr(con, "retention_off"));
		else
			printf("%s\n", tr(con, json_is_true(json_object_get(result, "dry_run"))
						   ? "retention_would"
						   : "retention_done"));
	}
	print_figures(con, result);
out:
	json_decref(result);
	json_decref(args);
	return rc;
}

/* ---------------------------------------------------------------- restore */

/* True when something answers on the daemon's control socket. */
static bool socket_answers(const char *path)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	int fd;
	bool up;

	if (!path || strlen(path) >= sizeof(sa.sun_path))
		return false;
	strcpy(sa.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return false;
	up = connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0;
	close(fd);
	return up;
}

static int run_restore(struct console *con, const struct command *cmd, int argc, char **argv)
{
	json_t *args = json_object(), *figs = NULL;
	struct conf *c = NULL;
	char err[4096];
	char *tool[4] = {"--restore", NULL, NULL, NULL};
	bool help, check_only;
	int rc = read_args(con, cmd, argc, argv, args, &help);

	if (rc != EXIT_OK || help)
		goto out;
	tool[1] = (char *)json_string_value(json_object_get(args, "dir"));
	check_only = json_is_true(json_object_get(args, "check_only"));
	if (check_only)
		tool[2] = "--check-only";
	if (!check_only) {
		/* The daemon must be stopped: it owns the database. */
		c = conf_load(con->conf_path, err, sizeof(err));
		if (!c) {
			fprintf(stderr, "%s", err);
			rc = EXIT_FAILED;
			goto out;
		}
		if (socket_answers(con->socket ? con->socket : c->socket)) {
			struct tderr e = {0};
			char msg[1024];

			tderr_set(&e, TDERR_CONFLICT, M_DAEMON_RUNNING,
				  con->socket ? con->socket : c->socket, NULL);
			tderr_format(&e, con->lang, msg, sizeof(msg));
			fprintf(stderr, "tiengdan: %s\n", msg);
			rc = EXIT_FAILED;
			goto out;
		}
	}
	rc = console_daemon_tool(con, tool, &figs);
	if (rc != EXIT_OK)
		goto out;
	if (con->format != OUT_JSON)
		printf("%s\n", tr(con, check_only ? "backup_sound" : "restored"));
	print_figures(con, figs);
out:
	conf_free(c);
	json_decref(figs);
	json_decref(args);
	return rc;
}

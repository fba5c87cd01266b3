/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * tiengdan setup: the first run. Asks for (or takes flags for) the
 * gateway's own number, the admin phones, the geography file, the staff
 * users and roles and the modems, and writes them into the configuration
 * file in place: each top-level setting is replaced where it stands (or
 * written after its commented example), so the file keeps its comments.
 * The new text is validated by the daemon's own loader before it replaces
 * the file; the old one is kept as FILE.bak. Needs no daemon.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "console.h"
#include "conf/conf.h"
#include "util/csv.h"
#include "util/xalloc.h"

#define MAX_ENTRIES 64 /* each of --user, --group, --modem */

/* Texts in Vietnamese and English. */
enum msg {
	S_USAGE,
	S_NO_FILE,
	S_BAD_ENTRY,
	S_BAD_ROLE,
	S_NO_ACCOUNT,
	S_NO_GROUP_ACCOUNT,
	S_GEO_BAD,
	S_TOO_MANY,
	S_ASK_GATEWAY,
	S_ASK_ADMINS,
	S_ASK_GEO,
	S_ASK_USERS,
	S_ASK_MODEMS,
	S_KEEP,
	S_INVALID,
	S_UNCHANGED,
	S_NOTHING,
	S_WRITTEN,
	S_BACKUP,
	S_JOINED,
	S_JOIN_HINT,
	S_NO_DEVICE,
	S_NEXT_MODEM,
	S_NEXT_START,
	S_WRITE_FAILED,
};

static const char *const texts[][2] = {
    [S_USAGE] =
	{"cách dùng: tiengdan setup [--gateway-number SỐ] [--admin-phones SỐ,SỐ] "
	 "[--geography TỆP.csv] [--user TÊN:VAI_TRÒ[:XÃ,...]]... "
	 "[--group NHÓM:VAI_TRÒ[:XÃ,...]]... [--modem THIẾT_BỊ]... [--cockpit] [--yes] [--dry-run]",
	 "usage: tiengdan setup [--gateway-number NUMBER] [--admin-phones N,N] "
	 "[--geography FILE.csv] [--user NAME:ROLE[:COMMUNE,...]]... "
	 "[--group GROUP:ROLE[:COMMUNE,...]]... [--modem DEVICE]... [--cockpit] [--yes] "
	 "[--dry-run]"},
    [S_NO_FILE] = {"không đọc được tệp cấu hình %s: %s", "cannot read the configuration %s: %s"},
    [S_BAD_ENTRY] = {"'%s' phải có dạng TÊN:VAI_TRÒ hoặc TÊN:VAI_TRÒ:XÃ,XÃ",
		     "'%s' must be NAME:ROLE or NAME:ROLE:COMMUNE,COMMUNE"},
    [S_BAD_ROLE] = {"vai trò '%s' không có; chọn viewer, handler, supervisor hoặc admin",
		    "there is no role '%s'; choose viewer, handler, supervisor or admin"},
    [S_NO_ACCOUNT] = {"máy này không có người dùng '%s': tạo trước bằng `adduser %s`",
		      "this machine has no user '%s': create it first with `adduser %s`"},
    [S_NO_GROUP_ACCOUNT] = {"máy này không có nhóm '%s': tạo trước bằng `addgroup %s`",
			    "this machine has no group '%s': create it first with `addgroup %s`"},
    [S_GEO_BAD] = {"tệp địa giới %s không dùng được: %s",
		   "the geography file %s is not usable: %s"},
    [S_TOO_MANY] = {"quá nhiều mục (tối đa %s)", "too many entries (at most %s)"},
    [S_ASK_GATEWAY] = {"Số điện thoại của tổng đài (số người dân nhắn tới)",
		       "The gateway's own number (the one villagers text)"},
    [S_ASK_ADMINS] = {"Số điện thoại nhận cảnh báo, cách nhau bằng dấu phẩy",
		      "Phones that get the alerts, separated by commas"},
    [S_ASK_GEO] = {"Tệp địa giới hành chính để nhập (CSV)", "The geography file to import (CSV)"},
    [S_ASK_USERS] = {"Cán bộ dùng bảng điều khiển, dạng tên:vai_trò[:xã] cách nhau bằng "
		     "dấu cách (vai trò: viewer, handler, supervisor, admin)",
		     "Staff who use the console, as name:role[:commune] separated by spaces "
		     "(roles: viewer, handler, supervisor, admin)"},
    [S_ASK_MODEMS] = {"Cổng của modem, cách nhau bằng dấu cách (`tiengdan modems probe` tìm "
		      "chúng)",
		      "The modems' ports, separated by spaces (`tiengdan modems probe` finds "
		      "them)"},
    [S_KEEP] = {"Enter để giữ nguyên", "Enter keeps it"},
    [S_INVALID] = {"cấu hình mới không hợp lệ:", "the new configuration is not valid:"},
    [S_UNCHANGED] = {"%s không bị thay đổi.", "%s was not changed."},
    [S_NOTHING] = {"Không có gì để thay đổi.", "Nothing to change."},
    [S_WRITTEN] = {"Đã ghi %s (%s mục).", "Wrote %s (%s setting(s))."},
    [S_BACKUP] = {"Bản cũ giữ ở %s.", "The previous version is kept as %s."},
    [S_JOINED] = {"Đã thêm %s vào nhóm %s (để dùng bảng điều khiển).",
		  "Added %s to group %s (to reach the console's socket)."},
    [S_JOIN_HINT] = {"%s cần ở trong nhóm %s để dùng bảng điều khiển: `adduser %s %s`.",
		     "%s must be in group %s to reach the console's socket: `adduser %s %s`."},
    [S_NO_DEVICE] = {"lưu ý: %s chưa có trên máy này (modem đã cắm chưa?)",
		     "note: %s does not exist on this machine (is the modem plugged in?)"},
    [S_NEXT_MODEM] = {"Chưa có modem nào: cắm modem, chạy `tiengdan modems probe`, rồi "
		      "`tiengdan setup --modem CỔNG`.",
		      "No modem yet: plug one in, run `tiengdan modems probe`, then "
		      "`tiengdan setup --modem PORT`."},
    [S_NEXT_START] =
	{"Tiếp theo: `tiengdand --udev-rules > /etc/udev/rules.d/61-tiengdan-modems.rules` "
	 "(để ModemManager không chiếm modem), `systemctl restart tiengdand`, rồi "
	 "`tiengdan modems`.",
	 "Next: `tiengdand --udev-rules > /etc/udev/rules.d/61-tiengdan-modems.rules` "
	 "(keeps ModemManager off the modems), `systemctl restart tiengdand`, then "
	 "`tiengdan modems`."},
    [S_WRITE_FAILED] = {"không ghi được %s: %s", "cannot write %s: %s"},
};

static int lang_index;

static const char *T(enum msg m)
{
	return texts[m][lang_index];
}

/* Prints message m with each %s replaced by the next of a0..a3, then a
 * newline; "tiengdan setup: " first on standard error. */
static void say(FILE *out, enum msg m, const char *a0, const char *a1, const char *a2,
		const char *a3)
{
	const char *args[] = {a0, a1, a2, a3};
	size_t next = 0;

	if (out == stderr)
		fputs("tiengdan setup: ", out);
	for (const char *p = T(m); *p; p++) {
		if (p[0] == '%' && p[1] == 's') {
			fputs(next < 4 && args[next] ? args[next] : "", out);
			next++;
			p++;
		} else {
			fputc(*p, out);
		}
	}
	fputc('\n', out);
}

/* A growing string. */
struct buf {
	char *s;
	size_t len, cap;
};

static void buf_add(struct buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->s = xrealloc(b->s, b->cap);
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void buf_str(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

/* s as a libconfig string literal. */
static void buf_quoted(struct buf *b, const char *s)
{
	buf_str(b, "\"");
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			buf_add(b, "\\", 1);
		buf_add(b, s, 1);
	}
	buf_str(b, "\"");
}

/* ---------------------------------------------------------------- editing */

/*
 * The end of the setting whose value starts at p (just after its '='):
 * the offset just past the ';' (or ',') that closes it at nesting depth 0,
 * skipping strings and comments; 0 when the text ends first. With
 * commented true the text is a commented-out example: each line's leading
 * '#' is part of the comment marker, not of the value.
 */
static size_t setting_end(const char *text, size_t p, bool commented)
{
	int depth = 0;

	for (size_t i = p; text[i]; i++) {
		char ch = text[i];

		if (commented && ch == '\n') {
			/* The example goes on only on a line that is commented too. */
			if (text[i + 1] != '#')
				return 0;
			i++;
			continue;
		}
		if (ch == '"') {
			for (i++; text[i] && text[i] != '"' && text[i] != '\n'; i++)
				if (text[i] == '\\' && text[i + 1])
					i++;
			if (text[i] != '"')
				return 0;
		} else if (!commented && (ch == '#' || (ch == '/' && text[i + 1] == '/'))) {
			while (text[i + 1] && text[i + 1] != '\n')
				i++;
		} else if (!commented && ch == '/' && text[i + 1] == '*') {
			const char *e = strstr(text + i + 2, "*/");
			if (!e)
				return 0;
			i = (size_t)(e - text) + 1;
		} else if (ch == '(' || ch == '[' || ch == '{') {
			depth++;
		} else if (ch == ')' || ch == ']' || ch == '}') {
			depth--;
		} else if ((ch == ';' || ch == ',') && depth <= 0) {
			return i + 1;
		}
	}
	return 0;
}

/* Finds "name =" (or "#name =" when commented) at the start of a line;
 * returns the offset of the line's start and sets *value to the offset
 * just past '=', or -1. */
static long find_setting(const char *text, const char *name, bool commented, size_t *value)
{
	size_t n = strlen(name);

	for (const char *line = text; line && *line;
	     line = strchr(line, '\n'), line = line ? line + 1 : NULL) {
		const char *p = line;

		if (commented) {
			if (*p != '#')
				continue;
			p++;
		}
		if (strncmp(p, name, n) != 0)
			continue;
		p += n;
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p != '=' && *p != ':')
			continue;
		*value = (size_t)(p + 1 - text);
		return line - text;
	}
	return -1;
}

/*
 * Sets the top-level setting name to value (libconfig text, without the
 * final ';') in text: replaces the active setting where it stands, or
 * writes it after its commented example, or at the end. Returns the new
 * text (the old one is freed).
 */
static char *set_setting(char *text, const char *name, const char *value)
{
	struct buf out = {0};
	size_t value_at, end;
	long start = find_setting(text, name, false, &value_at);
	bool replace = start >= 0;
	char *line;

	if (asprintf(&line, "%s = %s;", name, value) < 0)
		abort();
	end = replace ? setting_end(text, value_at, false) : 0;
	if (replace && end == 0)
		replace = false; /* malformed: the loader will say where */
	if (!replace) {
		start = find_setting(text, name, true, &value_at);
		end = start >= 0 ? setting_end(text, value_at, true) : 0;
		if (start >= 0 && end > 0) {
			/* After the example, on a line of its own. */
			const char *nl = strchr(text + end, '\n');
			start = (long)(nl ? (size_t)(nl + 1 - text) : strlen(text));
			end = (size_t)start;
		} else {
			start = (long)strlen(text);
			end = (size_t)start;
		}
	}
	buf_add(&out, text, (size_t)start);
	if (out.len > 0 && out.s[out.len - 1] != '\n')
		buf_str(&out, "\n");
	buf_str(&out, line);
	if (!replace)
		buf_str(&out, "\n");
	buf_str(&out, text + end);
	free(line);
	free(text);
	return out.s;
}

/* ---------------------------------------------------------------- values */

struct setup {
	const char *gateway;
	char *admins; /* comma separated */
	const char *geography;
	const char *users[MAX_ENTRIES];
	size_t n_users;
	const char *groups[MAX_ENTRIES];
	size_t n_groups;
	const char *modems[MAX_ENTRIES];
	size_t n_modems;
	bool yes, dry_run;
	char *owned[4 * MAX_ENTRIES]; /* answers read interactively */
	size_t n_owned;
};

static const char *const roles[] = {"viewer", "handler", "supervisor", "admin", NULL};

/* Checks NAME:ROLE[:COMMUNES] and writes it as a users entry. */
static int users_entry(struct buf *b, const char *spec, bool group)
{
	char *copy = xstrdup(spec), *name = copy, *role, *communes;
	bool known = false;
	int rc = -1;

	role = strchr(copy, ':');
	if (!role || role == copy) {
		say(stderr, S_BAD_ENTRY, spec, NULL, NULL, NULL);
		goto out;
	}
	*role++ = '\0';
	communes = strchr(role, ':');
	if (communes)
		*communes++ = '\0';
	for (size_t i = 0; roles[i]; i++)
		known = known || strcmp(role, roles[i]) == 0;
	if (!known) {
		say(stderr, S_BAD_ROLE, role, NULL, NULL, NULL);
		goto out;
	}
	if (group ? !getgrnam(name) : !getpwnam(name)) {
		say(stderr, group ? S_NO_GROUP_ACCOUNT : S_NO_ACCOUNT, name, name, NULL, NULL);
		goto out;
	}
	buf_str(b, b->len ? ",\n  { " : "(\n  { ");
	buf_str(b, group ? "group = " : "user = ");
	buf_quoted(b, name);
	buf_str(b, "; role = ");
	buf_quoted(b, role);
	buf_str(b, ";");
	if (communes && *communes) {
		char *save = NULL;
		bool first = true;

		buf_str(b, " communes = [ ");
		for (char *c = strtok_r(communes, ",", &save); c; c = strtok_r(NULL, ",", &save)) {
			buf_str(b, first ? "" : ", ");
			buf_quoted(b, c);
			first = false;
		}
		buf_str(b, " ];");
	}
	buf_str(b, " }");
	rc = 0;
out:
	free(copy);
	return rc;
}

/* The geography file must read as units: a CSV with code, name and level. */
static int check_geography(const char *file)
{
	struct tderr e = {0};
	char msg[512];
	FILE *in = fopen(file, "r");
	json_t *rows;

	if (!in) {
		say(stderr, S_GEO_BAD, file, strerror(errno), NULL, NULL);
		return -1;
	}
	rows = csv_read_objects(in, &e);
	fclose(in);
	if (rows && json_array_size(rows) > 0) {
		json_t *first = json_array_get(rows, 0);
		if (!json_object_get(first, "code") || !json_object_get(first, "name") ||
		    !json_object_get(first, "level")) {
			snprintf(msg, sizeof(msg), "code, name, level?");
			json_decref(rows);
			rows = NULL;
			say(stderr, S_GEO_BAD, file, msg, NULL, NULL);
			return -1;
		}
	}
	if (!rows || json_array_size(rows) == 0) {
		if (rows)
			snprintf(msg, sizeof(msg), "0 units");
		else
			tderr_format(&e, lang_index ? "en" : "vi", msg, sizeof(msg));
		json_decref(rows);
		say(stderr, S_GEO_BAD, file, msg, NULL, NULL);
		return -1;
	}
	json_decref(rows);
	return 0;
}

/* Asks one question on the terminal; returns the answer (owned by s) or
 * NULL when it is empty (keep the current value). */
static const char *ask(struct setup *s, enum msg question, const char *current)
{
	char line[1024];
	size_t n;

	printf("%s", T(question));
	if (current && *current)
		printf(" [%s]", current);
	printf(" (%s): ", T(S_KEEP));
	fflush(stdout);
	if (!fgets(line, sizeof(line), stdin))
		return NULL;
	n = strcspn(line, "\r\n");
	line[n] = '\0';
	if (n == 0 || s->n_owned == sizeof(s->owned) / sizeof(s->owned[0]))
		return NULL;
	return s->owned[s->n_owned++] = xstrdup(line);
}

/* Splits an answer at spaces into list (appending). */
static void split_words(const char *answer, const char **list, size_t *n)
{
	char *copy = (char *)answer;
	char *save = NULL;

	for (char *w = strtok_r(copy, " \t,", &save); w && *n < MAX_ENTRIES;
	     w = strtok_r(NULL, " \t,", &save))
		list[(*n)++] = w;
}

/* Asks for what the flags did not give, showing what the file has. */
static void interview(struct setup *s, const struct conf *c)
{
	char current[512] = "";
	const char *a;

	if (!s->gateway)
		s->gateway = ask(s, S_ASK_GATEWAY, c ? c->gateway_number : NULL);
	if (!s->admins) {
		for (size_t i = 0; c && i < c->admin_phones.n; i++)
			snprintf(current + strlen(current), sizeof(current) - strlen(current),
				 "%s%s", i ? "," : "", c->admin_phones.v[i]);
		a = ask(s, S_ASK_ADMINS, current);
		s->admins = a ? xstrdup(a) : NULL;
	}
	if (!s->geography) {
		const char *def = c && c->geography ? c->geography : NULL;
		s->geography = ask(s, S_ASK_GEO, def);
	}
	if (!s->n_users && !s->n_groups) {
		a = ask(s, S_ASK_USERS, NULL);
		if (a)
			split_words(a, s->users, &s->n_users);
	}
	if (!s->n_modems) {
		a = ask(s, S_ASK_MODEMS, NULL);
		if (a)
			split_words(a, s->modems, &s->n_modems);
	}
}

/* Adds each user entry's account to the socket's group (as root), or says
 * how to. */
static void join_socket_group(const struct setup *s, const char *group)
{
	struct group *g = getgrnam(group);

	for (size_t i = 0; i < s->n_users; i++) {
		char name[256];
		bool member = false;
		pid_t pid;
		int status;

		snprintf(name, sizeof(name), "%.*s", (int)strcspn(s->users[i], ":"), s->users[i]);
		if (strcmp(name, "root") == 0)
			continue;
		for (char **m = g ? g->gr_mem : NULL; m && *m; m++)
			member = member || strcmp(*m, name) == 0;
		if (member)
			continue;
		if (g && geteuid() == 0) {
			pid = fork();
			if (pid == 0) {
				execlp("usermod", "usermod", "-a", "-G", group, name, (char *)NULL);
				_exit(127);
			}
			if (pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
			    WEXITSTATUS(status) == 0) {
				say(stdout, S_JOINED, name, group, NULL, NULL);
				continue;
			}
		}
		say(stdout, S_JOIN_HINT, name, group, name, group);
	}
}

static char *read_file(const char *path)
{
	FILE *in = fopen(path, "r");
	char *s = NULL;
	size_t cap = 0;
	ssize_t n;

	if (!in)
		return NULL;
	n = getdelim(&s, &cap, '\0', in);
	fclose(in);
	if (n < 0) {
		free(s);
		return xstrdup("");
	}
	return s;
}

/* Writes text to path.tmp with the mode and owner of ref, fsyncs it and
 * renames it over path. 0 or -1 (errno). */
static int write_replace(const char *path, const char *textv, const struct stat *ref)
{
	char *tmp;
	int fd, rc = -1;
	size_t len = strlen(textv), off = 0;

	if (asprintf(&tmp, "%s.setup-new", path) < 0)
		abort();
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, ref->st_mode & 07777);
	if (fd < 0)
		goto out;
	while (off < len) {
		ssize_t w = write(fd, textv + off, len - off);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			close(fd);
			goto out;
		}
		off += (size_t)w;
	}
	if (fchmod(fd, ref->st_mode & 07777) < 0 ||
	    (geteuid() == 0 && fchown(fd, ref->st_uid, ref->st_gid) < 0) || fsync(fd) < 0) {
		close(fd);
		goto out;
	}
	close(fd);
	rc = rename(tmp, path);
out:
	if (rc < 0) {
		int saved = errno;
		unlink(tmp);
		errno = saved;
	}
	free(tmp);
	return rc;
}

static int copy_file(const char *from, const char *to, const struct stat *ref)
{
	char *textv = read_file(from);
	int rc;

	if (!textv)
		return -1;
	rc = write_replace(to, textv, ref);
	free(textv);
	return rc;
}

/* Validates text as the configuration at path (in the same folder, so
 * relative paths mean the same) with the daemon's loader. */
static bool valid_as(const char *path, const char *textv)
{
	char *probe, err[4096] = "";
	struct conf *c;
	FILE *out;

	if (asprintf(&probe, "%s.setup-check", path) < 0)
		abort();
	out = fopen(probe, "w");
	if (!out) {
		say(stderr, S_WRITE_FAILED, probe, strerror(errno), NULL, NULL);
		free(probe);
		return false;
	}
	fputs(textv, out);
	fclose(out);
	c = conf_load(probe, err, sizeof(err));
	unlink(probe);
	if (!c) {
		/* The messages name the file being set up, not the scratch copy. */
		size_t n = strlen(probe);

		fprintf(stderr, "tiengdan setup: %s\n", T(S_INVALID));
		for (const char *p = err; *p;) {
			const char *hit = strstr(p, probe);
			if (!hit) {
				fputs(p, stderr);
				break;
			}
			fwrite(p, 1, (size_t)(hit - p), stderr);
			fputs(path, stderr);
			p = hit + n;
		}
		free(probe);
		return false;
	}
	free(probe);
	conf_free(c);
	return true;
}

int cmd_setup_run(struct console *con, const struct command *cmd, int argc, char **argv)
{
	static const struct option opts[] = {{"gateway-number", required_argument, NULL, 'g'},
					     {"admin-phones", required_argument, NULL, 'a'},
					     {"geography", required_argument, NULL, 'G'},
					     {"user", required_argument, NULL, 'u'},
					     {"group", required_argument, NULL, 'r'},
					     {"modem", required_argument, NULL, 'm'},
					     {"cockpit", no_argument, NULL, 'c'},
					     {"yes", no_argument, NULL, 'y'},
					     {"dry-run", no_argument, NULL, 'n'},
					     {"help", no_argument, NULL, 'h'},
					     {NULL, 0, NULL, 0}};
	struct setup s = {0};
	struct buf users = {0}, v = {0};
	struct stat st;
	struct conf *current;
	char err[4096] = "", *textv = NULL, *bak = NULL, count[16];
	const char *path = con->conf_path, *socket_group = "tiengdan";
	int opt, rc = EXIT_FAILED, changed = 0;
	bool cockpit = false;

	lang_index = strcmp(con->lang, "en") == 0;
	optind = 0;
	opterr = 1;
	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (opt) {
		case 'g':
			s.gateway = optarg;
			break;
		case 'a':
			free(s.admins);
			s.admins = xstrdup(optarg);
			break;
		case 'G':
			s.geography = optarg;
			break;
		case 'u':
		case 'r':
		case 'm': {
			const char **list = opt == 'u' ? s.users : opt == 'r' ? s.groups : s.modems;
			size_t *n = opt == 'u'	 ? &s.n_users
				    : opt == 'r' ? &s.n_groups
						 : &s.n_modems;
			if (*n == MAX_ENTRIES) {
				say(stderr, S_TOO_MANY, "64", NULL, NULL, NULL);
				return EXIT_USAGE;
			}
			list[(*n)++] = optarg;
			break;
		}
		case 'c':
			cockpit = true;
			break;
		case 'y':
			s.yes = true;
			break;
		case 'n':
			s.dry_run = true;
			break;
		case 'h':
			console_command_help(con, cmd, stdout);
			return EXIT_OK;
		default:
			fprintf(stderr, "%s\n", T(S_USAGE));
			return EXIT_USAGE;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "%s\n", T(S_USAGE));
		return EXIT_USAGE;
	}
	if (stat(path, &st) < 0 || !(textv = read_file(path))) {
		say(stderr, S_NO_FILE, path, strerror(errno), NULL, NULL);
		goto out;
	}
	/* The file as it is now: its values are the defaults of the questions. */
	current = conf_load(path, err, sizeof(err));
	if (current && current->socket_group)
		socket_group = current->socket_group;
	if (!s.yes && isatty(STDIN_FILENO))
		interview(&s, current);

	if (s.gateway) {
		v.len = 0;
		buf_quoted(&v, s.gateway);
		textv = set_setting(textv, "gateway_number", v.s);
		changed++;
	}
	if (s.admins) {
		char *save = NULL;
		bool first = true;

		v.len = 0;
		buf_str(&v, "[ ");
		for (char *p = strtok_r(s.admins, ", ", &save); p;
		     p = strtok_r(NULL, ", ", &save)) {
			buf_str(&v, first ? "" : ", ");
			buf_quoted(&v, p);
			first = false;
		}
		buf_str(&v, " ]");
		textv = set_setting(textv, "admin_phones", v.s);
		changed++;
	}
	if (s.geography) {
		char *abs = realpath(s.geography, NULL);
		if (check_geography(s.geography) < 0) {
			free(abs);
			goto out_conf;
		}
		v.len = 0;
		buf_quoted(&v, abs ? abs : s.geography);
		free(abs);
		textv = set_setting(textv, "geography", v.s);
		changed++;
	}
	if (s.n_users || s.n_groups) {
		for (size_t i = 0; i < s.n_users; i++)
			if (users_entry(&users, s.users[i], false) < 0)
				goto out_conf;
		for (size_t i = 0; i < s.n_groups; i++)
			if (users_entry(&users, s.groups[i], true) < 0)
				goto out_conf;
		buf_str(&users, "\n)");
		textv = set_setting(textv, "users", users.s);
		changed++;
	}
	if (s.n_modems) {
		v.len = 0;
		buf_str(&v, "(");
		for (size_t i = 0; i < s.n_modems; i++) {
			char id[32];

			snprintf(id, sizeof(id), "usb%zu", i + 1);
			buf_str(&v, i ? ",\n  { id = " : "\n  { id = ");
			buf_quoted(&v, id);
			buf_str(&v, "; gammu = { device = ");
			buf_quoted(&v, s.modems[i]);
			buf_str(&v, "; connection = \"at\"; }; }");
			if (access(s.modems[i], F_OK) < 0) {
				say(stdout, S_NO_DEVICE, s.modems[i], NULL, NULL, NULL);
			}
		}
		buf_str(&v, "\n)");
		textv = set_setting(textv, "modems", v.s);
		changed++;
	}
	if (!changed) {
		if (cockpit) {
			rc = setup_cockpit(lang_index, s.dry_run) < 0 ? EXIT_FAILED : EXIT_OK;
			goto out_conf;
		}
		printf("%s\n", T(S_NOTHING));
		rc = EXIT_OK;
		goto out_conf;
	}
	if (!valid_as(path, textv)) {
		say(stderr, S_UNCHANGED, path, NULL, NULL, NULL);
		goto out_conf;
	}
	if (s.dry_run) {
		fputs(textv, stdout);
		rc = cockpit && setup_cockpit(lang_index, true) < 0 ? EXIT_FAILED : EXIT_OK;
		goto out_conf;
	}
	if (asprintf(&bak, "%s.bak", path) < 0)
		abort();
	if (copy_file(path, bak, &st) < 0 || write_replace(path, textv, &st) < 0) {
		say(stderr, S_WRITE_FAILED, path, strerror(errno), NULL, NULL);
		goto out_conf;
	}
	snprintf(count, sizeof(count), "%d", changed);
	say(stdout, S_WRITTEN, path, count, NULL, NULL);
	say(stdout, S_BACKUP, bak, NULL, NULL, NULL);
	join_socket_group(&s, socket_group);
	{
		/* What the file now says about modems decides the next step. */
		struct conf *now = conf_load(path, err, sizeof(err));
		printf("%s\n", T(now && now->n_modems ? S_NEXT_START : S_NEXT_MODEM));
		conf_free(now);
	}
	rc = cockpit && setup_cockpit(lang_index, false) < 0 ? EXIT_FAILED : EXIT_OK;
out_conf:
	conf_free(current);
out:
	for (size_t i = 0; i < s.n_owned; i++)
		free(s.owned[i]);
	free(s.admins);
	free(users.s);
	free(v.s);
	free(textv);
	free(bak);
	return rc;
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * tiengdan parse: shows how the daemon would understand an SMS, without a
 * daemon or a database. Human output in Vietnamese (or English), or one JSON
 * object per message.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "console.h"
#include "conf/conf.h"
#include "core/parse.h"

enum lang { LANG_VI = 0, LANG_EN };

/* Labels of the fields in human output: key, Vietnamese, English. */
static const struct {
	const char *key;
	const char *text[2];
} labels[] = {
    {"command", {"lệnh", "command"}},
    {"error", {"lỗi", "error"}},
    {"form", {"cú pháp đúng", "right form"}},
    {"keyword", {"từ khoá", "keyword"}},
    {"fuzzy", {"khớp gần đúng", "fuzzy match"}},
    {"body", {"nội dung", "body"}},
    {"unkeyed", {"không có từ khoá", "unkeyed"}},
    {"hint", {"gợi ý", "hint"}},
    {"code", {"mã", "code"}},
    {"code_digits", {"chữ số của mã", "code digits"}},
    {"code_prefix", {"tiền tố", "prefix"}},
    {"notices", {"thông báo", "notices"}},
    {"poll", {"cuộc biểu quyết", "poll"}},
    {"choice", {"lựa chọn", "choice"}},
    {"village", {"thôn", "village"}},
    {"name", {"họ tên", "name"}},
    {"date", {"ngày họp", "date"}},
    {"date_iso", {"ngày (ISO)", "date (ISO)"}},
    {"present", {"số hộ dự", "present"}},
    {"total", {"tổng số hộ", "households"}},
    {"opinions", {"số ý kiến", "opinions"}},
    {"quorum", {"đủ số hộ", "quorum"}},
    {"topic", {"chủ đề", "topic"}},
    {"invalid_utf8", {"UTF-8 lỗi đã thay", "invalid UTF-8 replaced"}},
    {"in_context", {"trả lời theo tin đã gửi", "reply in context"}},
};

/* Command names shown in Vietnamese, indexed by enum sms_command. */
static const char *const command_vi[SMS_N_COMMANDS] = {
    [SMS_FEEDBACK] = "phản ánh, kiến nghị",
    [SMS_COMPLAINT] = "khiếu nại",
    [SMS_DENUNCIATION] = "tố cáo",
    [SMS_ACK] = "xác nhận đã đọc",
    [SMS_STATUS] = "tra cứu",
    [SMS_MEETING] = "báo cáo họp thôn",
    [SMS_VOTE] = "biểu quyết",
    [SMS_REGISTER] = "đăng ký",
    [SMS_OPTOUT] = "từ chối nhận tin",
    [SMS_HELP] = "hướng dẫn",
    [SMS_UNCLEAR] = "không rõ (chào hỏi)",
    [SMS_ERROR] = "sai cú pháp",
};

struct opts {
	enum parse_role role;
	struct meeting_date today;
	bool json;
	enum lang lang;
	const char *config;
	char notice[24]; /* --after-notice, "TB12"; "" if not given */
	char poll[24];	 /* --after-poll */
};

static const char *label(const char *key, enum lang lang)
{
	for (size_t i = 0; i < sizeof(labels) / sizeof(labels[0]); i++)
		if (strcmp(labels[i].key, key) == 0)
			return labels[i].text[lang];
	return key;
}

/* ------------------------------------------------------------------ JSON */

static void set_str(json_t *o, const char *key, const char *v)
{
	if (v)
		json_object_set_new(o, key, json_string(v));
}

static void add_meeting(json_t *f, const struct parse_result *r)
{
	const struct meeting_report *m = &r->meeting;
	char buf[16];

	set_str(f, "date", meeting_date_format(m->date, m->year_given, buf, sizeof(buf)));
	snprintf(buf, sizeof(buf), "%04d-%02d-%02d", m->date.year, m->date.month, m->date.day);
	set_str(f, "date_iso", buf);
	json_object_set_new(f, "present", json_integer(m->present));
	json_object_set_new(f, "total", json_integer(m->total));
	if (m->opinions >= 0)
		json_object_set_new(f, "opinions", json_integer(m->opinions));
	json_object_set_new(f, "quorum", json_boolean(m->quorum));
	set_str(f, "topic", r->topic);
}

/* The fields of r as a JSON object (caller owns the reference). */
static json_t *fields_json(const struct parse_result *r)
{
	json_t *f = json_object();
	char buf[CODE_MAX_LEN];

	set_str(f, "keyword", r->keyword);
	if (r->fuzzy)
		json_object_set_new(f, "fuzzy", json_true());
	set_str(f, "body", r->body);
	if (r->command == SMS_FEEDBACK)
		json_object_set_new(f, "unkeyed", json_boolean(r->unkeyed));
	set_str(f, "hint", r->hint);
	if (r->has_code) {
		set_str(f, "code", code_format(&r->code, buf));
		set_str(f, "code_digits", r->code.digits);
		if (r->code.prefix[0])
			set_str(f, "code_prefix", r->code.prefix);
	}
	if (r->n_notices) {
		json_t *a = json_array();
		for (size_t i = 0; i < r->n_notices; i++)
			json_array_append_new(a, json_string(r->notices[i]));
		json_object_set_new(f, "notices", a);
	}
	set_str(f, "poll", r->poll);
	set_str(f, "choice", r->choice);
	set_str(f, "village", r->village);
	set_str(f, "name", r->name);
	if (r->has_meeting)
		add_meeting(f, r);
	if (r->command == SMS_HELP)
		set_str(f, "topic", r->help_topic);
	set_str(f, "form", r->form);
	if (r->invalid_utf8)
		json_object_set_new(f, "invalid_utf8", json_true());
	if (r->in_context)
		json_object_set_new(f, "in_context", json_true());
	return f;
}

static json_t *result_json(const struct parse_result *r, const struct parse_context *ctx)
{
	json_t *o = json_object();

	json_object_set_new(o, "command", json_string(keywords_command_name(r->command)));
	if (ctx) {
		json_t *c = json_object();
		set_str(c, "notice", ctx->notice);
		set_str(c, "poll", ctx->poll);
		json_object_set_new(o, "context", c);
	}
	json_object_set_new(o, "fields", fields_json(r));
	json_object_set_new(o, "error", r->error ? json_string(r->error) : json_null());
	return o;
}

/* ---------------------------------------------------------- human output */

static void print_value(const json_t *v, enum lang lang)
{
	size_t i;
	json_t *e;

	if (json_is_string(v))
		fputs(json_string_value(v), stdout);
	else if (json_is_integer(v))
		printf("%lld", (long long)json_integer_value(v));
	else if (json_is_boolean(v))
		fputs(json_is_true(v) ? (lang == LANG_VI ? "có" : "yes") : (lang ? "no" : "không"),
		      stdout);
	else if (json_is_array(v))
		json_array_foreach(v, i, e) printf("%s%s", i ? ", " : "", json_string_value(e));
}

static void print_human(const struct parse_result *r, const json_t *o, enum lang lang,
			const char *text)
{
	const char *key;
	json_t *v;

	printf("%s: %s\n", lang == LANG_VI ? "tin nhắn" : "message", text);
	json_object_foreach(json_object_get(o, "context"), key, v)
	    printf("  %s: %s\n",
		   strcmp(key, "poll") == 0 ? (lang == LANG_VI ? "sau biểu quyết" : "after poll")
					    : (lang == LANG_VI ? "sau thông báo" : "after notice"),
		   json_string_value(v));
	if (lang == LANG_VI)
		printf("  %s: %s (%s)\n", label("command", lang), command_vi[r->command],
		       keywords_command_name(r->command));
	else
		printf("  %s: %s\n", label("command", lang), keywords_command_name(r->command));
	if (r->error)
		printf("  %s: %s\n", label("error", lang), r->error);
	json_object_foreach(json_object_get(o, "fields"), key, v)
	{
		printf("  %s: ", label(key, lang));
		print_value(v, lang);
		putchar('\n');
	}
}

/* ------------------------------------------------------------ the command */

static void usage(FILE *out)
{
	fputs("usage: tiengdan parse [--role resident|head|deputy] [--today YYYY-MM-DD]\n"
	      "                      [--after-notice CODE] [--after-poll CODE]\n"
	      "                      [--json] [--lang vi|en] [--config FILE] TEXT... | -\n"
	      "Shows how the daemon would understand each TEXT (one message per argument;\n"
	      "'-' reads one message per line from standard input). --after-notice and\n"
	      "--after-poll read a message without a keyword as a reply to that notice\n"
	      "or poll, as the daemon does for a number it sent one to lately.\n",
	      out);
}

/* Parses and prints one message; returns 0, or -1 when out of memory. */
static int run_one(const struct parse_options *po, const struct opts *o, const char *text)
{
	struct parse_context ctx = {.notice = o->notice[0] ? o->notice : NULL,
				    .poll = o->poll[0] ? o->poll : NULL};
	bool in_ctx = ctx.notice || ctx.poll;
	struct parse_result *r = NULL;
	json_t *j;

	if (parse_message_in(po, in_ctx ? &ctx : NULL, text, strlen(text), o->role, o->today, &r) !=
	    0)
		return -1;
	j = result_json(r, in_ctx ? &ctx : NULL);
	if (o->json) {
		char *s = json_dumps(j, JSON_COMPACT);
		if (s)
			puts(s);
		free(s);
	} else {
		print_human(r, j, o->lang, r->text);
	}
	json_decref(j);
	parse_result_free(r);
	return 0;
}

/* One message per line of standard input. */
static int run_stdin(const struct parse_options *po, const struct opts *o)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int rc = 0;

	while (rc == 0 && (n = getline(&line, &cap, stdin)) >= 0) {
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		rc = run_one(po, o, line);
	}
	free(line);
	return rc;
}

static int parse_today(const char *s, struct meeting_date *d)
{
	char end;

	if (sscanf(s, "%4d-%2d-%2d%c", &d->year, &d->month, &d->day, &end) != 3)
		return -1;
	return meeting_date_valid(d->year, d->month, d->day) ? 0 : -1;
}

/* "TB12", "tb 12", "12" -> "TB12" into out (24 bytes); -1 if not a code. */
static int notice_arg(const char *s, char *out)
{
	size_t n = 0;

	if ((s[0] == 'T' || s[0] == 't') && (s[1] == 'B' || s[1] == 'b'))
		s += 2;
	s += strspn(s, " ");
	if (!*s || strspn(s, "0123456789") != strlen(s) || strlen(s) > 18)
		return -1;
	n = (size_t)snprintf(out, 24, "TB%s", s);
	return n < 24 ? 0 : -1;
}

static enum lang lang_from_env(void)
{
	const char *v = getenv("LC_ALL");

	if (!v || !*v)
		v = getenv("LANG");
	return v && strncmp(v, "en", 2) == 0 ? LANG_EN : LANG_VI;
}

/* Reads the options into o; returns the index of the first TEXT, or -1
 * (after printing why) on a usage error, -2 for --help. */
static int read_options(int argc, char **argv, struct opts *o)
{
	static const struct option longopts[] = {
	    {"role", required_argument, NULL, 'r'},
	    {"today", required_argument, NULL, 't'},
	    {"json", no_argument, NULL, 'j'},
	    {"lang", required_argument, NULL, 'l'},
	    {"config", required_argument, NULL, 'c'},
	    {"after-notice", required_argument, NULL, 'n'},
	    {"after-poll", required_argument, NULL, 'p'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	int ch, role;

	optind = 0;
	while ((ch = getopt_long(argc, argv, "r:t:jl:c:n:p:h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'r':
			if ((role = parse_role_from_name(optarg)) < 0) {
				fprintf(stderr, "tiengdan parse: unknown role '%s'\n", optarg);
				return -1;
			}
			o->role = (enum parse_role)role;
			break;
		case 't':
			if (parse_today(optarg, &o->today) != 0) {
				fprintf(stderr, "tiengdan parse: --today wants YYYY-MM-DD\n");
				return -1;
			}
			break;
		case 'j':
			o->json = true;
			break;
		case 'l':
			o->lang = strcmp(optarg, "en") == 0 ? LANG_EN : LANG_VI;
			break;
		case 'c':
			o->config = optarg;
			break;
		case 'n':
		case 'p':
			if (notice_arg(optarg, ch == 'n' ? o->notice : o->poll) != 0) {
				fprintf(stderr,
					"tiengdan parse: --after-%s wants a code like TB12\n",
					ch == 'n' ? "notice" : "poll");
				return -1;
			}
			break;
		case 'h':
			return -2;
		default:
			return -1;
		}
	}
	return optind;
}

/* The keyword table: defaults plus the aliases of --config FILE. */
static struct keywords *load_keywords(const char *config)
{
	struct keywords *kw = keywords_new_default();
	struct conf *c = NULL;
	const char *reason = NULL, *bad = NULL;
	char err[1024];

	if (!kw || !config)
		return kw;
	c = conf_load(config, err, sizeof(err));
	if (!c) {
		fprintf(stderr, "tiengdan parse: %s\n", err);
		goto fail;
	}
	if (keywords_add_conf(kw, c->keywords, c->n_keywords, &reason, &bad) != 0) {
		fprintf(stderr, "tiengdan parse: %s: keyword '%s': %s\n", config, bad ? bad : "",
			reason ? reason : "invalid");
		goto fail;
	}
	conf_free(c);
	return kw;
fail:
	conf_free(c);
	keywords_free(kw);
	return NULL;
}

int cmd_parse(int argc, char **argv)
{
	struct opts o = {.role = PARSE_ROLE_RESIDENT, .lang = lang_from_env()};
	struct parse_options po = {0};
	struct keywords *kw = NULL;
	time_t now = time(NULL);
	struct tm tm;
	int first, rc = 1;

	localtime_r(&now, &tm);
	o.today = (struct meeting_date){tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
	first = read_options(argc, argv, &o);
	if (first == -2) {
		usage(stdout);
		return 0;
	}
	if (first < 0 || first >= argc) {
		usage(stderr);
		return 2;
	}
	if (!(kw = load_keywords(o.config)))
		return 1;
	po.keywords = kw;
	for (int i = first; i < argc; i++) {
		int r = strcmp(argv[i], "-") == 0 ? run_stdin(&po, &o) : run_one(&po, &o, argv[i]);
		if (r != 0) {
			fputs("tiengdan parse: out of memory\n", stderr);
			goto out;
		}
	}
	rc = 0;
out:
	keywords_free(kw);
	return rc;
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * report: the daemon's figures for a period printed as the sentences of a
 * district report's footnotes ("Trong kỳ, tiếp nhận 73 đơn …, đã giải quyết
 * dứt điểm 44 đơn, còn 14 đơn …"), in Vietnamese or English, or as CSV rows
 * (total, by kind, by unit) or the JSON the daemon sent.
 */
#include <stdlib.h>
#include <string.h>

#include "console.h"
#include "util/xalloc.h"

#define CSV_COLUMNS                                                                                \
	"group,kind,unit,name,carried_over,received,total,resolved,on_time,on_time_rate,"          \
	"transferred,other_closed,pending,overdue,meetings,households_present,households_total,"   \
	"opinions,quorum_met,notices,notice_recipients,notice_sent,notice_delivered,ack_asked,"    \
	"acknowledged,ack_rate,polls,polls_decided"

/* The phrases of the text; $1..$9 are filled with numbers or names. */
enum phrase {
	P_HEAD,
	P_ALL,
	P_NO_CASES,
	P_CASES,
	P_RESOLVED,
	P_ON_TIME,
	P_TRANSFERRED,
	P_OTHER,
	P_PENDING,
	P_OVERDUE,
	P_NONE_PENDING,
	P_MEETINGS,
	P_NO_MEETINGS,
	P_BY_UNIT,
	P_UNIT_LINE,
	P_UNPLACED,
	P_COUNT,
};

static const char *const phrases[P_COUNT][2] = {
    [P_HEAD] = {"$1, từ $2 đến $3:", "$1, $2 to $3:"},
    [P_ALL] = {"Toàn địa bàn", "All units"},
    [P_NO_CASES] = {"Trong kỳ không có đơn nào.", "No cases in the period."},
    [P_CASES] = {"Trong kỳ, tiếp nhận $1 đơn ($2), trong đó: $3 đơn kỳ trước chuyển qua; $4 đơn "
		 "tiếp nhận trong kỳ.",
		 "In the period, $1 case(s) were handled ($2): $3 carried over from the previous "
		 "period and $4 received in the period."},
    [P_RESOLVED] = {" Đã giải quyết dứt điểm $1 đơn", " $1 resolved"},
    [P_ON_TIME] = {" ($1 đơn đúng hạn, đạt $2)", " ($1 on time, $2)"},
    [P_TRANSFERRED] = {"; chuyển cơ quan có thẩm quyền $1 đơn",
		       "; $1 transferred to the competent body"},
    [P_OTHER] = {"; không đủ điều kiện xử lý, gộp hoặc rút $1 đơn",
		 "; $1 not admissible, merged or withdrawn"},
    [P_PENDING] = {"; còn $1 đơn ($2) đang tiếp tục xem xét, giải quyết",
		   "; $1 still being handled ($2)"},
    [P_OVERDUE] = {", trong đó $1 đơn quá hạn", ", $1 of them overdue"},
    [P_NONE_PENDING] = {"; không còn đơn tồn đọng", "; none left pending"},
    [P_MEETINGS] = {"Các thôn đã tổ chức $1 cuộc họp, $2/$3 hộ tham dự ($4), $5 ý kiến; $6 cuộc "
		    "có trên một nửa số hộ tham dự.",
		    "Village meetings: $1 held, $2 of $3 households present ($4), $5 opinions; $6 "
		    "with more than half of the households."},
    [P_NO_MEETINGS] = {"Trong kỳ không có báo cáo họp thôn.",
		       "No village meetings reported in the period."},
    [P_BY_UNIT] = {"Theo đơn vị:", "By unit:"},
    [P_UNIT_LINE] = {"- $1: $2 đơn ($3 kỳ trước chuyển qua, $4 tiếp nhận trong kỳ), đã giải "
		     "quyết $5, còn $6 ($7 quá hạn); $8 cuộc họp, $9 ý kiến.",
		     "- $1: $2 case(s) ($3 carried over, $4 received), $5 resolved, $6 pending "
		     "($7 overdue); $8 meeting(s), $9 opinions."},
    [P_UNPLACED] = {"Chưa rõ thôn", "No village"},
};

/* The kinds in the daemon's order: Vietnamese, English one, English many. */
static const char *const kind_words[3][3] = {
    {"phản ánh", "feedback", "feedback"},
    {"khiếu nại", "complaint", "complaints"},
    {"tố cáo", "denunciation", "denunciations"},
};

/* Unit levels as the text names them. */
static const char *const level_words[][3] = {
    {"province", "tỉnh", "province"},
    {"district", "huyện", "district"},
    {"commune", "xã", "commune"},
    {"village", "thôn", "village"},
};

#define VALS_MAX 9

/* A small text being built (caller frees buf). */
struct text {
	char *buf;
	size_t len;
};

static void text_add(struct text *t, const char *s, size_t n)
{
	t->buf = xrealloc(t->buf, t->len + n + 1);
	memcpy(t->buf + t->len, s, n);
	t->len += n;
	t->buf[t->len] = '\0';
}

/* Appends phrase p with $1..$9 replaced by vals[0..8]. */
static void say(struct text *t, int en, enum phrase p, const char *const *vals)
{
	const char *s = phrases[p][en];

	while (*s) {
		const char *d = strchr(s, '$');
		if (!d) {
			text_add(t, s, strlen(s));
			break;
		}
		text_add(t, s, (size_t)(d - s));
		if (d[1] >= '1' && d[1] <= '9') {
			const char *v = vals[d[1] - '1'];
			text_add(t, v, strlen(v));
			s = d + 2;
		} else {
			text_add(t, "$", 1);
			s = d + 1;
		}
	}
}

/* Numbers as the text writes them (Vietnamese reports write 01 .. 09). */
struct nums {
	char v[VALS_MAX][32];
	const char *p[VALS_MAX];
};

static long long fig(const json_t *obj, const char *key)
{
	return json_integer_value(json_object_get(obj, key));
}

static void num_set(struct nums *n, int i, int en, long long x)
{
	snprintf(n->v[i], sizeof(n->v[i]), !en && x > 0 && x < 10 ? "%02lld" : "%lld", x);
	n->p[i] = n->v[i];
}

static void pct_set(struct nums *n, int i, int en, double x)
{
	char *dot;

	snprintf(n->v[i], sizeof(n->v[i]), "%.1f%%", x);
	dot = strchr(n->v[i], '.');
	if (dot && !en)
		*dot = ',';
	n->p[i] = n->v[i];
}

/* "40 phản ánh, 20 khiếu nại" of the figure key by kind (zeros left out)
 * into out. */
static void kinds_list(const json_t *by_kind, const char *key, int en, char *out, size_t len)
{
	size_t used = 0;

	out[0] = '\0';
	for (size_t k = 0; k < 3 && k < json_array_size(by_kind); k++) {
		long long x = fig(json_array_get(by_kind, k), key);
		struct nums n;
		if (!x)
			continue;
		num_set(&n, 0, en, x);
		used += (size_t)snprintf(out + used, used < len ? len - used : 0, "%s%s %s",
					 used ? ", " : "", n.v[0],
					 en ? kind_words[k][x == 1 ? 1 : 2] : kind_words[k][0]);
	}
}

/* The heading: the unit and its level, or everything; the period. */
static void text_head(struct text *t, int en, const json_t *r)
{
	const json_t *unit = json_object_get(r, "unit");
	const char *level = json_string_value(json_object_get(unit, "level"));
	char name[256], from[16], to[16];
	const char *vals[3] = {name, from, to};

	snprintf(name, sizeof(name), "%s", phrases[P_ALL][en]);
	if (json_is_object(unit)) {
		const char *word = level ? level : "?";
		for (size_t i = 0; level && i < sizeof(level_words) / sizeof(level_words[0]); i++)
			if (!strcmp(level, level_words[i][0]))
				word = level_words[i][1 + en];
		snprintf(name, sizeof(name), "%s (%s)",
			 json_string_value(json_object_get(unit, "name")), word);
	}
	for (int i = 0; i < 2; i++) {
		const char *d = json_string_value(json_object_get(r, i ? "to" : "from"));
		snprintf(i ? to : from, 16, "%.2s/%.2s/%.4s", d + 8, d + 5, d);
	}
	say(t, en, P_HEAD, vals);
	text_add(t, "\n", 1);
}

static void text_cases(struct text *t, int en, const json_t *tot, const json_t *by_kind)
{
	char kinds[256], pending[256];
	struct nums n;
	json_t *rate = json_object_get(tot, "on_time_rate");

	if (!fig(tot, "total")) {
		say(t, en, P_NO_CASES, NULL);
		return;
	}
	kinds_list(by_kind, "total", en, kinds, sizeof(kinds));
	num_set(&n, 0, en, fig(tot, "total"));
	n.p[1] = kinds;
	num_set(&n, 2, en, fig(tot, "carried_over"));
	num_set(&n, 3, en, fig(tot, "received"));
	say(t, en, P_CASES, n.p);
	num_set(&n, 0, en, fig(tot, "resolved"));
	say(t, en, P_RESOLVED, n.p);
	if (json_is_number(rate)) {
		num_set(&n, 0, en, fig(tot, "on_time"));
		pct_set(&n, 1, en, json_number_value(rate));
		say(t, en, P_ON_TIME, n.p);
	}
	if (fig(tot, "transferred")) {
		num_set(&n, 0, en, fig(tot, "transferred"));
		say(t, en, P_TRANSFERRED, n.p);
	}
	if (fig(tot, "other_closed")) {
		num_set(&n, 0, en, fig(tot, "other_closed"));
		say(t, en, P_OTHER, n.p);
	}
	if (fig(tot, "pending")) {
		kinds_list(by_kind, "pending", en, pending, sizeof(pending));
		num_set(&n, 0, en, fig(tot, "pending"));
		n.p[1] = pending;
		say(t, en, P_PENDING, n.p);
		if (fig(tot, "overdue")) {
			num_set(&n, 0, en, fig(tot, "overdue"));
			say(t, en, P_OVERDUE, n.p);
		}
	} else {
		say(t, en, P_NONE_PENDING, NULL);
	}
	text_add(t, ".", 1);
}

static void text_meetings(struct text *t, int en, const json_t *tot)
{
	long long total = fig(tot, "households_total");
	struct nums n;

	if (!fig(tot, "meetings")) {
		say(t, en, P_NO_MEETINGS, NULL);
		return;
	}
	num_set(&n, 0, en, fig(tot, "meetings"));
	num_set(&n, 1, en, fig(tot, "households_present"));
	num_set(&n, 2, en, total);
	pct_set(&n, 3, en, total ? fig(tot, "households_present") * 100.0 / (double)total : 0);
	num_set(&n, 4, en, fig(tot, "opinions"));
	num_set(&n, 5, en, fig(tot, "quorum_met"));
	say(t, en, P_MEETINGS, n.p);
}

static void text_units(struct text *t, int en, const json_t *by_unit)
{
	static const char *const keys[] = {"total",   "carried_over", "received", "resolved",
					   "pending", "overdue",      "meetings", "opinions"};
	size_t i;
	json_t *u;

	say(t, en, P_BY_UNIT, NULL);
	json_array_foreach(by_unit, i, u)
	{
		const char *name = json_string_value(json_object_get(u, "name"));
		struct nums n;

		n.p[0] = name ? name : phrases[P_UNPLACED][en];
		for (int k = 0; k < 8; k++)
			num_set(&n, k + 1, en, fig(u, keys[k]));
		text_add(t, "\n", 1);
		say(t, en, P_UNIT_LINE, n.p);
	}
}

/* The text of the report (caller frees). */
static char *report_text(const struct console *con, const json_t *r)
{
	int en = con->lang && !strcmp(con->lang, "en");
	const json_t *tot = json_object_get(r, "totals");
	struct text t = {0};
	char *notices;

	text_head(&t, en, r);
	text_cases(&t, en, tot, json_object_get(r, "by_kind"));
	text_add(&t, "\n", 1);
	text_meetings(&t, en, tot);
	notices = report_notices_text(r, en);
	text_add(&t, "\n", 1);
	text_add(&t, notices, strlen(notices));
	free(notices);
	if (json_array_size(json_object_get(r, "by_unit"))) {
		text_add(&t, "\n\n", 2);
		text_units(&t, en, json_object_get(r, "by_unit"));
	}
	return t.buf;
}

/* The figures as rows: the totals, each kind, each unit. */
static void print_csv(const struct console *con, const json_t *r)
{
	json_t *rows = json_array(), *row, *v;
	size_t i;

	row = json_pack("{s:s}", "group", "total");
	json_object_update(row, json_object_get(r, "totals"));
	json_array_append_new(rows, row);
	json_array_foreach(json_object_get(r, "by_kind"), i, v)
	{
		row = json_pack("{s:s}", "group", "kind");
		json_object_update(row, v);
		json_array_append_new(rows, row);
	}
	json_array_foreach(json_object_get(r, "by_unit"), i, v)
	{
		row = json_pack("{s:s}", "group", "unit");
		json_object_update(row, v);
		json_array_append_new(rows, row);
	}
	output_rows(con, rows, CSV_COLUMNS, stdout);
	json_decref(rows);
}

/* The text and its narrative (the forms' figures in the footnotes'
 * sentences), printed, or with docx written as a Word document there. */
static int print_text(struct console *con, const json_t *r, const json_t *args, const char *docx)
{
	char *text = report_text(con, r), *story = report_narrative(con, args);
	int rc = EXIT_OK;

	if (!story) {
		free(text);
		return EXIT_FAILED;
	}
	text = xrealloc(text, strlen(text) + strlen(story) + 3);
	strcat(strcat(text, "\n\n"), story);
	if (docx)
		rc = report_docx(con, text, docx);
	else
		fprintf(stdout, "%s\n", text);
	free(story);
	free(text);
	return rc;
}

int run_report(struct console *con, const struct command *cmd, int argc, char **argv)
{
	json_t *args = json_object(), *result = NULL;
	char *docx = NULL;
	int first = console_read_options(con, cmd, argc, argv, args), rc;

	if (first < 0 || console_read_positional(con, cmd, argc, argv, first, args) < 0) {
		json_decref(args);
		return first == -2 ? EXIT_OK : EXIT_USAGE;
	}
	if (json_object_get(args, "form")) {
		rc = run_report_form(con, args);
		json_decref(args);
		return rc;
	}
	if (json_object_get(args, "xlsx")) {
		fprintf(stderr, "tiengdan: --xlsx %s\n", tr(con, "needs_form"));
		json_decref(args);
		return EXIT_USAGE;
	}
	if (json_is_string(json_object_get(args, "docx")))
		docx = xstrdup(json_string_value(json_object_get(args, "docx")));
	json_object_del(args, "docx");
	rc = console_call(con, cmd->op, args, &result);
	if (rc == EXIT_OK) {
		if (con->format == OUT_JSON && !docx)
			output_object(con, result, stdout);
		else if (con->format == OUT_CSV && !docx)
			print_csv(con, result);
		else
			rc = print_text(con, result, args, docx);
	}
	free(docx);
	json_decref(result);
	json_decref(args);
	return rc;
}

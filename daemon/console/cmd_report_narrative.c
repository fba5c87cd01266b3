/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The narrative of a report: the figures of forms 01/TCD and 02/XLD the
 * daemon filled, in the sentences of a district report's footnotes on
 * citizen reception and on đơn ("tổng số lượt tiếp công dân là 42 lượt …",
 * "đã tiếp nhận 73 đơn, trong đó: 18 đơn kỳ trước chuyển qua …").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "console.h"
#include "util/xalloc.h"

#define NUM_LEN 32

/* n as the text writes it: Vietnamese reports write 01 .. 09. */
static const char *nstr(char buf[NUM_LEN], long long n, int en)
{
	snprintf(buf, NUM_LEN, !en && n > 0 && n < 10 ? "%02lld" : "%lld", n);
	return buf;
}

/* Column n (1-based) of the total row of form r. */
static long long col(const json_t *r, int n)
{
	return json_integer_value(
	    json_array_get(json_object_get(json_object_get(r, "total"), "values"), (size_t)n - 1));
}

/* The form code over args' period and unit, NULL when the call failed. */
static json_t *fetch(struct console *con, const json_t *args, const char *code)
{
	json_t *a = json_deep_copy(args), *out = NULL;

	json_object_set_new(a, "form", json_string(code));
	json_object_del(a, "docx");
	if (console_call(con, "report.form", a, &out) != EXIT_OK) {
		json_decref(out);
		out = NULL;
	}
	json_decref(a);
	return out;
}

/* Footnote 11: the reception register (01/TCD). */
static void reception_text(const json_t *r, int en, char *out, size_t len)
{
	char n[12][NUM_LEN], kinds[128], groups[128];

	if (col(r, 3) == 0)
		snprintf(kinds, sizeof(kinds), "%s", en ? "all first-time" : "tiếp lần đầu");
	else
		snprintf(kinds, sizeof(kinds),
			 en ? "%s already seen, %s new" : "%s vụ việc cũ, %s vụ việc mới phát sinh",
			 nstr(n[0], col(r, 3), en), nstr(n[1], col(r, 4), en));
	if (col(r, 5) == 0)
		snprintf(groups, sizeof(groups), "%s",
			 en ? "no large groups" : "không có đoàn đông người");
	else
		snprintf(groups, sizeof(groups),
			 en ? "%s large group(s) of %s persons" : "%s đoàn đông người/%s người",
			 nstr(n[2], col(r, 5), en), nstr(n[3], col(r, 6), en));
	snprintf(
	    out, len,
	    en ? "In the period, citizens were received %s times, %s persons; %s vụ việc (%s); %s. "
		 "Of these: regular reception %s visits/%s persons; reception by the head: %s "
		 "visits/%s persons (%s sessions)."
	       : "Trong kỳ, tổng số lượt tiếp công dân là %s lượt, số người được tiếp là %s người; "
		 "số "
		 "vụ việc: %s vụ (%s); %s. Trong đó: tiếp công dân thường xuyên %s lượt/%s người; "
		 "tiếp công dân của thủ trưởng: %s lượt/%s người (%s kỳ tiếp).",
	    nstr(n[4], col(r, 1), en), nstr(n[5], col(r, 2), en),
	    nstr(n[6], col(r, 3) + col(r, 4), en), kinds, groups, nstr(n[7], col(r, 9), en),
	    nstr(n[8], col(r, 10), en), nstr(n[9], col(r, 18), en), nstr(n[10], col(r, 19), en),
	    nstr(n[11], col(r, 17), en));
}

/* "01 khiếu nại, 13 phản ánh kiến nghị" of the pending đơn into out. */
static void pending_kinds(const json_t *by_kind, int en, char *out, size_t len)
{
	static const char *const keys[][3] = {{"complaint", "khiếu nại", "complaint(s)"},
					      {"denunciation", "tố cáo", "denunciation(s)"},
					      {"feedback", "phản ánh kiến nghị", "petition(s)"}};
	size_t used = 0;
	char n[NUM_LEN];

	out[0] = '\0';
	for (int k = 0; k < 3; k++) {
		long long x = json_integer_value(json_object_get(by_kind, keys[k][0]));
		if (x)
			used += (size_t)snprintf(out + used, used < len ? len - used : 0, "%s%s %s",
						 used ? ", " : "", nstr(n, x, en), keys[k][1 + en]);
	}
}

/* Footnote 12: the đơn (02/XLD and the outcome within competence). */
static void don_text(const json_t *r, int en, char *out, size_t len)
{
	const json_t *o = json_object_get(r, "outcome"), *rate = json_object_get(o, "on_time_rate");
	long long pending = json_integer_value(json_object_get(o, "pending"));
	char n[8][NUM_LEN], kinds[256], rest[512], pct[32] = "";
	size_t used;

	pending_kinds(json_object_get(o, "pending_by_kind"), en, kinds, sizeof(kinds));
	if (pending)
		snprintf(rest, sizeof(rest),
			 en ? ", %s (%s) still being handled"
			    : ", còn %s đơn (%s) đang tiếp tục xem xét, giải quyết",
			 nstr(n[0], pending, en), kinds);
	else
		snprintf(rest, sizeof(rest), "%s",
			 en ? ", none left pending" : ", không còn đơn tồn đọng");
	used = (size_t)snprintf(
	    out, len,
	    en ? "In the period, %s đơn were handled: %s carried over from the previous period; %s "
		 "received in the period; %s within the commune's competence, %s resolved%s."
	       : "Trong kỳ, đã tiếp nhận %s đơn, trong đó: %s đơn kỳ trước chuyển qua; %s đơn tiếp "
		 "nhận trong kỳ; tổng số đơn thuộc thẩm quyền giải quyết là %s đơn, đã giải quyết "
		 "dứt điểm %s đơn%s.",
	    nstr(n[1], col(r, 1), en), nstr(n[2], col(r, 2), en), nstr(n[3], col(r, 3), en),
	    nstr(n[4], json_integer_value(json_object_get(o, "competent")), en),
	    nstr(n[5], json_integer_value(json_object_get(o, "resolved")), en), rest);
	if (json_is_number(rate) && used < len) {
		snprintf(pct, sizeof(pct), "%.1f%%", json_number_value(rate));
		if (!en && strchr(pct, '.'))
			*strchr(pct, '.') = ',';
		snprintf(
		    out + used, len - used,
		    en ? " On-time rate (Decision 766/QĐ-TTg): %s of %s within competence, %s."
		       : " Tỷ lệ giải quyết đúng hạn (Quyết định 766/QĐ-TTg): %s/%s đơn thuộc thẩm "
			 "quyền, đạt %s.",
		    nstr(n[6], json_integer_value(json_object_get(o, "on_time")), en),
		    nstr(n[7], json_integer_value(json_object_get(o, "competent")), en), pct);
	}
}

/* The satisfaction of Decision 766: of the citizens asked by SMS, the
 * satisfied, the dissatisfied and those who did not answer. */
static void satisfaction_text(const json_t *r, int en, char *out, size_t len)
{
	const json_t *sat = json_object_get(json_object_get(r, "outcome"), "satisfaction");
	const json_t *rate = json_object_get(sat, "rate");
	char n[4][NUM_LEN], pct[32];

	out[0] = '\0';
	if (!json_is_number(rate))
		return;
	snprintf(pct, sizeof(pct), "%.1f%%", json_number_value(rate));
	if (!en && strchr(pct, '.'))
		*strchr(pct, '.') = ',';
	snprintf(
	    out, len,
	    en ? " Satisfaction (Decision 766/QĐ-TTg): %s of %s citizens asked by SMS satisfied "
		 "(%s), %s not, %s did not answer."
	       : " Tỷ lệ hài lòng (Quyết định 766/QĐ-TTg): %s/%s người được hỏi qua tin nhắn hài "
		 "lòng (%s), %s không hài lòng, %s chưa trả lời.",
	    nstr(n[0], json_integer_value(json_object_get(sat, "satisfied")), en),
	    nstr(n[1], json_integer_value(json_object_get(sat, "asked")), en), pct,
	    nstr(n[2], json_integer_value(json_object_get(sat, "dissatisfied")), en),
	    nstr(n[3], json_integer_value(json_object_get(sat, "unanswered")), en));
}

char *report_narrative(struct console *con, const json_t *args)
{
	int en = con->lang && !strcmp(con->lang, "en");
	json_t *tcd = fetch(con, args, "01/TCD"), *xld = tcd ? fetch(con, args, "02/XLD") : NULL;
	char a[2048], b[2048], sat[512], *out = NULL;

	if (tcd && xld) {
		reception_text(tcd, en, a, sizeof(a));
		don_text(xld, en, b, sizeof(b));
		satisfaction_text(xld, en, sat, sizeof(sat));
		out = xmalloc(strlen(a) + strlen(b) + strlen(sat) + 2);
		sprintf(out, "%s\n%s%s", a, b, sat);
	}
	json_decref(tcd);
	json_decref(xld);
	return out;
}

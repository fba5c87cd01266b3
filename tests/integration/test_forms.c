/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The forms of Circular 06/2025/TT-TTCP against the real daemon: a register
 * with đơn of every channel, content, competence and handling action,
 * carried-over ones, resolved and open ones, and reception visits with a
 * group; each cell of each form against this test's own count from the
 * register, the sum relations, rows by commune and by village, CSV, and
 * the .xlsx read back (merged headers, formulas, page set-up).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/forms.h"
#include "fixture.h"

#define GEO_CSV TIENGDAN_SOURCE_DIR "/config/geo-damrong.csv"
#define EXTRA "gateway_number = \"0912000000\";\n"
#define P1 "2026-03-01"
#define P2 "2026-03-31"
/* The đơn a report over the period concerns, as this test reads the law:
 * received in it, or before it and not closed before its first day. */
#define DON                                                                                        \
	"FROM cases c WHERE c.received_on <= '" P2 "' AND (c.received_on >= '" P1 "'"              \
	" OR c.closed_on IS NULL OR c.closed_on >= '" P1 "')"
#define LAST_ACTION                                                                                \
	"(SELECT h.action FROM case_handling h WHERE h.case_id = c.id"                             \
	" ORDER BY h.on_date DESC, h.id DESC LIMIT 1)"

static struct fx fx;

#define RUN(r, ...)                                                                                \
	assert_int_equal(                                                                          \
	    fx_console(&fx, NULL, NULL, (r), (const char *const[]){__VA_ARGS__, NULL}), 0)

/* Runs a console command that must succeed; its output (caller frees). */
static char *ok(const char *const *argv)
{
	struct fx_run r;
	char *out;

	if (fx_console(&fx, NULL, NULL, &r, argv) < 0)
		fail_msg("cannot run %s", argv[0]);
	if (r.status != 0)
		fail_msg("%s %s: %s", argv[0], argv[1] ? argv[1] : "", r.err);
	out = strdup(r.out);
	fx_run_free(&r);
	return out;
}
#define OK(...) free(ok((const char *const[]){__VA_ARGS__, NULL}))

/* cases add ... (--json): the new code (caller frees). */
static char *add(const char *kind, const char *channel, const char *received, const char *village,
		 const char *text)
{
	const char *argv[16] = {"--json",    "cases", "add",	    "--kind", kind,
				"--channel", channel, "--received", received};
	int n = 9;
	char *out, *code;
	json_t *j;

	if (village) {
		argv[n++] = "--village";
		argv[n++] = village;
	}
	if (!strcmp(channel, "transferred")) {
		argv[n++] = "--from-agency";
		argv[n++] = "Ban Tiếp công dân tỉnh";
	}
	argv[n++] = text;
	argv[n] = NULL;
	out = ok(argv);
	j = json_loads(out, 0, NULL);
	assert_non_null(j);
	code = strdup(json_string_value(json_object_get(j, "code")));
	json_decref(j);
	free(out);
	return code;
}

__attribute__((format(printf, 1, 2))) static long long q(const char *fmt, ...)
{
	char sql[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(sql, sizeof(sql), fmt, ap);
	va_end(ap);
	return fx_query_int(&fx, sql);
}

static int start_at(const char *clock)
{
	setenv("TIENGDAN_CLOCK", clock, 1);
	return fx_daemon_start(&fx) == 0 && fx_wait_socket(&fx, 10000) ? 0 : -1;
}

/* February: a đơn closed before the period (not counted), two left open
 * (carried over). */
static void register_february(void)
{
	char *a = add("feedback", "letter", "2026-02-05", "101", "Đèn đường thôn hỏng");
	char *b = add("complaint", "walkin", "2026-02-09", "101", "Khiếu nại thu hồi đất");
	char *c = add("feedback", "phone", "2026-02-10", "102", "Nước sinh hoạt yếu");

	OK("cases", "status", a, "resolved");
	OK("cases", "status", b, "accepted");
	OK("cases", "classify", b, "--field", "admin_land");
	free(a);
	free(b);
	free(c);
}

/* March: every channel, content, competence and handling action. */
static void register_march(void)
{
	char *b = fx_query_text(&fx, "SELECT code FROM cases WHERE received_on = '2026-02-09'");
	char *d = add("complaint", "walkin", "2026-03-02", "101", "Khiếu nại bồi thường");
	char *e = add("denunciation", "letter", "2026-03-03", "102", "Tố cáo cán bộ thôn");
	char *f = add("feedback", "email", "2026-03-05", "101", "Đường liên thôn sạt lở");
	char *g = add("complaint", "letter", "2026-03-10", "102", "Khiếu nại bản án");
	char *h = add("feedback", "walkin", "2026-03-12", "101", "Hỏi thủ tục hộ chiếu");
	char *i = add("feedback", "portal", "2026-03-13", "102", "Không ký tên");
	char *j = add("complaint", "walkin", "2026-03-16", "101", "Khiếu nại thu hồi đất lần hai");
	char *k = add("complaint", "portal", "2026-03-17", "101", "Khiếu nại tiền điện");
	char *l = add("feedback", "transferred", "2026-03-18", NULL, "Kiến nghị về chợ");
	char *m = add("denunciation", "walkin", "2026-03-04", "101", "Tố cáo lấn chiếm đất");

	OK("cases", "status", d, "accepted");
	OK("cases", "classify", d, "--field", "admin_policy");
	OK("cases", "status", d, "resolved", "--decision", "12/QĐ-UBND", "--decision-date",
	   "2026-03-18");
	OK("cases", "status", e, "accepted");
	OK("cases", "classify", e, "--field", "party");
	OK("cases", "status", f, "resolved");
	OK("cases", "handle", g, "transfer", "--agency", "Toà án nhân dân khu vực 5", "--date",
	   "2026-03-11");
	OK("cases", "answer", g, "Toà án đã nhận đơn");
	OK("cases", "handle", h, "guide", "--agency", "Công an tỉnh Lâm Đồng");
	OK("cases", "handle", m, "urge", "--agency", "Công an huyện", "--date", "2026-03-06");
	OK("cases", "classify", m, "--competent");
	OK("cases", "classify", i, "--ineligible", "anonymous");
	OK("cases", "link", j, "--to", b);
	OK("cases", "status", k, "withdrawn");
	/* The chairman receives a group about the old matter, staff a
	 * citizen who brings a new one. */
	OK("reception", "add", "--kind", "head", "--date", "2026-03-18", "--persons", "7",
	   "--group", "--name", "Đoàn hộ dân thôn 1", "--case", b, "Đề nghị giải quyết dứt điểm");
	OK("reception", "add", "--kind", "regular", "--date", "2026-03-16", "--case", d,
	   "Hỏi tiến độ giải quyết");
	OK("reception", "add", "--kind", "regular", "--date", "2026-03-17", "--new-case",
	   "--case-kind", "complaint", "--name", "Trần Thị Mai", "Khiếu nại cấp sổ đỏ");
	OK("reception", "add", "--kind", "head", "--date", "2026-02-20", "Ngoài kỳ");
	{
		char *codes[] = {b, d, e, f, g, h, i, j, k, l, m};
		for (size_t n = 0; n < sizeof(codes) / sizeof(codes[0]); n++)
			free(codes[n]);
	}
}

static int setup(void **state)
{
	struct fx_run r;

	(void)state;
	if (fx_setup(&fx, 1, EXTRA) < 0 || start_at("2026-02-10T09:00:00") < 0)
		return -1;
	if (fx_console(&fx, NULL, NULL, &r,
		       (const char *const[]){"units", "import", GEO_CSV, NULL}) < 0 ||
	    r.status != 0)
		return -1;
	fx_run_free(&r);
	register_february();
	if (fx_daemon_stop(&fx) != 0 || start_at("2026-03-18T09:00:00") < 0)
		return -1;
	register_march();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	fx_daemon_stop(&fx);
	fx_teardown(&fx);
	unsetenv("TIENGDAN_CLOCK");
	return 0;
}

/* report --form CODE over the period (unit may be NULL), as JSON. */
static json_t *form(const char *code, const char *unit)
{
	const char *argv[12] = {"--json", "report", "--form", code, "--from", P1, "--to", P2};
	char *out;
	json_t *j;

	if (unit) {
		argv[8] = "--unit";
		argv[9] = unit;
	}
	out = ok(argv);
	j = json_loads(out, 0, NULL);
	if (!j)
		fail_msg("not JSON: %s", out);
	free(out);
	return j;
}

static long long cell(const json_t *row, int n)
{
	const json_t *v = json_array_get(json_object_get(row, "values"), (size_t)n - 1);

	if (!json_is_integer(v))
		fail_msg("column %d: not a number", n);
	return json_integer_value(v);
}

/* Every sum relation of the form holds on row (as core/forms.h checks). */
static void sums_hold(const struct form_def *f, const json_t *row)
{
	long long vals[FORM_COLS_MAX] = {0};

	for (int c = 0; c < f->n_cols; c++)
		if (!f->cols[c].unfilled)
			vals[c] = cell(row, c + 1);
	assert_int_equal(form_check(f, vals), -1);
}

/* ------------------------------------------------------------ 02/XLD */

/* Column n of 02/XLD as this test counts it: the đơn of DON matching the
 * condition (and place, a SQL condition or "1"). */
static long long xld_expected(int n, const char *place)
{
	static const char *const where[] = {
	    "1",
	    "c.received_on < '" P1 "'",
	    "c.received_on >= '" P1 "'",
	    "(c.accepted_on <= '" P2 "' OR c.closed_on <= '" P2 "' OR " LAST_ACTION " IS NOT NULL)",
	    "NOT (coalesce(c.accepted_on <= '" P2 "', 0) OR coalesce(c.closed_on <= '" P2 "', 0)"
	    " OR " LAST_ACTION " IS NOT NULL)",
	    "c.eligible",
	    NULL, /* vụ việc: below */
	    "c.eligible AND c.kind = 'complaint'",
	    "c.eligible AND c.kind = 'denunciation'",
	    "c.eligible AND c.kind = 'feedback'",
	    "c.eligible AND c.repeated",
	    "c.eligible AND NOT c.repeated",
	    "c.eligible AND c.competent",
	    "c.eligible AND c.competent AND c.kind = 'complaint'",
	    "c.eligible AND c.competent AND c.kind = 'denunciation'",
	    "c.eligible AND c.competent AND c.kind = 'feedback'",
	    "c.eligible AND NOT c.competent",
	    "c.eligible AND NOT c.competent AND " LAST_ACTION " = 'guide'",
	    "c.eligible AND NOT c.competent AND " LAST_ACTION " = 'transfer'",
	    "c.eligible AND NOT c.competent AND " LAST_ACTION " = 'urge'",
	};

	if (n == 7)
		return q("SELECT count(DISTINCT coalesce(c.matter_id, c.id)) " DON
			 " AND c.eligible AND %s",
			 place);
	if (n == 21)
		return q("SELECT count(*) FROM case_handling h JOIN cases c ON c.id = h.case_id"
			 " WHERE h.answer_on BETWEEN '" P1 "' AND '" P2 "' AND %s",
			 place);
	return q("SELECT count(*) " DON " AND %s AND %s", where[n - 1], place);
}

static void test_xld(void **state)
{
	const struct form_def *f = form_find("02/XLD");
	json_t *j = form("02/XLD", NULL), *tot = json_object_get(j, "total"), *row;
	size_t i;

	(void)state;
	assert_int_equal(f->n_cols, 21);
	assert_int_equal(json_array_size(json_object_get(j, "columns")), 21);
	for (int n = 1; n <= f->n_cols; n++)
		if (cell(tot, n) != xld_expected(n, "1"))
			fail_msg("02/XLD total, column %d: %lld, counted %lld", n, cell(tot, n),
				 xld_expected(n, "1"));
	/* What this test put in the register: 2 carried over (the đơn closed
	 * in February is not), 11 in March (10 entered, 1 opened at the
	 * reception); one ineligible; a guided, a transferred and one urged
	 * then found competent; one vụ việc of two đơn; an answer. */
	assert_int_equal(cell(tot, 2), 2);
	assert_int_equal(cell(tot, 3), 11);
	assert_int_equal(cell(tot, 6), 12);
	assert_int_equal(cell(tot, 7), 11);
	assert_int_equal(cell(tot, 11), 1);
	assert_int_equal(cell(tot, 17), 2);
	assert_int_equal(cell(tot, 18), 1);
	assert_int_equal(cell(tot, 19), 1);
	assert_int_equal(cell(tot, 20), 0);
	assert_int_equal(cell(tot, 21), 1);
	sums_hold(f, tot);
	/* By commune: every placed đơn is in DR1; the unplaced ones last. */
	json_array_foreach(json_object_get(j, "rows"), i, row)
	{
		const char *unit = json_string_value(json_object_get(row, "unit"));
		sums_hold(f, row);
		if (unit) {
			assert_string_equal(unit, "DR1");
			for (int n = 1; n <= f->n_cols; n++)
				assert_int_equal(cell(row, n),
						 xld_expected(n, "c.village IS NOT NULL"));
		} else {
			assert_int_equal(i, json_array_size(json_object_get(j, "rows")) - 1);
			for (int n = 1; n <= f->n_cols; n++)
				assert_int_equal(cell(row, n),
						 xld_expected(n, "c.village IS NULL"));
		}
	}
	assert_int_equal(json_array_size(json_object_get(j, "rows")), 2);
	assert_int_equal(json_array_size(json_object_get(j, "sums")), f->n_sums);
	json_decref(j);
}

/* A report on the commune DR1: a row per village, the unplaced đơn out. */
static void test_xld_by_village(void **state)
{
	const struct form_def *f = form_find("02/XLD");
	json_t *j = form("02/XLD", "DR1"), *row;
	char place[64];
	size_t i;

	(void)state;
	assert_int_equal(json_array_size(json_object_get(j, "rows")), 2);
	json_array_foreach(json_object_get(j, "rows"), i, row)
	{
		const char *unit = json_string_value(json_object_get(row, "unit"));
		assert_string_equal(unit, i == 0 ? "101" : "102");
		snprintf(place, sizeof(place), "c.village = '%s'", unit);
		for (int n = 1; n <= f->n_cols; n++)
			assert_int_equal(cell(row, n), xld_expected(n, place));
		sums_hold(f, row);
	}
	for (int n = 1; n <= f->n_cols; n++)
		assert_int_equal(cell(json_object_get(j, "total"), n),
				 xld_expected(n, "c.village IS NOT NULL"));
	json_decref(j);
}

/* ------------------------------------------------------------ 03, 04 */

static long long gq_expected(const char *kind, int n)
{
	static const char *const where[] = {
	    "1",
	    "c.received_on < '" P1 "'",
	    "c.received_on >= '" P1 "'",
	    NULL,
	    "c.field = 'admin_policy'",
	    "c.field = 'admin_land'",
	    "c.field = 'admin_other'",
	    "c.field = 'judicial'",
	    "c.field = 'party'",
	    "(c.field IS NULL OR c.field NOT IN ('admin_policy', 'admin_land', 'admin_other',"
	    " 'judicial', 'party'))",
	    "c.accepted_on <= '" P2 "'",
	    "c.closed_on <= '" P2 "' AND c.status IN ('resolved', 'closed')",
	    NULL,
	    NULL,
	    NULL,
	    "c.closed_on <= '" P2 "' AND c.status = 'withdrawn'",
	    "c.closed_on <= '" P2 "' AND c.status IN ('resolved', 'closed') AND c.closed_on <="
	    " (CASE WHEN c.accepted_on IS NOT NULL AND c.due_resolve IS NOT NULL"
	    " THEN c.due_resolve ELSE c.due_first END)",
	    "c.closed_on <= '" P2 "' AND c.status IN ('resolved', 'closed') AND c.closed_on >"
	    " (CASE WHEN c.accepted_on IS NOT NULL AND c.due_resolve IS NOT NULL"
	    " THEN c.due_resolve ELSE c.due_first END)",
	    "(c.closed_on IS NULL OR c.closed_on > '" P2 "')",
	};

	if (n == 4)
		return q("SELECT count(DISTINCT coalesce(c.matter_id, c.id)) " DON
			 " AND c.kind = '%s' AND c.eligible AND c.competent",
			 kind);
	return q("SELECT count(*) " DON " AND c.kind = '%s' AND c.eligible AND c.competent AND %s",
		 kind, where[n - 1]);
}

static void check_gq(const char *code, const char *kind)
{
	const struct form_def *f = form_find(code);
	json_t *j = form(code, NULL), *tot = json_object_get(j, "total");
	const json_t *vals = json_object_get(tot, "values");

	assert_int_equal(json_array_size(vals), (size_t)f->n_cols);
	for (int n = 1; n <= f->n_cols; n++) {
		if (f->cols[n - 1].unfilled) {
			/* Left empty, never invented, and said so in the notes. */
			assert_true(json_is_null(json_array_get(vals, (size_t)n - 1)));
			continue;
		}
		if (cell(tot, n) != gq_expected(kind, n))
			fail_msg("%s column %d: %lld, counted %lld", code, n, cell(tot, n),
				 gq_expected(kind, n));
	}
	sums_hold(f, tot);
	assert_true(json_array_size(json_object_get(j, "notes")) > 0);
	json_decref(j);
}

static void test_gqkn_gqtc(void **state)
{
	(void)state;
	check_gq("03/GQKN", "complaint");
	check_gq("04/GQTC", "denunciation");
	/* Complaints: the carried one (and its repeat, one vụ việc), the
	 * resolved one on time, the withdrawn one, the one from the
	 * reception; the transferred one is outside competence. */
	{
		json_t *j = form("03/GQKN", NULL), *tot = json_object_get(j, "total");
		assert_int_equal(cell(tot, 1), 5);
		assert_int_equal(cell(tot, 2), 1);
		assert_int_equal(cell(tot, 4), 4);
		assert_int_equal(cell(tot, 5), 1);
		assert_int_equal(cell(tot, 6), 1);
		assert_int_equal(cell(tot, 12), 1);
		assert_int_equal(cell(tot, 16), 1);
		assert_int_equal(cell(tot, 17), 1);
		assert_int_equal(cell(tot, 19), 3);
		json_decref(j);
		j = form("04/GQTC", NULL);
		tot = json_object_get(j, "total");
		assert_int_equal(cell(tot, 1), 2);
		assert_int_equal(cell(tot, 9), 1);
		assert_int_equal(cell(tot, 11), 1);
		json_decref(j);
	}
}

/* ------------------------------------------------------------ 01/TCD */

static long long tcd_expected(int block, int k)
{
	/* block 0 all, 1 regular, 2 head; k 0..7 as the columns of a block. */
	static const char *const kinds[] = {"1", "r.kind = 'regular'", "r.kind = 'head'"};
	static const char *const what[] = {
	    "count(*)",
	    "coalesce(sum(r.persons), 0)",
	    "coalesce(sum((SELECT count(*) FROM reception_case x WHERE x.reception_id = r.id"
	    " AND x.repeated = 1)), 0)",
	    "coalesce(sum((SELECT count(*) FROM reception_case x WHERE x.reception_id = r.id"
	    " AND x.repeated = 0)), 0)",
	};

	return q("SELECT %s FROM reception r WHERE r.visit_date BETWEEN '" P1 "' AND '" P2
		 "' AND %s AND %s",
		 k == 4 ? "count(*)" : what[k % 4], kinds[block], k >= 4 ? "r.is_group" : "1");
}

static void test_tcd(void **state)
{
	const struct form_def *f = form_find("01/TCD");
	json_t *j = form("01/TCD", NULL), *tot = json_object_get(j, "total");

	(void)state;
	assert_int_equal(f->n_cols, 25);
	for (int k = 0; k < 8; k++) {
		assert_int_equal(cell(tot, 1 + k), tcd_expected(0, k));
		assert_int_equal(cell(tot, 9 + k), tcd_expected(1, k));
		assert_int_equal(cell(tot, 18 + k), tcd_expected(2, k));
	}
	assert_int_equal(cell(tot, 17),
			 q("SELECT count(DISTINCT visit_date) FROM reception WHERE kind = 'head'"
			   " AND visit_date BETWEEN '" P1 "' AND '" P2 "'"));
	/* Three visits in March (the February one is outside), 9 persons, a
	 * group of 7 about an old vụ việc, one session of the chairman. */
	assert_int_equal(cell(tot, 1), 3);
	assert_int_equal(cell(tot, 2), 9);
	assert_int_equal(cell(tot, 5), 1);
	assert_int_equal(cell(tot, 6), 7);
	assert_int_equal(cell(tot, 7), 1);
	assert_int_equal(cell(tot, 17), 1);
	sums_hold(f, tot);
	json_decref(j);
}

/* ------------------------------------------------------------ files */

static void test_csv(void **state)
{
	char *out = ok((const char *const[]){"--csv", "report", "--form", "02/XLD", "--from", P1,
					     "--to", P2, NULL});
	char want[64];
	int lines = 0;

	(void)state;
	assert_int_equal(strncmp(out, "unit,name,1_total,2_carried_over,3_received,", 44), 0);
	for (char *p = out; *p; p++)
		lines += *p == '\n';
	assert_int_equal(lines, 4); /* header, DR1, unplaced, total */
	snprintf(want, sizeof(want), "\ntotal,Tổng cộng,%lld,%lld,%lld,", xld_expected(1, "1"),
		 xld_expected(2, "1"), xld_expected(3, "1"));
	assert_non_null(strstr(out, want));
	free(out);
}

/* Runs /usr/bin/python3 with openpyxl on script; its output (caller
 * frees), NULL when it failed. */
static char *python(const char *script, const char *arg)
{
	char cmd[4096];
	FILE *p;
	char *buf = calloc(1, 65536);
	size_t n;

	snprintf(cmd, sizeof(cmd), "/usr/bin/python3 -c '%s' '%s'", script, arg);
	p = popen(cmd, "r");
	if (!p)
		return free(buf), NULL;
	n = fread(buf, 1, 65535, p);
	buf[n] = '\0';
	if (pclose(p) != 0)
		return free(buf), NULL;
	return buf;
}

static void test_xlsx(void **state)
{
	static const char script[] =
	    "import sys, openpyxl\n"
	    "wb = openpyxl.load_workbook(sys.argv[1])\n"
	    "ws = wb.active\n"
	    "print(\"title\", ws.title)\n"
	    "print(\"orientation\", ws.page_setup.orientation)\n"
	    "print(\"paper\", ws.page_setup.paperSize)\n"
	    "print(\"font\", ws[\"A2\"].font.name)\n"
	    "for m in sorted(str(r) for r in ws.merged_cells.ranges): print(\"merged\", m)\n"
	    "for row in ws.iter_rows():\n"
	    "  for c in row:\n"
	    "    if isinstance(c.value, str) and c.value.startswith(\"=\"):"
	    " print(\"formula\", c.coordinate, c.value)\n"
	    "    elif c.value is not None: print(\"cell\", c.coordinate, c.value)\n";
	char path[512], *out;

	(void)state;
	snprintf(path, sizeof(path), "%s/xld.xlsx", fx.dir);
	OK("report", "--form", "02/XLD", "--from", P1, "--to", P2, "--xlsx", path);
	assert_int_equal(access(path, R_OK), 0);
	out = python(script, path);
	assert_non_null(out);
	assert_non_null(strstr(out, "title 02-XLD\n"));
	assert_non_null(strstr(out, "orientation landscape\n"));
	assert_non_null(strstr(out, "paper 9\n"));
	assert_non_null(strstr(out, "font Times New Roman\n"));
	assert_non_null(strstr(out, "cell A2 BÁO CÁO KẾT QUẢ XỬ LÝ ĐƠN\n"));
	assert_non_null(
	    strstr(out, "cell A4 Kỳ báo cáo: từ ngày 01/03/2026 đến ngày 31/03/2026\n"));
	/* Headers: "Số đơn tiếp nhận" over columns 1-3 (C..E), "Đã xử lý"
	 * down its three rows, "Thuộc thẩm quyền" over 13-16 (O..R). */
	assert_non_null(strstr(out, "merged C6:E6\n"));
	assert_non_null(strstr(out, "cell C6 Số đơn tiếp nhận\n"));
	assert_non_null(strstr(out, "merged F6:F8\n"));
	assert_non_null(strstr(out, "merged O7:R7\n"));
	assert_non_null(strstr(out, "cell O7 Thuộc thẩm quyền\n"));
	assert_non_null(strstr(out, "cell C9 1\n"));
	/* Sum relations as formulas in the unit rows, sums in the total. */
	assert_non_null(strstr(out, "formula C10 =D10+E10\n"));
	assert_non_null(strstr(out, "formula H10 =J10+K10+L10\n"));
	assert_non_null(strstr(out, "formula O11 =P11+Q11+R11\n"));
	assert_non_null(strstr(out, "formula C12 =SUM(C10:C11)\n"));
	assert_non_null(strstr(out, "cell B12 Tổng cộng\n"));
	assert_non_null(strstr(out, "Quan hệ giữa các cột: 1 = 2 + 3; 1 = 4 + 5"));
	free(out);
	/* 03/GQKN: the unfilled columns are empty and the notes say so. */
	snprintf(path, sizeof(path), "%s/gqkn.xlsx", fx.dir);
	OK("report", "--form", "03/GQKN", "--from", P1, "--to", P2, "--xlsx", path);
	out = python(script, path);
	assert_non_null(out);
	assert_null(strstr(out, "cell O12 "));
	assert_non_null(strstr(out, "Cột 13, 14, 15, 20, 21: sổ không ghi nhận, để trống."));
	assert_non_null(strstr(out, "merged O7:Q7\n"));
	free(out);
}

/* ------------------------------------------------------------ due */

#define DUE_OF                                                                                     \
	"(CASE WHEN accepted_on IS NOT NULL AND due_resolve IS NOT NULL THEN due_resolve"          \
	" ELSE due_first END)"
#define OPEN "status IN ('received', 'accepted', 'in_progress')"

/* cases due: overdue and due within 3 working days (Wednesday 18 March
 * to Monday 23 March), by assignee, against this test's count. */
static void test_cases_due(void **state)
{
	char *first = fx_query_text(&fx, "SELECT code FROM cases WHERE " OPEN " AND " DUE_OF
					 " IS NOT NULL ORDER BY " DUE_OF ", code LIMIT 1");
	long long overdue =
	    q("SELECT count(*) FROM cases WHERE " OPEN " AND " DUE_OF " < '2026-03-18'");
	long long soon = q("SELECT count(*) FROM cases WHERE " OPEN " AND " DUE_OF
			   " BETWEEN '2026-03-18' AND '2026-03-23'");
	long long got_overdue = 0, got_soon = 0;
	json_t *j, *row;
	char *out;
	size_t i;
	bool assigned = false;

	(void)state;
	assert_non_null(first);
	/* The register has both (the February petition is long overdue). */
	assert_true(overdue > 0 && soon > 0);
	OK("cases", "assign", first, "Địa chính - Xây dựng");
	out = ok((const char *const[]){"--json", "cases", "due", NULL});
	j = json_loads(out, 0, NULL);
	assert_true(json_is_array(j));
	json_array_foreach(j, i, row)
	{
		const char *who = json_string_value(json_object_get(row, "assignee"));
		const char *codes = json_string_value(json_object_get(row, "cases"));
		long long o = json_integer_value(json_object_get(row, "overdue"));
		long long d = json_integer_value(json_object_get(row, "due_soon"));
		got_overdue += o;
		got_soon += d;
		if (who && !strcmp(who, "DCXD")) {
			assigned = true;
			assert_string_equal(codes, first);
			assert_int_equal(o + d, 1);
		}
	}
	assert_true(assigned);
	assert_int_equal(got_overdue, overdue);
	assert_int_equal(got_soon, soon);
	json_decref(j);
	free(out);
	/* Within 0 days: only what is due today or before. */
	out = ok((const char *const[]){"--json", "cases", "due", "--within", "0", NULL});
	j = json_loads(out, 0, NULL);
	got_soon = 0;
	json_array_foreach(j, i, row) got_soon +=
	    json_integer_value(json_object_get(row, "due_soon"));
	assert_int_equal(
	    got_soon, q("SELECT count(*) FROM cases WHERE " OPEN " AND " DUE_OF " = '2026-03-18'"));
	json_decref(j);
	free(out);
	free(first);
}

static void test_refusals(void **state)
{
	struct fx_run r;

	(void)state;
	RUN(&r, "report", "--form", "05/XYZ", "--from", P1, "--to", P2);
	assert_int_equal(r.status, 1);
	fx_run_free(&r);
	RUN(&r, "report", "--form", "02/XLD", "--from", P2, "--to", P1);
	assert_int_equal(r.status, 1);
	fx_run_free(&r);
	RUN(&r, "report", "--from", P1, "--to", P2, "--xlsx", "/tmp/x.xlsx");
	assert_int_equal(r.status, 2);
	fx_run_free(&r);
	RUN(&r, "report", "--form", "02/XLD", "--from", P1, "--to", P2, "--docx", "/tmp/x.docx");
	assert_int_equal(r.status, 2);
	fx_run_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_xld),	      cmocka_unit_test(test_xld_by_village),
	    cmocka_unit_test(test_gqkn_gqtc), cmocka_unit_test(test_tcd),
	    cmocka_unit_test(test_csv),	      cmocka_unit_test(test_xlsx),
	    cmocka_unit_test(test_refusals),  cmocka_unit_test(test_cases_due),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

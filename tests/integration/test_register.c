/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The commune's register against the real daemon and dummy modem: đơn
 * entered by staff from every channel (a walk-in complaint, a letter
 * received weeks ago, a đơn transferred by another agency, a denunciation
 * told in person), their receipt SMS, deadlines from the day received, the
 * denunciator's number sealed like an SMS one; the law's workflow refusing
 * a complaint resolved before acceptance, a resolution with its decision,
 * an extension with its basis; an SMS-era case as a đơn of channel sms.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "fixture.h"

#define GEO_CSV TIENGDAN_SOURCE_DIR "/config/geo-damrong.csv"
#define EXTRA                                                                                      \
	"gateway_number = \"0912000000\";\n"                                                       \
	"notify_status = [ \"accepted\", \"resolved\" ];\n"
#define WAIT_MS 20000
/* Wednesday 2026-03-18, 09:00 local. */
#define TODAY "2026-03-18"

static struct fx fx;

#define RUN(r, ...)                                                                                \
	assert_int_equal(                                                                          \
	    fx_console(&fx, NULL, NULL, (r), (const char *const[]){__VA_ARGS__, NULL}), 0)

static void wait_int(const char *sql, long long want)
{
	if (!fx_wait_int(&fx, sql, want, WAIT_MS))
		fail_msg("%s: %lld, expected %lld", sql, fx_query_int(&fx, sql), want);
}

static json_t *parse_json(const char *text)
{
	json_error_t err;
	json_t *j = json_loads(text, 0, &err);

	if (!j)
		fail_msg("not JSON (%s): %s", err.text, text);
	return j;
}

/* Runs cases add (--json) with args and returns the new code (caller
 * frees); fails the test when it is refused. */
static char *add_case(const char *const *args)
{
	const char *argv[32] = {"--json", "cases", "add"};
	struct fx_run r;
	json_t *j;
	char *code;
	int n = 3;

	while (*args && n < 31)
		argv[n++] = *args++;
	argv[n] = NULL;
	assert_int_equal(fx_console(&fx, NULL, NULL, &r, argv), 0);
	if (r.status != 0)
		fail_msg("cases add: %s", r.err);
	j = parse_json(r.out);
	code = strdup(json_string_value(json_object_get(j, "code")));
	json_decref(j);
	fx_run_free(&r);
	return code;
}

__attribute__((format(printf, 1, 2))) static long long q(const char *fmt, ...)
{
	char sql[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(sql, sizeof(sql), fmt, ap);
	va_end(ap);
	return fx_query_int(&fx, sql);
}

__attribute__((format(printf, 1, 2))) static char *qtext(const char *fmt, ...)
{
	char sql[512];
	char *s;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(sql, sizeof(sql), fmt, ap);
	va_end(ap);
	s = fx_query_text(&fx, sql);
	if (!s)
		fail_msg("no row: %s", sql);
	return s;
}

static int setup(void **state)
{
	struct fx_run r;

	(void)state;
	setenv("TIENGDAN_CLOCK", TODAY "T09:00:00", 1);
	if (fx_setup(&fx, 1, EXTRA) < 0 || fx_daemon_start(&fx) != 0 || !fx_wait_socket(&fx, 10000))
		return -1;
	if (fx_console(&fx, NULL, NULL, &r,
		       (const char *const[]){"units", "import", GEO_CSV, NULL}) < 0 ||
	    r.status != 0)
		return -1;
	fx_run_free(&r);
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

/* A walk-in complaint with a phone: a KN code, the deadline from today,
 * the receipt SMS of a complaint, channel and name recorded, the staff
 * member as the creator. */
static void test_walkin_complaint(void **state)
{
	char *code = add_case(
	    (const char *const[]){"--kind", "complaint", "--channel", "walkin", "--received", TODAY,
				  "--name", "Nguyễn Văn Hoà", "--phone", "0911222333", "--village",
				  "108", "Khiếu nại quyết định thu hồi đất của UBND xã", NULL});
	char *text;

	(void)state;
	assert_int_equal(strncmp(code, "KN", 2), 0);
	assert_int_equal(
	    q("SELECT count(*) FROM cases WHERE code = '%s' AND channel = 'walkin'"
	      " AND citizen_name = 'Nguyễn Văn Hoà' AND sender = '+84911222333'"
	      " AND received_on = '" TODAY "' AND due_first = '2026-04-01'"
	      " AND repeated = 0 AND eligible = 1 AND competent = 1 AND village = '108'",
	      code),
	    1);
	assert_int_equal(q("SELECT count(*) FROM case_event e JOIN cases c ON c.id = e.case_id"
			   " WHERE c.code = '%s' AND e.event = 'created' AND e.actor = 'root'",
			   code),
			 1);
	text =
	    qtext("SELECT o.text FROM outbound o JOIN cases c ON c.id = o.case_id"
		  " WHERE c.code = '%s' AND o.purpose = 'reply' AND o.recipient = '+84911222333'",
		  code);
	assert_non_null(strstr(text, code));
	assert_non_null(strstr(text, "khieu nai"));
	assert_true(strlen(text) <= 160);
	free(text);
	free(code);
}

/* A letter received three weeks ago, entered today, without a phone: the
 * acceptance deadline counts from the letter's day; no SMS. */
static void test_letter_in_the_past(void **state)
{
	long long out = fx_query_int(&fx, "SELECT count(*) FROM outbound");
	char *code = add_case((const char *const[]){
	    "--kind", "feedback", "--channel", "letter", "--received", "2026-02-25", "--address",
	    "Thôn 8, xã Đam Rông 1", "Đường liên thôn bị sạt lở sau mưa", NULL});

	(void)state;
	assert_int_equal(strncmp(code, "PA", 2), 0);
	/* Wednesday 25 February + 10 working days = Wednesday 11 March. */
	assert_int_equal(q("SELECT count(*) FROM cases WHERE code = '%s' AND channel = 'letter'"
			   " AND received_on = '2026-02-25' AND due_first = '2026-03-11'",
			   code),
			 1);
	assert_int_equal(fx_query_int(&fx, "SELECT count(*) FROM outbound"), out);
	/* Already past its deadline: listed as overdue. */
	{
		struct fx_run r;
		RUN(&r, "--json", "cases", "list", "--overdue");
		assert_int_equal(r.status, 0);
		assert_non_null(strstr(r.out, code));
		fx_run_free(&r);
	}
	free(code);
}

/* A đơn transferred by another agency names it; without it, refused. A
 * date in the future or not a date is refused too. */
static void test_transferred_and_refusals(void **state)
{
	struct fx_run r;
	char *code;

	(void)state;
	RUN(&r, "cases", "add", "--kind", "complaint", "--channel", "transferred", "--received",
	    TODAY, "Đơn do huyện chuyển");
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.err, "--from-agency"));
	fx_run_free(&r);
	RUN(&r, "cases", "add", "--kind", "complaint", "--channel", "letter", "--received",
	    "2026-03-19", "Đơn ngày mai");
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.err, "tương lai"));
	fx_run_free(&r);
	RUN(&r, "cases", "add", "--kind", "complaint", "--channel", "fax", "--received", TODAY,
	    "Đơn");
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.err, "fax"));
	fx_run_free(&r);
	assert_int_equal(fx_query_int(&fx, "SELECT count(*) FROM cases WHERE text LIKE 'Đơn%'"), 0);
	code = add_case((const char *const[]){"--kind", "complaint", "--channel", "transferred",
					      "--received", "2026-03-16", "--from-agency",
					      "Thanh tra tỉnh Lâm Đồng", "--phone", "0911444555",
					      "Đơn khiếu nại do Thanh tra tỉnh chuyển về", NULL});
	assert_int_equal(
	    q("SELECT count(*) FROM cases WHERE code = '%s' AND channel = 'transferred'"
	      " AND from_agency = 'Thanh tra tỉnh Lâm Đồng' AND due_first = '2026-03-30'",
	      code),
	    1);
	assert_int_equal(q("SELECT count(*) FROM outbound o JOIN cases c ON c.id = o.case_id"
			   " WHERE c.code = '%s' AND o.recipient = '+84911444555'",
			   code),
			 1);
	free(code);
}

/* A denunciation told in person is confidential exactly like an SMS one:
 * the number is sealed in the case, the receipt is confidential, and the
 * number is in no audit row. */
static void test_denunciation_sealed(void **state)
{
	char *code = add_case((const char *const[]){
	    "--kind", "denunciation", "--channel", "walkin", "--received", TODAY, "--phone",
	    "0911777888", "Tố cáo cán bộ thôn thu tiền sai quy định", NULL});

	char *code2;

	(void)state;
	assert_int_equal(strncmp(code, "TC", 2), 0);
	assert_int_equal(
	    q("SELECT count(*) FROM cases WHERE code = '%s' AND sender LIKE 'sealed:1:%%'", code),
	    1);
	assert_int_equal(fx_query_int(&fx, "SELECT count(*) FROM cases WHERE sender LIKE "
					   "'%911777888%' OR sender_tag LIKE '%911777888%'"),
			 0);
	assert_int_equal(fx_query_int(&fx, "SELECT count(*) FROM audit WHERE detail LIKE "
					   "'%911777888%' OR target LIKE '%911777888%'"),
			 0);
	/* So are a denunciator's name and address, and a visit about it. */
	code2 = add_case((const char *const[]){
	    "--kind", "denunciation", "--channel", "letter", "--received", TODAY, "--name",
	    "Lê Văn Tố", "--address", "Thôn 3", "Tố cáo việc thu tiền", NULL});
	assert_int_equal(q("SELECT count(*) FROM cases WHERE code = '%s' AND citizen_name LIKE"
			   " 'sealed:1:%%' AND address LIKE 'sealed:1:%%'",
			   code2),
			 1);
	{
		struct fx_run r;
		RUN(&r, "reception", "add", "--kind", "regular", "--name", "Lê Văn Tố", "--case",
		    code2, "Đến bổ sung tài liệu tố cáo");
		assert_int_equal(r.status, 0);
		fx_run_free(&r);
	}
	assert_int_equal(fx_query_int(&fx, "SELECT count(*) FROM cases WHERE citizen_name LIKE"
					   " '%Tố%' OR address = 'Thôn 3'"),
			 0);
	assert_int_equal(fx_query_int(&fx,
				      "SELECT count(*) FROM reception WHERE name LIKE"
				      " 'sealed:1:%' AND text = 'Đến bổ sung tài liệu tố cáo'"),
			 1);
	assert_int_equal(fx_query_int(&fx, "SELECT count(*) FROM reception WHERE name LIKE '%Tố%'"),
			 0);
	free(code2);
	/* The receipt waits in the queue sealed, known to its delivery report
	 * by its tag; the number is never in clear, queued or sent. */
	assert_int_equal(q("SELECT count(*) FROM outbound o JOIN cases c ON c.id = o.case_id"
			   " WHERE c.code = '%s' AND o.confidential = 1 AND o.recipient LIKE"
			   " 'sealed:1:%%' AND o.recipient_tag = c.sender_tag",
			   code),
			 1);
	assert_int_equal(
	    fx_query_int(&fx, "SELECT count(*) FROM outbound WHERE recipient LIKE '%911777888%'"),
	    0);
	/* Later SMS from the number are sealed at ingest. */
	assert_int_equal(fx_query_int(&fx,
				      "SELECT count(*) FROM confidential_sender s JOIN cases c"
				      " ON c.sender_tag = s.tag WHERE c.kind = 'denunciation'"),
			 1);
	wait_int("SELECT count(*) FROM outbound WHERE recipient LIKE '%911777888%'", 0);
	free(code);
}

/* The workflow: a complaint cannot be resolved before acceptance (the
 * rule in Vietnamese), nor without its decision once accepted; an
 * extension records its basis and lengthens the deadline. */
static void test_workflow(void **state)
{
	char *code = add_case((const char *const[]){"--kind", "complaint", "--channel", "letter",
						    "--received", "2026-03-02", "Khiếu nại", NULL});
	struct fx_run r;

	(void)state;
	/* Not accepted without a reason; the citizen's --reason is one. */
	RUN(&r, "cases", "status", code, "rejected");
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.err, "phải ghi lý do"));
	fx_run_free(&r);
	{
		char *other = add_case((const char *const[]){"--kind", "complaint", "--channel",
							     "letter", "--received", TODAY,
							     "Khiếu nại không ký tên", NULL});
		RUN(&r, "cases", "status", other, "rejected", "--reason", "Don khong ky ten");
		assert_int_equal(r.status, 0);
		fx_run_free(&r);
		assert_int_equal(q("SELECT count(*) FROM cases WHERE code = '%s' AND"
				   " status = 'rejected'",
				   other),
				 1);
		free(other);
	}
	RUN(&r, "cases", "status", code, "resolved");
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.err, "khiếu nại phải được thụ lý trước khi giải quyết"));
	assert_non_null(strstr(r.err, "Luật Khiếu nại 2011"));
	fx_run_free(&r);
	RUN(&r, "cases", "status", code, "accepted");
	assert_int_equal(r.status, 0);
	fx_run_free(&r);
	/* Accepted today (Wednesday 18 March): 30 working days. */
	assert_int_equal(q("SELECT count(*) FROM cases WHERE code = '%s' AND accepted_on = '" TODAY
			   "' AND due_resolve = '2026-04-29'",
			   code),
			 1);
	RUN(&r, "cases", "extend", code, "remote", "--basis", "xã vùng sâu");
	assert_int_equal(r.status, 0);
	fx_run_free(&r);
	assert_int_equal(q("SELECT count(*) FROM cases WHERE code = '%s' AND remote = 1 AND"
			   " due_resolve = '2026-05-20' AND extension_basis LIKE"
			   " 'Luật Khiếu nại 2011, Điều 28; xã vùng sâu'",
			   code),
			 1);
	RUN(&r, "cases", "status", code, "resolved");
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.err, "--decision"));
	fx_run_free(&r);
	RUN(&r, "cases", "status", code, "resolved", "--decision", "15/QĐ-UBND", "--decision-date",
	    TODAY);
	assert_int_equal(r.status, 0);
	fx_run_free(&r);
	assert_int_equal(q("SELECT count(*) FROM cases WHERE code = '%s' AND status = 'resolved'"
			   " AND decision_no = '15/QĐ-UBND' AND decision_date = '" TODAY "'",
			   code),
			 1);
	free(code);
}

/* An SMS-era case is a đơn of channel sms, first-time, eligible, within
 * competence. */
static void test_sms_case_is_a_don(void **state)
{
	(void)state;
	assert_int_equal(fx_inject(&fx, 0, "0911000009", "PA den duong thon hong", NULL), 0);
	wait_int("SELECT count(*) FROM cases WHERE channel = 'sms' AND repeated = 0 AND"
		 " eligible = 1 AND competent = 1 AND text = 'den duong thon hong'",
		 1);
	wait_int("SELECT count(*) FROM case_event e JOIN cases c ON c.id = e.case_id WHERE"
		 " c.channel = 'sms' AND e.event = 'created' AND e.actor = 'sms'",
		 1);
	/* The same number again while that case is open: the processor
	 * proposes it as the vụ việc. */
	assert_int_equal(fx_inject(&fx, 0, "0911000009", "PA van chua sua den duong", NULL), 0);
	wait_int("SELECT count(*) FROM cases c JOIN cases p ON p.id = c.link_proposed WHERE"
		 " c.text = 'van chua sua den duong' AND p.text = 'den duong thon hong'",
		 1);
}

/* The same citizen again about an open case: the link is proposed, staff
 * confirm it, the đơn becomes a repeated đơn of that vụ việc. */
static void test_link_repeated(void **state)
{
	char *first = qtext("SELECT code FROM cases WHERE sender = '%s'", "+84911222333");
	char *again = add_case((const char *const[]){
	    "--kind", "complaint", "--channel", "phone", "--received", TODAY, "--phone",
	    "0911222333", "Gọi điện hỏi lại về khiếu nại thu hồi đất", NULL});
	struct fx_run r;

	(void)state;
	assert_int_equal(q("SELECT count(*) FROM cases c JOIN cases p ON p.id = c.link_proposed"
			   " WHERE c.code = '%s' AND p.code = '%s'",
			   again, first),
			 1);
	/* The repeated đơn's citizen got its receipt too. */
	assert_int_equal(q("SELECT count(*) FROM outbound o JOIN cases c ON c.id = o.case_id"
			   " WHERE c.code = '%s' AND o.purpose = 'reply'",
			   again),
			 1);
	RUN(&r, "--json", "cases", "list", "--kind", "complaint");
	assert_non_null(strstr(r.out, "\"link_proposed\": \""));
	fx_run_free(&r);
	RUN(&r, "cases", "link", again, "--to", first);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, first));
	fx_run_free(&r);
	assert_int_equal(q("SELECT count(*) FROM cases c JOIN cases m ON m.id = c.matter_id"
			   " WHERE c.code = '%s' AND m.code = '%s' AND c.repeated = 1"
			   " AND c.link_proposed IS NULL",
			   again, first),
			 1);
	/* The first đơn stays first-time; linking it to itself is refused. */
	assert_int_equal(q("SELECT repeated FROM cases WHERE code = '%s'", first), 0);
	RUN(&r, "cases", "link", first, "--to", again);
	assert_int_equal(r.status, 1);
	fx_run_free(&r);
	free(first);
	free(again);
}

/* A đơn outside the commune's competence is transferred to an agency:
 * status, the handling row, the citizen told in one segment where it went,
 * the agency's answer recorded; another is only guided. */
static void test_outside_competence(void **state)
{
	char *code = add_case((const char *const[]){
	    "--kind", "complaint", "--channel", "letter", "--received", "2026-03-10", "--phone",
	    "0911555666", "Khiếu nại bản án dân sự sơ thẩm", NULL});
	char *guided = add_case((const char *const[]){"--kind", "feedback", "--channel", "walkin",
						      "--received", TODAY, "--phone", "0911555777",
						      "Hỏi về thủ tục cấp hộ chiếu", NULL});
	struct fx_run r;
	char *text;

	(void)state;
	RUN(&r, "cases", "handle", code, "transfer", "--agency", "Toà án nhân dân khu vực 5",
	    "--date", "2026-03-17");
	assert_int_equal(r.status, 0);
	fx_run_free(&r);
	assert_int_equal(q("SELECT count(*) FROM cases c JOIN case_handling h ON h.case_id = c.id"
			   " WHERE c.code = '%s' AND c.status = 'transferred' AND c.competent = 0"
			   " AND h.action = 'transfer' AND h.agency = 'Toà án nhân dân khu vực 5'"
			   " AND h.on_date = '2026-03-17'",
			   code),
			 1);
	text = qtext("SELECT o.text FROM outbound o JOIN cases c ON c.id = o.case_id WHERE"
		     " c.code = '%s' AND o.purpose = 'status'",
		     code);
	assert_non_null(strstr(text, "da chuyen den Toa an nhan dan khu vuc 5 ngay 17/03"));
	assert_true(strlen(text) <= 160);
	free(text);
	RUN(&r, "cases", "answer", code, "Toà án đã nhận đơn, hẹn trả lời trong 30 ngày");
	assert_int_equal(r.status, 0);
	fx_run_free(&r);
	assert_int_equal(q("SELECT count(*) FROM case_handling h JOIN cases c ON c.id = h.case_id"
			   " WHERE c.code = '%s' AND h.answer LIKE 'Toà án đã nhận đơn%%'"
			   " AND h.answer_on = '" TODAY "'",
			   code),
			 1);
	RUN(&r, "cases", "handle", guided, "guide", "--agency", "Công an tỉnh Lâm Đồng");
	assert_int_equal(r.status, 0);
	fx_run_free(&r);
	assert_int_equal(q("SELECT count(*) FROM cases WHERE code = '%s' AND competent = 0"
			   " AND status = 'received'",
			   guided),
			 1);
	text = qtext("SELECT o.text FROM outbound o JOIN cases c ON c.id = o.case_id WHERE"
		     " c.code = '%s' AND o.purpose = 'status'",
		     guided);
	assert_non_null(strstr(text, "Xin lien he Cong an tinh Lam Dong"));
	free(text);
	/* An answer with no transfer is refused. */
	RUN(&r, "cases", "answer", guided, "khong co");
	assert_int_equal(r.status, 1);
	fx_run_free(&r);
	free(code);
	free(guided);
}

/* Offices and officers: a case assigned to an office by its name, then to
 * one of its officers; cases list --assigned finds it by either. The
 * classification records eligibility with the law's reason and a field. */
static void test_offices_and_classify(void **state)
{
	char *code =
	    add_case((const char *const[]){"--kind", "complaint", "--channel", "walkin",
					   "--received", TODAY, "Tranh chấp ranh giới đất", NULL});
	struct fx_run r;

	(void)state;
	RUN(&r, "cases", "assign", code, "Địa chính - Xây dựng");
	assert_int_equal(r.status, 0);
	fx_run_free(&r);
	assert_int_equal(
	    q("SELECT count(*) FROM cases WHERE code = '%s' AND office = 'DCXD'", code), 1);
	RUN(&r, "offices", "add", "lan", "Nguyễn Thị Lan", "--office", "DCXD");
	assert_int_equal(r.status, 0);
	fx_run_free(&r);
	RUN(&r, "cases", "assign", code, "lan");
	assert_int_equal(r.status, 0);
	fx_run_free(&r);
	assert_int_equal(q("SELECT count(*) FROM cases WHERE code = '%s' AND office = 'DCXD' AND "
			   "officer = 'lan'",
			   code),
			 1);
	RUN(&r, "--json", "cases", "list", "--assigned", "Nguyễn Thị Lan");
	assert_non_null(strstr(r.out, code));
	fx_run_free(&r);
	RUN(&r, "--json", "cases", "list", "--assigned", "KT");
	assert_null(strstr(r.out, code));
	fx_run_free(&r);
	RUN(&r, "cases", "classify", code, "--ineligible", "anonymous", "--field", "admin_land");
	assert_int_equal(r.status, 0);
	fx_run_free(&r);
	assert_int_equal(q("SELECT count(*) FROM cases WHERE code = '%s' AND eligible = 0 AND"
			   " ineligible_reason = 'anonymous' AND field = 'admin_land'",
			   code),
			 1);
	RUN(&r, "cases", "classify", code, "--field", "no_such_field");
	assert_int_equal(r.status, 1);
	fx_run_free(&r);
	RUN(&r, "cases", "classify", code, "--ineligible", "bored");
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.err, "anonymous"));
	fx_run_free(&r);
	free(code);
}

/* The reception register: a group received by the chairman about an
 * open vụ việc (repeated), and a visit that opens a case. */
static void test_reception(void **state)
{
	char *kn = qtext("SELECT code FROM cases WHERE sender = '%s' AND matter_id IS NULL",
			 "+84911222333");
	char args_case[32], *opened;
	struct fx_run r;
	json_t *j;

	(void)state;
	snprintf(args_case, sizeof(args_case), "%s", kn);
	RUN(&r, "--json", "reception", "add", "--kind", "head", "--date", TODAY, "--persons", "7",
	    "--group", "--name", "Đoàn hộ dân thôn 8", "--case", args_case,
	    "Các hộ dân đề nghị giải quyết dứt điểm việc thu hồi đất");
	assert_int_equal(r.status, 0);
	j = parse_json(r.out);
	assert_int_equal(json_integer_value(json_object_get(j, "persons")), 7);
	assert_true(json_is_true(json_object_get(j, "is_group")) ||
		    json_integer_value(json_object_get(j, "is_group")) == 1);
	assert_int_equal(json_array_size(json_object_get(j, "cases")), 1);
	assert_int_equal(json_integer_value(json_object_get(
			     json_array_get(json_object_get(j, "cases"), 0), "repeated")),
			 1);
	json_decref(j);
	fx_run_free(&r);
	RUN(&r, "--json", "reception", "add", "--kind", "regular", "--date", "2026-03-16",
	    "--new-case", "--case-kind", "complaint", "--phone", "0911888999", "--name",
	    "Trần Thị Mai", "Khiếu nại việc cấp giấy chứng nhận quyền sử dụng đất");
	assert_int_equal(r.status, 0);
	j = parse_json(r.out);
	opened = strdup(json_string_value(
	    json_object_get(json_array_get(json_object_get(j, "cases"), 0), "code")));
	json_decref(j);
	fx_run_free(&r);
	assert_int_equal(q("SELECT count(*) FROM cases WHERE code = '%s' AND channel = 'walkin'"
			   " AND received_on = '2026-03-16' AND citizen_name = 'Trần Thị Mai'"
			   " AND sender = '+84911888999'",
			   opened),
			 1);
	RUN(&r, "reception", "list");
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "Đoàn hộ dân thôn 8"));
	fx_run_free(&r);
	RUN(&r, "reception", "add", "--kind", "deputy", "Tiếp thay");
	assert_int_equal(r.status, 1);
	fx_run_free(&r);
	free(opened);
	free(kn);
}

/* The figures the forms need, from report --json, against this test's own
 * SQL over the same rows. */
static void test_report_counts(void **state)
{
#define FROM "'2026-03-01'"
#define TO "'2026-03-31'"
#define DON                                                                                        \
	" FROM cases WHERE received_on <= " TO " AND (received_on >= " FROM                        \
	" OR closed_on IS NULL OR closed_on >= " FROM ")"
	static const struct {
		const char *key, *sql;
	} want[] = {
	    {"don", "SELECT count(*)" DON},
	    {"carried_over", "SELECT count(*)" DON " AND received_on < " FROM},
	    {"in_period", "SELECT count(*)" DON " AND received_on >= " FROM},
	    {"vu_viec", "SELECT count(DISTINCT coalesce(matter_id, id))" DON},
	    {"competent", "SELECT count(*)" DON " AND competent = 1"},
	    {"outside_competence", "SELECT count(*)" DON " AND competent = 0"},
	    {"first_time", "SELECT count(*)" DON " AND repeated = 0"},
	    {"repeated", "SELECT count(*)" DON " AND repeated = 1"},
	    {"eligible", "SELECT count(*)" DON " AND eligible = 1"},
	};
	struct fx_run r;
	json_t *j, *reg, *rec, *ch;
	char sql[512];

	(void)state;
	RUN(&r, "--json", "report", "--from", "2026-03-01", "--to", "2026-03-31");
	assert_int_equal(r.status, 0);
	j = parse_json(r.out);
	fx_run_free(&r);
	reg = json_object_get(j, "register");
	assert_non_null(reg);
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		long long got = json_integer_value(json_object_get(reg, want[i].key));
		long long exp = fx_query_int(&fx, want[i].sql);
		if (got != exp)
			fail_msg("%s: report %lld, SQL %lld", want[i].key, got, exp);
	}
	/* This test's rows, by hand: one letter carried over from February. */
	assert_int_equal(json_integer_value(json_object_get(reg, "carried_over")), 1);
	assert_true(json_integer_value(json_object_get(reg, "repeated")) >= 1);
	assert_true(json_integer_value(json_object_get(reg, "outside_competence")) >= 2);
	ch = json_object_get(reg, "by_channel");
	for (const char *const *c =
		 (const char *const[]){"walkin", "letter", "phone", "transferred", "sms", NULL};
	     *c; c++) {
		snprintf(sql, sizeof(sql), "SELECT count(*)" DON " AND channel = '%s'", *c);
		assert_int_equal(json_integer_value(json_object_get(ch, *c)),
				 fx_query_int(&fx, sql));
		assert_true(json_integer_value(json_object_get(ch, *c)) >= 1);
	}
	rec = json_object_get(reg, "reception");
	assert_int_equal(json_integer_value(json_object_get(rec, "luot")),
			 fx_query_int(&fx, "SELECT count(*) FROM reception WHERE visit_date"
					   " BETWEEN " FROM " AND " TO));
	/* A group of 7 with the chairman, one citizen, one denunciator. */
	assert_int_equal(json_integer_value(json_object_get(rec, "luot")), 3);
	assert_int_equal(json_integer_value(json_object_get(rec, "nguoi")), 9);
	assert_int_equal(json_integer_value(json_object_get(rec, "doan_dong_nguoi")), 1);
	assert_int_equal(json_integer_value(json_object_get(rec, "head")), 1);
	assert_int_equal(json_integer_value(json_object_get(rec, "vu_viec")),
			 fx_query_int(&fx,
				      "SELECT count(DISTINCT coalesce(c.matter_id, c.id))"
				      " FROM reception_case rc JOIN cases c ON c.id = rc.case_id"));
	json_decref(j);
#undef FROM
#undef TO
#undef DON
}

/* The interactive console in a real terminal, under the C locale a
 * service account often has: a note typed with Vietnamese letters is
 * stored exactly as typed. */
static void test_interactive_note(void **state)
{
	char *code = qtext("SELECT code FROM cases WHERE channel = '%s' LIMIT 1", "letter");
	char line[256], out[16384] = "";
	const char *note = "Đã gặp bà Hoà, ông Quý; hẹn thứ Năm";
	int master, status;
	pid_t pid;

	(void)state;
	pid = fx_console_pty(&fx, true, &master);
	assert_true(pid >= 0);
	assert_true(fx_pty_expect(master, out, sizeof(out), "tiengdan> ", 10000));
	snprintf(line, sizeof(line), "cases note %s \"%s\"\r", code, note);
	assert_int_equal(write(master, line, strlen(line)), (ssize_t)strlen(line));
	out[0] = '\0';
	if (!fx_pty_expect(master, out, sizeof(out), "tiengdan> ", 10000))
		fail_msg("no prompt after the note: %s", out);
	assert_int_equal(write(master, "quit\r", 5), 5);
	fx_pty_expect(master, out, sizeof(out), "\n\n", 3000);
	if (waitpid(pid, &status, 0) != pid)
		kill(pid, SIGKILL);
	close(master);
	assert_int_equal(q("SELECT count(*) FROM case_event e JOIN cases c ON c.id = e.case_id"
			   " WHERE c.code = '%s' AND e.event = 'note' AND e.note = '%s'",
			   code, note),
			 1);
	free(code);
}

/* The console speaks its users' language: filters in Vietnamese, without
 * diacritics, in English or abbreviated name the same values; tables show
 * times in the commune's zone and Vietnamese values. */
static void test_console_language(void **state)
{
	long long complaints =
	    fx_query_int(&fx, "SELECT count(*) FROM cases WHERE kind = 'complaint'");
	const char *const kinds[] = {"Khiếu nại", "khieu-nai", "KN", "complaint", NULL};
	char *code =
	    qtext("SELECT code FROM cases WHERE status = '%s' AND kind = 'complaint'", "resolved");
	char *created = qtext("SELECT created_at FROM cases WHERE code = '%s'", code);
	char local[32];
	struct tm tm = {0};
	time_t t;
	struct fx_run r;
	json_t *j;

	(void)state;
	for (const char *const *k = kinds; *k; k++) {
		RUN(&r, "--json", "cases", "list", "--kind", *k);
		if (r.status != 0)
			fail_msg("--kind %s: %s", *k, r.err);
		j = parse_json(r.out);
		assert_int_equal((long long)json_array_size(j), complaints);
		json_decref(j);
		fx_run_free(&r);
	}
	RUN(&r, "--json", "cases", "list", "--status", "Đã giải quyết", "--kind", "kn");
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, code));
	fx_run_free(&r);
	RUN(&r, "--json", "cases", "list", "--status", "da thu ly");
	assert_int_equal(r.status, 0);
	assert_null(strstr(r.out, code));
	fx_run_free(&r);
	/* The table form: local time (UTC+7 in Vietnam), never ...Z. */
	assert_int_equal(sscanf(created, "%4d-%2d-%2dT%2d:%2d", &tm.tm_year, &tm.tm_mon,
				&tm.tm_mday, &tm.tm_hour, &tm.tm_min),
			 5);
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	t = timegm(&tm) + 7 * 3600;
	strftime(local, sizeof(local), "%Y-%m-%d %H:%M", gmtime_r(&t, &tm));
	RUN(&r, "cases", "show", code);
	assert_int_equal(r.status, 0);
	if (!strstr(r.out, local) || strstr(r.out, created))
		fail_msg("want %s, not %s, in:\n%s", local, created, r.out);
	assert_non_null(strstr(r.out, "Đã giải quyết"));
	fx_run_free(&r);
	/* JSON keeps the stored time. */
	RUN(&r, "--json", "cases", "show", code);
	assert_non_null(strstr(r.out, created));
	fx_run_free(&r);
	RUN(&r, "reception", "list");
	assert_non_null(strstr(r.out, "thủ trưởng tiếp"));
	assert_non_null(strstr(r.out, "Số người"));
	fx_run_free(&r);
	free(created);
	free(code);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_walkin_complaint),
	    cmocka_unit_test(test_letter_in_the_past),
	    cmocka_unit_test(test_transferred_and_refusals),
	    cmocka_unit_test(test_denunciation_sealed),
	    cmocka_unit_test(test_workflow),
	    cmocka_unit_test(test_sms_case_is_a_don),
	    cmocka_unit_test(test_link_repeated),
	    cmocka_unit_test(test_outside_competence),
	    cmocka_unit_test(test_offices_and_classify),
	    cmocka_unit_test(test_reception),
	    cmocka_unit_test(test_report_counts),
	    cmocka_unit_test(test_interactive_note),
	    cmocka_unit_test(test_console_language),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}

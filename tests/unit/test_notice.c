/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Notices as villagers see them (core/notice.h): codes typed any way,
 * targets, choices and the choice a vote names, and the one-segment SMS of
 * a notice and a poll.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/normalize.h"
#include "core/notice.h"

static void test_codes(void **state)
{
	char code[NOTICE_CODE_MAX];

	notice_code(12, code);
	assert_string_equal(code, "TB12");
	assert_int_equal(notice_code_parse("TB12"), 12);
	assert_int_equal(notice_code_parse("tb 12"), 12);
	assert_int_equal(notice_code_parse("12"), 12);
	assert_int_equal(notice_code_parse("BQ12"), 12);
	assert_int_equal(notice_code_parse("TB1O"), 10);
	assert_int_equal(notice_code_parse("TB-7"), 7);
	assert_int_equal(notice_code_parse("TB"), -1);
	assert_int_equal(notice_code_parse("TB0"), -1);
	assert_int_equal(notice_code_parse("PA12"), -1);
	assert_int_equal(notice_code_parse("12 13"), -1);
	assert_int_equal(notice_code_parse("1234567890123456"), -1);
	assert_int_equal(notice_code_parse(NULL), -1);
}

static void test_targets(void **state)
{
	struct notice_target t;

	assert_int_equal(notice_target_parse("village:106", &t), 0);
	assert_int_equal(t.kind, NOTICE_TO_VILLAGE);
	assert_string_equal(t.value, "106");
	assert_int_equal(notice_target_parse("commune:DR1", &t), 0);
	assert_int_equal(t.kind, NOTICE_TO_COMMUNE);
	assert_int_equal(notice_target_parse("all", &t), 0);
	assert_int_equal(t.kind, NOTICE_TO_ALL);
	assert_string_equal(t.value, "");
	assert_int_equal(notice_target_parse("role:Head", &t), 0);
	assert_int_equal(t.kind, NOTICE_TO_ROLE);
	assert_string_equal(t.value, "head");
	assert_int_equal(notice_target_parse("role:mayor", &t), -1);
	assert_int_equal(notice_target_parse("village:", &t), -1);
	assert_int_equal(notice_target_parse("village", &t), -1);
	assert_int_equal(notice_target_parse("all:DR1", &t), -1);
	assert_int_equal(notice_target_parse("district:DR", &t), -1);
	assert_int_equal(notice_target_parse("village:1 06", &t), -1);
	assert_string_equal(notice_target_kind_name(NOTICE_TO_COMMUNE), "commune");
	assert_int_equal(notice_target_kind_parse("role"), NOTICE_TO_ROLE);
	assert_int_equal(notice_target_kind_parse("x"), -1);
}

static void test_choices(void **state)
{
	char **labels, *folded[2], *line;
	const char *why;
	int n = notice_choices_parse(" Đồng ý ,Không đồng ý", &labels, &why);

	assert_int_equal(n, 2);
	assert_string_equal(labels[0], "Đồng ý");
	assert_string_equal(labels[1], "Không đồng ý");
	for (int i = 0; i < 2; i++)
		folded[i] = norm_fold(labels[i], strlen(labels[i]));
	assert_int_equal(notice_choice_match("1", (const char *const *)folded, 2), 1);
	assert_int_equal(notice_choice_match("2 khong dong y", (const char *const *)folded, 2), 2);
	assert_int_equal(notice_choice_match("dong y", (const char *const *)folded, 2), 1);
	assert_int_equal(notice_choice_match("ĐỒNG Ý!", (const char *const *)folded, 2), 1);
	assert_int_equal(notice_choice_match("khong dong y", (const char *const *)folded, 2), 2);
	assert_int_equal(notice_choice_match("dong y nhung", (const char *const *)folded, 2), 1);
	assert_int_equal(notice_choice_match("3", (const char *const *)folded, 2), 0);
	assert_int_equal(notice_choice_match("0", (const char *const *)folded, 2), 0);
	assert_int_equal(notice_choice_match("khong", (const char *const *)folded, 2), 0);
	assert_int_equal(notice_choice_match("", (const char *const *)folded, 2), 0);
	line = notice_choices_line((const char *const *)labels, 2);
	assert_string_equal(line, "1=Đồng ý 2=Không đồng ý");
	free(line);
	for (int i = 0; i < 2; i++)
		free(folded[i]);
	notice_choices_free(labels, 2);

	assert_int_equal(notice_choices_parse("Dong y", &labels, &why), -1);
	assert_string_equal(why, "fewer than 2 choices");
	assert_int_equal(notice_choices_parse("a,b,c,d,e,f,g,h,i,j", &labels, &why), -1);
	assert_string_equal(why, "more than 9 choices");
	assert_int_equal(notice_choices_parse("Dong y,,Khong", &labels, &why), -1);
	assert_string_equal(why, "an empty choice");
	assert_int_equal(notice_choices_parse("Đồng ý,dong y", &labels, &why), -1);
	assert_string_equal(why, "two choices are the same");
	assert_int_equal(
	    notice_choices_parse("Dong y,Mot lua chon dai hon ba muoi ky tu", &labels, &why), -1);
	assert_null(labels);
}

static void test_notice_sms(void **state)
{
	long units, limit;
	char *sms = notice_sms_text(&(struct notice_sms){
	    .id = 12,
	    .title = "Họp thôn",
	    .body = "Họp thôn Pul\n 19h   thứ Bảy",
	    .want_ack = true,
	    .gateway = "0912345678",
	});
	char *again;

	assert_string_equal(sms,
			    "TB12 Hop thon: Hop thon Pul 19h thu Bay. Da doc xin soan XN TB12 gui"
			    " 0912345678");
	assert_int_equal(notice_sms_segments(sms, &units, &limit), 1);
	assert_int_equal(limit, 160);
	assert_int_equal(units, (long)strlen(sms));
	again = notice_reminder_text(sms);
	assert_string_equal(again + strlen("Nhac lai: "), sms);
	assert_memory_equal(again, "Nhac lai: ", 10);
	free(again);
	free(sms);

	/* Without acknowledgement or gateway; the text's own full stop kept. */
	sms = notice_sms_text(
	    &(struct notice_sms){.id = 3, .title = "Mat dien", .body = "Cat dien."});
	assert_string_equal(sms, "TB3 Mat dien: Cat dien.");
	free(sms);

	/* UCS-2 keeps diacritics, and counts 70 a segment. */
	sms = notice_sms_text(
	    &(struct notice_sms){.id = 3, .title = "Mất điện", .body = "Cắt điện", .ucs2 = true});
	assert_string_equal(sms, "TB3 Mất điện: Cắt điện");
	assert_int_equal(notice_sms_segments(sms, &units, &limit), 1);
	assert_int_equal(limit, 70);
	assert_int_equal(units, 22);
	free(sms);
}

static void test_poll_sms(void **state)
{
	const char *choices[] = {"Đồng ý", "Không đồng ý"};
	long units, limit;
	char *sms = notice_sms_text(&(struct notice_sms){
	    .id = 7,
	    .body = "Làm đường bê tông?",
	    .gateway = "0912345678",
	    .choices = choices,
	    .n_choices = 2,
	    .closes = "20/07",
	});

	assert_string_equal(sms, "TB7 Bieu quyet: Lam duong be tong? 1=Dong y, 2=Khong dong y. Soan"
				 " BQ 7 <so> gui 0912345678, han 20/07");
	free(sms);

	/* Too long for one segment: how many it would take. */
	char body[400];
	memset(body, 'a', 300);
	body[300] = '\0';
	sms = notice_sms_text(&(struct notice_sms){.id = 1, .title = "T", .body = body});
	assert_int_equal(notice_sms_segments(sms, &units, &limit), 3);
	assert_int_equal(units, 307);
	/* A reminder that would not fit is the notice itself. */
	char *again = notice_reminder_text(sms);
	assert_string_equal(again, sms);
	free(again);
	free(sms);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_codes),    cmocka_unit_test(test_targets),
	    cmocka_unit_test(test_choices),  cmocka_unit_test(test_notice_sms),
	    cmocka_unit_test(test_poll_sms),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

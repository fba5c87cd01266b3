/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of the parser, one group per rule of SMS-LANGUAGE.md section 3:
 * order of the tests, separators, NFD input, Telex/VNI, fuzzy matching and
 * its limits, opt-out, TC, status errors, meeting reports by role, aliases.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/parse.h"

static const struct meeting_date today = {2025, 7, 10};

static int setup(void **state)
{
	struct parse_options *o = calloc(1, sizeof(*o));

	if (!o || !(o->keywords = keywords_new_default()))
		return -1;
	*state = o;
	return 0;
}

static int teardown(void **state)
{
	struct parse_options *o = *state;

	keywords_free((struct keywords *)o->keywords);
	free(o);
	return 0;
}

/* Parses text as role; the caller frees. */
static struct parse_result *parse_as(void **state, enum parse_role role, const char *text)
{
	struct parse_result *r = NULL;

	assert_int_equal(parse_message(*state, text, strlen(text), role, today, &r), 0);
	assert_non_null(r);
	return r;
}

/* Checks command and body (NULL = no body) of a resident's text. */
static void expect(void **state, const char *text, enum sms_command cmd, const char *body)
{
	struct parse_result *r = parse_as(state, PARSE_ROLE_RESIDENT, text);

	if (r->command != cmd || (body ? !r->body || strcmp(r->body, body) : r->body != NULL))
		fprintf(stderr, "'%s': got %s body '%s'\n", text, keywords_command_name(r->command),
			r->body ? r->body : "(none)");
	assert_int_equal(r->command, cmd);
	if (body)
		assert_string_equal(r->body, body);
	else
		assert_null(r->body);
	parse_result_free(r);
}

static void test_order_code_before_keyword(void **state)
{
	struct parse_result *r = parse_as(state, PARSE_ROLE_RESIDENT, "PA4829138");

	assert_int_equal(r->command, SMS_STATUS);
	assert_null(r->keyword);
	assert_string_equal(r->code.prefix, "PA");
	parse_result_free(r);
	expect(state, "TC 551209-4", SMS_STATUS, NULL);
	expect(state, "pa 482913 8", SMS_STATUS, NULL);
	/* not a valid code: the keyword test runs next */
	expect(state, "PA 4829137", SMS_FEEDBACK, "4829137");
	/* a keyword comes before unkeyed feedback */
	expect(state, "KNAI dat", SMS_COMPLAINT, "dat");
	expect(state, "dat KNAI", SMS_FEEDBACK, "dat KNAI");
}

static void test_each_separator_after_keyword(void **state)
{
	const char seps[] = ".,;:-_#*+/\\|)]=! \t";

	for (const char *p = seps; *p; p++) {
		char text[32];
		snprintf(text, sizeof(text), "PA%cden hong", *p);
		expect(state, text, SMS_FEEDBACK, "den hong");
		snprintf(text, sizeof(text), "%c%cKNAI%c%cden hong", *p, *p, *p, *p);
		expect(state, text, SMS_COMPLAINT, "den hong");
	}
	/* an opening bracket belongs to the body */
	expect(state, "PA (khan) den hong", SMS_FEEDBACK, "(khan) den hong");
}

static void test_nfd_equals_nfc(void **state)
{
	const char nfc[] = "Khiếu nại về việc cấp đất";
	const char nfd[] =
	    "Khie\xcc\x82\xcc\x81u na\xcc\xa3i ve\xcc\x82\xcc\x80 vie\xcc\x82\xcc\xa3"
	    "c ca\xcc\x82\xcc\x81p \xc4\x91\x61\xcc\x82\xcc\x81t";
	struct parse_result *a = parse_as(state, PARSE_ROLE_RESIDENT, nfc);
	struct parse_result *b = parse_as(state, PARSE_ROLE_RESIDENT, nfd);

	assert_int_equal(a->command, SMS_COMPLAINT);
	assert_int_equal(b->command, a->command);
	assert_string_equal(b->text, a->text);
	assert_string_equal(b->body, a->body);
	assert_string_equal(a->body, "về việc cấp đất");
	parse_result_free(a);
	parse_result_free(b);
}

static void test_telex_vni(void **state)
{
	expect(state, "phanr anhs: rac", SMS_FEEDBACK, "rac");
	expect(state, "pha3n a1nh: rac", SMS_FEEDBACK, "rac");
	expect(state, "khieeuf naij dat", SMS_COMPLAINT, "dat");
	expect(state, "tuwf chooi", SMS_OPTOUT, NULL);
	struct parse_result *r = parse_as(state, PARSE_ROLE_RESIDENT, "ddax ddocj tb5");
	assert_int_equal(r->command, SMS_ACK);
	assert_string_equal(r->notices[0], "TB5");
	parse_result_free(r);
}

static void test_no_telex_vni_in_codes(void **state)
{
	/* "pa1" looks like a code: its digit is not a VNI tone, so no keyword */
	struct parse_result *r = parse_as(state, PARSE_ROLE_RESIDENT, "pa1 duong hong");
	assert_int_equal(r->command, SMS_FEEDBACK);
	assert_true(r->unkeyed);
	parse_result_free(r);
	/* the digits of a notice code are kept */
	r = parse_as(state, PARSE_ROLE_RESIDENT, "XN tb12 tb1O");
	assert_int_equal(r->n_notices, 2);
	assert_string_equal(r->notices[0], "TB12");
	assert_string_equal(r->notices[1], "TB10");
	parse_result_free(r);
}

static void test_fuzzy(void **state)
{
	struct parse_result *r = parse_as(state, PARSE_ROLE_RESIDENT, "khieu naj dat");

	assert_int_equal(r->command, SMS_COMPLAINT);
	assert_true(r->fuzzy);
	parse_result_free(r);
	expect(state, "tocoa can bo", SMS_DENUNCIATION, "can bo");
	expect(state, "dang ki 106", SMS_REGISTER, "106");
	/* keywords under five letters match only exactly */
	expect(state, "KHAI bao", SMS_FEEDBACK, "KHAI bao");
	expect(state, "STOQ", SMS_FEEDBACK, "STOQ");
	expect(state, "HPE", SMS_FEEDBACK, "HPE");
	expect(state, "toca dd", SMS_DENUNCIATION, "dd");
}

static void test_fuzzy_tie_is_no_match(void **state)
{
	struct keywords *kw = keywords_new_default();
	struct parse_options o = {.keywords = kw};
	void *st = &o;
	const char *why = NULL;

	/* "tocaa" is one letter from TOCAO and from the alias TOCAI */
	assert_int_equal(keywords_add(kw, "complaint", "TOCAI", &why), 0);
	expect(&st, "tocaa can bo", SMS_FEEDBACK, "tocaa can bo");
	expect(&st, "tocai can bo", SMS_COMPLAINT, "can bo");
	/* two keywords of one command within reach are no tie */
	assert_int_equal(keywords_add(kw, "denunciation", "TOCAX", &why), 0);
	expect(&st, "tocaz x", SMS_FEEDBACK, "tocaz x"); /* TOCAO, TOCAI, TOCAX */
	keywords_free(kw);
}

static void test_optout(void **state)
{
	expect(state, "HUY", SMS_OPTOUT, NULL);
	expect(state, "huy nhan tin", SMS_OPTOUT, NULL);
	expect(state, "Tu choi nhantin", SMS_OPTOUT, NULL);
	expect(state, "STOP!", SMS_OPTOUT, NULL);
	expect(state, "Huy oi duong hong", SMS_FEEDBACK, "Huy oi duong hong");
	expect(state, "stop nhan tin nua", SMS_FEEDBACK, "stop nhan tin nua");
}

static void test_tc_and_help(void **state)
{
	struct parse_result *r = parse_as(state, PARSE_ROLE_RESIDENT, "tc: can bo xa");

	assert_int_equal(r->command, SMS_HELP);
	assert_string_equal(r->help_topic, "TC");
	parse_result_free(r);
	r = parse_as(state, PARSE_ROLE_RESIDENT, "TC 5512095"); /* bad check: not a code */
	assert_int_equal(r->command, SMS_HELP);
	assert_string_equal(r->help_topic, "TC");
	parse_result_free(r);
	r = parse_as(state, PARSE_ROLE_RESIDENT, "huong dan khieu nai");
	assert_string_equal(r->help_topic, "KNAI");
	parse_result_free(r);
	r = parse_as(state, PARSE_ROLE_RESIDENT, "  \t ");
	assert_int_equal(r->command, SMS_HELP);
	assert_null(r->help_topic);
	parse_result_free(r);
	/* a body is required: the keyword alone gets help on it */
	r = parse_as(state, PARSE_ROLE_RESIDENT, "Phản ánh");
	assert_int_equal(r->command, SMS_HELP);
	assert_string_equal(r->help_topic, "PA");
	parse_result_free(r);
}

static void test_status_errors(void **state)
{
	static const struct {
		const char *text;
		const char *error;
	} cases[] = {
	    {"TT nha toi", "invalid code"},  {"TT", "invalid code"},
	    {"KT PA4829137", "check digit"}, {"tra cuu 4829183", "check digit"},
	    {"TT PA4829138 cam on", NULL},   {"kt 482-913-8", NULL},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct parse_result *r = parse_as(state, PARSE_ROLE_RESIDENT, cases[i].text);
		assert_int_equal(r->command, SMS_STATUS);
		if (cases[i].error) {
			assert_string_equal(r->error, cases[i].error);
			assert_non_null(r->form);
		} else {
			assert_null(r->error);
			assert_string_equal(r->code.digits, "4829138");
		}
		parse_result_free(r);
	}
}

static void test_meeting_roles(void **state)
{
	struct parse_result *r = parse_as(state, PARSE_ROLE_DEPUTY, "HOP 1/7 20/30 bau to truong");

	assert_int_equal(r->command, SMS_MEETING);
	assert_int_equal(r->meeting.opinions, -1);
	assert_string_equal(r->topic, "bau to truong");
	parse_result_free(r);
	r = parse_as(state, PARSE_ROLE_RESIDENT, "Hop thon hom qua co 30 ho");
	assert_int_equal(r->command, SMS_FEEDBACK);
	assert_true(r->unkeyed);
	assert_string_equal(r->body, "Hop thon hom qua co 30 ho");
	assert_string_equal(r->hint, "meeting reports come from village heads");
	parse_result_free(r);
	r = parse_as(state, PARSE_ROLE_HEAD, "Hop thon hom qua co 30 ho");
	assert_int_equal(r->command, SMS_ERROR);
	assert_string_equal(r->error, "missing date");
	assert_non_null(strstr(r->form, "HOP"));
	parse_result_free(r);
	r = parse_as(state, PARSE_ROLE_HEAD, "HOP 9/5 20/30");
	assert_int_equal(r->command, SMS_ERROR);
	assert_string_equal(r->error, "date more than 60 days ago");
	parse_result_free(r);
}

static void test_invalid_and_full_width(void **state)
{
	const char bad[] = "PA \xc3\x28 duong \xff";
	struct parse_result *r = NULL;

	assert_int_equal(
	    parse_message(*state, bad, sizeof(bad) - 1, PARSE_ROLE_RESIDENT, today, &r), 0);
	assert_int_equal(r->command, SMS_FEEDBACK);
	assert_true(r->invalid_utf8);
	parse_result_free(r);
	r = parse_as(state, PARSE_ROLE_RESIDENT, "\xef\xbc\xb0\xef\xbc\xa1\xef\xbc\x9a đường hỏng");
	assert_int_equal(r->command, SMS_FEEDBACK);
	assert_string_equal(r->body, "đường hỏng");
	assert_false(r->invalid_utf8);
	parse_result_free(r);
	assert_int_equal(parse_message(*state, NULL, 0, PARSE_ROLE_RESIDENT, today, &r), 0);
	assert_int_equal(r->command, SMS_HELP);
	parse_result_free(r);
}

/* A village list of one: "Da Son". */
static size_t one_village(void *ctx, const char *body, size_t len)
{
	return len >= 6 && strncmp(body, "Da Son", 6) == 0 ? 6 : 0;
}

static void test_register(void **state)
{
	struct parse_options o = *(struct parse_options *)*state;
	struct parse_result *r = NULL;

	o.village_prefix = one_village;
	assert_int_equal(
	    parse_message(&o, "DK Da Son Nguyen Van A", 22, PARSE_ROLE_RESIDENT, today, &r), 0);
	assert_string_equal(r->village, "Da Son");
	assert_string_equal(r->name, "Nguyen Van A");
	parse_result_free(r);
	r = parse_as(state, PARSE_ROLE_RESIDENT, "DK Da Son Nguyen Van A");
	assert_string_equal(r->village, "Da");
	parse_result_free(r);
	r = parse_as(state, PARSE_ROLE_RESIDENT, "DK 106, Lơ Mu K'Bông");
	assert_string_equal(r->village, "106");
	assert_string_equal(r->name, "Lơ Mu K'Bông");
	parse_result_free(r);
}

static void test_aliases_from_conf(void **state)
{
	char *fb[] = {"Ý KIẾN", "yk"}, *opt[] = {"NGUNG"}, *bad[] = {"x"};
	struct keyword_list lists[] = {
	    {.command = "feedback", .words = fb, .n_words = 2},
	    {.command = "optout", .words = opt, .n_words = 1},
	};
	struct keyword_list wrong = {.command = "fly", .words = bad, .n_words = 1};
	struct keywords *kw = keywords_new_default();
	struct parse_options o = {.keywords = kw};
	const char *why = NULL, *word = NULL;
	void *st = &o;

	expect(&st, "y kien: duong hong", SMS_FEEDBACK, "y kien: duong hong");
	assert_int_equal(keywords_add_conf(kw, lists, 2, &why, &word), 0);
	expect(&st, "y kien: duong hong", SMS_FEEDBACK, "duong hong");
	expect(&st, "Ý kiến: đường hỏng", SMS_FEEDBACK, "đường hỏng");
	expect(&st, "YK den", SMS_FEEDBACK, "den");
	expect(&st, "ngung", SMS_OPTOUT, NULL);
	assert_int_equal(keywords_add_conf(kw, &wrong, 1, &why, &word), -1);
	assert_string_equal(why, "unknown command");
	assert_string_equal(word, "x");
	keywords_free(kw);
}

static void test_keywords_add_errors(void **state)
{
	struct keywords *kw = keywords_new_default();
	const char *why = NULL;

	assert_int_equal(keywords_add(kw, "nonsense", "ABC", &why), -1);
	assert_string_equal(why, "unknown command");
	assert_int_equal(keywords_add(kw, "error", "ABC", &why), -1);
	assert_int_equal(keywords_add(kw, "help", "", &why), -1);
	assert_string_equal(why, "empty word");
	assert_int_equal(keywords_add(kw, "help", " .- ", &why), -1);
	assert_string_equal(why, "empty word");
	assert_int_equal(keywords_add(kw, "help", "PA", &why), -1);
	assert_int_equal(keywords_add(kw, "help", "TB12", &why), -1);
	assert_int_equal(keywords_add(kw, "feedback", "Phản ánh", &why), 0); /* already there */
	assert_int_equal(keywords_add(kw, "help", NULL, NULL), -1);
	keywords_free(kw);
	assert_true(keywords_distance_one("knai", "khai"));
	assert_true(keywords_distance_one("tocao", "toaco"));
	assert_false(keywords_distance_one("tocao", "tocao"));
	assert_false(keywords_distance_one("tocao", "tcaoo"));
	assert_int_equal(keywords_command_from_name("vote"), SMS_VOTE);
}

static void test_no_keywords_is_an_error(void **state)
{
	struct parse_options o = {0};
	struct parse_result *r = (struct parse_result *)1;

	assert_int_equal(parse_message(&o, "PA x", 4, PARSE_ROLE_RESIDENT, today, &r), -1);
	assert_null(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_order_code_before_keyword),
	    cmocka_unit_test(test_each_separator_after_keyword),
	    cmocka_unit_test(test_nfd_equals_nfc),
	    cmocka_unit_test(test_telex_vni),
	    cmocka_unit_test(test_no_telex_vni_in_codes),
	    cmocka_unit_test(test_fuzzy),
	    cmocka_unit_test(test_fuzzy_tie_is_no_match),
	    cmocka_unit_test(test_optout),
	    cmocka_unit_test(test_tc_and_help),
	    cmocka_unit_test(test_status_errors),
	    cmocka_unit_test(test_meeting_roles),
	    cmocka_unit_test(test_invalid_and_full_width),
	    cmocka_unit_test(test_register),
	    cmocka_unit_test(test_aliases_from_conf),
	    cmocka_unit_test(test_keywords_add_errors),
	    cmocka_unit_test(test_no_keywords_is_an_error),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of the parser's tests that need no keyword: replies in
 * context, chatter, opting out in words, words before a keyword or a code,
 * keywords glued to a code, and the configurable word lists.
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

static struct parse_result *parse_in(void **state, const struct parse_context *ctx,
				     const char *text)
{
	struct parse_result *r = NULL;

	assert_int_equal(
	    parse_message_in(*state, ctx, text, strlen(text), PARSE_ROLE_RESIDENT, today, &r), 0);
	assert_non_null(r);
	return r;
}

static void expect_cmd(void **state, const struct parse_context *ctx, const char *text,
		       enum sms_command cmd)
{
	struct parse_result *r = parse_in(state, ctx, text);

	if (r->command != cmd)
		fprintf(stderr, "'%s': got %s\n", text, keywords_command_name(r->command));
	assert_int_equal(r->command, cmd);
	parse_result_free(r);
}

/* An ack read in context names the notice of the context, a vote its poll. */
static void test_context_names_what_it_counts_for(void **state)
{
	const struct parse_context ctx = {.notice = "TB12", .poll = "TB13"};
	struct parse_result *r = parse_in(state, &ctx, "vang a");

	assert_int_equal(r->command, SMS_ACK);
	assert_true(r->in_context);
	assert_int_equal(r->n_notices, 1);
	assert_string_equal(r->notices[0], "TB12");
	parse_result_free(r);
	r = parse_in(state, &ctx, "2");
	assert_int_equal(r->command, SMS_VOTE);
	assert_true(r->in_context);
	assert_string_equal(r->poll, "TB13");
	assert_string_equal(r->choice, "2");
	parse_result_free(r);
}

/* Without a notice in the context the ack words are chatter; without a
 * poll a number is feedback. A context with only a poll does not ack. */
static void test_context_needs_its_kind(void **state)
{
	const struct parse_context poll_only = {.poll = "TB13"};
	const struct parse_context notice_only = {.notice = "TB12"};

	expect_cmd(state, &poll_only, "ok", SMS_UNCLEAR);
	expect_cmd(state, &notice_only, "1", SMS_FEEDBACK);
	expect_cmd(state, &notice_only, "dong y", SMS_FEEDBACK);
	expect_cmd(state, NULL, "da biet", SMS_UNCLEAR);
}

/* The poll's own labels are choice words too. */
static void test_context_poll_labels(void **state)
{
	const char *const labels[] = {"sang thu bay", "chieu chu nhat"};
	const struct parse_context ctx = {.poll = "TB4", .choices = labels, .n_choices = 2};
	struct parse_result *r = parse_in(state, &ctx, "Chiều chủ nhật");

	assert_int_equal(r->command, SMS_VOTE);
	assert_string_equal(r->choice, "Chiều chủ nhật");
	parse_result_free(r);
	expect_cmd(state, &ctx, "chieu nay mua to", SMS_FEEDBACK);
}

/* A parse without a context says when one could change it, and only then. */
static void test_wants_context(void **state)
{
	struct parse_result *r = parse_in(state, NULL, "da biet");

	assert_true(r->wants_context);
	parse_result_free(r);
	r = parse_in(state, NULL, "XN");
	assert_int_equal(r->command, SMS_HELP);
	assert_true(r->wants_context);
	parse_result_free(r);
	r = parse_in(state, NULL, "PA duong hong");
	assert_false(r->wants_context);
	parse_result_free(r);
	r = parse_in(state, NULL, "XN TB12");
	assert_false(r->wants_context);
	parse_result_free(r);
}

/* Chatter is only greetings, fillers and punctuation. */
static void test_chatter(void **state)
{
	expect_cmd(state, NULL, "A lô, a lô!", SMS_UNCLEAR);
	expect_cmd(state, NULL, "Em chào anh ạ", SMS_UNCLEAR);
	expect_cmd(state, NULL, "…", SMS_UNCLEAR);
	expect_cmd(state, NULL, "alo duong hong", SMS_FEEDBACK);
	expect_cmd(state, NULL, "", SMS_HELP); /* empty: the help reply */
	expect_cmd(state, NULL, "?", SMS_HELP);
}

/* Opting out in words is the whole message; "Huy" the name stays feedback. */
static void test_optout_words(void **state)
{
	expect_cmd(state, NULL, "Toi khong muon nhan tin nua", SMS_OPTOUT);
	expect_cmd(state, NULL, "Xin đừng gửi tin nữa", SMS_OPTOUT);
	expect_cmd(state, NULL, "dung gui tin nua nhe", SMS_OPTOUT);
	expect_cmd(state, NULL, "Em khong nhan tin nua a", SMS_OPTOUT);
	expect_cmd(state, NULL, "huy dang ky", SMS_OPTOUT);
	expect_cmd(state, NULL, "Huy oi duong hong", SMS_FEEDBACK);
	expect_cmd(state, NULL, "khong nhan tin nua vi duong hong", SMS_FEEDBACK);
}

/* At most a few lead words, and only before a keyword. */
static void test_lead_words(void **state)
{
	struct parse_result *r = parse_in(state, NULL, "Em xin phan anh: duong hong");

	assert_int_equal(r->command, SMS_FEEDBACK);
	assert_false(r->unkeyed);
	assert_string_equal(r->body, "duong hong");
	assert_string_equal(r->keyword, "PHAN ANH");
	parse_result_free(r);
	expect_cmd(state, NULL, "toi em xin kinh gui xa phan anh duong hong", SMS_FEEDBACK);
	r = parse_in(state, NULL, "toi em xin kinh gui xa phan anh duong hong");
	assert_true(r->unkeyed);
	parse_result_free(r);
	/* the keyword after a lead word, with nothing after: help on it */
	expect_cmd(state, NULL, "Toi khieu nai", SMS_HELP);
}

/* Glued keywords: only TT/KT/XN/BQ and only before a code. */
static void test_glued(void **state)
{
	struct parse_result *r = parse_in(state, NULL, "KT4418420");

	assert_int_equal(r->command, SMS_STATUS);
	assert_string_equal(r->code.digits, "4418420");
	parse_result_free(r);
	expect_cmd(state, NULL, "ttxyz", SMS_FEEDBACK);
	expect_cmd(state, NULL, "PA4829138", SMS_STATUS); /* a code is no keyword */
	r = parse_in(state, NULL, "TT ma PA4829137");
	assert_int_equal(r->command, SMS_STATUS);
	assert_string_equal(r->error, "check digit");
	parse_result_free(r);
}

/* An unknown village after "thon" is read with the word after it. */
static void test_register_marker(void **state)
{
	struct parse_result *r = parse_in(state, NULL, "DK thon Xyz Nguyen Van A");

	assert_int_equal(r->command, SMS_REGISTER);
	assert_string_equal(r->village, "thon Xyz");
	assert_string_equal(r->name, "Nguyen Van A");
	parse_result_free(r);
	r = parse_in(state, NULL, "DK Xyz Nguyen Van A");
	assert_string_equal(r->village, "Xyz");
	parse_result_free(r);
}

/* The lists are configurable in the keywords group. */
static void test_configured_lists(void **state)
{
	struct parse_options *o = *state;
	char *ack[] = {"nhan roi nhe"}, *chat[] = {"hu hu"}, *opt[] = {"thoi dung nhan"};
	const struct keyword_list lists[] = {
	    {"ack_words", ack, 1}, {"chatter_words", chat, 1}, {"optout_words", opt, 1}};
	const struct parse_context ctx = {.notice = "TB3"};
	const char *reason = NULL, *bad = NULL;

	expect_cmd(state, &ctx, "nhan roi nhe", SMS_FEEDBACK);
	assert_int_equal(keywords_add_conf((struct keywords *)o->keywords, lists, 3, &reason, &bad),
			 0);
	expect_cmd(state, &ctx, "nhan roi nhe", SMS_ACK);
	expect_cmd(state, NULL, "hu hu", SMS_UNCLEAR);
	expect_cmd(state, NULL, "thoi dung nhan", SMS_OPTOUT);
	assert_int_equal(
	    keywords_add_phrase((struct keywords *)o->keywords, PHRASE_ACK, " ", &reason), -1);
	assert_string_equal(reason, "empty phrase");
	assert_int_equal(keywords_phrase_list_from_name("code_fillers"), PHRASE_FILLER);
	assert_int_equal(keywords_phrase_list_from_name("ack"), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_context_names_what_it_counts_for, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_context_needs_its_kind, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_context_poll_labels, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_wants_context, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_chatter, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_optout_words, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_lead_words, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_glued, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_register_marker, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_configured_lists, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of the status SMS wording (service/status_sms.h): the status
 * in words, the unit only when there is one, the next deadline by status,
 * the reason, and the room a reason has in one segment.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/case_status.h"
#include "core/gsm7.h"
#include "service/status_sms.h"

/* The default templates, no gateway number. */
static struct conf conf;
static const struct service svc = {.conf = &conf};

static void expect(const char *tmpl, const struct status_sms *s, const char *want)
{
	char *got = status_sms_render(&svc, tmpl, s);

	assert_non_null(got);
	assert_string_equal(got, want);
	assert_null(strstr(got, "()"));
	assert_true(gsm7_septets(got) <= 160);
	free(got);
}

static void test_next_due(void **state)
{
	assert_string_equal(status_sms_next_due(CASE_RECEIVED, "2025-07-24", ""), "2025-07-24");
	assert_string_equal(status_sms_next_due(CASE_ACCEPTED, "2025-07-24", "2025-08-21"),
			    "2025-08-21");
	assert_string_equal(status_sms_next_due(CASE_IN_PROGRESS, "2025-07-24", ""), "2025-07-24");
	assert_null(status_sms_next_due(CASE_RESOLVED, "2025-07-24", "2025-08-21"));
	assert_null(status_sms_next_due(CASE_TRANSFERRED, "2025-07-24", "2025-08-21"));
	assert_null(status_sms_next_due(CASE_RECEIVED, "", NULL));
}

static void test_parts_only_when_there(void **state)
{
	struct status_sms s = {.code = "KN7027101",
			       .status = CASE_ACCEPTED,
			       .date = "2025-07-10",
			       .due_first = "2025-07-24",
			       .due_resolve = "2025-08-21"};

	expect("status_changed", &s, "KN7027101: Da thu ly, 10/07. Han: 21/08.");
	s.unit_name = "Phòng Tài nguyên và Môi trường huyện";
	s.reason = "Can bo se den xem";
	expect("status_changed", &s,
	       "KN7027101: Da thu ly (Phong Tai nguyen va Moi), 10/07. Han: 21/08. Ly do: Can "
	       "bo se den xem");
	s.status = CASE_TRANSFERRED;
	s.unit_name = "";
	s.reason = NULL;
	expect("status_changed", &s, "KN7027101: Da chuyen co quan co tham quyen, 10/07.");
	s.status = CASE_IN_PROGRESS;
	s.unit_name = "Phòng TN-MT";
	expect("status", &s, "KN7027101: Dang xu ly (Phong TN-MT), cap nhat 10/07. Han: 21/08.");
	s.label = "Da ghi nhan";
	s.due_first = s.due_resolve = NULL;
	expect("status", &s, "KN7027101: Da ghi nhan (Phong TN-MT), cap nhat 10/07.");
}

/* The room is what one segment leaves, at most the placeholder's. */
static void test_reason_room(void **state)
{
	struct status_sms s = {.code = "KN7027101",
			       .status = CASE_ACCEPTED,
			       .date = "2025-07-10",
			       .due_resolve = "2025-08-21"};
	char reason[200];
	char *got;
	long room;

	room = status_sms_reason_room(&svc, "status_changed", &s);
	assert_int_equal(room, STATUS_SMS_REASON_MAX - (long)strlen(STATUS_SMS_REASON_LEAD));
	memset(reason, 'a', (size_t)room);
	reason[room] = '\0';
	s.reason = reason;
	got = status_sms_render(&svc, "status_changed", &s);
	assert_non_null(strstr(got, reason)); /* whole, not cut */
	assert_true(gsm7_septets(got) <= 160);
	free(got);
	assert_int_equal(status_sms_reason_length(&svc, "Lý do đủ"), 8);
	assert_int_equal(status_sms_reason_length(&svc, NULL), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_next_due),
	    cmocka_unit_test(test_parts_only_when_there),
	    cmocka_unit_test(test_reason_room),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

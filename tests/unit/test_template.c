/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of reply templates: the start-up check (syntax, unknown
 * placeholders, alphabet, exact length limits), transliteration, cutting
 * values, and hostile values that must never push a reply past one SMS.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/gsm7.h"
#include "core/template.h"

#define PH template_placeholders_default, template_placeholders_default_count

/* ------------------------------------------------ independent measures */

/* Decodes one UTF-8 sequence strictly; returns its length or 0 if invalid. */
static int decode(const unsigned char *s, long *cp)
{
	int n = s[0] < 0x80	    ? 1
		: (s[0] >> 5) == 6  ? 2
		: (s[0] >> 4) == 14 ? 3
		: (s[0] >> 3) == 30 ? 4
				    : 0;
	static const long min[5] = {0, 0, 0x80, 0x800, 0x10000};

	if (n == 0)
		return 0;
	*cp = n == 1 ? s[0] : s[0] & (0x7F >> n);
	for (int i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		*cp = (*cp << 6) | (s[i] & 0x3F);
	}
	if (*cp < min[n] || *cp > 0x10FFFF || (*cp >= 0xD800 && *cp <= 0xDFFF))
		return 0;
	return n;
}

static bool valid_utf8(const char *s)
{
	long cp;

	for (const unsigned char *p = (const unsigned char *)s; *p;) {
		int n = decode(p, &cp);
		if (!n)
			return false;
		p += n;
	}
	return true;
}

/* UTF-16 code units of s, -1 if invalid. */
static long utf16_units(const char *s)
{
	long units = 0, cp;

	for (const unsigned char *p = (const unsigned char *)s; *p;) {
		int n = decode(p, &cp);
		if (!n)
			return -1;
		units += cp > 0xFFFF ? 2 : 1;
		p += n;
	}
	return units;
}

static long max_of(const char *name, size_t len)
{
	for (size_t i = 0; i < template_placeholders_default_count; i++)
		if (strlen(template_placeholders_default[i].name) == len &&
		    !strncmp(template_placeholders_default[i].name, name, len))
			return template_placeholders_default[i].max;
	fail_msg("no placeholder %.*s", (int)len, name);
	return -1;
}

/* The longest rendering of a template without escaped braces, measured
 * here: the literal text, plus every placeholder's maximum. */
static long longest(const char *t, bool ucs2)
{
	char lit[512];
	size_t n = 0;
	long total = 0;

	for (const char *p = t; *p;) {
		if (*p == '{') {
			const char *e = strchr(p, '}');
			total += max_of(p + 1, (size_t)(e - p - 1));
			p = e + 1;
		} else {
			lit[n++] = *p++;
		}
	}
	lit[n] = '\0';
	return total + (ucs2 ? utf16_units(lit) : gsm7_septets(lit));
}

static char *render1(const char *text, const char *name, const char *value, bool ucs2)
{
	struct template_value v = {name, value};

	return template_render(text, PH, &v, 1, ucs2);
}

static void assert_render1(const char *text, const char *name, const char *value, bool ucs2,
			   const char *want)
{
	char *got = render1(text, name, value, ucs2);

	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

static void assert_refused(const char *text, bool ucs2, const char *part)
{
	char err[256] = "";

	assert_int_equal(template_check("probe", text, PH, ucs2, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "template probe: "));
	if (!strstr(err, part))
		fail_msg("\"%s\" lacks \"%s\"", err, part);
	/* What the check refuses is never rendered. */
	assert_null(render1(text, "code", "PA4829138", ucs2));
}

/* -------------------------------------------------------------- defaults */

static void test_defaults_pass(void **state)
{
	static const char *const required[] = {
	    "feedback",
	    "complaint",
	    "denunciation",
	    "status",
	    "status_unknown_code",
	    "status_bad_check",
	    "status_not_code",
	    "meeting",
	    "meeting_error",
	    "register",
	    "register_error",
	    "optout",
	    "help",
	    "too_many",
	    "ack_unknown_notice",
	    "vote_unknown_poll",
	    "status_changed",
	    "feedback_hint",
	};
	/* Error replies show the right form with an example (section 5). */
	static const char *const errors[] = {
	    "status_unknown_code", "status_bad_check",	   "status_not_code",
	    "meeting_error",	   "register_error",	   "ack_unknown_notice",
	    "vote_unknown_poll",   "meeting_error_old",	   "meeting_error_future",
	    "meeting_error_date",  "meeting_error_counts", "meeting_error_zero",
	};
	char err[256];

	for (size_t i = 0; i < sizeof(required) / sizeof(required[0]); i++)
		if (!template_default(required[i]))
			fail_msg("no default template %s", required[i]);
	for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++)
		assert_non_null(strstr(template_default(errors[i]), "Vi du: "));
	assert_null(template_default("nonesuch"));
	assert_null(template_default(NULL));

	for (size_t i = 0; i < template_defaults_count; i++) {
		const struct template_def *d = &template_defaults[i];

		if (template_check(d->name, d->text, PH, false, err, sizeof(err)) != 0)
			fail_msg("%s", err);
		assert_true(gsm7_fits(d->text));
		assert_true(longest(d->text, false) <= TEMPLATE_GSM_MAX);
		for (size_t j = 0; j < i; j++)
			assert_string_not_equal(template_defaults[j].name, d->name);
	}
}

/* The feedback reply of section 5a, filled in. */
static void test_render_example(void **state)
{
	const struct template_value v[] = {
	    {"code", "PA4829138"}, {"deadline", "10/07"}, {"number", "0912345678"}};
	char *got = template_render(template_default("feedback"), PH, v, 3, false);

	assert_non_null(got);
	assert_string_equal(got, "Da nhan phan anh. Ma: PA4829138. Han tra loi: 10/07. "
				 "Tra cuu: soan TT PA4829138 gui 0912345678");
	free(got);

	const struct template_value m[] = {
	    {"village", "Pul"}, {"date", "15/06"}, {"households", "45"},  {"total", "60"},
	    {"percent", "75"},	{"opinions", "3"}, {"code", "HT1185208"}, {"quorum", ", du so ho"},
	};
	got = template_render(template_default("meeting"), PH, m, 7, false);
	assert_non_null(got);
	assert_string_equal(got, "Da ghi nhan hop thon Pul 15/06: 45/60 ho (75%), 3 y kien. "
				 "Ma: HT1185208");
	free(got);
	/* The receipt says whether the quorum was reached. */
	got = template_render(template_default("meeting"), PH, m, 8, false);
	assert_non_null(got);
	assert_string_equal(got, "Da ghi nhan hop thon Pul 15/06: 45/60 ho (75%, du so ho), 3 y "
				 "kien. Ma: HT1185208");
	free(got);

	/* A placeholder without a value renders empty. */
	assert_render1("{code}: {status}.", "code", "PA4829138", false, "PA4829138: .");
	/* Escaped braces are literal. */
	assert_render1("{{x}} {code}}}", "code", "TC1", false, "{x} TC1}");
}

/* ---------------------------------------------------------------- check */

static void test_check_syntax(void **state)
{
	char err[256];

	assert_refused("Ma {cod}", false, "unknown placeholder {cod}");
	assert_refused("Ma {code", false, "unbalanced '{' at character 4");
	assert_refused("Ma {code {date}", false, "unbalanced '{'");
	assert_refused("Ma code}", false, "unbalanced '}' at character 8");
	assert_refused("Ma {}", false, "empty placeholder");
	assert_refused("Ma {Code}", false, "placeholder names");
	assert_refused("Ma {so ho}", false, "placeholder names");
	assert_refused("", false, "empty");
	assert_refused("Ma \xff {code}", false, "invalid UTF-8 at character 4");
	assert_refused("Ma \xe1\xba", false, "invalid UTF-8");

	/* The name given is the one in the message. */
	assert_int_equal(template_check("meeting", "{nope}", PH, false, err, sizeof(err)), -1);
	assert_string_equal(err, "template meeting: unknown placeholder {nope}");
	/* No error buffer: still refused. */
	assert_int_equal(template_check("x", "{nope}", PH, false, NULL, 0), -1);
	assert_int_equal(template_check("x", NULL, PH, false, err, sizeof(err)), -1);

	/* A table given by the configuration. */
	const struct template_placeholder mine[] = {{"ten", 10}, {"ma_so", 9}};
	assert_int_equal(template_check("x", "{ten} {ma_so}", mine, 2, false, err, sizeof(err)), 0);
	assert_int_equal(template_check("x", "{code}", mine, 2, false, err, sizeof(err)), -1);
}

static void test_check_alphabet(void **state)
{
	char err[256];

	assert_refused("Da nhan {code}. Đã nhận", false, "'Đ' (character 17) is not in the GSM");
	assert_refused("Han tra loi: {deadline} – TT", false, "'–'");
	/* GSM letters with accents are in the alphabet. */
	assert_int_equal(template_check("x", "Café {code} à ù", PH, false, err, sizeof(err)), 0);
	/* With UCS-2 replies, diacritics are fine. */
	assert_int_equal(
	    template_check("x", "Đã nhận phản ánh. Mã: {code}", PH, true, err, sizeof(err)), 0);
}

static void test_check_length(void **state)
{
	char t[400], err[256];

	/* 151 + code (9) = 160 septets: exactly one SMS. */
	memset(t, 'a', 151);
	strcpy(t + 151, "{code}");
	assert_int_equal(template_check("x", t, PH, false, err, sizeof(err)), 0);
	/* One more is one too many, and the message says so. */
	memset(t, 'a', 152);
	strcpy(t + 152, "{code}");
	assert_int_equal(template_check("long", t, PH, false, err, sizeof(err)), -1);
	assert_string_equal(err, "template long: 161 septets with the longest values, "
				 "1 over the 160 of one SMS");
	/* An extension character counts two septets: 150 + 2 + 9. */
	memset(t, 'a', 150);
	strcpy(t + 150, "€{code}");
	assert_int_equal(template_check("x", t, PH, false, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "161 septets"));
	memset(t, 'a', 149);
	strcpy(t + 149, "€{code}");
	assert_int_equal(template_check("x", t, PH, false, err, sizeof(err)), 0);
	/* An escaped brace is an extension character too. */
	memset(t, 'a', 150);
	strcpy(t + 150, "{{{code}");
	assert_int_equal(template_check("x", t, PH, false, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "161 septets"));
	memset(t, 'a', 149);
	strcpy(t + 149, "{{{code}");
	assert_int_equal(template_check("x", t, PH, false, err, sizeof(err)), 0);
	/* Every placeholder at its maximum: village 20 + unit 24 + status 32 ... */
	assert_int_equal(template_check("x",
					"{village}{unit}{status}{form}{example}{name}{notices}", PH,
					false, err, sizeof(err)),
			 -1);
	assert_non_null(strstr(err, "236 septets"));
	assert_non_null(strstr(err, "76 over"));

	/* UCS-2: 61 units + code = 70; the Vietnamese letters count 1 each. */
	strcpy(t, "Đã nhận phản ánh của bạn, mã số: {code}. Cảm ơn bạn rất nhiều!!!!!!");
	assert_int_equal(longest(t, true), 70);
	assert_int_equal(template_check("x", t, PH, true, err, sizeof(err)), 0);
	strcpy(t, "Đã nhận phản ánh của bạn, mã số: {code}. Cảm ơn bạn rất nhiều!!!!!!!");
	assert_int_equal(template_check("x", t, PH, true, err, sizeof(err)), -1);
	assert_string_equal(err, "template x: 71 UTF-16 units with the longest values, "
				 "1 over the 70 of one SMS");
	/* A character outside the BMP counts two units. */
	strcpy(t, "Đã nhận phản ánh của bạn, mã số: {code}. Cảm ơn bạn rất nhiều!!!!!😀");
	assert_int_equal(template_check("x", t, PH, true, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "1 over"));
}

/* -------------------------------------------------------- transliteration */

static void assert_translit(const char *in, const char *want)
{
	char *got = gsm7_translit(in);

	assert_non_null(got);
	assert_string_equal(got, want);
	assert_true(gsm7_fits(got));
	free(got);
}

static void test_translit(void **state)
{
	assert_translit("Đạ K'Nàng", "Da K'Nang");
	assert_translit("Nguyễn Thị Ánh Tuyết", "Nguyen Thi Anh Tuyet");
	assert_translit("ĐỨC TRỌNG, đường", "DUC TRONG, duong");
	assert_translit("ơ ư Ơ Ư ă â ê ô", "o u O U a a e o");
	/* NFD input (older phones): the marks are dropped alone. */
	assert_translit("Pha\xcc\x89n a\xcc\x81nh", "Phan anh");
	/* Typographic punctuation, full-width forms, ligatures. */
	assert_translit("K’Nàng “Pul” – ʼ`", "K'Nang \"Pul\" - ''");
	assert_translit("ＰＡ１２", "PA12");
	assert_translit("ﬁ…", "fi...");
	/* Characters of the GSM alphabet without marks stay. */
	assert_translit("ß Ø Δ £ € {x}", "ß Ø Δ £ € {x}");
	/* Spaces, controls, invisible characters. */
	assert_translit("a\tb\xc2\xa0"
			"c\xe2\x80\x83"
			"d",
			"a b c d");
	assert_translit("a\nb\rc", "a\nb\rc");
	assert_translit("a\xe2\x80\x8d"
			"b\xe2\x80\xae"
			"c",
			"abc");
	/* No GSM form: one '?' per character; invalid bytes too. */
	assert_translit("中文 😀 한", "?? ? ?");
	assert_translit("a\xff"
			"b\xc3",
			"a?b?");
	assert_translit("", "");
}

/* ---------------------------------------------------------------- render */

static void test_render_values(void **state)
{
	/* village: transliterated in GSM mode, kept (NFC) in UCS-2 mode. */
	assert_render1("Thon {village}", "village", "Đạ K'Nàng", false, "Thon Da K'Nang");
	assert_render1("Thôn {village}", "village", "Đạ K'Na\xcc\x80ng", true, "Thôn Đạ K'Nàng");
	/* Lines and controls become spaces; invisible characters go. */
	assert_render1("[{village}]", "village",
		       "a\nb\r\tc\xe2\x80\xa8"
		       "d",
		       false, "[a b  c d]");
	assert_render1("[{village}]", "village",
		       "a\nb\xe2\x80\xae"
		       "c",
		       true, "[a bc]");
	/* Values are never interpreted. */
	assert_render1("{village}", "village", "%s%n%x{code}", false, "%s%n%x{code}");
	assert_render1("{village}", "village", "%s%n%x{code}", true, "%s%n%x{code}");
	/* Invalid UTF-8 becomes '?' (GSM) or U+FFFD (UCS-2). */
	assert_render1("{code}", "code",
		       "P\xff"
		       "A",
		       false, "P?A");
	assert_render1("{code}", "code",
		       "P\xff"
		       "A",
		       true,
		       "P\xef\xbf\xbd"
		       "A");
}

static void test_render_cut(void **state)
{
	/* code: 9 septets. */
	assert_render1("{code}", "code", "PA48291380000", false, "PA4829138");
	/* Extension characters count two: 4 of them make 8, a 5th would
	 * make 10. */
	assert_render1("{code}", "code", "€€€€€€", false, "€€€€");
	assert_render1("{code}", "code", "a€€€€€", false, "a€€€€");
	assert_render1("{code}", "code", "ab€€€€", false, "ab€€€");
	assert_render1("{code}", "code", "abcdefgh[", false, "abcdefgh");
	/* Transliteration may lengthen a value before the cut. */
	assert_render1("{code}", "code", "……………", false, ".........");
	/* Cut on characters, never inside one: Vietnamese letters are 2-3
	 * bytes, 1 character each. */
	assert_render1("{code}", "code", "ĐạĐạĐạĐạĐạĐạ", true, "ĐạĐạĐạĐạĐ");
	/* UCS-2: an emoji is two units; 4 fit in 9, not 5. */
	assert_render1("{code}", "code", "😀😀😀😀😀😀", true, "😀😀😀😀");
	assert_render1("{code}", "code", "a😀😀😀😀😀", true, "a😀😀😀😀");
	assert_render1("{code}", "code", "ab😀😀😀😀", true, "ab😀😀😀");
	/* A maximum of 0 renders nothing. */
	const struct template_placeholder z[] = {{"x", 0}};
	const struct template_value v = {"x", "abc"};
	char *got = template_render("[{x}]", z, 1, &v, 1, false);
	assert_non_null(got);
	assert_string_equal(got, "[]");
	free(got);
}

/* Values that try everything; every default template, and a UCS-2 set,
 * must still fit one SMS and stay valid UTF-8. With long values the reply
 * is exactly as long as the check computed. */
static void test_render_hostile(void **state)
{
	static char longv[4001], ext[3001], badutf[2001], marks[3001], emoji[4001], mixed[4001];
	static const char *const ucs2_templates[] = {
	    "Đã nhận phản ánh. Mã: {code}. Hạn trả lời: {deadline}. TT {code}",
	    "{code}: {status}, cập nhật {date}.",
	    "Thôn {village}: {households}/{total} hộ",
	};
	memset(longv, 'x', 4000);
	for (int i = 0; i < 1000; i++)
		memcpy(ext + i * 3, i % 2 ? "€" : "{[~", 3);
	for (int i = 0; i < 1000; i++)
		memcpy(badutf + i * 2, "\xff\xc3", 2);
	for (int i = 0; i < 1500; i++)
		memcpy(marks + i * 2, "\xcc\x81", 2);
	for (int i = 0; i < 1000; i++)
		memcpy(emoji + i * 4, "\xf0\x9f\x98\x80", 4);
	for (int i = 0; i < 500; i++)
		memcpy(mixed + i * 8, "Đ\n%n\x1b€", 8);
	const char *hostile[] = {longv,	       ext,	 badutf, marks, emoji, mixed,
				 "%s%n%s%n%p", "{code}", "{{",	 "}",	"",    "\x7f\x01\x02\x1f"};
	const size_t n_hostile = sizeof(hostile) / sizeof(hostile[0]);
	struct template_value v[32];

	assert_true(template_placeholders_default_count <= 32);
	for (size_t h = 0; h < n_hostile; h++) {
		for (size_t i = 0; i < template_placeholders_default_count; i++)
			v[i] = (struct template_value){template_placeholders_default[i].name,
						       hostile[h]};
		for (size_t t = 0; t < template_defaults_count; t++) {
			const char *text = template_defaults[t].text;
			char *got = template_render(text, PH, v,
						    template_placeholders_default_count, false);

			assert_non_null(got);
			assert_true(valid_utf8(got));
			long s = gsm7_septets(got);
			assert_true(s >= 0 && s <= TEMPLATE_GSM_MAX);
			if (hostile[h] == longv)
				assert_int_equal(s, longest(text, false));
			free(got);
		}
		for (size_t t = 0; t < sizeof(ucs2_templates) / sizeof(ucs2_templates[0]); t++) {
			const char *text = ucs2_templates[t];
			assert_int_equal(template_check("u", text, PH, true, NULL, 0), 0);
			char *got =
			    template_render(text, PH, v, template_placeholders_default_count, true);

			assert_non_null(got);
			long u = utf16_units(got);
			assert_true(u >= 0 && u <= TEMPLATE_UCS2_MAX);
			if (hostile[h] == longv)
				assert_int_equal(u, longest(text, true));
			free(got);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_defaults_pass),  cmocka_unit_test(test_render_example),
	    cmocka_unit_test(test_check_syntax),   cmocka_unit_test(test_check_alphabet),
	    cmocka_unit_test(test_check_length),   cmocka_unit_test(test_translit),
	    cmocka_unit_test(test_render_values),  cmocka_unit_test(test_render_cut),
	    cmocka_unit_test(test_render_hostile),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

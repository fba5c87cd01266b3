/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Reply templates: one scanner splits a template into literal pieces and
 * placeholders; the checker adds up the longest rendering, the renderer
 * fills values made safe and cut to each placeholder's maximum.
 */
#include "core/template.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "core/gsm7.h"
#include "core/normalize.h"

/* ------------------------------------------------------------- defaults */

const struct template_placeholder template_placeholders_default[] = {
    {"code", 9},     {"date", 5},      {"deadline", 5},	  {"days", 3},	   {"village", 20},
    {"unit", 24},    {"status", 32},   {"households", 4}, {"total", 4},	   {"percent", 3},
    {"opinions", 3}, {"number", 15},   {"form", 60},	  {"example", 40}, {"name", 30},
    {"notices", 30}, {"poll", 10},     {"count", 5},	  {"others", 30},  {"choice", 30},
    {"choices", 60}, {"modem", 32},    {"time", 11},	  {"amount", 12},  {"min", 12},
    {"free", 9},     {"register", 34}, {"quorum", 16},	  {"in_unit", 27}, {"next_due", 12},
    {"reason", 70},  {"agency", 40},
};
const size_t template_placeholders_default_count =
    sizeof(template_placeholders_default) / sizeof(template_placeholders_default[0]);

const struct template_def template_defaults[] = {
    {"feedback", "Da nhan phan anh. Ma: {code}. Han tra loi: {deadline}. "
		 "Tra cuu: soan TT {code} gui {number}{register}"},
    {"complaint", "Da nhan khieu nai. Ma: {code}. Thu ly trong {days} ngay lam viec. "
		  "Tra cuu: soan TT {code} gui {number}{register}"},
    {"denunciation", "Da ghi nhan thong tin, ma {code}. To cao chinh thuc: nop don co ky ten "
		     "tai UBND xa. Danh tinh ban duoc bao mat."},
    {"status", "{code}: {status}{in_unit}, cap nhat {date}.{next_due}"},
    {"status_unknown_code", "Khong tim thay ma {code} cho so nay. Kiem tra ma trong tin da "
			    "nhan. Vi du: TT PA4829138"},
    {"status_bad_check", "Ma {code} sai, kiem tra lai cac chu so. Vi du: TT PA4829138"},
    {"status_not_code", "Ma tra cuu khong hop le. Soan TT <ma> gui {number}. "
			"Vi du: TT PA4829138"},
    {"meeting",
     "Da ghi nhan hop thon {village} {date}: {households}/{total} ho ({percent}%{quorum}), "
     "{opinions} y kien. Ma: {code}"},
    {"meeting_error", "Sai cu phap. Dung: HOP <ngay> <co mat>/<so ho> [so y kien] [noi dung]. "
		      "Vi du: {example}"},
    {"meeting_error_old", "Sai ngay hop: {date} da qua 60 ngay, chi bao cao hop trong 60 ngay "
			  "qua. Vi du: {example}"},
    {"meeting_error_future", "Sai ngay hop: {date} chua den. Vi du: {example}"},
    {"meeting_error_date", "Sai ngay hop: khong co ngay {date}. Dung: ngay/thang. Vi du: "
			   "{example}"},
    {"meeting_error_counts", "Sai so ho: co mat ({households}) nhieu hon tong so ho ({total}). "
			     "Dung: <co mat>/<so ho>. Vi du: {example}"},
    {"meeting_error_zero", "Sai so ho: phai co it nhat 1 ho co mat va tong so ho lon hon 0. "
			   "Vi du: {example}"},
    {"register", "Da dang ky nhan tin cua thon {village}. Soan HUY gui {number} de ngung "
		 "nhan tin."},
    {"register_error", "Khong tim thay thon {village}. Dung: DK <ma hoac ten thon> [ho ten]. "
		       "Vi du: DK Pul Nguyen Van An. Hoi ma thon o truong thon."},
    {"optout", "Da ngung gui tin den so nay. Muon nhan lai: soan DK <thon> gui {number}"},
    {"help", "PA <noi dung>: phan anh. KNAI: khieu nai. TOCAO: to cao. TT <ma>: tra cuu. "
	     "DK <thon>: dang ky. HUY: ngung nhan tin. Gui {number}"},
    {"too_many", "Ban da gui qua nhieu tin trong 1 gio. Tin van duoc luu, can bo se xem. "
		 "Vui long gui lai sau."},
    {"ack_unknown_notice", "Khong co thong bao {notices} hoac da het han. Vi du: XN TB12"},
    {"vote_unknown_poll", "Khong co bieu quyet {poll} hoac da dong. Dung: BQ <ma> <lua chon>. "
			  "Vi du: BQ 12 1"},
    {"status_changed", "{code}: {status}{in_unit}, {date}.{next_due}{reason}"},
    {"handled_guide", "{code}: don khong thuoc tham quyen UBND xa. Xin lien he {agency}. "
		      "Tra cuu: TT {code}"},
    {"handled_transfer", "{code}: don da chuyen den {agency} ngay {date}. Tra cuu: soan TT "
			 "{code} gui {number}"},
    {"handled_urge", "{code}: UBND xa da don doc {agency} giai quyet don cua ban, {date}. "
		     "Tra cuu: TT {code}"},
    {"feedback_hint", "Da nhan phan anh. Ma: {code}. Bao cao hop chi nhan tu truong thon da "
		      "dang ky. Tra cuu: TT {code}"},
    {"feedback_unkeyed", "Da nhan phan anh. Ma: {code}. Han: {deadline}. Lan sau soan "
			 "PA <noi dung> gui {number}. Tra cuu: TT {code}{register}"},
    {"help_topic", "Cu phap: {form}. Vi du: {example}. Gui {number}"},
    {"satisfaction_ask", "Ban hai long voi ket qua {code}? Soan HL {code} 1 (hai long) hoac 2 "
			 "(khong) gui {number}"},
    {"satisfaction", "Cam on ban da danh gia ket qua giai quyet {code}: {choice}."},
    {"satisfaction_not_resolved", "{code} chua co ket qua giai quyet. Tra cuu: soan TT {code} "
				  "gui {number}"},
    {"tc_help", "TC khong ro: to cao soan TOCAO <noi dung>; tra cuu soan TT <ma>. "
		"Gui {number}"},
    {"ack", "Da xac nhan da doc thong bao {notices}. Cam on ban."},
    {"ack_partial", "Da xac nhan thong bao {notices}. Khong co thong bao {others} gui den so "
		    "nay. Vi du: XN TB12"},
    {"vote", "Da ghi nhan phieu cua ho ban, bieu quyet {poll}: {choice}. Gui lai truoc khi dong "
	     "de doi lua chon."},
    {"vote_changed", "Da doi phieu cua ho ban, bieu quyet {poll}: {choice}. Chi phieu cuoi cung "
		     "duoc tinh."},
    {"vote_bad_choice", "Lua chon khong hop le. Bieu quyet {poll}: {choices}. Vi du: BQ {poll} 1"},
    {"vote_not_household", "So nay chua dang ky la dai dien ho trong bieu quyet {poll}. Lien he "
			   "truong thon de dang ky."},
    {"vote_closed", "Bieu quyet {poll} da dong ngay {date}, phieu nay khong duoc tinh."},
    {"alert_modem_down", "TIENGDAN canh bao: modem {modem} mat ket noi tu {time}. Kiem tra "
			 "modem, SIM va cap USB."},
    {"alert_modem_up", "TIENGDAN: modem {modem} da ket noi lai luc {time}."},
    {"alert_sim_full", "TIENGDAN canh bao: SIM cua modem {modem} da dung {percent}% cho chua "
		       "tin nhan."},
    {"alert_sim_ok", "TIENGDAN: SIM cua modem {modem} con cho, da dung {percent}%."},
    {"alert_balance_low", "TIENGDAN canh bao: tai khoan SIM modem {modem} con {amount}d, "
			  "duoi muc {min}d. Can nap them."},
    {"alert_balance_ok", "TIENGDAN: tai khoan SIM modem {modem} da du: {amount}d."},
    {"alert_disk_low", "TIENGDAN canh bao: o dia chua co so du lieu chi con {free} MB trong. "
		       "Can giai phong dung luong."},
    {"alert_disk_ok", "TIENGDAN: o dia chua co so du lieu da con {free} MB trong."},
};
const size_t template_defaults_count = sizeof(template_defaults) / sizeof(template_defaults[0]);

const char *template_default(const char *name)
{
	for (size_t i = 0; name && i < template_defaults_count; i++)
		if (strcmp(template_defaults[i].name, name) == 0)
			return template_defaults[i].text;
	return NULL;
}

/* -------------------------------------------------------------- scanning */

/* A piece of a template: literal bytes, or a placeholder's name. */
struct piece {
	bool placeholder;
	const char *s;
	size_t len;
};

static bool name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

/*
 * Reads the piece of text at *pos. Returns 1 and advances *pos, 0 at the
 * end, or -1 with the reason in *why and *pos left on the faulty brace.
 */
static int next_piece(const char *text, size_t *pos, struct piece *out, const char **why)
{
	const char *p = text + *pos;
	size_t n;

	if (!*p)
		return 0;
	if ((p[0] == '{' && p[1] == '{') || (p[0] == '}' && p[1] == '}')) {
		*out = (struct piece){false, p, 1};
		*pos += 2;
		return 1;
	}
	if (p[0] == '}') {
		*why = "unbalanced '}'";
		return -1;
	}
	if (p[0] == '{') {
		for (n = 1; name_char(p[n]); n++)
			;
		if (n == 1 && p[1] == '}') {
			*why = "empty placeholder {}";
			return -1;
		}
		if (p[n] != '}') {
			/* "{Code}" or "{so ho}": a name with other characters
			 * before the closing brace; else a brace never closed. */
			size_t close = strcspn(p + 1, "{}") + 1;
			*why = p[close] == '}' ? "placeholder names are a-z, 0-9 and _"
					       : "unbalanced '{'";
			return -1;
		}
		if (n - 1 > TEMPLATE_NAME_MAX) {
			*why = "placeholder name too long";
			return -1;
		}
		*out = (struct piece){true, p + 1, n - 1};
		*pos += n + 1;
		return 1;
	}
	n = strcspn(p, "{}");
	*out = (struct piece){false, p, n};
	*pos += n;
	return 1;
}

static const struct template_placeholder *find_ph(const struct template_placeholder *ph,
						  size_t n_ph, const char *name, size_t len)
{
	for (size_t i = 0; i < n_ph; i++)
		if (ph[i].name && strlen(ph[i].name) == len && memcmp(ph[i].name, name, len) == 0)
			return &ph[i];
	return NULL;
}

/* Width of one code point: septets (GSM) or UTF-16 code units (UCS-2). */
static int width_of(int32_t cp, bool ucs2)
{
	if (ucs2)
		return cp > 0xFFFF ? 2 : 1;
	return gsm7_char_septets(cp);
}

/* Characters in text[0..pos), for messages. */
static size_t char_index(const char *text, size_t pos)
{
	size_t n = 0;

	for (size_t i = 0; i < pos; i++)
		n += ((unsigned char)text[i] & 0xC0) != 0x80;
	return n;
}

/* -------------------------------------------------------------- checking */

static int refuse(char *err, size_t errlen, const char *name, const char *why)
{
	if (err && errlen)
		snprintf(err, errlen, "template %s: %s", name ? name : "(unnamed)", why);
	return -1;
}

/* Adds the width of a literal piece to *total; on a character outside the
 * alphabet returns -1 with its byte offset in the piece in *bad. */
static int literal_width(const struct piece *pc, bool ucs2, long *total, size_t *bad)
{
	size_t i = 0;

	while (i < pc->len) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)pc->s + i,
						      (utf8proc_ssize_t)(pc->len - i), &cp);
		int w = n > 0 ? width_of(cp, ucs2) : -1;

		if (w < 0) {
			*bad = i;
			return -1;
		}
		*total += w;
		i += (size_t)n;
	}
	return 0;
}

/* Byte offset of the first invalid UTF-8 sequence in text, or -1. */
static long invalid_at(const char *text)
{
	size_t i = 0;

	while (text[i]) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)text + i, -1, &cp);

		if (n <= 0)
			return (long)i;
		i += (size_t)n;
	}
	return -1;
}

/* Adds up the longest rendering of text into *total; -1 with the reason in
 * why (whylen bytes) on the first fault. */
static int measure(const char *text, const struct template_placeholder *ph, size_t n_ph, bool ucs2,
		   long *total, char *why, size_t whylen)
{
	size_t pos = 0, bad;
	struct piece pc;
	const char *syntax = NULL;
	long inv;
	int r;

	*total = 0;
	if (!text || !*text) {
		snprintf(why, whylen, "empty");
		return -1;
	}
	if ((inv = invalid_at(text)) >= 0) {
		snprintf(why, whylen, "invalid UTF-8 at character %zu",
			 char_index(text, (size_t)inv) + 1);
		return -1;
	}
	while ((r = next_piece(text, &pos, &pc, &syntax)) > 0) {
		if (pc.placeholder) {
			const struct template_placeholder *p = find_ph(ph, n_ph, pc.s, pc.len);

			if (!p) {
				snprintf(why, whylen, "unknown placeholder {%.*s}", (int)pc.len,
					 pc.s);
				return -1;
			}
			*total += (long)p->max;
		} else if (literal_width(&pc, ucs2, total, &bad) != 0) {
			size_t off = (size_t)(pc.s - text) + bad;
			size_t n = 1;

			while (((unsigned char)text[off + n] & 0xC0) == 0x80)
				n++;
			snprintf(
			    why, whylen,
			    "'%.*s' (character %zu) is not in the GSM 7-bit alphabet: write it "
			    "without diacritics, or choose UCS-2 replies",
			    (int)n, text + off, char_index(text, off) + 1);
			return -1;
		}
	}
	if (r < 0) {
		snprintf(why, whylen, "%s at character %zu", syntax, char_index(text, pos) + 1);
		return -1;
	}
	return 0;
}

int template_check(const char *name, const char *text, const struct template_placeholder *ph,
		   size_t n_ph, bool ucs2, char *err, size_t errlen)
{
	long total, limit = ucs2 ? TEMPLATE_UCS2_MAX : TEMPLATE_GSM_MAX;
	char why[200];

	if (measure(text, ph, n_ph, ucs2, &total, why, sizeof(why)) != 0)
		return refuse(err, errlen, name, why);
	if (total > limit) {
		snprintf(why, sizeof(why),
			 "%ld %s with the longest values, %ld over the %ld of one SMS", total,
			 ucs2 ? "UTF-16 units" : "septets", total - limit, limit);
		return refuse(err, errlen, name, why);
	}
	return 0;
}

/* ------------------------------------------------------------- rendering */

/*
 * Appends value to out (a buffer with room for max * 3 more bytes and the
 * NUL), made safe and cut to max characters. Returns the bytes written, or
 * -1 when out of memory.
 */
static long put_value(char *out, const char *value, unsigned max, bool ucs2)
{
	char *nfc = norm_nfc(value, strlen(value), NULL);
	char *src = nfc && !ucs2 ? gsm7_translit(nfc) : nfc;
	const char *p = src;
	unsigned used = 0;
	long len = 0;

	if (!src) {
		free(nfc);
		return -1;
	}
	while (*p) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)p, -1, &cp);
		int w;

		if (n <= 0) /* cannot happen after norm_nfc; be safe anyway */
			n = 1, cp = '?';
		p += n;
		switch (utf8proc_category(cp)) {
		case UTF8PROC_CATEGORY_CF:
			continue; /* invisible: zero width, direction overrides */
		case UTF8PROC_CATEGORY_CC:
		case UTF8PROC_CATEGORY_ZL:
		case UTF8PROC_CATEGORY_ZP:
			cp = ' ';
			break;
		default:
			break;
		}
		if ((w = width_of(cp, ucs2)) < 0)
			cp = '?', w = 1;
		if (used + (unsigned)w > max)
			break;
		used += (unsigned)w;
		len += utf8proc_encode_char(cp, (utf8proc_uint8_t *)out + len);
	}
	out[len] = '\0';
	if (src != nfc)
		free(src);
	free(nfc);
	return len;
}

static const char *find_value(const struct template_value *values, size_t n, const char *name,
			      size_t len)
{
	for (size_t i = 0; i < n; i++)
		if (values[i].name && strlen(values[i].name) == len &&
		    memcmp(values[i].name, name, len) == 0)
			return values[i].value;
	return NULL;
}

char *template_render(const char *text, const struct template_placeholder *ph, size_t n_ph,
		      const struct template_value *values, size_t n_values, bool ucs2)
{
	size_t pos = 0, cap, len = 0;
	struct piece pc;
	const char *why;
	char *out;
	long total;

	if (template_check(NULL, text, ph, n_ph, ucs2, NULL, 0) != 0)
		return NULL;
	/* Every character of a value takes at most 3 bytes per unit of
	 * width (4 bytes for 2 UTF-16 units; € is 3 bytes for 2 septets). */
	measure(text, ph, n_ph, ucs2, &total, (char[8]){0}, 8);
	cap = strlen(text) + (size_t)total * 3 + 1;
	if (!(out = malloc(cap)))
		return NULL;
	out[0] = '\0';
	while (next_piece(text, &pos, &pc, &why) > 0) {
		if (!pc.placeholder) {
			memcpy(out + len, pc.s, pc.len);
			out[len += pc.len] = '\0';
			continue;
		}
		const struct template_placeholder *p = find_ph(ph, n_ph, pc.s, pc.len);
		const char *v = find_value(values, n_values, pc.s, pc.len);
		long n = v ? put_value(out + len, v, p->max, ucs2) : 0;

		if (n < 0) {
			free(out);
			return NULL;
		}
		len += (size_t)n;
	}
	return out;
}

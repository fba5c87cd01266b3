/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Filter values as staff type them: the protocol's name, the Vietnamese
 * label with or without diacritics, the English word or an abbreviation
 * ("khiếu nại", "khieu-nai", "KN", "complaint") all name one value.
 */
#include <stdlib.h>
#include <string.h>

#include "console.h"
#include "core/case_status.h"
#include "core/normalize.h"
#include "core/register_data.h"

/* Extra words besides the names and labels of core/. */
static const struct {
	const char *key, *value, *words;
} extra[] = {
    {"kind", "feedback", "pa|pakn|phan anh|kien nghi|phan anh kien nghi|gop y"},
    {"kind", "complaint", "kn|khieu nai"},
    {"kind", "denunciation", "tc|to cao"},
    {"kind", "regular", "thuong xuyen|tiep thuong xuyen"},
    {"kind", "head", "thu truong|chu tich|tiep cua thu truong"},
    {"status", "received", "tiep nhan|moi|new"},
    {"status", "accepted", "thu ly"},
    {"status", "in_progress", "xu ly|dang xu ly|in progress"},
    {"status", "resolved", "giai quyet|da tra loi|tra loi"},
    {"status", "closed", "ket thuc"},
    {"status", "transferred", "chuyen|da chuyen|chuyen don"},
    {"status", "rejected", "khong du dieu kien|tu choi|khong thu ly"},
    {"status", "duplicate", "gop|trung"},
    {"status", "withdrawn", "rut don|rut"},
    {"channel", "walkin", "truc tiep|walk in|tai tru so"},
    {"channel", "letter", "thu|buu chinh|don giay"},
    {"channel", "phone", "dien thoai|goi dien"},
    {"channel", "email", "e mail|thu dien tu"},
    {"channel", "portal", "cong|cong thong tin|cong dich vu cong"},
    {"channel", "transferred", "chuyen den|co quan chuyen"},
    {"role", "resident", "nguoi dan|dan|cong dan"},
    {"role", "head", "truong thon|village head"},
    {"role", "deputy", "pho thon|deputy head"},
    {"action", "guide", "huong dan"},
    {"action", "transfer", "chuyen|chuyen don"},
    {"action", "urge", "don doc"},
};

/* The folded key of s without spaces (caller frees). */
static char *squash(const char *s)
{
	char *f = norm_fold(s, strlen(s)), *w = f;

	if (!f)
		return NULL;
	for (const char *r = f; *r; r++)
		if (*r != ' ')
			*w++ = *r;
	*w = '\0';
	return f;
}

static bool same(const char *typed, const char *candidate)
{
	char *c = squash(candidate);
	bool eq = c && strcmp(typed, c) == 0;

	free(c);
	return eq;
}

static bool in_words(const char *typed, const char *words)
{
	char buf[256], *save = NULL;

	snprintf(buf, sizeof(buf), "%s", words);
	for (char *w = strtok_r(buf, "|", &save); w; w = strtok_r(NULL, "|", &save))
		if (same(typed, w))
			return true;
	return false;
}

static const char *from_terms(const struct register_term *t, const char *typed)
{
	for (; t->name; t++)
		if (same(typed, t->name) || same(typed, t->vi) || same(typed, t->en))
			return t->name;
	return NULL;
}

static const char *lookup(const char *key, const char *typed)
{
	const char *hit = NULL;

	for (size_t i = 0; i < sizeof(extra) / sizeof(extra[0]) && !hit; i++)
		if (strcmp(extra[i].key, key) == 0 &&
		    (same(typed, extra[i].value) || in_words(typed, extra[i].words)))
			hit = extra[i].value;
	if (!hit && strcmp(key, "status") == 0)
		for (int s = 0; s < CASE_N_STATUSES && !hit; s++)
			if (same(typed, case_status_label(s, "vi")) ||
			    same(typed, case_status_label(s, "en")))
				hit = case_status_name(s);
	if (!hit && strcmp(key, "channel") == 0)
		hit = from_terms(register_channels, typed);
	if (!hit && strcmp(key, "action") == 0)
		hit = from_terms(register_handlings, typed);
	if (!hit && strcmp(key, "ineligible") == 0)
		hit = from_terms(register_ineligible, typed);
	return hit;
}

const char *console_alias(const char *key, const char *value)
{
	char *typed;
	const char *hit;

	if (!key || !value)
		return NULL;
	typed = squash(value);
	hit = typed && typed[0] ? lookup(key, typed) : NULL;
	free(typed);
	return hit;
}

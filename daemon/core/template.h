/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Reply templates that always fit one SMS segment: text with {name}
 * placeholders, each with a maximum length; checked once at start-up,
 * rendered with values made safe (transliterated, one line, cut to size).
 */
#ifndef TIENGDAN_TEMPLATE_H
#define TIENGDAN_TEMPLATE_H

#include <stdbool.h>
#include <stddef.h>

/* One segment: 160 septets in the GSM 7-bit alphabet, 70 UTF-16 code
 * units in UCS-2. */
#define TEMPLATE_GSM_MAX 160
#define TEMPLATE_UCS2_MAX 70
/* Longest placeholder name. */
#define TEMPLATE_NAME_MAX 32

/*
 * A placeholder and the most characters its value may take once rendered:
 * septets in GSM mode (an extension character such as { } [ ] ~ ^ \ | €
 * counts 2), UTF-16 code units in UCS-2 mode (a character outside the BMP
 * counts 2).
 */
struct template_placeholder {
	const char *name; /* [a-z0-9_]+ */
	unsigned max;
};

/*
 * The placeholders of the default templates and their maxima:
 *   code 9 (PA4829138)          date 5 (dd/mm)        deadline 5 (dd/mm)
 *   days 3 (up to 999)          village 20            unit 24
 *   status 30 ("Da chuyen co quan co tham quyen", the longest label)
 *   households 4, total 4 (up to 9999 households)     percent 3 (0..100)
 *   opinions 3                  number 15 (the gateway's number as written
 *                               in the configuration: 0912345678, +84...)
 *   form 60 (a command's right form)                  example 40
 *   name 30 (a registered person)  notices 30 ("TB12 TB13 ...")
 *   poll 10 (a poll code)       count 5
 *   others 30 (notice codes not acknowledged)   choice 30 (a poll's choice)
 *   choices 60 ("1=Dong y 2=Khong dong y")
 *   modem 32 (a modem's id)     time 11 ("HH:MM dd/mm")
 *   amount 12, min 12 (a balance and its threshold, dong)   free 9 (MB)
 */
extern const struct template_placeholder template_placeholders_default[];
extern const size_t template_placeholders_default_count;

/* A value for a placeholder; value NULL renders as empty. */
struct template_value {
	const char *name;
	const char *value;
};

/* A named template, as in the configuration file. */
struct template_def {
	const char *name;
	const char *text;
};

/* The default replies of SMS-LANGUAGE.md sections 5 and 5a, Vietnamese
 * without diacritics; each passes template_check in GSM mode with the
 * default placeholders. */
extern const struct template_def template_defaults[];
extern const size_t template_defaults_count;

/* The default text of the template called name, or NULL. */
const char *template_default(const char *name);

/*
 * Checks a template at start-up. Syntax: "{name}" is a placeholder, "{{"
 * and "}}" are a literal brace; any other brace is unbalanced. Refuses an
 * empty text, invalid UTF-8, unbalanced braces, a placeholder not in
 * ph[0..n_ph), literal text outside the GSM 7-bit alphabet (unless ucs2),
 * and a template whose longest rendering (every placeholder at its maximum)
 * exceeds one segment. Returns 0, or -1 with a message naming the template
 * (name) and the fault, e.g. "template feedback: 172 septets with the
 * longest values, 12 over the 160 of one SMS", in err (errlen bytes; err
 * may be NULL).
 */
int template_check(const char *name, const char *text, const struct template_placeholder *ph,
		   size_t n_ph, bool ucs2, char *err, size_t errlen);

/*
 * Renders text with values[0..n_values) (looked up by name; a placeholder
 * without a value renders empty). Each value is NFC-normalised; in GSM mode
 * transliterated (gsm7_translit); control characters, line and paragraph
 * separators become spaces and invisible format characters are dropped;
 * then it is cut to its placeholder's maximum on a character boundary.
 * Values are never interpreted: braces or '%' in a value are plain text.
 * When the template passes template_check with the same ph and ucs2, the
 * result always fits one segment. Returns a new string the caller frees,
 * or NULL if the template does not pass template_check or out of memory.
 */
char *template_render(const char *text, const struct template_placeholder *ph, size_t n_ph,
		      const struct template_value *values, size_t n_values, bool ucs2);

#endif

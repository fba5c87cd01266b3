/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * roff escaping for the generated manual pages (tiengdand --man,
 * tiengdan --man).
 */
#include "util/roff.h"

void roff_put(FILE *out, const char *text, int dashes)
{
	int bol = 1;

	for (const char *p = text; *p; p++) {
		if (bol && (*p == '.' || *p == '\''))
			fputs("\\&", out);
		bol = *p == '\n';
		if (*p == '\\')
			fputs("\\e", out);
		else if (*p == '-' && dashes)
			fputs("\\-", out);
		else
			fputc(*p, out);
	}
}

void roff_line(FILE *out, const char *text, int dashes)
{
	roff_put(out, text, dashes);
	fputc('\n', out);
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Writing manual pages: text escaped for roff (man macros), so the pages
 * generated from the daemon's and the console's tables render as written.
 */
#ifndef TIENGDAN_ROFF_H
#define TIENGDAN_ROFF_H

#include <stdio.h>

/* Writes TEXT escaped for roff: backslashes doubled as \e, a '.' or '\''
 * at the start of a line guarded with \&. When DASHES is set every '-'
 * becomes \- (options and command lines, where a minus must stay a minus). */
void roff_put(FILE *out, const char *text, int dashes);

/* The same followed by a newline: one roff text line. */
void roff_line(FILE *out, const char *text, int dashes);

#endif

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The manual page tiengdan.conf(5), generated from the table of keys the
 * loader validates against (conf_keys.c), so the two cannot drift apart.
 */
#ifndef TIENGDAN_CONF_MAN_H
#define TIENGDAN_CONF_MAN_H

#include <stdio.h>

/* Writes tiengdan.conf(5) in roff (man macros) to OUT: every key of every
 * scope with its type, what it accepts, its default and its description.
 * VERSION goes into the page's header. */
void conf_print_man(FILE *out, const char *version);

#endif

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The manual page tiengdan(1), generated from the console's table of
 * commands (tiengdan --man), in the console's language.
 */
#ifndef TIENGDAN_CONSOLE_MAN_H
#define TIENGDAN_CONSOLE_MAN_H

#include <stdio.h>

#include "console.h"

/* Writes tiengdan(1) in roff to OUT: the global options, then every
 * command of every table with its arguments, options and help, in
 * con->lang ("vi" or "en"). */
void console_print_man(const struct console *con, FILE *out);

#endif

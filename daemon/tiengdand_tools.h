/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * tiengdand's one-shot modes run by the console: --restore and --probe
 * (daemon/tiengdand_tools.c).
 */
#ifndef TIENGDAN_TIENGDAND_TOOLS_H
#define TIENGDAN_TIENGDAND_TOOLS_H

#include <stdbool.h>

/* True when argv asks for one of the modes. */
bool tools_wanted(int argc, char **argv);

/* Runs the mode argv asks for, printing one JSON line; returns the exit
 * status (0: ok, 1: the answer is an error). */
int tools_main(int argc, char **argv, const char *default_conf);

#endif

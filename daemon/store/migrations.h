/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The schema migrations, embedded at build time from schema/NNN_*.sql.
 */
#ifndef TIENGDAN_MIGRATIONS_H
#define TIENGDAN_MIGRATIONS_H

#include <stddef.h>

struct migration {
	int version;	  /* NNN of the file name; applied in order */
	const char *name; /* file name */
	const char *sql;
};

extern const struct migration migrations[];
extern const size_t migrations_count;

#endif

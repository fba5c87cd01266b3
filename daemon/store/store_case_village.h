/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A case's village as staff set or correct it (`cases village CODE
 * VILLAGE`): the village named by its code or as people write its name.
 */
#ifndef TIENGDAN_STORE_CASE_VILLAGE_H
#define TIENGDAN_STORE_CASE_VILLAGE_H

#include "store/store_casework.h"

/* Sets the village of c to village (a code, or a name as people write it:
 * "thon Pul", "Da KNang") among the villages in force today, within scope;
 * village_source becomes 'staff' and a note event records the change.
 * Writes the code into code_out (UNIT_CODE_MAX). 0, or -1 with e
 * (M_UNKNOWN_UNIT, M_OUT_OF_SCOPE). */
int store_case_set_village(struct store *st, const struct case_info *c, const char *village,
			   const char *actor, const struct unit_scope *scope, char *code_out,
			   struct tderr *e);

#endif

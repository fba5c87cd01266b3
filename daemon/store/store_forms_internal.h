/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The statements of the forms (store_forms.c), for the test that checks
 * their query plans use indexes. ?1 unit, ?2 first day, ?3 last day.
 */
#ifndef TIENGDAN_STORE_FORMS_INTERNAL_H
#define TIENGDAN_STORE_FORMS_INTERNAL_H

extern const char store_forms_don_sql[];
extern const char store_forms_visit_sql[];

#endif

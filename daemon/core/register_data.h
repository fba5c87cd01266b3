/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The closed vocabularies of the commune's register, defined once: the
 * channels a đơn arrives by, the reasons the law gives for a đơn not to be
 * handled, the handling actions for a đơn outside the commune's
 * competence, and the kinds of reception. Names, Vietnamese and English
 * labels. Pure: no I/O.
 */
#ifndef TIENGDAN_REGISTER_DATA_H
#define TIENGDAN_REGISTER_DATA_H

#include <stddef.h>

/* One value of a vocabulary. */
struct register_term {
	const char *name; /* what the protocol and the database say */
	const char *vi;	  /* for staff, with diacritics */
	const char *en;
	const char *basis; /* the article, or NULL */
};

/* Each list ends with a NULL name. */
extern const struct register_term register_channels[];	      /* sms, walkin, letter, ... */
extern const struct register_term register_ineligible[];      /* anonymous, no_content, ... */
extern const struct register_term register_handlings[];	      /* guide, transfer, urge */
extern const struct register_term register_reception_kinds[]; /* regular, head */

/* The term of list named name, or NULL. */
const struct register_term *register_term_find(const struct register_term *list, const char *name);

/* The names of list joined by ", " into buf (len bytes); returns buf. */
char *register_term_names(const struct register_term *list, char *buf, size_t len);

/* The label of name in list for lang ("vi"/"en"), or name itself. */
const char *register_term_label(const struct register_term *list, const char *name,
				const char *lang);

#endif
